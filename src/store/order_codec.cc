#include "store/order_codec.h"

#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

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
              {"first_contact_at", a.first_contact_at},
              {"replied_at", a.replied_at},
              {"active", a.active}};
}

json EncodeVisit(const VisitRecord& v) {
  json r{{"satisfaction", v.satisfaction}, {"note", v.note}, {"user", v.user}, {"at", v.at}};
  r["resolved"] = v.resolved ? json(*v.resolved) : json(nullptr);
  r["cause"] = v.cause;
  r["excluded"] = v.excluded;
  if (v.appeal) {
    const RatingAppeal& a = *v.appeal;
    r["appeal"] = json{{"unit", a.unit},
                       {"user", a.user},
                       {"reason", a.reason},
                       {"at", a.at},
                       {"status", a.status},
                       {"decided_by", a.decided_by},
                       {"decision_note", a.decision_note},
                       {"decided_at", a.decided_at}};
  } else {
    r["appeal"] = nullptr;
  }
  return r;
}

json EncodeRules(const WorkOrder& o) {
  json d = json::object();
  d["upstream_deadline"] = o.upstream_deadline ? json(*o.upstream_deadline) : json(nullptr);
  json ext = json::array();
  for (const auto& e : o.extensions)
    ext.push_back(json{{"unit", e.unit},
                       {"days", e.days},
                       {"reason", e.reason},
                       {"legal_basis", e.legal_basis},
                       {"requested_by", e.requested_by},
                       {"requested_at", e.requested_at},
                       {"status", e.status},
                       {"decided_by", e.decided_by},
                       {"decision_note", e.decision_note},
                       {"decided_at", e.decided_at}});
  d["extensions"] = std::move(ext);
  json co = json::array();
  for (const auto& c : o.co_replies)
    co.push_back(json{{"unit", c.unit}, {"text", c.text}, {"user", c.user}, {"at", c.at}});
  d["co_replies"] = std::move(co);
  if (o.consultation) {
    const Consultation& c = *o.consultation;
    d["consultation"] = json{{"main_unit", c.main_unit},
                             {"co_units", c.co_units},
                             {"note", c.note},
                             {"user", c.user},
                             {"at", c.at}};
  } else {
    d["consultation"] = nullptr;
  }
  json sv = json::array();
  for (const auto& s : o.supervisions)
    sv.push_back(json{{"level", s.level},
                      {"due_at", s.due_at},
                      {"listed", s.listed},
                      {"note", s.note},
                      {"user", s.user},
                      {"at", s.at},
                      {"lifted_at", s.lifted_at},
                      {"lifted_by", s.lifted_by},
                      {"lift_note", s.lift_note}});
  d["supervisions"] = std::move(sv);
  if (o.ledger) {
    const Ledger& l = *o.ledger;
    json stages = json::array();
    for (const auto& r : l.stage_replies)
      stages.push_back(json{{"unit", r.unit}, {"text", r.text}, {"user", r.user}, {"at", r.at}});
    d["ledger"] = json{{"started_at", l.started_at},
                       {"started_by", l.started_by},
                       {"reason", l.reason},
                       {"stage_replies", std::move(stages)},
                       {"cleared_at", l.cleared_at}};
  } else {
    d["ledger"] = nullptr;
  }
  d["approved_at"] = o.approved_at;
  d["reopened_at"] = o.reopened_at;
  d["returns_since_consult"] = o.returns_since_consult;
  return d;
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

// The closed-loop rule fields (issue 4); every key is optional (older documents lack them).
void DecodeRules(const json& d, WorkOrder* o) {
  o->upstream_deadline.reset();
  if (auto it = d.find("upstream_deadline"); it != d.end() && !it->is_null())
    o->upstream_deadline = it->get<int64_t>();
  o->extensions.clear();
  for (const json& e : Array(d, "extensions")) {
    ExtensionRequest x;
    x.unit = Get<std::string>(e, "unit", "");
    x.days = Get<double>(e, "days", 0);
    x.reason = Get<std::string>(e, "reason", "");
    x.legal_basis = Get<std::string>(e, "legal_basis", "");
    x.requested_by = Get<std::string>(e, "requested_by", "");
    x.requested_at = Get<int64_t>(e, "requested_at", 0);
    x.status = Get<std::string>(e, "status", "pending");
    x.decided_by = Get<std::string>(e, "decided_by", "");
    x.decision_note = Get<std::string>(e, "decision_note", "");
    x.decided_at = Get<int64_t>(e, "decided_at", 0);
    o->extensions.push_back(std::move(x));
  }
  o->co_replies.clear();
  for (const json& c : Array(d, "co_replies"))
    o->co_replies.push_back(CoReply{Get<std::string>(c, "unit", ""),
                                    Get<std::string>(c, "text", ""),
                                    Get<std::string>(c, "user", ""), Get<int64_t>(c, "at", 0)});
  o->consultation.reset();
  if (auto it = d.find("consultation"); it != d.end() && it->is_object()) {
    Consultation c;
    c.main_unit = Get<std::string>(*it, "main_unit", "");
    for (const json& u : Array(*it, "co_units")) c.co_units.push_back(u.get<std::string>());
    c.note = Get<std::string>(*it, "note", "");
    c.user = Get<std::string>(*it, "user", "");
    c.at = Get<int64_t>(*it, "at", 0);
    o->consultation = std::move(c);
  }
  o->supervisions.clear();
  for (const json& s : Array(d, "supervisions")) {
    Supervision x;
    x.level = Get<std::string>(s, "level", "centre");
    x.due_at = Get<int64_t>(s, "due_at", 0);
    x.listed = Get<bool>(s, "listed", false);
    x.note = Get<std::string>(s, "note", "");
    x.user = Get<std::string>(s, "user", "");
    x.at = Get<int64_t>(s, "at", 0);
    x.lifted_at = Get<int64_t>(s, "lifted_at", 0);
    x.lifted_by = Get<std::string>(s, "lifted_by", "");
    x.lift_note = Get<std::string>(s, "lift_note", "");
    o->supervisions.push_back(std::move(x));
  }
  o->ledger.reset();
  if (auto it = d.find("ledger"); it != d.end() && it->is_object()) {
    Ledger l;
    l.started_at = Get<int64_t>(*it, "started_at", 0);
    l.started_by = Get<std::string>(*it, "started_by", "");
    l.reason = Get<std::string>(*it, "reason", "");
    for (const json& r : Array(*it, "stage_replies"))
      l.stage_replies.push_back(
          StageReply{Get<std::string>(r, "unit", ""), Get<std::string>(r, "text", ""),
                     Get<std::string>(r, "user", ""), Get<int64_t>(r, "at", 0)});
    l.cleared_at = Get<int64_t>(*it, "cleared_at", 0);
    o->ledger = std::move(l);
  }
  o->approved_at = Get<int64_t>(d, "approved_at", 0);
  o->reopened_at = Get<int64_t>(d, "reopened_at", 0);
  o->returns_since_consult = Get<int>(d, "returns_since_consult", 0);
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
    o->attachments.push_back(
        Attachment{Get<std::string>(a, "name", ""), Get<std::string>(a, "url", ""),
                   Get<std::string>(a, "mime", ""), Get<int64_t>(a, "size", 0)});
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
    x.first_contact_at = Get<int64_t>(a, "first_contact_at", 0);
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
    r.final_answer = Get<bool>(*it, "final_answer", false);
    r.signed_by = Get<std::string>(*it, "signed_by", "");
    r.evidence = Get<std::string>(*it, "evidence", "");
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
    r.cause = Get<std::string>(v, "cause", "");
    r.excluded = Get<bool>(v, "excluded", false);
    if (auto it = v.find("appeal"); it != v.end() && it->is_object()) {
      RatingAppeal a;
      a.unit = Get<std::string>(*it, "unit", "");
      a.user = Get<std::string>(*it, "user", "");
      a.reason = Get<std::string>(*it, "reason", "");
      a.at = Get<int64_t>(*it, "at", 0);
      a.status = Get<std::string>(*it, "status", "pending");
      a.decided_by = Get<std::string>(*it, "decided_by", "");
      a.decision_note = Get<std::string>(*it, "decision_note", "");
      a.decided_at = Get<int64_t>(*it, "decided_at", 0);
      r.appeal = std::move(a);
    }
    o->visits.push_back(std::move(r));
  }
  o->refuse_reason = Get<std::string>(d, "refuse_reason", "");
  o->transfer_to = Get<std::string>(d, "transfer_to", "");
  o->direct_answer = Get<std::string>(d, "direct_answer", "");
  o->direct_answer_kb = Get<int64_t>(d, "direct_answer_kb", 0);
  o->place_key = Get<std::string>(d, "place_key", "");
  o->direct_answer_final_of = Get<int64_t>(d, "direct_answer_final_of", 0);
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
  DecodeRules(d, o);
}

}  // namespace

