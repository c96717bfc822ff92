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

// A bit per ASCII letter and digit that text holds, in either case: a value
// holding one its fold lacks cannot fold to it (may_fold_to), and a
// comparison of these sets leaves most values out at once.
std::uint64_t letters_of(std::string_view text) {
  std::uint64_t set = 0;
  for (char c : text) {
    c = lower(c);
    if (c >= 'a' && c <= 'z') set |= std::uint64_t{1} << (c - 'a');
    else if (c >= '0' && c <= '9') set |= std::uint64_t{1} << (26 + c - '0');
  }
  return set;
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

FieldVocabulary::Term FieldVocabulary::read_term(const std::string& term, const std::string& prefix) {
  Term read;
  read.term = term;
  read.letters = letters_of(std::string_view(term).substr(prefix.size()));
  return read;
}

std::vector<std::string> FieldVocabulary::terms(const Xapian::Database& db, const char* term_prefix,
                                                const std::string& value) {
  const std::string prefix = term_prefix;
  Field& field = fields_[prefix];
  const std::string folded = Analyser::fold_value(value);
  if (auto found = field.found.find(folded); found != field.found.end()) return found->second;
  if (!field.others_read) {
    // Past each run of values that start with a letter or digit, in one walk.
    std::vector<Term> others;
    const Xapian::TermIterator end = db.allterms_end(prefix);
    for (Xapian::TermIterator t = db.allterms_begin(prefix); t != end;) {
      const std::string term = *t;
      const char first = term.size() > prefix.size() ? term[prefix.size()] : '\0';
      if (letter_or_digit(first)) {
        t.skip_to(prefix + static_cast<char>(first + 1));
      } else {
        others.push_back(read_term(term, prefix));
        ++t;
      }
    }
    field.others = std::move(others);
    field.others_read = true;
  }
  std::vector<std::vector<Term>*> candidates = {&field.others};
  if (!folded.empty() && letter_or_digit(folded[0])) {
    auto start = field.starts.find(folded[0]);
    if (start == field.starts.end()) {
      std::vector<Term> read;
      const std::string first = prefix + folded[0];
      for (Xapian::TermIterator t = db.allterms_begin(first); t != db.allterms_end(first); ++t)
        read.push_back(read_term(*t, prefix));
      start = field.starts.emplace(folded[0], std::move(read)).first;
    }
    candidates.push_back(&start->second);
  }
  const std::uint64_t letters = letters_of(folded);
  std::vector<std::string> terms;
  for (std::vector<Term>* some : candidates)
    for (Term& candidate : *some) {
      if (candidate.letters & ~letters) continue;
      const std::string_view spelling = std::string_view(candidate.term).substr(prefix.size());
      if (is_ascii(spelling)) {
        if (folds_to(spelling, folded)) terms.push_back(candidate.term);
        continue;
      }
      if (!may_fold_to(spelling, folded)) continue;
      if (!candidate.folded) {
        candidate.fold = Analyser::fold_value(spelling);
        candidate.folded = true;
      }
      if (candidate.fold == folded) terms.push_back(candidate.term);
    }
  return field.found.emplace(folded, std::move(terms)).first->second;
}

}  // namespace quarry
