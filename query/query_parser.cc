#include "query_parser.h"

#include <algorithm>
#include <map>

#include "dates.h"
#include "document.h"
#include "quarry/error.h"
#include "schema.h"
#include "spelling_vocabulary.h"
#include "stop_words.h"

namespace quarry {
namespace {

// Bounds that keep hostile queries cheap: a pasted article still works.
constexpr std::size_t kMaxLexemes = 2000;
constexpr int kMaxDepth = 32;
constexpr Xapian::termcount kNearWindow = 10;
constexpr Xapian::termcount kMaxNearWindow = 1000;  // NEAR/N for any larger N
// A phrase's positional check costs per word and per occurrence: a phrase
// of 2,000 words took 5 s on the Dawn corpus, one of 64 a few milliseconds.
constexpr std::size_t kMaxPhraseWords = 64;
// And every phrase is a positional check of its own: 682 copies of "a b"
// (4 KB) took 1.7 s there; a pasted article holds a few dozen compounds.
constexpr std::size_t kMaxPhrases = 100;
// Each NEAR with a phrase reads the positions of every document of its
// superset, and matches through a list of their ids: a few per query
// (identical ones are resolved once).
constexpr std::size_t kMaxNearWithPhrases = 8;
// Each prefix ("kash*") stands for up to kMaxPrefixTerms words: 300 copies
// of "t*" joined by NEAR/1000 (3.9 KB) took 55 s on the Dawn corpus, 150 of
// "(a* OR b*)" 62 s, holding a server worker as long; 20 prefixes, 0.5 s.
constexpr std::size_t kMaxPrefixes = 20;
// A NEAR reads the positions of its words in every document holding them
// all: 100 copies of "the NEAR/1000 of NEAR/1000 and" (3 KB) took 6 to 9 s
// on the Dawn corpus, 20 of them 0.8 s.
constexpr std::size_t kMaxNears = 32;
// A phrase with punctuation typed inside ("and/or") is checked document by
// document too: "the, of" reads ~1 s of positions and text on the Dawn corpus.
constexpr std::size_t kMaxGappedPhrases = 8;

enum class Lex { text, lparen, rparen, op_and, op_or, op_not, op_near };

struct Lexeme {
  Lex type = Lex::text;
  char modifier = 0;      // '+', '-' or 0
  std::string field;      // "title", "section", "kind", "date", "author", "site", "lang", "id", "url" or empty
  std::string text;
  std::size_t offset = 0;  // of text in the query
  bool quoted = false;
  Xapian::termcount window = kNearWindow;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_field(const std::string& name) {
  return name == "title" || name == "section" || name == "kind" || name == "date" || name == "author" ||
         name == "site" || name == "lang" || name == "id" || name == "url" || name == "like";
}

std::vector<Lexeme> lex(std::string_view q) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  const std::size_t n = q.size();
  std::size_t words = 0;
  while (i < n) {
    if (words >= kMaxLexemes) throw UsageError("query is too long (more than 2000 words)");
    if (is_space(q[i])) {
      ++i;
      continue;
    }
    Lexeme lexeme;
    if ((q[i] == '+' || q[i] == '-') && i + 1 < n && !is_space(q[i + 1]) && q[i + 1] != ')') {
      lexeme.modifier = q[i];
      ++i;
    }
    if (q[i] == '(' || q[i] == ')') {
      lexeme.type = q[i] == '(' ? Lex::lparen : Lex::rparen;
      ++i;
      out.push_back(std::move(lexeme));
      continue;
    }
    auto read_quoted = [&]() {
      const std::size_t close = q.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? n : close;
      lexeme.text = std::string(q.substr(i + 1, end - i - 1));
      lexeme.offset = i + 1;
      lexeme.quoted = true;
      i = end == n ? n : end + 1;
    };
    if (q[i] == '"') {
      read_quoted();
      out.push_back(std::move(lexeme));
      continue;
    }
    ++words;
    std::size_t end = i;
    while (end < n && !is_space(q[end]) && q[end] != '(' && q[end] != ')' && q[end] != '"') ++end;
    std::string_view word = q.substr(i, end - i);
    std::size_t word_offset = i;
    i = end;
    if (!lexeme.modifier) {
      if (word == "AND") lexeme.type = Lex::op_and;
      else if (word == "OR") lexeme.type = Lex::op_or;
      else if (word == "NOT") lexeme.type = Lex::op_not;
      else if (word == "NEAR") lexeme.type = Lex::op_near;
      else if (word.substr(0, 5) == "NEAR/" && word.size() > 5 &&
               std::all_of(word.begin() + 5, word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        lexeme.type = Lex::op_near;
        // Saturating: atoi wrapped NEAR/4294967297 round to NEAR/1.
        Xapian::termcount window = 0;
        for (char digit : word.substr(5)) window = std::min<Xapian::termcount>(window * 10 + (digit - '0'), kMaxNearWindow);
        lexeme.window = std::max<Xapian::termcount>(window, 1);
      }
      if (lexeme.type != Lex::text) {
        out.push_back(std::move(lexeme));
        continue;
      }
    }
    const std::size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0 && is_field(ascii_lower(word.substr(0, colon)))) {
      const std::string field = ascii_lower(word.substr(0, colon));
      const std::string_view value = word.substr(colon + 1);
      if (value.empty() && i < n && q[i] == '"') {
        lexeme.field = field;
        read_quoted();
        out.push_back(std::move(lexeme));
        continue;
      }
      if (value.empty() && i < n && q[i] == '(') {  // the field applies to the group
        lexeme.field = field;
        lexeme.type = Lex::lparen;
        ++i;
        out.push_back(std::move(lexeme));
        continue;
      }
      if (!value.empty()) {
        lexeme.field = field;
        word = value;
        word_offset += colon + 1;
      }  // else "title:" alone: a word like any other
    }
    lexeme.text = std::string(word);
    // "date:2025-01-01 .. 2025-01-31", spaced as people write ranges, is the
    // range, not the first day AND two words that no document holds together.
    if (lexeme.field == "date") {
      auto after_spaces = [&](std::size_t k) {
        while (k < n && is_space(q[k])) ++k;
        return k;
      };
      std::size_t j = i;
      if (lexeme.text.find("..") == std::string::npos && q.substr(after_spaces(j), 2) == "..") {
        lexeme.text += "..";
        j = after_spaces(j) + 2;
      }
      if (lexeme.text.size() >= 2 && lexeme.text.compare(lexeme.text.size() - 2, 2, "..") == 0 &&
          lexeme.text.find("..") == lexeme.text.size() - 2) {
        const std::size_t start = after_spaces(j);
        std::size_t stop = start;
        while (stop < n && !is_space(q[stop]) && q[stop] != '(' && q[stop] != ')' && q[stop] != '"') ++stop;
        const std::string to(q.substr(start, stop - start));
        if (!to.empty() && is_iso_date_prefix(to)) {
          lexeme.text += to;
          j = stop;
        }
      }
      i = j;
    }
    lexeme.offset = word_offset;
    out.push_back(std::move(lexeme));
  }
  return out;
}

enum class Role { optional, required, prohibited, filter };

struct Unit {
  Xapian::Query query;
  Role role = Role::optional;
  std::string filter_field;          // for Role::filter: filters on one field are ORed
  // A word or a phrase, as NEAR's operand: one group of terms. Empty for
  // anything else (groups, filters, operators), which NEAR cannot take.
  std::vector<std::vector<std::string>> groups;
  std::vector<std::vector<Xapian::termpos>> offsets;  // per group: each word's position after the first's
  bool typed_required = false;  // typed with '+' (a filter so typed keeps Role::filter)
  bool empty() const { return query.empty(); }
};

// Filters are plain Boolean terms (wdf 0), so with BM25 they weigh exactly 0
// although they are weighted queries. They must not be weight-0 (scaled by
// 0, or OP_FILTER's right side): Xapian 1.4.22 swaps a weight-0 term that
// every document of a shard holds for the all-documents posting list, and
// once docids have gaps that list fails with "Unexpected end of posting list"
// (see ARCHITECTURE.md, "Filters").
//
// Under a negation Xapian weighs nothing (factor 0), so there the same can
// happen to any term AND_NOT steps through with next(): its left side. So a
// negated "L AND_NOT R" is written as "all AND_NOT ((all AND_NOT L) OR R)",
// which steps only through the all-documents list itself and skips to terms.
Xapian::Query and_not(const Xapian::Query& left, const Xapian::Query& right, bool positive) {
  if (positive || left.get_type() == Xapian::Query::LEAF_MATCH_ALL)
    return Xapian::Query(Xapian::Query::OP_AND_NOT, left, right);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll,
                       Xapian::Query(Xapian::Query::OP_OR,
                                     Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, left), right));
}

