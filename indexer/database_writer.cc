#include "database_writer.h"

#include <stdio.h>  // renameat2
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <thread>

#include "child_process.h"
#include "database_check.h"
#include "database.h"
#include "document.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

// Xapian writes "iamglass" when a database is committed for the first time.
bool has_committed_database(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::path(path) / "iamglass", ec);
}

// Changes (documents written or deleted) between commits of an in-place
// update: Xapian's own default, or XAPIAN_FLUSH_THRESHOLD as Xapian reads it.
// Xapian itself never commits during a Quarry run (see begin()).
std::size_t commit_interval() {
  const char* text = std::getenv("XAPIAN_FLUSH_THRESHOLD");
  const long value = text ? std::atol(text) : 0;
  return value > 0 ? static_cast<std::size_t>(value) : 10000;
}
// Bulk loads: documents per segment. Xapian's cost per document grows with
// the changes it holds in memory (most of its time is cache misses walking
// them), so small segments win, until their number makes the merge dearer.
// Measured on the Dawn corpus (2 cores), first as wall time with the
// writers of the time: 250: 16.9 s, 400: ~13.7 s, 1000: 33.7 s, 5000: 51 s;
// then as CPU with today's (bench/README.md, "Issue 17: indexing within
// 5 %"), run by run against 400: 250: 0.91, 150: 0.84; 100 against 150: 0.99.
// The merge opens ~3 files per segment, as many segments at once as the
// open-file limit allows (segment_writer.cc, merge_into).
constexpr std::size_t kSegmentDocuments = 150;

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// An editorial or a teaser: one story shown on several pages, the same
// document for all of them (an article or page is its own file's).
bool shown_on_pages(const std::string& kind) { return kind == kKindEditorial || kind == kKindTeaser; }

bool has_kind_shown_on_pages(const Xapian::Document& doc) {
  for (const char* kind : {kKindEditorial, kKindTeaser}) {
    const std::string term = std::string(schema::kKindPrefix) + kind;
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    if (t != doc.termlist_end() && *t == term) return true;
  }
  return false;
}

// The path a file state ("size crc\npath") names, or "".
std::string path_of_state(const std::string& state) {
  const std::size_t newline = state.find('\n');
  return newline == std::string::npos ? std::string() : state.substr(newline + 1);
}

// Of two files that give one id (an editorial or teaser they show, a JSONL
// id, a canonical URL), the one whose content it holds: the one a fresh
// build reads last, as the walk of a folder reads files in path order. So
// its text and source are the same whatever order the files were added,
// changed and removed in.
bool reads_after(const std::string& a, const std::string& b) { return fs::path(b) < fs::path(a); }

}  // namespace

std::string state_to_read_again(const std::string& file) { return "0 1\n" + file; }

// Xapian's lock is let go for a moment after each commit (see publish())
// and around a bulk load's swap; this one never is, so a second indexer
// cannot slip in then.
FolderLock::FolderLock(const std::string& folder, bool wait) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  if (::flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK)
      throw DatabaseLockedError("database '" + folder + "' is locked by another indexer; wait for it to finish");
    return;
  }
  fd_ = fd;
}

