// Generated queries mixing every operator, checked against a brute-force
// reference over a generated fixture: a hand-picked list of query forms
// missed that "a AND -b" searched b and that "filter NOT word" stopped
// filtering. Each query's exact match set (every hit id, and the count) must
// be the reference's, on one database and on three shards, and pages of 7
// must concatenate to one long page, by relevance and newest or oldest first.
//
// The reference reads the README's query language: words (in the body or a
// given title), "phrases" (adjacent, in order, in the body or the title),
// prefixes (any word starting so), title:word, filters (section, author,
// site, lang, date, kind, id: either-or within one field, all fields
// together), NEAR/N (every operand within one window of max(N, 2) positions,
// a phrase counting as one word; one typed '-' never within a window with
// the others), a AND b, a NOT b (an operand typed with
// '-' is excluded there too), a OR b and ( … ). Juxtaposed units are best
// match: with a +required unit only the required ones decide, otherwise any
// plain unit matches; filters narrow, -units exclude, and a sequence of only
// filters and exclusions keeps every document they allow. Precedence, from
// loosest: OR, juxtaposition, AND/NOT, NEAR. Stop words ("the", "of") are
// typed only where the query keeps them (phrases, NEAR operands, fields,
// +/-, after NOT), so the reference searches them as words.
//
// QUARRY_OPERATOR_MIXES=N runs N queries instead of the CI's few hundred
// (QUARRY_OPERATOR_MIXES_SEED picks another seed, QUARRY_OPERATOR_MIXES_REPEAT
// asks each query five more times), to explore.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analyser.h"
#include "query_parser.h"
#include "quarry/error.h"
#include "quarry/index.h"
#include "quarry/search.h"
#include "generated_rng.h"
#include "temp_dir.h"

