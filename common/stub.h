// Stub files: Xapian's text format for "these databases, searched as one".
// Quarry writes one for a sharded database and reads them itself (rather than
// letting Xapian open them whole) so that it can check, name and count every
// shard on its own.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace quarry {

// One database line of a stub: "<type> <target>", e.g. "auto shard0" or
// "remote 10.0.0.5:7000". Blank lines and "#" comments are not entries.
struct StubEntry {
  std::size_t line = 0;  // 1-based, for messages
  std::string type;      // "auto", "glass", "remote", ... as written
  std::string target;    // the rest of the line
};

// Throws DatabaseError naming file when it cannot be read.
std::vector<StubEntry> read_stub(const std::string& file);

// The stub file that location stands for: location itself when it is a stub
// file, location/XAPIANDB for a stub folder; empty when it is a database.
std::string stub_file_of(const std::string& location);

// A path from a stub line: relative paths are relative to the stub's folder
// (as Xapian reads them).
std::string resolve_stub_path(const std::string& stub_file, const std::string& target);

}  // namespace quarry
