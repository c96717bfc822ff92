#include "publication_date.h"

#include <algorithm>
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

// Words that introduce a publication date in the languages we index, and
// how the date follows them: within a few words after a strong one
// ("Published in Dawn, May 29th, 2024"), at once after a weak one ("am
// 03.02.2020") near a line's start, or before a strong one ("wurde am 3.
// Dezember 2011 veröffentlicht").
struct DateWord {
  std::string_view word;
  bool original;  // says when the page was first published, not updated
  bool weak;      // common as a word
};
constexpr DateWord kDateWords[] = {
    {"published", true, false},     {"posted", true, false},         {"veröffentlicht", true, false},
    {"erschienen", true, false},    {"publié", true, false},         {"publicado", true, false},
    {"pubblicato", true, false},    {"opublikowano", true, false},   {"gepubliceerd", true, false},
    {"geschrieben", true, false},   {"written", true, false},        {"erstellt", true, false},
    {"gepostet", true, false},      {"publiziert", true, false},     {"date:", true, false},
    {"datum:", true, false},        {"updated", false, false},       {"aktualisiert", false, false},
    {"mis à jour", false, false},   {"actualizado", false, false},   {"aggiornato", false, false},
    {"stand:", false, false},       {"on", true, true},              {"am", true, true},
    {"vom", true, true},            {"le", true, true},
};
// Bytes allowed between a word and its date ("on Monday, ", "in Dawn, ").
constexpr std::size_t kStrongGap = 40, kWeakGap = 14, kTrailingGap = 60;
// Where a word may stand: a weak one near the start of a short line, any
// one near the start of a longer block.
constexpr std::size_t kWeakStart = 30, kIntroStart = 80, kShortLine = 120, kLongLine = 300;

bool word_boundary(std::string_view l, std::size_t at, std::size_t size) {
  auto letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80; };
  const bool before = at == 0 || !letter(static_cast<unsigned char>(l[at - 1]));
  const bool after = at + size >= l.size() || !letter(static_cast<unsigned char>(l[at + size])) ||
                     l[at + size - 1] == ':';
  return before && after;
}

struct IntroducedDate {
  std::string iso;
  bool original = false;  // by a word for "published", not "updated"
  std::string updated;    // the date the line says it was updated, if it says
};

// The date a line introduces ("Veröffentlicht am 03.02.2020", "Updated 29
// May, 2024"): the one a word for "published" leads to (first choice), or
// "updated"; nothing when no such word leads to a date.
std::optional<IntroducedDate> introduced_date(std::string_view line, bool month_first) {
  const std::string l = lower_ascii(line.size() > kLongLine ? line.substr(0, kIntroStart + kTrailingGap + 60) : line);
  std::vector<FoundDate> dates;
  bool have_dates = false;
  std::optional<std::string> original, updated;
  std::size_t updated_at = 0;
  auto find_word = [&](std::string_view word, std::size_t from) {
    for (std::size_t at = l.find(word, from); at != std::string::npos; at = l.find(word, at + 1))
      if (word_boundary(l, at, word.size())) return at;
    return std::string::npos;
  };
  for (const DateWord& w : kDateWords) {
    std::optional<std::string>& slot = w.original ? original : updated;
    if (slot) continue;
    for (std::size_t at = find_word(w.word, 0); at != std::string::npos && !slot; at = find_word(w.word, at + 1)) {
      if (at > (w.weak || line.size() > kShortLine ? kIntroStart : l.size())) break;
      if (!have_dates) {
        dates = find_dates(l, month_first);
        have_dates = true;
      }
      const std::size_t end = at + w.word.size();
      for (const FoundDate& d : dates) {
        if (d.position < end || d.position - end > (w.weak ? kWeakGap : kStrongGap)) continue;
        // A weak word counts near the start, or with a strong word after the date.
        bool counts = !w.weak || (at <= kWeakStart && line.size() <= kShortLine);
        for (const DateWord& s : kDateWords) {
          if (counts) break;
          if (s.weak || !s.original) continue;
          const std::size_t after = find_word(s.word, d.position);
          counts = after != std::string::npos && after - d.position <= kTrailingGap;
        }
        // "Originally published at example.com on May 3": another site's date.
        if (counts && w.original && at >= 11 && l.compare(at - 11, 11, "originally ") == 0 &&
            l.compare(end, 4, " at ") == 0)
          counts = false;
        if (counts) {
          slot = d.iso;
          if (!w.original) updated_at = at;
        }
        break;
      }
    }
  }
  // "May 6, 2024, 10:00 PM / Updated May 7, 2024": a short line's date
  // before its "updated" is the original one.
  if (!original && updated && line.size() <= kShortLine)
    for (const FoundDate& d : dates)
      if (d.position < updated_at && d.iso != *updated) {
        original = d.iso;
        break;
      }
  if (original) return IntroducedDate{*original, true, updated ? *updated : std::string()};
  if (updated) return IntroducedDate{*updated, false, *updated};
  return std::nullopt;
}

