// Bulk loading a new database: documents go into small segment databases
// written by several processes at once, merged by one compaction at the end.
// Small fresh segments are much cheaper for Xapian to write than one growing
// database, and the writes run in parallel; segment i holds documents
// [i*S, (i+1)*S) in input order, so the merged database is the same for any
// number of writers. Each segment is written, and the compaction run, by a
// forked child (see child_process.h): a full disk ends a child, never the
// indexer, and is reported as a quarry::Error.
#pragma once

#include <xapian.h>

#include <deque>
#include <string>
#include <vector>

#include "child_process.h"

namespace quarry {

class SegmentWriter {
 public:
  // Segments go under folder (created, and removed by merge_into() or the
  // destructor); each is stamped for language. writers: segments written at
  // once; segment_documents per segment. db_path names the database in messages.
  SegmentWriter(std::string folder, std::string language, unsigned writers, std::size_t segment_documents,
                std::string db_path);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Called in input order. Throws a writer's failure as a quarry::Error.
  void add(Xapian::Document&& document, std::size_t passages);

  // Finishes every segment and compacts them, in order, into a new database
  // at path (which must not hold a database). Removes the segments.
  void merge_into(const std::string& path);

  bool empty() const { return added_ == 0; }

 private:
  void write_segment();
  std::string segment_path(std::size_t segment) const;

  std::string folder_;
  std::string language_;
  unsigned writers_;
  std::size_t segment_documents_;
  std::string db_path_;
  std::size_t added_ = 0;
  std::size_t segments_ = 0;  // started so far
  std::vector<Xapian::Document> pending_;  // the next segment's documents
  long long pending_passages_ = 0;
  std::deque<ChildProcess> running_;  // oldest first
};

}  // namespace quarry
