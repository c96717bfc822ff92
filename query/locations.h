// What quarry-search -d (and Searcher) accept: a database folder, a stub file
// or stub folder (a sharded database), or tcp://HOST:PORT for a shard served
// by xapian-tcpsrv. Each location expands to the databases it stands for.
#pragma once

#include <string>
#include <vector>

namespace quarry {

struct ShardLocation {
  std::string name;  // as the user would write it: a path, or tcp://HOST:PORT
  std::string path;  // a local database; empty for a remote one
  std::string host;  // a remote database
  unsigned port = 0;
  bool remote() const { return port != 0; }
};

// Stubs are followed (relative paths from the stub's folder, nested stubs up
// to a few levels), so a shard is named by its own path in messages. Throws UsageError for a malformed tcp:// address and
// DatabaseError for a stub line that names no database Quarry can open.
std::vector<ShardLocation> expand_location(const std::string& location);

}  // namespace quarry
