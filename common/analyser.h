// The one text analyser. Indexing, query parsing and highlighting all call it,
// so a word is always cut and folded the same way wherever it is seen.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

// A word as the index sees it. begin/end are byte offsets into the analysed
// text and are never changed by folding: highlighting relies on that.
struct Token {
  std::string term;       // folded, unstemmed form
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t position = 0;  // 0-based word position
  bool stemmable = false;      // letters (not numbers, not ideographs)
};

// Not thread-safe: it owns an ICU break iterator and a stem cache. Make one per thread.
class Analyser {
 public:
  // Name and version are stored in every database; bump the version whenever
  // the terms produced for some input change.
  static constexpr const char* kName = "quarry-icu";
  // 3: a position gap after separating punctuation. 4: superscript and
  // subscript digits are numbers ("x²" is "x 2"); ı ł ø đ ħ æ œ, Greek and
  // Hebrew marks and the diaeresis of ё are folded away; French and Italian
  // elisions are dropped ("l'État" is "etat"); Arabic and Urdu kaf, yeh and
  // heh are one letter each; Turkish drops case endings after an apostrophe.
  static constexpr int kVersion = 4;
  static std::string id();  // "quarry-icu/4"

  // language: a Snowball stemmer name known to Xapian ("english", "french",
  // ...) or "none". Throws UsageError for an unknown language.
  explicit Analyser(const std::string& language = "english");
  ~Analyser();
  Analyser(const Analyser&) = delete;
  Analyser& operator=(const Analyser&) = delete;

  // The canonical name of the stemming language, as stored in databases.
  const std::string& language() const;

  // Snowball's canonical name for any name or code Xapian::Stem accepts
  // ("fr" and "french" are "french"), or "none". Throws UsageError for an
  // unknown language, listing the known ones.
  static std::string canonical_language(const std::string& language);

  // A field value (a section, an author, a site) folded as tokenize folds
  // each word's letters: case in every script, compatibility forms, accents
  // and the letter variants users type plain ("İstanbul" and "ISTANBUL" are
  // "istanbul", "Économie" is "economie", "Straße" is "strasse", "Łódź" is
  // "lodz"). The whole value is one string: its spaces and punctuation stay,
  // and nothing is cut from it as from a word (a possessive, an elision).
  // Filters and facets treat two values alike when this is.
  static std::string fold_value(std::string_view value);

  // Appends the words of UTF-8 text (invalid bytes are tolerated) to out.
  // Positions start at first_position. Words are one position apart when
  // only spaces or a compound's joiners (hyphens, dots, '@', '_',
  // apostrophes) stand between them, as in "F-16", "F16", "F 16" and "U.S.
  // tariffs"; any other punctuation ("JUI-F, 16", "u/s") leaves an empty
  // position between them, so that no phrase spans it.
  void tokenize(std::string_view text, std::vector<Token>& out,
                std::uint32_t first_position = 0);
  std::vector<Token> tokenize(std::string_view text);
  // The same words, every one found by ICU: the reference tokenize's fast
  // path for plain ASCII words is tested against.
  void tokenize_with_icu(std::string_view text, std::vector<Token>& out, std::uint32_t first_position = 0);

  // The index term of a token: its stem when it is stemmable. The reference
  // is valid until the next call (or until token changes).
  const std::string& index_term(const Token& token);
  // The same, with two hashes the indexer needs for every token anyway,
  // computed here on the way (the stem cache hashes the word to look it up):
  struct TermHashes {
    std::uint64_t word = 0;      // word_hash(token.term): the spelling vocabulary's
    std::uint64_t term = 0;  // term_hash of the index term: the near-duplicate shingles'
  };
  const std::string& index_term(const Token& token, TermHashes& hashes);
  // The hash of a word the stem cache (and the spelling vocabulary) uses.
  static std::uint64_t word_hash(std::string_view word);
  // The hash of an index term near-duplicate signatures are made of
  // (near_duplicates.h; stored in every index, so never changed).
  static std::uint64_t term_hash(std::string_view term);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quarry
