// extract_page on pages we wrote (tests/fixtures/web/) and on small inline
// pages, one metadata variant per row; hostile markup last (issue 16).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "web/dates.h"
#include "web/html_dom.h"
#include "web/page.h"
#include "web/url.h"

namespace quarry::web {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(QUARRY_FIXTURES_DIR) + "/web/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return s.str();
}

std::string joined(const WebPage& page) {
  std::string all;
  for (const std::string& p : page.paragraphs) all += p + "\n";
  return all;
}

bool has_paragraph(const WebPage& page, const std::string& text) {
  return std::find(page.paragraphs.begin(), page.paragraphs.end(), text) != page.paragraphs.end();
}

TEST(Issue16, ArticleKeepsItsTextInReadingOrderAndNoBoilerplate) {
  const WebPage page = extract_page(fixture("article_with_boilerplate.html"),
                                    "https://www.courier.example/news/flood-barriers");
  EXPECT_TRUE(page.is_article);
  const std::string text = joined(page);
  // Paragraphs, a heading, a quote, list items and a table row, in order.
  const std::string in_order[] = {
      "The temporary flood barriers along the eastern embankment held overnight",
      "Residents return home",
      "We were lucky this time, but the river will come back",
      "raising the embankment wall by half a metre along the marsh road",
      "Old Mill gauge 5.42 metres",
      "The Environment Agency said river levels would fall slowly"};
  std::size_t at = 0;
  for (const std::string& part : in_order) {
    const std::size_t found = text.find(part, at);
    ASSERT_NE(found, std::string::npos) << part << "\n--- got:\n" << text;
    at = found;
  }
  EXPECT_TRUE(has_paragraph(page, "Residents return home"));
  EXPECT_TRUE(has_paragraph(page, "Old Mill gauge 5.42 metres"));  // one entry per table row
  // Every kind of boilerplate the page has.
  for (const char* junk : {"We use cookies", "Sport", "Share on Facebook", "Advertisement", "newsletter",
                           "Related stories", "Rain warning issued", "Great reporting", "Most read",
                           "Town bakery", "All rights reserved", "Privacy policy", "Home >", "By Amina Shah"})
    EXPECT_EQ(text.find(junk), std::string::npos) << junk << "\n--- got:\n" << text;
}

TEST(Issue16, ArticleMetadataFromJsonLdAndOpenGraph) {
  const WebPage page = extract_page(fixture("article_with_boilerplate.html"),
                                    "https://www.courier.example/news/flood-barriers");
  EXPECT_EQ(page.title, "Flood barriers hold as river peaks");
  EXPECT_EQ(page.date, "2024-05-29");  // published, not modified, not a comment's
  EXPECT_EQ(page.authors, (std::vector<std::string>{"Amina Shah", "Tom Reed"}));
  EXPECT_EQ(page.section, "Local news");
  EXPECT_EQ(page.canonical_url, "https://www.courier.example/2024/05/29/flood-barriers-hold");
  EXPECT_EQ(page.site_name, "The Riverside Courier");
  EXPECT_EQ(page.language, "en-GB");
  EXPECT_TRUE(page.teasers.empty());  // headline-only lists are not teasers
}

TEST(Issue16, SidebarTeasersWithSummaryOrDateAreKeptAndEditorialsMarked) {
  const WebPage page =
      extract_page(fixture("news_page_with_teasers.html"), "https://www.dawn.com/news/1749999/minister-says");
  EXPECT_TRUE(page.is_article);
  EXPECT_EQ(page.title, "Minister says talks will continue");
  // The article's own date line, not the sidebar's newer dates.
  EXPECT_EQ(page.date, "2023-04-12");
  EXPECT_EQ(page.site_name, "DAWN.COM");
  const std::string text = joined(page);
  EXPECT_NE(text.find("KARACHI: The minister said on Tuesday"), std::string::npos);
  for (const char* junk : {"First steps", "One hopes", "Power tariff", "Headline only story", "Published in Dawn"})
    EXPECT_EQ(text.find(junk), std::string::npos) << junk << "\n--- got:\n" << text;

  struct Expected {
    const char* url;
    const char* title;
    const char* date;
    const char* summary_start;  // empty: no summary
    bool editorial;
  };
  const Expected expected[] = {
      {"https://www.dawn.com/news/1836301/first-steps", "First steps for the new budget", "2024-05-29",
       "One hopes that this small change", true},
      {"https://www.dawn.com/news/1836150/rafah-inferno", "Rafah inferno shocks the world", "2024-05-29",
       "THE level of barbarity", true},
      {"https://www.dawn.com/news/1836400/power-tariff-raised", "Power tariff raised for industrial users",
       "2024-05-30", "", false},
      {"https://www.dawn.com/news/1836401/cricket-squad-named", "Cricket squad named for the summer tour",
       "2024-05-30", "", false},
  };
  ASSERT_EQ(page.teasers.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i) {
    const Teaser& t = page.teasers[i];
    SCOPED_TRACE(expected[i].title);
    EXPECT_EQ(t.url, expected[i].url);
    EXPECT_EQ(t.title, expected[i].title);
    EXPECT_EQ(t.date, expected[i].date);
    EXPECT_EQ(t.summary.rfind(expected[i].summary_start, 0), 0u) << t.summary;
    if (!*expected[i].summary_start) {
      EXPECT_TRUE(t.summary.empty()) << t.summary;
    }
    EXPECT_EQ(t.editorial, expected[i].editorial);
  }
}

// A teaser's date in markup beside its link (article.html's opinion box) or
// inside it (cards whose <a> holds headline and date): it dates the teaser
// and stays out of the headline.
TEST(Issue16, TeaserDatesBesideOrInsideTheirLinks) {
  struct Expected {
    const char* file;
    const char* page_url;
    const char* url;
    const char* title;
    const char* date;
  };
  const Expected expected[] = {
      {"article.html", "https://news.example.org/x", "https://news.example.org/opinion/editorial-water-storage",
       "The case for water storage in the north", "2024-05-28"},
      {"article.html", "https://news.example.org/x", "https://news.example.org/opinion/editorial-tourism",
       "Tourism needs roads that stay open", "2024-05-27"},
      {"article.html", "https://news.example.org/x", "https://news.example.org/opinion/editorial-schools",
       "Schools in the valley deserve better buildings", "2024-05-26"},
      {"teaser_cards.html", "https://www.harbourpost.example/ferry", "https://www.harbourpost.example/news/harbour-wall",
       "Harbour wall repairs will take all summer", "2024-06-02"},
      {"teaser_cards.html", "https://www.harbourpost.example/ferry", "https://www.harbourpost.example/news/lifeboat",
       "Lifeboat crew rescues two kayakers off the point", "2024-06-01"},
      {"teaser_cards.html", "https://www.harbourpost.example/ferry", "https://www.harbourpost.example/news/market",
       "Saturday market moves to the old fish hall", "2024-05-31"},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(std::string(e.file) + " " + e.title);
    const WebPage page = extract_page(fixture(e.file), e.page_url);
    const auto t = std::find_if(page.teasers.begin(), page.teasers.end(),
                                [&](const Teaser& x) { return x.url == e.url; });
    ASSERT_NE(t, page.teasers.end());
    EXPECT_EQ(t->title, e.title);
    EXPECT_EQ(t->date, e.date);
  }
}

