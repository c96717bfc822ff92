// Saved web pages and web archives through both CLIs, as a user runs them
// (issue 16): index a WARC, find an article by a sentence of it with its
// URL, title and date, never by its menu or cookie banner; bad records
// named, the rest indexed; --extract; re-runs; hostile input.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "cli_runner.h"
#include "web_fixtures.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;
using quarry::test::gzip_bytes;
using quarry::test::http_response;
using quarry::test::slurp;
using quarry::test::warc_record;
using quarry::test::WarcRecordSpec;
using quarry::test::write_file;

const std::string kFixtures = std::string(QUARRY_FIXTURES_DIR) + "/web";
const std::string kArticleUrl = "https://news.example.org/2024/05/29/glacier-lake-floods";

class WebCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "quarry-web-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    db_ = dir_ + "/db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun index(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", db_});
    return quarry::test::run_cli(QUARRY_INDEX_BIN, args, dir_);
  }
  CliRun extract(std::vector<std::string> args) {
    args.insert(args.begin(), "--extract");
    return quarry::test::run_cli(QUARRY_INDEX_BIN, args, dir_);
  }
  std::vector<json> search(const std::string& query, int limit = 20) {
    const CliRun r = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db_, "--format", "json", "-n", std::to_string(limit), query}, dir_);
    EXPECT_TRUE(r.status == 0 || r.status == 1) << r.err;
    return quarry::test::json_lines(r.out);
  }
  // A crawl as wget or Heritrix writes it: warcinfo, then per page a
  // request and a response (gzip-encoded, chunked), an image, a revisit.
  std::string crawl(const std::string& middle = "") {
    const std::string article = slurp(kFixtures + "/article.html");
    const std::string home = slurp(kFixtures + "/home.html");
    const std::string gz = gzip_bytes(article);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", gz.size());
    const std::string chunked_gzip_body = std::string(size) + "\r\n" + gz + "\r\n0\r\n\r\n";
    std::string out;
    out += gzip_bytes(warc_record({"warcinfo", "", "software: test crawler\r\n", "application/warc-fields"}));
    out += gzip_bytes(warc_record({"request", kArticleUrl, "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"}));
    const std::string headers = "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n";
    out += gzip_bytes(warc_record({"response", kArticleUrl,
                                   "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + headers + "\r\n" + chunked_gzip_body}));
    out += middle;
    out += gzip_bytes(warc_record({"response", "https://news.example.org/logo.png", http_response("\x89PNG\r\n\x1a\n", "image/png")}));
    out += gzip_bytes(warc_record({"response", "https://news.example.org/", http_response(home)}));
    out += gzip_bytes(warc_record({"revisit", kArticleUrl, "HTTP/1.1 200 OK\r\n\r\n"}));
    return out;
  }

  std::string dir_;
  std::string db_;
};

std::vector<std::string> ids(const std::vector<json>& hits) {
  std::vector<std::string> out;
  for (const json& hit : hits) out.push_back(hit["doc"]);
  return out;
}

TEST_F(WebCli, Issue16ArchiveArticleFoundByItsTextNeverByItsMenu) {
  write_file(dir_ + "/crawl.warc.gz", crawl());
  const CliRun indexed = index({dir_ + "/crawl.warc.gz"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  // Skipped records are counted, not reported as problems.
  EXPECT_NE(indexed.err.find("Archive records holding no page, skipped: 4 (1 not HTML, 1 request, 1 revisit, 1 warcinfo)"),
            std::string::npos)
      << indexed.err;
  EXPECT_EQ(indexed.err.find("problem"), std::string::npos) << indexed.err;

  const std::vector<json> hits = search("\"washing away a suspension bridge near Passu\"");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["doc"], kArticleUrl);
  EXPECT_EQ(hits[0]["url"], kArticleUrl);
  EXPECT_EQ(hits[0]["kind"], "article");
  EXPECT_EQ(hits[0]["title"], "Glacier lake floods threaten Hunza valley");
  EXPECT_EQ(hits[0]["date"], "2024-05-29");
  EXPECT_EQ(hits[0]["author"], "Ayesha Khan");
  // The menu, the cookie banner and the footer are in no document.
  for (const char* boilerplate : {"zanzibarworld", "marmalade", "quuxfooter"})
    EXPECT_TRUE(search(boilerplate).empty()) << boilerplate;
  // The text output shows the URL instead of the file.
  const CliRun text = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db_, "--color", "never", "Shisper glacier"}, dir_);
  EXPECT_NE(text.out.find(kArticleUrl), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("crawl.warc.gz"), std::string::npos) << text.out;
  // Kinds and metadata filters.
  EXPECT_EQ(ids(search("kind:page")), std::vector<std::string>{"https://news.example.org/"});
  EXPECT_EQ(ids(search("water storage kind:editorial")),
            std::vector<std::string>{"teaser:https://news.example.org/opinion/editorial-water-storage"});
  EXPECT_EQ(ids(search("bridge kind:teaser")),
            std::vector<std::string>{"teaser:https://news.example.org/2024/05/20/bridge"});
  EXPECT_EQ(search("site:news.example.org author:\"Ayesha Khan\" lang:en").size(), 1u);
  // A re-run skips the archive: it is one file, unchanged.
  const CliRun again = index({dir_ + "/crawl.warc.gz"});
  EXPECT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.err.find("Unchanged since last indexed, skipped: 1 file"), std::string::npos) << again.err;
}

