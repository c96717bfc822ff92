// Words too common to help rank ("what", "of", "the"): dropped from queries
// that have other words, so long natural-language questions rank on content.
#pragma once

#include <string>

namespace quarry {

// term is a folded, unstemmed word; language a Snowball name.
bool is_stop_word(const std::string& term, const std::string& language);

// term is an index term (the stem of a stemmable word): true for the stems
// of the stop words, which make no better feedback terms than the words do.
bool is_stop_stem(const std::string& term, const std::string& language);

// term is an index term: true for the stems of words that mark every news
// story and no topic — the stop words with the negations ("not"), reporting
// verbs ("said"), titles ("mr") and small numbers written out ("two") —
// which pseudo-relevance feedback must not add however often the top
// documents use them.
bool is_feedback_noise(const std::string& term, const std::string& language);

}  // namespace quarry
