// End to end through quarry-index and quarry-search, as a user runs them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;

class Cli : public quarry::test::CliSuite<Cli> {
 protected:
  static void SetUpTestSuite() {
    make_scratch("cli");
    const CliRun indexed = run(QUARRY_INDEX_BIN, {"-d", db_, QUARRY_CORPUS_DIR});
    ASSERT_EQ(indexed.status, 0) << indexed.err;
  }

  static std::vector<json> json_hits(const CliRun& r) { return quarry::test::json_lines(r.out); }

  static std::vector<std::string> highlighted(const json& hit) { return quarry::test::highlighted_text(hit); }
};

TEST_F(Cli, PolioFindsTheEditorialWithPolioHighlighted) {
  const CliRun r = search({"--format", "json", "polio"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = json_hits(r);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["title"], "Persistent scourge");
  EXPECT_EQ(hits[0]["kind"], "editorial");
  EXPECT_EQ(hits[0]["date"], "2024-05-29");
  EXPECT_EQ(highlighted(hits[0]), (std::vector<std::string>{"polio"}));
}

TEST_F(Cli, PhraseHighlightsExactlyThePhrase) {
  const CliRun r = search({"--format", "json", "\"night vision goggles\""});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = json_hits(r);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["kind"], "article");
  EXPECT_EQ(hits[0]["date"], "2023-04-12");
  EXPECT_EQ(highlighted(hits[0]), (std::vector<std::string>{"night vision goggles"}));
}

