// quarry::Searcher: documents ranked by Xapian's BM25 fused with their best
// passage's score; each hit is a passage, with a snippet highlighted by the
// analyser that built the index.
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <set>

#include "analyser.h"
#include "database.h"
#include "document.h"
#include "locations.h"
#include "collapse.h"
#include "more_like_this.h"
#include "near_duplicates.h"
#include "quarry/search.h"
#include "passage_ranker.h"
#include "query_parser.h"
#include "ranking.h"
#include "schema.h"
#include "snippet.h"
#include "spelling.h"
#include "stop_words.h"

namespace quarry {
namespace {

constexpr std::size_t kMaxLimit = 10000;
constexpr std::size_t kRerankMargin = 30;
constexpr int kReopenAttempts = 3;

}  // namespace

// A document Xapian ranked, on its way to being a hit.
struct Candidate {
  Xapian::docid did = 0;  // in the Searcher's database (all shards as one)
  double score = 0;
  double document_score = 0;
  double best_passage = 0;
  double proximity = 0;
  std::string id;  // the document's own id: breaks ties, whatever the shards
  TextSketch sketch;  // near-duplicate signature
  Xapian::Document document;
  std::vector<double> passage_scores;
};

// One database of the several a Searcher may search as one.
struct Shard {
  ShardLocation location;
  Xapian::Database db;  // shares its internals with Impl::db
  const std::string& name() const { return location.name; }
  bool remote() const { return location.remote(); }
};

struct Searcher::Impl {
  std::string name;  // every shard's name, for messages about them all
  SearcherOptions options;
  std::vector<Shard> shards;
  std::vector<std::string> unavailable;  // why each left-out shard is missing
  Xapian::Database db;  // all shards as one: Xapian merges their statistics
  double passage_count = 0;  // over all shards: get_metadata on db reads only the first's
  std::string language;
  std::unique_ptr<Analyser> analyser;
  RankingParams ranking;

  void open(const std::vector<std::string>& locations);
  void open_shard(const ShardLocation& location);
  Xapian::Database connect(const ShardLocation& location) const;
  void combine();
  void leave_out_unreachable_shards();
  Xapian::Query ranked_query(const ParsedQuery& parsed) const;
  Xapian::Query expand(Xapian::Enquire& enquire, const Xapian::Query& query,
                       std::vector<std::string>& added_terms) const;
  static Xapian::MSet top_documents(Xapian::Enquire& enquire, Xapian::doccount count);
  void score_passages(std::vector<Candidate>& candidates, const PassageRanker& ranker) const;

  SearchResults run(const SearchRequest& request, const ParsedQuery& parsed);
  void favour_near_duplicates_of_likes(std::vector<Candidate>& ranked) const;

  // The query as the searcher runs it; like:DOC documents are read (and,
  // when likes is given, kept there for ranking) and left out of the matches.
  ParsedQuery parse(const std::string& text, std::vector<LikeDocument>* likes);
  std::string suggestion(const std::string& text, const ParsedQuery& parsed, bool require_more_hits);
  std::vector<LikeDocument> likes;  // of the query being run
};

ParsedQuery Searcher::Impl::parse(const std::string& text, std::vector<LikeDocument>* kept) {
  std::vector<LikeDocument> found;
  ParsedQuery parsed = parse_query(text, *analyser, ranking.stop_words, [&](const std::string& doc, HighlightPlan& plan) {
    found.push_back(like_document(db, doc, language, plan));
    return found.back().query;
  });
  if (!found.empty() && !parsed.query.empty()) {
    std::vector<Xapian::Query> themselves;
    for (const LikeDocument& like : found) themselves.emplace_back(like.id_term);
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, parsed.query,
                                 Xapian::Query(Xapian::Query::OP_OR, themselves.begin(), themselves.end()));
  }
  if (kept) *kept = std::move(found);
  return parsed;
}

