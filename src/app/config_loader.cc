#include "app/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/calendar/calendar_data.h"
#include "core/calendar/working_calendar.h"
#include "core/text.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;

Status Bad(const std::string& file, const std::string& what) {
  return InvalidArgument("invalid_config", "配置文件 " + file + " 有误:" + what);
}

// Reads a YAML file; a missing optional file yields a null node.
Result<YAML::Node> ReadYaml(const fs::path& dir, const std::string& name, bool required) {
  fs::path p = dir / name;
  if (!fs::exists(p)) {
    if (required) return InvalidArgument("invalid_config", "缺少配置文件:" + p.string());
    return YAML::Node();
  }
  std::ifstream in(p, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof())
    return InvalidArgument("invalid_config", "无法读取配置文件:" + p.string());
  // Names and aliases end up in every suggestion and reply: bytes that are not UTF-8 (a file
  // saved as GBK) are refused here, where the operator can still tell which file it is.
  if (!IsValidUtf8(text)) {
    return InvalidArgument(
        "invalid_config", "配置文件 " + p.string() + " 不是有效的 UTF-8 文本(请以 UTF-8 编码保存)");
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return InvalidArgument("invalid_config", "配置文件 " + p.string() + " 第 " +
                                                 std::to_string(e.mark.line + 1) +
                                                 " 行无法解析:" + e.msg);
  }
}

std::string Where(const YAML::Node& n) { return "第 " + std::to_string(n.Mark().line + 1) + " 行"; }

// Typed field readers that turn yaml-cpp exceptions into Status.
template <typename T>
Status Get(const std::string& file, const YAML::Node& n, const char* key, T* out,
           bool required = false) {
  YAML::Node v = n[key];
  if (!v) {
    if (required) return Bad(file, Where(n) + " 缺少字段 " + key);
    return Status::Ok();
  }
  try {
    *out = v.as<T>();
  } catch (const YAML::Exception&) {
    return Bad(file, Where(v) + " 字段 " + key + " 的类型不正确");
  }
  return Status::Ok();
}

Status GetList(const std::string& file, const YAML::Node& n, const char* key,
               std::vector<std::string>* out) {
  YAML::Node v = n[key];
  if (!v) return Status::Ok();
  if (!v.IsSequence()) return Bad(file, Where(v) + " 字段 " + key + " 须为列表");
  out->clear();
  for (const auto& item : v) {
    try {
      out->push_back(item.as<std::string>());
    } catch (const YAML::Exception&) {
      return Bad(file, Where(item) + " 字段 " + key + " 的元素须为文本");
    }
  }
  return Status::Ok();
}

Status ReadNamedList(const std::string& file, const YAML::Node& root, const char* key,
                     std::vector<NamedId>* out) {
  YAML::Node list = root[key];
  if (!list) return Bad(file, std::string("缺少 ") + key);
  if (!list.IsSequence()) return Bad(file, std::string(key) + " 须为列表");
  for (const auto& item : list) {
    if (!item.IsMap()) return Bad(file, Where(item) + " " + key + " 的每一项须为 {id, name}");
    NamedId n;
    MS_RETURN_IF_ERROR(Get(file, item, "id", &n.id, true));
    MS_RETURN_IF_ERROR(Get(file, item, "name", &n.name, true));
    MS_RETURN_IF_ERROR(Get(file, item, "description", &n.description));
    out->push_back(std::move(n));
  }
  return Status::Ok();
}

Result<RouteMode> ParseRoute(const std::string& file, const YAML::Node& n, const std::string& s) {
  if (s == "industry") return RouteMode::kIndustry;
  if (s == "territorial") return RouteMode::kTerritorial;
  if (s == "dual") return RouteMode::kDual;
  if (s == "none") return RouteMode::kNone;
  return Bad(file, Where(n) + " route 须为 industry/territorial/dual/none,而不是 " + s);
}

