#include "database_info.h"

#include <algorithm>
#include <filesystem>

#include "facets.h"
#include "schema.h"

namespace quarry {
namespace {

std::size_t bytes_under(const std::string& path) {
  namespace fs = std::filesystem;
  std::size_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto size = it->file_size(size_ec);
      if (!size_ec) total += static_cast<std::size_t>(size);
    }
  }
  return total;
}

}  // namespace

DatabaseInfo describe_databases(const Xapian::Database& all, const std::vector<ShardFacts>& shards,
                                const std::string& stemming) {
  DatabaseInfo info;
  info.documents = all.get_doccount();
  const MatchCounts counts =
      count_matches(all, Xapian::Query::MatchAll, {"kind", "section", "language", "date"}, 0);
  for (const FacetValue& kind : counts.facets[0].values) info.kinds[kind.value] = kind.count;
  info.sections = counts.facets[1].values;
  info.languages = counts.facets[2].values;
  std::size_t dated = 0;
  for (const FacetValue& day : counts.facets[3].values) {
    dated += day.count;
    if (info.first_date.empty() || day.value < info.first_date) info.first_date = day.value;
    if (day.value > info.last_date) info.last_date = day.value;
  }
  info.undated = info.documents - std::min(dated, info.documents);
  info.stemming = stemming;
  for (const ShardFacts& shard : shards) {
    info.shards.push_back(shard.name);
    // Every shard was checked to carry this analyser and schema when opened.
    if (info.analyser.empty()) info.analyser = shard.db.get_metadata(schema::kAnalyserKey);
    if (info.schema.empty()) info.schema = shard.db.get_metadata(schema::kSchemaKey);
    const std::string updated = shard.db.get_metadata(schema::kUpdatedKey);
    if (updated > info.last_updated) info.last_updated = updated;  // ISO 8601 UTC sorts as text
    if (shard.path.empty()) ++info.remote_shards;
    else info.bytes_on_disk += bytes_under(shard.path);
  }
  return info;
}

}  // namespace quarry
