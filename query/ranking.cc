#include "ranking.h"

#include <cstdlib>
#include <sstream>

#include "quarry/error.h"

namespace quarry {

RankingParams RankingParams::from_environment() {
  RankingParams params;
  const char* spec = std::getenv("QUARRY_RANKING");
  if (!spec || !*spec) return params;
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ',')) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) throw UsageError("QUARRY_RANKING: expected name=value, got '" + item + "'");
    const std::string name = item.substr(0, eq);
    char* end = nullptr;
    const double value = std::strtod(item.c_str() + eq + 1, &end);
    if (end == item.c_str() + eq + 1 || *end) throw UsageError("QUARRY_RANKING: bad value in '" + item + "'");
    if (name == "k1") params.k1 = value;
    else if (name == "b") params.b = value;
    else if (name == "title_weight") params.title_weight = value;
    else if (name == "passage_weight") params.passage_weight = value;
    else if (name == "prf_mode") params.prf_mode = static_cast<unsigned>(value);
    else if (name == "prf_docs") params.prf_docs = static_cast<unsigned>(value);
    else if (name == "prf_sharpness") params.prf_sharpness = value;
    else if (name == "prf_terms") params.prf_terms = static_cast<unsigned>(value);
    else if (name == "prf_weight") params.prf_weight = value;
    else if (name == "prf_min_words") params.prf_min_words = static_cast<unsigned>(value);
    else if (name == "prf_parts") params.prf_parts = static_cast<unsigned>(value);
    else if (name == "tp_weight") params.tp_weight = value;
    else if (name == "title_cover_weight") params.title_cover_weight = value;
    else if (name == "stop_words") params.stop_words = value != 0;
    else if (name == "request_frames") params.request_frames = value != 0;
    else throw UsageError("QUARRY_RANKING: unknown parameter '" + name + "'");
  }
  return params;
}

}  // namespace quarry
