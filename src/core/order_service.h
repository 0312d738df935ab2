// OrderService: the use cases of the closed loop (统一受理 … 归档), one method per entry point.
//
// Every mutating call runs inside one OrderRepository::Write transaction: it loads the order,
// checks visibility, role and the transition table, validates the input, mutates the order
// and appends exactly one timeline event per status change. Nothing is written when any
// check fails.
//
// Thread-safety: stateless apart from const references; safe to call from many threads.
#ifndef MINSHENG_CORE_ORDER_SERVICE_H_
#define MINSHENG_CORE_ORDER_SERVICE_H_

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/order.h"
#include "core/order_deadlines.h"
#include "core/ports.h"
#include "core/similar_text.h"
#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng {

// The authenticated caller.
struct Actor {
  std::string user;  // username
  Role role = Role::kCentre;
  std::string unit;  // bound unit for Role::kUnit
};

struct NewOrderInput {
  std::string channel;
  std::string external_id;
  std::string type;
  std::string urgency;   // optional, defaults to the first urgency ("normal")
  std::string category;  // optional
  std::string title;
  std::string content;
  Citizen citizen;
  std::string address;
  std::string region_code;
  std::vector<Attachment> attachments;
  int64_t created_at = 0;                // historical import only; 0 = now
  std::string dispatch_suggestion_json;  // filled by the API from the DispatchAdvisor
  std::string place_key;  // the advisor's recognised place (DispatchSuggestion::place)
  // The upstream platform's reply deadline (epoch ms), for 上级转办 channels only.
  std::optional<int64_t> upstream_deadline;
};

struct CreateOutcome {
  WorkOrder order;
  bool existed = false;  // true when (channel, external_id) was already registered
};

// Parameters of an action; which ones are required depends on the action.
struct ActionInput {
  Action action = Action::kDispatch;
  std::string unit;                   // dispatch, redispatch
  std::vector<std::string> co_units;  // dispatch, redispatch
  std::string category;               // dispatch, redispatch
  std::string note;                   // most actions
  std::string text;                   // reply, direct_answer
  std::string result;                 // reply
  std::string reason;                 // reject_reply, reject_return, reopen
  std::string reason_code;            // return, refuse
  std::string satisfaction;           // visit
  std::optional<bool> resolved;       // visit
  int64_t into = 0;                   // merge
  std::string to;                     // transfer_emergency
  // Closed-loop rules (issue 4).
  double days = 0;          // request_extension: working days (> 0)
  std::string legal_basis;  // request_extension: 法定时限及依据
  std::string cause;        // visit (dissatisfied): unit_fault | policy_limit
  std::string decision;     // decide_appeal: accepted | rejected
  std::string level;        // supervise: centre | leader (default centre)
  int64_t due_at = 0;       // supervise: 督办 due (epoch ms), 0 = none
  bool listed = false;      // supervise: 挂牌督办
  std::string stage;        // urge: the stage urged (optional, for the record)
  std::string method;       // contact: phone | sms | visit | online | other
  // direct_answer: the knowledge-base item answered from (0 = free text). Set by
  // KnowledgeService after it checked the item; counted toward 直接答复率 (知识库直办).
  int64_t kb_item = 0;
  // direct_answer: answer with the 最终答复 of this earlier order (a repeat appeal with no new
  // facts); the text defaults to that answer.
  int64_t final_of = 0;
  // reply: issue the reply as the unit's 最终答复 (signed by the unit head, with evidence).
  bool final_answer = false;
  std::string signed_by;  // reply (final): 单位负责人
  std::string evidence;   // reply (final): 证据材料说明
};

// An open order that a new appeal may repeat (重复件), proposed for merging at intake.
struct RepeatCandidate {
  int64_t id = 0;
  std::string number;
  std::string title;
  OrderStatus status = OrderStatus::kRegistered;
  int64_t created_at = 0;
  bool same_caller = false;     // the same phone number
  bool same_place = false;      // the same address, or the same place recognised in the appeal
  bool same_text = false;       // worded alike (similarity, or title_similarity, over its bar)
  double similarity = 0;        // Jaccard of two-character words of title + opening of content
  double title_similarity = 0;  // the same of the titles alone
};

// 最终答复 (DOMAIN.md §6.6 final_answer): an earlier order of the same caller or place on the
// same problem whose approved reply the unit issued as its final answer (signed by the unit's
// head, with evidence). A repeat appeal with no new facts is answered with it (direct_answer
// with final_of) instead of being dispatched again.
struct FinalAnswerCandidate {
  int64_t id = 0;
  std::string number;
  std::string title;
  std::string unit;  // the unit that gave the final answer
  std::string text;
  std::string signed_by;  // the unit head who signed it
  int64_t answered_at = 0;
  bool same_caller = false;
  bool same_place = false;
  bool same_text = false;
  double similarity = 0;
  double title_similarity = 0;
};

// One order of the 回访 workbench: due for a call-back after its reply was approved.
struct VisitQueueItem {
  WorkOrder order;     // without timeline
  int64_t due_ms = 0;  // 回访 deadline (rules.visit_window after 审核通过)
  SlaAlert alert = SlaAlert::kNone;
  int attempts = 0;       // unreachable attempts so far
  int attempts_left = 0;  // before 回访失败 (visit_max_attempts)
  int64_t last_attempt_at = 0;
  // Every caller to call back: the order's own citizen and those of orders merged into it.
  struct Caller {
    int64_t order_id = 0;
    std::string number;
    Citizen citizen;
  };
  std::vector<Caller> callers;
};

