// More like this: the query of like:DOC, made from the words that mark DOC
// (Xapian's expand set of DOC against the collection), and DOC's signature,
// by which the searcher puts DOC's near-duplicates (an updated version, a
// copy) first.
#pragma once

#include <xapian.h>

#include <string>

#include "near_duplicates.h"
#include "query_parser.h"

namespace quarry {

struct LikeDocument {
  Xapian::Query query;  // DOC's marking words, ORed; the plan gets them too
  std::string id_term;  // DOC's own term: DOC is left out of the results
  TextSketch sketch;
};

// Throws UsageError when db holds no document doc; Xapian's errors otherwise.
LikeDocument like_document(const Xapian::Database& db, const std::string& doc, const std::string& language,
                           HighlightPlan& plan);

}  // namespace quarry
