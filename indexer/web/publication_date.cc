#include "publication_date.h"

#include <cstdio>
#include <optional>
#include <vector>

#include "boilerplate.h"
#include "dates.h"
#include "text.h"

namespace quarry::web {
namespace {

std::optional<std::string> believable(std::optional<std::string> iso) {
  if (iso && plausible_date(*iso)) return iso;
  return std::nullopt;
}

bool marks_date(const Dom& dom, std::uint32_t i) {
  if (dom.node(i).attr_count == 0) return false;
  const std::string m = lower_ascii(dom.attr(i, Attr::kClass)) + " " + lower_ascii(dom.attr(i, Attr::kId)) + " " +
                        lower_ascii(dom.attr(i, Attr::kItemprop));
  for (const char* w : {"date", "time", "publish", "posted", "byline", "meta", "datum", "info", "dateline",
                        "author", "created", "stamp"})
    if (m.find(w) != std::string::npos) return true;
  return false;
}

// Words that introduce a publication date in the languages we index.
bool introduces_date(std::string_view line) {
  const std::string l = lower_ascii(line.substr(0, 80));
  for (const char* w : {"published", "posted", "updated", "last updated", "veröffentlicht", "erschienen",
                        "stand:", "aktualisiert", "publié", "mis à jour", "publicado", "actualizado",
                        "pubblicato", "aggiornato", "opublikowano", "gepubliceerd", "date:", "datum:", "on ",
                        " am ", "geschrieben", "written"})
    if (l.find(w) != std::string::npos) return true;
  return false;
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
  const std::string l = lower_ascii(line);
  for (const char* w : {"published", "posted", "veröffentlicht", "erschienen", "publié", "publicado", "pubblicato",
                        "opublikowano", "gepubliceerd", "geschrieben", "written"}) {
    const std::size_t at = l.find(w);
    if (at == std::string::npos) continue;
    for (const FoundDate& d : dates)
      if (d.position > at && d.position - at < 80) return d.iso;
  }
  return dates.front().iso;
}


// A timestamp in UTC ("...T02:30:00Z", "+00:00"): its day may not be the
// day the page shows.
bool is_utc(std::string_view v) {
  if (v.find('T') == std::string_view::npos && v.find(':') == std::string_view::npos) return false;
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return (!v.empty() && (v.back() == 'Z' || v.back() == 'z')) ||
         (v.size() >= 6 && (v.substr(v.size() - 6) == "+00:00" || v.substr(v.size() - 5) == "+0000"));
}


// "...T21:11:03-05:00": a time with its zone written out.
bool has_offset(std::string_view v) {
  const std::size_t t = v.find('T');
  if (t == std::string_view::npos) return false;
  return v.find('+', t) != std::string_view::npos || v.find('-', t) != std::string_view::npos;
}

int utc_hour(std::string_view v) {
  const std::size_t t = v.find('T');
  if (t == std::string_view::npos || t + 3 > v.size()) return -1;
  if (v[t + 1] < '0' || v[t + 1] > '9' || v[t + 2] < '0' || v[t + 2] > '9') return -1;
  return (v[t + 1] - '0') * 10 + (v[t + 2] - '0');
}

}  // namespace

bool central_european_language(std::string_view lang) {
  const std::string l = lower_ascii(lang.substr(0, lang.find('-')));
  for (const char* c : {"de", "fr", "it", "nl", "pl", "cs", "sk", "hu", "da", "sv", "nb", "no", "sl", "hr", "sr", "lb"})
    if (l == c) return true;
  return lower_ascii(lang) == "es-es";
}

std::string choose_date(const Dom& dom, const PageText& text, const PageMetadata& md, std::uint32_t container,
                        std::string_view url, bool month_first, std::string_view language) {
  const bool central_european = central_european_language(language);
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

  // Microdata and <time> elements: inside the article first, then before it.
  std::optional<std::string> microdata, pubdate, inside, before, anywhere, time_text, local_time;
  bool time_utc = false;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (excluded[i] || dom.node(i).tag == Tag::kText) continue;
    const std::string_view itemprop = dom.attr(i, Attr::kItemprop);
    if (!microdata && (itemprop == "datePublished" || itemprop == "dateCreated")) {
      std::string_view v = dom.attr(i, Attr::kContent);
      if (v.empty()) v = dom.attr(i, Attr::kDatetime);
      microdata = believable(v.empty() ? first_date(dom.inner_text(i), month_first) : parse_machine_date(v));
    }
    if (dom.node(i).tag != Tag::kTime) continue;
    const std::string_view dt = dom.attr(i, Attr::kDatetime);
    const std::optional<std::string> shown = believable(first_date(dom.inner_text(i), month_first));
    if (shown && !time_text) time_text = shown;
    const std::optional<std::string> d = dt.empty() ? shown : believable(parse_machine_date(dt));
    if (!d) continue;
    if (!local_time && !dt.empty() && !is_utc(dt) && has_offset(dt)) local_time = d;
    if (dom.has(i, Attr::kPubdate) && !pubdate) pubdate = d;
    std::optional<std::string>& slot = container != kNoNode && dom.contains(container, i) ? inside
                                       : container != kNoNode && i < container             ? before
                                                                                           : anywhere;
    if (!slot) {
      slot = d;
      if (&slot == &inside || (&slot == &before && !inside)) time_utc = is_utc(dt);
    }
  }

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
  std::optional<std::string> visible;
  for (const std::optional<std::string>* d :
       {&intro.before, &intro.inside, &marked.before, &marked.inside, &bare.before, &bare.inside, &time_text})
    if (*d) {
      visible = *d;
      break;
    }

  // Timestamps in UTC put a story filed in the evening west of Greenwich on
  // the next day: a date one day off in the URL or on the page is the one
  // readers see.
  const std::optional<std::string> in_url = believable(date_in_url(url));
  auto settle = [&](const std::string& d, bool utc) {
    if (in_url && days_apart(*in_url, d) <= 1) return *in_url;
    if (utc && local_time && days_apart(*local_time, d) <= 1) return *local_time;
    if (utc && visible && days_apart(*visible, d) <= 1) return *visible;
    return d;
  };
  // With nothing on the page to say, a UTC time late in the evening is the
  // next day where the page's language is spoken in central Europe.
  auto local_day = [&](std::string_view v) {
    std::optional<std::string> d = believable(parse_machine_date(v));
    if (d && is_utc(v) && central_european && utc_hour(v) >= 23) d = next_day(*d);
    return d;
  };
  if (auto d = local_day(md.ld_date)) return settle(*d, is_utc(md.ld_date));
  for (const std::string& v : md.meta_published)
    if (auto d = local_day(v)) return settle(*d, is_utc(v));
  if (microdata) return settle(*microdata, false);
  if (pubdate) return settle(*pubdate, false);
  if (inside) return settle(*inside, time_utc);
  if (before) return settle(*before, time_utc);
  if (in_url) return *in_url;
  for (const std::optional<std::string>* d :
       {&intro.before, &intro.inside, &marked.before, &marked.inside, &bare.before, &bare.inside, &anywhere,
        &intro.elsewhere, &marked.elsewhere, &bare.elsewhere})
    if (*d) return **d;

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
