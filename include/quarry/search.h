// Searching a Quarry database: ranked passages with highlighted snippets.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quarry/error.h"

namespace quarry {

/// A byte range [begin, end) in UTF-8 text.
struct Span {
  std::size_t begin = 0;  ///< first byte
  std::size_t end = 0;    ///< one past the last byte
};

/// Text drawn from a passage around its matches, with the matched words marked.
struct Snippet {
  std::string text;              ///< plain UTF-8 text, not escaped for any format
  std::vector<Span> highlights;  ///< byte ranges in text; sorted, non-overlapping
};

/// Order of hits.
enum class SortOrder {
  relevance,       ///< best match first
  date,            ///< newest first, relevance breaking ties
  date_ascending,  ///< oldest first, relevance breaking ties; undated documents last
};

/// The order a name gives: "relevance", "date" or "date-asc", as
/// quarry-search --sort and quarry-serve's sort= spell them. Throws
/// UsageError for any other name.
SortOrder sort_order_named(const std::string& name);

/// The query text of "more like document doc": like:"doc" followed by
/// query (words and filters that narrow it; may be empty), as quarry-search
/// --like and quarry-serve's like= make it. Throws UsageError for an empty
/// doc or one holding a double quote (the query language cannot spell it).
std::string like_query(const std::string& doc, const std::string& query = {});

/// What to search for and how many hits to return.
struct SearchRequest {
  std::string query;                  ///< query text in Quarry's query language
  std::size_t limit = 10;             ///< hits to return
  std::size_t offset = 0;             ///< hits to skip (paging)
  std::size_t passages_per_doc = 1;   ///< at most this many passages of one document
  SortOrder sort = SortOrder::relevance;  ///< hit order
  std::size_t snippet_bytes = 240;    ///< longest snippet's words (plus up to 16 bytes of punctuation glued to each end, and "…" marks); 0: no snippets
  /// One hit per story: a near-duplicate of a document ranked above it (an
  /// updated version, the same story printed twice) is not a hit of its own
  /// but listed in that document's Hit::similar. Counts are unaffected.
  bool collapse = true;
  /// Fill SearchResults::suggestion when a word looks misspelled.
  bool suggest = true;
  /// Count every match exactly into SearchResults::total_matches (costs one
  /// pass over all matches; facets imply it).
  bool count = false;
  /// Fields to count the matches by, each into one Facet: "section", "kind",
  /// "date", "year", "month", "site", "author", "language". validate() refuses others.
  std::vector<std::string> facets;
  /// Most values listed per facet (the most frequent); 0: all of them.
  std::size_t facet_limit = 0;
};

/// Bounds of a SearchRequest. validate() enforces them, and so every program
/// that takes requests from users (quarry-search, quarry-serve) refuses the
/// same requests with the same messages.
inline constexpr std::size_t kMaxQueryBytes = 4096;      ///< longest query text
inline constexpr std::size_t kMaxLimit = 10000;          ///< most hits per request
inline constexpr std::size_t kMaxOffset = 100000;        ///< deepest page start
inline constexpr std::size_t kMaxPassagesPerDoc = 1000;  ///< most passages of one document
inline constexpr std::size_t kMinSnippetBytes = 20;      ///< shortest snippet (0 turns snippets off)
inline constexpr std::size_t kMaxSnippetBytes = 100000;  ///< longest snippet

/// Throws UsageError, saying which bound it breaks, unless request is within
/// the bounds above and its query has something to search. Searcher::search
/// calls it; programs call it to refuse a request before opening anything.
void validate(const SearchRequest& request);

/// How a hit's score was composed: score = document + passage_weight * best passage
/// + proximity_weight * proximity + title_cover_weight * title_cover.
struct ScoreParts {
  double document = 0;        ///< BM25 of the whole document (with feedback terms, if any)
  double best_passage = 0;    ///< BM25 of the document's best passage for the query
  double passage_weight = 0;  ///< weight of best_passage in the score
  double this_passage = 0;    ///< BM25 of the passage this hit shows
  double proximity = 0;       ///< how closely the query's words stand together in the document
  double proximity_weight = 0;  ///< weight of proximity in the score
  double title_cover = 0;     ///< how fully the query covers the document's given title
  double title_cover_weight = 0;  ///< weight of title_cover in the score
};

/// One ranked passage.
struct Hit {
  std::size_t rank = 0;      ///< 1-based, counting from the first hit of the whole result
  double score = 0;          ///< relevance score; higher is better (not comparable across queries)
  std::string doc;           ///< stable document id
  std::string kind;          ///< "article", "editorial", "teaser" or "page"
  std::string title;         ///< document title
  std::vector<Span> title_highlights;  ///< the query's words in title: sorted, non-overlapping byte ranges
  std::string date;          ///< ISO date or empty when unknown
  std::string section;       ///< section name or empty
  std::string source;        ///< file the document came from
  std::string url;           ///< where the document can be read, or empty
  std::string author;        ///< its authors, ", "-separated, or empty
  std::size_t passage = 0;   ///< 0-based index of the passage in its document
  Snippet snippet;           ///< highlighted text from the passage
  ScoreParts explanation;    ///< why the score is what it is
  /// With SearchRequest::collapse: ids of the near-duplicates of this
  /// document that also match, ranked below it, folded into this hit.
  std::vector<std::string> similar;
};

/// How many matching documents have one value of a field.
struct FacetValue {
  std::string value;  ///< as a filter takes it: section:VALUE, date:VALUE (year, month), ...
  std::size_t count = 0;  ///< matching documents with that value, exactly
};

/// The matches counted by one field.
struct Facet {
  std::string field;  ///< as requested: "section", "year", ...
  /// Most frequent first, then by value; values that differ only in ASCII case
  /// (as filters ignore it) are one, spelt as most of its documents spell it.
  std::vector<FacetValue> values;
};

/// The answer to one SearchRequest.
struct SearchResults {
  std::vector<Hit> hits;              ///< at most request.limit hits
  std::size_t estimated_matches = 0;  ///< estimated number of matching documents
  /// The query with misspelled words corrected ("imran khan" for "imrn
  /// khan"), when it would find many more documents; otherwise empty.
  std::string suggestion;
  /// Exactly how many documents match; set when request.count or request.facets asked.
  std::optional<std::size_t> total_matches;
  /// Exactly how many hits (stories, when near-duplicates fold) there are;
  /// set when the page starts at or past the last of them (offset > 0 and no
  /// hit left), so that a program can link to the last page there is:
  /// total_matches counts folded copies too.
  std::optional<std::size_t> total_hits;
  std::vector<Facet> facets;          ///< one per request.facets, in that order
  /// Words pseudo-relevance feedback added to a long query (stems), if any.
  std::vector<std::string> feedback_terms;
  /// True when some shards were left out (SearcherOptions::allow_partial):
  /// their documents are missing from hits and from estimated_matches.
  bool partial = false;
};

/// A whole document: its metadata and the text of every passage, in order.
struct DocumentText {
  std::string doc;      ///< stable document id (as Hit::doc)
  std::string kind;     ///< "article", "editorial", "teaser" or "page"
  std::string title;    ///< document title
  std::vector<Span> title_highlights;  ///< the query's words in title
  std::string date;     ///< ISO date or empty when unknown
  std::string section;  ///< section name or empty
  std::string source;   ///< file the document came from
  std::string url;      ///< where it can be read, or empty
  std::string author;   ///< its authors, ", "-separated, or empty
  std::string site;     ///< its site (host without "www."), or empty
  std::string language; ///< its language as its source declared it, or empty
  /// Every passage, whole, in order; highlights mark the query's words when a query was given.
  std::vector<Snippet> passages;
};

/// What a database holds, as Searcher::info describes it.
struct DatabaseInfo {
  std::size_t documents = 0;                  ///< articles and editorials
  std::map<std::string, std::size_t> kinds;   ///< documents per kind
  std::string first_date;                     ///< oldest document's date, or empty when none is dated
  std::string last_date;                      ///< newest document's date, or empty
  std::size_t undated = 0;                    ///< documents without a date
  std::vector<FacetValue> sections;           ///< documents per section, most first
  std::vector<FacetValue> languages;          ///< documents per declared language (primary subtag), most first
  std::string analyser;                       ///< name/version of the analyser that built it
  std::string schema;                         ///< index schema version
  std::string stemming;                       ///< stemming language
  std::vector<std::string> shards;            ///< every database searched, by name
  /// Bytes on disk of the local shards; remote shards are not counted.
  std::size_t bytes_on_disk = 0;
  std::size_t remote_shards = 0;              ///< shards served over the network
  /// When quarry-index last committed (ISO 8601 UTC, the latest over shards), or empty.
  std::string last_updated;
};

/// How a Searcher opens its databases.
struct SearcherOptions {
  /// When a remote shard cannot be reached (at opening, or later), search the
  /// others and mark results partial; false makes it a ShardUnavailableError.
  bool allow_partial = false;
  /// Milliseconds a remote shard may take to accept a connection, and then to
  /// answer each request. 0 is Xapian's "no limit": a shard that stops
  /// answering without closing its connection then stalls every search.
  unsigned remote_timeout_ms = 10000;
  /// With allow_partial: a left-out shard is tried again by the first search
  /// this many milliseconds later, then after twice as long each time it
  /// still fails (at most a minute); 0 tries it at every search. A shard that
  /// answers again is searched again.
  unsigned retry_after_ms = 1000;
};

/// A handle on open databases, searched as one. Opening is cheap (a few file
/// opens, or one connection per remote shard), so make one per thread or per
/// request: a Searcher must not be used by two threads at once.
class Searcher {
 public:
  /// Opens the database at location (see the other constructor); throws
  /// DatabaseError when it is missing, foreign, or built with an incompatible analyser.
  explicit Searcher(const std::string& location);
  /// Opens every location and searches them as one database: rankings are
  /// those of a single database holding all their documents. A location is a
  /// database folder, a stub file or folder listing databases (a sharded
  /// database made by Indexer), or tcp://HOST:PORT (a shard served by
  /// xapian-tcpsrv). Throws DatabaseError naming the shard that is missing,
  /// foreign or incompatible, ShardUnavailableError for an unreachable one
  /// (unless options.allow_partial), UsageError for no or repeated locations.
  explicit Searcher(const std::vector<std::string>& locations, const SearcherOptions& options = {});
  /// Closes the database.
  ~Searcher();
  /// Takes over other's open database; other may then only be destroyed or
  /// assigned to (any other call on it throws UsageError).
  Searcher(Searcher&&) noexcept;
  /// Closes this database and takes over other's.
  Searcher& operator=(Searcher&&) noexcept;