std::string Searcher::Impl::suggestion(const std::string& text, const ParsedQuery& parsed, bool require_more_hits) {
  std::vector<Xapian::Database> each;
  for (const Shard& shard : shards) each.push_back(shard.db);
  const SpellingContext context{db, each, *analyser, [this](const std::string& corrected) { return parse(corrected, nullptr); }};
  const std::vector<std::size_t> rare = rare_typed_words(parsed, context);
  return rare.empty() ? std::string() : suggest_spelling(text, parsed, rare, context, require_more_hits);
}

void Searcher::Impl::open(const std::vector<std::string>& locations) {
  if (locations.empty()) throw UsageError("no database to search");
  std::vector<ShardLocation> expanded;
  for (const std::string& location : locations)
    for (ShardLocation& shard : expand_location(location)) expanded.push_back(std::move(shard));
  std::set<std::string> seen;
  for (const ShardLocation& shard : expanded) {
    name += (name.empty() ? "" : ", ") + shard.name;
    std::error_code ec;
    const std::string key = shard.remote() ? shard.name : std::filesystem::weakly_canonical(shard.path, ec).string();
    if (!seen.insert(ec ? shard.path : key).second)
      throw UsageError("'" + shard.name + "' is given twice; its documents would count twice");
  }
  for (const ShardLocation& shard : expanded) open_shard(shard);
  if (shards.empty())
    throw ShardUnavailableError("no shard could be reached: " + [this] {
      std::string all;
      for (const std::string& why : unavailable) all += (all.empty() ? "" : "; ") + why;
      return all;
    }());
  try {
    combine();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(name);
  }
}

// Opens one shard and checks it; throws Xapian's errors.
Xapian::Database Searcher::Impl::connect(const ShardLocation& location) const {
  const unsigned timeout = options.remote_timeout_ms;
  return location.remote() ? Xapian::Remote::open(location.host, location.port, timeout, timeout)
                           : Xapian::Database(location.path);
}

void Searcher::Impl::open_shard(const ShardLocation& location) {
  Shard shard{location, {}};
  std::string shard_language;
  try {
    try {
      shard.db = connect(location);
      shard_language = check_compatible(shard.db, shard.name());
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(shard.name());
    }
  } catch (const ShardUnavailableError& e) {
    if (!options.allow_partial) throw;
    unavailable.push_back(e.what());
    return;
  }
  if (shards.empty()) {
    language = shard_language;
  } else if (shard_language != language) {
    throw DatabaseError("shard '" + shard.name() + "' was built with --language " + shard_language +
                        " but '" + shards.front().name() + "' with " + language +
                        "; shards searched together must share their language");
  }
  shards.push_back(std::move(shard));
}

// The shards as one database, and what Quarry keeps per shard summed.
void Searcher::Impl::combine() {
  db = Xapian::Database();
  passage_count = 0;
  for (const Shard& shard : shards) {
    db.add_database(shard.db);
    passage_count += std::atof(shard.db.get_metadata(schema::kPassageCountKey).c_str());
  }
}

// After a network failure: every remote shard is connected anew (a search
// that failed half way leaves their conversations out of step), and those
// that do not answer are left out (allow_partial) or named in the error; a
// strict Searcher keeps them, so that it works again once they are back.
void Searcher::Impl::leave_out_unreachable_shards() {
  std::vector<std::string> failed;
  std::vector<Shard> kept;
  for (Shard& shard : shards) {
    if (shard.remote()) {
      try {
        try {
          Xapian::Database fresh = connect(shard.location);
          if (check_compatible(fresh, shard.name()) != language)
            throw DatabaseError("shard '" + shard.name() + "' came back with another language; open it again");
          shard.db = fresh;
        } catch (const Xapian::Error&) {
          rethrow_as_quarry_error(shard.name());
        }
      } catch (const ShardUnavailableError& e) {
        failed.push_back(e.what());
        if (options.allow_partial) continue;
      }
    }
    kept.push_back(std::move(shard));
  }
  shards = std::move(kept);
  if (shards.empty() && failed.empty()) throw ShardUnavailableError("no shard of '" + name + "' answers");
  if (!failed.empty() && (!options.allow_partial || shards.empty())) {
    std::string all;
    for (const std::string& why : failed) all += (all.empty() ? "" : "; ") + why;
    throw ShardUnavailableError(all);
  }
  unavailable.insert(unavailable.end(), failed.begin(), failed.end());
  combine();
}

