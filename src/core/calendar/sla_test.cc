#include "core/calendar/sla.h"

#include <gtest/gtest.h>

#include "core/calendar/calendar_test_util.h"

namespace minsheng {
namespace {

using testing::Bj;
using testing::Local;
using testing::Shipped;

SlaDuration D(const char* text) {
  auto r = ParseSlaDuration(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? *r : SlaDuration{};
}

std::optional<SlaDuration> O(const char* text) {
  if (text == nullptr) return std::nullopt;
  return D(text);
}

SlaRule Rule(const char* klass, const char* dispatch, const char* sign, const char* contact,
             const char* reply) {
  SlaRule r;
  r.klass = klass;
  r.dispatch = O(dispatch);
  r.sign = O(sign);
  r.first_contact = O(contact);
  r.reply = O(reply);
  return r;
}

// DOMAIN.md §6.5.
std::vector<SlaRule> Rules() {
  return {
      Rule("emergency", "15min", "30min", nullptr, "24h"),
      Rule("urgent", "1h", "1h", "2h", "24h"),
      Rule("consultation", "0.5WD", "2WH", nullptr, "2WD"),
      Rule("help", "0.5WD", "2WH", "1WD", "5WD"),
      Rule("complaint", "0.5WD", "2WH", "1WD", "5WD"),
      Rule("report", "0.5WD", "2WH", "1WD", "10WD"),
      Rule("suggestion", "0.5WD", "1WD", nullptr, "10WD"),
      Rule("praise", "1WD", "1WD", nullptr, "3WD"),
      Rule("difficult", nullptr, nullptr, "1WD", "15WD"),
      Rule("upstream", "2WH", "2WH", nullptr, nullptr),
  };
}

SlaFacts Facts(const char* type, const char* urgency, int64_t created,
               std::vector<SlaAssignmentFacts> assignments = {}) {
  SlaFacts f;
  f.type = type;
  f.urgency = urgency;
  f.created_at = created;
  f.assignments = std::move(assignments);
  return f;
}

SlaDeadlines Compute(const SlaFacts& f) {
  auto r = ComputeDeadlines(Rules(), Shipped(), f);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : SlaDeadlines{};
}

std::string Due(const std::optional<Deadline>& d) { return d ? Local(d->due_ms) : "(none)"; }

TEST(SlaTest, ClassSelectionAndStagesPerType) {
  const int64_t created = Bj(2026, 11, 30, 9, 0);  // Monday
  const int64_t dispatched = Bj(2026, 11, 30, 10, 0);
  struct Case {
    const char* type;
    const char* urgency;
    const char* klass;
    const char* dispatch;
    const char* sign;
    const char* contact;
    const char* reply;
  } cases[] = {
      {"consultation", "normal", "consultation", "2026-11-30T14:45", "2026-11-30T12:00", "(none)",
       "2026-12-02T10:00"},
      {"help", "", "help", "2026-11-30T14:45", "2026-11-30T12:00", "2026-12-01T10:00",
       "2026-12-07T10:00"},
      {"complaint", "normal", "complaint", "2026-11-30T14:45", "2026-11-30T12:00",
       "2026-12-01T10:00", "2026-12-07T10:00"},
      {"report", "normal", "report", "2026-11-30T14:45", "2026-11-30T12:00", "2026-12-01T10:00",
       "2026-12-14T10:00"},
      {"suggestion", "normal", "suggestion", "2026-11-30T14:45", "2026-12-01T10:00", "(none)",
       "2026-12-14T10:00"},
      {"praise", "normal", "praise", "2026-12-01T09:00", "2026-12-01T10:00", "(none)",
       "2026-12-03T10:00"},
      // Urgency overrides the type; natural time.
      {"complaint", "emergency", "emergency", "2026-11-30T09:15", "2026-11-30T10:30", "(none)",
       "2026-12-01T10:00"},
      {"help", "urgent", "urgent", "2026-11-30T10:00", "2026-11-30T11:00", "2026-11-30T12:00",
       "2026-12-01T10:00"},
      {"complaint", "difficult", "difficult", "(none)", "(none)", "2026-12-01T10:00",
       "2026-12-21T10:00"},
      // An urgency without a rule falls back to the type.
      {"help", "important", "help", "2026-11-30T14:45", "2026-11-30T12:00", "2026-12-01T10:00",
       "2026-12-07T10:00"},
  };
  for (const Case& c : cases) {
    SlaDeadlines d = Compute(
        Facts(c.type, c.urgency, created, {{"u1", AssignmentRole::kMain, dispatched, true}}));
    EXPECT_EQ(d.klass, c.klass) << c.type << "/" << c.urgency;
    EXPECT_EQ(Due(d.dispatch), c.dispatch) << c.type << "/" << c.urgency;
    ASSERT_EQ(d.assignments.size(), 1u);
    EXPECT_EQ(Due(d.assignments[0].sign), c.sign) << c.type << "/" << c.urgency;
    EXPECT_EQ(Due(d.assignments[0].first_contact), c.contact) << c.type << "/" << c.urgency;
    EXPECT_EQ(Due(d.assignments[0].reply), c.reply) << c.type << "/" << c.urgency;
  }
}

TEST(SlaTest, NaturalHoursIgnoreNightsWeekendsAndHolidays) {
  // An emergency at 23:50 on the first day of 春节.
  SlaDeadlines d = Compute(Facts("help", "emergency", Bj(2026, 2, 15, 23, 50),
                                 {{"u1", AssignmentRole::kMain, Bj(2026, 2, 16, 0, 0), true}}));
  EXPECT_EQ(Due(d.dispatch), "2026-02-16T00:05");
  EXPECT_EQ(d.dispatch->basis, TimeBasis::kNatural);
  EXPECT_EQ(Due(d.assignments[0].sign), "2026-02-16T00:30");
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-02-17T00:00");
  // An urgent order on a Saturday evening.
  d = Compute(Facts("help", "urgent", Bj(2026, 11, 28, 19, 0),
                    {{"u1", AssignmentRole::kMain, Bj(2026, 11, 28, 19, 40), true}}));
  EXPECT_EQ(Due(d.dispatch), "2026-11-28T20:00");
  EXPECT_EQ(Due(d.assignments[0].sign), "2026-11-28T20:40");
  EXPECT_EQ(Due(d.assignments[0].first_contact), "2026-11-28T21:40");
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-11-29T19:40");
}

TEST(SlaTest, WorkingDayRulesAroundHolidays) {
  // Complaint registered Friday 16:00 before the 调休 Saturday of 春节 2026.
  SlaDeadlines d = Compute(Facts("complaint", "normal", Bj(2026, 2, 13, 16, 0),
                                 {{"u1", AssignmentRole::kMain, Bj(2026, 2, 13, 17, 30), true}}));
  EXPECT_EQ(Due(d.dispatch), "2026-02-14T10:15");  // 120 min Fri + 105 min Sat
  EXPECT_EQ(Due(d.assignments[0].sign), "2026-02-14T10:00");
  EXPECT_EQ(Due(d.assignments[0].first_contact), "2026-02-14T17:30");
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-02-27T17:30");  // 14, 24, 25, 26, 27
  EXPECT_EQ(d.assignments[0].reply->basis, TimeBasis::kWorking);
  // Registered after hours on 2025-09-30: the clock starts on 10-09.
  d = Compute(Facts("consultation", "normal", Bj(2025, 9, 30, 19, 0),
                    {{"u1", AssignmentRole::kMain, Bj(2025, 10, 9, 9, 0), true}}));
  EXPECT_EQ(Due(d.dispatch), "2025-10-09T14:15");
  EXPECT_EQ(Due(d.assignments[0].reply), "2025-10-11T09:00");  // 10-10 Fri, 10-11 调休 Sat
}

TEST(SlaTest, EachAssignmentHasItsOwnClockAndARejectedReturnDoesNotResetIt) {
  // u1 was dispatched Monday; it asked to return the order on Tuesday and the centre rejected
  // the return: u1's assignment (and its dispatched_at) is unchanged, so are its deadlines.
  SlaFacts f = Facts("complaint", "normal", Bj(2026, 11, 30, 9, 0),
                     {{"u1", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), true}});
  SlaDeadlines before = Compute(f);
  EXPECT_EQ(Due(before.assignments[0].reply), "2026-12-07T10:00");
  // Later the order is redispatched (改派) to u2 on Thursday: u2's clock starts then.
  f.assignments[0].active = false;
  f.assignments.push_back({"u2", AssignmentRole::kMain, Bj(2026, 12, 3, 15, 0), true});
  SlaDeadlines after = Compute(f);
  ASSERT_EQ(after.assignments.size(), 2u);
  EXPECT_EQ(Due(after.assignments[0].reply), "2026-12-07T10:00");  // history unchanged
  EXPECT_EQ(Due(after.assignments[1].reply), "2026-12-10T15:00");
  EXPECT_EQ(Due(after.assignments[1].sign), "2026-12-03T17:00");
  EXPECT_EQ(after.assignments[1].unit, "u2");
  EXPECT_EQ(after.assignments[1].index, 1u);
}

TEST(SlaTest, UpstreamReplyIsTheEarlierOfTypeSlaAndUpstreamDeadlineMinusOneWd) {
  struct Case {
    const char* what;
    const char* type;
    int64_t upstream_deadline;
    const char* reply;
    const char* rule;
  } cases[] = {
      // Type SLA 5 WD → 12-07 10:00; upstream 12-04 18:00 − 1 WD → 12-03 18:00.
      {"upstream tighter", "complaint", Bj(2026, 12, 4, 18, 0), "2026-12-03T18:00", "上级时限−1WD"},
      // Upstream 12-11 17:00 − 1 WD → 12-10 17:00, later than 12-07 10:00.
      {"type tighter", "complaint", Bj(2026, 12, 11, 17, 0), "2026-12-07T10:00", "5WD"},
      // Upstream due Monday 12-07 10:00 → Friday 12-04 10:00 (weekend skipped).
      {"over a weekend", "report", Bj(2026, 12, 7, 10, 0), "2026-12-04T10:00", "上级时限−1WD"},
      // Upstream deadline at midnight (end of Friday) → Thursday 18:00.
      {"midnight deadline", "report", Bj(2026, 12, 5, 0, 0), "2026-12-03T18:00", "上级时限−1WD"},
  };
  for (const Case& c : cases) {
    SlaFacts f = Facts(c.type, "normal", Bj(2026, 11, 30, 9, 0),
                       {{"u1", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), true}});
    f.is_upstream = true;
    f.upstream_deadline = c.upstream_deadline;
    SlaDeadlines d = Compute(f);
    EXPECT_EQ(Due(d.assignments[0].reply), c.reply) << c.what;
    EXPECT_EQ(d.assignments[0].reply->rule, c.rule) << c.what;
    EXPECT_EQ(d.assignments[0].reply->start_ms, Bj(2026, 11, 30, 10, 0)) << c.what;
    // The upstream rule (2 WH) tightens dispatch and sign.
    EXPECT_EQ(Due(d.dispatch), "2026-11-30T11:00") << c.what;
    EXPECT_EQ(Due(d.assignments[0].sign), "2026-11-30T12:00") << c.what;
    EXPECT_EQ(Due(d.assignments[0].first_contact), "2026-12-01T10:00") << c.what;  // per type
  }
  // Without an upstream deadline the type SLA applies.
  SlaFacts f = Facts("complaint", "normal", Bj(2026, 11, 30, 9, 0),
                     {{"u1", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), true}});
  f.is_upstream = true;
  EXPECT_EQ(Due(Compute(f).assignments[0].reply), "2026-12-07T10:00");
  // An emergency upstream order keeps its tighter natural-time dispatch.
  f.urgency = "emergency";
  EXPECT_EQ(Due(Compute(f).dispatch), "2026-11-30T09:15");
}

