// The public API as an embedding program uses it: index in code, search, read hits.
#include <gtest/gtest.h>

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
