#include "dispatch/dispatcher.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "dispatch/dispatch_util.h"
#include "dispatch/rules.h"
#include "dispatch/text_normalizer.h"

namespace minsheng {
namespace {

using nlohmann::json;

// Splits a category name such as "占道经营与流动摊贩" into its parts.
std::vector<std::string> NameParts(const std::string& name) {
  std::vector<std::string> parts;
  std::u32string s = DecodeUtf8(name);
  std::u32string cur;
  auto flush = [&] {
    if (cur.size() >= 2) parts.push_back(EncodeUtf8(cur));
    cur.clear();
  };
  for (char32_t c : s) {
    if (c == U'与' || c == U'和' || c == U'、' || c == U'及' || c == U'/' || c == U'(' ||
        c == U')' || c == U'(' || c == U')' || c == U',' || c == U',') {
      flush();
    } else {
      cur.push_back(c);
    }
  }
  flush();
  return parts;
}

const char* RouteName(RouteMode m) {
  switch (m) {
    case RouteMode::kIndustry:
      return "industry";
    case RouteMode::kTerritorial:
      return "territorial";
    case RouteMode::kDual:
      return "dual";
    case RouteMode::kNone:
      return "none";
  }
  return "none";
}

// FindCategory plus bare level-2 names ("占道经营与流动摊贩").
const Category* FindCat(const ZoneConfig& config, std::string_view code_or_name) {
  if (code_or_name.empty()) return nullptr;
  if (const Category* c = config.FindCategory(code_or_name)) return c;
  for (const Category& c : config.categories) {
    if (c.name == code_or_name) return &c;
  }
  return nullptr;
}

// "城市管理/路灯与井盖" for a second-level category, the name alone for a first-level one.
std::string CategoryPath(const ZoneConfig& config, const Category& c) {
  const Category* parent = c.level == 2 ? config.FindCategory(c.parent) : nullptr;
  return parent ? parent->name + "/" + c.name : c.name;
}

std::string NameOf(const std::vector<NamedId>& names, const std::string& id) {
  for (const NamedId& n : names) {
    if (n.id == id) return n.name;
  }
  return id;
}

int UrgencyRank(std::string_view u) {
  if (u == "emergency") return 2;
  if (u == "urgent") return 1;
  if (u == "normal") return 0;
  return -1;  // not a wording urgency (e.g. 疑难): never proposed
}

std::string Probability(double p) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", p);
  return buf;
}

}  // namespace

TypeGuess DecideOrderType(std::string_view raw_title, std::string_view raw_content,
                          const TextModel* learned, const ZoneConfig& config) {
  const TextNormalizer& norm = TextNormalizer::Default();
  return DecideOrderType(GuessOrderType(norm.Normalize(raw_title), norm.Normalize(raw_content)),
                         raw_title, raw_content, learned, config);
}

TypeGuess DecideOrderType(TypeGuess rules, std::string_view raw_title, std::string_view raw_content,
                          const TextModel* learned, const ZoneConfig& config,
                          std::string_view learned_from) {
  if (learned == nullptr || rules.strength >= 2) return rules;
  const Prediction p = learned->Predict(raw_title, raw_content);
  if (p.ranked.empty()) return rules;
  const auto& [label, prob] = p.ranked[0];
  if (prob < kLearnedWordingMin && rules.strength > 0) return rules;
  if (rules.ironic && label == "praise") return rules;
  if (label == rules.type) {
    rules.reason += ";" + std::string(learned_from) + "亦为 " + NameOf(config.order_types, label) +
                    " (概率 " + Probability(prob) + ")";
    return rules;
  }
  return {label,
          std::string(learned_from) + " → " + NameOf(config.order_types, label) + " (概率 " +
              Probability(prob) + ";规则:" + rules.reason + ")",
          rules.strength};
}

UrgencyGuess DecideUrgency(std::string_view raw_title, std::string_view raw_content,
                           const TextModel* learned, const ZoneConfig& config) {
  const TextNormalizer& norm = TextNormalizer::Default();
  return DecideUrgency(GuessUrgency(norm.Normalize(raw_title), norm.Normalize(raw_content)),
                       raw_title, raw_content, learned, config);
}

