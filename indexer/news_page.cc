#include "news_page.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

#include "dates.h"
#include "passages.h"

namespace quarry {
namespace {

constexpr std::size_t kMaxTitleBytes = 160;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(trim(text.substr(start, end - start)));
    start = end + 1;
  }
  return lines;
}

bool is_published_line(std::string_view line) { return starts_with(line, "Published in "); }

// "Updated 29 May, 2024" or "29 May, 2024": the line under a sidebar title.
std::optional<std::string> sidebar_date(std::string_view line) {
  if (starts_with(line, "Updated ")) line.remove_prefix(8);
  if (line.empty() || line.size() > 24 || !std::isdigit(static_cast<unsigned char>(line[0])))
    return std::nullopt;
  return parse_date(line);
}

// Indexes of lines that start a sidebar entry: a title followed by a date line.
std::vector<std::size_t> entry_starts(const std::vector<std::string_view>& lines, std::size_t from) {
  std::vector<std::size_t> starts;
  for (std::size_t i = from; i + 1 < lines.size(); ++i)
    if (!lines[i].empty() && lines[i].size() <= kMaxTitleBytes && sidebar_date(lines[i + 1]))
      starts.push_back(i);
  return starts;
}

std::string join(const std::vector<std::string_view>& lines, std::size_t begin, std::size_t end,
                 const char* separator) {
  std::string out;
  for (std::size_t i = begin; i < end; ++i) {
    if (!out.empty()) out += separator;
    out += lines[i];
  }
  return out;
}

// A page's first paragraph is its title when it is one short line with no
// sentence-ending punctuation and more text follows.
std::optional<std::string> leading_title(const std::vector<std::string_view>& lines,
                                         std::size_t end) {
  if (end < 3 || lines[0].empty() || !lines[1].empty() || lines[0].size() > kMaxTitleBytes)
    return std::nullopt;
  const char last = lines[0].back();
  if (last == '.' || last == '"' || last == ':' || last == ',' || lines[0].find(": ") != std::string_view::npos)
    return std::nullopt;
  if (starts_with(lines[0].substr(lines[0].size() >= 3 ? lines[0].size() - 3 : 0), "\xE2\x80\x9D"))
    return std::nullopt;  // ends with a closing curly quote: a sentence
  return std::string(lines[0]);
}

}  // namespace

bool looks_like_news_page(std::string_view text) {
  const std::vector<std::string_view> lines = lines_of(text);
  for (std::string_view line : lines)
    if (is_published_line(line)) return true;
  return entry_starts(lines, 0).size() >= 2;
}

std::optional<std::string> strip_published_line(std::string& body) {
  std::string_view view = trim(body);
  const std::size_t line_start = view.rfind('\n') == std::string_view::npos ? 0 : view.rfind('\n') + 1;
  std::string_view last = trim(view.substr(line_start));
  if (is_published_line(last)) {
    std::optional<std::string> date = parse_date(last);
    body = std::string(trim(view.substr(0, line_start)));
    return date;
  }
  // Run into the last paragraph ("… he said.Published in Dawn, May 3rd,
  // 2025"): only a short tail that names a date, so that a sentence about
  // what was published stays.
  const std::size_t at = last.rfind("Published in ");
  if (at == std::string_view::npos || at == 0 || last.size() - at > 100) return std::nullopt;
  std::optional<std::string> date = parse_date(last.substr(at));
  if (!date) return std::nullopt;
  const std::size_t cut = static_cast<std::size_t>(last.data() - view.data()) + at;
  body = std::string(trim(view.substr(0, cut)));
  return date;
}

std::string find_dateline(std::string_view body) {
  // Upper-case place names before a colon: "KARACHI:", "NEW YORK:", "D.I. KHAN:".
  const std::size_t colon = body.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 40) return {};
  bool has_letter = false;
  for (std::size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (std::isupper(c)) has_letter = true;
    else if (!(c == ' ' || c == '.' || c == '-' || c == '\'' || c == ','))
      return {};
  }
  return has_letter ? std::string(trim(body.substr(0, colon))) : std::string();
}

