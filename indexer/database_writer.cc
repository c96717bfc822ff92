#include "database_writer.h"

#include <cstdlib>
#include <filesystem>

#include "database.h"
#include "document.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

// A killed in-place run loses at most this many documents.
constexpr std::size_t kCommitEveryDocuments = 10000;
// Bulk loads: documents per segment. Measured on the Dawn corpus (2 cores):
// 250: 16.9 s, 400: ~13.7 s, 1000: 33.7 s, 5000: 51 s. Xapian's cost per
// document grows with the changes it holds in memory, so small segments win.
constexpr std::size_t kSegmentDocuments = 400;

}  // namespace

DatabaseWriter::DatabaseWriter(std::string path, std::string language, bool existing_documents,
                               unsigned threads)
    : path_(std::move(path)), language_(std::move(language)), existing_documents_(existing_documents) {
  if (existing_documents_)
    open_database();
  else
    bulk_ = std::make_unique<SegmentWriter>(path_ + ".segments", language_, threads, kSegmentDocuments);
}

void DatabaseWriter::open_database() {
  try {
    db_.emplace(path_, Xapian::DB_CREATE_OR_OPEN);
    stamp_database(*db_, language_);
    passage_total_ = std::atoll(db_->get_metadata(schema::kPassageCountKey).c_str());
  } catch (const Xapian::Error&) {
    db_.reset();
    rethrow_as_quarry_error(path_);
  }
}

void DatabaseWriter::write(BuiltDocument&& doc) {
  const bool seen = !written_ids_.insert(doc.id).second;
  if (bulk_) {
    if (seen) {
      late_.push_back(std::move(doc));
    } else {
      try {
        bulk_->add(std::move(doc.xapian), doc.passages);
      } catch (const Xapian::Error&) {
        rethrow_as_quarry_error(path_);
      }
    }
    return;
  }
  write_in_place(std::move(doc), existing_documents_ || seen);
}

void DatabaseWriter::write_in_place(BuiltDocument&& doc, bool replace) {
  // A bulk load that received nothing leaves no database; a later session
  // write (after commit()) creates it.
  if (!db_) open_database();
  try {
    if (replace) {
      const std::string id_term = schema::id_term(schema::kDocPrefix, doc.id);
      passage_total_ -= stored_passages(id_term);
      db_->replace_document(id_term, doc.xapian);
    } else {
      db_->add_document(doc.xapian);
    }
    passage_total_ += static_cast<long long>(doc.passages);
    if (++since_commit_ >= kCommitEveryDocuments) commit();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path_);
  }
}

// Passages of the stored version of a document that is about to be replaced.
long long DatabaseWriter::stored_passages(const std::string& id_term) {
  Xapian::PostingIterator it = db_->postlist_begin(id_term);
  if (it == db_->postlist_end(id_term)) return 0;
  return static_cast<long long>(
      decode_passage_map(db_->get_document(*it).get_value(schema::kPassageMapSlot)).size());
}

// Compacts the segments into the database, which from then on is updated in
// place like any existing one.
void DatabaseWriter::merge_bulk() {
  std::unique_ptr<SegmentWriter> segments = std::move(bulk_);
  if (!segments->empty()) {
    const std::string merged = path_ + ".new";
    std::error_code ec;
    fs::remove_all(merged, ec);
    try {
      segments->merge_into(merged);
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(path_);
    }
    // Whatever is at path_ is an empty folder or an empty database (the
    // Indexer checked), so nothing is lost by replacing it.
    fs::remove_all(path_, ec);
    fs::rename(merged, path_, ec);
    if (ec) throw DatabaseError("cannot move the new database into '" + path_ + "': " + ec.message());
    existing_documents_ = true;
  }
  segments.reset();
  if (existing_documents_ || !late_.empty()) {
    open_database();
    for (BuiltDocument& doc : late_) write_in_place(std::move(doc), true);
    late_.clear();
  }
}

void DatabaseWriter::commit() {
  if (bulk_) merge_bulk();
  if (!db_) return;
  try {
    db_->set_metadata(schema::kPassageCountKey, std::to_string(std::max(0LL, passage_total_)));
    db_->commit();
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path_);
  }
  since_commit_ = 0;
}

}  // namespace quarry