// "L AND_MAYBE (A OR B ...)" as "(L AND_MAYBE A) AND_MAYBE B ...": the same
// matches and weights, but Xapian 1.4.22 gave an OR's phrase the phrase's
// weight in documents holding its words but not the phrase, when the OR was
// AND_MAYBE's right side ('+plaza vaccine "vaccine polio"': 17 of 151
// matches), and in different documents on different shard layouts.
Xapian::Query and_maybe(const Xapian::Query& left, const Xapian::Query& right) {
  if (right.get_type() != Xapian::Query::OP_OR)
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, left, right);
  Xapian::Query q = left;
  for (std::size_t i = 0; i < right.get_num_subqueries(); ++i) q = and_maybe(q, right.get_subquery(i));
  return q;
}

bool positional(const Xapian::Query& q) {
  const auto type = q.get_type();
  if (type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (positional(q.get_subquery(i))) return true;
  return false;
}

// A query that matches at least wherever q does, reading no positions: a
// phrase or NEAR is the AND of its words. Where it cannot tell, everything.
Xapian::Query without_positions(const Xapian::Query& q) {
  if (!positional(q)) return q;
  auto type = q.get_type();
  switch (type) {
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_SCALE_WEIGHT:
      return without_positions(q.get_subquery(0));
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
      type = Xapian::Query::OP_AND;
      break;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
      break;
    default:
      return Xapian::Query::MatchAll;
  }
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) parts.push_back(without_positions(q.get_subquery(i)));
  return Xapian::Query(type, parts.begin(), parts.end());
}

// Xapian 1.4.22 gives a phrase or NEAR inside a weighted OR its weight in
// documents that hold its words but not the phrase, once the OR is stepped
// through by another operator (an AND with a filter, AND_MAYBE's right side):
// 'window police NEAR/4 window +kind:article' weighed 3 of 82 matches wrong,
// other ones on three shards. "A OR P" is written "(A OR P x 0) AND_MAYBE P",
// the same matches and weights, where P is only ever AND_MAYBE's right side,
// which Xapian weighs right. Only where weights count: a negation's and a
// filter's right side are left as they are. On AND_MAYBE's right side P is
// tested at every document the left side holds, and a phrase reads its
// positions for each (a word that splits, "rs308", made such queries 7x
// slower), so P stands behind "0 x P's words" there, which is only tested
// where all its words are.
Xapian::Query positional_weighed_apart(const Xapian::Query& q) {
  const auto type = q.get_type();
  const std::size_t n = q.get_num_subqueries();
  const bool weighed_first_only = type == Xapian::Query::OP_AND_NOT || type == Xapian::Query::OP_FILTER;
  if (n == 0 || !positional(q) ||
      (type != Xapian::Query::OP_OR && type != Xapian::Query::OP_AND && type != Xapian::Query::OP_AND_MAYBE &&
       !weighed_first_only))
    return q;
  std::vector<Xapian::Query> parts;
  for (std::size_t i = 0; i < n; ++i)
    parts.push_back(i == 0 || !weighed_first_only ? positional_weighed_apart(q.get_subquery(i)) : q.get_subquery(i));
  if (type != Xapian::Query::OP_OR) return Xapian::Query(type, parts.begin(), parts.end());
  std::vector<Xapian::Query> any, apart;
  for (const Xapian::Query& part : parts) {
    if (!positional(part)) {
      any.push_back(part);
      continue;
    }
    any.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, part, 0.0);
    apart.push_back(part);
  }
  Xapian::Query out(Xapian::Query::OP_OR, any.begin(), any.end());
  for (const Xapian::Query& part : apart) {
    const Xapian::Query words(Xapian::Query::OP_SCALE_WEIGHT, without_positions(part), 0.0);
    out = Xapian::Query(Xapian::Query::OP_AND_MAYBE, out, Xapian::Query(Xapian::Query::OP_AND_MAYBE, words, part));
  }
  return out;
}

