// The search page of quarry-serve in a real browser (issue 19): headless
// Chromium loads /?q=… against a test database, and the DOM it rendered is
// checked: titles in the API's order, <mark> highlights, paging, the whole
// document; and an index string holding <script> and <img onerror> is shown
// as text and runs nothing. Skips, loudly, where Chromium is not installed.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.h"
#include "server_process.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;
using quarry::test::ServerProcess;

class Page : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!chromium_found()) return;
    std::string pattern = (fs::temp_directory_path() / "quarry-page-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    const std::string db = dir_ + "/db";
    const CliRun indexed = quarry::test::run_cli(
        QUARRY_INDEX_BIN, {"-q", "-d", db, std::string(QUARRY_FIXTURES_DIR) + "/server/records.jsonl"}, dir_);
    ASSERT_EQ(indexed.status, 0) << indexed.err;
    server_ = new ServerProcess(QUARRY_SERVE_BIN, {"-d", db, "--access-log"}, dir_ + "/server.log");
    // Issue 17's stories (a misspelt name, an updated copy, a wire copy) with
    // the fixture: sections, months and words to narrow.
    const std::string stories_db = dir_ + "/stories";
    const CliRun stories = quarry::test::run_cli(
        QUARRY_INDEX_BIN,
        {"-q", "-d", stories_db, std::string(QUARRY_FIXTURES_DIR) + "/stories.jsonl",
         std::string(QUARRY_FIXTURES_DIR) + "/server/records.jsonl"},
        dir_);
    ASSERT_EQ(stories.status, 0) << stories.err;
    stories_ = new ServerProcess(QUARRY_SERVE_BIN, {"-d", stories_db}, dir_ + "/stories.log");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete stories_;
    stories_ = nullptr;
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!chromium_found()) {
      std::cerr << "\n*** SKIPPED: Chromium (" << QUARRY_CHROMIUM_BIN
                << ") is not installed; the search page was NOT tested in a browser. "
                   "scripts/install-deps installs it (Debian package chromium). ***\n\n";
      GTEST_SKIP() << "Chromium is not installed";
    }
  }

  static bool chromium_found() { return std::string(QUARRY_CHROMIUM_BIN).size() && access(QUARRY_CHROMIUM_BIN, X_OK) == 0; }

  // The DOM after the page has run: fetched its answer and rendered it.
  static std::string rendered(const std::string& path_and_query, const ServerProcess* server = server_) {
    return rendered_url("http://127.0.0.1:" + std::to_string(server->port()) + path_and_query);
  }
  static std::string rendered_url(const std::string& address) {
    const std::string profile = dir_ + "/profile" + std::to_string(++runs_);
    const CliRun r = quarry::test::run_cli(
        QUARRY_CHROMIUM_BIN,
        {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", address},
        dir_, 120);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  }

  static json api(const std::string& path, const ServerProcess* server = server_) {
    httplib::Client client("127.0.0.1", server->port());
    const httplib::Result res = client.Get(path.c_str());
    EXPECT_TRUE(res && res->status == 200);
    return res ? json::parse(res->body) : json();
  }

  static std::vector<std::string> all(const std::string& text, const std::string& pattern) {
    std::vector<std::string> out;
    const std::regex re(pattern);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it)
      out.push_back((*it)[1]);
    return out;
  }

  // The text of each hit's title link, its highlight marks taken away.
  static std::vector<std::string> titles_of(const std::string& page) {
    std::vector<std::string> out;
    for (std::string title : all(page, "<h2><a href=\"[^\"]*\"[^>]*>(.*?)</a></h2>"))
      out.push_back(std::regex_replace(title, std::regex("</?(mark|span)[^>]*>"), ""));
    return out;
  }

  static std::string dir_;
  static ServerProcess* server_;
  static ServerProcess* stories_;
  static int runs_;
};

std::string Page::dir_;
ServerProcess* Page::server_ = nullptr;
ServerProcess* Page::stories_ = nullptr;
int Page::runs_ = 0;