Searcher::Searcher(const std::string& location) : Searcher(std::vector<std::string>{location}) {}

Searcher::Searcher(const std::vector<std::string>& locations, const SearcherOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
  impl_->open(locations);
  impl_->analyser = std::make_unique<Analyser>(impl_->language);
  impl_->ranking = RankingParams::from_environment();
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

const std::string& Searcher::language() const { return impl_->language; }

std::size_t Searcher::document_count() const {
  try {
    return impl_->db.get_doccount();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(impl_->name);
  }
}

std::size_t Searcher::shard_count() const { return impl_->shards.size(); }

const std::vector<std::string>& Searcher::unavailable_shards() const { return impl_->unavailable; }

SearchResults Searcher::search(const SearchRequest& request) {
  if (request.limit > kMaxLimit) throw UsageError("limit is at most 10000");
  if (request.passages_per_doc == 0) throw UsageError("passages per document must be at least 1");
  if (request.snippet_bytes && request.snippet_bytes < 20) throw UsageError("snippets need at least 20 bytes (or 0 for none)");
  SearchResults results;
  ParsedQuery parsed;
  try {
    parsed = impl_->parse(request.query, &impl_->likes);
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(impl_->name);
  }
  if (!parsed.query.empty() && request.limit > 0) {
    for (int attempt = 1;; ++attempt) {
      try {
        results = impl_->run(request, parsed);
        if (request.suggest) results.suggestion = impl_->suggestion(request.query, parsed, true);
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        // An indexer committed while we read: read the new revision.
        if (attempt == kReopenAttempts) rethrow_as_quarry_error(impl_->name);
        try {
          impl_->db.reopen();
          impl_->combine();
        } catch (const Xapian::Error&) {
          rethrow_as_quarry_error(impl_->name);
        }
      } catch (const Xapian::NetworkError&) {
        if (attempt == kReopenAttempts) rethrow_as_quarry_error(impl_->name);
        try {
          impl_->leave_out_unreachable_shards();
        } catch (const Xapian::Error&) {
          rethrow_as_quarry_error(impl_->name);
        }
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(impl_->name);
      }
    }
  }
  results.partial = !impl_->unavailable.empty();
  return results;
}

std::string Searcher::suggest(const std::string& query) {
  try {
    const ParsedQuery parsed = impl_->parse(query, nullptr);
    return parsed.query.empty() ? std::string() : impl_->suggestion(query, parsed, false);
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(impl_->name);
  }
}

// The parsed query, plus weight (never extra matches) for query words found
// in the title.
Xapian::Query Searcher::Impl::ranked_query(const ParsedQuery& parsed) const {
  if (ranking.title_weight <= 0 || parsed.highlight.terms.empty()) return parsed.query;
  std::vector<Xapian::Query> title_terms;
  for (const std::string& term : parsed.highlight.terms) title_terms.emplace_back(schema::kTitlePrefix + term);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, title_terms.begin(), title_terms.end()),
                                     ranking.title_weight));
}

