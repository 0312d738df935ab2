// OrderService::FindRepeats — 重复件 at intake (Shaanxi 2025 repeated-request mechanism,
// DOMAIN.md §6.6 merge_policy): the same caller, or the same place and problem, still open.
#include <algorithm>
#include <map>

#include "core/calendar/sla.h"
#include "core/order_service.h"
#include "core/similar_text.h"
#include "core/text.h"

namespace minsheng {
namespace {

// Orders sharing MinHash keys read per appeal, those sharing the most keys first (MinHash: the
// likeliest to be worded alike); the exact Jaccards then decide.
constexpr int kTextCandidates = 50;
// Two-character words a title needs before a title alike alone makes a repeat (8 ≈ 9 characters).
constexpr size_t kMinTitleShingles = 8;

}  // namespace

Status OrderService::RefreshTextIndex(int64_t from) const {
  text_index_.ExpireBefore(from);
  constexpr int kBatch = 1000;
  for (;;) {
    auto rows = repo_.ListTexts(text_after_, from, kBatch);
    if (!rows.ok()) return rows.status();
    for (const OrderText& t : *rows) {
      text_index_.Add(t.id, t.created_at, AppealTextKeys(t.title, t.content));
      text_after_ = std::max(text_after_, t.id);
    }
    if (rows->size() < static_cast<size_t>(kBatch)) return Status::Ok();
  }
}

// Orders matching `base` by the same caller, or by the same address with a similar problem;
// with `caller_needs_similarity`, same-caller orders must be similar too.
Result<std::vector<OrderService::SimilarOrder>> OrderService::CollectSimilar(
    const OrderQuery& base, const SuggestRequest& appeal, bool caller_needs_similarity) const {
  const Shingles words = ProblemShingles(appeal.title, appeal.content);
  const Shingles title = TitleShingles(appeal.title);
  const double min_sim = config_.rules.repeat_min_similarity;
  const double text_sim = config_.rules.repeat_text_similarity;
  // A title alike counts only when it is long enough to name something (a generic "咨询落户"
  // asked by two citizens is two cases).
  auto titles_alike = [&](const Shingles& other, double title_sim) {
    return title.size() >= kMinTitleShingles && other.size() >= kMinTitleShingles &&
           title_sim >= config_.rules.repeat_title_similarity;
  };
  std::map<int64_t, SimilarOrder> found;
  enum class By { kCaller, kPlace, kText };
  auto consider = [&](WorkOrder& o, By by) {
    const double sim = ShingleJaccard(words, ProblemShingles(o.title, o.content));
    const Shingles other_title = TitleShingles(o.title);
    const double title_sim = ShingleJaccard(title, other_title);
    bool same_place = by == By::kPlace;
    if (by == By::kText) {
      // Worded alike: the same problem unless the two name places that cannot be one (then
      // only when worded nearly verbatim: a place misspelt, or named two ways); a place both
      // name alike lowers the bar to the same place's.
      const bool both_placed = !appeal.place.empty() && !o.place_key.empty();
      same_place = both_placed && PlacesMayBeOne(appeal.place, o.place_key);
      if (both_placed && !same_place && PlacesDiffer(appeal.place, o.place_key)) {
        if (sim < config_.rules.repeat_verbatim_similarity) return;
      } else if (sim < (same_place ? min_sim : text_sim) && !titles_alike(other_title, title_sim)) {
        return;
      }
    } else if ((same_place || caller_needs_similarity) && sim < min_sim) {
      return;
    }
    auto [it, inserted] = found.try_emplace(o.id);
    SimilarOrder& c = it->second;
    if (inserted) c.order = std::move(o);
    c.same_caller |= by == By::kCaller;
    c.same_place |= same_place;
    c.same_text |= by == By::kText || sim >= text_sim;
    c.similarity = sim;
    c.title_similarity = title_sim;
  };
  if (const std::string caller = CallerKey(appeal.phone); !caller.empty()) {
    OrderQuery q = base;
    q.caller = caller;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, By::kCaller);
  }
  const std::string address = TrimSpace(appeal.address);
  if (Utf8Length(address) >= 4) {
    OrderQuery q = base;
    q.address = address;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, By::kPlace);
  }
  // The same village/community recognised anywhere in the appeal (no exact address needed).
  if (!appeal.place.empty()) {
    OrderQuery q = base;
    q.place = appeal.place;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, By::kPlace);
  }
  // Worded alike (MinHash keys shared), wherever it happened: a campaign of near-identical
  // letters, or one place written two ways ("丽发小区" / "丽发新城").
  if (std::vector<int64_t> keys = AppealTextKeys(words, title); !keys.empty()) {
    OrderQuery q = base;
    {
      std::lock_guard<std::mutex> lock(text_mu_);
      const int64_t now = clock_.NowMs();
      MS_RETURN_IF_ERROR(RefreshTextIndex(
          now - (AddDuration(config_.calendar, now, config_.rules.repeat_window) - now)));
      q.ids = text_index_.Candidates(keys, kTextCandidates);
    }
    if (!q.ids.empty()) {
      q.page_size = kTextCandidates;  // the other filters (open, window) still apply
      auto page = repo_.List(q);
      if (!page.ok()) return page.status();
      for (WorkOrder& o : page->items) consider(o, By::kText);
    }
  }
  std::vector<SimilarOrder> out;
  for (auto& [id, c] : found) out.push_back(std::move(c));
  std::sort(out.begin(), out.end(), [](const SimilarOrder& a, const SimilarOrder& b) {
    int sa = a.same_caller + a.same_place + a.same_text;
    int sb = b.same_caller + b.same_place + b.same_text;
    if (sa != sb) return sa > sb;
    if (a.similarity != b.similarity) return a.similarity > b.similarity;
    return a.order.id > b.order.id;
  });
  return out;
}

