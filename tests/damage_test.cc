// Issue 15, item 11: a damaged database is named as damaged by both tools
// (never Xapian's text, never exit 0 with a silently smaller answer),
// quarry-index never writes into it, and quarry-index --check runs Xapian's
// own check and Quarry's invariants. Each case damages a copy of one small
// database the way a disk or a careless hand would.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>

#include "cli_runner.h"
#include "temp_dir.h"

namespace quarry::test {
namespace {

namespace fs = std::filesystem;

// As common/schema.h has them (the stored form is what is under test).
constexpr const char* kPassageCountKey = "quarry.passages";
constexpr Xapian::valueno kRecordSlot = 3;

const std::vector<std::string> kWords = {"flood", "river", "budget", "minister", "school", "polio",
                                         "vaccine", "court", "judge", "cricket", "wheat", "harvest"};

// Four files of 50 records: "f<file>-<n>".
void write_input(const std::string& folder) {
  fs::create_directories(folder);
  std::mt19937 random(11);
  for (int f = 0; f < 4; ++f) {
    std::ofstream out(folder + "/f" + std::to_string(f) + ".jsonl");
    for (int i = 0; i < 50; ++i) {
      std::string body;
      for (int w = 0; w < 120; ++w) body += (w ? " " : "") + kWords[random() % kWords.size()];
      out << R"({"id":"f)" << f << "-" << i << R"(","title":"Report )" << i << R"(","body":")" << body << "\"}\n";
    }
  }
}

// XORs length bytes at offset of file (0xff: every bit flipped).
void flip(const std::string& file, std::uintmax_t offset, std::size_t length) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes(length, '\0');
  io.seekg(static_cast<std::streamoff>(offset));
  io.read(bytes.data(), static_cast<std::streamsize>(length));
  for (char& c : bytes) c = static_cast<char>(c ^ 0xff);
  io.seekp(static_cast<std::streamoff>(offset));
  io.write(bytes.data(), static_cast<std::streamsize>(length));
}

// Every table file's bytes: what "not written" means.
std::map<std::string, std::string> table_bytes(const std::string& db) {
  std::map<std::string, std::string> bytes;
  for (const fs::directory_entry& entry : fs::directory_iterator(db)) bytes[entry.path().filename()] = slurp(entry.path());
  return bytes;
}

struct DamageCase {
  std::string name;
  std::function<void(const std::string& db)> damage;
  std::string named;  // what the messages must name ("" for the database only)
  // Searches that must say "damaged": 0, the first (one that reads many
  // documents), or all three. A search that fails must always say it.
  int searches_noticing;
  bool search_names_it;  // a search's message names `named` too
  bool check_names_it;   // --check names `named` (else any problem will do)
};

