// Snippets are computed as values (text plus highlight spans); rendering and
// escaping happen later, in a renderer.
#pragma once

#include <string>

#include "analyser.h"
#include "query_parser.h"
#include "quarry/search.h"

namespace quarry {

// Every occurrence of a planned term, and every planned phrase as one span, in
// text. Sorted, non-overlapping byte ranges.
std::vector<Span> find_highlights(const std::string& text, const HighlightPlan& plan,
                                  Analyser& analyser);

// What a title shows marked: the plan's words, and its title: words.
HighlightPlan title_plan(const HighlightPlan& plan);

// The stretch of text (words within max_bytes, cut at word boundaries, with
// at most 16 bytes of punctuation glued to each end and "…" marking cuts)
// that holds the most highlights, with their spans relative to it; a
// highlight the cut runs through is marked as far as it is shown.
Snippet make_snippet(const std::string& text, const HighlightPlan& plan, Analyser& analyser,
                     std::size_t max_bytes);

}  // namespace quarry
