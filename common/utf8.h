// Inputs are not always valid UTF-8; the index and every renderer assume they are.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

// Replaces each invalid UTF-8 sequence with U+FFFD. Returns how many were replaced.
std::size_t repair_utf8(std::string& text);

// The text with each byte of an invalid UTF-8 sequence written as \xNN
// (lowercase hex; for a URL, %NN): valid UTF-8, and two texts that differ
// only in such bytes stay two. Valid text comes back unchanged.
enum class ByteEscape { backslash_x, percent };
std::string escape_invalid_utf8(std::string_view text, ByteEscape style = ByteEscape::backslash_x);

bool is_ascii(std::string_view text);

// The code points of UTF-8 text, an invalid sequence as U+FFFD.
std::u32string code_points(std::string_view text);

}  // namespace quarry
