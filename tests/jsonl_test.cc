// JSONL records: fields, the "Published in" line, and bad lines named by number.
#include <gtest/gtest.h>

#include "build.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

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

}  // namespace
}  // namespace quarry
