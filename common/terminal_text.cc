#include "terminal_text.h"

#include <cstdio>

namespace quarry {

std::string terminal_safe(std::string_view text, ControlStyle style) {
  std::string out;
  out.reserve(text.size());
  auto escape = [&out](const char* format, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, format, value);
    out += buffer;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
    const auto third = i + 2 < text.size() ? static_cast<unsigned char>(text[i + 2]) : 0u;
    if (c < 0x20 || c == 0x7f) {
      if (style == ControlStyle::blank) out += ' ';
      else escape("\\x%02x", c);
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9f) {  // C1: U+0080..U+009F
      if (style == ControlStyle::blank) out += ' ';
      else escape("\\u%04x", next);
      ++i;
    } else if (c == 0xE2 && ((next == 0x80 && third >= 0xAA && third <= 0xAE) ||
                             (next == 0x81 && third >= 0xA6 && third <= 0xA9))) {
      // U+202A..U+202E (embeddings, overrides), U+2066..U+2069 (isolates)
      if (style == ControlStyle::escaped) escape("\\u%04x", ((next & 0x3fu) << 6 | (third & 0x3fu)) | 0x2000u);
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace quarry