TEST(SlaTest, ApprovedExtensionsMoveTheMainReply) {
  SlaFacts f = Facts("complaint", "normal", Bj(2026, 11, 30, 9, 0),
                     {{"u1", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), true},
                      {"u2", AssignmentRole::kCo, Bj(2026, 11, 30, 10, 0), true}});
  f.approved_extensions = {D("5WD")};
  SlaDeadlines d = Compute(f);
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-12-14T10:00");
  EXPECT_EQ(d.assignments[0].reply->rule, "5WD+5WD");
  EXPECT_EQ(Due(d.assignments[0].sign), "2026-11-30T12:00");   // other stages unchanged
  EXPECT_EQ(Due(d.assignments[1].reply), "2026-12-11T10:00");  // co-unit follows the main
  // Two extensions, and one over the 2027 new year (no data: 2027-01-01 is a plain Friday).
  f.assignments.resize(1);
  f.assignments[0].dispatched_at = Bj(2026, 12, 23, 10, 0);
  f.approved_extensions = {D("2WD"), D("0.5WD")};
  d = Compute(f);
  // 5 WD → 12-30 10:00; + 2 WD → 2027-01-01 10:00; + 0.5 WD (225 min) → 15:45.
  EXPECT_EQ(Due(d.assignments[0].reply), "2027-01-01T15:45");
  EXPECT_EQ(d.assignments[0].reply->rule, "5WD+2WD+0.5WD");
  // An urgent order extended by 1 WD: the natural 24 h then 1 working day.
  f = Facts("help", "urgent", Bj(2026, 11, 27, 9, 0),
            {{"u1", AssignmentRole::kMain, Bj(2026, 11, 27, 10, 0), true}});
  f.approved_extensions = {D("1WD")};
  EXPECT_EQ(Due(Compute(f).assignments[0].reply), "2026-11-30T18:00");  // Sat 10:00 → Mon 18:00
}