// Table damage: the tools say "damaged", exit 2, show no Xapian text; the
// indexer refuses before writing a byte; --check says what is wrong.
TEST(Issue15, DamagedTablesAreNamedAndNeverWritten) {
  TempDir dir;
  const std::string input = dir.path() + "/in", db = dir.path() + "/db";
  write_input(input);
  ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input}, dir.path()).status, 0);
  std::ofstream(dir.path() + "/new.jsonl") << R"({"id":"new-1","title":"New","body":"flood river news"})" << "\n";
  const std::vector<DamageCase> cases = {
      {"postlist block headers flipped", [](const std::string& d) { flip(d + "/postlist.glass", 8192, 64); },
       "postlist.glass", 1, false, true},
      {"termlist block headers flipped", [](const std::string& d) { flip(d + "/termlist.glass", 8192, 64); },
       "termlist.glass", 0, false, true},
      {"position block headers flipped", [](const std::string& d) { flip(d + "/position.glass", 8192, 64); },
       "position.glass", 0, false, true},
      {"position.glass deleted", [](const std::string& d) { fs::remove(d + "/position.glass"); }, "position.glass",
       3, true, true},
      {"termlist.glass deleted", [](const std::string& d) { fs::remove(d + "/termlist.glass"); }, "termlist.glass",
       3, true, true},
      {"postlist.glass deleted", [](const std::string& d) { fs::remove(d + "/postlist.glass"); }, "postlist.glass",
       3, true, true},
      {"postlist.glass cut short", [](const std::string& d) { fs::resize_file(d + "/postlist.glass", 8192); }, "",
       3, false, false},
  };
  for (const DamageCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string copy = dir.path() + "/damaged";
    fs::remove_all(copy);
    fs::copy(db, copy);
    c.damage(copy);
    int noticed = 0;
    for (const std::vector<std::string>& query : {std::vector<std::string>{"-n", "200", "flood"},
                                                  std::vector<std::string>{"\"flood river\""},
                                                  std::vector<std::string>{"--count", "court"}}) {
      std::vector<std::string> args = {"-d", copy};
      args.insert(args.end(), query.begin(), query.end());
      const CliRun search = run_cli(QUARRY_SEARCH_BIN, args, dir.path());
      if (noticed < c.searches_noticing) {
        EXPECT_EQ(search.status, 2) << query.back() << ": " << search.err;
      }
      if (search.status == 0) continue;
      ++noticed;
      EXPECT_EQ(search.status, 2) << search.err;
      EXPECT_NE(search.err.find("damaged"), std::string::npos) << search.err;
      EXPECT_NE(search.err.find(copy), std::string::npos) << search.err;
      if (c.search_names_it) {
        EXPECT_NE(search.err.find(c.named), std::string::npos) << search.err;
      }
      EXPECT_EQ(search.err.find("Xapian"), std::string::npos) << search.err;
      EXPECT_EQ(search.err.find("Error"), std::string::npos) << search.err;
    }
    const auto before = table_bytes(copy);
    const CliRun update = run_cli(QUARRY_INDEX_BIN, {"-q", "-d", copy, input, dir.path() + "/new.jsonl"}, dir.path());
    EXPECT_EQ(update.status, 2) << update.err;
    EXPECT_NE(update.err.find("damaged"), std::string::npos) << update.err;
    EXPECT_NE(update.err.find(copy), std::string::npos) << update.err;
    if (!c.named.empty()) {
      EXPECT_NE(update.err.find(c.named), std::string::npos) << update.err;
    }
    EXPECT_EQ(update.err.find("Error"), std::string::npos) << update.err;
    EXPECT_TRUE(table_bytes(copy) == before) << "quarry-index wrote into a damaged database";
    const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", copy}, dir.path());
    EXPECT_EQ(check.status, 2) << check.out << check.err;
    EXPECT_NE(check.out.find("DAMAGED"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find(": damaged ("), std::string::npos) << check.out;
    if (c.check_names_it) {
      EXPECT_NE(check.out.find(c.named), std::string::npos) << check.out;
    }
    EXPECT_EQ(check.out.find("Error"), std::string::npos) << check.out;
  }
  // The undamaged original checks clean, and is still updated.
  const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("Xapian's check of every table: OK"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("200 documents"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("no damage found"), std::string::npos) << check.out;
  EXPECT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input, dir.path() + "/new.jsonl"}, dir.path()).status, 0);
}

struct InvariantCase {
  std::string name;
  std::function<void(Xapian::WritableDatabase&)> damage;
  std::string reported;  // what --check must say
};

