#include "inflate.h"

#include <zlib.h>

#include <algorithm>

namespace quarry::web {
namespace {

// windowBits: 16+15 gzip, 15 zlib, -15 raw deflate.
Inflated run_inflate(std::string_view in, std::size_t limit, int window_bits) {
  Inflated out;
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) {
    out.status = InflateStatus::damaged;
    return out;
  }
  const auto* next = reinterpret_cast<const Bytef*>(in.data());
  std::size_t left = in.size();
  char buffer[1u << 16];
  int rc = Z_OK;
  for (;;) {
    if (z.avail_in == 0 && left > 0) {
      const std::size_t n = std::min<std::size_t>(left, 1u << 30);
      z.next_in = const_cast<Bytef*>(next);
      z.avail_in = static_cast<uInt>(n);
      next += n;
      left -= n;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - z.avail_out;
    if (out.data.size() + produced > limit) {
      // Nobody reads a bomb's first bytes; free them at once.
      std::string().swap(out.data);
      out.status = InflateStatus::too_large;
      break;
    }
    out.data.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      // gzip files may hold several members one after another.
      if (window_bits > 16 && (z.avail_in > 0 || left > 0)) {
        const auto* rest = z.next_in;
        if (z.avail_in >= 2 ? (rest[0] == 0x1f && rest[1] == 0x8b) : true) {
          inflateReset(&z);
          continue;
        }
      }
      break;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && left == 0) {
      out.status = InflateStatus::cut_short;
      break;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      out.status = InflateStatus::damaged;
      break;
    }
  }
  inflateEnd(&z);
  return out;
}

}  // namespace

Inflated inflate_bounded(std::string_view compressed, std::size_t limit) {
  if (is_gzip(compressed)) return run_inflate(compressed, limit, 16 + 15);
  // A zlib header is two bytes whose big-endian value is a multiple of 31
  // with method 8; anything else is taken for raw deflate.
  const bool zlib_header = compressed.size() >= 2 && (static_cast<unsigned char>(compressed[0]) & 0x0f) == 8 &&
                           ((static_cast<unsigned char>(compressed[0]) << 8) |
                            static_cast<unsigned char>(compressed[1])) % 31 == 0;
  return run_inflate(compressed, limit, zlib_header ? 15 : -15);
}

}  // namespace quarry::web
