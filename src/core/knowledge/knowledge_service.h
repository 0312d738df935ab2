// KnowledgeService: the use cases of the knowledge base (知识库) — keep items (谁提供、谁维护、
// 谁更新), search them, suggest them while an operator types an appeal, answer an order from
// one (知识库直办, counted toward 直接答复率) and remind owners when a review is due.
//
// Permissions: admin and centre roles edit any item; a unit-role user creates and edits only
// items of its own unit; leaders read only. Every role may read and search (the knowledge base
// is shared by the centre and the units). Every mutation is one KnowledgeRepository::Write
// transaction that bumps the item's version and appends one history row.
//
// Search runs on an in-memory KnowledgeIndex built from every item; it is rebuilt when the
// repository's generation moved on (a change by this process, or by another one such as
// `minsheng kb import` on the same database), so results are never staler than the last commit.
//
// Thread-safety: safe to call from many threads.
#ifndef MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_SERVICE_H_
#define MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_SERVICE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/knowledge/knowledge.h"
#include "core/knowledge/knowledge_index.h"
#include "core/order_service.h"
#include "core/ports.h"
#include "core/status.h"
#include "core/zone_config.h"

namespace minsheng {

// The editable content of an item (create, or full replacement on update).
struct KnowledgeInput {
  std::string title;
  std::string body;
  std::vector<std::string> categories;  // codes or Chinese names; normalised to codes
  std::string owner_unit;  // create: required for centre roles, defaults to a unit user's own
                           // unit; update: empty keeps the current owner
  int64_t valid_from = 0;
  int64_t valid_to = 0;
  int64_t review_due = 0;
  std::string note;              // why it changed (kept in the history)
  int64_t expected_version = 0;  // update: the version the editor saw; 0 = do not check
};

struct KnowledgeSearchQuery {
  std::string q;                 // 1..100 characters
  std::string category;          // code or name; a level-1 code also matches its level-2 children
  std::string unit;              // owner unit filter, optional
  bool include_invalid = false;  // also retired items and items outside their validity
  int limit = 20;                // 1..50
};

// What a bulk load did: the created items and the inputs refused (by index into the input).
struct KnowledgeBatchResult {
  std::vector<KnowledgeItem> created;
  std::vector<std::pair<size_t, Status>> rejected;
};

struct KnowledgeMatch {
  KnowledgeItem item;
  double score = 0;
  bool title_match = false;
  KnowledgeSnippet snippet;  // of the body, matches highlighted
};

struct KnowledgeListQuery {
  std::string unit;
  std::optional<KnowledgeStatus> status;
  std::string category;
  int page = 1;
  int page_size = 20;
};

struct KnowledgePage {
  std::vector<KnowledgeItem> items;  // newest id first
  int64_t total = 0;
};

struct ReviewDueList {
  int64_t now = 0;
  int64_t until = 0;
  std::vector<KnowledgeItem> items;  // earliest review_due first
};

// What one reminder run did.
struct ReviewReminderResult {
  int due = 0;              // items due and not yet reminded for their version
  int reminded = 0;         // notices sent (or attempted) and marked
  int notice_failures = 0;  // Notifier::Send errors (the marker is kept: at most once)
  int errors = 0;           // items skipped after a storage error (retried next run)
  std::vector<Notice> notices;
};

class KnowledgeService {
 public:
  // Suggestions read the appeal's title and at most this many code points of its content.
  static constexpr size_t kSuggestMaxChars = 1000;

  // `notifier` (optional, not owned) receives review reminders.
  KnowledgeService(const ZoneConfig& config, KnowledgeRepository& repo, OrderService& orders,
                   const Clock& clock, Notifier* notifier = nullptr)
      : config_(config), repo_(repo), orders_(orders), clock_(clock), notifier_(notifier) {}

