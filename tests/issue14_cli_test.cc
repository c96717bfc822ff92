// Issue 14: broken promises of the two CLIs a new user found (numbering,
// messages, options, batch mode, counts, input problems).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;

class Issue14Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "quarry-issue14-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun run(const std::string& program, const std::vector<std::string>& args) const {
    return quarry::test::run_cli(program, args, dir_);
  }
  CliRun index(std::vector<std::string> args) const { return run(QUARRY_INDEX_BIN, args); }
  CliRun search(const std::string& db, std::vector<std::string> args) const {
    args.insert(args.begin(), {"-d", db});
    return run(QUARRY_SEARCH_BIN, args);
  }
  std::string corpus_db() const {
    const std::string db = dir_ + "/corpus.db";
    const CliRun r = index({"-q", "-d", db, QUARRY_CORPUS_DIR});
    EXPECT_EQ(r.status, 0) << r.err;
    return db;
  }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories(fs::path(dir_ + "/" + name).parent_path());
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }

  std::string dir_;
};

// Item 7: one passage numbering (from 0) in text and JSON.
TEST_F(Issue14Cli, PassagesAreNumberedAlikeInTextAndJson) {
  std::string body;
  for (int p = 0; p < 6; ++p)
    body += std::string(p ? "\\n\\n" : "") + (p == 4 ? "The flood reached the village at night. " : "Nothing happened here today. ") +
            std::string(300, 'x') + " filler words end this paragraph.";
  write("in/a.jsonl", "{\"id\":\"a\",\"title\":\"T\",\"body\":\"" + body + "\"}\n");
  const std::string db = dir_ + "/db";
  ASSERT_EQ(index({"-q", "-d", db, dir_ + "/in"}).status, 0);
  const CliRun as_json = search(db, {"--format", "json", "flood"});
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const std::vector<json> hits = quarry::test::json_lines(as_json.out);
  ASSERT_EQ(hits.size(), 1u);
  const std::size_t passage = hits[0]["passage"];
  ASSERT_GT(passage, 0u);
  const CliRun as_text = search(db, {"flood"});
  EXPECT_NE(as_text.out.find("passage " + std::to_string(passage)), std::string::npos) << as_text.out;
  EXPECT_EQ(as_text.out.find("passage " + std::to_string(passage + 1)), std::string::npos) << as_text.out;
}

// Item 6, as printed: a document's passages follow it, under one heading.
TEST_F(Issue14Cli, PassagesFollowTheirDocumentInText) {
  const std::string db = corpus_db();
  const CliRun r = search(db, {"-n", "2", "--passages-per-doc", "3", "pakistan"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1. "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2. "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("3. "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("   passage "), std::string::npos) << r.out;
}

// Item 10: options are checked, and messages say what happened.
TEST_F(Issue14Cli, OptionMistakesAreNamedAndNoMatchesIsNeverFalse) {
  const std::string db = corpus_db();
  struct Case {
    std::vector<std::string> args;
    int status;
    const char* says;
  };
  const Case cases[] = {
      {{"--offset", "-5", "polio"}, 2, "quarry-search: "},
      {{"-n", "10001", "polio"}, 2, "quarry-search: limit is at most 10000"},
      {{"-n", "x", "polio"}, 2, "quarry-search: "},
      {{""}, 2, "quarry-search: give a query"},
      {{"   "}, 2, "quarry-search: give a query"},
      {{"--offset", "10000", "polio"}, 1, "the query matches 1 document"},
      {{"-title:x"}, 2, "quarry-search -- -title:x"},
      {{"--bogus", "polio"}, 2, "quarry-search: "},
  };
  for (const Case& c : cases) {
    const CliRun r = search(db, c.args);
    EXPECT_EQ(r.status, c.status) << c.args[0] << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args[0] << ": " << r.err;
    EXPECT_EQ(r.err.find("No matches"), std::string::npos) << c.args[0] << ": " << r.err;
  }
  const CliRun index_error = index({"--jobs", "x", dir_});
  EXPECT_EQ(index_error.status, 2);
  EXPECT_EQ(index_error.err.rfind("quarry-index: ", 0), 0u) << index_error.err;
}

// Item 11: a language code is the language: stored by its one name.
TEST_F(Issue14Cli, LanguageCodesNameTheirLanguage) {
  write("fr/a.txt", "Les élections\n\nLes électeurs ont voté dimanche.\n");
  const std::string db = dir_ + "/fr.db";
  const CliRun indexed = index({"-q", "--language", "fr", "-d", db, dir_ + "/fr"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  for (const char* language : {"fr", "french"}) {
    const CliRun r = search(db, {"--language", language, "--format", "json", "électeur"});
    EXPECT_EQ(r.status, 0) << language << ": " << r.err;
  }
  const CliRun again = index({"-q", "--language", "french", "-d", db, dir_ + "/fr"});
  EXPECT_EQ(again.status, 0) << again.err;
  const CliRun wrong = search(db, {"--language", "en", "électeur"});
  EXPECT_EQ(wrong.status, 2);
  EXPECT_NE(wrong.err.find("french"), std::string::npos) << wrong.err;
}

// Item 12: batch files have comments; a bad line is named, the rest answered.
TEST_F(Issue14Cli, BatchSkipsCommentsAndNamesBadLines) {
  const std::string db = corpus_db();
  write("q.tsv", "# queries for the corpus\nq1\tpolio\nno tab here\nq2\tkind:poem\n\n  # indented comment\nq3\trafah\n");
  const CliRun r = search(db, {"--format", "json", "--queries", dir_ + "/q.tsv"});
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<std::string> qids;
  for (const json& hit : quarry::test::json_lines(r.out)) qids.push_back(hit["qid"]);
  EXPECT_EQ(qids, (std::vector<std::string>{"q1", "q3"}));
  EXPECT_NE(r.err.find("q.tsv:3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("q.tsv:4:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("q.tsv:1:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("q.tsv:6:"), std::string::npos) << r.err;

  const CliRun both = search(db, {"--queries", dir_ + "/q.tsv", "polio"});
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  const CliRun timings = search(db, {"--timings", dir_ + "/t.tsv", "polio"});
  EXPECT_EQ(timings.status, 2);
  EXPECT_NE(timings.err.find("--timings needs --queries"), std::string::npos) << timings.err;
}

}  // namespace
