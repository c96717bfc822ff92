// The analyser's promises, one case per row: terms (unstemmed), positions and
// the byte offsets a highlighter relies on.
#include "analyser.h"

#include <gtest/gtest.h>

#include <unicode/utf8.h>

#include <random>

#include <xapian.h>

#include "quarry/error.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "schema.h"
#include "temp_dir.h"
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
    // ... and it leaves an empty position, so that no phrase spans it (issue
    // 14.5); spaces and a compound's joiners do not.
    {"punctuation is not a word", "Asif, said: \"no\".", "asif:0[0,4] said:2[6,10] no:4[13,15]"},
    {"dateline", "KARACHI: Defence", "karachi:0[0,7] defence:2[9,16]"},
    {"comma between compound parts", "JUI-F, 16", "jui:0[0,3] f:1[4,5] 16:3[7,9]"},
    {"slash between letters", "u/s 17", "u:0[0,1] s:2[2,3] 17:3[4,6]"},
    {"sentence end joins", "U.S. tariffs", "u:0[0,1] s:1[2,3] tariffs:2[5,12]"},
    {"symbols and signs do not separate", "raised $5 and 50% more", "raised:0[0,6] 5:1[8,9] and:2[10,13] 50:3[14,16] more:4[18,22]"},
    {"ampersand joins", "R&D spending", "r:0[0,1] d:1[2,3] spending:2[4,12]"},

    // Invisible characters: removed from the term, kept inside the word's
    // bytes so that the whole printed word is highlighted.
    {"soft hyphen inside a word", "impo\u00adsed", "imposed:0[0,9]"},
    {"zero-width joiner inside a word", "co\u200dexist", "coexist:0[0,10]"},
    {"byte order mark inside a word", "co\ufeffexist", "coexist:0[0,10]"},
    {"word joiner inside a word", "im\u2060posed", "imposed:0[0,10]"},
    {"byte order mark before the text", "\ufeffHello world", "hello:0[3,8] world:1[9,14]"},
    {"zero-width non-joiner in urdu", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
     "\u0645\u06cc\u062e\u0648\u0627\u0647\u0645:0[0,17]"},
    // Both are spaces to their writers, so they separate words.
    {"no-break space separates", "Rs\u00a0500", "rs:0[0,2] 500:1[4,7]"},
    {"zero-width space separates", "a\u200bb", "a:0[0,1] b:1[4,5]"},

    // Apostrophes: every spelling is one, possessive 's takes no position.
    {"curly apostrophe possessive", "Pakistan\u2019s soil", "pakistan:0[0,12] soil:1[13,17]"},
    {"left quote used as apostrophe", "Pakistan\u2018s", "pakistan:0[0,12]"},
    {"ascii apostrophe possessive", "minister's", "minister:0[0,10]"},
    {"plural possessive", "farmers' union", "farmers:0[0,7] union:1[9,14]"},
    {"phrase across a possessive", "President\u2019s speech", "president:0[0,13] speech:1[14,20]"},
    {"contraction kept whole", "won\u2019t", "won't:0[0,7]"},
    {"modifier letter apostrophe", "don\u02bct", "don't:0[0,6]"},
    {"full-width apostrophe", "don\uff07t", "don't:0[0,7]"},
    {"apostrophe inside a name", "O\u2019Brien", "o'brien:0[0,9]"},
    // French and Italian elisions are dropped, the whole word marked (qa-analyser).
    {"french elision", "l\u2019\u00c9tat d'Italie QU'IL jusqu'\u00e0", "etat:0[0,9] italie:1[10,18] il:2[19,24] a:3[25,33]"},
    {"italian elision", "dell'Italia all\u2019estero", "italia:0[0,11] estero:1[12,24]"},
    {"not an elision", "aujourd'hui rock'n'roll", "aujourd'hui:0[0,11] rock'n'roll:1[12,23]"},

    // Compound forms are cut into parts at consecutive positions: each part
    // is a word, and the whole form typed as a query is their phrase.
    {"hyphenated parts", "Tehreek-i-Taliban", "tehreek:0[0,7] i:1[8,9] taliban:2[10,17]"},
    {"hyphenated phrase", "state-of-the-art", "state:0[0,5] of:1[6,8] the:2[9,12] art:3[13,16]"},
    {"domain name", "Dawn.com", "dawn:0[0,4] com:1[5,8]"},
    {"domain name possessive", "Dawn.com\u2019s", "dawn:0[0,4] com:1[5,12]"},
    {"dotted abbreviation is not the word us", "U.S. and", "u:0[0,1] s:1[2,3] and:2[5,8]"},
    {"full-width dotted abbreviation", "\uff35\uff0e\uff33\uff0e", "u:0[0,3] s:1[6,9]"},
    {"email address", "name@mail.com", "name:0[0,4] mail:1[5,9] com:2[10,13]"},
    {"underscore", "snake_case", "snake:0[0,5] case:1[6,10]"},
    {"hyphenated and glued designations agree", "F-16 F16", "f:0[0,1] 16:1[2,4] f:2[5,6] 16:3[6,8]"},
    {"non-breaking hyphen", "F\u201116", "f:0[0,1] 16:1[4,6]"},
    {"letters and digits", "FY25 T20 COVID-19", "fy:0[0,2] 25:1[2,4] t:2[5,6] 20:3[6,8] covid:4[9,14] 19:5[15,17]"},
    {"decade and ordinal", "1990s 21st", "1990:0[0,4] s:1[4,5] 21:2[6,8] st:3[8,10]"},

    // Numbers: group separators are presentation, a decimal point is not.
    {"thousands separator", "7,000 to 8,000", "7000:0[0,5] to:1[6,8] 8000:2[9,14]"},
    {"lakh grouping", "1,00,000", "100000:0[0,8]"},
    {"narrow no-break space grouping", "7\u202f000", "7000:0[0,7]"},
    {"decimal kept", "1.5 percent", "1.5:0[0,3] percent:1[4,11]"},
    {"grouped decimal", "7,000.50", "7000.50:0[0,8]"},
    {"several points are not one quantity", "12.05.2024", "12:0[0,2] 05:1[3,5] 2024:2[6,10]"},
    {"currency glued to an amount", "Rs1.2bn", "rs:0[0,2] 1.2:1[2,5] bn:2[5,7]"},
    {"currency glued to a grouped amount", "Rs100,000", "rs:0[0,2] 100000:1[2,9]"},
    {"dollar sign is not a word", "$5", "5:0[1,2]"},
    {"percent sign is not a word", "4.3%", "4.3:0[0,3]"},
    {"extended arabic-indic digits", "\u06f7\u06f0\u06f0\u06f0", "7000:0[0,8]"},
    {"arabic decimal and group separators", "\u0667\u066b\u0665 \u0667\u066c\u0665\u0660\u0660",
     "7.5:0[0,6] 7500:1[7,17]"},

    // Case and compatibility forms.
    {"full-width letters", "\uff21\uff22\uff23", "abc:0[0,9]"},
    {"ligature", "\ufb01nance", "finance:0[0,8]"},
    {"sharp s", "Stra\u00dfe", "strasse:0[0,7]"},
    {"dotted capital i", "\u0130stanbul", "istanbul:0[0,9]"},
    {"latin diacritics folded", "Caf\u00e9 Z\u00fcrich", "cafe:0[0,5] zurich:1[6,13]"},
    {"decomposed diacritics folded", "Zu\u0308rich", "zurich:0[0,8]"},

    // Superscript and subscript digits are numbers of their own (qa-analyser).
    {"superscript digit", "x\u00b2", "x:0[0,1] 2:1[1,3]"},
    {"subscript digits in formulas", "H\u2082O CO\u2082", "h:0[0,1] 2:1[1,4] o:2[4,5] co:3[6,8] 2:4[8,11]"},
    {"superscripts stay apart from digits", "2019\u00b9 x\u00b9\u2070", "2019:0[0,4] 1:1[4,6] x:2[7,8] 10:3[8,13]"},
    {"circled digits", "\u2460\u2461 \u2469", "12:0[0,6] 10:1[7,10]"},
    {"superscript minus", "10\u207b\u00b3", "10:0[0,2] 3:1[5,7]"},
    {"vulgar fraction is no number", "\u00bd", ""},

    // Latin letters without a decomposition, typed plain by most.
    {"dotless i", "I\u011fd\u0131r", "igdir:0[0,7]"},
    {"stroke letters", "\u0141\u00f3d\u017a \u00d8resund \u0110akovo Ma\u0127mud",
     "lodz:0[0,7] oresund:1[8,16] dakovo:2[17,24] mahmud:3[25,32]"},
    {"ae and oe", "\u00c6sir \u0153uvre", "aesir:0[0,5] oeuvre:1[6,12]"},

    // Other scripts.
    {"greek tonos folded", "\u0391\u03b8\u03ae\u03bd\u03b1 \u0391\u0398\u0397\u039d\u0391",
     "\u03b1\u03b8\u03b7\u03bd\u03b1:0[0,10] \u03b1\u03b8\u03b7\u03bd\u03b1:1[11,21]"},
    {"hebrew niqqud folded", "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd", "\u05e9\u05dc\u05d5\u05dd:0[0,14]"},
    {"cyrillic yo is ye", "\u0401\u043b\u043a\u0430", "\u0435\u043b\u043a\u0430:0[0,8]"},
    {"cyrillic short i kept", "\u0439\u043e\u0433", "\u0439\u043e\u0433:0[0,6]"},
    {"arabic keyboard letters in urdu", "\u067e\u0627\u0643\u0633\u062a\u0627\u0646 \u0639\u0644\u064a \u0645\u0648\u0633\u0649 \u0645\u062f\u0631\u0633\u0629",
     "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646:0[0,14] \u0639\u0644\u06cc:1[15,21] \u0645\u0648\u0633\u06cc:2[22,30] \u0645\u062f\u0631\u0633\u0647:3[31,41]"},
    {"urdu heh goal", "\u06a9\u06c1\u0627", "\u06a9\u0647\u0627:0[0,6]"},
    {"arabic harakat folded", "\u0643\u064e\u062a\u064e\u0628\u064e", "\u06a9\u062a\u0628:0[0,12]"},
    {"arabic hamza on alef folded", "\u0623\u062d\u0645\u062f", "\u0627\u062d\u0645\u062f:0[0,8]"},
    {"arabic tatweel dropped", "\u0643\u0640\u062a\u0627\u0628", "\u06a9\u062a\u0627\u0628:0[0,10]"},
    {"urdu word kept", "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646", "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646:0[0,14]"},
    // Devanagari vowel signs are letters of the word, not accents.
    {"devanagari marks kept", "\u0939\u093f\u0902\u0926\u0940", "\u0939\u093f\u0902\u0926\u0940:0[0,15]"},
    {"japanese segmented", "\u65e5\u672c\u8a9e\u3092\u52c9\u5f37",
     "\u65e5\u672c\u8a9e:0[0,9] \u3092:1[9,12] \u52c9\u5f37:2[12,18]"},
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

