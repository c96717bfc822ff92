// The ranking knobs and their $QUARRY_RANKING overrides (query/ranking.h),
// and what the ranking does with titles and requests.
#include "ranking.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "quarry/error.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "make_input.h"
#include "temp_dir.h"

namespace quarry {
namespace {

// Sets $QUARRY_RANKING for one test and restores "unset" after it.
class RankingEnvironment : public ::testing::Test {
 protected:
  void TearDown() override { unsetenv("QUARRY_RANKING"); }
  static RankingParams with(const char* spec) {
    setenv("QUARRY_RANKING", spec, 1);
    return RankingParams::from_environment();
  }
};

TEST_F(RankingEnvironment, UnsetMeansDefaults) {
  unsetenv("QUARRY_RANKING");
  const RankingParams params = RankingParams::from_environment();
  const RankingParams defaults;
  EXPECT_EQ(params.prf_terms, defaults.prf_terms);
  EXPECT_DOUBLE_EQ(params.prf_sharpness, defaults.prf_sharpness);
  EXPECT_DOUBLE_EQ(params.k1, defaults.k1);
}

TEST_F(RankingEnvironment, OverridesNamedKnobsOnly) {
  const RankingParams params = with("prf_sharpness=0,prf_terms=20");
  EXPECT_DOUBLE_EQ(params.prf_sharpness, 0.0);
  EXPECT_EQ(params.prf_terms, 20u);
  EXPECT_EQ(params.prf_docs, RankingParams().prf_docs);
}

TEST_F(RankingEnvironment, RejectsUnknownNamesAndBadValues) {
  EXPECT_THROW(with("prf_sharpnes=1"), UsageError);
  EXPECT_THROW(with("prf_sharpness=sharp"), UsageError);
  EXPECT_THROW(with("prf_sharpness"), UsageError);
}

// Documents that share no word with the tests' queries, so that their
// words have a positive idf.
void add_fillers(Indexer& indexer) {
  const char* bodies[] = {"The cricket board named a new coach on Monday.",
                          "Markets closed higher after the budget speech.",
                          "The court adjourned the hearing until next week.",
                          "A new bridge opened to traffic in the city.",
                          "Schools reopened after the summer holidays.",
                          "The airline added flights to three cities."};
  int n = 0;
  for (const char* body : bodies) indexer.add_document(make_input("z" + std::to_string(n++), "article", "", "", "", "code", body));
}

std::vector<Hit> search(const std::string& db, const std::string& query) {
  Searcher searcher(db);
  SearchRequest request;
  request.query = query;
  return searcher.search(request).hits;
}

// Cranfield's abstracts repeat their title: the same text, with and without
// a title given, indexed alike until the given title counted as a field.
TEST(Issue18, AGivenTitleWeighsMoreThanTheSameTextWithout) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    const std::string body = "Glacier melt.\n\nFarmers in the valleys worry about the water supply this spring.";
    indexer.add_document(make_input("a-untitled", "article", "", "", "", "code", body));
    indexer.add_document(make_input("b-titled", "article", "Glacier melt", "", "", "code", body));
    add_fillers(indexer);
    indexer.commit();
  }
  const std::vector<Hit> hits = search(db, "glacier melt");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].doc, "b-titled");
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_EQ(hits[1].title, "Glacier melt.");  // made up from the first sentence, shown all the same
}

// A headline typed whole finds the article whose short title it fills, ahead
// of one that repeats the words in its body and in a long title, as Lucene's
// title field with its own length normalisation would; a made-up title
// (the first sentence) covers nothing.
TEST(Issue18, AHeadlineTypedWholeFindsTheArticleWhoseTitleItFills) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    indexer.add_document(make_input("a-long-title", "article",
                                    "Farmers count the cost as glacier melt floods valleys and the spring water "
                                    "supply runs short again",
                                    "", "", "code",
                                    "Glacier melt came early. The glacier melt flooded fields, and more glacier melt "
                                    "is expected."));
    indexer.add_document(make_input("b-short-title", "article", "Glacier melt", "", "", "code",
                                    "Farmers in the valleys worry about the water supply this spring."));
    indexer.add_document(make_input("c-untitled", "article", "", "", "", "code",
                                    "Glacier melt. Farmers in the valleys worry about the water supply."));
    add_fillers(indexer);
    indexer.commit();
  }
  Searcher searcher(db);
  SearchRequest request;
  request.query = "glacier melt";
  const std::vector<Hit> hits = searcher.search(request).hits;
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].doc, "b-short-title");
  EXPECT_GT(hits[0].explanation.title_cover, 0.0);
  for (const Hit& hit : hits) {
    if (hit.doc == "c-untitled") {
      EXPECT_EQ(hit.explanation.title_cover, 0.0);
    }
    const ScoreParts& e = hit.explanation;
    EXPECT_NEAR(hit.score, e.document + e.passage_weight * e.best_passage + e.proximity_weight * e.proximity +
                               e.title_cover_weight * e.title_cover, 1e-9);
  }
}

