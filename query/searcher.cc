// quarry::Searcher: documents ranked by Xapian's BM25 fused with their best
// passage's score; each hit is a passage, with a snippet highlighted by the
// analyser that built the index.
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include "analyser.h"
#include "database.h"
#include "database_info.h"
#include "document.h"
#include "document_lookup.h"
#include "facets.h"
#include "locations.h"
#include "collapse.h"
#include "more_like_this.h"
#include "near_duplicates.h"
#include "field_values.h"
#include "prefix_terms.h"
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

// The documents whose passages and proximity rerank them: always the top
// this many by document BM25, whatever page is asked for, so that rank N is
// the same document on every page (paging is exact). Documents below it
// follow in document-BM25 order. 40 was the depth of a 10-hit first page
// before, so first pages rank as they did.
constexpr std::size_t kRerankDepth = 40;
// An indexer commits at most every few thousand changes, so a read that
// met a commit succeeds when tried again on the new revision; the bound only
// keeps a bug from looping for ever.
constexpr int kReopenAttempts = 100;

// Whether the database at path has moved on from the revision db read.
bool has_newer_revision(const Xapian::Database& db, const std::string& path) {
  try {
    return Xapian::Database(path).get_revision() != db.get_revision();
  } catch (const Xapian::Error&) {
    return false;
  }
}

// Before trying again: at once for the first few, then a little longer.
void pause_before(int attempt) {
  if (attempt > 3) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 50)));
}

// How fully a query covers a document's given title: (the share of the
// title's different words it holds)^2 x the idf of those words. A headline
// typed whole, or a request naming a paper's subject in its title's words,
// finds the document whose short title it fills, as a title field with its
// own length normalisation would (Lucene's); squared, so that a long title
// sharing a word or two with a long query adds little. title_words: the
// title's different words (PassageMap; 0 when none was given).
double title_cover(const PassageRanker::TitleMatch& found, std::uint32_t title_words) {
  if (found.words == 0 || title_words == 0) return 0;
  const double share = std::min(1.0, static_cast<double>(found.words) / title_words);
  return share * share * found.idf;
}

// Whether a position of one document holds a word (a phrase typed with
// punctuation matches only across a gap that holds none), read from its
// stored text analysed again where it was indexed: each passage from its
// first position, a given title's words after the last passage (build.cc's
// layout, from schema.h's gaps); for title: terms, the title's own
// positions. Only the passages asked about are analysed.
class StoredWords {
 public:
  StoredWords(const Xapian::Document& document, Analyser& analyser, bool title_field)
      : document_(document), analyser_(analyser), title_field_(title_field) {}

  bool empty(Xapian::termpos position) {
    if (!record_) record_ = decode_record(document_.get_value(schema::kRecordSlot));
    const std::vector<StoredPassage>& passages = record_->passages;
    std::size_t part = passages.size();  // the title
    if (!title_field_)
      for (std::size_t i = 0; i < passages.size() && part == passages.size(); ++i)
        if (position < passages[i].first_position + passages[i].length) part = i;
    auto [words, fresh] = occupied_.try_emplace(part);
    if (fresh) {
      tokens_.clear();
      if (part < passages.size()) {
        analyser_.tokenize(passages[part].text, tokens_, passages[part].first_position);
      } else {
        Xapian::termpos title_base = 0;
        if (!title_field_) {
          const Xapian::termpos next =
              passages.empty() ? 1 : passages.back().first_position + passages.back().length + schema::kPassagePositionGap;
          title_base = next + schema::kTitlePositionGap;
        }
        analyser_.tokenize(record_->title, tokens_, 1);
        for (Token& token : tokens_) token.position += title_base;
      }
      for (const Token& token : tokens_) words->second.push_back(token.position);  // in order
    }
    return !std::binary_search(words->second.begin(), words->second.end(), position);
  }

 private:
  const Xapian::Document& document_;
  Analyser& analyser_;
  bool title_field_;
  std::optional<DocumentRecord> record_;
  std::map<std::size_t, std::vector<Xapian::termpos>> occupied_;  // per passage (and title) asked about
  std::vector<Token> tokens_;
};

bool is_title_term(const std::string& term) {
  const std::string prefix = schema::kTitlePrefix;
  return term.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

// A document Xapian ranked, on its way to being a hit.
struct Candidate {
  Xapian::docid did = 0;  // in the Searcher's database (all shards as one)
  double score = 0;
  double document_score = 0;
  double best_passage = 0;
  double proximity = 0;
  double title_cover = 0;
  std::string id;  // the document's own id: breaks ties, whatever the shards
  Xapian::Document document;
  std::vector<double> passage_scores;
  TextSketch sketch;         // near-duplicate signature (read with the passage map)
  bool has_passages = true;  // false: nothing to show (known once the passage map is read)
};

// One database of the several a Searcher may search as one.
struct Shard {
  ShardLocation location;
  std::size_t order = 0;  // its place among all the locations
  Xapian::Database db;  // shares its internals with Impl::db
  const std::string& name() const { return location.name; }
  bool remote() const { return location.remote(); }
};

// A shard allow_partial left out, and when to try it again.
struct LeftOut {
  ShardLocation location;
  std::size_t order;  // its place among all the locations
  std::string why;
  std::chrono::steady_clock::time_point retry_at;
  std::chrono::milliseconds backoff;
};

// Which file or folder a path names: a database rebuilt at the same path is
// another folder (quarry-index into a removed one, or its first bulk load
// swapped in), while commits change files inside it.
namespace {
struct FolderIdentity {
  std::string path;
  dev_t device = 0;
  ino_t inode = 0;
};

std::optional<FolderIdentity> identify(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) return std::nullopt;
  return FolderIdentity{path, info.st_dev, info.st_ino};
}
}  // namespace

struct Searcher::Impl {
  std::string name;  // every shard's name, for messages about them all
  std::vector<std::string> given;  // the locations as given, to open them again
  // The local locations and shards as they were when opened. Xapian reopens
  // a database only when the revision on disk differs from the one it has
  // read, so a database rebuilt at the same path, at the same revision,
  // went unseen: the old one, deleted, was searched until a restart.
  std::vector<FolderIdentity> folders;
  SearcherOptions options;
  std::vector<Shard> shards;
  std::vector<LeftOut> left_out;
  std::vector<std::string> unavailable;  // why each left-out shard is missing (left_out's whys)
  Xapian::Database db;  // all shards as one: Xapian merges their statistics
  double passage_count = 0;  // over all shards: get_metadata on db reads only the first's
  std::string language;
  std::unique_ptr<Analyser> analyser;
  RankingParams ranking;
  FieldVocabulary vocabulary;  // of db as it is now: combine() and every retry forget it

