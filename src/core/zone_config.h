// ZoneConfig: everything a centre varies locally (DOMAIN.md §6), loaded from YAML by
// src/app/config_loader.cc and validated there. The core only reads it.
//
// Thread-safety: immutable after loading; share a const reference freely.
#ifndef MINSHENG_CORE_ZONE_CONFIG_H_
#define MINSHENG_CORE_ZONE_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar/working_calendar.h"
#include "core/status.h"

namespace minsheng {

struct OrgUnit {
  std::string id;  // e.g. "st.chongyelu"
  std::string name;
  std::string short_name;
  std::string kind;  // upstream|government|centre|street|community|department|enterprise|village
  std::string parent;
  std::string region;  // region code for streets
  std::vector<std::string> duties;
  // What callers call the unit ("城管", "派出所", "供电公司"): a praise for it goes to it.
  std::vector<std::string> aliases;
  bool vertical = false;
  bool verified = false;
  bool dispatchable = true;  // false for upstream/government/centre
};

struct Village {
  std::string name;
  std::string code;  // NBS 12-digit code when known (the village's own place key)
  // The unit the village or community is connected to the platform as (DOMAIN.md §1.3: a
  // community dispatched to directly); empty: its street handles its territorial matters.
  std::string unit;
  std::vector<std::string> groups;   // 村民小组, e.g. "2组"
  std::vector<std::string> aliases;  // 小区名, 路名段 …
};

struct Region {
  std::string code;  // NBS code
  std::string name;
  std::string unit;  // street unit that owns it
  std::vector<std::string> aliases;
  std::vector<Village> villages;
};

struct NamedId {
  std::string id;    // stable lowercase English identifier, used in the API
  std::string name;  // Chinese label
  std::string description;
};

// Route modes of DOMAIN.md §6.4.
enum class RouteMode { kIndustry, kTerritorial, kDual, kNone };

struct Category {
  std::string code;  // "03" (level 1) or "03.02" (level 2)
  std::string name;  // 城市管理 / 占道经营
  int level = 1;
  std::string parent;  // level-1 code for level-2 categories
  RouteMode route = RouteMode::kIndustry;
  std::string main_unit;              // default 主办
  std::vector<std::string> co_units;  // default 协办
  std::vector<std::string> keywords;
  // Longer phrases inside which a keyword does not count: "墙上牌子" for 上牌 ("墙上牌子上写的价").
  std::vector<std::string> not_keywords;
  std::string note;
  // Code of the category that replaces this one when the appeal's place lies inside a village
  // or community (村组内设施 → 街道, DOMAIN.md §6.4): "02.02 市政排水" → "02.06 村组内排水设施".
  std::string in_village;
  // Appeals of this order type belong here whatever else they name (表扬 → 表扬感谢).
  std::string order_type;
  // The unit the appeal names is 主办 (a praise for it, a complaint about its staff).
  bool to_named_unit = false;
  // Its keywords count only where no other category's do (意见建议(综合): "建议" names the kind of
  // appeal, not its matter: "建议天桥台阶铺防滑垫" is about the bridge).
  bool fallback = false;
};

// A duration as written in the SLA table: "2WD", "0.5WD", "2WH", "24h", "15min", "180d".
struct SlaDuration {
  enum class Unit { kMinutes, kHours, kWorkingHours, kWorkingDays, kDays };
  double value = 0;
  Unit unit = Unit::kWorkingDays;
  std::string text;  // as written
};
Result<SlaDuration> ParseSlaDuration(std::string_view text);

struct SlaRule {
  std::string klass;  // an urgency id, an order type id, or "upstream"
  std::string label;
  std::optional<SlaDuration> dispatch, sign, first_contact, reply;
  std::optional<SlaDuration> extension;
  int max_extensions = 0;
  std::string note;
};

struct Limits {
  int64_t max_body_bytes = 1 << 20;
  int title_max_chars = 200;
  int content_max_chars = 20000;
  int name_max_chars = 64;
  int phone_max_chars = 32;
  int address_max_chars = 500;
  int note_max_chars = 5000;
  int reply_max_chars = 20000;
  int max_attachments = 20;
  int max_co_units = 10;
  int page_size_max = 200;
};

// The numbers of the closed-loop rules (DOMAIN.md §6.5 "Other timers"); zone.yaml `rules:`.
// Defaults here equal config/default/zone.yaml; a centre changes them there, never in code.
struct Rules {
  double yellow_share = 0.75;             // share of a deadline used before the yellow alert
  int extension_cutoff_minute = 17 * 60;  // 延期 requests on the due day only before this
  SlaDuration return_window{1, SlaDuration::Unit::kWorkingDays, "1WD"};  // 退回 from dispatch
  SlaDuration reopen_reply{3, SlaDuration::Unit::kWorkingDays, "3WD"};   // 重办 reply
  SlaDuration visit_window{1, SlaDuration::Unit::kWorkingDays, "1WD"};  // 回访 after 审核通过
  SlaDuration stage_reply_interval{15, SlaDuration::Unit::kWorkingDays, "15WD"};  // 挂账
  SlaDuration ledger_max{180, SlaDuration::Unit::kDays, "180d"};                  // 挂账上限
  // 重复件: open orders of the same caller, or the same place and problem, registered within
  // this window are proposed for merging at intake; `repeat_min_similarity` is the share of
  // shared two-character words (Jaccard) that makes "the same problem".
  SlaDuration repeat_window{30, SlaDuration::Unit::kDays, "30d"};
  double repeat_min_similarity = 0.15;
  // 重复件 by wording alone, wherever it happened (a campaign of near-identical letters, one
  // place written two ways): the Jaccard from which two open orders count as the same problem.
  double repeat_text_similarity = 0.4;
  // … and from which they do even when the places recognised in them differ.
  double repeat_verbatim_similarity = 0.8;
  // … and the Jaccard of the titles alone from which they do (reposts keep the title and retell
  // the rest), unless the places differ.
  double repeat_title_similarity = 0.5;
  // 最终答复 reuse: earlier orders with a final answer are looked up this far back.
  SlaDuration final_answer_window{365, SlaDuration::Unit::kDays, "365d"};
  // Escalation of an overdue 主办 reply by the sweep (bureau rule, DOMAIN.md §6.5): this long
  // past the deadline → an automatic 督办单 copied to the 分管领导 (level leader); past
  // `bulletin_after` → 挂牌督办, listed in the monthly 通报 until lifted.
  SlaDuration supervise_after{1, SlaDuration::Unit::kWorkingDays, "1WD"};
  SlaDuration bulletin_after{5, SlaDuration::Unit::kWorkingDays, "5WD"};
  // Channels whose orders are 上级转办 (upstream SLA rule and upstream deadline apply).
  std::vector<std::string> upstream_channels = {"city_platform", "leader_board"};
  // Office hours of a working day (local); empty = the calendar default 08:30–12:00, 14:00–18:00.
  std::vector<WorkingPeriod> working_hours;
};

// An appeal of the zone labelled as its operators would record it (seed_appeals.jsonl): what a
// centre knows of its wording before it has a history of its own.
struct SeedAppeal {
  std::string title;
  std::string content;
  std::string type;      // an order type id (dictionaries.yaml)
  std::string category;  // a category code (categories.yaml); empty when not given
};

struct ZoneConfig {
  std::string zone_id = "gx";
  std::string zone_name;
  std::string order_number_prefix = "GX";
  std::string centre_unit;  // the hotline centre's own unit id
  int utc_offset_minutes = 8 * 60;
  int visit_max_attempts = 3;  // unreachable attempts before 回访失败
  int max_returns_before_consult = 2;