// Letter parts of a compound are words like any other; its numbers are not.
TEST(Analyser, PartsOfCompoundsStemLikeWords) {
  Analyser analyser("english");
  const std::vector<Token> tokens = analyser.tokenize("Rs1.2bn COVID-19 北京");
  std::vector<bool> stemmable;
  for (const Token& t : tokens) stemmable.push_back(t.stemmable);
  EXPECT_EQ(stemmable, (std::vector<bool>{true, false, true, true, false, false}));
}

TEST(Analyser, PositionsStartWhereAsked) {
  Analyser analyser("english");
  std::vector<Token> tokens;
  analyser.tokenize("Dawn.com reports", tokens, 7);
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].position, 7u);
  EXPECT_EQ(tokens[2].position, 9u);
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

// Turkish case endings after a proper noun's apostrophe are dropped with
// --language turkish (qa-analyser: istanbul did not find "İstanbul'da");
// other languages keep "Qur'an" and "O'Brien" whole.
TEST(QaAnalyser, TurkishCaseEndingsAfterAnApostropheAreDropped) {
  Analyser turkish("turkish"), english("english");
  EXPECT_EQ(describe(turkish, "\u0130stanbul'da Erdo\u011fan\u2019\u0131n"), "istanbul:0[0,12] erdogan:1[13,27]");
  EXPECT_EQ(describe(english, "Qur\u2019an O'Brien"), "qur'an:0[0,8] o'brien:1[9,16]");
}

