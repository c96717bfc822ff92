// Issue 15: nothing lost, nothing drifted. quarry-index is killed with
// SIGKILL right after each commit it (or Xapian on its behalf) makes, then
// run again to the end; the database must then equal a clean build of the
// same files: the same documents, the same top 30 (ids and scores) for a
// table of queries, and the same passage count. XAPIAN_FLUSH_THRESHOLD is
// lowered so that small data reaches the point where Xapian would commit on
// its own (every 10,000 changes by default): the product code path is the same.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "temp_dir.h"

extern char** environ;

namespace quarry::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFlushThreshold = "XAPIAN_FLUSH_THRESHOLD=40";

const std::vector<std::string> kWords = {
    "flood",  "river",   "budget", "minister", "school", "polio",   "vaccine", "court",  "judge",
    "market", "cricket", "match",  "power",    "energy", "traffic", "bridge",  "strike", "teacher",
    "wheat",  "harvest", "export", "border",   "rain",   "drought", "hospital"};
const std::vector<std::string> kQueries = {"flood river", "budget",  "polio vaccine", "court judge",
                                           "cricket",     "energy",  "\"wheat harvest\"", "border rain",
                                           "hospital teacher", "kind:article"};

std::string body(std::mt19937& random, int paragraphs) {
  std::string out;
  for (int p = 0; p < paragraphs; ++p) {
    if (p) out += "\\n\\n";
    const int words = 30 + static_cast<int>(random() % 60);
    for (int w = 0; w < words; ++w) out += (w ? " " : "") + kWords[random() % kWords.size()];
    out += ".";
  }
  return out;
}

std::string record(const std::string& id, std::mt19937& random) {
  return R"({"id":")" + id + R"(","title":"Report )" + id + R"(","body":")" + body(random, 1 + static_cast<int>(random() % 4)) +
         "\"}\n";
}

