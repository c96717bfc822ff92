// The query language: what each construct means, and that odd input is never fatal.
#include "query_parser.h"

#include <gtest/gtest.h>

#include <vector>

#include "quarry/error.h"

namespace quarry {
namespace {

struct Case {
  const char* query;
  const char* description;  // Xapian's description of the parsed query
};

class QueryParserCases : public ::testing::TestWithParam<Case> {};

TEST_P(QueryParserCases, ParsesTo) {
  Analyser analyser("english");
  EXPECT_EQ(parse_query(GetParam().query, analyser).query.get_description(), GetParam().description)
      << GetParam().query;
}

const Case kCases[] = {
    {"polio", "Query(polio)"},
    {"afghan taliban", "Query((afghan OR taliban))"},
    {"Coexisting", "Query(coexist)"},
    {"\"night vision goggles\"", "Query((night PHRASE 3 vision PHRASE 3 goggl))"},
    {"+polio drive", "Query((polio AND_MAYBE drive))"},
    {"polio -drive", "Query((polio AND_NOT drive))"},
    {"polio AND drive", "Query((polio AND drive))"},
    {"polio NOT drive", "Query((polio AND_NOT drive))"},
    {"polio OR drive", "Query((polio OR drive))"},
    {"taliban NEAR camaraderie", "Query((taliban NEAR 10 camaraderi))"},
    // A word that analyses to several terms is the phrase of them, so every
    // compound form typed whole finds that exact sequence.
    {"f-16", "Query((f PHRASE 2 16))"},
    {"F16", "Query((f PHRASE 2 16))"},
    {"Tehreek-i-Taliban", "Query((tehreek PHRASE 3 i PHRASE 3 taliban))"},
    {"Dawn.com", "Query((dawn PHRASE 2 com))"},
    {"U.S.", "Query((u PHRASE 2 s))"},
    {"(U.S.)", "Query((u PHRASE 2 s))"},
    {"-U.S. polio", "Query((polio AND_NOT (u PHRASE 2 s)))"},
    // Issue 18 (queries no slower): a phrase in an OR is weighed on AND_MAYBE's
    // right side behind the AND of its words, so its positions are read only
    // where all its words are, not at every document the other words match.
    {"peak rs308", "Query(((peak OR 0 * (rs PHRASE 2 308)) AND_MAYBE (0 * (rs AND 308) AND_MAYBE (rs PHRASE 2 308))))"},
    {"name@mail.com", "Query((name PHRASE 3 mail PHRASE 3 com))"},
    {"Rs1.2bn", "Query((rs PHRASE 3 1.2 PHRASE 3 bn))"},
    {"1.2bn", "Query((1.2 PHRASE 2 bn))"},
    {"7,000", "Query(7000)"},
    {"$5", "Query(5)"},
    {"50%", "Query(50)"},
    {"President’s", "Query(presid)"},
    {"Café", "Query(cafe)"},
    {"impo­sed", "Query(impos)"},
    {"title:Dawn.com", "Query((Sdawn PHRASE 2 Scom))"},
    {"title:rafah", "Query(Srafah)"},
    // Filters are weighted Boolean terms (they weigh 0: wdf 0), never weight-0
    // queries, which Xapian 1.4.22 mishandles after deletions (issue 14.4).
    {"kind:editorial", "Query(Keditorial)"},
    {"kind:teaser", "Query(Kteaser)"},  // issue 16: web pages' kinds
    {"kind:Page", "Query(Kpage)"},
    {"polio kind:editorial", "Query((polio AND Keditorial))"},
    {"title:(rafah OR gaza)", "Query((Srafah OR Sgaza))"},
    {"kind:(editorial) polio", "Query((polio AND Keditorial))"},
    {"title:", "Query(titl)"},
    {"taliban NEAR camaraderie NEAR kabul", "Query((taliban NEAR 10 camaraderi NEAR 10 kabul))"},
    {"date:2024-05-01..2024-05-31", "Query(VALUE_RANGE 1 2024-05-01 2024-05-31~)"},
    {"date:2024..", "Query(VALUE_GE 1 2024)"},
    // Odd input: searched as well as it can be, never an error.
    {"\"unbalanced quote", "Query((unbalanc PHRASE 2 quot))"},
    {"AND", "Query()"},
    {"OR polio", "Query(polio)"},
    {"polio NOT", "Query(polio)"},
    {"(polio", "Query(polio)"},
    {"polio)", "Query(polio)"},
    {"((()))", "Query()"},
    {"+", "Query()"},
    {"s/s", "Query((s PHRASE 3 s))"},  // the slash leaves a gap, as in the text (issue 14.5)
    {"---", "Query()"},
    {"...", "Query()"},
    {"'", "Query()"},
};

INSTANTIATE_TEST_SUITE_P(Table, QueryParserCases, ::testing::ValuesIn(kCases));

TEST(QueryParser, HighlightPlanHoldsPositiveTermsAndPhrases) {
  Analyser analyser("english");
  const ParsedQuery parsed = parse_query("polio \"night vision\" -drive title:rafah", analyser);
  EXPECT_EQ(parsed.highlight.terms, (std::unordered_set<std::string>{"polio"}));
  ASSERT_EQ(parsed.highlight.phrases.size(), 1u);
  EXPECT_EQ(parsed.highlight.phrases[0], (std::vector<std::string>{"night", "vision"}));
}

// Found by qa-wrong: "NOT NOT x" searched NOT x (the second NOT was
// dropped), so a user who meant x got every other document. Each NOT
// negates: an even run of them cancels, as in logic (and as Xapian's own
// parser reads "NOT (NOT x)"); the highlights follow the query.
TEST(QaRest, EveryNotNegatesAgainSoTwoCancel) {
  struct Same {
    const char* query;
    const char* as;  // the query it means
  };
  const Same cases[] = {
      {"NOT NOT polio", "polio"},
      {"NOT NOT NOT polio", "NOT polio"},
      {"NOT NOT NOT NOT polio", "polio"},
      {"drive NOT NOT polio", "drive AND polio"},
      {"drive AND NOT NOT polio", "drive AND polio"},
      {"drive NOT NOT NOT polio", "drive NOT polio"},
      {"drive AND NOT polio", "drive NOT polio"},
      {"NOT NOT \"night vision\" drive", "\"night vision\" drive"},
      {"drive NOT NOT title:rafah", "drive AND title:rafah"},
      {"drive NOT NOT (polio OR rafah)", "drive AND (polio OR rafah)"},
      {"NOT NOT -polio", "-polio"},
  };
  for (const Same& c : cases) {
    Analyser analyser("english");
    const ParsedQuery got = parse_query(c.query, analyser), want = parse_query(c.as, analyser);
    EXPECT_EQ(got.query.get_description(), want.query.get_description()) << c.query;
    EXPECT_EQ(got.highlight.terms, want.highlight.terms) << c.query;
  }
}

// Whatever can be indexed can be found by typing it: a typed word becomes
// exactly the index terms the analyser makes of the same text.
TEST(QueryParser, TypedWordIsAnalysedExactlyAsText) {
  Analyser analyser("english");
  for (const char* word : {"Coexisting", "Dawn.com’s", "U.S.", "Rs100,000", "Ｕ．Ｓ．",
                           "۷۰۰۰", "Zürich", "كَتَبَ",
                           "日本語を勉強", "co‍exist", "12.05.2024"}) {
    std::vector<std::string> expected;
    for (const Token& token : analyser.tokenize(word)) expected.push_back(analyser.index_term(token));
    const HighlightPlan plan = parse_query(word, analyser).highlight;
    std::vector<std::string> planned;
    if (plan.phrases.empty()) planned.assign(plan.terms.begin(), plan.terms.end());
    else planned = plan.phrases.at(0);
    EXPECT_EQ(planned, expected) << word;
  }
}

// Issue 18: request boilerplate around what is asked for is left out, as
// stop words are; what is asked for stays, even where it is a frame's word.
struct RequestCase {
  const char* typed;
  const char* asked;  // the same query without its boilerplate
};

class RequestFrameCases : public ::testing::TestWithParam<RequestCase> {};

TEST_P(RequestFrameCases, BoilerplateIsLeftOut) {
  Analyser analyser("english");
  const ParsedQuery typed = parse_query(GetParam().typed, analyser, true, {}, {}, true);
  const ParsedQuery asked = parse_query(GetParam().asked, analyser, true, {}, {}, true);
  EXPECT_EQ(typed.query.get_description(), asked.query.get_description()) << GetParam().typed;
  EXPECT_EQ(typed.sequence, asked.sequence) << GetParam().typed;
}

const RequestCase kRequests[] = {
    {"I am interested in hospital libraries", "hospital libraries"},
    {"I would be pleased to receive information on polio vaccination", "polio vaccination"},
    {"I'm looking for rainfall data. Thank you", "rainfall data"},
    {"Please send me papers about flood relief; references would be welcome", "flood relief references"},
    {"could you please find me literature dealing with wind tunnels", "wind tunnels"},
    {"what is the available information pertaining to boundary layers", "available boundary layers"},
    // Not frames: the words are what is asked about.
    {"information retrieval systems", "information retrieval systems"},
    {"papers", "papers"},
    {"information on", "information on"},
    {"\"information on\" polio", "\"information on\" polio"},
    {"interested parties in the dispute", "interested parties dispute"},
};

INSTANTIATE_TEST_SUITE_P(Issue18, RequestFrameCases, ::testing::ValuesIn(kRequests));

TEST(Issue18, RequestFramesAreKeptWhenNotAskedToDrop) {
  Analyser analyser("english");
  const ParsedQuery parsed = parse_query("I am interested in hospital libraries", analyser, true, {}, {}, false);
  EXPECT_TRUE(parsed.highlight.terms.count("interest"));
  EXPECT_EQ(parsed.request_words, 0u);
  // Left out, they still make the query a sentence (feedback counts them).
  EXPECT_EQ(parse_query("I am interested in hospital libraries", analyser, true, {}, {}, true).request_words, 4u);
}

// Issue 18: a request that asks for several things in several sentences
// gets feedback per sentence, so the parser says where each one ends (in
// words of the sequence). An abbreviation, a quoted full stop and a
// semicolon end none.
struct SentenceCase {
  const char* typed;
  std::vector<std::size_t> ends;
};

class SentenceCases : public ::testing::TestWithParam<SentenceCase> {};

TEST_P(SentenceCases, EndsAreCountedInWordsOfTheSequence) {
  Analyser analyser("english");
  const ParsedQuery parsed = parse_query(GetParam().typed, analyser, true, {}, {}, true);
  EXPECT_EQ(parsed.sentence_ends, GetParam().ends) << GetParam().typed;
}

const SentenceCase kSentences[] = {
    {"glacier melt", {}},
    {"glacier melt.", {2}},
    {"glacier melt. cricket coach!", {2, 4}},
    {"How fast is glacier melt? Who coaches the cricket team?", {3, 6}},
    {"glacier melt . cricket coach .", {2, 4}},  // typed apart, as Cranfield's queries are
    {"U.S. policy on Iran", {}},
    {"nations possessing U.S . polaris missiles", {}},
    {"the blasius problem, i.e. mixing", {}},
    {"glacier melt; cricket coach", {}},
    {"\"glacier melt.\" cricket coach", {}},
    {"I am interested in glacier melt. I would be pleased to receive information on this.", {2}},
    {"The. glacier melt", {}},  // nothing searched before it
};

INSTANTIATE_TEST_SUITE_P(Issue18, SentenceCases, ::testing::ValuesIn(kSentences));

TEST(QueryParser, MeaninglessFieldValuesAreUsageErrors) {
  Analyser analyser("english");
  EXPECT_THROW(parse_query("date:yesterday", analyser), UsageError);
  EXPECT_THROW(parse_query("kind:poem", analyser), UsageError);
}

TEST(QueryParser, HostileQueriesAreBounded) {
  Analyser analyser("english");
  EXPECT_NO_THROW(parse_query(std::string(5000, '(') + "polio" + std::string(5000, ')'), analyser));
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_THROW(parse_query(many, analyser), UsageError);
  EXPECT_NO_THROW(parse_query(std::string(100000, 'x'), analyser));
}

struct PrefixCase {
  std::string name;
  std::string query;
  bool refused;
};

// Each case is parsed, or refused with exactly this message.
void expect_bounded(const std::vector<PrefixCase>& cases, const char* message) {
  Analyser analyser("english");
  for (const PrefixCase& c : cases) {
    if (!c.refused) {
      EXPECT_NO_THROW(parse_query(c.query, analyser)) << c.name;
      continue;
    }
    try {
      parse_query(c.query, analyser);
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const UsageError& e) {
      EXPECT_STREQ(e.what(), message) << c.name;
    }
  }
}

// Each prefix stands for up to 50 words: 300 "t*" joined by NEAR/1000, or
// 150 "(a* OR b*)", took about a minute each on the Dawn corpus, holding a
// quarry-serve worker as long. At most 20 prefixes are read.
TEST(ServeQa, PrefixesAQueryMayHoldAreBounded) {
  const auto repeated = [](const std::string& item, const std::string& between, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? between : "") + item;
    return out;
  };
  const std::vector<PrefixCase> cases = {
      {"one prefix", "kash*", false},
      {"twenty", repeated("t*", " ", 20), false},
      {"twenty-one", repeated("t*", " ", 21), true},
      {"prefixes in a title field", repeated("title:a*", " ", 21), true},
      {"NEAR of prefixes", repeated("t*", " NEAR/1000 ", 300), true},
      {"groups of prefixes", repeated("(a* OR b*)", " ", 150), true},
      {"stars on no word", repeated("*", " ", 300), false},
  };
  expect_bounded(cases, "a query may hold at most 20 prefixes (words ending in *)");
}

// A NEAR reads its words' positions in every document holding them all: 100
// copies of "the NEAR/1000 of NEAR/1000 and" took 6 to 9 s on the Dawn
// corpus. At most 32 NEARs are read; a NEAR at the end, with nothing to
// join, is a word and counts as none.
TEST(ServeQa, NearsAQueryMayHoldAreBounded) {
  const auto repeated = [](const std::string& item, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? " " : "") + item;
    return out;
  };
  const std::vector<PrefixCase> cases = {
      {"one NEAR", "imran NEAR khan", false},
      {"thirty-two", repeated("the NEAR/1000 of", 32), false},
      {"thirty-three", repeated("the NEAR/1000 of", 33), true},
      {"one long chain", "a " + repeated("NEAR w", 33), true},
      {"groups of three", repeated("the NEAR/1000 of NEAR/1000 and", 100), true},
      {"near as a word", repeated("near", 300), false},
  };
  expect_bounded(cases, "a query may hold at most 32 NEARs");
}

}  // namespace
}  // namespace quarry
