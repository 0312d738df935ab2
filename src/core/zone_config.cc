#include "core/zone_config.h"

#include <charconv>
#include <set>

namespace minsheng {

Result<SlaDuration> ParseSlaDuration(std::string_view text) {
  SlaDuration d;
  d.text = std::string(text);
  size_t i = 0;
  while (i < text.size() && (isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
  if (i == 0) return InvalidArgument("invalid_duration", "时限格式错误:" + std::string(text));
  std::string number(text.substr(0, i));
  char* end = nullptr;
  d.value = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size() || d.value < 0)
    return InvalidArgument("invalid_duration", "时限格式错误:" + std::string(text));
  std::string_view unit = text.substr(i);
  if (unit == "min") {
    d.unit = SlaDuration::Unit::kMinutes;
  } else if (unit == "h") {
    d.unit = SlaDuration::Unit::kHours;
  } else if (unit == "WH") {
    d.unit = SlaDuration::Unit::kWorkingHours;
  } else if (unit == "WD") {
    d.unit = SlaDuration::Unit::kWorkingDays;
  } else if (unit == "d") {
    d.unit = SlaDuration::Unit::kDays;
  } else {
    return InvalidArgument("invalid_duration",
                           "时限单位错误(可用 min/h/WH/WD/d):" + std::string(text));
  }
  return d;
}

void ZoneConfig::BuildIndex() {
  unit_index_.clear();
  category_index_.clear();
  for (size_t i = 0; i < units.size(); ++i) unit_index_.emplace(units[i].id, i);
  for (size_t i = 0; i < categories.size(); ++i) {
    category_index_.emplace(categories[i].code, i);
    std::string path = categories[i].name;
    if (!categories[i].parent.empty()) {
      auto it = category_index_.find(categories[i].parent);
      if (it != category_index_.end()) path = categories[it->second].name + "/" + path;
    }
    category_index_.emplace(path, i);  // "城市管理/占道经营" or "城市管理"
  }
}

const OrgUnit* ZoneConfig::FindUnit(std::string_view id) const {
  auto it = unit_index_.find(id);
  return it == unit_index_.end() ? nullptr : &units[it->second];
}

const Category* ZoneConfig::FindCategory(std::string_view code_or_name) const {
  auto it = category_index_.find(code_or_name);
  return it == category_index_.end() ? nullptr : &categories[it->second];
}

const NamedId* ZoneConfig::FindIn(const std::vector<NamedId>& list,
                                  std::string_view id_or_name) const {
  for (const auto& n : list)
    if (n.id == id_or_name || n.name == id_or_name) return &n;
  return nullptr;
}

const SlaRule* ZoneConfig::FindSla(std::string_view klass) const {
  for (const auto& r : sla)
    if (r.klass == klass) return &r;
  return nullptr;
}

Status ZoneConfig::Validate() const {
  auto bad = [](const std::string& msg) { return InvalidArgument("invalid_config", msg); };
  std::set<std::string> ids;
  for (const auto& u : units) {
    if (u.id.empty() || u.name.empty()) return bad("组织单位缺少 id 或 name");
    if (!ids.insert(u.id).second) return bad("组织单位 id 重复:" + u.id);
  }
  for (const auto& u : units)
    if (!u.parent.empty() && !ids.count(u.parent))
      return bad("组织单位 " + u.id + " 的上级 " + u.parent + " 不存在");
  if (!centre_unit.empty() && !ids.count(centre_unit))
    return bad("热线中心单位 " + centre_unit + " 不存在");
  for (const auto& r : regions) {
    if (!r.unit.empty() && !ids.count(r.unit))
      return bad("区划 " + r.code + " 指向的单位 " + r.unit + " 不存在");
    for (const auto& v : r.villages)
      if (!v.unit.empty() && !ids.count(v.unit))
        return bad("区划 " + r.code + " 下的村/社区 " + v.name + " 指向的单位 " + v.unit +
                   " 不存在");
  }
  std::set<std::string> codes;
  for (const auto& c : categories) {
    if (c.code.empty() || c.name.empty()) return bad("类别缺少 code 或 name");
    if (!codes.insert(c.code).second) return bad("类别编码重复:" + c.code);
    if (c.level == 2 && !codes.count(c.parent))
      return bad("二级类别 " + c.code + " 的一级类别 " + c.parent + " 不存在(须先定义)");
    if (!c.main_unit.empty() && !ids.count(c.main_unit))
      return bad("类别 " + c.code + " 的主办单位 " + c.main_unit + " 不存在");
    for (const auto& co : c.co_units)
      if (!ids.count(co)) return bad("类别 " + c.code + " 的协办单位 " + co + " 不存在");
  }
  for (const auto& c : categories) {
    if (!c.in_village.empty() && (c.in_village == c.code || !codes.count(c.in_village)))
      return bad("类别 " + c.code + " 的村组内替代类别 in_village " + c.in_village + " 不存在");
  }
  auto unique = [&](const std::vector<NamedId>& list, const char* what) -> Status {
    std::set<std::string> seen;
    for (const auto& n : list) {
      if (n.id.empty()) return bad(std::string(what) + " 缺少 id");
      if (!seen.insert(n.id).second) return bad(std::string(what) + " id 重复:" + n.id);
    }
    if (list.empty()) return bad(std::string(what) + " 不能为空");
    return Status::Ok();
  };
  MS_RETURN_IF_ERROR(unique(channels, "受理渠道 channels"));
  MS_RETURN_IF_ERROR(unique(order_types, "诉求类型 order_types"));
  MS_RETURN_IF_ERROR(unique(urgencies, "紧急程度 urgency"));
  MS_RETURN_IF_ERROR(unique(satisfaction_levels, "满意度 satisfaction"));
  MS_RETURN_IF_ERROR(unique(reply_results, "办理结果 reply_results"));
  MS_RETURN_IF_ERROR(unique(emergency_targets, "应急专线 emergency_targets"));
  MS_RETURN_IF_ERROR(unique(return_reasons, "退回理由 return_reasons"));
  MS_RETURN_IF_ERROR(unique(refuse_reasons, "不予受理理由 refuse_reasons"));
  if (order_number_prefix.empty() || order_number_prefix.size() > 8)
    return bad("工单编号前缀须为 1–8 个字符");
  if (visit_max_attempts < 1) return bad("visit_max_attempts 须大于 0");
  if (max_returns_before_consult < 1) return bad("max_returns_before_consult 须大于 0");
  if (!(rules.yellow_share > 0 && rules.yellow_share < 1))
    return bad("rules.yellow_share 须在 0 与 1 之间(不含)");
  if (rules.extension_cutoff_minute < 0 || rules.extension_cutoff_minute >= 24 * 60)
    return bad("rules.extension_cutoff 须为 00:00–23:59 之间的时刻");
  for (const SlaDuration* d : {&rules.return_window, &rules.reopen_reply, &rules.visit_window,
                               &rules.stage_reply_interval, &rules.ledger_max})
    if (!(d->value > 0)) return bad("rules 中的时长须大于 0:" + d->text);
  return Status::Ok();
}

}  // namespace minsheng
