// Fuzzes the query parser, and the highlighter with the plans it makes.
// The parser may refuse a query only with a quarry::Error (a UsageError for
// the user); anything else escaping it, or a broken highlight, aborts.
#include <xapian.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "analyser.h"
#include "quarry/error.h"
#include "query_parser.h"
#include "snippet.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "query parser broke its promise: %s\n", what.c_str());
  std::abort();
}

void check_spans(const std::vector<quarry::Span>& spans, std::size_t size, const char* where) {
  std::size_t previous_end = 0;
  for (const quarry::Span& span : spans) {
    if (span.begin < previous_end || span.begin >= span.end || span.end > size)
      fail(std::string(where) + ": highlights must be sorted, non-empty, disjoint and inside the text");
    previous_end = span.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quarry::Analyser analyser("english");
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const quarry::ParsedQuery parsed = quarry::parse_query(text, analyser);
    (void)parsed.query.get_description();
    // The query's own text as a passage: hostile text highlighted with a hostile plan.
    check_spans(quarry::find_highlights(text, parsed.highlight, analyser), text.size(), "find_highlights");
    const quarry::Snippet snippet = quarry::make_snippet(text, parsed.highlight, analyser, 240);
    check_spans(snippet.highlights, snippet.text.size(), "make_snippet");
  } catch (const quarry::Error&) {
    // The parser's documented way to refuse a query.
  } catch (const Xapian::Error& e) {
    fail("Xapian error escaped: " + e.get_description());
  } catch (const std::exception& e) {
    fail(std::string("exception other than quarry::Error escaped: ") + e.what());
  }
  return 0;
}
