// What quarry-serve needs of the public API (issue 19), as an embedder sees
// it: one JSON rendering of hits for every program, one check of request
// bounds, whole documents, and reading what an indexer committed since.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "make_input.h"
#include "quarry/index.h"
#include "quarry/json.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

using nlohmann::json;

void index_documents(const std::string& db, const std::vector<DocumentInput>& documents) {
  IndexOptions options;
  options.db_path = db;
  Indexer indexer(options);
  for (const DocumentInput& document : documents) indexer.add_document(document);
  indexer.commit();
}

// Paragraphs long enough to be passages of their own (short ones are joined).
std::string first_paragraph(const std::string& word) {
  std::string text = "The river " + word + " rose overnight.";
  while (text.size() < 400) text += " Water stood in the streets of the old town.";
  return text;
}

std::string second_paragraph(const std::string& word, int i) {
  std::string text = "Farmers moved their cattle " + std::to_string(i) + " times to higher ground near the " + word + ".";
  while (text.size() < 400) text += " The road to the market stayed closed.";
  return text;
}

std::vector<DocumentInput> river_reports(int count, const std::string& word) {
  std::vector<DocumentInput> out;
  for (int i = 0; i < count; ++i)
    out.push_back(make_input(word + std::to_string(i), "article", "River report " + std::to_string(i),
                             "2025-03-0" + std::to_string(i % 9 + 1), "Pakistan", "code",
                             first_paragraph(word) + "\n\n" + second_paragraph(word, i)));
  return out;
}

TEST(Issue19, ValidateNamesTheBoundARequestBreaks) {
  struct Case {
    std::string name;
    void (*change)(SearchRequest&);
    std::string message;  // empty: valid
  };
  const std::vector<Case> cases = {
      {"defaults with a query", [](SearchRequest&) {}, ""},
      {"empty query", [](SearchRequest& r) { r.query = ""; }, "give a query"},
      {"blank query", [](SearchRequest& r) { r.query = " \t "; }, "give a query"},
      {"query at the bound", [](SearchRequest& r) { r.query = std::string(kMaxQueryBytes, 'q'); }, ""},
      {"query over the bound", [](SearchRequest& r) { r.query = std::string(kMaxQueryBytes + 1, 'q'); },
       "the query is too long (at most 4096 bytes)"},
      {"limit 0 (counts only)", [](SearchRequest& r) { r.limit = 0; }, ""},
      {"limit at the bound", [](SearchRequest& r) { r.limit = kMaxLimit; }, ""},
      {"limit over", [](SearchRequest& r) { r.limit = kMaxLimit + 1; }, "limit is at most 10000"},
      {"offset at the bound", [](SearchRequest& r) { r.offset = kMaxOffset; }, ""},
      {"offset over", [](SearchRequest& r) { r.offset = kMaxOffset + 1; }, "offset is at most 100000"},
      {"no passages", [](SearchRequest& r) { r.passages_per_doc = 0; }, "passages per document must be from 1 to 1000"},
      {"too many passages", [](SearchRequest& r) { r.passages_per_doc = kMaxPassagesPerDoc + 1; },
       "passages per document must be from 1 to 1000"},
      {"no snippets", [](SearchRequest& r) { r.snippet_bytes = 0; }, ""},
      {"snippet too short", [](SearchRequest& r) { r.snippet_bytes = kMinSnippetBytes - 1; },
       "snippets need from 20 to 100000 bytes (or 0 for none)"},
      {"snippet too long", [](SearchRequest& r) { r.snippet_bytes = kMaxSnippetBytes + 1; },
       "snippets need from 20 to 100000 bytes (or 0 for none)"},
  };
  for (const Case& c : cases) {
    SearchRequest request;
    request.query = "river";
    c.change(request);
    if (c.message.empty()) {
      EXPECT_NO_THROW(validate(request)) << c.name;
      continue;
    }
    try {
      validate(request);
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const UsageError& e) {
      EXPECT_EQ(e.what(), c.message) << c.name;
    }
  }
}

TEST(Issue19, SearchRefusesWhatValidateRefuses) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, river_reports(3, "flood"));
  Searcher searcher(db);
  SearchRequest request;
  request.query = "flood";
  request.offset = kMaxOffset + 1;
  EXPECT_THROW(searcher.search(request), UsageError);
  request.offset = 0;
  request.query = "";
  EXPECT_THROW(searcher.search(request), UsageError);
}

TEST(Issue19, SortOrdersByName) {
  EXPECT_EQ(sort_order_named("relevance"), SortOrder::relevance);
  EXPECT_EQ(sort_order_named("date"), SortOrder::date);
  EXPECT_THROW(sort_order_named("Date"), UsageError);
  EXPECT_THROW(sort_order_named(""), UsageError);
}

