// Issue 17 through the library: facets and exact counts, title highlights,
// whole documents, id:/url: lookups, prefixes, oldest-first order and
// database info, on one database, on local shards and on remote shards.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "document.h"
#include "make_input.h"
#include "prefix_terms.h"
#include "query_parser.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "schema.h"
#include "shard_server.h"
#include "temp_dir.h"

namespace quarry {
namespace {

const std::string kFixture = std::string(QUARRY_FIXTURES_DIR) + "/browse/records.jsonl";
// The fixture's one long id (and so a hashed Q term) and its URL.
const std::string kLongId = "https://archive.example.org/stories/" + [] {
  std::string parts;
  for (int i = 0; i < 10; ++i) parts += "kashmir-valley-report-";
  return parts + "final";
}();
const std::string kLongUrl = kLongId + "?utm_source=feed&page=" + std::string(20, '1');

void index_fixture(const std::string& db, unsigned shards = 0) {
  IndexOptions options;
  options.db_path = db;
  options.shards = shards;
  Indexer indexer(options);
  indexer.add_path(kFixture);
  indexer.commit();
  ASSERT_TRUE(indexer.stats().problems.empty()) << indexer.stats().problems[0].reason;
}

SearchRequest request_for(const std::string& query, std::size_t limit = 10000) {
  SearchRequest request;
  request.query = query;
  request.limit = limit;
  return request;
}

std::vector<std::string> sorted_docs(const SearchResults& results) {
  std::vector<std::string> docs;
  for (const Hit& hit : results.hits) docs.push_back(hit.doc);
  std::sort(docs.begin(), docs.end());
  return docs;
}

std::vector<std::string> spanned(const std::string& text, const std::vector<Span>& spans) {
  std::vector<std::string> words;
  for (const Span& span : spans) words.push_back(text.substr(span.begin, span.end - span.begin));
  return words;
}

std::size_t count_of(Searcher& searcher, const std::string& query) {
  SearchRequest request = request_for(query, 0);
  request.count = true;
  return searcher.search(request).total_matches.value();
}

// How a facet value is typed back as a filter, to drill down.
std::string filter_for(const std::string& field, const std::string& value) {
  if (field == "year" || field == "month" || field == "date") return "date:" + value;
  if (field == "language") return "lang:" + value;
  return field + ":\"" + value + "\"";
}

const std::vector<std::string> kFields = {"section", "kind", "date", "year", "month", "site", "author", "language"};

// One collection, three layouts: they must answer alike.
class Browse : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    index_fixture(single());
    index_fixture(sharded(), 3);
    servers_.clear();
    for (unsigned i = 0; i < 3; ++i)
      servers_.push_back(std::make_unique<test::ShardServer>(sharded() + "/" + schema::shard_folder(i)));
  }
  static void TearDownTestSuite() {
    servers_.clear();
    dir_.reset();
  }
  static std::string single() { return dir_->path() + "/single"; }
  static std::string sharded() { return dir_->path() + "/sharded"; }
  static std::vector<std::string> remote() {
    std::vector<std::string> locations;
    for (const auto& server : servers_) locations.push_back(server->location());
    return locations;
  }
  static std::vector<std::vector<std::string>> layouts() { return {{single()}, {sharded()}, remote()}; }

  static inline std::unique_ptr<test::TempDir> dir_;
  static inline std::vector<std::unique_ptr<test::ShardServer>> servers_;
};

