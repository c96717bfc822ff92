#include "searcher_pool.h"

#include <exception>

namespace quarry::serve {

SearcherPool::SearcherPool(std::vector<std::string> locations, SearcherOptions options)
    : locations_(std::move(locations)), options_(options) {}

SearcherPool::Lease::Lease(SearcherPool& pool, std::unique_ptr<Searcher> searcher)
    : pool_(pool), searcher_(std::move(searcher)), exceptions_(std::uncaught_exceptions()) {}

SearcherPool::Lease::~Lease() {
  if (!searcher_) return;  // moved from
  if (std::uncaught_exceptions() > exceptions_) {
    searcher_.reset();  // the request failed: do not trust this handle again
    pool_.forget();
  } else {
    pool_.give_back(std::move(searcher_));
  }
}

SearcherPool::Lease SearcherPool::acquire() {
  std::unique_ptr<Searcher> searcher;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      searcher = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
  }
  if (!searcher) {
    try {
      searcher = std::make_unique<Searcher>(locations_, options_);
    } catch (...) {
      forget();
      throw;
    }
    return Lease(*this, std::move(searcher));
  }
  Lease lease(*this, std::move(searcher));
  lease->refresh();  // a failure here drops the Searcher (see ~Lease)
  return lease;
}

std::size_t SearcherPool::open_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

void SearcherPool::give_back(std::unique_ptr<Searcher> searcher) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(searcher));
}

void SearcherPool::forget() {
  std::lock_guard<std::mutex> lock(mutex_);
  --open_;
}

}  // namespace quarry::serve
