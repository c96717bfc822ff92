// The sample news page: one article and six editorial snippets.
#include "news_page.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace quarry {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class SamplePage : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = read_file(std::string(QUARRY_CORPUS_DIR) + "/000_adb2bf521e5eb72d.txt");
    ASSERT_FALSE(text_.empty());
    page_ = parse_news_page(text_, "corpus/000_adb2bf521e5eb72d.txt", "page-id");
  }
  std::string text_;
  NewsPage page_;
};

TEST_F(SamplePage, IsRecognisedAsANewsPage) { EXPECT_TRUE(looks_like_news_page(text_)); }

TEST_F(SamplePage, ArticleHasDateDatelineAndPassages) {
  const Document& article = page_.article;
  EXPECT_EQ(article.kind, "article");
  EXPECT_EQ(article.id, "page-id");
  EXPECT_EQ(article.date, "2023-04-12");
  EXPECT_EQ(article.dateline, "KARACHI");
  EXPECT_EQ(article.title.rfind("Defence Minister Khawaja Asif has said", 0), 0u) << article.title;
  ASSERT_GE(article.passages.size(), 3u);
  EXPECT_EQ(article.passages.front().rfind("KARACHI: Defence Minister", 0), 0u);
  for (const std::string& passage : article.passages) {
    EXPECT_EQ(passage.find("Published in Dawn"), std::string::npos);
    EXPECT_EQ(passage.find("Editorial"), std::string::npos);
  }
}

TEST_F(SamplePage, SixEditorialsWithTitlesAndDates) {
  struct Expected {
    const char* title;
    const char* date;
    const char* starts;
  };
  const Expected expected[] = {
      {"First steps", "2024-05-29", "One hopes that this small change"},
      {"Rafah inferno", "2024-05-29", "THE level of barbarity"},
      {"On a whim", "2024-05-29", "THE sudden declaration of May 28"},
      {"Afghan puzzle", "2024-05-28", "Unless these elements are neutralised"},
      {"Attacking minorities", "2024-05-28", "Mobs turn into executioners"},
      {"Persistent scourge", "2024-05-29", "THE challenge of polio in Pakistan"},
  };
  ASSERT_EQ(page_.editorials.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const Document& e = page_.editorials[i];
    EXPECT_EQ(e.kind, "editorial");
    EXPECT_EQ(e.title, expected[i].title);
    EXPECT_EQ(e.date, expected[i].date) << e.title;
    EXPECT_EQ(e.section, "Editorial");
    ASSERT_EQ(e.passages.size(), 1u);
    EXPECT_EQ(e.passages[0].rfind(expected[i].starts, 0), 0u) << e.passages[0];
  }
}

TEST_F(SamplePage, EditorialIdentityIgnoresThePageItCameFrom) {
  const NewsPage other = parse_news_page(text_, "elsewhere/copy.txt", "other-page");
  ASSERT_EQ(other.editorials.size(), page_.editorials.size());
  for (std::size_t i = 0; i < other.editorials.size(); ++i)
    EXPECT_EQ(other.editorials[i].id, page_.editorials[i].id);
  EXPECT_NE(page_.editorials[0].id, page_.editorials[1].id);
}

struct PublishedCase {
  const char* body;
  const char* remaining;
  const char* date;  // "" when none
};

TEST(StripPublishedLine, Table) {
  const PublishedCase cases[] = {
      {"Text.\n\nPublished in Dawn, April 12th, 2023", "Text.", "2023-04-12"},
      {"Text.\nPublished in Dawn, EOS, March 10th, 2019\n", "Text.", "2019-03-10"},
      {"Text.\n\nPublished in Dawn, The Business and Finance Weekly, January 6th, 2025", "Text.", "2025-01-06"},
      {"Nothing to strip.", "Nothing to strip.", ""},
      {"Published in Dawn is how it starts.\nMore.", "Published in Dawn is how it starts.\nMore.", ""},
  };
  for (const PublishedCase& c : cases) {
    std::string body = c.body;
    const std::optional<std::string> date = strip_published_line(body);
    EXPECT_EQ(body, c.remaining) << c.body;
    EXPECT_EQ(date.value_or(""), c.date) << c.body;
  }
}

}  // namespace
}  // namespace quarry
