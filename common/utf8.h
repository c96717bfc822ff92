// Inputs are not always valid UTF-8; the index and every renderer assume they are.
#pragma once

#include <string>

namespace quarry {

// Replaces each invalid UTF-8 sequence with U+FFFD. Returns how many were replaced.
std::size_t repair_utf8(std::string& text);

}  // namespace quarry