TEST(Issue16, HomePageIsNoArticleAndItsTeasersBecomeTeasers) {
  const WebPage page = extract_page(fixture("home_page.html"), "https://www.stadtanzeiger.example/");
  EXPECT_FALSE(page.is_article);
  EXPECT_EQ(page.language, "de");
  EXPECT_TRUE(has_paragraph(page, "Nachrichten aus der Region")) << joined(page);
  ASSERT_EQ(page.teasers.size(), 4u);
  EXPECT_EQ(page.teasers[0].url, "https://www.stadtanzeiger.example/politik/2024/05/rathaus");
  EXPECT_EQ(page.teasers[0].title, "Neuer Haushalt für das Rathaus beschlossen");
  EXPECT_EQ(page.teasers[0].summary,
            "Der Stadtrat hat am Dienstag den Haushalt für die kommenden zwei Jahre verabschiedet.");
  EXPECT_FALSE(page.teasers[0].editorial);
}

// One metadata source per row: a small article page with the given head and
// extra body markup around the same prose.
std::string page_with(const std::string& head, const std::string& before, const std::string& after = "") {
  std::string p = "<!DOCTYPE html><html><head>" + head + "</head><body>" + before + "<article>";
  for (int i = 0; i < 4; ++i)
    p += "<p>Paragraph " + std::to_string(i) +
         " of a story long enough to read as an article, with commas, clauses, and the words a reporter "
         "uses when the council meets, the river rises, and the town waits for news.</p>";
  return p + "</article>" + after + "</body></html>";
}

struct MetadataCase {
  const char* name;
  std::string html;
  const char* url;
  const char* title;
  const char* date;
  const char* author;  // first author, or empty
};

TEST(Issue16, MetadataVariants) {
  const MetadataCase cases[] = {
      {"title: og:title wins over <title>",
       page_with("<title>Old title | Site</title><meta property='og:title' content='The headline'>", ""),
       "https://a.example/x", "The headline", "", ""},
      {"title: <title> without its site-name suffix",
       page_with("<title>Council approves budget - The Daily Example</title>"
                 "<meta property='og:site_name' content='The Daily Example'>",
                 ""),
       "https://a.example/x", "Council approves budget", "", ""},
      {"title: <h1> when <title> holds more",
       page_with("<title>Home | News | Council approves budget for next year</title>",
                 "<h1>Council approves budget for next year</h1>"),
       "https://a.example/x", "Council approves budget for next year", "", ""},
      {"date: article:published_time",
       page_with("<meta property='article:published_time' content='2023-03-04T10:00:00+01:00'>", ""),
       "https://a.example/x", "", "2023-03-04", ""},
      {"date: <time datetime> in the article",
       page_with("", "", "<p><time datetime='2022-11-20T09:00:00+01:00'>20 November</time></p>"),
       "https://a.example/x", "", "2022-11-20", ""},
      {"date: the URL", page_with("", ""), "https://a.example/2021/07/15/story", "", "2021-07-15", ""},
      {"date: a 'Published in' line", page_with("", "", "<p>Published in Dawn, May 29th, 2024</p>"),
       "https://a.example/x", "", "2024-05-29", ""},
      {"date: an 'Updated' line", page_with("", "<div class='story__time'>Updated 29 May, 2024</div>"),
       "https://a.example/x", "", "2024-05-29", ""},
      {"date: a German date line", page_with("", "<p>Veröffentlicht am 03.02.2020</p>"), "https://a.example/x", "",
       "2020-02-03", ""},
      {"date: not a comment's",
       page_with("", "",
                 "<div class='comments'><div class='comment'><span class='date'>12 June, 2024</span>"
                 "<p>First!</p></div></div>"),
       "https://a.example/x", "", "", ""},
      {"date: not the copyright footer's year or a sidebar's",
       page_with("", "<aside><p>Updated 1 March, 2024</p></aside>", "<footer><p>© 2024 Example</p></footer>"),
       "https://a.example/x", "", "", ""},
      {"date: implausible dates are not believed",
       page_with("<meta property='article:published_time' content='1970-01-01T00:00:00Z'>", ""),
       "https://a.example/x", "", "", ""},
      {"author: meta name=author", page_with("<meta name='author' content='Jane Roe'>", ""), "https://a.example/x",
       "", "", "Jane Roe"},
      {"author: a byline in the page, without its 'By'",
       page_with("", "<div class='story-byline'>By Jane Roe</div>",
                 "<div class='comments'><span class='author'>Troll Two</span></div>"),
       "https://a.example/x", "", "", "Jane Roe"},
      {"author: the same name twice is one author",
       page_with("<meta name='author' content='Jane Roe'><meta name='author' content='By JANE ROE'>", ""),
       "https://a.example/x", "", "", "Jane Roe"},
      {"author: JSON-LD author list",
       page_with("<script type='application/ld+json'>{\"@type\":\"BlogPosting\",\"headline\":\"Ld headline\","
                 "\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"},\"datePublished\":\"2019-05-06\"}</script>",
                 ""),
       "https://a.example/x", "Ld headline", "2019-05-06", "Ann Lee"},
      {"JSON-LD in a @graph, with raw newlines in strings",
       page_with("<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"WebSite\"},{\"@type\":\"NewsArticle\","
                 "\"headline\":\"Graph\nheadline\",\"datePublished\":\"2018-01-02T23:30:00-05:00\"}]}</script>",
                 ""),
       "https://a.example/x", "Graph headline", "2018-01-02", ""},
  };
  for (const MetadataCase& c : cases) {
    SCOPED_TRACE(c.name);
    const WebPage page = extract_page(c.html, c.url);
    if (*c.title) {
      EXPECT_EQ(page.title, c.title);
    }
    EXPECT_EQ(page.date, c.date);
    if (*c.author) {  // a row without an author says nothing about authors
      EXPECT_EQ(page.authors, std::vector<std::string>{c.author});
    }
  }
}

