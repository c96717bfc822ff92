// The public API as an embedding program uses it: index in code, search, read hits.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <xapian.h>

#include "make_input.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "schema.h"
#include "temp_dir.h"

namespace quarry {
namespace {

TEST(Library, IndexInCodeThenSearch) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    indexer.add_document(make_input("n1", "article", "Flood warning", "2025-07-01", "Pakistan", "code",
                          "Heavy rain is expected.\n\nThe river may flood low-lying areas."));
    indexer.add_document(make_input("n2", "editorial", "Dry spell", "2025-06-01", "Editorial", "code",
                          "No rain for weeks."));
    indexer.commit();
  }
  Searcher searcher(db);
  EXPECT_EQ(searcher.language(), "english");
  SearchRequest request;
  request.query = "flooding";
  SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  const Hit& hit = results.hits[0];
  EXPECT_EQ(hit.doc, "n1");
  EXPECT_EQ(hit.kind, "article");
  EXPECT_EQ(hit.title, "Flood warning");
  EXPECT_EQ(hit.date, "2025-07-01");
  ASSERT_EQ(hit.snippet.highlights.size(), 1u);
  const Span span = hit.snippet.highlights[0];
  EXPECT_EQ(hit.snippet.text.substr(span.begin, span.end - span.begin), "flood");

  request.query = "rain";
  request.sort = SortOrder::date;
  results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 2u);
  EXPECT_EQ(results.hits[0].doc, "n1");  // newest first
  EXPECT_EQ(results.hits[1].doc, "n2");
}

TEST(Library, ReaddingAnIdReplacesTheDocument) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  for (const char* body : {"first version about apples", "second version about pears"}) {
    Indexer indexer(options);
    indexer.add_document(make_input("same", "article", "T", "", "", "code", body));
  }
  Searcher searcher(options.db_path);
  SearchRequest request;
  request.query = "version";
  const SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_NE(results.hits[0].snippet.text.find("pears"), std::string::npos);
}

// A new database is bulk loaded through segments; an id seen twice in that
// load must still end up once, as its last version.
TEST(Library, DuplicateIdInOneBulkLoadKeepsTheLastVersion) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  options.jobs = 2;
  {
    Indexer indexer(options);
    for (int i = 0; i < 1500; ++i)  // several segments
      indexer.add_document(make_input("doc" + std::to_string(i), "article", "", "", "", "code",
                            "filler text number " + std::to_string(i)));
    indexer.add_document(make_input("doc7", "article", "", "", "", "code", "replacement about pears"));
    indexer.commit();
    EXPECT_EQ(indexer.stats().articles, 1500u);  // distinct documents (issue 14.8)
  }
  Searcher searcher(options.db_path);
  SearchRequest request;
  request.query = "filler";
  request.limit = 2000;
  request.snippet_bytes = 0;
  EXPECT_EQ(searcher.search(request).hits.size(), 1499u);
  request.query = "pears";
  const SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].doc, "doc7");
}

// Passage scores are normalised by the database's passage count; a bulk load
// compacts many segments, and their counts must add up, not one of them win.
TEST(Library, BulkLoadStoresThePassageCountOfAllSegments) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  options.jobs = 2;
  std::size_t passages = 0;
  {
    Indexer indexer(options);
    for (int i = 0; i < 1300; ++i)  // four segments
      indexer.add_document(make_input("doc" + std::to_string(i), "article", "", "", "", "code",
                            "first paragraph " + std::to_string(i) + "\n\n" +
                                std::string(static_cast<std::size_t>(400 + i % 900), 'x')));
    indexer.commit();
    passages = indexer.stats().passages;
  }
  ASSERT_GT(passages, 1300u);
  const Xapian::Database db(options.db_path);
  EXPECT_EQ(db.get_metadata(schema::kPassageCountKey), std::to_string(passages));
}

TEST(Library, MissingDatabaseIsAClearError) {
  try {
    Searcher searcher("/nonexistent/quarry.db");
    FAIL() << "opened a missing database";
  } catch (const DatabaseError& e) {
    EXPECT_NE(std::string(e.what()).find("no Quarry database"), std::string::npos) << e.what();
  }
}

