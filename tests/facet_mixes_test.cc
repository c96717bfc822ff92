// Generated queries and filters checked against a brute-force count of
// facets: hand-picked facet tests had counted seven queries. For each
// generated query (words, +/-, phrases, prefixes, title:, every filter the
// README lists, AND/OR/NOT, groups), on one database and on three shards,
// with and without collapse:
//  - every facet's values and counts are those of a brute-force count over
//    the matching documents (README "Facets and counts": documents per value;
//    section, author and site values that differ only in case are one, spelt
//    as most of those documents spell it; a site without "www."; a language
//    by its primary subtag; year/month/date from the date, undated in none;
//    a document with two authors once for each; most frequent first, then by
//    value), whatever collapse says ("Counts stay counts of documents");
//  - choosing a value as the search page does (its drillDown rule, below)
//    finds exactly that many documents: the count says so, and paging
//    through every hit finds those documents, each once (with collapse, as
//    a hit or in exactly one hit's similar, README "One hit per story";
//    with copies=all, collapse off, as hits).
// The matching documents are read from the collapse-off hits, whose match
// set tests/operator_mixes_test.cc holds to a reference of the query
// language; here the facets and drill-downs are held to those documents.
//
// QUARRY_FACET_MIXES=N runs N queries instead of the CI's few dozen
// (QUARRY_FACET_MIXES_SEED picks another seed; QUARRY_FACET_MIXES_KEEP=DIR
// keeps the databases of a failing run there), to explore.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "quarry/index.h"
#include "quarry/search.h"
#include "generated_rng.h"
#include "temp_dir.h"

