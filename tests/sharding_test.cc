// Shards through the public API: every shard is checked and named, and a
// remote shard that goes away is either an error or, when allowed, left out.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>

#include "make_input.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "schema.h"
#include "shard_server.h"
#include "temp_dir.h"

namespace quarry {
namespace {

using test::ShardServer;

// Documents on several topics, so that every shard holds some matches.
void index_documents(const std::string& path, unsigned shards, const std::string& language = "") {
  IndexOptions options;
  options.db_path = path;
  options.shards = shards;
  options.language = language;
  Indexer indexer(options);
  const char* words[] = {"river", "flood", "budget", "court", "cricket", "water"};
  for (int i = 0; i < 40; ++i)
    indexer.add_document(make_input("doc" + std::to_string(i), "article", "", "2025-01-01", "", "code",
                          std::string(words[i % 6]) + " report number " + std::to_string(i) + " about " +
                              words[(i * 7) % 6]));
  indexer.commit();
}

std::vector<std::string> doc_ids(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const Hit& hit : results.hits) ids.push_back(hit.doc);
  return ids;
}

SearchRequest request_for(const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.limit = 100;
  return request;
}

class Sharding : public ::testing::Test {
 protected:
  void SetUp() override {
    index_documents(sharded_, 3);
    index_documents(single_, 0);
  }
  std::string shard(unsigned i) const { return sharded_ + "/" + schema::shard_folder(i); }

  test::TempDir dir_;
  const std::string sharded_ = dir_.path() + "/sharded";
  const std::string single_ = dir_.path() + "/single";
};

TEST_F(Sharding, AShardedFolderIsOneDatabase) {
  Searcher whole(single_), sharded(sharded_);
  EXPECT_EQ(sharded.shard_count(), 3u);
  EXPECT_EQ(sharded.document_count(), whole.document_count());
  EXPECT_EQ(doc_ids(sharded.search(request_for("flood"))), doc_ids(whole.search(request_for("flood"))));
}

// Each way a shard can be unfit, in the middle of healthy ones: the error
// names that shard, so that an operator knows which one to rebuild.
TEST_F(Sharding, EveryShardIsCheckedAndTheBadOneNamed) {
  struct Case {
    const char* name;
    const char* key;  // metadata to spoil; null: build the shard in French
    const char* value;
  };
  const std::vector<Case> cases = {
      {"analyser", "quarry.analyser", "someone-else-1"},
      {"schema", "quarry.schema", "2"},
      {"not Quarry's", "quarry.analyser", ""},
      {"language", nullptr, nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string bad = dir_.path() + "/bad-" + c.name;
    index_documents(bad, 0, c.key ? "" : "french");
    if (c.key) {
      Xapian::WritableDatabase db(bad, Xapian::DB_OPEN);
      db.set_metadata(c.key, c.value);
      db.commit();
    }
    try {
      Searcher searcher(std::vector<std::string>{shard(0), bad, shard(2)});
      ADD_FAILURE() << "opened shards with an unfit one";
    } catch (const DatabaseError& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

TEST_F(Sharding, LocationsThatCannotWorkAreUsageErrors) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {shard(0), shard(0)},                    // documents would count twice
      {sharded_, shard(1)},                     // the same, through the stub
      {"tcp://127.0.0.1"},                      // no port
      {"tcp://127.0.0.1:99999"},                // no such port
      {"tcp://::1:7000"},                       // IPv6 needs brackets
  };
  for (const auto& locations : cases) EXPECT_THROW(Searcher{locations}, UsageError) << locations.size();
}

TEST_F(Sharding, IndexingKeepsTheShardCount) {
  IndexOptions options;
  options.db_path = sharded_;
  options.shards = 2;
  EXPECT_THROW(Indexer{options}, UsageError);
  options.shards = 0;
  {
    Indexer indexer(options);  // the database's three shards
    indexer.add_document(make_input("doc5", "article", "", "", "", "code", "replacement about plums"));
  }
  Searcher searcher(sharded_);
  EXPECT_EQ(searcher.document_count(), 40u);
  EXPECT_EQ(doc_ids(searcher.search(request_for("plums"))), std::vector<std::string>{"doc5"});
  // In its own shard, the one its id hashes to.
  EXPECT_EQ(Searcher(shard(schema::shard_of("doc5", 3))).search(request_for("plums")).hits.size(), 1u);
}

// A shard that stops answering between two searches (its server and the
// connection it served are gone).
TEST_F(Sharding, ARemoteShardThatStopsAnsweringIsLeftOutOnlyWhenAllowed) {
  std::vector<std::unique_ptr<ShardServer>> servers;
  std::vector<std::string> locations;
  for (unsigned i = 0; i < 3; ++i) {
    servers.push_back(std::make_unique<ShardServer>(shard(i)));
    locations.push_back(servers.back()->location());
  }
  SearcherOptions partial_ok;
  partial_ok.allow_partial = true;
  Searcher strict(locations), lenient(locations, partial_ok);
  const SearchRequest request = request_for("report");
  ASSERT_EQ(strict.search(request).hits.size(), 40u);
  ASSERT_EQ(lenient.search(request).hits.size(), 40u);

  servers[1]->stop();
  try {
    strict.search(request);
    ADD_FAILURE() << "searched a shard that is gone";
  } catch (const ShardUnavailableError& e) {
    EXPECT_NE(std::string(e.what()).find(locations[1]), std::string::npos) << e.what();
  }
  const SearchResults partial = lenient.search(request);
  EXPECT_TRUE(partial.partial);
  ASSERT_EQ(lenient.unavailable_shards().size(), 1u);
  EXPECT_NE(lenient.unavailable_shards()[0].find(locations[1]), std::string::npos);
  EXPECT_EQ(lenient.shard_count(), 2u);
  Searcher survivors(std::vector<std::string>{shard(0), shard(2)});
  EXPECT_EQ(doc_ids(partial), doc_ids(survivors.search(request)));
  EXPECT_FALSE(survivors.search(request).partial);

  // Opening while it is down: the same choice.
  EXPECT_THROW(Searcher{locations}, ShardUnavailableError);
  Searcher opened_partial(locations, partial_ok);
  EXPECT_TRUE(opened_partial.search(request).partial);
  EXPECT_EQ(doc_ids(opened_partial.search(request)), doc_ids(survivors.search(request)));

  // A strict Searcher did not give the shard up: it answers again once the shard is back.
  servers[1]->restart();
  const SearchResults whole = strict.search(request);
  EXPECT_FALSE(whole.partial);
  EXPECT_EQ(whole.hits.size(), 40u);
}

TEST_F(Sharding, NoShardAnsweringIsAnErrorEvenWhenPartialIsAllowed) {
  SearcherOptions partial_ok;
  partial_ok.allow_partial = true;
  const std::vector<std::string> nobody = {"tcp://127.0.0.1:" + std::to_string(ShardServer::free_port())};
  EXPECT_THROW((Searcher{nobody, partial_ok}), ShardUnavailableError);
}

}  // namespace
}  // namespace quarry