TEST(Analyser, UnknownLanguageIsAUsageError) {
  EXPECT_THROW(Analyser("klingon"), quarry::Error);
}

// What highlighting, phrase matching and Xapian rely on, for any input:
// offsets inside the text and on code point boundaries, tokens in order and
// not overlapping, positions strictly increasing, terms non-empty and short
// enough for Xapian, and at most one token per code point.
void expect_invariants(const std::string& text, const std::vector<Token>& tokens) {
  // Invalid bytes are one replacement character each, so boundary checks
  // apply to valid text only; bounds and order apply to all.
  std::string repaired = text;
  const bool valid = repair_utf8(repaired) == 0;
  auto on_boundary = [&](std::uint32_t offset) {
    return offset == text.size() || (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
  };
  std::size_t code_points = 0;
  for (unsigned char c : text) code_points += (c & 0xC0) != 0x80;
  ASSERT_LE(tokens.size(), code_points);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    ASSERT_LT(t.begin, t.end);
    ASSERT_LE(t.end, text.size());
    ASSERT_FALSE(t.term.empty());
    ASSERT_LE(t.term.size(), 245u) << "Xapian's limit on a term";
    if (valid) {
      ASSERT_TRUE(on_boundary(t.begin)) << "begin inside a code point";
      ASSERT_TRUE(on_boundary(t.end)) << "end inside a code point";
    }
    if (i > 0) {
      ASSERT_GE(t.begin, tokens[i - 1].end) << "tokens overlap";
      ASSERT_GT(t.position, tokens[i - 1].position);
    }
  }
}

