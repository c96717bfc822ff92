#include "spelling.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "schema.h"
#include "spelling_vocabulary.h"
#include "utf8.h"

namespace quarry {
namespace {

// A correction must be held by this many documents, and by this many times
// as many as the word typed.
constexpr std::int64_t kMinCorrectionDocuments = 3;
constexpr std::int64_t kCorrectionRatio = 10;
// At most this many words of one query are corrected.
constexpr std::size_t kMaxRareWords = 4;
// Candidates per word whose company (documents with the query's other
// words) is counted.
constexpr std::size_t kCandidatesInContext = 10;
constexpr std::size_t kMaxWordLength = 40;  // in characters

// Edits are counted in characters, not bytes: a letter of Urdu, Hindi or
// Chinese is two or three bytes, and one left out was three edits, never
// corrected, while a four-letter Hindi word took two.
std::size_t length(std::string_view word) {
  std::size_t continuation = 0;
  for (unsigned char c : word) continuation += (c & 0xC0) == 0x80;
  return word.size() - continuation;
}

unsigned allowed_edits(std::size_t letters) { return letters <= 4 ? 1 : 2; }

// The corrected word in the typed word's case: "Imrn" -> "Imran", "IMRN" -> "IMRAN".
std::string in_case_of(std::string_view typed, std::string word) {
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  // Upper case needs a letter to show it: a word typed in full-width or
  // another script was corrected as if typed in capitals ("ｉｍｒｎ" -> "IMRAN").
  const bool all_upper = std::count_if(typed.begin(), typed.end(), letter) > 1 &&
                         std::all_of(typed.begin(), typed.end(), [&](char c) { return !letter(c) || upper(c); });
  if (all_upper) {
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (!typed.empty() && upper(typed[0]) && !word.empty()) {
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
  }
  return word;
}

// Weighed with BM25 although nothing is ranked, as in facets.cc: under
// BoolWeight (or as OP_FILTER's weightless side) Xapian 1.4.22 swaps a term
// every document of a shard holds (kind:article, or a word in every text) for
// the all-documents posting list, which fails with "Unexpected end of posting
// list" once docids have gaps, and the search would end as "damaged".
Xapian::doccount count(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount at_least) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  return enquire.get_mset(0, 0, at_least).get_matches_estimated();
}

// Documents that hold every typed word (the typed words' terms, whatever
// the operators between them) and pass the query: how well a query's words
// go together, the same for the query typed and the corrected one.
Xapian::Query all_words(const ParsedQuery& parsed) {
  std::vector<Xapian::Query> terms;
  for (const TypedWord& typed : parsed.typed) terms.emplace_back(typed.term);
  if (terms.empty() || parsed.query.empty()) return parsed.query;
  return Xapian::Query(Xapian::Query::OP_AND, parsed.query,  // not OP_FILTER: see count()
                       Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
}

struct Candidate {
  std::string word;
  std::int64_t documents = 0;  // summed over shards
  unsigned distance = 0;
  double error = 0;  // log-likelihood of the typing error
  double score = 0;
};

}  // namespace

namespace {

template <typename Text>
unsigned osa_distance(const Text& a, const Text& b, unsigned limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  if (n > kMaxWordLength || m > kMaxWordLength) return limit + 1;
  unsigned rows[3][kMaxWordLength + 1];
  unsigned* before = rows[0];
  unsigned* previous = rows[1];
  unsigned* current = rows[2];
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<unsigned>(i);
    unsigned row_min = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      unsigned d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

}  // namespace

unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit) {
  if (is_ascii(a) && is_ascii(b)) return osa_distance(a, b, limit);
  return osa_distance(code_points(a), code_points(b), limit);
}

namespace {

std::int64_t documents_holding(std::string_view word, const SpellingContext& context) {
  std::int64_t documents = 0;
  const std::string key = spelling_key(word);
  for (const Xapian::Database& shard : context.shards)
    read_spelling_entry(shard.get_metadata(key), [&](std::string_view known, std::int64_t count) {
      if (known == word) documents += count;
    });
  return documents;
}

}  // namespace

std::vector<std::size_t> rare_typed_words(const ParsedQuery& parsed, const SpellingContext& context) {
  std::vector<std::size_t> rare;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < parsed.typed.size() && rare.size() < kMaxRareWords; ++i) {
    const TypedWord& typed = parsed.typed[i];
    const std::size_t letters = length(typed.word);
    if (!typed.spelled || letters < 3 || letters > kMaxWordLength) continue;
    if (!seen.insert(typed.word).second) continue;
    if (documents_holding(typed.word, context) < kRareWordDocuments) rare.push_back(i);
  }
  return rare;
}

double typing_error_log_likelihood(std::string_view typed_text, std::string_view word_text, unsigned distance) {
  const std::u32string typed = code_points(typed_text), word = code_points(word_text);
  const double n = static_cast<double>(std::max<std::size_t>(word.size(), 1));
  constexpr double kLetters = 26;
  if (distance != 1) return 2 * std::log(1 / (n * kLetters / 2));  // two errors, of middling likelihood
  if (typed.size() + 1 == word.size()) return std::log(1 / n);  // a letter left out (or a double made single)
  if (typed.size() == word.size() + 1) {
    // An extra letter: a doubled one is as likely as a letter left out.
    std::size_t i = 0;
    while (i < word.size() && typed[i] == word[i]) ++i;
    const bool doubled = (i > 0 && typed[i] == typed[i - 1]) || (i + 1 < typed.size() && typed[i] == typed[i + 1]);
    return doubled ? std::log(1 / n) : std::log(1 / ((n + 1) * kLetters));
  }
  std::size_t i = 0;
  while (i < word.size() && typed[i] == word[i]) ++i;
  const bool swapped = i + 1 < word.size() && typed[i] == word[i + 1] && typed[i + 1] == word[i];
  return swapped ? std::log(1 / std::max(n - 1, 1.0)) : std::log(1 / (n * (kLetters - 1)));
}

std::string suggest_spelling(const std::string& text, const ParsedQuery& parsed,
                             const std::vector<std::size_t>& rare, const SpellingContext& context,
                             bool require_more_hits) {
  if (rare.empty()) return {};
  // One pass over every shard's vocabulary finds the close words of all
  // the rare ones; their counts are summed over the shards.
  std::vector<std::map<std::string, Candidate>> close(rare.size());
  std::vector<std::int64_t> typed_documents(rare.size(), 0);
  std::vector<std::size_t> typed_lengths;
  std::vector<bool> typed_ascii;
  for (std::size_t r : rare) {
    typed_lengths.push_back(length(parsed.typed[r].word));
    typed_ascii.push_back(is_ascii(parsed.typed[r].word));
  }
  for (const Xapian::Database& shard : context.shards) {
    for (auto key = shard.metadata_keys_begin(schema::kSpellingPrefix);
         key != shard.metadata_keys_end(schema::kSpellingPrefix); ++key) {
      read_spelling_entry(shard.get_metadata(*key), [&](std::string_view word, std::int64_t documents) {
        for (std::size_t r = 0; r < rare.size(); ++r) {
          const std::string& typed = parsed.typed[rare[r]].word;
          const std::size_t letters = typed_lengths[r];
          const unsigned limit = allowed_edits(letters);
          const std::size_t bytes_apart =
              word.size() > typed.size() ? word.size() - typed.size() : typed.size() - word.size();
          unsigned distance;
          if (typed_ascii[r]) {
            // A word typed in ASCII is compared byte by byte, as all were:
            // the vocabulary is folded, so its Latin words are ASCII too.
            // Most of the vocabulary is skipped here, and this loop is the
            // cost of a query with a rare word (counting every word's
            // letters cost such queries 10 %, bench/README).
            if (bytes_apart > limit) continue;
            distance = osa_distance(std::string_view(typed), word, limit);
          } else {
            // A letter is at most four bytes.
            if (bytes_apart > 4 * limit) continue;
            const std::size_t word_letters = length(word);
            if ((word_letters > letters ? word_letters - letters : letters - word_letters) > limit) continue;
            distance = edit_distance(typed, word, limit);
          }
          if (distance > limit) continue;
          if (distance == 0) {
            typed_documents[r] += documents;
            continue;
          }
          Candidate& candidate = close[r][std::string(word)];
          candidate.word = std::string(word);
          candidate.distance = distance;
          candidate.documents += documents;
        }
      });
    }
  }
  std::vector<std::string> corrections(rare.size());
  std::vector<Token> tokens;
  auto index_term = [&](const std::string& word) {
    tokens.clear();
    context.analyser.tokenize(word, tokens);
    return tokens.size() == 1 ? context.analyser.index_term(tokens[0]) : word;
  };
  for (std::size_t r = 0; r < rare.size(); ++r) {
    // A word nobody wrote needs a correction some documents hold; a word a
    // few wrote (a rare name, or a common misspelling), one ten times as
    // common, and one edit away.
    const std::int64_t needed = typed_documents[r] == 0 ? kMinCorrectionDocuments
                                                        : std::max(kMinCorrectionDocuments, kCorrectionRatio * typed_documents[r]);
    const unsigned farthest = typed_documents[r] == 0 ? 2 : 1;
    std::vector<Candidate> candidates;
    for (auto& [word, candidate] : close[r])
      if (candidate.documents >= needed && candidate.distance <= farthest) candidates.push_back(std::move(candidate));
    // The closest words only: one error is far likelier than two.
    if (!candidates.empty()) {
      const unsigned closest = std::min_element(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
                                 return a.distance < b.distance;
                               })->distance;
      candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                      [closest](const Candidate& c) { return c.distance != closest; }),
                       candidates.end());
    }
    if (candidates.empty()) continue;
    const std::string& typed = parsed.typed[rare[r]].word;
    for (Candidate& c : candidates) {
      c.error = typing_error_log_likelihood(typed, c.word, c.distance);
      c.score = std::log(static_cast<double>(c.documents) + 0.5) + c.error;
    }
    auto by_score = [](const Candidate& a, const Candidate& b) {
      return a.score != b.score ? a.score > b.score : a.word < b.word;
    };
    std::sort(candidates.begin(), candidates.end(), by_score);
    // With other words in the query, how often a word occurs is counted
    // among the documents that hold them ("imrn khan": imran, not iran).
    std::vector<Xapian::Query> others;
    for (std::size_t i = 0; i < parsed.typed.size(); ++i)
      if (i != rare[r] && std::find(rare.begin(), rare.end(), i) == rare.end())
        others.emplace_back(parsed.typed[i].term);
    if (!others.empty() && candidates.size() > 1) {
      const std::size_t considered = std::min(candidates.size(), kCandidatesInContext);
      for (std::size_t i = 0; i < considered; ++i) {
        std::vector<Xapian::Query> all = others;
        all.emplace_back(index_term(candidates[i].word));
        const Xapian::doccount together = count(context.db, Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end()), 1000);
        candidates[i].score = std::log(static_cast<double>(together) + 0.5) + candidates[i].error;
      }
      std::sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(considered), by_score);
    }
    corrections[r] = candidates.front().word;
  }
  // The corrected text: each corrected word replaced wherever it was typed
  // ("imrn OR title:imrn"), last first so that earlier offsets hold.
  std::map<std::string, std::string> fixes;
  for (std::size_t r = 0; r < rare.size(); ++r)
    if (!corrections[r].empty()) fixes[parsed.typed[rare[r]].word] = corrections[r];
  if (fixes.empty()) return {};
  std::vector<const TypedWord*> places;
  for (const TypedWord& typed : parsed.typed)
    if (fixes.count(typed.word)) places.push_back(&typed);
  std::sort(places.begin(), places.end(), [](const TypedWord* a, const TypedWord* b) { return a->begin > b->begin; });
  std::string corrected = text;
  for (const TypedWord* typed : places) {
    const std::string_view as_typed = std::string_view(text).substr(typed->begin, typed->end - typed->begin);
    corrected.replace(typed->begin, typed->end - typed->begin, in_case_of(as_typed, fixes[typed->word]));
  }
  if (!require_more_hits) return corrected;
  const ParsedQuery reparsed = context.parse(corrected);
  // Many more documents hold the words together, or (for OR and NEAR
  // queries, whose words need not meet) the query finds many more.
  const Xapian::doccount before = count(context.db, all_words(parsed), 10000);
  const Xapian::doccount after = count(context.db, all_words(reparsed), 10000);
  const bool together = after >= 3 * before + 1;
  if (!together && count(context.db, reparsed.query, 10000) < 2 * count(context.db, parsed.query, 10000) + 1) return {};
  return corrected;
}

}  // namespace quarry
