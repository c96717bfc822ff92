// The HTTP side of quarry-serve: routes, limits, the thread pool, the page,
// and a clean stop on SIGINT or SIGTERM.
#pragma once

#include <string>
#include <vector>

#include "api.h"

namespace quarry::serve {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 7700;             // 0: any free port (the one chosen is printed)
  unsigned threads = 16;       // requests served at once; each holds a Searcher
  unsigned timeout_seconds = 5;  // for each read of a request and each write of a response
  bool access_log = false;     // a line per request on stderr: method, path, status
  // Host names requests may be addressed to besides IP addresses and
  // localhost (a reverse proxy's public name, say); any other is refused.
  std::vector<std::string> allowed_hosts;
};

// The longest request target (path and query string) cpp-httplib reads:
// longer request lines are answered 414. Fixed when the library was built.
inline constexpr std::size_t kMaxRequestTarget = 8192;

// Serves until SIGINT or SIGTERM, which the caller must have blocked in every
// thread (they are taken with sigwait). Requests in flight are finished.
// Prints "listening on http://HOST:PORT" on stderr once bound. Returns the
// exit status: 0 after a signal, 2 when the address cannot be bound.
int run_http_server(const HttpOptions& options, Api& api);

}  // namespace quarry::serve
