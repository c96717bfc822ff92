#include "spelling_vocabulary.h"

#include <algorithm>
#include <cstdio>

#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace {

std::uint64_t hash_of(std::string_view word) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : word) hash = (hash ^ c) * 1099511628211ULL;
  return hash ^ (hash >> 29);
}

void put_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

[[noreturn]] void damaged() {
  throw DatabaseError("the index holds a damaged spelling vocabulary; re-index it");
}

std::uint64_t get_varint(std::string_view data, std::size_t& pos) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= data.size()) damaged();
    const auto byte = static_cast<unsigned char>(data[pos++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value;
  }
  damaged();
}

}  // namespace

bool is_spelling_word(const Token& token) { return token.stemmable && token.term.size() >= 2; }

void DocumentWords::add(const Token& token) {
  if (!is_spelling_word(token)) return;
  if (slots_.size() < 2 * (words_.size() + 1)) {
    // Grow (or start) and re-insert: keeps the table at most half full.
    std::size_t size = 1024;
    while (size < 4 * (words_.size() + 1)) size *= 2;
    slots_.assign(size, 0);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = 0; i < words_.size(); ++i) {
      std::size_t at = hash_of(words_[i]) & mask;
      while (slots_[at]) at = (at + 1) & mask;
      slots_[at] = static_cast<std::uint32_t>(i + 1);
    }
  }
  const std::size_t mask = slots_.size() - 1;  // a power of two
  std::size_t at = hash_of(token.term) & mask;
  while (slots_[at]) {
    if (words_[slots_[at] - 1] == token.term) return;
    at = (at + 1) & mask;
  }
  words_.push_back(token.term);
  slots_[at] = static_cast<std::uint32_t>(words_.size());
}

std::vector<std::string> DocumentWords::take() {
  std::vector<std::string> out;
  out.swap(words_);
  std::fill(slots_.begin(), slots_.end(), 0);
  return out;
}

void WordCounts::add(const std::string& word, std::int64_t delta) {
  if (slots_.size() < 2 * (words_.size() + 1)) {
    std::size_t size = 1u << 16;
    while (size < 4 * (words_.size() + 1)) size *= 2;
    slots_.assign(size, 0);
    for (std::size_t i = 0; i < words_.size(); ++i) {
      std::size_t at = hash_of(words_[i].first) & (size - 1);
      while (slots_[at]) at = (at + 1) & (size - 1);
      slots_[at] = static_cast<std::uint32_t>(i + 1);
    }
  }
  const std::size_t mask = slots_.size() - 1;
  std::size_t at = hash_of(word) & mask;
  while (slots_[at]) {
    auto& entry = words_[slots_[at] - 1];
    if (entry.first == word) {
      entry.second += delta;
      return;
    }
    at = (at + 1) & mask;
  }
  words_.emplace_back(word, delta);
  slots_[at] = static_cast<std::uint32_t>(words_.size());
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