TEST(SlaTest, CoUnitReplyIsDueOneWorkingDayBeforeTheMainReply) {
  SlaFacts f = Facts("report", "normal", Bj(2026, 2, 9, 9, 0),
                     {{"main", AssignmentRole::kMain, Bj(2026, 2, 9, 10, 0), true},
                      {"co", AssignmentRole::kCo, Bj(2026, 2, 10, 11, 0), true}});
  SlaDeadlines d = Compute(f);
  // 10 WD from Mon 02-09 10:00: 10, 11, 12, 13, 14(Sat), 24, 25, 26, 27, 28(Sat).
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-02-28T10:00");
  EXPECT_EQ(Due(d.assignments[1].reply), "2026-02-27T10:00");
  EXPECT_EQ(d.assignments[1].reply->rule, "主办答复时限−1WD");
  EXPECT_EQ(d.assignments[1].reply->start_ms, Bj(2026, 2, 10, 11, 0));
  EXPECT_EQ(Due(d.assignments[1].sign), "2026-02-10T15:00");  // its own clock
  // Main reply due right after the break → the co-unit is due on the 调休 Saturday.
  f.type = "help";                                          // 5 WD
  f.assignments[0].dispatched_at = Bj(2026, 2, 10, 10, 0);  // 11, 12, 13, 14, 24
  d = Compute(f);
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-02-24T10:00");
  EXPECT_EQ(Due(d.assignments[1].reply), "2026-02-14T10:00");
  // Natural-time main reply: the co-unit is due with it.
  f.urgency = "urgent";
  d = Compute(f);
  EXPECT_EQ(Due(d.assignments[1].reply), Due(d.assignments[0].reply));
  // No active main: the co-unit runs on its own clock.
  f.urgency = "normal";
  f.assignments[0].active = false;
  d = Compute(f);
  EXPECT_EQ(Due(d.assignments[1].reply), "2026-02-24T11:00");  // 5 WD from 02-10 11:00
}

