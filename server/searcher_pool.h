// Searchers for the server's threads. A Searcher must not be shared by two
// threads, and opening one is cheap but not free (a connection per remote
// shard), so each request borrows one that no other request holds, brought
// to the databases' latest revision first: documents an indexer commits are
// served without a restart.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "quarry/search.h"

namespace quarry::serve {

class SearcherPool {
 public:
  SearcherPool(std::vector<std::string> locations, SearcherOptions options);

  // A Searcher lent to one request. It goes back to the pool when the lease
  // ends, unless the request failed: the next one then opens afresh (which is
  // how a shard that came back is found again).
  class Lease {
   public:
    Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher);
    ~Lease();
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Searcher& operator*() const { return *searcher_; }
    Searcher* operator->() const { return searcher_.get(); }

   private:
    SearcherPool& pool_;
    std::unique_ptr<Searcher> searcher_;
    int exceptions_ = 0;  // in flight when the lease began
  };

  // An idle Searcher refreshed, or a new one. Throws what opening or reading
  // the databases throws (DatabaseError, ShardUnavailableError).
  Lease acquire();

  // Searchers open, lent or idle: at most one per request being served.
  std::size_t open_count() const;

 private:
  void give_back(std::unique_ptr<Searcher> searcher);
  void forget();

  const std::vector<std::string> locations_;
  const SearcherOptions options_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Searcher>> idle_;
  std::size_t open_ = 0;
};

}  // namespace quarry::serve