namespace quarry {
namespace {

using Rng = test::Rng;

// Made-up words the English stemmer leaves alone; three share "zor".
const std::vector<std::string> kWords = {"zorv", "zorvak", "zorm", "blick", "quon",
                                         "plon", "dwik",   "frub", "glom",  "trak"};
const std::vector<std::string> kSections = {"Alpha", "Beta", "Gamma"};
const std::vector<std::string> kAuthors = {"Ann Lee", "Bo Chan", "Cy Dee"};
const std::vector<std::string> kSites = {"a.example", "b.example"};
const std::vector<std::string> kLanguages = {"en", "de", "de-CH"};

struct Record {
  std::string id;
  std::vector<std::string> title, body;
  std::string section, site, language, date;
  std::vector<std::string> authors;
};

std::string word(Rng& rng) {
  // Skewed: the first words are common, the last ones rare.
  const std::size_t a = rng.below(kWords.size()), b = rng.below(kWords.size());
  return kWords[std::min(a, b)];
}

// Stop words, which the query drops only as plain words beside others
// (README): the generator types them only where they are kept.
const std::vector<std::string> kStopWords = {"the", "of"};

std::string query_word(Rng& rng) {
  return rng.chance(12) ? kStopWords[rng.below(kStopWords.size())] : word(rng);
}

// Stop words strewn into a third of the records, apart from make_records so
// that its records (and the regression tests that name them) stay as found.
void add_stop_words(Rng& rng, std::vector<Record>& records) {
  for (Record& r : records) {
    if (rng.chance(33)) r.body.insert(r.body.begin() + static_cast<long>(rng.below(r.body.size() + 1)), kStopWords[rng.below(2)]);
    if (rng.chance(10)) r.title.insert(r.title.begin(), kStopWords[rng.below(2)]);
  }
}

std::vector<Record> make_records(Rng& rng, std::size_t n) {
  std::vector<Record> records;
  for (std::size_t i = 0; i < n; ++i) {
    Record r;
    r.id = "d" + std::to_string(i);
    for (std::size_t k = 1 + rng.below(3); k > 0; --k) r.title.push_back(word(rng));
    for (std::size_t k = 2 + rng.below(14); k > 0; --k) r.body.push_back(word(rng));
    if (!rng.chance(20)) r.section = kSections[rng.below(kSections.size())];
    if (rng.chance(30)) r.site = kSites[rng.below(kSites.size())];
    if (rng.chance(40)) r.language = kLanguages[rng.below(kLanguages.size())];
    for (const std::string& author : kAuthors)
      if (rng.chance(25)) r.authors.push_back(author);
    if (!rng.chance(15)) {
      char date[11];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", static_cast<int>(2023 + rng.below(3)),
                    static_cast<int>(1 + rng.below(12)), static_cast<int>(1 + rng.below(28)));
      r.date = date;
    }
    records.push_back(std::move(r));
  }
  return records;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void index_records(const std::vector<Record>& records, const std::string& db, unsigned shards) {
  IndexOptions options;
  options.db_path = db;
  options.shards = shards;
  options.jobs = 1;
  Indexer indexer(options);
  for (const Record& r : records) {
    DocumentInput in;
    in.id = r.id;
    in.title = joined(r.title);
    in.body = joined(r.body);
    in.section = r.section;
    in.site = r.site;
    in.language = r.language;
    in.date = r.date;
    in.authors = r.authors;
    in.source = "generated";
    indexer.add_document(in);
  }
  indexer.commit();
}

using Docs = std::vector<bool>;  // per record: matches

// A query tree, and its meaning over the records.
struct Node {
  enum Type { word, phrase, prefix, title_word, filter, near, seq, op_and, op_or } type = word;
  std::vector<std::string> words;  // word, title_word: one; phrase: 2-3; prefix: the prefix
  std::string field, value;        // filter (value as typed)
  std::vector<std::vector<std::string>> groups;  // near: words and phrases
  unsigned window = 0;             // near: as typed (0: plain NEAR)
  std::vector<bool> far;           // near: per group, typed '-' ("a NEAR -b": no b near a)
  // seq: items with a modifier ('+', '-' or 0); op_and: operands, each
  // joined to the one before by AND (0), NOT ('N'), with its own modifier.
  std::vector<std::unique_ptr<Node>> children;
  std::vector<char> modifiers;
  std::vector<char> joins;
  std::vector<bool> not_as_word;  // seq: a first '-' item typed as "NOT x"
};

bool lower_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool phrase_in(const std::vector<std::string>& text, const std::vector<std::string>& phrase) {
  return std::search(text.begin(), text.end(), phrase.begin(), phrase.end()) != text.end();
}

// Occurrences [first, last] of each group in text.
std::vector<std::pair<int, int>> occurrences(const std::vector<std::string>& text, const std::vector<std::string>& group) {
  std::vector<std::pair<int, int>> out;
  for (std::size_t i = 0; i + group.size() <= text.size(); ++i)
    if (std::equal(group.begin(), group.end(), text.begin() + static_cast<long>(i)))
      out.emplace_back(static_cast<int>(i), static_cast<int>(i + group.size() - 1));
  return out;
}

bool near_in(const std::vector<std::string>& text, const std::vector<std::vector<std::string>>& groups, unsigned window) {
  int widened = static_cast<int>(window == 0 ? 10 : std::max(window, 2u));
  std::vector<std::vector<std::pair<int, int>>> occ;
  for (const auto& group : groups) {
    widened += static_cast<int>(group.size()) - 1;
    occ.push_back(occurrences(text, group));
    if (occ.back().empty()) return false;
  }
  // A window starting at some occurrence's first position holding one of each.
  for (const auto& starts : occ)
    for (const auto& [start, unused] : starts) {
      (void)unused;
      bool all = true;
      for (const auto& group_occ : occ) {
        bool found = false;
        for (const auto& [first, last] : group_occ)
          if (first >= start && last < start + widened) found = true;
        all = all && found;
      }
      if (all) return true;
    }
  return false;
}

// The groups not typed '-' within one window (one alone: anywhere), and no
// group typed '-' within a window with them.
bool near_matches(const Record& r, const Node& near) {
  std::vector<std::vector<std::string>> kept;
  for (std::size_t g = 0; g < near.groups.size(); ++g)
    if (!near.far[g]) kept.push_back(near.groups[g]);
  const bool found = kept.size() == 1 ? phrase_in(r.body, kept[0]) || phrase_in(r.title, kept[0])
                                      : near_in(r.body, kept, near.window) || near_in(r.title, kept, near.window);
  if (!found) return false;
  for (std::size_t g = 0; g < near.groups.size(); ++g) {
    if (!near.far[g]) continue;
    auto with = kept;
    with.push_back(near.groups[g]);
    if (near_in(r.body, with, near.window) || near_in(r.title, with, near.window)) return false;
  }
  return true;
}

bool date_matches(const std::string& value, const std::string& date) {
  if (date.empty()) return false;
  const std::size_t dots = value.find("..");
  const std::string from = dots == std::string::npos ? value : value.substr(0, dots);
  const std::string to = dots == std::string::npos ? value : value.substr(dots + 2);
  if (!from.empty() && date.compare(0, from.size(), from) < 0) return false;
  if (!to.empty() && date.compare(0, to.size(), to) > 0) return false;
  return true;
}

bool filter_matches(const Node& n, const Record& r) {
  if (n.field == "section") return lower_equal(n.value, r.section);
  if (n.field == "site") return lower_equal(n.value, r.site);
  if (n.field == "author")
    return std::any_of(r.authors.begin(), r.authors.end(), [&](const std::string& a) { return lower_equal(a, n.value); });
  if (n.field == "lang") return !r.language.empty() && lower_equal(n.value, r.language.substr(0, 2));
  if (n.field == "kind") return n.value == "article";
  if (n.field == "id") return n.value == r.id;
  return date_matches(n.value, r.date);
}

bool leaf_matches(const Node& n, const Record& r) {
  auto any_word = [&](auto pred) {
    return std::any_of(r.body.begin(), r.body.end(), pred) || std::any_of(r.title.begin(), r.title.end(), pred);
  };
  switch (n.type) {
    case Node::word: return any_word([&](const std::string& w) { return w == n.words[0]; });
    case Node::prefix: return any_word([&](const std::string& w) { return w.compare(0, n.words[0].size(), n.words[0]) == 0; });
    case Node::phrase: return phrase_in(r.body, n.words) || phrase_in(r.title, n.words);
    case Node::title_word: return std::find(r.title.begin(), r.title.end(), n.words[0]) != r.title.end();
    case Node::filter: return filter_matches(n, r);
    case Node::near: return near_matches(r, n);
    default: return false;
  }
}

enum class Role { optional, required, prohibited, filter };

struct Meaning {
  Docs docs;
  Role role = Role::optional;
  std::string field;  // Role::filter
};

Docs all_of(std::size_t n) { return Docs(n, true); }
Docs none_of(std::size_t n) { return Docs(n, false); }
void intersect(Docs& a, const Docs& b) { for (std::size_t i = 0; i < a.size(); ++i) a[i] = a[i] && b[i]; }
void unite(Docs& a, const Docs& b) { for (std::size_t i = 0; i < a.size(); ++i) a[i] = a[i] || b[i]; }
void subtract(Docs& a, const Docs& b) { for (std::size_t i = 0; i < a.size(); ++i) a[i] = a[i] && !b[i]; }

Docs evaluate(const Node& n, const std::vector<Record>& records);

// The role a unit plays among juxtaposed units.
Meaning meaning(const Node& n, char modifier, const std::vector<Record>& records) {
  Meaning m;
  m.docs = evaluate(n, records);
  if (modifier == '-') m.role = Role::prohibited;
  else if (n.type == Node::filter) m.role = Role::filter, m.field = n.field;
  else if (modifier == '+') m.role = Role::required;
  else if (n.type == Node::op_and) {
    // The chain as a unit: excluded when every operand is; a filter when
    // every included operand is one; else required when an included operand
    // is typed '+' (wherever it stands).
    bool any_included = false, any_required = false, all_filters = true;
    std::string field;
    for (std::size_t k = 0; k < n.children.size(); ++k) {
      if (n.joins[k] == 'N' || n.modifiers[k] == '-') continue;
      if (!any_included) field = n.children[k]->field;
      any_included = true;
      if (n.modifiers[k] == '+') any_required = true;
      if (n.children[k]->type != Node::filter) all_filters = false;
    }
    if (!any_included) {
      m.role = Role::prohibited;
      m.docs = none_of(records.size());
      for (const auto& child : n.children) unite(m.docs, evaluate(*child, records));
    } else if (all_filters) {
      m.role = Role::filter;
      m.field = field;
    } else if (any_required) {
      m.role = Role::required;
    }
  }
  return m;
}

Docs evaluate(const Node& n, const std::vector<Record>& records) {
  const std::size_t size = records.size();
  switch (n.type) {
    case Node::seq: {
      std::vector<Meaning> units;
      for (std::size_t k = 0; k < n.children.size(); ++k) units.push_back(meaning(*n.children[k], n.modifiers[k], records));
      bool any_required = false, any_optional = false;
      for (const Meaning& u : units) {
        any_required = any_required || u.role == Role::required;
        any_optional = any_optional || u.role == Role::optional;
      }
      Docs docs = any_required ? all_of(size) : any_optional ? none_of(size) : all_of(size);
      std::map<std::string, Docs> filters;
      Docs excluded = none_of(size);
      for (const Meaning& u : units) {
        if (u.role == Role::required) intersect(docs, u.docs);
        if (u.role == Role::optional && !any_required) unite(docs, u.docs);
        if (u.role == Role::prohibited) unite(excluded, u.docs);
        if (u.role == Role::filter) {
          auto [it, added] = filters.emplace(u.field, none_of(size));
          (void)added;
          unite(it->second, u.docs);
        }
      }
      for (const auto& [field, docs_of_field] : filters) {
        (void)field;
        intersect(docs, docs_of_field);
      }
      subtract(docs, excluded);
      return docs;
    }
    case Node::op_and: {
      Docs docs = all_of(size), excluded = none_of(size);
      bool any_included = false;
      for (std::size_t k = 0; k < n.children.size(); ++k) {
        const Docs operand = evaluate(*n.children[k], records);
        if (n.joins[k] == 'N' || n.modifiers[k] == '-') {
          unite(excluded, operand);
        } else {
          intersect(docs, operand);
          any_included = true;
        }
      }
      // Every operand excluded: the documents none of them holds (as a
      // unit of its own, its role excludes them from the rest instead).
      if (!any_included) docs = all_of(size);
      subtract(docs, excluded);
      return docs;
    }
    case Node::op_or: {
      Docs docs = none_of(size);
      for (const auto& child : n.children) unite(docs, evaluate(*child, records));
      return docs;
    }
    default: {
      Docs docs(size);
      for (std::size_t i = 0; i < size; ++i) docs[i] = leaf_matches(n, records[i]);
      return docs;
    }
  }
}

// Rendering: a seq item or AND operand that is itself a seq, AND or OR is
// parenthesized, so the text parses to the tree.
std::string render(const Node& n);

std::string render_operand(const Node& n) {
  // "-a NEAR -b" would exclude a NEAR b: "-(a NEAR -b)" is meant.
  const bool far_near = n.type == Node::near && std::find(n.far.begin(), n.far.end(), true) != n.far.end();
  if (n.type == Node::seq || n.type == Node::op_or || n.type == Node::op_and || far_near) return "(" + render(n) + ")";
  return render(n);
}

std::string quoted_words(const std::vector<std::string>& words) {
  return words.size() == 1 ? words[0] : "\"" + joined(words) + "\"";
}

std::string render(const Node& n) {
  switch (n.type) {
    case Node::word: return n.words[0];
    case Node::phrase: return quoted_words(n.words);
    case Node::prefix: return n.words[0] + "*";
    case Node::title_word: return "title:" + n.words[0];
    case Node::filter: return n.field + ":" + (n.value.find(' ') != std::string::npos ? "\"" + n.value + "\"" : n.value);
    case Node::near: {
      std::string out;
      for (std::size_t g = 0; g < n.groups.size(); ++g) {
        if (g) out += n.window ? " NEAR/" + std::to_string(n.window) + " " : " NEAR ";
        out += (n.far[g] ? "-" : "") + quoted_words(n.groups[g]);
      }
      return out;
    }
    case Node::seq: {
      std::string out;
      for (std::size_t k = 0; k < n.children.size(); ++k) {
        if (k) out += " ";
        const Node& child = *n.children[k];
        const bool bare = child.type == Node::op_and && !n.modifiers[k] && !n.not_as_word[k];
        const std::string text = bare ? render(child) : render_operand(child);
        if (n.not_as_word[k]) out += "NOT ";
        else if (n.modifiers[k]) out += n.modifiers[k];
        out += text;
      }
      return out;
    }
    case Node::op_and: {
      std::string out;
      for (std::size_t k = 0; k < n.children.size(); ++k) {
        if (k) out += n.joins[k] == 'N' ? " NOT " : " AND ";
        if (n.modifiers[k]) out += n.modifiers[k];
        out += render_operand(*n.children[k]);
      }
      return out;
    }
    case Node::op_or: {
      std::string out;
      for (std::size_t k = 0; k < n.children.size(); ++k) {
        if (k) out += " OR ";
        out += n.children[k]->type == Node::op_or ? "(" + render(*n.children[k]) + ")" : render(*n.children[k]);
      }
      return out;
    }
  }
  return {};
}

std::unique_ptr<Node> leaf(Rng& rng) {
  auto n = std::make_unique<Node>();
  const std::size_t pick = rng.below(20);
  if (pick < 8) {
    n->type = Node::word;
    n->words = {word(rng)};
  } else if (pick < 10) {
    n->type = Node::phrase;
    for (std::size_t k = 2 + rng.below(2); k > 0; --k) n->words.push_back(query_word(rng));
  } else if (pick < 11) {
    n->type = Node::prefix;
    n->words = {rng.chance(50) ? "zor" : kWords[rng.below(kWords.size())].substr(0, 2)};
  } else if (pick < 12) {
    n->type = Node::title_word;
    n->words = {query_word(rng)};
  } else if (pick < 17) {
    n->type = Node::filter;
    switch (rng.below(8)) {
      case 0: n->field = "section", n->value = kSections[rng.below(kSections.size())]; break;
      case 1: n->field = "author", n->value = kAuthors[rng.below(kAuthors.size())]; break;
      case 2: n->field = "site", n->value = kSites[rng.below(kSites.size())]; break;
      case 3: n->field = "lang", n->value = rng.chance(50) ? "de" : "en"; break;
      case 4: n->field = "kind", n->value = rng.chance(70) ? "article" : "editorial"; break;
      case 5: n->field = "id", n->value = "d" + std::to_string(rng.below(40)); break;
      default: {
        const std::string year = std::to_string(2023 + rng.below(3));
        const std::string month = year + "-0" + std::to_string(1 + rng.below(9));
        const std::string forms[] = {year, month, month + "-15", year + "..", ".." + month, year + ".." + month,
                                     month + ".." + std::to_string(2024 + rng.below(2))};
        n->field = "date";
        n->value = forms[rng.below(std::size(forms))];
        if (n->value.find("..") != std::string::npos && n->value.front() != '.' && n->value.back() != '.' &&
            n->value.substr(0, n->value.find("..")) > n->value.substr(n->value.find("..") + 2))
          n->value = year;  // a range that ends before it starts is an error
      }
    }
  } else {
    n->type = Node::near;
    // Now and then wider than the gap before a given title, which a window
    // must not cross (the wrong results of qa-wrong's NEAR fix).
    n->window = rng.chance(40) ? 0 : rng.chance(15) ? static_cast<unsigned>(150 + rng.below(900))
                                                     : static_cast<unsigned>(1 + rng.below(8));
    std::set<std::string> used;
    for (std::size_t g = 2 + (rng.chance(25) ? 1 : 0); g > 0; --g) {
      std::vector<std::string> group;
      for (std::size_t k = rng.chance(25) ? 2 : 1; k > 0; --k) {
        std::string w = query_word(rng);
        for (int tries = 0; used.count(w) && tries < 20; ++tries) w = kWords[rng.below(kWords.size())];
        if (used.count(w)) break;
        used.insert(w);
        group.push_back(w);
      }
      if (!group.empty()) n->groups.push_back(group), n->far.push_back(!n->far.empty() && rng.chance(20));
    }
    if (n->groups.size() < 2) {
      n->type = Node::word;
      n->words = {word(rng)};
    }
  }
  return n;
}

std::unique_ptr<Node> tree(Rng& rng, int depth) {
  if (depth <= 1 || rng.chance(30)) return leaf(rng);
  auto n = std::make_unique<Node>();
  const std::size_t pick = rng.below(3);
  const std::size_t count = 2 + rng.below(2);
  if (pick == 0) {
    n->type = Node::seq;
    for (std::size_t k = 0; k < count; ++k) {
      n->children.push_back(tree(rng, depth - 1));
      const std::size_t m = rng.below(10);
      n->modifiers.push_back(m < 2 ? '+' : m < 5 ? '-' : 0);
      n->not_as_word.push_back(k == 0 && n->modifiers.back() == '-' && rng.chance(30));
      // "+the", "-the", "NOT the": typed on purpose, kept.
      if (n->modifiers.back() && n->children.back()->type == Node::word && rng.chance(25))
        n->children.back()->words = {kStopWords[rng.below(2)]};
    }
  } else if (pick == 1) {
    n->type = Node::op_and;
    for (std::size_t k = 0; k < count; ++k) {
      // Often a filter first ("kind:article NOT word"), as users narrow.
      auto operand = tree(rng, depth - 1);
      while (k == 0 && rng.chance(40) && operand->type != Node::filter) operand = leaf(rng);
      n->children.push_back(std::move(operand));
      const std::size_t m = rng.below(10);
      n->joins.push_back(k > 0 && rng.chance(35) ? 'N' : 0);
      // "NOT -b" and "NOT +b" have no meaning of their own to check.
      n->modifiers.push_back(n->joins.back() == 'N' ? 0 : m < 1 ? '+' : m < 4 ? '-' : 0);
      if ((n->joins.back() == 'N' || n->modifiers.back()) && n->children.back()->type == Node::word && rng.chance(25))
        n->children.back()->words = {kStopWords[rng.below(2)]};
    }
  } else {
    n->type = Node::op_or;
    for (std::size_t k = 0; k < count; ++k) n->children.push_back(tree(rng, depth - 1));
  }
  return n;
}

std::unique_ptr<Node> clone(const Node& n) {
  auto copy = std::make_unique<Node>();
  copy->type = n.type;
  copy->words = n.words;
  copy->field = n.field;
  copy->value = n.value;
  copy->groups = n.groups;
  copy->window = n.window;
  copy->far = n.far;
  for (const auto& child : n.children) copy->children.push_back(clone(*child));
  copy->modifiers = n.modifiers;
  copy->joins = n.joins;
  copy->not_as_word = n.not_as_word;
  return copy;
}

bool is_stop_word_leaf(const Node& n) {
  return n.type == Node::word && std::count(kStopWords.begin(), kStopWords.end(), n.words[0]);
}

// A stop word where the query drops it (a plain word beside others), which
// the reference does not model: the generator makes none, the shrinker must not.
bool has_droppable_stop_word(const Node& n) {
  for (std::size_t k = 0; k < n.children.size(); ++k) {
    const bool kept = n.type == Node::seq   ? n.modifiers[k] || n.not_as_word[k]
                      : n.type == Node::op_and ? n.modifiers[k] || n.joins[k] == 'N'
                                               : false;
    if ((is_stop_word_leaf(*n.children[k]) && !kept) || has_droppable_stop_word(*n.children[k])) return true;
  }
  return false;
}

// Every tree one step smaller or plainer than n, to shrink a failing query.
std::vector<std::unique_ptr<Node>> smaller(const Node& n) {
  std::vector<std::unique_ptr<Node>> out;
  if (n.type == Node::near && n.groups.size() > 2)
    for (std::size_t g = 0; g < n.groups.size(); ++g) {
      auto c = clone(n);
      c->groups.erase(c->groups.begin() + static_cast<long>(g));
      c->far.erase(c->far.begin() + static_cast<long>(g));
      c->far[0] = false;
      out.push_back(std::move(c));
    }
  for (std::size_t k = 0; k < n.children.size(); ++k) {
    out.push_back(clone(*n.children[k]));
    if (n.children.size() > 1) {
      auto c = clone(n);
      c->children.erase(c->children.begin() + static_cast<long>(k));
      if (!c->modifiers.empty()) c->modifiers.erase(c->modifiers.begin() + static_cast<long>(k));
      if (!c->joins.empty()) c->joins.erase(c->joins.begin() + static_cast<long>(k));
      if (!c->not_as_word.empty()) c->not_as_word.erase(c->not_as_word.begin() + static_cast<long>(k));
      if (!c->joins.empty()) c->joins[0] = 0, c->modifiers[0] = c->modifiers[0] ? c->modifiers[0] : 0;
      if (!c->not_as_word.empty()) c->not_as_word[0] = c->not_as_word[0] && c->modifiers[0] == '-';
      if (c->type == Node::seq)
        for (std::size_t j = 1; j < c->not_as_word.size(); ++j) c->not_as_word[j] = false;
      out.push_back(std::move(c));
    }
    if (!n.modifiers.empty() && n.modifiers[k]) {
      auto c = clone(n);
      c->modifiers[k] = 0;
      if (!c->not_as_word.empty()) c->not_as_word[k] = false;
      out.push_back(std::move(c));
    }
    for (auto& child : smaller(*n.children[k])) {
      auto c = clone(n);
      c->children[k] = std::move(child);
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::vector<std::string> ids_of(const std::vector<Record>& records, const Docs& docs) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < records.size(); ++i)
    if (docs[i]) ids.push_back(records[i].id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

struct Answer {
  std::vector<std::string> ids;  // sorted
  std::vector<std::string> ranked;
  std::size_t count = 0;
  std::string error;
};

Answer search(Searcher& searcher, const std::string& query, std::size_t limit = kMaxLimit, std::size_t offset = 0,
              SortOrder sort = SortOrder::relevance, bool collapse = false) {
  SearchRequest request;
  request.query = query;
  request.limit = limit;
  request.offset = offset;
  request.sort = sort;
  request.collapse = collapse;
  request.suggest = false;
  request.count = true;
  request.snippet_bytes = 0;
  Answer answer;
  try {
    const SearchResults results = searcher.search(request);
    for (const Hit& hit : results.hits) answer.ranked.push_back(hit.doc);
    answer.count = results.total_matches.value_or(0);
  } catch (const Error& e) {
    answer.error = e.what();
  }
  answer.ids = answer.ranked;
  std::sort(answer.ids.begin(), answer.ids.end());
  return answer;
}

std::size_t env_number(const char* name, std::size_t otherwise) {
  const char* value = std::getenv(name);
  return value && *value ? static_cast<std::size_t>(std::strtoull(value, nullptr, 10)) : otherwise;
}

std::string shown(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t k = 0; k < ids.size() && k < 12; ++k) out += (k ? " " : "") + ids[k];
  if (ids.size() > 12) out += " … (" + std::to_string(ids.size()) + ")";
  return out;
}

// The pages of 7 of query, joined, up to one past the long page's end.
std::vector<std::string> pages_of_seven(Searcher& searcher, const std::string& query, const std::vector<std::string>& whole,
                                        SortOrder sort = SortOrder::relevance, bool collapse = false) {
  std::vector<std::string> paged;
  for (std::size_t offset = 0; offset < whole.size() + 7; offset += 7) {
    const Answer page = search(searcher, query, 7, offset, sort, collapse);
    paged.insert(paged.end(), page.ranked.begin(), page.ranked.end());
    if (page.ranked.size() < 7) break;
  }
  return paged;
}

TEST(OperatorMixes, GeneratedQueriesMatchTheReferenceOnOneDatabaseAndThreeShards) {
  const std::size_t queries = env_number("QUARRY_OPERATOR_MIXES", 250);
  Rng rng(env_number("QUARRY_OPERATOR_MIXES_SEED", 20261202));
  std::vector<Record> records = make_records(rng, 240);
  Rng stop_rng(env_number("QUARRY_OPERATOR_MIXES_SEED", 20261202) + 1);
  add_stop_words(stop_rng, records);
  test::TempDir dir;
  index_records(records, dir.path() + "/one.db", 0);
  index_records(records, dir.path() + "/three.db", 3);
  // Replaced documents leave gaps in the docids, where Xapian 1.4.22 has
  // failed on terms every document holds (kind:article).
  std::vector<Record> replaced(records.begin(), records.begin() + 12);
  for (Record& r : replaced) std::reverse(r.body.begin(), r.body.end());
  index_records(replaced, dir.path() + "/one.db", 0);
  index_records(replaced, dir.path() + "/three.db", 0);
  std::copy(replaced.begin(), replaced.end(), records.begin());
  Searcher one(dir.path() + "/one.db"), three(dir.path() + "/three.db");
  std::map<std::string, std::string> date_of;
  for (const Record& r : records) date_of[r.id] = r.date;
  ASSERT_EQ(one.document_count(), records.size());
  ASSERT_EQ(three.shard_count(), 3u);
  std::size_t failures = 0, nonempty = 0;
  for (std::size_t q = 0; q < queries && failures < 20; ++q) {
    const auto node = tree(rng, 1 + static_cast<int>(rng.below(4)));
    const std::string text = render(*node);
    const std::vector<std::string> expected = ids_of(records, evaluate(*node, records));
    if (!expected.empty()) ++nonempty;
    for (Searcher* searcher : {&one, &three}) {
      const char* where = searcher == &one ? "one database" : "three shards";
      const Answer answer = search(*searcher, text);
      if (std::getenv("QUARRY_OPERATOR_MIXES_REPEAT"))  // the same answer every time
        for (int again = 0; again < 5; ++again) {
          const Answer other = search(*searcher, text);
          if (other.ids != answer.ids || other.count != answer.count)
            ADD_FAILURE() << where << " differs on repeat " << again << ": " << text << " " << answer.ids.size() << "/"
                          << answer.count << " then " << other.ids.size() << "/" << other.count;
        }
      auto wrong = [&](const Node& n) {
        const std::vector<std::string> want = ids_of(records, evaluate(n, records));
        const Answer got = search(*searcher, render(n));
        return !got.error.empty() || got.ids != want || got.count != want.size();
      };
      if (!answer.error.empty() || answer.ids != expected || answer.count != expected.size()) {
        ++failures;
        // The smallest tree found that still fails, to read.
        std::unique_ptr<Node> small = clone(*node);
        for (bool shrunk = true; shrunk;) {
          shrunk = false;
          for (auto& candidate : smaller(*small))
            if (!has_droppable_stop_word(*candidate) && wrong(*candidate)) {
              small = std::move(candidate);
              shrunk = true;
              break;
            }
        }
        const std::vector<std::string> want = ids_of(records, evaluate(*small, records));
        const Answer got = search(*searcher, render(*small));
        std::vector<std::string> missing, extra;
        std::set_difference(want.begin(), want.end(), got.ids.begin(), got.ids.end(), std::back_inserter(missing));
        std::set_difference(got.ids.begin(), got.ids.end(), want.begin(), want.end(), std::back_inserter(extra));
        ADD_FAILURE() << where << ": " << text << "\n  smallest failing: " << render(*small) << "\n  expected "
                      << want.size() << ", got " << got.ids.size() << " (count " << got.count << "); missing "
                      << shown(missing) << "; extra " << shown(extra)
                      << (got.error.empty() ? "" : "\n  error: " + got.error);
        break;
      }
      // Pages of 7 are the one long page, cut: by relevance every 10th
      // query, newest and oldest first every 10th other (with collapse on
      // every 20th), whose long page must also be in date order, undated last.
      if (q % 10 == 0) {
        EXPECT_EQ(pages_of_seven(*searcher, text, answer.ranked), answer.ranked) << where << ": " << text;
      }
      if (q % 10 == 5) {
        for (const SortOrder sort : {SortOrder::date, SortOrder::date_ascending}) {
          const bool collapse = q % 20 == 5;
          const Answer by_date = search(*searcher, text, kMaxLimit, 0, sort, collapse);
          const char* order = sort == SortOrder::date ? "newest first" : "oldest first";
          if (!collapse) {
            EXPECT_EQ(by_date.ids, expected) << where << ", " << order << ": " << text;
          }
          EXPECT_EQ(pages_of_seven(*searcher, text, by_date.ranked, sort, collapse), by_date.ranked)
              << where << ", " << order << (collapse ? ", collapsed: " : ": ") << text;
          std::vector<std::string> dates;
          for (const std::string& id : by_date.ranked) dates.push_back(date_of.at(id));
          EXPECT_TRUE(std::is_sorted(dates.begin(), dates.end(), [&](const std::string& a, const std::string& b) {
            if (a.empty() || b.empty()) return !a.empty() && b.empty();
            return sort == SortOrder::date ? a > b : a < b;
          })) << where << ", " << order << ": " << text;
        }
      }
    }
  }
  // The generator must make queries that find something, or nothing is checked.
  EXPECT_GT(nonempty, queries / 3);
}


Searcher searcher_of(const test::TempDir& dir, const std::vector<Record>& records) {
  index_records(records, dir.path() + "/db", 0);
  return Searcher(dir.path() + "/db");
}

Record record(const std::string& id, const std::string& body, const std::string& date = "", const std::string& section = "") {
  Record r;
  r.id = id;
  r.title = {"headline"};
  std::size_t at = 0;
  while (at < body.size()) {
    const std::size_t space = body.find(' ', at);
    r.body.push_back(body.substr(at, space == std::string::npos ? std::string::npos : space - at));
    at = space == std::string::npos ? body.size() : space + 1;
  }
  r.date = date;
  r.section = section;
  return r;
}

// Each query of cases finds exactly its documents, and counts them, without error.
template <class Cases>
void expect_answers(Searcher& searcher, const Cases& cases) {
  for (const auto& [query, expected] : cases) {
    const Answer answer = search(searcher, query);
    EXPECT_EQ(answer.error, "") << query;
    EXPECT_EQ(answer.ids, expected) << query;
    EXPECT_EQ(answer.count, expected.size()) << query;
  }
}

// Disagreements the generated check found, each minimised to what a user
// can count by hand.
TEST(OperatorMixes, WrongAnswersTheGeneratedCheckFound) {
  test::TempDir dir;
  Searcher searcher = searcher_of(dir, {record("a1", "zorv quon", "2025-01-01"), record("a2", "plon dwik", "2024-03-01"),
                                        record("b1", "quon"), record("b2", "zorv plon"), record("b3", "zorv"),
                                        record("c1", "blick trak", "", "Alpha")});
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      // A NEAR with a phrase (or a phrase typed with punctuation) that no
      // document holds was an empty query, taken for nothing typed: the
      // exclusion beside it then kept every other document.
      {"zorv NEAR \"blick plon\" AND -date:2025", {}},
      {"\"blick, plon\" AND -date:2025", {}},
      {"-date:2025 AND zorv NEAR \"blick plon\"", {}},
      {"quon OR (zorv NEAR \"blick plon\" NOT dwik)", {"a1", "b1"}},
      // '+' inside an AND counts wherever it stands: "x a AND +b" was x OR (a AND b).
      {"quon zorv AND +plon", {"b2"}},
      {"quon +plon AND zorv", {"b2"}},
      {"quon section:alpha AND +blick", {"c1"}},
      {"quon section:alpha AND blick", {"a1", "b1", "c1"}},  // no '+': best match, as before
  };
  expect_answers(searcher, cases);
}

// Stop words are dropped from queries that have other words (README, "Ranking"),
// as plain words only: a query of only stop words is searched as typed, and a
// stop word in a phrase, a NEAR, a field or typed with '+', '-' or after NOT
// was typed on purpose. The generated fixture has no stop words: these rows
// count them by hand.
TEST(OperatorMixes, StopWordsAreDroppedOnlyAsPlainWordsBesideOthers) {
  test::TempDir dir;
  std::vector<Record> records = {record("s1", "the zorv quon"), record("s2", "zorv of the quon"), record("s3", "of quon"),
                                 record("s4", "plon"), record("s5", "the of")};
  records[3].title = {"the", "plon"};
  Searcher searcher = searcher_of(dir, records);
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"the of", {"s1", "s2", "s3", "s4", "s5"}},  // only stop words: searched
      {"the", {"s1", "s2", "s4", "s5"}},
      {"the zorv", {"s1", "s2"}},
      {"the zorv OR of plon", {"s1", "s2", "s4"}},
      {"\"the zorv\"", {"s1"}},
      {"\"of the quon\"", {"s2"}},
      {"zorv \"of the\"", {"s1", "s2"}},
      {"+the zorv", {"s1", "s2", "s4", "s5"}},
      {"-the quon", {"s3"}},
      {"quon NOT the", {"s3"}},
      {"quon AND -of", {"s1"}},
      {"title:the zorv", {"s1", "s2", "s4"}},
      // A NEAR's stop word was dropped, and the NEAR with it: "the NEAR
      // quon" found every quon (s3 too).
      {"the NEAR quon", {"s1", "s2"}},
      {"quon NEAR/3 of", {"s2", "s3"}},
      {"zorv NEAR -the", {}},
      {"quon NEAR/1 -of", {"s1", "s2"}},
  };
  expect_answers(searcher, cases);
}

// "a NEAR -b" ignored the '-' and searched a NEAR b: it is a where no b
// stands within the window (README, "Query language").
TEST(OperatorMixes, NearMinusIsTheWordWithoutTheOtherWithinTheWindow) {
  test::TempDir dir;
  Searcher searcher = searcher_of(dir, {record("a1", "zorv quon"), record("a2", "zorv dwik dwik dwik quon"), record("b1", "quon"),
                                        record("b2", "zorv plon"), record("b3", "zorv")});
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"zorv NEAR -quon", {"b2", "b3"}},
      {"zorv NEAR/3 -quon", {"a2", "b2", "b3"}},
      {"zorv NEAR -\"dwik quon\"", {"a1", "b2", "b3"}},
      {"zorv NEAR dwik NEAR -plon", {"a2"}},
      {"zorv NEAR -(quon OR plon)", {"b3"}},  // no word or phrase: zorv NOT (quon OR plon)
      {"-(zorv NEAR -quon)", {"a1", "a2", "b1"}},
      {"-zorv NEAR quon", {"b1", "b2", "b3"}},  // the whole NEAR excluded, as before
  };
  expect_answers(searcher, cases);
}