  void open(const std::vector<std::string>& locations);
  void open_shard(const ShardLocation& location, std::size_t order);
  Xapian::Database connect(const ShardLocation& location) const;
  void combine();
  void leave_out_unreachable_shards();
  void leave_out(Shard&& shard, std::string why);
  void try_left_out_shards();
  Xapian::Query ranked_query(const ParsedQuery& parsed) const;
  Xapian::Query expand(Xapian::Enquire& enquire, const Xapian::Query& query, const ParsedQuery& parsed,
                       std::vector<std::string>& added_terms) const;
  std::vector<std::pair<double, std::string>> relevance_model(
      const Xapian::MSet& top, const std::set<std::string>& query_terms,
      const std::function<bool(const std::string&)>& plain_word) const;
  static Xapian::MSet top_documents(Xapian::Enquire& enquire, Xapian::doccount count);
  static Xapian::MSet ranked_documents(Xapian::Enquire& enquire, Xapian::doccount count);
  static Xapian::MSet dated_documents(Xapian::Enquire& enquire, Xapian::doccount count, bool oldest_first);
  void score_passages(std::vector<Candidate*>& candidates, const PassageRanker& ranker) const;
  void read_ids(std::vector<Candidate>& candidates, std::size_t begin, std::size_t end) const;
  Xapian::Query resolve_near(const NearGroups& near) const;
  Xapian::Query resolve_phrase(const std::vector<std::string>& terms, const std::vector<Xapian::termpos>& offsets,
                               const Xapian::Query& superset) const;

  SearchResults run(const SearchRequest& request, const ParsedQuery& parsed);
  // Parses text against the databases: NEAR with phrases made exact,
  // prefixes ("kash*") expanded to the terms they stand for.
  // like:DOC documents are read (and, when likes is given, kept there for
  // ranking) and left out of the matches.
  ParsedQuery parse(const std::string& text, std::vector<LikeDocument>* likes = nullptr);
  std::string suggestion(const std::string& text, const ParsedQuery& parsed, bool require_more_hits);
  std::vector<LikeDocument> likes;  // of the query being run
  void read_sketches(std::vector<Candidate>& candidates, std::size_t begin, std::size_t end) const;
  void favour_near_duplicates_of_likes(std::vector<Candidate>& ranked, std::size_t end) const;
  // The hits (run), then the exact counts the request asks for.
  SearchResults answer(const SearchRequest& request);
  // Runs read(), reading the databases anew when an indexer committed under
  // it and reconnecting (or leaving out) remote shards after a network
  // failure; every Xapian error leaves as a quarry::Error.
  template <class Read>
  auto retrying(Read read) -> decltype(read());
  void reread_or_damaged(int attempt);
};

void Searcher::Impl::open(const std::vector<std::string>& locations) {
  if (locations.empty()) throw UsageError("no database to search");
  std::vector<ShardLocation> expanded;
  for (const std::string& location : locations)
    for (ShardLocation& shard : expand_location(location)) expanded.push_back(std::move(shard));
  given = locations;
  for (const std::string& location : locations)
    if (auto folder = identify(location)) folders.push_back(std::move(*folder));
  for (const ShardLocation& shard : expanded)
    if (!shard.remote())
      if (auto folder = identify(shard.path)) folders.push_back(std::move(*folder));
  std::set<std::string> seen;
  for (const ShardLocation& shard : expanded) {
    name += (name.empty() ? "" : ", ") + shard.name;
    std::error_code ec;
    const std::string key = shard.remote() ? shard.name : std::filesystem::weakly_canonical(shard.path, ec).string();
    if (!seen.insert(ec ? shard.path : key).second)
      throw UsageError("'" + shard.name + "' is given twice; its documents would count twice");
  }
  for (std::size_t i = 0; i < expanded.size(); ++i) open_shard(expanded[i], i);
  // The same database under two names (its folder and the xapian-tcpsrv that
  // serves it, or a copy of its folder) is known by its UUID.
  std::map<std::string, std::string> by_uuid;
  for (const Shard& shard : shards) {
    std::string uuid;
    try {
      uuid = shard.db.get_uuid();
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(shard.name());
    }
    if (uuid.empty()) continue;
    const auto [first, added] = by_uuid.emplace(uuid, shard.name());
    if (!added)
      throw UsageError("'" + first->second + "' and '" + shard.name() +
                       "' are one database (the same, or a copy of it); its documents would count twice");
  }
  if (shards.empty())
    throw ShardUnavailableError("no shard could be reached: " + [this] {
      std::string all;
      for (const std::string& why : unavailable) all += (all.empty() ? "" : "; ") + why;
      return all;
    }());
  // A reopen that meets a commit in turn is tried again by the next attempt.
  const auto pause_and_reopen = [&](int attempt) {
    pause_before(attempt);
    try {
      for (Shard& shard : shards) shard.db.reopen();
    } catch (const Xapian::DatabaseModifiedError&) {
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(name);
    }
  };
  for (int attempt = 1;; ++attempt) {
    try {
      combine();
      return;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kReopenAttempts) rethrow_as_quarry_error(name);
      pause_and_reopen(attempt);
    } catch (const Xapian::DatabaseCorruptError&) {
      // As when opening a shard: a commit passing by, or damage.
      if (attempt > 5) rethrow_as_quarry_error(name);
      pause_and_reopen(attempt);
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(name);
    }
  }
}

// Opens one shard and checks it; throws Xapian's errors.
Xapian::Database Searcher::Impl::connect(const ShardLocation& location) const {
  const unsigned timeout = options.remote_timeout_ms;
  return location.remote() ? Xapian::Remote::open(location.host, location.port, timeout, timeout)
                           : Xapian::Database(location.path);
}

