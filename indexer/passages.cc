#include "passages.h"

namespace quarry {
namespace {

// News paragraphs are often one sentence; a passage that short ranks on too
// little evidence, so consecutive paragraphs join until they reach this size.
constexpr std::size_t kShortParagraph = 300;
// Longest line of text wrapped at a fixed width (typically 64-80 columns).
constexpr std::size_t kWrappedLine = 100;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Text wrapped at a fixed width (as old collections and e-mail are): no
// blank line, and lines short enough to be the wrapping of longer
// paragraphs. Its lines are not paragraphs; taken as such, passages would be
// cut mid-sentence, and query words either side of a cut would no longer
// count as near each other.
bool is_hard_wrapped(const std::vector<std::string_view>& lines) {
  if (lines.size() < 3) return false;
  std::size_t short_lines = 0;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i)
    if (trim(lines[i]).size() <= kWrappedLine) ++short_lines;
  return 4 * short_lines >= 3 * (lines.size() - 1);
}

std::vector<std::string> paragraphs_of(std::string_view text) {
  const std::vector<std::string_view> lines = lines_of(text);
  bool has_blank = false;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i)
    if (trim(lines[i]).empty()) has_blank = true;
  // Without blank lines each line is a paragraph, unless the text is wrapped.
  const bool line_per_paragraph = !has_blank && !is_hard_wrapped(lines);
  std::vector<std::string> paragraphs;
  std::string current;
  for (std::string_view line : lines) {
    line = trim(line);
    if (line.empty() || line_per_paragraph) {
      if (!current.empty()) paragraphs.push_back(std::move(current));
      current.clear();
      if (line.empty()) continue;
    }
    if (!current.empty()) current += '\n';
    current += line;
  }
  if (!current.empty()) paragraphs.push_back(std::move(current));
  return paragraphs;
}

// Where to cut a long paragraph: after the last sentence end before limit,
// else at the last space, else (one giant word) at limit itself on a
// UTF-8 character boundary.
std::size_t cut_point(std::string_view text, std::size_t limit) {
  for (std::size_t i = limit; i > limit / 3; --i) {
    const char c = text[i - 1];
    if ((c == '.' || c == '?' || c == '!') && i < text.size() && is_space(text[i])) return i;
  }
  for (std::size_t i = limit; i > limit / 3; --i)
    if (is_space(text[i - 1])) return i;
  std::size_t i = limit;
  while (i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i > 0 ? i : limit;
}

}  // namespace

std::vector<std::string> split_passages(std::string_view body, std::size_t max_bytes) {
  std::vector<std::string> passages;
  std::string pending;  // short paragraphs waiting to join the next
  for (std::string& paragraph : paragraphs_of(body)) {
    if (!pending.empty()) {
      paragraph = pending + "\n" + paragraph;
      pending.clear();
    }
    if (paragraph.size() < kShortParagraph) {
      pending = std::move(paragraph);
      continue;
    }
    std::string_view rest = paragraph;
    while (rest.size() > max_bytes) {
      // Aim for even pieces rather than one full piece and a scrap.
      const std::size_t pieces = (rest.size() + max_bytes - 1) / max_bytes;
      const std::size_t cut = cut_point(rest, std::min(max_bytes, rest.size() / pieces + max_bytes / 4));
      passages.emplace_back(trim(rest.substr(0, cut)));
      rest = trim(rest.substr(cut));
    }
    if (!rest.empty()) passages.emplace_back(rest);
  }
  if (!pending.empty()) {
    if (!passages.empty() && passages.back().size() + pending.size() < max_bytes)
      passages.back() += "\n" + pending;
    else
      passages.push_back(std::move(pending));
  }
  return passages;
}

}  // namespace quarry