// The text a browser would show for a string inserted as text, as the DOM
// serialiser writes it.
std::string as_text(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

TEST_F(Page, Issue19ShowsTheHitsTitlesMarksAndPages) {
  const json first = api("/api/search?q=monsoon&limit=10");
  const json second = api("/api/search?q=monsoon&limit=10&offset=10");
  ASSERT_EQ(first["hits"].size(), 10u);
  ASSERT_EQ(second["hits"].size(), 10u);

  const std::string page1 = rendered("/?q=monsoon");
  std::vector<std::string> titles = titles_of(page1);
  ASSERT_EQ(titles.size(), 10u) << page1;
  for (std::size_t i = 0; i < titles.size(); ++i) EXPECT_EQ(titles[i], as_text(first["hits"][i]["title"])) << i;
  const std::vector<std::string> marks = all(page1, "<mark>([^<]*)</mark>");
  ASSERT_GE(marks.size(), 10u);
  for (const std::string& mark : marks) EXPECT_TRUE(mark == "monsoon" || mark == "Monsoon") << mark;  // snippets and titles
  EXPECT_NE(page1.find("<title>monsoon – Quarry</title>"), std::string::npos);
  EXPECT_NE(page1.find("href=\"/?q=monsoon&amp;offset=10\" class=\"next\""), std::string::npos) << page1;
  EXPECT_EQ(page1.find("class=\"prev\""), std::string::npos);
  EXPECT_NE(page1.find("Results 1–10 of 25"), std::string::npos) << page1;  // facets count exactly
  // Facets, each value a link that drills down with its filter.
  EXPECT_NE(page1.find("<h3>section</h3>"), std::string::npos) << page1;
  EXPECT_NE(page1.find("<a href=\"/?q=monsoon+section%3APakistan\" class=\"\">Pakistan<span class=\"count\">6</span></a>"),
            std::string::npos) << page1;
  EXPECT_NE(page1.find("<a href=\"/?q=monsoon+date%3A2025-06\" class=\"\">2025-06<span class=\"count\">"),
            std::string::npos) << page1;
  const std::string url = first["hits"][0]["url"];
  EXPECT_NE(page1.find("<span class=\"source\"><a href=\"" + url + "\" rel=\"noopener noreferrer\">" + url + "</a></span>"),
            std::string::npos) << page1;

  const std::string page2 = rendered("/?q=monsoon&offset=10");
  titles = titles_of(page2);
  ASSERT_EQ(titles.size(), 10u) << page2;
  for (std::size_t i = 0; i < titles.size(); ++i) EXPECT_EQ(titles[i], as_text(second["hits"][i]["title"])) << i;
  EXPECT_NE(page2.find("href=\"/?q=monsoon\" class=\"prev\""), std::string::npos) << page2;
  EXPECT_NE(page2.find("href=\"/?q=monsoon&amp;offset=20\" class=\"next\""), std::string::npos) << page2;
  EXPECT_NE(page2.find("<ol class=\"hits\" start=\"11\">"), std::string::npos);

  // The last page (25 documents say monsoon) has no next page.
  const std::string page3 = rendered("/?q=monsoon&offset=20");
  EXPECT_EQ(titles_of(page3).size(), 5u) << page3;
  EXPECT_NE(page3.find("class=\"prev\""), std::string::npos) << page3;
  EXPECT_EQ(page3.find("class=\"next\""), std::string::npos) << page3;
}

TEST_F(Page, Issue19ShowsAWholeDocumentWithTheQueryMarked) {
  const std::string page = rendered("/?q=traders&doc=monsoon-03");
  EXPECT_NE(page.find("<h1>Monsoon rains reach Peshawar, report 4</h1>"), std::string::npos) << page;
  EXPECT_NE(page.find("The monsoon arrived in Peshawar on day 4"), std::string::npos) << page;
  EXPECT_NE(page.find("<mark>Traders</mark> said the rain kept buyers away"), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"/?q=traders\" class=\"back\""), std::string::npos) << page;
}

// Every link of a results page keeps its order and copies (and a document's
// link its page too, for the way back); a page past the end still leads back
// to the last page there is.
TEST_F(Page, QaPageLinksKeepTheOrderPageAndCopies) {
  const json answer = api("/api/search?q=monsoon&limit=10&offset=10&sort=date&collapse=0");
  ASSERT_EQ(answer["hits"].size(), 10u);
  const std::string page = rendered("/?q=monsoon&offset=10&sort=date&copies=all");
  const std::string doc = answer["hits"][0]["doc"];
  const std::string kept = "&amp;offset=10&amp;sort=date&amp;copies=all";
  EXPECT_NE(page.find("<h2><a href=\"/?q=monsoon&amp;doc=" + doc + kept + "\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"/?q=monsoon+section%3APakistan&amp;sort=date&amp;copies=all\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"/?q=monsoon&amp;sort=date&amp;copies=all\" class=\"prev\""), std::string::npos) << page;
  EXPECT_NE(page.find("href=\"/?q=monsoon&amp;offset=20&amp;sort=date&amp;copies=all\" class=\"next\""), std::string::npos)
      << page;

  const std::string shown = rendered("/?q=monsoon&doc=" + doc + "&offset=10&sort=date&copies=all");
  EXPECT_NE(shown.find("href=\"/?q=monsoon" + kept + "\" class=\"back\""), std::string::npos) << shown;

  // 25 documents say monsoon: offset 40 is past the end, Previous goes to 21-25.
  const std::string past = rendered("/?q=monsoon&offset=40");
  EXPECT_NE(past.find("No more results (25 in all)"), std::string::npos) << past;
  EXPECT_NE(past.find("href=\"/?q=monsoon&amp;offset=20\" class=\"prev\""), std::string::npos) << past;

  // One hit per story: 11 documents say karachi or khan, in 9 stories, so the
  // last page is 1-9; Previous went by the documents, to 11-20, empty too.
  const json stories = api("/api/search?q=karachi%20OR%20khan&offset=20", stories_);
  ASSERT_EQ(stories["total_hits"], 9) << stories.dump();
  const std::string folded = rendered("/?q=karachi+OR+khan&offset=20", stories_);
  EXPECT_NE(folded.find("href=\"/?q=karachi+OR+khan\" class=\"prev\""), std::string::npos) << folded;
}