// A line that is little but a date: "21.01.2022", "| 01. November 2021 |".
bool is_date_line(std::string_view line) {
  if (line.size() > 80) return false;
  std::size_t letters = 0;
  for (unsigned char c : line) letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return letters <= 20;
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

// "2017-02-23T17:18:13-08:00" -> minutes since 1970-01-01 UTC, or nothing.
std::optional<long> instant_minutes(std::string_view v) {
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  auto digits = [&](std::size_t at, std::size_t n) -> int {
    if (at + n > v.size()) return -1;
    int x = 0;
    for (std::size_t k = at; k < at + n; ++k) {
      if (v[k] < '0' || v[k] > '9') return -1;
      x = x * 10 + (v[k] - '0');
    }
    return x;
  };
  if (v.size() < 16 || v[4] != '-' || v[7] != '-' || (v[10] != 'T' && v[10] != ' ') || v[13] != ':') return std::nullopt;
  const int hour = digits(11, 2), minute = digits(14, 2);
  if (hour < 0 || minute < 0 || digits(0, 4) < 0 || digits(5, 2) < 0 || digits(8, 2) < 0) return std::nullopt;
  long offset = 0;
  const char last = v.back();
  if (last != 'Z' && last != 'z') {
    const std::size_t sign = v.find_last_of("+-");
    if (sign == std::string_view::npos || sign < 16) return std::nullopt;
    std::string_view zone = v.substr(sign + 1);
    const int oh = digits(sign + 1, 2);
    const int om = zone.size() == 5 && zone[2] == ':' ? digits(sign + 4, 2) : zone.size() == 4 ? digits(sign + 3, 2) : -1;
    if (oh < 0 || om < 0) return std::nullopt;
    offset = (v[sign] == '-' ? -1 : 1) * (oh * 60L + om);
  }
  return days_apart("1970-01-01", std::string(v.substr(0, 10))) * 1440L + hour * 60 + minute - offset;
}

int utc_hour(std::string_view v) {
  const std::size_t t = v.find('T');
  if (t == std::string_view::npos || t + 3 > v.size()) return -1;
  if (v[t + 1] < '0' || v[t + 1] > '9' || v[t + 2] < '0' || v[t + 2] > '9') return -1;
  return (v[t + 1] - '0') * 10 + (v[t + 2] - '0');
}

// Where a dateline's date may start, and how far after its start the dash
// that ends it may stand ("3. Dezember 2011, 10:12 Uhr – ").
constexpr std::size_t kDatelineStart = 30, kDatelineLength = 30;

bool opens_with_dateline(std::string_view text, bool month_first) {
  const std::vector<FoundDate> dates = find_dates(text.substr(0, kDatelineStart + kDatelineLength), month_first);
  if (dates.empty() || dates.front().position > kDatelineStart) return false;
  const std::string_view rest = text.substr(dates.front().position, kDatelineLength + 5);
  for (std::string_view dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "})
    if (rest.find(dash) != std::string_view::npos) return true;
  return false;
}

// Bytes of one text block the last-resort search reads.
constexpr std::size_t kScanBytes = 2000;

bool is_copyright_line(std::string_view text) {
  const std::string l = lower_ascii(text.substr(0, 200));
  return l.find("\xC2\xA9") != std::string::npos || l.find("(c)") != std::string::npos ||
         l.find("copyright") != std::string::npos;
}

// A post embedded from a social network (its own author and date).
bool is_social_embed(const Dom& dom, std::uint32_t i) {
  const std::string_view names = dom.attr(i, Attr::kClass);
  if (names.empty()) return false;
  const std::string l = lower_ascii(names);
  for (const char* embed : {"twitter-tweet", "instagram-media", "tiktok-embed", "fb-post", "bluesky-embed",
                            "mastodon-embed", "reddit-card"})
    if (l.find(embed) != std::string::npos) return true;
  return false;
}

// "2021-01-11" and "2021-11-01": one date read with day and month swapped
// ("11/01/2021" on a page whose language says day first).
bool month_day_swapped(const std::string& a, const std::string& b) {
  return a.size() == 10 && b.size() == 10 && a.compare(0, 4, b, 0, 4) == 0 && a.compare(5, 2, b, 8, 2) == 0 &&
         a.compare(8, 2, b, 5, 2) == 0;
}

// Pages rendered by scripts carry their state as JSON in a <script>
// ("published_at":"2019-03-02T06:22:28+01:00", Next.js, Shopify, Nuxt): the
// first publication key's timestamp, else the first creation key's.
constexpr std::size_t kScriptScanBytes = 1 << 20;

std::optional<std::string> date_in_script_state(const Dom& dom) {
  static constexpr std::string_view kPublished[] = {"\"datePublished\"", "\"published_at\"", "\"publishedAt\"",
                                                    "\"publishDate\"", "\"publish_date\"", "\"date_published\"",
                                                    "\"firstPublished\""};
  static constexpr std::string_view kCreated[] = {"\"createdAt\"", "\"created_at\"", "\"dateCreated\""};
  auto value_after = [](std::string_view text, std::size_t at) -> std::optional<std::string> {
    std::size_t k = at;
    while (k < text.size() && (text[k] == ' ' || text[k] == ':')) ++k;
    if (k >= text.size() || text[k] != '"') return std::nullopt;
    return believable(parse_machine_date(text.substr(k + 1, 40)));
  };
  auto first_of = [&](std::string_view text, const auto& keys) -> std::optional<std::string> {
    std::size_t best = std::string_view::npos;
    std::optional<std::string> found;
    for (std::string_view key : keys)
      for (std::size_t at = text.find(key); at != std::string_view::npos && at < best; at = text.find(key, at + 1))
        if (auto d = value_after(text, at + key.size())) {
          best = at;
          found = d;
          break;
        }
    return found;
  };
  std::optional<std::string> created;
  std::size_t scanned = 0;
  for (std::uint32_t i = 0; i < dom.size() && scanned < kScriptScanBytes; ++i) {
    if (dom.node(i).tag != Tag::kScript) continue;
    for (std::uint32_t c = dom.node(i).first_child; c != kNoNode; c = dom.node(c).next_sibling) {
      if (dom.node(c).tag != Tag::kText) continue;
      const std::string_view text = dom.text(c).substr(0, kScriptScanBytes - scanned);
      scanned += text.size();
      if (auto d = first_of(text, kPublished)) return d;
      if (!created) created = first_of(text, kCreated);
    }
  }
  return created;
}

}  // namespace

bool central_european_language(std::string_view lang) {
  const std::string l = lower_ascii(lang.substr(0, lang.find('-')));
  for (const char* c : {"de", "fr", "it", "nl", "pl", "cs", "sk", "hu", "da", "sv", "nb", "no", "sl", "hr", "sr", "lb"})
    if (l == c) return true;
  return lower_ascii(lang) == "es-es";
}

std::string choose_date(const Dom& dom, const PageText& text, const PageMetadata& md, std::uint32_t container,
                        std::string_view url, bool month_first, std::string_view language, std::string* trace) {
  auto note = [&](const std::string& what) {
    if (trace) *trace += what + "\n";
  };
  const bool central_european = central_european_language(language);
  // Parts no date of the article comes from: comments, teasers, sidebars.
  const std::size_t n = dom.size();
  std::vector<bool> excluded(n, false);
  // The article's own header or footer box ("div.footer" with its date)
  // hangs off the article's element, within two levels above the container.
  std::vector<std::uint32_t> article_levels;
  for (std::uint32_t a = container, k = 0; a != kNoNode && k < 3; a = dom.node(a).parent, ++k)
    if (dom.node(a).tag != Tag::kBody && dom.node(a).tag != Tag::kHtml) article_levels.push_back(a);
  auto beside_article = [&](std::uint32_t i) {
    const std::uint32_t p = dom.node(i).parent;
    return std::find(article_levels.begin() + (article_levels.empty() ? 0 : 1), article_levels.end(), p) !=
           article_levels.end();
  };
  // The <article> element around the text: its own boxes (a "sidebar" of
  // date and author beside the text) are the article's.
  std::uint32_t article_element = kNoNode;
  for (std::uint32_t a = container; a != kNoNode && article_element == kNoNode; a = dom.node(a).parent)
    if (dom.node(a).tag == Tag::kArticle) article_element = a;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t p = dom.node(i).parent;
    bool ex = p != kNoNode && excluded[p];
    if (!ex && dom.node(i).tag != Tag::kText) {
      const Tag t = dom.node(i).tag;
      // Where a boilerplate mark starts (its inside inherits the decision):
      // sidebars and link lists, not the article's own header, footer or
      // date line.
      const bool mark_starts = text.in_boilerplate[i] && (p == kNoNode || !text.in_boilerplate[p]);
      // An <aside> inside the article's box is its info box (date, category).
      const bool info_box = t == Tag::kAside && container != kNoNode && dom.contains(container, i) &&
                            dom.node(container).tag != Tag::kBody;
      ex = (t == Tag::kAside && !info_box) || t == Tag::kNav || names_comments(dom, i) || is_social_embed(dom, i) ||
           (mark_starts && !(container != kNoNode && dom.contains(i, container)) && t != Tag::kHeader &&
            t != Tag::kFooter && !marks_date(dom, i) && !(container != kNoNode && dom.contains(container, i)) &&
            !beside_article(i) && !(article_element != kNoNode && dom.contains(article_element, i)));
    }
    excluded[i] = ex;
  }

  // Microdata and <time> elements: inside the article first, then before it.
  std::optional<std::string> microdata, hatom, pubdate, inside, before, anywhere, time_text, local_time;
  std::string inside_raw, before_raw;  // the datetime attributes they came from
  std::vector<std::string> shown_time_dates;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (excluded[i] || dom.node(i).tag == Tag::kText) continue;
    const std::string_view itemprop = dom.attr(i, Attr::kItemprop);
    if (!microdata && (itemprop == "datePublished" || itemprop == "dateCreated")) {
      std::string_view v = dom.attr(i, Attr::kContent);
      if (v.empty()) v = dom.attr(i, Attr::kDatetime);
      microdata = believable(v.empty() ? first_date(dom.inner_text(i), month_first) : parse_machine_date(v));
    }
    // hAtom: <abbr class="published" title="2013-04-04T18:52:11+00:00">.
    if (!hatom && dom.has(i, Attr::kTitle)) {
      const std::string_view title = dom.attr(i, Attr::kTitle);
      const std::string names = " " + lower_ascii(dom.attr(i, Attr::kClass)) + " ";
      if (title.size() >= 10 && title[0] >= '1' && title[0] <= '2' &&
          (names.find(" published ") != std::string::npos || names.find(" updated ") != std::string::npos))
        hatom = believable(parse_machine_date(title));
    }
    if (dom.node(i).tag != Tag::kTime) continue;
    const std::string_view dt = dom.attr(i, Attr::kDatetime);
    const std::optional<std::string> shown = believable(first_date(dom.inner_text(i), month_first));
    if (shown && !time_text) time_text = shown;
    if (shown) shown_time_dates.push_back(*shown);
    const std::optional<std::string> d = dt.empty() ? shown : believable(parse_machine_date(dt));
    if (!d) continue;
    if (!local_time && !dt.empty() && !is_utc(dt) && has_offset(dt)) local_time = d;
    if (dom.has(i, Attr::kPubdate) && !pubdate) pubdate = d;
    std::optional<std::string>& slot = container != kNoNode && dom.contains(container, i) ? inside
                                       : container != kNoNode && i < container             ? before
                                                                                           : anywhere;
    if (!slot) {
      slot = d;
      if (&slot == &inside) inside_raw = std::string(dt);
      if (&slot == &before) before_raw = std::string(dt);
    }
  }

  // Visible date lines: lines that introduce one ("Published in Dawn, May
  // 29th, 2024"), lines in elements marked as dates or bylines, and bare
  // date lines; in the article or just before it first.
  enum Place { kBefore, kInside, kElsewhere };
  struct Line {
    std::string iso;
    Place place;
    bool original;  // introduced by a word for "published"
    bool bare;      // neither introduced nor in a marked element
    bool updated;   // introduced by a word for "updated"
  };
  std::vector<Line> lines;               // in reading order
  std::vector<std::string> updated_dates;  // dates lines say the page was updated on
  std::vector<std::string> shown_dates;  // every date the page shows outside excluded parts
  for (const TextBlock& b : text.blocks) {
    if (b.start == kNoNode || excluded[b.owner] || excluded[b.start]) continue;
    std::optional<IntroducedDate> introduced = introduced_date(b.text, month_first);
    if (introduced && !plausible_date(introduced->iso)) introduced.reset();
    // A dateline opens the article's first paragraph: "27.1.2022 - Bei der…",
    // "BERLIN, 3 May 2021 – The…".
    const bool dateline = !introduced && container != kNoNode && dom.contains(container, b.owner) &&
                          opens_with_dateline(b.text, month_first);
    if (b.text.size() > kLongLine && !introduced && !dateline) continue;
    bool is_marked = dateline;
    for (std::uint32_t e = b.start; e != kNoNode && !is_marked; e = dom.node(e).parent) {
      if (e == container) break;
      is_marked = marks_date(dom, e);
      if (dom.node(e).tag == Tag::kBody) break;
    }
    const bool is_bare = is_date_line(b.text);
    // A marked block of prose says a date where it starts, or it is no date line.
    if (is_marked && !dateline && b.text.size() > kShortLine) {
      const std::vector<FoundDate> found = find_dates(b.text, month_first);
      is_marked = !found.empty() && found.front().position <= kIntroStart;
    }
    if (!is_marked && !introduced && !is_bare) continue;
    const std::optional<std::string> d = introduced ? introduced->iso : believable(first_date(b.text, month_first));
    if (!d) continue;
    const Place place = container != kNoNode && dom.contains(container, b.owner) ? kInside
                        : container != kNoNode && b.start < container             ? kBefore
                                                                                  : kElsewhere;
    lines.push_back({*d, place, introduced && introduced->original, !introduced && !is_marked,
                     introduced && !introduced->original});
    shown_dates.push_back(*d);
    if (introduced && !introduced->updated.empty()) updated_dates.push_back(introduced->updated);
    // A short line shows every date it holds ("May 6, 10 PM / Updated May 7").
    if (b.text.size() <= kShortLine)
      for (const FoundDate& f : find_dates(b.text, month_first)) shown_dates.push_back(f.iso);
    if (trace)
      note(std::string(introduced ? (introduced->original ? "published line" : "updated line")
                       : is_marked ? "marked line" : "bare line") +
           (place == kInside ? " inside " : place == kBefore ? " before " : " elsewhere ") + *d + ": " +
           b.text.substr(0, 160));
  }
  // The article's date line: the first that says "published", else the
  // first of any kind, in the article or before it.
  auto first_line = [&](bool near, bool original_only) -> std::optional<std::string> {
    for (const Line& l : lines)
      if ((near ? l.place != kElsewhere : l.place == kElsewhere) && (!original_only || l.original)) return l.iso;
    return std::nullopt;
  };
  std::optional<std::string> visible = first_line(true, true);
  if (!visible) visible = first_line(true, false);
  if (!visible) visible = time_text;

  // Timestamps in UTC put a story filed in the evening west of Greenwich on
  // the next day: a date one day off in the URL or on the page is the one
  // readers see, when the page does not show the timestamp's own day and
  // the hour allows it (before noon UTC for the day before, after noon for
  // the day after).
  shown_dates.insert(shown_dates.end(), shown_time_dates.begin(), shown_time_dates.end());
  auto shown_on_page = [&](const std::string& d) {
    return std::find(shown_dates.begin(), shown_dates.end(), d) != shown_dates.end();
  };
  // A file saved without its address has its canonical link.
  std::optional<std::string> in_url = believable(date_in_url(url));
  if (!in_url && url.find("://") == std::string_view::npos)
    for (const std::string* u : {&md.canonical, &md.og_url})
      if (!in_url) in_url = believable(date_in_url(*u));
  // The same moment in markup written with the publisher's own offset
  // (JSON-LD in UTC, article:published_time in local time): its day.
  auto same_moment_local = [&](std::string_view raw) -> std::optional<std::string> {
    const std::optional<long> at = instant_minutes(raw);
    if (!at) return std::nullopt;
    std::vector<const std::string*> markup = {&md.ld_date};
    for (const std::string& v : md.meta_published) markup.push_back(&v);
    for (const std::string* v : markup)
      if (!is_utc(*v) && has_offset(*v) && instant_minutes(*v) == at) return believable(parse_machine_date(*v));
    return std::nullopt;
  };
  auto settle = [&](const std::string& d, std::string_view raw) {
    if (in_url && days_apart(*in_url, d) <= 1) return *in_url;
    if (is_utc(raw))
      if (std::optional<std::string> local = same_moment_local(raw)) return *local;
    if (!is_utc(raw) || shown_on_page(d)) return d;
    const int hour = utc_hour(raw);
    for (const std::optional<std::string>* seen : {&local_time, &visible}) {
      if (!*seen || days_apart(**seen, d) != 1) continue;
      if (hour < 0 || (**seen < d ? hour < 12 : hour >= 12)) return **seen;
    }
    return d;
  };
  // With nothing on the page to say, a UTC time late in the evening is the
  // next day where the page's language is spoken in central Europe.
  auto local_day = [&](std::string_view v) {
    std::optional<std::string> d = believable(parse_machine_date(v));
    if (d && is_utc(v) && central_european && utc_hour(v) >= 23) d = next_day(*d);
    return d;
  };
  // A date in markup that the page does not show, when the article shows
  // another (its update date, or a day the markup got wrong): readers date
  // the page by what they see.
  std::optional<std::string> modified = believable(parse_machine_date(md.ld_modified));
  for (const std::string& v : md.meta_modified)
    if (!modified) modified = believable(parse_machine_date(v));
  // What the article shows: a line that says "published", or a date in an
  // element marked as one (not a bare date, which may be an event's) when
  // the marked dates agree (not a list of matches or posts) and no <time>
  // or microdata of the article says another day.
  std::optional<std::string> article_line = first_line(true, true);
  if (!article_line) {
    std::vector<std::string> marked;
    for (const Line& l : lines)
      if (l.place != kElsewhere && !l.bare && !l.updated && std::find(marked.begin(), marked.end(), l.iso) == marked.end())
        marked.push_back(l.iso);
    bool contradicted = false;
    for (const std::optional<std::string>* t : {&microdata, &pubdate, &inside, &before})
      if (*t && !marked.empty() && **t != marked.front()) contradicted = true;
    if (marked.size() == 1 && !contradicted) article_line = marked.front();
  }
  auto shown_as_update = [&](const std::string& d) {
    return std::find(updated_dates.begin(), updated_dates.end(), d) != updated_dates.end();
  };
  auto or_shown_update = [&](const std::string& published) {
    if (modified && *modified > published && !shown_on_page(published) && shown_on_page(*modified)) return *modified;
    // The markup's "published" is the day the page shows as its update.
    if (article_line && *article_line < published && shown_as_update(published) &&
        days_apart(*article_line, published) <= 31)
      return *article_line;
    if (!shown_on_page(published) && article_line && *article_line != published &&
        !month_day_swapped(*article_line, published))
      return *article_line;
    return published;
  };
  if (trace) {
    auto show = [](const std::optional<std::string>& d) { return d ? *d : std::string("-"); };
    note("ld_date " + md.ld_date + " ld_modified " + md.ld_modified + " ld_other " + md.ld_other_date + " url " +
         show(in_url) + " visible " + show(visible) + " local_time " + show(local_time));
    note("microdata " + show(microdata) + " pubdate " + show(pubdate) + " time inside " + show(inside) +
         " before " + show(before) + " anywhere " + show(anywhere));
  }
  auto decided = [&](const char* step, const std::string& d) {
    note(std::string("decided by ") + step + ": " + d);
    return d;
  };
  if (auto d = local_day(md.ld_date)) return decided("JSON-LD", or_shown_update(settle(*d, md.ld_date)));
  for (const std::string& v : md.meta_published)
    if (auto d = local_day(v)) return decided("meta published", or_shown_update(settle(*d, v)));
  if (auto d = local_day(md.ld_other_date)) return decided("JSON-LD other", or_shown_update(settle(*d, md.ld_other_date)));
  if (microdata) return decided("microdata", or_shown_update(settle(*microdata, {})));
  if (hatom) return decided("hAtom", *hatom);
  if (pubdate) return decided("time pubdate", settle(*pubdate, {}));
  if (inside) return decided("time inside", settle(*inside, inside_raw));
  if (before) return decided("time before", settle(*before, before_raw));
  if (in_url) return decided("url", *in_url);
  if (visible && visible != time_text) return decided("date line", *visible);
  if (anywhere) return decided("time elsewhere", *anywhere);
  if (auto d = first_line(false, true)) return decided("published line elsewhere", *d);
  if (auto d = first_line(false, false)) return decided("date line elsewhere", *d);

  // A short line in the article holding a date.
  if (container != kNoNode) {
    for (const TextBlock& b : text.blocks) {
      if (!dom.contains(container, b.owner) || b.text.size() > 200 || b.boilerplate) continue;
      if (auto d = believable(first_date(b.text, month_first))) return decided("short line", *d);
    }
  }
  if (auto d = believable(parse_machine_date(md.ld_modified))) return decided("JSON-LD modified", *d);
  for (const std::string& v : md.meta_generic)
    if (auto d = believable(parse_machine_date(v))) return decided("meta generic", *d);
  for (const std::string& v : md.meta_modified)
    if (auto d = believable(parse_machine_date(v))) return decided("meta modified", *d);
  // Last, the first date the page's text shows outside comments, sidebars
  // and copyright lines (htmldate's extensive search, which reads the whole
  // page, finds one as often; the most frequent date did no better here).
  for (const TextBlock& b : text.blocks) {
    if (b.start == kNoNode || excluded[b.owner] || excluded[b.start] || is_copyright_line(b.text)) continue;
    for (const FoundDate& f : find_dates(std::string_view(b.text).substr(0, kScanBytes), month_first))
      if (plausible_date(f.iso)) return decided("a date the page shows", f.iso);
  }
  if (auto d = date_in_script_state(dom)) return decided("script state", *d);
  note("no date");
  return {};
}

}  // namespace quarry::web
