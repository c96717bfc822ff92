// Words too common to help rank ("what", "of", "the"): dropped from queries
// that have other words, so long natural-language questions rank on content.
#pragma once

#include <string>

namespace quarry {

// term is a folded, unstemmed word; language a Snowball name.
bool is_stop_word(const std::string& term, const std::string& language);

}  // namespace quarry
