// Runs every tests/scenarios/*.scenario file against the real OrderService and SQLite store
// with a fake clock. The format is meant to be read by a centre's staff; see README.md in
// this folder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/config_loader.h"
#include "core/order_service.h"
#include "core/time_util.h"
#include "store/sqlite_store.h"

namespace minsheng {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string SourceDir() {
  const char* s = std::getenv("MINSHENG_SOURCE_DIR");
  return s ? s : ".";
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(SourceDir() + "/tests/scenarios"))
    if (e.path().extension() == ".scenario") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

class ScenarioRun {
 public:
  explicit ScenarioRun(const std::string& path) : path_(path) {}

  void Run() {
    auto cfg = LoadZoneConfig(SourceDir() + "/config/default");
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    config_ = std::move(cfg).value();
    char tmpl[] = "/tmp/minsheng-scenario-XXXXXX";
    dir_ = mkdtemp(tmpl);
    auto store = SqliteStore::Open({.path = dir_ + "/s.db", .durable = false});
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    service_ = std::make_unique<OrderService>(config_, *store_, clock_);
    users_["admin"] = Actor{"admin", Role::kAdmin, ""};

    std::ifstream in(path_);
    ASSERT_TRUE(in) << path_;
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      SCOPED_TRACE(fs::path(path_).filename().string() + ":" + std::to_string(n) + ": " + line);
      std::string t = line.substr(0, line.find('#') == 0 ? 0 : std::string::npos);
      if (t.find_first_not_of(" \t\r") == std::string::npos) continue;
      Line(t);
      if (::testing::Test::HasFatalFailure()) break;
    }
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

 private:
  void Line(const std::string& line) {
    std::vector<std::string> w = Split(line);
    const std::string& cmd = w[0];
    if (cmd == "name:" || cmd == "description:") return;
    if (cmd == "clock") {
      auto ms = ParseIso8601(w.at(1), config_.utc_offset_minutes);
      ASSERT_TRUE(ms.has_value()) << "bad clock";
      clock_.Set(*ms);
    } else if (cmd == "advance") {
      const std::string& d = w.at(1);
      size_t i = d.find_first_not_of("0123456789");
      int64_t v = std::stoll(d.substr(0, i));
      std::string unit = d.substr(i);
      int64_t mult = unit == "min" ? 60000 : unit == "h" ? 3600000 : unit == "d" ? 86400000 : 0;
      ASSERT_NE(mult, 0) << "unit must be min/h/d";
      clock_.Advance(v * mult);
    } else if (cmd == "user") {
      auto role = ParseRole(w.at(2));
      ASSERT_TRUE(role.has_value());
      users_[w.at(1)] = Actor{w.at(1), *role, w.size() > 3 ? w[3] : ""};
    } else if (cmd == "on") {
      current_ = w.at(1);
    } else if (cmd == "expect") {
      Expect(w, line);
    } else {
      Step(line);
    }
  }

  // "<user> <action> [json] => ok | error <code>"
  void Step(const std::string& line) {
    size_t arrow = line.find("=>");
    ASSERT_NE(arrow, std::string::npos) << "a step needs '=> ok' or '=> error <code>'";
    std::vector<std::string> head = Split(line.substr(0, arrow));
    std::vector<std::string> want = Split(line.substr(arrow + 2));
    ASSERT_GE(head.size(), 2u);
    ASSERT_TRUE(users_.count(head[0])) << "unknown user " << head[0];
    const Actor& actor = users_[head[0]];
    std::string body_text = "{}";
    size_t brace = line.find('{');
    if (brace != std::string::npos && brace < arrow) body_text = line.substr(brace, arrow - brace);
    json body = json::parse(body_text);
    Status st;
    if (head[1] == "create") {
      NewOrderInput in;
      in.channel = body.value("channel", "");
      in.type = body.value("type", "");
      in.urgency = body.value("urgency", "");
      in.category = body.value("category", "");
      in.external_id = body.value("external_id", "");
      in.title = body.value("title", "");
      in.content = body.value("content", "");
      in.address = body.value("address", "");
      if (body.contains("citizen")) {
        in.citizen.name = body["citizen"].value("name", "");
        in.citizen.phone = body["citizen"].value("phone", "");
      }
      auto r = service_->Create(actor, in);
      st = r.status();
      if (r.ok()) orders_[current_] = r->order.id;
    } else {
      auto action = ParseAction(head[1]);
      ASSERT_TRUE(action.has_value()) << "unknown action " << head[1];
      ActionInput in;
      in.action = *action;
      in.unit = body.value("unit", "");
      in.co_units = body.value("co_units", std::vector<std::string>{});
      in.category = body.value("category", "");
      in.note = body.value("note", "");
      in.text = body.value("text", "");
      in.result = body.value("result", "");
      in.reason = body.value("reason", "");
      in.reason_code = body.value("reason_code", "");
      in.satisfaction = body.value("satisfaction", "");
      if (body.contains("resolved")) in.resolved = body["resolved"].get<bool>();
      if (body.contains("into")) in.into = orders_.at(body["into"].get<std::string>());
      in.to = body.value("to", "");
      ASSERT_TRUE(orders_.count(current_)) << "no order '" << current_ << "' yet";
      st = service_->Act(actor, orders_[current_], in).status();
    }
    if (want.at(0) == "ok") {
      EXPECT_TRUE(st.ok()) << st.ToString();
    } else {
      ASSERT_EQ(want.at(0), "error");
      EXPECT_EQ(st.error_code(), want.at(1)) << st.ToString();
    }
  }