TEST(SlaTest, CentreCausedDelaysAreNotChargedToTheUnit) {
  SlaFacts f = Facts("complaint", "normal", Bj(2026, 11, 30, 9, 0),
                     {{"u1", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), true}});
  // The centre sat on a return request from Tue 10:00 to Wed 10:00 (1 WD).
  f.centre_delays = {{Bj(2026, 12, 1, 10, 0), Bj(2026, 12, 2, 10, 0)},
                     // Before the dispatch: ignored for the unit's clock.
                     {Bj(2026, 11, 30, 9, 0), Bj(2026, 11, 30, 9, 30)},
                     // Overlapping the first one: merged.
                     {Bj(2026, 12, 1, 17, 0), Bj(2026, 12, 1, 18, 0)}};
  SlaDeadlines d = Compute(f);
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-12-08T10:00");  // 5 WD + 1 WD
  EXPECT_EQ(Due(d.assignments[0].sign), "2026-11-30T12:00");   // due before the delay
  EXPECT_EQ(Due(d.dispatch), "2026-11-30T14:45");              // the centre's own clock
  // A delay over a weekend only excludes working time.
  f.centre_delays = {{Bj(2026, 12, 4, 17, 0), Bj(2026, 12, 7, 9, 0)}};  // 90 working minutes
  EXPECT_EQ(Due(Compute(f).assignments[0].reply), "2026-12-07T11:30");
  // A natural-time order excludes natural time.
  f.urgency = "urgent";
  f.centre_delays = {{Bj(2026, 11, 30, 12, 0), Bj(2026, 11, 30, 15, 0)}};
  EXPECT_EQ(Due(Compute(f).assignments[0].reply), "2026-12-01T13:00");
}

