// The order lifecycle as one explicit transition table (DOMAIN.md §2.7).
//
// Every change of an order's status goes through a row of kTransitions; a (status, action)
// pair that has no row is refused with FailedPrecondition "action_not_allowed". Some actions
// have more than one possible outcome (e.g. a `visit` closes the order when the citizen is
// satisfied, or leaves it pending when unreachable); the row lists every allowed target and
// the use case picks one, which is checked against the row.
#ifndef MINSHENG_CORE_LIFECYCLE_H_
#define MINSHENG_CORE_LIFECYCLE_H_

#include <array>
#include <span>

#include "core/status.h"
#include "core/types.h"

namespace minsheng {

struct Transition {
  OrderStatus from;
  Action action;
  ActorKind by;
  std::array<OrderStatus, 2> to;  // allowed targets; `to[1] == to[0]` when there is only one
  const char* note;               // why this row exists (documentation)
};

// The whole table. Reading it top to bottom gives the closed loop:
// 受理 → 派单 → 签收 → 答复 → 审核 → 回访 → 办结 → 归档, plus the side paths.
std::span<const Transition> TransitionTable();

// Returns the row for (from, action) or nullptr.
const Transition* FindTransition(OrderStatus from, Action action);

// Status OK when `action` is allowed from `from`, else FailedPrecondition("action_not_allowed")
// with a Chinese message naming the status and action.
Status CheckTransition(OrderStatus from, Action action);

// True when `to` is one of the row's targets.
bool IsAllowedTarget(const Transition& t, OrderStatus to);

}  // namespace minsheng

#endif  // MINSHENG_CORE_LIFECYCLE_H_
