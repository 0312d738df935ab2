// OrderService::FindRepeats — 重复件 at intake (Shaanxi 2025 repeated-request mechanism,
// DOMAIN.md §6.6 merge_policy): the same caller, or the same place and problem, still open.
#include <algorithm>
#include <map>
#include <set>

#include "core/calendar/sla.h"
#include "core/order_service.h"
#include "core/review/reply_review.h"
#include "core/text.h"

namespace minsheng {
namespace {

std::set<std::string> Words(const std::string& title, const std::string& content) {
  std::set<std::string> out;
  for (auto& g : CharBigrams(title)) out.insert(std::move(g));
  // The opening of the content carries the problem; long bodies would dilute the overlap.
  std::string head;
  size_t chars = 0;
  for (size_t i = 0; i < content.size() && chars < 200; ++chars) {
    unsigned char c = content[i];
    size_t w = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    head.append(content, i, w);
    i += w;
  }
  for (auto& g : CharBigrams(head)) out.insert(std::move(g));
  return out;
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t both = 0;
  for (const auto& g : a) both += b.count(g);
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

}  // namespace

// Orders matching `base` by the same caller, or by the same address with a similar problem;
// with `caller_needs_similarity`, same-caller orders must be similar too.
Result<std::vector<OrderService::SimilarOrder>> OrderService::CollectSimilar(
    const OrderQuery& base, const SuggestRequest& appeal, bool caller_needs_similarity) const {
  const std::set<std::string> words = Words(appeal.title, appeal.content);
  const double min_sim = config_.rules.repeat_min_similarity;
  std::map<int64_t, SimilarOrder> found;
  auto consider = [&](WorkOrder& o, bool by_caller, bool by_place) {
    const double sim = Jaccard(words, Words(o.title, o.content));
    if ((by_place || caller_needs_similarity) && sim < min_sim) return;
    auto [it, inserted] = found.try_emplace(o.id);
    SimilarOrder& c = it->second;
    if (inserted) c.order = std::move(o);
    c.same_caller |= by_caller;
    c.same_place |= by_place;
    c.similarity = sim;
  };
  if (const std::string caller = CallerKey(appeal.phone); !caller.empty()) {
    OrderQuery q = base;
    q.caller = caller;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, true, false);
  }
  const std::string address = TrimSpace(appeal.address);
  if (Utf8Length(address) >= 4) {
    OrderQuery q = base;
    q.address = address;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, false, true);
  }
  // The same village/community recognised anywhere in the appeal (no exact address needed).
  if (!appeal.place.empty()) {
    OrderQuery q = base;
    q.place = appeal.place;
    auto page = repo_.List(q);
    if (!page.ok()) return page.status();
    for (WorkOrder& o : page->items) consider(o, false, true);
  }
  std::vector<SimilarOrder> out;
  for (auto& [id, c] : found) out.push_back(std::move(c));
  std::sort(out.begin(), out.end(), [](const SimilarOrder& a, const SimilarOrder& b) {
    int sa = a.same_caller + a.same_place, sb = b.same_caller + b.same_place;
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
    c.similarity = s.similarity;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace minsheng