// Each of a category's not_keywords must hold one of its keywords and be longer than it: it
// says where that keyword does not count.
Status CheckNotKeywords(const std::string& file, const YAML::Node& n, const Category& c) {
  for (const std::string& phrase : c.not_keywords) {
    const bool holds = std::any_of(c.keywords.begin(), c.keywords.end(), [&](const std::string& k) {
      return !k.empty() && k.size() < phrase.size() && phrase.find(k) != std::string::npos;
    });
    if (!holds) {
      return Bad(file, Where(n) + " 类别 " + c.code + " 的 not_keywords「" + phrase +
                           "」须包含本类别的某个关键词且比它长");
    }
  }
  return Status::Ok();
}

Status ReadSlaField(const std::string& file, const YAML::Node& n, const char* key,
                    std::optional<SlaDuration>* out) {
  std::string text;
  MS_RETURN_IF_ERROR(Get(file, n, key, &text));
  if (text.empty()) return Status::Ok();
  auto d = ParseSlaDuration(text);
  if (!d.ok()) return Bad(file, Where(n) + " " + key + ":" + d.status().message());
  *out = d.value();
  return Status::Ok();
}

Status LoadRules(const std::string& file, const YAML::Node& doc, ZoneConfig* c);

Status LoadZone(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "zone.yaml";
  auto doc = ReadYaml(dir, file, true);
  if (!doc.ok()) return doc.status();
  YAML::Node zone = (*doc)["zone"];
  if (!zone || !zone.IsMap()) return Bad(file, "缺少 zone 段");
  MS_RETURN_IF_ERROR(Get(file, zone, "id", &c->zone_id, true));
  MS_RETURN_IF_ERROR(Get(file, zone, "name", &c->zone_name));
  MS_RETURN_IF_ERROR(Get(file, zone, "order_number_prefix", &c->order_number_prefix));
  MS_RETURN_IF_ERROR(Get(file, zone, "centre_unit", &c->centre_unit, true));
  MS_RETURN_IF_ERROR(Get(file, zone, "utc_offset_minutes", &c->utc_offset_minutes));
  MS_RETURN_IF_ERROR(Get(file, zone, "visit_max_attempts", &c->visit_max_attempts));
  MS_RETURN_IF_ERROR(Get(file, zone, "max_returns_before_consult", &c->max_returns_before_consult));
  if (c->utc_offset_minutes < -14 * 60 || c->utc_offset_minutes > 14 * 60)
    return Bad(file, "utc_offset_minutes 超出范围");
  YAML::Node lim = (*doc)["limits"];
  if (lim) {
    Limits& l = c->limits;
    MS_RETURN_IF_ERROR(Get(file, lim, "max_body_bytes", &l.max_body_bytes));
    MS_RETURN_IF_ERROR(Get(file, lim, "title_max_chars", &l.title_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "content_max_chars", &l.content_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "name_max_chars", &l.name_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "phone_max_chars", &l.phone_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "address_max_chars", &l.address_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "note_max_chars", &l.note_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "reply_max_chars", &l.reply_max_chars));
    MS_RETURN_IF_ERROR(Get(file, lim, "max_attachments", &l.max_attachments));
    MS_RETURN_IF_ERROR(Get(file, lim, "max_co_units", &l.max_co_units));
    MS_RETURN_IF_ERROR(Get(file, lim, "page_size_max", &l.page_size_max));
    if (l.max_body_bytes < 1024 || l.title_max_chars < 1 || l.content_max_chars < 1 ||
        l.page_size_max < 1)
      return Bad(file, "limits 中的上限值过小");
  }
  return LoadRules(file, *doc, c);
}

// "17:00" → minutes since midnight.
bool ParseClock(const std::string& text, int* minute) {
  int h = 0, m = 0;
  char colon = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d%c%d%c", &h, &colon, &m, &extra) != 3 || colon != ':')
    return false;
  if (h < 0 || h > 23 || m < 0 || m > 59) return false;
  *minute = h * 60 + m;
  return true;
}

Status ReadRuleDuration(const std::string& file, const YAML::Node& n, const char* key,
                        SlaDuration* out) {
  std::optional<SlaDuration> d;
  MS_RETURN_IF_ERROR(ReadSlaField(file, n, key, &d));
  if (d) {
    if (!(d->value > 0)) return Bad(file, Where(n) + " rules." + key + " 须大于 0");
    *out = *d;
  }
  return Status::Ok();
}

