#include "field_values.h"

#include <string_view>

#include "analyser.h"

namespace quarry {

std::vector<std::string> FieldVocabulary::terms(const Xapian::Database& db, const char* term_prefix,
                                                const std::string& value) {
  const std::string prefix = term_prefix;
  auto field = fields_.find(prefix);
  if (field == fields_.end()) {
    std::map<std::string, std::vector<std::string>> by_folded;
    for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
      by_folded[Analyser::fold_value(std::string_view(*t).substr(prefix.size()))].push_back(*t);
    field = fields_.emplace(prefix, std::move(by_folded)).first;
  }
  const auto found = field->second.find(Analyser::fold_value(value));
  return found == field->second.end() ? std::vector<std::string>() : found->second;
}

}  // namespace quarry
