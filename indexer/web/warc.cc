#include "warc.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstring>

#include "text.h"
#include "utf8.h"

namespace quarry::web {
namespace {

constexpr std::size_t kReadBytes = 1u << 18;
constexpr std::size_t kMaxHeaderBytes = 1u << 16;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// "WARC/1.0" or "WARC/1.1" (any 1.x), or the drafts "WARC/0.17" and
// "WARC/0.18" that Heritrix 1.x wrote (the same record layout), starting at
// text[at], ending its line.
bool is_version_line(std::string_view text, std::size_t at) {
  std::size_t i = at + 7;
  if (text.compare(at, 7, "WARC/1.") == 0) {
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == at + 7) return false;
  } else if (text.compare(at, 9, "WARC/0.17") == 0 || text.compare(at, 9, "WARC/0.18") == 0) {
    i = at + 9;
  } else {
    return false;
  }
  if (i < text.size() && text[i] == '\r') ++i;
  return i < text.size() && text[i] == '\n';
}

}  // namespace

std::string warc_date_key(std::string_view date) {
  date = trim(date);
  if (!date.empty() && (date.back() == 'Z' || date.back() == 'z')) date.remove_suffix(1);
  const std::size_t dot = date.find('.');
  std::string fraction(dot == std::string_view::npos ? std::string_view{} : date.substr(dot + 1));
  fraction.resize(9, '0');
  return std::string(date.substr(0, dot)) + "." + fraction;
}

struct WarcReader::Inflater {
  z_stream z{};
  std::vector<unsigned char> in = std::vector<unsigned char>(kReadBytes);
  bool started = false;
  Inflater() { inflateInit2(&z, 16 + 15); }
  ~Inflater() { inflateEnd(&z); }
};

WarcReader::WarcReader(const std::string& path, std::size_t block_limit)
    : WarcReader(std::fopen(path.c_str(), "rb"), block_limit) {}

WarcReader::WarcReader(std::FILE* file, std::size_t block_limit) : file_(file), block_limit_(block_limit) {
  if (!file_) return;
  unsigned char magic[2] = {0, 0};
  const std::size_t got = std::fread(magic, 1, 2, file_);
  std::rewind(file_);
  gzip_ = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  if (gzip_) {
    inflater_ = std::make_unique<Inflater>();
    members_.emplace_back(0, 0);
  }
}

WarcReader::~WarcReader() {
  if (file_) std::fclose(file_);
}

bool WarcReader::fill() {
  if (input_done_) return false;
  if (!gzip_) {
    const std::size_t old = buffer_.size();
    buffer_.resize(old + kReadBytes);
    const std::size_t got = std::fread(buffer_.data() + old, 1, kReadBytes, file_);
    buffer_.resize(old + got);
    raw_read_ += got;
    if (got == 0) input_done_ = true;
    return got > 0;
  }
  z_stream& z = inflater_->z;
  std::vector<unsigned char>& in = inflater_->in;
  const std::size_t before = buffer_.size();
  char out[1u << 16];
  // Decompress until some output appears, or the input ends.
  while (buffer_.size() == before) {
    if (z.avail_in == 0) {
      const std::size_t got = std::fread(in.data(), 1, in.size(), file_);
      raw_read_ += got;
      if (got == 0) {
        // The file ends inside a member (a clean end leaves none started).
        if (inflater_->started) {
          damage_.push_back({buffer_start_ + buffer_.size(), members_.back().second, false});
          // A member cut short runs into the next one, which inflate may
          // have taken for its own data: look for it again.
          if (skip_to_next_member()) continue;
        }
        input_done_ = true;
        return buffer_.size() > before;
      }
      z.next_in = in.data();
      z.avail_in = static_cast<uInt>(got);
    }
    z.next_out = reinterpret_cast<Bytef*>(out);
    z.avail_out = sizeof out;
    const int rc = inflate(&z, Z_NO_FLUSH);
    inflater_->started = true;
    buffer_.append(out, sizeof out - z.avail_out);
    if (rc == Z_STREAM_END) {
      inflateReset(&z);
      inflater_->started = false;
      // The next member starts here (if there is one).
      members_.emplace_back(buffer_start_ + buffer_.size(), raw_read_ - z.avail_in);
      continue;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR) continue;
    // Damaged data: drop the rest of this member, go on at the next gzip
    // header found in the file.
    damage_.push_back({buffer_start_ + buffer_.size(), members_.back().second, false});
    if (!skip_to_next_member()) {
      input_done_ = true;
      return buffer_.size() > before;
    }
  }
  return true;
}

