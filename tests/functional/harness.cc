#include "harness.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace minsheng::testing {
namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

bool WaitExit(pid_t pid, int timeout_ms, int* status) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    pid_t r = waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

std::string BinaryPath() { return Env("MINSHENG_BINARY_DIR", ".") + "/minsheng"; }
std::string ConfigDir() { return Env("MINSHENG_SOURCE_DIR", ".") + "/config/default"; }

namespace {
std::vector<std::string>& TempDirs() {
  static auto* dirs = new std::vector<std::string>();
  return *dirs;
}
// Removes the temporary directories at exit unless MINSHENG_KEEP_TEST_DIRS is set (to debug).
void RemoveTempDirs() {
  if (std::getenv("MINSHENG_KEEP_TEST_DIRS")) return;
  std::error_code ec;
  for (const auto& d : TempDirs()) std::filesystem::remove_all(d, ec);
}
}  // namespace

std::string MakeTempDir() {
  std::string tmpl = "/tmp/minsheng_ft_XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  if (TempDirs().empty()) std::atexit(RemoveTempDirs);
  TempDirs().push_back(tmpl);
  return tmpl;
}

std::string ConfigWithServerYaml(const std::vector<std::pair<std::string, std::string>>& changes) {
  const std::string dir = MakeTempDir() + "/config";
  const std::string cmd = "cp -r '" + ConfigDir() + "' '" + dir + "'";
  if (std::system(cmd.c_str()) != 0) return "";
  std::ifstream in(dir + "/server.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string yaml = ss.str();
  for (const auto& [pattern, replacement] : changes) {
    const std::string changed = std::regex_replace(yaml, std::regex(pattern), replacement);
    if (changed == yaml) return "";
    yaml = changed;
  }
  std::ofstream(dir + "/server.yaml") << yaml;
  return dir;
}

int FindFreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

ProcessResult RunCli(const std::vector<std::string>& args, const std::string& stdin_data) {
  int in_pipe[2], out_pipe[2];
  if (pipe(in_pipe) != 0 || pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> full = {BinaryPath()};
  full.insert(full.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(out_pipe[1], 2);
    close(in_pipe[1]);
    close(out_pipe[0]);
    auto argv = Argv(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (!stdin_data.empty()) {
    ssize_t w = write(in_pipe[1], stdin_data.data(), stdin_data.size());
    (void)w;
  }
  close(in_pipe[1]);
  ProcessResult out;
  char buf[4096];
  ssize_t n;
  while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) out.output.append(buf, n);
  close(out_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
}

bool ServerProcess::Start() {
  log_path_ = db_path_ + ".log";
  // A port found free may be taken before the child binds it: retry with another one.
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FindFreePort();
    pid_ = fork();
    if (pid_ == 0) {
      int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, 1);
      dup2(fd, 2);
      setenv("MINSHENG_ADMIN_PASSWORD", kAdminPassword, 1);
      std::vector<std::string> args = {
          BinaryPath(), "serve",
          "--db",       db_path_,
          "--port",     std::to_string(port_),
          "--config",   config_dir_.empty() ? ConfigDir() : config_dir_,
          "--bind",     "127.0.0.1"};
      auto argv = Argv(args);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      int status;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        break;  // exited (port clash or config error): retry or give up
      }
      httplib::Client c("127.0.0.1", port_);
      c.set_connection_timeout(0, 200000);
      auto r = c.Get("/healthz");
      if (r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid_ > 0) return false;
  }
  return false;
}

int ServerProcess::Stop(int sig, int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, sig);
  int status = 0;
  if (!WaitExit(pid_, timeout_ms, &status)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
  }
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::log() const {
  std::ifstream f(log_path_);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

httplib::Headers Api::Headers() const {
  httplib::Headers h;
  if (!token_.empty()) h.emplace("Authorization", "Bearer " + token_);
  return h;
}

HttpResult Api::Wrap(const httplib::Result& r) const {
  HttpResult out;
  if (!r) return out;
  out.status = r->status;
  out.raw = r->body;
  out.body = nlohmann::json::parse(r->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

namespace {
httplib::Client MakeClient(int port) {
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(5);
  c.set_read_timeout(30);
  c.set_write_timeout(30);
  return c;
}
}  // namespace

HttpResult Api::Get(const std::string& path) const {
  auto c = MakeClient(port_);
  return Wrap(c.Get(path.c_str(), Headers()));
}

HttpResult Api::Post(const std::string& path, const nlohmann::json& body) const {
  return PostRaw(path, body.dump());
}

HttpResult Api::PostRaw(const std::string& path, const std::string& body) const {
  auto c = MakeClient(port_);
  return Wrap(c.Post(path.c_str(), Headers(), body, "application/json"));
}

HttpResult Api::Delete(const std::string& path) const {
  auto c = MakeClient(port_);
  return Wrap(c.Delete(path.c_str(), Headers()));
}

std::string Api::Login(const std::string& user, const std::string& password) const {
  auto r = Post("/api/v1/auth/login", {{"username", user}, {"password", password}});
  if (r.status != 200 || !r.body.contains("token")) return "";
  return r.body["token"].get<std::string>();
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace minsheng::testing
