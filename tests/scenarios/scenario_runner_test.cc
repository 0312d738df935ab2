// Runs every tests/scenarios/*.scenario file against the real OrderService and SQLite store
// with a fake clock. The format is meant to be read by a centre's staff; see README.md in
// this folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
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

// Records every notice the service sends (催办/督办).
class RecordingNotifier final : public Notifier {
 public:
  Status Send(const Notice& n) override {
    sent.push_back(n);
    return Status::Ok();
  }
  std::vector<Notice> sent;
};

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
    service_ = std::make_unique<OrderService>(config_, *store_, clock_, &notifier_);
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
    } else if (cmd == "restart") {
      // A server restart: a new service over the same database (nothing kept in memory).
      service_ = std::make_unique<OrderService>(config_, *store_, clock_, &notifier_);
    } else if (cmd == "sweep") {
      // sweep [=> urged N [supervised M]]
      auto r = service_->Sweep();
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      size_t arrow = line.find("=>");
      if (arrow != std::string::npos) {
        std::vector<std::string> want = Split(line.substr(arrow + 2));
        ASSERT_TRUE(want.size() == 2u || want.size() == 4u) << "sweep => urged N [supervised M]";
        EXPECT_EQ(std::to_string(r->urged), want[1]);
        if (want.size() == 4u) {
          EXPECT_EQ(std::to_string(r->supervised), want[3]);
        }
      }
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
      if (body.contains("upstream_deadline")) {
        auto ms =
            ParseIso8601(body["upstream_deadline"].get<std::string>(), config_.utc_offset_minutes);
        ASSERT_TRUE(ms.has_value()) << "bad upstream_deadline";
        in.upstream_deadline = *ms;
      }
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
      if (body.contains("final_of")) in.final_of = orders_.at(body["final_of"].get<std::string>());
      in.final_answer = body.value("final_answer", false);
      in.signed_by = body.value("signed_by", "");
      in.evidence = body.value("evidence", "");
      in.to = body.value("to", "");
      in.days = body.value("days", 0.0);
      in.legal_basis = body.value("legal_basis", "");
      in.cause = body.value("cause", "");
      in.decision = body.value("decision", "");
      in.level = body.value("level", "");
      in.listed = body.value("listed", false);
      in.stage = body.value("stage", "");
      in.method = body.value("method", "");
      if (body.contains("due_at")) {
        auto ms = ParseIso8601(body["due_at"].get<std::string>(), config_.utc_offset_minutes);
        ASSERT_TRUE(ms.has_value()) << "bad due_at";
        in.due_at = *ms;
      }
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
    } else if (what == "deadline" || what == "alert" || what == "late") {
      // expect deadline <stage> [unit] <YYYY-MM-DDTHH:MM>
      // expect alert <stage> [unit] none|yellow|red      expect late <stage> [unit] yes|no
      // Without a unit: the active 主办's stage, else the order-level stage (dispatch, visit,
      // stage_reply, supervision).
      ASSERT_GE(rest.size(), 2u) << line;
      const std::string stage = rest[0];
      const std::string unit = rest.size() > 2 ? rest[1] : "";
      const std::string want = rest.back();
      auto d = service_->Deadlines(*o, clock_.NowMs());
      ASSERT_TRUE(d.ok()) << d.status().ToString();
      const StageDeadline* sd = nullptr;
      for (const auto& st : d->stages) {
        if (st.stage != stage) continue;
        if (!unit.empty()) {
          if (st.unit == unit && st.active && st.assignment >= 0) sd = &st;
        } else if (st.assignment < 0 || (st.active && st.role == AssignmentRole::kMain)) {
          sd = &st;
        }
      }
      ASSERT_NE(sd, nullptr) << "no deadline for stage " << stage << " " << unit;
      if (what == "deadline") {
        EXPECT_EQ(FormatIso8601(sd->due_ms, config_.utc_offset_minutes).substr(0, 16),
                  want.substr(0, 16))
            << sd->rule;
      } else if (what == "alert") {
        EXPECT_EQ(ToString(sd->alert), want);
      } else {
        EXPECT_EQ(sd->late ? "yes" : "no", want);
      }
    } else if (what == "notices") {
      EXPECT_EQ(std::to_string(notifier_.sent.size()), one());
    } else if (what == "last_notice") {
      // expect last_notice <unit> <substring of the text>
      ASSERT_FALSE(notifier_.sent.empty());
      ASSERT_EQ(rest.size(), 2u);
      EXPECT_EQ(notifier_.sent.back().unit, rest[0]);
      EXPECT_NE(notifier_.sent.back().text.find(rest[1]), std::string::npos)
          << notifier_.sent.back().text;
    } else if (what == "urges") {
      int n = 0;
      for (const auto& e : o->timeline) n += e.action == Action::kUrge;
      EXPECT_EQ(std::to_string(n), one());
    } else if (what == "last_payload") {
      // expect last_payload <substring of the last event's JSON payload>
      std::string want = line.substr(line.find("last_payload") + 12);
      want = want.substr(want.find_first_not_of(' '));
      while (!want.empty() && (want.back() == ' ' || want.back() == '\r')) want.pop_back();
      EXPECT_NE(o->timeline.back().payload_json.find(want), std::string::npos)
          << o->timeline.back().payload_json;
    } else if (what == "extensions") {
      // expect extensions <status>... (each request's status, oldest first)
      std::vector<std::string> got;
      for (const auto& e : o->extensions) got.push_back(e.status);
      EXPECT_EQ(got, rest);
    } else if (what == "supervised") {
      const Supervision* sv = o->ActiveSupervision();
      EXPECT_EQ(sv ? (sv->listed ? "listed" : sv->level) : "no", one());
    } else if (what == "stage_replies") {
      EXPECT_EQ(std::to_string(o->ledger ? o->ledger->stage_replies.size() : 0), one());
    } else if (what == "excluded_visits") {
      int n = 0;
      for (const auto& v : o->visits) n += v.excluded;
      EXPECT_EQ(std::to_string(n), one());
    } else if (what == "co_signed") {
      // expect co_signed <unit> yes|no
      ASSERT_EQ(rest.size(), 2u);
      bool signed_ = false;
      for (const auto& a : o->assignments)
        if (a.active && a.role == AssignmentRole::kCo && a.unit == rest[0])
          signed_ = a.signed_at != 0;
      EXPECT_EQ(signed_ ? "yes" : "no", rest[1]);
    } else if (what == "final_answers" || what == "repeats") {
      // expect final_answers <n> [<order> …]: what intake proposes for the current order's appeal
      const SuggestRequest appeal{o->title, o->content, o->address, o->citizen.phone};
      std::vector<int64_t> ids;
      if (what == "final_answers") {
        auto f = service_->FindFinalAnswers(users_["admin"], appeal);
        ASSERT_TRUE(f.ok()) << f.status().ToString();
        for (const auto& c : *f) ids.push_back(c.id);
      } else {
        auto r = service_->FindRepeats(users_["admin"], appeal);
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        for (const auto& c : *r)
          if (c.id != o->id) ids.push_back(c.id);
      }
      EXPECT_EQ(std::to_string(ids.size()), one()) << line;
      for (size_t i = 1; i < rest.size() && i - 1 < ids.size(); ++i)
        EXPECT_EQ(ids[i - 1], orders_.at(rest[i])) << line;
    } else {
      FAIL() << "unknown expectation: " << line;
    }
  }

  std::string path_;
  std::string dir_;
  ZoneConfig config_;
  FakeClock clock_{0};
  RecordingNotifier notifier_;
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
