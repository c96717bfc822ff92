// "The best passage of each hit with exactly the matching words highlighted",
// tested as a demanding user would: each case is a query whose hit showed a
// word marked that did not match, or left a match unmarked.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "quarry/index.h"
#include "quarry/render.h"
#include "quarry/search.h"
#include "snippet.h"
#include "temp_dir.h"

namespace quarry {
namespace {

// A database of the given JSONL lines, bulk loaded.
std::string database_of(const test::TempDir& dir, const std::vector<std::string>& records) {
  const std::string in = dir.path() + "/records.jsonl", db = dir.path() + "/small.db";
  {
    std::ofstream out(in);
    for (const std::string& record : records) out << record << "\n";
  }
  IndexOptions options;
  options.db_path = db;
  Indexer indexer(options);
  indexer.add_path(in);
  indexer.commit();
  return db;
}

// The first hit's title and snippet with highlights in [ ].
struct Shown {
  std::string doc, title, snippet;
};

Shown first_hit(Searcher& searcher, const std::string& query) {
  SearchRequest request;
  request.query = query;
  request.collapse = false;
  const SearchResults results = searcher.search(request);
  if (results.hits.empty()) return {"(no hit)", "", ""};
  const Hit& hit = results.hits[0];
  return {hit.doc, render_marked({hit.title, hit.title_highlights}, "[", "]"),
          render_marked(hit.snippet, "[", "]")};
}

}  // namespace

// A phrase typed with punctuation inside ("karachi, pakistan", and/or)
// matched a title across the gap, but title_plan dropped the phrases'
// offsets: the title that made the hit was shown with nothing marked.
TEST(HighlightQa, TitleShowsAPhraseTypedWithPunctuationMarked) {
  test::TempDir dir;
  Searcher searcher(database_of(dir, {
      R"({"id":"comma","title":"Karachi, Pakistan: port reopens","body":"news of the day about the port"})",
      R"({"id":"slash","title":"Rules and/or laws","body":"a story about nothing else"})",
      R"({"id":"adjacent","title":"Black and or white","body":"a film review"})",
  }));
  const struct {
    const char* query;
    const char* doc;
    const char* title;
  } cases[] = {
      {"\"karachi, pakistan\"", "comma", "[Karachi, Pakistan]: port reopens"},
      {"title:\"karachi, pakistan\"", "comma", "[Karachi, Pakistan]: port reopens"},
      {"\"karachi pakistan\"", "(no hit)", ""},
      {"and/or id:slash", "slash", "Rules [and/or] laws"},
      {"title:and/or id:slash", "slash", "Rules [and/or] laws"},
      {"and/or id:adjacent", "adjacent", "Black [and or] white"},
      {"\"and, or\" id:slash", "slash", "Rules [and/or] laws"},
  };
  for (const auto& c : cases) {
    const Shown shown = first_hit(searcher, c.query);
    EXPECT_EQ(shown.doc, c.doc) << c.query;
    EXPECT_EQ(shown.title, c.title) << c.query;
  }
  // The whole document (--show DOC QUERY) marks its title alike.
  const auto document = searcher.document("comma", "\"karachi, pakistan\"");
  ASSERT_TRUE(document);
  EXPECT_EQ(render_marked({document->title, document->title_highlights}, "[", "]"),
            "[Karachi, Pakistan]: port reopens");
}

// Words under an exclusion were marked: the 40 words of -like:DOC (they are
// added to the plan whatever the sign), "a AND -b" searched b (the '-' was
// ignored after AND: a wrong result) and "-a NEAR b" marked b.
TEST(HighlightQa, ExcludedWordsAreNeitherSearchedNorMarked) {
  test::TempDir dir;
  Searcher searcher(database_of(dir, {
      R"({"id":"like-src","title":"Monsoon floods","body":"monsoon floods swamp sindh villages; relief camps overflow in sindh as monsoon floods rise"})",
      R"({"id":"like-sib","title":"Sindh cricket","body":"cricket match in sindh; the floods and monsoon delayed the cricket match"})",
      R"({"id":"drive","title":"one","body":"the drive began today, then the vaccine came"})",
      R"({"id":"vaccine","title":"two","body":"the vaccine came late to the district"})",
      R"({"id":"began","title":"three","body":"work began on the vaccine store"})",
  }));
  const struct {
    const char* query;
    std::vector<std::string> snippets;  // of every hit by document id, after its title if marked
  } cases[] = {
      {"cricket OR -like:like-src",
       {"work began on the vaccine store", "the drive began today, then the vaccine came",
        "Sindh [cricket]: [cricket] match in sindh; the floods and monsoon delayed the [cricket] match",
        "the vaccine came late to the district"}},
      {"vaccine AND -drive", {"work began on the [vaccine] store", "the [vaccine] came late to the district"}},
      {"-drive AND vaccine", {"work began on the [vaccine] store", "the [vaccine] came late to the district"}},
      {"came AND NOT drive", {"the vaccine [came] late to the district"}},
      {"vaccine -drive NEAR began", {"work began on the [vaccine] store", "the [vaccine] came late to the district"}},
      {"vaccine AND -drive AND -store", {"the [vaccine] came late to the district"}},
      {"-drive AND -store AND vaccine", {"the [vaccine] came late to the district"}},
      // A filter less a word was no filter any more: any article without "store" matched.
      {"vaccine kind:article NOT store",
       {"the drive began today, then the [vaccine] came", "the [vaccine] came late to the district"}},
      {"vaccine kind:article AND -store",
       {"the drive began today, then the [vaccine] came", "the [vaccine] came late to the district"}},
  };
  for (const auto& c : cases) {
    SearchRequest request;
    request.query = c.query;
    request.collapse = false;
    request.limit = 100;
    const SearchResults results = searcher.search(request);
    std::vector<std::pair<std::string, std::string>> hits;
    for (const Hit& hit : results.hits) {
      const std::string title = render_marked({hit.title, hit.title_highlights}, "[", "]");
      hits.emplace_back(hit.doc, (title == hit.title ? "" : title + ": ") + render_marked(hit.snippet, "[", "]"));
    }
    std::sort(hits.begin(), hits.end());
    std::vector<std::string> snippets;
    for (const auto& hit : hits) snippets.push_back(hit.second);
    EXPECT_EQ(snippets, c.snippets) << c.query;
  }
}

// Passages were ranked by the words of a phrase wherever they stood, while
// only the phrase is marked: "night vision goggles" showed a passage full of
// "night" and "vision" with nothing marked, and the phrase's passage second;
// the title "Goggles" counted as covered in --explain.
TEST(HighlightQa, TheBestPassageOfAPhraseQueryShowsThePhrase) {
  test::TempDir dir;
  std::string filler;
  for (int i = 0; i < 6; ++i) filler += "Rain and wind are forecast for the north this week, officials said on Monday. ";
  Searcher searcher(database_of(dir, {
      R"({"id":"goggles","title":"Goggles","body":"Night after night the vision of the future blurred; goggles, night, vision, night and vision again, goggles again and again. Night vision was on everyone's mind, vision at night, goggles by night. )" +
          filler + R"(\n\n)" + filler + R"( Soldiers used night vision goggles."})",
  }));
  for (const char* query : {"\"night vision goggles\"", "night-vision-goggles"}) {
    SearchRequest request;
    request.query = query;
    request.passages_per_doc = 3;
    const SearchResults results = searcher.search(request);
    ASSERT_EQ(results.hits.size(), 1u) << query;  // one passage holds the phrase
    const Hit& hit = results.hits[0];
    EXPECT_EQ(hit.passage, 1u) << query;
    ASSERT_EQ(hit.snippet.highlights.size(), 1u) << query;
    EXPECT_NE(render_marked(hit.snippet, "[", "]").find("used [night vision goggles]."), std::string::npos) << query;
    EXPECT_EQ(hit.explanation.title_cover, 0) << query;
  }
}