// A headline with a dash or bar in it, shown whole in the <h1>, is not cut
// down to a part as if the rest were the site's name.
TEST(Issue16, TitleShownWholeInTheH1KeepsAllItsParts) {
  struct Case {
    const char* name;
    std::string head;
    const char* h1;
    const char* title;
  };
  const Case cases[] = {
      {"<title> alone, a country pair", "<title>Pakistan - India talks resume</title>",
       "Pakistan - India talks resume", "Pakistan - India talks resume"},
      {"<title> alone, a short first part", "<title>Covid-19 - what we know</title>", "Covid-19 - what we know",
       "Covid-19 - what we know"},
      {"<title> alone, a bar", "<title>Budget 2025 | Analysis</title>", "Budget 2025 | Analysis",
       "Budget 2025 | Analysis"},
      {"<title> alone, an em dash", "<title>Q&amp;A: &quot;Canal&quot; plan &#8212; explained</title>",
       "Q&amp;A: \"Canal\" plan \u2014 explained", "Q&A: \"Canal\" plan \u2014 explained"},
      {"og:title whose first part is a word of the site's name",
       "<title>Pakistan - India talks resume | Pakistan Today</title>"
       "<meta property='og:title' content='Pakistan - India talks resume'>"
       "<meta property='og:site_name' content='Pakistan Today'>",
       "Pakistan - India talks resume", "Pakistan - India talks resume"},
      // What the fix must not change: a site name the <h1> does not show still goes.
      {"<title> with the site's name", "<title>Pakistan - India talks resume | Pakistan Today</title>"
       "<meta property='og:site_name' content='Pakistan Today'>",
       "Pakistan - India talks resume", "Pakistan - India talks resume"},
      {"og:title with the site's name", "<meta property='og:title' content='Canal plan announced | Dawn'>"
       "<meta property='og:site_name' content='Dawn'>",
       "Canal plan announced", "Canal plan announced"},
      {"no <h1>: an unknown site name goes", "<title>Canal plan announced for the district - Courier</title>", "",
       "Canal plan announced for the district"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string h1 = *c.h1 ? std::string("<h1>") + c.h1 + "</h1>" : "";
    EXPECT_EQ(extract_page(page_with(c.head, h1), "https://a.example/x").title, c.title);
  }
}

// An article with box standing after its second paragraph: its paragraphs
// are text, junk (from box) is not.
void expect_left_out_of_article(const std::string& box, const std::string& junk) {
  SCOPED_TRACE(box);
  std::string html = "<!DOCTYPE html><html><head><title>Budget</title></head><body><article><h1>Budget</h1>";
  for (int i = 0; i < 4; ++i) {
    html += "<p>Paragraph " + std::to_string(i) +
            " of a story long enough to read as an article, with commas, clauses, and the words a reporter "
            "uses when the council meets, the river rises, and the town waits for news.</p>";
    if (i == 1) html += box;
  }
  html += "</article></body></html>";
  const std::string text = joined(extract_page(html, "https://a.example/budget"));
  EXPECT_NE(text.find("Paragraph 3 of a story"), std::string::npos) << text;
  EXPECT_EQ(text.find(junk), std::string::npos) << text;
}

// A standfirst set as a heading is a sentence of the article: kept even
// when a box left out follows it (a short heading then is not).
TEST(Issue16, SentenceInAHeadingIsArticleText) {
  const std::string standfirst =
      "Beim letzten Weltcuprennen schlug die Staffel alle Favoriten, und im Ziel jubelten zehntausend Menschen";
  std::string html = "<!DOCTYPE html><html><head><title>Staffel</title></head><body><article><h1>Staffel</h1>";
  for (int i = 0; i < 3; ++i)
    html += "<p>Paragraph " + std::to_string(i) +
            " of a story long enough to read as an article, with commas, clauses, and the words a reporter "
            "uses when the council meets, the river rises, and the town waits for news.</p>";
  html += "<h2>" + standfirst + "</h2><div class='share'>Share this story on the networks</div>";
  html += "<h2>Short heading</h2><div class='share'>Share this story with your friends</div>";
  html += "<p>Paragraph 3 of a story long enough to read as an article, with commas, clauses, and the words a "
          "reporter uses when the council meets, the river rises, and the town waits for news.</p>";
  html += "</article></body></html>";
  const std::string text = joined(extract_page(html, "https://a.example/staffel"));
  EXPECT_NE(text.find(standfirst), std::string::npos) << text;
  EXPECT_EQ(text.find("Short heading"), std::string::npos) << text;
  EXPECT_NE(text.find("Paragraph 3 of a story"), std::string::npos) << text;
}

// Boxes inside the article's own element, named as sites name them (the
// class and id words trafilatura discards too): none is article text.
TEST(Issue16, BoxesInsideTheArticleNamedAsBoilerplate) {
  struct Case {
    const char* box;
    const char* junk;
  } cases[] = {
      {"<div id='mc_embed_signup'><div id='mc_embed_signup_scroll'><h2>Get the Valley newsletter</h2></div></div>",
       "Get the Valley newsletter"},
      {"<div class='c-newsletterform'><p>Never miss the latest news by signing up today</p></div>",
       "Never miss the latest news"},
      {"<p class='article-reading-time'>11 minutes of reading</p>", "11 minutes of reading"},
      {"<div class='alice-affiliate-info'><p>For links on this page the site may earn a commission.</p></div>",
       "may earn a commission"},
      {"<div class='entry-crumbs'><a href='/'>Home</a> &raquo; <a href='/news'>News</a> &raquo; Budget</div>",
       "Home"},
      {"<div class='entry-utility'>This entry was posted in News. Bookmark the permalink.</div>",
       "This entry was posted"},
      {"<div class='c-letters-cta'><p class='c-letters-cta__text'>We want to hear what you think about this "
       "article.</p></div>",
       "We want to hear what you think"},
      {"<div class='textwidget'><p>Three locals comment on what they saw at the meeting</p></div>",
       "Three locals comment"},
      {"<div class='js-cookiehint'><p>This site uses cookies to make it work better for you.</p></div>",
       "uses cookies"},
      {"<div class='morerelated'><p>Council approves a second bridge over the river</p></div>",
       "second bridge"},
  };
  for (const Case& c : cases) expect_left_out_of_article(c.box, c.junk);
}

// Lines every site repeats inside its articles, recognised by what they say:
// copyright notices that do not start with their sign, picture credits and
// source lines, reading times, comment prompts, headings of "more on this"
// boxes.
TEST(Issue16, ChromeLinesInsideTheArticle) {
  struct Case {
    const char* box;
    const char* junk;
  } cases[] = {
      {"<p>\xC2\xA9 Example Verlag 2019. Vervielf\xC3\xA4ltigung nur mit Genehmigung</p>", "Vervielf"},
      {"<p>Example Media Group. All rights reserved.</p>", "All rights reserved"},
      {"<p>Foto: dpa / Marco Example</p>", "Marco Example"},
      {"<p>Credit: Example Images</p>", "Example Images"},
      {"<p>Quelle: Landesregierung</p>", "Landesregierung"},
      {"<div>4 Min Read</div>", "Min Read"},
      {"<p>11 minut czytania</p>", "czytania"},
      {"<h3>Kommentare schreiben</h3>", "Kommentare"},
      {"<p>Comments are closed.</p>", "Comments are closed"},
      {"<h2>Mehr zum Thema</h2>", "Mehr zum Thema"},
      {"<h3>Zobacz r\xC3\xB3wnie\xC5\xBC</h3>", "Zobacz"},
      {"<h3>You may also like</h3>", "also like"},
      {"<h3>Czytaj tak\xC5\xBC" "e</h3>", "Czytaj"},
      {"<p>\xC5\xB9r\xC3\xB3" "d\xC5\x82o: Pixabay</p>", "Pixabay"},
  };
  for (const Case& c : cases) expect_left_out_of_article(c.box, c.junk);
}

// Whole pages (tests/fixtures/web/main_text/), one way a page puts its
// article that misled the extraction each: what must be article text and
// what must not.
TEST(Issue16, MainTextOfPagesAsSitesBuildThem) {
  struct Case {
    const char* file;
    std::vector<std::string> kept;
    std::vector<std::string> left_out;
  } cases[] = {
      // No box reads as the article, so the body is chosen; the wrapper that
      // holds the menu and the article is no link box.
      {"wrapper_with_menu_and_article.html",
       {"Before the second round of wage talks", "Several hundred people want to meet",
        "The employers have not made an offer yet"},
       {"Section number 3 of the site"}},
      // Headings of the boxes under an article and the prompts of its
      // comment and sharing boxes, as whole lines.
      {"boxes_under_the_article.html",
       {"Die Forscherinnen haben", "Weitere Messungen sollen im n\xC3\xA4" "chsten Jahr folgen"},
       {"\xC3\x9C" "ber den Autor", "Kontakt", "Originalpublikation", "Schon gelesen", "Ist dieser Beitrag hilfreich"}},
      // Sections whose ids are their headings' slugs ("sharing-with-a-single-
      // developer") are not named share or related boxes; a named box still is.
      {"sections_with_heading_ids.html",
       {"The simplest case is one developer", "The key is to keep the changes in draft phase",
        "When several changes belong together"},
       {"We use cookies"}},
      // A recipe's ingredients in a box of their own before the steps, the
      // ingredients linked to a shop.
      {"recipe_ingredients_apart.html",
       {"250 g soft butter", "2 unwaxed lemons", "Beat the butter with the sugar"},
       {"All recipes tested"}},
      // A paywall's prompts at the end of a story's teaser.
      {"paywall_prompts.html",
       {"Most of the island's schools opened again", "Teachers spent the weekend clearing mud"},
       {"Subscribe now", "already a subscriber", "download our apps"}},
      // A post whose class list also has a sharing word ("entry themeform
      // share") is the post; its comments are still left out.
      {"post_named_share.html",
       {"Die Bahn streicht den Zutritt", "Zugleich wird der Bereich"},
       {"Ich fahre seit Jahren", "jemand, ob das auch"}},
      // A standfirst under the headline, a picture and a byline between it
      // and the body's box.
      {"standfirst_above_picture.html",
       {"Oil forms over millions of years", "The Babylonians already knew oil"},
       {"Oil pumps at sunset", "Home"}},
      // A page too short to read as an article keeps its text, but not the
      // lines every page repeats.
      {"short_post_with_chrome.html",
       {"Kapitel 121 ist nun auch online"},
       {"Kommentare schreiben", "einloggen", "Alle Rechte vorbehalten"}},
      // Date lines with their labels are chrome; the headline above one stays.
      {"labelled_date_lines.html",
       {"Vorverkauf f\xC3\xBCr die Heimspiele gestartet", "Wer keine Dauerkarte hat"},
       {"2. Februar 2022", "Zuletzt aktualisiert"}},
      // A slideshow's controls and a comment box's loading line.
      {"slideshow_controls.html",
       {"A photo from the contest", "What can we learn from this"},
       {"Previous", "Next", "Loading comments"}},
      // An advertisement's marker line and a credit in parentheses.
      {"ad_markers_and_credits.html",
       {"Die Stadt hat das Gel\xC3\xA4nde", "Viele der Menschen"},
       {"Anzeige", "Stadtarchiv"}},
      // A cookie notice and a liability disclaimer inside the article's box.
      {"cookie_notice_in_article.html",
       {"Die Betriebe m\xC3\xBCssen die Nachweise kontrollieren"},
       {"Verwendung von Cookies", "ohne Gew\xC3\xA4hr"}},
      // A like widget's template left unfilled in the saved page.
      {"unfilled_widget_template.html", {"most monsters move out within a week"}, {"bloggers like this"}},
      // The headline at the top of the article's box is its title, a field of
      // its own, not the first paragraph of the body.
      {"headline_inside_the_article.html", {"The first boat since the storm", "Islanders had relied"},
       {"outer islands resumes"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const std::string text =
        joined(extract_page(fixture(std::string("main_text/") + c.file), "https://news.example/story"));
    for (const std::string& k : c.kept) EXPECT_NE(text.find(k), std::string::npos) << k << "\n" << text;
    for (const std::string& l : c.left_out) EXPECT_EQ(text.find(l), std::string::npos) << l << "\n" << text;
  }
}

TEST(Issue16, LanguageAndCanonicalUrl) {
  const WebPage page = extract_page(
      page_with("<link rel='canonical' href='../story?id=7#top'><meta property='og:locale' content='de_CH'>", ""),
      "https://news.example/a/b/page.html");
  EXPECT_EQ(page.canonical_url, "https://news.example/a/story?id=7");
  EXPECT_EQ(page.language, "de-CH");
}

TEST(Issue16, ResolvesLinks) {
  struct Case {
    const char* base;
    const char* href;
    const char* resolved;
  } cases[] = {
      {"https://a.example/x/y.html", "z.html", "https://a.example/x/z.html"},
      {"https://a.example/x/y.html", "/z", "https://a.example/z"},
      {"https://a.example/x/y.html", "//cdn.example/z", "https://cdn.example/z"},
      {"https://a.example/x/y.html", "../../z", "https://a.example/z"},
      {"https://a.example/x/y.html?q=1", "?p=2", "https://a.example/x/y.html?p=2"},
      {"https://a.example/x/", "HTTP://B.example/Z#frag", "http://B.example/Z"},
      {"https://a.example/x/", "javascript:void(0)", ""},
      {"https://a.example/x/", "mailto:a@b.example", ""},
      {"https://a.example/x/", "#top", ""},
      {"", "relative.html", ""},
      // Issue 16 (found by web_page_fuzzer): one slash after a special scheme.
      {"https://a.example/x/y.html", "https:/2023/z", "https://a.example/2023/z"},
      {"https://a.example/x/y.html", "https:z", "https://a.example/x/z"},
      {"http://a.example/x/y.html", "https:/b.example/z", "https://b.example/z"},
      {"http://a.example/x/y.html", "https:", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(resolve_url(c.base, c.href), c.resolved) << c.base << " + " << c.href;
}

TEST(Issue16, ReadsDatesAsPagesWriteThem) {
  struct Case {
    const char* text;
    bool month_first;
    const char* iso;  // empty: none
  } cases[] = {
      {"Published in Dawn, April 12th, 2023", false, "2023-04-12"},
      {"Updated 29 May, 2024", false, "2024-05-29"},
      {"29. Mai 2024", false, "2024-05-29"},
      {"1er juin 2024", false, "2024-06-01"},
      {"29 de mayo de 2024", false, "2024-05-29"},
      {"3 października 2021", false, "2021-10-03"},
      {"Stand: 29.05.2024, 10:27 Uhr", false, "2024-05-29"},
      {"29.05.24", false, "2024-05-29"},
      {"05/06/2024", false, "2024-06-05"},
      {"05/06/2024", true, "2024-05-06"},
      {"2024/05/29", false, "2024-05-29"},
      {"2024年5月29日", false, "2024-05-29"},
      {"31.02.2024", false, ""},
      {"May 2024", false, ""},
      {"version 1.2.3", false, ""},
  };
  for (const Case& c : cases) EXPECT_EQ(first_date(c.text, c.month_first).value_or(""), c.iso) << c.text;
  EXPECT_EQ(date_in_url("https://a.example/2024/05/29/story").value_or(""), "2024-05-29");
  EXPECT_EQ(date_in_url("https://a.example/news/20240529-story").value_or(""), "2024-05-29");
  EXPECT_EQ(date_in_url("https://a.example/story?id=20240529").value_or(""), "");
  EXPECT_EQ(date_in_url("https://a.example/2024/05/story").value_or(""), "");
  EXPECT_TRUE(plausible_date("2024-05-29", "2024-06-01"));
  EXPECT_TRUE(plausible_date("2024-06-02", "2024-06-01"));  // a time zone ahead
  EXPECT_FALSE(plausible_date("2024-06-03", "2024-06-01"));
  EXPECT_FALSE(plausible_date("1994-12-31", "2024-06-01"));
}

// One page per way sites show (or hide) their date, tests/fixtures/web/dates/.
TEST(Issue16, DatesAsSitesShowThem) {
  struct Case {
    const char* file;
    const char* url;  // empty: a file saved without its address
    const char* date;
  } cases[] = {
      {"article_footer_box.html", "https://a.example/wm", "2022-02-01"},
      {"aside_info_box_in_article.html", "https://a.example/cad", "2017-01-12"},
      {"canonical_url_date.html", "", "2021-07-15"},
      {"cyrillic_month.html", "https://a.example/podolski", "2016-08-15"},
      {"date_lines_in_reading_order.html", "https://a.example/kreissaege", "2022-01-21"},
      {"date_only_in_prose.html", "https://a.example/hours", "2020-01-14"},
      {"date_widget_against_time.html", "https://a.example/towels", "2015-09-17"},
      {"dateline_opens_paragraph.html", "https://a.example/gedenken", "2022-01-27"},
      {"hatom_title.html", "https://a.example/mozart", "2013-04-04"},
      {"jsonld_webpage_only.html", "https://a.example/how", "2014-03-17"},
      {"marked_dates_of_a_list.html", "https://a.example/tennis", "2022-02-04"},
      {"marked_prose_is_no_date_line.html", "https://a.example/volksbegehren", "2019-11-17"},
      // A no-break space in a datetime attribute once stalled the date reader (the fuzzer found it).
      {"nbsp_in_datetime.html", "https://a.example/squad", "2024-05-29"},
      {"markup_date_not_shown.html", "https://a.example/vanlife", "2022-01-06"},
      {"markup_date_shown_day_month_swapped.html", "https://a.example/roller", "2021-11-01"},
      {"originally_published_elsewhere.html", "https://a.example/literally", "2015-02-24"},
      {"prose_mentions_dates.html", "https://a.example/plan", "2021-10-11"},
      {"published_word_after_date.html", "https://a.example/cyber", "2011-12-03"},
      {"script_state_date.html", "https://a.example/sidamo", "2019-03-02"},
      {"shareaholic_meta.html", "https://a.example/wie", "2014-03-17"},
      {"sidebar_box_in_article_element.html", "https://a.example/ruster", "2022-01-28"},
      {"social_embed_date.html", "https://a.example/desktop", "2020-02-03"},
      {"updated_line_after_original.html", "https://a.example/vote", "2024-12-06"},
      {"url_day_first.html", "https://a.example/meldungen/29-10-2021", "2021-10-29"},
      {"utc_timestamp_day_shown.html", "https://a.example/abstimmung", "2019-10-19"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    EXPECT_EQ(extract_page(fixture(std::string("dates/") + c.file), c.url).date, c.date);
  }
}

// Hostile markup: bounded time and memory, the text that can be read is.
TEST(Issue16, HostileMarkup) {
  {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    deep += "<p>Text at the bottom of a hundred thousand nested elements.</p>";
    const WebPage page = extract_page(deep, "");
    EXPECT_NE(joined(page).find("Text at the bottom"), std::string::npos);
  }
  {
    std::string nested_inline;
    for (int i = 0; i < 50000; ++i) nested_inline += "<b><i>";
    nested_inline += "<p>Deep formatting ends here.";
    EXPECT_NE(joined(extract_page(nested_inline, "")).find("Deep formatting ends here."), std::string::npos);
  }
  {
    const std::string nul("<p>nul\0byte</p>", 15);
    const std::string html = "<p>before</p><script>var s = \"</div><p>not text</p>\";</script>" + nul +
                             "<b><i><p>mis</b>nested</i></p><table><tr><td>cell<p>para</table>";
    const std::string text = joined(extract_page(html, ""));
    EXPECT_EQ(text.find("not text"), std::string::npos) << text;
    EXPECT_NE(text.find("nulbyte"), std::string::npos) << text;
    EXPECT_NE(text.find("mis"), std::string::npos) << text;
    EXPECT_NE(text.find("nested"), std::string::npos) << text;
    EXPECT_NE(text.find("cell"), std::string::npos) << text;
  }
  {
    // More nodes than the parse budget: the beginning is read and the page says so.
    std::string big = "<html><body>";
    for (int i = 0; i < 120000; ++i) big += "<p>Paragraph <a href='/x'>link</a> " + std::to_string(i) + ".</p>";
    const Dom dom = Dom::parse(big, 100000);
    EXPECT_TRUE(dom.truncated());
    EXPECT_LE(dom.size(), 100100u);
    // 480,000 nodes: past the default budget too.
    const WebPage page = extract_page(big, "");
    EXPECT_TRUE(page.truncated);
    EXPECT_NE(joined(page).find("Paragraph link 0."), std::string::npos);
  }
  for (const std::string& html : {std::string(), std::string("\0\0\0", 3), std::string("<"), std::string("</p></p>"),
                                 std::string("<html><body></body></html>"), std::string("\xff\xfe<p>x")}) {
    const WebPage page = extract_page(html, "not a url");
    EXPECT_FALSE(page.is_article);
  }
}

// Found by indexing saved pages (qa-input): pages written in windows-1252
// spell its quotes and dashes as &#132;, &#147; or &#150;, which HTML5 reads
// as windows-1252 and libxml2 as C1 controls, so that „Haus“ became
// "\u0084Haus\u0093" in titles, text and snippets. Entities are decoded once.
TEST(QaInput, C1CharacterReferencesAreReadAsWindows1252) {
  struct Case {
    const char* markup;
    const char* text;  // as the title and the paragraph must read
  };
  const Case cases[] = {
      {"&#132;Haus&#147; am See", "\xE2\x80\x9EHaus\xE2\x80\x9C am See"},
      {"Berlin &#150; Hamburg &#x97; Bonn", "Berlin \xE2\x80\x93 Hamburg \xE2\x80\x94 Bonn"},
      {"&#128;5 &#153; &#x8A;koda", "\xE2\x82\xAC" "5 \xE2\x84\xA2 \xC5\xA0koda"},
      {"Ben &amp;amp; Jerry &#38;lt;", "Ben &amp; Jerry &lt;"},  // once, not twice
      {"caf&eacute; &#233; &#xE9;", "caf\xC3\xA9 \xC3\xA9 \xC3\xA9"},
  };
  for (const Case& c : cases) {
    const std::string sentence =
        " is what the sign on the old boathouse said, and the village kept it that way for a century.";
    const std::string html = std::string("<html><head><title>") + c.markup + "</title><meta property=\"og:title\" content=\"" +
                             c.markup + "\"></head><body><article><p>" + c.markup + sentence + "</p></article></body></html>";
    const WebPage page = extract_page(html, "https://news.example/a");
    EXPECT_EQ(page.title, c.text) << c.markup;
    EXPECT_NE(joined(page).find(std::string(c.text) + sentence), std::string::npos) << c.markup << "\n" << joined(page);
  }
}

// Found by indexing html_dates (qa-input): a page opening its body with
// <noscript><div id="mms_nojava"></noscript> lost all its text ("no text to
// index"): libxml2 ignores a </noscript> while a <div> in it is open, so the
// rest of the page lay inside the noscript, which is never text. Browsers
// read a noscript's content as text up to its </noscript>.
TEST(QaInput, UnclosedElementInNoscriptDoesNotSwallowThePage) {
  const std::string article =
      "<p>The marsican bear population reached a record in the park this year, with many cubs seen by the "
      "rangers in the spring and the summer months of the year.</p><p>The wolves and chamois of the national "
      "park are counted by the same rangers each year, on foot and from the ridges.</p>";
  struct Case {
    const char* name;
    std::string html;
    const char* absent;  // text that must not be in the article
  };
  const Case cases[] = {
      {"open div in noscript", "<body><noscript><div id=\"nojs\"></noscript><div id=\"main\">" + article + "</div></body>", ""},
      {"upper case, with text", "<body><NOSCRIPT><div><p>Please enable JavaScript to read on.</p></NOSCRIPT><article>" + article +
           "</article></body>", "enable JavaScript"},
      {"two noscripts", "<body><noscript><div></noscript><noscript><span></noscript><div>" + article + "</div></body>", ""},
      {"noscript in head", "<head><noscript><img src=\"/px.gif\"></noscript></head><body>" + article + "</body>", ""},
      {"noscript in a script string", "<body><script>var s = \"<noscript>\";</script><div>" + article + "</div></body>", ""},
      {"noscript in a comment", "<body><!-- <noscript><div> --><div>" + article + "</div></body>", ""},
  };
  for (const Case& c : cases) {
    const std::string html = "<html><head><title>Bears</title>" + c.html + "</html>";
    const std::string text = joined(extract_page(html, "https://park.example/bears"));
    EXPECT_NE(text.find("marsican bear population"), std::string::npos) << c.name << "\n" << text;
    EXPECT_NE(text.find("counted by the same rangers"), std::string::npos) << c.name << "\n" << text;
    if (*c.absent) {
      EXPECT_EQ(text.find(c.absent), std::string::npos) << c.name << "\n" << text;
    }
  }
}

// Found by indexing html_dates (qa-input): a page whose menu button held a
// <div> opened by mistake (<button><div></button>) lost all its text: libxml2
// ignores that </button>, so the rest of the page lay inside the button, a
// control, never text. A control cannot hold a page's headings and
// paragraphs: one that does swallowed them.
TEST(QaInput, ControlLeftOpenDoesNotSwallowThePage) {
  std::string article = "<h1>Bears return to the valley</h1>";
  for (int i = 0; i < 30; ++i)
    article += "<p>The marsican bear population reached a record in the park, paragraph " + std::to_string(i) +
               ", with cubs seen by the rangers in the spring.</p>";
  struct Case {
    const char* name;
    std::string open;  // markup before the article that leaves a control open
  };
  const Case cases[] = {
      {"button", "<header><button class=\"menu-button\"><div class=\"inner\"><span>Menu</span><div></button></header>"},
      {"select", "<form><select name=\"s\"><option>One</option><div></select></form>"},
      {"textarea", "<div><textarea><div></textarea></div>"},
  };
  for (const Case& c : cases) {
    const std::string html = "<html><head><title>Bears</title></head><body>" + c.open + "<main><article>" + article +
                             "</article></main></body></html>";
    const std::string text = joined(extract_page(html, "https://park.example/bears"));
    EXPECT_NE(text.find("paragraph 0, with cubs"), std::string::npos) << c.name << "\n" << text;
    EXPECT_NE(text.find("paragraph 29, with cubs"), std::string::npos) << c.name << "\n" << text;
  }
  // A real button, with a heading and words, stays a control: never text.
  const std::string page = "<html><body><button><h2>Subscribe to our newsletter now</h2></button><article>" + article +
                           "</article></body></html>";
  EXPECT_EQ(joined(extract_page(page, "https://park.example/bears")).find("Subscribe"), std::string::npos);
}

// Found by indexing html_dates (qa-input): 31 titles and authors of the
// three HTML sets read "Glasgow&#8217;s", "Olive &#038; Herb" or "Lindsey
// O&#039;Donnell": sites HTML-escape their JSON-LD strings, which no HTML
// parser decodes. Decoded once: "&amp;amp;" is "&amp;".
TEST(QaInput, JsonLdTextIsDecodedOnce) {
  struct Case {
    const char* written;  // as the JSON-LD string holds it
    const char* read;
  };
  const Case cases[] = {
      {"Glasgow&#8217;s Latin American delight", "Glasgow\xE2\x80\x99s Latin American delight"},
      {"Olive &#038; Herb &amp; Garlic", "Olive & Herb & Garlic"},
      {"Ladensterben &raquo; dramatisch &ndash; wieder", "Ladensterben \xC2\xBB dramatisch \xE2\x80\x93 wieder"},
      {"Wohngew&#x00E4;chshaus&#x20;bauen", "Wohngew\xC3\xA4" "chshaus bauen"},
      {"&#8222;EA FC&#8220; &#150; neu", "\xE2\x80\x9E" "EA FC\xE2\x80\x9C \xE2\x80\x93 neu"},
      {"Ben &amp;amp; Jerry, AT&T & R&D; &bogus; &#xZZ;", "Ben &amp; Jerry, AT&T & R&D; &bogus; &#xZZ;"},
  };
  for (const Case& c : cases) {
    const std::string html =
        std::string("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"") +
        c.written + "\",\"author\":{\"@type\":\"Person\",\"name\":\"Lindsey O&#039;Donnell\"}}</script></head><body>"
        "<article><p>The story of the day is told in this paragraph, which is long enough to be the article of the "
        "page and to be read as such by the extractor.</p></article></body></html>";
    const WebPage page = extract_page(html, "https://news.example/story");
    EXPECT_EQ(page.title, c.read) << c.written;
    ASSERT_EQ(page.authors.size(), 1u) << c.written;
    EXPECT_EQ(page.authors[0], "Lindsey O'Donnell") << c.written;
  }
}

// Yoast (WordPress) writes the author as a reference to a Person node of the
// @graph: 262 of the 1,790 pages of html_dates and html_trafilatura_eval do,
// and 40 of those had no author or a byline's debris ("8. November 2021").
TEST(WebQa, JsonLdAuthorReferencesAreResolved) {
  struct Case {
    const char* name;
    std::string author;  // the article's "author" value
    std::string graph;   // further @graph nodes
    std::vector<std::string> authors;
  };
  const std::string person = R"({"@type":"Person","@id":"https://n.example/#/schema/person/1","name":"Amina Yusuf"})";
  const std::string person2 = R"({"@type":"Person","@id":"https://n.example/#/schema/person/2","name":"Omar Khan"})";
  const std::string login = R"({"@type":"Person","@id":"https://n.example/#/schema/person/3","name":"admin"})";
  const Case cases[] = {
      {"one reference", R"({"@id":"https://n.example/#/schema/person/1"})", "," + person, {"Amina Yusuf"}},
      {"the Person before the article", R"({"@id":"https://n.example/#/schema/person/1"})", "," + person, {"Amina Yusuf"}},
      {"a list of references", R"([{"@id":"https://n.example/#/schema/person/1"},{"@id":"https://n.example/#/schema/person/2"}])",
       "," + person + "," + person2, {"Amina Yusuf", "Omar Khan"}},
      {"an account name: the byline instead", R"({"@id":"https://n.example/#/schema/person/3"})", "," + login, {"Sara Lee"}},
      {"a reference to nothing: the byline", R"({"@id":"https://n.example/#/schema/person/9"})", "," + person, {"Sara Lee"}},
  };
  for (const Case& c : cases) {
    const std::string article = R"({"@type":"NewsArticle","headline":"Embankment to be raised","author":)" + c.author + "}";
    const std::string graph = std::string(c.name) == "the Person before the article" ? c.graph.substr(1) + "," + article
                                                                                       : article + c.graph;
    const std::string html =
        R"(<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[)" + graph +
        "]}</script></head><body><article><h1>Embankment to be raised</h1><p class=\"byline\">By Sara Lee</p>"
        "<p>The river board said on Tuesday that the embankment near the old mill would be raised by two metres "
        "before the monsoon, after the floods of last year cut the valley road for nine days.</p></article></body></html>";
    const WebPage page = extract_page(html, "https://n.example/embankment");
    EXPECT_EQ(page.authors, c.authors) << c.name;
  }
}

// One byline naming several people is several authors (each one a value of
// the author field, as a JSON-LD list gives them); names of one body stay whole.
TEST(WebQa, BylineOfSeveralPeopleIsSeveralAuthors) {
  struct Case {
    std::string head;  // a meta tag, or empty
    std::string byline;
    std::vector<std::string> authors;
  };
  const Case cases[] = {
      {"", "By Amina Yusuf and Omar Khan", {"Amina Yusuf", "Omar Khan"}},
      {"", "Isabel Caro, Rocío Latorre y José Miguel Wilson", {"Isabel Caro", "Rocío Latorre", "José Miguel Wilson"}},
      {"", "Von Lars Fischer und Alina Schadwinkel", {"Lars Fischer", "Alina Schadwinkel"}},
      {R"(<meta name="author" content="Stella Kim and Jennifer Jett">)", "", {"Stella Kim", "Jennifer Jett"}},
      {"", "By Ana de Souza & Ludwig van Dam", {"Ana de Souza", "Ludwig van Dam"}},
      // Not several people.
      {"", "Reuters and AFP", {"Reuters and AFP"}},
      {"", "Guardian staff and agencies", {"Guardian staff and agencies"}},
      {R"(<meta name="author" content="Jong, Michiel de">)", "", {"Jong, Michiel de"}},
      {"", "Bayerische Landesanstalt für Wald und Forstwirtschaft - LWF",
       {"Bayerische Landesanstalt für Wald und Forstwirtschaft - LWF"}},
      {"", "Mac & i", {"Mac & i"}},
  };
  for (const Case& c : cases) {
    const std::string html =
        "<html><head>" + c.head + "</head><body><article><h1>Embankment to be raised</h1>" +
        (c.byline.empty() ? "" : "<p class=\"byline\">" + c.byline + "</p>") +
        "<p>The river board said on Tuesday that the embankment near the old mill would be raised by two metres "
        "before the monsoon, after the floods of last year cut the valley road for nine days.</p></article></body></html>";
    const WebPage page = extract_page(html, "https://n.example/embankment");
    EXPECT_EQ(page.authors, c.authors) << c.head << c.byline;
  }
}

// web-meta: the title, authors and date as pages mark them up, each rule a
// table of small pages written for it.

// An article page with the given head and a byline (a <p class="byline">,
// or nothing) over the same prose.
std::string bylined_page(const std::string& head, const std::string& byline) {
  return "<html><head>" + head + "</head><body><article><h1>Embankment to be raised</h1>" +
         (byline.empty() ? "" : "<p class=\"byline\">" + byline + "</p>") +
         "<p>The river board said on Tuesday that the embankment near the old mill would be raised by two metres "
         "before the monsoon, after the floods of last year cut the valley road for nine days.</p></article></body></html>";
}

// XHTML-era pages wrap a script in CDATA or a comment (behind "//" or not);
// the JSON-LD inside is the page's all the same.
TEST(WebMeta, JsonLdWrappedInCdataOrACommentIsRead) {
  const std::string ld = R"({"@type":"NewsArticle","headline":"Ferry timetable changes","datePublished":"2021-03-04T08:00:00+01:00",)"
                         R"("author":{"@type":"Person","name":"Ines Duarte"}})";
  const std::string wrappings[] = {
      ld,
      "<![CDATA[" + ld + "]]>",
      "\n  <![CDATA[\n" + ld + "\n  ]]>\n",
      "//<![CDATA[\n" + ld + "\n//]]>",
      "<!--\n" + ld + "\n-->",
  };
  for (const std::string& script : wrappings) {
    const WebPage page =
        extract_page(bylined_page("<title>Timetables</title><script type=\"application/ld+json\">" + script + "</script>", ""),
                     "https://n.example/ferry");
    EXPECT_EQ(page.title, "Ferry timetable changes") << script;
    EXPECT_EQ(page.date, "2021-03-04") << script;
    EXPECT_EQ(page.authors, std::vector<std::string>{"Ines Duarte"}) << script;
  }
}

// Wikipedia's JSON-LD headline is a description ("island country in the
// South Pacific"); the object's name is what the <title> and <h1> show.
TEST(WebMeta, JsonLdHeadlineNobodyRepeatsYieldsToTheNameThatIsShown) {
  struct Case {
    const char* name;
    std::string ld;     // the article object's headline and name
    std::string title;  // <title>
    std::string h1;
    const char* expected;
  };
  const Case cases[] = {
      {"a description as headline", R"("headline":"harbour town in the north","name":"Port Ellen")",
       "Port Ellen - Free Encyclopedia", "Port Ellen", "Port Ellen"},
      {"the name shown in the <h1> only", R"("headline":"harbour town in the north","name":"Port Ellen")", "Encyclopedia",
       "Port Ellen", "Port Ellen"},
      {"the headline shown: kept", R"("headline":"Ferry to Port Ellen cancelled","name":"ferry-cancelled")",
       "Ferry to Port Ellen cancelled | Islay News", "Ferry to Port Ellen cancelled", "Ferry to Port Ellen cancelled"},
      {"neither shown: the headline", R"("headline":"Ferry to Port Ellen cancelled","name":"Port Ellen")", "Islay News",
       "Weather", "Ferry to Port Ellen cancelled"},
  };
  for (const Case& c : cases) {
    const std::string head = "<title>" + c.title + "</title><script type=\"application/ld+json\">{\"@type\":\"Article\"," +
                             c.ld + "}</script>";
    const std::string html = "<html><head>" + head + "</head><body><article><h1>" + c.h1 +
                             "</h1><p>Port Ellen lies on the south coast of the island, where the ferry from the "
                             "mainland lands twice a day in summer and once in winter.</p></article></body></html>";
    EXPECT_EQ(extract_page(html, "https://w.example/wiki/Port_Ellen").title, c.expected) << c.name;
  }
}

// Several author tags: those of the most trusted that names a person, not
// all of them joined (a theme fills name=author with the publisher); RDFa
// lists of properties in one attribute; the site's own name yields to a
// person's from another source.
TEST(WebMeta, AuthorTagsAndTheSitesOwnName) {
  struct Case {
    const char* name;
    std::string head;
    std::string byline;
    std::vector<std::string> authors;
  };
  const std::string site = R"(<meta property="og:site_name" content="The Valley Post">)";
  const Case cases[] = {
      {"article:author over a publisher's name=author",
       R"(<meta name="author" content="Northshore Media Group"><meta property="article:author" content="Omar Khan">)", "",
       {"Omar Khan"}},
      {"DC.creator over name=author", R"(<meta name="author" content="Web Team"><meta name="DC.creator" content="Ada Moss">)",
       "", {"Ada Moss"}},
      {"a list of properties", R"(<meta property="dc:creator twitter:site_name" content="Ada Moss"><meta name="author" content="Web Team">)",
       "", {"Ada Moss"}},
      {"several tags of one kind are several authors",
       R"(<meta name="author" content="Ada Moss"><meta name="author" content="Omar Khan">)", "", {"Ada Moss", "Omar Khan"}},
      {"a link to a profile is no name",
       R"(<meta property="article:author" content="facebook.com/ada.moss"><meta name="author" content="Ada Moss">)", "",
       {"Ada Moss"}},
      {"the site's name: a person in a lower tag", site + R"(<meta name="DC.creator" content="The Valley Post"><meta name="author" content="Lena Park">)",
       "", {"Lena Park"}},
      {"the site's name: the byline's person", site + R"(<meta name="author" content="The Valley Post">)", "By Lena Park",
       {"Lena Park"}},
      {"JSON-LD's site: the meta tag's person",
       site + R"(<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"The Valley Post"}}</script>)"
              R"(<meta property="article:author" content="Lena Park">)",
       "", {"Lena Park"}},
      {"the site's name and no person: kept", site + R"(<meta name="author" content="The Valley Post">)", "",
       {"The Valley Post"}},
      {"a person's name with the site's is a person's", site + R"(<meta name="author" content="Lena Park, The Valley Post staff">)",
       "", {"Lena Park, The Valley Post staff"}},
  };
  for (const Case& c : cases) {
    const WebPage page = extract_page(bylined_page(c.head, c.byline), "https://www.valleypost.example/embankment");
    EXPECT_EQ(page.authors, c.authors) << c.name;
  }
}

// Bylines as pages print them: the name without the label, the date, the
// time or age and what describes the writer; a date line or a slogan in a
// byline box is no author.
TEST(WebMeta, BylinesAreCleanedToTheName) {
  struct Case {
    const char* byline;
    std::vector<std::string> authors;
  };
  const Case cases[] = {
      {"By Jane Roe May 20, 2019", {"Jane Roe"}},
      {"JANE ROE March 11, 2015 3:46 PM", {"JANE ROE"}},
      {"Jane Roe \xE2\x80\xA2 8h", {"Jane Roe"}},
      {"Jane Roe | 11 Jan 2019 | 4 min read", {"Jane Roe"}},
      {"Ale\xC5\xA1 V\xC3\xA1vra p\xC5\x99" "ed 2 hodinami", {"Ale\xC5\xA1 V\xC3\xA1vra"}},
      {"Posted on September 21, 2020 by Jane Roe", {"Jane Roe"}},
      {"Published by Jane Roe at 18:52", {"Jane Roe"}},
      {"Written by Rob Lane Edited by Kim Hart", {"Rob Lane"}},
      {"Author: Jane Roe", {"Jane Roe"}},
      {"Von: Anna Berg", {"Anna Berg"}},
      {"Ver\xC3\xB6" "ffentlicht am 8. Februar 2022 von Anna Berg", {"Anna Berg"}},
      {"Anna Berg am 08.12.2022", {"Anna Berg"}},
      {"Anna Berg, deutsche Journalistin und Autorin", {"Anna Berg"}},
      {"Anna Berg Quelle: dpa", {"Anna Berg"}},
      {"Jan Vos www.janvos.example", {"Jan Vos"}},
      {"Walter von Aachen", {"Walter von Aachen"}},
      {"Studio 90/Nord", {"Studio 90/Nord"}},
      // No name at all.
      {"Last updated: January 7, 2025", {}},
      {"Ver\xC3\xB6" "ffentlicht am 19.10.2019 um 14:34 Uhr", {}},
      {"12 June 2024", {}},
      {"Jetzt abonnieren!", {}},
      {"statista.com", {}},
  };
  for (const Case& c : cases) {
    const WebPage page = extract_page(bylined_page("", c.byline), "https://n.example/embankment");
    EXPECT_EQ(page.authors, c.authors) << c.byline;
  }
  // The box's own element for the writer's job is no part of the name.
  EXPECT_EQ(extract_page(bylined_page("", "<a href=\"/author/ben-roe\">Ben Roe</a> <span class=\"author-title\">Games "
                                          "Editor</span>"),
                         "https://n.example/embankment")
                .authors,
            std::vector<std::string>{"Ben Roe"});
  // An "authorization" box (sign-in links) is no byline.
  const WebPage page = extract_page(
      bylined_page("", "By Jane Roe").insert(std::string("<html><head></head><body>").size(),
                                             "<div id=\"authorization\">Sign In | Sign Up</div>"),
      "https://n.example/embankment");
  EXPECT_EQ(page.authors, std::vector<std::string>{"Jane Roe"});
}

// A story filed in the evening west of Greenwich: JSON-LD gives the moment
// in UTC (the next day), article:published_time the same moment with the
// publisher's offset; the publisher's day is the date.
TEST(WebMeta, TheSameMomentWithThePublishersOffsetGivesItsDay) {
  struct Case {
    const char* ld;    // JSON-LD datePublished
    const char* meta;  // article:published_time
    const char* date;
  };
  const Case cases[] = {
      {"2017-02-24T01:18:13Z", "2017-02-23T17:18:13-08:00", "2017-02-23"},
      {"2017-02-24T01:18:13+00:00", "2017-02-23T20:18:13-0500", "2017-02-23"},
      {"2017-02-23T22:30:00Z", "2017-02-24T00:30:00+02:00", "2017-02-24"},
      // Not the same moment, or no offset of its own: the JSON-LD day.
      {"2017-02-24T01:18:13Z", "2017-02-20T17:18:13-08:00", "2017-02-24"},
      {"2017-02-24T01:18:13Z", "2017-02-24T01:18:13Z", "2017-02-24"},
      {"2017-02-24T01:18:13Z", "2017-02-23", "2017-02-24"},
  };
  for (const Case& c : cases) {
    const std::string head = std::string("<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"") +
                             c.ld + "\"}</script><meta property=\"article:published_time\" content=\"" + c.meta + "\">";
    EXPECT_EQ(extract_page(bylined_page(head, ""), "https://n.example/embankment").date, c.date) << c.ld << " " << c.meta;
  }
}

// The indexer's workers parse pages side by side from its first page on. The
// parser's one-time setup must not be raced by them (stop 22's CI: a leak in
// libxml2's lazy initialisation when two workers started at once).
TEST(Issue16, PagesParsedOnManyThreadsFromTheFirstPageOn) {
  const std::string html = fixture("article_with_boilerplate.html");
  constexpr int kThreads = 8;
  std::atomic<int> ready{0};
  std::vector<std::string> text(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      text[t] = joined(extract_page(html, "https://www.courier.example/news/flood-barriers"));
    });
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_FALSE(text[t].empty()) << t;
    EXPECT_EQ(text[t], text[0]) << t;
  }
}

}  // namespace
}  // namespace quarry::web
