#include "query_parser.h"

#include <algorithm>
#include <map>

#include "dates.h"
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

enum class Lex { text, lparen, rparen, op_and, op_or, op_not, op_near };

struct Lexeme {
  Lex type = Lex::text;
  char modifier = 0;      // '+', '-' or 0
  std::string field;      // "title", "section", "kind", "date", "author", "site", "lang" or empty
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
         name == "site" || name == "lang" || name == "like";
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
        lexeme.window = static_cast<Xapian::termcount>(std::min(1000, std::atoi(std::string(word.substr(5)).c_str())));
        lexeme.window = std::max<Xapian::termcount>(lexeme.window, 1);
      }
      if (lexeme.type != Lex::text) {
        out.push_back(std::move(lexeme));
        continue;
      }
    }
    const std::size_t colon = word.find(':');
    if (colon != std::string_view::npos && colon > 0 && is_field(ascii_lower(word.substr(0, colon)))) {
      lexeme.field = ascii_lower(word.substr(0, colon));
      word.remove_prefix(colon + 1);
      word_offset += colon + 1;
      if (word.empty() && i < n && q[i] == '"') {
        read_quoted();
        out.push_back(std::move(lexeme));
        continue;
      }
    }
    lexeme.text = std::string(word);
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
  std::vector<std::string> terms;    // a single term or phrase's terms, for NEAR
  bool empty() const { return query.empty(); }
};