// "-a NEAR -b" dropped the second '-': it excluded a NEAR b (b1, b2, b3).
// A '-' on the first operand excludes the whole NEAR, which is "a NEAR -b".
TEST(OperatorMixes, MinusNearMinusExcludesTheWordWithoutTheOther) {
  test::TempDir dir;
  Searcher searcher = searcher_of(dir, {record("a1", "zorv quon"), record("a2", "zorv dwik dwik dwik quon"), record("b1", "quon"),
                                        record("b2", "zorv plon"), record("b3", "zorv")});
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"-zorv NEAR -quon", {"a1", "a2", "b1"}},
      {"-zorv NEAR/3 -quon", {"a1", "b1"}},
      {"NOT zorv NEAR -quon", {"a1", "a2", "b1"}},
      {"-zorv NEAR dwik NEAR -plon", {"a1", "b1", "b2", "b3"}},
      {"quon -zorv NEAR -quon", {"a1", "a2", "b1"}},
      {"-zorv NEAR -(quon OR plon)", {"a1", "a2", "b1", "b2"}},  // no word or phrase: -(zorv NOT (quon OR plon))
  };
  expect_answers(searcher, cases);
}

// Under a negation an optional word beside a +required one only ranks, and
// nothing ranks there; its AND_MAYBE (weighed with factor 0) made Xapian
// 1.4.22 read uninitialised memory (valgrind: "Conditional jump or move
// depends on uninitialised value(s)" in get_mset) and count at random: on
// the generated fixture one query counted 66 or 94 documents from one call
// to the next, for the same 66 hits. No AND_MAYBE is made there now.
TEST(OperatorMixes, NoRankingOnlyBranchUnderANegation) {
  Analyser analyser;
  const std::pair<const char*, bool> cases[] = {
      {"zorm NOT ((+zorvak zorv lang:de) OR blick NEAR zorv)", false},
      {"zorm -(+zorvak zorv)", false},
      {"zorm AND -(+zorvak \"zorv zorm\")", false},
      {"+zorvak zorv", true},  // ranked: as before
      {"zorm NOT blick (+zorvak zorv)", true},
  };
  for (const auto& [query, and_maybe] : cases) {
    const std::string description = parse_query(query, analyser).query.get_description();
    EXPECT_EQ(description.find("AND_MAYBE") != std::string::npos, and_maybe) << query << ": " << description;
  }
}

