#include "field_values.h"

#include "analyser.h"
#include "utf8.h"

namespace quarry {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool letter_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// fold_value of an ASCII value is the value lower-cased.
bool folds_to(std::string_view ascii, std::string_view folded) {
  if (ascii.size() != folded.size()) return false;
  for (std::size_t i = 0; i < ascii.size(); ++i)
    if (lower(ascii[i]) != folded[i]) return false;
  return true;
}

}  // namespace

bool may_fold_to(std::string_view value, std::string_view folded) {
  std::size_t at = 0;
  for (char c : value) {
    c = lower(c);
    if (!letter_or_digit(c)) continue;
    while (at < folded.size() && folded[at] != c) ++at;
    if (at == folded.size()) return false;
    ++at;
  }
  return true;
}

std::vector<std::string> FieldVocabulary::terms(const Xapian::Database& db, const char* term_prefix,
                                                const std::string& value) {
  const std::string prefix = term_prefix;
  Field& field = fields_[prefix];
  const std::string folded = Analyser::fold_value(value);
  if (auto found = field.found.find(folded); found != field.found.end()) return found->second;
  if (!field.others_read) {
    // Past each run of values that start with a letter or digit, in one walk.
    const Xapian::TermIterator end = db.allterms_end(prefix);
    for (Xapian::TermIterator t = db.allterms_begin(prefix); t != end;) {
      const std::string term = *t;
      const char first = term.size() > prefix.size() ? term[prefix.size()] : '\0';
      if (letter_or_digit(first)) {
        t.skip_to(prefix + static_cast<char>(first + 1));
      } else {
        field.others.push_back(term);
        ++t;
      }
    }
    field.others_read = true;
  }
  std::vector<const std::vector<std::string>*> candidates = {&field.others};
  if (!folded.empty() && letter_or_digit(folded[0])) {
    auto start = field.starts.find(folded[0]);
    if (start == field.starts.end()) {
      std::vector<std::string> read;
      const std::string first = prefix + folded[0];
      for (Xapian::TermIterator t = db.allterms_begin(first); t != db.allterms_end(first); ++t) read.push_back(*t);
      start = field.starts.emplace(folded[0], std::move(read)).first;
    }
    candidates.push_back(&start->second);
  }
  std::vector<std::string> terms;
  for (const std::vector<std::string>* some : candidates)
    for (const std::string& term : *some) {
      const std::string_view spelling = std::string_view(term).substr(prefix.size());
      if (is_ascii(spelling) ? folds_to(spelling, folded)
                             : may_fold_to(spelling, folded) && Analyser::fold_value(spelling) == folded)
        terms.push_back(term);
    }
  return field.found.emplace(folded, std::move(terms)).first->second;
}

}  // namespace quarry