// Damage Xapian's check cannot see: Quarry's own invariants, as --check
// verifies them, written wrong through Xapian itself.
TEST(Issue15, CheckFindsBrokenQuarryInvariants) {
  TempDir dir;
  const std::string input = dir.path() + "/in", db = dir.path() + "/db";
  write_input(input);
  ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input}, dir.path()).status, 0);
  const std::vector<InvariantCase> cases = {
      {"passage count drifted", [](Xapian::WritableDatabase& w) { w.set_metadata(kPassageCountKey, "250"); },
       "its passage count is 250 but its documents hold 200 passages"},
      {"passage count gone", [](Xapian::WritableDatabase& w) { w.set_metadata(kPassageCountKey, ""); },
       "its passage count is missing"},
      {"record replaced by garbage",
       [](Xapian::WritableDatabase& w) {
         Xapian::Document doc = w.get_document(7);
         doc.add_value(kRecordSlot, "not a record");
         w.replace_document(7, doc);
       },
       "document 7 (id 'f0-6'): its record does not decode"},
      {"a second document with the same id",
       [](Xapian::WritableDatabase& w) { w.add_document(w.get_document(3)); },
       "2 documents hold its id term, not 1"},
      {"file state mangled", [](Xapian::WritableDatabase& w) { w.set_metadata("quarry.file:" + std::string("x"), "junk"); },
       "file state 'x' is not a size, a CRC and a path"},
  };
  for (const InvariantCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string copy = dir.path() + "/damaged";
    fs::remove_all(copy);
    fs::copy(db, copy);
    {
      Xapian::WritableDatabase w(copy);
      c.damage(w);
      w.commit();
    }
    const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", copy}, dir.path());
    EXPECT_EQ(check.status, 2) << check.out << check.err;
    EXPECT_NE(check.out.find("DAMAGED"), std::string::npos) << check.out;
    EXPECT_NE(check.out.find(c.reported), std::string::npos) << check.out;
    EXPECT_NE(check.out.find("Xapian's check of every table: OK"), std::string::npos) << check.out;
  }
  // A record that does not decode, met by a search, is named as damage.
  const std::string copy = dir.path() + "/damaged";
  fs::remove_all(copy);
  fs::copy(db, copy);
  {
    Xapian::WritableDatabase w(copy);
    for (Xapian::PostingIterator it = w.postlist_begin(""); it != w.postlist_end(""); ++it) {
      Xapian::Document doc = w.get_document(*it);
      doc.add_value(kRecordSlot, "not a record");
      w.replace_document(*it, doc);
    }
    w.commit();
  }
  const CliRun search = run_cli(QUARRY_SEARCH_BIN, {"-d", copy, "flood"}, dir.path());
  EXPECT_EQ(search.status, 2) << search.err;
  EXPECT_NE(search.err.find("damaged"), std::string::npos) << search.err;
  EXPECT_NE(search.err.find(copy), std::string::npos) << search.err;
}

// The check of a sharded database covers every shard, and --check is refused
// with paths to index.
TEST(Issue15, CheckCoversEveryShard) {
  TempDir dir;
  const std::string input = dir.path() + "/in", db = dir.path() + "/db";
  write_input(input);
  ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "--shards", "3", "-d", db, input}, dir.path()).status, 0);
  CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  for (const char* shard : {"shard0", "shard1", "shard2"})
    EXPECT_NE(check.out.find(std::string(shard) + ": Xapian's check of every table: OK"), std::string::npos)
        << check.out;
  EXPECT_NE(check.out.find("4 indexed files recorded in every shard"), std::string::npos) << check.out;
  fs::remove(db + "/shard1/position.glass");
  check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
  EXPECT_EQ(check.status, 2) << check.out << check.err;
  EXPECT_NE(check.out.find("shard1/position.glass is missing"), std::string::npos) << check.out;
  const CliRun both = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db, input}, dir.path());
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("--check"), std::string::npos) << both.err;
}