  /// Runs one query. Throws UsageError for an invalid request; odd query text
  /// is never an error (it is searched as well as it can be).
  SearchResults search(const SearchRequest& request);

  /// The query with misspelled words corrected (as SearchResults::suggestion),
  /// or empty when it needs none. Operators, phrases and filters are kept.
  std::string suggest(const std::string& query);

  /// The document whose id is doc (Hit::doc), with the words of query (in
  /// Quarry's query language; may be empty) highlighted in its passages.
  /// std::nullopt when no searched database holds it.
  std::optional<DocumentText> document(const std::string& doc, const std::string& query = {});

  /// What the databases hold: counts, dates, sections, analyser, size.
  DatabaseInfo info();

  /// Reads the databases' latest committed revision, so that documents an
  /// indexer committed since the Searcher was opened (or last refreshed) are
  /// searched. Returns true when there was a newer one. Cheap when nothing changed.
  /// A database rebuilt at the same location (removed and indexed anew, perhaps
  /// in another language) is opened anew, throwing what the constructor throws.
  bool refresh();

  /// Stemming language the database was built with.
  const std::string& language() const;
  /// Number of documents (of every kind) in the database.
  std::size_t document_count() const;
  /// Name and version of the text analyser the databases were built with.
  std::string analyser() const;
  /// Databases being searched (shards, once stubs are followed).
  std::size_t shard_count() const;
  /// Why each shard left out now is missing, naming it; empty unless
  /// allow_partial left some out (a shard that answers again leaves this list).
  const std::vector<std::string>& unavailable_shards() const;

 private:
  struct Impl;
  Impl& impl() const;  // throws UsageError once moved from
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
