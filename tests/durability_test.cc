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

namespace quarry::test {
namespace {

bool has_raw_controls(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
    if (text.compare(i, 3, "\xE2\x80\xAE") == 0 || text.compare(i, 3, "\xE2\x81\xA6") == 0) return true;
  }
  return false;
}

// Issue 15: a file name, a query or a document that holds terminal control
// sequences or bidirectional overrides reaches no terminal raw.
TEST(Issue15, ControlSequencesAreNeutralisedInMessages) {
  TempDir dir;
  const std::string in = dir.path() + "/in";
  fs::create_directories(in);
  std::ofstream(in + "/a\x1b[2Jb.txt") << "\n";  // empty: named in a message
  std::ofstream(in + "/evil\xE2\x80\xAEtxt.jsonl") << "not json\n";
  std::ofstream(in + "/good.jsonl")
      << "{\"id\":\"g\",\"title\":\"Harbour \xE2\x80\xAE" "gnp.exe \\u001b[31mred\",\"body\":\"harbour lights \xE2\x81\xA6" "at night\"}\n";
  const std::string db = dir.path() + "/db";
  const CliRun indexed = index({"-d", db, in}, dir.path());
  EXPECT_EQ(indexed.status, 1) << indexed.err;
  EXPECT_FALSE(has_raw_controls(indexed.err)) << indexed.err;
  EXPECT_NE(indexed.err.find("a\\x1b[2Jb.txt"), std::string::npos) << indexed.err;
  EXPECT_NE(indexed.err.find("evil\\u202etxt.jsonl:1"), std::string::npos) << indexed.err;

  const CliRun text = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--color", "never", "harbour"}, dir.path());
  EXPECT_EQ(text.status, 0) << text.err;
  EXPECT_FALSE(has_raw_controls(text.out)) << text.out;
  EXPECT_NE(text.out.find("gnp.exe"), std::string::npos) << text.out;

  std::ofstream(dir.path() + "/q.tsv") << "q\x1b]0;title\x07\tharbour \xE2\x80\xAE lights\n";
  const CliRun batch = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--queries", dir.path() + "/q.tsv"}, dir.path());
  EXPECT_FALSE(has_raw_controls(batch.out)) << batch.out;
  EXPECT_FALSE(has_raw_controls(batch.err)) << batch.err;

  const CliRun missing = run_cli(QUARRY_SEARCH_BIN, {"-d", dir.path() + "/no\x1b[2Jdb", "harbour"}, dir.path());
  EXPECT_EQ(missing.status, 2);
  EXPECT_FALSE(has_raw_controls(missing.err)) << missing.err;
  EXPECT_NE(missing.err.find("no\\x1b[2Jdb"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace quarry::test

namespace quarry::test {
namespace {

// Runs program as an unprivileged user when the tests run as root (CI
// does), so that file permissions apply.
CliRun run_unprivileged(const std::string& program, const std::vector<std::string>& args, const std::string& scratch) {
  if (geteuid() != 0) return run_cli(program, args, scratch);
  std::vector<std::string> all = {"--reuid=65534", "--regid=65534", "--clear-groups", program};
  all.insert(all.end(), args.begin(), args.end());
  return run_cli("/usr/bin/setpriv", all, scratch);
}

// Issue 15: a database that cannot be read says "permission denied", not
// "create one"; an unreadable folder and a FIFO among the inputs are named.
TEST(Issue15, PermissionDeniedAndSpecialFilesAreNamed) {
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::all);
  const std::string db = dir.path() + "/db", in = dir.path() + "/in";
  fs::create_directories(in + "/locked");
  std::ofstream(in + "/good.txt") << "Good news\n\nThe harbour reopened.\n";
  std::ofstream(in + "/locked/hidden.txt") << "Locked\n\nNobody reads this harbour.\n";
  ASSERT_EQ(mkfifo((in + "/pipe.txt").c_str(), 0666), 0);
  ASSERT_EQ(index({"-q", "-d", db, in + "/good.txt"}, dir.path()).status, 0);

  fs::permissions(db, fs::perms::none);
  const CliRun search = run_unprivileged(QUARRY_SEARCH_BIN, {"-d", db, "harbour"}, dir.path());
  fs::permissions(db, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                          fs::perms::others_exec);
  EXPECT_EQ(search.status, 2) << search.err;
  EXPECT_NE(search.err.find("permission denied"), std::string::npos) << search.err;
  EXPECT_EQ(search.err.find("create one"), std::string::npos) << search.err;

  const std::string writable = dir.path() + "/out";
  fs::create_directories(writable);
  fs::permissions(writable, fs::perms::all);
  fs::permissions(in + "/locked", fs::perms::none);
  const CliRun indexed = run_unprivileged(QUARRY_INDEX_BIN, {"-d", writable + "/db", in}, dir.path());
  fs::permissions(in + "/locked", fs::perms::owner_all);
  EXPECT_EQ(indexed.status, 1) << indexed.err;
  EXPECT_NE(indexed.err.find("locked: folder cannot be read (Permission denied)"), std::string::npos) << indexed.err;
  EXPECT_NE(indexed.err.find("pipe.txt: a named pipe (FIFO)"), std::string::npos) << indexed.err;
  EXPECT_EQ(json_lines(run_cli(QUARRY_SEARCH_BIN, {"-d", writable + "/db", "--format", "json", "harbour"}, dir.path()).out).size(), 1u);
}

// Found by re-indexing a folder whose subfolder had lost its permissions for
// a while (qa-input): its files counted as gone and their documents were
// removed. A file is gone when the system says it does not exist, not when
// it cannot tell.
TEST(QaInput, UnreadableFolderKeepsItsDocuments) {
  struct Case {
    const char* name;
    fs::perms locked;  // the subfolder's permissions during the second run
  };
  const Case cases[] = {{"no permission at all", fs::perms::none},
                        {"listable, not searchable", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read}};
  for (const Case& c : cases) {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);
    const std::string db = dir.path() + "/db", in = dir.path() + "/in";
    fs::create_directories(in + "/sub");
    fs::permissions(in, fs::perms::all);
    std::ofstream(in + "/open.txt") << "Open\n\nThe lynx hunted at dusk.\n";
    std::ofstream(in + "/sub/kept.txt") << "Kept\n\nThe ibex climbed the ridge.\n";
    ASSERT_EQ(run_unprivileged(QUARRY_INDEX_BIN, {"-q", "-d", db, in}, dir.path()).status, 0) << c.name;
    fs::permissions(in + "/sub", c.locked);
    const CliRun again = run_unprivileged(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
    fs::permissions(in + "/sub", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
    EXPECT_EQ(again.status, 1) << c.name << ": " << again.err;
    EXPECT_NE(again.err.find("sub: folder cannot be read (Permission denied)"), std::string::npos) << c.name << ": " << again.err;
    EXPECT_EQ(again.err.find("Gone from indexed folders"), std::string::npos) << c.name << ": " << again.err;
    EXPECT_EQ(json_lines(run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "ibex"}, dir.path()).out).size(), 1u)
        << c.name;
    // Readable again: unchanged, nothing to do.
    const CliRun third = run_cli(QUARRY_INDEX_BIN, {"-d", db, in}, dir.path());
    EXPECT_EQ(third.status, 0) << c.name << ": " << third.err;
    EXPECT_NE(third.err.find("Unchanged since last indexed, skipped: 2 files"), std::string::npos) << c.name << ": " << third.err;
  }
}

}  // namespace
}  // namespace quarry::test

namespace quarry::test {
namespace {

// A small tmpfs for the length of a test (needs root, as CI runs).
class SmallDisk {
 public:
  SmallDisk(const std::string& path, const char* size) : path_(path) {
    fs::create_directories(path);
    mounted_ = geteuid() == 0 &&
               std::system(("mount -t tmpfs -o size=" + std::string(size) + " tmpfs " + shell_quote(path)).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) std::system(("umount " + shell_quote(path_)).c_str());
  }
  bool mounted() const { return mounted_; }
  std::uintmax_t used() const {
    const fs::space_info space = fs::space(path_);
    return space.capacity - space.free;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

void write_many_records(const std::string& path, const std::string& prefix, int count) {
  std::mt19937 random(7);
  std::ofstream out(path);
  for (int i = 0; i < count; ++i) out << record(prefix + std::to_string(i), random);
}

// Leaves free_kb of the disk at path free, with a filler file.
void fill_disk(const std::string& path, std::uintmax_t free_kb) {
  const fs::space_info space = fs::space(path);
  const std::uintmax_t fill = space.available > free_kb * 1024 ? space.available - free_kb * 1024 : 0;
  std::ofstream out(path + "/filler", std::ios::binary);
  const std::string block(4096, 'x');
  for (std::uintmax_t written = 0; written + block.size() <= fill; written += block.size()) out << block;
}

// Issue 15: a full disk is named as such, the last commit stays intact and
// searchable, and the space of the failed attempt is given back, wherever
// the disk fills: in an update in place or a new bulk load, while documents
// are written, during the commit (where Xapian 1.4 merges values in a
// destructor, so that a failed write there used to be std::terminate), or
// while the segments of a bulk load are merged. A bulk load that fails
// leaves no database behind.
TEST(Issue15, DiskFullIsNamedAndTheLastCommitKept) {
  TempDir dir;
  SmallDisk disk(dir.path() + "/disk", "3m");
  if (!disk.mounted()) GTEST_SKIP() << "SKIPPED LOUDLY: mounting a small tmpfs needs root; the disk-full test did not run";
#if defined(__SANITIZE_ADDRESS__)
  // Under AddressSanitizer commits run in the indexer's own process (see
  // indexer/child_process.h), where Xapian's full disk is std::terminate.
  GTEST_SKIP() << "SKIPPED LOUDLY: under AddressSanitizer commits run in process; the disk-full test runs in the normal build";
#endif
  const std::string small = dir.path() + "/small.jsonl", big = dir.path() + "/big.jsonl",
                    mid = dir.path() + "/mid.jsonl", bulk_segments = dir.path() + "/bulk_segments.jsonl";
  write_many_records(small, "s", 50);
  write_many_records(bulk_segments, "t", 300);
  write_many_records(mid, "m", 800);
  write_many_records(big, "b", 6000);
  const std::string db = dir.path() + "/disk/db";
  struct Case {
    bool in_place;
    std::string input;
    std::size_t records;
    std::uintmax_t free_kb;  // 0: the whole disk
  };
  std::vector<Case> cases = {{true, big, 6000, 0}, {false, big, 6000, 0}};
  // The 800-record update needs about 1.8 MB; the 300-record bulk load about
  // 0.5 MB for its (two) segments, then as much again for the merge: these
  // leave the disk full at every stage of both.
  for (std::uintmax_t kb : {1800, 1600, 1400, 1200, 1000, 600, 200}) cases.push_back({true, mid, 800, kb});
  for (std::uintmax_t kb : {1000, 800, 600, 400, 200}) cases.push_back({false, bulk_segments, 300, kb});
  std::size_t failed = 0;
  for (const Case& c : cases) {
    const std::string what = std::string(c.in_place ? "in place" : "bulk load") + ", " +
                             fs::path(c.input).filename().string() + ", " + std::to_string(c.free_kb) + " KB free";
    SCOPED_TRACE(what);
    fs::remove_all(db);
    fs::remove(dir.path() + "/disk/filler");
    if (c.in_place) {
      ASSERT_EQ(index({"-q", "-d", db, small}, dir.path()).status, 0);
    }
    if (c.free_kb) fill_disk(dir.path() + "/disk", c.free_kb);
    const std::uintmax_t before = disk.used();
    const CliRun full = run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, c.input}, dir.path());  // one commit, at the end
    if (full.status == 0) {
      // It fitted: then it is all there.
      const CliRun search = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "-n", "0", "kind:article"}, dir.path());
      EXPECT_EQ(std::atol(search.out.c_str()), static_cast<long>(c.records + (c.in_place ? 50 : 0))) << search.err;
      continue;
    }
    ++failed;
    EXPECT_EQ(full.status, 2) << full.err;
    EXPECT_NE(full.err.find("no space left on device"), std::string::npos) << full.err;
    EXPECT_NE(full.err.find(db), std::string::npos) << full.err;
    EXPECT_EQ(full.err.find("terminate"), std::string::npos) << full.err;
    EXPECT_EQ(full.err.find("Xapian"), std::string::npos) << full.err;
    // The space of the failed attempt is back (Xapian may keep a few blocks).
    EXPECT_LT(disk.used(), before + 256 * 1024) << "bytes in use: " << before << " before, " << disk.used() << " after";
    if (c.in_place) {
      const CliRun search = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--format", "json", "-n", "1000", "kind:article"}, dir.path());
      EXPECT_EQ(search.status, 0) << search.err;
      EXPECT_EQ(json_lines(search.out).size(), 50u);
    } else {
      std::error_code ec;
      EXPECT_FALSE(fs::exists(db, ec)) << "a failed first bulk load left a database behind";
      EXPECT_FALSE(fs::exists(db + ".segments", ec) || fs::exists(db + ".new", ec)) << "half-made files left behind";
    }
  }
  EXPECT_GE(failed + 3, cases.size()) << "the disk was too rarely full: the test tests little";
}

struct ReadOnlyCase {
  std::string name;
  std::vector<std::string> args;  // quarry-index's
  int status;
  std::string err;        // stderr, whole
  std::string out_holds;  // a line stdout must hold ("" for none)
};

// Found by qa-input: on a file system mounted read-only, an update said
// "locked by another indexer; wait for it to finish" (Xapian cannot make its
// lock file, and says only that it could not lock), and --check called a
// healthy database damaged (Xapian's check opens every table for writing).
TEST(QaInput3, ADatabaseOnAReadOnlyFileSystemIsNamedSoNeitherLockedNorDamaged) {
  TempDir dir;
  SmallDisk disk(dir.path() + "/disk", "8m");
  if (!disk.mounted()) GTEST_SKIP() << "SKIPPED LOUDLY: mounting a small tmpfs needs root; the read-only test did not run";
  const std::string small = dir.path() + "/small.jsonl", more = dir.path() + "/more.jsonl";
  write_many_records(small, "s", 20);
  write_many_records(more, "m", 5);
  const std::string db = dir.path() + "/disk/db", fresh = dir.path() + "/disk/fresh";
  ASSERT_EQ(index({"-q", "-d", db, small}, dir.path()).status, 0);
  ASSERT_EQ(std::system(("mount -o remount,ro " + shell_quote(dir.path() + "/disk")).c_str()), 0);
  const std::vector<ReadOnlyCase> cases = {
      {"update", {"-d", db, more}, 2, "quarry-index: database '" + db + "' is on a read-only file system\n", ""},
      {"new database", {"-d", fresh, more}, 2, "quarry-index: database '" + fresh + "' is on a read-only file system\n", ""},
      {"check", {"--check", "-d", db}, 0, "",
       "note     " + db + ": Xapian's check of the tables cannot run on a read-only file system (it opens them for "
       "writing); Quarry's own checks follow\n"},
  };
  for (const ReadOnlyCase& c : cases) {
    const CliRun run = run_cli(QUARRY_INDEX_BIN, c.args, dir.path());
    EXPECT_EQ(run.status, c.status) << c.name << "\n" << run.out << run.err;
    EXPECT_EQ(run.err, c.err) << c.name;
    EXPECT_EQ(run.out.find("DAMAGED"), std::string::npos) << c.name << "\n" << run.out;
    if (!c.out_holds.empty()) {
      EXPECT_NE(run.out.find(c.out_holds), std::string::npos) << c.name << "\n" << run.out;
    }
  }
  // Nothing was lost: the database answers as before.
  const CliRun count = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "kind:article"}, dir.path());
  EXPECT_EQ(count.out, "20\n") << count.err;
  EXPECT_FALSE(fs::exists(fresh));
  std::system(("mount -o remount,rw " + shell_quote(dir.path() + "/disk")).c_str());
}

// A bulk load of more segments than the open-file limit lets the merge open
// at once (a hard limit of 64 files here; a soft limit of 1,024 used to stop
// a load of about 140,000 documents) merges them in rounds: every document
// is there and the database checks clean.
TEST(Issue15, BulkLoadOfMoreSegmentsThanOpenFilesMerges) {
  TempDir dir;
  const std::string input = dir.path() + "/many.jsonl", db = dir.path() + "/db";
  constexpr int kRecords = 8000;
  write_many_records(input, "f", kRecords);
  const CliRun load = run_cli("sh", {"-c", "ulimit -n 64 && exec \"$0\" -q -d \"$1\" \"$2\"", QUARRY_INDEX_BIN, db, input},
                              dir.path(), 600);
  ASSERT_EQ(load.status, 0) << load.err;
  EXPECT_EQ(load.err.find("damaged"), std::string::npos) << load.err;
  const CliRun count = run_cli(QUARRY_SEARCH_BIN, {"-d", db, "--count", "kind:article"}, dir.path());
  EXPECT_EQ(count.status, 0) << count.err;
  EXPECT_EQ(std::atol(count.out.c_str()), kRecords) << count.out << count.err;
  const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
}

}  // namespace
}  // namespace quarry::test
