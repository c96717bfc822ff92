#include "schema.h"

#include <cstdint>
#include <cstdio>

namespace quarry::schema {

std::string id_term(const char* prefix, const std::string& id) {
  constexpr std::size_t kMaxInline = 200;
  if (id.size() <= kMaxInline) return prefix + id;
  // FNV-1a, 64 bit: stable across runs and platforms, unlike std::hash.
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : id) hash = (hash ^ c) * 1099511628211ULL;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string(prefix) + id.substr(0, kMaxInline - 20) + "#" + hex;
}

}  // namespace quarry::schema
