#include "facets.h"

#include <algorithm>
#include <map>

#include "analyser.h"
#include "document.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace {

// Documents per value, and per spelling of it (the most common names it).
struct Tally {
  std::size_t count = 0;
  std::map<std::string, std::size_t> spellings;
};
using Tallies = std::map<std::string, Tally>;

// The value a facet shows is the one its filter takes: section:, site: and
// author: ignore what Analyser::fold_value folds (case in any script,
// accents, letter variants), so their spellings count as one; year and month
// are the front of the date (date:2025, date:2025-03).
void add_as(Tallies& tallies, const std::string& key, const std::string& value, std::size_t count) {
  Tally& tally = tallies[key];
  tally.count += count;
  tally.spellings[value] += count;
}

void add(Tallies& tallies, const std::string& value, bool fold, std::size_t count) {
  if (value.empty()) return;
  add_as(tallies, fold ? Analyser::fold_value(value) : value, value, count);
}

// A document counts once per author as author: tells them apart. The
// indexer keeps one spelling per ASCII-folded name, so "Zoë Ålund", "ZOË
// ÅLUND" and "Zoe Alund" all reach here from one document: they are one value.
void add_authors(Tallies& tallies, const std::vector<std::string>& authors, std::size_t count) {
  std::vector<std::string> seen;
  for (const std::string& author : authors) {
    if (author.empty()) continue;
    std::string key = Analyser::fold_value(author);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    add_as(tallies, key, author, count);
    seen.push_back(std::move(key));
  }
}

void tally(const std::string& field, const FacetFields& fields, std::size_t count, Tallies& tallies) {
  if (field == "section") add(tallies, fields.section, true, count);
  else if (field == "kind") add(tallies, fields.kind, false, count);
  else if (field == "date") add(tallies, fields.date, false, count);
  else if (field == "year") add(tallies, fields.date.substr(0, 4), false, count);
  else if (field == "month") add(tallies, fields.date.size() >= 7 ? fields.date.substr(0, 7) : "", false, count);
  else if (field == "site") add(tallies, fields.site, true, count);
  else if (field == "language") add(tallies, fields.language, false, count);
  else if (field == "author") add_authors(tallies, fields.authors, count);
}

Facet make_facet(const std::string& field, const Tallies& tallies, std::size_t limit) {
  Facet facet{field, {}};
  for (const auto& [key, tally] : tallies) {
    auto spelling = std::max_element(tally.spellings.begin(), tally.spellings.end(), [](const auto& a, const auto& b) {
      return a.second < b.second || (a.second == b.second && a.first > b.first);
    });
    facet.values.push_back({spelling->first, tally.count});
  }
  std::sort(facet.values.begin(), facet.values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (limit && facet.values.size() > limit) facet.values.resize(limit);
  return facet;
}

}  // namespace

const std::vector<std::string>& facet_fields() {
  static const std::vector<std::string> fields = {"section", "kind", "date", "year", "month",
                                                  "site",    "author", "language"};
  return fields;
}

void check_facet_fields(const std::vector<std::string>& fields) {
  const std::vector<std::string>& known = facet_fields();
  for (const std::string& field : fields)
    if (std::find(known.begin(), known.end(), field) == known.end()) {
      std::string names;
      for (const std::string& name : known) names += (names.empty() ? "" : ", ") + name;
      throw UsageError("there is no facet '" + field + "' (facets: " + names + ")");
    }
}

MatchCounts count_matches(const Xapian::Database& db, const Xapian::Query& query,
                          const std::vector<std::string>& fields, std::size_t facet_limit) {
  check_facet_fields(fields);
  // Ranked by Xapian's default BM25, although nothing is ranked: BoolWeight
  // would let Xapian 1.4.22 swap a term every document of a shard holds for
  // the all-documents posting list, which fails once docids have gaps (see
  // phrase_query in query_parser.cc); BM25 needs the term's own list. It
  // costs ~0.2 ms for 9,000 matches.
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::ValueCountMatchSpy* spy = nullptr;  // owned by enquire
  if (!fields.empty()) {
    spy = new Xapian::ValueCountMatchSpy(schema::kFacetSlot);
    enquire.add_matchspy(spy->release());
  }
  // No hits wanted, every match checked: Xapian then knows the count exactly.
  const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
  MatchCounts counts;
  counts.matches = mset.get_matches_estimated();
  if (!spy) return counts;
  // The spy counted each distinct combination of a document's fields once
  // per document holding it; each field's values are summed from them.
  std::vector<Tallies> tallies(fields.size());
  for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
    const FacetFields combination = decode_facet_fields(*it);
    for (std::size_t i = 0; i < fields.size(); ++i) tally(fields[i], combination, it.get_termfreq(), tallies[i]);
  }
  for (std::size_t i = 0; i < fields.size(); ++i) counts.facets.push_back(make_facet(fields[i], tallies[i], facet_limit));
  return counts;
}

}  // namespace quarry