std::string EncodeOrderDoc(const WorkOrder& o) {
  json d = json::object();
  d["citizen"] = EncodeCitizen(o.citizen);
  json attachments = json::array();
  for (const auto& a : o.attachments)
    attachments.push_back(
        json{{"name", a.name}, {"url", a.url}, {"mime", a.mime}, {"size", a.size}});
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
    if (o.reply->final_answer) {
      d["reply"]["final_answer"] = true;
      d["reply"]["signed_by"] = o.reply->signed_by;
      d["reply"]["evidence"] = o.reply->evidence;
    }
  } else {
    d["reply"] = nullptr;
  }
  json visits = json::array();
  for (const auto& v : o.visits) visits.push_back(EncodeVisit(v));
  d["visits"] = std::move(visits);
  d["refuse_reason"] = o.refuse_reason;
  d["transfer_to"] = o.transfer_to;
  d["direct_answer"] = o.direct_answer;
  if (o.direct_answer_kb != 0) d["direct_answer_kb"] = o.direct_answer_kb;
  if (!o.place_key.empty()) d["place_key"] = o.place_key;
  if (o.direct_answer_final_of != 0) d["direct_answer_final_of"] = o.direct_answer_final_of;
  d["merged_into"] = o.merged_into;
  d["merged_children"] = o.merged_children;
  d["close_flag"] = o.close_flag;
  d["pending_return_reason"] = o.pending_return_reason;
  d["pending_return_note"] = o.pending_return_note;
  d["pending_return_unit"] = o.pending_return_unit;
  d["return_count"] = o.return_count;
  d["reopen_count"] = o.reopen_count;
  d["unreachable_count"] = o.unreachable_count;
  d.update(EncodeRules(o));
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
