// quarry::Searcher: passages ranked by Xapian, collapsed to documents, with
// snippets highlighted by the analyser that built the index.
#include <xapian.h>

#include "analyser.h"
#include "database.h"
#include "document.h"
#include "quarry/search.h"
#include "query_parser.h"
#include "schema.h"
#include "snippet.h"

namespace quarry {
namespace {

constexpr std::size_t kMaxLimit = 10000;
constexpr int kReopenAttempts = 3;

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  std::string language;
  std::unique_ptr<Analyser> analyser;

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
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

const std::string& Searcher::language() const { return impl_->language; }

SearchResults Searcher::search(const SearchRequest& request) {
  if (request.limit > kMaxLimit) throw UsageError("limit is at most 10000");
  if (request.passages_per_doc == 0) throw UsageError("passages per document must be at least 1");
  if (request.snippet_bytes < 20) throw UsageError("snippets need at least 20 bytes");
  const ParsedQuery parsed = parse_query(request.query, *impl_->analyser);
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

SearchResults Searcher::Impl::run(const SearchRequest& request, const ParsedQuery& parsed) {
  Xapian::Enquire enquire(db);
  enquire.set_query(parsed.query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  // Passages are ranked; the user sees documents, each by its best passage(s).
  enquire.set_collapse_key(schema::kDocSlot, static_cast<Xapian::doccount>(request.passages_per_doc));
  if (request.sort == SortOrder::date) enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                             static_cast<Xapian::doccount>(request.limit));
  SearchResults results;
  results.estimated_matches = mset.get_matches_estimated();
  std::size_t rank = request.offset;
  for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
    PassageRecord record = decode_passage(it.get_document().get_data());
    Hit hit;
    hit.rank = ++rank;
    hit.score = it.get_weight();
    hit.doc = std::move(record.doc);
    hit.kind = std::move(record.kind);
    hit.title = std::move(record.title);
    hit.date = std::move(record.date);
    hit.section = std::move(record.section);
    hit.source = std::move(record.source);
    hit.passage = record.passage;
    hit.snippet = make_snippet(record.text, parsed.highlight, *analyser, request.snippet_bytes);
    results.hits.push_back(std::move(hit));
  }
  return results;
}

}  // namespace quarry
