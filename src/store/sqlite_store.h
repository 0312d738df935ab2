// SqliteStore: the embedded default storage adapter (OrderRepository + UserRepository).
//
// Durability: WAL mode with synchronous=FULL, so an order acknowledged to a client survives a
// power cut. Throughput comes from group commit: one writer thread drains the queue of pending
// Write() callbacks, runs each inside its own SAVEPOINT of one shared transaction, commits once
// (one fsync for the whole batch) and only then wakes the callers. A callback that fails rolls
// back to its savepoint and does not affect the others. Reads use a small pool of read-only
// connections (WAL readers never block the writer).
//
// Schema: numbered migrations (src/store/migrations/NNNN_name.sql) applied at Open().
//
// Thread-safety: every public method is safe to call from any thread.
#ifndef MINSHENG_STORE_SQLITE_STORE_H_
#define MINSHENG_STORE_SQLITE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/ports.h"
#include "core/status.h"

namespace minsheng {

namespace store_internal {
class Db;
}

struct SqliteOptions {
  std::string path;          // database file; created if missing
  int read_connections = 4;  // size of the read pool
  int max_batch = 512;       // most Write() callbacks sharing one commit
  bool durable = true;       // synchronous=FULL (false: NORMAL, for throwaway test DBs only)
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public OrderRepository, public UserRepository {
 public:
  // Opens (creating if needed) and migrates the database. InvalidArgument/Internal on failure
  // with a Chinese message naming the file.
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);
  // Finishes queued writes, stops the writer thread, checkpoints the WAL and closes.
  ~SqliteStore() override;

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // Schema version after migrations (the highest applied NNNN).
  int SchemaVersion() const;

  // Counters of the group-commit writer, for metrics and tests. Thread-safe.
  struct WriterStats {
    int64_t queued = 0;   // Write/CreateUser/CreateSession calls waiting for the writer now
    int64_t batches = 0;  // write transactions run so far (one COMMIT, one fsync each)
    int64_t writes = 0;   // callbacks run so far (successful or not)
  };
  WriterStats Stats() const;

  // OrderRepository
  Status Write(const std::function<Status(OrderTransaction&)>& fn) override;
  Result<WorkOrder> Get(int64_t id) override;
  Result<OrderPage> List(const OrderQuery& query) override;
  Result<std::vector<int64_t>> ListOpenIds() override;
  Result<std::vector<OrderText>> ListTexts(int64_t after_id, int64_t created_from,
                                           int limit) override;

  // UserRepository
  Result<User> CreateUser(const User& user) override;
  Result<User> FindUserByName(std::string_view username) override;
  Result<User> FindUserById(int64_t id) override;
  Result<int64_t> CountUsers() override;
  Status CreateSession(const Session& session) override;
  Result<Session> FindSession(std::string_view token_hash) override;

  // Extension points for sibling adapters inside src/store (knowledge base, exports, …):
  // WriteDb runs `fn` on the writer connection inside the group-commit transaction and its own
  // savepoint (all-or-nothing, like Write); ReadDb runs `fn` on a pooled reader inside one read
  // transaction (one snapshot). Not for use outside src/store.
  Status WriteDb(const std::function<Status(store_internal::Db&)>& fn);
  Status ReadDb(const std::function<Status(store_internal::Db&)>& fn);

  struct Impl;

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace minsheng

#endif  // MINSHENG_STORE_SQLITE_STORE_H_