UrgencyGuess DecideUrgency(UrgencyGuess rules, std::string_view raw_title,
                           std::string_view raw_content, const TextModel* learned,
                           const ZoneConfig& config) {
  if (learned == nullptr) return rules;
  const Prediction p = learned->Predict(raw_title, raw_content);
  if (p.ranked.empty()) return rules;
  const auto& [label, prob] = p.ranked[0];
  if (prob < kLearnedWordingMin || UrgencyRank(label) <= UrgencyRank(rules.urgency)) return rules;
  return {label, "历史工单学习 → " + NameOf(config.urgencies, label) + " (概率 " +
                     Probability(prob) + ";规则:" + rules.reason + ")"};
}

Status Dispatcher::ReloadModel(const std::string& dir) {
  auto category = TextModel::Load(dir);
  if (!category.ok()) return category.status();
  std::shared_ptr<const TextModel> wording[2];
  const char* subdirs[2] = {kTypeModelDir, kUrgencyModelDir};
  for (int i = 0; i < 2; ++i) {
    const std::string sub = dir + "/" + subdirs[i];
    std::error_code ec;
    if (!std::filesystem::is_directory(sub, ec)) continue;  // none learned: rules only
    auto m = TextModel::Load(sub);
    if (!m.ok()) return m.status();
    wording[i] = std::move(m).value();
  }
  holder_.Swap(std::move(category).value());
  type_holder_.Swap(wording[0] != nullptr ? std::move(wording[0]) : seed_type_model_);
  urgency_holder_.Swap(std::move(wording[1]));
  return Status::Ok();
}

namespace {

// A model of the zone's seed appeals for one label (`label_of`: the order type, the category);
// null when fewer than two labels have `min_per_label` examples. Trained once per process for the
// same appeals and labels: a server, a test or a fuzzer builds several dispatchers from one zone.
template <class LabelOf>
std::shared_ptr<const TextModel> TrainSeedModel(const std::vector<SeedAppeal>& seeds,
                                                std::string_view which, size_t min_per_label,
                                                const TrainOptions& options, LabelOf label_of) {
  std::vector<LabeledText> rows;
  uint64_t key = Fnv(0xcbf29ce484222325ULL, which);
  for (const SeedAppeal& a : seeds) {
    const std::string& label = label_of(a);
    if (label.empty()) continue;
    key = Fnv(Fnv(Fnv(key, label), a.title), a.content);
    rows.push_back({a.title, a.content, label});
  }
  if (rows.empty()) return nullptr;
  static std::mutex mu;
  static std::map<uint64_t, std::shared_ptr<const TextModel>> trained;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = trained.find(key); it != trained.end()) return it->second;
  if (trained.size() >= 8) trained.clear();
  size_t labels = 0;
  rows = RowsOfLearnableLabels(
      rows, min_per_label, [](const LabeledText& r) { return r.label; }, &labels);
  std::shared_ptr<const TextModel> model;
  if (labels >= 2) {
    if (auto m = TrainTextModel(rows, options); m.ok()) model = std::move(m).value();
  }
  trained[key] = model;
  return model;
}

}  // namespace

Dispatcher::Dispatcher(const ZoneConfig& config, std::shared_ptr<const TextModel> model)
    : config_(config), gazetteer_(config_), known_names_(config_) {
  config_.BuildIndex();
  holder_.Swap(std::move(model));
  seed_type_model_ =
      TrainSeedModel(config_.seed_appeals, "type", kMinWordingPerLabel, TrainOptions{},
                     [](const SeedAppeal& a) -> const std::string& { return a.type; });
  // Categories: every one the appeals name (95 in the default zone, 1–41 appeals each), the SVM
  // alone: the out-of-fold blend with NB costs ~1 s more at every start and gains nothing
  // measurable here (held-out intake probes: category 0.902 either way).
  TrainOptions svm_only;
  svm_only.heads = {HeadOptions{}};
  seed_category_model_ =
      TrainSeedModel(config_.seed_appeals, "category", 1, svm_only,
                     [](const SeedAppeal& a) -> const std::string& { return a.category; });
  type_holder_.Swap(seed_type_model_);
  const TextNormalizer& norm = TextNormalizer::Default();
  for (size_t i = 0; i < config_.categories.size(); ++i) {
    const Category& c = config_.categories[i];
    for (const auto& p : NameParts(c.name)) AddKeyword(norm.Normalize(p), i);
    for (const auto& k : c.keywords) AddKeyword(norm.Normalize(k), i);
    for (const auto& k : c.not_keywords) AddKeyword(norm.Normalize(k), i, true);
  }
  for (const OrgUnit& u : config_.units) {
    if (!u.dispatchable) continue;
    std::vector<std::string> names = u.aliases;
    names.push_back(u.name);
    if (!u.short_name.empty()) names.push_back(u.short_name);
    for (const std::string& n : names) {
      const std::string key = norm.Normalize(n);
      if (key.empty()) continue;
      const uint32_t phrase = unit_names_.Add(key);
      if (phrase >= unit_of_name_.size()) unit_of_name_.resize(phrase + 1);
      unit_of_name_[phrase] = u.id;
    }
  }
}

