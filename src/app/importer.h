// `minsheng import`: loads historical orders from JSON Lines or CSV.
//
// Each row goes through OrderService::Create (same validation as the API). Good rows are kept,
// bad rows are reported with their line number and reason; a progress bar goes to stderr.
#ifndef MINSHENG_APP_IMPORTER_H_
#define MINSHENG_APP_IMPORTER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/order_service.h"

namespace minsheng {

struct ImportError {
  int64_t line = 0;
  std::string code;
  std::string message;
};

struct ImportSummary {
  int64_t total = 0;
  int64_t imported = 0;
  int64_t skipped_existing = 0;  // same (channel, external_id) already present
  std::vector<ImportError> errors;
};

// `progress(done, total_bytes_read, file_size)` is called periodically.
Result<ImportSummary> ImportOrdersFile(
    OrderService& service, const Actor& actor, const std::string& path,
    const std::function<void(int64_t rows, int64_t bytes, int64_t size)>& progress);

}  // namespace minsheng

#endif  // MINSHENG_APP_IMPORTER_H_