// A page whose server does not answer says so in Quarry's words, not the
// browser's ("Failed to fetch"). The page opened from its source file has
// no server behind it: its fetch fails as it does when quarry-serve is down.
TEST_F(Page, APageWhoseServerIsGoneSaysSo) {
  const std::string page = rendered_url("file://" + std::string(QUARRY_SERVER_DIR) + "/page.html?q=monsoon");
  const std::vector<std::string> shown = all(page, "<main[^>]*>([^]*?)</main>");
  ASSERT_EQ(shown.size(), 1u) << page;
  EXPECT_NE(shown[0].find("Quarry's server did not answer. Is quarry-serve still running?"), std::string::npos) << shown[0];
  EXPECT_EQ(shown[0].find("Failed to fetch"), std::string::npos) << shown[0];
}

// The payload, if it ever ran or became markup, would change the page's
// title, fetch /pwned-… from this server (which logs every request), or
// leave an <img> or <script> element in the DOM.
TEST_F(Page, Issue19IndexStringsAreShownAsTextAndRunNothing) {
  const json answer = api("/api/search?q=payload");
  ASSERT_EQ(answer["hits"].size(), 1u);
  const std::string title = answer["hits"][0]["title"];
  ASSERT_NE(title.find("<script>"), std::string::npos);
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"/?q=payload", "<title>payload – Quarry</title>"},
      {"/?q=payload&doc=hostile-1", "<title>" + as_text(title) + " – Quarry</title>"}};
  for (const auto& [path, page_title] : pages) {
    const std::string page = rendered(path);
    EXPECT_NE(page.find(page_title), std::string::npos) << path << ": " << page;
    // Highlights are real elements (<mark>), escaped markup is text: without
    // the former, the title reads as the index holds it.
    const std::string unmarked = std::regex_replace(page, std::regex("</?(mark|span)>"), "");
    EXPECT_NE(unmarked.find(as_text(title)), std::string::npos) << path << ": " << page;
    EXPECT_NE(page.find("&lt;img src=\"/pwned-body\" onerror=\"fetch('/pwned-onerror')\"&gt;"), std::string::npos)
        << path << ": " << page;
    EXPECT_NE(page.find("&lt;b&gt;Tricks&lt;/b&gt;"), std::string::npos) << path;
    EXPECT_NE(page.find("&lt;i&gt;Mallory&lt;/i&gt;"), std::string::npos) << path;
    // A stored javascript: URL is shown, not linked.
    EXPECT_NE(page.find("<span class=\"source\">javascript:document.title='pwned'</span>"), std::string::npos) << path;
    EXPECT_EQ(page.find("href=\"javascript:"), std::string::npos) << path;
    EXPECT_EQ(page.find("<img"), std::string::npos) << path;
    EXPECT_EQ(page.find("<b>"), std::string::npos) << path;
    EXPECT_EQ(page.find("<i>"), std::string::npos) << path;
    EXPECT_EQ(all(page, "(<script)").size(), 1u) << path;  // the page's own
  }
  // A request after the pages were rendered: once it is logged, so is
  // everything the browser asked for.
  api("/api/health");
  const std::string log = server_->log_with("GET /api/health 200");
  EXPECT_NE(log.find("GET /api/search 200"), std::string::npos) << log;  // the log does record requests
  EXPECT_NE(log.find("GET /api/document 200"), std::string::npos) << log;
  EXPECT_EQ(log.find("pwned"), std::string::npos) << log;
}

// The q of a page's link as the DOM serialiser writes it ("/?q=a+b&amp;offset=10").
std::string query_of_link(std::string href) {
  href = std::regex_replace(href, std::regex("&amp;"), "&");
  const std::smatch found = [&] {
    std::smatch m;
    std::regex_search(href, m, std::regex("[?&]q=([^&]*)"));
    return m;
  }();
  return found.empty() ? std::string() : httplib::detail::decode_url(found[1], true);
}

