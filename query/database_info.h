// What a set of databases holds, for quarry-search --info (Searcher::info).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "quarry/search.h"

namespace quarry {

// What the searcher knows of one shard besides its documents.
struct ShardFacts {
  std::string name;
  std::string path;  // empty for a remote shard
  Xapian::Database db;
};

// Counts (exact: one unranked pass over all documents), dates, sections and
// languages of all, which holds every shard; the stamps, sizes and update
// times of each. Throws Xapian's errors.
DatabaseInfo describe_databases(const Xapian::Database& all, const std::vector<ShardFacts>& shards,
                                const std::string& stemming);

}  // namespace quarry
