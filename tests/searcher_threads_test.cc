// search.h promises: a Searcher per thread is safe, and opening one is cheap.
// Four threads each open their own Searcher on one database at the same time
// and search it repeatedly; every thread must see exactly the serial answer.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "quarry/index.h"
#include "quarry/render.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

// What a caller would compare: order, ids and rendered snippets.
std::string summary(const SearchResults& results) {
  std::string out;
  for (const Hit& hit : results.hits)
    out += std::to_string(hit.rank) + " " + hit.doc + " " + render_html(hit.snippet) + "\n";
  return out;
}

TEST(SearcherThreads, OneSearcherPerThreadConcurrently) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    for (int i = 0; i < 200; ++i) {
      DocumentInput doc;
      doc.id = "d" + std::to_string(i);
      doc.title = "Report " + std::to_string(i);
      doc.date = "2025-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1);
      doc.source = "code";
      doc.body = (i % 3 == 0 ? "The river may flood the plains. " : "Dry weather continues. ") +
                 std::string(i % 5 == 0 ? "Rain & wind <expected> tonight." : "Markets were calm.") +
                 "\n\nNumber " + std::to_string(i) + " of the series.";
      indexer.add_document(doc);
    }
    indexer.commit();
  }

  const std::vector<std::string> queries = {"flood", "rain wind", "\"dry weather\"", "markets -rain",
                                            "river OR calm"};
  std::vector<std::string> expected;
  {
    Searcher searcher(db);
    for (const std::string& query : queries) {
      SearchRequest request;
      request.query = query;
      request.limit = 20;
      expected.push_back(summary(searcher.search(request)));
      ASSERT_FALSE(searcher.search(request).hits.empty()) << query;
    }
  }

  constexpr int kThreads = 4;
  constexpr int kRounds = 25;
  std::atomic<int> ready{0};
  std::atomic<int> mismatches{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready < kThreads) std::this_thread::yield();  // start together
      try {
        for (int round = 0; round < kRounds; ++round) {
          Searcher searcher(db);  // a fresh open every round: opening is per request
          for (std::size_t q = 0; q < queries.size(); ++q) {
            SearchRequest request;
            request.query = queries[(q + t) % queries.size()];
            request.limit = 20;
            if (summary(searcher.search(request)) != expected[(q + t) % queries.size()]) ++mismatches;
          }
        }
      } catch (const Error& e) {
        errors[t] = e.what();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& error : errors) EXPECT_EQ(error, "");
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace quarry
