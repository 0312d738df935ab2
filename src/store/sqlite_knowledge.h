// SqliteKnowledgeRepository: the knowledge base (KnowledgeRepository) on the SqliteStore's
// database (tables of migration 0004_knowledge.sql). Writes share the store's group-commit
// writer (SqliteStore::WriteDb: each Write is its own savepoint, all or nothing); reads use
// its reader pool (SqliteStore::ReadDb: one snapshot per call).
//
// Thread-safety: every method is safe to call from any thread; the store must outlive this.
#ifndef MINSHENG_STORE_SQLITE_KNOWLEDGE_H_
#define MINSHENG_STORE_SQLITE_KNOWLEDGE_H_

#include "core/knowledge/knowledge.h"
#include "store/sqlite_store.h"

namespace minsheng {

class SqliteKnowledgeRepository final : public KnowledgeRepository {
 public:
  explicit SqliteKnowledgeRepository(SqliteStore& store) : store_(store) {}

  Status Write(const std::function<Status(KnowledgeTransaction&)>& fn) override;
  Result<KnowledgeItem> Get(int64_t id) override;
  Result<std::vector<KnowledgeVersion>> History(int64_t id) override;
  Result<int64_t> Generation() override;
  Result<KnowledgeSnapshot> LoadAll() override;
  Result<std::vector<KnowledgeItem>> ListReviewDue(int64_t until, std::string_view unit,
                                                   bool unreminded_only) override;

 private:
  SqliteStore& store_;
};

}  // namespace minsheng

#endif  // MINSHENG_STORE_SQLITE_KNOWLEDGE_H_
