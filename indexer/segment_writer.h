// Bulk loading a new database: documents go into small segment databases
// written by several processes at once, merged by one compaction at the end.
// Small fresh segments are much cheaper for Xapian to write than one growing
// database, and the writes run in parallel; segment i holds documents
// [i*S, (i+1)*S) in input order, so the merged database is the same for any
// number of writers. Segments are written, and the compaction run, by forked
// children (see child_process.h): a full disk ends a child, never the
// indexer, and is reported as a quarry::Error.
//
// The segment writers are forked once, for the first segments, and are sent
// each segment's documents recorded (recorded_document.h) over a socket. A
// child forked per segment shared the indexer's whole, constantly rewritten
// heap: every page the indexer then wrote while a child lived was copied (a
// page fault and a TLB shootdown each), 600,000 of them on Dawn, an eighth
// of the indexing CPU.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "child_process.h"
#include "recorded_document.h"

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
  void add(const RecordedDocument& document, std::size_t passages);

  // Finishes every segment and compacts them, in order, into a new database
  // at path (which must not hold a database). Removes the segments.
  void merge_into(const std::string& path);

  bool empty() const { return added_ == 0; }

 private:
  void write_segment();
  std::string segment_path(std::size_t segment) const;
  // Writes one segment from a message of serialised documents (see
  // segment_writer.cc); run by a writer child.
  void write_segment_from(std::string_view message) const;
  // Sends a message to writer i, or throws the writer's failure.
  void send(std::size_t i, const std::string& message);
  // Waits for every writer to finish; throws the first one's failure.
  void finish_writers();

  struct Writer {
    int socket = -1;  // the parent's end
    std::unique_ptr<ChildProcess> process;
  };

  std::string folder_;
  std::string language_;
  unsigned writers_;
  std::size_t segment_documents_;
  std::string db_path_;
  std::size_t added_ = 0;
  std::size_t segments_ = 0;  // started so far
  std::string pending_;  // the next segment's documents, serialised
  std::size_t pending_documents_ = 0;
  long long pending_passages_ = 0;
  std::vector<Writer> running_;  // segment i goes to writer i % writers_
};

}  // namespace quarry
