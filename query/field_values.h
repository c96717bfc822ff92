// The indexed spellings of a section, author or site value. The indexer
// folds only the ASCII letters of these values (changing that would need a
// re-index), so "Économie", "ÉCONOMIE" and "economie" are three terms, all
// of which section:economie must find, as a word search would. A field's
// terms are read from the database (every shard, local or remote: Xapian
// merges their term lists) and kept, with what each value typed so far
// found, until the database is read anew.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

class FieldVocabulary {
 public:
  // The terms of the field (term_prefix: schema's kSectionPrefix,
  // kAuthorPrefix, kSitePrefix) whose value has the Analyser::fold_value of
  // value, in no particular order; throws Xapian's errors.
  std::vector<std::string> terms(const Xapian::Database& db, const char* term_prefix, const std::string& value);
  // Forgets every field read: call it whenever db may show another revision.
  void clear() { fields_.clear(); }

 private:
  // Only the terms that may fold to a value are read: those whose value
  // starts as its fold does (an ASCII letter or digit, by may_fold_to's
  // rule), and those that start otherwise ("Économie", "(a)"): a field of
  // mostly ASCII names is mostly left unread.
  struct Term {
    std::string term;
    std::uint64_t letters = 0;  // the ASCII letters and digits its value holds (letters_of)
    bool folded = false;        // fold holds its value's fold_value (computed once, when needed)
    std::string fold;
  };
  struct Field {
    bool others_read = false;
    std::vector<Term> others;                  // values not starting with a-z or 0-9
    std::map<char, std::vector<Term>> starts;  // the rest, by first byte, once read
    std::map<std::string, std::vector<std::string>> found;  // folded value -> its terms
  };
  std::map<std::string, Field> fields_;  // by term prefix
  static Term read_term(const std::string& term, const std::string& prefix);
};

// Whether fold_value(value) may be folded, decided without folding: every
// ASCII letter and digit of a value is in its fold, lower-cased and in
// order, and the fold starts with the first of them when the value does
// (NFKC case folding leaves them, and the accents dropped around them take
// nothing with them). So a value whose ASCII letters and digits are not a
// subsequence of folded's cannot fold to it. Most values are so left out at
// the cost of a byte loop instead of ICU's normalisers; tests/filter_fold_test.cc
// holds the rule to fold_value beside every combining mark.
bool may_fold_to(std::string_view value, std::string_view folded);

}  // namespace quarry
