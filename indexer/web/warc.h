// Reading WARC files (ISO 28500, WARC/1.0 and 1.1, and the 0.17/0.18 drafts), plain or gzipped (one
// gzip member per record, as the standard recommends, or any other split),
// as a stream of records in bounded memory. A truncated, malformed or
// damaged record is reported with its offset and the reader goes on at the
// next record it can find, so one bad record never hides the others.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::web {

struct WarcRecord {
  // Where the record starts in the file: a byte offset, or for a gzipped
  // file the offset of the gzip member it starts in (what CDX indexes and
  // warcio report).
  std::uint64_t offset = 0;
  std::string type;          // WARC-Type, lower case: "response", "resource", "request"...
  std::string target_uri;    // WARC-Target-URI without angle brackets; may be empty
  std::string date;          // WARC-Date as written ("2017-03-06T04:02:06Z")
  std::string content_type;  // Content-Type of the block
  std::uint64_t content_length = 0;
  std::string block;         // the record's content, or its first bytes when cut
  bool block_cut = false;    // longer than the reader's block limit: block holds its start
};

struct WarcProblem {
  std::uint64_t offset = 0;  // as WarcRecord::offset
  std::string reason;
};

// A WARC-Date as a key that sorts in time order: "2024-05-29T10:00:00Z"
// before "2024-05-29T10:00:00.5Z" (WARC 1.1 allows fractions of a second,
// which sort before "Z" as written).
std::string warc_date_key(std::string_view date);

class WarcReader {
 public:
  enum class Next { record, problem, end };

  // Reads path; a gzip magic number at its start means gzip, whatever the
  // name. Blocks longer than block_limit are cut (their start is kept, the
  // rest is read past without being held).
  WarcReader(const std::string& path, std::size_t block_limit);
  // Reads an open file (fmemopen'd bytes, in the fuzzer); closes it at the end.
  WarcReader(std::FILE* file, std::size_t block_limit);
  ~WarcReader();
  WarcReader(const WarcReader&) = delete;
  WarcReader& operator=(const WarcReader&) = delete;

  // False when the file cannot be opened (problem() says why).
  bool ok() const { return file_ != nullptr; }
  // The next record, or the next problem; end once the file is read.
  Next next(WarcRecord& record, WarcProblem& problem);
  bool gzipped() const { return gzip_; }

 private:
  struct Inflater;
  Next read_next(WarcRecord& record, WarcProblem& problem);
  bool fill();                          // appends more data to buffer_; false at end of input
  bool ensure(std::size_t bytes);
  // After damage in a gzip member: on at the next gzip header after that
  // member's start; false when there is none.
  bool skip_to_next_member();       // at least bytes available from pos_; false if input ends first
  std::uint64_t file_offset(std::uint64_t stream_position) const;
  bool member_starts_at(std::uint64_t stream_position) const;
  // Marks damage within (begin, end] reported; true if there was any.
  bool damaged_between(std::uint64_t begin, std::uint64_t end);
  // Skips to the next "WARC/1.x" line at or after stream position from;
  // false when none is left.
  bool resync(std::uint64_t from);
  void compact();

  std::FILE* file_ = nullptr;
  bool gzip_ = false;
  bool input_done_ = false;
  bool end_named_ = false;  // a problem reported reached the end of the input
  std::size_t block_limit_;
  std::unique_ptr<Inflater> inflater_;
  std::string buffer_;             // decompressed bytes not yet consumed start at pos_
  std::size_t pos_ = 0;
  std::uint64_t buffer_start_ = 0;  // stream position of buffer_[0]
  std::uint64_t raw_read_ = 0;      // bytes read from the file
  // Gzip members: stream position where each starts and its file offset.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> members_;
  // Where damaged compressed data was left out: stream position, and the
  // file offset of the member it was in.
  struct Damage {
    std::uint64_t position;
    std::uint64_t member_offset;
    bool reported;
  };
  std::vector<Damage> damage_;
};

}  // namespace quarry::web
