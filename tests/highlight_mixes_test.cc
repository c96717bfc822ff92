// Generated queries checked against a reading of the README's highlighting
// rules ("Highlights mark what matched: a word wherever it occurs (in the
// title too), a phrase only where the phrase occurs, the words of a NEAR only
// where they stand within its window, title: words in titles only, and never
// an excluded word"; a query word finds its inflections and the word as
// typed; a prefix the indexed words that start with it; a phrase typed with
// punctuation inside across the same gap or none; stop words beside
// other words are dropped as plain words only), over generated text with
// punctuation, mixed case, accents, ligatures and soft hyphens. The reference
// cuts the text with the same analyser (README: one analyser serves indexing,
// query parsing and highlighting) and marks each word the rules mark.
//
// For every hit: the document's whole passages (Searcher::document with the
// query) carry exactly the reference's marks, every span on UTF-8 boundaries
// and made of marked words; the hit's snippet is a piece of its passage with
// that piece's marks; the title's marks are the reference's too.
//
// QUARRY_HIGHLIGHT_MIXES=N runs N queries instead of the CI's few dozen
// (QUARRY_HIGHLIGHT_MIXES_SEED picks another seed), to explore.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "analyser.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "generated_rng.h"
#include "temp_dir.h"

namespace quarry {
namespace {

using Rng = test::Rng;

// Words as text prints them; some stem alike (plans, planning, planned),
// some only fold alike (Café, CAFÉ, cafe; ﬁnance with a ligature; a soft
// hyphen inside "im\u00ADposed"), and "the"/"of" are stop words.
const std::vector<std::string> kPrinted = {
    "plan",   "plans",  "Planning", "planned", "PLANS",   "vaccine", "vaccination", "Vaccinators", "café",
    "Café",   "CAFÉ",   "cafe",     "ﬁnance",  "Finance", "imposed", "im\xC2\xADposed", "Zürich",   "zurich",
    "the",    "of",     "The",      "river",   "rivers",  "River’s", "zorvak",  "Zorvak",      "blick",
    "Blick",  "quon",   "dwik",     "Straße",  "strasse", "night",   "vision",  "goggles"};
// What may follow a word: a space, or punctuation (some of it leaves a
// position gap, README "Text analysis").
const std::vector<std::string> kAfter = {" ", " ", " ", " ", ", ", ". ", "; ", " (", ") ", " “", "” ", " — ", "-", "/", ": "};

// What queries type: plain forms and inflections; the reference analyses them.
const std::vector<std::string> kTyped = {"plan",  "plans",   "planning", "vaccine", "vaccinat", "cafe",  "café",
                                         "finance", "imposed", "zurich",   "the",     "of",       "river", "rivers",
                                         "zorvak", "blick",   "quon",     "dwik",    "strasse",  "night", "vision",
                                         "goggles"};
const std::vector<std::string> kPrefixes = {"plan", "vaccinat", "vaccin", "caf", "riv", "zor", "go"};

std::string text_of(Rng& rng, std::size_t words) {
  std::string out;
  for (std::size_t i = 0; i < words; ++i) {
    const std::size_t a = rng.below(kPrinted.size()), b = rng.below(kPrinted.size());
    out += kPrinted[std::min(a, b)];
    out += i + 1 == words ? "." : rng.pick(kAfter);
  }
  return out;
}

// A query unit and what it marks.
struct Unit {
  enum Type { word, phrase, prefix, title_word, near } type = word;
  char modifier = 0;               // '+', '-' or 0
  std::vector<std::string> words;  // word/title_word: 1; phrase: 2; prefix: 1; near: 2
  unsigned window = 0;             // near
  bool gapped = false;             // phrase typed with a comma inside: "a, b"
};

std::string render(const std::vector<Unit>& units) {
  std::string out;
  for (const Unit& u : units) {
    if (!out.empty()) out += " ";
    if (u.modifier) out += u.modifier;
    switch (u.type) {
      case Unit::word: out += u.words[0]; break;
      case Unit::phrase: out += "\"" + u.words[0] + (u.gapped ? ", " : " ") + u.words[1] + "\""; break;
      case Unit::prefix: out += u.words[0] + "*"; break;
      case Unit::title_word: out += "title:" + u.words[0]; break;
      case Unit::near: out += u.words[0] + " NEAR/" + std::to_string(u.window) + " " + u.words[1]; break;
    }
  }
  return out;
}

bool is_stop(const std::string& w) { return w == "the" || w == "of"; }

// What a token is to the reference: its folded form and its stem.
struct Word {
  std::string term, stem;
  std::uint32_t begin = 0, end = 0, position = 0;
};

std::vector<Word> words_of(Analyser& analyser, const std::string& text) {
  std::vector<Word> out;
  for (const Token& t : analyser.tokenize(text)) out.push_back({t.term, analyser.index_term(t), t.begin, t.end, t.position});
  return out;
}

// A typed word finds the words of its stem and the word as typed.
bool finds(Analyser& analyser, const std::string& typed, const Word& w) {
  const std::vector<Word> q = words_of(analyser, typed);
  return q.size() == 1 && (w.stem == q[0].stem || w.term == q[0].term);
}

// Index of the word at each position.
std::map<std::uint32_t, std::size_t> at_position(const std::vector<Word>& words) {
  std::map<std::uint32_t, std::size_t> out;
  for (std::size_t i = 0; i < words.size(); ++i) out[words[i].position] = i;
  return out;
}

// The words of text the units mark (in a title when in_title).
std::set<std::size_t> expected_marks(Analyser& analyser, const std::vector<Unit>& units, const std::string& text,
                                     bool in_title, const std::set<std::string>& prefix_stems) {
  const std::vector<Word> words = words_of(analyser, text);
  const std::map<std::uint32_t, std::size_t> position = at_position(words);
  // Stop words are dropped as plain words (no quotes, field or +/-) when
  // the query has other plain words; a NEAR's operands are typed on purpose.
  bool other_words = false;
  for (const Unit& u : units) {
    if (u.type == Unit::word && u.modifier == 0 && !is_stop(u.words[0])) other_words = true;
    if (u.type == Unit::prefix && u.modifier == 0) other_words = true;
    if (u.type == Unit::near && ((u.modifier == 0 && !is_stop(u.words[0])) || !is_stop(u.words[1]))) other_words = true;
  }
  std::set<std::size_t> marks;
  for (const Unit& u : units) {
    if (u.modifier == '-') continue;
    if (u.type == Unit::word && u.modifier == 0 && is_stop(u.words[0]) && other_words) continue;
    for (std::size_t i = 0; i < words.size(); ++i) {
      switch (u.type) {
        case Unit::word:
          if (finds(analyser, u.words[0], words[i])) marks.insert(i);
          break;
        case Unit::title_word:
          if (in_title && finds(analyser, u.words[0], words[i])) marks.insert(i);
          break;
        case Unit::prefix:
          if (prefix_stems.count(words[i].stem) || words[i].term == u.words[0]) marks.insert(i);
          break;
        case Unit::phrase: {
          // Typed with punctuation inside: across the same gap (one empty position) or none.
          auto next = position.find(words[i].position + 1);
          if (u.gapped && next == position.end()) next = position.find(words[i].position + 2);
          if (next != position.end() && finds(analyser, u.words[0], words[i]) &&
              finds(analyser, u.words[1], words[next->second]))
            marks.insert({i, next->second});
          break;
        }
        case Unit::near: {
          if (!finds(analyser, u.words[0], words[i])) break;
          const unsigned window = std::max(u.window, 2u);
          for (std::size_t j = 0; j < words.size(); ++j) {
            const std::uint32_t a = words[i].position, b = words[j].position;
            if (j != i && finds(analyser, u.words[1], words[j]) && (a > b ? a - b : b - a) < window) marks.insert({i, j});
          }
          break;
        }
      }
    }
  }
  return marks;
}

std::string describe(const std::string& text, const std::vector<Span>& spans) {
  std::string out;
  for (const Span& s : spans) out += " [" + text.substr(s.begin, s.end - s.begin) + "]";
  return out.empty() ? " (none)" : out;
}

std::string describe(const std::string& text, const std::vector<Word>& words, const std::set<std::size_t>& marks) {
  std::string out;
  for (std::size_t i : marks) out += " [" + text.substr(words[i].begin, words[i].end - words[i].begin) + "]";
  return out.empty() ? " (none)" : out;
}

bool utf8_boundary(const std::string& text, std::size_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

// Spans well formed, and the words they cover exactly the marked ones.
void expect_marks(Analyser& analyser, const std::string& text, const std::vector<Span>& spans,
                  const std::set<std::size_t>& expected, const std::string& where) {
  const std::vector<Word> words = words_of(analyser, text);
  std::set<std::size_t> marked;
  std::size_t last_end = 0;
  for (const Span& s : spans) {
    ASSERT_TRUE(s.begin < s.end && s.end <= text.size() && s.begin >= last_end) << where << ": bad span";
    EXPECT_TRUE(utf8_boundary(text, s.begin) && utf8_boundary(text, s.end)) << where << ": span not on a UTF-8 boundary";
    last_end = s.end;
    bool starts = false, ends = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i].begin >= s.begin && words[i].end <= s.end) marked.insert(i);
      else if (words[i].begin < s.end && words[i].end > s.begin)
        ADD_FAILURE() << where << ": a span cuts the word " << text.substr(words[i].begin, words[i].end - words[i].begin);
      starts = starts || words[i].begin == s.begin;
      ends = ends || words[i].end == s.end;
    }
    EXPECT_TRUE(starts && ends) << where << ": span [" << text.substr(s.begin, s.end - s.begin) << "] is no run of words";
  }
  EXPECT_EQ(marked, expected) << where << "\n  text: " << text << "\n  marked:" << describe(text, spans)
                              << "\n  expected:" << describe(text, words, expected);
}

