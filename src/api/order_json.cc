#include "api/order_json.h"

#include <cstdio>

#include "core/json_writer.h"
#include "core/time_util.h"
#include "core/types.h"

namespace minsheng::api {
namespace {

// A minimal streaming writer: the caller emits keys in order; commas are tracked per level.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }

  Writer& Key(std::string_view k) {
    Sep();
    out_->push_back('"');
    out_->append(k);  // keys are ASCII literals
    out_->append("\":");
    after_key_ = true;
    return *this;
  }
  void Str(std::string_view s) {
    Sep();
    JsonObjectWriter::AppendEscaped(out_, s);
  }
  void Int(int64_t v) {
    Sep();
    out_->append(std::to_string(v));
  }
  void Bool(bool v) {
    Sep();
    out_->append(v ? "true" : "false");
  }
  void Double(double v) {
    Sep();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    out_->append(buf);
  }
  void Null() {
    Sep();
    out_->append("null");
  }
  void Time(int64_t ms, int offset) {
    if (ms == 0) {
      Null();
    } else {
      Str(FormatIso8601(ms, offset));
    }
  }
  void Raw(std::string_view stored) {
    Sep();
    AppendInlineJson(stored, out_);
  }

 private:
  void Sep() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void Open(char c) {
    Sep();
    out_->push_back(c);
    need_comma_ = false;
  }
  void Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
  }

