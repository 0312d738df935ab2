// Fuzz target: `minsheng import`, the bulk intake of orders from the city platform's export or a
// centre's old ledger (JSON Lines or CSV), through the real OrderService on a scratch SQLite
// database with the default zone configuration.
//
// Input: one byte choosing the format (even: .jsonl, odd: .csv), then the file. Invariants: the
// import never fails as a whole for a readable file; every non-blank row is counted once as
// imported, already present or an error with a code and a Chinese message; exactly `imported`
// new orders reach the database (no half-written rows).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "app/importer.h"
#include "core/order_service.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_service.h"

namespace {

namespace fs = std::filesystem;

std::unique_ptr<minsheng::fuzz::ScratchService> scratch;

int64_t OrderCount() {
  auto page = scratch->store->List(minsheng::OrderQuery{});
  FUZZ_CHECK(page.ok());
  return page->total;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  scratch = std::make_unique<minsheng::fuzz::ScratchService>("import");
  std::atexit([] { scratch.reset(); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const fs::path file = scratch->dir / ((data[0] & 1) ? "in.csv" : "in.jsonl");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data) + 1, static_cast<std::streamsize>(size - 1));
  }
  const int64_t before = OrderCount();
  const minsheng::Actor admin{"admin", minsheng::Role::kAdmin, ""};
  auto r = minsheng::ImportOrdersFile(*scratch->service, admin, file.string(), nullptr);
  FUZZ_CHECK(r.ok());
  FUZZ_CHECK(r->total ==
             r->imported + r->skipped_existing + static_cast<int64_t>(r->errors.size()));
  for (const auto& e : r->errors) {
    FUZZ_CHECK(e.line >= 1 && !e.code.empty() && !e.message.empty());
  }
  FUZZ_CHECK(OrderCount() == before + r->imported);
  fs::remove(file);
  return 0;
}
