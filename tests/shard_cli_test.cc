// Sharded and remote search end to end, through quarry-index and
// quarry-search as a user runs them: one collection indexed once whole and
// once in three shards, the shards searched locally and through three
// xapian-tcpsrv servers on 127.0.0.1. Sharding must not change a ranking.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "shard_server.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::ShardServer;

constexpr unsigned kShards = 3;

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The shard a document belongs in, computed here from the documented rule
// (FNV-1a, 64 bit, of the id, modulo the shard count), not by Quarry's code.
unsigned expected_shard(const std::string& id) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : id) hash = (hash ^ c) * 1099511628211ULL;
  return static_cast<unsigned>(hash % kShards);
}

// Deterministic news-like records: topics with their own words, so that
// queries match some documents strongly, some weakly and most not at all.
void write_generated_records(const std::string& path, int count) {
  const std::vector<std::vector<std::string>> topics = {
      {"water", "supply", "shortage", "pipeline", "tanker", "reservoir", "karachi", "board"},
      {"flood", "rain", "river", "relief", "evacuation", "monsoon", "damage", "village"},
      {"budget", "tax", "deficit", "revenue", "finance", "minister", "imf", "spending"},
      {"election", "vote", "party", "candidate", "commission", "poll", "campaign", "seat"},
      {"cricket", "match", "wicket", "team", "captain", "series", "innings", "stadium"},
      {"court", "judge", "petition", "hearing", "bench", "verdict", "lawyer", "appeal"}};
  const std::vector<std::string> common = {
      "the", "government", "said", "on", "monday", "officials", "city", "people", "new", "week",
      "province", "report", "according", "also", "after", "year", "plan", "local", "police", "public"};
  std::uint64_t state = 88172645463325252ULL;
  auto next = [&state](std::uint64_t bound) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<std::size_t>(state % bound);
  };
  std::ofstream out(path);
  for (int i = 0; i < count; ++i) {
    const auto& topic = topics[next(topics.size())];
    std::string body;
    const std::size_t paragraphs = 1 + next(4);
    for (std::size_t p = 0; p < paragraphs; ++p) {
      if (p) body += "\n\n";
      const std::size_t words = 15 + next(50);
      for (std::size_t w = 0; w < words; ++w) {
        if (w) body += ' ';
        // Topic words are skewed towards the first ones, as real vocabularies are.
        body += next(10) < 4 ? common[next(common.size())] : topic[next(1 + next(topic.size()))];
      }
      body += '.';
    }
    const bool editorial = next(4) == 0;
    char date[16];
    std::snprintf(date, sizeof date, "2025-%02zu-%02zu", 1 + next(9), 1 + next(28));
    out << json{{"id", "gen-" + std::to_string(i)},
                {"title", topic[next(topic.size())] + " " + topic[next(topic.size())] + " " + common[next(5)]},
                {"date", date},
                {"section", editorial ? "Editorial" : "Pakistan"},
                {"body", body}}
               .dump()
        << "\n";
  }
}

class ShardCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string pattern = (fs::temp_directory_path() / "quarry-shards-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    const std::string records = dir_ + "/generated.jsonl";
    write_generated_records(records, 90);
    // The same inputs, whole and in shards; indexed in one run each.
    const CliRun single = run(QUARRY_INDEX_BIN, {"-d", single_db(), "-q", QUARRY_CORPUS_DIR, records});
    ASSERT_EQ(single.status, 0) << single.err;
    const CliRun sharded = run(QUARRY_INDEX_BIN, {"--shards", std::to_string(kShards), "-d", sharded_db(), "-q",
                                                  QUARRY_CORPUS_DIR, records});
    ASSERT_EQ(sharded.status, 0) << sharded.err;
    for (unsigned i = 0; i < kShards; ++i)
      servers_.push_back(std::make_unique<ShardServer>(shard_path(i)));
  }
  static void TearDownTestSuite() {
    servers_.clear();  // stops them
    fs::remove_all(dir_);
  }

  static std::string single_db() { return dir_ + "/single"; }
  static std::string sharded_db() { return dir_ + "/sharded"; }
  static std::string shard_path(unsigned i) { return sharded_db() + "/shard" + std::to_string(i); }
  static std::vector<std::string> remote_locations() {
    std::vector<std::string> args;
    for (const auto& server : servers_) args.insert(args.end(), {"-d", server->location()});
    return args;
  }

  static CliRun run(const std::string& program, const std::vector<std::string>& args) {
    std::string command = quote(program);
    for (const std::string& arg : args) command += " " + quote(arg);
    const std::string out_file = dir_ + "/out", err_file = dir_ + "/err";
    command += " >" + quote(out_file) + " 2>" + quote(err_file) + " </dev/null";
    CliRun result;
    const int raw = std::system(command.c_str());
    result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    result.out = slurp(out_file);
    result.err = slurp(err_file);
    return result;
  }

  static CliRun search(std::vector<std::string> locations, const std::vector<std::string>& args) {
    locations.insert(locations.end(), {"--format", "json", "--explain"});
    locations.insert(locations.end(), args.begin(), args.end());
    return run(QUARRY_SEARCH_BIN, locations);
  }

  static std::vector<json> json_hits(const CliRun& r) {
    std::vector<json> hits;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) hits.push_back(json::parse(line));
    return hits;
  }

  static std::string dir_;
  static std::vector<std::unique_ptr<ShardServer>> servers_;
};

