// Small text helpers the web extraction files share.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace quarry::web {

// ASCII letters lower-cased; other bytes (UTF-8) unchanged: class names,
// tag values and the keywords matched against them are ASCII.
std::string lower_ascii(std::string_view s);

// Code points of UTF-8 text (lengths that do not favour dense scripts).
std::size_t char_count(std::string_view s);

}  // namespace quarry::web
