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

RecordDocuments read_record(const WarcRecord& record, const std::string& source) {
  RecordDocuments out;
  if (!may_hold_page(record.type)) {
    out.skipped = record.type.empty() ? "untyped" : record.type;
    return out;
  }
  std::string content_type = record.content_type;
  std::string decoded;
  std::string_view payload = record.block;
  if (record.type == "response") {
    const std::string record_mime = mime_type(record.content_type);
    // dns: records and other protocols' responses are no pages.
    if (record_mime != "application/http" && !record.block.empty() && record.block.compare(0, 5, "HTTP/") != 0) {
      out.skipped = "not HTML";
      return out;
    }
    const HttpResponse http = parse_http_response(record.block);
    if (http.status == 0) {
      out.problem = "malformed: its block is not an HTTP response";
      return out;
    }
    if (http.status < 200 || http.status > 299) {
      out.skipped = "HTTP status other than 2xx";
      return out;
    }
    content_type = http.content_type;
    const std::string mime = mime_type(content_type);
    if (!mime.empty() && !is_html_type(mime)) {
      out.skipped = "not HTML";
      return out;
    }
    if (record.block_cut) {
      out.problem = "a page larger than 64 MiB, skipped";
      return out;
    }
    DecodedBody body = decode_http_body(http, kMaxPageBytes);
    if (body.status != DecodeStatus::ok) {
      out.problem = body.detail + " (limit 64 MiB), skipped";
      if (body.status != DecodeStatus::too_large) out.problem = body.detail + ", skipped";
      return out;
    }
    decoded = std::move(body.data);
    payload = decoded;
    if (mime.empty() && !looks_like_html(payload)) {
      out.skipped = "not HTML";
      return out;
    }
  } else {
    const std::string mime = mime_type(content_type);
    if (mime.empty() ? !looks_like_html(payload) : !is_html_type(mime)) {
      out.skipped = "not HTML";
      return out;
    }
    if (record.block_cut) {
      out.problem = "a page larger than 64 MiB, skipped";
      return out;
    }
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
  out.notes = std::move(page.problems);
  if (out.documents.empty()) out.skipped = "no text";
  return out;
}

}  // namespace quarry::web
