// Text analysis end to end: each rule of the analyser, proved by indexing a
// fixture corpus with quarry-index and searching it with quarry-search as a
// user would. A case passes when the query finds exactly the one document
// that holds the tricky text and the highlighted bytes are exactly the words
// that match. The fixture (tests/fixtures/analysis/) is written so that every
// query's words occur in one document only.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

struct Case {
  std::string rule;
  std::string query;
  std::string doc;                      // the document id's end; empty: no document matches
  std::vector<std::string> highlights;  // the highlighted bytes of the hit, in order
  std::string db = "english";           // which fixture database to search
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.rule << ": " << c.query; }

const std::vector<Case> kCases = {
    // Invisible characters do not split a word, and the whole printed word is marked.
    {"soft hyphen", "approved", "invisible.txt", {"appro\u00adved"}},
    {"soft hyphen typed in the query", "appro\u00adved", "invisible.txt", {"appro\u00adved"}},
    {"soft hyphen, unstemmed", "schedule", "invisible.txt", {"sched\u00adule"}},
    {"zero-width joiner", "coordination", "invisible.txt", {"co\u200dordination"}},
    {"zero-width non-joiner", "peshawar", "invisible.txt", {"Pesha\u200cwar"}},
    {"byte order mark before a word", "clerks", "invisible.txt", {"Clerks"}},
    {"no-break space inside a phrase", "\"quetta cantonment\"", "invisible.txt", {"Quetta\u00a0Cantonment"}},

    // Apostrophes: either spelling, bare or possessive, and phrases across them.
    {"possessive found by the bare word", "pakistan", "an-apostrophes", {"Pakistan\u2019s"}},
    {"ascii possessive finds typographic", "Pakistan's", "an-apostrophes", {"Pakistan\u2019s"}},
    {"typographic possessive", "Pakistan\u2019s", "an-apostrophes", {"Pakistan\u2019s"}},
    {"ascii possessive found by the bare word", "minister", "an-apostrophes", {"minister's"}},
    {"plural possessive", "farmers", "an-apostrophes", {"farmers"}},
    {"phrase across a possessive", "\"president speech\"", "an-apostrophes", {"President\u2019s speech"}},
    {"phrase with a possessive typed", "\"President's speech\"", "an-apostrophes", {"President\u2019s speech"}},
    {"contraction, ascii typed", "won't", "an-apostrophes", {"won\u2019t"}},
    {"french elision: the word alone", "etat", "an-elision", {"l\u2019\u00c9tat"}},
    {"french elision typed", "l'\u00e9tat", "an-elision", {"l\u2019\u00c9tat"}},
    {"italian elision: the word alone", "italia", "an-elision", {"dell'Italia"}},

    // Hyphenated and dotted forms: the whole form, and the parts a user expects.
    {"hyphenated name whole", "Tehreek-i-Taliban", "an-hyphens", {"Tehreek-i-Taliban"}},
    {"hyphenated name part", "taliban", "an-hyphens", {"Taliban"}},
    {"hyphenated phrase whole", "state-of-the-art", "an-designations", {"state-of-the-art"}},
    {"hyphenated phrase typed with spaces", "\"state of the art\"", "an-designations", {"state-of-the-art"}},
    {"designation", "F-16", "an-designations", {"F-16"}},
    {"designation typed without hyphen", "f16", "an-designations", {"F-16"}},
    {"domain whole", "Dawn.com", "an-dotted", {"Dawn.com"}},
    {"domain part", "dawn", "an-dotted", {"Dawn"}},
    {"dotted abbreviation", "U.S.", "an-dotted", {"U.S"}},
    {"dotted abbreviation in a phrase", "\"U.S. officials\"", "an-dotted", {"U.S. officials"}},
    // U.S. is not the word "us": it is never folded into it.
    {"dotted abbreviation is not us", "us", "", {}},
    {"email address", "desk@example.org", "an-dotted", {"desk@example.org"}},
    {"email address part", "example", "an-dotted", {"example"}},

    // Numbers.
    {"grouped number found ungrouped", "7000", "an-numbers", {"7,000"}},
    {"grouped number typed", "7,000", "an-numbers", {"7,000"}},
    {"percentage", "4.3%", "an-numbers", {"4.3"}},
    {"decimal", "1.5", "an-numbers", {"1.5"}},
    {"currency-attached amount whole", "Rs1.2bn", "an-money", {"Rs1.2bn"}},
    {"currency-attached amount without currency", "1.2bn", "an-money", {"1.2bn"}},
    {"currency alone", "rs", "an-money", {"Rs", "Rs"}},
    {"dollar amount", "$5", "an-money", {"5"}},
    // Western and South Asian grouping are the same number.
    {"grouping styles", "100000", "an-money", {"100,000", "1,00,000"}},
    {"dotted date part", "2024", "an-money", {"2024"}},
    {"dotted date whole", "12.05.2024", "an-money", {"12.05.2024"}},

    // Case, compatibility forms and Latin diacritics; the snippet keeps the original.
    {"diacritic folded", "cafe", "an-folding", {"Caf\u00e9"}},
    {"diacritic typed in capitals", "CAF\u00c9", "an-folding", {"Caf\u00e9"}},
    {"umlaut folded", "zurich", "an-folding", {"Z\u00fcrich"}},
    {"ligature", "finance", "an-folding", {"\ufb01nance"}},
    {"precomposed query, decomposed text", "Jos\u00e9", "an-folding", {"Jose\u0301"}},
    {"full-width letters", "unicef", "an-folding", {"\uff35\uff2e\uff29\uff23\uff25\uff26"}},
    {"sharp s", "strasse", "an-folding", {"Stra\u00dfe"}},

    // Superscript and subscript digits, typed plain (qa-analyser: x2 did not find x²).
    {"superscript typed plain", "x2", "an-formulas", {"x\u00b2"}},
    {"unit with superscript typed plain", "m2", "an-formulas", {"m\u00b2"}},
    {"subscript typed plain", "h2o", "an-formulas", {"H\u2082O"}},
    {"subscript typed as printed", "CO\u2082", "an-formulas", {"CO\u2082"}},
    // Latin letters without a decomposition, and other scripts' marks.
    {"dotless i typed plain", "igdir", "an-letters", {"I\u011fd\u0131r"}},
    {"stroke l typed plain", "lodz", "an-letters", {"\u0141\u00f3d\u017a"}},
    {"slashed o typed plain", "oresund", "an-letters", {"\u00d8resund"}},
    {"greek capitals found with tonos typed", "\u0391\u03b8\u03ae\u03bd\u03b1", "an-letters",
     {"\u0391\u0398\u0397\u039d\u0391"}},
    {"cyrillic yo typed as ye", "\u0435\u043b\u043a\u0430", "an-letters", {"\u0401\u043b\u043a\u0430"}},
    {"hebrew without niqqud", "\u05e9\u05dc\u05d5\u05dd", "an-letters",
     {"\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd"}},

    // Other scripts.
    {"urdu word", "\u0628\u062c\u0679", "an-urdu", {"\u0628\u062c\u0679"}},
    {"urdu word in the middle", "\u062d\u06a9\u0648\u0645\u062a", "an-urdu", {"\u062d\u06a9\u0648\u0645\u062a"}},
    {"arabic without harakat", "\u0627\u0644\u0643\u062a\u0627\u0628", "an-arabic",
     {"\u0627\u0644\u0643\u0650\u062a\u064e\u0627\u0628\u064e"}},
    {"arabic with harakat", "\u0627\u0644\u0643\u0650\u062a\u064e\u0627\u0628\u064e", "an-arabic",
     {"\u0627\u0644\u0643\u0650\u062a\u064e\u0627\u0628\u064e"}},
    {"urdu typed on an arabic keyboard", "\u0644\u0627\u0647\u0648\u0631", "an-keyboard", {"\u0644\u0627\u06c1\u0648\u0631"}},
    {"teh marbuta typed as heh", "\u0645\u062f\u0631\u0633\u0647", "an-keyboard", {"\u0645\u062f\u0631\u0633\u0629"}},
    {"chinese word inside a run", "\u5317\u4eac", "an-cjk", {"\u5317\u4eac"}},
    {"japanese word inside a run", "\u52c9\u5f37", "an-cjk", {"\u52c9\u5f37"}},

    // Stemming: stemmed and unstemmed matches both found and marked.
    {"plural finds singular and plural", "militants", "an-stemming", {"Militants", "militant"}},
    {"singular finds both", "militant", "an-stemming", {"Militants", "militant"}},
    {"stem finds inflected form", "run", "an-stemming", {"running"}},
    {"phrase of inflected words", "\"run through\"", "an-stemming", {"running through"}},

    // --language: the database built with French stems, searched with them.
    {"english stems do not join french forms", "manger", "", {}},
    {"french stems join french forms", "manger", "an-french", {"mangeaient"}, "french"},
    {"french folding", "marche", "an-french", {"march\u00e9"}, "french"},
};

