// What a source says of a document besides its text (URL, authors, site,
// language): kept, returned with hits, and usable as filters (issues 16, 17).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.h"

namespace {

using nlohmann::json;
using quarry::test::CliRun;

class Metadata : public quarry::test::CliSuite<Metadata> {
 protected:
  static void SetUpTestSuite() {
    make_scratch("meta");
    std::ofstream(dir_ + "/news.jsonl")
        << R"({"id":"a1","title":"Flood warning","body":"Heavy rain is expected in the valley.","url":"https://www.dawn.com/news/1","author":"Zahid Hussain","language":"en"})" "\n"
        << R"({"id":"a2","title":"Rain returns","body":"Rain fell on the valley again.","url":"https://example.org/rain","author":["Ana Ruiz","Zahid Hussain"],"lang":"de-CH"})" "\n"
        << R"({"id":"a3","title":"Dry valley","body":"No rain in the valley for weeks.","site":"Local Paper"})" "\n";
    const CliRun indexed = run(QUARRY_INDEX_BIN, {"-d", db_, dir_ + "/news.jsonl"});
    ASSERT_EQ(indexed.status, 0) << indexed.err;
  }
  static std::vector<std::string> docs(const std::string& query) {
    const CliRun r = search({"--format", "json", "-n", "10", "--sort", "date", query});
    std::vector<std::string> ids;
    for (const json& hit : quarry::test::json_lines(r.out)) ids.push_back(hit["doc"]);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(Metadata, Issue17JsonlUrlAndAuthorComeBackWithTheHit) {
  const CliRun r = search({"--format", "json", "-n", "5", "heavy"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = quarry::test::json_lines(r.out);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["url"], "https://www.dawn.com/news/1");
  EXPECT_EQ(hits[0]["author"], "Zahid Hussain");

  const CliRun several = search({"--format", "json", "returns"});
  ASSERT_EQ(several.status, 0) << several.err;
  EXPECT_EQ(quarry::test::json_lines(several.out).at(0)["author"], "Ana Ruiz, Zahid Hussain");

  const CliRun none = search({"--format", "json", "weeks"});
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_TRUE(quarry::test::json_lines(none.out).at(0)["url"].is_null());
  EXPECT_TRUE(quarry::test::json_lines(none.out).at(0)["author"].is_null());
}

TEST_F(Metadata, Issue17TextOutputShowsTheUrlInsteadOfTheFile) {
  const CliRun r = search({"heavy"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("https://www.dawn.com/news/1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("news.jsonl"), std::string::npos) << r.out;
}

struct FilterCase {
  const char* query;
  std::vector<std::string> docs;
};

TEST_F(Metadata, Issue17AuthorSiteAndLanguageFilter) {
  const FilterCase cases[] = {
      {"valley author:\"zahid hussain\"", {"a1", "a2"}},
      {"valley author:\"Ana Ruiz\"", {"a2"}},
      {"valley site:dawn.com", {"a1"}},
      {"valley site:www.dawn.com", {"a1"}},
      {"valley site:example.org", {"a2"}},
      {"valley site:\"local paper\"", {"a3"}},
      {"valley lang:de", {"a2"}},
      {"valley lang:en", {"a1"}},
      {"valley -lang:de", {"a1", "a3"}},
      {"author:\"Zahid Hussain\" lang:de", {"a2"}},
  };
  for (const FilterCase& c : cases) EXPECT_EQ(docs(c.query), c.docs) << c.query;
}

}  // namespace