TEST_F(Cli, StemmedFormIsFoundAndHighlighted) {
  const CliRun r = search({"--format", "json", "coexisting"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = json_hits(r);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(highlighted(hits[0]), (std::vector<std::string>{"coexist"}));
}

TEST_F(Cli, KindEditorialListsSixDocuments) {
  const CliRun r = search({"--format", "json", "kind:editorial"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = json_hits(r);
  ASSERT_EQ(hits.size(), 6u);
  for (const json& hit : hits) EXPECT_EQ(hit["kind"], "editorial");
}

TEST_F(Cli, WordThatOccursNowhereExitsOne) {
  const CliRun r = search({"zyzzyvaquux"});
  EXPECT_EQ(r.status, 1);
  EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, JsonLinesHaveTheDocumentedFields) {
  const CliRun r = search({"--format", "json", "-n", "3", "taliban"});
  ASSERT_EQ(r.status, 0) << r.err;
  for (const json& hit : json_hits(r)) {
    for (const char* field : {"rank", "score", "doc", "kind", "title", "date", "source", "passage",
                              "snippet", "highlights"})
      EXPECT_TRUE(hit.contains(field)) << field;
    std::size_t previous_end = 0;
    for (const json& span : hit["highlights"]) {
      EXPECT_LE(previous_end, span[0].get<std::size_t>());
      EXPECT_LT(span[0].get<std::size_t>(), span[1].get<std::size_t>());
      EXPECT_LE(span[1].get<std::size_t>(), hit["snippet"].get<std::string>().size());
      previous_end = span[1];
    }
  }
}

TEST_F(Cli, DoubleDashMakesADashedWordAQuery) {
  const CliRun r = search({"--format", "json", "--", "-zyzzyvaquux"});
  EXPECT_EQ(r.status, 0) << r.err;  // everything except that word: every document
  EXPECT_EQ(json_hits(r).size(), 7u);
}

TEST_F(Cli, OddQueriesNeverCrashOrLeakXapianErrors) {
  for (const char* q : {"f-16", "U.S.", "s/s", "\"unbalanced", "AND", "OR", "NOT", "(", ")",
                        "NEAR", "title:", "*", "polio AND", "a NEAR/3 b", "((((polio", "\"\""}) {
    const CliRun r = search({"--", q});
    EXPECT_TRUE(r.status == 0 || r.status == 1) << q << ": " << r.err;
    EXPECT_EQ(r.err.find("Xapian"), std::string::npos) << q << ": " << r.err;
  }
}

TEST_F(Cli, BatchQueriesCarryTheirIds) {
  const std::string queries = dir_ + "/queries.tsv";
  std::ofstream(queries) << "q1\tpolio\nq2\tzyzzyvaquux\nq3\trafah\n";
  const CliRun r = search({"--format", "json", "--queries", queries});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> qids;
  for (const json& hit : json_hits(r)) qids.push_back(hit["qid"]);
  EXPECT_EQ(qids, (std::vector<std::string>{"q1", "q3"}));
}

TEST_F(Cli, MissingDatabaseIsAClearErrorWithStatusTwo) {
  const CliRun r = run(QUARRY_SEARCH_BIN, {"-d", dir_ + "/nope", "polio"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no Quarry database"), std::string::npos) << r.err;
}

TEST_F(Cli, IndexerRejectsMissingPathWithStatusTwoAndCreatesNothing) {
  const std::string db = dir_ + "/fresh";
  const CliRun r = run(QUARRY_INDEX_BIN, {"-d", db, dir_ + "/no-such-folder"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no-such-folder"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(db));
}

TEST_F(Cli, IndexerIndexesTheGoodAndNamesTheBad) {
  const std::string db = dir_ + "/mixed";
  const CliRun r = run(QUARRY_INDEX_BIN, {"-d", db, QUARRY_FIXTURES_DIR "/records.jsonl", dir_ + "/missing.txt"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("records.jsonl:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing.txt"), std::string::npos) << r.err;
  const CliRun found = run(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "polio"});
  EXPECT_EQ(found.status, 0) << found.err;
}

TEST_F(Cli, ExplainShowsHowTheScoreIsComposed) {
  const CliRun r = search({"--format", "json", "--explain", "taliban militants"});
  ASSERT_EQ(r.status, 0) << r.err;
  bool any_proximity = false;  // "taliban militants" is a common pair
  bool weighted = false;        // proximity is only computed when it counts
  for (const json& hit : json_hits(r)) {
    const json& e = hit["explain"];
    const double composed = e["document_bm25"].get<double>() +
                            e["passage_weight"].get<double>() * e["best_passage_bm25"].get<double>() +
                            e["proximity_weight"].get<double>() * e["proximity"].get<double>() +
                            e["title_cover_weight"].get<double>() * e["title_cover"].get<double>();
    EXPECT_NEAR(hit["score"].get<double>(), composed, 1e-9);
    EXPECT_GT(e["this_passage_bm25"].get<double>(), 0.0);
    any_proximity = any_proximity || e["proximity"].get<double>() > 0;
    weighted = weighted || e["proximity_weight"].get<double>() > 0;
  }
  EXPECT_EQ(any_proximity, weighted);
}

TEST_F(Cli, ColorOnlyWhenAskedOrOnATerminal) {
  const CliRun plain = search({"polio"});
  EXPECT_EQ(plain.out.find('\033'), std::string::npos);
  const CliRun colored = search({"--color", "always", "polio"});
  EXPECT_NE(colored.out.find("\033[1;31mpolio\033[0m"), std::string::npos) << colored.out;
}

}  // namespace

namespace {

struct UnwritableOutputCase {
  std::string name;
  std::string program;
  std::vector<std::string> args;
  std::string redirect;  // the shell's redirection of stdout
  std::string error;     // the line stderr must hold
};

// Found by qa-input: output that never reached its file was exit 0.
// "quarry-index --extract ... > docs.jsonl" on a full disk left a file cut
// short, and so did quarry-search; a --timings file that could not be
// written said nothing, and a folder given as --queries ran no query and
// exited 0 in silence.
TEST_F(Cli, OutputThatCannotBeWrittenIsAnError) {
  const std::string queries = dir_ + "/unwritable-queries.tsv", folder = dir_ + "/a-folder";
  std::ofstream(queries) << "q1\tpolio\n";
  fs::create_directories(folder);
  const std::string full = "cannot write the output to stdout: no space left on device; what was written is incomplete";
  const std::vector<UnwritableOutputCase> cases = {
      {"hits, full disk", QUARRY_SEARCH_BIN, {"-d", db_, "polio"}, ">/dev/full", "quarry-search: " + full},
      {"JSON hits, full disk", QUARRY_SEARCH_BIN, {"-d", db_, "--format", "json", "polio"}, ">/dev/full", "quarry-search: " + full},
      {"info, full disk", QUARRY_SEARCH_BIN, {"-d", db_, "--info"}, ">/dev/full", "quarry-search: " + full},
      {"hits, stdout closed", QUARRY_SEARCH_BIN, {"-d", db_, "polio"}, ">&-",
       "quarry-search: cannot write the output to stdout: it is closed; what was written is incomplete"},
      {"extract, full disk", QUARRY_INDEX_BIN, {"--extract", QUARRY_CORPUS_DIR}, ">/dev/full",
       "quarry-index: cannot write the output to stdout"},
      {"check, full disk", QUARRY_INDEX_BIN, {"--check", "-d", db_}, ">/dev/full", "quarry-index: " + full},
      {"timings, full disk", QUARRY_SEARCH_BIN, {"-d", db_, "--queries", queries, "--timings", "/dev/full"}, ">/dev/null",
       "quarry-search: cannot write timings file '/dev/full': what was written is incomplete"},
      {"queries from a folder", QUARRY_SEARCH_BIN, {"-d", db_, "--queries", folder}, ">/dev/null",
       "quarry-search: queries file '" + folder + "' is a folder; give the file of queries"},
  };
  for (const UnwritableOutputCase& c : cases) {
    std::string command = quarry::test::shell_quote(c.program);
    for (const std::string& arg : c.args) command += " " + quarry::test::shell_quote(arg);
    const std::string err_file = dir_ + "/unwritable.err";
    const int raw = std::system((command + " " + c.redirect + " 2>" + quarry::test::shell_quote(err_file) + " </dev/null").c_str());
    EXPECT_TRUE(WIFEXITED(raw)) << c.name;
    EXPECT_EQ(WEXITSTATUS(raw), 2) << c.name;
    const std::string err = quarry::test::slurp(err_file);
    EXPECT_NE(err.find(c.error), std::string::npos) << c.name << ":\n" << err;
  }
  // Output that is written is no error.
  const CliRun written = search({"--queries", queries, "--timings", dir_ + "/timings.tsv"});
  EXPECT_EQ(written.status, 0) << written.err;
  EXPECT_EQ(quarry::test::slurp(dir_ + "/timings.tsv").rfind("q1\t", 0), 0u);
}


// Found by qa-input: `--show ''` and `--like ''` (an unset shell variable)
// counted as not given, so the rest of the line was searched or "give a
// query" said; and --like beside --show or --info was silently ignored.
TEST_F(Cli, AnEmptyDocumentIdOrLikeBesideShowIsAUsageError) {
  const std::vector<json> hits = json_hits(search({"--format", "json", "-n", "1", "polio"}));
  ASSERT_EQ(hits.size(), 1u);
  const std::string id = hits[0]["doc"];
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string error;  // a part of stderr; "" for none
  };
  const std::string empty_id = "give a document id (a hit's doc), not an empty one";
  const std::vector<Case> cases = {
      {{"--show", ""}, 2, "--show: " + empty_id},
      {{"--show", "", "polio"}, 2, "--show: " + empty_id},
      {{"--like", ""}, 2, "--like: " + empty_id},
      {{"--like", "", "polio"}, 2, "--like: " + empty_id},
      {{"--show", id, "--like", id}, 2, "quarry-search: --like searches; it does not go with --show"},
      {{"--show", id, "--like", id, "polio"}, 2, "quarry-search: --like searches; it does not go with --show"},
      {{"--info", "--like", id}, 2, "quarry-search: --like searches; it does not go with --info"},
      {{"--show", id}, 0, ""},
      {{"--show", id, "polio"}, 0, ""},
      {{"-n", "1", "--like", id}, 0, ""},
  };
  for (const Case& c : cases) {
    const CliRun r = search(c.args);
    std::string name;
    for (const std::string& a : c.args) name += "'" + a + "' ";
    EXPECT_EQ(r.status, c.status) << name << r.err;
    if (c.error.empty()) EXPECT_EQ(r.err, "") << name;
    else EXPECT_NE(r.err.find(c.error), std::string::npos) << name << r.err;
  }
}

// Found by qa-input: a file whose name is not UTF-8 (copied from an old
// Latin-1 disk) had its path as id byte for byte; every JSON answer showed
// that id with U+FFFD, which --show, id: and like: (and the search page's
// links, made from it) then did not find, and two names differing only in
// such bytes looked one. Such bytes are \xNN in the id now.
TEST(QaInput3, ADocumentOfAFileNamedInLatin1IsFoundByTheIdItIsShownWith) {
  quarry::test::TempDir dir;
  const std::string in = dir.path() + "/in", db = dir.path() + "/db";
  fs::create_directories(in);
  struct Case {
    std::string name;  // the file's name, raw bytes
    std::string content;
    std::string id;  // the id a hit shows
  };
  const std::vector<Case> cases = {
      {"caf\xe9.txt", "Harbour news\n\nThe harbour reopened on Monday.\n", in + "/caf\\xe9.txt"},
      {"caf\xe8.txt", "Harbour notes\n\nThe harbour closed on Sunday.\n", in + "/caf\\xe8.txt"},
      {"r\xe9sum\xe9.html",
       "<html><head><title>Harbour page</title></head><body><p>The harbour page says the harbour is open.</p></body></html>",
       in + "/r\\xe9sum\\xe9.html"},
      {"caf\xc3\xa9.txt", "Harbour diary\n\nThe harbour in UTF-8.\n", in + "/caf\xc3\xa9.txt"},  // valid: as ever
  };
  for (const Case& c : cases) std::ofstream(in + "/" + c.name, std::ios::binary) << c.content;
  ASSERT_EQ(quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, in}, dir.path()).status, 0);
  const CliRun hits = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "harbour"}, dir.path());
  ASSERT_EQ(hits.status, 0) << hits.err;
  std::vector<std::string> shown;
  for (const json& hit : quarry::test::json_lines(hits.out)) shown.push_back(hit["doc"]);
  std::vector<std::string> expected;
  for (const Case& c : cases) expected.push_back(c.id);
  std::sort(shown.begin(), shown.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(shown, expected);
  for (const Case& c : cases) {
    const CliRun show = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "--show", c.id}, dir.path());
    EXPECT_EQ(show.status, 0) << c.id << ": " << show.err;
    const CliRun by_id = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "id:\"" + c.id + "\""}, dir.path());
    EXPECT_EQ(by_id.out, "1\n") << c.id << ": " << by_id.err;
    const CliRun like = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "-n", "0", "--like", c.id}, dir.path());
    EXPECT_NE(like.status, 2) << c.id << ": " << like.err;
  }
  // Unchanged files are skipped on the next run, and changed ones replace their document.
  std::ofstream(in + "/caf\xe9.txt", std::ios::binary) << "Harbour news\n\nThe harbour reopened on Tuesday.\n";
  const CliRun again = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "harbour"}, dir.path()).out, "4\n");
  EXPECT_EQ(quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "tuesday"}, dir.path()).out, "1\n");
}

