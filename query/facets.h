// Exact counts over every match of a query: how many documents match, and
// how many of them have each value of a field (issue 17). The hits of a
// search come from a ranked, early-stopping match; these counts come from a
// second, unranked pass that checks every match, so they are never estimates.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "quarry/search.h"

namespace quarry {

// The fields a facet may count by, as SearchRequest::facets names them.
const std::vector<std::string>& facet_fields();
// Throws UsageError naming the first field not in facet_fields().
void check_facet_fields(const std::vector<std::string>& fields);

struct MatchCounts {
  std::size_t matches = 0;
  std::vector<Facet> facets;  // one per field asked, in that order
};

// Runs query over db, checking every match (none is kept),
// with a ValueCountMatchSpy on schema::kFacetSlot when fields are asked
// (remote shards run it too). facet_limit: most values kept per facet, 0 for
// all. Throws UsageError for a field not in facet_fields(), Xapian's errors otherwise.
MatchCounts count_matches(const Xapian::Database& db, const Xapian::Query& query,
                          const std::vector<std::string>& fields, std::size_t facet_limit);

}  // namespace quarry
