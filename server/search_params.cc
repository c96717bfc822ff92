#include "search_params.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace quarry::serve {
namespace {

using Setter = void (*)(const std::string& name, const std::string& value, SearchParams& out);

std::size_t whole_number(const std::string& name, const std::string& value) {
  unsigned long long number = 0;
  const char* end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, number);
  if (value.empty() || stop != end || (error != std::errc() && error != std::errc::result_out_of_range))
    throw UsageError(name + " must be a whole number, not '" + value + "'");
  // Too large to hold is too large for its bound: validate says which.
  if (error == std::errc::result_out_of_range || number > std::numeric_limits<std::size_t>::max())
    return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(number);
}

bool flag(const std::string& name, const std::string& value) {
  if (value.empty() || value == "1" || value == "true") return true;
  if (value == "0" || value == "false") return false;
  throw UsageError(name + " is true or false (1 or 0), not '" + value + "'");
}

// How a parameter's text sets a SearchRequest field of each type.
template <std::size_t SearchRequest::*Field>
void number_of(const std::string& name, const std::string& value, SearchParams& out) {
  out.request.*Field = whole_number(name, value);
}

template <bool SearchRequest::*Field>
void flag_of(const std::string& name, const std::string& value, SearchParams& out) {
  out.request.*Field = flag(name, value);
}

template <std::string SearchRequest::*Field>
void text_of(const std::string&, const std::string& value, SearchParams& out) {
  out.request.*Field = value;
}

// "a,b,c" (empty items dropped), as quarry-search takes a list option.
template <std::vector<std::string> SearchRequest::*Field>
void list_of(const std::string&, const std::string& value, SearchParams& out) {
  std::vector<std::string>& items = out.request.*Field;
  items.clear();
  for (std::size_t begin = 0; begin <= value.size();) {
    const std::size_t end = std::min(value.find(',', begin), value.size());
    if (end > begin) items.push_back(value.substr(begin, end - begin));
    begin = end + 1;
  }
}

// One row per parameter, in the order of quarry-search's options; a new
// SearchRequest field is one row here (and one in the README's table).
struct Param {
  const char* name;
  Setter set;
};
const Param kSearchParams[] = {
    {"q", text_of<&SearchRequest::query>},
    {"limit", number_of<&SearchRequest::limit>},
    {"offset", number_of<&SearchRequest::offset>},
    {"passages", number_of<&SearchRequest::passages_per_doc>},
    {"snippet_bytes", number_of<&SearchRequest::snippet_bytes>},
    {"sort", [](const std::string&, const std::string& value, SearchParams& out) { out.request.sort = sort_order_named(value); }},
    {"explain", [](const std::string& name, const std::string& value, SearchParams& out) { out.json.explain = flag(name, value); }},
    {"count", flag_of<&SearchRequest::count>},
    {"facets", list_of<&SearchRequest::facets>},
    {"facet_limit", number_of<&SearchRequest::facet_limit>},
    {"collapse", flag_of<&SearchRequest::collapse>},
    {"suggest", flag_of<&SearchRequest::suggest>},
    {"like", nullptr},  // read after q, which it narrows
};

void refuse_repeats(const Params& params) {
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first))
    if (params.count(it->first) > 1) throw UsageError("parameter '" + it->first + "' is given more than once");
}

}  // namespace

std::string search_param_names() {
  std::string names;
  for (const Param& param : kSearchParams) names += (names.empty() ? "" : ", ") + std::string(param.name);
  return names;
}

SearchParams search_params(const Params& params) {
  refuse_repeats(params);
  SearchParams out;
  for (const auto& [name, value] : params) {
    const Param* found = nullptr;
    for (const Param& param : kSearchParams)
      if (name == param.name) found = &param;
    if (!found) throw UsageError("unknown parameter '" + name + "' (known: " + search_param_names() + ")");
    if (found->set) found->set(name, value, out);
  }
  if (const auto like = params.find("like"); like != params.end())
    out.request.query = like_query(like->second, out.request.query);
  return out;
}

std::string suggest_params(const Params& params) {
  refuse_repeats(params);
  for (const auto& [name, value] : params)
    if (name != "q") throw UsageError("unknown parameter '" + name + "' (known: q)");
  const auto q = params.find("q");
  return q == params.end() ? std::string() : q->second;
}

DocumentParams document_params(const Params& params) {
  refuse_repeats(params);
  DocumentParams out;
  for (const auto& [name, value] : params) {
    if (name == "id") out.id = value;
    else if (name == "q") out.query = value;
    else throw UsageError("unknown parameter '" + name + "' (known: id, q)");
  }
  if (out.id.empty()) throw UsageError("give the document's id: /api/document?id=DOC");
  return out;
}

}  // namespace quarry::serve
