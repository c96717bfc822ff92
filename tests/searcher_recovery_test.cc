// Issue 15: a Searcher never fails because an indexer committed under it,
// and one that left a remote shard out takes it back once it answers again.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <thread>

#include "make_input.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "schema.h"
#include "shard_server.h"
#include "temp_dir.h"

namespace quarry {
namespace {

void index_documents(const std::string& path, unsigned shards, int count) {
  IndexOptions options;
  options.db_path = path;
  options.shards = shards;
  Indexer indexer(options);
  const char* words[] = {"river", "flood", "budget", "court", "cricket", "water"};
  for (int i = 0; i < count; ++i)
    indexer.add_document(make_input("doc" + std::to_string(i), "article", "", "2025-01-01", "", "code",
                                    std::string(words[i % 6]) + " report number " + std::to_string(i) + " about " +
                                        words[(i * 7) % 6] + " and the " + words[(i * 5) % 6] + " report"));
  indexer.commit();
}

// An indexer that commits as fast as it can while one long-lived Searcher
// keeps searching: every search must answer, and answer everything.
TEST(Issue15, SearchDuringCommitsNeverFails) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, 0, 300);
  Searcher searcher(db);
  SearchRequest request;
  request.query = "report";
  request.limit = 300;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    Xapian::WritableDatabase w(db, Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    for (int commit = 0; commit < 2000 && !done; ++commit) {
      // Rewrites a few documents as they are, with a changing extra term:
      // postings move, the documents a search finds stay the same.
      for (Xapian::docid did = 1 + commit % 50; did <= 300; did += 50) {
        Xapian::Document doc = w.get_document(did);
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
          t.skip_to("X");
          if (t == doc.termlist_end() || (*t)[0] != 'X') break;
          doc.remove_term(*t);
          break;
        }
        doc.add_boolean_term("Xtick" + std::to_string(commit));
        w.replace_document(did, doc);
      }
      w.commit();
    }
    done = true;
  });
  int searches = 0;
  std::string failure;
  while (!done) {
    try {
      // A long-lived Searcher, and a new one each time as quarry-search makes.
      const SearchResults results = searches % 2 ? searcher.search(request) : Searcher(db).search(request);
      if (results.hits.size() != 300u) failure = std::to_string(results.hits.size()) + " hits";
      ++searches;
    } catch (const Error& e) {
      failure = e.what();
    }
    if (!failure.empty()) break;
  }
  done = true;
  writer.join();
  EXPECT_EQ(failure, "") << "after " << searches << " searches";
  EXPECT_GT(searches, 0);
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// A Searcher that left a remote shard out tries it again (here at every
// search) and searches it once it answers: a batch or a long-lived server
// recovers, instead of answering partially for ever.
TEST(Issue15, PartialSearcherTakesBackAShardThatReturns) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, 3, 60);
  std::vector<std::unique_ptr<test::ShardServer>> servers;
  std::vector<std::string> locations;
  for (unsigned i = 0; i < 3; ++i) {
    servers.push_back(std::make_unique<test::ShardServer>(db + "/" + schema::shard_folder(i)));
    locations.push_back(servers.back()->location());
  }
  SearcherOptions options;
  options.allow_partial = true;
  options.retry_after_ms = 0;
  SearchRequest request;
  request.query = "report";
  request.limit = 100;
  Searcher searcher(locations, options);
  const SearchResults whole = searcher.search(request);
  ASSERT_EQ(whole.hits.size(), 60u);
  ASSERT_FALSE(whole.partial);

  servers[1]->stop();
  const SearchResults partial = searcher.search(request);
  EXPECT_TRUE(partial.partial);
  EXPECT_LT(partial.hits.size(), 60u);
  EXPECT_TRUE(searcher.search(request).partial);  // still down: tried again, still left out
  ASSERT_EQ(searcher.unavailable_shards().size(), 1u);

  servers[1]->restart();
  const SearchResults back = searcher.search(request);
  EXPECT_FALSE(back.partial);
  EXPECT_TRUE(searcher.unavailable_shards().empty());
  EXPECT_EQ(searcher.shard_count(), 3u);
  ASSERT_EQ(back.hits.size(), whole.hits.size());
  for (std::size_t i = 0; i < back.hits.size(); ++i) {
    EXPECT_EQ(back.hits[i].doc, whole.hits[i].doc) << i;
    EXPECT_DOUBLE_EQ(back.hits[i].score, whole.hits[i].score) << i;
  }

  // Opened while a shard is down: it joins once it answers.
  servers[2]->stop();
  Searcher opened(locations, options);
  EXPECT_TRUE(opened.search(request).partial);
  servers[2]->restart();
  EXPECT_FALSE(opened.search(request).partial);
  EXPECT_EQ(opened.search(request).hits.size(), 60u);
}

}  // namespace
}  // namespace quarry
