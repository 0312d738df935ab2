// Thin RAII helpers over the SQLite C API, private to src/store.
//
// Db owns one connection and a cache of prepared statements keyed by SQL text (statements are
// prepared once per connection and reused). Stmt is a borrowed handle to a cached statement;
// it resets the statement and clears its bindings when it goes out of scope, so a statement
// never keeps a read transaction open or leaks bindings into the next use.
//
// Thread-safety: a Db (and its statements) is used by one thread at a time; the owner
// serialises access (the writer thread, or the read pool's checkout).
#ifndef MINSHENG_STORE_SQLITE_DB_H_
#define MINSHENG_STORE_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace minsheng::store_internal {

// True for result codes after which the database state on disk is unknown or unusable
// (I/O error, disk full, corruption): the store latches into an error mode (STYLE.md §3.9).
bool IsFatalSqliteError(int rc);

// Maps a SQLite result code to a Status. `context` names the operation for the log detail.
// Constraint violations become a generic Conflict; callers that know which constraint can be
// violated translate further.
Status SqliteStatus(int rc, std::string_view context, sqlite3* db);

class Db;

class Stmt {
 public:
  Stmt(Db* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept : db_(other.db_), stmt_(other.stmt_), next_bind_(other.next_bind_) {
    other.stmt_ = nullptr;
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt();

  // Binds the next positional parameter (1, 2, …).
  Stmt& Bind(int64_t v);
  Stmt& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Stmt& Bind(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(std::string_view v);
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& BindNull();

  // Steps once: true when a row is available, false when done. Errors are mapped through
  // Db::Check (which records fatal errors).
  Result<bool> Step();
  // Steps until done, ignoring rows.
  Status Run();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;

  // The raw result code of the last failed Step (0 when none), for constraint translation.
  int last_rc() const { return last_rc_; }

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
  int next_bind_ = 1;
  int last_rc_ = 0;
};

class Db {
 public:
  // Opens a connection with the given sqlite3_open_v2 flags and busy timeout.
  // InvalidArgument/Internal with a Chinese message naming the file on failure.
  static Result<std::unique_ptr<Db>> Open(const std::string& path, int flags, int busy_timeout_ms);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* raw() const { return db_; }

  // Runs one or more statements without results (sqlite3_exec).
  Status Exec(std::string_view sql);
  // Returns the cached prepared statement for `sql`, preparing it on first use.
  // Only one Stmt per SQL text may be live at a time.
  Result<Stmt> Prepare(const std::string& sql);
  // Runs a single-row, single-column query such as "PRAGMA journal_mode".
  Result<std::string> QueryText(const std::string& sql);

  // Maps `rc` to a Status, remembering fatal errors (see fatal()).
  Status Check(int rc, std::string_view context);
  // True once any statement on this connection hit a fatal error.
  bool fatal() const { return fatal_; }
  // Finalizes cached statements (e.g. before a checkpoint or close).
  void ClearCache();

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  bool fatal_ = false;
};

}  // namespace minsheng::store_internal

#endif  // MINSHENG_STORE_SQLITE_DB_H_