bool WarcReader::skip_to_next_member() {
  z_stream& z = inflater_->z;
  std::vector<unsigned char>& in = inflater_->in;
  inflateReset(&z);
  inflater_->started = false;
  // From just after the damaged member's own header: inflate has read on
  // past the point of damage, maybe past the next member's header (a member
  // cut short and the one after it read as one). Input that cannot seek
  // goes on from where inflate stopped.
  const std::uint64_t from = members_.back().second + 1;
  if (from <= raw_read_ - z.avail_in && from <= static_cast<std::uint64_t>(LONG_MAX) &&
      std::fseek(file_, static_cast<long>(from), SEEK_SET) == 0) {
    raw_read_ = from;
    z.next_in = in.data();
    z.avail_in = 0;
  }
  for (;;) {
    const unsigned char* at = z.next_in;
    const unsigned char* end = z.next_in + z.avail_in;
    for (; at + 2 < end; ++at)
      if (at[0] == 0x1f && at[1] == 0x8b && at[2] == 0x08) break;
    if (at + 2 < end) {
      z.avail_in = static_cast<uInt>(end - at);
      z.next_in = const_cast<unsigned char*>(at);
      break;
    }
    // Keep the last two bytes: a magic number may straddle two reads.
    const std::size_t keep = std::min<std::size_t>(2, static_cast<std::size_t>(end - z.next_in));
    std::memmove(in.data(), end - keep, keep);
    const std::size_t got = std::fread(in.data() + keep, 1, in.size() - keep, file_);
    raw_read_ += got;
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(keep + got);
    if (got == 0) {
      z.avail_in = 0;
      return false;
    }
  }
  members_.emplace_back(buffer_start_ + buffer_.size(), raw_read_ - z.avail_in);
  return true;
}

bool WarcReader::ensure(std::size_t bytes) {
  while (buffer_.size() - pos_ < bytes)
    if (!fill()) return buffer_.size() - pos_ >= bytes;
  return true;
}

void WarcReader::compact() {
  if (pos_ < (1u << 20) || pos_ < buffer_.size() / 2) return;
  buffer_.erase(0, pos_);
  buffer_start_ += pos_;
  pos_ = 0;
}

std::uint64_t WarcReader::file_offset(std::uint64_t stream_position) const {
  if (!gzip_) return stream_position;
  auto it = std::upper_bound(members_.begin(), members_.end(), std::make_pair(stream_position, UINT64_MAX));
  return it == members_.begin() ? 0 : std::prev(it)->second;
}