void Searcher::Impl::open_shard(const ShardLocation& location, std::size_t order) {
  Shard shard{location, order, {}};
  std::string shard_language;
  try {
    for (int attempt = 1;; ++attempt) {
      try {
        shard.db = connect(location);
        shard_language = check_compatible(shard.db, shard.name());
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        // Committed to twice while being opened: open the new revision.
        if (attempt == kReopenAttempts) rethrow_as_quarry_error(shard.name());
        pause_before(attempt);
      } catch (const Xapian::DatabaseCorruptError&) {
        // Damaged, or rewritten by a commit while read: only a newer
        // revision on disk tells the second.
        // (A few tries whatever the revision: the open itself may have read
        // the half-rewritten part.)
        if (attempt == kReopenAttempts || location.remote() ||
            (attempt > 5 && !has_newer_revision(shard.db, location.path)))
          rethrow_as_quarry_error(shard.name());
        pause_before(attempt);
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(shard.name());
      }
    }
  } catch (const ShardUnavailableError& e) {
    if (!options.allow_partial) throw;
    leave_out(std::move(shard), e.what());
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
  vocabulary.clear();
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
        if (options.allow_partial) {
          leave_out(std::move(shard), e.what());
          continue;
        }
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
  combine();
}

void Searcher::Impl::leave_out(Shard&& shard, std::string why) {
  const std::chrono::milliseconds backoff(options.retry_after_ms);
  left_out.push_back({std::move(shard.location), shard.order, std::move(why),
                      std::chrono::steady_clock::now() + backoff, backoff});
  unavailable.clear();
  for (const LeftOut& l : left_out) unavailable.push_back(l.why);
}

// Before a search: each left-out shard whose time has come is connected
// again; one that answers (with the same language) joins the others in its
// old place, one that does not waits twice as long for its next try.
void Searcher::Impl::try_left_out_shards() {
  if (left_out.empty()) return;
  const auto now = std::chrono::steady_clock::now();
  bool joined = false;
  std::vector<LeftOut> still;
  for (LeftOut& l : left_out) {
    if (now < l.retry_at) {
      still.push_back(std::move(l));
      continue;
    }
    try {
      try {
        Xapian::Database fresh = connect(l.location);
        if (check_compatible(fresh, l.location.name) != language) throw ShardUnavailableError(l.why);
        shards.push_back({std::move(l.location), l.order, fresh});
        joined = true;
        continue;
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(l.location.name);
      }
    } catch (const Error& e) {
      l.why = e.what();
      l.backoff = std::min<std::chrono::milliseconds>(std::max<std::chrono::milliseconds>(l.backoff * 2, std::chrono::milliseconds(1)),
                                                      std::chrono::minutes(1));
      if (options.retry_after_ms == 0) l.backoff = std::chrono::milliseconds(0);
      l.retry_at = std::chrono::steady_clock::now() + l.backoff;
      still.push_back(std::move(l));
    }
  }
  left_out = std::move(still);
  unavailable.clear();
  for (const LeftOut& l : left_out) unavailable.push_back(l.why);
  if (!joined) return;
  std::sort(shards.begin(), shards.end(), [](const Shard& a, const Shard& b) { return a.order < b.order; });
  try {
    combine();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(name);
  }
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

Searcher::Impl& Searcher::impl() const {
  if (!impl_) throw UsageError("this Searcher was moved from: it searches nothing (assign it an open one)");
  return *impl_;
}

const std::string& Searcher::language() const { return impl().language; }

std::size_t Searcher::document_count() const {
  try {
    return impl().db.get_doccount();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(impl().name);
  }
}

std::size_t Searcher::shard_count() const { return impl().shards.size(); }

const std::vector<std::string>& Searcher::unavailable_shards() const { return impl().unavailable; }

SortOrder sort_order_named(const std::string& name) {
  if (name == "relevance") return SortOrder::relevance;
  if (name == "date") return SortOrder::date;
  if (name == "date-asc") return SortOrder::date_ascending;
  throw UsageError("sort is relevance, date or date-asc, not '" + name + "'");
}

std::string like_query(const std::string& doc, const std::string& query) {
  if (doc.empty()) throw UsageError("give the id of the document to find others like");
  if (doc.find('"') != std::string::npos)
    throw UsageError("a document id with a double quote cannot be searched for like: ('" + doc + "')");
  return "like:\"" + doc + "\"" + (query.empty() ? "" : " " + query);
}

void validate(const SearchRequest& request) {
  if (request.query.size() > kMaxQueryBytes)
    throw UsageError("the query is too long (at most " + std::to_string(kMaxQueryBytes) + " bytes)");
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos) throw UsageError("give a query");
  if (request.limit > kMaxLimit) throw UsageError("limit is at most " + std::to_string(kMaxLimit));
  if (request.offset > kMaxOffset) throw UsageError("offset is at most " + std::to_string(kMaxOffset));
  if (request.passages_per_doc == 0 || request.passages_per_doc > kMaxPassagesPerDoc)
    throw UsageError("passages per document must be from 1 to " + std::to_string(kMaxPassagesPerDoc));
  if (request.snippet_bytes && (request.snippet_bytes < kMinSnippetBytes || request.snippet_bytes > kMaxSnippetBytes))
    throw UsageError("snippets need from " + std::to_string(kMinSnippetBytes) + " to " +
                     std::to_string(kMaxSnippetBytes) + " bytes (or 0 for none)");
  check_facet_fields(request.facets);
}

// A block that looks damaged, or a document the index names but cannot
// find, is what a read sees when an indexer rewrote that part under it (or
// deleted the document). If the database has a newer revision, it is read
// again; if not, nothing changed under the read and the database is damaged.
void Searcher::Impl::reread_or_damaged(int attempt) {
  bool changed = false;
  try {
    changed = db.reopen();
    if (changed) combine();
  } catch (const Xapian::DatabaseModifiedError&) {
    changed = true;
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(name);
  }
  if (!changed || attempt == kReopenAttempts) throw DatabaseError(damaged_message(name));
}

template <class Read>
auto Searcher::Impl::retrying(Read read) -> decltype(read()) {
  try_left_out_shards();
  for (int attempt = 1;; ++attempt) {
    // A failed attempt may have reopened some shards and not combined them.
    if (attempt > 1) vocabulary.clear();
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError&) {
      // An indexer committed while we read: read the new revision (which
      // may itself change while being read: then again).
      if (attempt == kReopenAttempts) rethrow_as_quarry_error(name);
      pause_before(attempt);
      try {
        db.reopen();
        combine();
      } catch (const Xapian::DatabaseModifiedError&) {
      } catch (const Xapian::DatabaseCorruptError&) {
        // Read under the next commit: the next attempt tells damage apart.
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(name);
      }
    } catch (const Xapian::DatabaseCorruptError&) {
      reread_or_damaged(attempt);
    } catch (const Xapian::DocNotFoundError&) {
      reread_or_damaged(attempt);
    } catch (const DamagedRecordError&) {
      reread_or_damaged(attempt);
    } catch (const Xapian::NetworkError&) {
      if (attempt == kReopenAttempts) rethrow_as_quarry_error(name);
      try {
        leave_out_unreachable_shards();
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(name);
      }
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(name);
    }
  }
}

SearchResults Searcher::search(const SearchRequest& request) {
  validate(request);
  // Parsed without the database first, so that a query error is reported as
  // such; then again with it, for what only the database can decide (NEAR
  // with phrases).
  const ParsedQuery checked = parse_query(request.query, *impl().analyser, impl().ranking.stop_words);
  SearchResults results;
  if (!checked.query.empty() || !checked.like.empty() || !checked.unlike.empty()) {
    results = impl().retrying([&] { return impl().answer(request); });
  } else if (request.count || !request.facets.empty() || request.limit == 0) {
    results.total_matches = 0;
    for (const std::string& field : request.facets) results.facets.push_back({field, {}});
  }
  results.partial = !impl().unavailable.empty();
  return results;
}