namespace quarry {
namespace {

using Rng = test::Rng;

// A spelling and the value it is one with (the reference's own key: the
// fixture says which spellings are alike, not a folding function).
struct Spelling {
  std::string text, key;
};

const std::vector<std::string> kWords = {"zorv", "zorvak", "zorm", "blick", "quon", "plon", "dwik", "frub"};
// Values are one as words are (README: case in every script, accents and
// letter variants), so "Économie" and "Economie", "İstanbul" and "ISTANBUL"
// are one value each.
const std::vector<Spelling> kSections = {
    {"Alpha", "alpha"},      {"alpha", "alpha"},          {"ALPHA", "alpha"},        {"Économie", "economie"},
    {"économie", "economie"}, {"ÉCONOMIE", "economie"},   {"Economie", "economie"},   {"Op-Ed", "op-ed"},
    {"Sci/Tech", "sci/tech"}, {"News & Views", "news & views"}, {"A (B)", "a (b)"}, {"Sp Supplements", "sp supplements"},
    {"Say \"Hi\"", "say \"hi\""}, {"İstanbul", "istanbul"}, {"ISTANBUL", "istanbul"}};
// The first kDrawnAuthors are drawn for each record; the last respells some
// records' "Zoë Ålund" afterwards, so that the draws (and the records other
// tests here were found with) stay as they were.
const std::vector<Spelling> kAuthors = {{"Ann Lee", "ann lee"},     {"ann lee", "ann lee"},     {"Zoë Ålund", "zoe alund"},
                                        {"ZOË ÅLUND", "zoe alund"}, {"Bo O'Brien", "bo o'brien"}, {"J. R. Smith", "j. r. smith"},
                                        {"Zoe Alund", "zoe alund"}};
constexpr std::size_t kDrawnAuthors = 6;
const std::vector<Spelling> kSites = {{"a.example", "a.example"},           {"www.a.example", "a.example"},
                                      {"A.Example", "a.example"},           {"b.example", "b.example"},
                                      {"Bücher.example", "bucher.example"}, {"bücher.example", "bucher.example"},
                                      {"Bucher.example", "bucher.example"}};
// The language as declared, and its primary subtag ("" for none the facet counts).
const std::vector<Spelling> kLanguages = {{"en", "en"}, {"EN-GB", "en"}, {"de", "de"},         {"de-CH", "de"},
                                          {"DE", "de"}, {"pt_BR", "pt"}, {"zh-Hant-TW", "zh"}, {"english", ""}};
const std::vector<std::string> kKinds = {"article", "editorial", "teaser", "page"};

struct Record {
  std::string id, kind, title, body, date, url;
  std::size_t section = 0, site = 0, language = 0;  // 0: none, else index + 1
  std::vector<std::size_t> authors;                 // indexes into kAuthors
};

std::string words(Rng& rng, std::size_t n) {
  std::string out;
  for (; n > 0; --n) {
    const std::size_t a = rng.below(kWords.size()), b = rng.below(kWords.size());
    out += (out.empty() ? "" : " ") + kWords[std::min(a, b)];
  }
  return out;
}

std::string date_of(Rng& rng) {
  char date[11];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", static_cast<int>(2023 + rng.below(3)),
                static_cast<int>(1 + rng.below(12)), static_cast<int>(1 + rng.below(26)));
  return date;
}

// Records of random metadata; a third retell one of a few long stories with
// a word changed and a date at most two days off (or none), so that collapse
// folds some of them, across sections, sites and authors.
std::vector<Record> make_records(Rng& rng, std::size_t n) {
  std::vector<std::string> stories, story_dates;
  for (int s = 0; s < 5; ++s) {
    stories.push_back(words(rng, 30));
    story_dates.push_back(date_of(rng));
  }
  std::vector<Record> records;
  for (std::size_t i = 0; i < n; ++i) {
    Record r;
    r.id = "f" + std::to_string(i);
    r.kind = rng.chance(60) ? "article" : rng.pick(kKinds);
    r.title = words(rng, 1 + rng.below(3));
    if (rng.chance(33)) {
      const std::size_t s = rng.below(stories.size());
      r.body = stories[s] + " " + words(rng, 1);
      if (!rng.chance(15)) {
        r.date = story_dates[s];
        const int day = std::stoi(r.date.substr(8)) + static_cast<int>(rng.below(3));  // at most 2 days apart
        r.date = r.date.substr(0, 8) + (day < 10 ? "0" : "") + std::to_string(day);
      }
    } else {
      r.body = words(rng, 2 + rng.below(14));
      if (!rng.chance(15)) r.date = date_of(rng);
    }
    if (!rng.chance(15)) r.section = 1 + rng.below(kSections.size());
    if (rng.chance(25)) r.url = "https://www.c.example/n/" + r.id;
    if (rng.chance(60)) r.site = 1 + rng.below(kSites.size());
    if (rng.chance(50)) r.language = 1 + rng.below(kLanguages.size());
    for (std::size_t a = 0; a < kDrawnAuthors; ++a)
      if (rng.chance(15)) r.authors.push_back(a);
    if (i % 2 == 1) std::replace(r.authors.begin(), r.authors.end(), std::size_t{2}, kDrawnAuthors);
    records.push_back(std::move(r));
  }
  return records;
}

void index_records(const std::vector<Record>& records, const std::string& db, unsigned shards) {
  IndexOptions options;
  options.db_path = db;
  options.shards = shards;
  options.jobs = 1;
  Indexer indexer(options);
  for (const Record& r : records) {
    DocumentInput in;
    in.id = r.id;
    in.kind = r.kind;
    in.title = r.title;
    in.body = r.body;
    in.date = r.date;
    in.url = r.url;
    if (r.section) in.section = kSections[r.section - 1].text;
    if (r.site) in.site = kSites[r.site - 1].text;
    if (r.language) in.language = kLanguages[r.language - 1].text;
    for (std::size_t a : r.authors) in.authors.push_back(kAuthors[a].text);
    in.source = "generated";
    indexer.add_document(in);
  }
  indexer.commit();
}

// The keys (as the reference knows them) and the spellings a record gives a facet.
std::vector<Spelling> facet_values(const Record& r, const std::string& field) {
  std::vector<Spelling> out;
  if (field == "section" && r.section) out.push_back(kSections[r.section - 1]);
  if (field == "kind") out.push_back({r.kind, r.kind});
  if (field == "date" && !r.date.empty()) out.push_back({r.date, r.date});
  if (field == "year" && !r.date.empty()) out.push_back({r.date.substr(0, 4), r.date.substr(0, 4)});
  if (field == "month" && !r.date.empty()) out.push_back({r.date.substr(0, 7), r.date.substr(0, 7)});
  if (field == "site") {
    std::string site = r.site ? kSites[r.site - 1].text : r.url.empty() ? "" : "www.c.example";
    const std::string key = r.site ? kSites[r.site - 1].key : "c.example";
    if (site.compare(0, 4, "www.") == 0) site.erase(0, 4);
    if (!site.empty()) out.push_back({site, key});
  }
  if (field == "language" && r.language && !kLanguages[r.language - 1].key.empty())
    out.push_back({kLanguages[r.language - 1].key, kLanguages[r.language - 1].key});
  if (field == "author") {
    std::set<std::string> seen;
    for (std::size_t a : r.authors)
      if (seen.insert(kAuthors[a].key).second) out.push_back(kAuthors[a]);
  }
  return out;
}

const std::vector<std::string> kFacetFields = {"section", "kind", "date", "year", "month", "site", "author", "language"};

struct ExpectedValue {
  std::size_t count = 0;
  std::map<std::string, std::size_t> spellings;
  std::set<std::string> ids;
};

std::map<std::string, ExpectedValue> brute_force(const std::vector<const Record*>& matches, const std::string& field) {
  std::map<std::string, ExpectedValue> out;
  for (const Record* r : matches)
    for (const Spelling& v : facet_values(*r, field)) {
      ExpectedValue& e = out[v.key];
      ++e.count;
      ++e.spellings[v.text];
      e.ids.insert(r->id);
    }
  return out;
}

// The search page's drillDown (server/page.html), for the same narrowed query
// a user's click asks: the filter appended, the query put in parentheses
// first when it has operators, groups or a filter on the same field.
std::optional<std::string> drill_down(const std::string& query, const std::string& facet, const std::string& value) {
  if (value.find('"') != std::string::npos) return std::nullopt;
  const std::string field = facet == "year" || facet == "month" ? "date" : facet == "language" ? "lang" : facet;
  // JavaScript's \w is ASCII only; std::isalnum in the C locale too.
  const bool bare = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  const std::string filter = field + ":" + (bare ? value : "\"" + value + "\"");
  int depth = 0, deepest = 0;
  bool quoted = false, grouped = false;
  for (char c : query) {
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '(') grouped = true, deepest = std::max(deepest, ++depth);
    else if (c == ')') {
      grouped = true;
      if (--depth < 0) return std::nullopt;
    }
  }
  if (deepest >= 32) return std::nullopt;
  const std::string text = quoted ? query + "\"" : query;
  bool operators = false, same_field = false;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    std::string word = text.substr(at, end - at);
    at = end + 1;
    if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" ||
        (word.compare(0, 5, "NEAR/") == 0 && word.size() > 5 &&
         std::all_of(word.begin() + 5, word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })))
      operators = true;
    if (!word.empty() && (word[0] == '+' || word[0] == '-')) word.erase(0, 1);
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word.compare(0, field.size() + 1, field + ":") == 0) same_field = true;
  }
  return (grouped || operators || same_field ? "(" + text + ")" : text) + " " + filter;
}

