#include "segment_writer.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "database.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

// Segments are merged with their metadata; the passage count is a sum.
class SummingCompactor : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                         const std::string tags[]) override {
    // Xapian 1.4 passes the key as stored, behind its "\0\xc0" table prefix.
    std::string_view name(key);
    if (name.size() >= 2 && name[0] == '\0') name.remove_prefix(2);
    if (name != schema::kPassageCountKey) return tags[0];
    long long total = 0;
    for (size_t i = 0; i < num_tags; ++i) total += std::atoll(tags[i].c_str());
    return std::to_string(total);
  }
};

// How many databases one compaction may open at once, after raising this
// process's (the merge child's) soft open-file limit to the hard one. Each
// holds about 3 files (Dawn's 119 segments: 364) and the output some more;
// past the limit Xapian opens no table, so more segments than this are
// merged in rounds.
constexpr std::size_t kFilesPerSegment = 4;
constexpr std::size_t kSpareFiles = 24;

std::size_t segments_per_compaction() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return SIZE_MAX;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  std::size_t open = 0;
  std::error_code ec;
  for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++open;
  const auto allowed = static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t spare = allowed > open + kSpareFiles ? allowed - open - kSpareFiles : 0;
  return std::max<std::size_t>(2, spare / kFilesPerSegment);
}

// Compacts sources, in order (document ids follow it), into path.
void compact_into(const std::vector<std::string>& sources, const std::string& path) {
  Xapian::Database all;
  for (const std::string& source : sources) all.add_database(Xapian::Database(source));
  SummingCompactor compactor;
  // Xapian's multipass merging measured slower here (Dawn in 45 segments:
  // 3.5 s against 2.0 s).
  all.compact(path, 0, 0, compactor);
}

// A segment's message: its size (the bytes after these 8), the segment's
// number, its passage count and its number of documents, then each document
// as its size and its record; integers are 8 bytes, little-endian.
constexpr std::size_t kHeaderBytes = 32;