// zone.yaml `rules:` — the numbers of the closed-loop rules (DOMAIN.md §6.5 "Other timers").
Status LoadRules(const std::string& file, const YAML::Node& doc, ZoneConfig* c) {
  YAML::Node r = doc["rules"];
  if (!r) return Status::Ok();
  if (!r.IsMap()) return Bad(file, "rules 须为映射");
  Rules& rules = c->rules;
  MS_RETURN_IF_ERROR(Get(file, r, "yellow_share", &rules.yellow_share));
  if (!(rules.yellow_share > 0 && rules.yellow_share < 1))
    return Bad(file, Where(r) + " rules.yellow_share 须在 0 与 1 之间(不含),例如 0.75");
  std::string cutoff;
  MS_RETURN_IF_ERROR(Get(file, r, "extension_cutoff", &cutoff));
  if (!cutoff.empty() && !ParseClock(cutoff, &rules.extension_cutoff_minute))
    return Bad(file, Where(r) + " rules.extension_cutoff 须为 HH:MM 形式的时刻,例如 \"17:00\"");
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "return_window", &rules.return_window));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "reopen_reply", &rules.reopen_reply));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "visit_window", &rules.visit_window));
  MS_RETURN_IF_ERROR(
      ReadRuleDuration(file, r, "stage_reply_interval", &rules.stage_reply_interval));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "ledger_max", &rules.ledger_max));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "repeat_window", &rules.repeat_window));
  MS_RETURN_IF_ERROR(Get(file, r, "repeat_min_similarity", &rules.repeat_min_similarity));
  MS_RETURN_IF_ERROR(Get(file, r, "repeat_text_similarity", &rules.repeat_text_similarity));
  MS_RETURN_IF_ERROR(Get(file, r, "repeat_verbatim_similarity", &rules.repeat_verbatim_similarity));
  MS_RETURN_IF_ERROR(Get(file, r, "repeat_title_similarity", &rules.repeat_title_similarity));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "supervise_after", &rules.supervise_after));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "final_answer_window", &rules.final_answer_window));
  MS_RETURN_IF_ERROR(ReadRuleDuration(file, r, "bulletin_after", &rules.bulletin_after));
  if (!(rules.repeat_min_similarity > 0 && rules.repeat_min_similarity <= 1))
    return Bad(file, Where(r) + " rules.repeat_min_similarity 须在 0 与 1 之间,例如 0.15");
  if (!(rules.repeat_text_similarity > 0 && rules.repeat_text_similarity <= 1))
    return Bad(file, Where(r) + " rules.repeat_text_similarity 须在 0 与 1 之间,例如 0.4");
  if (!(rules.repeat_verbatim_similarity > 0 && rules.repeat_verbatim_similarity <= 1))
    return Bad(file, Where(r) + " rules.repeat_verbatim_similarity 须在 0 与 1 之间,例如 0.8");
  if (!(rules.repeat_title_similarity > 0 && rules.repeat_title_similarity <= 1))
    return Bad(file, Where(r) + " rules.repeat_title_similarity 须在 0 与 1 之间,例如 0.5");
  MS_RETURN_IF_ERROR(Get(file, r, "max_returns_before_consult", &c->max_returns_before_consult));
  MS_RETURN_IF_ERROR(Get(file, r, "visit_max_attempts", &c->visit_max_attempts));
  if (c->max_returns_before_consult < 1)
    return Bad(file, "rules.max_returns_before_consult 须大于 0");
  if (r["upstream_channels"])
    MS_RETURN_IF_ERROR(GetList(file, r, "upstream_channels", &rules.upstream_channels));
  std::vector<std::string> hours;
  MS_RETURN_IF_ERROR(GetList(file, r, "working_hours", &hours));
  if (!hours.empty()) {
    rules.working_hours.clear();
    for (const auto& h : hours) {
      size_t dash = h.find('-');
      int a = 0, b = 0;
      if (dash == std::string::npos || !ParseClock(h.substr(0, dash), &a) ||
          !ParseClock(h.substr(dash + 1), &b) || b <= a)
        return Bad(file, Where(r) + " rules.working_hours 的每一项须为 HH:MM-HH:MM,而不是 " + h);
      rules.working_hours.push_back({a, b});
    }
  }
  return Status::Ok();
}