TEST(Issue19, AnswerJsonHoldsEachHitExactlyAsItsOwnLine) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, river_reports(12, "flood"));
  Searcher searcher(db);
  SearchRequest request;
  request.query = "flood cattle";
  request.limit = 5;
  request.offset = 2;
  request.collapse = false;  // the reports are near-duplicates of each other: here each is a hit
  for (bool explain : {false, true}) {
    JsonOptions options;
    options.explain = explain;
    const SearchResults results = searcher.search(request);
    ASSERT_EQ(results.hits.size(), 5u);
    const json answer = json::parse(to_json(results, options));
    EXPECT_EQ(answer["estimated_matches"], results.estimated_matches);
    EXPECT_EQ(answer["partial"], false);
    ASSERT_EQ(answer["hits"].size(), results.hits.size());
    for (std::size_t i = 0; i < results.hits.size(); ++i) {
      const std::string line = to_json(results.hits[i], results, options);
      EXPECT_EQ(line.find('\n'), std::string::npos);
      EXPECT_EQ(answer["hits"][i], json::parse(line)) << i;
      EXPECT_EQ(answer["hits"][i]["rank"], i + 3);
      EXPECT_EQ(answer["hits"][i].contains("explain"), explain);
    }
  }
  JsonOptions batch;
  batch.qid = "q7";
  const SearchResults results = searcher.search(request);
  const nlohmann::ordered_json line = nlohmann::ordered_json::parse(to_json(results.hits[0], results, batch));
  EXPECT_EQ(line.begin().key(), "qid");
  EXPECT_EQ(line["qid"], "q7");
}

TEST(Issue19, DocumentGivesEveryPassageInOrderWithTheQueryHighlighted) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, river_reports(3, "flood"));
  Searcher searcher(db);
  const std::optional<DocumentText> found = searcher.document("flood1", "cattle");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, "River report 1");
  EXPECT_EQ(found->section, "Pakistan");
  EXPECT_EQ(found->date, "2025-03-02");
  ASSERT_EQ(found->passages.size(), 2u);
  EXPECT_EQ(found->passages[0].text, first_paragraph("flood"));
  EXPECT_TRUE(found->passages[0].highlights.empty());
  const Snippet& second = found->passages[1];
  ASSERT_EQ(second.highlights.size(), 1u);
  EXPECT_EQ(second.text.substr(second.highlights[0].begin, second.highlights[0].end - second.highlights[0].begin),
            "cattle");

  const json rendered = json::parse(to_json(*found));
  const std::string body = rendered["body"];
  EXPECT_EQ(body, first_paragraph("flood") + "\n\n" + second_paragraph("flood", 1));
  ASSERT_EQ(rendered["highlights"].size(), 1u);
  const std::size_t b = rendered["highlights"][0][0], e = rendered["highlights"][0][1];
  EXPECT_EQ(body.substr(b, e - b), "cattle");

  EXPECT_TRUE(searcher.document("flood1")->passages[1].highlights.empty());
  EXPECT_FALSE(searcher.document("flood99"));
  EXPECT_FALSE(searcher.document(""));
}

TEST(Issue19, RefreshReadsWhatAnIndexerCommittedSince) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  index_documents(db, river_reports(2, "flood"));
  Searcher searcher(db);
  EXPECT_FALSE(searcher.refresh());  // nothing new
  index_documents(db, river_reports(5, "drought"));
  EXPECT_TRUE(searcher.refresh());
  EXPECT_EQ(searcher.document_count(), 7u);
  SearchRequest request;
  request.query = "drought";
  request.collapse = false;  // the reports are near-duplicates of each other: here each is a hit
  EXPECT_EQ(searcher.search(request).hits.size(), 5u);
  EXPECT_TRUE(searcher.document("drought4"));
  EXPECT_FALSE(searcher.refresh());
}

struct RebuiltCase {
  std::string name;
  std::string language;  // of the rebuilt database
  std::string query;     // found in the rebuilt database only by its own analyser
};

// A database removed and indexed anew at the same path ends at the same
// revision as the old one had: Xapian's reopen compares revisions only, so
// refresh() said nothing changed and quarry-serve searched the deleted
// database (and its language) until restarted.
TEST(ServeQa, RefreshOpensADatabaseRebuiltAtTheSamePath) {
  const std::vector<RebuiltCase> cases = {
      {"same language", "english", "droughts"},
      {"another language", "german", "Häuser"},
  };
  for (const RebuiltCase& c : cases) {
    test::TempDir dir;
    const std::string db = dir.path() + "/db";
    index_documents(db, river_reports(3, "flood"));
    Searcher searcher(db);
    ASSERT_EQ(searcher.document_count(), 3u) << c.name;
    std::filesystem::remove_all(db);
    IndexOptions options;
    options.db_path = db;
    options.language = c.language;
    {
      Indexer indexer(options);
      for (const DocumentInput& document : river_reports(2, "drought")) indexer.add_document(document);
      indexer.add_document(make_input("haus", "article", "Das Haus", "2025-04-01", "Stadt", "code",
                                      "Das Haus steht am Fluss, und das Wasser stieg über Nacht."));
      indexer.commit();
    }
    EXPECT_TRUE(searcher.refresh()) << c.name;
    EXPECT_EQ(searcher.document_count(), 3u) << c.name;
    EXPECT_EQ(searcher.language(), c.language) << c.name;
    SearchRequest request;
    request.query = "flood";
    EXPECT_TRUE(searcher.search(request).hits.empty()) << c.name;
    EXPECT_FALSE(searcher.document("flood0")) << c.name;
    request.query = c.query;
    request.collapse = false;
    EXPECT_FALSE(searcher.search(request).hits.empty()) << c.name << ": " << c.query;
    EXPECT_FALSE(searcher.refresh()) << c.name;
  }
}

}  // namespace
}  // namespace quarry