std::string ShardCli::dir_;
std::vector<std::unique_ptr<ShardServer>> ShardCli::servers_;

bool close_enough(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max(std::fabs(a), std::fabs(b)); }

// Everything that makes a hit what it is, scores to 1e-9 relative.
void expect_same_hits(const std::vector<json>& expected, const std::vector<json>& actual, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const json& e = expected[i];
    const json& a = actual[i];
    SCOPED_TRACE(what + ", hit " + std::to_string(i + 1));
    EXPECT_EQ(a["doc"], e["doc"]);
    EXPECT_EQ(a["passage"], e["passage"]);
    EXPECT_EQ(a["snippet"], e["snippet"]);
    EXPECT_EQ(a["highlights"], e["highlights"]);
    EXPECT_PRED2(close_enough, a["score"].get<double>(), e["score"].get<double>());
    for (const char* part : {"document_bm25", "best_passage_bm25", "this_passage_bm25", "proximity"})
      EXPECT_PRED2(close_enough, a["explain"][part].get<double>(), e["explain"][part].get<double>()) << part;
    EXPECT_EQ(a["explain"]["feedback_terms"], e["explain"]["feedback_terms"]);
  }
}

struct QueryCase {
  const char* name;
  std::vector<std::string> args;  // options and query
};

// Each feature of the query language and of hit selection that reads
// collection statistics or cuts a ranked list.
const std::vector<QueryCase> kQueries = {
    {"one word", {"water"}},
    {"several words", {"flood relief village"}},
    {"phrase", {"\"water supply\""}},
    {"phrase from the news page", {"\"night vision goggles\""}},
    {"section filter with words", {"tax revenue section:editorial"}},
    {"kind filter with a word", {"pakistan kind:editorial"}},
    {"filter alone: every score ties", {"kind:editorial"}},
    {"NOT", {"court NOT appeal"}},
    {"minus", {"cricket -captain"}},
    {"NEAR", {"budget NEAR/3 deficit"}},
    {"title", {"title:election"}},
    {"date range", {"date:2025-03..2025-06 rain"}},
    {"two passages per document", {"--passages-per-doc", "2", "water shortage tanker"}},
    {"paging", {"--offset", "7", "-n", "10", "minister"}},
    {"long question: feedback terms", {"what did the government say about the water shortage"}},
    {"date order", {"--sort", "date", "judge verdict"}},
    {"stop words and the corpus page", {"the polio campaign in pakistan"}},
    // Xapian's expand set over shards scaled each shard's term frequencies
    // up to the whole: the corpus editorial found nothing like it (QaApi).
    {"more like a document", {"--like", "editorial-b6a1ea9bf9dd0780"}},
    {"more like a generated document", {"--like", "gen-7"}},
};

TEST_F(ShardCli, ShardedSearchRanksExactlyAsOneDatabase) {
  std::set<unsigned> shards_seen;
  for (const QueryCase& c : kQueries) {
    const CliRun whole = search({"-d", single_db()}, c.args);
    ASSERT_EQ(whole.status, 0) << c.name << ": " << whole.err;
    const std::vector<json> expected = json_hits(whole);
    ASSERT_FALSE(expected.empty()) << c.name;
    for (const json& hit : expected) shards_seen.insert(expected_shard(hit["doc"]));

    const CliRun local = search({"-d", sharded_db()}, c.args);
    ASSERT_EQ(local.status, 0) << c.name << ": " << local.err;
    expect_same_hits(expected, json_hits(local), std::string(c.name) + " (local shards)");

    const CliRun remote = search(remote_locations(), c.args);
    ASSERT_EQ(remote.status, 0) << c.name << ": " << remote.err;
    expect_same_hits(expected, json_hits(remote), std::string(c.name) + " (remote shards)");
  }
  // Otherwise the comparison would prove nothing about merging.
  EXPECT_EQ(shards_seen.size(), kShards);
}

