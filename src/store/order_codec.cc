#include "store/order_codec.h"

#include <exception>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/types.h"

namespace minsheng::store_internal {

namespace {

using nlohmann::json;

// NOTE: these keys are persisted; never rename one (add a new key and read both instead).
json EncodeCitizen(const Citizen& c) {
  return json{{"name", c.name},
              {"phone", c.phone},
              {"confidential", c.confidential},
              {"anonymous", c.anonymous}};
}

json EncodeAssignment(const Assignment& a) {
  return json{{"unit", a.unit},
              {"role", std::string(ToString(a.role))},
              {"dispatched_at", a.dispatched_at},
              {"signed_at", a.signed_at},
              {"replied_at", a.replied_at},
              {"active", a.active}};
}

template <typename T>
T Get(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->template get<T>();
}

const json& Array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_array()) throw std::runtime_error(std::string("not an array: ") + key);
  return *it;
}

void DecodeInto(const json& d, WorkOrder* o) {
  if (!d.is_object()) throw std::runtime_error("document is not an object");
  if (auto it = d.find("citizen"); it != d.end() && it->is_object()) {
    o->citizen.name = Get<std::string>(*it, "name", "");
    o->citizen.phone = Get<std::string>(*it, "phone", "");
    o->citizen.confidential = Get<bool>(*it, "confidential", false);
    o->citizen.anonymous = Get<bool>(*it, "anonymous", false);
  }
  o->attachments.clear();
  for (const json& a : Array(d, "attachments")) {
    o->attachments.push_back(Attachment{Get<std::string>(a, "name", ""),
                                        Get<std::string>(a, "url", ""),
                                        Get<std::string>(a, "mime", ""),
                                        Get<int64_t>(a, "size", 0)});
  }
  o->assignments.clear();
  for (const json& a : Array(d, "assignments")) {
    Assignment x;
    x.unit = Get<std::string>(a, "unit", "");
    auto role = ParseAssignmentRole(Get<std::string>(a, "role", "main"));
    if (!role) throw std::runtime_error("unknown assignment role");
    x.role = *role;
    x.dispatched_at = Get<int64_t>(a, "dispatched_at", 0);
    x.signed_at = Get<int64_t>(a, "signed_at", 0);
    x.replied_at = Get<int64_t>(a, "replied_at", 0);
    x.active = Get<bool>(a, "active", true);
    o->assignments.push_back(std::move(x));
  }
  o->reply.reset();
  if (auto it = d.find("reply"); it != d.end() && it->is_object()) {
    Reply r;
    r.text = Get<std::string>(*it, "text", "");
    r.result = Get<std::string>(*it, "result", "");
    r.unit = Get<std::string>(*it, "unit", "");
    r.user = Get<std::string>(*it, "user", "");
    r.at = Get<int64_t>(*it, "at", 0);
    o->reply = std::move(r);
  }
  o->visits.clear();
  for (const json& v : Array(d, "visits")) {
    VisitRecord r;
    r.satisfaction = Get<std::string>(v, "satisfaction", "");
    if (auto it = v.find("resolved"); it != v.end() && !it->is_null()) r.resolved = it->get<bool>();
    r.note = Get<std::string>(v, "note", "");
    r.user = Get<std::string>(v, "user", "");
    r.at = Get<int64_t>(v, "at", 0);
    o->visits.push_back(std::move(r));
  }
  o->refuse_reason = Get<std::string>(d, "refuse_reason", "");
  o->transfer_to = Get<std::string>(d, "transfer_to", "");
  o->direct_answer = Get<std::string>(d, "direct_answer", "");
  o->merged_into = Get<int64_t>(d, "merged_into", 0);
  o->merged_children.clear();
  for (const json& c : Array(d, "merged_children")) o->merged_children.push_back(c.get<int64_t>());
  o->close_flag = Get<std::string>(d, "close_flag", "");
  o->pending_return_reason = Get<std::string>(d, "pending_return_reason", "");
  o->pending_return_note = Get<std::string>(d, "pending_return_note", "");
  o->pending_return_unit = Get<std::string>(d, "pending_return_unit", "");
  o->return_count = Get<int>(d, "return_count", 0);
  o->reopen_count = Get<int>(d, "reopen_count", 0);
  o->unreachable_count = Get<int>(d, "unreachable_count", 0);
  o->dispatch_suggestion_json = Get<std::string>(d, "dispatch_suggestion_json", "");
}

}  // namespace

std::string EncodeOrderDoc(const WorkOrder& o) {
  json d = json::object();
  d["citizen"] = EncodeCitizen(o.citizen);
  json attachments = json::array();
  for (const auto& a : o.attachments)
    attachments.push_back(json{{"name", a.name}, {"url", a.url}, {"mime", a.mime}, {"size", a.size}});
  d["attachments"] = std::move(attachments);
  json assignments = json::array();
  for (const auto& a : o.assignments) assignments.push_back(EncodeAssignment(a));
  d["assignments"] = std::move(assignments);
  if (o.reply) {
    d["reply"] = json{{"text", o.reply->text},
                      {"result", o.reply->result},
                      {"unit", o.reply->unit},
                      {"user", o.reply->user},
                      {"at", o.reply->at}};
  } else {
    d["reply"] = nullptr;
  }
  json visits = json::array();
  for (const auto& v : o.visits) {
    json r{{"satisfaction", v.satisfaction}, {"note", v.note}, {"user", v.user}, {"at", v.at}};
    r["resolved"] = v.resolved ? json(*v.resolved) : json(nullptr);
    visits.push_back(std::move(r));
  }
  d["visits"] = std::move(visits);
  d["refuse_reason"] = o.refuse_reason;
  d["transfer_to"] = o.transfer_to;
  d["direct_answer"] = o.direct_answer;
  d["merged_into"] = o.merged_into;
  d["merged_children"] = o.merged_children;
  d["close_flag"] = o.close_flag;
  d["pending_return_reason"] = o.pending_return_reason;
  d["pending_return_note"] = o.pending_return_note;
  d["pending_return_unit"] = o.pending_return_unit;
  d["return_count"] = o.return_count;
  d["reopen_count"] = o.reopen_count;
  d["unreachable_count"] = o.unreachable_count;
  d["dispatch_suggestion_json"] = o.dispatch_suggestion_json;
  // `replace` instead of throwing: a stray invalid byte must not make an order unsavable.
  return d.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status DecodeOrderDoc(std::string_view doc, WorkOrder* order) {
  json d = json::parse(doc, nullptr, /*allow_exceptions=*/false);
  if (d.is_discarded()) return Internal("corrupt order document: not JSON");
  try {
    DecodeInto(d, order);
  } catch (const std::exception& e) {
    return Internal(std::string("corrupt order document: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace minsheng::store_internal