TEST_F(WebCli, Issue16BadRecordIsNamedAndTheRecordsAroundItIndexed) {
  WarcRecordSpec liar{"response", "https://news.example.org/liar", http_response("<html><p>liar</p></html>")};
  liar.declared_length = static_cast<long>(liar.block.size()) + 5000;
  const std::string bad = gzip_bytes(warc_record(liar));
  const std::string bytes = crawl(bad);
  write_file(dir_ + "/crawl.warc.gz", bytes);
  const std::size_t bad_offset = crawl().find(gzip_bytes(warc_record({"response", "https://news.example.org/logo.png",
                                                                      http_response("\x89PNG\r\n\x1a\n", "image/png")})));
  const CliRun indexed = index({dir_ + "/crawl.warc.gz"});
  EXPECT_EQ(indexed.status, 1) << indexed.err;
  EXPECT_NE(indexed.err.find(dir_ + "/crawl.warc.gz: record at offset " + std::to_string(bad_offset) + ": malformed"),
            std::string::npos)
      << indexed.err;
  EXPECT_EQ(search("\"Hassanabad stream\"").size(), 1u);  // before it
  EXPECT_EQ(search("\"Chitral to Skardu\"").size(), 1u);   // after it
}

// An archive of no record at all (a crawler stopped before it wrote one) is
// named, as an empty JSONL file is; it was only counted among "Skipped 3 files".
// One whose records hold no page is no problem: the summary counts them.
TEST_F(WebCli, WebQaEmptyArchiveIsNamed) {
  struct Case {
    const char* file;
    std::string bytes;
    bool named;
  };
  const Case cases[] = {
      {"empty.warc", "", true},
      {"empty.warc.gz", gzip_bytes(""), true},
      {"requests.warc", warc_record({"request", kArticleUrl, "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"}),
       false},
  };
  fs::create_directories(dir_ + "/in");
  for (const Case& c : cases) write_file(dir_ + "/in/" + c.file, c.bytes);
  write_file(dir_ + "/in/good.warc", warc_record({"response", kArticleUrl, http_response(slurp(kFixtures + "/article.html"))}));
  const CliRun indexed = index({dir_ + "/in"});
  EXPECT_EQ(indexed.status, 1) << indexed.err;
  for (const Case& c : cases) {
    const std::string message = dir_ + "/in/" + c.file + ": no records: the archive is empty";
    EXPECT_EQ(indexed.err.find(message) != std::string::npos, c.named) << c.file << "\n" << indexed.err;
  }
  EXPECT_NE(indexed.err.find("2 problems reported above"), std::string::npos) << indexed.err;
  EXPECT_EQ(search("\"Hassanabad stream\"").size(), 1u) << "the archive beside them is indexed";
}

