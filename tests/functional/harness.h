// Test harness for functional tests: runs the real `minsheng` binary as a child process on a
// temporary database and a free port, and talks to it over HTTP with cpp-httplib.
//
// Environment (set by CTest via minsheng_test): MINSHENG_BINARY_DIR (where build/minsheng is)
// and MINSHENG_SOURCE_DIR (for config/default).
#ifndef MINSHENG_TESTS_FUNCTIONAL_HARNESS_H_
#define MINSHENG_TESTS_FUNCTIONAL_HARNESS_H_

#include <httplib.h>
#include <sys/types.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace minsheng::testing {

std::string BinaryPath();   // $MINSHENG_BINARY_DIR/minsheng
std::string ConfigDir();    // $MINSHENG_SOURCE_DIR/config/default
std::string MakeTempDir();  // a fresh mkdtemp directory
// A copy of config/default whose server.yaml has each (regex, replacement) applied; "" when the
// copy fails or a pattern matches nothing (so a renamed key cannot silently leave a default).
std::string ConfigWithServerYaml(const std::vector<std::pair<std::string, std::string>>& changes);
int FindFreePort();

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string output;  // stdout and stderr, merged
};

// Runs the binary with `args`, writing `stdin_data` to its standard input.
ProcessResult RunCli(const std::vector<std::string>& args, const std::string& stdin_data = "");

constexpr const char* kAdminPassword = "Admin-Passw0rd!";

// One `minsheng serve` child process.
class ServerProcess {
 public:
  // `config_dir` defaults to ConfigDir().
  explicit ServerProcess(std::string db_path, std::string config_dir = "")
      : db_path_(std::move(db_path)), config_dir_(std::move(config_dir)) {}
  ~ServerProcess();  // SIGKILLs a still-running child

  // Starts the server and waits (bounded) until /healthz answers 200. Returns false on failure.
  bool Start();
  // Sends `sig` and waits for the exit; returns the exit code (-1 if killed by a signal or
  // if it did not exit within `timeout_ms`, in which case it is SIGKILLed).
  int Stop(int sig, int timeout_ms = 20000);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& db_path() const { return db_path_; }
  std::string log() const;  // the child's merged output so far

 private:
  std::string db_path_;
  std::string config_dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

struct HttpResult {
  int status = 0;       // 0 when the request failed at the transport level
  nlohmann::json body;  // parsed JSON, or null
  std::string raw;
};

// A small JSON client bound to one server and (optionally) one bearer token.
class Api {
 public:
  Api(int port, std::string token = "") : port_(port), token_(std::move(token)) {}
  HttpResult Get(const std::string& path) const;
  HttpResult Post(const std::string& path, const nlohmann::json& body) const;
  HttpResult PostRaw(const std::string& path, const std::string& body) const;
  HttpResult Delete(const std::string& path) const;
  Api WithToken(std::string token) const { return Api(port_, std::move(token)); }

  // POST /api/v1/auth/login; returns the token or "" on failure.
  std::string Login(const std::string& user, const std::string& password) const;

 private:
  httplib::Headers Headers() const;
  HttpResult Wrap(const httplib::Result& r) const;
  int port_;
  std::string token_;
};

// URL-encodes a query value.
std::string UrlEncode(const std::string& s);

}  // namespace minsheng::testing

#endif  // MINSHENG_TESTS_FUNCTIONAL_HARNESS_H_
