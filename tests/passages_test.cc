#include "passages.h"

#include <gtest/gtest.h>

namespace quarry {
namespace {

TEST(Passages, ParagraphsBecomePassages) {
  const std::string a(320, 'a'), b(320, 'b');
  const std::vector<std::string> passages = split_passages(a + "\n\n" + b);
  EXPECT_EQ(passages, (std::vector<std::string>{a, b}));
}

TEST(Passages, ShortParagraphsJoinTheNext) {
  const std::vector<std::string> passages = split_passages("One line.\n\nAnother line.");
  ASSERT_EQ(passages.size(), 1u);
  EXPECT_EQ(passages[0], "One line.\nAnother line.");
}

TEST(Passages, LongParagraphsAreCutAtSentenceEnds) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "This is sentence number " + std::to_string(i) + ". ";
  const std::vector<std::string> passages = split_passages(text, 400);
  ASSERT_GT(passages.size(), 2u);
  for (const std::string& p : passages) {
    EXPECT_LE(p.size(), 400u + 100u);
    EXPECT_EQ(p.back(), '.') << p;
  }
}

TEST(Passages, OneGiantWordIsCutOnCharacterBoundaries) {
  std::string word;
  for (int i = 0; i < 1000; ++i) word += "\u00e9";  // two bytes each
  for (const std::string& p : split_passages(word, 301))
    EXPECT_NE(static_cast<unsigned char>(p[0]) & 0xC0, 0x80u);
}

// TIME's and Cranfield's texts are wrapped at ~70 columns with no blank
// lines: taken line by line, passages were joined lines cut mid-sentence.
TEST(Issue18, HardWrappedTextIsCutAtSentenceEndsNotAtLineEnds) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "THE U.S . SENT AID TO THE REGION AGAIN IN WEEK " + std::to_string(i) + " .";
  std::string wrapped;  // the same text at 60 columns
  std::size_t column = 0;
  for (char c : text) {
    if (c == ' ' && column >= 60) {
      wrapped += '\n';
      column = 0;
    } else {
      wrapped += c;
      ++column;
    }
  }
  const std::vector<std::string> passages = split_passages(wrapped, 500);
  ASSERT_GT(passages.size(), 2u);
  for (const std::string& p : passages) EXPECT_EQ(p.back(), '.') << p;
}

TEST(Issue18, LinesLongerThanAWrapAreStillParagraphs) {
  const std::string a(320, 'a'), b(320, 'b'), c(320, 'c');
  EXPECT_EQ(split_passages(a + "\n" + b + "\n" + c), (std::vector<std::string>{a, b, c}));
}

TEST(Passages, EmptyTextHasNoPassages) { EXPECT_TRUE(split_passages(" \n\n \n").empty()); }

}  // namespace
}  // namespace quarry
