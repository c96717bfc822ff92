// Where an Indexer writes: one database at the path, or a sharded database
// (a folder of shard databases and the stub that lists them; see
// schema::kStubFile). Decided from what is on disk and --shards, before any write.
#pragma once

#include <string>
#include <vector>

namespace quarry {

struct ShardLayout {
  unsigned shards = 0;                 // 0: one unsharded database
  bool stub_written = false;           // the sharded database is complete
  std::vector<std::string> databases;  // the path, or path/shard0 ... shardN-1
};

// requested: --shards (0: whatever the path already is, unsharded when new).
// Throws UsageError when requested contradicts an existing database and
// DatabaseError for a stub Quarry did not write, a sharded run that never
// finished its first commit, or a path that is one shard of a sharded database.
ShardLayout plan_shard_layout(const std::string& path, unsigned requested);

// Creates a new sharded database whole: every shard empty and stamped for
// language, and the stub, made aside and moved into place in one rename, so
// that a killed run leaves either nothing or a complete (empty) database.
// Throws DatabaseLockedError when another indexer made it meanwhile.
void create_sharded_database(const std::string& path, ShardLayout& layout, const std::string& language);

}  // namespace quarry
