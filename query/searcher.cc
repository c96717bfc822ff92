// quarry::Searcher: documents ranked by Xapian's BM25 fused with their best
// passage's score; each hit is a passage, with a snippet highlighted by the
// analyser that built the index.
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "analyser.h"
#include "database.h"
#include "document.h"
#include "quarry/search.h"
#include "passage_ranker.h"
#include "query_parser.h"
#include "ranking.h"
#include "schema.h"
#include "snippet.h"

namespace quarry {
namespace {

constexpr std::size_t kMaxLimit = 10000;
constexpr std::size_t kRerankMargin = 30;
constexpr int kReopenAttempts = 3;

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  std::string language;
  std::unique_ptr<Analyser> analyser;
  RankingParams ranking;

  Xapian::Query ranked_query(const ParsedQuery& parsed) const;
  Xapian::Query expand(Xapian::Enquire& enquire, const Xapian::Query& query,
                       std::vector<std::string>& added_terms) const;

  SearchResults run(const SearchRequest& request, const ParsedQuery& parsed);
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  try {
    impl_->db = Xapian::Database(path);
    impl_->language = check_compatible(impl_->db, path);
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path);
  }
  impl_->analyser = std::make_unique<Analyser>(impl_->language);
  impl_->ranking = RankingParams::from_environment();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

const std::string& Searcher::language() const { return impl_->language; }

std::size_t Searcher::document_count() const { return impl_->db.get_doccount(); }

SearchResults Searcher::search(const SearchRequest& request) {
  if (request.limit > kMaxLimit) throw UsageError("limit is at most 10000");
  if (request.passages_per_doc == 0) throw UsageError("passages per document must be at least 1");
  if (request.snippet_bytes && request.snippet_bytes < 20) throw UsageError("snippets need at least 20 bytes (or 0 for none)");
  const ParsedQuery parsed = parse_query(request.query, *impl_->analyser, impl_->ranking.stop_words);
  if (parsed.query.empty() || request.limit == 0) return {};
  for (int attempt = 1;; ++attempt) {
    try {
      return impl_->run(request, parsed);
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed while we read: read the new revision.
      if (attempt == kReopenAttempts) rethrow_as_quarry_error(impl_->path);
      try {
        impl_->db.reopen();
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(impl_->path);
      }
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(impl_->path);
    }
  }
}

// The parsed query, plus weight (never extra matches) for query words found
// in the title and for neighbouring query words found close together.
Xapian::Query Searcher::Impl::ranked_query(const ParsedQuery& parsed) const {
  std::vector<Xapian::Query> boosts;
  if (ranking.title_weight > 0 && !parsed.highlight.terms.empty()) {
    std::vector<Xapian::Query> title_terms;
    for (const std::string& term : parsed.highlight.terms) title_terms.emplace_back(schema::kTitlePrefix + term);
    boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_OR, title_terms.begin(), title_terms.end()),
                        ranking.title_weight);
  }
  if (ranking.proximity_weight > 0 && parsed.sequence.size() > 1) {
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < parsed.sequence.size(); ++i) {
      if (parsed.sequence[i] == parsed.sequence[i + 1]) continue;
      const std::string pair[] = {parsed.sequence[i], parsed.sequence[i + 1]};
      pairs.emplace_back(Xapian::Query::OP_PHRASE, pair, pair + 2,
                         std::max<Xapian::termcount>(ranking.proximity_window, 2));
    }
    if (!pairs.empty())
      boosts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()),
                          ranking.proximity_weight);
  }
  if (boosts.empty()) return parsed.query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                       Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

