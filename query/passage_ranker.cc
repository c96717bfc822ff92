#include "passage_ranker.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "schema.h"

namespace quarry {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.5;
// The proximity score's saturation and document-length normalisation.
constexpr double kProximityK1 = 1.2;
constexpr double kProximityB = 0.5;

}  // namespace

PassageRanker::PassageRanker(const Xapian::Database& db, const Xapian::MSet& matches, const HighlightPlan& plan,
                             double passage_count) {
  std::set<std::string> words(plan.terms.begin(), plan.terms.end());
  for (const auto& phrase : plan.phrases) words.insert(phrase.begin(), phrase.end());
  const double n = db.get_doccount();
  for (const std::string& word : words) {
    const double df = matches.get_termfreq(word);
    if (df == 0) continue;
    // The "+1" form of BM25's idf: never negative, even for very common words.
    terms_.push_back({word, std::log(1.0 + (n - df + 0.5) / (df + 0.5))});
  }
  average_document_ = db.get_avlength();
  if (passage_count > 0) average_length_ = std::max(1.0, average_document_ * n / passage_count);
}

std::vector<double> PassageRanker::score(const Xapian::Database& source, Xapian::docid did,
                                         const std::vector<PassageSpan>& passages, double* proximity,
                                         TitleMatch* title) const {
  const std::size_t count = passages.size();
  std::vector<double> scores(count, 0.0);
  if (proximity) *proximity = 0;
  if (title) *title = TitleMatch();
  if (terms_.empty() || count == 0) return scores;
  // Between passages the gap is smaller than the one before the title.
  const Xapian::termpos title_start =
      passages.back().first_position + passages.back().length + schema::kTitlePositionGap;
  std::vector<unsigned> frequency(count);
  std::vector<std::pair<Xapian::termpos, std::size_t>> occurrences;  // for proximity
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const Term& term = terms_[t];
    std::fill(frequency.begin(), frequency.end(), 0u);
    bool any = false, in_title = false;
    for (auto it = source.positionlist_begin(did, term.term); it != source.positionlist_end(did, term.term); ++it) {
      const Xapian::termpos pos = *it;
      if (proximity) occurrences.emplace_back(pos, t);
      if (pos >= title_start) in_title = true;
      // The last passage starting at or before pos, if pos lies inside it.
      auto after = std::upper_bound(passages.begin(), passages.end(), pos,
                                    [](Xapian::termpos p, const PassageSpan& s) { return p < s.first_position; });
      if (after == passages.begin()) continue;
      const PassageSpan& passage = *(after - 1);
      if (pos >= passage.first_position + passage.length) continue;  // a gap, or the title
      ++frequency[static_cast<std::size_t>(after - 1 - passages.begin())];
      any = true;
    }
    if (title && in_title) {
      ++title->words;
      title->idf += term.idf;
    }
    if (!any) continue;
    for (std::size_t i = 0; i < count; ++i) {
      if (!frequency[i]) continue;
      const double tf = frequency[i];
      const double norm = kK1 * (1 - kB + kB * passages[i].length / average_length_);
      scores[i] += term.idf * tf * (kK1 + 1) / (tf + norm);
    }
  }
  if (proximity && terms_.size() > 1 && occurrences.size() > 1) {
    std::sort(occurrences.begin(), occurrences.end());
    std::vector<double> acc(terms_.size(), 0.0);
    for (std::size_t i = 0; i + 1 < occurrences.size(); ++i) {
      const auto& [p, ta] = occurrences[i];
      const auto& [q, tb] = occurrences[i + 1];
      if (ta == tb || q == p) continue;
      const double d2 = static_cast<double>(q - p) * static_cast<double>(q - p);
      acc[ta] += terms_[tb].idf / d2;
      acc[tb] += terms_[ta].idf / d2;
    }
    const double length = source.get_doclength(did);
    const double norm = kProximityK1 * (1 - kProximityB + kProximityB * length / std::max(1.0, average_document_));
    for (std::size_t t = 0; t < terms_.size(); ++t)
      if (acc[t] > 0) *proximity += std::min(1.0, terms_[t].idf) * acc[t] * (kProximityK1 + 1) / (acc[t] + norm);
  }
  return scores;
}

}  // namespace quarry
