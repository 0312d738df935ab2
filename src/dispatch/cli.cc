#include "dispatch/cli.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "dispatch/dispatch_util.h"
#include "dispatch/dispatcher.h"
#include "dispatch/knn_index.h"

namespace minsheng {
namespace {

// Pads a UTF-8 string to `width` display columns (CJK counts as two).
std::string Pad(const std::string& s, int width) {
  int cols = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    cols += len >= 3 ? 2 : 1;
    i += len;
  }
  std::string out = s;
  for (; cols < width; ++cols) out.push_back(' ');
  return out;
}

uintmax_t DirBytes(const std::string& dir) {
  uintmax_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

}  // namespace

bool ParseHeads(const std::string& spec, std::vector<HeadOptions>* heads) {
  heads->clear();
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    HeadOptions h;
    char sep1 = 0, sep2 = 0;
    std::stringstream is(item);
    if (!(is >> h.solver >> sep1 >> h.c) || sep1 != ':') return false;
    if (is >> sep2) {
      if (sep2 != ':' || !(is >> h.weight)) return false;
    }
    heads->push_back(h);
  }
  return !heads->empty();
}

int RunDispatchTrain(const DispatchTrainArgs& args, std::ostream& out, std::ostream& err) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<LabeledText> data;
  size_t bad_total = 0;
  for (const auto& path : args.data) {
    std::vector<std::string> bad;
    auto rows = ReadLabeledJsonl(path, &bad);
    if (!rows.ok()) {
      err << "错误: " << rows.status().message() << ": " << path << "\n";
      return 2;
    }
    for (const auto& b : bad) err << "跳过 " << path << " " << b << "\n";
    bad_total += bad.size();
    err << "读取 " << path << ": " << rows->size() << " 条有效, " << bad.size() << " 条跳过\n";
    for (auto& r : *rows) data.push_back(std::move(r));
  }
  if (data.empty()) {
    err << "错误: 没有可用的训练数据\n";
    return 2;
  }
  auto model = TrainTextModel(data, args.options, [&](const std::string& s) { err << s << "\n"; });
  if (!model.ok()) {
    err << "错误: " << model.status().message() << "\n";
    return 1;
  }
  if (Status s = (*model)->Save(args.out); !s.ok()) {
    err << "错误: " << s.message() << " (" << s.detail() << ")\n";
    return 1;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  nlohmann::json summary;
  summary["model_dir"] = args.out;
  summary["model_version"] = (*model)->version();
  summary["n"] = data.size();
  summary["skipped_lines"] = bad_total;
  summary["labels"] = (*model)->labels();
  summary["num_features"] = (*model)->num_features();
  summary["model_bytes"] = DirBytes(args.out);
  summary["train_seconds"] = secs;
  out << "训练完成: " << data.size() << " 条, " << (*model)->labels().size() << " 个类别, "
      << (*model)->num_features() << " 个特征, 用时 " << Fixed(secs, 2) << " 秒, 模型 "
      << Fixed(DirBytes(args.out) / 1048576.0, 1) << " MB → " << args.out << "\n";
  out << summary.dump() << "\n";
  return 0;
}