// Pseudo-relevance feedback: words that mark the top documents add weight to
// the documents that also hold them. They reorder, never add, matches: every
// hit still holds what the user typed, and so has something to highlight.
Xapian::Query Searcher::Impl::expand(Xapian::Enquire& enquire, const Xapian::Query& query,
                                     std::vector<std::string>& added_terms) const {
  const Xapian::MSet top = top_documents(enquire, ranking.prf_docs);
  if (top.empty()) return query;
  const Xapian::doccount feedback = std::min<Xapian::doccount>(top.size(), ranking.prf_docs);
  std::set<std::string> query_terms;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) query_terms.insert(*it);
  // Prefixed (title, boolean) terms, numbers, single letters ("U.S" is u, s)
  // and stop words make poor feedback terms.
  auto plain_word = [this](const std::string& term) {
    return term.size() > 1 && !schema::is_prefixed(term) &&
           !std::isdigit(static_cast<unsigned char>(term[0])) && !is_stop_stem(term, language);
  };
  std::vector<Xapian::Query> added;
  if (ranking.prf_mode == 1) {
    // RM3 (Lavrenko & Croft's relevance model, interpolated with the query):
    // P(w|R) = sum over the feedback documents d of P(w|d) P(d|q), with
    // P(w|d) = tf / |d| and P(d|q) proportional to exp(prf_sharpness x d's
    // weight / the top document's weight). The relevance model's P(d|q) is
    // the query likelihood, exponential in a log-probability score; read
    // the same way, BM25 weights make the top documents count more than
    // their share of the weights would (prf_sharpness 0), and relative to
    // the top weight the spread is the same for short and long queries and
    // for small and large collections. The prf_terms most probable words,
    // the query's own among them, are added with weights summing to
    // prf_weight x the query's word count (1: RM3's even mix of query and
    // model), so the feedback also reweights what was typed: its words that
    // mark the top documents gain.
    const double top_weight = top[0].get_weight();
    if (top_weight <= 0) return query;
    std::vector<double> p_documents(feedback);
    double total = 0;
    for (Xapian::doccount i = 0; i < feedback; ++i) {
      const double weight = top[i].get_weight();
      p_documents[i] = ranking.prf_sharpness > 0
                           ? std::exp(ranking.prf_sharpness * (weight - top_weight) / top_weight)
                           : weight;
      total += p_documents[i];
    }
    std::map<std::string, double> model;
    std::vector<std::pair<std::string, double>> words;
    for (Xapian::doccount i = 0; i < feedback; ++i) {
      words.clear();
      double length = 0;
      for (auto t = db.termlist_begin(*top[i]); t != db.termlist_end(*top[i]); ++t) {
        const std::string term = *t;
        const double wdf = t.get_wdf();
        if (wdf == 0 || schema::is_prefixed(term)) continue;  // boolean or prefixed: not text
        length += wdf;
        if (query_terms.count(term) || plain_word(term)) words.emplace_back(term, wdf);
      }
      if (length <= 0) continue;
      const double p_document = p_documents[i] / total;
      for (const auto& [term, wdf] : words) model[term] += p_document * wdf / length;
    }
    std::vector<std::pair<double, std::string>> best;
    for (const auto& [term, p] : model) best.emplace_back(p, term);
    const std::size_t keep = std::min<std::size_t>(ranking.prf_terms, best.size());
    std::partial_sort(best.begin(), best.begin() + keep, best.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    best.resize(keep);
    double mass = 0;
    for (const auto& [p, term] : best) mass += p;
    if (mass <= 0) return query;
    const auto typed = std::count_if(query_terms.begin(), query_terms.end(), [](const std::string& term) {
      return !term.empty() && !schema::is_prefixed(term);
    });
    const double scale = ranking.prf_weight * static_cast<double>(std::max<std::ptrdiff_t>(typed, 1)) / mass;
    for (const auto& [p, term] : best) {
      added.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), scale * p);
      if (!query_terms.count(term)) added_terms.push_back(term);
    }
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                         Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()));
  }
  // Xapian's ESet: new words only, weighted alike.
  Xapian::RSet rset;
  for (Xapian::doccount i = 0; i < feedback; ++i) rset.add_document(*top[i]);
  struct PlainWords : Xapian::ExpandDecider {
    std::function<bool(const std::string&)> accept;
    bool operator()(const std::string& term) const override { return accept(term); }
  } decider;
  decider.accept = [&](const std::string& term) { return plain_word(term) && !query_terms.count(term); };
  const Xapian::ESet eset = enquire.get_eset(ranking.prf_terms, rset, &decider);
  if (eset.empty()) return query;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) {
    added.emplace_back(*it);
    added_terms.push_back(*it);
  }
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()),
                                     ranking.prf_weight));
}