// For each value v of each facet of a query, "query filter:v" has exactly as
// many matches as the facet says; counts come sorted; and every layout agrees.
TEST_F(Browse, Issue17FacetCountsEqualFilteredCounts) {
  const char* queries[] = {"polio", "kashmir", "valley", "kash*", "kind:article", "-polio valley", "date:2025"};
  std::size_t checked = 0;  // facet values checked against a filter
  for (const char* query : queries) {
    std::vector<Facet> first_layout;
    for (const std::vector<std::string>& layout : layouts()) {
      Searcher searcher(layout);
      SearchRequest request = request_for(query);
      request.facets = kFields;
      const SearchResults results = searcher.search(request);
      ASSERT_TRUE(results.total_matches) << query;
      EXPECT_EQ(*results.total_matches, results.hits.size()) << query;
      ASSERT_EQ(results.facets.size(), kFields.size());
      for (const Facet& facet : results.facets) {
        std::size_t sum = 0;
        for (std::size_t i = 0; i < facet.values.size(); ++i) {
          const FacetValue& v = facet.values[i];
          sum += v.count;
          ++checked;
          // In parentheses: filters on one field are either-or, and the
          // query may have one of the facet's field already.
          EXPECT_EQ(count_of(searcher, "(" + std::string(query) + ") " + filter_for(facet.field, v.value)), v.count)
              << query << " / " << facet.field << " = " << v.value;
          if (i > 0) {
            const FacetValue& before = facet.values[i - 1];
            EXPECT_TRUE(before.count > v.count || (before.count == v.count && before.value < v.value))
                << facet.field << ": " << before.value << " before " << v.value;
          }
        }
        if (facet.field == "kind") {
          EXPECT_EQ(sum, *results.total_matches) << query;
        } else if (facet.field != "author") {
          EXPECT_LE(sum, *results.total_matches) << query << " " << facet.field;
        }
      }
      if (first_layout.empty()) {
        first_layout = results.facets;
        continue;
      }
      for (std::size_t f = 0; f < kFields.size(); ++f) {
        ASSERT_EQ(results.facets[f].values.size(), first_layout[f].values.size()) << query << " " << kFields[f];
        ASSERT_FALSE(results.facets[f].values.empty() && f < 5) << query << " " << kFields[f];
        for (std::size_t i = 0; i < first_layout[f].values.size(); ++i) {
          EXPECT_EQ(results.facets[f].values[i].value, first_layout[f].values[i].value);
          EXPECT_EQ(results.facets[f].values[i].count, first_layout[f].values[i].count);
        }
      }
    }
  }
  EXPECT_GT(checked, 300u);
}

struct FacetCase {
  const char* query;
  const char* field;
  std::vector<std::pair<std::string, std::size_t>> values;
};

// What the fixture says, counted by hand: case variants are one value,
// spelt as most documents spell it; www. and region subtags are dropped as
// the filters drop them; a document counts once per distinct author.
TEST_F(Browse, Issue17FacetsCountByHand) {
  const FacetCase cases[] = {
      {"kind:article OR kind:editorial", "section",
       {{"Pakistan", 3}, {"Business", 3}, {"World", 3}, {"Sport", 2}}},
      {"polio", "kind", {{"article", 3}, {"editorial", 2}}},
      {"polio", "year", {{"2025", 3}, {"2024", 1}}},
      {"polio", "month", {{"2025-03", 2}, {"2024-12", 1}, {"2025-05", 1}}},
      {"valley", "site", {{"dawn.com", 1}, {"Example.org", 1}, {"archive.example.org", 1}}},
      {"kind:article", "author", {{"Zahid Hussain", 4}, {"Ana Ruiz", 2}}},
      {"kind:article", "language", {{"en", 4}, {"de", 1}}},
      {"nosuchword", "section", {}},
  };
  Searcher searcher(single());
  for (const FacetCase& c : cases) {
    SearchRequest request = request_for(c.query);
    request.facets = {c.field};
    const SearchResults results = searcher.search(request);
    ASSERT_EQ(results.facets.size(), 1u);
    std::vector<std::pair<std::string, std::size_t>> got;
    for (const FacetValue& v : results.facets[0].values) got.emplace_back(v.value, v.count);
    auto expected = c.values;
    std::sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    EXPECT_EQ(got, expected) << c.query << " / " << c.field;
  }
  SearchRequest limited = request_for("kind:article OR kind:editorial");
  limited.facets = {"section"};
  limited.facet_limit = 2;
  const SearchResults top = searcher.search(limited);
  ASSERT_EQ(top.facets[0].values.size(), 2u);
  EXPECT_EQ(top.facets[0].values[0].value, "Business");  // 3 each: by name
  EXPECT_EQ(top.facets[0].values[1].value, "Pakistan");
  SearchRequest bad = request_for("polio");
  bad.facets = {"colour"};
  EXPECT_THROW(searcher.search(bad), UsageError);
}