// The words in order within the positions they span: adjacent, but for the
// gaps punctuation typed in the phrase leaves (where a word may then stand).
Xapian::Query phrase_query(const std::vector<std::string>& terms, const std::vector<Xapian::termpos>& offsets) {
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(offsets.back() + 1));
}

// Xapian's OP_NEAR reads every position of a document, and a given title's
// words follow the last passage kPassagePositionGap + kTitlePositionGap
// positions on: a wider window could join a title word to a body word.
bool needs_resolving(const std::vector<std::vector<std::string>>& groups, Xapian::termcount window) {
  const bool words_only = std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() == 1; });
  return !words_only || window > schema::kTitlePositionGap;
}

// NEAR of words and phrases. Words only, in a window no title reaches: Xapian's OP_NEAR. With phrases, the
// superset is every word within the window widened by the phrases' extra
// words, where each phrase occurs; a resolver makes it exact.
Xapian::Query near_query(const std::vector<std::vector<std::string>>& groups,
                         const std::vector<std::vector<Xapian::termpos>>& offsets, Xapian::termcount window,
                         const NearResolver& resolver) {
  if (!needs_resolving(groups, window)) {
    std::vector<std::string> terms;
    for (const auto& group : groups) terms.push_back(group[0]);
    return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window);
  }
  NearGroups near;
  near.groups = groups;
  near.offsets = offsets;
  near.window = window;
  std::vector<std::string> unique;
  std::vector<Xapian::Query> phrases;
  Xapian::termcount widened = window;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    widened += static_cast<Xapian::termcount>(offsets[g].back());
    for (const std::string& term : groups[g])
      if (std::find(unique.begin(), unique.end(), term) == unique.end()) unique.push_back(term);
    if (groups[g].size() > 1) phrases.push_back(phrase_query(groups[g], offsets[g]));
  }
  const Xapian::Query words(Xapian::Query::OP_NEAR, unique.begin(), unique.end(), widened);
  near.superset = phrases.empty() ? words
                                  : Xapian::Query(Xapian::Query::OP_FILTER, words,
                                                  Xapian::Query(Xapian::Query::OP_AND, phrases.begin(), phrases.end()));
  return resolver ? resolver(near) : near.superset;
}

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, Analyser& analyser, ParsedQuery& parsed, bool drop_stop_words,
         const NearResolver& near_resolver, const PrefixExpander& expand_prefix, bool drop_request_frames,
         const LikeQuery& like, const PhraseResolver& phrase_resolver, const FieldValues& field_values)
      : lexemes_(std::move(lexemes)),
        analyser_(analyser),
        plan_(parsed.highlight),
        sequence_(parsed.sequence),
        request_words_(parsed.request_words),
        near_resolver_(near_resolver),
        expand_prefix_(expand_prefix),
        like_(like),
        phrase_resolver_(phrase_resolver),
        field_values_(field_values),
        parsed_(parsed) {
    framed_.assign(lexemes_.size(), false);
    parsed.plain = std::all_of(lexemes_.begin(), lexemes_.end(), is_plain);
    if (drop_request_frames) mark_request_frames();
    if (drop_stop_words || drop_request_frames) {
      // Only when something else remains: "the who" is still searched, and
      // so is "information on" alone.
      bool content = false;
      for (std::size_t i = 0; i < lexemes_.size(); ++i)
        if (is_plain(lexemes_[i]) && !framed_[i])
          for (const Token& token : analyser_.tokenize(lexemes_[i].text))
            if (!is_stop_word(token.term, analyser_.language())) content = true;
      drop_stop_words_ = drop_stop_words && content;
      if (!content) framed_.assign(lexemes_.size(), false);
    }
  }

  Xapian::Query parse() {
    Xapian::Query q;
    while (pos_ < lexemes_.size()) {
      Xapian::Query part = parse_or(0, true);
      if (!part.empty()) q = q.empty() ? part : Xapian::Query(Xapian::Query::OP_OR, q, part);
      if (pos_ < lexemes_.size()) ++pos_;  // a stray ')' at top level: skip it
    }
    return q;
  }

 private:
  // Request frames are looked for in each run of plain one-word lexemes.
  void mark_request_frames() {
    std::vector<std::string> words;
    std::vector<std::size_t> where;
    auto flush = [&] {
      const std::vector<bool> marked = request_frame_words(words, analyser_.language());
      for (std::size_t k = 0; k < marked.size(); ++k) framed_[where[k]] = marked[k];
      words.clear();
      where.clear();
    };
    for (std::size_t i = 0; i < lexemes_.size(); ++i) {
      std::vector<Token> tokens;
      if (is_plain(lexemes_[i])) analyser_.tokenize(lexemes_[i].text, tokens, 1);
      if (tokens.size() != 1) {
        flush();
        continue;
      }
      words.push_back(tokens[0].term);
      where.push_back(i);
    }
    flush();
  }

  static bool is_plain(const Lexeme& lexeme) {
    return lexeme.type == Lex::text && lexeme.field.empty() && !lexeme.quoted && !lexeme.modifier;
  }

  const Lexeme* peek() const { return pos_ < lexemes_.size() ? &lexemes_[pos_] : nullptr; }
  bool at(Lex type) const { return peek() && peek()->type == type; }

  Xapian::Query parse_or(int depth, bool positive) {
    Xapian::Query q = parse_sequence(depth, positive);
    while (at(Lex::op_or)) {
      ++pos_;
      Xapian::Query rhs = parse_sequence(depth, positive);
      if (rhs.empty()) continue;
      q = q.empty() ? rhs : Xapian::Query(Xapian::Query::OP_OR, q, rhs);
    }
    return q;
  }

  // Juxtaposed units: best match over plain words, +required, -prohibited,
  // field filters restricting the whole.
  Xapian::Query parse_sequence(int depth, bool positive) {
    std::vector<Xapian::Query> required, optional, prohibited;
    std::map<std::string, std::vector<Xapian::Query>> filters;
    while (peek() && !at(Lex::op_or) && !at(Lex::rparen)) {
      Unit unit = parse_and(depth, positive);
      if (unit.empty()) continue;
      switch (unit.role) {
        case Role::required: required.push_back(unit.query); break;
        case Role::optional: optional.push_back(unit.query); break;
        case Role::prohibited: prohibited.push_back(unit.query); break;
        case Role::filter: filters[unit.filter_field].push_back(unit.query); break;
      }
    }
    Xapian::Query q;
    if (!required.empty()) {
      q = Xapian::Query(Xapian::Query::OP_AND, required.begin(), required.end());
      // Optional units beside required ones only rank, and under a negation
      // nothing ranks: there an AND_MAYBE (weighed with factor 0) made
      // Xapian 1.4.22 read uninitialised memory (valgrind) and count at
      // random: 'zorm NOT ((+zorvak zorv lang:de) OR blick NEAR zorv)'.
      if (!optional.empty() && positive)
        for (const Xapian::Query& unit : optional) q = and_maybe(q, unit);
    } else if (!optional.empty()) {
      q = Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end());
    }
    if (!filters.empty()) {
      std::vector<Xapian::Query> per_field;
      for (auto& [field, alternatives] : filters)
        per_field.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
      Xapian::Query filter(Xapian::Query::OP_AND, per_field.begin(), per_field.end());
      q = q.empty() ? filter : Xapian::Query(Xapian::Query::OP_AND, q, filter);
    }
    if (!prohibited.empty()) {
      if (q.empty()) q = Xapian::Query::MatchAll;
      q = and_not(q, Xapian::Query(Xapian::Query::OP_OR, prohibited.begin(), prohibited.end()), positive);
    }
    return q;
  }

  // "a AND b", "a NOT b"; an operand typed with '-' is excluded as after
  // NOT ("a AND -b" is "a NOT b", "-a AND b" is "b NOT a"), never searched.
  Unit parse_and(int depth, bool positive) {
    Unit unit = parse_near(depth, positive);
    while (at(Lex::op_and) || at(Lex::op_not)) {
      // "a AND NOT b" reads as "a NOT b"; each further NOT negates again, so
      // "a NOT NOT b" is a AND b (it was a NOT b: the second NOT was dropped).
      if (at(Lex::op_and)) ++pos_;
      const bool negate = next_nots_odd();
      Unit rhs = parse_near(depth, positive && !negate);
      if (rhs.empty()) continue;
      const bool excluded = negate || rhs.role == Role::prohibited;
      if (unit.empty()) {
        if (!excluded) unit = rhs;
        else unit = {Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, rhs.query), Role::optional, {}, {}, {}};
        continue;
      }
      if (unit.role == Role::prohibited) {
        // Both excluded: the unit excludes either; else the new operand is what is searched.
        if (excluded) {
          unit.query = Xapian::Query(Xapian::Query::OP_OR, unit.query, rhs.query);
        } else {
          unit.query = and_not(rhs.query, unit.query, positive);
          unit.role = rhs.role;
          unit.filter_field = rhs.filter_field;
          unit.typed_required = rhs.typed_required;
        }
        unit.groups.clear();
        continue;
      }
      unit.query = excluded ? and_not(unit.query, rhs.query, positive)
                            : Xapian::Query(Xapian::Query::OP_AND, unit.query, rhs.query);
      // A filter less what it excludes still filters ("polio kind:article
      // NOT vaccine"), and filters ANDed filter. Otherwise an operand typed
      // '+' makes the whole required wherever it stands: "x a AND +b" wants
      // b as "x +b AND a" does (it was x OR (a AND b)).
      if (!excluded && !(unit.role == Role::filter && rhs.role == Role::filter)) {
        const bool required = unit.role == Role::required || rhs.role == Role::required || unit.typed_required ||
                              rhs.typed_required;
        unit.role = required ? Role::required : Role::optional;
      }
      unit.typed_required = unit.typed_required || (!excluded && rhs.typed_required);
      unit.groups.clear();
    }
    return unit;
  }

  // "a NEAR b NEAR \"c d\"": every operand within one window (the
  // largest given). Operands other than words and phrases make it an AND.
  // "a NEAR -b" is a where no b stands within the window: the NEAR of the
  // other operands without the NEAR of them and b (a NOT b if an operand is
  // no word or phrase); "-a NEAR -b" excludes that.
  Unit parse_near(int depth, bool positive) {
    // What the operands add to the plan, taken back if they make a NEAR.
    const std::size_t terms_mark = inserted_terms_.size(), phrases_mark = plan_.phrases.size();
    Unit unit = parse_unit(depth, positive);
    bool chained = false, all_near = true;
    std::size_t included = 1;
    Xapian::termcount window = 0;
    std::vector<std::vector<std::string>> groups;
    std::vector<std::vector<Xapian::termpos>> offsets;
    std::vector<Unit> away;
    Xapian::Query all;
    while (at(Lex::op_near)) {
      const Xapian::termcount this_window = peek()->window;
      ++pos_;
      if (++nears_ > kMaxNears) throw UsageError("a query may hold at most " + std::to_string(kMaxNears) + " NEARs");
      // "-a NEAR b" excludes the whole NEAR: b is no word to mark.
      Unit rhs = parse_unit(depth, positive && unit.role != Role::prohibited);
      if (rhs.empty()) continue;
      if (unit.empty()) {
        unit = rhs;
        continue;
      }
      if (!chained) {
        chained = true;
        all = unit.query;
        groups = unit.groups;
        offsets = unit.offsets;
        all_near = !groups.empty();
      }
      window = std::max({window, this_window, Xapian::termcount(2)});
      // "-a NEAR -b" is -(a NEAR -b): a '-' on the first operand excludes
      // the whole NEAR, a '-' on another still means "not within the window".
      if (rhs.role == Role::prohibited) {
        away.push_back(std::move(rhs));
        continue;
      }
      ++included;
      all = Xapian::Query(Xapian::Query::OP_AND, all, rhs.query);
      if (rhs.groups.empty()) all_near = false;
      groups.insert(groups.end(), rhs.groups.begin(), rhs.groups.end());
      offsets.insert(offsets.end(), rhs.offsets.begin(), rhs.offsets.end());
    }
    if (chained) {
      const bool a_near = all_near && included > 1;
      if (a_near && positive && unit.role != Role::prohibited &&
          std::none_of(groups.begin(), groups.end(), [](const auto& g) { return schema::is_prefixed(g[0]); })) {
        // Its words are marked where they are near, not wherever they occur.
        for (std::size_t k = terms_mark; k < inserted_terms_.size(); ++k) plan_.terms.erase(inserted_terms_[k]);
        inserted_terms_.resize(terms_mark);
        plan_.phrases.resize(phrases_mark);
        plan_.phrase_offsets.resize(phrases_mark);
        plan_.nears.push_back({groups, offsets, window, {}});
      }
      unit.query = a_near ? near(groups, offsets, window) : all;
      for (const Unit& far : away) {
        Xapian::Query excluded = far.query;
        if (all_near && !far.groups.empty()) {
          auto with_far = groups;
          auto with_far_offsets = offsets;
          with_far.insert(with_far.end(), far.groups.begin(), far.groups.end());
          with_far_offsets.insert(with_far_offsets.end(), far.offsets.begin(), far.offsets.end());
          excluded = near(with_far, with_far_offsets, window);
        }
        unit.query = and_not(unit.query, excluded, positive);
      }
      unit.groups.clear();
      unit.offsets.clear();
      if (unit.role == Role::filter) unit.role = Role::optional;
    }
    return unit;
  }

  // NEAR of groups, a NEAR with phrases resolved once per distinct form.
  Xapian::Query near(const std::vector<std::vector<std::string>>& groups,
                     const std::vector<std::vector<Xapian::termpos>>& offsets, Xapian::termcount window) {
    const bool words_only = std::all_of(groups.begin(), groups.end(), [](const auto& g) { return g.size() == 1; });
    if (!needs_resolving(groups, window)) return near_query(groups, offsets, window, near_resolver_);
    std::string key = std::to_string(window);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      key += '\x1f';
      for (std::size_t k = 0; k < groups[g].size(); ++k) key += groups[g][k] + '\x1e' + std::to_string(offsets[g][k]) + '\x1e';
    }
    if (!words_only && ++near_with_phrases_ > kMaxNearWithPhrases)
      throw UsageError("a query may hold at most " + std::to_string(kMaxNearWithPhrases) + " NEARs with a phrase");
    auto known = resolved_near_.find(key);
    if (known != resolved_near_.end()) return known->second;
    return resolved_near_[key] = typed_nothing(near_query(groups, offsets, window, near_resolver_));
  }

  // Passes over the NOTs at pos_: whether there was an odd number of them.
  bool next_nots_odd() {
    bool odd = false;
    for (; at(Lex::op_not); ++pos_) odd = !odd;
    return odd;
  }

  Unit parse_unit(int depth, bool positive) {
    // Operators where a word should be ("AND polio", "a OR OR b") are
    // dropped; a leading NOT works as '-'.
    while (at(Lex::op_and) || at(Lex::op_or) || at(Lex::op_near)) ++pos_;
    // "NOT NOT x" is x, as in logic (it was NOT x).
    const bool negated = next_nots_odd();
    const Lexeme* lexeme = peek();
    if (!lexeme || lexeme->type == Lex::rparen) return {};
    ++pos_;
    const char modifier = negated ? '-' : lexeme->modifier;
    const bool unit_positive = positive && modifier != '-';
    Unit unit;
    const std::string& field_name = lexeme->field.empty() ? group_field_ : lexeme->field;
    if (lexeme->type == Lex::lparen) {
      if (depth < kMaxDepth) {
        // "title:( … )": the field applies to every word of the group.
        const std::string outer = group_field_;
        group_field_ = field_name;
        unit.query = parse_or(depth + 1, unit_positive);
        group_field_ = outer;
        if (at(Lex::rparen)) ++pos_;
        if (!field_name.empty() && field_name != "title" && !unit.query.empty()) {
          unit.role = Role::filter;  // a group of filters filters
          unit.filter_field = field_name;
        }
      }  // deeper nesting: the parentheses are ignored, their words still count
    } else if (field_name.empty() && framed_[pos_ - 1] && !negated) {
      ++request_words_;
      note_sentence_end(*lexeme);
      return {};
    } else if (field_name.empty()) {
      // A NEAR's operand, or NOT's, is a word typed on purpose, as a
      // phrase's words are: "the NEAR zorv" searched zorv anywhere, and
      // "zorv NOT the" every zorv.
      const std::size_t i = pos_ - 1;
      const bool on_purpose = (i + 1 < lexemes_.size() && lexemes_[i + 1].type == Lex::op_near) ||
                              (i > 0 && (lexemes_[i - 1].type == Lex::op_near || lexemes_[i - 1].type == Lex::op_not));
      unit = is_prefix(*lexeme) ? prefix_words(lexeme->text, "", unit_positive)
                                : words(lexeme->text, "", unit_positive, is_plain(*lexeme) && !negated, lexeme->offset,
                                        on_purpose);
    } else if (field_name == "title" && is_prefix(*lexeme)) {
      unit = prefix_words(lexeme->text, schema::kTitlePrefix, unit_positive);
    } else {
      unit = field(field_name, lexeme->text, unit_positive, lexeme->offset);
    }
    if (unit.role != Role::filter)
      unit.role = modifier == '+' ? Role::required : modifier == '-' ? Role::prohibited : Role::optional;
    else if (modifier == '-')
      unit.role = Role::prohibited;
    unit.typed_required = modifier == '+';
    note_sentence_end(*lexeme);
    return unit;
  }

  void note_sentence_end(const Lexeme& lexeme) {
    if (lexeme.type != Lex::text || lexeme.quoted || lexeme.text.empty()) return;
    const char last = lexeme.text.back();
    if (last != '.' && last != '?' && last != '!') return;
    // "U.S." and "i.e." end no sentence, nor does "U.S ." typed apart.
    if (last == '.') {
      const Lexeme* word = &lexeme;
      if (lexeme.text.size() == 1 && &lexeme != &lexemes_.front()) word = &lexeme - 1;
      const std::size_t dot = word->text.find('.');
      if (dot != std::string::npos && (word != &lexeme || dot + 1 < word->text.size())) return;
    }
    std::vector<std::size_t>& ends = parsed_.sentence_ends;
    if (ends.empty() ? !sequence_.empty() : ends.back() < sequence_.size()) ends.push_back(sequence_.size());
  }

  // Text run through the analyser: one word is a term; several (a quoted
  // phrase, or "f-16" and "U.S.A" typed as one) are a phrase.
  // offset: where text was typed in the query, so that its words may be
  // corrected there (npos: words a prefix gave, not typed as such).
  Unit words(const std::string& text, const std::string& prefix, bool positive, bool droppable = false,
             std::size_t offset = std::string::npos, bool keep_stop_word = false) {
    std::vector<Token> tokens;
    analyser_.tokenize(text, tokens, 1);
    Unit unit;
    if (droppable && drop_stop_words_ && !keep_stop_word && tokens.size() == 1 &&
        is_stop_word(tokens[0].term, analyser_.language()))
      return unit;
    // Every word counts against the limit, a phrase's too: each costs a
    // posting list, and a phrase's words a positional check each.
    terms_ += tokens.size();
    if (terms_ > kMaxLexemes) throw UsageError("query is too long (more than 2000 words)");
    if (tokens.size() > 1 && ++phrases_ > kMaxPhrases)
      throw UsageError("a query may hold at most " + std::to_string(kMaxPhrases) +
                       " phrases (a compound such as f-16 is one)");
    if (tokens.size() > kMaxPhraseWords)
      throw UsageError("a phrase may hold at most " + std::to_string(kMaxPhraseWords) + " words (this one has " +
                       std::to_string(tokens.size()) + ")");
    std::vector<std::string> terms;
    std::vector<Xapian::termpos> offsets;
    for (const Token& token : tokens) {
      const std::string& term = analyser_.index_term(token);
      terms.push_back(prefix + term);
      offsets.push_back(token.position - tokens.front().position);
      if (positive && offset != std::string::npos)
        parsed_.typed.push_back({offset + token.begin, offset + token.end, token.term, term, is_spelling_word(token)});
    }
    if (terms.empty()) return unit;
    if (terms.size() == 1) {
      unit.query = Xapian::Query(terms[0]);
      if (positive) highlight_term(terms[0], prefix);
      if (positive && droppable) sequence_.push_back(terms[0]);
    } else {
      unit.query = phrase_query(terms, offsets);
      if (offsets.back() + 1 != offsets.size()) {
        if (++gapped_phrases_ > kMaxGappedPhrases)
          throw UsageError("a query may hold at most " + std::to_string(kMaxGappedPhrases) +
                           " phrases with punctuation inside (such as and/or or \"karachi, pakistan\")");
        if (phrase_resolver_) unit.query = exact_phrase(terms, offsets, unit.query);
      }
      if (positive && droppable) parsed_.compounds.emplace_back(parsed_.sentence_ends.size(), unit.query);
      if (positive && prefix.empty()) {
        plan_.phrases.push_back(terms);
        plan_.phrase_offsets.emplace_back(offsets.begin(), offsets.end());
      } else if (positive && prefix == schema::kTitlePrefix) {
        std::vector<std::string> title_words;
        for (const std::string& term : terms) title_words.push_back(term.substr(prefix.size()));
        plan_.title_phrases.push_back(std::move(title_words));
        plan_.title_phrase_offsets.emplace_back(offsets.begin(), offsets.end());
      }
    }
    unit.groups.push_back(std::move(terms));
    unit.offsets.push_back(std::move(offsets));
    return unit;
  }

  // A phrase with typed punctuation, resolved once per distinct form.
  Xapian::Query exact_phrase(const std::vector<std::string>& terms, const std::vector<Xapian::termpos>& offsets,
                             const Xapian::Query& superset) {
    std::string key;
    for (std::size_t k = 0; k < terms.size(); ++k) key += terms[k] + '\x1e' + std::to_string(offsets[k]) + '\x1e';
    auto known = resolved_phrases_.find(key);
    if (known != resolved_phrases_.end()) return known->second;
    return resolved_phrases_[key] = typed_nothing(phrase_resolver_(terms, offsets, superset));
  }

  // A resolver that finds no document answers MatchNothing, an empty query,
  // and an empty unit is one with nothing to search (a lone "AND"): so
  // 'zorv NEAR "a b" AND -date:2025' matched every document not of 2025.
  // What was typed and matches nothing stays a query that matches nothing:
  // a date no document has ('~' sorts after every digit).
  static Xapian::Query typed_nothing(const Xapian::Query& resolved) {
    return resolved.empty() ? Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, "~") : resolved;
  }

  // A body term is marked wherever it occurs, a title: term in titles only.
  void highlight_term(const std::string& term, const std::string& prefix) {
    if (prefix.empty()) {
      if (plan_.terms.insert(term).second) inserted_terms_.push_back(term);
    }
    else if (prefix == schema::kTitlePrefix) plan_.title_terms.insert(term.substr(prefix.size()));
  }

  // One OP_SYNONYM of n terms is weighted by an estimate of how many
  // documents hold any of them, which Xapian 1.4 sums pairwise, rounding each
  // step to a whole count, along a tree each shard shapes by its own term
  // frequencies: so the estimate, and every score, depended on the layout
  // (README "Scaling out"). Nested pairs fix the tree; each inner synonym is
  // a plain OR, and the whole still one word to the weighting.
  static Xapian::Query balanced_synonym(const std::vector<std::string>& terms, std::size_t begin, std::size_t end) {
    if (end - begin == 1) return Xapian::Query(terms[begin]);
    const std::size_t middle = begin + (end - begin) / 2;
    return Xapian::Query(Xapian::Query::OP_SYNONYM, balanced_synonym(terms, begin, middle),
                         balanced_synonym(terms, middle, end));
  }

  static bool is_prefix(const Lexeme& lexeme) {
    return lexeme.type == Lex::text && !lexeme.quoted && lexeme.text.size() > 1 && lexeme.text.back() == '*';
  }

  // "kash*": the word as typed (its stem: "happy*" finds "happy") and the
  // indexed words that start with it, as one word (Xapian's OP_SYNONYM, as
  // its own wildcards use). Indexed words are stems, so a prefix reaching
  // into a suffix the stemmer removes ("vaccinat*": "vaccination" is
  // "vaccin") finds only the word as typed. A star after a compound ("f-16*")
  // cannot apply to one of its parts, and is ignored.
  Unit prefix_words(std::string text, const std::string& prefix, bool positive) {
    while (!text.empty() && text.back() == '*') text.pop_back();
    std::vector<Token> tokens;
    analyser_.tokenize(text, tokens, 1);
    if (tokens.size() != 1) return words(text, prefix, positive);
    if (++terms_ > kMaxLexemes) throw UsageError("query is too long (more than 2000 words)");
    if (++prefixes_ > kMaxPrefixes)
      throw UsageError("a query may hold at most " + std::to_string(kMaxPrefixes) + " prefixes (words ending in *)");
    const std::string typed = prefix + tokens[0].term;
    const std::string stem = prefix + analyser_.index_term(tokens[0]);
    std::vector<std::string> terms;
    Unit unit;
    if (expand_prefix_) {
      terms = expand_prefix_(typed);
      if (std::find(terms.begin(), terms.end(), stem) == terms.end()) terms.insert(terms.begin(), stem);
      unit.query = terms.size() == 1 ? Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end())
                                     : balanced_synonym(terms, 0, terms.size());
    } else {
      terms = {stem};
      unit.query = Xapian::Query(Xapian::Query::OP_SYNONYM, Xapian::Query(stem),
                                 Xapian::Query(Xapian::Query::OP_WILDCARD, typed,
                                               static_cast<Xapian::termcount>(kMaxPrefixTerms),
                                               Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT));
    }
    if (positive)
      for (const std::string& term : terms) highlight_term(term, prefix);
    return unit;
  }

  Unit field(const std::string& name, const std::string& text, bool positive, std::size_t offset) {
    if (name == "title") return words(text, schema::kTitlePrefix, positive, false, offset);
    if (name == "like") {
      Unit unit;
      if (text.empty()) return unit;
      (positive ? parsed_.like : parsed_.unlike).push_back(text);
      // The words of an excluded document (-like:DOC) are no words to mark.
      HighlightPlan excluded;
      // A document with no marking words (numbers, stop words) is like none:
      // an empty query would be "nothing typed", and like:DOC kind:article
      // every article.
      if (like_) unit.query = typed_nothing(like_(text, positive ? plan_ : excluded));
      return unit;
    }
    Unit unit;
    unit.role = Role::filter;
    unit.filter_field = name;
    if (text.empty()) return {};
    if (++terms_ > kMaxLexemes) throw UsageError("query is too long (more than 2000 words)");
    if (name == "kind") {
      const std::string kind = ascii_lower(text);
      if (kind != kKindArticle && kind != kKindEditorial && kind != kKindTeaser && kind != kKindPage)
        throw UsageError("kind: takes article, editorial, teaser or page, not '" + text + "'");
      unit.query = Xapian::Query(schema::kKindPrefix + kind);
    } else if (name == "section") {
      unit.query = folded_value(schema::kSectionPrefix, text);
    } else if (name == "author") {
      unit.query = folded_value(schema::kAuthorPrefix, text);
    } else if (name == "site") {
      // site:dawn.com also finds www.dawn.com, which is stored as dawn.com
      std::string site = ascii_lower(text);
      if (site.compare(0, 4, "www.") == 0) site.erase(0, 4);
      unit.query = folded_value(schema::kSitePrefix, site);
    } else if (name == "id") {
      // Exactly as indexed (long ids are hashed into their term the same way).
      unit.query = Xapian::Query(schema::id_term(schema::kDocPrefix, text));
    } else if (name == "url") {
      unit.query = Xapian::Query(schema::id_term(schema::kUrlPrefix, text));
    } else if (name == "lang") {
      const std::string language = schema::primary_language(text);
      if (language.empty()) throw UsageError("lang: takes a language code such as en or de, not '" + text + "'");
      unit.query = Xapian::Query(schema::kLanguagePrefix + language);
    } else {
      unit.query = date_range(text);
    }
    return unit;
  }

  // A section, author or site as a word is found (case, accents, letter
  // variants): its ASCII-folded term, as the indexer writes it, and every
  // indexed spelling that folds alike ("economie" finds "Économie" too).
  Xapian::Query folded_value(const char* prefix, const std::string& value) const {
    const std::string term = schema::id_term(prefix, ascii_lower(value));
    if (!field_values_) return Xapian::Query(term);
    std::vector<std::string> terms = field_values_(prefix, value);
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    if (terms.size() == 1) return Xapian::Query(term);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  static Xapian::Query date_range(const std::string& text) {
    const std::size_t dots = text.find("..");
    const std::string from = dots == std::string::npos ? text : text.substr(0, dots);
    const std::string to = dots == std::string::npos ? text : text.substr(dots + 2);
    auto valid = [](const std::string& d) { return d.empty() || is_iso_date_prefix(d); };
    if (!valid(from) || !valid(to) || (from.empty() && to.empty()))
      throw UsageError("date: takes YYYY-MM-DD, YYYY-MM or YYYY, or a range FROM..TO (either end may be left open), not '" + text + "'");
    // Dates that exist, in order: anything else could only match nothing.
    for (const std::string& end : {from, to}) {
      if (end.empty()) continue;
      const int year = std::atoi(end.substr(0, 4).c_str());
      const int month = end.size() >= 7 ? std::atoi(end.substr(5, 2).c_str()) : 1;
      if (year < 1000 || month < 1 || month > 12)
        throw UsageError("date: '" + end + "' is not a date (years 1000-9999, months 01-12)");
    }
    const std::size_t common = std::min(from.size(), to.size());
    if (!from.empty() && !to.empty() && from.compare(0, common, to, 0, common) > 0)
      throw UsageError("date: the range '" + text + "' ends before it starts");
    // "~" sorts after every digit, so a partial upper bound covers its whole month or year.
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, to + "~");
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, from, to + "~");
  }

  std::vector<Lexeme> lexemes_;
  std::size_t pos_ = 0;
  std::size_t terms_ = 0;  // words and field values so far
  std::string group_field_;  // the field of the group being parsed, if any
  std::map<std::string, Xapian::Query> resolved_near_;
  std::size_t near_with_phrases_ = 0;
  std::size_t phrases_ = 0;
  std::size_t prefixes_ = 0;
  std::size_t nears_ = 0;
  std::size_t gapped_phrases_ = 0;
  bool drop_stop_words_ = false;
  std::vector<bool> framed_;  // per lexeme: a word of request boilerplate, to drop
  std::vector<std::string> inserted_terms_;  // plan_.terms in the order first added
  Analyser& analyser_;
  HighlightPlan& plan_;
  std::vector<std::string>& sequence_;
  std::size_t& request_words_;
  const NearResolver& near_resolver_;
  const PrefixExpander& expand_prefix_;
  const LikeQuery& like_;
  const PhraseResolver& phrase_resolver_;
  const FieldValues& field_values_;
  std::map<std::string, Xapian::Query> resolved_phrases_;
  ParsedQuery& parsed_;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, Analyser& analyser, bool drop_stop_words,
                        const NearResolver& near_resolver, const PrefixExpander& expand_prefix,
                        bool drop_request_frames, const LikeQuery& like, const PhraseResolver& phrase_resolver,
                        const FieldValues& field_values) {
  ParsedQuery parsed;
  Parser parser(lex(text), analyser, parsed, drop_stop_words, near_resolver, expand_prefix, drop_request_frames, like,
                phrase_resolver, field_values);
  parsed.query = positional_weighed_apart(parser.parse());
  return parsed;
}