void Dispatcher::AddKeyword(const std::string& word, size_t category, bool blocker) {
  if (word.empty()) return;
  const uint32_t phrase = keyword_set_.Add(word);
  if (phrase >= entries_of_phrase_.size()) entries_of_phrase_.resize(phrase + 1);
  entries_of_phrase_[phrase].push_back(static_cast<uint32_t>(keywords_.size()));
  keywords_.push_back({phrase, category, blocker});
  longest_keyword_ = std::max(longest_keyword_, word.size());
}

std::vector<uint8_t> Dispatcher::FindKeywords(std::string_view text) const {
  std::vector<PhraseSet::Match> m;
  keyword_set_.FindAll(text, &m);
  std::vector<uint8_t> found(keywords_.size(), 0);
  // Whether occurrence `b` is a longer keyword of category `cat` around occurrence `a`.
  auto covers = [&](const PhraseSet::Match& b, const PhraseSet::Match& a, size_t cat) {
    if (b.begin > a.begin || b.end < a.end || b.end - b.begin <= a.end - a.begin) return false;
    for (uint32_t e : entries_of_phrase_[b.phrase]) {
      if (keywords_[e].category == cat) return true;
    }
    return false;
  };
  for (size_t a = 0; a < m.size(); ++a) {
    for (uint32_t e : entries_of_phrase_[m[a].phrase]) {
      if (found[e] || keywords_[e].blocker) continue;
      const size_t cat = keywords_[e].category;
      bool inside = false;
      // Matches are in order of `begin`: a cover starts at most `longest_keyword_` bytes before.
      for (size_t b = a; b-- > 0 && m[a].begin - m[b].begin < longest_keyword_ && !inside;) {
        inside = covers(m[b], m[a], cat);
      }
      for (size_t b = a + 1; b < m.size() && m[b].begin == m[a].begin && !inside; ++b) {
        inside = covers(m[b], m[a], cat);
      }
      if (!inside) found[e] = 1;
    }
  }
  return found;
}

std::string Dispatcher::NamedUnit(std::string_view title, std::string_view content,
                                  const RegionMatch& region, std::string* name) const {
  // The longest name in the title, else in the content ("表扬城管的李队员" → 城管局); the street
  // of the place named is passed over when another unit is named too ("良田街道西刘村…供电公司
  // 的师傅").
  std::string named, fallback, fallback_name;
  name->clear();
  for (std::string_view text : {title, content}) {
    std::vector<uint8_t> found;
    unit_names_.Scan(text, &found);
    for (uint32_t i = 0; i < found.size(); ++i) {
      if (!found[i]) continue;
      const std::string& n = unit_names_.phrase(i);
      const bool place_street = region.found && unit_of_name_[i] == region.unit;
      std::string& best = place_street ? fallback_name : *name;
      if (n.size() > best.size()) {
        best = n;
        (place_street ? fallback : named) = unit_of_name_[i];
      }
    }
    if (!named.empty()) return named;
  }
  *name = fallback_name;
  return fallback;
}

std::string Dispatcher::UnitLabel(const std::string& id) const {
  const OrgUnit* u = config_.FindUnit(id);
  if (u == nullptr) return id;
  return !u->short_name.empty() ? u->short_name : u->name;
}