// The count is exact, and is the number of documents one gets by paging
// through every hit; a normal request does not pay for it.
TEST_F(Browse, Issue17CountEqualsTheDocumentsPagedThrough) {
  const char* queries[] = {"polio", "valley", "kashmir OR polio", "kash*", "kind:editorial", "date:2025-03",
                           "\"polio drive\"", "-valley polio", "nosuchword", "id:b01 OR id:b02"};
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const char* query : queries) {
      std::set<std::string> paged;
      for (std::size_t offset = 0;; offset += 1000) {
        SearchRequest page = request_for(query, 1000);
        page.offset = offset;
        const SearchResults results = searcher.search(page);
        EXPECT_FALSE(results.total_matches) << "a plain search counted every match";
        for (const Hit& hit : results.hits) paged.insert(hit.doc);
        if (results.hits.size() < 1000) break;
      }
      EXPECT_EQ(count_of(searcher, query), paged.size()) << query;
    }
  }
}

struct TitleCase {
  const char* query;
  const char* doc;
  std::vector<std::string> title_words;
  bool snippet_marked;  // whether the snippet shows any highlight
};

TEST_F(Browse, Issue17TitleHighlightsMarkTheQueryInTitles) {
  const TitleCase cases[] = {
      {"vaccination", "b04", {"Vaccination"}, false},  // matched by its title alone
      {"kashmir", "b01", {"Kashmir"}, true},
      {"\"kashmir talks\"", "b01", {"Kashmir talks"}, false},
      {"title:polio", "b02", {"Polio"}, false},  // title: words are marked in titles only
      {"title:\"polio drive\"", "b02", {"Polio drive"}, false},
      {"kash*", "b03", {"Kashmiriyat"}, true},
      {"culture", "b03", {"culture"}, true},
      {"polio -kashmiri", "b04", {}, true},
  };
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const TitleCase& c : cases) {
      const SearchResults results = searcher.search(request_for(c.query));
      auto hit = std::find_if(results.hits.begin(), results.hits.end(), [&](const Hit& h) { return h.doc == c.doc; });
      ASSERT_NE(hit, results.hits.end()) << c.query;
      EXPECT_EQ(spanned(hit->title, hit->title_highlights), c.title_words) << c.query;
      EXPECT_EQ(!hit->snippet.highlights.empty(), c.snippet_marked) << c.query;
    }
  }
}

