// A whole document by its id: what quarry-search --show prints and what a
// server's document page returns (Searcher::document).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>

#include "analyser.h"
#include "query_parser.h"
#include "quarry/search.h"

namespace quarry {

// The document of db whose id is doc, every passage whole and the plan's
// words marked (in the title too, with the plan's title: words); nullopt when
// db has none. Throws Xapian's errors, DatabaseError for a damaged record.
std::optional<DocumentText> find_document(const Xapian::Database& db, const std::string& doc,
                                          const HighlightPlan& plan, Analyser& analyser);

}  // namespace quarry