ParsedQuery Searcher::Impl::parse(const std::string& text, std::vector<LikeDocument>* kept) {
  const NearResolver near = [this](const NearGroups& groups) { return resolve_near(groups); };
  const PrefixExpander expand = [this](const std::string& prefix) {
    return terms_with_prefix(db, prefix, kMaxPrefixTerms);
  };
  std::vector<LikeDocument> found;
  const LikeQuery like = [&](const std::string& doc, HighlightPlan& plan) {
    found.push_back(like_document(db, doc, language, plan));
    return found.back().query;
  };
  const PhraseResolver phrase = [this](const std::vector<std::string>& terms,
                                       const std::vector<Xapian::termpos>& offsets, const Xapian::Query& superset) {
    return resolve_phrase(terms, offsets, superset);
  };
  const FieldValues values = [this](const char* term_prefix, const std::string& value) {
    return vocabulary.terms(db, term_prefix, value);
  };
  ParsedQuery parsed = parse_query(text, *analyser, ranking.stop_words, near, expand, ranking.request_frames, like,
                                   phrase, values);
  if (!found.empty() && !parsed.query.empty()) {
    std::vector<Xapian::Query> themselves;
    for (const LikeDocument& document : found) themselves.emplace_back(document.id_term);
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, parsed.query,
                                 Xapian::Query(Xapian::Query::OP_OR, themselves.begin(), themselves.end()));
  }
  if (kept) *kept = std::move(found);
  return parsed;
}

std::string Searcher::Impl::suggestion(const std::string& text, const ParsedQuery& parsed, bool require_more_hits) {
  std::vector<Xapian::Database> each;
  for (const Shard& shard : shards) each.push_back(shard.db);
  const SpellingContext context{db, each, *analyser, [this](const std::string& corrected) { return parse(corrected); }};
  const std::vector<std::size_t> rare = rare_typed_words(parsed, context);
  return rare.empty() ? std::string() : suggest_spelling(text, parsed, rare, context, require_more_hits);
}

std::string Searcher::suggest(const std::string& query) {
  if (query.size() > kMaxQueryBytes)
    throw UsageError("the query is too long (at most " + std::to_string(kMaxQueryBytes) + " bytes)");
  if (parse_query(query, *impl().analyser, impl().ranking.stop_words).query.empty()) return {};
  return impl().retrying([&] { return impl().suggestion(query, impl().parse(query), false); });
}

SearchResults Searcher::Impl::answer(const SearchRequest& request) {
  const ParsedQuery parsed = parse(request.query, &likes);
  SearchResults results;
  if (request.limit > 0) results = run(request, parsed);
  if (request.limit > 0 && request.suggest) results.suggestion = suggestion(request.query, parsed, true);
  // No hits asked: then what is asked is how many documents match, exactly.
  if (request.count || !request.facets.empty() || request.limit == 0) {
    MatchCounts counts = count_matches(db, parsed.query, request.facets, request.facet_limit);
    results.total_matches = counts.matches;
    if (request.limit == 0) results.estimated_matches = counts.matches;
    results.facets = std::move(counts.facets);
  }
  return results;
}

std::optional<DocumentText> Searcher::document(const std::string& doc, const std::string& query) {
  if (query.size() > kMaxQueryBytes)
    throw UsageError("the query is too long (at most " + std::to_string(kMaxQueryBytes) + " bytes)");
  parse_query(query, *impl().analyser, impl().ranking.stop_words);  // a query error is reported as such
  return impl().retrying([&] { return find_document(impl().db, doc, impl().parse(query).highlight, *impl().analyser); });
}

DatabaseInfo Searcher::info() {
  return impl().retrying([this] {
    std::vector<ShardFacts> shards;
    for (const Shard& shard : impl().shards) shards.push_back({shard.name(), shard.location.path, shard.db});
    return describe_databases(impl().db, shards, impl().language);
  });
}

bool Searcher::refresh() {
  const auto replaced = [](const FolderIdentity& then) {
    const std::optional<FolderIdentity> now = identify(then.path);
    return now && (now->device != then.device || now->inode != then.inode);
  };
  if (std::any_of(impl().folders.begin(), impl().folders.end(), replaced)) {
    // Another database (perhaps of another language): opened as new.
    Searcher fresh(impl().given, impl().options);
    impl_ = std::move(fresh.impl_);
    return true;
  }
  return impl().retrying([this] {
    const bool changed = impl().db.reopen();
    if (changed) impl().combine();
    return changed;
  });
}

std::string Searcher::analyser() const { return Analyser::id(); }

// The parsed query, plus weight (never extra matches) for query words found
// in the title.
Xapian::Query Searcher::Impl::ranked_query(const ParsedQuery& parsed) const {
  if (ranking.title_weight <= 0) return parsed.query;
  // The plan's words, and NEAR's (marked only where near, but query words all the same).
  std::unordered_set<std::string> words = parsed.highlight.terms;
  for (const NearGroups& near : parsed.highlight.nears)
    for (const auto& group : near.groups)
      if (group.size() == 1) words.insert(group[0]);
  if (words.empty()) return parsed.query;
  std::vector<Xapian::Query> title_terms;
  for (const std::string& term : words) title_terms.emplace_back(schema::kTitlePrefix + term);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, title_terms.begin(), title_terms.end()),
                                     ranking.title_weight));
}

