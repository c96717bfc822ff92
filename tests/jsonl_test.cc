// JSONL records: fields, the "Published in" line, and bad lines named by number.
#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "build.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

// The ids of the documents that say "river", sorted.
std::vector<std::string> ids_saying_river(const std::string& db) {
  Searcher searcher(db);
  SearchRequest request;
  request.query = "river";
  request.limit = 10;
  std::vector<std::string> got;
  for (const Hit& hit : searcher.search(request).hits) got.push_back(hit.doc);
  std::sort(got.begin(), got.end());
  return got;
}

TEST(JsonlRecord, FieldsAndPublishedLine) {
  std::vector<InputProblem> problems;
  const std::optional<Document> doc = parse_jsonl_record(
      R"({"id":"dawn-1","title":"T","date":"2025-03-16","section":"Pakistan","body":"KARACHI: Text.\n\nPublished in Dawn, March 16th, 2025","url":"x"})",
      "f.jsonl", 1, problems);
  ASSERT_TRUE(doc);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(doc->id, "dawn-1");
  EXPECT_EQ(doc->title, "T");
  EXPECT_EQ(doc->date, "2025-03-16");
  EXPECT_EQ(doc->section, "Pakistan");
  EXPECT_EQ(doc->dateline, "KARACHI");
  ASSERT_EQ(doc->passages.size(), 1u);
  EXPECT_EQ(doc->passages[0], "KARACHI: Text.");
}

TEST(JsonlRecord, EmptyBodyFallsBackToTitle) {
  std::vector<InputProblem> problems;
  const std::optional<Document> doc =
      parse_jsonl_record(R"({"id":"471","title":"on wings","body":""})", "f.jsonl", 1, problems);
  ASSERT_TRUE(doc);
  ASSERT_EQ(doc->passages.size(), 1u);
  EXPECT_EQ(doc->passages[0], "on wings");
}

TEST(JsonlRecord, DateFallsBackToPublishedLine) {
  std::vector<InputProblem> problems;
  const std::optional<Document> doc = parse_jsonl_record(
      R"({"id":"x","body":"Text.\nPublished in Dawn, EOS, March 10th, 2019"})", "f.jsonl", 1, problems);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->date, "2019-03-10");
  EXPECT_EQ(doc->title, "Text.");  // no title field: the first sentence
}

// Stop 28: a JSONL export from another tool (news-please, a Common Crawl
// news set, a CMS dump) names its fields its own way; every record of such a
// file was rejected as having no "body".
TEST(JsonlRecord, OtherExportsNamesForTheFieldsAreRead) {
  struct Case {
    const char* name;
    const char* line;
    const char* id;
    const char* title;
    const char* date;
    const char* section;
    const char* site;
    const char* first_passage;
  };
  const Case cases[] = {
      {"news-please", R"({"url":"https://www.example.org/a/1","title":"Floods","maintext":"Rain fell.","date_publish":"2024-05-01 10:00:00","source_domain":"example.org","authors":["A. B."]})",
       "https://www.example.org/a/1", "Floods", "2024-05-01", "", "example.org", "Rain fell."},
      {"a news set's text", R"({"id":"7","title":"Floods","text":"Rain fell.","date":"2024-05-01","domain":"news.example"})",
       "7", "Floods", "2024-05-01", "", "news.example", "Rain fell."},
      {"a CMS dump", R"({"id":"8","headline":"Floods","content":"Rain fell.","published_at":"2024-05-01T08:00:00Z","category":"World","link":"https://cms.example/8"})",
       "8", "Floods", "2024-05-01", "World", "cms.example", "Rain fell."},
      {"Quarry's own names win", R"({"id":"9","title":"Own","headline":"Other","body":"Own body.","text":"Other text.","section":"Own","category":"Other"})",
       "9", "Own", "", "Own", "", "Own body."},
      {"a category list is no section", R"({"id":"10","text":"Rain fell.","category":["World","Asia"]})",
       "10", "Rain fell.", "", "", "", "Rain fell."},
  };
  for (const Case& c : cases) {
    std::vector<InputProblem> problems;
    const std::optional<Document> doc = parse_jsonl_record(c.line, "f.jsonl", 1, problems);
    ASSERT_TRUE(doc) << c.name << ": " << (problems.empty() ? "" : problems[0].reason);
    EXPECT_TRUE(problems.empty()) << c.name << ": " << problems[0].reason;
    EXPECT_EQ(doc->id, c.id) << c.name;
    EXPECT_EQ(doc->title, c.title) << c.name;
    EXPECT_EQ(doc->date, c.date) << c.name;
    EXPECT_EQ(doc->section, c.section) << c.name;
    EXPECT_EQ(doc->site, c.site) << c.name;
    ASSERT_FALSE(doc->passages.empty()) << c.name;
    EXPECT_EQ(doc->passages[0], c.first_passage) << c.name;
  }
}