// The top count documents by weight (an MSet may hold one more; ignore it).
// Documents of equal weight at the cut are taken by document id, not by
// Xapian's docid, which depends on how documents are spread over shards: so a
// ranking is the same however the collection is sharded. The document after
// the cut shows whether a tie straddles it; only then (rarely with words,
// always for a filter alone) is the query run again with ties sorted by id,
// which would cost ~10 % of every query if done always.
Xapian::MSet Searcher::Impl::top_documents(Xapian::Enquire& enquire, Xapian::doccount count) {
  Xapian::MSet mset = enquire.get_mset(0, count + 1);
  if (mset.size() <= count || mset[count].get_weight() != mset[count - 1].get_weight()) return mset;
  enquire.set_sort_by_relevance_then_value(schema::kDocSlot, false);
  mset = enquire.get_mset(0, count);
  enquire.set_sort_by_relevance();
  return mset;
}

// Fetches each candidate and scores its passages. Xapian's remote protocol
// asks one question per round trip (a document, a term's positions in it), so
// the candidates of remote shards are handled on one thread per shard, at
// once, each through its own shard's handle; local shards stay on this thread.
void Searcher::Impl::score_passages(std::vector<Candidate>& candidates, const PassageRanker& ranker) const {
  const double passage_weight = ranking.passage_weight;
  const double proximity_weight = ranking.tp_weight;
  auto score = [&ranker, passage_weight, proximity_weight](Candidate& c, const Xapian::Database& source,
                                                           Xapian::docid did) {
    c.document = source.get_document(did, Xapian::DOC_ASSUME_VALID);  // it came from the MSet
    PassageMap map = decode_passage_map(c.document.get_value(schema::kPassageMapSlot));
    c.id = std::move(map.doc);
    c.sketch = decode_sketch(map.sketch);
    c.passage_scores = ranker.score(source, did, map.spans, proximity_weight > 0 ? &c.proximity : nullptr);
    if (!c.passage_scores.empty()) c.best_passage = *std::max_element(c.passage_scores.begin(), c.passage_scores.end());
    c.score = c.document_score + passage_weight * c.best_passage + proximity_weight * c.proximity;
  };
  const std::size_t n = shards.size();
  const bool any_remote = std::any_of(shards.begin(), shards.end(), [](const Shard& s) { return s.remote(); });
  // Xapian numbers the documents of n databases searched as one by
  // interleaving: docid d is docid (d - 1) / n + 1 of database (d - 1) % n.
  if (n < 2 || !any_remote || db.size() != n) {
    for (Candidate& c : candidates) score(c, db, c.did);
    return;
  }
  std::vector<std::vector<Candidate*>> by_shard(n);
  for (Candidate& c : candidates) by_shard[(c.did - 1) % n].push_back(&c);
  auto score_shard = [&](std::size_t k) {
    for (Candidate* c : by_shard[k]) score(*c, shards[k].db, static_cast<Xapian::docid>((c->did - 1) / n + 1));
  };
  std::vector<std::future<void>> remote;
  for (std::size_t k = 0; k < n; ++k)
    if (shards[k].remote() && !by_shard[k].empty()) remote.push_back(std::async(std::launch::async, score_shard, k));
  for (std::size_t k = 0; k < n; ++k)
    if (!shards[k].remote()) score_shard(k);
  for (std::future<void>& work : remote) work.get();  // rethrows a shard's Xapian error here
}

