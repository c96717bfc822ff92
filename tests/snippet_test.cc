// Highlights mark exactly what matched; snippets cut at word boundaries.
#include "snippet.h"

#include <gtest/gtest.h>

#include "quarry/render.h"

namespace quarry {
namespace {

struct Case {
  const char* query;
  const char* text;
  const char* marked;  // the text with highlights in [ ]
};

const Case kCases[] = {
    {"polio", "THE challenge of polio in Pakistan.", "THE challenge of [polio] in Pakistan."},
    {"coexisting", "were not ready to \u201ccoexist\u201d with", "were not ready to \u201c[coexist]\u201d with"},
    {"\"night vision goggles\"", "such as night vision goggles that were; night vision only",
     "such as [night vision goggles] that were; night vision only"},
    {"militants", "TTP militants and a militant", "TTP [militants] and a [militant]"},
    {"imposed", "taxes impo\u00adsed today", "taxes [impo\u00adsed] today"},
    {"Pakistan's", "Pakistan\u2019s soil and Pakistan", "[Pakistan\u2019s] soil and [Pakistan]"},
    {"polio -pakistan", "polio in Pakistan", "[polio] in Pakistan"},
    {"title:polio", "polio in Pakistan", "polio in Pakistan"},
    // A compound typed whole is marked whole; a part typed alone, just the part.
    {"Dawn.com", "reported by Dawn.com today", "reported by [Dawn.com] today"},
    {"dawn", "reported by Dawn.com at dawn", "reported by [Dawn].com at [dawn]"},
    {"1.2bn", "a loan of Rs1.2bn", "a loan of Rs[1.2bn]"},
    {"7000", "some 7,000 people", "some [7,000] people"},
    {"U.S.", "the U.S. and us", "the [U.S]. and us"},
    {"cafe", "the Café opened", "the [Café] opened"},
};

TEST(Snippet, HighlightsExactlyTheMatches) {
  Analyser analyser("english");
  for (const Case& c : kCases) {
    const ParsedQuery parsed = parse_query(c.query, analyser);
    const Snippet snippet = make_snippet(c.text, parsed.highlight, analyser, 1000);
    EXPECT_EQ(render_marked(snippet, "[", "]"), c.marked) << c.query;
  }
}

TEST(Snippet, LongPassageIsCutAroundTheMatchesAtWordBoundaries) {
  Analyser analyser("english");
  std::string text;
  for (int i = 0; i < 40; ++i) text += "filler" + std::to_string(i) + " words here. ";
  text += "The polio campaign reached every district. ";
  for (int i = 0; i < 40; ++i) text += "more" + std::to_string(i) + " text there. ";
  const ParsedQuery parsed = parse_query("polio", analyser);
  const Snippet snippet = make_snippet(text, parsed.highlight, analyser, 120);
  ASSERT_EQ(snippet.highlights.size(), 1u);
  EXPECT_EQ(snippet.text.substr(snippet.highlights[0].begin, 5), "polio");
  EXPECT_EQ(snippet.text.rfind("\u2026", 0), 0u);  // cut at the start
  EXPECT_EQ(snippet.text.substr(snippet.text.size() - 3), "\u2026");  // and at the end
  EXPECT_LE(snippet.text.size(), 120u + 6 + 16);
  // Word boundaries: the byte after the leading ellipsis starts a word.
  const char first = snippet.text[3];
  EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(first))) << snippet.text;
}

TEST(Render, HtmlEscapesAndMarks) {
  const Snippet snippet{"a <b> & \"polio\"", {{9, 14}}};
  EXPECT_EQ(render_html(snippet), "a &lt;b&gt; &amp; &quot;<mark>polio</mark>&quot;");
}

TEST(Render, AnsiNeutralisesControlCharacters) {
  const Snippet snippet{"evil\033[2J text", {{9, 13}}};
  EXPECT_EQ(render_ansi(snippet, true), "evil [2J \033[1;31mtext\033[0m");
  EXPECT_EQ(render_ansi(snippet, false), "evil [2J text");
}

}  // namespace
}  // namespace quarry
