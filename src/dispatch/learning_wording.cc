// The wording half of the learning loop: order type (咨询/求助/投诉/举报/建议/表扬) and urgency
// (一般/加急/紧急) learned from how the centre registered its orders, on top of the wording rules
// (rules.*; combined by DecideOrderType / DecideUrgency in dispatcher.cc).
#include <algorithm>
#include <map>
#include <string>

#include "dispatch/dispatch_util.h"
#include "dispatch/learning.h"

namespace minsheng {
namespace {

bool IsWordingUrgency(const std::string& u) {
  return u == "normal" || u == "urgent" || u == "emergency";
}

// Accuracy of rules alone and of rules + `model` on `data` for one attribute.
void Score(const std::string& attribute, const std::vector<LabeledText>& data,
           const TextModel* model, const ZoneConfig& config, double* rules, double* learned) {
  size_t r = 0, l = 0;
  for (const LabeledText& row : data) {
    if (attribute == kTypeModelDir) {
      r += DecideOrderType(row.title, row.text, nullptr, config).type == row.label;
      l += DecideOrderType(row.title, row.text, model, config).type == row.label;
    } else {
      r += DecideUrgency(row.title, row.text, nullptr, config).urgency == row.label;
      l += DecideUrgency(row.title, row.text, model, config).urgency == row.label;
    }
  }
  const double n = data.empty() ? 1.0 : static_cast<double>(data.size());
  *rules = static_cast<double>(r) / n;
  *learned = static_cast<double>(l) / n;
}

// Saves the current model of `attribute` into the new directory (it stays in use).
Status KeepCurrent(const TextModel& current, const std::string& attribute,
                   const std::string& model_dir, RetrainResult::Wording* w) {
  MS_RETURN_IF_ERROR(current.Save(model_dir + "/" + attribute));
  w->kept_current = true;
  return Status::Ok();
}

Result<RetrainResult::Wording> TrainOne(const std::string& attribute, const char* what,
                                        const std::vector<TrainingExample>& all,
                                        const ZoneConfig& config, const RetrainOptions& options,
                                        const std::string& model_dir, const TextModel* current) {
  RetrainResult::Wording w;
  w.attribute = attribute;
  size_t labels = 0;
  const std::vector<TrainingExample> examples = RowsOfLearnableLabels(
      all, kMinWordingPerLabel, [](const TrainingExample& e) { return e.text.label; }, &labels);
  w.examples = examples.size();
  w.labels = labels;
  if (labels < 2 || examples.size() < static_cast<size_t>(std::max(1, options.min_examples))) {
    w.note = std::string(what) + "模型未训练(每类至少 " + std::to_string(kMinWordingPerLabel) +
             " 件的类别只有 " + std::to_string(labels) + " 个、样本 " +
             std::to_string(examples.size()) + " 条),";
    if (current == nullptr) {
      w.note += "继续只用规则";
      return w;
    }
    MS_RETURN_IF_ERROR(KeepCurrent(*current, attribute, model_dir, &w));
    w.note += "沿用当前模型 " + current->version();
    return w;
  }
  std::vector<LabeledText> train, holdout;
  SplitHoldout(examples, options.holdout_fraction, &train, &holdout, 1);
  w.holdout = holdout.size();
  auto trained = TrainTextModel(train, options.train, nullptr);
  if (!trained.ok()) return trained.status();
  Score(attribute, holdout, trained->get(), config, &w.rules_accuracy, &w.learned_accuracy);
  std::string figures = "留出集 " + std::to_string(holdout.size()) + " 条上规则 " +
                        Fixed(w.rules_accuracy, 4) + ",规则+新模型 " + Fixed(w.learned_accuracy, 4);
  if (current != nullptr) {
    double rules_again = 0;
    Score(attribute, holdout, current, config, &rules_again, &w.current_accuracy);
    figures += ",规则+当前模型 " + Fixed(w.current_accuracy, 4);
  }
  const double to_beat = std::max(w.rules_accuracy, w.current_accuracy);
  if (w.learned_accuracy <= to_beat) {
    if (current != nullptr && w.current_accuracy > w.rules_accuracy) {
      MS_RETURN_IF_ERROR(KeepCurrent(*current, attribute, model_dir, &w));
      w.note = std::string(what) + "新模型不优于当前模型(" + figures + "),沿用当前模型 " +
               current->version();
    } else {
      w.note = std::string(what) + "模型不优于规则(" + figures + "),只用规则";
    }
    return w;
  }
  MS_RETURN_IF_ERROR((*trained)->Save(model_dir + "/" + attribute));
  w.installed = true;
  w.note = std::string(what) + "模型已启用(" + figures + ")";
  return w;
}

}  // namespace

void AddWordingExamples(const std::vector<OrderWording>& wording, ExampleSet* set) {
  uint64_t h = set->fingerprint;
  for (const OrderWording& o : wording) {
    if (o.title.empty() && o.content.empty()) continue;
    if (!o.type.empty()) {
      TrainingExample ex;
      ex.order_id = o.order_id;
      ex.text = LabeledText{o.title, o.content, o.type};
      set->type_examples.push_back(std::move(ex));
    }
    if (IsWordingUrgency(o.urgency)) {
      TrainingExample ex;
      ex.order_id = o.order_id;
      ex.text = LabeledText{o.title, o.content, o.urgency};
      set->urgency_examples.push_back(std::move(ex));
    }
    h = Fnv(h, std::to_string(o.order_id));
    h = Fnv(h, o.type);
    h = Fnv(h, o.urgency);
  }
  set->fingerprint = h;
}

Result<std::vector<RetrainResult::Wording>> TrainWordingModels(
    const ExampleSet& set, const ZoneConfig& config, const RetrainOptions& options,
    const std::string& model_dir, const TextModel* current_type, const TextModel* current_urgency) {
  std::vector<RetrainResult::Wording> out;
  auto type = TrainOne(kTypeModelDir, "诉求类型", set.type_examples, config, options, model_dir,
                       current_type);
  if (!type.ok()) return type.status();
  out.push_back(std::move(type).value());
  auto urgency = TrainOne(kUrgencyModelDir, "紧急程度", set.urgency_examples, config, options,
                          model_dir, current_urgency);
  if (!urgency.ok()) return urgency.status();
  out.push_back(std::move(urgency).value());
  if (options.progress) {
    for (const auto& w : out) options.progress(w.note);
  }
  return out;
}

}  // namespace minsheng