// Each facet value is a link to the query narrowed by that value's filter,
// and that query finds exactly the number the facet shows, whatever the
// query's shape: operators and groups (where an appended filter would narrow
// one branch only), a filter on the same field (which would be an
// alternative), a phrase left open, like:.
TEST_F(Page, Issue19FacetLinksFindExactlyTheDocumentsTheyCount) {
  const std::vector<std::string> queries = {
      "monsoon",
      "monsoon OR floods",
      "rain -karachi",
      "monsoon section:(Pakistan World)",
      "(monsoon OR relief) NOT lahore",
      "\"monsoon arrived",
      "like:flood-first",
      "khan AND",
  };
  for (const std::string& query : queries) {
    const std::string page = rendered("/?q=" + httplib::detail::encode_query_param(query), stories_);
    const std::regex chip("<li><a href=\"([^\"]*)\" class=\"\">([^<]*)<span class=\"count\">([0-9]+)</span></a></li>");
    std::size_t links = 0;
    for (auto it = std::sregex_iterator(page.begin(), page.end(), chip); it != std::sregex_iterator(); ++it) {
      const std::string narrowed = query_of_link((*it)[1]);
      const json answer = api("/api/search?count=1&limit=0&q=" + httplib::detail::encode_query_param(narrowed), stories_);
      EXPECT_EQ(answer["total_matches"], std::stoul((*it)[3])) << query << " -> " << narrowed << " (" << (*it)[2] << ")";
      ++links;
    }
    EXPECT_GE(links, 2u) << query << ": " << page;
  }
  // A plain query is simply followed by the filter.
  const std::string page = rendered("/?q=rain+-karachi", stories_);
  EXPECT_NE(page.find("href=\"/?q=rain+-karachi+date%3A2025-07\""), std::string::npos) << page;
}

// "Did you mean" links to the corrected query; a hit standing for a story
// printed twice says so and links to every copy; each hit links to more like it.
TEST_F(Page, Issue19ShowsDidYouMeanAndSimilarHits) {
  const std::string misspelt = rendered("/?q=imrn+khan", stories_);
  EXPECT_NE(misspelt.find("<p class=\"suggestion\">Did you mean: <a href=\"/?q=imran+khan\" class=\"\">imran khan</a>?</p>"),
            std::string::npos) << misspelt;
  const std::string corrected = rendered("/?q=imran+khan", stories_);
  EXPECT_EQ(corrected.find("class=\"suggestion\""), std::string::npos) << corrected;
  EXPECT_FALSE(titles_of(corrected).empty()) << corrected;

  const json answer = api("/api/search?q=uzbekistan%20trade%20deal", stories_);
  ASSERT_TRUE(answer.is_object() && !answer["hits"].empty()) << answer;
  ASSERT_EQ(answer["hits"][0]["similar"].size(), 1u) << answer;
  const std::string folded = rendered("/?q=uzbekistan+trade+deal", stories_);
  EXPECT_NE(folded.find("<a href=\"/?q=uzbekistan+trade+deal&amp;copies=all\" class=\"similar\">+1 similar</a>"),
            std::string::npos) << folded;
  EXPECT_EQ(titles_of(folded).size(), answer["hits"].size()) << folded;
  // The link shows every copy (collapse=0), and the way back.
  const json all_copies = api("/api/search?q=uzbekistan%20trade%20deal&collapse=0", stories_);
  ASSERT_EQ(all_copies["hits"].size(), answer["hits"].size() + 1);
  const std::string unfolded = rendered("/?q=uzbekistan+trade+deal&copies=all", stories_);
  std::vector<std::string> titles = titles_of(unfolded);
  ASSERT_EQ(titles.size(), all_copies["hits"].size()) << unfolded;
  for (std::size_t i = 0; i < titles.size(); ++i) EXPECT_EQ(titles[i], as_text(all_copies["hits"][i]["title"])) << i;
  EXPECT_EQ(unfolded.find("class=\"similar\""), std::string::npos) << unfolded;
  EXPECT_NE(unfolded.find("<a href=\"/?q=uzbekistan+trade+deal\" class=\"collapse\">one hit per story</a>"),
            std::string::npos) << unfolded;

  // "more like this" is like:"DOC": the wire copy first, the story itself left out.
  EXPECT_NE(folded.find("<a href=\"/?q=like%3A%22trade-front%22\" class=\"like\">more like this</a>"), std::string::npos)
      << folded;
  const json like = api("/api/search?q=like:%22trade-front%22", stories_);
  ASSERT_FALSE(like["hits"].empty());
  EXPECT_EQ(like["hits"][0]["doc"], "trade-business");
  titles = titles_of(rendered("/?q=like%3A%22trade-front%22", stories_));
  ASSERT_EQ(titles.size(), like["hits"].size());
  EXPECT_EQ(titles[0], as_text(like["hits"][0]["title"]));
}

}  // namespace