TEST_F(WebCli, Issue16WithinAnArchiveTheLatestCaptureWins) {
  auto capture = [](const std::string& date, const std::string& word) {
    WarcRecordSpec r{"response", "https://news.example.org/live", http_response(
        "<html><head><title>Live page</title></head><body><article><p>The " + word +
        " edition of the live page reports on the valley, its roads, its rivers and its villages today.</p></article></body></html>")};
    r.date = date;
    return gzip_bytes(warc_record(r));
  };
  write_file(dir_ + "/a.warc.gz", capture("2024-05-02T00:00:00Z", "middle") + capture("2024-05-03T00:00:00Z", "newest") +
                                      capture("2024-05-01T00:00:00Z", "oldest"));
  const CliRun indexed = index({dir_ + "/a.warc.gz"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  EXPECT_NE(indexed.err.find("1 older capture"), std::string::npos) << indexed.err;
  EXPECT_EQ(search("newest").size(), 1u);
  EXPECT_TRUE(search("middle").empty());
  EXPECT_TRUE(search("oldest").empty());
  EXPECT_EQ(search("live page").size(), 1u);
}

// Found by qa-input: a crawler that wrote a URI's raw Latin-1 bytes gave its
// page an id every answer showed with U+FFFD, which --show, id: and url:
// did not find, and two such URIs looked one. The bytes are percent-encoded,
// as a browser sends them; a URI that is UTF-8 is as ever.
TEST_F(WebCli, QaInput3ACaptureOfARawLatin1UriIsFoundByTheIdItIsShownWith) {
  struct Case {
    std::string uri;    // as the archive holds it
    std::string shown;  // the id and URL a hit shows
  };
  const std::vector<Case> cases = {
      {"https://news.example.org/caf\xe9", "https://news.example.org/caf%E9"},
      {"https://news.example.org/caf\xe8", "https://news.example.org/caf%E8"},
      {"https://news.example.org/r\xe9sum\xe9?q=\xff", "https://news.example.org/r%E9sum%E9?q=%FF"},
      {"https://news.example.org/caf\xc3\xa9", "https://news.example.org/caf\xc3\xa9"},
  };
  std::string archive;
  for (const Case& c : cases)
    archive += warc_record({"response", c.uri, http_response(
        "<html><head><title>Harbour page</title></head><body><article><p>The harbour page reports on the boats, "
        "the quays, the fishermen and the weather of the bay today.</p></article></body></html>")});
  write_file(dir_ + "/latin1.warc", archive);
  const CliRun indexed = index({dir_ + "/latin1.warc"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  std::vector<std::string> shown, expected;
  for (const json& hit : search("harbour")) shown.push_back(hit["doc"]);
  for (const Case& c : cases) expected.push_back(c.shown);
  std::sort(shown.begin(), shown.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(shown, expected);
  for (const Case& c : cases) {
    const CliRun show = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db_, "--format", "json", "--show", c.shown}, dir_);
    EXPECT_EQ(show.status, 0) << c.shown << ": " << show.err;
    EXPECT_EQ(json::parse(show.out.empty() ? "{}" : show.out).value("url", ""), c.shown);
    for (const std::string& filter : {"id:\"" + c.shown + "\"", "url:\"" + c.shown + "\""}) {
      const CliRun count = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", db_, "--count", filter}, dir_);
      EXPECT_EQ(count.out, "1\n") << filter << ": " << count.err;
    }
  }
}

// The latest capture that is a page wins: a newer redirect, error page or
// image of the URL read first does not hide it, and a fraction of a second
// is later than the whole second.
TEST_F(WebCli, WebQaLatestCaptureThatIsAPageWins) {
  auto capture = [](const std::string& uri, const std::string& date, const std::string& block) {
    WarcRecordSpec r{"response", uri, block};
    r.date = date;
    return warc_record(r);
  };
  auto page = [](const std::string& word) {
    return http_response("<html><head><title>Valley report</title></head><body><article><p>The " + word +
                         " edition of the report covers the valley, its roads, its rivers and its villages today.</p>"
                         "</article></body></html>");
  };
  struct Case {
    const char* file;
    std::string records;
    const char* found;      // a word only the capture that must win has
    const char* not_found;  // "" when the other capture gives no page
  };
  const std::string a = "https://news.example.org/a", b = "https://news.example.org/b", c = "https://news.example.org/c",
                    d = "https://news.example.org/d";
  const Case cases[] = {
      {"404.warc", capture(a, "2024-06-01T00:00:00Z", http_response("<p>Not found</p>", "text/html", "", 404)) +
                       capture(a, "2024-05-01T00:00:00Z", page("aardvark")),
       "aardvark", ""},
      {"redirect.warc", capture(b, "2024-06-01T00:00:00Z", http_response("", "text/html", "Location: /b2\r\n", 301)) +
                            capture(b, "2024-05-01T00:00:00Z", page("badger")),
       "badger", ""},
      {"image.warc", capture(c, "2024-06-01T00:00:00Z", http_response("\x89PNG\r\n\x1a\n", "image/png")) +
                         capture(c, "2024-05-01T00:00:00Z", page("cheetah")),
       "cheetah", ""},
      {"fraction.warc", capture(d, "2024-05-01T10:00:00.5Z", page("dingo")) + capture(d, "2024-05-01T10:00:00Z", page("donkey")),
       "dingo", "donkey"},
  };
  std::vector<std::string> paths;
  for (const Case& k : cases) {
    write_file(dir_ + "/" + k.file, k.records);
    paths.push_back(dir_ + "/" + k.file);
  }
  const CliRun indexed = index(paths);
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  for (const Case& k : cases) {
    EXPECT_EQ(search(k.found).size(), 1u) << k.file << "\n" << indexed.err;
    if (*k.not_found) {
      EXPECT_TRUE(search(k.not_found).empty()) << k.file;
    }
  }
  EXPECT_NE(indexed.err.find("1 older capture"), std::string::npos) << indexed.err;
  // --extract prints what indexing keeps: the pages above, and the older
  // capture read after the newer one left out.
  const CliRun extracted = extract(paths);
  ASSERT_EQ(extracted.status, 0) << extracted.err;
  for (const char* word : {"aardvark", "badger", "cheetah", "dingo"})
    EXPECT_NE(extracted.out.find(std::string(word) + " edition"), std::string::npos) << word;
  EXPECT_EQ(extracted.out.find("donkey"), std::string::npos);
}

TEST_F(WebCli, Issue16SavedPagesAndTheirIdentity) {
  fs::create_directories(dir_ + "/site");
  fs::copy_file(kFixtures + "/article.html", dir_ + "/site/article.html");
  write_file(dir_ + "/site/home.htm.gz", gzip_bytes(slurp(kFixtures + "/home.html")));
  // No extension, sniffed as HTML; no canonical link: known by its path.
  write_file(dir_ + "/site/saved_page",
             "<!doctype html><html><head><title>Orchard notes</title></head><body><article><p>Cherry trees in the "
             "orchard at Karimabad blossomed two weeks early this spring, the growers said.</p><p>They fear a late "
             "frost could still ruin the crop before the harvest in June.</p></article></body></html>");
  const CliRun indexed = index({dir_ + "/site"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  EXPECT_EQ(ids(search("\"Shisper glacier\"")), std::vector<std::string>{kArticleUrl});
  EXPECT_EQ(ids(search("\"Chitral to Skardu\"")), std::vector<std::string>{"https://news.example.org/"});
  const std::vector<json> orchard = search("karimabad");
  ASSERT_EQ(orchard.size(), 1u);
  EXPECT_EQ(orchard[0]["doc"], fs::weakly_canonical(dir_ + "/site/saved_page").string());
  EXPECT_TRUE(orchard[0]["url"].is_null());
  // The editorial both pages show is one document, from both files.
  EXPECT_EQ(search("\"water storage\"").size(), 1u);
  // A re-run skips the unchanged files; removing one page keeps the
  // editorial the other still shows.
  const CliRun again = index({dir_ + "/site"});
  EXPECT_NE(again.err.find("Unchanged since last indexed, skipped: 3 files"), std::string::npos) << again.err;
  fs::remove(dir_ + "/site/article.html");
  const CliRun after = index({dir_ + "/site"});
  ASSERT_EQ(after.status, 0) << after.err;
  EXPECT_TRUE(search("\"Shisper glacier\"").empty());
  EXPECT_EQ(search("\"water storage\"").size(), 1u);
  EXPECT_TRUE(search("\"dams and early warning\"").size() == 1u);
  EXPECT_TRUE(search("\"schools in the valley\"").empty()) << "shown only on the removed page";
}

TEST_F(WebCli, Issue16SameUrlAgainReplaces) {
  fs::copy_file(kFixtures + "/article.html", dir_ + "/first.html");
  ASSERT_EQ(index({dir_ + "/first.html"}).status, 0);
  std::string updated = slurp(kFixtures + "/article.html");
  updated.replace(updated.find("a single lane within a week"), 27, "both lanes within a fortnight");
  write_file(dir_ + "/second.html", updated);
  ASSERT_EQ(index({dir_ + "/second.html"}).status, 0);
  EXPECT_EQ(ids(search("fortnight")), std::vector<std::string>{kArticleUrl});
  EXPECT_TRUE(search("\"single lane\"").empty());
  EXPECT_EQ(search("kind:article").size(), 1u);
}

TEST_F(WebCli, Issue16ExtractShowsEveryFormatAndTouchesNoDatabase) {
  write_file(dir_ + "/crawl.warc.gz", crawl());
  write_file(dir_ + "/records.jsonl",
             json({{"id", "r1"}, {"url", "https://news.example.org/crawled"}, {"html", slurp(kFixtures + "/article.html")}}).dump() +
                 "\n" + R"({"id":"r2","title":"Plain record","body":"A body of text.\n\nIts second paragraph."})" + "\n");
  write_file(dir_ + "/note.txt", "A note\n\nThe text of a note.\n");
  const CliRun r = extract({dir_ + "/crawl.warc.gz", dir_ + "/records.jsonl", dir_ + "/note.txt"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(fs::exists(dir_ + "/quarry.db"));
  EXPECT_FALSE(fs::exists(db_));
  const std::vector<json> docs = quarry::test::json_lines(r.out);
  std::vector<std::string> got;
  for (const json& d : docs) {
    got.push_back(d["kind"].get<std::string>() + " " + d["id"].get<std::string>());
    for (const char* field : {"id", "kind", "url", "title", "date", "author", "section", "site", "language", "source", "body"})
      EXPECT_TRUE(d.contains(field)) << field;
  }
  const std::vector<std::string> expected = {
      "article " + kArticleUrl,
      "editorial teaser:https://news.example.org/opinion/editorial-water-storage",
      "editorial teaser:https://news.example.org/opinion/editorial-tourism",
      "editorial teaser:https://news.example.org/opinion/editorial-schools",
      "page https://news.example.org/",
      "editorial teaser:https://news.example.org/opinion/editorial-water-storage",
      "editorial teaser:https://news.example.org/opinion/editorial-tourism",
      "teaser teaser:https://news.example.org/2024/05/20/bridge",
      "teaser teaser:https://news.example.org/2024/05/19/school",
      "article r1",
      "editorial teaser:https://news.example.org/opinion/editorial-water-storage",
      "editorial teaser:https://news.example.org/opinion/editorial-tourism",
      "editorial teaser:https://news.example.org/opinion/editorial-schools",
      "article r2",
      "article " + fs::weakly_canonical(dir_ + "/note.txt").string(),
  };
  EXPECT_EQ(got, expected);
  ASSERT_EQ(docs.size(), expected.size());
  EXPECT_EQ(docs[0]["url"], kArticleUrl);
  EXPECT_EQ(docs[0]["date"], "2024-05-29");
  EXPECT_EQ(docs[0]["author"], "Ayesha Khan");
  EXPECT_EQ(docs[0]["site"], "news.example.org");
  EXPECT_EQ(docs[0]["language"], "en");
  EXPECT_EQ(docs[0]["source"], dir_ + "/crawl.warc.gz");
  EXPECT_EQ(docs[0]["body"].get<std::string>().find("marmalade"), std::string::npos);
  EXPECT_EQ(docs[9]["url"], "https://news.example.org/crawled");
  EXPECT_EQ(docs[13]["body"], "A body of text.\nIts second paragraph.") << "short paragraphs join one passage";
  EXPECT_TRUE(docs[13]["url"].is_null());
}

TEST_F(WebCli, Issue16HostileWebInputIsNamedAndTheRestIndexed) {
  fs::create_directories(dir_ + "/in");
  // A gzip bomb as a saved page (256 MiB of spaces, about 1 MB packed).
  write_file(dir_ + "/in/bomb.html.gz", quarry::test::gzip_repeated(' ', 256u << 20));
  // UTF-16 with a BOM; a page declared UTF-8 that is Latin-1; a PNG named .html.
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<html><head><title>Sixteen</title></head><body><article><p>Walnut traders in Aliabad "
                            "say prices doubled since the road closed last winter, and buyers from the south stayed away.</p>"
                            "</article></body></html>"))
    utf16 += c, utf16 += '\0';
  write_file(dir_ + "/in/utf16.html", utf16);
  write_file(dir_ + "/in/latin1.html",
             "<html><head><meta charset=\"utf-8\"><title>Caf\xE9</title></head><body><article><p>The caf\xE9 in Gulmit "
             "serves apricot cake to trekkers on their way to the Batura glacier, its owner said on Tuesday.</p>"
             "<p>Trekkers stop at the caf\xE9 for tea before the steep climb to the pass, she said.</p></article></body></html>");
  write_file(dir_ + "/in/image.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  // More elements than extraction reads: named, its beginning indexed.
  {
    std::string huge = "<html><body><article><p>Glacier monitors in Passu recorded a surge of the ice this week.</p>";
    for (int i = 0; i < 450000; ++i) huge += "<b>x</b>";
    write_file(dir_ + "/in/huge.html", huge + "</article></body></html>");
  }
  // A WARC whose HTTP body is a gzip bomb, between two good records.
  const std::string good = "<html><body><article><p>Yak herders in Shimshal moved their herds to the summer pastures a "
                           "week earlier than usual, the village council said.</p></article></body></html>";
  std::string warc = gzip_bytes(warc_record({"response", "https://x.example/good1", http_response(good)}));
  const std::size_t bomb_offset = warc.size();
  warc += gzip_bytes(warc_record({"response", "https://x.example/bomb",
                                  http_response(quarry::test::gzip_repeated('a', 256u << 20), "text/html", "Content-Encoding: gzip\r\n")}));
  warc += gzip_bytes(warc_record({"response", "https://x.example/binary", http_response(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "text/html")}));
  warc += gzip_bytes(warc_record({"response", "https://x.example/good2", http_response(good + "<p>Marmots too.</p>")}));
  write_file(dir_ + "/in/crawl.warc.gz", warc);

  const CliRun r = index({dir_ + "/in"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("bomb.html.gz: decompresses to more than 64 MiB"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("image.html: is a PNG image, not HTML"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("latin1.html: charset declared UTF-8 but is not"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("crawl.warc.gz: record at offset " + std::to_string(bomb_offset) +
                       ": its gzip content decompresses to more than the limit"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("declared HTML but is a PNG image"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("huge.html: a page of more than 400,000 elements"), std::string::npos) << r.err;
  EXPECT_EQ(search("\"glacier monitors\"").size(), 1u);
  EXPECT_EQ(search("walnut").size(), 1u) << "UTF-16 page";
  const std::vector<json> cafe = search("gulmit");
  ASSERT_EQ(cafe.size(), 1u);
  EXPECT_NE(cafe[0]["snippet"].get<std::string>().find("caf\xC3\xA9"), std::string::npos) << cafe[0]["snippet"];
  EXPECT_EQ(search("yak herders").size(), 2u);
  // The largest child this test waited for: quarry-index (the shell and
  // timeout are small, and so is this test, which built no bomb in memory).
  // Not under AddressSanitizer, whose shadow memory and quarantine of freed
  // blocks inflate every process's RSS.
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "peak RSS is checked in the normal build, not under AddressSanitizer";
#else
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  EXPECT_LT(children.ru_maxrss, 400L * 1024) << "peak RSS under 400 MB (KiB)";
#endif
}

struct JsonBombCase {
  std::string file;
  std::string content;
  std::string problem;  // what stderr names ("" for nothing)
  std::string word;     // a word of the document the file still gives ("" for none)
};

// Found by qa-input: nlohmann's DOM costs about 80 bytes a value, so a JSONL
// line within the 64 MiB line limit (56 MB of nested arrays, or of empty
// objects, in a field no record is read for) took 1.4 GB, and a page's 36 MB
// JSON-LD block 1.1 GB: past the 400 MB indexing promises. Fields no record
// is read for are passed over now, and a record or JSON-LD block of more than
// 200,000 values is not built.
TEST_F(WebCli, QaInput3JsonBuiltIntoNoDomOfUnboundedSize) {
  const auto repeat = [](const std::string& piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
  };
  const std::size_t n = 4000000;  // 16 to 24 MB a file
  const std::vector<JsonBombCase> cases = {
      {"nested.jsonl",
       R"({"id":"nested","body":"The nested ferry record.","extra":)" + repeat("[{\"a\":", n) + "1" + repeat("}]", n) + "}\n",
       "", "ferry"},
      {"wide.jsonl", R"({"id":"wide","body":"The wide tram record.","links":[)" + repeat("{},", n) + "{}]}\n", "", "tram"},
      {"authors.jsonl",
       R"({"id":"authors","body":"The lost barge record.","author":)" + repeat("[", n) + repeat("]", n) +
           "}\n" + R"({"id":"after","body":"The canoe record after it."})" + "\n",
       "authors.jsonl:1: holds more than 200000 JSON values in the fields a record is read for; skipped", "canoe"},
      {"ld.html",
       "<html><head><title>Glider</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"x\":[" +
           repeat("{},", n) + "{}]}</script></head><body><p>The glider page says the glider flew over the valley.</p></body></html>",
       "", "glider"},
  };
  std::vector<std::string> args = {"-j", "1"};
  for (const JsonBombCase& c : cases) {
    write_file(dir_ + "/" + c.file, c.content);
    args.push_back(dir_ + "/" + c.file);
  }
  const CliRun indexed = index(args);
  EXPECT_EQ(indexed.status, 1) << indexed.err;
  for (const JsonBombCase& c : cases) {
    if (!c.problem.empty()) {
      EXPECT_NE(indexed.err.find(dir_ + "/" + c.problem), std::string::npos) << indexed.err;
    }
    EXPECT_EQ(search(c.word).size(), 1u) << c.file;
  }
  EXPECT_TRUE(search("barge").empty());
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "peak RSS is checked in the normal build, not under AddressSanitizer";
#else
  rusage children{};
  getrusage(RUSAGE_CHILDREN, &children);
  EXPECT_LT(children.ru_maxrss, 400L * 1024) << "peak RSS under 400 MB (KiB)";
#endif
}

// Captures of one URL from several crawls (an archive per month, indexed in
// any order, at once or run after run): the newest capture is the one
// searched, and one that gives no text hides none that does. Each case is
// a URL of its own, so that one run serves them all.
class WebCaptures : public WebCli {
 protected:
  static std::string url(const std::string& name) { return "https://news.example.org/" + name; }
  // A capture of the URL whose text holds word (a month), or, for "", an
  // HTML capture that gives no text (a page its scripts fill).
  static std::string capture(const std::string& name, const std::string& date, const std::string& word) {
    const std::string page = word.empty()
        ? "<html><head><title></title><script>render()</script></head><body><div id=\"app\"></div></body></html>"
        : "<html><head><title>Live page</title></head><body><article><p>The " + word +
              " edition of the live page reports on the valley, its roads, its rivers and its villages today.</p>"
              "</article></body></html>";
    WarcRecordSpec r{"response", url(name), http_response(page)};
    r.date = date;
    return warc_record(r);
  }
  static std::string month(const std::string& word) {
    return word == "january" ? "2024-01-01T00:00:00Z" : word == "february" ? "2024-02-01T00:00:00Z" : "2024-03-01T00:00:00Z";
  }
  // Case name -> the month of the capture its URL is found with ("several"
  // when it is found more than once).
  std::map<std::string, std::string> found() {
    std::map<std::string, std::string> out;
    for (const json& hit : search("\"live page\"")) {
      const std::string name = hit["url"].get<std::string>().substr(url("").size());
      const std::string snippet = hit["snippet"];
      std::string word = "another";
      for (const char* m : {"january", "february", "march"})
        if (snippet.find(std::string("The ") + m + " edition") != std::string::npos) word = m;
      out[name] = out.count(name) ? "several" : word;
    }
    return out;
  }
  // Writes archives dir_/in/NAME.warc: for each case (a URL), its captures
  // by archive ("" where it has none), in the order of names.
  void write_archives(const std::vector<std::string>& names,
                      const std::map<std::string, std::vector<std::string>>& captures) {
    fs::create_directories(dir_ + "/in");
    for (std::size_t i = 0; i < names.size(); ++i) {
      std::string bytes;
      for (const auto& [name, words] : captures)
        if (!words[i].empty()) bytes += capture(name, month(words[i]), words[i]);
      write_file(dir_ + "/in/" + names[i], bytes);
    }
  }
};

TEST_F(WebCaptures, NewestCaptureWinsAcrossFilesInAnyOrder) {
  // a.warc, b.warc, c.warc are read in this order; every order of the months.
  const std::map<std::string, std::vector<std::string>> cases = {
      {"mjf", {"march", "january", "february"}}, {"mfj", {"march", "february", "january"}},
      {"jmf", {"january", "march", "february"}}, {"fmj", {"february", "march", "january"}},
      {"jfm", {"january", "february", "march"}}, {"fjm", {"february", "january", "march"}},
  };
  write_archives({"a.warc", "b.warc", "c.warc"}, cases);
  // Two captures of the same instant: the one read last wins, as for any input.
  std::ofstream(dir_ + "/in/a.warc", std::ios::binary | std::ios::app) << capture("tie", month("march"), "january");
  std::ofstream(dir_ + "/in/b.warc", std::ios::binary | std::ios::app) << capture("tie", month("march"), "march");
  const std::vector<std::vector<std::string>> runs = {{}, {"--jobs", "3"}, {"--shards", "2", "--jobs", "2"}};
  for (const std::vector<std::string>& options : runs) {
    fs::remove_all(db_);
    std::vector<std::string> args = options;
    args.push_back(dir_ + "/in");
    const CliRun indexed = index(args);
    ASSERT_EQ(indexed.status, 0) << indexed.err;
    const std::map<std::string, std::string> kept = found();
    for (const auto& [name, words] : cases) {
      EXPECT_EQ(kept.count(name) ? kept.at(name) : "", "march") << name << " " << ::testing::PrintToString(options);
    }
    EXPECT_EQ(kept.count("tie") ? kept.at("tie") : "", "march") << ::testing::PrintToString(options);
    // A capture read after a newer one: mjf 2, mfj 2, jmf 1, fmj 1, fjm 1.
    EXPECT_NE(indexed.err.find("7 older capture"), std::string::npos) << indexed.err;
  }
  // --extract prints what indexing keeps: each capture not older than one
  // read before it.
  const CliRun extracted = extract({dir_ + "/in"});
  ASSERT_EQ(extracted.status, 0) << extracted.err;
  std::map<std::string, std::vector<std::string>> printed;
  for (const json& doc : quarry::test::json_lines(extracted.out)) {
    const std::string body = doc["body"];
    printed[doc["id"].get<std::string>().substr(url("").size())].push_back(body.substr(4, body.find(' ', 4) - 4));
  }
  const std::map<std::string, std::vector<std::string>> expected = {
      {"mjf", {"march"}}, {"mfj", {"march"}}, {"jmf", {"january", "march"}}, {"fmj", {"february", "march"}},
      {"jfm", {"january", "february", "march"}}, {"fjm", {"february", "march"}}, {"tie", {"january", "march"}},
  };
  EXPECT_EQ(printed, expected);
}

// Run after run: an archive added later, newer or older than what is
// indexed, and archives removed. Run 1 indexes a.warc and b.warc, run 2
// adds c.warc, run 3 removes a.warc, run 4 removes c.warc.
TEST_F(WebCaptures, NewestCaptureWinsRunAfterRunAndRemovingItBringsBackTheOlder) {
  struct Case {
    std::vector<std::string> captures;  // in a.warc, b.warc, c.warc
    std::vector<std::string> found;     // after each run ("" for no document)
  };
  const std::map<std::string, Case> cases = {
      {"older-added", {{"march", "", "january"}, {"march", "march", "january", ""}}},
      {"newer-added", {{"", "january", "march"}, {"january", "march", "march", "january"}}},
      {"newest-read-first", {{"march", "january", ""}, {"march", "march", "january", "january"}}},
      {"newest-read-last", {{"january", "march", ""}, {"march", "march", "march", "march"}}},
      {"three-newest-first", {{"march", "january", "february"}, {"march", "march", "february", "january"}}},
      {"three-newest-last", {{"january", "february", "march"}, {"february", "march", "march", "february"}}},
  };
  std::map<std::string, std::vector<std::string>> captures;
  for (const auto& [name, k] : cases) captures[name] = k.captures;
  write_archives({"a.warc", "b.warc", "c.warc"}, captures);
  fs::rename(dir_ + "/in/c.warc", dir_ + "/c.warc");
  for (std::size_t run = 0; run < 4; ++run) {
    if (run == 1) fs::rename(dir_ + "/c.warc", dir_ + "/in/c.warc");
    if (run == 2) fs::remove(dir_ + "/in/a.warc");
    if (run == 3) fs::remove(dir_ + "/in/c.warc");
    const CliRun indexed = index({dir_ + "/in"});
    ASSERT_EQ(indexed.status, 0) << indexed.err;
    const std::map<std::string, std::string> kept = found();
    for (const auto& [name, k] : cases) {
      EXPECT_EQ(kept.count(name) ? kept.at(name) : "", k.found[run]) << name << " after run " << run + 1 << "\n" << indexed.err;
    }
  }
}

TEST_F(WebCaptures, CaptureWithoutTextHidesNoneWithText) {
  // The March capture gives no text; January's does.
  write_file(dir_ + "/one.warc", capture("empty-first", month("march"), "") + capture("empty-first", month("january"), "january") +
                                     capture("empty-last", month("january"), "january") + capture("empty-last", month("march"), ""));
  fs::create_directories(dir_ + "/in");
  write_file(dir_ + "/in/a.warc", capture("across-empty-first", month("march"), ""));
  write_file(dir_ + "/in/b.warc", capture("across-empty-first", month("january"), "january") +
                                      capture("across-empty-last", month("january"), "january"));
  write_file(dir_ + "/in/c.warc", capture("across-empty-last", month("march"), ""));
  const CliRun indexed = index({dir_ + "/one.warc", dir_ + "/in"});
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  const std::map<std::string, std::string> expected = {
      {"empty-first", "january"}, {"empty-last", "january"}, {"across-empty-first", "january"}, {"across-empty-last", "january"}};
  EXPECT_EQ(found(), expected) << indexed.err;
  const CliRun extracted = extract({dir_ + "/one.warc"});
  EXPECT_EQ(quarry::test::json_lines(extracted.out).size(), 2u) << extracted.out << extracted.err;
}

}  // namespace