std::string random_text(std::mt19937& random, const std::vector<std::string>& pieces, int max_pieces) {
  std::string text;
  const int length = static_cast<int>(random() % static_cast<unsigned>(max_pieces));
  for (int i = 0; i < length; ++i) text += pieces[random() % pieces.size()];
  return text;
}

// The characters the analyser treats specially, and some it must survive.
const std::vector<std::string> kHostilePieces = {
    "a", "Z", "7", "0", ",", ".", " ", "\n", "'", "-", "_", "@", ":", "$", "%", "\u00ad", "\u2019",
    "\u2018", "\u02bc", "\u00e9", "e\u0301", "\u0301", "\u0643", "\u064e", "\u0640", "\u06f7", "\u066b",
    "\u066c", "\u202f", "\u00a0", "\uff0e", "\uff21", "\ufb01", "\u0130", "\u00df", "\u200b", "\u200c",
    "\u200d", "\ufeff", "\u00b2", "\u2082", "\u2460", "\u0131", "\u0401", "l", "qu", "d'", "\u5317", "\u4eac", "\u3059", "\u0e01", "\uac00", "\U0001F600", "\xff", "\xc3",
    "\x80", "\xe2\x80", "\xf0\x9f"};

TEST(Analyser, InvariantsHoldOnRandomPieces) {
  Analyser analyser("english");
  std::mt19937 random(20261126);
  for (int round = 0; round < 5000; ++round) {
    const std::string text = random_text(random, kHostilePieces, 40);
    expect_invariants(text, analyser.tokenize(text));
    if (HasFatalFailure()) return;
  }
}

TEST(Analyser, InvariantsHoldOnRandomBytes) {
  Analyser analyser("english");
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string text(random() % 64, '\0');
    for (char& c : text) c = static_cast<char>(random());
    expect_invariants(text, analyser.tokenize(text));
    if (HasFatalFailure()) return;
  }
}

TEST(Analyser, InvariantsHoldOnRandomCodePoints) {
  Analyser analyser("english");
  std::mt19937 random(11);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int i = static_cast<int>(random() % 32); i > 0; --i) {
      // Mostly the Basic Multilingual Plane, where the scripts are.
      UChar32 c = static_cast<UChar32>(random() % (random() % 8 ? 0x10000 : 0x110000));
      if (U_IS_SURROGATE(c)) c = 'x';
      char bytes[4];
      int32_t n = 0;
      U8_APPEND_UNSAFE(bytes, n, c);
      text.append(bytes, static_cast<std::size_t>(n));
    }
    expect_invariants(text, analyser.tokenize(text));
    if (HasFatalFailure()) return;
  }
}

TEST(Analyser, InvariantsHoldOnLongLines) {
  Analyser analyser("english");
  std::mt19937 random(3);
  // One long line of everything, and long runs that ICU keeps as one word.
  const std::vector<std::string> texts = {
      random_text(random, kHostilePieces, 200000),
      std::string(200000, '7'),
      [] { std::string s; for (int i = 0; i < 50000; ++i) s += "a1."; return s; }(),
      [] { std::string s; for (int i = 0; i < 50000; ++i) s += "1,0"; return s; }(),
      [] { std::string s; for (int i = 0; i < 50000; ++i) s += "\u0643\u064e"; return s; }(),
      [] { std::string s; for (int i = 0; i < 50000; ++i) s += "\u5317\u4eac"; return s; }(),
      std::string(100000, '\xad'),
  };
  for (const std::string& text : texts) {
    expect_invariants(text, analyser.tokenize(text));
    if (HasFatalFailure()) return;
  }
}

