#include "core/knowledge/knowledge_service.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "core/time_util.h"

namespace minsheng {
namespace {

constexpr int kMaxCategories = 20;
constexpr int kMaxQueryChars = 100;
constexpr int64_t kDayMs = 24LL * 3600 * 1000;

Status Missing(const char* field, const char* label) {
  return InvalidArgument("missing_field",
                         std::string("缺少必填字段「") + label + "」(" + field + ")");
}

bool IsCentreRole(Role r) { return r == Role::kAdmin || r == Role::kCentre; }

std::string ItemRef(const KnowledgeItem& item) {
  return "「" + item.title + "」(编号 " + std::to_string(item.id) + ")";
}

}  // namespace

std::string_view ToString(KnowledgeStatus s) {
  return s == KnowledgeStatus::kActive ? "active" : "retired";
}

std::string_view LabelZh(KnowledgeStatus s) {
  return s == KnowledgeStatus::kActive ? "有效" : "已停用";
}

std::optional<KnowledgeStatus> ParseKnowledgeStatus(std::string_view s) {
  if (s == "active") return KnowledgeStatus::kActive;
  if (s == "retired") return KnowledgeStatus::kRetired;
  return std::nullopt;
}

bool KnowledgeCategoryMatches(const std::string& item_category, const std::string& wanted) {
  if (item_category == wanted) return true;
  auto is_parent = [](const std::string& parent, const std::string& child) {
    return child.size() > parent.size() + 1 && child.compare(0, parent.size(), parent) == 0 &&
           child[parent.size()] == '.';
  };
  return is_parent(wanted, item_category) || is_parent(item_category, wanted);
}

Status KnowledgeService::CheckText(const std::string& value, int max_chars, const char* field,
                                   const char* label) const {
  if (!IsValidUtf8(value))
    return InvalidArgument(
        "invalid_utf8", std::string("字段「") + label + "」(" + field + ")不是有效的 UTF-8 文本");
  if (Utf8Length(value) > static_cast<size_t>(max_chars))
    return InvalidArgument("field_too_long", std::string("字段「") + label + "」(" + field +
                                                 ")超过 " + std::to_string(max_chars) +
                                                 " 个字符的上限");
  return Status::Ok();
}

Status KnowledgeService::CheckEditor(const Actor& actor, const std::string& owner_unit) const {
  if (IsCentreRole(actor.role)) return Status::Ok();
  if (actor.role == Role::kUnit && !actor.unit.empty() && actor.unit == owner_unit)
    return Status::Ok();
  if (actor.role == Role::kUnit)
    return PermissionDenied("forbidden",
                            "承办单位只能维护本单位提供的知识条目(谁提供、谁维护、谁更新)");
  return PermissionDenied("forbidden", "当前账号无权维护知识库");
}

Status KnowledgeService::Validate(const Actor& actor, KnowledgeInput* in,
                                  const std::string& current_owner) const {
  const Limits& lim = config_.limits;
  in->title = TrimSpace(in->title);
  in->body = TrimSpace(in->body);
  if (in->title.empty()) return Missing("title", "标题");
  if (in->body.empty()) return Missing("body", "答复内容");
  MS_RETURN_IF_ERROR(CheckText(in->title, lim.title_max_chars, "title", "标题"));
  MS_RETURN_IF_ERROR(CheckText(in->body, lim.reply_max_chars, "body", "答复内容"));
  MS_RETURN_IF_ERROR(CheckText(in->note, lim.note_max_chars, "note", "修改说明"));

  if (in->owner_unit.empty()) {
    in->owner_unit = !current_owner.empty()      ? current_owner
                     : actor.role == Role::kUnit ? actor.unit
                                                 : "";
  }
  if (in->owner_unit.empty()) return Missing("owner_unit", "提供单位");
  const OrgUnit* unit = config_.FindUnit(in->owner_unit);
  if (unit == nullptr) return InvalidArgument("unknown_unit", "未知的单位:" + in->owner_unit);
  in->owner_unit = unit->id;

  if (in->categories.size() > static_cast<size_t>(kMaxCategories))
    return InvalidArgument("field_too_long",
                           "诉求类别(categories)最多 " + std::to_string(kMaxCategories) + " 个");
  std::vector<std::string> codes;
  for (const std::string& c : in->categories) {
    const Category* cat = config_.FindCategory(TrimSpace(c));
    if (cat == nullptr) return InvalidArgument("unknown_category", "未知的诉求类别:" + c);
    if (std::find(codes.begin(), codes.end(), cat->code) == codes.end()) codes.push_back(cat->code);
  }
  in->categories = std::move(codes);

  if (in->valid_from < 0 || in->valid_to < 0 || in->review_due < 0)
    return InvalidArgument("invalid_time", "时间不能早于 1970-01-01");
  if (in->valid_from != 0 && in->valid_to != 0 && in->valid_to <= in->valid_from)
    return InvalidArgument("invalid_validity",
                           "有效期截止时间(valid_to)须晚于生效时间(valid_from)");
  return Status::Ok();
}

Result<KnowledgeItem> KnowledgeService::Create(const Actor& actor, KnowledgeInput input) {
  auto batch = CreateBatch(actor, {std::move(input)});
  if (!batch.ok()) return batch.status();
  if (!batch->rejected.empty()) return batch->rejected.front().second;
  return std::move(batch->created.front());
}

Result<KnowledgeBatchResult> KnowledgeService::CreateBatch(const Actor& actor,
                                                           std::vector<KnowledgeInput> inputs) {
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能维护知识库");
  const int64_t now = clock_.NowMs();
  KnowledgeBatchResult out;
  std::vector<std::string> notes;
  for (size_t i = 0; i < inputs.size(); ++i) {
    KnowledgeInput& input = inputs[i];
    Status st = Validate(actor, &input, "");
    if (st.ok()) st = CheckEditor(actor, input.owner_unit);
    if (!st.ok()) {
      out.rejected.emplace_back(i, std::move(st));
      continue;
    }
    notes.push_back(std::move(input.note));
    out.created.push_back(NewItem(actor, std::move(input), now));
  }
  if (out.created.empty()) return out;
  Status st = repo_.Write([&](KnowledgeTransaction& tx) -> Status {
    for (size_t i = 0; i < out.created.size(); ++i)
      MS_RETURN_IF_ERROR(tx.Insert(&out.created[i], notes[i]));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

KnowledgeItem KnowledgeService::NewItem(const Actor& actor, KnowledgeInput&& input,
                                        int64_t now) const {
  KnowledgeItem item;
  item.title = std::move(input.title);
  item.body = std::move(input.body);
  item.categories = std::move(input.categories);
  item.owner_unit = std::move(input.owner_unit);
  item.valid_from = input.valid_from;
  item.valid_to = input.valid_to;
  item.review_due = input.review_due;
  item.status = KnowledgeStatus::kActive;
  item.version = 1;
  item.created_by = item.updated_by = actor.user;
  item.created_at = item.updated_at = now;
  return item;
}

Result<KnowledgeItem> KnowledgeService::LoadForEdit(const Actor& actor, KnowledgeTransaction& tx,
                                                    int64_t id, int64_t expected_version) const {
  auto loaded = tx.Load(id);
  if (!loaded.ok()) return loaded.status();
  const KnowledgeItem& item = *loaded;
  MS_RETURN_IF_ERROR(CheckEditor(actor, item.owner_unit));
  if (item.status == KnowledgeStatus::kRetired)
    return FailedPrecondition("kb_item_retired", "知识条目" + ItemRef(item) + "已停用,不能修改");
  if (expected_version != 0 && expected_version != item.version)
    return Conflict("version_conflict", "知识条目已被他人修改(当前第 " +
                                            std::to_string(item.version) + " 版),请刷新后重试");
  return loaded;
}

Result<KnowledgeItem> KnowledgeService::Update(const Actor& actor, int64_t id,
                                               KnowledgeInput input) {
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能维护知识库");
  KnowledgeItem out;
  Status st = repo_.Write([&](KnowledgeTransaction& tx) -> Status {
    auto loaded = LoadForEdit(actor, tx, id, input.expected_version);
    if (!loaded.ok()) return loaded.status();
    KnowledgeItem item = std::move(loaded).value();
    // The caller must own the item before and after (a unit cannot hand an item away).
    MS_RETURN_IF_ERROR(Validate(actor, &input, item.owner_unit));
    MS_RETURN_IF_ERROR(CheckEditor(actor, input.owner_unit));
    item.title = std::move(input.title);
    item.body = std::move(input.body);
    item.categories = std::move(input.categories);
    item.owner_unit = std::move(input.owner_unit);
    item.valid_from = input.valid_from;
    item.valid_to = input.valid_to;
    item.review_due = input.review_due;
    item.version += 1;
    item.updated_by = actor.user;
    item.updated_at = clock_.NowMs();
    MS_RETURN_IF_ERROR(tx.Save(item, "update", input.note));
    out = std::move(item);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<KnowledgeItem> KnowledgeService::Retire(const Actor& actor, int64_t id,
                                               const std::string& note, int64_t expected_version) {
  if (actor.role == Role::kLeader)
    return PermissionDenied("forbidden", "领导账号为只读,不能维护知识库");
  MS_RETURN_IF_ERROR(CheckText(note, config_.limits.note_max_chars, "note", "停用说明"));
  KnowledgeItem out;
  Status st = repo_.Write([&](KnowledgeTransaction& tx) -> Status {
    auto loaded = LoadForEdit(actor, tx, id, expected_version);
    if (!loaded.ok()) return loaded.status();
    KnowledgeItem item = std::move(loaded).value();
    item.status = KnowledgeStatus::kRetired;
    item.version += 1;
    item.updated_by = actor.user;
    item.updated_at = clock_.NowMs();
    MS_RETURN_IF_ERROR(tx.Save(item, "retire", TrimSpace(note)));
    out = std::move(item);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<KnowledgeItem> KnowledgeService::Get(const Actor& /*actor*/, int64_t id) {
  return repo_.Get(id);
}

Result<std::vector<KnowledgeVersion>> KnowledgeService::History(const Actor& /*actor*/,
                                                                int64_t id) {
  auto h = repo_.History(id);
  if (!h.ok()) return h.status();
  if (h->empty()) return NotFound("kb_item_not_found", "知识条目不存在");
  return h;
}

Result<std::shared_ptr<const KnowledgeIndex>> KnowledgeService::CurrentIndex() {
  auto generation = repo_.Generation();
  if (!generation.ok()) return generation.status();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (index_ && index_generation_ >= *generation) return index_;
  }
  std::lock_guard<std::mutex> rebuild(rebuild_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (index_ && index_generation_ >= *generation) return index_;  // built meanwhile
  }
  auto snapshot = repo_.LoadAll();
  if (!snapshot.ok()) return snapshot.status();
  auto index = std::make_shared<const KnowledgeIndex>(std::move(snapshot->items));
  std::lock_guard<std::mutex> lock(mu_);
  index_ = index;
  index_generation_ = snapshot->generation;
  return index;
}

Result<KnowledgePage> KnowledgeService::List(const Actor& /*actor*/,
                                             const KnowledgeListQuery& query) {
  if (query.page < 1) return InvalidArgument("invalid_query", "page 须为不小于 1 的整数");
  if (query.page_size < 1 || query.page_size > config_.limits.page_size_max)
    return InvalidArgument(
        "invalid_query",
        "page_size 须在 1 到 " + std::to_string(config_.limits.page_size_max) + " 之间");
  std::string category;
  if (!query.category.empty()) {
    const Category* c = config_.FindCategory(query.category);
    if (c == nullptr)
      return InvalidArgument("unknown_category", "未知的诉求类别:" + query.category);
    category = c->code;
  }
  if (!query.unit.empty() && config_.FindUnit(query.unit) == nullptr)
    return InvalidArgument("unknown_unit", "未知的单位:" + query.unit);
  auto index = CurrentIndex();
  if (!index.ok()) return index.status();
  KnowledgePage page;
  const auto& items = (*index)->items();
  const int64_t skip = static_cast<int64_t>(query.page - 1) * query.page_size;
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    if (!query.unit.empty() && it->owner_unit != query.unit) continue;
    if (query.status && it->status != *query.status) continue;
    if (!category.empty() &&
        std::none_of(it->categories.begin(), it->categories.end(),
                     [&](const std::string& c) { return KnowledgeCategoryMatches(c, category); }))
      continue;
    if (page.total >= skip && page.total < skip + query.page_size) page.items.push_back(*it);
    ++page.total;
  }
  return page;
}

std::vector<KnowledgeMatch> KnowledgeService::ToMatches(
    const std::vector<KnowledgeHit>& hits, const std::vector<KnowledgeTerm>& terms) const {
  std::vector<KnowledgeMatch> out;
  out.reserve(hits.size());
  for (const KnowledgeHit& h : hits) {
    KnowledgeMatch m;
    m.item = *h.item;
    m.score = std::round(h.score * 1000) / 1000;
    m.title_match = h.title_match;
    m.snippet = KnowledgeIndex::Snippet(h.item->body, terms);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<KnowledgeMatch>> KnowledgeService::Search(const Actor& /*actor*/,
                                                             KnowledgeSearchQuery query) {
  query.q = TrimSpace(query.q);
  if (query.q.empty()) return InvalidArgument("invalid_query", "搜索关键词(q)不能为空");
  if (!IsValidUtf8(query.q) || Utf8Length(query.q) > static_cast<size_t>(kMaxQueryChars))
    return InvalidArgument(
        "invalid_query",
        "搜索关键词须为不超过 " + std::to_string(kMaxQueryChars) + " 个字符的有效文本");
  if (query.limit < 1 || query.limit > 50)
    return InvalidArgument("invalid_query", "limit 须在 1 到 50 之间");
  std::string category;
  if (!query.category.empty()) {
    const Category* c = config_.FindCategory(query.category);
    if (c == nullptr)
      return InvalidArgument("unknown_category", "未知的诉求类别:" + query.category);
    category = c->code;
  }
  if (!query.unit.empty() && config_.FindUnit(query.unit) == nullptr)
    return InvalidArgument("unknown_unit", "未知的单位:" + query.unit);
  const std::vector<KnowledgeTerm> terms = QueryTerms(query.q);
  if (terms.empty()) return std::vector<KnowledgeMatch>{};  // punctuation only
  auto index = CurrentIndex();
  if (!index.ok()) return index.status();
  // Short queries need every term; longer ones 60 % of their bigrams, so that "医保报销"
  // finds "医保的报销" (医保 + 报销, without the spurious 保报).
  const int n = static_cast<int>(terms.size());
  const int min_matched = n <= 2 ? n : static_cast<int>(std::ceil(0.6 * n));
  const int64_t now = clock_.NowMs();
  auto filter = [&](const KnowledgeItem& item) {
    if (!query.include_invalid && !item.IsValidAt(now)) return false;
    if (!query.unit.empty() && item.owner_unit != query.unit) return false;
    if (!category.empty() &&
        std::none_of(item.categories.begin(), item.categories.end(),
                     [&](const std::string& c) { return KnowledgeCategoryMatches(c, category); }))
      return false;
    return true;
  };
  auto hits = (*index)->Query(terms, min_matched, filter, static_cast<size_t>(query.limit));
  return ToMatches(hits, terms);
}

Result<std::vector<KnowledgeMatch>> KnowledgeService::Suggest(const Actor& /*actor*/,
                                                              const std::string& title,
                                                              const std::string& content,
                                                              int limit) {
  if (TrimSpace(title).empty() && TrimSpace(content).empty())
    return Missing("title", "标题或诉求内容");
  if (!IsValidUtf8(title) || !IsValidUtf8(content))
    return InvalidArgument("invalid_utf8", "标题或诉求内容不是有效的 UTF-8 文本");
  if (limit < 1 || limit > 20) return InvalidArgument("invalid_query", "limit 须在 1 到 20 之间");
  // Title and opening of the content as one text: a line break keeps them apart.
  std::vector<KnowledgeTerm> terms = QueryTerms(title + "\n" + content, kSuggestMaxChars);
  if (terms.empty()) return std::vector<KnowledgeMatch>{};
  auto index = CurrentIndex();
  if (!index.ok()) return index.status();
  // Bigrams found in more than half of the items ("您好", "问题") say nothing about which
  // item fits and cost the most to score: an appeal is long, unlike a search query.
  const size_t n_items = (*index)->items().size();
  if (n_items >= 20) {
    std::erase_if(terms,
                  [&](KnowledgeTerm t) { return (*index)->DocumentFrequency(t) * 2 > n_items; });
    if (terms.empty()) return std::vector<KnowledgeMatch>{};
  }
  const int64_t now = clock_.NowMs();
  const int min_matched = terms.size() >= 2 ? 2 : 1;
  auto hits = (*index)->Query(
      terms, min_matched, [now](const KnowledgeItem& item) { return item.IsValidAt(now); },
      static_cast<size_t>(limit));
  return ToMatches(hits, terms);
}

Result<ReviewDueList> KnowledgeService::ReviewDue(const Actor& actor, int within_days,
                                                  std::string unit) {
  if (within_days < 0 || within_days > 366)
    return InvalidArgument("invalid_query", "within_days 须在 0 到 366 之间");
  if (actor.role == Role::kUnit) {
    if (!unit.empty() && unit != actor.unit)
      return PermissionDenied("forbidden", "承办单位只能查看本单位的待复核知识条目");
    unit = actor.unit;
  } else if (!unit.empty() && config_.FindUnit(unit) == nullptr) {
    return InvalidArgument("unknown_unit", "未知的单位:" + unit);
  }
  ReviewDueList out;
  out.now = clock_.NowMs();
  out.until = out.now + within_days * kDayMs;
  auto items = repo_.ListReviewDue(out.until, unit, /*unreminded_only=*/false);
  if (!items.ok()) return items.status();
  out.items = std::move(items).value();
  return out;
}

Result<WorkOrder> KnowledgeService::AnswerFromKnowledge(const Actor& actor, int64_t order_id,
                                                        int64_t item_id, const std::string& text,
                                                        const std::string& note) {
  if (item_id <= 0) return Missing("item_id", "知识条目编号");
  auto item = repo_.Get(item_id);
  if (!item.ok()) return item.status();
  if (!item->IsValidAt(clock_.NowMs()))
    return FailedPrecondition(
        "kb_item_not_valid", "知识条目" + ItemRef(*item) + "已停用或不在有效期内,不能用于直接答复");
  ActionInput in;
  in.action = Action::kDirectAnswer;
  in.text = TrimSpace(text).empty() ? item->body : text;
  in.note = note;
  in.kb_item = item_id;
  return orders_.Act(actor, order_id, in);
}

Result<ReviewReminderResult> KnowledgeService::RemindReviews(int64_t now) {
  auto due = repo_.ListReviewDue(now, "", /*unreminded_only=*/true);
  if (!due.ok()) return due.status();
  ReviewReminderResult out;
  out.due = static_cast<int>(due->size());
  for (const KnowledgeItem& item : *due) {
    bool marked = false;
    Status st = repo_.Write([&](KnowledgeTransaction& tx) -> Status {
      auto m = tx.MarkReminded(item.id, item.version);
      if (!m.ok()) return m.status();
      marked = *m;
      return Status::Ok();
    });
    if (!st.ok()) {
      ++out.errors;
      continue;
    }
    if (!marked) continue;  // another run (or an edit) got there first
    const OrgUnit* unit = config_.FindUnit(item.owner_unit);
    Notice notice;
    notice.kind = "kb_review";
    notice.unit = item.owner_unit;
    notice.at = now;
    notice.text = "知识库条目" + ItemRef(item) + "第 " + std::to_string(item.version) +
                  " 版已到复核日期 " +
                  FormatIso8601(item.review_due, config_.utc_offset_minutes).substr(0, 10) + ",请" +
                  (unit != nullptr ? unit->name : item.owner_unit) +
                  "复核并更新或停用(谁提供、谁维护、谁更新)";
    ++out.reminded;
    // Marked before sending: at most one notice per version even if this process dies here
    // (the webhook adapter retries on its own), like the deadline sweep's 催办 notices.
    if (notifier_ != nullptr && !notifier_->Send(notice).ok()) ++out.notice_failures;
    out.notices.push_back(std::move(notice));
  }
  return out;
}

}  // namespace minsheng