// <config>/calendar/*.yaml (法定节假日 + 调休), with the zone's offset and working hours.
Status LoadCalendar(const fs::path& dir, ZoneConfig* c) {
  auto years = LoadCalendarDirectory((dir / "calendar").string());
  if (!years.ok()) return years.status();
  WorkingCalendarOptions options;
  options.utc_offset_minutes = c->utc_offset_minutes;
  if (!c->rules.working_hours.empty()) options.periods = c->rules.working_hours;
  auto cal = WorkingCalendar::Create(*years, options);
  if (!cal.ok()) return cal.status();
  c->calendar = std::move(cal).value();
  return Status::Ok();
}

// seed_appeals.jsonl (optional): one labelled appeal per line, {"title", "content", "type",
// "category" (optional), …}; other fields (urgency and 主办 the operators chose …) are kept for
// the tests.
Status LoadSeedAppeals(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "seed_appeals.jsonl";
  std::ifstream in(dir / file);
  if (!in) return Status::Ok();
  size_t line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = "第 " + std::to_string(line_no) + " 行";
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Bad(file, where + "不是 JSON 对象");
    SeedAppeal a;
    for (auto [key, out] : {std::pair{"title", &a.title}, std::pair{"content", &a.content},
                            std::pair{"type", &a.type}}) {
      if (!j.contains(key) || !j[key].is_string())
        return Bad(file, where + "缺少文本字段 " + std::string(key));
      *out = j[key].get<std::string>();
    }
    if (!c->FindIn(c->order_types, a.type))
      return Bad(file, where + "的类型 " + a.type + " 未在 dictionaries.yaml 定义");
    if (auto cat = j.find("category"); cat != j.end() && !cat->is_null()) {
      if (!cat->is_string()) return Bad(file, where + "的 category 不是文本");
      a.category = cat->get<std::string>();
      if (!a.category.empty() &&
          std::none_of(c->categories.begin(), c->categories.end(),
                       [&](const Category& k) { return k.code == a.category; }))
        return Bad(file, where + "的类别 " + a.category + " 未在 categories.yaml 定义");
    }
    if (a.title.empty() && a.content.empty()) return Bad(file, where + "标题和内容都为空");
    c->seed_appeals.push_back(std::move(a));
  }
  return Status::Ok();
}

Status LoadUnits(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "org_units.yaml";
  auto doc = ReadYaml(dir, file, true);
  if (!doc.ok()) return doc.status();
  YAML::Node list = (*doc)["org_units"];
  if (!list || !list.IsSequence()) return Bad(file, "缺少 org_units 列表");
  for (const auto& n : list) {
    OrgUnit u;
    MS_RETURN_IF_ERROR(Get(file, n, "id", &u.id, true));
    MS_RETURN_IF_ERROR(Get(file, n, "name", &u.name, true));
    MS_RETURN_IF_ERROR(Get(file, n, "short", &u.short_name));
    MS_RETURN_IF_ERROR(Get(file, n, "kind", &u.kind));
    MS_RETURN_IF_ERROR(Get(file, n, "parent", &u.parent));
    MS_RETURN_IF_ERROR(Get(file, n, "region", &u.region));
    MS_RETURN_IF_ERROR(Get(file, n, "vertical", &u.vertical));
    MS_RETURN_IF_ERROR(Get(file, n, "verified", &u.verified));
    MS_RETURN_IF_ERROR(GetList(file, n, "duties", &u.duties));
    MS_RETURN_IF_ERROR(GetList(file, n, "aliases", &u.aliases));
    u.dispatchable = u.kind != "upstream" && u.kind != "government" && u.kind != "centre";
    MS_RETURN_IF_ERROR(Get(file, n, "dispatchable", &u.dispatchable));
    c->units.push_back(std::move(u));
  }
  return Status::Ok();
}

