// The spelling vocabulary: every word of the indexed text as written (folded
// by the analyser, not stemmed) with the number of documents that hold it.
// Suggestions ("Did you mean") are drawn from it; the index itself holds only
// stems, which are no words to suggest. It is stored in each database's
// metadata, one entry per first two bytes of the words (schema::kSpellingPrefix:
// a few hundred words each, so that one word's count is quickly read),
// and counted up and down with the documents in the same commits.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyser.h"

namespace quarry {

// Which words are spelled: letters only (no numbers, no ideographs, which
// have no spelling to correct), at least two bytes.
bool is_spelling_word(const Token& token);

// The distinct spelling words of one document, collected token by token.
class DocumentWords {
 public:
  void add(const Token& token);
  // word_hash: Analyser::word_hash(token.term), when the caller has it.
  void add(const Token& token, std::uint64_t word_hash);
  // The words (in no particular order), packed as for_each_packed_word reads
  // them; the collector is empty again.
  std::string take();

 private:
  struct Slot {
    std::uint32_t word = 0;  // index + 1 into words_, 0 = free
    std::uint32_t hash = 0;
  };
  std::vector<std::string> words_;
  std::vector<std::uint32_t> hashes_;  // of each of words_
  std::vector<Slot> slots_;            // open addressing
};

// The ~300 distinct words of each document cross from the analysis threads
// to the writer packed in one string (one allocation, not one per word), each
// with the hash the tables below use, so that the writer does not compute it
// again. Calls visit(word, hash) for each.
void for_each_packed_word(std::string_view packed,
                          const std::function<void(std::string_view, std::uint32_t)>& visit);

// Words with a count each, in a flat hash table: the indexer adds ~300 words
// per document, and a node-based map was a tenth of the indexer's own work.
class WordCounts {
 public:
  void add(std::string_view word, std::int64_t delta);
  // hash: the word's, as for_each_packed_word gives it.
  void add(std::string_view word, std::uint32_t hash, std::int64_t delta);
  // Calls visit(word, count) for each word, in no particular order.
  void for_each(const std::function<void(const std::string&, std::int64_t)>& visit) const;
  bool empty() const { return words_.empty(); }
  void clear();

 private:
  struct Slot {
    std::uint32_t word = 0;  // index + 1 into words_, 0 = free
    std::uint32_t hash = 0;  // compared first: a probe past another word reads no string
  };
  std::vector<std::pair<std::string, std::int64_t>> words_;
  std::vector<Slot> slots_;
};

// The metadata key of the entry holding word.
std::string spelling_key(std::string_view word);

// An entry's stored form: words in byte order, each with its document count.
std::string encode_spelling_entry(const std::map<std::string, std::int64_t>& counts);
// Calls visit(word, documents) for each word of a stored entry, in order;
// throws DatabaseError when it is damaged.
void read_spelling_entry(std::string_view stored,
                         const std::function<void(std::string_view, std::int64_t)>& visit);

}  // namespace quarry
