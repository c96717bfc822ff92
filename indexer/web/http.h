// The HTTP response a WARC "response" record holds: status line, headers and
// body, with Transfer-Encoding: chunked and Content-Encoding: gzip/deflate
// undone (bounded: see inflate.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace quarry::web {

struct HttpResponse {
  int status = 0;             // 200, 404...; 0 when the block is not an HTTP response
  std::string content_type;   // as sent, e.g. "text/html; charset=utf-8"; may be empty
  std::string transfer_encoding;  // lower case
  std::string content_encoding;   // lower case
  std::string location;       // of a redirect
  std::string_view body;      // the bytes after the headers, still encoded
};

// Parses headers; body views into block. status 0 when block does not start
// with an HTTP status line and a header block.
HttpResponse parse_http_response(std::string_view block);

// cut_short: the compressed body ends before its stream does (a crawler
// stopped at its size limit: WARC-Truncated); data holds what decoded.
enum class DecodeStatus { ok, too_large, damaged, cut_short, unsupported };

struct DecodedBody {
  std::string data;
  DecodeStatus status = DecodeStatus::ok;
  std::string detail;  // for a person: "gzip data is damaged", "Content-Encoding br is not supported"
};

// Undoes chunking and content coding, never producing more than limit bytes.
// A body declared chunked, gzip or deflate that is not (archivers often
// store it decoded but keep the headers) is taken as it is, as warcio does.
DecodedBody decode_http_body(const HttpResponse& response, std::size_t limit);

// Chunked transfer coding removed; false (and out untouched) when body is not
// well-formed chunked data.
bool dechunk(std::string_view body, std::size_t limit, std::string& out, bool& too_large);

// The MIME type of a Content-Type value, lower case, without parameters.
std::string mime_type(std::string_view content_type);

}  // namespace quarry::web