// Found by checking small databases (qa-input): a shard that holds no word
// (one story in three shards), like the empty database a killed first bulk
// load leaves, has no position table, which Xapian makes with the first
// word; --check called such healthy databases damaged.
TEST(QaInput, CheckFindsNoDamageInADatabaseWithoutWords) {
  for (const int shards : {3, 8}) {
    TempDir dir;
    const std::string input = dir.path() + "/in", db = dir.path() + "/db";
    fs::create_directories(input);
    std::ofstream(input + "/one.txt") << "One story\n\nThe only story is about a quokka.\n";
    ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "--shards", std::to_string(shards), "-d", db, input}, dir.path()).status, 0);
    std::vector<std::string> with_words, without;
    for (int i = 0; i < shards; ++i) {
      const std::string shard = db + "/shard" + std::to_string(i);
      (fs::exists(shard + "/position.glass") ? with_words : without).push_back(shard);
    }
    ASSERT_EQ(with_words.size(), 1u) << shards;
    CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
    EXPECT_EQ(check.status, 0) << shards << "\n" << check.out << check.err;
    EXPECT_EQ(check.out.find("DAMAGED"), std::string::npos) << shards << "\n" << check.out;
    // A missing position table where there are words is still damage.
    fs::remove(with_words[0] + "/position.glass");
    check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
    EXPECT_EQ(check.status, 2) << shards << "\n" << check.out;
    EXPECT_NE(check.out.find(with_words[0] + "/position.glass is missing"), std::string::npos) << shards << "\n" << check.out;
    for (const std::string& shard : without) EXPECT_EQ(check.out.find(shard + "/position.glass"), std::string::npos) << check.out;
  }
}

struct NotADatabaseCase {
  std::string name;
  std::function<std::string(const std::string& dir, const std::string& db)> make;  // returns the -d path
  std::string search_error;  // what quarry-search says after "quarry-search: "
  std::string check_error;   // what quarry-index --check says after "quarry-index: "
};

// Found by qa-input: a file given as -d that is no database (random bytes,
// a table file of a database) was "permission denied" to quarry-search and
// quarry-serve (root has no X_OK on a file without execute bits, and only a
// folder needs it), and --check called such a file, or a folder of other
// files, a damaged database to re-index.
TEST(QaInput3, AFileOrFolderThatIsNoDatabaseIsNamedSoNeitherUnreadableNorDamaged) {
  TempDir dir;
  const std::string input = dir.path() + "/in.jsonl", db = dir.path() + "/db";
  std::ofstream(input) << R"({"id":"a","title":"River","body":"The river rose."})" << "\n";
  ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input}, dir.path()).status, 0);
  const auto not_opened = [](const std::string& path) { return "'" + path + "' is not a Quarry database, or it cannot be opened"; };
  const auto a_file = [](const std::string& path) { return "'" + path + "' is a file, not a Quarry database (give the database's folder)"; };
  const std::vector<NotADatabaseCase> cases = {
      {"random bytes",
       [](const std::string& d, const std::string&) {
         std::string bytes;
         for (int i = 0; i < 5000; ++i) bytes += static_cast<char>((i * 7919) % 256);
         std::ofstream(d + "/random.bin", std::ios::binary) << bytes;
         return d + "/random.bin";
       },
       not_opened(dir.path() + "/random.bin"), a_file(dir.path() + "/random.bin")},
      {"a table of a database",
       [](const std::string&, const std::string& database) { return database + "/postlist.glass"; },
       not_opened(db + "/postlist.glass"), a_file(db + "/postlist.glass")},
      {"a folder of other files",
       [](const std::string& d, const std::string&) {
         fs::create_directories(d + "/notes");
         std::ofstream(d + "/notes/todo.txt") << "buy milk\n";
         return d + "/notes";
       },
       "no Quarry database at '" + dir.path() + "/notes' (create one with quarry-index)",
       "'" + dir.path() + "/notes' holds no Quarry database (no Xapian table is in it)"},
  };
  for (const NotADatabaseCase& c : cases) {
    const std::string path = c.make(dir.path(), db);
    const CliRun search = run_cli(QUARRY_SEARCH_BIN, {"-d", path, "river"}, dir.path());
    EXPECT_EQ(search.status, 2) << c.name;
    EXPECT_EQ(search.err, "quarry-search: " + c.search_error + "\n") << c.name;
    const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", path}, dir.path());
    EXPECT_EQ(check.status, 2) << c.name;
    EXPECT_EQ(check.err, "quarry-index: " + c.check_error + "\n") << c.name;
    EXPECT_EQ(check.out.find("DAMAGED"), std::string::npos) << c.name << "\n" << check.out;
  }
  // A database is still checked and searched.
  EXPECT_EQ(run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path()).status, 0);
  EXPECT_EQ(run_cli(QUARRY_SEARCH_BIN, {"-d", db, "river"}, dir.path()).status, 0);
}

