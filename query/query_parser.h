// Quarry's query language, parsed with the same analyser that indexed the
// text: whatever can be indexed can be found by typing it.
#pragma once

#include <xapian.h>

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
};

struct ParsedQuery {
  Xapian::Query query;  // empty when the text holds nothing searchable
  HighlightPlan highlight;
  // Plain positive words in the order typed: neighbours here are rewarded
  // for standing near each other in a document.
  std::vector<std::string> sequence;
  // Plain words left out as request boilerplate: the query was typed as a
  // sentence all the same.
  std::size_t request_words = 0;
};

// Never fails on odd text (unbalanced quotes or parentheses, stray operators):
// what cannot be an operator is searched as words. Throws UsageError only for
// a field value that cannot mean anything (date:yesterday) or a query too
// large to run.
// With drop_stop_words, plain (unquoted, unmodified) stop words are left out
// of a query that has other plain words; with drop_request_frames, so are the
// words of request boilerplate ("I am interested in", "please send me papers
// on": stop_words.h) in a run of plain words.
ParsedQuery parse_query(std::string_view text, Analyser& analyser, bool drop_stop_words = false,
                        bool drop_request_frames = false);

}  // namespace quarry
