// The URL parameters of /api/search and /api/document, read into the
// library's own request values. Bounds are not checked here but by
// quarry::validate, the one check quarry-search makes too.
#pragma once

#include <map>
#include <string>

#include "quarry/json.h"
#include "quarry/search.h"

namespace quarry::serve {

// A query string's parameters, name to value, decoded (httplib::Params).
using Params = std::multimap<std::string, std::string>;

struct SearchParams {
  SearchRequest request;  // with like=DOC, its query is quarry::like_query(DOC, q)
  JsonOptions json;
};

// Throws UsageError naming the parameter that is unknown, given twice or
// not of its type.
SearchParams search_params(const Params& params);

// The query of /api/suggest (its only parameter, q).
std::string suggest_params(const Params& params);

struct DocumentParams {
  std::string id;     // the document's id (Hit::doc)
  std::string query;  // words to highlight; may be empty
};

DocumentParams document_params(const Params& params);

// The names /api/search takes, for messages and the README.
std::string search_param_names();

}  // namespace quarry::serve
