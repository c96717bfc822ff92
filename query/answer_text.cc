#include "answer_text.h"

#include <algorithm>
#include <cstdio>

#include "hit_format.h"
#include "quarry/render.h"

namespace quarry {
namespace {

const char* const kDot = " \xC2\xB7 ";

std::string plain(const std::string& text) { return render_ansi({text, {}}, false); }

std::string value_counts_text(const std::vector<FacetValue>& values) {
  if (values.empty()) return "(none)";
  std::string out;
  for (const FacetValue& value : values)
    out += (out.empty() ? "" : kDot) + plain(value.value) + " " + std::to_string(value.count);
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
  if (bytes >= 1024 * 1024) std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else if (bytes >= 1024) std::snprintf(text, sizeof text, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(text, sizeof text, "%zu bytes", bytes);
  return text;
}

}  // namespace

std::string format_facet_text(const Facet& facet) { return facet.field + ": " + value_counts_text(facet.values); }

std::string format_count_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " document matched." : " documents matched.");
}

std::string format_document_text(const DocumentText& document, bool color) {
  std::string out = render_title(document.title, document.title_highlights, color) + "\n   ";
  if (color) out += "\033[2m";
  out += document.kind + kDot + (document.date.empty() ? std::string("undated") : document.date);
  for (const std::string* field : {&document.section, &document.author, &document.language})
    if (!field->empty()) out += kDot + plain(*field);
  out += kDot + plain(document.url.empty() ? document.source : document.url);
  out += "\n   " + plain(document.doc);
  if (color) out += "\033[0m";
  out += "\n";
  for (const Snippet& passage : document.passages) out += "\n" + render_lines(passage, color);
  return out;
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
  out += "\nshards: " + std::to_string(info.shards.size()) + " (";
  for (std::size_t i = 0; i < info.shards.size(); ++i) out += (i ? ", " : "") + plain(info.shards[i]);
  out += ")\nsize on disk: " + human_bytes(info.bytes_on_disk);
  if (info.remote_shards) out += " (not counting " + std::to_string(info.remote_shards) + " remote shards)";
  out += "\nlast updated: " + (info.last_updated.empty() ? std::string("unknown") : info.last_updated) + "\n";
  return out;
}

}  // namespace quarry
