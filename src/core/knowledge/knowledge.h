// The knowledge base (知识库): items operators answer citizens from (知识库直办), kept up to date
// by the units that provide them (谁提供、谁维护、谁更新), and the repository port that stores
// them.
//
// Every change of an item's content bumps its version and appends one history row (a full
// snapshot of the item at that version), so any answer can be traced to the exact text that
// was valid then. Times are Unix epoch milliseconds (UTC); 0 means "not set".
#ifndef MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_H_
#define MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace minsheng {

// Persisted as its string id ("active", "retired"); do not rename.
enum class KnowledgeStatus { kActive, kRetired };

std::string_view ToString(KnowledgeStatus s);
std::string_view LabelZh(KnowledgeStatus s);
std::optional<KnowledgeStatus> ParseKnowledgeStatus(std::string_view s);

struct KnowledgeItem {
  int64_t id = 0;
  std::string title;
  std::string body;                     // the answer text read to / sent to the citizen
  std::vector<std::string> categories;  // zone category codes ("03" or "03.02")
  std::string owner_unit;               // the unit that provides and maintains the item
  int64_t valid_from = 0;               // inclusive; 0 = since always
  int64_t valid_to = 0;                 // exclusive; 0 = open-ended
  int64_t review_due = 0;               // when the owner must review it; 0 = no review date
  KnowledgeStatus status = KnowledgeStatus::kActive;
  int64_t version = 0;  // 1 after create; +1 on every update or retire
  std::string created_by;
  int64_t created_at = 0;
  std::string updated_by;
  int64_t updated_at = 0;
  // The version whose review reminder was sent (0 = none); not part of the content, so
  // setting it does not bump the version.
  int64_t reminded_version = 0;

  // Active, and `now` inside [valid_from, valid_to).
  bool IsValidAt(int64_t now) const {
    return status == KnowledgeStatus::kActive && (valid_from == 0 || valid_from <= now) &&
           (valid_to == 0 || now < valid_to);
  }
  bool operator==(const KnowledgeItem&) const = default;
};

// One row of an item's history: the item as it was after the change.
struct KnowledgeVersion {
  KnowledgeItem item;  // item.updated_by / updated_at say who changed it and when
  std::string change;  // "create" | "update" | "retire"
  std::string note;    // the editor's reason, may be empty
};

// Every item with the generation it was read at (one read snapshot).
struct KnowledgeSnapshot {
  std::vector<KnowledgeItem> items;  // ascending id
  int64_t generation = 0;
};

// The write side of one transaction; only valid inside KnowledgeRepository::Write's callback.
class KnowledgeTransaction {
 public:
  virtual ~KnowledgeTransaction() = default;
  // NotFound("kb_item_not_found").
  virtual Result<KnowledgeItem> Load(int64_t id) = 0;
  // Inserts a new item (item->version must be 1), assigns item->id and appends the "create"
  // history row.
  virtual Status Insert(KnowledgeItem* item, std::string_view note) = 0;
  // Persists a changed item whose version the caller bumped by one, and appends its history
  // row. Conflict("version_conflict") when the stored version is not item.version - 1.
  virtual Status Save(const KnowledgeItem& item, std::string_view change,
                      std::string_view note) = 0;
  // Records that the review reminder of `version` was sent. Returns false (and writes
  // nothing) when that version, or a later one, was already reminded or the item moved on.
  virtual Result<bool> MarkReminded(int64_t id, int64_t version) = 0;
};

class KnowledgeRepository {
 public:
  virtual ~KnowledgeRepository() = default;
  // Runs `fn` in one write transaction: all or nothing, durable when OK is returned.
  virtual Status Write(const std::function<Status(KnowledgeTransaction&)>& fn) = 0;
  // NotFound("kb_item_not_found").
  virtual Result<KnowledgeItem> Get(int64_t id) = 0;
  // Oldest version first; empty when the item does not exist.
  virtual Result<std::vector<KnowledgeVersion>> History(int64_t id) = 0;
  // A number that changes whenever any item's content changes (Insert/Save commits);
  // cheap, for deciding whether an in-memory search index is stale.
  virtual Result<int64_t> Generation() = 0;
  virtual Result<KnowledgeSnapshot> LoadAll() = 0;
  // Active items with 0 < review_due <= until, of `unit` (all units when empty), earliest due
  // first; with `unreminded_only`, only those whose current version was not reminded yet.
  virtual Result<std::vector<KnowledgeItem>> ListReviewDue(int64_t until, std::string_view unit,
                                                           bool unreminded_only) = 0;
};

}  // namespace minsheng

#endif  // MINSHENG_CORE_KNOWLEDGE_KNOWLEDGE_H_
