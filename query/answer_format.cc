#include "answer_format.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "hit_format.h"
#include "json_spans.h"
#include "quarry/render.h"

namespace quarry {
namespace {

using Json = nlohmann::ordered_json;

const char* const kDot = " \xC2\xB7 ";

// Text from the index was made valid UTF-8 when indexed; replace rather than
// throw should a foreign database hold anything else.
std::string dump(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json or_null(const std::string& text) { return text.empty() ? Json() : Json(text); }

Json value_counts(const std::vector<FacetValue>& values) {
  Json out = Json::array();
  for (const FacetValue& value : values) out.push_back({value.value, value.count});
  return out;
}

std::string value_counts_text(const std::vector<FacetValue>& values) {
  if (values.empty()) return "(none)";
  std::string out;
  for (const FacetValue& value : values)
    out += (out.empty() ? "" : kDot) + render_ansi({value.value, {}}, false) + " " + std::to_string(value.count);
  return out;
}

// A passage line by line (render_ansi would turn its line breaks into
// spaces), each line with the highlights that fall in it.
std::string render_lines(const Snippet& passage, bool color) {
  std::string out;
  std::size_t begin = 0;
  while (begin <= passage.text.size()) {
    std::size_t end = passage.text.find('\n', begin);
    if (end == std::string::npos) end = passage.text.size();
    Snippet line{passage.text.substr(begin, end - begin), {}};
    for (const Span& span : passage.highlights)
      if (span.end > begin && span.begin < end)
        line.highlights.push_back({std::max(span.begin, begin) - begin, std::min(span.end, end) - begin});
    out += "   " + render_ansi(line, color) + "\n";
    begin = end + 1;
  }
  return out;
}

std::string human_bytes(std::size_t bytes) {
  char text[32];
  if (bytes >= 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MB", bytes / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(text, sizeof text, "%.1f KB", bytes / 1024.0);
  else std::snprintf(text, sizeof text, "%zu bytes", bytes);
  return text;
}

}  // namespace

std::string format_facet_text(const Facet& facet) { return facet.field + ": " + value_counts_text(facet.values); }

std::string format_facet_json_line(const Facet& facet, const std::string* qid) {
  Json line;
  if (qid) line["qid"] = *qid;
  line["facet"] = facet.field;
  line["counts"] = value_counts(facet.values);
  return dump(line);
}

std::string format_count_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " document matched." : " documents matched.");
}

std::string format_count_json(std::size_t count, const std::string* qid) {
  Json line;
  if (qid) line["qid"] = *qid;
  line["count"] = count;
  return dump(line);
}

std::string format_document_text(const DocumentText& document, bool color) {
  std::string out = render_title(document.title, document.title_highlights, color) + "\n   ";
  if (color) out += "\033[2m";
  out += document.kind + kDot + (document.date.empty() ? std::string("undated") : document.date);
  for (const std::string* field : {&document.section, &document.author, &document.language})
    if (!field->empty()) out += kDot + render_ansi({*field, {}}, false);
  out += kDot + render_ansi({document.url.empty() ? document.source : document.url, {}}, false);
  out += "\n   " + render_ansi({document.doc, {}}, false);
  if (color) out += "\033[0m";
  out += "\n";
  for (const Snippet& passage : document.passages) out += "\n" + render_lines(passage, color);
  return out;
}

std::string format_document_json(const DocumentText& document) {
  Json out;
  out["doc"] = document.doc;
  out["kind"] = document.kind;
  out["title"] = document.title;
  out["date"] = or_null(document.date);
  out["section"] = document.section;
  out["source"] = document.source;
  out["url"] = or_null(document.url);
  out["author"] = or_null(document.author);
  out["site"] = or_null(document.site);
  out["language"] = or_null(document.language);
  out["title_highlights"] = json_spans(document.title_highlights);
  std::string body;
  std::vector<Span> highlights, passages;
  for (const Snippet& passage : document.passages) {
    if (!body.empty()) body += "\n\n";
    const std::size_t at = body.size();
    body += passage.text;
    passages.push_back({at, body.size()});
    for (const Span& span : passage.highlights) highlights.push_back({at + span.begin, at + span.end});
  }
  out["body"] = std::move(body);
  out["highlights"] = json_spans(highlights);
  out["passages"] = json_spans(passages);
  return dump(out);
}

std::string format_info_text(const DatabaseInfo& info) {
  std::string out = "documents: " + std::to_string(info.documents);
  std::string kinds;
  for (const auto& [kind, count] : info.kinds) kinds += (kinds.empty() ? "" : kDot) + kind + " " + std::to_string(count);
  if (!kinds.empty()) out += " (" + kinds + ")";
  out += "\ndates: ";
  out += info.first_date.empty() ? std::string("none") : info.first_date + " to " + info.last_date;
  if (info.undated) out += " (" + std::to_string(info.undated) + " undated)";
  out += "\nsections: " + value_counts_text(info.sections);
  out += "\nlanguages: " + value_counts_text(info.languages);
  out += "\nanalyser: " + info.analyser + ", schema " + info.schema + ", stemming " + info.stemming;
  out += "\nshards: " + std::to_string(info.shards.size());
  for (std::size_t i = 0; i < info.shards.size(); ++i)
    out += (i ? ", " : " (") + render_ansi({info.shards[i], {}}, false) + (i + 1 == info.shards.size() ? ")" : "");
  out += "\nsize on disk: " + human_bytes(info.bytes_on_disk);
  if (info.remote_shards) out += " (not counting " + std::to_string(info.remote_shards) + " remote shards)";
  out += "\nlast updated: " + (info.last_updated.empty() ? std::string("unknown") : info.last_updated) + "\n";
  return out;
}

std::string format_info_json(const DatabaseInfo& info) {
  Json out;
  out["documents"] = info.documents;
  out["kinds"] = Json::object();
  for (const auto& [kind, count] : info.kinds) out["kinds"][kind] = count;
  out["first_date"] = or_null(info.first_date);
  out["last_date"] = or_null(info.last_date);
  out["undated"] = info.undated;
  out["sections"] = value_counts(info.sections);
  out["languages"] = value_counts(info.languages);
  out["analyser"] = info.analyser;
  out["schema"] = info.schema;
  out["language"] = info.stemming;
  out["shards"] = info.shards;
  out["remote_shards"] = info.remote_shards;
  out["bytes_on_disk"] = info.bytes_on_disk;
  out["last_updated"] = or_null(info.last_updated);
  return dump(out);
}

}  // namespace quarry