struct VisitQueue {
  std::vector<VisitQueueItem> items;  // most urgent first (overdue, then by due time)
  int64_t total = 0;                  // orders waiting for a call-back
  int overdue = 0;
};

// What one automatic sweep did.
struct SweepResult {
  int scanned = 0;              // open orders looked at
  int urged = 0;                // urge events appended
  int supervised = 0;           // automatic 督办单 / 挂牌督办 escalations appended
  std::vector<Notice> notices;  // notices sent (or attempted)
  int notice_failures = 0;      // Notifier::Send errors (the events are kept)
  int errors = 0;               // orders skipped after an error (retried next sweep)
};

class OrderService {
 public:
  // `notifier` (optional, not owned) receives 催办/督办 notices after each commit.
  OrderService(const ZoneConfig& config, OrderRepository& repo, const Clock& clock,
               Notifier* notifier = nullptr)
      : config_(config), repo_(repo), clock_(clock), notifier_(notifier) {}
  void set_notifier(Notifier* notifier) { notifier_ = notifier; }

  Result<CreateOutcome> Create(const Actor& actor, NewOrderInput input);
  // NotFound also when the order exists but is not visible to the caller.
  Result<WorkOrder> Get(const Actor& actor, int64_t id);
  Result<OrderPage> List(const Actor& actor, OrderQuery query);
  // Open orders registered within rules.repeat_window by the same caller, or at the same
  // address with a similar problem; best first, at most `limit`. Centre roles only.
  Result<std::vector<RepeatCandidate>> FindRepeats(const Actor& actor, const SuggestRequest& appeal,
                                                   int limit = 5);
  // 回访工作台: orders waiting for a call-back, most urgent first (at most `limit`), with
  // attempts and every caller to reach. Centre roles only.
  Result<VisitQueue> VisitQueueFor(const Actor& actor, int limit = 100);
  // Earlier orders of the same caller or place on a similar problem that carry an approved
  // 最终答复, registered within rules.final_answer_window; best first. Centre roles only.
  Result<std::vector<FinalAnswerCandidate>> FindFinalAnswers(const Actor& actor,
                                                             const SuggestRequest& appeal,
                                                             int limit = 3);
  // Performs one action; returns the order after it (with timeline).
  Result<WorkOrder> Act(const Actor& actor, int64_t id, const ActionInput& input);

  // The order's deadlines and alerts at `now_ms` (pure; see order_deadlines.h).
  // InvalidArgument("no_sla_rule") when the SLA table has no rule for the order.
  Result<OrderDeadlines> Deadlines(const WorkOrder& order, int64_t now_ms) const;
  // The same at the service clock's now (what the API renders).
  Result<OrderDeadlines> Deadlines(const WorkOrder& order) const {
    return Deadlines(order, clock_.NowMs());
  }

  // 自动催办: scans every open order and, for each stage at yellow or red, appends one `urge`
  // event (actor "system", payload auto=true, key=stage:assignment:due:level) and sends a
  // Notice. Idempotent: a key already on the timeline is never urged again, so repeated
  // sweeps and restarts never duplicate. Orders whose status has no `urge` row are skipped.
  // Per-order failures are skipped (retried on the next sweep); only a failure to list the
  // open orders is returned.
  Result<SweepResult> Sweep();

  // Validation shared by Create and the importer; normalises ids (accepts Chinese names).
  Status ValidateNewOrder(NewOrderInput* input) const;

  const ZoneConfig& config() const { return config_; }

 private:
  // Brings the wording index up to the orders registered since the last call (by this or any
  // other instance) and forgets those before `from`. Caller holds text_mu_.
  Status RefreshTextIndex(int64_t from) const;

  struct SimilarOrder {
    WorkOrder order;
    bool same_caller = false;
    bool same_place = false;
    bool same_text = false;
    double similarity = 0;
    double title_similarity = 0;
  };
  Result<std::vector<SimilarOrder>> CollectSimilar(const OrderQuery& base,
                                                   const SuggestRequest& appeal,
                                                   bool caller_needs_similarity) const;
  bool CanSee(const Actor& actor, const WorkOrder& order) const;
  Status Authorize(const Actor& actor, const WorkOrder& order, const ActionInput& input,
                   std::string* acting_unit) const;
  Status Apply(const Actor& actor, const std::string& acting_unit, WorkOrder* order,
               const ActionInput& input, OrderTransaction& tx, std::vector<Event>* events,
               std::vector<std::pair<WorkOrder, Event>>* other_orders,
               std::vector<Notice>* notices) const;
  Status FanOutToChildren(const WorkOrder& master, const std::vector<Event>& events,
                          OrderTransaction& tx,
                          std::vector<std::pair<WorkOrder, Event>>* others) const;
  void SendNotices(const std::vector<Notice>& notices, int* failures) const;
  // One order of Sweep; false on an error (nothing written for that order).
  bool SweepOne(int64_t id, int64_t now, SweepResult* out);
  Status ValidateUnits(const ActionInput& input) const;
  Status CheckLength(const std::string& value, int max_chars, const char* field,
                     const char* label) const;

  const ZoneConfig& config_;
  OrderRepository& repo_;
  const Clock& clock_;
  Notifier* notifier_ = nullptr;
  // 重复件 by wording: the orders of the repeat window by their MinHash keys, in memory (no
  // write cost at intake), fed by RefreshTextIndex from the repository.
  mutable std::mutex text_mu_;
  mutable TextKeyIndex text_index_;
  mutable int64_t text_after_ = 0;  // the highest order id indexed
};

// The fixed actor kind of each action (the same on every row of the transition table).
ActorKind ActorKindOf(Action action);

}  // namespace minsheng

#endif  // MINSHENG_CORE_ORDER_SERVICE_H_
