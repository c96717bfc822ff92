// How quarry-search prints hits for people, on a terminal. The JSON lines for
// tools come from the public quarry/json.h, which quarry-serve shares.
#pragma once

#include <string>
#include <vector>

#include "quarry/search.h"

namespace quarry {

// A title for the terminal: bold, its highlights in colour (when color).
std::string render_title(const std::string& title, const std::vector<Span>& highlights, bool color);

// Rank and title, then kind, date and source, then the snippet. A further
// passage of the document just shown (more_of_document) is its number and
// snippet only. Passages are numbered from 0, as in JSON.
std::string format_text(const Hit& hit, bool color, bool explain = false, bool more_of_document = false);

}  // namespace quarry