// Found by qa-input: --check on another program's Xapian database (no
// metadata of Quarry's at all) said "DAMAGED ... is a Xapian database but not
// a Quarry one" and "re-index its files into a new database": there is no
// damage of Quarry's in it, nor files of Quarry's to re-index. A Quarry
// database that lost some of its stamps is still damaged.
TEST(QaRest, CheckOfAnotherProgramsXapianDatabaseSaysItIsNotQuarrysNotDamaged) {
  TempDir dir;
  const std::string input = dir.path() + "/in.jsonl";
  std::ofstream(input) << R"({"id":"a","title":"River","body":"The river rose."})" << "\n";
  struct Case {
    std::string name;
    std::function<void(const std::string& db)> make;
    bool foreign;  // else damaged
  };
  const std::vector<Case> cases = {
      {"another program's database with words and positions",
       [](const std::string& db) {
         Xapian::WritableDatabase out(db, Xapian::DB_CREATE);
         Xapian::Document doc;
         doc.add_posting("river", 1);
         doc.set_data("not Quarry's");
         out.add_document(doc);
         out.set_metadata("omega.version", "1.4");
         out.commit();
       },
       true},
      {"another program's database of terms without positions",
       [](const std::string& db) {
         Xapian::WritableDatabase out(db, Xapian::DB_CREATE);
         Xapian::Document doc;
         doc.add_term("river");
         out.add_document(doc);
         out.commit();
       },
       true},
      {"another program's empty database",
       [](const std::string& db) { Xapian::WritableDatabase(db, Xapian::DB_CREATE).commit(); }, true},
      {"a Quarry database that lost every stamp",
       [&](const std::string& db) {
         ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input}, dir.path()).status, 0);
         Xapian::WritableDatabase out(db, Xapian::DB_OPEN);
         std::vector<std::string> keys(out.metadata_keys_begin("quarry."), out.metadata_keys_end("quarry."));
         for (const std::string& key : keys) out.set_metadata(key, "");
         out.commit();
       },
       true},
      {"a Quarry database that lost its analyser stamp",
       [&](const std::string& db) {
         ASSERT_EQ(run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, input}, dir.path()).status, 0);
         Xapian::WritableDatabase out(db, Xapian::DB_OPEN);
         out.set_metadata("quarry.analyser", "");
         out.commit();
       },
       false},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string db = dir.path() + "/db" + std::to_string(n++);
    c.make(db);
    const CliRun check = run_cli(QUARRY_INDEX_BIN, {"--check", "-d", db}, dir.path());
    EXPECT_EQ(check.status, 2) << c.name;
    if (c.foreign) {
      EXPECT_EQ(check.err, "quarry-index: '" + db + "' is a Xapian database but not a Quarry one: it holds none of "
                           "Quarry's stamps (quarry.analyser, quarry.schema, ...); another program made it, or it "
                           "lost them\n")
          << c.name;
      EXPECT_EQ(check.out.find("DAMAGED"), std::string::npos) << c.name << "\n" << check.out;
      EXPECT_EQ(check.out.find("re-index"), std::string::npos) << c.name << "\n" << check.out;
    } else {
      EXPECT_NE(check.out.find("DAMAGED"), std::string::npos) << c.name << "\n" << check.out;
    }
  }
}


}  // namespace
}  // namespace quarry::test
