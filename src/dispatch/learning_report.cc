// The dispatch accuracy report of the learning loop (declared in learning.h).
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "core/time_util.h"
#include "dispatch/dispatch_util.h"
#include "dispatch/learning.h"

namespace minsheng {
namespace {

using nlohmann::json;

// Display width of UTF-8 text (CJK counts two columns).
int Width(const std::string& s) {
  int cols = 0;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    cols += len >= 3 ? 2 : 1;
    i += len;
  }
  return cols;
}

std::string Pad(const std::string& s, int width) {
  std::string out = s;
  for (int cols = Width(s); cols < width; ++cols) out.push_back(' ');
  return out;
}

std::string PadLeft(const std::string& s, int width) {
  std::string out;
  for (int cols = Width(s); cols < width; ++cols) out.push_back(' ');
  return out + s;
}

// 城市管理/占道经营与流动摊贩 for a code, the code itself when unknown.
std::string CategoryPath(const ZoneConfig& config, const std::string& code) {
  if (code.empty()) return "(无类别)";
  const Category* c = config.FindCategory(code);
  if (c == nullptr) return code;
  if (c->level == 2) {
    if (const Category* p = config.FindCategory(c->parent)) return p->name + "/" + c->name;
  }
  return c->name;
}

void Count(const DispatchRecord& r, AccuracyCounts* c) {
  ++c->orders;
  c->accepted_returns += static_cast<int64_t>(r.returned_from.size());
  if (!r.suggested) return;
  ++c->suggested;
  const std::string& first_cat = r.first_category.empty() ? r.final_category : r.first_category;
  const bool cat_changed = !first_cat.empty() && !CategoryMatches(r.suggested_category, first_cat);
  const bool unit_changed = r.suggested_main != r.first_main;
  if (cat_changed) ++c->corrected_category;
  if (unit_changed) ++c->corrected_unit;
  ++(cat_changed || unit_changed ? c->corrected : c->confirmed);
  if (!r.final_category.empty()) {
    ++c->category_judged;
    if (CategoryMatches(r.suggested_category, r.final_category)) ++c->category_hits;
  }
  if (!r.final_main.empty()) {
    ++c->unit_judged;
    if (r.suggested_main == r.final_main) ++c->unit_hits;
  }
}

json CountsJson(const AccuracyCounts& c) {
  return json{{"orders", c.orders},
              {"suggested", c.suggested},
              {"confirmed", c.confirmed},
              {"corrected", c.corrected},
              {"corrected_category", c.corrected_category},
              {"corrected_unit", c.corrected_unit},
              {"accepted_returns", c.accepted_returns},
              {"category_judged", c.category_judged},
              {"category_hits", c.category_hits},
              {"category_accuracy", c.CategoryAccuracy()},
              {"unit_judged", c.unit_judged},
              {"unit_hits", c.unit_hits},
              {"unit_accuracy", c.UnitAccuracy()}};
}

std::string Pct(int64_t hits, int64_t judged) {
  return judged == 0 ? "-" : Fixed(100.0 * static_cast<double>(hits) / judged, 1) + "%";
}

void TableRow(std::ostringstream& out, const std::string& name, const AccuracyCounts& c) {
  out << Pad(name, 34) << PadLeft(std::to_string(c.orders), 6)
      << PadLeft(std::to_string(c.suggested), 6) << PadLeft(std::to_string(c.confirmed), 6)
      << PadLeft(std::to_string(c.corrected_category), 8)
      << PadLeft(std::to_string(c.corrected_unit), 8)
      << PadLeft(std::to_string(c.accepted_returns), 6)
      << PadLeft(Pct(c.category_hits, c.category_judged), 12)
      << PadLeft(Pct(c.unit_hits, c.unit_judged), 12) << "\n";
}

void TableHeader(std::ostringstream& out, const std::string& first) {
  out << Pad(first, 34) << PadLeft("工单", 6) << PadLeft("建议", 6) << PadLeft("确认", 6)
      << PadLeft("改类别", 8) << PadLeft("改主办", 8) << PadLeft("退回", 6)
      << PadLeft("类别准确率", 12) << PadLeft("主办准确率", 12) << "\n";
}

template <typename Key, typename Render>
std::vector<Confusion> TopConfusions(const std::map<Key, int64_t>& counts, size_t max,
                                     Render render) {
  std::vector<std::pair<Key, int64_t>> rows(counts.begin(), counts.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<Confusion> out;
  for (size_t i = 0; i < rows.size() && i < max; ++i) {
    Confusion c = render(rows[i].first);
    c.count = rows[i].second;
    out.push_back(std::move(c));
  }
  return out;
}

std::string RangeText(int64_t from, int64_t to, int offset) {
  if (from == 0 && to == 0) return "全部";
  return (from ? FormatIso8601(from, offset).substr(0, 10) : std::string("…")) + " 至 " +
         (to ? FormatIso8601(to, offset).substr(0, 10) : std::string("…")) + "(不含)";
}

}  // namespace

double AccuracyCounts::CategoryAccuracy() const {
  return category_judged == 0 ? 0 : static_cast<double>(category_hits) / category_judged;
}

double AccuracyCounts::UnitAccuracy() const {
  return unit_judged == 0 ? 0 : static_cast<double>(unit_hits) / unit_judged;
}

AccuracyReport BuildAccuracyReport(const HistoryScan& scan, const ZoneConfig& config,
                                   size_t max_confusions) {
  AccuracyReport report;
  report.orders_scanned = scan.orders_scanned;
  std::map<std::string, CategoryAccuracy> cats;
  std::map<std::string, UnitAccuracy> units;
  std::map<std::pair<std::string, std::string>, int64_t> cat_confusions;
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> unit_confusions;
  auto unit_row = [&](const std::string& id) -> UnitAccuracy& {
    UnitAccuracy& u = units[id];
    if (u.unit.empty()) {
      u.unit = id;
      const OrgUnit* ou = config.FindUnit(id);
      u.name = ou ? ou->name : id;
    }
    return u;
  };
  for (const DispatchRecord& r : scan.records) {
    Count(r, &report.total);
    CategoryAccuracy& c = cats[r.final_category];
    c.code = r.final_category;
    Count(r, &c.counts);
    if (!r.final_main.empty()) Count(r, &unit_row(r.final_main).counts);
    if (r.suggested && !r.suggested_main.empty()) {
      UnitAccuracy& u = unit_row(r.suggested_main);
      ++u.suggested_main;
      if (r.suggested_main == r.final_main) ++u.suggested_main_hits;
    }
    for (const std::string& from : r.returned_from) {
      if (!from.empty()) ++unit_row(from).returns_from;
    }
    if (!r.suggested) continue;
    if (!r.final_category.empty() && !CategoryMatches(r.suggested_category, r.final_category))
      ++cat_confusions[{r.suggested_category, r.final_category}];
    if (!r.final_main.empty() && r.suggested_main != r.final_main)
      ++unit_confusions[{r.suggested_category, r.suggested_main, r.final_main}];
  }
  for (auto& [code, c] : cats) {
    c.path = CategoryPath(config, code);
    report.categories.push_back(std::move(c));
  }
  for (auto& [id, u] : units) report.units.push_back(std::move(u));
  report.category_confusions = TopConfusions(cat_confusions, max_confusions, [&](const auto& key) {
    return Confusion{CategoryPath(config, key.first), CategoryPath(config, key.second), 0};
  });
  report.unit_confusions = TopConfusions(unit_confusions, max_confusions, [&](const auto& key) {
    const std::string unit = std::get<1>(key).empty() ? "无建议单位" : std::get<1>(key);
    return Confusion{CategoryPath(config, std::get<0>(key)) + " (" + unit + ")", std::get<2>(key),
                     0};
  });
  return report;
}

std::string AccuracyReportJson(const AccuracyReport& report, int utc_offset_minutes) {
  json j;
  j["from"] = report.from ? json(FormatIso8601(report.from, utc_offset_minutes)) : json();
  j["to"] = report.to ? json(FormatIso8601(report.to, utc_offset_minutes)) : json();
  j["orders_scanned"] = report.orders_scanned;
  j["total"] = CountsJson(report.total);
  json cats = json::array();
  for (const CategoryAccuracy& c : report.categories) {
    json row = CountsJson(c.counts);
    row["code"] = c.code.empty() ? json() : json(c.code);
    row["path"] = c.path;
    cats.push_back(std::move(row));
  }
  j["categories"] = std::move(cats);
  json units = json::array();
  for (const UnitAccuracy& u : report.units) {
    json row = CountsJson(u.counts);
    row["unit"] = u.unit;
    row["name"] = u.name;
    row["suggested_main"] = u.suggested_main;
    row["suggested_main_hits"] = u.suggested_main_hits;
    row["suggested_main_precision"] =
        u.suggested_main ? static_cast<double>(u.suggested_main_hits) / u.suggested_main : 0.0;
    row["returns_from"] = u.returns_from;
    units.push_back(std::move(row));
  }
  j["units"] = std::move(units);
  auto confusions = [](const std::vector<Confusion>& list) {
    json out = json::array();
    for (const Confusion& c : list) {
      out.push_back(json{{"suggested", c.suggested},
                         {"actual", c.actual},
                         {"count", c.count},
                         {"text", "建议 " + c.suggested + " → 实际 " + c.actual + " " +
                                      std::to_string(c.count) + " 次"}});
    }
    return out;
  };
  j["confusions"] = json{{"categories", confusions(report.category_confusions)},
                         {"units", confusions(report.unit_confusions)}};
  return j.dump();
}

std::string AccuracyReportTable(const AccuracyReport& report, int utc_offset_minutes) {
  std::ostringstream out;
  const AccuracyCounts& t = report.total;
  out << "智能派单准确率报告(受理时间 " << RangeText(report.from, report.to, utc_offset_minutes)
      << "):工单 " << report.orders_scanned << " 件,已派单 " << t.orders << " 件,有建议 "
      << t.suggested << " 件;确认建议 " << t.confirmed << ",修正 " << t.corrected << "(改类别 "
      << t.corrected_category << ",改主办 " << t.corrected_unit << "),退回改派 "
      << t.accepted_returns << " 次;类别准确率 " << Pct(t.category_hits, t.category_judged)
      << ",主办准确率 " << Pct(t.unit_hits, t.unit_judged) << "\n\n";
  out << "按类别(最终类别)\n";
  TableHeader(out, "类别");
  for (const CategoryAccuracy& c : report.categories) {
    TableRow(out, (c.code.empty() ? std::string() : c.code + " ") + c.path, c.counts);
  }
  out << "\n按单位(最终主办单位;另列被建议为主办的次数、其中正确的比例和被认可的退回)\n";
  TableHeader(out, "单位");
  for (const UnitAccuracy& u : report.units) {
    std::ostringstream line;
    TableRow(line, u.unit + " " + u.name, u.counts);
    std::string s = line.str();
    s.pop_back();
    out << s << "   被建议 " << u.suggested_main << " 次,正确 "
        << Pct(u.suggested_main_hits, u.suggested_main) << ",退回 " << u.returns_from << "\n";
  }
  out << "\n最常见的类别偏差\n";
  if (report.category_confusions.empty()) out << "  (无)\n";
  for (const Confusion& c : report.category_confusions)
    out << "  建议 " << c.suggested << " → 实际 " << c.actual << " " << c.count << " 次\n";
  out << "\n最常见的主办偏差\n";
  if (report.unit_confusions.empty()) out << "  (无)\n";
  for (const Confusion& c : report.unit_confusions)
    out << "  建议 " << c.suggested << " → 实际 " << c.actual << " " << c.count << " 次\n";
  return out.str();
}

Result<std::string> DispatchAccuracyJson(OrderRepository& repo, const ZoneConfig& config,
                                         int64_t from, int64_t to) {
  ScanOptions options;
  options.from = from;
  options.to = to;
  auto scan = ScanDispatchHistory(repo, options);
  if (!scan.ok()) return scan.status();
  AccuracyReport report = BuildAccuracyReport(*scan, config);
  report.from = from;
  report.to = to;
  return AccuracyReportJson(report, config.utc_offset_minutes);
}

}  // namespace minsheng
