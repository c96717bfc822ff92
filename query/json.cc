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

// A hit and a whole document describe their document with the same fields.
template <class HitOrDocument>
void put_document_fields(Json& out, const HitOrDocument& from) {
  out["doc"] = from.doc;
  out["kind"] = from.kind;
  out["title"] = from.title;
  out["date"] = or_null(from.date);
  out["section"] = from.section;
  out["source"] = from.source;
  out["url"] = or_null(from.url);
  out["author"] = or_null(from.author);
}

Json hit_object(const Hit& hit, const SearchResults& results, const JsonOptions& options) {
  Json line;
  if (options.qid) line["qid"] = *options.qid;
  line["rank"] = hit.rank;
  line["score"] = hit.score;
  put_document_fields(line, hit);
  line["passage"] = hit.passage;
  line["snippet"] = hit.snippet.text;
  line["highlights"] = spans(hit.snippet.highlights);
  line["title_highlights"] = spans(hit.title_highlights);
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
                       {"title_cover", e.title_cover},
                       {"title_cover_weight", e.title_cover_weight},
                       {"feedback_terms", results.feedback_terms}};
  }
  return line;
}

Json value_counts(const std::vector<FacetValue>& values) {
  Json out = Json::array();
  for (const FacetValue& value : values) out.push_back({value.value, value.count});
  return out;
}

Json facet_object(const Facet& facet, const JsonOptions& options) {
  Json out;
  if (options.qid) out["qid"] = *options.qid;
  out["facet"] = facet.field;
  out["counts"] = value_counts(facet.values);
  return out;
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
  if (results.total_matches) answer["total_matches"] = *results.total_matches;
  if (results.total_hits) answer["total_hits"] = *results.total_hits;
  if (!results.facets.empty()) {
    Json facets = Json::array();
    for (const Facet& facet : results.facets) facets.push_back(facet_object(facet, {}));
    answer["facets"] = std::move(facets);
  }
  return dump(answer);
}

std::string suggestion_to_json(const SearchResults& results, const JsonOptions& options) {
  Json line;
  if (options.qid) line["qid"] = *options.qid;
  line["suggestion"] = results.suggestion;
  return dump(line);
}

std::string to_json(const Facet& facet, const JsonOptions& options) { return dump(facet_object(facet, options)); }

std::string count_to_json(std::size_t count, const JsonOptions& options) {
  Json out;
  if (options.qid) out["qid"] = *options.qid;
  out["count"] = count;
  return dump(out);
}

std::string total_hits_to_json(std::size_t hits, const JsonOptions& options) {
  Json out;
  if (options.qid) out["qid"] = *options.qid;
  out["total_hits"] = hits;
  return dump(out);
}

std::string to_json(const DocumentText& document) {
  Json out;
  put_document_fields(out, document);
  out["site"] = or_null(document.site);
  out["language"] = or_null(document.language);
  out["title_highlights"] = spans(document.title_highlights);
  std::string body;
  Json highlights = Json::array();
  Json passages = Json::array();
  for (const Snippet& passage : document.passages) {
    if (!body.empty()) body += "\n\n";
    for (const Json& span : spans(passage.highlights, body.size())) highlights.push_back(span);
    passages.push_back({body.size(), body.size() + passage.text.size()});
    body += passage.text;
  }
  out["body"] = std::move(body);
  out["highlights"] = std::move(highlights);
  out["passages"] = std::move(passages);
  return dump(out);
}

std::string to_json(const DatabaseInfo& info) {
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