// Odd text is never an error and never a wrong answer (README: "what cannot
// be an operator is searched as words"); a field value that cannot mean
// anything is a UsageError that says so.
TEST(OperatorMixes, OddInputIsSearchedAsWellAsItCanBeOrNamedAsAnError) {
  test::TempDir dir;
  Searcher searcher = searcher_of(dir, {record("a1", "zorv quon", "2025-01-01"), record("a2", "plon dwik", "2024-03-01"),
                                        record("b1", "quon")});
  const std::pair<const char*, std::vector<std::string>> cases[] = {
      {"-zorv", {"a2", "b1"}},  // only excluded words: every document without them
      {"NOT zorv", {"a2", "b1"}},
      {"-zorv -plon", {"b1"}},
      {"(zorv", {"a1"}},
      {"zorv)", {"a1"}},
      {"((zorv OR plon", {"a1", "a2"}},
      {"zorv AND", {"a1"}},
      {"zorv NOT", {"a1"}},
      {"AND zorv", {"a1"}},
      {"zorv OR OR plon", {"a1", "a2"}},
      {"zorv NEAR", {"a1"}},
      {"NEAR/3 zorv", {"a1"}},
      {"-(zorv", {"a2", "b1"}},
      {"quon -(", {"a1", "b1"}},
      {"\"zorv quon", {"a1"}},
      {"-", {}},
      {"+", {}},
      {"()", {}},
      {"title:", {}},
  };
  expect_answers(searcher, cases);
  for (const char* query : {"date:2025-13", "zorv -date:yesterday", "kind:novel OR zorv", "-(lang:1 zorv)"}) {
    const Answer answer = search(searcher, query);
    EXPECT_NE(answer.error, "") << query;
    EXPECT_TRUE(answer.ids.empty()) << query;
  }
}