TEST_F(ShardCli, EachDocumentLivesInTheShardItsIdHashesTo) {
  const std::vector<std::string> all = {"-n", "1000", "--snippet-bytes", "0", "kind:article OR kind:editorial"};
  const CliRun whole = search({"-d", single_db()}, all);
  ASSERT_EQ(whole.status, 0) << whole.err;
  std::size_t in_shards = 0;
  for (unsigned i = 0; i < kShards; ++i) {
    const CliRun shard = search({"-d", shard_path(i)}, all);
    ASSERT_EQ(shard.status, 0) << shard.err;
    for (const json& hit : json_hits(shard)) {
      EXPECT_EQ(expected_shard(hit["doc"]), i) << hit["doc"];
      ++in_shards;
    }
  }
  EXPECT_EQ(in_shards, json_hits(whole).size());
  EXPECT_GE(in_shards, 90u);
}

TEST_F(ShardCli, StubListsTheShardsInXapiansFormat) {
  std::istringstream stub(slurp(sharded_db() + "/XAPIANDB"));
  std::vector<std::string> entries;
  for (std::string line; std::getline(stub, line);)
    if (!line.empty() && line[0] != '#') entries.push_back(line);
  EXPECT_EQ(entries, (std::vector<std::string>{"auto shard0", "auto shard1", "auto shard2"}));
}

// One location per way of naming the same shards: they must all be the same search.
TEST_F(ShardCli, LocationsCombine) {
  const std::string stub = dir_ + "/mixed.stub";
  std::ofstream(stub) << "# two shards on disk, one remote\nauto sharded/shard0\nglass " << shard_path(1) << "\nremote "
                      << servers_[2]->location().substr(6) << "\n";
  const std::vector<std::string> query = {"water supply"};
  const std::vector<json> expected = json_hits(search({"-d", single_db()}, query));
  ASSERT_FALSE(expected.empty());
  const std::vector<std::vector<std::string>> ways = {
      {"-d", stub},
      {"-d", shard_path(0), "-d", shard_path(1), "-d", shard_path(2)},
      {"-d", shard_path(0), "-d", servers_[1]->location(), "-d", shard_path(2)},
  };
  for (const auto& way : ways) {
    const CliRun r = search(way, query);
    ASSERT_EQ(r.status, 0) << way[1] << ": " << r.err;
    expect_same_hits(expected, json_hits(r), way[1]);
  }
}

TEST_F(ShardCli, AShardThatIsDownIsNamedAndFailsTheSearch) {
  const std::string down = "tcp://127.0.0.1:" + std::to_string(ShardServer::free_port());
  std::vector<std::string> locations = {"-d", servers_[0]->location(), "-d", servers_[1]->location(), "-d", down};
  const CliRun r = search(locations, {"water"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find(down), std::string::npos) << r.err;
  for (const char* leak : {"Xapian", "NetworkError", "context:"})
    EXPECT_EQ(r.err.find(leak), std::string::npos) << r.err;
}

// `xapian-tcpsrv /srv/news.db` (the sharded database's folder, or its shard
// folders listed together) serves every shard as one database, whose metadata
// is its first shard's: Quarry summed one shard's passage count and scored
// every hit differently from the same documents searched any other way,
// without a word. Such a server is refused, with what to do instead.
TEST_F(ShardCli, AServerOfSeveralShardsAsOneIsRefused) {
  ShardServer whole(sharded_db());
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"water"}, std::vector<std::string>{"--allow-partial", "water"}}) {
    const CliRun r = search({"-d", whole.location()}, args);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find(whole.location()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("serve each shard with its own xapian-tcpsrv"), std::string::npos) << r.err;
  }
}

