#include "http.h"

#include <cctype>
#include <cstdlib>

#include "inflate.h"
#include "text.h"

namespace quarry::web {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Text that starts (after a UTF-8 BOM and white space) with '<'.
bool opens_as_markup(std::string_view body) {
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  while (!body.empty() && (body[0] == ' ' || body[0] == '\t' || body[0] == '\r' || body[0] == '\n')) body.remove_prefix(1);
  return !body.empty() && body[0] == '<';
}

}  // namespace

std::string mime_type(std::string_view content_type) {
  return lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
}

HttpResponse parse_http_response(std::string_view block) {
  HttpResponse response;
  if (block.substr(0, 5) != "HTTP/") return response;
  // Headers end at the first empty line; bare LF line ends occur too.
  std::size_t end = block.find("\r\n\r\n");
  std::size_t body_at = end == std::string_view::npos ? end : end + 4;
  const std::size_t lf_end = block.find("\n\n");
  if (lf_end != std::string_view::npos && (end == std::string_view::npos || lf_end < end)) {
    end = lf_end;
    body_at = lf_end + 2;
  }
  if (end == std::string_view::npos) {
    if (block.size() > 65536) return response;
    end = block.size();  // headers only: an empty body
    body_at = block.size();
  }
  const std::string_view head = block.substr(0, end);
  std::size_t line_end = head.find('\n');
  const std::string_view status_line = trim(head.substr(0, line_end));
  const std::size_t space = status_line.find(' ');
  if (space == std::string_view::npos) return response;
  const int status = std::atoi(std::string(status_line.substr(space + 1, 3)).c_str());
  if (status < 100 || status > 999) return response;
  while (line_end != std::string_view::npos) {
    const std::size_t start = line_end + 1;
    line_end = head.find('\n', start);
    const std::string_view line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = lower_ascii(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-type") response.content_type = std::string(value);
    else if (name == "transfer-encoding") response.transfer_encoding = lower_ascii(value);
    else if (name == "content-encoding") response.content_encoding = lower_ascii(value);
    else if (name == "location") response.location = std::string(value);
  }
  response.status = status;
  response.body = block.substr(body_at);
  return response;
}

bool dechunk(std::string_view body, std::size_t limit, std::string& out, bool& too_large) {
  std::string decoded;
  std::size_t at = 0;
  too_large = false;
  for (;;) {
    const std::size_t line_end = body.find('\n', at);
    if (line_end == std::string_view::npos) return false;
    const std::string_view size_line = trim(body.substr(at, line_end - at));
    std::size_t size = 0, digits = 0;
    for (char c : size_line) {
      if (c == ';') break;  // chunk extensions
      const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                    : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                    : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                : -1;
      if (v < 0 || digits >= 15) return false;
      size = size * 16 + static_cast<std::size_t>(v);
      ++digits;
    }
    if (digits == 0) return false;
    at = line_end + 1;
    if (size == 0) break;  // trailers may follow; they carry nothing we need
    if (size > body.size() - at) return false;
    if (decoded.size() + size > limit) {
      too_large = true;
      decoded.append(body.substr(at, limit - decoded.size()));
      break;
    }
    decoded.append(body.substr(at, size));
    at += size;
    if (at < body.size() && body[at] == '\r') ++at;
    if (at < body.size() && body[at] == '\n') ++at;
    else if (at < body.size()) return false;
    if (at >= body.size()) break;  // the last chunk's terminator is missing: take what came
  }
  out.swap(decoded);
  return true;
}

DecodedBody decode_http_body(const HttpResponse& response, std::size_t limit) {
  DecodedBody out;
  std::string dechunked;
  std::string_view body = response.body;
  if (response.transfer_encoding.find("chunked") != std::string::npos) {
    bool too_large = false;
    if (dechunk(body, limit, dechunked, too_large)) {
      body = dechunked;
      if (too_large) {
        out.status = DecodeStatus::too_large;
        out.detail = "its body is larger than the limit";
        return out;
      }
    }
  }
  const std::string& coding = response.content_encoding;
  if (coding.empty() || coding == "identity") {
    if (body.size() > limit) {
      out.status = DecodeStatus::too_large;
      out.detail = "its body is larger than the limit";
      return out;
    }
    out.data.assign(body.data(), body.size());
    return out;
  }
  if (coding == "gzip" || coding == "x-gzip" || coding == "deflate") {
    // Some archivers store the body already decoded and keep the header.
    if (coding != "deflate" && !is_gzip(body)) {
      out.data.assign(body.data(), std::min(body.size(), limit));
      return out;
    }
    Inflated inflated = inflate_bounded(body, limit);
    // deflate has no magic number: a body that does not inflate and opens
    // as markup was stored decoded.
    if (coding == "deflate" && inflated.status != InflateStatus::ok && inflated.status != InflateStatus::too_large &&
        opens_as_markup(body)) {
      out.data.assign(body.data(), std::min(body.size(), limit));
      return out;
    }
    out.data = std::move(inflated.data);
    if (inflated.status == InflateStatus::too_large) {
      out.status = DecodeStatus::too_large;
      out.detail = "its " + coding + " content decompresses to more than the limit (a compression bomb?)";
    } else if (inflated.status == InflateStatus::damaged) {
      out.status = DecodeStatus::damaged;
      out.detail = "its " + coding + " content is damaged";
    } else if (inflated.status == InflateStatus::cut_short) {
      out.status = DecodeStatus::cut_short;
      out.detail = "its " + coding + " content is cut short";
    }
    return out;
  }
  out.status = DecodeStatus::unsupported;
  out.detail = "Content-Encoding " + coding + " is not supported";
  return out;
}

}  // namespace quarry::web