// Pseudo-relevance feedback: words that mark the top documents add weight to
// the documents that also hold them. They reorder, never add, matches: every
// hit still holds what the user typed, and so has something to highlight.
Xapian::Query Searcher::Impl::expand(Xapian::Enquire& enquire, const Xapian::Query& query,
                                     std::vector<std::string>& added_terms) const {
  const Xapian::MSet top = enquire.get_mset(0, ranking.prf_docs);
  if (top.empty()) return query;
  Xapian::RSet rset;
  for (Xapian::MSetIterator it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
  struct PlainWords : Xapian::ExpandDecider {
    std::set<std::string> exclude;
    bool operator()(const std::string& term) const override {
      // Prefixed (title, boolean) terms and numbers make poor expansions.
      return !term.empty() && std::islower(static_cast<unsigned char>(term[0])) && !exclude.count(term);
    }
  } decider;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) decider.exclude.insert(*it);
  const Xapian::ESet eset = enquire.get_eset(ranking.prf_terms, rset, &decider);
  if (eset.empty()) return query;
  std::vector<Xapian::Query> added;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) {
    added.emplace_back(*it);
    added_terms.push_back(*it);
  }
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()),
                                     ranking.prf_weight));
}

SearchResults Searcher::Impl::run(const SearchRequest& request, const ParsedQuery& parsed) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  SearchResults results;
  Xapian::Query query = ranked_query(parsed);
  enquire.set_query(query);
  if (ranking.prf_docs && ranking.prf_terms && parsed.sequence.size() >= ranking.prf_min_words) {
    query = expand(enquire, query, results.feedback_terms);
    enquire.set_query(query);
  }
  if (request.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  // Every document gives at least one hit, so this many documents cover the
  // requested hits; the margin lets passage evidence lift a document from
  // just below the cut.
  const std::size_t wanted = request.offset + request.limit;
  const std::size_t depth = request.sort == SortOrder::relevance ? wanted + kRerankMargin : wanted;
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth));

  const PassageRanker ranker(db, parsed.highlight);
  struct Ranked {
    double score;
    double document_score;
    double best_passage;
    std::size_t order;  // Xapian's rank: breaks ties, and is the order for date sorting
    Xapian::Document document;
    std::vector<double> passage_scores;
  };
  std::vector<Ranked> ranked;
  ranked.reserve(mset.size());
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    Ranked r{it.get_weight(), it.get_weight(), 0.0, ranked.size(), it.get_document(), {}};
    r.passage_scores = ranker.score(*it, decode_passage_map(r.document.get_value(schema::kPassageMapSlot)));
    if (!r.passage_scores.empty())
      r.best_passage = *std::max_element(r.passage_scores.begin(), r.passage_scores.end());
    r.score += ranking.passage_weight * r.best_passage;
    ranked.push_back(std::move(r));
  }
  if (request.sort == SortOrder::relevance)
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.score > b.score; });

  results.estimated_matches = mset.get_matches_estimated();
  std::size_t position = 0;  // hits seen, for paging
  for (Ranked& r : ranked) {
    if (results.hits.size() == request.limit) break;
    if (r.passage_scores.empty()) continue;  // no passages: nothing to show
    // The document's passages, best first; unmatched passages only when
    // nothing matched (a filter-only query), and then the first one.
    std::vector<std::size_t> order(r.passage_scores.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return r.passage_scores[a] > r.passage_scores[b]; });
    std::size_t shown = 0;
    std::optional<DocumentRecord> record;  // fetched only for documents shown
    for (std::size_t index : order) {
      if (shown == request.passages_per_doc || results.hits.size() == request.limit) break;
      if (shown > 0 && r.passage_scores[index] <= 0) break;
      ++shown;
      if (position++ < request.offset) continue;
      if (!record) {
        record = decode_record(r.document.get_data());
        if (record->passages.size() != r.passage_scores.size())
          throw DatabaseError("database '" + path + "' holds a damaged document record; re-index it");
      }
      Hit hit;
      hit.rank = position;
      hit.score = r.score;
      hit.doc = record->doc;
      hit.kind = record->kind;
      hit.title = record->title;
      hit.date = record->date;
      hit.section = record->section;
      hit.source = record->source;
      hit.passage = index;
      hit.explanation = {r.document_score, r.best_passage, ranking.passage_weight, r.passage_scores[index]};
      if (request.snippet_bytes) hit.snippet = make_snippet(record->passages[index].text, parsed.highlight, *analyser, request.snippet_bytes);
      results.hits.push_back(std::move(hit));
    }
  }
  return results;
}

}  // namespace quarry