FolderLock FolderLock::creating_beside(const std::string& path) {
  std::error_code ec;
  const fs::path parent = fs::weakly_canonical(fs::absolute(path, ec), ec).parent_path();
  return ec || parent.empty() ? FolderLock() : FolderLock(parent.string(), true);
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);
}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DatabaseWriter::DatabaseWriter(std::string path, std::string language, bool existing_documents,
                               unsigned threads)
    : path_(std::move(path)),
      language_(std::move(language)),
      existing_documents_(existing_documents),
      commit_interval_(commit_interval()) {
  // Locked before anything is made or removed: a second indexer fails here
  // at once, and never touches what the first is making.
  folder_lock_ = FolderLock(path_);
  // A new database first appears as an empty, stamped one, made aside and
  // moved into place whole: a run killed at any moment leaves either no
  // database or one that opens.
  if (!has_committed_database(path_)) {
    const std::string fresh = path_ + schema::kNewSuffix;
    std::error_code ec;
    const fs::path parent = fs::path(path_).parent_path();  // a shard's sharded folder
    if (!parent.empty()) fs::create_directories(parent, ec);
    FolderLock creating;
    if (!folder_lock_.held()) {
      creating = FolderLock::creating_beside(path_);
      folder_lock_ = FolderLock(path_);  // made by the indexer that went first: locked, or to check below
    }
    fs::remove_all(fresh, ec);
    try {
      Xapian::WritableDatabase empty(fresh, Xapian::DB_CREATE);
      stamp_database(empty, language_);
      empty.commit();
      empty.close();
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(path_);
    }
    // The folder at path (empty, or a creation killed midway: the Indexer
    // checked) is emptied, not removed, and the new database replaces it in
    // one rename, locked beforehand: path is never free for another indexer.
    // One that made a database there meanwhile keeps it.
    FolderLock fresh_lock(fresh);
    if (!folder_lock_.held()) folder_lock_ = FolderLock(path_);
    if (has_committed_database(path_)) {
      fs::remove_all(fresh, ec);
      throw DatabaseLockedError("database '" + path_ + "' was made by another indexer after this one started; run it again");
    }
    std::vector<fs::path> leftovers;
    for (fs::directory_iterator it(path_, ec), end; !ec && it != end; it.increment(ec)) leftovers.push_back(it->path());
    for (const fs::path& leftover : leftovers) fs::remove_all(leftover, ec);
    ec.clear();
    fs::rename(fresh, path_, ec);
    if (ec) throw DatabaseError("cannot create the database at '" + path_ + "': " + ec.message());
    folder_lock_ = std::move(fresh_lock);
  }
  checked_ = !existing_documents_;  // a new database is ours: nothing to check
  open_database();
  // The caller planned a new database (a bulk load that replaces it whole)
  // but another indexer made and filled one since: never load over it.
  if (!existing_documents_ &&
      (db_->get_doccount() > 0 || db_->metadata_keys_begin(schema::kFileStatePrefix) != db_->metadata_keys_end(schema::kFileStatePrefix))) {
    db_.reset();
    throw DatabaseLockedError("database '" + path_ + "' was written by another indexer after this one started; run it again");
  }
  if (!existing_documents_)
    bulk_ = std::make_unique<SegmentWriter>(path_ + schema::kSegmentsSuffix, language_, threads, kSegmentDocuments, path_);
}