bool WarcReader::member_starts_at(std::uint64_t stream_position) const {
  return gzip_ && std::binary_search(members_.begin(), members_.end(), std::make_pair(stream_position, std::uint64_t{0}),
                                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

bool WarcReader::damaged_between(std::uint64_t begin, std::uint64_t end) {
  bool any = false;
  for (Damage& d : damage_)
    if (d.position > begin && d.position <= end) any = d.reported = true;
  return any;
}

bool WarcReader::resync(std::uint64_t from) {
  // Back into bytes already looked at (a block whose length lied), or on.
  if (from >= buffer_start_) pos_ = static_cast<std::size_t>(std::min<std::uint64_t>(from - buffer_start_, buffer_.size()));
  for (;;) {
    std::size_t at = buffer_.find("WARC/", pos_);
    while (at != std::string::npos) {
      if (buffer_.size() - at < 16 && !input_done_) break;  // too near the end to judge yet
      // A record starts a line, or a gzip member (after a damaged one).
      if ((at == 0 || buffer_[at - 1] == '\n' || member_starts_at(buffer_start_ + at)) && is_version_line(buffer_, at)) {
        pos_ = at;
        return true;
      }
      at = buffer_.find("WARC/", at + 1);
    }
    if (at == std::string::npos) {
      if (input_done_) {
        pos_ = buffer_.size();
        return false;
      }
      // Keep a few bytes: a version line may straddle two reads.
      pos_ = std::max(pos_, buffer_.size() > 8 ? buffer_.size() - 8 : std::size_t{0});
    } else {
      pos_ = at;
    }
    compact();
    fill();
  }
}

WarcReader::Next WarcReader::next(WarcRecord& record, WarcProblem& problem) {
  const Next next = read_next(record, problem);
  // A problem that took the reader to the end names whatever damage is there.
  if (next == Next::problem && input_done_ && pos_ >= buffer_.size()) end_named_ = true;
  if (next != Next::end || end_named_) return next;
  // Damage after the last whole record (bytes that are not gzip, a last
  // member cut short after a record's end) would go unsaid.
  for (Damage& d : damage_) {
    if (d.reported) continue;
    d.reported = end_named_ = true;
    problem.offset = d.member_offset;
    problem.reason = "damaged: compressed data after the last whole record that does not decompress (bytes that are "
                     "not gzip, or a member cut short), up to the end of the file";
    return Next::problem;
  }
  return next;
}

WarcReader::Next WarcReader::read_next(WarcRecord& record, WarcProblem& problem) {
  if (!file_) return Next::end;
  compact();
  // Records are separated by blank lines; anything else before a version
  // line is damage to report and step over.
  for (;;) {
    if (!ensure(1)) return Next::end;
    const char c = buffer_[pos_];
    if (c == '\r' || c == '\n') {
      ++pos_;
      continue;
    }
    break;
  }
  const std::uint64_t start = buffer_start_ + pos_;
  ensure(16);
  // Damage between records (a member that would not inflate at all).
  for (Damage& d : damage_) {
    if (d.reported || d.position > start) continue;
    d.reported = true;
    problem.offset = d.member_offset;
    problem.reason = "damaged: its compressed data is corrupt; skipped to the next gzip member";
    return Next::problem;
  }
  if (!is_version_line(buffer_, pos_)) {
    problem.offset = file_offset(start);
    const bool first = start == 0;
    if (!resync(start + 1)) {
      problem.reason = first ? "not a WARC file (no WARC/1.0 or WARC/1.1 record header)"
                             : "data that is not a WARC record, up to the end of the file";
      return Next::problem;
    }
    problem.reason = "data that is not a WARC record (" + std::to_string(file_offset(buffer_start_ + pos_) - problem.offset) +
                     " bytes), skipped up to the next record";
    if (gzip_) problem.reason = "data that is not a WARC record, skipped up to the next record";
    return Next::problem;
  }

  // Header: version line, then "Name: value" lines up to an empty line.
  std::size_t header_end = std::string::npos;
  for (;;) {
    const std::size_t lf = buffer_.find("\n\r\n", pos_);
    const std::size_t lflf = buffer_.find("\n\n", pos_);
    header_end = std::min(lf == std::string::npos ? lf : lf + 3, lflf == std::string::npos ? lflf : lflf + 2);
    if (header_end != std::string::npos && header_end - pos_ <= kMaxHeaderBytes) break;
    if (buffer_.size() - pos_ > kMaxHeaderBytes || !fill()) {
      problem.offset = file_offset(start);
      const bool at_end = input_done_ && buffer_.size() - pos_ <= kMaxHeaderBytes;
      problem.reason = at_end ? "truncated: the file ends inside the record's header"
                              : "malformed: a record header longer than 64 KiB";
      resync(start + 1);
      if (at_end) pos_ = buffer_.size();
      return Next::problem;
    }
  }
  record = WarcRecord();
  record.offset = file_offset(start);
  bool have_length = false;
  std::string bad_length;
  {
    const std::string_view header(buffer_.data() + pos_, header_end - pos_);
    std::size_t line_start = header.find('\n') + 1;
    std::string* last = nullptr;
    while (line_start < header.size()) {
      std::size_t line_end = header.find('\n', line_start);
      if (line_end == std::string_view::npos) line_end = header.size();
      const std::string_view line = header.substr(line_start, line_end - line_start);
      line_start = line_end + 1;
      if (trim(line).empty()) break;
      if ((line[0] == ' ' || line[0] == '\t') && last) {  // a folded continuation line
        *last += " ";
        *last += std::string(trim(line));
        continue;
      }
      last = nullptr;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string name = lower_ascii(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "warc-type") record.type = lower_ascii(value), last = &record.type;
      else if (name == "warc-target-uri") record.target_uri = std::string(value), last = &record.target_uri;
      else if (name == "warc-date") record.date = std::string(value);
      else if (name == "content-type") record.content_type = std::string(value), last = &record.content_type;
      else if (name == "content-length") {
        std::uint64_t n = 0;
        bool digits = !value.empty() && value.size() <= 15;
        for (char ch : value) digits = digits && std::isdigit(static_cast<unsigned char>(ch)), n = n * 10 + static_cast<std::uint64_t>(ch - '0');
        if (digits) {
          record.content_length = n;
          have_length = true;
        } else {
          bad_length = std::string(value);
        }
      }
    }
  }
  // wget writes the target URI in angle brackets.
  if (record.target_uri.size() >= 2 && record.target_uri.front() == '<' && record.target_uri.back() == '>')
    record.target_uri = record.target_uri.substr(1, record.target_uri.size() - 2);
  // A crawler that wrote a URI's raw bytes (Latin-1, not UTF-8) gave every
  // answer an id with U+FFFD that --show and id: did not find, and made two
  // URIs one; the bytes are percent-encoded, as a browser sends them.
  record.target_uri = escape_invalid_utf8(record.target_uri, ByteEscape::percent);
  const std::uint64_t block_start = buffer_start_ + header_end;
  if (!have_length) {
    problem.offset = record.offset;
    problem.reason = bad_length.empty() ? "malformed: the record has no Content-Length"
                                        : "malformed: Content-Length '" + bad_length + "' is not a number";
    resync(block_start);
    return Next::problem;
  }

  // The block, held up to the limit, read past beyond it.
  pos_ = header_end;
  const std::uint64_t length = record.content_length;
  const std::size_t held = static_cast<std::size_t>(std::min<std::uint64_t>(length, block_limit_));
  const bool complete = ensure(held);
  const std::size_t have = std::min(held, buffer_.size() - pos_);
  record.block.assign(buffer_, pos_, have);
  record.block_cut = length > block_limit_;
  if (!complete) {
    problem.offset = record.offset;
    const std::uint64_t end = buffer_start_ + buffer_.size();
    bool damaged_inside = false;
    for (Damage& d : damage_)
      if (d.position > start && d.position < end) damaged_inside = d.reported = true;
    if (damaged_inside) {
      problem.reason = "damaged: its compressed data is corrupt";
      resync(block_start);
      return Next::problem;
    }
    // A record start inside what should be this record's block: its
    // Content-Length is too long and swallowed the records after it.
    if (resync(block_start)) {
      problem.reason = "malformed: its Content-Length (" + std::to_string(length) +
                       ") runs past the next record; skipped up to it";
      return Next::problem;
    }
    problem.reason = "truncated: the file ends " + std::to_string(have) + " bytes into a record of " +
                     std::to_string(length) + " bytes (its Content-Length)";
    pos_ = buffer_.size();
    return Next::problem;
  }
  if (record.block_cut) {
    // Read past the rest without holding it; a lie found later cannot be
    // recovered from, as the bytes are gone.
    std::uint64_t rest = length - held;
    pos_ += held;
    while (rest > 0) {
      if (pos_ == buffer_.size()) {
        compact();
        if (!fill()) {
          problem.offset = record.offset;
          problem.reason = "truncated: the file ends inside a record of " + std::to_string(length) + " bytes";
          return Next::problem;
        }
      }
      const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(rest, buffer_.size() - pos_));
      pos_ += step;
      rest -= step;
      compact();
    }
  } else {
    pos_ += held;
  }
  const std::uint64_t block_end = buffer_start_ + pos_;
  if (damaged_between(start, block_end)) {
    problem.offset = record.offset;
    problem.reason = "damaged: its compressed data is corrupt";
    resync(block_start);
    return Next::problem;
  }
  // The record ends with two CRLFs; the next thing is a record or the end.
  // Writers differ in the line ends, so any blank lines will do, but other
  // bytes mean the Content-Length is wrong.
  std::size_t after = pos_;
  bool next_ok = true;
  for (;;) {
    while (after < buffer_.size() && (buffer_[after] == '\r' || buffer_[after] == '\n')) ++after;
    if (after < buffer_.size() || !fill()) break;
  }
  if (after < buffer_.size()) {
    ensure(after - pos_ + 16);
    // A record properly ended by a blank line is fine whatever follows
    // (the next call names it); without one, the Content-Length is wrong.
    const std::string_view end_marker = std::string_view(buffer_).substr(pos_, after - pos_);
    next_ok = is_version_line(buffer_, after) || end_marker.find("\n\n") != std::string_view::npos ||
              end_marker.find("\n\r\n") != std::string_view::npos;
  }
  if (!next_ok) {
    problem.offset = record.offset;
    problem.reason = "malformed: its Content-Length (" + std::to_string(length) + ") is wrong";
    if (resync(record.block_cut ? block_end : block_start)) {
      // Where the block really ended: before the next record's blank lines.
      std::size_t end = pos_;
      for (int i = 0; i < 4 && end > 0 && (buffer_[end - 1] == '\n' || buffer_[end - 1] == '\r'); ++i) --end;
      const std::uint64_t real = buffer_start_ + end - block_start;
      if (!record.block_cut && real != length)
        problem.reason += " (the record's content is " + std::to_string(real) + " bytes)";
      problem.reason += "; skipped up to the next record";
    } else {
      problem.reason += "; nothing after it could be read";
    }
    return Next::problem;
  }
  pos_ = after;
  // Stream positions of members before this point are no longer needed.
  if (members_.size() > 64) {
    auto keep = std::upper_bound(members_.begin(), members_.end(), std::make_pair(buffer_start_ + pos_, UINT64_MAX));
    if (keep != members_.begin()) --keep;
    members_.erase(members_.begin(), keep);
  }
  if (damage_.size() > 64) damage_.erase(damage_.begin(), damage_.end() - 8);
  return Next::record;
}

}  // namespace quarry::web
