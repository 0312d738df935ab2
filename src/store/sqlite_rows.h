// Reading an order row of the SQLite schema (the columns every order SELECT lists).
#ifndef MINSHENG_STORE_SQLITE_ROWS_H_
#define MINSHENG_STORE_SQLITE_ROWS_H_

#include "core/order.h"
#include "core/status.h"
#include "store/sqlite_db.h"

namespace minsheng::store_internal {

// The column list shared by every order SELECT (table alias `o`); ReadOrderRow reads a row of
// exactly these columns, in this order.
extern const char kOrderColumns[];
Result<WorkOrder> ReadOrderRow(const Stmt& s);

}  // namespace minsheng::store_internal

#endif  // MINSHENG_STORE_SQLITE_ROWS_H_