struct LinkedDatabaseCase {
  std::string name;
  std::string target;    // what the link -d names points to, relative to the scratch folder or absolute
  bool make_target;      // the target exists, empty, before the run
  std::vector<std::string> extra;  // more quarry-index options
};

// Found by qa-input: a new database through a symbolic link (ln -s
// /big/disk/news.db quarry.db, before the first run) was made beside the
// link and renamed onto it, which failed with "cannot create the database
// at 'quarry.db': Not a directory", and the failed creation then deleted
// the link. It is made where the link leads now, and the link kept; a loop
// of links is named as one.
TEST(QaInput3, ANewDatabaseThroughASymbolicLinkIsMadeWhereItLeadsAndTheLinkKept) {
  quarry::test::TempDir dir;
  const std::string input = dir.path() + "/story.txt";
  std::ofstream(input) << "Harbour\n\nThe harbour reopened after the storm.\n";
  const std::vector<LinkedDatabaseCase> cases = {
      {"to an empty folder", "empty", true, {}},
      {"to a folder not made yet", "later", false, {}},
      {"to a folder two levels down", "deep/er/db", false, {}},
      {"absolute, not made yet", dir.path() + "/absolute", false, {}},
      {"sharded, to a folder not made yet", "sharded", false, {"--shards", "2"}},
  };
  for (const LinkedDatabaseCase& c : cases) {
    const std::string link = dir.path() + "/link-" + std::to_string(&c - cases.data());
    const fs::path target = fs::path(c.target).is_absolute() ? fs::path(c.target) : fs::path(dir.path()) / c.target;
    if (c.make_target) fs::create_directories(target);
    fs::create_symlink(c.target, link);
    std::vector<std::string> args = c.extra;
    args.insert(args.end(), {"-q", "-d", link, input});
    const CliRun indexed = quarry::test::run_cli(QUARRY_INDEX_BIN, args, dir.path());
    EXPECT_EQ(indexed.status, 0) << c.name << ": " << indexed.err;
    EXPECT_TRUE(fs::is_symlink(link)) << c.name << ": the link is gone";
    EXPECT_TRUE(fs::exists(target / (c.extra.empty() ? "iamglass" : "XAPIANDB"))) << c.name;
    const CliRun found = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", link, "--count", "harbour"}, dir.path());
    EXPECT_EQ(found.out, "1\n") << c.name << ": " << found.err;
    // And the next run updates it in place, through the link.
    std::ofstream(dir.path() + "/more.txt") << "Bridge\n\nThe harbour bridge opened too.\n";
    args.back() = dir.path() + "/more.txt";
    EXPECT_EQ(quarry::test::run_cli(QUARRY_INDEX_BIN, args, dir.path()).status, 0) << c.name;
    EXPECT_EQ(quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", link, "--count", "harbour"}, dir.path()).out, "2\n") << c.name;
  }
  const std::string loop_a = dir.path() + "/loop-a", loop_b = dir.path() + "/loop-b";
  fs::create_symlink(loop_b, loop_a);
  fs::create_symlink(loop_a, loop_b);
  const CliRun looped = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", loop_a, input}, dir.path());
  EXPECT_EQ(looped.status, 2);
  EXPECT_NE(looped.err.find("is a loop of symbolic links, not a database folder"), std::string::npos) << looped.err;
  EXPECT_TRUE(fs::is_symlink(loop_a) && fs::is_symlink(loop_b));
}

// Found by qa-input: -d under a file (a typo, a path one level off) said
// "no Quarry database at 'notes.txt/db' (create one with quarry-index)", to
// the quarry-index that was to create it.
TEST(QaInput3, ANewDatabaseUnderAFileNamesTheFile) {
  quarry::test::TempDir dir;
  const std::string input = dir.path() + "/story.txt", file = dir.path() + "/notes.txt";
  std::ofstream(input) << "Harbour\n\nThe harbour reopened after the storm.\n";
  std::ofstream(file) << "not a folder\n";
  for (const std::string& under : {file + "/db", file + "/a/b/db"}) {
    for (const std::vector<std::string>& shards : {std::vector<std::string>{}, std::vector<std::string>{"--shards", "2"}}) {
      std::vector<std::string> args = shards;
      args.insert(args.end(), {"-q", "-d", under, input});
      const CliRun r = quarry::test::run_cli(QUARRY_INDEX_BIN, args, dir.path());
      EXPECT_EQ(r.status, 2) << under;
      EXPECT_EQ(r.err, "quarry-index: cannot create the database at '" + under + "': '" + file + "' is a file, not a folder\n");
    }
  }
  EXPECT_EQ(quarry::test::slurp(file), "not a folder\n");
}

// Found by running quarry-index over a folder that holds its database (qa-
// input): `quarry-index .` with the default ./quarry.db read the database's
// own files as input: every run after the first exited 1 naming iamglass,
// flintlock and the tables, and a sharded database's stub (XAPIANDB, a text
// file) was indexed as an article.
TEST(QaInput, DatabaseInsideTheIndexedFolderIsNoInput) {
  for (const bool sharded : {false, true}) {
    quarry::test::TempDir dir;
    const std::string in = dir.path() + "/news", db = in + "/quarry.db";
    fs::create_directories(in + "/other.db");
    std::ofstream(in + "/story.txt") << "Harbour\n\nThe harbour reopened after the storm.\n";
    std::vector<std::string> first = {"-q", "-d", db, in};
    if (sharded) first.insert(first.begin(), {"--shards", "2"});
    ASSERT_EQ(quarry::test::run_cli(QUARRY_INDEX_BIN, first, dir.path()).status, 0) << sharded;
    // Another database in the tree: named once as no input, never read.
    ASSERT_EQ(quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", in + "/other.db", in + "/story.txt"}, dir.path()).status, 0);
    std::ofstream(in + "/second.txt") << "Bridge\n\nThe bridge opened too.\n";
    const CliRun again = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
    EXPECT_EQ(again.status, 0) << sharded << "\n" << again.err;
    EXPECT_EQ(again.err.find("quarry.db/"), std::string::npos) << sharded << "\n" << again.err;
    EXPECT_EQ(again.err.find("other.db/"), std::string::npos) << sharded << "\n" << again.err;
    EXPECT_NE(again.err.find("other.db: a search database (Xapian), not input; skipped"), std::string::npos) << again.err;
    EXPECT_NE(again.err.find("Indexed 1 file"), std::string::npos) << sharded << "\n" << again.err;
    const CliRun all = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "kind:article"}, dir.path());
    EXPECT_EQ(all.out, "2\n") << sharded << "\n" << all.err;
    // The database named as input is refused, and nothing is written.
    const CliRun self = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", db, db}, dir.path());
    EXPECT_EQ(self.status, 2) << self.err;
    EXPECT_NE(self.err.find("is the database being written (-d), not input"), std::string::npos) << self.err;
  }
}

}  // namespace

