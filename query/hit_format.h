// How quarry-search prints hits for people, on a terminal. The JSON lines for
// tools come from the public quarry/json.h, which quarry-serve shares.
#pragma once

#include <string>

#include "quarry/search.h"

namespace quarry {

// Rank and title, then kind, date and source, then the snippet.
std::string format_text(const Hit& hit, bool color, bool explain = false);

}  // namespace quarry