Status LoadRegions(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "regions.yaml";
  auto doc = ReadYaml(dir, file, false);
  if (!doc.ok()) return doc.status();
  YAML::Node list = (*doc)["regions"];
  if (!list) return Status::Ok();
  if (!list.IsSequence()) return Bad(file, "regions 须为列表");
  for (const auto& n : list) {
    Region r;
    MS_RETURN_IF_ERROR(Get(file, n, "code", &r.code, true));
    MS_RETURN_IF_ERROR(Get(file, n, "name", &r.name, true));
    MS_RETURN_IF_ERROR(Get(file, n, "unit", &r.unit));
    MS_RETURN_IF_ERROR(GetList(file, n, "aliases", &r.aliases));
    if (YAML::Node vs = n["villages"]) {
      if (!vs.IsSequence()) return Bad(file, Where(vs) + " villages 须为列表");
      for (const auto& vn : vs) {
        Village v;
        MS_RETURN_IF_ERROR(Get(file, vn, "name", &v.name, true));
        MS_RETURN_IF_ERROR(Get(file, vn, "code", &v.code));
        MS_RETURN_IF_ERROR(Get(file, vn, "unit", &v.unit));
        MS_RETURN_IF_ERROR(GetList(file, vn, "groups", &v.groups));
        MS_RETURN_IF_ERROR(GetList(file, vn, "aliases", &v.aliases));
        r.villages.push_back(std::move(v));
      }
    }
    c->regions.push_back(std::move(r));
  }
  return Status::Ok();
}

Status LoadDictionaries(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "dictionaries.yaml";
  auto doc = ReadYaml(dir, file, true);
  if (!doc.ok()) return doc.status();
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "channels", &c->channels));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "order_types", &c->order_types));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "urgencies", &c->urgencies));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "satisfaction", &c->satisfaction_levels));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "reply_results", &c->reply_results));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "emergency_targets", &c->emergency_targets));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "return_reasons", &c->return_reasons));
  MS_RETURN_IF_ERROR(ReadNamedList(file, *doc, "refuse_reasons", &c->refuse_reasons));
  // The lifecycle gives these satisfaction ids meaning; a config without them is unusable.
  for (const char* id : {"satisfied", "basically_satisfied", "dissatisfied", "unreachable"}) {
    bool found = false;
    for (const auto& s : c->satisfaction_levels) found |= s.id == id;
    if (!found) return Bad(file, std::string("satisfaction 须包含 id ") + id);
  }
  return Status::Ok();
}

Status LoadCategories(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "categories.yaml";
  auto doc = ReadYaml(dir, file, true);
  if (!doc.ok()) return doc.status();
  YAML::Node list = (*doc)["categories"];
  if (!list || !list.IsSequence()) return Bad(file, "缺少 categories 列表");
  for (const auto& n : list) {
    Category top;
    top.level = 1;
    std::string route = "industry";
    MS_RETURN_IF_ERROR(Get(file, n, "code", &top.code, true));
    MS_RETURN_IF_ERROR(Get(file, n, "name", &top.name, true));
    MS_RETURN_IF_ERROR(Get(file, n, "route", &route));
    auto mode = ParseRoute(file, n, route);
    if (!mode.ok()) return mode.status();
    top.route = *mode;
    MS_RETURN_IF_ERROR(Get(file, n, "main", &top.main_unit));
    MS_RETURN_IF_ERROR(GetList(file, n, "co", &top.co_units));
    MS_RETURN_IF_ERROR(GetList(file, n, "keywords", &top.keywords));
    MS_RETURN_IF_ERROR(GetList(file, n, "not_keywords", &top.not_keywords));
    MS_RETURN_IF_ERROR(CheckNotKeywords(file, n, top));
    MS_RETURN_IF_ERROR(Get(file, n, "note", &top.note));
    MS_RETURN_IF_ERROR(Get(file, n, "in_village", &top.in_village));
    MS_RETURN_IF_ERROR(Get(file, n, "fallback", &top.fallback));
    c->categories.push_back(top);
    if (YAML::Node kids = n["children"]) {
      if (!kids.IsSequence()) return Bad(file, Where(kids) + " children 须为列表");
      for (const auto& k : kids) {
        Category sub = top;  // inherits route/main/co
        sub.level = 2;
        sub.parent = top.code;
        sub.note.clear();
        sub.keywords.clear();
        sub.not_keywords.clear();
        sub.in_village.clear();
        MS_RETURN_IF_ERROR(Get(file, k, "code", &sub.code, true));
        MS_RETURN_IF_ERROR(Get(file, k, "name", &sub.name, true));
        if (k["route"]) {
          std::string r;
          MS_RETURN_IF_ERROR(Get(file, k, "route", &r));
          auto m = ParseRoute(file, k, r);
          if (!m.ok()) return m.status();
          sub.route = *m;
        }
        MS_RETURN_IF_ERROR(Get(file, k, "main", &sub.main_unit));
        if (k["co"]) MS_RETURN_IF_ERROR(GetList(file, k, "co", &sub.co_units));
        MS_RETURN_IF_ERROR(GetList(file, k, "keywords", &sub.keywords));
        MS_RETURN_IF_ERROR(GetList(file, k, "not_keywords", &sub.not_keywords));
        MS_RETURN_IF_ERROR(CheckNotKeywords(file, k, sub));
        MS_RETURN_IF_ERROR(Get(file, k, "note", &sub.note));
        MS_RETURN_IF_ERROR(Get(file, k, "in_village", &sub.in_village));
        MS_RETURN_IF_ERROR(Get(file, k, "order_type", &sub.order_type));
        MS_RETURN_IF_ERROR(Get(file, k, "to_named_unit", &sub.to_named_unit));
        sub.fallback = false;  // not inherited: each class says so itself
        MS_RETURN_IF_ERROR(Get(file, k, "fallback", &sub.fallback));
        if (sub.code.rfind(top.code + ".", 0) != 0)
          return Bad(file, Where(k) + " 二级类别编码 " + sub.code + " 须以 " + top.code + ". 开头");
        c->categories.push_back(std::move(sub));
      }
    }
  }
  return Status::Ok();
}

