#include "core/order.h"

namespace minsheng {

const Assignment* WorkOrder::MainAssignment() const {
  for (const auto& a : assignments)
    if (a.active && a.role == AssignmentRole::kMain) return &a;
  return nullptr;
}

Assignment* WorkOrder::MainAssignment() {
  for (auto& a : assignments)
    if (a.active && a.role == AssignmentRole::kMain) return &a;
  return nullptr;
}

bool WorkOrder::IsAssignedTo(const std::string& unit) const {
  for (const auto& a : assignments)
    if (a.active && a.unit == unit) return true;
  return false;
}

std::vector<std::string> WorkOrder::ActiveUnits() const {
  std::vector<std::string> out;
  for (const auto& a : assignments)
    if (a.active) out.push_back(a.unit);
  return out;
}

}  // namespace minsheng