std::string quoted_if_needed(const std::string& value) {
  const bool bare = std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
  return bare ? value : "\"" + value + "\"";
}

// Filters of every field the README lists, spelt as users type them.
std::string random_filter(Rng& rng, const std::vector<Record>& records) {
  switch (rng.below(9)) {
    case 0: {
      const std::string& s = rng.pick(kSections).text;
      return s.find('"') != std::string::npos ? "section:Nowhere" : "section:" + quoted_if_needed(s);
    }
    case 1: return "kind:" + rng.pick(kKinds);
    case 2: return "author:\"" + rng.pick(kAuthors).text + "\"";
    case 3: return "site:" + quoted_if_needed(rng.pick(kSites).text);
    case 4: return "lang:" + std::string(rng.pick(std::vector<std::string>{"en", "de", "DE", "pt", "zh", "de-CH"}));
    case 5: {
      const std::string d = date_of(rng), e = date_of(rng);
      switch (rng.below(6)) {
        case 0: return "date:" + d.substr(0, 4);
        case 1: return "date:" + d.substr(0, 7);
        case 2: return "date:" + d;
        case 3: return "date:" + std::min(d, e).substr(0, 7) + ".." + std::max(d, e);
        case 4: return "date:" + d.substr(0, 7) + "..";
        default: return "date:.." + d;
      }
    }
    case 6: return "id:" + rng.pick(records).id;
    case 7: {
      const Record& r = rng.pick(records);
      return r.url.empty() ? "url:https://www.c.example/n/none" : "url:" + r.url;
    }
    default: return "title:" + words(rng, 1);
  }
}

std::string random_unit(Rng& rng, const std::vector<Record>& records, int depth);

std::string random_sequence(Rng& rng, const std::vector<Record>& records, int depth) {
  std::string out;
  for (std::size_t n = 1 + rng.below(3); n > 0; --n) {
    if (!out.empty()) {
      const std::size_t join = rng.below(10);
      out += join == 0 ? " AND " : join == 1 ? " OR " : join == 2 ? " NOT " : " ";
    }
    const std::size_t modifier = rng.below(10);
    out += (modifier == 0 ? "+" : modifier == 1 ? "-" : "") + random_unit(rng, records, depth);
  }
  return out;
}

