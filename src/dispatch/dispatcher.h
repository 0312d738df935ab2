// Dispatcher: the smart dispatch engine behind DispatchAdvisor. From a title and a few
// sentences it proposes categories (top 3, calibrated), order type, urgency, the emergency
// screen, key facts with spans, the region (gazetteer) and the handling units (主办/协办) with a
// Chinese explanation per unit.
//
// Thread-safety: Suggest() may be called from many threads; ReloadModel()/SetModel() swap the
// classifier atomically (requests in flight keep the model they started with).
#ifndef MINSHENG_DISPATCH_DISPATCHER_H_
#define MINSHENG_DISPATCH_DISPATCHER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/ports.h"
#include "core/zone_config.h"
#include "dispatch/classifier.h"
#include "dispatch/facts.h"
#include "dispatch/phrase_set.h"
#include "dispatch/rules.h"

namespace minsheng {

struct UnitProposal {
  std::string unit;
  std::string reason;  // Chinese
};

struct RoutingResult {
  std::string category_code;  // empty when no category of the zone applies
  std::string category_path;  // 城市管理/占道经营与流动摊贩
  UnitProposal main;
  std::vector<UnitProposal> co;
};

// Wording models learned from the order history by the learning loop (order type, urgency):
// subdirectories of a category model directory.
inline constexpr char kTypeModelDir[] = "type";
inline constexpr char kUrgencyModelDir[] = "urgency";
// A learned top label is used from this probability on (and whenever the rules found no cue).
inline constexpr double kLearnedWordingMin = 0.5;
// A wording label needs this many examples to be learned (fewer: left to the rules).
inline constexpr size_t kMinWordingPerLabel = 10;

// Rules and learned model together. Type: an explicit word in the title decides; otherwise the
// learned model when it is confident (≥ kLearnedWordingMin) or the rules found no cue word;
// otherwise the rules' cue words. Urgency: a learned model may raise the rules' urgency
// (normal < urgent < emergency) when confident, never lower it — a missed emergency costs more
// than a false alarm. `learned` may be null (rules only). `raw_title`/`raw_content` as
// received (they are normalised here).
TypeGuess DecideOrderType(std::string_view raw_title, std::string_view raw_content,
                          const TextModel* learned, const ZoneConfig& config);
UrgencyGuess DecideUrgency(std::string_view raw_title, std::string_view raw_content,
                           const TextModel* learned, const ZoneConfig& config);
// The same with the rules' guess already made from the normalised text (Suggest scans the
// wording once for type, urgency and the emergency screen).
// `learned_from` names the model's source in the reason (the history, or the zone's seed
// appeals).
TypeGuess DecideOrderType(TypeGuess rules, std::string_view raw_title, std::string_view raw_content,
                          const TextModel* learned, const ZoneConfig& config,
                          std::string_view learned_from = "历史工单学习");
UrgencyGuess DecideUrgency(UrgencyGuess rules, std::string_view raw_title,
                           std::string_view raw_content, const TextModel* learned,
                           const ZoneConfig& config);

class Dispatcher : public DispatchAdvisor {
 public:
  // `config` is copied. `model` may be null: categories then come from the zone's category
  // names and keywords only.
  Dispatcher(const ZoneConfig& config, std::shared_ptr<const TextModel> model);

  Result<DispatchSuggestion> Suggest(const SuggestRequest& request) override;

  // Loads a model directory (and its `type/` and `urgency/` wording models when present) and
  // swaps them in; on any error nothing changes.
  Status ReloadModel(const std::string& dir);
  void SetModel(std::shared_ptr<const TextModel> model) { holder_.Swap(std::move(model)); }
  std::shared_ptr<const TextModel> model() const { return holder_.Get(); }
  std::shared_ptr<const TextModel> type_model() const { return type_holder_.Get(); }
  // The order-type model trained from the zone's seed appeals at construction (null without
  // them): in use until a learned one is loaded, and again when a model directory has none.
  std::shared_ptr<const TextModel> seed_type_model() const { return seed_type_model_; }
  std::shared_ptr<const TextModel> seed_category_model() const { return seed_category_model_; }
  std::shared_ptr<const TextModel> urgency_model() const { return urgency_holder_.Get(); }
  const ZoneConfig& config() const { return config_; }

  // Routing of one category (code or name) for a region match; exposed for tests.
  RoutingResult Route(std::string_view category, const RegionMatch& region) const;
  // The zone category suggested for a classifier label (may be empty) and the normalised title
  // and text: keyword hits weigh by their length, hits in the title count twice (docs/dispatch.md
  // "Category keywords"). `matched` (if given) receives up to 3 keywords that decided it.
  // `ranked` (if given; filled only when the label names no category, i.e. without a model):
  // every category with keyword hits, most first, with its share of all hits.
  std::string ResolveCategory(std::string_view label, std::string_view normalized_title,
                              std::string_view normalized_text,
                              std::vector<std::string>* matched = nullptr,
                              std::vector<std::pair<std::string, double>>* ranked = nullptr) const;

 private:
  struct KeywordEntry {
    uint32_t phrase;  // index into keyword_set_
    size_t category;  // index into config_.categories
    bool blocker;     // a not_keyword: never found itself; the keywords inside it do not count
  };
  void AddKeyword(const std::string& word, size_t category, bool blocker = false);
  // found[e] = 1 for every keyword entry e whose word occurs in `text` other than inside a longer
  // keyword of the same category ("水管冻" counts once, not again as "水管").
  std::vector<uint8_t> FindKeywords(std::string_view text) const;
  std::string UnitLabel(const std::string& id) const;
  // The dispatchable unit the appeal names (name, short name or alias), "" when none; `name`
  // receives the words found.
  std::string NamedUnit(std::string_view title, std::string_view content, const RegionMatch& region,
                        std::string* name) const;

  ZoneConfig config_;
  Gazetteer gazetteer_;
  KnownNames known_names_;  // the zone's own names, where facts begin
  ModelHolder holder_;
  ModelHolder type_holder_;
  std::shared_ptr<const TextModel> seed_type_model_;
  // The category model of the zone's seed appeals (null without them): used with the keywords
  // while no model learned from the history is loaded.
  std::shared_ptr<const TextModel> seed_category_model_;
  ModelHolder urgency_holder_;
  PhraseSet keyword_set_;
  std::vector<KeywordEntry> keywords_;
  std::vector<std::vector<uint32_t>> entries_of_phrase_;  // phrase → indices into keywords_
  size_t longest_keyword_ = 0;                            // bytes
  // Names callers use for dispatchable units (name, short name, aliases): phrase → unit id.
  PhraseSet unit_names_;
  std::vector<std::string> unit_of_name_;
};

}  // namespace minsheng

#endif  // MINSHENG_DISPATCH_DISPATCHER_H_