TEST(SlaTest, MissingRuleIsAnError) {
  auto r = ComputeDeadlines(Rules(), Shipped(), Facts("unknown", "normal", 0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().error_code(), "no_sla_rule");
  EXPECT_NE(r.status().message().find("未配置时限规则"), std::string::npos);
}

TEST(SlaTest, AssessWorkingTime) {
  const WorkingCalendar& cal = Shipped();
  // 2 WD (900 working minutes) from Fri 2026-02-13 10:00 → Tue 02-24 10:00; yellow from 675.
  Deadline d{Bj(2026, 2, 13, 10, 0), Bj(2026, 2, 24, 10, 0), TimeBasis::kWorking, "2WD"};
  struct Case {
    const char* what;
    int64_t now;
    SlaAlert expected;
  } cases[] = {
      {"before start", Bj(2026, 2, 13, 9, 0), SlaAlert::kNone},
      {"Fri end (360 used)", Bj(2026, 2, 13, 18, 0), SlaAlert::kNone},
      {"Sat 15:44 (674 used)", Bj(2026, 2, 14, 15, 44), SlaAlert::kNone},
      {"Sat 15:45 (675 used = 75%)", Bj(2026, 2, 14, 15, 45), SlaAlert::kYellow},
      {"春节 (time frozen at 810)", Bj(2026, 2, 18, 12, 0), SlaAlert::kYellow},
      {"at the deadline", Bj(2026, 2, 24, 10, 0), SlaAlert::kYellow},
      {"1 ms late", Bj(2026, 2, 24, 10, 0) + 1, SlaAlert::kRed},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ToString(Assess(cal, d, c.now)), ToString(c.expected)) << c.what;
  }
  // A custom share.
  EXPECT_EQ(Assess(cal, d, Bj(2026, 2, 13, 17, 0), 0.3), SlaAlert::kYellow);  // 300 / 900
  EXPECT_EQ(Assess(cal, d, Bj(2026, 2, 13, 16, 0), 0.3), SlaAlert::kNone);    // 240 / 900
}

TEST(SlaTest, AssessNaturalTime) {
  const WorkingCalendar& cal = Shipped();
  Deadline d{Bj(2026, 2, 15, 0, 0), Bj(2026, 2, 16, 0, 0), TimeBasis::kNatural, "24h"};
  EXPECT_EQ(Assess(cal, d, Bj(2026, 2, 15, 17, 59)), SlaAlert::kNone);
  EXPECT_EQ(Assess(cal, d, Bj(2026, 2, 15, 18, 0)), SlaAlert::kYellow);  // holiday still counts
  EXPECT_EQ(Assess(cal, d, Bj(2026, 2, 16, 0, 1)), SlaAlert::kRed);
  Deadline zero{Bj(2026, 2, 15, 0, 0), Bj(2026, 2, 15, 0, 0), TimeBasis::kNatural, "0min"};
  EXPECT_EQ(Assess(cal, zero, Bj(2026, 2, 15, 0, 0)), SlaAlert::kYellow);
  EXPECT_EQ(ToString(SlaAlert::kRed), "red");
}

TEST(SlaTest, AdapterFromWorkOrder) {
  WorkOrder o;
  o.created_at = Bj(2026, 11, 30, 9, 0);
  o.type = "complaint";
  o.urgency = "normal";
  o.assignments.push_back({"st.a", AssignmentRole::kMain, Bj(2026, 11, 30, 10, 0), 0, 0, true});
  o.assignments.push_back({"dept.b", AssignmentRole::kCo, Bj(2026, 11, 30, 10, 0), 0, 0, true});
  SlaFacts f = SlaFactsFromOrder(o, true, Bj(2026, 12, 4, 18, 0), {D("1WD")});
  EXPECT_EQ(f.type, "complaint");
  EXPECT_TRUE(f.is_upstream);
  ASSERT_EQ(f.assignments.size(), 2u);
  EXPECT_EQ(f.assignments[1].role, AssignmentRole::kCo);
  SlaDeadlines d = Compute(f);
  EXPECT_EQ(Due(d.assignments[0].reply), "2026-12-04T18:00");  // 12-03 18:00 + 1 WD
  EXPECT_EQ(Due(d.assignments[1].reply), "2026-12-03T18:00");
}

}  // namespace
}  // namespace minsheng
