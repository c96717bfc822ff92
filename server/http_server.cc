#include "http_server.h"

#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <ctime>
#include <iostream>
#include <random>
#include <thread>

#include "page.h"

namespace quarry::serve {
namespace {

constexpr const char* kJson = "application/json; charset=utf-8";
// No endpoint takes a body; anything longer than this is refused unread (413).
constexpr std::size_t kMaxBody = 4096;

// A fresh Content-Security-Policy nonce: 128 random bits, base64.
std::string make_nonce() {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  thread_local std::random_device random;
  std::string nonce;
  for (int i = 0; i < 4; ++i) {
    std::uint32_t bits = random();
    for (int j = 0; j < 6 && nonce.size() < 22; ++j, bits >>= 6) nonce += digits[bits & 63];
  }
  return nonce;
}

std::string page_with_nonce(const std::string& nonce) {
  std::string page = kSearchPage;
  const std::string marker = "{{NONCE}}";
  for (std::size_t at = page.find(marker); at != std::string::npos; at = page.find(marker, at + nonce.size()))
    page.replace(at, marker.size(), nonce);
  return page;
}

// The page runs only its own script and style, talks only to this server,
// loads nothing else and cannot be framed: should an index string ever reach
// it as markup, the browser still runs none of it.
std::string page_policy(const std::string& nonce) {
  return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce +
         "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

std::string status_message(int status) {
  switch (status) {
    case 400: return "bad request";
    case 404: return "no such page; the API is /api/search, /api/suggest, /api/document, /api/health, /api/stats";
    case 405: return "only GET is served";
    case 408: return "the request took too long to arrive";
    case 413: return "requests have no body here";
    case 414: return "the request line is too long (at most " + std::to_string(kMaxRequestTarget) + " bytes)";
    case 503: return "unavailable; try again later";
    default: return status < 500 ? "bad request" : "internal error";
  }
}

std::string display_host(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

void reply(httplib::Response& res, const Reply& answer) {
  res.status = answer.status;
  res.set_content(answer.body, kJson);
}

}  // namespace

int run_http_server(const HttpOptions& options, Api& api) {
  httplib::Server server;
  const std::size_t threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_read_timeout(options.timeout_seconds, 0);
  server.set_write_timeout(options.timeout_seconds, 0);
  server.set_keep_alive_timeout(options.timeout_seconds);
  server.set_keep_alive_max_count(100);
  // cpp-httplib writes a response's head and body in two sends: with Nagle's
  // algorithm the body then waits for the client's delayed ACK, 40 ms on
  // Linux, which was most of every request's latency.
  server.set_tcp_nodelay(true);
  server.set_payload_max_length(kMaxBody);
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"}});

  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    const std::string nonce = make_nonce();
    res.set_header("Content-Security-Policy", page_policy(nonce));
    res.set_header("X-Frame-Options", "DENY");
    res.set_content(page_with_nonce(nonce), "text/html; charset=utf-8");
  });
  server.Get("/api/search", [&api](const httplib::Request& req, httplib::Response& res) { reply(res, api.search(req.params)); });
  server.Get("/api/suggest", [&api](const httplib::Request& req, httplib::Response& res) { reply(res, api.suggest(req.params)); });
  server.Get("/api/document", [&api](const httplib::Request& req, httplib::Response& res) { reply(res, api.document(req.params)); });
  server.Get("/api/health", [&api](const httplib::Request&, httplib::Response& res) { reply(res, api.health()); });
  server.Get("/api/stats", [&api](const httplib::Request&, httplib::Response& res) { reply(res, api.stats()); });
  // Every other path is a 404 (from the error handler): no file is ever
  // served, so there is no directory to traverse.
  const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
  };
  server.Post(".*", not_allowed);
  server.Put(".*", not_allowed);
  server.Patch(".*", not_allowed);
  server.Delete(".*", not_allowed);
  server.Options(".*", not_allowed);

  // Errors the routes did not word themselves, including cpp-httplib's own
  // (414, 413, 400), are JSON too.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        res.set_content(error_body(status_message(res.status)), kJson);
        return httplib::Server::HandlerResponse::Handled;
      }));
  // The routes catch everything; should anything escape, the client learns
  // nothing of it (cpp-httplib would otherwise send e.what() in a header).
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content(error_body("internal error"), kJson);
  });
  if (options.access_log)
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << "quarry-serve: " + log_safe(req.method + ' ' + req.path) + ' ' + std::to_string(res.status) + '\n';
    });

  int port = options.port;
  const bool bound = port == 0 ? (port = server.bind_to_any_port(options.host)) > 0
                               : server.bind_to_port(options.host, port);
  if (!bound) {
    std::cerr << "quarry-serve: cannot listen on " << display_host(options.host) << ":" << options.port
              << " (address in use, or not an address of this machine)\n";
    return 2;
  }

  // SIGINT and SIGTERM are blocked in every thread; this one takes them and
  // stops the server, which then finishes the requests in flight.
  std::atomic<bool> done{false};
  std::thread signals([&server, &done] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    const timespec tick{0, 100 * 1000 * 1000};
    while (!done && sigtimedwait(&set, nullptr, &tick) < 0) {
    }
    // stop() does nothing until the server runs: repeat until it has ended.
    while (!done) {
      server.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::cerr << "listening on http://" << display_host(options.host) << ":" << port << std::endl;
  const bool served = server.listen_after_bind();
  done = true;
  signals.join();
  if (!served) std::cerr << "quarry-serve: the server stopped unexpectedly\n";
  return served ? 0 : 2;
}

}  // namespace quarry::serve