std::string random_unit(Rng& rng, const std::vector<Record>& records, int depth) {
  const std::size_t r = rng.below(100);
  if (r < 30) return words(rng, 1);
  if (r < 38) return "\"" + words(rng, 2) + "\"";
  if (r < 43) return rng.pick(std::vector<std::string>{"zor*", "bl*", "q*"});
  if (r < 75) return random_filter(rng, records);
  if (r < 85 && depth < 2) return "(" + random_sequence(rng, records, depth + 1) + ")";
  return words(rng, 1);
}

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtoull(value, nullptr, 10) : fallback;
}

// Every document paging through request finds, with how often: hits and,
// with collapse, the similar they fold.
std::map<std::string, int> paged(Searcher& searcher, SearchRequest request, std::size_t page) {
  std::map<std::string, int> seen;
  request.limit = page;
  request.snippet_bytes = 0;
  request.facets.clear();
  request.count = false;
  for (request.offset = 0;; request.offset += page) {
    const SearchResults results = searcher.search(request);
    for (const Hit& hit : results.hits) {
      ++seen[hit.doc];
      for (const std::string& doc : hit.similar) ++seen[doc];
    }
    if (results.hits.size() < page) break;
  }
  return seen;
}

std::string describe(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += " " + id;
  return out;
}

struct Layout {
  std::string name;
  std::unique_ptr<Searcher> searcher;
};

// Checks one query on one layout; returns its facets (collapse off) for the
// layouts to be compared.
std::vector<Facet> check_query(Layout& layout, const std::string& query, const std::vector<Record>& records,
                               Rng& rng, bool drill_everything) {
  Searcher& searcher = *layout.searcher;
  std::map<std::string, const Record*> by_id;
  for (const Record& r : records) by_id[r.id] = &r;
  const std::string where = layout.name + ": " + query;

  SearchRequest all;
  all.query = query;
  all.limit = kMaxLimit;
  all.collapse = false;
  all.snippet_bytes = 0;
  all.suggest = false;
  all.facets = kFacetFields;
  const SearchResults answer = searcher.search(all);
  std::vector<const Record*> matches;
  std::set<std::string> match_ids;
  for (const Hit& hit : answer.hits) {
    EXPECT_TRUE(match_ids.insert(hit.doc).second) << where << ": " << hit.doc << " twice";
    EXPECT_TRUE(by_id.count(hit.doc)) << where << ": unknown " << hit.doc;
    if (by_id.count(hit.doc)) matches.push_back(by_id[hit.doc]);
  }
  EXPECT_EQ(answer.total_matches, std::optional<std::size_t>(matches.size())) << where;
  EXPECT_EQ(answer.facets.size(), kFacetFields.size()) << where;

  // With collapse: the same counts and facets.
  SearchRequest collapsed = all;
  collapsed.collapse = true;
  collapsed.limit = rng.below(3);
  const SearchResults folded = searcher.search(collapsed);
  EXPECT_EQ(folded.total_matches, answer.total_matches) << where << " (collapse)";

  for (std::size_t f = 0; f < answer.facets.size() && f < kFacetFields.size(); ++f) {
    const Facet& facet = answer.facets[f];
    const std::string& field = kFacetFields[f];
    EXPECT_EQ(facet.field, field) << where;
    const std::map<std::string, ExpectedValue> expected = brute_force(matches, field);
    EXPECT_EQ(facet.values.size(), expected.size()) << where << " facet " << field;
    if (f < folded.facets.size()) {
      const Facet& other = folded.facets[f];
      EXPECT_EQ(other.values.size(), facet.values.size()) << where << " facet " << field << " (collapse)";
      for (std::size_t v = 0; v < std::min(other.values.size(), facet.values.size()); ++v)
        EXPECT_TRUE(other.values[v].value == facet.values[v].value && other.values[v].count == facet.values[v].count)
            << where << " facet " << field << " (collapse): " << other.values[v].value << " " << other.values[v].count
            << " vs " << facet.values[v].value << " " << facet.values[v].count;
    }
    std::set<std::string> keys_seen;
    for (std::size_t v = 0; v < facet.values.size(); ++v) {
      const FacetValue& value = facet.values[v];
      if (v > 0) {
        const FacetValue& before = facet.values[v - 1];
        EXPECT_TRUE(before.count > value.count || (before.count == value.count && before.value < value.value))
            << where << " facet " << field << ": " << before.value << " " << before.count << " before " << value.value
            << " " << value.count;
      }
      // Which key this spelling stands for.
      const ExpectedValue* e = nullptr;
      std::string key;
      for (const auto& [k, candidate] : expected)
        if (candidate.spellings.count(value.value)) e = &candidate, key = k;
      if (!e) {
        ADD_FAILURE() << where << " facet " << field << ": value '" << value.value << "' " << value.count
                      << " is no matching document's";
        continue;
      }
      EXPECT_TRUE(keys_seen.insert(key).second) << where << " facet " << field << ": '" << key << "' listed twice";
      EXPECT_EQ(value.count, e->count) << where << " facet " << field << " value '" << value.value << "'";
      std::size_t most = 0;
      for (const auto& [spelling, n] : e->spellings) most = std::max(most, n);
      EXPECT_EQ(e->spellings.at(value.value), most)
          << where << " facet " << field << ": '" << value.value << "' is not the most common spelling";

      // Choosing the value, as the page does.
      if (!drill_everything && !rng.chance(25)) continue;
      const std::optional<std::string> narrowed = drill_down(query, field, value.value);
      if (!narrowed) {
        EXPECT_NE(value.value.find('"'), std::string::npos) << where << ": no drill-down for " << value.value;
        continue;
      }
      SearchRequest count;
      count.query = *narrowed;
      count.limit = 0;
      count.count = true;
      count.suggest = false;
      const SearchResults counted = searcher.search(count);
      EXPECT_EQ(counted.total_matches, std::optional<std::size_t>(value.count)) << layout.name << ": " << *narrowed;
      SearchRequest paging;
      paging.query = *narrowed;
      paging.suggest = false;
      paging.collapse = rng.chance(50);
      paging.sort = rng.pick(std::vector<SortOrder>{SortOrder::relevance, SortOrder::date, SortOrder::date_ascending});
      const std::size_t page = 3 + rng.below(8);
      const std::map<std::string, int> seen = paged(searcher, paging, page);
      std::set<std::string> found, twice;
      for (const auto& [doc, times] : seen) {
        found.insert(doc);
        if (times > 1) twice.insert(doc);
      }
      std::set<std::string> missing, extra;
      std::set_difference(e->ids.begin(), e->ids.end(), found.begin(), found.end(), std::inserter(missing, missing.end()));
      std::set_difference(found.begin(), found.end(), e->ids.begin(), e->ids.end(), std::inserter(extra, extra.end()));
      EXPECT_TRUE(missing.empty() && extra.empty() && twice.empty())
          << layout.name << ": " << *narrowed << (paging.collapse ? " (collapse)" : " (copies=all)") << ", sort "
          << static_cast<int>(paging.sort) << ", pages of " << page
          << "\n  missing:" << describe(missing) << "\n  extra:" << describe(extra) << "\n  twice:" << describe(twice);
    }
  }
  return answer.facets;
}