// NEAR's words were marked wherever they occurred ("imran spoke first ...
// khan left", far apart), and its passages ranked by them wherever they
// stood: the passage shown could hold no NEAR match at all.
TEST(HighlightQa, NearMarksItsWordsWhereTheyAreNear) {
  test::TempDir dir;
  std::string far_apart, filler;
  for (int i = 0; i < 6; ++i)
    far_apart += "Imran spoke at the rally in the city on Monday while Khan stayed home. ";
  for (int i = 0; i < 6; ++i) filler += "Rain and wind are forecast for the north this week, officials said on Monday. ";
  Searcher searcher(database_of(dir, {
      R"({"id":"short","title":"Imran and Khan","body":"imran spoke first at the rally. Later in the week imran met khan in jail, and many days after that khan left."})",
      R"({"id":"passages","title":"two","body":")" + far_apart + R"(\n\n)" + filler + R"(At last imran met khan."})",
  }));
  const struct {
    const char* query;
    const char* title;
    const char* snippet;
  } cases[] = {
      {"imran NEAR/3 khan id:short", "[Imran] and [Khan]",
       "imran spoke first at the rally. Later in the week [imran] met [khan] in jail, and many days after that khan left."},
      {"khan NEAR/3 imran id:short", "[Imran] and [Khan]",
       "imran spoke first at the rally. Later in the week [imran] met [khan] in jail, and many days after that khan left."},
      {"imran NEAR/3 khan rally id:short", "[Imran] and [Khan]",
       "imran spoke first at the [rally]. Later in the week [imran] met [khan] in jail, and many days after that khan left."},
      {"imran imran NEAR/3 khan id:short", "[Imran] and [Khan]",
       "[imran] spoke first at the rally. Later in the week [imran] met [khan] in jail, and many days after that khan left."},
      {"imran NEAR/4 \"in jail\" id:short", "Imran and Khan",
       "imran spoke first at the rally. Later in the week [imran] met khan [in jail], and many days after that khan left."},
      {"imran NEAR/5 khan NEAR/5 jail id:short", "Imran and Khan",
       "imran spoke first at the rally. Later in the week [imran] met [khan] in [jail], and many days after that khan left."},
      {"imran NEAR/3 khan id:passages", "two", "\u2026this week, officials said on Monday. At last [imran] met [khan]."},
  };
  for (const auto& c : cases) {
    const Shown shown = first_hit(searcher, c.query);
    EXPECT_EQ(shown.title, c.title) << c.query;
    EXPECT_EQ(shown.snippet, c.snippet) << c.query;
  }
  SearchRequest request;
  request.query = "imran NEAR/3 khan id:passages";
  request.passages_per_doc = 3;
  const SearchResults results = searcher.search(request);
  ASSERT_EQ(results.hits.size(), 1u);  // the first passage holds no match
  EXPECT_EQ(results.hits[0].passage, 1u);
}