std::uint64_t fnv1a64(const std::string& bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

// The next id "prefix-N" that quarry routes to shard of shards.
std::string id_in_shard(const std::string& prefix, unsigned shard, unsigned shards, int& n) {
  for (;; ++n) {
    const std::string id = prefix + "-" + std::to_string(n);
    if (fnv1a64(id) % shards == shard) {
      ++n;
      return id;
    }
  }
}

// Starts quarry-index with extra environment entries.
pid_t spawn_indexer(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  std::vector<std::string> all = {QUARRY_INDEX_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment(env);
  for (char** e = environ; *e; ++e) environment.emplace_back(*e);
  std::vector<char*> envp;
  for (std::string& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// What identifies one version of a file: a commit writes iamglass anew.
std::string file_version(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::to_string(st.st_size);
}

// Runs quarry-index and kills it with SIGKILL as soon as any of watched has
// changed `changes` times in all. Returns false when it ended first.
bool index_killed_after(const std::vector<std::string>& args, const std::vector<std::string>& watched,
                        int changes) {
  std::vector<std::string> seen;
  for (const std::string& w : watched) seen.push_back(file_version(w));
  const pid_t pid = spawn_indexer(args, {kFlushThreshold});
  int count = 0;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return false;
    for (std::size_t i = 0; i < watched.size(); ++i) {
      const std::string now = file_version(watched[i]);
      if (now != seen[i]) {
        seen[i] = now;
        ++count;
      }
    }
    if (count >= changes) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return true;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

CliRun index(const std::vector<std::string>& args, const std::string& scratch) {
  std::vector<std::string> all = {kFlushThreshold, QUARRY_INDEX_BIN};
  all.insert(all.end(), args.begin(), args.end());
  return run_cli("/usr/bin/env", all, scratch);
}

// The shard databases (or the one database) at db.
std::vector<std::string> databases(const std::string& db) {
  std::vector<std::string> out;
  for (int i = 0; fs::exists(db + "/shard" + std::to_string(i)); ++i) out.push_back(db + "/shard" + std::to_string(i));
  if (out.empty()) out.push_back(db);
  return out;
}

long long passage_count(const std::string& db) {
  long long total = 0;
  for (const std::string& path : databases(db))
    total += std::atoll(Xapian::Database(path).get_metadata("quarry.passages").c_str());
  return total;
}

long long stored_documents(const std::string& db) {
  long long total = 0;
  for (const std::string& path : databases(db)) total += Xapian::Database(path).get_doccount();
  return total;
}

// Everything a user could notice: per query, the top 30 documents and scores.
struct Answers {
  std::map<std::string, std::vector<std::pair<std::string, double>>> top;
  std::set<std::string> documents;
  long long passages = 0;
  long long documents_stored = 0;
};

Answers answers(const std::string& db, const std::string& scratch) {
  Answers a;
  for (const std::string& q : kQueries) {
    const CliRun r = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "--snippet-bytes", "0", "-n", "30", q}, scratch);
    EXPECT_TRUE(r.status == 0 || r.status == 1) << q << ": " << r.err;
    for (const auto& hit : json_lines(r.out)) a.top[q].emplace_back(hit["doc"].get<std::string>(), hit["score"].get<double>());
  }
  const CliRun all = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "--snippet-bytes", "0", "-n", "10000", "kind:article"}, scratch);
  for (const auto& hit : json_lines(all.out)) EXPECT_TRUE(a.documents.insert(hit["doc"].get<std::string>()).second) << hit["doc"];
  a.passages = passage_count(db);
  a.documents_stored = stored_documents(db);
  return a;
}

void expect_same(const Answers& got, const Answers& clean, const std::string& what) {
  EXPECT_EQ(got.documents.size(), clean.documents.size()) << what;
  EXPECT_TRUE(got.documents == clean.documents) << what;
  EXPECT_EQ(got.documents_stored, clean.documents_stored) << what;
  EXPECT_EQ(got.passages, clean.passages) << what << ": stored passage count";
  for (const std::string& q : kQueries) {
    const auto& g = got.top.count(q) ? got.top.at(q) : std::vector<std::pair<std::string, double>>();
    const auto& c = clean.top.count(q) ? clean.top.at(q) : std::vector<std::pair<std::string, double>>();
    ASSERT_EQ(g.size(), c.size()) << what << ", query " << q;
    for (std::size_t i = 0; i < g.size(); ++i) {
      EXPECT_EQ(g[i].first, c[i].first) << what << ", query " << q << ", rank " << i + 1;
      EXPECT_NEAR(g[i].second, c[i].second, 1e-9 * std::max(1.0, std::abs(c[i].second)))
          << what << ", query " << q << ", rank " << i + 1;
    }
  }
}

void copy_database(const std::string& from, const std::string& to) {
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
}

// Kills the run args at its first, second, ... commit (as seen in the
// watched iamglass files), each time from a copy of base (when given), runs
// it again to the end, and compares with clean.
void kill_at_every_commit(const std::string& base, const std::string& db, const std::vector<std::string>& args,
                          const std::vector<std::string>& watched, const Answers& clean, const std::string& scratch,
                          int max_points = 12) {
  int points = 0;
  for (int k = 1; k <= max_points; ++k) {
    if (base.empty()) fs::remove_all(db);
    else copy_database(base, db);
    const bool killed = index_killed_after(args, watched, k);
    if (!killed) break;
    ++points;
    const CliRun again = index(args, scratch);
    ASSERT_TRUE(again.status == 0 || again.status == 1) << "after the kill at commit " << k << ": " << again.err;
    expect_same(answers(db, scratch), clean, "killed after commit " + std::to_string(k));
    if (::testing::Test::HasFailure()) return;
  }
  std::cout << "killed and re-run at " << points << " commits\n";
  EXPECT_GE(points, 2) << "the run committed too rarely to be killed in between";
}

TEST(Issue15, ShardedKillAfterOneShardCommitted) {
  TempDir dir;
  const std::string in = dir.path() + "/in", seed = dir.path() + "/seed.jsonl";
  fs::create_directories(in);
  std::mt19937 random(15);
  {
    std::ofstream out(seed);
    for (int i = 0; i < 30; ++i) out << record("seed-" + std::to_string(i), random);
  }
  // Each file: four records routed to shard 0, one to shard 1, none to shard 2.
  int n = 0;
  for (int f = 0; f < 60; ++f) {
    std::ofstream out(in + "/file" + std::to_string(1000 + f) + ".jsonl");
    for (int r = 0; r < 4; ++r) out << record(id_in_shard("f" + std::to_string(f), 0, 3, n), random);
    out << record(id_in_shard("f" + std::to_string(f), 1, 3, n), random);
  }
  const std::string clean_db = dir.path() + "/clean", base = dir.path() + "/base", db = dir.path() + "/db";
  ASSERT_EQ(index({"-q", "--shards", "3", "-d", clean_db, seed, in}, dir.path()).status, 0);
  const Answers clean = answers(clean_db, dir.path());
  ASSERT_EQ(clean.documents.size(), 330u);
  ASSERT_EQ(index({"-q", "--shards", "3", "-d", base, seed}, dir.path()).status, 0);
  kill_at_every_commit(base, db, {"-q", "-d", db, seed, in}, {db + "/shard0/iamglass", db + "/shard1/iamglass"},
                       clean, dir.path());
}

TEST(Issue15, InPlaceKillAfterXapianCommitKeepsPassageCount) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  std::mt19937 random(2);
  auto write_file = [&](int f, const std::string& version) {
    std::ofstream out(in + "/part" + std::to_string(100 + f) + ".jsonl");
    for (int r = 0; r < 12; ++r) out << record("p" + std::to_string(f) + "-" + std::to_string(r) + version, random);
  };
  for (int f = 0; f < 30; ++f) write_file(f, "");
  const std::string base = dir.path() + "/base", db = dir.path() + "/db", clean_db = dir.path() + "/clean";
  ASSERT_EQ(index({"-q", "-d", base, in}, dir.path()).status, 0);
  for (int f = 0; f < 10; ++f) fs::remove(in + "/part" + std::to_string(100 + f) + ".jsonl");
  for (int f = 10; f < 18; ++f) write_file(f, f % 2 ? "" : "b");  // edited: new text, some new ids
  ASSERT_EQ(index({"-q", "-d", clean_db, in}, dir.path()).status, 0);
  const Answers clean = answers(clean_db, dir.path());
  kill_at_every_commit(base, db, {"-q", "-d", db, in}, {db + "/iamglass"}, clean, dir.path());
}