// Everything between two of Quarry's commits is one Xapian transaction, so
// that Xapian never commits on its own: at its flush threshold it only writes
// the pending changes into the tables, unpublished. A commit (and so what a
// reader or a killed run sees) happens only where documents, file states and
// the passage count agree.
void DatabaseWriter::open_database() {
  try {
    for (int attempt = 1;; ++attempt) {
      try {
        db_.emplace(path_, Xapian::DB_CREATE_OR_OPEN);
        break;
      } catch (const Xapian::DatabaseLockError&) {
        // With Quarry's own lock held, Xapian's is held only by the commit
        // process of a writer that was just killed (it dies with its
        // parent, a moment later): wait for it, a little.
        if (!folder_lock_.held() || attempt == 200) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    passage_total_ = std::atoll(db_->get_metadata(schema::kPassageCountKey).c_str());
    note_committed_sizes();
    db_->begin_transaction();
    if (db_->get_metadata(schema::kAnalyserKey).empty()) {
      stamp_database(*db_, language_);
      changed_ = true;
    }
  } catch (const Xapian::Error&) {
    db_.reset();
    rethrow_as_quarry_error(path_);
  }
}

// After a failed Xapian call the pending changes are in an unknown state:
// they are dropped (the transaction is cancelled when the database closes)
// and nothing more is committed. The message is decided first: giving the
// space back hides that the disk was full.
void DatabaseWriter::fail() {
  failed_ = true;
  try {
    rethrow_as_quarry_error(path_);
  } catch (const Error&) {
    give_back_space();
    throw;
  }
}

// What the last commit of the database uses: its table files' sizes then.
// Every block that commit refers to lies within them.
void DatabaseWriter::note_committed_sizes() {
  committed_sizes_.clear();
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(path_, ec))
    if (entry.path().extension() == ".glass") committed_sizes_[entry.path().string()] = entry.file_size(ec);
}

// After a failed write (a full disk), the blocks written since the last
// commit are garbage nobody refers to: the pending changes are dropped (the
// write lock still held) and the table files cut back to their committed
// size, so that the space of the failed attempt is free again.
void DatabaseWriter::give_back_space() {
  if (!db_ || bulk_) return;
  try {
    db_->cancel_transaction();
  } catch (const Xapian::InvalidOperationError&) {
    // Xapian already dropped them itself (a failed flush cancels every
    // change since the last commit).
  } catch (const Xapian::Error&) {
    return;  // not sure what Xapian holds: leave the files alone
  }
  std::error_code ec;
  for (const auto& [file, size] : committed_sizes_)
    if (fs::file_size(file, ec) > size && !ec) fs::resize_file(file, size, ec);
  fs::remove(fs::path(path_) / "v.tmp", ec);  // a version file the failed commit did not publish
}

void DatabaseWriter::count_change() {
  changed_ = true;
  if (++since_commit_ >= commit_interval_) commit();
}

DatabaseWriter::~DatabaseWriter() {
  bulk_.reset();
  db_.reset();  // an uncommitted transaction is cancelled, before the folder lock goes
}

bool DatabaseWriter::write(BuiltDocument&& doc) {
  if (failed_) throw DatabaseError("database '" + path_ + "' is not written after an earlier failure");
  const bool seen = !written_ids_.insert(doc.id).second;
  if (bulk_) {
    if (!doc.capture.empty()) {
      auto [written, first] = bulk_captures_.try_emplace(doc.id, doc.capture);
      if (!first) {
        if (older_capture(doc.capture, written->second)) {
          if (!doc.file.empty()) late_claims_.emplace_back(doc.id, doc.file);
          return false;
        }
        written->second = doc.capture;
      }
    } else if (seen) {
      bulk_captures_.erase(doc.id);  // a document of unknown date replaces it: the next capture does
    }
    if (seen) {
      late_.push_back(std::move(doc));
    } else {
      try {
        spelling_.add(doc.spelling_words);
        bulk_->add(doc.recorded, doc.passages);
      } catch (const Error&) {
        failed_ = true;
        throw;
      }
    }
    return true;
  }
  return write_in_place(std::move(doc), existing_documents_ || seen);
}

// Never write into a damaged database: an update would bury the damage
// under new commits. Checked before the first change, not at opening: a run
// that finds every file unchanged reads no table.
void DatabaseWriter::check_before_writing() {
  if (checked_) return;
  checked_ = true;
  try {
    refuse_damaged_tables(path_);
  } catch (const Error&) {
    failed_ = true;
    throw;
  }
}

bool DatabaseWriter::write_in_place(BuiltDocument&& doc, bool replace) {
  // A bulk load that received nothing leaves no database; a later session
  // write (after commit()) creates it.
  if (!db_) open_database();
  check_before_writing();
  // The stored document stays, and only gains the mark of doc's file: doc
  // is an older capture, or comes from a file that sorts before the one
  // whose content the stored document holds. Claimed once the stored
  // document is let go: a Xapian::Document holds its database open, and so
  // would hold Xapian's lock across the commit that claiming may make.
  enum class Keep { no, older_capture, later_file } keep = Keep::no;
  try {
    if (replace) {
      const std::string id_term = schema::id_term(schema::kDocPrefix, doc.id);
      Xapian::PostingIterator old = db_->postlist_begin(id_term);
      if (old != db_->postlist_end(id_term)) {
        const Xapian::Document stored = db_->get_document(*old);
        const std::string stored_capture = stored.get_value(schema::kCaptureSlot);
        if (older_capture(doc.capture, stored_capture)) {
          keep = Keep::older_capture;
        } else if (!doc.file.empty() && (shown_on_pages(doc.kind) || doc.capture == stored_capture)) {
          // Of two files that give one id (and no newer capture), the one
          // that sorts last: within a file its last version wins.
          const std::string holder = content_file(stored);
          if (!holder.empty() && holder != doc.file && reads_after(holder, doc.file)) keep = Keep::later_file;
        }
        if (keep == Keep::no) {
          Xapian::Document xapian = doc.recorded.to_xapian();
          spelling_.remove(stored, analyser());
          passage_total_ -= static_cast<long long>(
              decode_passage_map(stored.get_value(schema::kPassageMapSlot)).spans.size());
          // The same editorial read from another page: it keeps every page
          // that holds it.
          const std::string prefix = schema::kFilePrefix;
          for (Xapian::TermIterator t = stored.termlist_begin(); t != stored.termlist_end(); ++t) {
            t.skip_to(prefix);
            if (t == stored.termlist_end() || (*t).compare(0, prefix.size(), prefix) != 0) break;
            xapian.add_boolean_term(*t);
          }
          db_->replace_document(*old, xapian);
        }
      } else {
        db_->replace_document(id_term, doc.recorded.to_xapian());
      }
    } else {
      db_->add_document(doc.recorded.to_xapian());
    }
    if (keep == Keep::no) {
      spelling_.add(doc.spelling_words);
      passage_total_ += static_cast<long long>(doc.passages);
    }
  } catch (const Xapian::Error&) {
    fail();
  } catch (const DamagedRecordError&) {
    fail();
  }
  if (keep != Keep::no) {
    if (!doc.file.empty()) claim(doc.id, doc.file);
    return keep == Keep::later_file;
  }
  count_change();
  return true;
}

// The document of id gains the mark of file (without the position of the
// file its content comes from).
void DatabaseWriter::claim(const std::string& id, const std::string& file) {
  const std::string id_term = schema::id_term(schema::kDocPrefix, id);
  const std::string file_term = schema::id_term(schema::kFilePrefix, file);
  try {
    Xapian::PostingIterator holder = db_->postlist_begin(id_term);
    if (holder == db_->postlist_end(id_term)) return;
    Xapian::Document stored = db_->get_document(*holder);
    Xapian::TermIterator t = stored.termlist_begin();
    t.skip_to(file_term);
    if (t != stored.termlist_end() && *t == file_term) return;  // an older capture in the same file
    stored.add_boolean_term(file_term);
    db_->replace_document(*holder, stored);
  } catch (const Xapian::Error&) {
    fail();
  }
  count_change();
}

std::string DatabaseWriter::content_file(const Xapian::Document& stored) const {
  const std::string prefix = schema::kFilePrefix;
  Xapian::TermIterator t = stored.termlist_begin();
  for (t.skip_to(prefix); t != stored.termlist_end() && (*t).compare(0, prefix.size(), prefix) == 0; ++t)
    if (t.positionlist_count() > 0) {
      const std::string key = schema::kFileStatePrefix + (*t).substr(prefix.size());
      std::string state = db_->get_metadata(key);
      if (state.empty()) {
        const auto pending = pending_states_.find(key);
        if (pending != pending_states_.end()) state = pending->second;
      }
      return path_of_state(state);
    }
  return "";
}

std::string DatabaseWriter::content_holder(const std::string& id) {
  if (!db_ || failed_) return "";
  const std::string id_term = schema::id_term(schema::kDocPrefix, id);
  std::string last;
  try {
    Xapian::PostingIterator holder = db_->postlist_begin(id_term);
    if (holder == db_->postlist_end(id_term)) return "";
    const Xapian::Document stored = db_->get_document(*holder);
    if (!has_kind_shown_on_pages(stored)) return "";
    const std::string prefix = schema::kFilePrefix;
    Xapian::TermIterator t = stored.termlist_begin();
    for (t.skip_to(prefix); t != stored.termlist_end() && (*t).compare(0, prefix.size(), prefix) == 0; ++t) {
      if (t.positionlist_count() > 0) return "";  // a file's content is in it
      // A file whose state is forgotten is being read again already.
      const std::string file = path_of_state(db_->get_metadata(schema::kFileStatePrefix + (*t).substr(prefix.size())));
      std::error_code ec;
      // A file gone is no page to read (the run that finds it gone detaches it).
      if (!file.empty() && fs::is_regular_file(file, ec) && (last.empty() || reads_after(file, last))) last = file;
    }
  } catch (const Xapian::Error&) {
    fail();
  }
  return last;
}

// Compacts the segments into the database, which from then on is updated in
// place like any existing one.
void DatabaseWriter::merge_bulk() {
  std::unique_ptr<SegmentWriter> segments = std::move(bulk_);
  if (!segments->empty()) {
    const std::string merged = path_ + schema::kNewSuffix;
    std::error_code ec;
    fs::remove_all(merged, ec);
    try {
      segments->merge_into(merged);
      // The vocabulary of the merged documents goes in before the database
      // is put in place: it is never seen without it. Its commit runs in a
      // child too (see child_process.h).
      run_in_child(path_, [this, &merged] {
        Xapian::WritableDatabase with_words(merged, Xapian::DB_OPEN);
        spelling_.write_into(with_words);
        with_words.commit();
        with_words.close();
        return std::string();
      });
      spelling_ = SpellingCounts();  // written (by the child): forget them here too
    } catch (const Error&) {
      failed_ = true;
      segments.reset();
      fs::remove_all(merged, ec);  // gives back the space of the failed attempt
      throw;
    }
    swap_in(merged);
    existing_documents_ = true;
  }
  segments.reset();
  // Written in input order; a late editorial or teaser keeps the content of
  // the page that sorts last, as an update does, whatever order the roots
  // were given in (the file states are set below, so look them up here).
  for (const auto& [key, value] : pending_metadata_)
    if (key.compare(0, std::strlen(schema::kFileStatePrefix), schema::kFileStatePrefix) == 0) pending_states_[key] = value;
  for (BuiltDocument& doc : late_) write_in_place(std::move(doc), true);
  late_.clear();
  pending_states_.clear();
  if (db_) {
    for (const auto& [id, file] : late_claims_) claim(id, file);
  }
  late_claims_.clear();
  // File states last: a commit among the writes above (every
  // XAPIAN_FLUSH_THRESHOLD changes) must not say a file is indexed while
  // some of its documents are still to be written.
  for (auto& [key, value] : pending_metadata_) set_metadata(key, value);
  pending_metadata_.clear();
}

// Puts the merged database where the empty placeholder is, in one atomic
// exchange where the file system allows it (a searcher never finds the path
// missing). Otherwise the placeholder is moved aside first, so that a crash
// leaves one of the two in place or aside for the next run to restore (see
// Indexer's recover step).
void DatabaseWriter::swap_in(const std::string& merged) {
  // The merged folder will be the database: it takes over Quarry's lock.
  FolderLock merged_lock(merged);
  db_.reset();  // the placeholder's pending stamps, if any, are in the merged segments too
  std::error_code ec;
  if (renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(merged, ec);
  } else {
    const std::string aside = path_ + schema::kOldSuffix;
    fs::remove_all(aside, ec);
    fs::rename(path_, aside, ec);
    if (!ec) fs::rename(merged, path_, ec);
    if (ec) throw DatabaseError("cannot move the new database into '" + path_ + "': " + ec.message());
    fs::remove_all(aside, ec);
  }
  folder_lock_ = std::move(merged_lock);
  open_database();
}

Analyser& DatabaseWriter::analyser() {
  if (!analyser_) analyser_ = std::make_unique<Analyser>(language_);
  return *analyser_;
}

std::size_t DatabaseWriter::detach_file(const std::string& file, bool gone, std::vector<std::string>& to_reindex,
                                        std::vector<std::string>& contentless) {
  if (bulk_ || !db_) return 0;  // a new database holds nothing of any file yet
  if (failed_) throw DatabaseError("database '" + path_ + "' is not written after an earlier failure");
  check_before_writing();
  const std::string term = schema::id_term(schema::kFilePrefix, file);
  std::size_t deleted = 0;
  try {
    std::vector<Xapian::docid> holders;
    for (auto it = db_->postlist_begin(term); it != db_->postlist_end(term); ++it) holders.push_back(*it);
    const std::string prefix = schema::kFilePrefix;
    const std::string article = std::string(schema::kKindPrefix) + kKindArticle;
    const std::string page = std::string(schema::kKindPrefix) + kKindPage;
    // The document's entry for term, or termlist_end().
    auto find_term = [](const Xapian::Document& doc, const std::string& name) {
      Xapian::TermIterator t = doc.termlist_begin();
      t.skip_to(name);
      return t != doc.termlist_end() && *t == name ? t : doc.termlist_end();
    };
    auto has_term = [&find_term](const Xapian::Document& doc, const std::string& name) {
      return find_term(doc, name) != doc.termlist_end();
    };
    // Some file's content is in doc (its term with a position).
    auto holds_content = [&prefix](const Xapian::Document& doc) {
      Xapian::TermIterator t = doc.termlist_begin();
      for (t.skip_to(prefix); t != doc.termlist_end() && (*t).compare(0, prefix.size(), prefix) == 0; ++t)
        if (t.positionlist_count() > 0) return true;
      return false;
    };
    for (Xapian::docid did : holders) {
      Xapian::Document doc = db_->get_document(did);
      const bool content_from_file = [&] {
        const Xapian::TermIterator mark = find_term(doc, term);
        return mark != doc.termlist_end() && mark.positionlist_count() > 0;
      }();
      doc.remove_term(term);
      std::vector<std::string> others;  // the other files' terms, without the prefix
      Xapian::TermIterator t = doc.termlist_begin();
      for (t.skip_to(prefix); t != doc.termlist_end() && (*t).compare(0, prefix.size(), prefix) == 0; ++t)
        others.push_back((*t).substr(prefix.size()));
      // Editorials and teasers are the same text on every page that shows
      // them; an article or page another file claims is that file's own.
      const bool stale = content_from_file && !others.empty() && (has_term(doc, article) || has_term(doc, page));
      if (!others.empty() && !stale) {
        db_->replace_document(did, doc);
        // A gone file's story may have lost its content before (to a page
        // read again that no longer showed it); a file read again writes it
        // anew itself.
        if ((content_from_file || (gone && !holds_content(doc))) && has_kind_shown_on_pages(doc))
          contentless.push_back(doc.get_value(schema::kDocSlot));
      } else {
        for (const std::string& other : others) {
          // A file state key is its path's id term, as the F term is.
          const std::string key = schema::kFileStatePrefix + other;
          const std::string state = db_->get_metadata(key);
          const std::string other_file = path_of_state(state);
          if (!other_file.empty()) to_reindex.push_back(other_file);
          db_->set_metadata(key, other_file.empty() ? std::string() : state_to_read_again(other_file));
        }
        passage_total_ -= static_cast<long long>(
            decode_passage_map(doc.get_value(schema::kPassageMapSlot)).spans.size());
        spelling_.remove(doc, analyser());
        db_->delete_document(did);
        if (!stale) ++deleted;  // a stale one is read again, not removed
      }
      changed_ = true;
      ++since_commit_;
    }
  } catch (const Xapian::Error&) {
    fail();
  } catch (const DamagedRecordError&) {
    fail();
  }
  if (since_commit_ >= commit_interval_) commit();
  return deleted;
}

std::string DatabaseWriter::metadata(const std::string& key) const {
  try {
    return db_ ? db_->get_metadata(key) : std::string();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path_);
  }
}