// A shard named by its folder and by the server that serves it (or a copy
// of its folder) is one database: its documents were counted twice.
TEST_F(ShardCli, OneDatabaseUnderTwoNamesIsRefused) {
  const std::string copy = dir_ + "/copy-of-shard1";
  fs::copy(shard_path(1), copy, fs::copy_options::recursive);
  for (const auto& [name, twice] : std::vector<std::pair<std::string, std::string>>{
           {shard_path(0), servers_[0]->location()}, {shard_path(1), copy}}) {
    const CliRun r = search({"-d", name, "-d", twice, "--count"}, {"kind:article OR kind:editorial"});
    EXPECT_EQ(r.status, 2) << twice << ": " << r.out;
    EXPECT_NE(r.err.find("are one database"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(twice), std::string::npos) << r.err;
  }
}

TEST_F(ShardCli, AllowPartialSearchesTheShardsThatAnswerAndSaysSo) {
  const std::string down = "tcp://127.0.0.1:" + std::to_string(ShardServer::free_port());
  const std::vector<std::string> up = {"-d", servers_[0]->location(), "-d", servers_[1]->location()};
  std::vector<std::string> with_down = up;
  with_down.insert(with_down.end(), {"-d", down, "--allow-partial"});
  const CliRun partial = search(with_down, {"water"});
  ASSERT_EQ(partial.status, 0) << partial.err;
  EXPECT_NE(partial.err.find("warning"), std::string::npos) << partial.err;
  EXPECT_NE(partial.err.find(down), std::string::npos) << partial.err;
  std::vector<json> hits = json_hits(partial);
  ASSERT_FALSE(hits.empty());
  for (json& hit : hits) {
    EXPECT_EQ(hit.value("partial", false), true);
    hit.erase("partial");
  }
  // What the shards that answered hold, ranked by their own statistics.
  const CliRun two = search(up, {"water"});
  ASSERT_EQ(two.status, 0) << two.err;
  expect_same_hits(json_hits(two), hits, "partial");
}

TEST_F(ShardCli, IndexerKeepsTheShardCountAndRefusesAnother) {
  const std::string db = dir_ + "/reindexed";
  const std::string first = dir_ + "/first.jsonl", second = dir_ + "/second.jsonl";
  std::ofstream(first) << R"({"id":"r1","title":"Old","body":"an old text about apples"})" << "\n"
                       << R"({"id":"r2","title":"Other","body":"a text about pears"})" << "\n";
  std::ofstream(second) << R"({"id":"r1","title":"New","body":"a new text about plums"})" << "\n";
  ASSERT_EQ(run(QUARRY_INDEX_BIN, {"--shards", "3", "-d", db, "-q", first}).status, 0);

  struct Case {
    std::vector<std::string> args;
    int status;
    const char* message;  // expected in stderr; empty when it succeeds
  };
  const std::vector<Case> cases = {
      {{"--shards", "2", "-d", db, second}, 2, "has 3 shards, not 2"},
      {{"-d", db + "/shard" + std::to_string(expected_shard("r1")), second}, 2, "is a shard"},
      {{"--shards", "3", "-d", single_db(), second}, 2, "is not sharded"},
      {{"-d", db, "-q", second}, 0, ""},  // no --shards: the database's own three
  };
  for (const Case& c : cases) {
    const CliRun r = run(QUARRY_INDEX_BIN, c.args);
    EXPECT_EQ(r.status, c.status) << c.args[1] << ": " << r.err;
    if (*c.message) {
      EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    }
  }
  // The new r1 replaced the old one in its shard: once, with its new text.
  const std::vector<json> plums = json_hits(search({"-d", db}, {"plums"}));
  ASSERT_EQ(plums.size(), 1u);
  EXPECT_EQ(plums[0]["doc"], "r1");
  EXPECT_TRUE(json_hits(search({"-d", db}, {"apples"})).empty());
  EXPECT_EQ(json_hits(search({"-d", db}, {"text"})).size(), 2u);
}

// A run that stopped before its first commit leaves shards without a stub:
// neither tool may take that for a database.
TEST_F(ShardCli, ShardsWithoutAStubAreNotADatabase) {
  const std::string half = dir_ + "/half";
  fs::create_directories(half);
  fs::copy(shard_path(0), half + "/shard0", fs::copy_options::recursive);
  const CliRun searched = search({"-d", half}, {"water"});
  EXPECT_EQ(searched.status, 2);
  const CliRun indexed = run(QUARRY_INDEX_BIN, {"-d", half, dir_ + "/generated.jsonl"});
  EXPECT_EQ(indexed.status, 2);
  EXPECT_NE(indexed.err.find("no XAPIANDB"), std::string::npos) << indexed.err;
}

}  // namespace
