#include "spelling_vocabulary.h"

#include <algorithm>
#include <cstdio>

#include "quarry/error.h"
#include "schema.h"
#include "varint.h"

namespace quarry {
namespace {

[[noreturn]] void damaged() {
  throw DatabaseError("the index holds a damaged spelling vocabulary; re-index it");
}

std::uint64_t get_varint(std::string_view data, std::size_t& pos) {
  std::uint64_t value = 0;
  if (!read_varint(data, pos, value)) damaged();
  return value;
}

}  // namespace

bool is_spelling_word(const Token& token) { return token.stemmable && token.term.size() >= 2; }

namespace {

// Grows (or starts) an open-addressing table of Slots so that it stays at
// most half full for one more entry; the entries are placed again by their
// stored hashes.
template <typename Slot>
void make_room(std::vector<Slot>& slots, std::size_t entries, std::size_t first_size) {
  if (slots.size() >= 2 * (entries + 1)) return;
  std::size_t size = first_size;
  while (size < 4 * (entries + 1)) size *= 2;
  std::vector<Slot> old(size);
  old.swap(slots);
  const std::size_t mask = size - 1;
  for (const Slot& slot : old) {
    if (!slot.word) continue;
    std::size_t at = slot.hash & mask;
    while (slots[at].word) at = (at + 1) & mask;
    slots[at] = slot;
  }
}

}  // namespace

void DocumentWords::add(const Token& token) {
  if (is_spelling_word(token)) add(token, Analyser::word_hash(token.term));
}

void DocumentWords::add(const Token& token, std::uint64_t word_hash) {
  if (!is_spelling_word(token)) return;
  make_room(slots_, words_.size(), 1024);
  const auto hash = static_cast<std::uint32_t>(word_hash);
  const std::size_t mask = slots_.size() - 1;  // a power of two
  std::size_t at = hash & mask;
  while (slots_[at].word) {
    if (slots_[at].hash == hash && words_[slots_[at].word - 1] == token.term) return;
    at = (at + 1) & mask;
  }
  words_.push_back(token.term);
  hashes_.push_back(hash);
  slots_[at] = {static_cast<std::uint32_t>(words_.size()), hash};
}

// Each word: its hash (4 bytes, little-endian), its length (varint), its bytes.
std::string DocumentWords::take() {
  std::size_t bytes = 0;
  for (const std::string& word : words_) bytes += 6 + word.size();
  std::string out;
  out.reserve(bytes);
  for (std::size_t i = 0; i < words_.size(); ++i) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((hashes_[i] >> shift) & 0xff));
    put_varint(out, words_[i].size());
    out += words_[i];
  }
  words_.clear();
  hashes_.clear();
  std::fill(slots_.begin(), slots_.end(), Slot{});
  return out;
}

void for_each_packed_word(std::string_view packed,
                          const std::function<void(std::string_view, std::uint32_t)>& visit) {
  std::size_t pos = 0;
  while (pos < packed.size()) {
    if (packed.size() - pos < 4) damaged();
    std::uint32_t hash = 0;
    for (int b = 3; b >= 0; --b) hash = (hash << 8) | static_cast<unsigned char>(packed[pos + static_cast<std::size_t>(b)]);
    pos += 4;
    const std::uint64_t size = get_varint(packed, pos);
    if (size > packed.size() - pos) damaged();
    visit(packed.substr(pos, size), hash);
    pos += size;
  }
}

void WordCounts::add(std::string_view word, std::int64_t delta) {
  add(word, static_cast<std::uint32_t>(Analyser::word_hash(word)), delta);
}

void WordCounts::add(std::string_view word, std::uint32_t hash, std::int64_t delta) {
  make_room(slots_, words_.size(), std::size_t{1} << 16);
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = hash & mask;
  while (slots_[at].word) {
    if (slots_[at].hash == hash) {
      auto& entry = words_[slots_[at].word - 1];
      if (entry.first == word) {
        entry.second += delta;
        return;
      }
    }
    at = (at + 1) & mask;
  }
  words_.emplace_back(std::string(word), delta);
  slots_[at] = {static_cast<std::uint32_t>(words_.size()), hash};
}

void WordCounts::for_each(const std::function<void(const std::string&, std::int64_t)>& visit) const {
  for (const auto& [word, count] : words_) visit(word, count);
}

void WordCounts::clear() {
  words_.clear();
  slots_.clear();
}

std::string spelling_key(std::string_view word) {
  char hex[5];
  std::snprintf(hex, sizeof hex, "%02x%02x", word.size() > 0 ? static_cast<unsigned char>(word[0]) : 0u,
                word.size() > 1 ? static_cast<unsigned char>(word[1]) : 0u);
  return schema::kSpellingPrefix + std::string(hex);
}

std::string encode_spelling_entry(const std::map<std::string, std::int64_t>& counts) {
  std::string out;
  for (const auto& [word, documents] : counts) {
    if (documents <= 0) continue;
    put_varint(out, word.size());
    out += word;
    put_varint(out, static_cast<std::uint64_t>(documents));
  }
  return out;
}

void read_spelling_entry(std::string_view stored,
                         const std::function<void(std::string_view, std::int64_t)>& visit) {
  std::size_t pos = 0;
  while (pos < stored.size()) {
    const std::uint64_t size = get_varint(stored, pos);
    if (size > stored.size() - pos) damaged();
    const std::string_view word = stored.substr(pos, size);
    pos += size;
    visit(word, static_cast<std::int64_t>(get_varint(stored, pos)));
  }
}

}  // namespace quarry
