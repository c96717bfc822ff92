// Web pages come in every charset; the extractor and the index take UTF-8.
// The charset is taken, in this order, from a byte-order mark, the HTTP
// Content-Type, the page's <meta charset> or http-equiv (the HTML5 prescan of
// its first 1024 bytes; for bytes that are not UTF-8, a <meta> in the first
// 64 KiB), else guessed by ICU's charset detector; the bytes are then
// converted with ICU. A declared legacy charset that is UTF-8 is read as
// UTF-8 (and said so).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace quarry::web {

struct DecodedText {
  std::string utf8;
  std::string charset;      // what it was read as, e.g. "UTF-8", "windows-1252", "UTF-16LE"
  std::string source;       // where that came from: "BOM", "HTTP", "meta", "detected", "default"
  std::size_t replaced = 0;  // undecodable byte sequences, each replaced with U+FFFD
  // Set when the declared charset did not fit the bytes (the page says
  // ISO-8859-1 but is UTF-8, or the reverse) and another was used instead.
  std::string declared_mismatch;
};

// The charset parameter of a Content-Type value ("text/html; charset=utf-8"),
// unquoted; empty when there is none.
std::string charset_of_content_type(std::string_view content_type);

// The HTML5 prescan: <meta charset=...> or <meta http-equiv="Content-Type"
// content="...; charset=..."> within the first limit bytes (HTML5's 1024);
// empty when none.
std::string prescan_meta_charset(std::string_view html, std::size_t limit = 1024);

// UTF-16 text without a BOM shows as every other byte NUL in ASCII-heavy
// markup: "UTF-16LE", "UTF-16BE", or empty.
std::string sniff_utf16(std::string_view bytes);

// Decodes a page's bytes. http_content_type may be empty (files have none).
DecodedText decode_html_bytes(std::string_view bytes, std::string_view http_content_type);

}  // namespace quarry::web
