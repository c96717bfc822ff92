#pragma once

// LEB128 varints, the length prefix of every record Quarry packs into a
// Xapian value: one writer and one reader so the formats cannot drift apart.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace quarry {

inline void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

// Reads one varint at `pos` and moves past it; false when the data ends
// inside it or it is longer than 64 bits (the caller names the damage).
inline bool read_varint(std::string_view data, std::size_t& pos, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= data.size()) return false;
    const auto byte = static_cast<unsigned char>(data[pos++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}

}  // namespace quarry