// Xapian 1.4.22, asked for the top N, sometimes left out a document that
// belongs there while it pruned what could no longer enter: over these three
// shards, 'd199' (document BM25 0.6615) was rank 47 of the long page and on
// no page of 7 (nor in the top 60). Every match is now checked.
TEST(OperatorMixes, PagesOfSevenAreTheLongPageOverThreeShards) {
  Rng rng(1);
  std::vector<Record> records = make_records(rng, 240);
  test::TempDir dir;
  index_records(records, dir.path() + "/three.db", 3);
  std::vector<Record> replaced(records.begin(), records.begin() + 12);
  for (Record& r : replaced) std::reverse(r.body.begin(), r.body.end());
  index_records(replaced, dir.path() + "/three.db", 0);
  Searcher three(dir.path() + "/three.db");
  for (const char* query : {"(bl* OR kind:article AND \"plon quon zorv\") zorvak NEAR/6 zorm",
                            "(\"zorv zorv\" OR zorv OR dwik) OR -title:zorvak AND -author:\"Ann Lee\""}) {
    const Answer whole = search(three, query);
    ASSERT_EQ(whole.error, "") << query;
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < whole.ranked.size(); offset += 7) {
      const Answer page = search(three, query, 7, offset);
      paged.insert(paged.end(), page.ranked.begin(), page.ranked.end());
    }
    EXPECT_EQ(paged, whole.ranked) << query;
  }
}

}  // namespace
}  // namespace quarry
