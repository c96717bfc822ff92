#include "text.h"

#include <libxml/HTMLparser.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cstdint>

namespace quarry::web {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

char32_t windows1252_c1(char32_t c) {
  static const char16_t kWindows1252[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  return c >= 0x80 && c <= 0x9F ? kWindows1252[c - 0x80] : 0;
}

void append_utf8(std::string& out, char32_t c) {
  if (c == 0 || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
  char bytes[U8_MAX_LENGTH];
  std::int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
  out.append(bytes, static_cast<std::size_t>(length));
}

std::string decode_character_references(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (std::size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
    const std::size_t semicolon = text.find(';', amp + 1);
    if (semicolon == std::string_view::npos) break;
    const std::string_view name = text.substr(amp + 1, semicolon - amp - 1);
    if (name.empty() || name.size() > 32) continue;
    char32_t c = 0;
    if (name[0] == '#') {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      const std::string_view digits = name.substr(hex ? 2 : 1);
      if (digits.empty() || digits.size() > 8) continue;
      std::uint32_t value = 0;
      const char* const end = digits.data() + digits.size();
      const auto [stop, error] = std::from_chars(digits.data(), end, value, hex ? 16 : 10);
      if (error != std::errc() || stop != end) continue;
      c = value;
      if (const char32_t mapped = windows1252_c1(c)) c = mapped;
    } else {
      const std::string key(name);
      const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(key.c_str()));
      if (!entity) continue;
      c = entity->value;
    }
    out.append(text.data() + copied, amp - copied);
    append_utf8(out, c);
    copied = semicolon + 1;
    amp = semicolon;
  }
  if (copied == 0) return std::string(text);
  out.append(text.data() + copied, text.size() - copied);
  return out;
}

}  // namespace quarry::web
