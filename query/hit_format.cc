#include "hit_format.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "quarry/render.h"

namespace quarry {

std::string format_json_line(const Hit& hit, const std::string* qid, bool explain,
                             const std::vector<std::string>* feedback_terms, bool partial) {
  nlohmann::ordered_json line;
  if (qid) line["qid"] = *qid;
  line["rank"] = hit.rank;
  line["score"] = hit.score;
  line["doc"] = hit.doc;
  line["kind"] = hit.kind;
  line["title"] = hit.title;
  auto or_null = [](const std::string& text) { return text.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(text); };
  line["date"] = or_null(hit.date);
  line["section"] = hit.section;
  line["source"] = hit.source;
  line["url"] = or_null(hit.url);
  line["author"] = or_null(hit.author);
  line["passage"] = hit.passage;
  line["snippet"] = hit.snippet.text;
  nlohmann::ordered_json spans = nlohmann::ordered_json::array();
  for (const Span& span : hit.snippet.highlights) spans.push_back({span.begin, span.end});
  line["highlights"] = std::move(spans);
  line["similar"] = hit.similar;
  if (partial) line["partial"] = true;
  if (explain) {
    const ScoreParts& e = hit.explanation;
    line["explain"] = {{"document_bm25", e.document},
                       {"best_passage_bm25", e.best_passage},
                       {"passage_weight", e.passage_weight},
                       {"this_passage_bm25", e.this_passage},
                       {"proximity", e.proximity},
                       {"proximity_weight", e.proximity_weight},
                       {"feedback_terms", feedback_terms ? *feedback_terms : std::vector<std::string>()}};
  }
  // Text was made valid UTF-8 at index time; replace rather than throw should
  // a foreign database hold anything else.
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string format_json_suggestion(const std::string& suggestion, const std::string* qid) {
  nlohmann::ordered_json line;
  if (qid) line["qid"] = *qid;
  line["suggestion"] = suggestion;
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string format_text(const Hit& hit, bool color, bool explain) {
  const Snippet title{hit.title, {}};
  std::string out = std::to_string(hit.rank) + ". ";
  if (color) out += "\033[1m";
  out += render_ansi(title, false);
  if (color) out += "\033[0m";
  out += "\n   ";
  if (color) out += "\033[2m";
  out += hit.kind;
  out += " \xC2\xB7 " + (hit.date.empty() ? std::string("undated") : hit.date);
  if (!hit.section.empty()) out += " \xC2\xB7 " + render_ansi({hit.section, {}}, false);
  if (!hit.author.empty()) out += " \xC2\xB7 " + render_ansi({hit.author, {}}, false);
  out += " \xC2\xB7 " + render_ansi({hit.url.empty() ? hit.source : hit.url, {}}, false);
  if (hit.passage) out += " (passage " + std::to_string(hit.passage + 1) + ")";
  if (!hit.similar.empty()) out += " \xC2\xB7 +" + std::to_string(hit.similar.size()) + " similar";
  if (color) out += "\033[0m";
  out += "\n   " + render_ansi(hit.snippet, color) + "\n";
  if (explain) {
    const ScoreParts& e = hit.explanation;
    char line[240];
    std::snprintf(line, sizeof line,
                  "   score %.3f = document BM25 %.3f + %.2f x best passage BM25 %.3f (this passage %.3f)"
                  " + %.2f x proximity %.3f\n",
                  hit.score, e.document, e.passage_weight, e.best_passage, e.this_passage, e.proximity_weight,
                  e.proximity);
    out += line;
  }
  return out;
}

}  // namespace quarry