void DatabaseWriter::set_metadata(const std::string& key, const std::string& value) {
  if (bulk_) {
    pending_metadata_.emplace_back(key, value);
    return;
  }
  if (failed_) throw DatabaseError("database '" + path_ + "' is not written after an earlier failure");
  check_before_writing();
  try {
    db_->set_metadata(key, value);
    changed_ = true;
  } catch (const Xapian::Error&) {
    fail();
  }
}

std::vector<std::string> DatabaseWriter::metadata_keys(const std::string& prefix) const {
  std::vector<std::string> keys;
  try {
    if (db_)
      for (auto it = db_->metadata_keys_begin(prefix); it != db_->metadata_keys_end(prefix); ++it)
        keys.push_back(*it);
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path_);
  }
  return keys;
}

void DatabaseWriter::commit() {
  if (failed_) return;
  if (bulk_) merge_bulk();
  if (!db_ || !changed_) return;  // nothing to publish: the database is not touched
  try {
    db_->set_metadata(schema::kPassageCountKey, std::to_string(std::max(0LL, passage_total_)));
    spelling_.write_into(*db_);
    db_->set_metadata(schema::kUpdatedKey, utc_now_iso8601());
  } catch (const Xapian::Error&) {
    fail();
  }
  publish();
  since_commit_ = 0;
  changed_ = false;
}

// The commit itself runs in a child process (see child_process.h), which
// writes the pending transaction out and publishes it. This handle's copy of
// it is then stale, and is dropped for a fresh one on the new revision. When
// the child fails, the last commit is as it was: the pending changes are
// dropped and the table files cut back.
void DatabaseWriter::publish() {
  Xapian::rev committed = 0;
  try {
    committed = db_->get_revision();
  } catch (const Xapian::Error&) {
    fail();
  }
  try {
    run_in_child(
        path_,
        [this] {
          db_->commit_transaction();
          return std::string();
        },
        path_);
  } catch (const Error&) {
    if (!published_since(committed)) {
      failed_ = true;
      give_back_space();
      throw;
    }
    // Published, and failed only after that: the commit stands.
  }
  db_.reset();
  open_database();
}

bool DatabaseWriter::published_since(Xapian::rev committed) const {
  try {
    return Xapian::Database(path_).get_revision() != committed;
  } catch (const Xapian::Error&) {
    return true;  // unreadable: leave the files alone
  }
}

}  // namespace quarry