void put_u64(char* out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

std::uint64_t get_u64(std::string_view in, std::size_t& pos) {
  if (in.size() - pos < 8) throw DatabaseError("a segment writer received a damaged message");
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(in[pos + static_cast<std::size_t>(i)]);
  pos += 8;
  return value;
}

// Reads size bytes; false at a clean end of input before the first byte.
bool read_exact(int fd, char* out, std::size_t size) {
  std::size_t got = 0;
  while (got < size) {
    const ssize_t n = ::read(fd, out + got, size - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (got == 0 && n == 0) return false;
      throw DatabaseError("a segment writer lost its indexer");
    }
    got += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

SegmentWriter::SegmentWriter(std::string folder, std::string language, unsigned writers,
                             std::size_t segment_documents, std::string db_path)
    : folder_(std::move(folder)),
      language_(std::move(language)),
      writers_(std::max(1u, writers)),
      segment_documents_(segment_documents),
      db_path_(std::move(db_path)) {
  std::error_code ec;
  fs::remove_all(folder_, ec);  // left by a killed run: its work is redone
  fs::create_directories(folder_, ec);
  if (ec) throw DatabaseError("cannot create '" + folder_ + "': " + ec.message());
  pending_.assign(kHeaderBytes, '\0');
}

SegmentWriter::~SegmentWriter() {
  for (Writer& writer : running_)
    if (writer.socket >= 0) ::close(writer.socket);
  running_.clear();  // kills and reaps writers still running
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

std::string SegmentWriter::segment_path(std::size_t segment) const {
  return folder_ + "/" + std::to_string(segment);
}

void SegmentWriter::add(const RecordedDocument& document, std::size_t passages) {
  char size[8];
  put_u64(size, document.bytes().size());
  pending_.append(size, 8);
  pending_ += document.bytes();
  ++pending_documents_;
  pending_passages_ += static_cast<long long>(passages);
  ++added_;
  if (pending_documents_ == segment_documents_) write_segment();
}

void SegmentWriter::write_segment_from(std::string_view message) const {
  std::size_t pos = 0;
  const std::uint64_t segment = get_u64(message, pos);
  const auto passages = static_cast<long long>(get_u64(message, pos));
  const std::uint64_t documents = get_u64(message, pos);
  // Throwaway files until merged: no fsync, in-place updates.
  Xapian::WritableDatabase db(segment_path(segment), Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
  stamp_database(db, language_);
  for (std::uint64_t i = 0; i < documents; ++i) {
    const std::uint64_t size = get_u64(message, pos);
    if (size > message.size() - pos) throw DatabaseError("a segment writer received a damaged message");
    db.add_document(RecordedDocument::replay(message.substr(pos, size)));
    pos += size;
  }
  db.set_metadata(schema::kPassageCountKey, std::to_string(passages));
  db.commit();
}

// Hands the pending documents to their writer, which takes them as soon as
// it has written its previous segment.
void SegmentWriter::write_segment() {
  if (!pending_documents_) return;
  const std::size_t segment = segments_++;
  put_u64(pending_.data(), pending_.size() - 8);
  put_u64(pending_.data() + 8, segment);
  put_u64(pending_.data() + 16, static_cast<std::uint64_t>(pending_passages_));
  put_u64(pending_.data() + 24, pending_documents_);
  if (!ChildProcess::forks()) {
    try {
      write_segment_from(std::string_view(pending_).substr(8));
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(db_path_);
    }
  } else {
    send(segment % writers_, pending_);
  }
  pending_.resize(kHeaderBytes);  // keeps its capacity for the next segment
  pending_documents_ = 0;
  pending_passages_ = 0;
}

void SegmentWriter::send(std::size_t i, const std::string& message) {
  if (i == running_.size()) {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
      throw DatabaseError("cannot write database '" + db_path_ + "': " + std::strerror(errno));
    const int child_end = ends[1];
    Writer writer;
    writer.socket = ends[0];
    try {
      writer.process = std::make_unique<ChildProcess>(
          db_path_,
          [this, child_end] {
            std::string body;
            char size[8];
            while (read_exact(child_end, size, 8)) {
              std::size_t pos = 0;
              body.resize(get_u64(std::string_view(size, 8), pos));
              if (!read_exact(child_end, body.data(), body.size())) throw DatabaseError("a segment writer lost its indexer");
              write_segment_from(body);
            }
            return std::string();
          },
          "", child_end);
    } catch (...) {
      ::close(ends[0]);
      ::close(ends[1]);
      throw;
    }
    ::close(child_end);
    running_.push_back(std::move(writer));
  }
  Writer& writer = running_[i];
  std::size_t sent = 0;
  while (sent < message.size()) {
    const ssize_t n = ::send(writer.socket, message.data() + sent, message.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The writer ended: its failure says why.
      ::close(std::exchange(writer.socket, -1));
      writer.process->wait();
      throw DatabaseError("the process writing database '" + db_path_ + "' ended early");
    }
    sent += static_cast<std::size_t>(n);
  }
}

void SegmentWriter::finish_writers() {
  for (Writer& writer : running_)
    if (writer.socket >= 0) ::close(std::exchange(writer.socket, -1));
  std::exception_ptr failure;
  for (Writer& writer : running_) {
    try {
      writer.process->wait();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  running_.clear();
  if (failure) std::rethrow_exception(failure);
}

void SegmentWriter::merge_into(const std::string& path) {
  write_segment();
  finish_writers();
  const std::size_t segments = segments_;
  run_in_child(db_path_, [this, segments, &path] {
    std::vector<std::string> sources;
    for (std::size_t i = 0; i < segments; ++i) sources.push_back(segment_path(i));
    const std::size_t per_compaction = segments_per_compaction();
    for (std::size_t round = 0; sources.size() > per_compaction; ++round) {
      std::vector<std::string> merged;
      for (std::size_t first = 0; first < sources.size(); first += per_compaction) {
        const std::vector<std::string> group(sources.begin() + static_cast<std::ptrdiff_t>(first),
                                             sources.begin() + static_cast<std::ptrdiff_t>(
                                                                   std::min(sources.size(), first + per_compaction)));
        if (group.size() == 1) {
          merged.push_back(group.front());
          continue;
        }
        merged.push_back(folder_ + "/round-" + std::to_string(round) + "-" + std::to_string(merged.size()));
        compact_into(group, merged.back());
        std::error_code ec;
        for (const std::string& source : group) fs::remove_all(source, ec);  // its disk space back
      }
      sources = std::move(merged);
    }
    compact_into(sources, path);
    return std::string();
  });
  std::error_code ec;
  fs::remove_all(folder_, ec);
}

}  // namespace quarry