std::string Dispatcher::ResolveCategory(std::string_view label, std::string_view normalized_title,
                                        std::string_view normalized_text,
                                        std::vector<std::string>* matched,
                                        std::vector<std::pair<std::string, double>>* ranked) const {
  if (matched != nullptr) matched->clear();
  if (ranked != nullptr) ranked->clear();
  const Category* base = FindCat(config_, label);
  // Keyword hits per category: longer words weigh more, and a word in the title counts again
  // (the title names the matter; the body also tells the story around it).
  const std::vector<uint8_t> in_text = FindKeywords(normalized_text);
  const std::vector<uint8_t> in_title = FindKeywords(normalized_title);
  std::map<size_t, size_t> hits;
  for (size_t e = 0; e < keywords_.size(); ++e) {
    const KeywordEntry& k = keywords_[e];
    const size_t weight = keyword_set_.phrase(k.phrase).size();
    if (in_text[e]) hits[k.category] += weight;
    if (in_title[e]) hits[k.category] += weight;
  }
  auto best_of = [&](auto accept) -> const Category* {
    const Category* best = nullptr;
    size_t best_hits = 0;
    for (const auto& [idx, h] : hits) {
      const Category& c = config_.categories[idx];
      if (!accept(c)) continue;
      if (h > best_hits || (h == best_hits && best && c.level > best->level)) {
        best = &c;
        best_hits = h;
      }
    }
    return best;
  };
  // The keywords that made `c` win, title words first, longest first within each (at most 3).
  auto explain = [&](const Category* c) {
    if (matched == nullptr || c == nullptr) return;
    const size_t idx = static_cast<size_t>(c - config_.categories.data());
    for (const std::vector<uint8_t>* found : {&in_title, &in_text}) {
      std::vector<std::string> words;
      for (size_t e = 0; e < keywords_.size(); ++e) {
        const KeywordEntry& k = keywords_[e];
        if (k.category != idx || !(*found)[e]) continue;
        std::string word(keyword_set_.phrase(k.phrase));
        if (std::find(matched->begin(), matched->end(), word) == matched->end() &&
            std::find(words.begin(), words.end(), word) == words.end()) {
          words.push_back(std::move(word));
        }
      }
      std::stable_sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
        return a.size() > b.size();
      });
      for (std::string& w : words) {
        if (matched->size() < 3) matched->push_back(std::move(w));
      }
    }
  };
  if (base != nullptr) {
    if (base->level == 1) {
      const Category* child =
          best_of([&](const Category& c) { return c.level == 2 && c.parent == base->code; });
      if (child != nullptr) {
        explain(child);
        return child->code;
      }
    }
    return base->code;
  }
  if (ranked != nullptr && !hits.empty()) {
    size_t total = 0;
    for (const auto& [idx, h] : hits) total += h;
    for (const auto& [idx, h] : hits) {
      ranked->emplace_back(config_.categories[idx].code, static_cast<double>(h) / total);
    }
    // Most hits first; a second-level class before its own first-level one at equal hits.
    std::stable_sort(ranked->begin(), ranked->end(), [](const auto& a, const auto& b) {
      return a.second > b.second || (a.second == b.second && a.first.size() > b.first.size());
    });
  }
  const Category* any = best_of([](const Category& c) { return !c.fallback; });
  if (any == nullptr) any = best_of([](const Category&) { return true; });
  explain(any);
  return any != nullptr ? any->code : "";
}

