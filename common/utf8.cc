#include "utf8.h"

#include <unicode/utf8.h>

namespace quarry {

std::size_t repair_utf8(std::string& text) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::size_t bad = 0;
  int32_t i = 0;
  // Fast scan: most text is valid, and then nothing is copied.
  while (i < length) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) {
      ++bad;
      break;
    }
  }
  if (bad == 0) return 0;
  bad = 0;
  std::string out;
  out.reserve(text.size() + 16);
  i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c < 0) {
      ++bad;
      out += "\xEF\xBF\xBD";
    } else {
      out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    }
  }
  text.swap(out);
  return bad;
}

std::string escape_invalid_utf8(std::string_view text, ByteEscape style) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::string out;
  out.reserve(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    if (c >= 0) {
      out.append(text.data() + start, static_cast<std::size_t>(i - start));
      continue;
    }
    const char* hex = style == ByteEscape::percent ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int32_t j = start; j < i; ++j) {
      out += style == ByteEscape::percent ? "%" : "\\x";
      out += hex[data[j] >> 4];
      out += hex[data[j] & 15];
    }
  }
  return out;
}

bool is_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

std::u32string code_points(std::string_view text) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  std::u32string out;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(data, i, length, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

}  // namespace quarry