// --snippet-bytes was not honoured before the first word: punctuation glued
// to it was taken in whatever its length (200 dashes: a 620-byte snippet
// for 20 bytes asked). A phrase longer than the snippet was shown nowhere
// (the passage's start instead, nothing marked), and a highlight the cut
// ran through was dropped although its words were shown.
TEST(HighlightQa, SnippetsKeepTheirLengthAndTheirHighlightsAtTheCut) {
  Analyser analyser("english");
  std::string dashes, emoji;
  for (int i = 0; i < 200; ++i) dashes += "\u2014";
  for (int i = 0; i < 100; ++i) emoji += "\U0001F44D";
  const struct {
    const char* query;
    std::string text;
    std::size_t bytes;
    std::string marked;
  } cases[] = {
      {"polio", "Some words here to begin with, " + dashes + "polio campaign reached every district.", 20,
       "\u2026\u2014\u2014\u2014\u2014\u2014[polio] campaign\u2026"},
      {"polio", "Intro words come first. " + emoji + "polio drive and more text after it.", 20,
       "\u2026\U0001F44D\U0001F44D\U0001F44D\U0001F44D[polio] drive and more\u2026"},
      {"\"national polio eradication emergency operations centre\"",
       "Filler words come first in this passage, many of them. The national polio eradication emergency "
       "operations centre said on Monday that cases fell.",
       30, "\u2026The [national polio eradication]\u2026"},
      {"polio \"night vision goggles\"", "polio and more words night vision goggles end of text here", 30,
       "[polio] and more words [night]\u2026"},
  };
  for (const auto& c : cases) {
    const Snippet snippet = make_snippet(c.text, parse_query(c.query, analyser).highlight, analyser, c.bytes);
    EXPECT_EQ(render_marked(snippet, "[", "]"), c.marked) << c.query << " " << c.bytes;
    EXPECT_LE(snippet.text.size(), c.bytes + 2 * 16 + 2 * 3) << c.query;
  }
}

}  // namespace quarry