Result<std::vector<RepeatCandidate>> OrderService::FindRepeats(const Actor& actor,
                                                               const SuggestRequest& appeal,
                                                               int limit) {
  if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
    return PermissionDenied("forbidden", "只有热线中心可以查询重复件");
  const int64_t now = clock_.NowMs();
  OrderQuery base;
  for (OrderStatus s : AllOrderStatuses())
    if (!IsOpen(s)) base.exclude_statuses.push_back(s);
  base.exclude_statuses.push_back(OrderStatus::kDirectAnswered);
  base.from = now - (AddDuration(config_.calendar, now, config_.rules.repeat_window) - now);
  base.page_size = 10;  // the newest few are enough to propose a merge
  auto similar = CollectSimilar(base, appeal, /*caller_needs_similarity=*/false);
  if (!similar.ok()) return similar.status();
  std::vector<RepeatCandidate> out;
  for (const SimilarOrder& s : *similar) {
    if (out.size() >= static_cast<size_t>(limit)) break;
    RepeatCandidate c;
    c.id = s.order.id;
    c.number = s.order.number;
    c.title = s.order.title;
    c.status = s.order.status;
    c.created_at = s.order.created_at;
    c.same_caller = s.same_caller;
    c.same_place = s.same_place;
    c.same_text = s.same_text;
    c.title_similarity = s.title_similarity;
    c.similarity = s.similarity;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<FinalAnswerCandidate>> OrderService::FindFinalAnswers(
    const Actor& actor, const SuggestRequest& appeal, int limit) {
  if (actor.role != Role::kAdmin && actor.role != Role::kCentre)
    return PermissionDenied("forbidden", "只有热线中心可以查询最终答复");
  const int64_t now = clock_.NowMs();
  OrderQuery base;
  for (OrderStatus s : AllOrderStatuses())
    if (s != OrderStatus::kPendingVisit && s != OrderStatus::kClosed && s != OrderStatus::kArchived)
      base.exclude_statuses.push_back(s);
  base.from = now - (AddDuration(config_.calendar, now, config_.rules.final_answer_window) - now);
  base.page_size = 20;
  // The same problem again: a same-caller order must be similar too (one caller, many issues).
  auto similar = CollectSimilar(base, appeal, /*caller_needs_similarity=*/true);
  if (!similar.ok()) return similar.status();
  std::vector<FinalAnswerCandidate> out;
  for (const SimilarOrder& s : *similar) {
    if (out.size() >= static_cast<size_t>(limit)) break;
    const WorkOrder& o = s.order;
    if (!o.reply || !o.reply->final_answer || o.approved_at == 0) continue;
    FinalAnswerCandidate c;
    c.id = o.id;
    c.number = o.number;
    c.title = o.title;
    c.unit = o.reply->unit;
    c.text = o.reply->text;
    c.signed_by = o.reply->signed_by;
    c.answered_at = o.reply->at;
    c.same_caller = s.same_caller;
    c.same_place = s.same_place;
    c.same_text = s.same_text;
    c.title_similarity = s.title_similarity;
    c.similarity = s.similarity;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace minsheng
