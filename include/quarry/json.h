// Search results as JSON, for other programs: what `quarry-search --format
// json` prints and what quarry-serve answers come from these functions, so
// the two cannot differ. No JSON library type appears here: each returns text.
#pragma once

#include <optional>
#include <string>

#include "quarry/search.h"

namespace quarry {

/// What a JSON rendering carries besides the hits' own fields.
struct JsonOptions {
  bool explain = false;            ///< an "explain" object per hit: its ScoreParts and the feedback terms
  std::optional<std::string> qid;  ///< batch mode: a leading "qid" field with the query's id
};

/// One hit as one JSON object on one line (no newline): rank, score, doc,
/// kind, title, date (null when unknown), section, source, url and author
/// (null when unknown), passage, snippet,
/// highlights ([begin, end) byte offsets into snippet), similar (ids of the
/// near-duplicates folded into this hit), and "partial":true when results
/// left shards out. results is the answer the hit belongs to.
std::string to_json(const Hit& hit, const SearchResults& results, const JsonOptions& options = {});

/// The corrected query as one line: {"suggestion":"imran khan"} (after a
/// leading "qid" in batch mode); for results whose suggestion is not empty.
std::string suggestion_to_json(const SearchResults& results, const JsonOptions& options = {});

/// A whole answer as one object: {"hits":[…],"estimated_matches":N,"partial":B,
/// "suggestion":S} (S the corrected query, or null),
/// each hit exactly as the function above renders it.
std::string to_json(const SearchResults& results, const JsonOptions& options = {});

/// A whole document as one object: doc, kind, title, date, section, source, url, author,
/// "body" (its passages joined by blank lines) and "highlights" (spans in body).
std::string to_json(const DocumentText& document);

}  // namespace quarry