Xapian::Query as_filter(Xapian::Query q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, Analyser& analyser, ParsedQuery& parsed, bool drop_stop_words,
         const LikeQuery& like)
      : lexemes_(std::move(lexemes)), analyser_(analyser), parsed_(parsed), plan_(parsed.highlight),
        sequence_(parsed.sequence), like_(like) {
    if (drop_stop_words) {
      // Only when something else remains: "the who" is still searched.
      for (const Lexeme& lexeme : lexemes_)
        if (is_plain(lexeme))
          for (const Token& token : analyser_.tokenize(lexeme.text))
            if (!is_stop_word(token.term, analyser_.language())) drop_stop_words_ = true;
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
      if (!optional.empty())
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                          Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end()));
    } else if (!optional.empty()) {
      q = Xapian::Query(Xapian::Query::OP_OR, optional.begin(), optional.end());
    }
    if (!filters.empty()) {
      std::vector<Xapian::Query> per_field;
      for (auto& [field, alternatives] : filters)
        per_field.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
      Xapian::Query filter = as_filter(Xapian::Query(Xapian::Query::OP_AND, per_field.begin(), per_field.end()));
      q = q.empty() ? filter : Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    }
    if (!prohibited.empty()) {
      if (q.empty()) q = Xapian::Query::MatchAll;
      q = Xapian::Query(Xapian::Query::OP_AND_NOT, q,
                        Xapian::Query(Xapian::Query::OP_OR, prohibited.begin(), prohibited.end()));
    }
    return q;
  }

  Unit parse_and(int depth, bool positive) {
    Unit unit = parse_near(depth, positive);
    while (at(Lex::op_and) || at(Lex::op_not)) {
      const bool negate = at(Lex::op_not);
      ++pos_;
      if (at(Lex::op_not)) continue;  // "a AND NOT b" reads as "a NOT b"
      Unit rhs = parse_near(depth, positive && !negate);
      if (rhs.empty()) continue;
      if (unit.empty()) {
        if (!negate) unit = rhs;
        else unit = {Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, rhs.query), Role::optional, {}, {}};
        continue;
      }
      unit.query = Xapian::Query(negate ? Xapian::Query::OP_AND_NOT : Xapian::Query::OP_AND, unit.query, rhs.query);
      if (unit.role == Role::filter && rhs.role != Role::filter) unit.role = Role::optional;
      unit.terms.clear();
    }
    return unit;
  }

  Unit parse_near(int depth, bool positive) {
    Unit unit = parse_unit(depth, positive);
    while (at(Lex::op_near)) {
      const Xapian::termcount window = peek()->window;
      ++pos_;
      Unit rhs = parse_unit(depth, positive);
      if (rhs.empty()) continue;
      if (unit.empty()) {
        unit = rhs;
        continue;
      }
      // Xapian's NEAR takes terms; anything bigger falls back to AND.
      if (unit.terms.size() == 1 && rhs.terms.size() == 1) {
        std::vector<std::string> terms = {unit.terms[0], rhs.terms[0]};
        unit.query = Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(),
                                   std::max<Xapian::termcount>(window, 2));
      } else {
        unit.query = Xapian::Query(Xapian::Query::OP_AND, unit.query, rhs.query);
      }
      unit.terms.clear();
    }
    return unit;
  }

  Unit parse_unit(int depth, bool positive) {
    // Operators where a word should be ("AND polio", "a OR OR b") are
    // dropped; a leading NOT works as '-'.
    while (at(Lex::op_and) || at(Lex::op_or) || at(Lex::op_near)) ++pos_;
    bool negated = false;
    while (at(Lex::op_not)) {
      negated = true;
      ++pos_;
    }
    const Lexeme* lexeme = peek();
    if (!lexeme || lexeme->type == Lex::rparen) return {};
    ++pos_;
    const char modifier = negated ? '-' : lexeme->modifier;
    const bool unit_positive = positive && modifier != '-';
    Unit unit;
    if (lexeme->type == Lex::lparen) {
      if (depth < kMaxDepth) {
        unit.query = parse_or(depth + 1, unit_positive);
        if (at(Lex::rparen)) ++pos_;
      }  // deeper nesting: the parentheses are ignored, their words still count
    } else if (lexeme->field.empty()) {
      unit = words(lexeme->text, lexeme->offset, "", unit_positive, is_plain(*lexeme) && !negated);
    } else {
      unit = field(*lexeme, unit_positive);
    }
    if (unit.role != Role::filter)
      unit.role = modifier == '+' ? Role::required : modifier == '-' ? Role::prohibited : Role::optional;
    else if (modifier == '-')
      unit.role = Role::prohibited;
    return unit;
  }

  // Text run through the analyser: one word is a term; several (a quoted
  // phrase, or "f-16" and "U.S.A" typed as one) are a phrase.
  Unit words(const std::string& text, std::size_t offset, const std::string& prefix, bool positive,
             bool droppable = false) {
    std::vector<Token> tokens;
    analyser_.tokenize(text, tokens, 1);
    Unit unit;
    if (droppable && drop_stop_words_ && tokens.size() == 1 &&
        is_stop_word(tokens[0].term, analyser_.language()))
      return unit;
    for (const Token& token : tokens) {
      const std::string& term = analyser_.index_term(token);
      unit.terms.push_back(prefix + term);
      if (positive)
        parsed_.typed.push_back({offset + token.begin, offset + token.end, token.term, term, is_spelling_word(token)});
    }
    if (unit.terms.empty()) return unit;
    if (unit.terms.size() == 1) {
      unit.query = Xapian::Query(unit.terms[0]);
      if (positive && prefix.empty()) plan_.terms.insert(unit.terms[0]);
      if (positive && droppable) sequence_.push_back(unit.terms[0]);
    } else {
      unit.query = Xapian::Query(Xapian::Query::OP_PHRASE, unit.terms.begin(), unit.terms.end(),
                                 static_cast<Xapian::termcount>(unit.terms.size()));
      if (positive && prefix.empty()) plan_.phrases.push_back(unit.terms);
    }
    return unit;
  }

  Unit field(const Lexeme& lexeme, bool positive) {
    if (lexeme.field == "title") return words(lexeme.text, lexeme.offset, schema::kTitlePrefix, positive);
    if (lexeme.field == "like") {
      Unit unit;
      if (lexeme.text.empty()) return unit;
      if (positive) parsed_.like.push_back(lexeme.text);
      unit.query = like_ ? like_(lexeme.text, plan_) : Xapian::Query();
      // An unknown document: a query that matches nothing, rather than none.
      if (unit.query.empty()) unit.query = Xapian::Query(Xapian::Query::MatchNothing);
      return unit;
    }
    Unit unit;
    unit.role = Role::filter;
    unit.filter_field = lexeme.field;
    if (lexeme.text.empty()) return {};
    if (lexeme.field == "kind") {
      const std::string kind = ascii_lower(lexeme.text);
      if (kind != "article" && kind != "editorial")
        throw UsageError("kind: takes article or editorial, not '" + lexeme.text + "'");
      unit.query = Xapian::Query(schema::kKindPrefix + kind);
    } else if (lexeme.field == "section") {
      unit.query = Xapian::Query(schema::id_term(schema::kSectionPrefix, ascii_lower(lexeme.text)));
    } else if (lexeme.field == "author") {
      unit.query = Xapian::Query(schema::id_term(schema::kAuthorPrefix, ascii_lower(lexeme.text)));
    } else if (lexeme.field == "site") {
      // site:dawn.com also finds www.dawn.com, which is stored as dawn.com
      std::string site = ascii_lower(lexeme.text);
      if (site.compare(0, 4, "www.") == 0) site.erase(0, 4);
      unit.query = Xapian::Query(schema::id_term(schema::kSitePrefix, site));
    } else if (lexeme.field == "lang") {
      const std::string language = schema::primary_language(lexeme.text);
      if (language.empty()) throw UsageError("lang: takes a language code such as en or de, not '" + lexeme.text + "'");
      unit.query = Xapian::Query(schema::kLanguagePrefix + language);
    } else {
      unit.query = date_range(lexeme.text);
    }
    return unit;
  }

  static Xapian::Query date_range(const std::string& text) {
    const std::size_t dots = text.find("..");
    const std::string from = dots == std::string::npos ? text : text.substr(0, dots);
    const std::string to = dots == std::string::npos ? text : text.substr(dots + 2);
    auto valid = [](const std::string& d) { return d.empty() || is_iso_date_prefix(d); };
    if (!valid(from) || !valid(to) || (from.empty() && to.empty()))
      throw UsageError("date: takes YYYY-MM-DD, YYYY-MM or YYYY, or a range FROM..TO (either end may be left open), not '" + text + "'");
    // "~" sorts after every digit, so a partial upper bound covers its whole month or year.
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, to + "~");
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, from);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, from, to + "~");
  }

  std::vector<Lexeme> lexemes_;
  std::size_t pos_ = 0;
  bool drop_stop_words_ = false;
  Analyser& analyser_;
  ParsedQuery& parsed_;
  HighlightPlan& plan_;
  std::vector<std::string>& sequence_;
  const LikeQuery& like_;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, Analyser& analyser, bool drop_stop_words, const LikeQuery& like) {
  ParsedQuery parsed;
  Parser parser(lex(text), analyser, parsed, drop_stop_words, like);
  parsed.query = parser.parse();
  return parsed;
}

}  // namespace quarry
