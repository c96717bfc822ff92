// Building and updating a Quarry database from files, JSONL records or
// documents made in code.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "quarry/error.h"

namespace quarry {

/// How input files are read.
enum class InputFormat {
  automatic,  ///< by name and content: .jsonl/.jsonl.gz records, news pages, plain text
  news_page,  ///< an article followed by a sidebar of editorial snippets
  jsonl,      ///< one JSON object per line: id, title, date, section, body
  text,       ///< one article; its first line is the title
  html,       ///< a saved web page (.html, .htm, .xhtml, gzipped or not)
  warc,       ///< a web archive (.warc, .warc.gz)
};

/// Settings of an Indexer.
struct IndexOptions {
  std::string db_path = "quarry.db";  ///< database directory, created when missing
  std::string language;  ///< stemming language; empty: the database's, or English for a new one
  InputFormat format = InputFormat::automatic;  ///< how files are read
  unsigned jobs = 0;  ///< analysis threads; 0 means one per core
  bool remove_missing = true;  ///< remove documents of files gone from a re-indexed folder
  /// Shard databases under db_path, each document in the one its id hashes
  /// to; 0: as db_path already is, or one unsharded database when new.
  /// A count that differs from an existing database's is a UsageError.
  unsigned shards = 0;
  /// Read inputs exactly as indexing would, but open and write no database:
  /// each document goes to the Indexer's on_document callback instead.
  bool extract_only = false;
};

/// A document made in code rather than read from a file.
struct DocumentInput {
  std::string id;                ///< stable identity; adding the same id again replaces it
  std::string kind = "article";  ///< "article", "editorial", "teaser" or "page"
  std::string title;             ///< may be empty
  std::string date;              ///< ISO YYYY-MM-DD or empty
  std::string section;           ///< may be empty
  std::string source;            ///< where it came from, shown with hits
  std::string body;              ///< the text; paragraphs separated by blank lines
  std::string url;               ///< where it can be read; may be empty
  std::vector<std::string> authors;  ///< may be empty
  std::string site;              ///< e.g. "dawn.com"; empty: the URL's host without "www."
  std::string language;          ///< as the source declares it ("en", "de-CH"); may be empty
};

/// An input that was rejected or skipped, and why.
struct InputProblem {
  std::string path;      ///< the file concerned
  std::size_t line = 0;  ///< 1-based line for JSONL records, 0 for the whole file
  std::string reason;    ///< what was wrong, for a person to read
  bool rejected = true;  ///< false: skipped by design (unsupported file type), not an error
  /// More than 1: a summary of this many problems of this kind in the file,
  /// from line on, after the first ones (reason describes the first of them).
  std::size_t count = 1;
};

/// Problems of one file reported in full before the rest are counted by kind.
inline constexpr std::size_t kMaxProblemsPerFile = 10;

/// Running totals of an indexing session.
struct IndexStats {
  std::size_t files_read = 0;     ///< files opened and indexed (wholly or in part)
  std::size_t files_skipped = 0;  ///< files not indexed at all
  std::size_t files_unchanged = 0;  ///< files skipped because their content was indexed already
  std::size_t files_removed = 0;    ///< files gone from an indexed folder, forgotten
  std::size_t documents_removed = 0;  ///< documents deleted with those files
  std::size_t articles = 0;       ///< article documents written
  std::size_t editorials = 0;     ///< editorial documents written
  std::size_t teasers = 0;        ///< teasers for other stories (web pages) written
  std::size_t pages = 0;          ///< web pages that are no article written
  /// Archive records that hold no page by design, by why: their WARC-Type
  /// ("request", "revisit", "metadata", "warcinfo"), "not HTML", "HTTP status
  /// other than 2xx", "older capture" (a later capture of the URL was read).
  std::map<std::string, std::size_t> records_skipped;
  std::size_t passages = 0;       ///< passages written
  /// Rejections and skips in input order: the first kMaxProblemsPerFile of
  /// each file in full, then one summary entry (count > 1) per kind, so that
  /// a file of millions of bad lines costs a few entries.
  std::vector<InputProblem> problems;
  double seconds = 0;             ///< wall time since the Indexer was made
  /// True when some input was rejected (not merely skipped).
  bool any_rejected() const;
};

/// What check_database found.
struct CheckReport {
  std::vector<std::string> checked;   ///< what was verified, one line per database and check
  std::vector<std::string> problems;  ///< damage found, each naming the database (and document)
  /// Not damage: e.g. file states that differ between shards after an
  /// interrupted run, which the next run over those files completes.
  std::vector<std::string> notes;
  /// True when any problem was found.
  bool damaged() const { return !problems.empty(); }
};

/// Checks the database (every shard of a sharded one) without changing it:
/// Xapian's own check of every table, as xapian-check runs it, then Quarry's
/// invariants: analyser, schema and language stamps; every document's id,
/// record, passage map and facet value present, decoding and agreeing; one
/// document per id, in the shard its id routes to; the passage count equal
/// to the sum of the documents' passages; file states well formed and alike
/// in every shard. Reads every table: seconds for a collection of hundreds
/// of megabytes. Takes the indexers' lock while it runs. Throws
/// DatabaseError when there is no database at db_path (or a Xapian one that
/// holds no Quarry metadata at all: another program's) and
/// DatabaseLockedError while an indexer writes it.
CheckReport check_database(const std::string& db_path);

/// Writes documents into a database. Not thread-safe; it uses threads inside.
/// The first write takes the database's write lock: a second Indexer that
/// writes while another holds it, or whose new database another Indexer made
/// after it was made, throws DatabaseLockedError there (and touches nothing).
class Indexer {
 public:
  /// Checks the database (if it exists) without changing it. Throws
  /// DatabaseError for a foreign or incompatible database, UsageError for an
  /// empty db_path or a language that differs from the database's.
  explicit Indexer(IndexOptions options);
  /// Commits what was added.
  ~Indexer();
  /// Not copyable: an Indexer owns the database's write lock.
  Indexer(const Indexer&) = delete;
  /// Not copyable: an Indexer owns the database's write lock.
  Indexer& operator=(const Indexer&) = delete;

  /// Indexes a file, or a folder recursively. Unreadable or bad inputs are
  /// recorded in stats().problems and the rest goes on.
  ///
  /// A failed write (a full disk, say) throws DatabaseError from add_path,
  /// add_document or commit and ends the session: what was not committed is
  /// dropped, the last commit stays intact, a database the session was
  /// creating is removed, and every later call throws.
  void add_path(const std::string& path);
  /// Indexes one document made in code; throws InputError if it has no id.
  void add_document(const DocumentInput& document);
  /// Indexes one web page: html is its bytes (any charset; content_type,
  /// an HTTP Content-Type, may name it), url where it was found. Its id is
  /// its canonical URL if it names one, else url; teasers for other stories
  /// it shows become documents of their own. Throws InputError if url is empty.
  void add_html(const std::string& html, const std::string& url, const std::string& content_type = "");
  /// With IndexOptions::extract_only: receives each document indexing would
  /// write, in input order (passages separated by blank lines in body).
  void on_document(std::function<void(const DocumentInput&)> callback);
  /// Makes everything added so far durable and visible to searchers.
  void commit();

  /// Totals so far.
  const IndexStats& stats() const;
  /// Called now and then while indexing, for progress displays.
  void on_progress(std::function<void(const IndexStats&)> callback);
  /// The stemming language in use.
  const std::string& language() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
