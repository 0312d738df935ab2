#include "store/sqlite_db.h"

#include <string>
#include <utility>

namespace minsheng::store_internal {

bool IsFatalSqliteError(int rc) {
  switch (rc & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

Status SqliteStatus(int rc, std::string_view context, sqlite3* db) {
  std::string detail = std::string(context) + ": " + sqlite3_errstr(rc);
  if (db != nullptr) {
    detail += " (";
    detail += sqlite3_errmsg(db);
    detail += ", code " + std::to_string(sqlite3_extended_errcode(db)) + ")";
  }
  if (IsFatalSqliteError(rc)) {
    const char* message = (rc & 0xff) == SQLITE_FULL
                              ? "存储空间已满,工单数据暂时无法写入,请联系系统管理员"
                              : "数据存储故障,工单数据暂时无法写入,请联系系统管理员";
    return Status(StatusCode::kUnavailable, "storage_failed", message, std::move(detail));
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(std::move(detail));
    case SQLITE_CONSTRAINT:
      return Status(StatusCode::kConflict, "conflict", "数据冲突,请刷新后重试", std::move(detail));
    default:
      return Internal(std::move(detail));
  }
}

Stmt::~Stmt() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Stmt& Stmt::Bind(int64_t v) {
  sqlite3_bind_int64(stmt_, next_bind_++, v);
  return *this;
}

Stmt& Stmt::Bind(std::string_view v) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so temporaries are safe to bind.
  sqlite3_bind_text64(stmt_, next_bind_++, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::BindNull() {
  sqlite3_bind_null(stmt_, next_bind_++);
  return *this;
}

Result<bool> Stmt::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  // sqlite3_step's legacy codes are fine here: prepare_v3 statements return the real code.
  last_rc_ = sqlite3_extended_errcode(db_->raw());
  return db_->Check(rc, sqlite3_sql(stmt_));
}

Status Stmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.status();
    if (!*r) return Status::Ok();
  }
}

std::string Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, int flags, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_EXRESCODE, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = "open " + path + ": " + sqlite3_errstr(rc);
    if (raw != nullptr) {
      detail += std::string(" (") + sqlite3_errmsg(raw) + ")";
      sqlite3_close_v2(raw);
    }
    return Status(StatusCode::kInvalidArgument, "storage_open_failed",
                  "无法打开数据库文件「" + path + "」,请检查路径和权限", std::move(detail));
  }
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  sqlite3_extended_result_codes(raw, 1);
  return std::unique_ptr<Db>(new Db(raw));
}

Db::~Db() {
  ClearCache();
  sqlite3_close_v2(db_);
}

void Db::ClearCache() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
}

Status Db::Check(int rc, std::string_view context) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  if (IsFatalSqliteError(rc)) fatal_ = true;
  return SqliteStatus(rc, context, db_);
}

Status Db::Exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (err != nullptr) sqlite3_free(err);
  return Check(rc, s.size() > 200 ? s.substr(0, 200) : s);
}

Result<Stmt> Db::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return Stmt(this, it->second);
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    if (stmt != nullptr) sqlite3_finalize(stmt);
    return Check(rc, "prepare " + sql);
  }
  cache_.emplace(sql, stmt);
  return Stmt(this, stmt);
}

Result<std::string> Db::QueryText(const std::string& sql) {
  auto stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  auto row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Internal("no row from " + sql);
  return stmt->Text(0);
}

}  // namespace minsheng::store_internal
