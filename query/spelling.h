// "Did you mean": spelling suggestions drawn from the words of the indexed
// text (the spelling vocabulary each database keeps, spelling_vocabulary.h).
// A word is corrected only when it is (nearly) absent from the collection as
// typed and a close word is much more common: correctly spelled words, names
// among them, stay. Among close words the likeliest wins by a noisy-channel
// score: how often the word occurs (with the query's other words, when there
// are any) times how likely the typing error is (a letter left out, doubled
// or swapped is likelier than a wrong or extra letter, one of 26).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "analyser.h"
#include "query_parser.h"

namespace quarry {

// A word typed that fewer documents than this hold as typed may be a misspelling.
inline constexpr std::int64_t kRareWordDocuments = 3;

struct SpellingContext {
  const Xapian::Database& db;                   // every shard as one: counts
  const std::vector<Xapian::Database>& shards;  // each shard: its vocabulary
  Analyser& analyser;
  // Parses query text as the searcher does (for the corrected query's count).
  std::function<ParsedQuery(const std::string&)> parse;
};

// The typed words (indexes into parsed.typed) rare enough to check: one
// vocabulary entry read per word, so most queries cost little more.
std::vector<std::size_t> rare_typed_words(const ParsedQuery& parsed, const SpellingContext& context);

// The query text with its rare words corrected, or "" when none has a
// likely correction; with require_more_hits, also "" unless the corrected
// query's words find at least three times as many documents together, or the
// corrected query twice as many (the hint beside results: a correction that
// finds the same documents is no help there). Throws Xapian's errors.
std::string suggest_spelling(const std::string& text, const ParsedQuery& parsed,
                             const std::vector<std::size_t>& rare, const SpellingContext& context,
                             bool require_more_hits);

// Exposed for tests: the optimal-string-alignment (Damerau-Levenshtein)
// distance of a and b, or limit + 1 when it is greater than limit.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit);

// Exposed for tests: log of how likely typing `typed` is when meaning
// `word`, for words one or two edits apart.
double typing_error_log_likelihood(std::string_view typed, std::string_view word, unsigned distance);

}  // namespace quarry