// The query parser analyses what the user types with this same analyser, so
// every word as printed, typed alone, must come back as the same term: that
// is what makes anything indexed findable by typing it.
TEST(Analyser, EveryTokenTypedAloneIsTheSameTerm) {
  Analyser analyser("english");
  std::mt19937 random(5);
  for (int round = 0; round < 5000; ++round) {
    std::string text = random_text(random, kHostilePieces, 24);
    if (repair_utf8(text) != 0) continue;  // the indexer repairs text before analysing it
    for (const Token& t : analyser.tokenize(text)) {
      const std::string typed = text.substr(t.begin, t.end - t.begin);
      const std::vector<Token> again = analyser.tokenize(typed);
      ASSERT_EQ(again.size(), 1u) << "text: " << text << " word: " << typed;
      ASSERT_EQ(again[0].term, t.term) << "text: " << text << " word: " << typed;
    }
  }
}

// What a user types on a plain keyboard must find what is printed: the same
// terms at the same distances. x2 did not find "x²" (qa-analyser).
TEST(QaAnalyser, PlainTypingFindsPrintedForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"x\u00b2", "x2"},
      {"H\u2082O", "h2o"},
      {"CO\u2082-Emissionen", "co2 emissionen"},
      {"92 m\u00b2 Wohnung", "92 m2 wohnung"},
      {"10\u207b\u00b3", "10-3"},
      {"I\u011fd\u0131r", "Igdir"},
      {"\u0131stanbul", "ISTANBUL"},
      {"\u0141\u00f3d\u017a", "Lodz"},
      {"\u00d8resund", "Oresund"},
      {"\u0391\u0398\u0397\u039d\u0391", "\u0391\u03b8\u03ae\u03bd\u03b1"},
      {"\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd", "\u05e9\u05dc\u05d5\u05dd"},
      {"\u0401\u043b\u043a\u0430", "\u0435\u043b\u043a\u0430"},
      {"l\u2019\u00c9tat fran\u00e7ais", "etat francais"},
      {"dell'Italia", "Italia"},
      {"\u067e\u0627\u0643\u0633\u062a\u0627\u0646", "\u067e\u0627\u06a9\u0633\u062a\u0627\u0646"},
      {"\u0645\u062f\u0631\u0633\u0629", "\u0645\u062f\u0631\u0633\u0647"},
  };
  Analyser analyser("english");
  auto words = [&](const char* text) {
    std::string out;
    const std::vector<Token> tokens = analyser.tokenize(text);
    for (const Token& t : tokens)
      out += analyser.index_term(t) + ":" + std::to_string(t.position - tokens.front().position) + " ";
    return out;
  };
  for (const auto& [printed, typed] : cases) EXPECT_EQ(words(printed), words(typed)) << printed << " typed " << typed;
}

// A section, author or site is folded as its words are (filter-fold:
// section:istanbul did not find "İstanbul"): the same letters as tokenize's
// terms, the value's spaces and punctuation kept, nothing cut as from a word.
TEST(FilterFold, AFieldValueFoldsAsItsWordsDo) {
  const std::pair<const char*, const char*> cases[] = {
      {"\u0130stanbul", "istanbul"},        {"ISTANBUL", "istanbul"},       {"\u0131stanbul", "istanbul"},
      {"\u00c9conomie", "economie"},        {"\u00c9CONOMIE", "economie"},  {"Zo\u00eb \u00c5lund", "zoe alund"},
      {"Stra\u00dfe", "strasse"},           {"\u0141\u00f3d\u017a", "lodz"},
      {"\u0391\u0398\u0397\u039d\u0391", "\u03b1\u03b8\u03b7\u03bd\u03b1"},
      {"\u041c\u041e\u0421\u041a\u0412\u0410", "\u043c\u043e\u0441\u043a\u0432\u0430"},
      {"\u0401\u043b\u043a\u0430", "\u0435\u043b\u043a\u0430"},
      {"Bo O\u2019Brien", "bo o'brien"},    {"Dawn's Review", "dawn's review"},  // no possessive dropped
      {"Sci/Tech", "sci/tech"},             {"B\u00fccher.example", "bucher.example"},
      {"\uff37\uff4f\uff52\uff4c\uff44", "world"},  // full-width
  };
  Analyser analyser("english");
  for (const auto& [value, folded] : cases) {
    EXPECT_EQ(Analyser::fold_value(value), folded) << value;
    // Word by word, the terms tokenize gives the value's words.
    std::string words;
    for (const Token& t : analyser.tokenize(value)) words += (words.empty() ? "" : " ") + t.term;
    std::string expected_words;
    for (const Token& t : analyser.tokenize(folded)) expected_words += (expected_words.empty() ? "" : " ") + t.term;
    EXPECT_EQ(words, expected_words) << value;
  }
}