RoutingResult Dispatcher::Route(std::string_view category, const RegionMatch& region) const {
  RoutingResult r;
  const Category* cat = FindCat(config_, category);
  const std::string centre = config_.centre_unit;
  const std::string centre_label = centre.empty() ? "热线中心" : UnitLabel(centre);
  if (cat == nullptr) {
    r.main = {centre, "未能确定类别 → " + centre_label + "人工分类"};
    return r;
  }
  const bool below_street = region.found && !region.village.empty();
  std::string village_note;
  if (below_street && !cat->in_village.empty()) {
    // A facility inside a village or community (王贺村2组的下水道) is the street's, not the
    // department's: the category's in-village counterpart decides the routing.
    if (const Category* alt = config_.FindCategory(cat->in_village)) {
      village_note = " (原类别 " + cat->name + ", 地点在村组/社区内)";
      cat = alt;
    }
  }
  const Category* parent = cat->level == 2 ? config_.FindCategory(cat->parent) : nullptr;
  r.category_code = cat->code;
  r.category_path = CategoryPath(config_, *cat);
  std::string main_unit = cat->main_unit;
  std::vector<std::string> co = cat->co_units;
  if (main_unit.empty() && parent != nullptr) main_unit = parent->main_unit;
  if (co.empty() && parent != nullptr) co = parent->co_units;
  const RouteMode route = cat->route;
  const std::string cat_reason = "类别 " + r.category_path + village_note;
  auto add_co = [&](const std::string& unit, const std::string& reason) {
    if (unit.empty() || unit == r.main.unit) return;
    for (const auto& c : r.co) {
      if (c.unit == unit) return;
    }
    r.co.push_back({unit, reason});
  };
  const std::string place_reason =
      region.found ? "地点 " + region.place + " → " + UnitLabel(region.unit) : "";
  if (route == RouteMode::kNone || (main_unit.empty() && !region.found)) {
    r.main = {centre.empty() ? main_unit : centre,
              cat_reason + " 无默认承办单位 → " + centre_label + "人工分派"};
    return r;
  }
  if (route == RouteMode::kTerritorial && region.found) {
    // Territorial override: the street owning the place is 主办; departments stay 协办. Not for
    // a dual class (DOMAIN.md §6.4: the override is for classes marked T): its department stays
    // 主办 with the street as 协办 wherever the place is, as the zone's operators route 惠农补贴,
    // 土地承包, 动物防疫 in a village (the seed appeals: the department 主办 in 41 of 44).
    r.main = {region.unit, place_reason + " (属地管理, " + cat_reason + ")"};
    add_co(main_unit, cat_reason + " → " + UnitLabel(main_unit) + " (行业部门协办)");
  } else {
    r.main = {main_unit, cat_reason + " → " + UnitLabel(main_unit)};
    if (route == RouteMode::kTerritorial) {
      r.main.reason += " (属地类别, 但未识别出地点)";
    }
    if (route == RouteMode::kDual && region.found) {
      add_co(region.unit, place_reason + " (双派: 属地街道协办)");
    }
  }
  for (const auto& u : co) add_co(u, cat_reason + " → " + UnitLabel(u) + " (默认协办)");
  return r;
}

namespace {

constexpr size_t kEvidenceTerms = 5;

// The original text with full-width ASCII made half-width and Latin letters lower-case, one code
// point for one, so offsets stay those of the original.
std::u32string SearchableText(std::string_view s) {
  std::u32string out = DecodeUtf8(s);
  for (char32_t& c : out) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  }
  return out;
}