Status LoadSla(const fs::path& dir, ZoneConfig* c) {
  const std::string file = "sla.yaml";
  auto doc = ReadYaml(dir, file, false);
  if (!doc.ok()) return doc.status();
  YAML::Node list = (*doc)["sla"];
  if (!list) return Status::Ok();
  if (!list.IsSequence()) return Bad(file, "sla 须为列表");
  for (const auto& n : list) {
    SlaRule r;
    MS_RETURN_IF_ERROR(Get(file, n, "class", &r.klass, true));
    MS_RETURN_IF_ERROR(Get(file, n, "label", &r.label));
    MS_RETURN_IF_ERROR(ReadSlaField(file, n, "dispatch", &r.dispatch));
    MS_RETURN_IF_ERROR(ReadSlaField(file, n, "sign", &r.sign));
    MS_RETURN_IF_ERROR(ReadSlaField(file, n, "first_contact", &r.first_contact));
    MS_RETURN_IF_ERROR(ReadSlaField(file, n, "reply", &r.reply));
    MS_RETURN_IF_ERROR(ReadSlaField(file, n, "extension", &r.extension));
    MS_RETURN_IF_ERROR(Get(file, n, "max_extensions", &r.max_extensions));
    MS_RETURN_IF_ERROR(Get(file, n, "note", &r.note));
    c->sla.push_back(std::move(r));
  }
  return Status::Ok();
}

// yaml-cpp throws where a value has the wrong shape (a key under a scalar after a slip of
// indentation, a map where a list belongs): every loader runs under this guard, so such a file
// gives invalid_config naming the file and line instead of ending the process.
template <typename F>
Status Guarded(const std::string& file, F&& load) {
  try {
    return load();
  } catch (const YAML::Exception& e) {
    const std::string where =
        e.mark.is_null() ? std::string() : "第 " + std::to_string(e.mark.line + 1) + " 行";
    return Bad(file, where + "结构不正确(缩进或层次有误):" + e.msg);
  } catch (const std::exception& e) {
    return Bad(file, std::string("无法读取:") + e.what());
  }
}

}  // namespace

