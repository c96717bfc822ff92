// Fuzzes the input readers: the news-page parser, JSONL records, the records
// of a JSON file and passage splitting. Any input must give documents whose promises hold (valid dates,
// non-empty passages) or a named problem, never a crash.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "build.h"
#include "json_records.h"
#include "news_page.h"
#include "passages.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "input reader broke its promise: %s\n", what.c_str());
  std::abort();
}

void check_document(const quarry::Document& doc) {
  if (!doc.date.empty() && (doc.date.size() != 10 || doc.date[4] != '-' || doc.date[7] != '-'))
    fail("date is not ISO: " + doc.date);
  for (const std::string& passage : doc.passages)
    if (passage.empty()) fail("empty passage");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const quarry::NewsPage page = quarry::parse_news_page(text, "fuzz.txt", "fuzz");
  check_document(page.article);
  for (const quarry::Document& editorial : page.editorials) {
    check_document(editorial);
    if (editorial.passages.size() != 1) fail("an editorial is one passage");
  }
  std::vector<quarry::InputProblem> problems;
  if (auto doc = quarry::parse_jsonl_record(text, "fuzz.jsonl", 1, problems)) check_document(*doc);
  else if (problems.size() != 1) fail("a rejected record must be named once");
  // A JSON file's records do not depend on where its reads happen to end.
  using Records = std::vector<std::pair<std::string, std::size_t>>;
  auto split = [&](std::size_t cut) {
    Records out;
    quarry::JsonRecordSplitter splitter(1024, [&](std::string&& record, std::size_t line, bool oversized) {
      if (record.empty() && !oversized) fail("an empty record");
      out.emplace_back(oversized ? "<oversized>" : record, line);
    });
    splitter.feed(text.data(), cut);
    splitter.feed(text.data() + cut, text.size() - cut);
    splitter.finish();
    if (splitter.records() != out.size()) fail("records miscounted");
    return out;
  };
  const Records whole = split(text.size());
  if (split(size ? data[0] % (size + 1) : 0) != whole) fail("records depend on where a read ends");
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& [record, line] : whole)
    if (line < 1 || line > lines) fail("a record's line is outside the file");
  for (const std::string& passage : quarry::split_passages(text, 300))
    if (passage.empty()) fail("empty passage from split_passages");
  return 0;
}