// A title made up from the first sentence is no title: the first sentence
// weighs what any other sentence does.
TEST(Issue18, AMadeUpTitleDoesNotBoost) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    indexer.add_document(make_input("a-last", "article", "", "", "", "code",
                          "Farmers in the valleys worry about the water supply. Glacier melt."));
    indexer.add_document(make_input("b-first", "article", "", "", "", "code",
                          "Glacier melt. Farmers in the valleys worry about the water supply."));
    add_fillers(indexer);
    indexer.commit();
  }
  const std::vector<Hit> hits = search(db, "glacier melt");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_DOUBLE_EQ(hits[0].score, hits[1].score);
  // title: still searches the title a hit shows, given or made up.
  const std::vector<Hit> titled = search(db, "title:glacier");
  ASSERT_EQ(titled.size(), 1u);
  EXPECT_EQ(titled[0].doc, "b-first");
}

// "I am interested in glacier melt" is a question, and gets feedback like
// one, though only two of its words are searched.
TEST(Issue18, ARequestGetsFeedbackLikeAQuestion) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    indexer.add_document(make_input("g1", "article", "", "", "", "code", "Glacier melt swells the rivers of the north."));
    indexer.add_document(make_input("g2", "article", "", "", "", "code", "Farmers fear glacier melt will flood their fields."));
    add_fillers(indexer);
    indexer.commit();
  }
  Searcher searcher(db);
  SearchRequest request;
  request.query = "glacier melt";
  EXPECT_TRUE(searcher.search(request).feedback_terms.empty());
  request.query = "I am interested in glacier melt";
  const SearchResults asked = searcher.search(request);
  EXPECT_FALSE(asked.feedback_terms.empty());
  ASSERT_FALSE(asked.hits.empty());
  for (const Span& span : asked.hits[0].snippet.highlights)  // the boilerplate is not what matched
    EXPECT_NE(asked.hits[0].snippet.text.substr(span.begin, 10), "interested");
}

// A request that asks for two things in two sentences: the first ranking's
// top documents all answer the first, so one relevance model for the whole
// request would strengthen the first and bury the second. Each sentence of
// three or more searched words gets its own model instead.
TEST(Issue18, EachSentenceOfARequestGetsItsOwnFeedback) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  {
    IndexOptions options;
    options.db_path = db;
    Indexer indexer(options);
    const char* glaciers[] = {
        "Glacier melt swells the northern rivers as temperatures climb across the mountains.",
        "Northern rivers rose fast after glacier melt flooded the valleys and damaged orchards.",
        "Scientists measured how fast glacier melt is feeding northern rivers through the dry summer.",
        "Glacier melt in the north threatens villages along the swelling rivers, officials warned.",
        "The northern rivers carry glacier melt to the plains, where farmers irrigate wheat.",
        "Glacier melt came fast this year and the northern rivers broke their banks near the town.",
        "Engineers fear the swelling northern rivers, fed by glacier melt, will wash away the bridge.",
        "A fast glacier melt left the northern rivers high and muddy for weeks."};
    int n = 0;
    for (const char* body : glaciers)
      indexer.add_document(make_input("a" + std::to_string(n++), "article", "", "", "", "code", body));
    indexer.add_document(make_input("b1", "article", "", "", "", "code",
                                    "The cricket team hired a coach who trained the bowlers and the wicketkeeper."));
    indexer.add_document(make_input("b2", "article", "", "", "", "code",
                                    "Bowlers practised at the nets while the coach of the team watched the wicketkeeper."));
    add_fillers(indexer);
    // Enough other news that the glacier words are rare too, and the first
    // sentence, with twice the words, leads the first ranking.
    for (int i = 0; i < 60; ++i)
      indexer.add_document(make_input("f" + std::to_string(i), "article", "", "", "", "code",
                                      "The council met on Tuesday to discuss the budget, schools and roads."));
    indexer.commit();
  }
  const std::string request = "How fast is glacier melt swelling the northern rivers? Who coaches the cricket team?";
  auto run = [&](const char* ranking) {
    if (ranking) setenv("QUARRY_RANKING", ranking, 1);
    Searcher searcher(db);
    unsetenv("QUARRY_RANKING");
    SearchRequest search;
    search.query = request;
    return searcher.search(search);
  };
  auto rank_of = [](const SearchResults& results, const std::string& doc) {
    for (std::size_t i = 0; i < results.hits.size(); ++i)
      if (results.hits[i].doc == doc) return i;
    return results.hits.size();
  };
  auto fed_back = [](const SearchResults& results, const std::string& stem) {
    for (const std::string& term : results.feedback_terms)
      if (term.rfind(stem, 0) == 0) return true;
    return false;
  };
  const SearchResults per_sentence = run(nullptr);
  const SearchResults one_model = run("prf_parts=0");
  // The second sentence's documents lend their words to the feedback...
  EXPECT_TRUE(fed_back(per_sentence, "wicketkeep"));
  EXPECT_TRUE(fed_back(per_sentence, "orchard"));
  EXPECT_FALSE(fed_back(one_model, "wicketkeep"));
  // ...so the one that holds only two of its words is found higher up.
  EXPECT_LT(rank_of(per_sentence, "b2"), rank_of(one_model, "b2"));
  ASSERT_LT(rank_of(per_sentence, "b2"), per_sentence.hits.size());
}

}  // namespace
}  // namespace quarry