// RM3's relevance model over the top documents: P(w|R) = sum over the
// feedback documents d of P(w|d) P(d|q), with P(w|d) = tf / |d| and P(d|q)
// proportional to exp(prf_sharpness x d's weight / the top document's
// weight); its prf_terms most probable words, by descending P. The relevance
// model's P(d|q) is the query likelihood, exponential in a log-probability
// score; read the same way, BM25 weights make the top documents count more
// than their share of the weights would (prf_sharpness 0), and relative to
// the top weight the spread is the same for short and long queries and for
// small and large collections.
std::vector<std::pair<double, std::string>> Searcher::Impl::relevance_model(
    const Xapian::MSet& top, const std::set<std::string>& query_terms,
    const std::function<bool(const std::string&)>& plain_word) const {
  std::vector<std::pair<double, std::string>> best;
  const Xapian::doccount feedback = std::min<Xapian::doccount>(top.size(), ranking.prf_docs);
  if (feedback == 0 || top[0].get_weight() <= 0) return best;
  const double top_weight = top[0].get_weight();
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
  for (const auto& [term, p] : model) best.emplace_back(p, term);
  const std::size_t keep = std::min<std::size_t>(ranking.prf_terms, best.size());
  std::partial_sort(best.begin(), best.begin() + keep, best.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  best.resize(keep);
  return best;
}

// The parts of a request of several sentences, each part a query of its
// own (its words and compounds) and its number of words (a compound is one):
// a sentence of fewer than min_words is joined to the one before it (the
// first, to the one after). None when the query is more than plain words
// (ParsedQuery::plain) or min_words is 0.
constexpr std::size_t kMaxRequestParts = 8;
struct RequestPart {
  std::vector<Xapian::Query> units;
  std::size_t words = 0;
};
static std::vector<RequestPart> request_parts(const ParsedQuery& parsed, unsigned min_words) {
  std::vector<RequestPart> sentences(parsed.sentence_ends.size() + 1), parts;
  if (min_words == 0 || !parsed.plain || parsed.sentence_ends.empty()) return parts;
  std::size_t sentence = 0;
  for (std::size_t i = 0; i < parsed.sequence.size(); ++i) {
    while (sentence < parsed.sentence_ends.size() && i >= parsed.sentence_ends[sentence]) ++sentence;
    sentences[sentence].units.emplace_back(parsed.sequence[i]);
    ++sentences[sentence].words;
  }
  for (const auto& [in, compound] : parsed.compounds) {
    sentences[std::min(in, sentences.size() - 1)].units.push_back(compound);
    ++sentences[std::min(in, sentences.size() - 1)].words;
  }
  auto join = [](RequestPart& into, RequestPart& part) {
    into.units.insert(into.units.end(), part.units.begin(), part.units.end());
    into.words += part.words;
  };
  for (RequestPart& part : sentences) {
    if (part.words == 0) continue;
    if (!parts.empty() && (part.words < min_words || parts.back().words < min_words)) join(parts.back(), part);
    else parts.push_back(std::move(part));
  }
  if (parts.size() >= 2 && parts.back().words < min_words) {
    join(parts[parts.size() - 2], parts.back());
    parts.pop_back();
  }
  // Each part costs a search and its documents' term lists: a pasted
  // article of 400 short sentences is cut into kMaxRequestParts runs of them.
  if (parts.size() > kMaxRequestParts) {
    std::vector<RequestPart> runs(kMaxRequestParts);
    for (std::size_t i = 0; i < parts.size(); ++i) join(runs[i * kMaxRequestParts / parts.size()], parts[i]);
    parts = std::move(runs);
  }
  return parts;
}

// Pseudo-relevance feedback: words that mark the top documents add weight to
// the documents that also hold them. They reorder, never add, matches: every
// hit still holds what the user typed, and so has something to highlight.
Xapian::Query Searcher::Impl::expand(Xapian::Enquire& enquire, const Xapian::Query& query, const ParsedQuery& parsed,
                                     std::vector<std::string>& added_terms) const {
  std::set<std::string> query_terms;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) query_terms.insert(*it);
  const std::vector<RequestPart> parts =
      ranking.prf_mode == 1 ? request_parts(parsed, ranking.prf_parts) : std::vector<RequestPart>{};
  const Xapian::MSet top = parts.size() < 2 ? top_documents(enquire, ranking.prf_docs) : Xapian::MSet();
  if (parts.size() < 2 && top.empty()) return query;
  const Xapian::doccount feedback = std::min<Xapian::doccount>(top.size(), ranking.prf_docs);
  // Prefixed (title, boolean) terms, numbers, single letters ("U.S" is u, s)
  // and stop words make poor feedback terms.
  auto plain_word = [this](const std::string& term) {
    return term.size() > 1 && !schema::is_prefixed(term) &&
           !std::isdigit(static_cast<unsigned char>(term[0])) && !is_feedback_noise(term, language);
  };
  std::vector<Xapian::Query> added;
  if (ranking.prf_mode == 1) {
    // RM3 (Lavrenko & Croft's relevance model, interpolated with the query):
    // the model's prf_terms most probable words (relevance_model), the
    // query's own among them, are added with weights summing to prf_weight x
    // the query's word count (1: RM3's even mix of query and model), so the
    // feedback also reweights what was typed: its words that mark the top
    // documents gain.
    // A request of several parts gets a model per part instead, from the
    // part's own top documents and weighted by its share of the words, so
    // that the part the first ranking favours does not bury the others.
    const double typed = static_cast<double>(std::max<std::ptrdiff_t>(
        1, std::count_if(query_terms.begin(), query_terms.end(),
                         [](const std::string& term) { return !term.empty() && !schema::is_prefixed(term); })));
    std::map<std::string, double> weights;
    auto add_model = [&](const Xapian::MSet& documents, double share) {
      const auto best = relevance_model(documents, query_terms, plain_word);
      double mass = 0;
      for (const auto& [p, term] : best) mass += p;
      if (mass <= 0) return;
      const double scale = ranking.prf_weight * share / mass;
      for (const auto& [p, term] : best) weights[term] += scale * p;
    };
    if (parts.size() < 2) {
      add_model(top, typed);
    } else {
      std::size_t words = 0;
      for (const RequestPart& part : parts) words += part.words;
      Xapian::Enquire part_enquire(db);
      part_enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
      for (const RequestPart& part : parts) {
        part_enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, part.units.begin(), part.units.end()));
        add_model(top_documents(part_enquire, ranking.prf_docs),
                  typed * static_cast<double>(part.words) / static_cast<double>(words));
      }
    }
    if (weights.empty()) return query;
    std::vector<std::pair<double, std::string>> by_weight;  // --explain lists the heaviest first
    for (const auto& [term, weight] : weights) by_weight.emplace_back(weight, term);
    std::sort(by_weight.begin(), by_weight.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [weight, term] : by_weight) {
      added.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
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
  // Exact term frequencies, as for like:DOC (more_like_this.cc): the words
  // chosen must not depend on the shard layout.
  const Xapian::ESet eset = enquire.get_eset(ranking.prf_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
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
// Xapian sums a document's weights along an OR tree each shard shapes by its
// own term frequencies, so the same document (or two identical ones in two
// shards) can weigh a last bit more or less on another layout, and a tie
// that orders by id on one database ordered by that bit on shards (s69 and
// s103, 1.6052893730802786 and ...784). Kept to 40 significant bits (1e-12),
// weights that differ by such noise are equal, and ties order by id.
static double layout_free(double weight) {
  int exponent = 0;
  const double mantissa = std::frexp(weight, &exponent);
  return std::ldexp(std::round(std::ldexp(mantissa, 40)), exponent - 40);
}

// Documents of equal weight at the cut are taken by document id, not by
// Xapian's docid, which depends on how documents are spread over shards: so a
// ranking is the same however the collection is sharded. The document after
// the cut shows whether a tie straddles it; only then (rarely with words,
// always for a filter alone) is the query run again with ties sorted by id,
// which would cost ~10 % of every query if done always.
//
// Every match is checked (check_at_least: all): while it pruned what could no
// longer enter the top count, Xapian 1.4.22 sometimes left out a document
// that belongs there, so a page of 7 and the long page disagreed (test
// OperatorMixes.PagesOfSevenAreTheLongPageOverThreeShards). The cost is
// within noise on 6,000 Dawn records (bench/README.md).
Xapian::MSet Searcher::Impl::top_documents(Xapian::Enquire& enquire, Xapian::doccount count) {
  Xapian::MSet mset = enquire.get_mset(0, count + 1, std::numeric_limits<Xapian::doccount>::max());
  if (mset.size() <= count || layout_free(mset[count].get_weight()) != layout_free(mset[count - 1].get_weight()))
    return mset;
  enquire.set_sort_by_relevance_then_value(schema::kDocSlot, false);
  // Checking every match here too: pruning, Xapian also gave a document that
  // lacks a phrase of the query the phrase's weight, so a page ranked it far
  // above its place in the long page (FacetMixes.PagesAreTheLongPageWhenATieStraddlesTheCut).
  mset = enquire.get_mset(0, count, std::numeric_limits<Xapian::doccount>::max());
  enquire.set_sort_by_relevance();
  return mset;
}

// The top count documents for the ranking, which orders equal weights
// (equal once layout_free) by document id: the MSet is read on past the cut
// until the run of equal weights there ends, and the caller sorts that run by
// id. top_documents' re-run sorts a tie by Xapian's raw weight first, so
// when copies in several shards weighed a last bit apart straddled the cut,
// the cut took the heavier bit, not the smaller id: a page of 7 repeated one
// copy and skipped another (ShardMixesTies.PagesAreTheLongPageWhenCopiesInThreeShardsTieAtTheCut).
// A weight of 0 (a filter alone; every match ties) has no such bits: Xapian
// sorts that tie by id itself, without reading every match.
Xapian::MSet Searcher::Impl::ranked_documents(Xapian::Enquire& enquire, Xapian::doccount count) {
  Xapian::MSet mset = enquire.get_mset(0, count + 1, std::numeric_limits<Xapian::doccount>::max());
  if (mset.size() <= count) return mset;
  const double cut = layout_free(mset[count - 1].get_weight());
  if (layout_free(mset[count].get_weight()) != cut) return mset;
  if (cut == 0) {
    enquire.set_sort_by_relevance_then_value(schema::kDocSlot, false);
    mset = enquire.get_mset(0, count, std::numeric_limits<Xapian::doccount>::max());
    enquire.set_sort_by_relevance();
    return mset;
  }
  for (Xapian::doccount asked = 2 * (count + 1);; asked *= 2) {
    mset = enquire.get_mset(0, asked, std::numeric_limits<Xapian::doccount>::max());
    if (mset.size() < asked || layout_free(mset[asked - 1].get_weight()) != cut) return mset;
  }
}

// The newest (or oldest) count documents, equal dates by weight, then equal
// dates and weights by document id (Xapian would order those by its docid,
// which depends on the layout of shards): the MSet is read on past the cut
// until the run of equal keys there ends, so the caller can sort that run by
// id. Undated documents come last either way.
Xapian::MSet Searcher::Impl::dated_documents(Xapian::Enquire& enquire, Xapian::doccount count, bool oldest_first) {
  if (oldest_first) enquire.set_sort_by_value_then_relevance(schema::kOldestFirstSlot, false);
  else enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
  Xapian::doccount asked = count + 1;
  for (;;) {
    // Every match checked, as in top_documents: a date order reads every
    // match's date anyway, so this costs nothing, and Xapian's pruning by
    // weight cannot then touch the order of documents of one date.
    Xapian::MSet mset = enquire.get_mset(0, asked, std::numeric_limits<Xapian::doccount>::max());
    if (mset.size() < asked) return mset;
    const Xapian::MSetIterator last = mset[asked - 1], before = mset[count - 1];
    if (last.get_sort_key() != before.get_sort_key() || layout_free(last.get_weight()) != layout_free(before.get_weight()))
      return mset;
    asked *= 2;
  }
}

// Documents of the exact NEAR: the superset's, checked position by position.
// The result is the superset restricted to their ids (Q terms), or without
// the ids it rejected, a query every shard, local or remote, answers alike.
Xapian::Query Searcher::Impl::resolve_near(const NearGroups& near) const {
  const bool title_field = is_title_term(near.groups.front().front());
  // A NEAR of words only (resolved for its wide window) is exact where no
  // word of it is in the given title: only documents with one there are
  // read, and the query is the superset without those it rejects.
  const bool words_only =
      !title_field && std::all_of(near.groups.begin(), near.groups.end(), [](const auto& g) { return g.size() == 1; });
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  if (words_only) {
    std::vector<Xapian::Query> in_title;
    for (const auto& group : near.groups) in_title.emplace_back(schema::kTitlePrefix + group.front());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, near.superset,
                                    Xapian::Query(Xapian::Query::OP_OR, in_title.begin(), in_title.end())));
  } else {
    enquire.set_query(near.superset);
  }
  const Xapian::MSet all = enquire.get_mset(0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  std::vector<Xapian::Query> ids, rejected;
  std::vector<std::vector<Xapian::termpos>> positions;
  for (Xapian::MSetIterator m = all.begin(); m != all.end(); ++m) {
    positions.clear();
    for (const auto& group : near.groups)
      for (const std::string& term : group)
        positions.emplace_back(db.positionlist_begin(*m, term), db.positionlist_end(*m, term));
    const Xapian::Document document = m.get_document();
    StoredWords words(document, *analyser, title_field);
    const auto empty = [&](Xapian::termpos position) { return words.empty(position); };
    bool found = false;
    if (title_field) {
      found = near_groups_match(near, positions, empty);
    } else {
      // A window lies in the body or in the given title, whose words follow
      // the last passage: never across.
      const PassageMap map = decode_passage_map(document.get_value(schema::kPassageMapSlot));
      const Xapian::termpos title_from = map.spans.empty() ? 1 : map.spans.back().first_position + map.spans.back().length;
      std::vector<std::vector<Xapian::termpos>> body(positions.size()), title(positions.size());
      for (std::size_t t = 0; t < positions.size(); ++t) {
        const auto cut = std::lower_bound(positions[t].begin(), positions[t].end(), title_from);
        body[t].assign(positions[t].begin(), cut);
        title[t].assign(cut, positions[t].end());
      }
      found = near_groups_match(near, body, empty) || near_groups_match(near, title, empty);
    }
    (found ? ids : rejected).emplace_back(schema::id_term(schema::kDocPrefix, document.get_value(schema::kDocSlot)));
  }
  if (ids.empty() && !words_only) return Xapian::Query::MatchNothing;
  // The shorter list of the two: a wide NEAR of words matches thousands of
  // documents and rejects a few, and an OR of thousands of ids is what made
  // such a query slow.
  if (rejected.empty()) return near.superset;
  if (words_only || rejected.size() < ids.size())
    return Xapian::Query(Xapian::Query::OP_AND_NOT, near.superset,
                         Xapian::Query(Xapian::Query::OP_OR, rejected.begin(), rejected.end()));
  return Xapian::Query(Xapian::Query::OP_FILTER, near.superset, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
}

// Documents of a phrase typed with punctuation inside: the superset's,
// checked position by position (phrase_end_at), as resolve_near does.
Xapian::Query Searcher::Impl::resolve_phrase(const std::vector<std::string>& terms,
                                             const std::vector<Xapian::termpos>& offsets,
                                             const Xapian::Query& superset) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(superset);
  const Xapian::MSet all = enquire.get_mset(0, std::max<Xapian::doccount>(db.get_doccount(), 1));
  std::vector<Xapian::Query> ids, failed;
  std::vector<std::vector<Xapian::termpos>> positions(terms.size());
  const auto never_empty = [](Xapian::termpos) { return false; };
  for (Xapian::MSetIterator m = all.begin(); m != all.end(); ++m) {
    for (std::size_t k = 0; k < terms.size(); ++k)
      positions[k].assign(db.positionlist_begin(*m, terms[k]), db.positionlist_end(*m, terms[k]));
    const Xapian::Document document = m.get_document();
    StoredWords words(document, *analyser, is_title_term(terms[0]));
    const auto empty = [&](Xapian::termpos position) { return words.empty(position); };
    // Adjacent words anywhere first: then no text is read.
    bool found = false;
    for (std::size_t i = 0; i < positions[0].size() && !found; ++i)
      found = phrase_end_at(positions.data(), offsets, positions[0][i], never_empty).has_value();
    for (std::size_t i = 0; i < positions[0].size() && !found; ++i)
      found = phrase_end_at(positions.data(), offsets, positions[0][i], empty).has_value();
    (found ? ids : failed).emplace_back(schema::id_term(schema::kDocPrefix, document.get_value(schema::kDocSlot)));
  }
  // The shorter list: most documents of "of, the" pass, few of "the, of".
  if (ids.empty()) return Xapian::Query::MatchNothing;
  if (failed.empty()) return superset;
  if (failed.size() < ids.size())
    return Xapian::Query(Xapian::Query::OP_AND_NOT, superset, Xapian::Query(Xapian::Query::OP_OR, failed.begin(), failed.end()));
  return Xapian::Query(Xapian::Query::OP_FILTER, superset, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
}

// The signature of candidates [begin, end) not yet read, for folding
// near-duplicates (with their ids: the passage map holds both).
void Searcher::Impl::read_sketches(std::vector<Candidate>& candidates, std::size_t begin, std::size_t end) const {
  for (std::size_t i = begin; i < end; ++i) {
    Candidate& c = candidates[i];
    if (c.document.get_docid()) continue;
    c.document = db.get_document(c.did, Xapian::DOC_ASSUME_VALID);
    PassageMap map = decode_passage_map(c.document.get_value(schema::kPassageMapSlot));
    c.id = std::move(map.doc);
    c.sketch = decode_sketch(map.sketch);
    c.has_passages = !map.spans.empty();
  }
}

// like:DOC: DOC's near-duplicates (an updated version, a copy) are the
// documents most like it, whatever the weights of its words say; among the
// first end (scored) candidates.
void Searcher::Impl::favour_near_duplicates_of_likes(std::vector<Candidate>& ranked, std::size_t end) const {
  if (likes.empty() || end == 0) return;
  double top = 0;
  for (std::size_t i = 0; i < end; ++i) top = std::max(top, ranked[i].score);
  for (std::size_t i = 0; i < end; ++i) {
    double closest = 0;
    for (const LikeDocument& like : likes) closest = std::max(closest, resemblance(ranked[i].sketch, like.sketch));
    if (closest >= kNearDuplicateResemblance) ranked[i].score += top * closest;
  }
}

// The document id of candidates [begin, end), for ordering ties.
void Searcher::Impl::read_ids(std::vector<Candidate>& candidates, std::size_t begin, std::size_t end) const {
  for (std::size_t i = begin; i < end; ++i)
    if (candidates[i].id.empty())
      candidates[i].id = db.get_document(candidates[i].did, Xapian::DOC_ASSUME_VALID).get_value(schema::kDocSlot);
}

// Fetches each candidate and scores its passages. Xapian's remote protocol
// asks one question per round trip (a document, a term's positions in it), so
// the candidates of remote shards are handled on one thread per shard, at
// once, each through its own shard's handle; local shards stay on this thread.
void Searcher::Impl::score_passages(std::vector<Candidate*>& candidates, const PassageRanker& ranker) const {
  const double passage_weight = ranking.passage_weight;
  const double proximity_weight = ranking.tp_weight;
  const double title_weight = ranking.title_cover_weight;
  auto score = [&ranker, passage_weight, proximity_weight, title_weight](Candidate& c, const Xapian::Database& source,
                                                                         Xapian::docid did) {
    c.document = source.get_document(did, Xapian::DOC_ASSUME_VALID);  // it came from the MSet
    PassageMap map = decode_passage_map(c.document.get_value(schema::kPassageMapSlot));
    c.id = std::move(map.doc);
    c.sketch = decode_sketch(map.sketch);
    c.has_passages = !map.spans.empty();
    PassageRanker::TitleMatch title;
    c.passage_scores = ranker.score(source, did, map.spans, proximity_weight > 0 ? &c.proximity : nullptr,
                                    title_weight > 0 ? &title : nullptr);
    if (!c.passage_scores.empty()) c.best_passage = *std::max_element(c.passage_scores.begin(), c.passage_scores.end());
    c.title_cover = title_cover(title, map.title_words);
    c.score = c.document_score + passage_weight * c.best_passage + proximity_weight * c.proximity +
              title_weight * c.title_cover;
  };
  const std::size_t n = shards.size();
  const bool any_remote = std::any_of(shards.begin(), shards.end(), [](const Shard& s) { return s.remote(); });
  // Xapian numbers the documents of n databases searched as one by
  // interleaving: docid d is docid (d - 1) / n + 1 of database (d - 1) % n.
  if (n < 2 || !any_remote || db.size() != n) {
    for (Candidate* c : candidates) score(*c, db, c->did);
    return;
  }
  std::vector<std::vector<Candidate*>> by_shard(n);
  for (Candidate* c : candidates) by_shard[(c->did - 1) % n].push_back(c);
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

// The ranking is one total order, whatever the page: for relevance, the top
// kRerankDepth documents by (document BM25, id) reranked by their fused
// score (ties by id), then every other document by (document BM25, id); for
// date, (date, document BM25, id). A page is documents [offset, offset +
// limit) of it, each followed by up to passages_per_doc of its passages.
SearchResults Searcher::Impl::run(const SearchRequest& request, const ParsedQuery& parsed) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight(ranking.k1, 0, 1, ranking.b, 0.5));
  SearchResults results;
  Xapian::Query query = ranked_query(parsed);
  enquire.set_query(query);
  if (ranking.prf_docs && ranking.prf_terms && parsed.sequence.size() + parsed.request_words >= ranking.prf_min_words) {
    query = expand(enquire, query, parsed, results.feedback_terms);
    enquire.set_query(query);
  }
  const std::size_t wanted = request.offset + request.limit;
  const bool by_date = request.sort != SortOrder::relevance;
  const bool oldest_first = request.sort == SortOrder::date_ascending;
  // One hit per story: a folded near-duplicate takes no place, so a page may
  // need more documents than its last rank, and its hits' copies below it. The order is the same whatever
  // the depth read, so reading deeper only appends to it.
  std::vector<Candidate> ranked;
  Xapian::MSet mset;
  Xapian::doccount depth = 0;
  std::size_t rerank = 0;
  std::optional<PassageRanker> ranker;
  std::vector<std::size_t> placed;        // indexes into ranked of the documents that take a place
  std::vector<std::size_t> folded_under;  // with collapse: per candidate, the one it folds into
  for (std::size_t documents = wanted + (request.collapse ? kFoldWindow : 0);; documents = 2 * documents + kRerankDepth) {
    depth = static_cast<Xapian::doccount>(by_date ? documents : std::max(documents, kRerankDepth));
    mset = by_date ? dated_documents(enquire, static_cast<Xapian::doccount>(documents), oldest_first)
                   : ranked_documents(enquire, depth);
    // All of the MSet: it may run past depth, to the end of a tie.
    ranked.assign(mset.size(), Candidate());
    for (Xapian::doccount i = 0; i < ranked.size(); ++i) {
      ranked[i].did = *mset[i];
      ranked[i].score = ranked[i].document_score = layout_free(mset[i].get_weight());
    }
    // Ids order ties: read them for every run of equal keys (and, below, for
    // every candidate scored).
    auto same_key = [&](std::size_t a, std::size_t b) {
      return ranked[a].document_score == ranked[b].document_score &&
             (!by_date || mset[a].get_sort_key() == mset[b].get_sort_key());
    };
    for (std::size_t i = 0; i + 1 < ranked.size(); ++i)
      if (same_key(i, i + 1)) read_ids(ranked, i, i + 2);
    std::vector<std::string> keys;  // date order: each candidate's date
    if (by_date)
      for (Xapian::doccount i = 0; i < ranked.size(); ++i) keys.push_back(mset[i].get_sort_key());
    std::vector<std::size_t> order(ranked.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (by_date && keys[a] != keys[b]) return oldest_first ? keys[a] < keys[b] : keys[a] > keys[b];
      if (ranked[a].document_score != ranked[b].document_score) return ranked[a].document_score > ranked[b].document_score;
      return ranked[a].id < ranked[b].id;
    });
    std::vector<Candidate> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order) sorted.push_back(std::move(ranked[i]));
    if (sorted.size() > depth) sorted.resize(depth);
    ranked = std::move(sorted);

    // Passages of the rerank window (the page's follow, once it is known).
    ranker.emplace(db, mset, parsed.highlight, passage_count);
    rerank = by_date ? 0 : std::min(ranked.size(), kRerankDepth);
    std::vector<Candidate*> window;
    for (std::size_t i = 0; i < rerank; ++i) window.push_back(&ranked[i]);
    score_passages(window, *ranker);
    favour_near_duplicates_of_likes(ranked, rerank);
    std::stable_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(rerank),
                     [](const Candidate& a, const Candidate& b) {
                       return a.score != b.score ? a.score > b.score : a.id < b.id;
                     });
    placed.clear();
    if (!request.collapse) {
      for (std::size_t i = 0; i < ranked.size(); ++i) placed.push_back(i);
      break;
    }
    read_sketches(ranked, rerank, ranked.size());
    std::vector<const TextSketch*> sketches;
    for (const Candidate& c : ranked) sketches.push_back(c.has_passages ? &c.sketch : nullptr);
    folded_under = fold_near_duplicates(sketches);
    for (std::size_t i = 0; i < ranked.size(); ++i)
      if (folded_under[i] == kNotFolded) placed.push_back(i);
    // The page, and every document its hits may fold (kFoldWindow past the last).
    if ((placed.size() >= wanted && ranked.size() > placed[wanted - 1] + kFoldWindow) || mset.size() < depth) break;
  }
  const std::size_t page_end = std::min(placed.size(), wanted);
  std::vector<Candidate*> to_score;
  for (std::size_t rank = std::min(page_end, request.offset); rank < page_end; ++rank)
    if (placed[rank] >= rerank) to_score.push_back(&ranked[placed[rank]]);
  score_passages(to_score, *ranker);

  // Every match was seen when Xapian returned fewer than asked: the count is exact.
  results.estimated_matches = mset.size() < depth ? mset.size() : mset.get_matches_estimated();
  // Past the last hit every match was folded: placed holds every hit there is.
  if (request.offset > 0 && request.offset >= placed.size() && mset.size() < depth) results.total_hits = placed.size();
  const HighlightPlan title_words = title_plan(parsed.highlight);
  for (std::size_t rank = request.offset; rank < page_end; ++rank) {
    Candidate& r = ranked[placed[rank]];
    if (r.passage_scores.empty()) continue;  // no passages: nothing to show
    std::vector<std::string> similar;
    if (!folded_under.empty())
      for (std::size_t i = placed[rank] + 1; i < ranked.size(); ++i)
        if (folded_under[i] == placed[rank]) similar.push_back(ranked[i].id);
    // The document's passages, best first; unmatched passages only when
    // nothing matched (a filter-only query), and then the first one.
    std::vector<std::size_t> passages(r.passage_scores.size());
    for (std::size_t i = 0; i < passages.size(); ++i) passages[i] = i;
    std::stable_sort(passages.begin(), passages.end(),
                     [&](std::size_t a, std::size_t b) { return r.passage_scores[a] > r.passage_scores[b]; });
    const DocumentRecord record = decode_record(r.document.get_value(schema::kRecordSlot));
    if (record.passages.size() != r.passage_scores.size()) throw DamagedRecordError();
    std::size_t shown = 0;
    for (std::size_t index : passages) {
      if (shown == request.passages_per_doc || (shown > 0 && r.passage_scores[index] <= 0)) break;
      ++shown;
      Hit hit;
      hit.rank = rank + 1;
      hit.score = r.score;
      hit.doc = record.doc;
      hit.kind = record.kind;
      hit.title = record.title;
      hit.title_highlights = find_highlights(hit.title, title_words, *analyser);
      hit.date = record.date;
      hit.section = record.section;
      hit.source = record.source;
      hit.url = record.url;
      for (const std::string& author : record.authors) hit.author += (hit.author.empty() ? "" : ", ") + author;
      hit.passage = index;
      hit.similar = similar;
      hit.explanation = {r.document_score, r.best_passage,       ranking.passage_weight,
                         r.passage_scores[index], r.proximity, ranking.tp_weight,
                         r.title_cover,           ranking.title_cover_weight};
      if (request.snippet_bytes) hit.snippet = make_snippet(record.passages[index].text, parsed.highlight, *analyser, request.snippet_bytes);
      results.hits.push_back(std::move(hit));
    }
  }
  return results;
}

}  // namespace quarry