struct BadCase {
  const char* line;
  const char* reason_fragment;
};

TEST(JsonlRecord, BadRecordsAreRejectedWithAReason) {
  const BadCase cases[] = {
      {R"({"id":"x","body":"trunc)", "not valid JSON"},
      {R"([1,2])", "not a JSON object"},
      {R"({"body":"text"})", "no \"id\""},
      {R"({"id":"x"})", "no \"body\""},
      {R"({"id":"x","body":"   "})", "neither"},
  };
  for (const BadCase& c : cases) {
    std::vector<InputProblem> problems;
    EXPECT_FALSE(parse_jsonl_record(c.line, "f.jsonl", 7, problems)) << c.line;
    ASSERT_EQ(problems.size(), 1u) << c.line;
    EXPECT_EQ(problems[0].path, "f.jsonl");
    EXPECT_EQ(problems[0].line, 7u);
    EXPECT_NE(problems[0].reason.find(c.reason_fragment), std::string::npos) << problems[0].reason;
  }
}

TEST(JsonlFile, GoodRecordsIndexedBadLinesNamed) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  options.jobs = 2;
  {
    Indexer indexer(options);
    indexer.add_path(QUARRY_FIXTURES_DIR "/records.jsonl");
    indexer.commit();
    const IndexStats& stats = indexer.stats();
    EXPECT_EQ(stats.articles, 3u);
    std::vector<std::size_t> bad_lines;
    for (const InputProblem& p : stats.problems) bad_lines.push_back(p.line);
    EXPECT_EQ(bad_lines, (std::vector<std::size_t>{4, 5, 6, 7}));
    EXPECT_TRUE(stats.any_rejected());
  }
  Searcher searcher(options.db_path);
  SearchRequest request;
  request.query = "7000";
  SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].doc, "a1");
  EXPECT_EQ(results.hits[0].date, "2025-03-16");
  request.query = "numbers";
  results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].doc, "42");
}

