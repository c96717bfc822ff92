#include "locations.h"

#include <cstdlib>

#include "quarry/error.h"
#include "stub.h"

namespace quarry {
namespace {

constexpr const char* kTcpScheme = "tcp://";
// A stub listing a stub listing ...: more than this is a loop.
constexpr int kMaxStubDepth = 8;

// "HOST:PORT" or "[IPv6]:PORT"; false when it is neither.
bool parse_host_port(const std::string& text, std::string& host, unsigned& port) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  const std::string digits = text.substr(colon + 1);
  if (digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  const unsigned long value = std::strtoul(digits.c_str(), nullptr, 10);
  if (value == 0 || value > 65535) return false;
  host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return false;
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return false;  // an IPv6 address needs its brackets
  }
  port = static_cast<unsigned>(value);
  return true;
}

ShardLocation remote_location(const std::string& host, unsigned port) {
  const bool v6 = host.find(':') != std::string::npos;
  ShardLocation shard;
  shard.name = kTcpScheme + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  shard.host = host;
  shard.port = port;
  return shard;
}

void expand(const std::string& location, int depth, std::vector<ShardLocation>& out) {
  if (location.rfind(kTcpScheme, 0) == 0) {
    std::string host;
    unsigned port = 0;
    if (!parse_host_port(location.substr(std::char_traits<char>::length(kTcpScheme)), host, port))
      throw UsageError("'" + location + "' is not a remote shard address (tcp://HOST:PORT)");
    out.push_back(remote_location(host, port));
    return;
  }
  const std::string stub = stub_file_of(location);
  if (stub.empty()) {
    out.push_back({location, location, "", 0});
    return;
  }
  if (depth == kMaxStubDepth)
    throw DatabaseError("stub '" + stub + "' lists stubs " + std::to_string(kMaxStubDepth) +
                        " levels deep; is there a loop?");
  const std::vector<StubEntry> entries = read_stub(stub);
  if (entries.empty()) throw DatabaseError("stub '" + stub + "' lists no databases");
  for (const StubEntry& entry : entries) {
    const std::string where = stub + ":" + std::to_string(entry.line);
    if ((entry.type == "auto" || entry.type == "glass") && !entry.target.empty()) {
      expand(resolve_stub_path(stub, entry.target), depth + 1, out);
      continue;
    }
    std::string host;
    unsigned port = 0;
    if (entry.type == "remote" && parse_host_port(entry.target, host, port)) {
      out.push_back(remote_location(host, port));
      continue;
    }
    // Xapian also reads "remote :program args" (a program it runs) and
    // "inmemory"; Quarry does not: a stub must not start programs.
    throw DatabaseError(where + ": not a database line Quarry can open (\"auto PATH\", "
                        "\"glass PATH\" or \"remote HOST:PORT\")");
  }
}

}  // namespace

std::vector<ShardLocation> expand_location(const std::string& location) {
  std::vector<ShardLocation> out;
  expand(location, 0, out);
  return out;
}

}  // namespace quarry
