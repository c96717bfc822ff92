// Building and updating a Quarry database from files, JSONL records or
// documents made in code.
#pragma once

#include <cstddef>
#include <functional>
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
};

/// A document made in code rather than read from a file.
struct DocumentInput {
  std::string id;                ///< stable identity; adding the same id again replaces it
  std::string kind = "article";  ///< "article" or "editorial"
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
  std::size_t passages = 0;       ///< passages written
  /// Rejections and skips in input order: the first kMaxProblemsPerFile of
  /// each file in full, then one summary entry (count > 1) per kind, so that
  /// a file of millions of bad lines costs a few entries.
  std::vector<InputProblem> problems;
  double seconds = 0;             ///< wall time since the Indexer was made
  /// True when some input was rejected (not merely skipped).
  bool any_rejected() const;
};

/// Writes documents into a database. Not thread-safe; it uses threads inside.
/// Opening takes the database's write lock: a second Indexer on the same
/// database throws DatabaseLockedError.
class Indexer {
 public:
  /// Checks the database (if it exists) without changing it. Throws
  /// DatabaseError for a foreign or incompatible database, UsageError for a
  /// language that differs from the database's.
  explicit Indexer(IndexOptions options);
  /// Commits what was added.
  ~Indexer();
  /// Not copyable: an Indexer owns the database's write lock.
  Indexer(const Indexer&) = delete;
  /// Not copyable: an Indexer owns the database's write lock.
  Indexer& operator=(const Indexer&) = delete;

  /// Indexes a file, or a folder recursively. Unreadable or bad inputs are
  /// recorded in stats().problems and the rest goes on.
  void add_path(const std::string& path);
  /// Indexes one document made in code; throws InputError if it has no id.
  void add_document(const DocumentInput& document);
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