// tokenize takes plain ASCII words between spaces without ICU; whatever the
// text, it must find exactly the tokens ICU finds (tokenize_with_icu).
void expect_same_as_icu(Analyser& analyser, const std::string& text) {
  std::vector<Token> fast, icu;
  analyser.tokenize(text, fast, 1);
  analyser.tokenize_with_icu(text, icu, 1);
  ASSERT_EQ(fast.size(), icu.size()) << "text: " << text;
  for (std::size_t i = 0; i < fast.size(); ++i) {
    EXPECT_EQ(fast[i].term, icu[i].term) << "text: " << text;
    EXPECT_EQ(fast[i].begin, icu[i].begin) << "text: " << text;
    EXPECT_EQ(fast[i].end, icu[i].end) << "text: " << text;
    EXPECT_EQ(fast[i].position, icu[i].position) << "text: " << text;
    EXPECT_EQ(fast[i].stemmable, icu[i].stemmable) << "text: " << text;
  }
}

TEST(Analyser, FastPathFindsWhatIcuFinds) {
  Analyser analyser("english");
  const std::string cases[] = {
      "Plain words, (in brackets) and \"quotes\"! Done.",
      "_lead trail_ in_side @user mail@example.com a@ @b",   // ICU joins '_' and '@'
      "U.S. Dawn.com 7,000 1.5 4.3% Rs1.2bn F16 f-16 don't ’s Pakistan’s",
      "x\r\ny\tz\fw\vv  ", "  leading and trailing  ", "", " ", "...", "-- --",
      "a \u0301b",                 // a mark after a space belongs to the space
      "word\u00a0word", "\u201cCurly\u201d (\u2018quoted\u2019) \u2014 dash",
      "Karachi: 12:30 a:b 3:4 x:", "soft\u00adhyphen", "e\u0301cole cafe\u0301",
      "(PTI) [AFP] {x} <y> #tag $5 5$ 100% ^caret `tick` ~tilde |pipe| \\slash/",
      "\u5317\u4eac abc \u3059 123", "\xff\xfe broken \xc3 bytes\x80",
  };
  for (const std::string& text : cases) {
    expect_same_as_icu(analyser, text);
    if (HasFailure()) return;
  }
  std::vector<std::string> pieces = kHostilePieces;
  for (const char* extra : {"\t", "\r", "  ", "(", ")", "\"", "!", "?", ";", "/", "#", "ab", "12", "x9"})
    pieces.push_back(extra);
  std::mt19937 random(29);
  for (int round = 0; round < 20000; ++round) {
    expect_same_as_icu(analyser, random_text(random, pieces, 30));
    if (HasFailure()) return;
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

// A new analyser version (4: superscripts, ı ł ø, Greek marks) cuts some
// words differently: a database of the previous one would silently miss
// them, so it is refused, named, with what to do, and never written into.
TEST(QaAnalyser, ADatabaseOfThePreviousAnalyserIsRefusedWithWhatToDo) {
  test::TempDir dir;
  IndexOptions options;
  options.db_path = dir.path() + "/db";
  {
    Indexer indexer(options);
    DocumentInput in;
    in.id = "d1";
    in.kind = "article";
    in.body = "The curve rises as x\u00b2.";
    indexer.add_document(in);
    indexer.commit();
  }
  const std::string previous = std::string(Analyser::kName) + "/" + std::to_string(Analyser::kVersion - 1);
  {
    Xapian::WritableDatabase db(options.db_path, Xapian::DB_OPEN);
    db.set_metadata(schema::kAnalyserKey, previous);
    db.commit();
  }
  try {
    Searcher searcher(options.db_path);
    ADD_FAILURE() << "searched a database of another analyser";
  } catch (const DatabaseError& e) {
    const std::string message = e.what();
    for (const std::string& part : {options.db_path, previous, Analyser::id(), std::string("re-index"), std::string("new database")})
      EXPECT_NE(message.find(part), std::string::npos) << part << " in: " << message;
  }
  EXPECT_THROW(
      {
        Indexer indexer(options);
        DocumentInput in;
        in.id = "d2";
        in.kind = "article";
        in.body = "H\u2082O";
        indexer.add_document(in);
        indexer.commit();
      },
      DatabaseError);
  EXPECT_EQ(Xapian::Database(options.db_path).get_doccount(), 1u);
}

}  // namespace
}  // namespace quarry
