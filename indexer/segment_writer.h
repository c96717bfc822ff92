// Bulk loading a new database: documents go into small segment databases
// written by several threads at once, merged by one compaction at the end.
// Small fresh segments are much cheaper for Xapian to write than one growing
// database, and the writes run in parallel; segment i holds documents
// [i*S, (i+1)*S) in input order, so the merged database is the same for any
// number of threads.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace quarry {

class SegmentWriter {
 public:
  // Segments go under folder (created, and removed by merge_into()); each is
  // stamped for language. writers threads; segment_documents per segment.
  SegmentWriter(std::string folder, std::string language, unsigned writers,
                std::size_t segment_documents);
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  // Called from one thread, in input order. Rethrows a writer's failure.
  void add(Xapian::Document&& document, std::size_t passages);

  // Finishes every segment and compacts them, in order, into a new database
  // at path (which must not hold a database). Removes the segments.
  void merge_into(const std::string& path);

  bool empty() const { return added_ == 0; }

 private:
  struct Item {
    std::size_t segment;
    std::size_t passages;
    Xapian::Document document;
  };
  struct Writer {
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<Item> queue;
    bool closing = false;
    std::exception_ptr error;
    std::thread thread;
  };

  void run(Writer& writer);
  // Queued documents per writer: room for a whole segment, so that filling
  // one writer never stalls the others.
  std::size_t queue_limit() const { return segment_documents_ + 64; }
  std::string segment_path(std::size_t segment) const;
  void stop_writers();

  std::string folder_;
  std::string language_;
  std::size_t segment_documents_;
  std::size_t added_ = 0;
  std::vector<std::unique_ptr<Writer>> writers_;
};

}  // namespace quarry