// Found by ids-order: a JSONL file whose every record was rejected counted
// in the summary as indexed ("Indexed 2 files" for it and one good file), and
// a .json file holding `[]` was named as a problem, "the file is empty or
// holds only blank lines (0 lines)", which made the run exit 1. Both are
// skipped files now, the empty array with a note that is no problem; a
// rejected file, once fixed, is read again. An array never closed (`[`, or a
// download cut between two records) passed as empty, or unnoticed: it is named.
TEST(QaIdsOrder, AFileThatGivesNothingIsSkippedNotIndexedAndReadAgainOnceFixed) {
  struct Case {
    const char* name;
    const char* file;
    std::string content;
    int status;        // of a run over it and a good file
    std::string note;  // what stderr says of it, after its path
  };
  const Case cases[] = {
      {"every line is bad JSON", "bad.jsonl", "{bad\nnot json\n{\"id\": 3, oops\n", 1, ":1: not valid JSON"},
      {"no record has a body", "bodiless.jsonl", "{\"id\":\"x\"}\n{\"id\":\"y\"}\n", 1, ":1: record has no \"body\" text"},
      {"a .json array of bad records", "bad.json", "[{\"id\":\"x\"},\n 7]", 1, ":2: "},
      {"a .jsonl of blank lines", "blank.jsonl", "\n\n", 1, ": no records: the file is empty or holds only blank lines (2 lines)"},
      {"an empty .json array", "empty.json", "[]", 0, ": holds an empty JSON array ([]): no records to index"},
      {"an empty .json array over lines", "empty.json", "[\n  ]\n", 0, ": holds an empty JSON array ([]): no records to index"},
      {"an empty array in a .jsonl", "empty.jsonl", "[]\n", 0, ": holds an empty JSON array ([]): no records to index"},
      {"an array never closed", "open.json", "[", 1, ":1: the JSON array is never closed (no ']' at the end)"},
  };
  for (const Case& c : cases) {
    quarry::test::TempDir dir;
    const std::string in = dir.path() + "/in", db = dir.path() + "/db";
    fs::create_directories(in);
    std::ofstream(in + "/good.jsonl") << "{\"id\":\"g\",\"body\":\"The harbour reopened after the storm.\"}\n";
    std::ofstream(in + "/" + c.file) << c.content;
    const CliRun first = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
    EXPECT_EQ(first.status, c.status) << c.name << "\n" << first.err;
    EXPECT_NE(first.err.find(c.file + c.note), std::string::npos) << c.name << "\n" << first.err;
    EXPECT_EQ(first.err.find("problem") == std::string::npos, c.status == 0) << c.name << "\n" << first.err;
    EXPECT_NE(first.err.find("Indexed 1 file into"), std::string::npos) << c.name << "\n" << first.err;
    EXPECT_NE(first.err.find("Skipped 1 file\n"), std::string::npos) << c.name << "\n" << first.err;
    // Fixed: read again, and found.
    std::ofstream(in + "/" + c.file) << "{\"id\":\"f\",\"body\":\"The ferry sailed again after the storm.\"}\n";
    const CliRun fixed = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
    EXPECT_EQ(fixed.status, 0) << c.name << "\n" << fixed.err;
    EXPECT_NE(fixed.err.find("Indexed 1 file into"), std::string::npos) << c.name << "\n" << fixed.err;
    EXPECT_NE(fixed.err.find("Unchanged since last indexed, skipped: 1 file\n"), std::string::npos) << c.name << "\n" << fixed.err;
    const CliRun found = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "ferry"}, dir.path());
    EXPECT_EQ(found.out, "1\n") << c.name << "\n" << found.err;
  }
  // An array cut short after a record (a download stopped between two): the
  // records read are indexed, and the cut is named, not passed over.
  quarry::test::TempDir dir;
  fs::create_directories(dir.path() + "/in");
  std::ofstream(dir.path() + "/in/cut.json") << "[{\"id\":\"c\",\"body\":\"The ferry sailed again.\"},\n";
  const CliRun cut = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-d", dir.path() + "/db", dir.path() + "/in"}, dir.path());
  EXPECT_EQ(cut.status, 1) << cut.err;
  EXPECT_NE(cut.err.find("cut.json:2: the JSON array is never closed"), std::string::npos) << cut.err;
  EXPECT_NE(cut.err.find("Indexed 1 file into"), std::string::npos) << cut.err;
  const CliRun found = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", dir.path() + "/db", "--count", "ferry"}, dir.path());
  EXPECT_EQ(found.out, "1\n") << found.err;
}
