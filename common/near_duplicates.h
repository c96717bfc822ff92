// Near-duplicate documents (an article and its updated version, one wire story
// printed twice): a small signature of each document's text, made at index
// time, from which any two documents' resemblance is estimated at search time.
// Nothing about groups is stored: whether two documents are near-duplicates is
// a function of their own texts, so it stays right whatever is added, replaced
// or removed later, in whatever order and over however many shards.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

// The bottom-k sketch (Broder 1997) of a document's set of word 4-shingles:
// the kSketchSize smallest 32-bit shingle hashes, sorted, and how many
// distinct shingles there were.
// And the document's date as a day number: one story is told within a few
// days, while a monthly report reprinted with new figures is a new story.
struct TextSketch {
  std::uint32_t shingles = 0;
  std::uint32_t day = 0;  // days since 1970-01-01 plus one, or before 1970 that negative count as uint32; 0 when undated
  std::vector<std::uint32_t> smallest;
};

inline constexpr std::size_t kShingleWords = 4;
inline constexpr std::size_t kSketchSize = 64;
// Documents with fewer distinct shingles are never near-duplicates of
// anything: a brief of a few sentences shares them too easily.
inline constexpr std::uint32_t kMinShingles = 20;
// Estimated Jaccard resemblance of the shingle sets at or above which two
// documents are one story (see eval/README.md, "One hit per story").
inline constexpr double kNearDuplicateResemblance = 0.55;
// Dated documents more days apart than this are never one story.
inline constexpr std::uint32_t kStoryDays = 3;

// Builds a sketch from the document's word terms, in text order.
class SketchBuilder {
 public:
  void add_word(std::string_view term);
  // term_hash: Analyser::term_hash(term), as Analyser::TermHashes gives it.
  void add_word_hash(std::uint64_t term_hash);
  // Starts a new run: no shingle spans the break (between passages).
  void break_run() { filled_ = 0; }
  // dated: the document's ISO date, or empty.
  TextSketch finish(const std::string& date);

 private:
  std::uint64_t window_[kShingleWords] = {};
  std::size_t filled_ = 0;
  std::size_t next_ = 0;
  std::vector<std::uint32_t> hashes_;
};

// Estimated Jaccard resemblance of the two shingle sets (0 when either is too
// short to judge).
double resemblance(const TextSketch& a, const TextSketch& b);
// The same, or 0 as soon as it is sure to be below floor (cheaper).
double resemblance_if_above(const TextSketch& a, const TextSketch& b, double floor);
// The same story: dated at most kStoryDays apart (or undated), and of
// resemblance kNearDuplicateResemblance or more.
bool near_duplicates(const TextSketch& a, const TextSketch& b);

// Compact stored form (appended to the passage map value), and back; an
// empty string decodes to an empty sketch.
std::string encode_sketch(const TextSketch& sketch);
TextSketch decode_sketch(std::string_view data);

}  // namespace quarry