class AnalysisCli : public quarry::test::CliSuite<AnalysisCli, ::testing::TestWithParam<Case>> {
 public:
  static void SetUpTestSuite() {
    make_scratch("analysis");
    const CliRun english = run(QUARRY_INDEX_BIN, {"-q", "-d", db("english"), kFixture});
    ASSERT_EQ(english.status, 0) << english.err;
    const CliRun french = run(QUARRY_INDEX_BIN, {"-q", "--language", "french", "-d", db("french"), kFixture});
    ASSERT_EQ(french.status, 0) << french.err;
  }
 protected:
  static constexpr const char* kFixture = QUARRY_FIXTURES_DIR "/analysis";

  static std::string db(const std::string& language) { return dir_ + "/" + language; }
};

TEST_P(AnalysisCli, FindsTheDocumentAndMarksExactlyTheMatchingWords) {
  const Case& c = GetParam();
  const CliRun r = run(QUARRY_SEARCH_BIN, {"-d", db(c.db), "--format", "json", "--", c.query});
  if (c.doc.empty()) {
    EXPECT_EQ(r.status, 1) << r.out << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
    return;
  }
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = quarry::test::json_lines(r.out);
  ASSERT_EQ(hits.size(), 1u) << r.out;
  EXPECT_TRUE(ends_with(hits[0]["doc"], c.doc)) << hits[0]["doc"];
  EXPECT_EQ(quarry::test::highlighted_text(hits[0]), c.highlights) << hits[0]["snippet"];
}