int RunDispatchEval(const DispatchEvalArgs& args, std::ostream& out, std::ostream& err) {
  auto model = TextModel::Load(args.model);
  if (!model.ok()) {
    err << "错误: " << model.status().message() << " (" << model.status().detail() << ")\n";
    return 2;
  }
  std::vector<std::string> bad;
  auto data = ReadLabeledJsonl(args.data, &bad);
  if (!data.ok()) {
    err << "错误: " << data.status().message() << ": " << args.data << "\n";
    return 2;
  }
  for (const auto& b : bad) err << "跳过 " << args.data << " " << b << "\n";
  if (data->empty()) {
    err << "错误: 没有可用的评估数据\n";
    return 2;
  }
  std::vector<Prediction> preds;
  EvalReport r = EvaluateModel(**model, *data, &preds);
  if (!args.predictions.empty()) {
    std::ofstream pf(args.predictions, std::ios::trunc);
    for (size_t i = 0; i < preds.size() && pf; ++i) {
      nlohmann::json p;
      p["i"] = i;
      p["label"] = (*data)[i].label;
      p["predicted"] = preds[i].ranked.empty() ? "" : preds[i].ranked[0].first;
      nlohmann::json scores = nlohmann::json::object();
      for (const auto& [label, score] : preds[i].ranked) scores[label] = score;
      p["scores"] = std::move(scores);
      p["title"] = (*data)[i].title;
      pf << p.dump() << "\n";
    }
    if (!pf) {
      err << "错误: 无法写入预测结果文件: " << args.predictions << "\n";
      return 2;
    }
  }
  out << Pad("类别 (label)", 20) << "  precision  recall     f1         support\n";
  for (const auto& c : r.classes) {
    out << Pad(c.label, 20) << "  " << Fixed(c.precision, 4) << "     " << Fixed(c.recall, 4)
        << "     " << Fixed(c.f1, 4) << "     " << c.support << "\n";
  }
  // Where the errors go: the most frequent (true → predicted) pairs.
  constexpr size_t kTopConfusions = 10;
  std::map<std::pair<std::string, std::string>, size_t> confused;
  for (size_t i = 0; i < preds.size(); ++i) {
    const std::string& truth = (*data)[i].label;
    const std::string guess = preds[i].ranked.empty() ? "" : preds[i].ranked[0].first;
    if (guess != truth) ++confused[{truth, guess}];
  }
  std::vector<std::pair<size_t, std::pair<std::string, std::string>>> pairs;
  for (const auto& [pair, count] : confused) pairs.emplace_back(count, pair);
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (pairs.empty()) {
    out << "没有分错的样本\n";
  } else {
    out << "最常混淆 (真实 → 预测, 条数):\n";
    for (size_t k = 0; k < pairs.size() && k < kTopConfusions; ++k) {
      out << "  " << pairs[k].second.first << " → " << pairs[k].second.second << "  "
          << pairs[k].first << "\n";
    }
  }
  out << "概率校准 (最高类别的置信度分箱: 条数 / 平均置信度 / 实际准确率):\n";
  for (const auto& bin : r.calibration) {
    if (bin.n == 0) continue;
    out << "  (" << Fixed(bin.low, 1) << ", " << Fixed(bin.high, 1) << "]  " << bin.n << " / "
        << Fixed(bin.confidence, 4) << " / " << Fixed(bin.accuracy, 4) << "\n";
  }
  nlohmann::json j;
  j["n"] = r.n;
  j["accuracy"] = r.accuracy;
  j["macro_f1"] = r.macro_f1;
  j["top3_accuracy"] = r.top3_accuracy;
  j["log_loss"] = r.log_loss;
  j["brier"] = r.brier;
  j["ece"] = r.ece;
  j["us_per_message"] = r.us_per_message;
  j["wall_us_per_message"] = r.wall_us_per_message;
  j["us_per_message_min"] = r.us_per_message_min;
  j["us_per_message_max"] = r.us_per_message_max;
  j["timing_passes"] = r.timing_passes;
  j["neighbour_votes"] = r.neighbour_votes;
  j["unknown_labels"] = r.unknown_labels;
  j["skipped_lines"] = bad.size();
  j["model_version"] = (*model)->version();
  out << j.dump() << "\n";
  return 0;
}

int RunDispatchSuggest(const DispatchSuggestArgs& args, const ZoneLoader& load_zone,
                       std::ostream& out, std::ostream& err) {
  std::shared_ptr<const TextModel> model;
  if (!args.model.empty()) {
    auto loaded = TextModel::Load(args.model);
    if (!loaded.ok()) {
      err << "错误: " << loaded.status().message() << " (" << loaded.status().detail() << ")\n";
      return 2;
    }
    model = std::move(loaded).value();
  }
  ZoneConfig zone;  // without a configuration: no region or unit routing
  if (!load_zone && !args.config.empty()) {
    err << "错误: 此程序不能读取区域配置 (请使用 minsheng dispatch suggest --config)\n";
    return 2;
  }
  if (load_zone) {
    auto loaded = load_zone(args.config);
    if (!loaded.ok()) {
      err << "错误: " << loaded.status().ToString() << "\n";
      return 2;
    }
    zone = std::move(loaded).value();
  }
  zone.BuildIndex();
  Dispatcher dispatcher(zone, model);
  SuggestRequest req{args.title, args.text, args.address, args.phone};
  auto s = dispatcher.Suggest(req);
  if (!s.ok()) {
    err << "错误: " << s.status().message() << "\n";
    return 2;
  }
  out << nlohmann::json::parse(s->json).dump(2) << "\n";
  return 0;
}

