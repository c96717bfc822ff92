#include "passage_ranker.h"

#include <algorithm>
#include <cmath>
#include <optional>
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
  for (const NearGroups& near : plan.nears)
    for (const auto& group : near.groups) words.insert(group.begin(), group.end());
  const double n = db.get_doccount();
  for (const std::string& word : words) {
    const double df = matches.get_termfreq(word);
    if (df == 0) continue;
    // The "+1" form of BM25's idf: never negative, even for very common words.
    terms_.push_back({word, std::log(1.0 + (n - df + 0.5) / (df + 0.5)), plan.terms.count(word) == 0});
  }
  for (std::size_t p = 0; p < plan.phrases.size(); ++p) {
    Phrase phrase;
    for (std::size_t k = 0; k < plan.phrases[p].size(); ++k) {
      const auto found = std::find_if(terms_.begin(), terms_.end(),
                                      [&](const Term& t) { return t.term == plan.phrases[p][k]; });
      if (found == terms_.end()) break;  // a word no document holds: the phrase occurs nowhere
      phrase.terms.push_back(static_cast<std::size_t>(found - terms_.begin()));
      phrase.offsets.push_back(p < plan.phrase_offsets.size() ? plan.phrase_offsets[p][k] : k);
    }
    if (phrase.terms.size() == plan.phrases[p].size()) phrases_.push_back(std::move(phrase));
  }
  for (const NearGroups& near : plan.nears) {
    Near kept{near, {}};
    bool known = true;
    for (const auto& group : near.groups)
      for (const std::string& word : group) {
        const auto found = std::find_if(terms_.begin(), terms_.end(), [&](const Term& t) { return t.term == word; });
        if (found == terms_.end()) known = false;
        else kept.terms.push_back(static_cast<std::size_t>(found - terms_.begin()));
      }
    if (known) nears_.push_back(std::move(kept));
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
  std::vector<std::vector<Xapian::termpos>> positions(terms_.size());
  for (std::size_t t = 0; t < terms_.size(); ++t)
    for (auto it = source.positionlist_begin(did, terms_[t].term); it != source.positionlist_end(did, terms_[t].term); ++it)
      positions[t].push_back(*it);
  counted_positions(positions);
  std::vector<unsigned> frequency(count);
  std::vector<std::pair<Xapian::termpos, std::size_t>> occurrences;  // for proximity
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const Term& term = terms_[t];
    std::fill(frequency.begin(), frequency.end(), 0u);
    bool any = false, in_title = false;
    for (const Xapian::termpos pos : positions[t]) {
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

void PassageRanker::counted_positions(std::vector<std::vector<Xapian::termpos>>& positions) const {
  if (phrases_.empty() && nears_.empty()) return;
  // Where a gap was typed, a position holds no word when no query word is
  // there (the words of the text between are not read to rank).
  std::vector<Xapian::termpos> taken;
  for (const auto& list : positions) taken.insert(taken.end(), list.begin(), list.end());
  std::sort(taken.begin(), taken.end());
  const auto empty = [&taken](Xapian::termpos g) { return !std::binary_search(taken.begin(), taken.end(), g); };
  std::vector<std::vector<Xapian::termpos>> kept(terms_.size()), lists;
  for (const Phrase& phrase : phrases_) {
    lists.clear();
    for (std::size_t t : phrase.terms) lists.push_back(positions[t]);
    for (const Xapian::termpos first : lists[0]) {
      const std::optional<Xapian::termpos> last = phrase_end_at(lists.data(), phrase.offsets, first, empty);
      if (!last) continue;
      for (std::size_t t : phrase.terms) {
        if (!terms_[t].restricted) continue;
        auto from = std::lower_bound(positions[t].begin(), positions[t].end(), first);
        for (; from != positions[t].end() && *from <= *last; ++from) kept[t].push_back(*from);
      }
    }
  }
  for (const Near& near : nears_) {
    lists.clear();
    for (std::size_t t : near.terms) lists.push_back(positions[t]);
    for (const auto& [first, last] : near_groups_matches(near.groups, lists, empty))
      for (std::size_t t : near.terms) {
        if (!terms_[t].restricted) continue;
        auto from = std::lower_bound(positions[t].begin(), positions[t].end(), first);
        for (; from != positions[t].end() && *from <= last; ++from) kept[t].push_back(*from);
      }
  }
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    if (!terms_[t].restricted) continue;
    std::sort(kept[t].begin(), kept[t].end());
    kept[t].erase(std::unique(kept[t].begin(), kept[t].end()), kept[t].end());
    positions[t] = std::move(kept[t]);
  }
}

}  // namespace quarry