std::optional<Xapian::termpos> phrase_end_at(const std::vector<Xapian::termpos>* positions,
                                             const std::vector<Xapian::termpos>& offsets, Xapian::termpos first,
                                             const std::function<bool(Xapian::termpos)>& empty) {
  if (offsets.empty() || !std::binary_search(positions[0].begin(), positions[0].end(), first)) return std::nullopt;
  // Word by word, every position the phrase may have reached so far: right
  // after the word before, or where punctuation was typed, after positions
  // that hold no word; the smallest one the last word reaches is the end.
  std::vector<Xapian::termpos> reached{first}, next;
  for (std::size_t k = 1; k < offsets.size() && !reached.empty(); ++k) {
    const Xapian::termpos step = offsets[k] - offsets[k - 1];
    next.clear();
    for (const Xapian::termpos at : reached)
      for (Xapian::termpos s = 1; s <= step; ++s) {
        if (!std::binary_search(positions[k].begin(), positions[k].end(), at + s)) continue;
        bool gap_empty = true;
        for (Xapian::termpos g = at + 1; g < at + s && gap_empty; ++g) gap_empty = empty(g);
        if (gap_empty) next.push_back(at + s);
      }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    reached.swap(next);
  }
  if (reached.empty()) return std::nullopt;
  return reached.front();
}