TEST(Issue15, KilledFirstShardedLoadRecovers) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  std::mt19937 random(3);
  for (int f = 0; f < 8; ++f) {
    std::ofstream out(in + "/load" + std::to_string(f) + ".jsonl");
    for (int r = 0; r < 60; ++r) out << record("l" + std::to_string(f) + "-" + std::to_string(r), random);
  }
  const std::string db = dir.path() + "/db", clean_db = dir.path() + "/clean";
  ASSERT_EQ(index({"-q", "--shards", "3", "-d", clean_db, in}, dir.path()).status, 0);
  const Answers clean = answers(clean_db, dir.path());
  std::vector<std::string> watched;
  for (int i = 0; i < 3; ++i) watched.push_back(db + "/shard" + std::to_string(i) + "/iamglass");
  kill_at_every_commit("", db, {"-q", "--shards", "3", "-d", db, in}, watched, clean, dir.path(), 8);
}

}  // namespace
}  // namespace quarry::test

namespace quarry::test {
namespace {

TEST(Issue15, NothingIndexedLeavesNoDatabase) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  std::ofstream(in + "/bad.jsonl") << "{\"id\":\n[1,2\nnot json\n";
  std::ofstream(in + "/empty.txt") << "\n\n";
  for (const std::vector<std::string>& shards : {std::vector<std::string>{}, {"--shards", "3"}}) {
    const std::string db = dir.path() + "/db" + std::to_string(shards.size());
    std::vector<std::string> args = {"-d", db};
    args.insert(args.end(), shards.begin(), shards.end());
    args.push_back(in);
    const CliRun r = index(args, dir.path());
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("nothing was indexed"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db)) << "exit 2 left a database at " << db;
  }
  // An existing database is not written to either.
  const std::string db = dir.path() + "/existing";
  std::ofstream(dir.path() + "/good.txt") << "Good news\n\nThe bridge reopened.\n";
  ASSERT_EQ(index({"-q", "-d", db, dir.path() + "/good.txt"}, dir.path()).status, 0);
  const std::string before = file_version(db + "/iamglass");
  EXPECT_EQ(index({"-q", "-d", db, in}, dir.path()).status, 2);
  EXPECT_EQ(file_version(db + "/iamglass"), before);
}

}  // namespace
}  // namespace quarry::test

namespace quarry::test {
namespace {

std::size_t count_lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

// Issue 15: a file of many bad lines is reported in a few lines (the first
// problems in full, then a count per kind), and the good lines are indexed.
TEST(Issue15, ManyBadLinesAreCountedNotListed) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  {
    std::ofstream out(in + "/bad.jsonl");
    out << "{\"id\":\"good-1\",\"body\":\"the ferry sailed at dawn\"}\n";
    for (int i = 0; i < 200000; ++i) out << (i % 2 ? "not json\n" : "{\"body\":\"no id\"}\n");
    out << "{\"id\":\"good-2\",\"body\":\"the ferry came back\"}\n";
  }
  std::ofstream(in + "/other.jsonl") << "oops\n";
  const CliRun r = index({"-d", dir.path() + "/db", in}, dir.path());
  EXPECT_EQ(r.status, 1) << r.err.substr(0, 2000);
  EXPECT_LT(count_lines(r.err), 30u) << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("bad.jsonl:2: record has no \"id\""), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("bad.jsonl:3: not valid JSON"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("bad.jsonl: 99995 more like this, the first at line 13: not valid JSON"), std::string::npos)
      << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("bad.jsonl: 99995 more like this, the first at line 12: record has no \"id\""), std::string::npos)
      << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("other.jsonl:1: not valid JSON"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("200001 problems reported above"), std::string::npos) << r.err.substr(0, 2000);
  const CliRun found = run_cli(QUARRY_SEARCH_BIN, {"-d", dir.path() + "/db", "--format", "json", "ferry"}, dir.path());
  EXPECT_EQ(json_lines(found.out).size(), 2u);
}

// Issue 15 (item 9): a file of nothing but blank lines is named, and read
// without making a line of each.
TEST(Issue15, BlankLinesOnlyFileIsNamed) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  std::ofstream(in + "/blank.jsonl") << std::string(3000000, '\n') << "  \n\t\n";
  std::ofstream(in + "/good.jsonl") << "\n\n{\"id\":\"g\",\"body\":\"harbour lights\"}\n\n";
  const CliRun r = index({"-d", dir.path() + "/db", in}, dir.path());
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("blank.jsonl: no records: the file is empty or holds only blank lines (3000002 lines)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("good.jsonl"), std::string::npos) << r.err;
  EXPECT_EQ(json_lines(run_cli(QUARRY_SEARCH_BIN, {"-d", dir.path() + "/db", "--format", "json", "harbour"}, dir.path()).out).size(), 1u);
}

}  // namespace
}  // namespace quarry::test
