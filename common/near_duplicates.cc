#include "near_duplicates.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "analyser.h"
#include "document.h"
#include "quarry/error.h"

namespace quarry {
namespace {

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A date's day as TextSketch::day stores it: days since 1970-01-01 (Howard
// Hinnant's days_from_civil) plus one, so that 0 is "undated"; a day before
// 1970 is negative, stored as its 32-bit two's complement (1969-12-31 is
// 0xffffffff). Dates before 1970 were stored as 0, undated, and so one story
// with every date: reprints of a 1950 report folded those of 1960 and 2020.
std::uint32_t day_number(const std::string& date) {
  if (date.size() < 10 || date[4] != '-' || date[7] != '-') return 0;
  const int y0 = std::atoi(date.substr(0, 4).c_str()), m = std::atoi(date.substr(5, 2).c_str()),
            d = std::atoi(date.substr(8, 2).c_str());
  if (y0 < 1000 || m < 1 || m > 12 || d < 1 || d > 31) return 0;
  const int y = y0 - (m <= 2);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  return static_cast<std::uint32_t>(days >= 0 ? days + 1 : days);
}

// Days since 1970-01-01 of a stored day (not 0).
std::int64_t days_since_1970(std::uint32_t day) {
  return day >= 0x80000000u ? static_cast<std::int64_t>(day) - 0x100000000LL : static_cast<std::int64_t>(day) - 1;
}

}  // namespace

bool near_duplicates(const TextSketch& a, const TextSketch& b) {
  if (a.day && b.day && std::llabs(days_since_1970(a.day) - days_since_1970(b.day)) > kStoryDays) return false;
  return resemblance_if_above(a, b, kNearDuplicateResemblance) >= kNearDuplicateResemblance;
}

void SketchBuilder::add_word(std::string_view term) { add_word_hash(Analyser::term_hash(term)); }

void SketchBuilder::add_word_hash(std::uint64_t term_hash) {
  window_[next_] = term_hash;
  next_ = (next_ + 1) % kShingleWords;
  if (filled_ < kShingleWords) ++filled_;
  if (filled_ < kShingleWords) return;
  // The words in order, each rotated by its place, mixed once.
  std::uint64_t shingle = 0;
  for (std::size_t i = 0; i < kShingleWords; ++i) {
    const std::uint64_t h = window_[(next_ + i) % kShingleWords];
    const unsigned r = static_cast<unsigned>(13 * i);
    shingle ^= r ? (h << r) | (h >> (64 - r)) : h;
  }
  hashes_.push_back(static_cast<std::uint32_t>(mix(shingle) >> 32));
}

TextSketch SketchBuilder::finish(const std::string& date) {
  TextSketch sketch;
  sketch.day = day_number(date);
  // Only the smallest hashes matter: select a few more than kept (repeated
  // shingles are rare), sort and dedupe those; all of them if that fell short.
  const std::size_t select = kSketchSize + kSketchSize / 2;
  auto distinct_prefix = [this](std::size_t n) {
    std::sort(hashes_.begin(), hashes_.begin() + static_cast<std::ptrdiff_t>(n));
    return static_cast<std::size_t>(std::unique(hashes_.begin(), hashes_.begin() + static_cast<std::ptrdiff_t>(n)) - hashes_.begin());
  };
  std::size_t distinct;
  if (hashes_.size() > select) {
    std::nth_element(hashes_.begin(), hashes_.begin() + static_cast<std::ptrdiff_t>(select), hashes_.end());
    distinct = distinct_prefix(select);
    if (distinct < kSketchSize) distinct = distinct_prefix(hashes_.size());
    else distinct = hashes_.size() - (select - distinct);  // repeats beyond the selection are not counted
  } else {
    distinct = distinct_prefix(hashes_.size());
  }
  sketch.shingles = static_cast<std::uint32_t>(distinct);
  sketch.smallest.assign(hashes_.begin(), hashes_.begin() + static_cast<std::ptrdiff_t>(std::min(distinct, kSketchSize)));
  hashes_.clear();
  filled_ = next_ = 0;
  return sketch;
}

double resemblance(const TextSketch& a, const TextSketch& b) { return resemblance_if_above(a, b, 0); }

double resemblance_if_above(const TextSketch& a, const TextSketch& b, double floor) {
  if (a.shingles < kMinShingles || b.shingles < kMinShingles) return 0;
  // |A ∩ B| / |A ∪ B| is at most the smaller set over the larger.
  const double sizes = static_cast<double>(std::min(a.shingles, b.shingles)) / std::max(a.shingles, b.shingles);
  if (sizes < floor) return 0;
  // The k smallest hashes of the union are a uniform sample of it; the share
  // of them found in both sketches estimates |A ∩ B| / |A ∪ B|.
  std::size_t i = 0, j = 0, taken = 0, both = 0;
  const std::size_t k = std::max(a.smallest.size(), b.smallest.size());
  // Once this many of the sample are in one set only, floor is out of reach.
  const auto misses_allowed = static_cast<std::size_t>((1 - floor) * static_cast<double>(k));
  while (taken < k && (i < a.smallest.size() || j < b.smallest.size())) {
    if (taken - both > misses_allowed) return 0;
    if (j == b.smallest.size() || (i < a.smallest.size() && a.smallest[i] < b.smallest[j])) {
      ++i;
    } else if (i == a.smallest.size() || b.smallest[j] < a.smallest[i]) {
      ++j;
    } else {
      ++both;
      ++i;
      ++j;
    }
    ++taken;
  }
  return taken ? static_cast<double>(both) / static_cast<double>(taken) : 0;
}

std::string encode_sketch(const TextSketch& sketch) {
  std::string out;
  out.reserve(4 * (sketch.smallest.size() + 1));
  auto put = [&out](std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
  };
  put(sketch.shingles);
  put(sketch.day);
  for (std::uint32_t v : sketch.smallest) put(v);
  return out;
}

TextSketch decode_sketch(std::string_view data) {
  TextSketch sketch;
  if (data.empty()) return sketch;
  if (data.size() % 4 || data.size() < 8 || data.size() > 4 * (kSketchSize + 2))
    throw DamagedRecordError();  // the reader names the database
  auto get = [&data](std::size_t at) {
    std::uint32_t v = 0;
    for (int b = 3; b >= 0; --b) v = (v << 8) | static_cast<unsigned char>(data[at + static_cast<std::size_t>(b)]);
    return v;
  };
  sketch.shingles = get(0);
  sketch.day = get(4);
  for (std::size_t at = 8; at < data.size(); at += 4) sketch.smallest.push_back(get(at));
  return sketch;
}

}  // namespace quarry
