// What a prefix query ("kash*") stands for in one database: its terms that
// start with the prefix, the most frequent kept, as Xapian's
// WILDCARD_LIMIT_MOST_FREQUENT would keep them, but over all shards as one
// (a ranking must not depend on the shard layout) and known to the searcher,
// which highlights exactly these words.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace quarry {

// At most max terms, by descending frequency then term; throws Xapian's errors.
std::vector<std::string> terms_with_prefix(const Xapian::Database& db, const std::string& prefix, std::size_t max);

}  // namespace quarry
