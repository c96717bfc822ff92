// The JSON of hits, answers and documents (include/quarry/json.h). Hit
// objects are built once, in hit_object, for every rendering that holds them.
#include "quarry/json.h"

#include <nlohmann/json.hpp>

namespace quarry {
namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& text) { return text.empty() ? Json() : Json(text); }

Json spans(const std::vector<Span>& highlights, std::size_t shift = 0) {
  Json out = Json::array();
  for (const Span& span : highlights) out.push_back({span.begin + shift, span.end + shift});
  return out;
}

Json hit_object(const Hit& hit, const SearchResults& results, const JsonOptions& options) {
  Json line;
  if (options.qid) line["qid"] = *options.qid;
  line["rank"] = hit.rank;
  line["score"] = hit.score;
  line["doc"] = hit.doc;
  line["kind"] = hit.kind;
  line["title"] = hit.title;
  line["date"] = or_null(hit.date);
  line["section"] = hit.section;
  line["source"] = hit.source;
  line["url"] = or_null(hit.url);
  line["author"] = or_null(hit.author);
  line["passage"] = hit.passage;
  line["snippet"] = hit.snippet.text;
  line["highlights"] = spans(hit.snippet.highlights);
  line["similar"] = hit.similar;
  if (results.partial) line["partial"] = true;
  if (options.explain) {
    const ScoreParts& e = hit.explanation;
    line["explain"] = {{"document_bm25", e.document},
                       {"best_passage_bm25", e.best_passage},
                       {"passage_weight", e.passage_weight},
                       {"this_passage_bm25", e.this_passage},
                       {"proximity", e.proximity},
                       {"proximity_weight", e.proximity_weight},
                       {"feedback_terms", results.feedback_terms}};
  }
  return line;
}

// Text was made valid UTF-8 at index time; replace rather than throw should a
// foreign database hold anything else.
std::string dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

std::string to_json(const Hit& hit, const SearchResults& results, const JsonOptions& options) {
  return dump(hit_object(hit, results, options));
}

std::string to_json(const SearchResults& results, const JsonOptions& options) {
  Json answer;
  Json hits = Json::array();
  for (const Hit& hit : results.hits) hits.push_back(hit_object(hit, results, options));
  answer["hits"] = std::move(hits);
  answer["estimated_matches"] = results.estimated_matches;
  answer["partial"] = results.partial;
  answer["suggestion"] = or_null(results.suggestion);
  return dump(answer);
}

std::string suggestion_to_json(const SearchResults& results, const JsonOptions& options) {
  Json line;
  if (options.qid) line["qid"] = *options.qid;
  line["suggestion"] = results.suggestion;
  return dump(line);
}

std::string to_json(const DocumentText& document) {
  Json out;
  out["doc"] = document.doc;
  out["kind"] = document.kind;
  out["title"] = document.title;
  out["date"] = or_null(document.date);
  out["section"] = document.section;
  out["source"] = document.source;
  out["url"] = or_null(document.url);
  out["author"] = or_null(document.author);
  std::string body;
  Json highlights = Json::array();
  for (const Snippet& passage : document.passages) {
    if (!body.empty()) body += "\n\n";
    for (const Json& span : spans(passage.highlights, body.size())) highlights.push_back(span);
    body += passage.text;
  }
  out["body"] = std::move(body);
  out["highlights"] = std::move(highlights);
  return dump(out);
}

}  // namespace quarry
