// Issue 14: wrong answers a new user found in the query language and in
// paging (NEAR with phrases, field groups, filters after deletions, -n).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "quarry/index.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

std::string words(const std::string& word, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (out.empty() ? "" : " ") + word;
  return out;
}

DocumentInput input(std::string id, std::string kind, std::string title, std::string date, std::string section,
                    std::string source, std::string body) {
  DocumentInput in;
  in.id = std::move(id);
  in.kind = std::move(kind);
  in.title = std::move(title);
  in.date = std::move(date);
  in.section = std::move(section);
  in.source = std::move(source);
  in.body = std::move(body);
  return in;
}

class Issue14Query : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    db_ = dir_->path() + "/db";
    IndexOptions options;
    options.db_path = db_;
    Indexer indexer(options);
    // NEAR with a phrase: near, far, and far with the phrase's words near
    // but not as the phrase (the trap an AND of NEAR and PHRASE falls in).
    indexer.add_document(input("near", "article", "One", "2025-01-01", "Pakistan", "code",
                          "Imran was moved to adiala jail on Monday."));
    indexer.add_document(input("far", "article", "Two", "2025-01-02", "Pakistan", "code",
                          "Imran moved away. " + words("filler", 40) + " He is in adiala jail now."));
    indexer.add_document(input("scattered", "article", "Three", "2025-01-03", "Pakistan", "code",
                          "Imran said the jail near adiala was full. " + words("filler", 40) +
                              " Later adiala jail was closed."));
    indexer.add_document(input("reversed", "article", "Four", "2025-01-04", "World", "code",
                          "The adiala jail said Imran is old."));
    // Field groups: title words versus body words.
    indexer.add_document(input("t-imran", "article", "Imran speaks", "2025-02-01", "World", "code",
                          "A speech in the assembly."));
    indexer.add_document(input("t-nawaz", "editorial", "Nawaz returns", "2025-02-02", "Editorial", "code",
                          "A return to the country."));
    indexer.add_document(input("b-both", "article", "Politics today", "2025-02-03", "Pakistan", "code",
                          "Imran and Nawaz met."));
    indexer.add_document(input("w-date", "article", "Vote", "2025-03-01", "Pakistan", "code",
                          "The date and the title of the bill were set."));
    indexer.commit();
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::vector<std::string> docs(const std::string& query) {
    Searcher searcher(db_);
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    std::vector<std::string> out;
    for (const Hit& hit : searcher.search(request).hits) out.push_back(hit.doc);
    std::sort(out.begin(), out.end());
    return out;
  }

  static test::TempDir* dir_;
  static std::string db_;
};

test::TempDir* Issue14Query::dir_ = nullptr;
std::string Issue14Query::db_;

using Docs = std::vector<std::string>;

// Item 2: a phrase inside NEAR keeps NEAR's window (it was an AND).
TEST_F(Issue14Query, NearWithAPhraseKeepsTheWindow) {
  EXPECT_EQ(docs("imran NEAR \"adiala jail\""), (Docs{"near", "reversed"}));
  EXPECT_EQ(docs("\"adiala jail\" NEAR imran"), (Docs{"near", "reversed"}));
  // The phrase counts as one word: "Imran was moved to [adiala jail]" is 4
  // words apart, "[adiala jail] said Imran" 2.
  EXPECT_EQ(docs("imran NEAR/5 \"adiala jail\""), (Docs{"near", "reversed"}));
  EXPECT_EQ(docs("imran NEAR/3 \"adiala jail\""), (Docs{"reversed"}));
  EXPECT_EQ(docs("imran NEAR/2 \"adiala jail\""), Docs{});
  EXPECT_EQ(docs("imran NEAR/5 adiala"), (Docs{"near", "reversed"}));
  EXPECT_EQ(docs("imran NEAR adiala"), (Docs{"near", "reversed", "scattered"}));
  // A chain keeps every word in one window.
  EXPECT_EQ(docs("imran NEAR moved NEAR jail"), (Docs{"near"}));
  EXPECT_EQ(docs("imran NEAR \"adiala jail\" NEAR monday"), (Docs{"near"}));
}

// Item 3: a field applies to the group after it.
TEST_F(Issue14Query, FieldAppliesToAGroup) {
  EXPECT_EQ(docs("title:(imran OR nawaz)"), (Docs{"t-imran", "t-nawaz"}));
  EXPECT_EQ(docs("title:(imran OR nawaz)"), docs("title:imran OR title:nawaz"));
  EXPECT_EQ(docs("title:(imran nawaz)"), (Docs{"t-imran", "t-nawaz"}));
  EXPECT_EQ(docs("title:(imran -speaks)"), Docs{});
  EXPECT_EQ(docs("kind:(editorial)"), (Docs{"t-nawaz"}));
  EXPECT_EQ(docs("section:(world OR editorial) imran"), (Docs{"reversed", "t-imran"}));
  EXPECT_EQ(docs("(imran OR nawaz) -title:(imran OR nawaz)"), (Docs{"b-both", "far", "near", "reversed", "scattered"}));
}

// Item 9: a field with nothing after it is a word, as odd input is.
TEST_F(Issue14Query, EmptyFieldIsSearchedAsAWord) {
  Searcher searcher(db_);
  SearchRequest request;
  for (const char* query : {"title:", "date:", "section:", "kind:"}) {
    request.query = query;
    EXPECT_NO_THROW(searcher.search(request)) << query;
  }
  for (const char* query : {"title:", "date:", "title: bill"}) EXPECT_EQ(docs(query), Docs{"w-date"}) << query;
}

// Item 9: a date filter that cannot match says so.
TEST_F(Issue14Query, ImpossibleDateFiltersAreErrors) {
  Searcher searcher(db_);
  SearchRequest request;
  for (const char* query : {"date:2025-13", "date:2025-00", "date:2025-09..2025-01", "date:2025-02-30",
                            "date:2025-05-02..2025-05-01", "polio date:0000"}) {
    request.query = query;
    EXPECT_THROW(searcher.search(request), UsageError) << query;
  }
  for (const char* query : {"date:2025-01..2025-01", "date:2025..2025-01", "date:2025-12", "date:..2025"}) {
    request.query = query;
    EXPECT_NO_THROW(searcher.search(request)) << query;
  }
}

// Issue 15 item 8 and 14.14: a phrase's words count against the word limit.
TEST_F(Issue14Query, PhraseWordsCountAgainstTheWordLimit) {
  Searcher searcher(db_);
  SearchRequest request;
  std::string copies;
  for (int i = 0; i < 1100; ++i) copies += "\"a b\" ";
  request.query = copies;
  EXPECT_THROW(searcher.search(request), UsageError);
  request.query = "\"" + words("pakistan", 2500) + "\"";
  EXPECT_THROW(searcher.search(request), UsageError);
  request.query = words("x-y", 1100);  // compounds are phrases too
  EXPECT_THROW(searcher.search(request), UsageError);
  request.query = "\"" + words("imran", 300) + "\"";
  EXPECT_NO_THROW(searcher.search(request));
}

}  // namespace
}  // namespace quarry