void RegisterDispatchCommands(CLI::App& app, ZoneLoader load_zone) {
  auto* dispatch = app.add_subcommand("dispatch", "智能派单引擎:训练、评估 (smart dispatch)");
  dispatch->require_subcommand(1);

  auto train_args = std::make_shared<DispatchTrainArgs>();
  auto heads_spec = std::make_shared<std::string>();
  auto* train =
      dispatch->add_subcommand("train", "从标注数据训练分类模型 (train a category model)");
  train->add_option("--data", train_args->data, "JSONL 训练数据 (title, text, label),可重复")
      ->required();
  train->add_option("--out", train_args->out, "模型输出目录")->required();
  FeatureConfig& fc = train_args->options.features;
  train->add_option("--heads", *heads_spec,
                    "线性模型列表 solver:C[:weight],逗号分隔 (liblinear solver 编号)");
  train->add_option("--title-weight", fc.title_weight, "标题字 n-gram 块权重");
  train->add_option("--word-weight", fc.word_weight, "ICU 词块权重");
  train->add_option("--doc-weight", fc.doc_weight, "全文字 n-gram 块权重");
  train->add_option("--max-n", fc.char_max_n, "全文字 n-gram 最大长度 (默认 2)")
      ->check(CLI::Range(1, 5));
  train
      ->add_option("--title-max-n", fc.title_max_n,
                   "标题块字 n-gram 最大长度 (默认 3, 0 = 同 --max-n)")
      ->check(CLI::Range(0, 5));
  train->add_option("--min-df", fc.min_df, "最小文档频率")->check(CLI::Range(1, 1000));
  train->add_option("--max-body", fc.max_body_chars, "正文最多使用的字符数 (0 = 全部)");
  train->add_option("--word-max", fc.word_max_chars, "分词最多处理的字符数 (0 = 全部)");
  train->add_flag("--no-words{false},--words{true}", fc.words, "是否使用分词特征");
  train->add_flag("--title-words", fc.title_words, "标题词单独成块");
  train->add_flag("--select-blend{true},--no-select-blend{false}", train_args->options.select_blend,
                  "两个线性模型时: 在留出集上选择第二个模型的权重并合并为一个 (默认开)");
  train->add_flag("--sublinear-tf{true},--no-sublinear-tf{false}", fc.sublinear_tf,
                  "词频取 1 + log(tf) (默认开)");
  train->add_flag("--icu-words{false}", fc.lexicon, "预测时直接用 ICU 分词 (慢), 不用词典最大匹配");
  train
      ->add_option("--neighbour-share", train_args->options.neighbour_share,
                   "近邻投票份额: 0–1 = 固定份额 (默认 0.35), 0 = 不用, -1 = 按折外结果选择")
      ->check(CLI::Range(-1.0, 1.0));
  train
      ->add_option("--neighbour-max", train_args->options.neighbour_max_messages,
                   "近邻索引最多收入的训练留言条数, 取数据中最后的若干条 (默认 20000, 0 = 不限)")
      ->check(CLI::Range(size_t{0}, KnnIndex::kMaxDocs));
  train
      ->add_option("--neighbour-gate", train_args->options.neighbour_gate,
                   "线性模型最高概率低于此值时才问近邻 (默认 0.7, 1.01 = 总是问)")
      ->check(CLI::Range(0.0, kMaxNeighbourGate));
  train->add_option("--class-weight-power", train_args->options.class_weight_power,
                    "类别权重 (n/(k·n_c))^p, 0 = 不加权, 1 = 均衡");
  train->add_option("--holdout", train_args->options.holdout_fraction, "校准用留出比例");
  train->add_option("--max-features", train_args->options.max_features,
                    "特征数上限, 超过时提高最小文档频率 (默认 500000, 0 = 不限)");
  train->add_option(
      "--fold-max", train_args->options.fold_max_messages,
      "训练留言多于此数时, 融合份额与温度用一个留出集选择而不是分折 (默认 20000, 0 = 总分折)");
  train->add_option("--threads", train_args->options.threads, "训练线程数");
  train->callback([train_args, heads_spec] {
    if (!heads_spec->empty() && !ParseHeads(*heads_spec, &train_args->options.heads)) {
      throw CLI::ValidationError("--heads", "格式应为 solver:C[:weight],...");
    }
    int rc = RunDispatchTrain(*train_args, std::cout, std::cerr);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto suggest_args = std::make_shared<DispatchSuggestArgs>();
  auto* suggest = dispatch->add_subcommand(
      "suggest", "对一条诉求给出派单建议 (类别、类型、紧急程度、要素、区域、主办/协办单位及理由)");
  suggest->add_option("--model", suggest_args->model, "模型目录 (不给则只用规则和关键词)");
  suggest->add_option("--title", suggest_args->title, "标题");
  suggest->add_option("--text", suggest_args->text, "内容");
  suggest->add_option("--address", suggest_args->address, "地址");
  suggest->add_option("--phone", suggest_args->phone, "来电号码");
  if (load_zone) {
    suggest->add_option(
        "--config", suggest_args->config,
        "区域配置目录 (地名库、类别、路由); 默认 $MINSHENG_CONFIG_DIR 或 config/default");
  }
  suggest->callback([suggest_args, load_zone] {
    int rc = RunDispatchSuggest(*suggest_args, load_zone, std::cout, std::cerr);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });

  auto eval_args = std::make_shared<DispatchEvalArgs>();
  auto* eval = dispatch->add_subcommand("eval", "在标注数据上评估模型 (evaluate a model)");
  eval->add_option("--model", eval_args->model, "模型目录")->required();
  eval->add_option("--data", eval_args->data, "JSONL 评估数据")->required();
  eval->add_option("--predictions", eval_args->predictions,
                   "逐条预测结果写入此 JSONL 文件 (便于分析错分)");
  eval->callback([eval_args] {
    int rc = RunDispatchEval(*eval_args, std::cout, std::cerr);
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace minsheng
