// Writes built documents into one database. A new database is bulk loaded
// through segments (see segment_writer.h); an existing one is updated in place.
// Either way a document replaces any earlier document with the same id.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "build.h"
#include "segment_writer.h"
#include "spelling_counts.h"

namespace quarry {

// Quarry's own write lock on a database folder (flock), held while the
// object lives: taken by every writer before Xapian's lock, and by the check,
// so that no indexer writes while it reads. Throws DatabaseLockedError when
// another holds it. A folder that cannot be opened is not locked (Xapian's
// own open then names the problem). wait: block until the lock is free
// instead (only for the moment a new database's placeholder is made).
class FolderLock {
 public:
  FolderLock() = default;
  explicit FolderLock(const std::string& folder, bool wait = false);
  ~FolderLock();
  FolderLock(FolderLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  FolderLock& operator=(FolderLock&& other) noexcept;
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  bool held() const { return fd_ >= 0; }
  // Held while a new database is made at path: where path does not exist
  // yet there is no folder of its own to lock, so two indexers creating it
  // at once would build their placeholders in the same `.new` folder. The
  // creations in one folder take turns (waiting, for the milliseconds a
  // placeholder takes); the second then finds path made, and locked.
  static FolderLock creating_beside(const std::string& path);

 private:
  int fd_ = -1;
};

// The state of a file to be read again by the next run that meets it: it
// matches no content (a file of 0 bytes has CRC 0), and it still names the
// file, so that a run that finds the file gone removes what it gave (an
// empty state would be no state, and the file's documents would stay).
std::string state_to_read_again(const std::string& file);

class DatabaseWriter {
 public:
  // existing_documents: the database at path already holds documents (so
  // every write may replace one). threads: segment writers for a bulk load.
  // Throws DatabaseLockedError, having made and removed nothing, while
  // another indexer holds the database, or when existing_documents is false
  // but another indexer has written documents there since the caller looked.
  DatabaseWriter(std::string path, std::string language, bool existing_documents, unsigned threads);
  // Drops whatever was not committed.
  ~DatabaseWriter();
  DatabaseWriter(const DatabaseWriter&) = delete;
  DatabaseWriter& operator=(const DatabaseWriter&) = delete;

  // Throws quarry errors, never Xapian's. Returns false when the document
  // is an archive capture older than the one of its id already written (this
  // session or before, Document::capture): that one stays, and only gains
  // the mark of the document's file, so that removing the newer capture's
  // file has this one read again (see detach_file). So does a document of a
  // file that sorts before the one whose version of the id is stored (no
  // newer capture), which returns true: of the files that give an id, the
  // one a fresh build reads last holds it, whatever order they come in.
  bool write(BuiltDocument&& document);
  // Makes everything written durable and visible (ends a bulk load). Also
  // called by the writer itself every XAPIAN_FLUSH_THRESHOLD changes (10,000
  // by default): callers keep what they write consistent at every call.
  void commit();

  // Forgets that documents came from file (canonical path): each loses its
  // mark of that file, and a document no other file holds is deleted.
  // Returns how many documents were deleted. An article or page whose content
  // came from file, though other files claim its id too (the same canonical
  // URL), is deleted too, not left with the old content: each other file's
  // state is forgotten in the same transaction and its path added to
  // to_reindex, so that it is read again.
  //
  // An editorial or teaser (the same story shown on several pages) whose
  // content came from file keeps the other pages' marks; its id goes to
  // contentless, as it holds a text and source from a file that no longer
  // gives them: the caller has the page that is to hold it read again (see
  // content_holder).
  // gone: the file is removed, not about to be read again.
  std::size_t detach_file(const std::string& file, bool gone, std::vector<std::string>& to_reindex,
                          std::vector<std::string>& contentless);
  // Of the editorial or teaser id when no file's content is in it any more
  // (see detach_file): the path of the file among those that show it that a
  // fresh build would read last (they sort last) and that is still there,
  // whose content it is to hold; else "".
  std::string content_holder(const std::string& id);
  // Metadata, written in the same transaction as the documents around it.
  std::string metadata(const std::string& key) const;
  void set_metadata(const std::string& key, const std::string& value);
  // Metadata keys that start with prefix.
  std::vector<std::string> metadata_keys(const std::string& prefix) const;

 private:
  void open_database();
  void check_before_writing();
  void swap_in(const std::string& merged);
  void merge_bulk();
  bool write_in_place(BuiltDocument&& document, bool replace);
  void claim(const std::string& id, const std::string& file);
  // The path of the file whose content stored holds (its F term with a
  // position), as its file state names it; "" when none is known.
  std::string content_file(const Xapian::Document& stored) const;
  Analyser& analyser();
  [[noreturn]] void fail();
  void note_committed_sizes();
  void give_back_space();
  void count_change();
  void publish();
  bool published_since(Xapian::rev committed) const;

  std::string path_;
  std::string language_;
  bool existing_documents_;
  std::optional<Xapian::WritableDatabase> db_;
  std::unique_ptr<SegmentWriter> bulk_;
  std::vector<BuiltDocument> late_;  // ids seen twice in a bulk load: written after merging
  // Of an older capture in a bulk load: (id, file) to mark after merging.
  std::vector<std::pair<std::string, std::string>> late_claims_;
  std::unordered_set<std::string> written_ids_;
  // Bulk load: id -> the capture written last, for archive pages only (a
  // corpus of other documents costs nothing more).
  std::unordered_map<std::string, std::string> bulk_captures_;
  std::vector<std::pair<std::string, std::string>> pending_metadata_;  // bulk: set after merging
  // While a bulk load's late documents are written: the file states still
  // pending, so that a late editorial or teaser knows which page's content
  // the stored one holds (content_file).
  std::unordered_map<std::string, std::string> pending_states_;
  std::size_t commit_interval_;
  std::size_t since_commit_ = 0;
  bool changed_ = false;  // something to commit
  bool failed_ = false;   // a Xapian call failed: commit nothing more
  bool checked_ = false;  // Xapian's check passed (or the database is new)
  std::map<std::string, std::uintmax_t> committed_sizes_;  // table file -> size at the last commit
  long long passage_total_ = 0;  // kept in the database's metadata
  SpellingCounts spelling_;  // changes not yet in the database's metadata
  std::unique_ptr<Analyser> analyser_;  // reads back the words of replaced documents
  FolderLock folder_lock_;
};

}  // namespace quarry
