// Fuzzes the analyser with arbitrary bytes and checks what indexing,
// highlighting and phrase matching rely on. A broken promise aborts, which
// libFuzzer reports as a crash with the input that caused it.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "analyser.h"
#include "utf8.h"

namespace {

[[noreturn]] void fail(const char* promise, const quarry::Token& token) {
  std::fprintf(stderr, "analyser broke its promise: %s (term '%s', bytes [%u,%u), position %u)\n",
               promise, token.term.c_str(), token.begin, token.end, token.position);
  std::abort();
}

bool starts_code_point(std::string_view text, std::uint32_t offset) {
  return offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quarry::Analyser analyser("english");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string repaired(text);
  const bool valid = quarry::repair_utf8(repaired) == 0;

  std::vector<quarry::Token> tokens;
  analyser.tokenize(text, tokens, 1);
  if (tokens.size() > size) fail("at most one token per byte", tokens.back());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const quarry::Token& t = tokens[i];
    if (t.term.empty()) fail("terms are not empty", t);
    if (t.term.size() > 245) fail("terms fit Xapian's limit", t);
    if (t.begin >= t.end || t.end > size) fail("offsets lie inside the text", t);
    if (valid && !(starts_code_point(text, t.begin) && starts_code_point(text, t.end)))
      fail("offsets lie on code point boundaries", t);
    if (i > 0 && t.begin < tokens[i - 1].end) fail("tokens do not overlap and keep their order", t);
    if (i > 0 && t.position <= tokens[i - 1].position) fail("positions strictly increase", t);
    if (i == 0 && t.position < 1) fail("positions start where asked", t);
    if (analyser.index_term(t).empty()) fail("index terms are not empty", t);
  }

  // The fast path for plain ASCII words finds exactly what ICU finds.
  std::vector<quarry::Token> reference;
  analyser.tokenize_with_icu(text, reference, 1);
  if (reference.size() != tokens.size())
    fail("the fast path finds as many words as ICU", tokens.empty() ? reference.front() : tokens.front());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const quarry::Token& a = tokens[i];
    const quarry::Token& b = reference[i];
    if (a.term != b.term || a.begin != b.begin || a.end != b.end || a.position != b.position ||
        a.stemmable != b.stemmable)
      fail("the fast path finds the words ICU finds", a);
  }

  // Typing a word as printed finds it: alone, it analyses to the same term.
  // Indexed text is valid UTF-8 (the indexer repairs it), so only that is held to it.
  if (valid) {
    for (const quarry::Token& t : tokens) {
      const std::vector<quarry::Token> again = analyser.tokenize(text.substr(t.begin, t.end - t.begin));
      if (again.size() != 1 || again[0].term != t.term) fail("a word typed alone is the same term", t);
    }
  }
  return 0;
}
