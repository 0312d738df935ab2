// The Beast transport. Keep every Beast/Asio include in this file: it compiles slowly.
#include "api/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>
#include <utility>  // Boost 1.74 asio/awaitable.hpp uses std::exchange without including it.
#include <vector>

#include "api/error_mapping.h"

namespace minsheng::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

// One accepted connection. Shared between its session coroutine and shutdown notifications;
// both only touch it on the connection's strand.
struct Conn {
  explicit Conn(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the next request's header (safe to cancel at shutdown)
  bool done = false;
};

awaitable<Response> RunRoute(const Router* router, const Route* route, Request* request) {
  co_return router->Run(*route, *request);
}

void FillRequest(const http::request<http::string_body>& in, Request* out) {
  out->method = ParseMethod(std::string_view(in.method_string().data(), in.method_string().size()))
                    .value_or(Method::kOther);
  std::string_view target(in.target().data(), in.target().size());
  size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  if (!PercentDecode(path, &out->path, false)) out->path = std::string(path);
  if (q != std::string_view::npos) out->query = ParseQueryString(target.substr(q + 1));
  auto auth = in.find(http::field::authorization);
  if (auth != in.end()) out->authorization = std::string(auth->value());
}

}  // namespace

struct HttpServer::Impl {
  Impl(const Router& r, ServerOptions o)
      : router(r),
        options(std::move(o)),
        ioc(std::max(1, options.io_threads)),
        acceptor(asio::make_strand(ioc)),
        signals(ioc, SIGINT, SIGTERM),
        pool(static_cast<size_t>(std::max(1, options.worker_threads))) {}

  const Router& router;
  ServerOptions options;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::thread_pool pool;

  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;            // GUARDED_BY(mu)
  std::set<std::shared_ptr<Conn>> conns;  // GUARDED_BY(mu)

  awaitable<void> Listener();
  awaitable<void> Session(std::shared_ptr<Conn> conn);
  awaitable<void> LingeringClose(Conn& conn);
  http::response<http::string_body> ToBeast(Response r, unsigned version, bool keep_alive) const;
  void Stop();
};

http::response<http::string_body> HttpServer::Impl::ToBeast(Response r, unsigned version,
                                                            bool keep_alive) const {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "minsheng");
  res.set(http::field::content_type, r.content_type);
  if (!r.allow.empty()) res.set(http::field::allow, r.allow);
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

// After an early error response (e.g. 413) the client may still be sending its body. Closing
// at once would make the kernel reset the connection and the client could lose our response,
// so half-close and discard input for a short while (like nginx's lingering_close).
awaitable<void> HttpServer::Impl::LingeringClose(Conn& conn) {
  error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  std::vector<char> sink(64 * 1024);
  int64_t budget = 64LL << 20;
  conn.stream.expires_after(std::chrono::seconds(2));
  while (budget > 0) {
    size_t n = co_await conn.stream.async_read_some(asio::buffer(sink),
                                                    asio::redirect_error(use_awaitable, ec));
    if (ec) break;
    budget -= static_cast<int64_t>(n);
  }
}

awaitable<void> HttpServer::Impl::Session(std::shared_ptr<Conn> conn) {
  beast::flat_buffer buffer;
  error_code ec;
  int served = 0;
  const auto request_timeout = std::chrono::milliseconds(options.request_timeout_ms);
  const auto idle_timeout = std::chrono::milliseconds(options.idle_timeout_ms);
  for (;;) {
    if (stopping.load()) break;
    http::request_parser<http::string_body> parser;
    parser.header_limit(64 * 1024);
    parser.body_limit(static_cast<uint64_t>(options.max_body_bytes));
    conn->idle = true;
    conn->stream.expires_after(served == 0 ? request_timeout : idle_timeout);
    co_await http::async_read_header(conn->stream, buffer, parser,
                                     asio::redirect_error(use_awaitable, ec));
    conn->idle = false;
    // Beast checks a declared Content-Length against body_limit while parsing the header.
    bool too_large = ec == http::error::body_limit;
    if (ec && !too_large) break;  // EOF, idle timeout, cancelled at shutdown, malformed header
    conn->stream.expires_after(request_timeout);

    const unsigned version = too_large ? 11 : parser.get().version();
    if (!too_large) {
      auto expect = parser.get().find(http::field::expect);
      if (expect != parser.get().end() && beast::iequals(expect->value(), "100-continue")) {
        http::response<http::empty_body> cont{http::status::continue_, version};
        co_await http::async_write(conn->stream, cont, asio::redirect_error(use_awaitable, ec));
        if (ec) break;
      }
      co_await http::async_read(conn->stream, buffer, parser,
                                asio::redirect_error(use_awaitable, ec));
      if (ec == http::error::body_limit) {
        too_large = true;
      } else if (ec) {
        if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
            ec == asio::error::operation_aborted || ec == asio::error::connection_reset)
          break;
        auto res = ToBeast(BadRequest("invalid_request", "HTTP 请求格式错误"), version, false);
        co_await http::async_write(conn->stream, res, asio::redirect_error(use_awaitable, ec));
        break;
      }
    }
    if (too_large) {
      auto res = ToBeast(PayloadTooLarge(options.max_body_bytes), version, false);
      co_await http::async_write(conn->stream, res, asio::redirect_error(use_awaitable, ec));
      // Beast reports end_of_stream for a message that says "Connection: close": success.
      if (!ec || ec == http::error::end_of_stream) co_await LingeringClose(*conn);
      break;
    }

    http::request<http::string_body> breq = parser.release();
    Request req;
    FillRequest(breq, &req);
    req.body = std::move(breq.body());
    const auto started = std::chrono::steady_clock::now();

    Response resp;
    Router::Match match = router.Find(req.method, req.path);
    if (match.route == nullptr) {
      resp = match.path_matched ? MethodNotAllowed(match.allow) : RouteNotFound();
    } else {
      req.params = std::move(match.params);
      if (match.route->execution == Execution::kBlocking) {
        const Router* r = &router;
        const Route* route = match.route;
        Request* rq = &req;
        resp = co_await asio::co_spawn(
            pool, [r, route, rq]() { return RunRoute(r, route, rq); }, use_awaitable);
      } else {
        resp = router.Run(*match.route, req);
      }
    }
    ++served;
    const bool keep_alive =
        breq.keep_alive() && !stopping.load() && served < options.keepalive_max_requests;
    const int http_status = resp.status;
    auto res = ToBeast(std::move(resp), version, keep_alive);
    if (req.method == Method::kHead) res.body().clear();
    conn->stream.expires_after(request_timeout);
    co_await http::async_write(conn->stream, res, asio::redirect_error(use_awaitable, ec));
    if (options.access_log) {
      const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
      spdlog::info("{} {} {} {}us", ToString(req.method), req.path, http_status, us);
    }
    if (ec || !keep_alive) break;
  }
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn->stream.socket().close(ec);
  conn->done = true;
  {
    std::lock_guard lock(mu);
    conns.erase(conn);
  }
  cv.notify_all();
}