  std::string* out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

// The closed-loop records of issue 4: upstream deadline, extensions, 协办 replies, 会商,
// 督办, 挂账.
void WriteClosedLoop(Writer& w, const WorkOrder& o, int off) {
  if (o.upstream_deadline) {
    w.Key("upstream_deadline").Time(*o.upstream_deadline, off);
  } else {
    w.Key("upstream_deadline").Null();
  }
  w.Key("extensions").BeginArray();
  for (const ExtensionRequest& x : o.extensions) {
    w.BeginObject();
    w.Key("unit").Str(x.unit);
    w.Key("days").Double(x.days);
    w.Key("reason").Str(x.reason);
    w.Key("legal_basis").Str(x.legal_basis);
    w.Key("requested_by").Str(x.requested_by);
    w.Key("requested_at").Time(x.requested_at, off);
    w.Key("status").Str(x.status);
    w.Key("decided_by").Str(x.decided_by);
    w.Key("decision_note").Str(x.decision_note);
    w.Key("decided_at").Time(x.decided_at, off);
    w.EndObject();
  }
  w.EndArray();
  w.Key("co_replies").BeginArray();
  for (const CoReply& c : o.co_replies) {
    w.BeginObject();
    w.Key("unit").Str(c.unit);
    w.Key("text").Str(c.text);
    w.Key("user").Str(c.user);
    w.Key("at").Time(c.at, off);
    w.EndObject();
  }
  w.EndArray();
  if (o.consultation) {
    const Consultation& c = *o.consultation;
    w.Key("consultation").BeginObject();
    w.Key("main_unit").Str(c.main_unit);
    w.Key("co_units").BeginArray();
    for (const auto& u : c.co_units) w.Str(u);
    w.EndArray();
    w.Key("note").Str(c.note);
    w.Key("user").Str(c.user);
    w.Key("at").Time(c.at, off);
    w.EndObject();
  } else {
    w.Key("consultation").Null();
  }
  w.Key("supervisions").BeginArray();
  for (const Supervision& v : o.supervisions) {
    w.BeginObject();
    w.Key("level").Str(v.level);
    w.Key("due_at").Time(v.due_at, off);
    w.Key("listed").Bool(v.listed);
    w.Key("note").Str(v.note);
    w.Key("user").Str(v.user);
    w.Key("at").Time(v.at, off);
    w.Key("lifted_at").Time(v.lifted_at, off);
    w.Key("lifted_by").Str(v.lifted_by);
    w.Key("lift_note").Str(v.lift_note);
    w.EndObject();
  }
  w.EndArray();
  if (o.ledger) {
    const Ledger& l = *o.ledger;
    w.Key("ledger").BeginObject();
    w.Key("started_at").Time(l.started_at, off);
    w.Key("started_by").Str(l.started_by);
    w.Key("reason").Str(l.reason);
    w.Key("stage_replies").BeginArray();
    for (const StageReply& r : l.stage_replies) {
      w.BeginObject();
      w.Key("unit").Str(r.unit);
      w.Key("text").Str(r.text);
      w.Key("user").Str(r.user);
      w.Key("at").Time(r.at, off);
      w.EndObject();
    }
    w.EndArray();
    w.Key("cleared_at").Time(l.cleared_at, off);
    w.EndObject();
  } else {
    w.Key("ledger").Null();
  }
  w.Key("approved_at").Time(o.approved_at, off);
  w.Key("reopened_at").Time(o.reopened_at, off);
}

void WriteDeadlines(Writer& w, const OrderDeadlines& d, int off) {
  w.BeginObject();
  w.Key("class").Str(d.klass);
  w.Key("upstream").Bool(d.upstream);
  w.Key("worst").Str(ToString(d.worst));
  w.Key("stages").BeginArray();
  for (const StageDeadline& s : d.stages) {
    w.BeginObject();
    w.Key("stage").Str(s.stage);
    if (s.assignment >= 0) {
      w.Key("assignment").Int(s.assignment);
    } else {
      w.Key("assignment").Null();
    }
    w.Key("unit").Str(s.unit);
    w.Key("role").Str(ToString(s.role));
    w.Key("active").Bool(s.active);
    w.Key("start").Time(s.start_ms, off);
    w.Key("due").Time(s.due_ms, off);
    w.Key("basis").Str(s.working ? "working" : "natural");
    w.Key("rule").Str(s.rule);
    w.Key("done_at").Time(s.done_at, off);
    w.Key("late").Bool(s.late);
    w.Key("alert").Str(ToString(s.alert));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void WriteEvent(Writer& w, const Event& e, int offset) {
  w.BeginObject();
  w.Key("seq").Int(e.seq);
  w.Key("at").Time(e.at, offset);
  w.Key("actor_user").Str(e.actor_user);
  w.Key("actor_unit").Str(e.actor_unit);
  w.Key("action").Str(ToString(e.action));
  w.Key("action_label").Str(LabelZh(e.action));
  if (e.from) {
    w.Key("from").Str(ToString(*e.from));
  } else {
    w.Key("from").Null();
  }
  w.Key("to").Str(ToString(e.to));
  w.Key("payload").Raw(e.payload_json);
  w.EndObject();
}

}  // namespace

void AppendInlineJson(std::string_view text, std::string* out) {
  // Stored payloads are written by the core's JsonObjectWriter / the dispatch engine and are
  // JSON objects; anything else is returned as a string rather than corrupting the response.
  size_t b = text.find_first_not_of(" \t\r\n");
  size_t e = text.find_last_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    out->append("{}");
  } else if (text[b] == '{' && text[e] == '}') {
    out->append(text.substr(b, e - b + 1));
  } else {
    JsonObjectWriter::AppendEscaped(out, text);
  }
}

void AppendEventJson(const Event& event, const ZoneConfig& config, std::string* out) {
  Writer w(out);
  WriteEvent(w, event, config.utc_offset_minutes);
}

void AppendOrderJson(const WorkOrder& o, const ZoneConfig& config, bool with_timeline,
                     std::string* out, const OrderExtras* extras) {
  const int off = config.utc_offset_minutes;
  Writer w(out);
  w.BeginObject();
  w.Key("id").Int(o.id);
  w.Key("number").Str(o.number);
  w.Key("channel").Str(o.channel);
  w.Key("external_id").Str(o.external_id);
  w.Key("type").Str(o.type);
  w.Key("urgency").Str(o.urgency);
  w.Key("category").Str(o.category);
  w.Key("title").Str(o.title);
  w.Key("content").Str(o.content);
  w.Key("citizen").BeginObject();
  w.Key("name").Str(o.citizen.name);
  w.Key("phone").Str(o.citizen.phone);
  w.Key("confidential").Bool(o.citizen.confidential);
  w.Key("anonymous").Bool(o.citizen.anonymous);
  w.EndObject();
  w.Key("address").Str(o.address);
  w.Key("region_code").Str(o.region_code);
  w.Key("attachments").BeginArray();
  for (const Attachment& a : o.attachments) {
    w.BeginObject();
    w.Key("name").Str(a.name);
    w.Key("url").Str(a.url);
    w.Key("mime").Str(a.mime);
    w.Key("size").Int(a.size);
    w.EndObject();
  }
  w.EndArray();
  w.Key("assignments").BeginArray();
  for (const Assignment& a : o.assignments) {
    w.BeginObject();
    w.Key("unit").Str(a.unit);
    w.Key("role").Str(ToString(a.role));
    w.Key("dispatched_at").Time(a.dispatched_at, off);
    w.Key("signed_at").Time(a.signed_at, off);
    w.Key("first_contact_at").Time(a.first_contact_at, off);
    w.Key("replied_at").Time(a.replied_at, off);
    w.Key("active").Bool(a.active);
    w.EndObject();
  }
  w.EndArray();
  if (const Assignment* main = o.MainAssignment()) {
    w.Key("main_unit").Str(main->unit);
  } else {
    w.Key("main_unit").Null();
  }
  if (o.reply) {
    w.Key("reply").BeginObject();
    w.Key("text").Str(o.reply->text);
    w.Key("result").Str(o.reply->result);
    w.Key("unit").Str(o.reply->unit);
    w.Key("user").Str(o.reply->user);
    w.Key("at").Time(o.reply->at, off);
    w.Key("final_answer").Bool(o.reply->final_answer);
    if (o.reply->final_answer) {
      w.Key("signed_by").Str(o.reply->signed_by);
      w.Key("evidence").Str(o.reply->evidence);
    }
    w.EndObject();
  } else {
    w.Key("reply").Null();
  }
  w.Key("visits").BeginArray();
  for (const VisitRecord& v : o.visits) {
    w.BeginObject();
    w.Key("satisfaction").Str(v.satisfaction);
    if (v.resolved) {
      w.Key("resolved").Bool(*v.resolved);
    } else {
      w.Key("resolved").Null();
    }
    w.Key("note").Str(v.note);
    w.Key("user").Str(v.user);
    w.Key("at").Time(v.at, off);
    w.Key("cause").Str(v.cause);
    w.Key("excluded").Bool(v.excluded);
    if (v.appeal) {
      w.Key("appeal").BeginObject();
      w.Key("unit").Str(v.appeal->unit);
      w.Key("user").Str(v.appeal->user);
      w.Key("reason").Str(v.appeal->reason);
      w.Key("at").Time(v.appeal->at, off);
      w.Key("status").Str(v.appeal->status);
      w.Key("decided_by").Str(v.appeal->decided_by);
      w.Key("decision_note").Str(v.appeal->decision_note);
      w.Key("decided_at").Time(v.appeal->decided_at, off);
      w.EndObject();
    } else {
      w.Key("appeal").Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("status").Str(ToString(o.status));
  w.Key("status_label").Str(LabelZh(o.status));
  w.Key("refuse_reason").Str(o.refuse_reason);
  w.Key("transfer_to").Str(o.transfer_to);
  w.Key("direct_answer").Str(o.direct_answer);
  if (o.direct_answer_kb != 0) w.Key("direct_answer_kb").Int(o.direct_answer_kb);
  if (o.direct_answer_final_of != 0) w.Key("direct_answer_final_of").Int(o.direct_answer_final_of);
  if (o.merged_into != 0) {
    w.Key("merged_into").Int(o.merged_into);
  } else {
    w.Key("merged_into").Null();
  }
  w.Key("merged_children").BeginArray();
  for (int64_t c : o.merged_children) w.Int(c);
  w.EndArray();
  w.Key("close_flag").Str(o.close_flag);
  if (o.status == OrderStatus::kReturnRequested || !o.pending_return_unit.empty()) {
    w.Key("pending_return").BeginObject();
    w.Key("unit").Str(o.pending_return_unit);
    w.Key("reason_code").Str(o.pending_return_reason);
    w.Key("note").Str(o.pending_return_note);
    w.EndObject();
  } else {
    w.Key("pending_return").Null();
  }
  w.Key("return_count").Int(o.return_count);
  w.Key("reopen_count").Int(o.reopen_count);
  WriteClosedLoop(w, o, off);
  w.Key("dispatch_suggestion").Raw(o.dispatch_suggestion_json);
  w.Key("created_by").Str(o.created_by);
  w.Key("created_at").Time(o.created_at, off);
  w.Key("updated_at").Time(o.updated_at, off);
  w.Key("closed_at").Time(o.closed_at, off);
  w.Key("version").Int(o.version);
  if (extras != nullptr) {
    if (extras->deadlines != nullptr) {
      w.Key("deadlines");
      WriteDeadlines(w, *extras->deadlines, off);
    }
    if (extras->review != nullptr) {
      w.Key("reply_review").BeginArray();
      for (const ReviewFinding& f : *extras->review) {
        w.BeginObject();
        w.Key("code").Str(f.code);
        w.Key("message").Str(f.message);
        w.Key("evidence").Str(f.evidence);
        w.EndObject();
      }
      w.EndArray();
    }
  }
  if (with_timeline) {
    w.Key("timeline").BeginArray();
    for (const Event& e : o.timeline) WriteEvent(w, e, off);
    w.EndArray();
  }
  w.EndObject();
}

namespace {

// Why a candidate was proposed, for the operator: "同一来电号码;同一地点;措辞相近(相似度 0.82)",
// or "标题相近(标题相似度 0.90)" when the titles alone made it.
template <class Candidate>
std::string RepeatReason(const Candidate& c, const ZoneConfig& config) {
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : ";") + part; };
  if (c.same_caller) add("同一来电号码");
  if (c.same_place) add("同一地点");
  char text[64];
  if (c.same_text && c.similarity < config.rules.repeat_text_similarity &&
      c.title_similarity >= config.rules.repeat_title_similarity) {
    std::snprintf(text, sizeof text, "标题相近(标题相似度 %.2f)", c.title_similarity);
  } else {
    std::snprintf(text, sizeof text, "%s(相似度 %.2f)", c.same_text ? "措辞相近" : "问题相似",
                  c.similarity);
  }
  add(text);
  return out;
}

}  // namespace

std::string WithDuplicates(std::string object_json, const std::vector<RepeatCandidate>& repeats,
                           const ZoneConfig& config,
                           const std::vector<FinalAnswerCandidate>* final_answers) {
  std::string arr;
  Writer w(&arr);
  w.BeginArray();
  for (const RepeatCandidate& c : repeats) {
    w.BeginObject();
    w.Key("id").Int(c.id);
    w.Key("number").Str(c.number);
    w.Key("title").Str(c.title);
    w.Key("status").Str(ToString(c.status));
    w.Key("created_at").Time(c.created_at, config.utc_offset_minutes);
    w.Key("same_caller").Bool(c.same_caller);
    w.Key("same_place").Bool(c.same_place);
    w.Key("same_text").Bool(c.same_text);
    w.Key("similarity").Double(c.similarity);
    w.Key("title_similarity").Double(c.title_similarity);
    w.Key("reason").Str(RepeatReason(c, config));
    w.EndObject();
  }
  w.EndArray();
  std::string finals;
  if (final_answers != nullptr) {
    Writer f(&finals);
    f.BeginArray();
    for (const FinalAnswerCandidate& c : *final_answers) {
      f.BeginObject();
      f.Key("id").Int(c.id);
      f.Key("number").Str(c.number);
      f.Key("title").Str(c.title);
      f.Key("unit").Str(c.unit);
      f.Key("text").Str(c.text);
      f.Key("signed_by").Str(c.signed_by);
      f.Key("answered_at").Time(c.answered_at, config.utc_offset_minutes);
      f.Key("same_caller").Bool(c.same_caller);
      f.Key("same_place").Bool(c.same_place);
      f.Key("same_text").Bool(c.same_text);
      f.Key("similarity").Double(c.similarity);
      f.Key("title_similarity").Double(c.title_similarity);
      f.Key("reason").Str(RepeatReason(c, config));
      f.EndObject();
    }
    f.EndArray();
  }
  size_t end = object_json.find_last_not_of(" \t\r\n");
  if (end == std::string::npos || object_json[end] != '}') return object_json;
  size_t start = object_json.find_first_not_of(" \t\r\n");
  bool empty = object_json.find_first_not_of(" \t\r\n", start + 1) == end;
  std::string add = std::string(empty ? "" : ",") + "\"duplicates\":" + arr;
  if (!finals.empty()) add += ",\"final_answers\":" + finals;
  object_json.insert(end, add);
  return object_json;
}

std::string OrderJson(const WorkOrder& order, const ZoneConfig& config, bool with_timeline,
                      const OrderExtras* extras) {
  std::string out;
  out.reserve(1024 + order.content.size() + order.timeline.size() * 256);
  AppendOrderJson(order, config, with_timeline, &out, extras);
  return out;
}

}  // namespace minsheng::api
