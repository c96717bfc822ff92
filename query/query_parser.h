// Quarry's query language, parsed with the same analyser that indexed the
// text: whatever can be indexed can be found by typing it.
#pragma once

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analyser.h"

namespace quarry {

// What the snippet must mark: every occurrence of these index terms, and
// these runs of index terms as single spans.
struct HighlightPlan {
  std::unordered_set<std::string> terms;
  std::vector<std::vector<std::string>> phrases;
  // Words of title: fields (without their prefix): marked in titles only.
  std::unordered_set<std::string> title_terms;
  std::vector<std::vector<std::string>> title_phrases;
};

// The index terms a prefix query ("kash*") stands for: terms of the database
// that start with prefix (field prefix included, as in "Skash"), at most a
// bounded number, the most frequent first. The searcher expands against the
// database itself, so that the words it highlights are the words it searched.
using PrefixExpander = std::function<std::vector<std::string>(const std::string& prefix)>;

struct ParsedQuery {
  Xapian::Query query;  // empty when the text holds nothing searchable
  HighlightPlan highlight;
  // Plain positive words in the order typed: neighbours here are rewarded
  // for standing near each other in a document.
  std::vector<std::string> sequence;
};

// Never fails on odd text (unbalanced quotes or parentheses, stray operators):
// what cannot be an operator is searched as words. Throws UsageError only for
// a field value that cannot mean anything (date:yesterday) or a query too
// large to run.
// With drop_stop_words, plain (unquoted, unmodified) stop words are left out
// of a query that has other plain words. A word ending in '*' is a prefix:
// expand gives its terms; without expand it becomes Xapian's bounded
// OP_WILDCARD (and nothing to highlight).
ParsedQuery parse_query(std::string_view text, Analyser& analyser, bool drop_stop_words = false,
                        const PrefixExpander* expand = nullptr);

// Most terms one prefix stands for.
inline constexpr std::size_t kMaxPrefixTerms = 50;

}  // namespace quarry
