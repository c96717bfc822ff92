#include "publication_date.h"

#include <cstdio>
#include <optional>
#include <vector>

#include "boilerplate.h"
#include "dates.h"

namespace quarry::web {
namespace {

std::optional<std::string> believable(std::optional<std::string> iso) {
  if (iso && plausible_date(*iso)) return iso;
  return std::nullopt;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool marks_date(const Dom& dom, std::uint32_t i) {
  if (dom.node(i).attr_count == 0) return false;
  const std::string m = lower(dom.attr(i, Attr::kClass)) + " " + lower(dom.attr(i, Attr::kId)) + " " +
                        lower(dom.attr(i, Attr::kItemprop));
  for (const char* w : {"date", "time", "publish", "posted", "byline", "meta", "datum", "info", "dateline",
                        "author", "created", "stamp"})
    if (m.find(w) != std::string::npos) return true;
  return false;
}

// Words that introduce a publication date in the languages we index.
bool introduces_date(std::string_view line) {
  const std::string l = lower(line.substr(0, 80));
  for (const char* w : {"published", "posted", "updated", "last updated", "veröffentlicht", "erschienen",
                        "stand:", "aktualisiert", "publié", "mis à jour", "publicado", "actualizado",
                        "pubblicato", "aggiornato", "opublikowano", "gepubliceerd", "date:", "datum:", "on ",
                        " am ", "geschrieben", "written"})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

int day_number(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
  // Days since a fixed origin (civil calendar, proleptic Gregorian).
  y -= m <= 2;
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe;
}

int days_apart(const std::string& a, const std::string& b) {
  const int d = day_number(a) - day_number(b);
  return d < 0 ? -d : d;
}

// A line that is little but a date: "21.01.2022", "| 01. November 2021 |".
bool is_date_line(std::string_view line) {
  if (line.size() > 80) return false;
  std::size_t letters = 0;
  for (unsigned char c : line) letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return letters <= 20;
}

// The date a line says a page was published on: the one after a word for
// "published", else the first (a line may also say when it was updated).
std::optional<std::string> published_date_in(std::string_view line, bool month_first) {
  const std::vector<FoundDate> dates = find_dates(line, month_first);
  if (dates.empty()) return std::nullopt;
  const std::string l = lower(line);
  for (const char* w : {"published", "posted", "veröffentlicht", "erschienen", "publié", "publicado", "pubblicato",
                        "opublikowano", "gepubliceerd", "geschrieben", "written"}) {
    const std::size_t at = l.find(w);
    if (at == std::string::npos) continue;
    for (const FoundDate& d : dates)
      if (d.position > at && d.position - at < 80) return d.iso;
  }
  return dates.front().iso;
}

}  // namespace

std::string choose_date(const Dom& dom, const PageText& text, const PageMetadata& md, std::uint32_t container,
                        std::string_view url, bool month_first) {
  // Metadata gives times in UTC, so a story filed in the evening west of
  // Greenwich carries the next day there: a date in the URL one day off is
  // the one the page shows.
  const std::optional<std::string> in_url = believable(date_in_url(url));
  auto settle = [&](const std::string& d) {
    return in_url && days_apart(*in_url, d) <= 1 ? *in_url : d;
  };
  if (auto d = believable(parse_machine_date(md.ld_date))) return settle(*d);
  for (const std::string& v : md.meta_published)
    if (auto d = believable(parse_machine_date(v))) return settle(*d);

  // Parts no date of the article comes from: comments, teasers, sidebars.
  const std::size_t n = dom.size();
  std::vector<bool> excluded(n, false);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t p = dom.node(i).parent;
    bool ex = p != kNoNode && excluded[p];
    if (!ex && dom.node(i).tag != Tag::kText) {
      const Tag t = dom.node(i).tag;
      // Where a boilerplate mark starts (its inside inherits the decision):
      // sidebars and link lists, not the article's own header, footer or
      // date line.
      const bool mark_starts = text.in_boilerplate[i] && (p == kNoNode || !text.in_boilerplate[p]);
      ex = t == Tag::kAside || t == Tag::kNav || names_comments(dom, i) ||
           (mark_starts && !(container != kNoNode && dom.contains(i, container)) && t != Tag::kHeader &&
            t != Tag::kFooter && !marks_date(dom, i) && !(container != kNoNode && dom.contains(container, i)));
    }
    excluded[i] = ex;
  }

  // Microdata and <time datetime>: inside the article first, then before it.
  std::optional<std::string> inside, before, anywhere;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (excluded[i] || dom.node(i).tag == Tag::kText) continue;
    const std::string_view itemprop = dom.attr(i, Attr::kItemprop);
    std::optional<std::string> d;
    if (itemprop == "datePublished" || itemprop == "dateCreated") {
      std::string_view v = dom.attr(i, Attr::kContent);
      if (v.empty()) v = dom.attr(i, Attr::kDatetime);
      d = believable(v.empty() ? first_date(dom.inner_text(i), month_first) : parse_machine_date(v));
      if (d) return *d;
    }
    if (dom.node(i).tag == Tag::kTime) {
      const std::string_view dt = dom.attr(i, Attr::kDatetime);
      d = believable(dt.empty() ? first_date(dom.inner_text(i), month_first) : parse_machine_date(dt));
      if (!d) continue;
      if (dom.has(i, Attr::kPubdate)) return *d;
      if (container != kNoNode && dom.contains(container, i)) {
        if (!inside) inside = d;
      } else if (container != kNoNode && i < container) {
        if (!before) before = d;
      } else if (!anywhere) {
        anywhere = d;
      }
    }
  }
  if (inside) return settle(*inside);
  if (before) return settle(*before);
  if (in_url) return *in_url;

