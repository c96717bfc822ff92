// Search results as JSON, for other programs: what `quarry-search --format
// json` prints and what quarry-serve answers come from these functions, so
// the two cannot differ. No JSON library type appears here: each returns text.
#pragma once

#include <cstddef>
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
/// highlights ([begin, end) byte offsets into snippet), title_highlights
/// (the same, into title), similar (ids of the near-duplicates folded into
/// this hit), and "partial":true when results left shards out. results is
/// the answer the hit belongs to.
std::string to_json(const Hit& hit, const SearchResults& results, const JsonOptions& options = {});

/// The corrected query as one line: {"suggestion":"imran khan"} (after a
/// leading "qid" in batch mode); for results whose suggestion is not empty.
std::string suggestion_to_json(const SearchResults& results, const JsonOptions& options = {});

/// A whole answer as one object: {"hits":[…],"estimated_matches":N,"partial":B,
/// "suggestion":S} (S the corrected query, or null),
/// each hit exactly as the function above renders it, then "total_matches":N
/// when the request counted (SearchRequest::count or facets) and "facets":[…]
/// (each as the facet function below renders it, without qid) when it asked for facets.
std::string to_json(const SearchResults& results, const JsonOptions& options = {});

/// One facet as one object on one line: {"facet":"section","counts":[["Pakistan",412],["World",97]]},
/// the values most frequent first; after a "qid" in batch mode.
std::string to_json(const Facet& facet, const JsonOptions& options = {});

/// The exact number of matches as one object: {"count":412}; after a "qid" in batch mode.
std::string count_to_json(std::size_t count, const JsonOptions& options = {});

/// How many hits there are, for a page past the last one (SearchResults::total_hits):
/// {"total_hits":12}; after a "qid" in batch mode.
std::string total_hits_to_json(std::size_t hits, const JsonOptions& options = {});

/// A whole document as one object: doc, kind, title, date, section, source, url, author,
/// site, language (each null when unknown), title_highlights, "body" (its passages
/// joined by blank lines), "highlights" (spans in body) and "passages" (the
/// [begin, end) of each passage in body, in order).
std::string to_json(const DocumentText& document);

/// What databases hold, as one object: documents, kinds ({"article":N,…}),
/// first_date and last_date (null when none is dated), undated, sections and
/// languages ([["Pakistan",9059],…], most first), analyser, schema, language
/// (stemming), shards (names), remote_shards, bytes_on_disk (local shards),
/// last_updated (ISO 8601 UTC, or null).
std::string to_json(const DatabaseInfo& info);

}  // namespace quarry
