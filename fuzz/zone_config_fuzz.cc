// Fuzz target: the zone configuration a centre's IT staff edit by hand (config/default/*.yaml:
// org units, the gazetteer, the taxonomy and its routing, SLA, dictionaries, server settings).
// A typo must give invalid_config with a Chinese message naming the file, never a crash.
//
// Input: one byte choosing the file (zone, org_units, regions, dictionaries, categories, sla,
// server), then its contents; the other files are those of config/default. Invariants: refusal
// is invalid_config with a message; an accepted zone builds a Dispatcher whose suggestion for
// a fixed appeal succeeds.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>

#include "app/config_loader.h"
#include "dispatch/dispatcher.h"
#include "fuzz/fuzz_check.h"

namespace {

namespace fs = std::filesystem;

const char* const kFiles[] = {"zone.yaml",         "org_units.yaml",  "regions.yaml",
                              "dictionaries.yaml", "categories.yaml", "sla.yaml",
                              "server.yaml"};

fs::path dir;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void Write(const fs::path& p, std::string_view data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  dir = fs::temp_directory_path() / ("minsheng_fuzz_zone_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(MINSHENG_FUZZ_CONFIG_DIR, dir, fs::copy_options::recursive);
  std::atexit([] { fs::remove_all(dir); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t which = data[0] % std::size(kFiles);
  const fs::path file = dir / kFiles[which];
  const std::string original = Read(file);
  Write(file, std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));

  if (which == 6) {
    auto server = minsheng::LoadServerConfig(dir.string());
    if (!server.ok()) {
      FUZZ_CHECK(server.status().error_code() == "invalid_config");
      FUZZ_CHECK(!server.status().message().empty());
    }
  } else {
    auto zone = minsheng::LoadZoneConfig(dir.string());
    if (!zone.ok()) {
      FUZZ_CHECK(zone.status().error_code() == "invalid_config");
      FUZZ_CHECK(!zone.status().message().empty());
    } else {
      minsheng::Dispatcher dispatcher(zone.value(), nullptr);
      auto s = dispatcher.Suggest({.title = "王贺村2组下水道堵塞",
                                   .content = "崇业路阳光花园门口污水外溢,电话13812345678",
                                   .address = "高新区崇业路"});
      FUZZ_CHECK(s.ok());
    }
  }
  Write(file, original);
  return 0;
}
