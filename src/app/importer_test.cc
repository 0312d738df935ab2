#include "app/importer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "testing/service_test_base.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;

class ImporterTest : public testing::ServiceTestBase {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = dir_ + "/" + name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

  Actor admin_{"admin", Role::kAdmin, ""};
};

TEST_F(ImporterTest, JsonlKeepsGoodRowsAndReportsBadOnesByLine) {
  std::string p =
      Write("h.jsonl",
            "{\"title\":\"路灯不亮\",\"text\":\"小区门口路灯坏了\",\"time\":\"2020-01-04 "
            "11:17:46\",\"label\":\"城乡建设\"}\n"
            "not json\n"
            "\n"
            "{\"channel\":\"fax\",\"title\":\"x\"}\n"
            "{\"channel\":\"city_platform\",\"external_id\":\"WN1\",\"type\":\"投诉\","
            "\"title\":\"噪音\",\"citizen\":{\"name\":\"李\",\"phone\":\"13900000000\"}}\n"
            "{\"channel\":\"city_platform\",\"external_id\":\"WN1\",\"type\":\"投诉\","
            "\"title\":\"噪音\"}\n"
            "{\"title\":\"\xff\xfe\"}\n");
  int64_t calls = 0;
  auto r = ImportOrdersFile(*service_, admin_, p, [&](int64_t, int64_t, int64_t) { ++calls; });
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->total, 6);
  EXPECT_EQ(r->imported, 2);
  EXPECT_EQ(r->skipped_existing, 1);
  ASSERT_EQ(r->errors.size(), 3u);
  EXPECT_EQ(r->errors[0].line, 2);
  EXPECT_EQ(r->errors[0].code, "invalid_json");
  EXPECT_EQ(r->errors[1].line, 4);
  EXPECT_EQ(r->errors[1].code, "unknown_channel");
  EXPECT_EQ(r->errors[2].line, 7);
  EXPECT_EQ(r->errors[2].code, "invalid_utf8");
  EXPECT_GE(calls, 1);
  auto page = store_->List(OrderQuery{});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  // The historical time is kept (2020-01-04 11:17:46 Beijing time) and the number follows it.
  bool found = false;
  for (const auto& o : page->items) {
    if (o.title == "路灯不亮") {
      found = true;
      EXPECT_EQ(o.number.substr(0, 10), "GX20200104");
      EXPECT_EQ(o.content, "小区门口路灯坏了");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ImporterTest, CsvWithQuotesNewlinesAndBadRows) {
  std::string p =
      Write("h.csv",
            "\xEF\xBB\xBF"
            "channel,type,title,content,citizen_phone,created_at\n"
            "phone,complaint,\"占道经营,晚上\",\"第一行\n第二行 \"\"引号\"\"\",139,2026-11-01\n"
            "phone,complaint,少一列\n"
            "web,consultation,公积金,,,\n");
  auto r = ImportOrdersFile(*service_, admin_, p, nullptr);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->imported, 2);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].line, 4);  // the multi-line record took lines 2–3
  EXPECT_EQ(r->errors[0].code, "invalid_csv");
  auto page = store_->List(OrderQuery{});
  ASSERT_TRUE(page.ok());
  bool found = false;
  for (const auto& o : page->items) {
    if (o.title == "占道经营,晚上") {
      found = true;
      EXPECT_EQ(o.content, "第一行\n第二行 \"引号\"");
      EXPECT_EQ(o.citizen.phone, "139");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ImporterTest, MissingFileAndUnknownFormat) {
  EXPECT_EQ(
      ImportOrdersFile(*service_, admin_, dir_ + "/nope.jsonl", nullptr).status().error_code(),
      "file_not_found");
  std::string p = Write("h.xml", "<x/>");
  EXPECT_EQ(ImportOrdersFile(*service_, admin_, p, nullptr).status().error_code(),
            "unsupported_format");
}

}  // namespace
}  // namespace minsheng
