// The JSON API as plain functions of a request's parameters, apart from the
// HTTP library: each returns the status and body to send. Every failure is
// mapped to a status and a message here, in one place.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "search_params.h"
#include "searcher_pool.h"

namespace quarry::serve {

struct Reply {
  int status = 200;
  std::string body;  // JSON
};

// {"error":"…"}
std::string error_body(const std::string& message);

// text fit for one line of the server's log: control characters (a request
// path may hold a decoded newline or escape sequence) become '?'.
std::string log_safe(std::string text);

class Api {
 public:
  // log receives what a client is not told: the full reason of each 5xx.
  Api(SearcherPool& pool, std::function<void(const std::string&)> log);

  Reply search(const Params& params);    // GET /api/search
  Reply suggest(const Params& params);   // GET /api/suggest
  Reply document(const Params& params);  // GET /api/document
  Reply health();                        // GET /api/health
  Reply stats();                         // GET /api/stats

 private:
  template <class Answer>
  Reply answer(const char* what, Answer answer);

  SearcherPool& pool_;
  std::function<void(const std::string&)> log_;
};

}  // namespace quarry::serve
