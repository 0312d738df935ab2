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

Assignment* WorkOrder::CoAssignment(const std::string& unit) {
  for (auto& a : assignments)
    if (a.active && a.role == AssignmentRole::kCo && a.unit == unit) return &a;
  return nullptr;
}

const ExtensionRequest* WorkOrder::PendingExtension() const {
  for (const auto& e : extensions)
    if (e.status == "pending") return &e;
  return nullptr;
}

ExtensionRequest* WorkOrder::PendingExtension() {
  for (auto& e : extensions)
    if (e.status == "pending") return &e;
  return nullptr;
}

const Supervision* WorkOrder::ActiveSupervision() const {
  for (const auto& s : supervisions)
    if (s.lifted_at == 0) return &s;
  return nullptr;
}

Supervision* WorkOrder::ActiveSupervision() {
  for (auto& s : supervisions)
    if (s.lifted_at == 0) return &s;
  return nullptr;
}

}  // namespace minsheng
