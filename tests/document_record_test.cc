// The stored record is what every hit is rendered from: it must come back
// exactly, and damage must be a clear DatabaseError, never a crash.
#include <gtest/gtest.h>

#include <string>

#include "document.h"
#include "quarry/error.h"

namespace quarry {
namespace {

DocumentRecord sample(const std::string& text) {
  DocumentRecord r;
  r.doc = "dawn-1";
  r.kind = kKindArticle;
  r.title = "Polio drive — “resumes”";
  r.date = "2025-01-02";
  r.section = "Pakistan";
  r.source = "dawn.jsonl";
  r.dateline = "KARACHI";
  r.url = "https://www.dawn.com/news/1";
  r.authors = {"Zahid Hussain", "Ana Ruiz"};
  r.site = "dawn.com";
  r.language = "en";
  r.passages.push_back({text, 1, 40});
  r.passages.push_back({"", 60, 0});
  return r;
}

TEST(DocumentRecord, PackedRecordsComeBackExactly) {
  const std::string cases[] = {
      "",
      "short",
      std::string(100000, 'a'),                      // compresses ~250-fold
      std::string("bytes \0\xff\xfe inside", 16),     // any byte may appear
      "soft\xc2\xad" "hyphen and \xe2\x80\x9cquotes\xe2\x80\x9d",
  };
  for (const std::string& text : cases) {
    const DocumentRecord in = sample(text);
    const DocumentRecord out = decode_record(encode_record(in));
    EXPECT_EQ(out.title, in.title);
    EXPECT_EQ(out.dateline, in.dateline);
    EXPECT_EQ(out.url, in.url);
    EXPECT_EQ(out.authors, in.authors);
    EXPECT_EQ(out.site, in.site);
    EXPECT_EQ(out.language, in.language);
    ASSERT_EQ(out.passages.size(), 2u);
    EXPECT_EQ(out.passages[0].text, text);
    EXPECT_EQ(out.passages[1].first_position, 60u);
  }
}

TEST(DocumentRecord, DamagedPackedRecordsAreDatabaseErrors) {
  const std::string good = encode_record(sample(std::string(2000, 'x') + "tail"));
  const std::string cases[] = {
      "",                                     // nothing stored
      good.substr(0, good.size() / 2),        // cut short
      std::string("\xff\xff\xff\xff\x0f", 5) + good.substr(2),  // claims 4 GB
      good.substr(0, 2) + std::string(good.size() - 2, '\x55'),  // garbage block
  };
  for (const std::string& packed : cases)
    EXPECT_THROW(decode_record(packed), DatabaseError) << packed.size() << " bytes";
}

struct SiteCase {
  const char* url;
  const char* site;
};

TEST(DocumentRecord, SiteOfUrl) {
  const SiteCase cases[] = {
      {"https://www.dawn.com/news/1", "dawn.com"},
      {"http://WWW.Dawn.COM", "dawn.com"},
      {"https://user:pw@news.example.org:8080/a?b#c", "news.example.org"},
      {"https://example.org./x", "example.org"},
      {"https://[::1]:7700/", "[::1]"},
      {"no scheme/dawn.com", ""},
      {"", ""},
  };
  for (const SiteCase& c : cases) EXPECT_EQ(site_of_url(c.url), c.site) << c.url;
}

}  // namespace
}  // namespace quarry