// Found by the generated check: a document whose authors differ only in
// non-ASCII case ("Zoë Ålund", "ZOË ÅLUND") counted twice in the author facet
// (69 where author:"Zoë Ålund" finds 64), as the indexer tells authors apart
// by ASCII case only and the facet merged them after counting.
TEST(FacetMixes, AnAuthorSpeltInAnotherCaseCountsOncePerDocument) {
  test::TempDir dir;
  {
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    Indexer indexer(options);
    const std::vector<std::vector<std::string>> authors = {
        {"Zoë Ålund", "ZOË ÅLUND"}, {"zoë ålund"}, {"Ann Lee", "ANN LEE", "Zoë Ålund"}, {"Bo Chan"}};
    for (std::size_t i = 0; i < authors.size(); ++i) {
      DocumentInput in;
      in.id = "a" + std::to_string(i);
      in.title = "zorvak";
      in.body = "zorvak blick";
      in.authors = authors[i];
      indexer.add_document(in);
    }
    indexer.commit();
  }
  Searcher searcher(dir.path() + "/db");
  SearchRequest request;
  request.query = "zorvak";
  request.facets = {"author"};
  const SearchResults results = searcher.search(request);
  ASSERT_EQ(results.facets.size(), 1u);
  std::map<std::string, std::size_t> counts;
  for (const FacetValue& v : results.facets[0].values) counts[v.value] = v.count;
  const std::map<std::string, std::size_t> expected = {{"Zoë Ålund", 3}, {"Ann Lee", 1}, {"Bo Chan", 1}};
  EXPECT_EQ(counts, expected);
  SearchRequest drill;
  drill.query = "zorvak author:\"Zoë Ålund\"";
  drill.count = true;
  EXPECT_EQ(searcher.search(drill).total_matches, std::optional<std::size_t>(3));
}