  // InvalidArgument (missing_field, field_too_long, invalid_utf8, unknown_unit,
  // unknown_category, invalid_validity, invalid_time), PermissionDenied("forbidden").
  Result<KnowledgeItem> Create(const Actor& actor, KnowledgeInput input);
  // Bulk load (CLI import): validates every input as Create does, then inserts the valid ones
  // in one transaction (one commit for the batch). Invalid inputs are reported and skipped;
  // a storage failure fails the whole batch.
  Result<KnowledgeBatchResult> CreateBatch(const Actor& actor, std::vector<KnowledgeInput> inputs);
  // As Create, plus NotFound("kb_item_not_found"), FailedPrecondition("kb_item_retired"),
  // Conflict("version_conflict").
  Result<KnowledgeItem> Update(const Actor& actor, int64_t id, KnowledgeInput input);
  // 停用: the item stays readable (and in its history) but is no longer suggested or usable
  // for answers. FailedPrecondition("kb_item_retired") when already retired.
  Result<KnowledgeItem> Retire(const Actor& actor, int64_t id, const std::string& note,
                               int64_t expected_version = 0);
  Result<KnowledgeItem> Get(const Actor& actor, int64_t id);
  // Oldest version first. NotFound("kb_item_not_found").
  Result<std::vector<KnowledgeVersion>> History(const Actor& actor, int64_t id);
  Result<KnowledgePage> List(const Actor& actor, const KnowledgeListQuery& query);
  // Best first. InvalidArgument("invalid_query") for an empty or over-long query.
  Result<std::vector<KnowledgeMatch>> Search(const Actor& actor, KnowledgeSearchQuery query);
  // The items best matching an appeal being typed (valid now only), best first, at most
  // `limit` (1..20). InvalidArgument("missing_field") when title and content are both empty.
  Result<std::vector<KnowledgeMatch>> Suggest(const Actor& actor, const std::string& title,
                                              const std::string& content, int limit = 5);
  // Active items whose review is due by now + `within_days` (0..366), of `unit` (a unit user:
  // always its own unit).
  Result<ReviewDueList> ReviewDue(const Actor& actor, int within_days, std::string unit);
  // 知识库直办: answers order `order_id` from item `item_id` (active and valid now) with the
  // item's body, or `text` when the operator edited it. Returns the order after the
  // direct_answer action (status direct_answered, direct_answer_kb = item_id, the event
  // payload carries kb_item). Errors of OrderService::Act, plus NotFound("kb_item_not_found"),
  // FailedPrecondition("kb_item_not_valid").
  Result<WorkOrder> AnswerFromKnowledge(const Actor& actor, int64_t order_id, int64_t item_id,
                                        const std::string& text, const std::string& note);
  // Sends one "kb_review" Notice to the owner unit of every active item whose review is due at
  // `now` and whose current version was not reminded yet, marking it first (one transaction
  // per item). Idempotent: repeated runs and restarts never remind the same version twice.
  Result<ReviewReminderResult> RemindReviews(int64_t now);
  Result<ReviewReminderResult> RemindReviews() { return RemindReviews(clock_.NowMs()); }

  // The current search index (rebuilt when the repository changed since it was built).
  Result<std::shared_ptr<const KnowledgeIndex>> CurrentIndex();

 private:
  Status Validate(const Actor& actor, KnowledgeInput* in, const std::string& current_owner) const;
  Status CheckEditor(const Actor& actor, const std::string& owner_unit) const;
  // Loads an item inside `tx` for a change: the caller may edit it, it is active, and it is
  // still at `expected_version` (0 = any).
  Result<KnowledgeItem> LoadForEdit(const Actor& actor, KnowledgeTransaction& tx, int64_t id,
                                    int64_t expected_version) const;
  KnowledgeItem NewItem(const Actor& actor, KnowledgeInput&& input, int64_t now) const;
  Status CheckText(const std::string& value, int max_chars, const char* field,
                   const char* label) const;
  std::vector<KnowledgeMatch> ToMatches(const std::vector<KnowledgeHit>& hits,
                                        const std::vector<KnowledgeTerm>& terms) const;

  const ZoneConfig& config_;
  KnowledgeRepository& repo_;
  OrderService& orders_;
  const Clock& clock_;
  Notifier* notifier_ = nullptr;

  std::mutex rebuild_mu_;  // one index rebuild at a time
  std::mutex mu_;
  std::shared_ptr<const KnowledgeIndex> index_;  // GUARDED_BY(mu_)
  int64_t index_generation_ = -1;                // GUARDED_BY(mu_)
};

// True when an item categorised `item_category` answers appeals of `wanted` (equal, or one
// is the level-1 parent of the other: "03" ~ "03.02").
bool KnowledgeCategoryMatches(const std::string& item_category, const std::string& wanted);

}  // namespace minsheng

#endif  // MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_SERVICE_H_