namespace {

// Each group's occurrences as [first, last] positions: a word's, or a
// phrase's where every word follows the one before.
struct Occurrence {
  Xapian::termpos first, last;  // last: as long as typed (the window's rule)
  std::size_t kind;             // groups with the same words share a kind
  Xapian::termpos end;          // its last word's position
};

// Calls found(i, j, limit) for each window that holds enough of every kind:
// occurrences [i, j) start in it, those whose last is below limit lie in it.
// Stops when found returns false.
template <class Found>
void near_windows(const NearGroups& near, const std::vector<std::vector<Xapian::termpos>>& positions,
                  const std::function<bool(Xapian::termpos)>& empty, std::vector<Occurrence>& occurrences,
                  Found found) {
  occurrences.clear();
  std::vector<std::size_t> needed;  // per kind: how many groups want it
  std::size_t at = 0, widened = near.window;
  for (std::size_t g = 0; g < near.groups.size(); ++g) {
    const auto& group = near.groups[g];
    if (at + group.size() > positions.size() || near.offsets.size() <= g) return;
    widened += near.offsets[g].back();
    std::size_t kind = g;
    for (std::size_t h = 0; h < g; ++h)
      if (near.groups[h] == group) kind = std::min(kind, h);
    if (needed.size() <= kind) needed.resize(kind + 1, 0);
    if (++needed[kind] > 1) {
      at += group.size();
      continue;  // its occurrences are listed once, under its kind
    }
    for (Xapian::termpos p : positions[at])
      if (const auto last = phrase_end_at(&positions[at], near.offsets[g], p, empty))
        // As long as typed: found without its gap, it still counts as one word.
        occurrences.push_back({p, std::max(*last, p + near.offsets[g].back()), kind, *last});
    at += group.size();
  }
  std::sort(occurrences.begin(), occurrences.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.first < b.first; });
  // A window starting at each occurrence: does it hold enough of every kind?
  std::vector<std::size_t> have(needed.size());
  for (std::size_t i = 0; i < occurrences.size(); ++i) {
    std::fill(have.begin(), have.end(), 0);
    const std::size_t limit = occurrences[i].first + widened;  // last must be below this
    std::size_t j = i;
    for (; j < occurrences.size() && occurrences[j].first < limit; ++j)
      if (occurrences[j].last < limit) ++have[occurrences[j].kind];
    bool all = true;
    for (std::size_t k = 0; k < needed.size() && all; ++k) all = have[k] >= needed[k];
    if (all && !found(i, j, limit)) return;
  }
}

}  // namespace

bool near_groups_match(const NearGroups& near, const std::vector<std::vector<Xapian::termpos>>& positions,
                       const std::function<bool(Xapian::termpos)>& empty) {
  std::vector<Occurrence> occurrences;
  bool any = false;
  near_windows(near, positions, empty, occurrences, [&any](std::size_t, std::size_t, std::size_t) {
    any = true;
    return false;
  });
  return any;
}

std::vector<std::pair<Xapian::termpos, Xapian::termpos>> near_groups_matches(
    const NearGroups& near, const std::vector<std::vector<Xapian::termpos>>& positions,
    const std::function<bool(Xapian::termpos)>& empty) {
  std::vector<Occurrence> occurrences;
  std::vector<std::pair<Xapian::termpos, Xapian::termpos>> matches;
  near_windows(near, positions, empty, occurrences, [&](std::size_t i, std::size_t j, std::size_t limit) {
    for (std::size_t k = i; k < j; ++k)
      if (occurrences[k].last < limit) matches.emplace_back(occurrences[k].first, occurrences[k].end);
    return true;
  });
  std::sort(matches.begin(), matches.end());
  matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
  return matches;
}

}  // namespace quarry
