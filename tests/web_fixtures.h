// Web archives and compressed pages written in tests: WARC records with any
// header (or lie), gzip members, HTTP responses.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace quarry::test {

inline std::string gzip_bytes(const std::string& data, int window_bits = 16 + 15) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// gzip of size bytes of c, made without holding them (a compression bomb
// that costs the test nothing).
inline std::string gzip_repeated(char c, std::size_t size) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
  const std::string chunk(1u << 20, c);
  std::string out;
  char buffer[1u << 16];
  for (std::size_t done = 0; done <= size;) {
    const std::size_t n = std::min(chunk.size(), size - done);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    z.avail_in = static_cast<uInt>(n);
    done += n;
    const bool last = done == size;
    int rc;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
    if (last) break;
  }
  deflateEnd(&z);
  return out;
}

struct WarcRecordSpec {
  std::string type = "response";
  std::string uri;
  std::string block;
  std::string content_type = "application/http; msgtype=response";
  std::string date = "2024-05-29T10:00:00Z";
  long declared_length = -1;  // -1: the block's true length
};

inline std::string warc_record(const WarcRecordSpec& r) {
  std::string out = "WARC/1.0\r\nWARC-Type: " + r.type + "\r\n";
  if (!r.uri.empty()) out += "WARC-Target-URI: " + r.uri + "\r\n";
  out += "WARC-Date: " + r.date + "\r\nWARC-Record-ID: <urn:uuid:0000>\r\n";
  out += "Content-Type: " + r.content_type + "\r\n";
  out += "Content-Length: " + std::to_string(r.declared_length < 0 ? static_cast<long>(r.block.size()) : r.declared_length) + "\r\n\r\n";
  return out + r.block + "\r\n\r\n";
}

inline std::string http_response(const std::string& body, const std::string& content_type = "text/html; charset=utf-8",
                                 const std::string& extra_headers = "", int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " OK\r\nContent-Type: " + content_type + "\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace quarry::test