  std::vector<OrgUnit> units;
  std::vector<Region> regions;
  std::vector<NamedId> channels;
  std::vector<NamedId> order_types;
  std::vector<NamedId> urgencies;
  std::vector<NamedId> satisfaction_levels;
  std::vector<NamedId> reply_results;
  std::vector<NamedId> emergency_targets;  // 110, 119, 120, 122, 96333
  std::vector<NamedId> return_reasons;
  std::vector<NamedId> refuse_reasons;
  std::vector<Category> categories;
  std::vector<SlaRule> sla;
  // Labelled example appeals (optional): the order-type model of a centre without history is
  // trained from them (docs/dispatch.md "Seed appeals").
  std::vector<SeedAppeal> seed_appeals;
  Limits limits;
  Rules rules;
  // The working-day calendar (法定节假日 + 调休) from <config>/calendar; the default
  // (plain weekdays) until the loader sets it.
  WorkingCalendar calendar;

  // Lookups; nullptr when absent.
  const OrgUnit* FindUnit(std::string_view id) const;
  const Category* FindCategory(std::string_view code_or_name) const;
  const NamedId* FindIn(const std::vector<NamedId>& list, std::string_view id_or_name) const;
  const SlaRule* FindSla(std::string_view klass) const;

  // Checks cross-references (units named by categories and regions exist, ids unique, …).
  Status Validate() const;

  // Builds the index used by the lookups; call once after filling the vectors.
  void BuildIndex();

 private:
  std::map<std::string, size_t, std::less<>> unit_index_;
  std::map<std::string, size_t, std::less<>> category_index_;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_ZONE_CONFIG_H_
