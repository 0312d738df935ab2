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
#include <optional>
#include <string>
#include <vector>

#include "core/order.h"
#include "core/ports.h"
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
  int64_t created_at = 0;  // historical import only; 0 = now
  std::string dispatch_suggestion_json;  // filled by the API from the DispatchAdvisor
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
};

class OrderService {
 public:
  OrderService(const ZoneConfig& config, OrderRepository& repo, const Clock& clock)
      : config_(config), repo_(repo), clock_(clock) {}

  Result<CreateOutcome> Create(const Actor& actor, NewOrderInput input);
  // NotFound also when the order exists but is not visible to the caller.
  Result<WorkOrder> Get(const Actor& actor, int64_t id);
  Result<OrderPage> List(const Actor& actor, OrderQuery query);
  // Performs one action; returns the order after it (with timeline).
  Result<WorkOrder> Act(const Actor& actor, int64_t id, const ActionInput& input);

  // Validation shared by Create and the importer; normalises ids (accepts Chinese names).
  Status ValidateNewOrder(NewOrderInput* input) const;

  const ZoneConfig& config() const { return config_; }

 private:
  bool CanSee(const Actor& actor, const WorkOrder& order) const;
  Status Authorize(const Actor& actor, const WorkOrder& order, Action action,
                   std::string* acting_unit) const;
  Status Apply(const Actor& actor, const std::string& acting_unit, WorkOrder* order,
               const ActionInput& input, OrderTransaction& tx, std::vector<Event>* events,
               std::vector<std::pair<WorkOrder, Event>>* other_orders) const;
  Status ValidateUnits(const ActionInput& input) const;
  Status CheckLength(const std::string& value, int max_chars, const char* field,
                     const char* label) const;

  const ZoneConfig& config_;
  OrderRepository& repo_;
  const Clock& clock_;
};

// The fixed actor kind of each action (the same on every row of the transition table).
ActorKind ActorKindOf(Action action);

}  // namespace minsheng

#endif  // MINSHENG_CORE_ORDER_SERVICE_H_
