// How quarry-search prints, for people, what is not a hit: facets, match
// counts, whole documents and what a database holds (hits: hit_format.h; the
// JSON of all of them: quarry/json.h).
#pragma once

#include <cstddef>
#include <string>

#include "quarry/search.h"

namespace quarry {

// "section: Pakistan 412 · World 97" (no newline); "(none)" for no values.
std::string format_facet_text(const Facet& facet);

// "412 documents matched." / "1 document matched."
std::string format_count_text(std::size_t count);

// Title, metadata, then every passage (its lines kept), the query's words in
// colour when color.
std::string format_document_text(const DocumentText& document, bool color);

// What a database holds, a line per item.
std::string format_info_text(const DatabaseInfo& info);

}  // namespace quarry