TEST(Library, LanguageMismatchIsRefused) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  options.language = "french";
  {
    Indexer indexer(options);
    indexer.add_document(make_input("x", "article", "", "", "", "code", "bonjour"));
  }
  options.language = "english";
  EXPECT_THROW(Indexer{options}, UsageError);
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Embedders that crawl pages themselves hand Quarry the HTML and its URL.
TEST(Issue16, AddHtmlIndexesAPageWithItsUrl) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  // windows-1252 bytes, named by the HTTP header the crawler received.
  const std::string page =
      "<html><head><title>Caf\xE9 owners protest - Courier</title></head><body>"
      "<nav><a href=\"/\">Home</a> <a href=\"/a\">Zanzibarworld</a></nav>"
      "<article><h1>Caf\xE9 owners protest</h1><p>Caf\xE9 owners in the old town closed their doors on Monday to "
      "protest against a new tax on outdoor tables, which they say will ruin the summer season.</p>"
      "<p>The city council said the tax would pay for cleaning the squares after the tourist season.</p></article>"
      "</body></html>";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    indexer.add_html(page, "https://courier.example/cafe", "text/html; charset=windows-1252");
    EXPECT_THROW(indexer.add_html(page, ""), InputError);
    indexer.commit();
    EXPECT_EQ(indexer.stats().articles + indexer.stats().pages, 1u);
  }
  Searcher searcher(db);
  SearchRequest request;
  request.query = "outdoor tables";
  const SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].doc, "https://courier.example/cafe");
  EXPECT_EQ(results.hits[0].url, "https://courier.example/cafe");
  EXPECT_EQ(results.hits[0].title, "Caf\xC3\xA9 owners protest");
  request.query = "zanzibarworld";
  EXPECT_TRUE(searcher.search(request).hits.empty()) << "the menu is not text";
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Found by indexing a folder of notes (qa-input): Windows editors save
// "Unicode" text as UTF-16 with a byte-order mark, which was skipped as a
// binary file.
TEST(QaInput, Utf16TextFilesWithAByteOrderMarkAreText) {
  auto utf16 = [](const std::u16string& text, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (char16_t c : text) {
      const char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xFF);
      out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
    }
    return out;
  };
  const std::u16string text = u"Caf\u00e9 r\u00e9opened\r\n\r\nThe caf\u00e9 by the harbour reopened on Monday.\r\n";
  for (const bool big_endian : {false, true}) {
    test::TempDir dir;
    const std::string file = dir.path() + "/note.txt";
    std::ofstream(file, std::ios::binary) << utf16(text, big_endian);
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    indexer.add_path(file);
    indexer.commit();
    EXPECT_TRUE(indexer.stats().problems.empty())
        << big_endian << ": " << (indexer.stats().problems.empty() ? "" : indexer.stats().problems[0].reason);
    EXPECT_EQ(indexer.stats().articles, 1u) << big_endian;
    Searcher searcher(options.db_path);
    SearchRequest request;
    request.query = "harbour cafe";
    const SearchResults results = searcher.search(request);
    ASSERT_EQ(results.hits.size(), 1u) << big_endian;
    EXPECT_EQ(results.hits[0].title, "Caf\xC3\xA9 r\xC3\xA9opened") << big_endian;
  }
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Two indexers started on one new database (two cron jobs, two scripts):
// the second had made nothing yet, so when its first write met the first
// one's lock it "cleaned up" the database it believed it was creating: the
// first indexer's (both failed, nothing was indexed). And an indexer that
// started before another made the database bulk loaded over it. Whichever
// writes first keeps the database; the other's first write is refused.
TEST(QaApi, TwoIndexersOnANewDatabaseTheFirstToWriteKeepsIt) {
  struct Case {
    const char* name;
    bool sharded;
    bool first_writes_first;
  };
  for (const Case& c : {Case{"one database", false, true}, Case{"one database, second writes first", false, false},
                        Case{"three shards", true, true}, Case{"three shards, second writes first", true, false}}) {
    test::TempDir dir;
    IndexOptions options;
    options.db_path = dir.path() + "/new.db";
    options.shards = c.sharded ? 3 : 0;
    options.jobs = 1;
    const auto count = [&](const std::string& query) {
      Searcher searcher(options.db_path);
      SearchRequest request;
      request.query = query;
      request.count = true;
      return *searcher.search(request).total_matches;
    };
    Indexer first(options);
    if (c.first_writes_first) {
      first.add_document(make_input("a", "article", "A", "", "", "code", "polio drive in karachi"));
      Indexer second(options);
      EXPECT_THROW(second.add_document(make_input("b", "article", "B", "", "", "code", "polio drive in lahore")),
                   DatabaseLockedError)
          << c.name;
      first.add_document(make_input("a2", "article", "A2", "", "", "code", "polio drive in quetta"));
      ASSERT_NO_THROW(first.commit()) << c.name;
      EXPECT_EQ(count("karachi OR quetta"), 2u) << c.name;
      EXPECT_EQ(count("lahore"), 0u) << c.name;
    } else {
      {
        Indexer second(options);
        second.add_document(make_input("b", "article", "B", "", "", "code", "polio drive in lahore"));
      }
      try {
        first.add_document(make_input("a", "article", "A", "", "", "code", "polio drive in karachi"));
        first.commit();
        ADD_FAILURE() << c.name << ": an indexer wrote over a database another made after it started";
      } catch (const DatabaseLockedError& e) {
        EXPECT_NE(std::string(e.what()).find("another indexer"), std::string::npos) << c.name << ": " << e.what();
      }
      EXPECT_EQ(count("lahore"), 1u) << c.name;
      EXPECT_EQ(count("karachi"), 0u) << c.name;
    }
  }
}