// The evidence terms with the span of their first occurrence in the title, else the content
// (code points of the original text; a term that reads differently there, e.g. in traditional
// characters, gets no span).
json EvidenceJson(const std::vector<TermEvidence>& evidence, const SuggestRequest& request) {
  const std::u32string title = SearchableText(request.title);
  const std::u32string content = SearchableText(request.content);
  json out = json::array();
  for (const TermEvidence& e : evidence) {
    json item{{"text", e.term}, {"weight", e.weight}};
    const std::u32string term = DecodeUtf8(e.term);
    size_t at = title.find(term);
    const char* field = "title";
    if (at == std::u32string::npos) {
      at = content.find(term);
      field = "content";
    }
    if (at != std::u32string::npos) {
      item["field"] = field;
      item["start"] = at;
      item["end"] = at + term.size();
    } else {
      item["field"] = nullptr;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

Result<DispatchSuggestion> Dispatcher::Suggest(const SuggestRequest& request) {
  if (request.title.empty() && request.content.empty()) {
    return InvalidArgument("empty_appeal", "标题和内容不能同时为空");
  }
  for (const auto& [value, name] : {std::pair{&request.title, "标题"},
                                    {&request.content, "内容"},
                                    {&request.address, "地址"},
                                    {&request.phone, "来电号码"},
                                    {&request.place, "地点"}}) {
    if (!IsValidUtf8(*value)) {
      return InvalidArgument("invalid_utf8", std::string(name) + "不是有效的 UTF-8 文本");
    }
  }
  const TextNormalizer& norm = TextNormalizer::Default();
  const std::string title = norm.Normalize(request.title);
  const std::string content = norm.Normalize(request.content);
  const std::string address = norm.Normalize(request.address);
  std::string all = title + " " + content + " " + address;

  DispatchSuggestion out;
  json j;
  std::shared_ptr<const TextModel> model = holder_.Get();
  json cats = json::array();
  std::string top_label;
  if (model != nullptr) {
    std::vector<TermEvidence> evidence;
    Prediction p =
        model->PredictExplained(request.title, request.content, kEvidenceTerms, &evidence);
    for (size_t i = 0; i < p.ranked.size() && i < 3; ++i) {
      out.categories.push_back(p.ranked[i]);
      json c{{"label", p.ranked[i].first}, {"score", p.ranked[i].second}, {"source", "model"}};
      if (const Category* zc = FindCat(config_, p.ranked[i].first)) c["code"] = zc->code;
      cats.push_back(c);
    }
    if (!p.ranked.empty()) top_label = p.ranked[0].first;
    if (p.ranked.size() >= 2) {
      j["category_evidence"] = EvidenceJson(evidence, request);
    }
    // An unsure prediction the nearest history messages voted on: whom they voted for.
    if (!p.neighbours.empty()) {
      json votes = json::array();
      for (const auto& [label, share] : p.neighbours) {
        json v{{"label", label}, {"share", share}};
        if (const Category* zc = FindCat(config_, label)) v["code"] = zc->code;
        votes.push_back(std::move(v));
      }
      j["category_neighbours"] = json{{"share", model->neighbour_share()}, {"votes", votes}};
    }
  }
  j["categories"] = cats;

  const std::shared_ptr<const TextModel> type_model = type_holder_.Get();
  const std::shared_ptr<const TextModel> urgency_model = urgency_holder_.Get();
  const WordingScan wording = ScanWording(title, content);
  TypeGuess type = DecideOrderType(
      GuessOrderType(wording), request.title, request.content, type_model.get(), config_,
      type_model != nullptr && type_model == seed_type_model_ ? "区域示例工单学习"
                                                              : "历史工单学习");
  UrgencyGuess urgency = DecideUrgency(GuessUrgency(wording), request.title, request.content,
                                       urgency_model.get(), config_);
  EmergencyScreen emergency = ScreenEmergency(wording);
  out.type = type.type;
  out.urgency = urgency.urgency;
  out.emergency_target = emergency.target;
  j["type"] = type.type;
  j["type_reason"] = type.reason;
  j["urgency"] = urgency.urgency;
  j["urgency_reason"] = urgency.reason;
  j["emergency"] = json{{"flag", emergency.flag},
                        {"target", emergency.flag ? json(emergency.target) : json(nullptr)},
                        {"reason", emergency.reason}};

  json facts = json::array();
  std::string estate[3];  // the first estate named in the title, the content, the address
  int field_index = 0;
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"title", &request.title},
        {"content", &request.content},
        {"address", &request.address}}) {
    for (const Fact& f : ExtractFacts(*text, field, &known_names_)) {
      if (f.kind == "place" && estate[field_index].empty()) estate[field_index] = EstateKey(f.text);
      facts.push_back(json{{"kind", f.kind},
                           {"text", f.text},
                           {"field", f.field},
                           {"start", f.start},
                           {"end", f.end}});
    }
    ++field_index;
  }
  if (!request.phone.empty()) {
    facts.push_back(json{{"kind", "caller_phone"},
                         {"text", request.phone},
                         {"field", "phone"},
                         {"start", 0},
                         {"end", DecodeUtf8(request.phone).size()}});
  }

  RegionMatch region = gazetteer_.Find(request.title, request.content, request.address);
  // The residential estate (小区, 花园 …), from the address, else the title, else the content:
  // the place key of repeat detection when the gazetteer knows no village or community there.
  const std::string& estate_name = !estate[2].empty()   ? estate[2]
                                   : !estate[0].empty() ? estate[0]
                                                        : estate[1];
  j["estate"] = estate_name.empty() ? json(nullptr) : json(estate_name);
  if (region.found && !region.place_key.empty()) {
    out.place = region.place_key;
  } else if (!estate_name.empty() && estate_name.size() <= kMaxPlaceKeyBytes - 7) {
    out.place = "estate:" + estate_name;
  }
  if (region.found) {
    out.region_code = region.code;
    j["region"] = json{{"code", region.code.empty() ? json(nullptr) : json(region.code)},
                       {"name", region.name},
                       {"unit", region.unit},
                       {"place", region.place},
                       {"village", region.village.empty() ? json(nullptr) : json(region.village)},
                       {"field", region.field},
                       {"start", region.start},
                       {"end", region.end}};
  } else {
    j["region"] = nullptr;
  }
  j["facts"] = facts;

  std::vector<std::string> category_words;
  std::vector<std::pair<std::string, double>> keyword_ranked;
  std::string category = ResolveCategory(top_label, title, all, &category_words,
                                         model == nullptr ? &keyword_ranked : nullptr);
  // A centre without history: the model of the zone's seed appeals (区域示例工单) decides where
  // it is confident, or where no keyword applies; the keywords otherwise (docs/dispatch.md
  // "Seed appeals").
  std::string seed_reason, seed_code;
  std::vector<std::pair<const Category*, double>> seed_ranked;  // its top 3
  Prediction seed_p;
  if (model == nullptr && seed_category_model_ != nullptr) {
    seed_p = seed_category_model_->Predict(request.title, request.content);
    const Prediction& p = seed_p;
    const Category* top = p.ranked.empty() ? nullptr : FindCat(config_, p.ranked[0].first);
    if (top != nullptr && (p.ranked[0].second >= kLearnedWordingMin || keyword_ranked.empty())) {
      if (top->code != category) category_words.clear();
      category = seed_code = top->code;
      seed_reason = "区域示例工单学习「" + CategoryPath(config_, *top) + "」(概率 " +
                    Probability(p.ranked[0].second) + ")";
      // The runners-up leave out a type's own category the appeal's type contradicts (表扬感谢
      // under an ironic "表扬"), as the first place is replaced below.
      for (size_t i = 0; i < p.ranked.size() && seed_ranked.size() < 3; ++i) {
        const Category* c = FindCat(config_, p.ranked[i].first);
        if (c != nullptr && (i == 0 || c->order_type.empty() || c->order_type == type.type)) {
          seed_ranked.emplace_back(c, p.ranked[i].second);
        }
      }
    }
  }
  // An order type with a category of its own (表扬 → 表扬感谢) decides the category when the
  // title says so (the type's word in the title: "感谢…", "为…点赞"); a type read from the body
  // alone may be a courtesy or a misreading.
  for (const Category& c : config_.categories) {
    if (!c.order_type.empty() && c.order_type == type.type && type.strength >= 2) {
      category = c.code;
      category_words.clear();
      break;
    }
  }
  // The other way round, a type's own category for an appeal typed otherwise (an ironic
  // "表扬", a complaint closing with thanks the keywords took for praise) is a misreading: the
  // seed model's or the keywords' next category that belongs to no type (a centre without
  // history; a history model learned the centre's own use).
  if (const Category* c = FindCat(config_, category);
      model == nullptr && c != nullptr && !c->order_type.empty() && c->order_type != type.type) {
    auto typeless = [&](const std::string& code) {
      const Category* alt = FindCat(config_, code);
      return alt != nullptr && alt->order_type.empty() && alt->level == 2 ? alt : nullptr;
    };
    const std::string note = ";工单类型与「" + c->name + "」不符,取下一类别";
    bool done = false;
    for (const auto& [label, prob] : seed_p.ranked) {
      if (const Category* alt = typeless(label)) {
        category = seed_code = alt->code;
        seed_reason = "区域示例工单学习「" + CategoryPath(config_, *alt) + "」(概率 " +
                      Probability(prob) + note + ")";
        seed_ranked.clear();
        for (const auto& [l, q] : seed_p.ranked) {
          if (const Category* k = typeless(l); k != nullptr && seed_ranked.size() < 3)
            seed_ranked.emplace_back(k, q);
        }
        done = true;
        break;
      }
    }
    for (size_t i = 0; !done && i < keyword_ranked.size(); ++i) {
      if (const Category* alt = typeless(keyword_ranked[i].first)) {
        category = alt->code;
        done = true;
      }
    }
    if (done) category_words.clear();
  }
  RoutingResult route = Route(category, region);
  // The unit the appeal names is 主办 where the category says so (a praise for it).
  const Category* routed = config_.FindCategory(route.category_code);
  if (routed != nullptr && routed->to_named_unit) {
    std::string name;
    const std::string named = NamedUnit(title, content, region, &name);
    if (!named.empty() && named != route.main.unit) {
      std::erase_if(route.co, [&](const UnitProposal& u) { return u.unit == named; });
      route.main = {named, "类别 " + route.category_path + ",所涉单位 " + UnitLabel(named) + "(「" +
                               name + "」)"};
    }
  }
  out.main_unit = route.main.unit;
  json co = json::array();
  for (const auto& c : route.co) {
    out.co_units.push_back(c.unit);
    co.push_back(json{{"unit", c.unit}, {"reason", c.reason}});
  }
  json units{{"main", json{{"unit", route.main.unit}, {"reason", route.main.reason}}}, {"co", co}};
  if (!route.category_code.empty()) {
    const Category* c = config_.FindCategory(route.category_code);
    // Why this category: the classifier's label, the zone keywords found, or both.
    std::string why;
    if (FindCat(config_, top_label) != nullptr) why = "模型类别「" + top_label + "」";
    if (!seed_code.empty() && route.category_code == seed_code) why = seed_reason;
    if (!category_words.empty()) {
      why += why.empty() ? "关键词" : " + 关键词";
      for (const std::string& w : category_words) why += "「" + w + "」";
    }
    units["category"] = json{{"code", route.category_code},
                             {"path", route.category_path},
                             {"route", RouteName(c ? c->route : RouteMode::kNone)},
                             {"keywords", category_words},
                             {"reason", why}};
  }
  j["units"] = units;
  // Without a model (a centre's first days) the candidates come from the zone keywords: the
  // category routed first, then up to two others the keywords point to, each with its share of
  // the keyword weight (not a calibrated probability: `source` says which).
  if (!seed_code.empty() && route.category_code == seed_code) {
    json sc = json::array();
    for (const auto& [c, p] : seed_ranked) {
      out.categories.emplace_back(c->code, p);
      sc.push_back(json{{"label", CategoryPath(config_, *c)},
                        {"code", c->code},
                        {"score", p},
                        {"source", "zone_examples"}});
    }
    j["categories"] = std::move(sc);
  } else if (model == nullptr && !keyword_ranked.empty() && !route.category_code.empty()) {
    auto path = [&](const std::string& code) {
      const Category* c = config_.FindCategory(code);
      return c != nullptr ? CategoryPath(config_, *c) : code;
    };
    auto related = [](std::string_view a, std::string_view b) {
      return a.starts_with(b) || b.starts_with(a);  // "03" and "03.06"
    };
    double first_share = 0;
    for (const auto& [code, share] : keyword_ranked) {
      if (code == category || code == route.category_code)
        first_share = std::max(first_share, share);
    }
    json kc = json::array();
    kc.push_back(json{{"label", route.category_path},
                      {"code", route.category_code},
                      {"score", first_share},
                      {"source", "keywords"}});
    std::vector<std::string> listed{route.category_code, category};
    for (const auto& [code, share] : keyword_ranked) {
      if (kc.size() >= 3) break;
      // (A structured binding is captured through a reference of its own: clang 14, the fuzz
      // build's compiler, refuses to capture one.)
      const std::string& c = code;
      if (std::any_of(listed.begin(), listed.end(),
                      [&](const std::string& l) { return !l.empty() && related(l, c); }))
        continue;
      listed.push_back(code);
      kc.push_back(
          json{{"label", path(code)}, {"code", code}, {"score", share}, {"source", "keywords"}});
    }
    j["categories"] = std::move(kc);
  }
  j["model_version"] = model ? json(model->version()) : json(nullptr);
  if (type_model) j["type_model_version"] = type_model->version();
  if (urgency_model) j["urgency_model_version"] = urgency_model->version();
  out.json = j.dump();
  return out;
}

}  // namespace minsheng
