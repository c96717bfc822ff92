#include "http_server.h"

#include <httplib.h>
#include <signal.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <iostream>
#include <memory>
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

// Whether the request says a body follows its head.
bool has_body(const httplib::Request& req) {
  if (req.has_header("Transfer-Encoding")) return true;
  for (std::size_t i = 0; i < req.get_header_value_count("Content-Length"); ++i)
    if (req.get_header_value("Content-Length", i) != "0") return true;
  return false;
}

// The answer to a request with a body, after which the connection is
// closed. cpp-httplib 0.11.4 reads no body of a GET, HEAD or OPTIONS
// request, and each request on a connection starts a fresh 4 KB read
// buffer: what of the body the first buffer did not take was read as the
// next request, a request a reverse proxy never saw (whose answer it then
// gave to the next user of that connection). The library keeps a
// connection open whatever the answer's Connection header says; it ends it
// when a content provider fails, so the body is sent by one that does. A
// HEAD answer has no body, so HEAD is answered as GET would be.
void reply_and_close(const httplib::Request& req, httplib::Response& res, int status) {
  if (req.method == "HEAD") const_cast<httplib::Request&>(req).method = "GET";
  res.status = status;
  res.set_header("Connection", "close");
  if (status == 405) res.set_header("Allow", "GET, HEAD");
  auto body = std::make_shared<const std::string>(error_body(status_message(status)));
  res.set_content_provider(body->size(), kJson, [body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
    sink.write(body->data() + offset, length);
    return false;  // all sent: now close
  });
}

// Whether a request's Host header names this server: an IP address, a name
// without a dot (localhost, the machine's own name), or a name the operator
// allowed. A web page can point a domain name of its own at 127.0.0.1 (DNS
// rebinding) and then read the API as its own origin, the whole database
// with it; the Host it sends is that name, which has a dot.
bool host_allowed(const httplib::Request& req, const std::vector<std::string>& allowed) {
  if (!req.has_header("Host")) return true;  // HTTP/1.0; browsers always send one
  std::string name = req.get_header_value("Host");
  if (name.size() > 2 && name.front() == '[') {  // [IPv6]:port
    const std::size_t end = name.find(']');
    if (end == std::string::npos) return false;
    in6_addr address{};
    return inet_pton(AF_INET6, name.substr(1, end - 1).c_str(), &address) == 1;
  }
  if (const std::size_t colon = name.find(':'); colon != std::string::npos) name.resize(colon);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!name.empty() && name.back() == '.') name.pop_back();
  in_addr address{};
  if (name.find('.') == std::string::npos || inet_pton(AF_INET, name.c_str(), &address) == 1) return true;
  for (std::string host : allowed) {
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (host == name) return true;
  }
  return false;
}

bool is_other_method(const httplib::Request& req) {
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  return !req.method.empty() && std::all_of(req.method.begin(), req.method.end(), upper) && req.method != "GET" &&
         req.method != "HEAD" && req.version.rfind("HTTP/1.", 0) == 0;
}

bool closes(const httplib::Response& res) { return res.get_header_value("Connection") == "close"; }

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
  // cpp-httplib's default options add SO_REUSEPORT, with which a second
  // server binds a port in use and the kernel shares the connections out
  // between the two (answers from two databases at random). SO_REUSEADDR
  // alone lets a restart bind at once, and a port in use stays an error.
  server.set_socket_options([](socket_t sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-store"},
                              {"Accept-Ranges", "none"}});

  // Only GET and HEAD are served, and no endpoint takes a body: another
  // method, or a request that sends a body, is refused before it is routed
  // (a POST without a length would otherwise be read until the timeout) and
  // its connection closed unread. A request to a host name it was not told
  // of is refused too.
  server.set_pre_routing_handler([&options](const httplib::Request& req, httplib::Response& res) {
    // A Range header is ignored (HTTP lets a server send the whole answer):
    // cpp-httplib 0.11.4 builds a multipart answer holding a copy of the
    // body per range, unbounded, so 1,000 ranges of "0-" (3 KB) made a
    // 600 KB search answer 600 MB of server memory. No answer here is large
    // enough to be fetched in parts.
    const_cast<httplib::Request&>(req).ranges.clear();
    const bool other_method = req.method != "GET" && req.method != "HEAD";
    if (other_method || has_body(req)) {
      reply_and_close(req, res, other_method ? 405 : 413);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!host_allowed(req, options.allowed_hosts)) {
      res.status = 403;
      res.set_content(error_body("this server does not answer to the host '" + req.get_header_value("Host") +
                                 "' (quarry-serve --allow-host NAME lets it)"),
                      kJson);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
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

  // Errors the routes did not word themselves, including cpp-httplib's own
  // (414, 413, 400), are JSON too.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty() || closes(res)) return httplib::Server::HandlerResponse::Unhandled;
        // cpp-httplib answers 400 to a method it does not know (PROPFIND), in
        // a request line that is otherwise whole.
        if (res.status == 400 && is_other_method(req)) {
          reply_and_close(req, res, 405);
          return httplib::Server::HandlerResponse::Handled;
        }
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
