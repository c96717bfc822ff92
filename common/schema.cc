#include "schema.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

namespace quarry::schema {

std::string id_term(const char* prefix, const std::string& id) {
  constexpr std::size_t kMaxInline = 200;
  if (id.size() <= kMaxInline) return prefix + id;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(id)));
  return std::string(prefix) + id.substr(0, kMaxInline - 20) + "#" + hex;
}

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag.substr(0, tag.find_first_of("-_"))) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return {};
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out.size() == 2 || out.size() == 3 ? out : std::string();
}

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

std::string shard_folder(unsigned index) { return "shard" + std::to_string(index); }

unsigned shard_of(std::string_view id, unsigned shards) {
  return static_cast<unsigned>(fnv1a64(id) % shards);
}

}  // namespace quarry::schema