Unit random_unit(Rng& rng) {
  Unit u;
  const std::size_t r = rng.below(100);
  if (r < 45) u.type = Unit::word, u.words = {rng.pick(kTyped)};
  else if (r < 62) u.type = Unit::phrase, u.words = {rng.pick(kTyped), rng.pick(kTyped)}, u.gapped = rng.chance(25);
  else if (r < 72) u.type = Unit::prefix, u.words = {rng.pick(kPrefixes)};
  else if (r < 82) u.type = Unit::title_word, u.words = {rng.pick(kTyped)};
  else u.type = Unit::near, u.words = {rng.pick(kTyped), rng.pick(kTyped)}, u.window = static_cast<unsigned>(2 + rng.below(6));
  const std::size_t m = rng.below(10);
  u.modifier = m == 0 ? '+' : m < 3 ? '-' : 0;
  return u;
}

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtoull(value, nullptr, 10) : fallback;
}

TEST(HighlightMixes, GeneratedQueriesMarkExactlyWhatMatched) {
  const std::size_t queries = env_number("QUARRY_HIGHLIGHT_MIXES", 60);
  Rng rng(env_number("QUARRY_HIGHLIGHT_MIXES_SEED", 1));
  test::TempDir dir;
  {
    IndexOptions options;
    options.db_path = dir.path() + "/db";
    options.jobs = 1;
    Indexer indexer(options);
    for (int i = 0; i < 150; ++i) {
      DocumentInput in;
      in.id = "h" + std::to_string(i);
      in.title = text_of(rng, 1 + rng.below(4));
      in.title.pop_back();  // no full stop
      for (std::size_t p = 1 + rng.below(3); p > 0; --p) in.body += (in.body.empty() ? "" : "\n\n") + text_of(rng, 4 + rng.below(40));
      in.source = "generated";
      indexer.add_document(in);
    }
    indexer.commit();
  }
  Searcher searcher(dir.path() + "/db");
  Analyser analyser;
  // The stems a prefix stands for: the indexed words' stems that start with
  // it (the fixture has fewer than the 50 a prefix takes).
  std::map<std::string, std::set<std::string>> prefix_stems;
  for (const std::string& printed : kPrinted)
    for (const Word& w : words_of(analyser, printed))
      for (const std::string& p : kPrefixes)
        if (w.stem.compare(0, p.size(), p) == 0) prefix_stems[p].insert(w.stem);

  std::size_t checked_hits = 0;
  for (std::size_t q = 0; q < queries; ++q) {
    std::vector<Unit> units;
    for (std::size_t n = 1 + rng.below(3); n > 0; --n) units.push_back(random_unit(rng));
    const std::string query = render(units);
    std::set<std::string> stems;
    for (const Unit& u : units)
      if (u.type == Unit::prefix && u.modifier != '-') stems.insert(prefix_stems[u.words[0]].begin(), prefix_stems[u.words[0]].end());
    SearchRequest request;
    request.query = query;
    request.limit = 8;
    request.snippet_bytes = rng.pick(std::vector<std::size_t>{40, 80, 240});
    request.suggest = false;
    const SearchResults results = searcher.search(request);
    for (const Hit& hit : results.hits) {
      ++checked_hits;
      const std::string where = query + " on " + hit.doc;
      const std::optional<DocumentText> document = searcher.document(hit.doc, query);
      ASSERT_TRUE(document) << where;
      expect_marks(analyser, hit.title, hit.title_highlights, expected_marks(analyser, units, hit.title, true, stems),
                   where + " (title)");
      ASSERT_LT(hit.passage, document->passages.size()) << where;
      const Snippet& passage = document->passages[hit.passage];
      expect_marks(analyser, passage.text, passage.highlights, expected_marks(analyser, units, passage.text, false, stems),
                   where + " (passage " + std::to_string(hit.passage) + ")");
      // The snippet is a piece of the passage, with the marks of that piece.
      std::string piece = hit.snippet.text;
      std::size_t lead = 0;
      const std::string ellipsis = "\xE2\x80\xA6";
      if (piece.compare(0, ellipsis.size(), ellipsis) == 0) piece.erase(0, lead = ellipsis.size());
      if (piece.size() >= ellipsis.size() && piece.compare(piece.size() - ellipsis.size(), ellipsis.size(), ellipsis) == 0)
        piece.erase(piece.size() - ellipsis.size());
      std::string flat = passage.text;  // a snippet shows a joined paragraph's line break as a space
      std::replace(flat.begin(), flat.end(), '\n', ' ');
      const std::size_t at = flat.find(piece);
      ASSERT_NE(at, std::string::npos) << where << ": snippet " << hit.snippet.text << " not in " << passage.text;
      // A span the cut runs through keeps the words shown (README: "clipped to the words shown").
      const std::vector<Word> shown = words_of(analyser, hit.snippet.text);
      std::vector<Span> clipped;
      for (const Span& s : passage.highlights) {
        if (s.end <= at || s.begin >= at + piece.size()) continue;
        Span c{std::max(s.begin, at) - at + lead, std::min(s.end, at + piece.size()) - at + lead};
        std::size_t begin = c.end, end = c.begin;
        for (const Word& w : shown)
          if (w.begin >= c.begin && w.end <= c.end) begin = std::min<std::size_t>(begin, w.begin), end = std::max<std::size_t>(end, w.end);
        if (begin < end) clipped.push_back({begin, end});
      }
      std::vector<std::pair<std::size_t, std::size_t>> got, want;
      for (const Span& s : hit.snippet.highlights) got.emplace_back(s.begin, s.end);
      for (const Span& s : clipped) want.emplace_back(s.begin, s.end);
      EXPECT_EQ(got, want) << where << "\n  snippet: " << hit.snippet.text << "\n  marked:" << describe(hit.snippet.text, hit.snippet.highlights)
                           << "\n  passage's marks there:" << describe(hit.snippet.text, clipped);
    }
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << "stopped at query " << q << ": " << query;
      return;
    }
  }
  EXPECT_GT(checked_hits, queries);  // the generator finds things
}

}  // namespace
}  // namespace quarry