Result<ZoneConfig> LoadZoneConfig(const std::string& dir_name) {
  fs::path dir(dir_name);
  if (!fs::is_directory(dir))
    return InvalidArgument("invalid_config", "配置目录不存在:" + dir_name);
  ZoneConfig c;
  MS_RETURN_IF_ERROR(Guarded("zone.yaml", [&] { return LoadZone(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("org_units.yaml", [&] { return LoadUnits(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("regions.yaml", [&] { return LoadRegions(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("dictionaries.yaml", [&] { return LoadDictionaries(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("categories.yaml", [&] { return LoadCategories(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("sla.yaml", [&] { return LoadSla(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("calendar/", [&] { return LoadCalendar(dir, &c); }));
  MS_RETURN_IF_ERROR(Guarded("seed_appeals.jsonl", [&] { return LoadSeedAppeals(dir, &c); }));
  for (const auto& ch : c.rules.upstream_channels)
    if (!c.FindIn(c.channels, ch))
      return Bad("zone.yaml",
                 "rules.upstream_channels 中的渠道 " + ch + " 未在 dictionaries.yaml 定义");
  c.BuildIndex();
  MS_RETURN_IF_ERROR(c.Validate());
  return c;
}

namespace {

Status LoadServer(const std::string& dir_name, const std::string& file, ServerConfig* out) {
  ServerConfig& s = *out;
  auto doc = ReadYaml(fs::path(dir_name), file, false);
  if (!doc.ok()) return doc.status();
  YAML::Node n = (*doc)["server"];
  if (!n) return Status::Ok();
  if (!n.IsMap()) return Bad(file, Where(n) + " server 须为「键: 值」的映射");
  MS_RETURN_IF_ERROR(Get(file, n, "bind", &s.bind));
  MS_RETURN_IF_ERROR(Get(file, n, "port", &s.port));
  MS_RETURN_IF_ERROR(Get(file, n, "io_threads", &s.io_threads));
  MS_RETURN_IF_ERROR(Get(file, n, "worker_threads", &s.worker_threads));
  MS_RETURN_IF_ERROR(Get(file, n, "request_timeout_ms", &s.request_timeout_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "idle_timeout_ms", &s.idle_timeout_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "keepalive_max_requests", &s.keepalive_max_requests));
  MS_RETURN_IF_ERROR(Get(file, n, "session_ttl_ms", &s.session_ttl_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "shutdown_grace_ms", &s.shutdown_grace_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "sweep_interval_ms", &s.sweep_interval_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "notify_webhook_url", &s.notify_webhook_url));
  MS_RETURN_IF_ERROR(Get(file, n, "notify_webhook_secret", &s.notify_webhook_secret));
  MS_RETURN_IF_ERROR(Get(file, n, "upstream_export_interval_ms", &s.upstream_export_interval_ms));
  MS_RETURN_IF_ERROR(Get(file, n, "upstream_export_file", &s.upstream_export_file));
  MS_RETURN_IF_ERROR(Get(file, n, "upstream_webhook_url", &s.upstream_webhook_url));
  MS_RETURN_IF_ERROR(Get(file, n, "upstream_webhook_secret", &s.upstream_webhook_secret));
  if (s.upstream_export_interval_ms != 0 && s.upstream_export_interval_ms < 1000)
    return Bad(file, "upstream_export_interval_ms 须为 0(关闭)或不小于 1000");
  if (s.sweep_interval_ms != 0 && s.sweep_interval_ms < 1000)
    return Bad(file, "sweep_interval_ms 须为 0(关闭)或不小于 1000");
  if (s.port < 0 || s.port > 65535) return Bad(file, "port 须在 0–65535 之间");
  if (s.io_threads < 1 || s.io_threads > 64) return Bad(file, "io_threads 须在 1–64 之间");
  if (s.worker_threads < 1 || s.worker_threads > 1024)
    return Bad(file, "worker_threads 须在 1–1024 之间");
  if (s.request_timeout_ms < 100 || s.idle_timeout_ms < 100 || s.session_ttl_ms < 60000 ||
      s.keepalive_max_requests < 1 || s.shutdown_grace_ms < 0)
    return Bad(file, "超时或上限设置过小");
  return Status::Ok();
}

}  // namespace

Result<ServerConfig> LoadServerConfig(const std::string& dir_name) {
  const std::string file = "server.yaml";
  ServerConfig s;
  MS_RETURN_IF_ERROR(Guarded(file, [&] { return LoadServer(dir_name, file, &s); }));
  return s;
}

}  // namespace minsheng
