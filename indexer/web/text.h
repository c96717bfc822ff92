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

// HTML5 reads the character references &#128; to &#159; as windows-1252
// (&#150; is a dash): the character of code point c in that range, or 0
// where windows-1252 has none.
char32_t windows1252_c1(char32_t c);

// Appends code point c as UTF-8 (U+FFFD for one that is no character).
void append_utf8(std::string& out, char32_t c);

// Text with its HTML character references (&amp;, &#8217;, &#x2014;, the
// named ones HTML 4 has) decoded once, as an HTML parser decodes them: for
// text HTML-escaped where no parser will see it, such as JSON-LD strings.
std::string decode_character_references(std::string_view text);

}  // namespace quarry::web
