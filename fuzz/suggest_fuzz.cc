// Fuzz target: the whole smart dispatch suggestion (normalisation, classifier and its evidence,
// wording rules, emergency screen, facts, gazetteer, routing, JSON) on the default zone
// configuration with a small model trained at start-up.
//
// Input: title, content, address and phone separated by 0x1F (unit separator).
// Invariants: an appeal with a title or content gives a suggestion whose JSON parses; scores are
// probabilities in descending order; every span lies inside the field it names, and a fact's
// text is what the span covers in valid UTF-8; an empty appeal and invalid UTF-8 are refused with
// their codes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "app/config_loader.h"
#include "core/text.h"
#include "dispatch/classifier.h"
#include "dispatch/dispatcher.h"
#include "dispatch/text_normalizer.h"
#include "fuzz/fuzz_check.h"

namespace {

using minsheng::DecodeUtf8;
using nlohmann::json;

// Written for this target (no real citizen message): four labels, six appeals each.
const minsheng::LabeledText kExamples[] = {
    {"小区门口占道经营", "每天晚上烧烤摊占用人行道,油烟很大,请城管处理", "城市管理"},
    {"流动摊贩堵路", "学校门口流动摊贩太多,学生上下学很危险", "城市管理"},
    {"渣土车抛洒", "渣土车夜间行驶抛洒泥土,道路脏乱", "城市管理"},
    {"违章搭建", "楼顶有人违章搭建彩钢房,影响邻居采光", "城市管理"},
    {"垃圾清运不及时", "垃圾桶满了三天没人清运,臭味很大", "城市管理"},
    {"", "路边广告牌破损摇晃,担心砸到行人", "城市管理"},
    {"停水没有通知", "王贺村2组从昨天开始停水,没有任何通知", "水电气暖"},
    {"下水道堵塞", "小区下水道堵塞污水外溢,请尽快疏通", "水电气暖"},
    {"暖气不热", "供暖以后家里暖气一直不热,室温只有十二度", "水电气暖"},
    {"燃气费用问题", "燃气公司多收费用,电话咨询无人答复", "水电气暖"},
    {"路灯不亮", "崇业路东段路灯一个月不亮,晚上出行不便", "水电气暖"},
    {"频繁停电", "", "水电气暖"},
    {"拖欠工资", "在工地干活半年,老板拖欠工资三万元不给", "劳动保障"},
    {"社保缴费咨询", "灵活就业人员怎么缴纳养老保险,需要什么材料", "劳动保障"},
    {"公司不签劳动合同", "入职三个月公司一直不签劳动合同也不交社保", "劳动保障"},
    {"失业金申领", "失业以后如何申领失业保险金", "劳动保障"},
    {"农民工讨薪", "项目完工后包工头失联,农民工工资无人支付", "劳动保障"},
    {"医保报销", "", "劳动保障"},
    {"学校乱收费", "学校要求每个学生交资料费,没有收据", "教育"},
    {"幼儿园入学", "孩子今年上幼儿园,户口不在本地能否报名", "教育"},
    {"校车安全", "校车超载,孩子挤在过道上", "教育"},
    {"课外培训", "培训机构收了学费以后关门跑路", "教育"},
    {"学区划分", "新建小区划到哪个学校的学区", "教育"},
    {"教师补课", "", "教育"},
};

std::unique_ptr<minsheng::Dispatcher> dispatcher;

size_t CodePoints(std::string_view s) { return DecodeUtf8(s).size(); }

void CheckSpan(const json& item, const std::vector<std::string_view>& fields, bool text_exact) {
  FUZZ_CHECK(item.contains("field"));
  if (item["field"].is_null()) return;
  const std::string field = item["field"].get<std::string>();
  const size_t f = field == "title"     ? 0
                   : field == "content" ? 1
                   : field == "address" ? 2
                   : field == "phone"   ? 3
                                        : 4;
  FUZZ_CHECK(f < fields.size());
  const size_t start = item["start"].get<size_t>(), end = item["end"].get<size_t>();
  FUZZ_CHECK(start < end);
  FUZZ_CHECK(end <= CodePoints(fields[f]));
  if (text_exact && minsheng::IsValidUtf8(fields[f])) {
    const std::u32string cps = DecodeUtf8(fields[f]);
    FUZZ_CHECK(minsheng::EncodeUtf8(cps.substr(start, end - start)) ==
               item["text"].get<std::string>());
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  auto config = minsheng::LoadZoneConfig(MINSHENG_FUZZ_CONFIG_DIR);
  FUZZ_CHECK(config.ok());
  std::vector<minsheng::LabeledText> data(std::begin(kExamples), std::end(kExamples));
  minsheng::TrainOptions options;
  options.threads = 1;
  options.features.min_df = 1;
  auto model = minsheng::TrainTextModel(data, options, nullptr);
  FUZZ_CHECK(model.ok());
  dispatcher = std::make_unique<minsheng::Dispatcher>(
      config.value(), std::shared_ptr<const minsheng::TextModel>(std::move(model).value()));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> parts;
  size_t from = 0;
  while (parts.size() < 3) {
    const size_t sep = in.find('\x1F', from);
    if (sep == std::string_view::npos) break;
    parts.push_back(in.substr(from, sep - from));
    from = sep + 1;
  }
  parts.push_back(in.substr(from));
  parts.resize(4);
  const minsheng::SuggestRequest request{.title = std::string(parts[0]),
                                         .content = std::string(parts[1]),
                                         .address = std::string(parts[2]),
                                         .phone = std::string(parts[3])};

  auto result = dispatcher->Suggest(request);
  if (!result.ok()) {
    const auto& st = result.status();
    FUZZ_CHECK(st.code() == minsheng::StatusCode::kInvalidArgument);
    FUZZ_CHECK(!st.message().empty());
    FUZZ_CHECK(st.error_code() == "empty_appeal" || st.error_code() == "invalid_utf8");
    if (st.error_code() == "empty_appeal") {
      FUZZ_CHECK(request.title.empty() && request.content.empty());
    }
    return 0;
  }
  FUZZ_CHECK(!request.title.empty() || !request.content.empty());
  const minsheng::DispatchSuggestion& s = result.value();
  json j;
  try {
    j = json::parse(s.json);
  } catch (const std::exception&) {
    FUZZ_CHECK(false && "suggestion JSON does not parse");
  }
  FUZZ_CHECK(j.is_object());
  FUZZ_CHECK(!s.type.empty() && !s.urgency.empty());
  FUZZ_CHECK(s.categories.size() <= 3);
  double sum = 0;
  for (size_t i = 0; i < s.categories.size(); ++i) {
    const double p = s.categories[i].second;
    FUZZ_CHECK(p >= 0 && p <= 1);
    if (i > 0) FUZZ_CHECK(p <= s.categories[i - 1].second);
    sum += p;
  }
  FUZZ_CHECK(sum <= 1 + 1e-9);
  const std::vector<std::string_view> fields = {parts[0], parts[1], parts[2], parts[3]};
  for (const json& f : j["facts"]) CheckSpan(f, fields, true);
  if (j.contains("category_evidence")) {
    for (const json& e : j["category_evidence"]) CheckSpan(e, fields, false);
  }
  if (!j["region"].is_null()) CheckSpan(j["region"], fields, false);
  return 0;
}