  void Expect(const std::vector<std::string>& w, const std::string& line) {
    ASSERT_TRUE(orders_.count(current_)) << "no order '" << current_ << "' yet";
    auto o = service_->Get(users_["admin"], orders_[current_]);
    ASSERT_TRUE(o.ok()) << o.status().ToString();
    const std::string& what = w.at(1);
    std::vector<std::string> rest(w.begin() + 2, w.end());
    auto one = [&]() { return rest.empty() ? std::string() : rest[0]; };
    if (what == "status") {
      EXPECT_EQ(ToString(o->status), one());
    } else if (what == "main_unit") {
      const Assignment* m = o->MainAssignment();
      EXPECT_EQ(m ? m->unit : "-", one());
    } else if (what == "co_units") {
      std::vector<std::string> co;
      for (const auto& a : o->assignments)
        if (a.active && a.role == AssignmentRole::kCo) co.push_back(a.unit);
      EXPECT_EQ(co, rest);
    } else if (what == "timeline") {
      std::vector<std::string> got;
      for (const auto& e : o->timeline) got.emplace_back(ToString(e.action));
      EXPECT_EQ(got, rest);
    } else if (what == "last_event") {
      // expect last_event <action> <from> <to> <actor_user> <actor_unit>
      const Event& e = o->timeline.back();
      std::vector<std::string> got = {std::string(ToString(e.action)),
                                      e.from ? std::string(ToString(*e.from)) : "-",
                                      std::string(ToString(e.to)), e.actor_user, e.actor_unit};
      EXPECT_EQ(got, rest);
    } else if (what == "close_flag") {
      EXPECT_EQ(o->close_flag.empty() ? "-" : o->close_flag, one());
    } else if (what == "return_count") {
      EXPECT_EQ(std::to_string(o->return_count), one());
    } else if (what == "reopen_count") {
      EXPECT_EQ(std::to_string(o->reopen_count), one());
    } else if (what == "merged_into") {
      EXPECT_EQ(o->merged_into, orders_.at(one()));
    } else if (what == "merged_children") {
      std::vector<int64_t> want;
      for (const auto& alias : rest) want.push_back(orders_.at(alias));
      EXPECT_EQ(o->merged_children, want);
    } else if (what == "category") {
      EXPECT_EQ(o->category, one());
    } else if (what == "number_prefix") {
      EXPECT_EQ(o->number.substr(0, one().size()), one());
    } else if (what == "visible_to") {
      // expect visible_to <user> yes|no
      ASSERT_EQ(rest.size(), 2u);
      bool visible = service_->Get(users_.at(rest[0]), o->id).ok();
      EXPECT_EQ(visible ? "yes" : "no", rest[1]);
    } else {
      FAIL() << "unknown expectation: " << line;
    }
  }

  std::string path_;
  std::string dir_;
  ZoneConfig config_;
  FakeClock clock_{0};
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<OrderService> service_;
  std::map<std::string, Actor> users_;
  std::map<std::string, int64_t> orders_;
  std::string current_ = "A";
};

class ScenarioTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioTest, Runs) { ScenarioRun(GetParam()).Run(); }

INSTANTIATE_TEST_SUITE_P(Files, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const auto& info) {
                           std::string n = fs::path(info.param).stem().string();
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace minsheng