awaitable<void> HttpServer::Impl::Listener() {
  for (;;) {
    error_code ec;
    asio::any_io_executor ex = asio::make_strand(ioc);
    tcp::socket socket =
        co_await acceptor.async_accept(ex, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (stopping.load() || ec == asio::error::operation_aborted) co_return;
      // EMFILE and friends: back off briefly instead of spinning.
      spdlog::warn("接受连接失败:{}", ec.message());
      asio::steady_timer t(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Conn>(std::move(socket));
    {
      std::lock_guard lock(mu);
      if (stopping.load()) continue;  // dropped: closes the socket
      conns.insert(conn);
    }
    asio::co_spawn(conn->stream.get_executor(), Session(conn), asio::detached);
  }
}

void HttpServer::Impl::Stop() {
  {
    std::lock_guard lock(mu);
    stop_requested = true;
  }
  cv.notify_all();
}

HttpServer::HttpServer(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

HttpServer::~HttpServer() = default;

Result<int> HttpServer::Listen() {
  Impl& s = *impl_;
  error_code ec;
  auto addr = asio::ip::make_address(s.options.bind, ec);
  if (ec) {
    return Status(StatusCode::kInvalidArgument, "invalid_bind", "监听地址无效:" + s.options.bind);
  }
  tcp::endpoint ep(addr, static_cast<unsigned short>(s.options.port));
  s.acceptor.open(ep.protocol(), ec);
  if (!ec) s.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(ep, ec);
  if (!ec) s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status(
        StatusCode::kUnavailable, "listen_failed",
        "无法监听 " + s.options.bind + ":" + std::to_string(s.options.port) + ":" + ec.message());
  }
  return static_cast<int>(s.acceptor.local_endpoint().port());
}

void HttpServer::RequestStop() { impl_->Stop(); }

void HttpServer::Run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](const error_code& ec, int sig) {
    if (ec) return;
    spdlog::info("收到信号 {},开始优雅停机", sig);
    s.Stop();
  });
  asio::co_spawn(s.acceptor.get_executor(), s.Listener(), asio::detached);

  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, s.options.io_threads); ++i)
    threads.emplace_back([&s] { s.ioc.run(); });

  std::unique_lock lock(s.mu);
  s.cv.wait(lock, [&s] { return s.stop_requested; });
  s.stopping.store(true);
  // Stop accepting; close connections that sit idle between requests.
  asio::post(s.acceptor.get_executor(), [&s] {
    error_code ec;
    s.acceptor.close(ec);
  });
  for (const auto& conn : s.conns) {
    asio::post(conn->stream.get_executor(), [conn] {
      if (!conn->done && conn->idle) conn->stream.cancel();
    });
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(s.options.shutdown_grace_ms);
  if (!s.cv.wait_until(lock, deadline, [&s] { return s.conns.empty(); })) {
    spdlog::warn("停机宽限期已到,仍有 {} 个连接未完成,强制关闭", s.conns.size());
  }
  lock.unlock();
  s.signals.cancel();
  s.ioc.stop();
  for (auto& t : threads) t.join();
  // Requests already handed to the pool finish their store write before we return.
  s.pool.join();
}

}  // namespace minsheng::api