std::string first_sentence(std::string_view body) {
  const std::string dateline = find_dateline(body);
  if (!dateline.empty()) body = trim(body.substr(body.find(':') + 1));
  body = trim(body.substr(0, body.find('\n')));
  std::size_t end = body.size();
  for (std::size_t i = 0; i + 1 < body.size(); ++i) {
    if ((body[i] == '.' || body[i] == '?' || body[i] == '!') && body[i + 1] == ' ') {
      end = i + 1;
      break;
    }
  }
  std::string_view sentence = body.substr(0, end);
  if (sentence.size() <= kMaxTitleBytes) return std::string(sentence);
  std::size_t cut = sentence.rfind(' ', kMaxTitleBytes);
  if (cut == std::string_view::npos || cut < kMaxTitleBytes / 2) {
    cut = kMaxTitleBytes;  // one giant word: cut on a character boundary
    while (cut > 0 && (static_cast<unsigned char>(sentence[cut]) & 0xC0) == 0x80) --cut;
  }
  return std::string(trim(sentence.substr(0, cut))) + "\xE2\x80\xA6";
}

std::string editorial_id(const std::string& title, const std::string& date, const std::string& text) {
  std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a: stable across runs and builds
  auto mix = [&hash](const std::string& s) {
    for (unsigned char c : s) {
      if (std::isspace(c)) continue;  // layout differs between pages; words do not
      hash = (hash ^ static_cast<unsigned char>(std::tolower(c))) * 1099511628211ULL;
    }
    hash = (hash ^ 0x1f) * 1099511628211ULL;
  };
  mix(title);
  mix(date);
  mix(text);
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return std::string("editorial-") + hex;
}

NewsPage parse_news_page(std::string_view text, const std::string& source,
                         const std::string& article_id) {
  const std::vector<std::string_view> lines = lines_of(text);
  NewsPage page;

  // The article runs to its "Published in" line, or to the sidebar.
  std::size_t published = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (is_published_line(lines[i])) published = i;
  const std::size_t sidebar_from = published < lines.size() ? published + 1 : 0;
  const std::vector<std::size_t> entries = entry_starts(lines, sidebar_from);
  std::size_t article_end = published;
  if (published == lines.size()) {
    article_end = entries.empty() ? lines.size() : entries.front();
    while (article_end > 0 && lines[article_end - 1].size() < 20) --article_end;  // headings
  }

  Document& article = page.article;
  article.id = article_id;
  article.kind = kKindArticle;
  article.source = source;
  std::size_t body_from = 0;
  if (auto title = leading_title(lines, article_end)) {
    article.title = *title;
    body_from = 2;
  }
  const std::string body = join(lines, body_from, article_end, "\n");
  if (published < lines.size())
    article.date = parse_date(lines[published]).value_or("");
  article.dateline = find_dateline(body);
  if (article.title.empty()) article.title = first_sentence(body);
  article.passages = split_passages(body);

  // Sidebar: headings ("Opinion", "Editorial") then entries of title, date,
  // the title again, and a summary.
  std::string section;
  const std::size_t first_entry = entries.empty() ? lines.size() : entries.front();
  for (std::size_t i = sidebar_from; i < first_entry && published < lines.size(); ++i)
    if (!lines[i].empty()) section = std::string(lines[i]);
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const std::size_t start = entries[e];
    const std::size_t end = e + 1 < entries.size() ? entries[e + 1] : lines.size();
    Document editorial;
    editorial.kind = kKindEditorial;
    editorial.title = std::string(lines[start]);
    editorial.date = sidebar_date(lines[start + 1]).value_or("");
    editorial.section = section.empty() ? "Editorial" : section;
    editorial.source = source;
    std::vector<std::string_view> summary;
    for (std::size_t i = start + 2; i < end; ++i) {
      if (lines[i].empty()) continue;
      if (summary.empty() && lines[i] == lines[start]) continue;  // the repeated title
      summary.push_back(lines[i]);
    }
    const std::string text_of_entry = join(summary, 0, summary.size(), " ");
    if (text_of_entry.empty()) continue;
    editorial.id = editorial_id(editorial.title, editorial.date, text_of_entry);
    editorial.passages.push_back(text_of_entry);
    page.editorials.push_back(std::move(editorial));
  }
  return page;
}

}  // namespace quarry