// Found at stop 28: two indexers creating one new database at the same
// moment made their placeholders in the same `.new` folder, each removing
// what the other was making; with shards, most such races left both failing
// with no database at all. Now one keeps it and the other is told another
// indexer has it.
TEST(QaApi, TwoIndexersCreatingOneDatabaseAtTheSameMomentOneKeepsIt) {
  for (const unsigned shards : {0u, 3u}) {
    for (int round = 0; round < 6; ++round) {
      test::TempDir dir;
      IndexOptions options;
      options.db_path = dir.path() + "/new.db";
      options.shards = shards;
      options.jobs = 1;
      std::atomic<int> ready{0};
      std::string outcome[2];
      const auto run = [&](int side) {
        const std::string id = side == 0 ? "a" : "b", city = side == 0 ? "karachi" : "lahore";
        ready.fetch_add(1);
        while (ready.load() < 2) std::this_thread::yield();
        try {
          Indexer indexer(options);
          indexer.add_document(make_input(id, "article", id, "", "", "code", "polio drive in " + city));
          indexer.commit();
          outcome[side] = "kept";
        } catch (const DatabaseLockedError& e) {
          outcome[side] = std::string(e.what()).find("another indexer") != std::string::npos ? "refused" : e.what();
        } catch (const Error& e) {
          outcome[side] = e.what();
        }
      };
      std::thread a(run, 0), b(run, 1);
      a.join();
      b.join();
      const std::string what = std::to_string(shards) + " shards, round " + std::to_string(round) + ": " + outcome[0] +
                               " / " + outcome[1];
      ASSERT_TRUE((outcome[0] == "kept" && outcome[1] == "refused") || (outcome[0] == "refused" && outcome[1] == "kept"))
          << what;
      Searcher searcher(options.db_path);
      SearchRequest request;
      request.query = outcome[0] == "kept" ? "karachi" : "lahore";
      request.count = true;
      EXPECT_EQ(*searcher.search(request).total_matches, 1u) << what;
    }
  }
}

// A run that indexes nothing leaves no database, and a folder the user made stays.
TEST(QaApi, AnIndexerThatWritesNothingLeavesNoFolder) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/never.db";
  { Indexer indexer(options); }
  EXPECT_FALSE(std::filesystem::exists(options.db_path));
  options.db_path = dir.path() + "/empty";
  std::filesystem::create_directory(options.db_path);
  { Indexer indexer(options); }
  EXPECT_TRUE(std::filesystem::is_directory(options.db_path)) << "a folder the user made is theirs";
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// A moved-from Searcher (left behind by std::swap, a vector that grew, a
// member handed on) dereferenced a null handle: any call crashed the program.
TEST(QaApi, AMovedFromSearcherThrowsInsteadOfCrashing) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  {
    Indexer indexer(options);
    indexer.add_document(make_input("n1", "article", "Flood warning", "2025-07-01", "", "code", "Heavy rain."));
  }
  Searcher first(options.db_path);
  Searcher second(std::move(first));
  SearchRequest request;
  request.query = "rain";
  const std::vector<std::pair<const char*, std::function<void()>>> calls = {
      {"search", [&] { first.search(request); }},
      {"suggest", [&] { first.suggest("rain"); }},
      {"document", [&] { first.document("n1"); }},
      {"info", [&] { first.info(); }},
      {"refresh", [&] { first.refresh(); }},
      {"language", [&] { first.language(); }},
      {"document_count", [&] { first.document_count(); }},
      {"shard_count", [&] { first.shard_count(); }},
      {"unavailable_shards", [&] { first.unavailable_shards(); }},
  };
  for (const auto& [name, call] : calls) EXPECT_THROW(call(), UsageError) << name;
  EXPECT_EQ(second.search(request).hits.size(), 1u);
  first = std::move(second);  // assigned to, it searches again
  EXPECT_EQ(first.search(request).hits.size(), 1u);
}

TEST(QaApi, AnEmptyDatabasePathIsAUsageError) {
  IndexOptions options;
  options.db_path = "";
  EXPECT_THROW(Indexer{options}, UsageError);
}

}  // namespace
}  // namespace quarry