// Every passage of a document, in order, exactly as indexed; the query's
// words marked in each; and the text is the body that was given.
TEST_F(Browse, Issue17ShowRoundTripsEveryPassage) {
  std::map<std::string, std::string> bodies;
  std::ifstream in(kFixture);
  for (std::string line; std::getline(in, line);) {
    const std::size_t id_at = line.find("\"id\": \"") + 7;
    const std::string id = line.substr(id_at, line.find('"', id_at) - id_at);
    const std::size_t body_at = line.find("\"body\": \"") + 9;
    std::string body;  // the fixture escapes only \n and quotes
    for (std::size_t i = body_at; line[i] != '"'; ++i) {
      if (line[i] == '\\') body += line[++i] == 'n' ? '\n' : line[i];
      else body += line[i];
    }
    bodies[id] = body;
  }
  ASSERT_EQ(bodies.size(), 12u);
  const Xapian::Database db(single());
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const auto& [id, body] : bodies) {
      const std::optional<DocumentText> document = searcher.document(id);
      ASSERT_TRUE(document) << id;
      EXPECT_EQ(document->doc, id);
      Xapian::PostingIterator it = db.postlist_begin(schema::id_term(schema::kDocPrefix, id));
      ASSERT_NE(it, db.postlist_end(schema::id_term(schema::kDocPrefix, id)));
      const DocumentRecord stored = decode_record(db.get_document(*it).get_value(schema::kRecordSlot));
      ASSERT_EQ(document->passages.size(), stored.passages.size()) << id;
      std::string words, given;
      for (std::size_t i = 0; i < stored.passages.size(); ++i) {
        EXPECT_EQ(document->passages[i].text, stored.passages[i].text) << id << " passage " << i;
        EXPECT_TRUE(document->passages[i].highlights.empty());
        words += document->passages[i].text + " ";
      }
      // The same words in the same order as the body given (passages only
      // re-join paragraphs).
      std::istringstream a(words), b(body);
      std::vector<std::string> shown{std::istream_iterator<std::string>(a), {}};
      std::vector<std::string> input{std::istream_iterator<std::string>(b), {}};
      EXPECT_EQ(shown, input) << id;
    }
    EXPECT_GT(searcher.document("b01")->passages.size(), 1u);
    EXPECT_FALSE(searcher.document("nosuchdoc"));
    EXPECT_FALSE(searcher.document(kLongId.substr(0, kLongId.size() - 1)));  // same hashed term's start, not the id

    const std::optional<DocumentText> marked = searcher.document("b01", "kashmir talks");
    ASSERT_TRUE(marked);
    EXPECT_EQ(spanned(marked->title, marked->title_highlights), (std::vector<std::string>{"Kashmir", "talks"}));
    std::vector<std::string> body_marks;
    for (const Snippet& passage : marked->passages)
      for (const std::string& word : spanned(passage.text, passage.highlights)) body_marks.push_back(word);
    EXPECT_EQ(body_marks, (std::vector<std::string>{"Talks", "Kashmir", "Kashmir", "talks"}));
    EXPECT_EQ(marked->url, "https://www.dawn.com/news/b01");
    EXPECT_EQ(marked->author, "Zahid Hussain");
    EXPECT_EQ(marked->language, "en");
    EXPECT_EQ(marked->section, "Pakistan");
  }
}

struct LookupCase {
  std::string query;
  std::vector<std::string> docs;
};

TEST_F(Browse, Issue17IdAndUrlFindOneDocument) {
  const LookupCase cases[] = {
      {"id:b01", {"b01"}},
      {"id:" + kLongId, {kLongId}},                          // a hashed id term
      {"id:\"" + kLongId + "\"", {kLongId}},
      {"url:https://www.dawn.com/news/b01", {"b01"}},
      {"url:\"" + kLongUrl + "\"", {kLongId}},               // a hashed URL term
      {"id:b01 id:b02", {"b01", "b02"}},                     // filters on one field: either
      {"polio id:b02", {"b02"}},
      {"valley id:b01", {}},
      {"id:nosuch", {}},
      {"url:https://www.dawn.com/news/b0", {}},              // exact, not a prefix
      {"ID:b12", {"b12"}},
      {"-id:b01 kashmir talks", {"b08", "b10", "b12"}},
  };
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const LookupCase& c : cases) {
      std::vector<std::string> expected = c.docs;
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(sorted_docs(searcher.search(request_for(c.query))), expected) << c.query;
    }
  }
}

struct PrefixCase {
  const char* query;
  std::vector<std::string> docs;
  std::set<std::string> marked;  // the words their snippets may highlight (lower case), or none
};

