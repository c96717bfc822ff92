// The indexed spellings of a section, author or site value. The indexer
// folds only the ASCII letters of these values (changing that would need a
// re-index), so "Économie", "ÉCONOMIE" and "economie" are three terms, all
// of which section:economie must find, as a word search would. A field's
// terms are read from the database (every shard, local or remote: Xapian
// merges their term lists), each folded once with Analyser::fold_value, and
// kept until the database is read anew.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace quarry {

class FieldVocabulary {
 public:
  // The terms of the field (term_prefix: schema's kSectionPrefix,
  // kAuthorPrefix, kSitePrefix) whose value folds as value does, in term
  // order; throws Xapian's errors.
  std::vector<std::string> terms(const Xapian::Database& db, const char* term_prefix, const std::string& value);
  // Forgets every field read: call it whenever db may show another revision.
  void clear() { fields_.clear(); }

 private:
  // Per term prefix: folded value -> the terms that fold to it.
  std::map<std::string, std::map<std::string, std::vector<std::string>>> fields_;
};

}  // namespace quarry