// Stop 28: a .json file (Scrapy's `-o items.json`, an "export as JSON"
// button) holds an array of records, or records spread over several lines; it
// was indexed as one text file of JSON, or skipped in a folder.
TEST(JsonFile, TheRecordsOfAnArrayOrOfPrettyPrintedObjectsAreRead) {
  struct Case {
    const char* name;
    const char* file;
    std::string content;
    std::vector<std::string> ids;           // indexed, in any order
    std::vector<std::size_t> bad_lines;     // problems named at these lines
  };
  const Case cases[] = {
      {"an array, one record a line (Scrapy)", "items.json",
       "[\n{\"id\": \"a\", \"body\": \"river flood\"},\n{\"id\": \"b\", \"body\": \"river drought\"}\n]\n", {"a", "b"}, {}},
      {"an array of pretty-printed records", "export.json",
       "[\n  {\n    \"id\": \"a\",\n    \"body\": \"river [flood] {x}\"\n  },\n  {\n    \"id\": \"b\",\n    \"tags\": [\"x\", {\"y\": 1}],\n"
       "    \"body\": \"say \\\"river]\\\" twice\"\n  }\n]",
       {"a", "b"}, {}},
      {"a bad element is named at its line, the rest read", "mixed.json",
       "[{\"id\": \"a\", \"body\": \"river one\"},\n {\"body\": \"river two\"},\n 42,\n \"text\",\n {\"id\": \"c\", \"body\": \"river three\"}]",
       {"a", "c"}, {2, 3, 4}},
      {"pretty-printed objects one after another", "many.json",
       "{\n \"id\": \"a\",\n \"body\": \"river one\"\n}\n{\n \"id\": \"b\",\n \"body\": \"river two\"\n}\n", {"a", "b"}, {}},
      {"one object", "one.json", "{\n  \"id\": \"a\",\n  \"body\": \"river one\"\n}\n", {"a"}, {}},
      {"an array cut short", "cut.json", "[{\"id\": \"a\", \"body\": \"river one\"},\n{\"id\": \"b\", \"body\": \"riv", {"a"}, {2}},
      {"a .jsonl whose first line opens an array", "odd.jsonl",
       "[{\"id\": \"a\", \"body\": \"river one\"},\n{\"id\": \"b\", \"body\": \"river two\"}]\n", {"a", "b"}, {}},
      {"text that is no JSON, a stray comma first (found by the input fuzzer)", "stray.json", ", river\n", {}, {1, 1}},
      {"a .json of one record a line", "lines.json",
       "{\"id\": \"a\", \"body\": \"river one\"}\n{\"id\": \"b\", \"body\": \"river two\"}\n", {"a", "b"}, {}},
  };
  for (const Case& c : cases) {
    test::TempDir dir;
    const std::string folder = dir.path() + "/in";
    std::filesystem::create_directories(folder);
    std::ofstream(folder + "/" + c.file) << c.content;
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(folder);  // a folder walk, which skipped .json files
    indexer.commit();
    std::vector<std::size_t> bad_lines;
    for (const InputProblem& p : indexer.stats().problems) {
      bad_lines.push_back(p.line);
      EXPECT_NE(p.path.find(c.file), std::string::npos) << c.name << ": " << p.path;
    }
    EXPECT_EQ(bad_lines, c.bad_lines) << c.name;
    if (c.ids.empty()) continue;
    EXPECT_EQ(ids_saying_river(options.db_path), c.ids) << c.name;
  }
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Issue 15: a numeric id is the JSON text as written, never a rounded double
// or a wrapped integer.
TEST(Issue15, NumericIdsKeepTheirJsonText) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"id":123456789012345678901234567890,"body":"a"})", "123456789012345678901234567890"},
      {R"({"id":123456789012345678901234567891,"body":"a"})", "123456789012345678901234567891"},
      {R"({"id":18446744073709551615,"body":"a"})", "18446744073709551615"},
      {R"({"id":-9223372036854775808,"body":"a"})", "-9223372036854775808"},
      {R"({"id":42,"body":"a"})", "42"},
      {R"({"id":1.50,"body":"a"})", "1.50"},
      {R"({"id":1e3,"body":"a"})", "1e3"},
      {R"({"nested":{"id":7},"id":8,"body":"a"})", "8"},
  };
  for (const auto& [line, id] : cases) {
    std::vector<InputProblem> problems;
    const std::optional<Document> doc = parse_jsonl_record(line, "f.jsonl", 1, problems);
    ASSERT_TRUE(doc) << line;
    EXPECT_EQ(doc->id, id) << line;
  }
}

// Issue 15: an object or array where text belongs is refused by line; an
// escaped NUL is dropped from text and refused in an id.
TEST(Issue15, StructuredTitlesRefusedAndNulsDropped) {
  const BadCase bad[] = {
      {R"({"id":"x","title":{"a":1},"body":"text"})", "\"title\" is an object"},
      {R"({"id":"x","section":["a","b"],"body":"text"})", "\"section\" is an array"},
      {R"({"id":{"k":1},"body":"text"})", "\"id\" is an object"},
      {R"({"id":"a\u0000b","body":"text"})", "NUL"},
  };
  for (const BadCase& c : bad) {
    std::vector<InputProblem> problems;
    EXPECT_FALSE(parse_jsonl_record(c.line, "f.jsonl", 3, problems)) << c.line;
    ASSERT_EQ(problems.size(), 1u) << c.line;
    EXPECT_EQ(problems[0].line, 3u);
    EXPECT_NE(problems[0].reason.find(c.reason_fragment), std::string::npos) << problems[0].reason;
  }
  std::vector<InputProblem> problems;
  const std::optional<Document> doc = parse_jsonl_record(
      R"({"id":"n","title":"Ti\u0000tle","section":"Wor\u0000ld","body":"Bo\u0000dy text."})", "f.jsonl", 1, problems);
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->title, "Title");
  EXPECT_EQ(doc->section, "World");
  ASSERT_EQ(doc->passages.size(), 1u);
  EXPECT_EQ(doc->passages[0], "Body text.");
}