TEST_F(Browse, Issue17PrefixFindsTheWordsThatStartWithIt) {
  const PrefixCase cases[] = {
      {"kash*", {"b01", "b02", "b03", "b08", "b10", "b12"}, {"kashmir", "kashmiri", "kashmiriyat"}},
      {"Kashmiri*", {"b01", "b02", "b03"}, {"kashmiri", "kashmiriyat"}},
      {"title:kash*", {"b01", "b02", "b03", "b08"}, {}},  // title: words are marked in titles only
      {"valley -kash*", {kLongId}, {"valley"}},
      {"vaccin*", {"b02", "b04"}, {"vaccinators", "vaccine"}},  // b04 by its title's "vaccination"
      {"+polio +kash*", {"b01", "b02"}, {"polio", "kashmiri", "kashmir"}},
      {"\"kash*\"", {}, {}},  // quoted: the word "kash", which no document has
      {"*", {}, {}},
  };
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const PrefixCase& c : cases) {
      const SearchResults results = searcher.search(request_for(c.query));
      std::vector<std::string> expected = c.docs;
      std::sort(expected.begin(), expected.end());
      EXPECT_EQ(sorted_docs(results), expected) << c.query;
      std::set<std::string> marked;
      for (const Hit& hit : results.hits)
        for (std::string word : spanned(hit.snippet.text, hit.snippet.highlights)) {
          std::transform(word.begin(), word.end(), word.begin(), [](unsigned char ch) { return std::tolower(ch); });
          marked.insert(word);
        }
      for (const std::string& word : marked) EXPECT_TRUE(c.marked.count(word)) << c.query << ": " << word;
      EXPECT_EQ(marked.empty(), c.marked.empty()) << c.query;
    }
  }
}

// A word of letters no stemmer shortens: "aq" and three consonants.
std::string letters_word(int n) {
  const char* consonants = "bcdfgkmpt";
  return std::string("aq") + consonants[n / 81 % 9] + consonants[n / 9 % 9] + consonants[n % 9];
}

// "a*" stands for the most frequent words that start with "a", no more: a
// document holding only rare ones is not found, and nothing fails.
TEST(Issue17, PrefixExpansionIsBounded) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    // 120 words "aqbbb", "aqbbc", ...: word w in 120 - w documents, so
    // frequency ranks them.
    for (int d = 0; d < 120; ++d) {
      std::string body = "filler";
      for (int w = 0; w < 120 - d; ++w) body += " " + letters_word(w);
      indexer.add_document(make_input("common" + std::to_string(d), "article", "", "", "", "code", body));
    }
    indexer.add_document(make_input("rare", "article", "", "", "", "code", "filler azzzrarezzz"));
    indexer.commit();
  }
  const Xapian::Database xdb(db);
  const std::vector<std::string> top = terms_with_prefix(xdb, "aq", 3);
  EXPECT_EQ(top, (std::vector<std::string>{letters_word(0), letters_word(1), letters_word(2)}));
  EXPECT_EQ(terms_with_prefix(xdb, "a", 1000).size(), 121u);
  EXPECT_EQ(terms_with_prefix(xdb, "zz", 10).size(), 0u);

  Searcher searcher(db);
  SearchRequest request = request_for("a*");
  request.count = true;
  const SearchResults results = searcher.search(request);
  EXPECT_EQ(*results.total_matches, 120u);  // every "common" document, not "rare"
  EXPECT_EQ(count_of(searcher, "azzz*"), 1u);
  std::set<std::string> marked;
  for (const Hit& hit : results.hits)
    for (const std::string& word : spanned(hit.snippet.text, hit.snippet.highlights)) marked.insert(word);
  EXPECT_LE(marked.size(), kMaxPrefixTerms + 1);
  EXPECT_FALSE(marked.count("azzzrarezzz"));
}

// Counting must survive what Xapian 1.4.22 gets wrong: a term in every
// document, read without its weight, once docids have gaps.
TEST(Issue17, CountsAndFacetsSurviveDeletedDocuments) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    for (int d = 0; d < 2500; ++d)
      indexer.add_document(make_input("d" + std::to_string(d), "article", "", "2025-01-0" + std::to_string(1 + d % 9),
                                      "World", "code", "common words " + std::to_string(d)));
    indexer.commit();
  }
  {
    Xapian::WritableDatabase writable(db);
    writable.delete_document(1);  // a gap: docids are no longer 1..doccount
    writable.commit();
  }
  Searcher searcher(db);
  for (const char* query : {"kind:article", "common", "section:world", "common kind:article"}) {
    SearchRequest request = request_for(query, 10);
    request.facets = {"kind", "month"};
    const SearchResults results = searcher.search(request);
    EXPECT_EQ(results.total_matches.value(), 2499u) << query;
    ASSERT_EQ(results.facets[0].values.size(), 1u) << query;
    EXPECT_EQ(results.facets[0].values[0].count, 2499u) << query;
  }
  EXPECT_EQ(searcher.info().documents, 2499u);
  EXPECT_EQ(searcher.info().kinds.at("article"), 2499u);
}