// like:DOC: DOC's near-duplicates (an updated version, a copy) are the
// documents most like it, whatever the weights of its words say.
void Searcher::Impl::favour_near_duplicates_of_likes(std::vector<Candidate>& ranked) const {
  if (likes.empty() || ranked.empty()) return;
  double top = 0;
  for (const Candidate& c : ranked) top = std::max(top, c.score);
  for (Candidate& c : ranked) {
    double closest = 0;
    for (const LikeDocument& like : likes) closest = std::max(closest, resemblance(c.sketch, like.sketch));
    if (closest >= kNearDuplicateResemblance) c.score += top * closest;
  }
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
  // Every document gives at least one hit, so this many documents cover the
  // requested hits; the margin lets passage evidence lift a document from
  // just below the cut. Folded near-duplicates give none: then more are read.
  const std::size_t wanted = request.offset + request.limit;
  Xapian::MSet mset;
  std::vector<Candidate> ranked;
  std::vector<std::size_t> folded_under;
  for (std::size_t documents = wanted;; documents *= 2) {
    const auto depth = static_cast<Xapian::doccount>(
        request.sort == SortOrder::relevance ? documents + kRerankMargin : documents);
    if (request.sort == SortOrder::date) {
      enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
      mset = enquire.get_mset(0, depth);
    } else {
      mset = top_documents(enquire, depth);
    }
    const PassageRanker ranker(db, mset, parsed.highlight, passage_count);
    ranked.assign(std::min(mset.size(), depth), Candidate());
    for (Xapian::doccount i = 0; i < ranked.size(); ++i) {
      ranked[i].did = *mset[i];
      ranked[i].score = ranked[i].document_score = mset[i].get_weight();
    }
    score_passages(ranked, ranker);
    if (request.sort == SortOrder::relevance) {
      favour_near_duplicates_of_likes(ranked);
      std::sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
      });
    }
    if (!request.collapse) break;
    std::vector<const TextSketch*> sketches;
    for (const Candidate& c : ranked) sketches.push_back(c.passage_scores.empty() ? nullptr : &c.sketch);
    folded_under = fold_near_duplicates(sketches);
    const auto shown = static_cast<std::size_t>(std::count_if(ranked.begin(), ranked.end(), [&](const Candidate& c) {
      return !c.passage_scores.empty() && folded_under[static_cast<std::size_t>(&c - ranked.data())] == kNotFolded;
    }));
    if (shown >= wanted || mset.size() < depth) break;
  }

  results.estimated_matches = mset.get_matches_estimated();
  std::size_t position = 0;  // hits seen, for paging
  for (Candidate& r : ranked) {
    if (results.hits.size() == request.limit) break;
    if (r.passage_scores.empty()) continue;  // no passages: nothing to show
    const std::size_t at = static_cast<std::size_t>(&r - ranked.data());
    if (!folded_under.empty() && folded_under[at] != kNotFolded) continue;
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
        record = decode_record(r.document.get_value(schema::kRecordSlot));
        if (record->passages.size() != r.passage_scores.size())
          throw DatabaseError("database '" + name + "' holds a damaged document record; re-index it");
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
      hit.url = record->url;
      for (const std::string& author : record->authors) hit.author += (hit.author.empty() ? "" : ", ") + author;
      hit.passage = index;
      hit.explanation = {r.document_score, r.best_passage,       ranking.passage_weight,
                         r.passage_scores[index], r.proximity, ranking.tp_weight};
      if (!folded_under.empty())
        for (std::size_t i = at + 1; i < ranked.size(); ++i)
          if (folded_under[i] == at) hit.similar.push_back(ranked[i].id);
      if (request.snippet_bytes) hit.snippet = make_snippet(record->passages[index].text, parsed.highlight, *analyser, request.snippet_bytes);
      results.hits.push_back(std::move(hit));
    }
  }
  return results;
}

}  // namespace quarry
