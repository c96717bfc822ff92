// Highlight spans as quarry-search's JSON writes them, in every object that has any.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "quarry/search.h"

namespace quarry {

// [[begin, end], ...]
inline nlohmann::ordered_json json_spans(const std::vector<Span>& spans) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Span& span : spans) out.push_back({span.begin, span.end});
  return out;
}

}  // namespace quarry
