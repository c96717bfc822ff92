// Issue 17 through quarry-search, as a user sees it: "Did you mean", --suggest
// and its exit status, "+1 similar" and --no-collapse, --like DOC.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "cli_runner.h"

namespace {

using nlohmann::json;
using quarry::test::CliRun;

class QueryExperience : public quarry::test::CliSuite<QueryExperience> {
 protected:
  static void SetUpTestSuite() {
    make_scratch("qx");
    const CliRun indexed = run(QUARRY_INDEX_BIN, {"-q", "-d", db_, QUARRY_FIXTURES_DIR "/stories.jsonl"});
    ASSERT_EQ(indexed.status, 0) << indexed.err;
  }
  static CliRun search(std::vector<std::string> args) {
    args.insert(args.begin(), {"--color", "never"});
    return CliSuite::search(args);
  }
};

TEST_F(QueryExperience, SuggestPrintsOnlyTheCorrectedQueryOrNothing) {
  struct Case {
    const char* query;
    int status;
    const char* out;
  } cases[] = {
      {"imrn khan", 0, "imran khan\n"},
      {"\"imrn khan\" section:pakistan", 0, "\"imran khan\" section:pakistan\n"},
      {"imran khan", 1, ""},
      {"shehbaz", 1, ""},
  };
  for (const Case& c : cases) {
    const CliRun r = search({"--suggest", c.query});
    EXPECT_EQ(r.status, c.status) << c.query << r.err;
    EXPECT_EQ(r.out, c.out) << c.query;
  }
}

TEST_F(QueryExperience, TextOutputSaysDidYouMean) {
  const CliRun r = search({"imrn khan"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Did you mean: imran khan?\n", 0), 0u) << r.out;
  const CliRun json_run = search({"--format", "json", "imrn khan"});
  const std::vector<json> lines = quarry::test::json_lines(json_run.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(), json({{"suggestion", "imran khan"}}));
  EXPECT_EQ(search({"imran khan"}).out.find("Did you mean"), std::string::npos);
}

// The suggestion is the query as typed, corrected: its control characters
// reached the terminal raw (ESC, BEL: whatever sequence the query held).
TEST_F(QueryExperience, HighlightQaSuggestionsShowControlCharactersEscaped) {
  const std::string query = "imrn \x1b\x07 khan";
  const CliRun text = search({query});
  EXPECT_EQ(text.out.rfind("Did you mean: imran \\x1b\\x07 khan?\n", 0), 0u) << text.out;
  const CliRun alone = search({"--suggest", query});
  EXPECT_EQ(alone.out, "imran \\x1b\\x07 khan\n");
  const std::string file = dir_ + "/controls.tsv";
  std::ofstream(file) << "q\x07" << '\t' << query << "\n";
  const CliRun batch = search({"--suggest", "--queries", file});
  EXPECT_EQ(batch.out, "q\\x07\timran \\x1b\\x07 khan\n");
}

TEST_F(QueryExperience, NearDuplicatesAreOneHitUnlessNoCollapse) {
  const CliRun folded = search({"--format", "json", "uzbekistan trade deal"});
  const CliRun all = search({"--format", "json", "--no-collapse", "uzbekistan trade deal"});
  std::vector<std::string> folded_docs, all_docs, similar;
  for (const json& hit : quarry::test::json_lines(folded.out)) {
    folded_docs.push_back(hit["doc"]);
    for (const json& doc : hit["similar"]) similar.push_back(doc);
  }
  for (const json& hit : quarry::test::json_lines(all.out)) {
    all_docs.push_back(hit["doc"]);
    EXPECT_TRUE(hit["similar"].empty());
  }
  EXPECT_EQ(folded_docs.size() + 1, all_docs.size());
  EXPECT_EQ(similar.size(), 1u);
  const CliRun text = search({"uzbekistan trade deal"});
  EXPECT_NE(text.out.find(" +1 similar\n"), std::string::npos) << text.out;
}

TEST_F(QueryExperience, LikeFindsTheUpdatedVersionFirst) {
  const CliRun r = search({"--format", "json", "--no-collapse", "--like", "flood-first"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = quarry::test::json_lines(r.out);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["doc"], "flood-update");
  for (const json& hit : hits) EXPECT_NE(hit["doc"], "flood-first");
  const CliRun filtered = search({"--format", "json", "--like", "trade-front", "section:business"});
  const std::vector<json> business = quarry::test::json_lines(filtered.out);
  ASSERT_EQ(business.size(), 1u);
  EXPECT_EQ(business[0]["doc"], "trade-business");
  const CliRun unknown = search({"--like", "no-such-document"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("no document 'no-such-document'"), std::string::npos) << unknown.err;
}

}  // namespace
