// HttpServer: the Boost.Beast transport around a Router (the only Beast translation unit).
//
// Model: `io_threads` threads run one io_context; each connection is a C++20 coroutine on its
// own strand. Routes marked Execution::kBlocking run on a separate pool of `worker_threads`
// so that group-committed writes and password hashing never stall the I/O threads.
//
// Shutdown (SIGTERM/SIGINT or RequestStop()): stop accepting, close idle keep-alive
// connections, let requests already being read or handled finish (bounded by
// shutdown_grace_ms), then return from Run(). The caller then destroys the services and
// the store.
#ifndef MINSHENG_API_SERVER_H_
#define MINSHENG_API_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "api/http.h"
#include "core/status.h"

namespace minsheng::api {

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0 = any free port (see Listen())
  int io_threads = 2;
  int worker_threads = 64;
  int64_t request_timeout_ms = 30000;
  int64_t idle_timeout_ms = 60000;
  int keepalive_max_requests = 10000;
  int64_t shutdown_grace_ms = 10000;
  int64_t max_body_bytes = 1 << 20;
  bool access_log = false;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(const Router& router, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens. Returns the bound port, or Unavailable with a Chinese message.
  Result<int> Listen();
  // Serves until a signal or RequestStop(), then drains as described above. Blocks.
  void Run();
  // Thread-safe; may be called from any thread.
  void RequestStop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace minsheng::api

#endif  // MINSHENG_API_SERVER_H_
