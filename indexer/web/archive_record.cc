#include "archive_record.h"

#include "html_input.h"
#include "http.h"

namespace quarry::web {
namespace {

bool is_html_type(const std::string& mime) {
  return mime == "text/html" || mime == "application/xhtml+xml" || mime == "application/xhtml" ||
         mime == "text/xhtml";
}

}  // namespace

bool may_hold_page(const std::string& type) { return type == "response" || type == "resource"; }

namespace {

// What a record's headers say, before its body is decoded: the reason it
// holds no page by design (skipped) or is unusable (problem), else its HTTP
// response (status 0 when the block is the page itself) and the page's MIME
// type (empty if unknown).
struct RecordHeaders {
  std::string skipped;
  std::string problem;
  HttpResponse http;
  std::string mime;
};

RecordHeaders read_headers(const WarcRecord& record) {
  RecordHeaders out;
  if (!may_hold_page(record.type)) {
    out.skipped = record.type.empty() ? "untyped" : record.type;
    return out;
  }
  const std::string record_mime = mime_type(record.content_type);
  // A resource, or a response some scrapers write with the page's own type
  // and no HTTP headers ("Content-Type: text/html"): the block is the page.
  const bool bare = record.type != "response" ||
                    (is_html_type(record_mime) && record.block.compare(0, 5, "HTTP/") != 0);
  if (bare) {
    out.mime = record_mime;
    if (!out.mime.empty() && !is_html_type(out.mime)) out.skipped = "not HTML";
    return out;
  }
  // dns: records and other protocols' responses are no pages.
  if (record_mime != "application/http" && !record.block.empty() && record.block.compare(0, 5, "HTTP/") != 0) {
    out.skipped = "not HTML";
    return out;
  }
  out.http = parse_http_response(record.block);
  if (out.http.status == 0) {
    out.problem = "malformed: its block is not an HTTP response";
    return out;
  }
  if (out.http.status < 200 || out.http.status > 299) {
    out.skipped = "HTTP status other than 2xx";
    return out;
  }
  out.mime = mime_type(out.http.content_type);
  if (!out.mime.empty() && !is_html_type(out.mime)) out.skipped = "not HTML";
  return out;
}

}  // namespace

RecordDocuments read_record(const WarcRecord& record, const std::string& source) {
  RecordDocuments out;
  const RecordHeaders headers = read_headers(record);
  if (!headers.skipped.empty() || !headers.problem.empty()) {
    out.skipped = headers.skipped;
    out.problem = headers.problem;
    return out;
  }
  std::string content_type = record.content_type;
  std::string decoded;
  std::string_view payload = record.block;
  if (record.block_cut) {
    out.problem = "a page larger than 64 MiB, skipped";
    return out;
  }
  if (headers.http.status != 0) {
    content_type = headers.http.content_type;
    DecodedBody body = decode_http_body(headers.http, kMaxPageBytes);
    // A crawler that stops at its size limit (WARC-Truncated: length) cuts
    // a compressed body short: its start is the page as far as it came, as
    // a plain body cut there is.
    if (body.status == DecodeStatus::cut_short && !body.data.empty()) {
      out.notes.push_back(body.detail + " (the archive holds only its start); read up to the cut");
      body.status = DecodeStatus::ok;
    }
    if (body.status != DecodeStatus::ok) {
      out.problem = body.detail + " (limit 64 MiB), skipped";
      if (body.status != DecodeStatus::too_large) out.problem = body.detail + ", skipped";
      return out;
    }
    decoded = std::move(body.data);
    payload = decoded;
  }
  // Served without a type: a browser sniffs it (WHATWG MIME sniffing).
  if (headers.mime.empty() && !sniffs_as_html(payload)) {
    out.skipped = "not HTML";
    return out;
  }
  if (const std::string kind = binary_kind(payload); !kind.empty()) {
    out.problem = "declared HTML but is " + kind + ", skipped";
    return out;
  }
  HtmlInput input;
  input.bytes = payload;
  input.content_type = content_type;
  input.url = record.target_uri;
  input.id = record.target_uri;  // an archive's page is known by the URI it was captured from
  input.fallback_id = source + "#" + std::to_string(record.offset);
  if (input.id.empty()) input.id = input.fallback_id;
  input.source = source;
  HtmlDocuments page = read_html(input);
  out.documents = std::move(page.documents);
  for (Document& doc : out.documents) doc.capture = warc_date_key(record.date);
  for (std::string& note : page.problems) out.notes.push_back(std::move(note));
  if (out.documents.empty()) out.skipped = "no text";
  return out;
}

}  // namespace quarry::web