TEST_F(Browse, Issue17DateAscendingIsOldestFirstWithUndatedLast) {
  const char* queries[] = {"polio", "valley", "kind:article"};
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    for (const char* query : queries) {
      SearchRequest request = request_for(query);
      request.sort = SortOrder::date_ascending;
      const SearchResults oldest = searcher.search(request);
      request.sort = SortOrder::date;
      const SearchResults newest = searcher.search(request);
      ASSERT_EQ(oldest.hits.size(), newest.hits.size()) << query;
      std::vector<std::string> ascending, descending;
      for (const Hit& hit : oldest.hits) ascending.push_back(hit.date.empty() ? "~" : hit.date);
      for (const Hit& hit : newest.hits)
        if (!hit.date.empty()) descending.push_back(hit.date);
      EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end())) << query;
      std::reverse(descending.begin(), descending.end());
      ascending.erase(std::remove(ascending.begin(), ascending.end(), "~"), ascending.end());
      EXPECT_EQ(ascending, descending) << query;
    }
    SearchRequest request = request_for("polio");
    request.sort = SortOrder::date_ascending;
    const SearchResults results = searcher.search(request);
    ASSERT_EQ(results.hits.size(), 5u);
    EXPECT_EQ(results.hits.front().doc, "b04");  // 2024-12-30
    EXPECT_EQ(results.hits.back().doc, "b05");   // undated
  }
}

TEST_F(Browse, Issue17InfoDescribesTheDatabase) {
  for (const std::vector<std::string>& layout : layouts()) {
    Searcher searcher(layout);
    const DatabaseInfo info = searcher.info();
    EXPECT_EQ(info.documents, 12u);
    EXPECT_EQ(info.kinds, (std::map<std::string, std::size_t>{{"article", 10}, {"editorial", 2}}));
    EXPECT_EQ(info.first_date, "2023-06-01");
    EXPECT_EQ(info.last_date, "2025-05-05");
    EXPECT_EQ(info.undated, 2u);
    ASSERT_EQ(info.sections.size(), 4u);
    EXPECT_EQ(info.sections[0].value, "Business");
    EXPECT_EQ(info.sections[0].count, 3u);
    EXPECT_EQ(info.sections[1].value, "Pakistan");  // and "pakistan"
    EXPECT_EQ(info.sections[1].count, 3u);
    EXPECT_EQ(info.sections[3].value, "Sport");
    ASSERT_EQ(info.languages.size(), 2u);
    EXPECT_EQ(info.languages[0].value, "en");
    EXPECT_EQ(info.languages[0].count, 4u);
    EXPECT_EQ(info.analyser, "quarry-icu/2");
    EXPECT_EQ(info.schema, schema::kSchemaVersion);
    EXPECT_EQ(info.stemming, "english");
    EXPECT_EQ(info.shards.size(), layout.size() == 1 && layout[0] == single() ? 1u : 3u);
    EXPECT_TRUE(std::regex_match(info.last_updated, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
        << info.last_updated;
    if (layout[0].rfind("tcp://", 0) == 0) {
      EXPECT_EQ(info.remote_shards, 3u);
      EXPECT_EQ(info.bytes_on_disk, 0u);
    } else {
      EXPECT_EQ(info.remote_shards, 0u);
      EXPECT_GT(info.bytes_on_disk, 10000u);
    }
  }
}

}  // namespace
}  // namespace quarry
