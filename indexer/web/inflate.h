// Bounded decompression of gzip and deflate data. Web input is hostile: a few
// kilobytes of gzip can expand to gigabytes, so every caller names a limit and
// nothing past it is ever held.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace quarry::web {

enum class InflateStatus {
  ok,
  too_large,   // the output would exceed the limit; nothing is kept
  damaged,     // not valid compressed data; what decoded cleanly is kept
  cut_short,   // valid up to where the data ends, before the stream does; what decoded is kept
};

struct Inflated {
  std::string data;
  InflateStatus status = InflateStatus::ok;
};

// gzip (RFC 1952, every member of a multi-member file) or zlib/raw deflate
// (HTTP's "deflate" is either, depending on the server), detected from the
// first bytes. At most limit bytes of output.
Inflated inflate_bounded(std::string_view compressed, std::size_t limit);

// True when bytes start with the gzip magic number.
inline bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

}  // namespace quarry::web
