// The schema migrations embedded into the binary at build time (see embed_migrations.cmake).
//
// Each migration is one file src/store/migrations/NNNN_description.sql. Applied migrations
// are recorded in the `schema_migrations` table; SqliteStore::Open applies the missing ones
// in ascending order, each in its own transaction. A migration, once released, is never
// edited: add a new file instead.
#ifndef MINSHENG_STORE_MIGRATIONS_H_
#define MINSHENG_STORE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace minsheng::store_internal {

struct Migration {
  int version;            // NNNN
  std::string_view name;  // file name without ".sql"
  std::string_view sql;   // one or more statements
};

// Sorted by version, strictly increasing.
std::span<const Migration> EmbeddedMigrations();

}  // namespace minsheng::store_internal

#endif  // MINSHENG_STORE_MIGRATIONS_H_