  // Visible date lines: in elements marked as dates or bylines, lines that
  // introduce one ("Published in Dawn, May 29th, 2024"), and bare date
  // lines; in the article or just before it first.
  struct Where {
    std::optional<std::string> before, inside, elsewhere;
  };
  Where marked, intro, bare;
  for (const TextBlock& b : text.blocks) {
    const bool is_intro = introduces_date(b.text);
    if (b.text.size() > 300 && !is_intro) continue;
    if (b.start == kNoNode || excluded[b.owner] || excluded[b.start]) continue;
    bool is_marked = false;
    for (std::uint32_t e = b.start; e != kNoNode && !is_marked; e = dom.node(e).parent) {
      if (e == container) break;
      is_marked = marks_date(dom, e);
      if (dom.node(e).tag == Tag::kBody) break;
    }
    const bool is_bare = is_date_line(b.text);
    if (!is_marked && !is_intro && !is_bare) continue;
    const std::optional<std::string> d = believable(is_intro ? published_date_in(b.text, month_first)
                                                              : first_date(b.text, month_first));
    if (!d) continue;
    Where& w = is_intro ? intro : is_marked ? marked : bare;
    const bool in_container = container != kNoNode && dom.contains(container, b.owner);
    std::optional<std::string>& slot = in_container                                     ? w.inside
                                       : container != kNoNode && b.start < container ? w.before
                                                                                        : w.elsewhere;
    if (!slot) slot = d;
  }
  for (const std::optional<std::string>* d :
       {&intro.before, &intro.inside, &marked.before, &marked.inside, &bare.before, &bare.inside, &anywhere,
        &intro.elsewhere, &marked.elsewhere, &bare.elsewhere})
    if (*d) return settle(**d);

  // A short line in the article holding a date.
  if (container != kNoNode) {
    for (const TextBlock& b : text.blocks) {
      if (!dom.contains(container, b.owner) || b.text.size() > 200 || b.boilerplate) continue;
      if (auto d = believable(first_date(b.text, month_first))) return *d;
    }
  }
  if (auto d = believable(parse_machine_date(md.ld_modified))) return *d;
  for (const std::string& v : md.meta_generic)
    if (auto d = believable(parse_machine_date(v))) return *d;
  for (const std::string& v : md.meta_modified)
    if (auto d = believable(parse_machine_date(v))) return *d;
  return {};
}

}  // namespace quarry::web
