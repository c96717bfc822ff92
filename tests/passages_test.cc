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

TEST(Passages, EmptyTextHasNoPassages) { EXPECT_TRUE(split_passages(" \n\n \n").empty()); }

}  // namespace
}  // namespace quarry