struct StructuredFieldCase {
  std::string line;
  std::string reason;  // the one problem named, at the record's line
  std::string site, language, url, kind;
  std::vector<std::string> authors;
};

// Found by qa-input: an object or array where a record's site, language,
// URL or kind belongs was kept, unnamed, as its JSON text (a site
// '{"x":1}' that the site facet listed and site: found, a language
// '["en"]'), and an author that is an object was dropped in silence. Each is
// named now, and the record indexed without it (an author list keeps its
// names).
TEST(QaInput3, StructuredMetadataIsNamedAndLeftOutNotKeptAsJsonText) {
  const std::string body = R"("id":"r","body":"The river rose.")";
  const std::vector<StructuredFieldCase> cases = {
      {"{" + body + R"(,"site":{"name":"dawn.com"}})", "\"site\" is an object, not text; the record is indexed without it",
       "", "", "", "article", {}},
      {"{" + body + R"(,"language":["en","ur"]})", "\"language\" is an array, not text; the record is indexed without it",
       "", "", "", "article", {}},
      {"{" + body + R"(,"lang":{"code":"en"}})", "\"lang\" is an object, not text; the record is indexed without it",
       "", "", "", "article", {}},
      {"{" + body + R"(,"url":{"href":"https://x.org/a"}})", "\"url\" is an object, not text; the record is indexed without it",
       "", "", "", "article", {}},
      {"{" + body + R"(,"kind":["editorial"]})", "\"kind\" is an array, not text; the record is indexed without it",
       "", "", "", "article", {}},
      {"{" + body + R"(,"author":{"name":"Zahid Hussain"}})",
       "\"author\" is an object, not a name or a list of names; the record is indexed without it", "", "", "", "article", {}},
      {"{" + body + R"(,"authors":["A. Writer",{"name":"B"},7]})",
       "\"authors\" lists something other than names; the record is indexed with the names it lists", "", "", "", "article",
       {"A. Writer"}},
      // Text and numbers are as ever, and no problem.
      {"{" + body + R"(,"site":"www.dawn.com","language":"en","url":"https://www.dawn.com/a","kind":"Editorial","author":["A"]})",
       "", "dawn.com", "en", "https://www.dawn.com/a", "editorial", {"A"}},
  };
  for (const StructuredFieldCase& c : cases) {
    std::vector<InputProblem> problems;
    const std::optional<Document> doc = parse_jsonl_record(c.line, "f.jsonl", 4, problems);
    ASSERT_TRUE(doc) << c.line;
    if (c.reason.empty()) {
      EXPECT_TRUE(problems.empty()) << c.line << ": " << (problems.empty() ? "" : problems[0].reason);
    } else {
      ASSERT_EQ(problems.size(), 1u) << c.line;
      EXPECT_EQ(problems[0].reason, c.reason) << c.line;
      EXPECT_EQ(problems[0].line, 4u) << c.line;
    }
    EXPECT_EQ(doc->site, c.site) << c.line;
    EXPECT_EQ(doc->language, c.language) << c.line;
    EXPECT_EQ(doc->url, c.url) << c.line;
    EXPECT_EQ(doc->kind, c.kind) << c.line;
    EXPECT_EQ(doc->authors, c.authors) << c.line;
    ASSERT_EQ(doc->passages.size(), 1u) << c.line;
  }
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Found by indexing a download cut short (qa-input): zlib ends a truncated
// .jsonl.gz like a whole one, so the cut was never named, only its last
// half line as "not valid JSON", and a file cut at a line end was silently
// taken as whole.
TEST(QaInput, TruncatedJsonlGzIsNamedAndTheLinesBeforeTheCutAreIndexed) {
  std::string text;
  for (int i = 0; i < 600; ++i)
    text += "{\"id\":\"r" + std::to_string(i) + "\",\"title\":\"Heron " + std::to_string(i) +
            "\",\"body\":\"The heron " + std::to_string(i * 7919 % 1000) + " stood by the lake.\"}\n";
  std::string packed(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
  z_stream z{};
  ASSERT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(text.data());
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(packed.data());
  z.avail_out = static_cast<uInt>(packed.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  packed.resize(z.total_out);
  deflateEnd(&z);
  for (const double keep : {0.5, 0.9}) {
    test::TempDir dir;
    const std::string file = dir.path() + "/cut.jsonl.gz";
    std::ofstream(file, std::ios::binary) << packed.substr(0, static_cast<std::size_t>(packed.size() * keep));
    // What zlib can give back of it: its whole lines are the records.
    std::size_t whole_lines = 0;
    {
      gzFile in = gzopen(file.c_str(), "rb");
      char buffer[4096];
      int got;
      while ((got = gzread(in, buffer, sizeof buffer)) > 0) whole_lines += static_cast<std::size_t>(std::count(buffer, buffer + got, '\n'));
      gzclose(in);
    }
    ASSERT_GT(whole_lines, 100u);
    ASSERT_LT(whole_lines, 600u);
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(file);
    indexer.commit();
    const IndexStats& stats = indexer.stats();
    EXPECT_EQ(stats.articles, whole_lines) << keep;
    ASSERT_EQ(stats.problems.size(), 1u) << keep << ": " << (stats.problems.empty() ? "" : stats.problems[0].reason);
    EXPECT_EQ(stats.problems[0].line, whole_lines + 1) << keep;
    EXPECT_NE(stats.problems[0].reason.find("compressed file is truncated"), std::string::npos) << stats.problems[0].reason;
    EXPECT_TRUE(stats.any_rejected());
  }
}

// A UTF-8 byte order mark (Notepad, Excel's "CSV UTF-8"/JSON exports) before
// an array or in a .json file made every record of the file "not valid JSON"
// or "not a JSON object": nothing of the file was indexed.
TEST(QaInput2, AByteOrderMarkBeforeTheFirstRecordHidesNoRecord) {
  const std::string bom = "\xEF\xBB\xBF";
  struct Case {
    const char* name;
    const char* file;
    std::string content;
    std::vector<std::string> ids;
  };
  const Case cases[] = {
      {"a .json array", "items.json",
       bom + "[{\"id\": \"a\", \"body\": \"river one\"},\n{\"id\": \"b\", \"body\": \"river two\"}]\n", {"a", "b"}},
      {"a pretty-printed .json object", "one.json", bom + "{\n  \"id\": \"a\",\n  \"body\": \"river one\"\n}\n", {"a"}},
      {"a .jsonl that opens an array", "odd.jsonl",
       bom + "[{\"id\": \"a\", \"body\": \"river one\"},\n{\"id\": \"b\", \"body\": \"river two\"}]\n", {"a", "b"}},
      {"a .jsonl with CRLF line ends", "crlf.jsonl",
       bom + "{\"id\": \"a\", \"body\": \"river one\"}\r\n{\"id\": \"b\", \"body\": \"river two\"}\r\n", {"a", "b"}},
      {"a .json array with blanks after the mark", "spaced.json",
       bom + "\r\n  [{\"id\": \"a\", \"body\": \"river one\"}]", {"a"}},
  };
  for (const Case& c : cases) {
    test::TempDir dir;
    const std::string folder = dir.path() + "/in";
    std::filesystem::create_directories(folder);
    std::ofstream(folder + "/" + c.file, std::ios::binary) << c.content;
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(folder);
    indexer.commit();
    for (const InputProblem& p : indexer.stats().problems)
      ADD_FAILURE() << c.name << ": " << p.path << ":" << p.line << ": " << p.reason;
    EXPECT_FALSE(indexer.stats().any_rejected()) << c.name;
    EXPECT_EQ(ids_saying_river(options.db_path), c.ids) << c.name;
  }
}

// JSON saved as UTF-16 (PowerShell's `>`) was reported line by line as "not
// valid JSON" and "invalid UTF-8": one message now says what the file is.
TEST(QaInput2, AUtf16JsonFileIsNamedOnceAsUtf16AndTheOtherFilesAreIndexed) {
  auto utf16 = [](const std::string& ascii, bool little_endian) {
    std::string out = little_endian ? "\xFF\xFE" : "\xFE\xFF";
    for (char c : ascii) {
      if (little_endian) out += {c, '\0'};
      else out += {'\0', c};
    }
    return out;
  };
  struct Case {
    const char* name;
    const char* file;
    std::string content;
  };
  const std::string lines = "{\"id\": \"x\", \"body\": \"river one\"}\r\n{\"id\": \"y\", \"body\": \"river two\"}\r\n";
  const Case cases[] = {
      {"a UTF-16LE .jsonl", "win.jsonl", utf16(lines, true)},
      {"a UTF-16BE .jsonl", "mac.jsonl", utf16(lines, false)},
      {"a UTF-16LE .json array", "win.json", utf16("[{\"id\": \"x\", \"body\": \"river one\"}]", true)},
  };
  for (const Case& c : cases) {
    test::TempDir dir;
    const std::string folder = dir.path() + "/in";
    std::filesystem::create_directories(folder);
    std::ofstream(folder + "/" + c.file, std::ios::binary) << c.content;
    std::ofstream(folder + "/good.jsonl") << "{\"id\": \"g\", \"body\": \"river good\"}\n";
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(folder);
    indexer.commit();
    const IndexStats& stats = indexer.stats();
    ASSERT_EQ(stats.problems.size(), 1u) << c.name << (stats.problems.empty() ? "" : ": " + stats.problems[0].reason);
    EXPECT_NE(stats.problems[0].path.find(c.file), std::string::npos) << c.name;
    EXPECT_NE(stats.problems[0].reason.find("UTF-16"), std::string::npos) << c.name << ": " << stats.problems[0].reason;
    EXPECT_TRUE(stats.any_rejected()) << c.name;
    EXPECT_EQ(stats.files_skipped, 1u) << c.name;
    EXPECT_EQ(stats.files_read, 1u) << c.name;
    EXPECT_EQ(ids_saying_river(options.db_path), std::vector<std::string>{"g"}) << c.name;
  }
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Found by qa-wrong: a record whose body and title hold no word (only
// punctuation, dashes, emoji) was indexed as a document of length 0 whose
// file term has a position; Xapian's check takes that for damage, so
// --check said "damaged" and every later update refused the database
// ("re-index its files into a new database", which did the same again).
TEST(QaWrong, ARecordOfNoWordsIsNamedAndLeavesTheDatabaseUpdatable) {
  struct Case {
    const char* name;
    const char* record;  // the second line of the file
    bool indexed;        // it has a word to find it by
  };
  const Case cases[] = {
      {"dots and dashes", R"({"id":"w","title":"","body":"... --- !!! ???"})", false},
      {"emoji and a dash", R"({"id":"w","title":"\ud83c\udf89","body":"\ud83c\udf89\ud83c\udf89 \u2014 \u2026"})", false},
      {"Urdu full stops", R"({"id":"w","body":"\u06d4\u06d4\u06d4 \u061f"})", false},
      {"empty body, title of symbols", R"({"id":"w","title":"***","body":""})", false},
      {"symbols, with a title of words", R"({"id":"w","title":"Budget day","body":"..."})", true},
      {"a word of Urdu only", R"({"id":"w","body":"\u067e\u0627\u06a9\u0633\u062a\u0627\u0646"})", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    test::TempDir dir;
    const std::string file = dir.path() + "/r.jsonl";
    std::ofstream(file) << R"({"id":"v","title":"River","body":"The river rose."})" << '\n' << c.record << '\n';
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    {
      Indexer indexer(options);
      indexer.add_path(file);
      indexer.commit();
      std::vector<std::size_t> lines;
      for (const InputProblem& p : indexer.stats().problems) lines.push_back(p.line);
      EXPECT_EQ(lines, c.indexed ? std::vector<std::size_t>{} : std::vector<std::size_t>{2});
    }
    const CheckReport report = check_database(options.db_path);
    EXPECT_FALSE(report.damaged()) << (report.problems.empty() ? "" : report.problems[0]);
    // An update reads the database first: it must take it.
    std::ofstream(dir.path() + "/more.jsonl") << R"({"id":"u","title":"Upper river","body":"A river again."})" << '\n';
    EXPECT_NO_THROW({
      Indexer indexer(options);
      indexer.add_path(dir.path() + "/more.jsonl");
      indexer.commit();
    });
    EXPECT_EQ(ids_saying_river(options.db_path), (std::vector<std::string>{"u", "v"}));
    Searcher searcher(options.db_path);
    SearchRequest request;
    request.query = "id:w";
    request.limit = 0;
    EXPECT_EQ(searcher.search(request).total_matches.value_or(0), c.indexed ? 1u : 0u);
  }
}

// A JSONL file saved with old Mac line ends (CR alone) was one line, named
// only as "not valid JSON": such a file is read line by line, and where some
// lines end in LF, records run together by CR are named as such.
TEST(QaRest, AJsonlFileWithCrOnlyLineEndsIsReadLineByLine) {
  struct Case {
    const char* name;
    std::string content;
    std::vector<std::string> ids;
    std::vector<std::string> problems;  // "line: fragment of the reason"
  };
  const std::string a = R"({"id": "a", "body": "river one"})";
  const std::string b = R"({"id": "b", "body": "river two"})";
  const std::string c = R"({"id": "c", "body": "river three"})";
  const Case cases[] = {
      {"CR only", a + "\r" + b + "\r" + c + "\r", {"a", "b", "c"}, {}},
      {"CR only, no CR at the end", a + "\r" + b + "\r" + c, {"a", "b", "c"}, {}},
      {"CR only, blank lines and blanks", "\r\r" + a + " \r\r " + b + "\r", {"a", "b"}, {}},
      {"CR only, a bad line named by its number", a + "\r{\"id\": \"x\", oops\r" + c + "\r", {"a", "c"},
       {"2: not valid JSON"}},
      {"CR only, a record without an id named by its number", a + "\r\r{\"body\": \"river\"}\r" + c, {"a", "c"},
       {"3: no \"id\""}},
      {"CRLF still read as before", a + "\r\n" + b + "\r\n", {"a", "b"}, {}},
      {"LF lines, then CR-only ones named", a + "\n" + b + "\r" + c + "\r", {"a"},
       {"2: run together by CR alone"}},
      {"CR only, a first record longer than a read", "{\"id\": \"a\", \"body\": \"river " + std::string(300000, 'x') +
       "\"}\r" + b + "\r" + c + "\r", {"a", "b", "c"}, {}},
      {"a CR as a blank inside a record is no line end", "{\"id\": \"a\",\r\"body\": \"river one\"}\n" + b + "\n",
       {"a", "b"}, {}},
  };
  for (const Case& k : cases) {
    test::TempDir dir;
    const std::string folder = dir.path() + "/in";
    std::filesystem::create_directories(folder);
    std::ofstream(folder + "/mac.jsonl", std::ios::binary) << k.content;
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(folder);
    indexer.commit();
    std::vector<std::string> got_problems;
    for (const InputProblem& p : indexer.stats().problems) got_problems.push_back(std::to_string(p.line) + ": " + p.reason);
    ASSERT_EQ(got_problems.size(), k.problems.size()) << k.name << (got_problems.empty() ? "" : ": " + got_problems[0]);
    for (std::size_t i = 0; i < k.problems.size(); ++i)
      EXPECT_EQ(got_problems[i].rfind(k.problems[i].substr(0, k.problems[i].find(':') + 2), 0), 0u)
          << k.name << ": " << got_problems[i];
    for (std::size_t i = 0; i < k.problems.size(); ++i)
      EXPECT_NE(got_problems[i].find(k.problems[i].substr(k.problems[i].find(':') + 2)), std::string::npos)
          << k.name << ": " << got_problems[i];
    EXPECT_EQ(ids_saying_river(options.db_path), k.ids) << k.name;
  }
}

}  // namespace
}  // namespace quarry