INSTANTIATE_TEST_SUITE_P(Rules, AnalysisCli, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) {
                           std::string name = param_info.param.rule;
                           for (char& c : name)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

// The database remembers its language: the searcher uses it unasked, and
// refuses to search with another.
TEST_F(AnalysisCli, DatabaseRemembersItsLanguage) {
  const CliRun same = run(QUARRY_SEARCH_BIN, {"-d", db("french"), "--language", "french", "manger"});
  EXPECT_EQ(same.status, 0) << same.err;
  const CliRun other = run(QUARRY_SEARCH_BIN, {"-d", db("french"), "--language", "english", "manger"});
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("french"), std::string::npos) << other.err;
}

TEST_F(AnalysisCli, UnknownLanguageIsAUsageError) {
  const CliRun indexed = run(QUARRY_INDEX_BIN, {"-d", dir_ + "/klingon", "--language", "klingon", kFixture});
  EXPECT_EQ(indexed.status, 2);
  EXPECT_NE(indexed.err.find("klingon"), std::string::npos) << indexed.err;
  EXPECT_FALSE(fs::exists(dir_ + "/klingon"));
  const CliRun searched = run(QUARRY_SEARCH_BIN, {"-d", db("english"), "--language", "klingon", "polio"});
  EXPECT_EQ(searched.status, 2);
}

}  // namespace