// Found by the generated check (seed 1, query 574, three shards): a tie at
// the cut made the search run again sorted by id, and that run let Xapian
// prune, which gave f39 (no "zorvak zorvak" in it) the phrase's weight: the
// page at offset 88 repeated f196 and no page showed f41.
TEST(FacetMixes, PagesAreTheLongPageWhenATieStraddlesTheCut) {
  Rng rng(1);
  const std::vector<Record> records = make_records(rng, 220);
  test::TempDir dir;
  index_records(records, dir.path() + "/three", 3);
  Searcher searcher(dir.path() + "/three");
  for (const std::string query : {"((zorm) \"zorvak zorvak\" zorvak) kind:article", "zorm \"zorvak zorm\" zorm kind:article"}) {
    SearchRequest request;
    request.query = query;
    request.collapse = false;
    request.suggest = false;
    request.snippet_bytes = 0;
    request.limit = kMaxLimit;
    std::vector<std::string> long_page;
    for (const Hit& hit : searcher.search(request).hits) long_page.push_back(hit.doc);
    ASSERT_GT(long_page.size(), 100u) << query;
    for (std::size_t page = 6; page <= 10; ++page) {
      std::vector<std::string> pages;
      request.limit = page;
      for (request.offset = 0; request.offset < long_page.size(); request.offset += page)
        for (const Hit& hit : searcher.search(request).hits) pages.push_back(hit.doc);
      EXPECT_EQ(pages, long_page) << query << ", pages of " << page;
    }
    request.offset = 0;
  }
}

TEST(FacetMixes, GeneratedQueriesCountFacetsAndDrillDownExactlyOnOneDatabaseAndThreeShards) {
  const std::size_t queries = env_number("QUARRY_FACET_MIXES", 24);
  Rng rng(env_number("QUARRY_FACET_MIXES_SEED", 1));
  const std::vector<Record> records = make_records(rng, 220);
  test::TempDir dir;
  index_records(records, dir.path() + "/one", 1);
  index_records(records, dir.path() + "/three", 3);
  std::vector<Layout> layouts;
  layouts.push_back({"one database", std::make_unique<Searcher>(dir.path() + "/one")});
  layouts.push_back({"three shards", std::make_unique<Searcher>(dir.path() + "/three")});

  // The whole collection first, every value drilled into.
  std::vector<std::string> texts = {"-nothingatall", "zorv", "kind:article"};
  for (std::size_t q = 0; q < queries; ++q) {
    std::string text = random_sequence(rng, records, 0);
    // Now and then five plain words or more (pseudo-relevance feedback
    // reorders them) or more like a document.
    if (rng.chance(8)) text = words(rng, 5 + rng.below(3)) + " " + text;
    if (rng.chance(5)) text = "like:" + rng.pick(records).id + " " + text;
    texts.push_back(text);
  }
  bool folds = false;
  for (std::size_t q = 0; q < texts.size(); ++q) {
    std::vector<std::vector<Facet>> facets;
    for (Layout& layout : layouts) {
      Rng local(q + 1);  // the same drill-downs on both layouts
      facets.push_back(check_query(layout, texts[q], records, local, q == 0));
    }
    for (std::size_t f = 0; f < facets[0].size() && f < facets[1].size(); ++f)
      for (std::size_t v = 0; v < std::min(facets[0][f].values.size(), facets[1][f].values.size()); ++v)
        EXPECT_TRUE(facets[0][f].values[v].value == facets[1][f].values[v].value &&
                    facets[0][f].values[v].count == facets[1][f].values[v].count)
            << texts[q] << ": facet " << facets[0][f].field << " differs by layout";
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "stopped at query " << q << ": " << texts[q];
      if (const char* keep = std::getenv("QUARRY_FACET_MIXES_KEEP"))  // the databases, to reproduce it
        std::filesystem::copy(dir.path(), keep, std::filesystem::copy_options::recursive);
      return;
    }
  }
  // The fixture folds some copies (else collapse would be checked idly).
  SearchRequest every;
  every.query = "-nothingatall";
  every.limit = kMaxLimit;
  for (const Hit& hit : layouts[0].searcher->search(every).hits) folds = folds || !hit.similar.empty();
  EXPECT_TRUE(folds);
}

}  // namespace
}  // namespace quarry
