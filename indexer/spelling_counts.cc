#include "spelling_counts.h"

#include <map>

#include "document.h"
#include "schema.h"
#include "spelling_vocabulary.h"

namespace quarry {

void SpellingCounts::add(const std::string& packed_words) {
  for_each_packed_word(packed_words, [this](std::string_view word, std::uint32_t hash) { deltas_.add(word, hash, 1); });
}

void SpellingCounts::remove(const Xapian::Document& stored, Analyser& analyser) {
  const DocumentRecord record = decode_record(stored.get_value(schema::kRecordSlot));
  DocumentWords words;
  std::vector<Token> tokens;
  auto collect = [&](const std::string& text) {
    tokens.clear();
    analyser.tokenize(text, tokens);
    for (const Token& token : tokens) words.add(token);
  };
  for (const StoredPassage& passage : record.passages) collect(passage.text);
  collect(record.title);
  for_each_packed_word(words.take(), [this](std::string_view word, std::uint32_t hash) { deltas_.add(word, hash, -1); });
}

void SpellingCounts::write_into(Xapian::WritableDatabase& db) {
  std::map<std::string, std::vector<std::pair<std::string, std::int64_t>>> by_key;
  deltas_.for_each([&by_key](const std::string& word, std::int64_t delta) {
    if (delta) by_key[spelling_key(word)].emplace_back(word, delta);
  });
  for (const auto& [key, changes] : by_key) {
    std::map<std::string, std::int64_t> counts;
    read_spelling_entry(db.get_metadata(key), [&counts](std::string_view word, std::int64_t documents) {
      counts.emplace_hint(counts.end(), std::string(word), documents);
    });
    for (const auto& [word, delta] : changes) counts[word] += delta;
    db.set_metadata(key, encode_spelling_entry(counts));
  }
  deltas_.clear();
}

}  // namespace quarry
