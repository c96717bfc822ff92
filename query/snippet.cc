#include "snippet.h"

#include <algorithm>

namespace quarry {
namespace {

const std::string kEllipsis = "\xE2\x80\xA6";
// Punctuation glued to the first or last word shown ("“According", "goggles.”").
constexpr std::size_t kGlueBytes = 16;

bool is_space_byte(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::vector<Span> find_highlights(const std::string& text, const HighlightPlan& plan,
                                  Analyser& analyser) {
  std::vector<Span> spans;
  if (plan.terms.empty() && plan.phrases.empty() && plan.nears.empty()) return spans;
  std::vector<Token> tokens;
  analyser.tokenize(text, tokens);
  std::vector<std::string> terms;
  terms.reserve(tokens.size());
  for (const Token& token : tokens) terms.push_back(analyser.index_term(token));
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (plan.terms.count(terms[i])) spans.push_back({tokens[i].begin, tokens[i].end});
  for (std::size_t p = 0; p < plan.phrases.size(); ++p) {
    const std::vector<std::string>& phrase = plan.phrases[p];
    const std::vector<std::uint32_t>* offsets = p < plan.phrase_offsets.size() ? &plan.phrase_offsets[p] : nullptr;
    for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
      // Consecutive words, each one position after the one before or, where
      // punctuation was typed between them, up to the typed gap later (the
      // positions between consecutive words hold none): as the search matches.
      bool match = terms[i] == phrase[0];
      for (std::size_t k = 1; k < phrase.size() && match; ++k) {
        const std::uint32_t step = tokens[i + k].position - tokens[i + k - 1].position;
        const std::uint32_t typed = offsets ? (*offsets)[k] - (*offsets)[k - 1] : 1;
        match = terms[i + k] == phrase[k] && step >= 1 && step <= typed;
      }
      if (match) spans.push_back({tokens[i].begin, tokens[i + phrase.size() - 1].end});
    }
  }
  if (!plan.nears.empty()) {
    // Positions as the index has them (tokens are in position order), and
    // a NEAR's occurrences where the search finds them.
    std::vector<std::uint32_t> taken;
    for (const Token& token : tokens) taken.push_back(token.position);
    const auto empty = [&taken](Xapian::termpos g) { return !std::binary_search(taken.begin(), taken.end(), g); };
    std::vector<std::vector<Xapian::termpos>> positions;
    for (const NearGroups& near : plan.nears) {
      positions.clear();
      for (const auto& group : near.groups)
        for (const std::string& word : group) {
          positions.emplace_back();
          for (std::size_t i = 0; i < tokens.size(); ++i)
            if (terms[i] == word) positions.back().push_back(tokens[i].position);
        }
      for (const auto& [first, last] : near_groups_matches(near, positions, empty)) {
        const auto from = std::lower_bound(taken.begin(), taken.end(), first);
        const auto to = std::upper_bound(taken.begin(), taken.end(), last);
        if (from < to)
          spans.push_back({tokens[static_cast<std::size_t>(from - taken.begin())].begin,
                           tokens[static_cast<std::size_t>(to - taken.begin()) - 1].end});
      }
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin || (a.begin == b.begin && a.end > b.end); });
  std::vector<Span> merged;
  for (const Span& span : spans) {
    if (!merged.empty() && span.begin < merged.back().end)
      merged.back().end = std::max(merged.back().end, span.end);
    else
      merged.push_back(span);
  }
  return merged;
}

HighlightPlan title_plan(const HighlightPlan& plan) {
  HighlightPlan title;
  title.terms = plan.terms;
  title.terms.insert(plan.title_terms.begin(), plan.title_terms.end());
  // With their offsets: a phrase typed with punctuation ("karachi, pakistan")
  // matches a title across the same gap, as the search does.
  title.phrases = plan.phrases;
  title.phrases.insert(title.phrases.end(), plan.title_phrases.begin(), plan.title_phrases.end());
  title.phrase_offsets = plan.phrase_offsets;
  title.phrase_offsets.insert(title.phrase_offsets.end(), plan.title_phrase_offsets.begin(),
                              plan.title_phrase_offsets.end());
  title.nears = plan.nears;
  return title;
}

Snippet make_snippet(const std::string& text, const HighlightPlan& plan, Analyser& analyser,
                     std::size_t max_bytes) {
  const std::vector<Span> spans = find_highlights(text, plan, analyser);
  std::size_t begin = 0;
  std::size_t end = text.size();
  std::size_t window_begin = begin, window_end = end;  // its first word's start, its last word's end
  if (text.size() > max_bytes) {
    // Word starts are the only places a snippet may begin.
    std::vector<Token> tokens;
    analyser.tokenize(text, tokens);
    std::vector<std::size_t> starts = {0};
    for (const Token& token : tokens) starts.push_back(token.begin);
    // Try each highlight as the first one shown, with a little context before
    // it, and keep the window that shows the most highlights (the first one,
    // when none fits whole: a phrase longer than the snippet).
    const std::size_t context = max_bytes / 5;
    std::size_t best_count = 0;
    for (std::size_t k = 0; k < spans.size(); ++k) {
      const std::size_t want = spans[k].begin > context ? spans[k].begin - context : 0;
      const std::size_t start = *std::lower_bound(starts.begin(), starts.end(), std::min(want, spans[k].begin));
      std::size_t count = 0;
      for (std::size_t j = k; j < spans.size() && spans[j].end <= start + max_bytes; ++j) ++count;
      if (k == 0 || count > best_count) {
        best_count = count;
        begin = start;
      }
    }
    // Take in punctuation glued to the first and last words ("“According",
    // "goggles.”"), never part of another word.
    std::size_t previous_end = 0;
    end = begin;
    std::size_t next_begin = text.size();
    for (const Token& token : tokens) {
      if (token.end <= begin) previous_end = token.end;
      if (token.begin >= begin && token.end <= begin + max_bytes) end = token.end;
      else if (token.begin >= begin && next_begin == text.size()) next_begin = token.begin;
    }
    window_begin = begin;
    window_end = end;
    // At most kGlueBytes each side, so that a run of dashes or emoji before
    // the first word cannot make the snippet longer than asked.
    const std::size_t begin_limit = std::max(previous_end, begin > kGlueBytes ? begin - kGlueBytes : 0);
    while (begin > begin_limit && !is_space_byte(text[begin - 1])) --begin;
    while (begin < window_begin && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) ++begin;
    const std::size_t end_limit = std::min(next_begin, end + kGlueBytes);
    while (end < end_limit && !is_space_byte(text[end])) ++end;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  }
  Snippet snippet;
  const std::string lead = begin > 0 ? kEllipsis : "";
  snippet.text = lead + text.substr(begin, end - begin);
  // Layout inside a passage is not meaningful in a one-line snippet; same byte length keeps offsets.
  std::replace_if(snippet.text.begin(), snippet.text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  if (end < text.size()) snippet.text += kEllipsis;
  // A highlight the cut runs through (a phrase longer than what is left) is
  // marked as far as its words are shown.
  for (Span span : spans) {
    if (span.end <= begin || span.begin >= end) continue;
    if (span.begin < begin) span.begin = window_begin;
    if (span.end > end) span.end = window_end;
    if (span.begin < span.end)
      snippet.highlights.push_back({span.begin - begin + lead.size(), span.end - begin + lead.size()});
  }
  return snippet;
}

}  // namespace quarry
