// The analyser's promises, one case per row: terms (unstemmed), positions and
// the byte offsets a highlighter relies on.
#include "analyser.h"

#include <gtest/gtest.h>

#include <random>

#include "quarry/error.h"
#include "utf8.h"

namespace quarry {
namespace {

// "term:position[begin,end]" for each token, space separated.
std::string describe(Analyser& analyser, const std::string& text) {
  std::string out;
  for (const Token& t : analyser.tokenize(text)) {
    if (!out.empty()) out += ' ';
    out += t.term + ":" + std::to_string(t.position) + "[" + std::to_string(t.begin) + "," +
           std::to_string(t.end) + "]";
  }
  return out;
}

struct Case {
  const char* name;
  const char* input;
  const char* expected;
};

const Case kCases[] = {
    {"plain words", "Night vision goggles", "night:0[0,5] vision:1[6,12] goggles:2[13,20]"},
    {"punctuation is not a word", "Asif, said: \"no\".", "asif:0[0,4] said:1[6,10] no:2[13,15]"},
    {"soft hyphen inside a word", "impo\u00adsed", "imposed:0[0,9]"},
    {"zero-width joiner inside a word", "co\u200dexist", "coexist:0[0,10]"},
    {"curly apostrophe possessive", "Pakistan\u2019s soil", "pakistan:0[0,12] soil:1[13,17]"},
    {"ascii apostrophe possessive", "minister's", "minister:0[0,10]"},
    {"plural possessive", "farmers' union", "farmers:0[0,7] union:1[9,14]"},
    {"contraction kept whole", "won\u2019t", "won't:0[0,7]"},
    {"thousands separator", "7,000 to 8,000", "7000:0[0,5] to:1[6,8] 8000:2[9,14]"},
    {"decimal kept", "1.5 percent", "1.5:0[0,3] percent:1[4,11]"},
    {"full-width letters", "\uff21\uff22\uff23", "abc:0[0,9]"},
    {"ligature", "\ufb01nance", "finance:0[0,8]"},
    {"latin diacritics folded", "Caf\u00e9 Z\u00fcrich", "cafe:0[0,5] zurich:1[6,13]"},
    {"arabic harakat folded", "\u0643\u064e\u062a\u064e\u0628\u064e", "\u0643\u062a\u0628:0[0,12]"},
    {"urdu word kept", "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646", "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646:0[0,14]"},
    {"hyphenated parts", "Tehreek-i-Taliban", "tehreek:0[0,7] i:1[8,9] taliban:2[10,17]"},
    {"no-break space separates", "Rs\u00a0500", "rs:0[0,2] 500:1[4,7]"},
    {"dateline", "KARACHI: Defence", "karachi:0[0,7] defence:1[9,16]"},
};

class AnalyserCases : public ::testing::TestWithParam<Case> {};

TEST_P(AnalyserCases, TermsPositionsOffsets) {
  Analyser analyser("english");
  EXPECT_EQ(describe(analyser, GetParam().input), GetParam().expected) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Table, AnalyserCases, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(Analyser, StemsOnlyWords) {
  Analyser analyser("english");
  const std::vector<Token> tokens = analyser.tokenize("coexisting 2023 militants");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(analyser.index_term(tokens[0]), "coexist");
  EXPECT_EQ(analyser.index_term(tokens[1]), "2023");
  EXPECT_EQ(analyser.index_term(tokens[2]), "milit");
}

TEST(Analyser, ChineseIsSegmentedIntoWords) {
  Analyser analyser("english");
  // 我们喜欢北京 ("we like Beijing"): ICU's dictionary finds 北京 inside the run.
  bool found = false;
  for (const Token& t : analyser.tokenize("\u6211\u4eec\u559c\u6b22\u5317\u4eac"))
    found |= t.term == "\u5317\u4eac";
  EXPECT_TRUE(found);
}

TEST(Analyser, LanguageNoneDoesNotStem) {
  Analyser analyser("none");
  const std::vector<Token> tokens = analyser.tokenize("running");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(analyser.index_term(tokens[0]), "running");
}

TEST(Analyser, UnknownLanguageIsAUsageError) {
  EXPECT_THROW(Analyser("klingon"), quarry::Error);
}

// Invariants on hostile input: offsets inside the text, on code point
// boundaries, never going backwards; no crash on invalid UTF-8.
TEST(Analyser, OffsetsStayValidOnRandomInput) {
  Analyser analyser("english");
  std::mt19937 random(20261126);
  const std::vector<std::string> pieces = {"a", "Z", "7", ",", ".", " ", "\n", "\u00ad", "\u2019",
                                           "\u00e9", "\u0643", "\u5317", "\xff", "\xc3", "\x80",
                                           "'", "-", "\u200b", "\ufeff", "\U0001F600"};
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int length = static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
    std::string repaired = text;
    // Invalid bytes are one replacement character each, so boundary checks
    // apply to valid text only; bounds and order apply to all.
    const bool valid = repair_utf8(repaired) == 0;
    std::uint32_t last_begin = 0;
    std::uint32_t last_position = 0;
    bool first = true;
    for (const Token& t : analyser.tokenize(text)) {
      ASSERT_LE(t.begin, t.end);
      ASSERT_LE(t.end, text.size());
      ASSERT_FALSE(t.term.empty());
      if (valid) {
        ASSERT_NE(static_cast<unsigned char>(text[t.begin]) & 0xC0, 0x80u) << "begin inside a code point";
      }
      if (valid && t.end < text.size()) {
        ASSERT_NE(static_cast<unsigned char>(text[t.end]) & 0xC0, 0x80u) << "end inside a code point";
      }
      if (!first) {
        ASSERT_GE(t.begin, last_begin);
        ASSERT_GT(t.position, last_position);
      }
      first = false;
      last_begin = t.begin;
      last_position = t.position;
    }
  }
}

TEST(Analyser, VeryLongWordIsDroppedNotFatal) {
  Analyser analyser("english");
  const std::string text = "before " + std::string(100000, 'x') + " after";
  const std::vector<Token> tokens = analyser.tokenize(text);
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].term, "before");
  EXPECT_EQ(tokens[1].term, "after");
  EXPECT_EQ(tokens[1].position, 2u);  // the long word still took a position
}

}  // namespace
}  // namespace quarry
