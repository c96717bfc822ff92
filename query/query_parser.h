// Quarry's query language, parsed with the same analyser that indexed the
// text: whatever can be indexed can be found by typing it.
#pragma once

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analyser.h"

namespace quarry {

// A NEAR whose operands include a phrase ("imran NEAR \"adiala jail\""):
// Xapian 1.4's OP_NEAR takes only terms, so the parser hands it to a
// resolver that knows the database. Each group is one operand: a term, or a
// phrase's terms; a phrase counts as one word, so the groups match when, with
// each phrase shrunk to one position, they fit in window positions (Xapian's
// OP_NEAR rule for terms). superset matches every such document (and more).
struct NearGroups {
  std::vector<std::vector<std::string>> groups;
  std::vector<std::vector<Xapian::termpos>> offsets;  // per group, as HighlightPlan::phrase_offsets
  Xapian::termcount window = 10;
  Xapian::Query superset;
};
// What the snippet must mark: every occurrence of these index terms, and
// these runs of index terms as single spans.
struct HighlightPlan {
  std::unordered_set<std::string> terms;
  std::vector<std::vector<std::string>> phrases;
  // Per phrase, each word's position after the first one's: 0, 1, 2... or
  // more where punctuation typed in the phrase leaves a gap (the analyser's).
  std::vector<std::vector<std::uint32_t>> phrase_offsets;
  // Words of title: fields (without their prefix): marked in titles only.
  std::unordered_set<std::string> title_terms;
  std::vector<std::vector<std::string>> title_phrases;
  std::vector<std::vector<std::uint32_t>> title_phrase_offsets;  // as phrase_offsets
  // NEARs of body words and phrases (not their superset): their operands are
  // marked where they stand in a window that holds them all, and not as
  // terms or phrases elsewhere (unless typed so too).
  std::vector<NearGroups> nears;
};

// A word the user typed that a spelling suggestion may replace: a positive
// word (plain, +required, in a phrase, in title:), never a filter's value,
// a prefix or an excluded word.
struct TypedWord {
  std::size_t begin = 0;  // its bytes in the query text
  std::size_t end = 0;
  std::string word;       // folded as the index folds (unstemmed)
  std::string term;       // its index term in the body (no field prefix)
  bool spelled = false;   // letters only (is_spelling_word): worth checking
};

struct ParsedQuery {
  Xapian::Query query;  // empty when the text holds nothing searchable
  HighlightPlan highlight;
  // Plain positive words in the order typed: neighbours here are rewarded
  // for standing near each other in a document.
  std::vector<std::string> sequence;
  // Plain words left out as request boilerplate: the query was typed as a
  // sentence all the same.
  std::size_t request_words = 0;
  // Where each sentence typed ends ('.', '?' or '!' after a word), as a
  // count of sequence's words before it: the parts of a request that asks
  // for several things ("I am interested in X. I would also like Y.").
  std::vector<std::size_t> sentence_ends;
  // The query is plain words alone (no operator, field, quotes, required or
  // excluded word), so each sentence's words are a query of their own; and
  // its compounds ("pitot-static", a phrase), each with the number of the
  // sentence it is in (counted as sentence_ends counts).
  bool plain = false;
  std::vector<std::pair<std::size_t, Xapian::Query>> compounds;
  std::vector<TypedWord> typed;
  // Documents named by like:DOC (not negated): their look-alikes are
  // searched, and they themselves are left out of the results.
  std::vector<std::string> like;
  // Documents named by -like:DOC: a query of only those is not empty,
  // although without the database they stand for nothing.
  std::vector<std::string> unlike;
};

// Makes the query of like:DOC (documents similar to DOC, by its words),
// adding the words it searches to plan; an empty query when DOC is unknown.
using LikeQuery = std::function<Xapian::Query(const std::string& doc, HighlightPlan& plan)>;

using NearResolver = std::function<Xapian::Query(const NearGroups&)>;

// A phrase typed with punctuation inside ("and/or", "\"karachi, pakistan\""):
// superset is Xapian's OP_PHRASE within the positions it spans, which also
// matches a word where the punctuation was ("and excessive or"). A resolver
// that knows the database narrows it to the documents where each typed gap
// is the same empty position or none (phrase_end_at).
using PhraseResolver = std::function<Xapian::Query(const std::vector<std::string>& terms,
                                                   const std::vector<Xapian::termpos>& offsets,
                                                   const Xapian::Query& superset)>;

// The indexed terms of a field (term_prefix: schema's kSectionPrefix,
// kAuthorPrefix, kSitePrefix) whose value has the same Analyser::fold_value
// as value: the indexer folds only ASCII letters, so "Économie", "ÉCONOMIE"
// and "economie" are three terms that section:economie must all find.
using FieldValues = std::function<std::vector<std::string>(const char* term_prefix, const std::string& value)>;

// The index terms a prefix query ("kash*") stands for: terms of the database
// that start with prefix (field prefix included, as in "Skash"), at most
// kMaxPrefixTerms, the most frequent. The searcher expands against the
// database itself, so that the words it highlights are the words it searched.
using PrefixExpander = std::function<std::vector<std::string>(const std::string& prefix)>;
inline constexpr std::size_t kMaxPrefixTerms = 50;

// Never fails on odd text (unbalanced quotes or parentheses, stray operators):
// what cannot be an operator is searched as words. Throws UsageError only for
// a field value that cannot mean anything (date:yesterday) or a query too
// large to run.
// With drop_stop_words, plain (unquoted, unmodified) stop words are left out
// of a query that has other plain words; with drop_request_frames, so are the
// words of request boilerplate ("I am interested in", "please send me papers
// on": stop_words.h) in a run of plain words.
// near_resolver turns a NEAR with phrases into an exact query; without one
// (tests, the fuzzer) such a NEAR is its superset. A word ending in '*' is a
// prefix: expand_prefix gives its terms; without one it is Xapian's
// OP_WILDCARD, bounded the same way (and it has nothing to highlight).
// like makes like:DOC queries; without it like:DOC matches nothing.
// phrase_resolver makes phrases with typed punctuation exact; without one
// they are their superset. field_values finds the other spellings of a
// section:, author: or site: value; without it only the value's own
// (ASCII-folded) term is searched.
ParsedQuery parse_query(std::string_view text, Analyser& analyser, bool drop_stop_words = false,
                        const NearResolver& near_resolver = {}, const PrefixExpander& expand_prefix = {},
                        bool drop_request_frames = false, const LikeQuery& like = {},
                        const PhraseResolver& phrase_resolver = {}, const FieldValues& field_values = {});

// Where the phrase that starts at position first ends (its last word's
// position, the smallest if several), or nullopt if none starts there.
// positions: one sorted list per term; offsets as HighlightPlan::phrase_offsets.
// Each word follows the one before, or, where punctuation was typed between
// them, may follow it after positions that hold no word (empty(position)).
std::optional<Xapian::termpos> phrase_end_at(const std::vector<Xapian::termpos>* positions,
                                             const std::vector<Xapian::termpos>& offsets, Xapian::termpos first,
                                             const std::function<bool(Xapian::termpos)>& empty);

// Whether one document's positions (one sorted list per term of every
// group, in order) hold the groups within the window: the exact test
// NearGroups describes, each phrase matched as phrase_end_at does.
bool near_groups_match(const NearGroups& near, const std::vector<std::vector<Xapian::termpos>>& positions,
                       const std::function<bool(Xapian::termpos)>& empty);

// The same test's matches: every occurrence of a group, [its first word's
// position, its last word's], that lies in a window holding all the groups.
std::vector<std::pair<Xapian::termpos, Xapian::termpos>> near_groups_matches(
    const NearGroups& near, const std::vector<std::vector<Xapian::termpos>>& positions,
    const std::function<bool(Xapian::termpos)>& empty);

}  // namespace quarry
