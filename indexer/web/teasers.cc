#include "teasers.h"

#include <algorithm>
#include <map>
#include <optional>

#include "dates.h"
#include "url.h"
#include "text.h"

namespace quarry::web {
namespace {

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in) ++n;
    in = !space;
  }
  return n;
}

bool looks_like_headline(std::string_view text) {
  const std::size_t chars = char_count(text);
  if (chars < 20 || chars > 300) return false;
  // Scripts without spaces (CJK) have one "word".
  return word_count(text) >= 3 || (chars >= 8 && chars * 2 < text.size());
}

bool lower_contains(std::string_view text, std::string_view word) {
  std::string l;
  for (char c : text) l.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return l.find(word) != std::string::npos;
}

// The heading that titles a block: the group's own first heading, or the
// nearest heading before it among its ancestors' earlier children.
bool titled_opinion(const Dom& dom, std::uint32_t group) {
  std::uint32_t e = group;
  for (int level = 0; e != kNoNode && level < 4; ++level, e = dom.node(e).parent) {
    if (names_opinion(dom, e)) return true;
    // A heading just before e, or e's first heading.
    for (std::uint32_t s = dom.node(e).parent == kNoNode ? kNoNode : dom.node(dom.node(e).parent).first_child;
         s != kNoNode && s != e; s = dom.node(s).next_sibling) {
      const Tag t = dom.node(s).tag;
      if (is_heading(t) || t == Tag::kDiv || t == Tag::kSpan || t == Tag::kHeader) {
        if (dom.node(s).end - s > 20) continue;
        const std::string text = dom.inner_text(s);
        if (text.size() > 60) continue;
        if (lower_contains(text, "opinion") || lower_contains(text, "editorial")) return true;
      }
    }
  }
  return false;
}

// An element inside a link that is little but a date ("May 28, 2024",
// "28.05.2024, 10:12"): a <time>, or a short text whose date starts it.
constexpr std::size_t kDateElementBytes = 40;

std::optional<std::string> element_date(const Dom& dom, std::uint32_t k, bool month_first) {
  if (dom.node(k).tag == Tag::kText) return std::nullopt;
  if (dom.node(k).tag == Tag::kTime && dom.has(k, Attr::kDatetime)) {
    auto iso = parse_machine_date(dom.attr(k, Attr::kDatetime));
    if (iso && plausible_date(*iso)) return iso;
  }
  const std::string text = collapse_whitespace(dom.inner_text(k));
  if (text.empty() || text.size() > kDateElementBytes) return std::nullopt;
  const std::vector<FoundDate> found = find_dates(text, month_first);
  if (found.empty() || found.front().position > 2 || !plausible_date(found.front().iso)) return std::nullopt;
  return found.front().iso;
}

std::string date_in_link(const Dom& dom, std::uint32_t link, bool month_first) {
  for (std::uint32_t k = dom.next(link, link); k != kNoNode; k = dom.next(k, link))
    if (auto iso = element_date(dom, k, month_first)) return *iso;
  return {};
}

// The link's text without its date elements.
std::string without_date_elements(const Dom& dom, std::uint32_t link, bool month_first) {
  std::string text;
  for (std::uint32_t k = dom.next(link, link); k != kNoNode;) {
    const Tag t = dom.node(k).tag;
    if (t == Tag::kScript || t == Tag::kStyle || t == Tag::kTemplate || element_date(dom, k, month_first)) {
      text += ' ';
      k = dom.next(k, link, true);
      continue;
    }
    if (dom.node(k).tag == Tag::kText) text += std::string(dom.text(k)) + ' ';
    k = dom.next(k, link);
  }
  return text;
}

// A page with more headline links than this is not read for more teasers.
constexpr std::size_t kMaxHeadlines = 5000;

}  // namespace

std::vector<TeaserGroup> find_teaser_groups(const Dom& dom, const PageText& page, std::string_view base,
                                            const std::vector<std::string>& self, bool month_first) {
  auto same_page = [&](const std::string& url) {
    auto trim = [](std::string_view u) {
      while (!u.empty() && u.back() == '/') u.remove_suffix(1);
      const std::size_t scheme = u.find("://");
      return scheme == std::string_view::npos ? u : u.substr(scheme + 3);
    };
    for (const std::string& s : self)
      if (!s.empty() && trim(s) == trim(url)) return true;
    return false;
  };
  std::vector<TeaserGroup> groups;
  if (page.body == kNoNode) return groups;
  // Headline links: <a href> with headline-like text, outside dropped parts.
  struct Headline {
    std::uint32_t link;
    std::string url, title;
    std::string date;  // a date the link holds in an element of its own, or empty
  };
  std::vector<Headline> headlines;
  for (std::uint32_t i = page.body; i != kNoNode;) {
    if (page.roles[i] == Role::kDrop) {
      i = dom.next(i, page.body, true);
      continue;
    }
    if (dom.node(i).tag == Tag::kA && dom.has(i, Attr::kHref)) {
      std::string title = dom.inner_text(i);
      // A card's link may hold its date too ("<a>Headline <span
      // class="date">May 28, 2024</span></a>"): the date is no part of the
      // headline and dates the teaser.
      std::string link_date = date_in_link(dom, i, month_first);
      if (!link_date.empty()) title = collapse_whitespace(without_date_elements(dom, i, month_first));
      if (headlines.size() < kMaxHeadlines && looks_like_headline(title)) {
        std::string url = resolve_url(base, dom.attr(i, Attr::kHref));
        // A page saved without its address: its relative links still lead
        // to stories (known by their text then, teaser_id).
        if (url.empty() && base.empty()) url = relative_link(dom.attr(i, Attr::kHref));
        // A permalink to the page itself, or a date, is no headline.
        const std::vector<FoundDate> dates = find_dates(title, month_first);
        const bool is_date = !dates.empty() && dates.front().position < 20 && title.size() < 40;
        if (!url.empty() && !same_page(url) && !is_date)
          headlines.push_back({i, std::move(url), std::move(title), std::move(link_date)});
      }
      i = dom.next(i, page.body, true);
      continue;
    }
    i = dom.next(i, page.body);
  }
  if (headlines.size() < 2) return groups;

  // Each headline's item: the highest ancestor holding no other headline (of
  // another URL). Items of one parent form a group.
  std::map<std::uint32_t, std::vector<std::size_t>> by_parent;  // group parent -> headline indices
  std::vector<std::uint32_t> item_of(headlines.size(), kNoNode);
  for (std::size_t h = 0; h < headlines.size(); ++h) {
    std::uint32_t item = headlines[h].link;
    while (true) {
      const std::uint32_t p = dom.node(item).parent;
      if (p == kNoNode || p == page.body) break;
      // Does p hold another headline with a different URL?
      bool other = false;
      const auto lo = std::lower_bound(headlines.begin(), headlines.end(), p,
                                       [](const Headline& x, std::uint32_t v) { return x.link < v; });
      for (auto it = lo; it != headlines.end() && it->link < dom.node(p).end; ++it)
        if (it->url != headlines[h].url) {
          other = true;
          break;
        }
      if (other) break;
      item = p;
    }
    item_of[h] = item;
    if (item != headlines[h].link) by_parent[dom.node(item).parent].push_back(h);
  }

  for (const auto& [parent, members] : by_parent) {
    if (members.size() < 2) continue;
    TeaserGroup group;
    group.container = parent;
    const bool editorial = titled_opinion(dom, parent);
    std::uint32_t last_item = kNoNode;
    for (std::size_t h : members) {
      const std::uint32_t item = item_of[h];
      if (item == last_item) continue;  // two links to one story (image and headline)
      last_item = item;
      Teaser t;
      t.url = headlines[h].url;
      t.title = headlines[h].title;
      t.editorial = editorial;
      // The item's other text: its blocks that are not the headline. The
      // headline leads the item and stands in a block of its own; a long
      // text is an article, not a teaser.
      std::string rest, date_text;
      std::size_t blocks_after = 0;
      bool teaser_shaped = true;
      std::size_t before_headline = 0;
      const auto first = std::lower_bound(page.blocks.begin(), page.blocks.end(), item,
                                          [](const TextBlock& b, std::uint32_t v) { return b.start < v; });
      for (auto it = first; it != page.blocks.end() && it->start < dom.node(item).end; ++it) {
        const TextBlock& b = *it;
        if (!dom.contains(item, b.owner)) continue;
        const std::size_t at = b.text.find(t.title);
        const bool holds_headline =
            b.start < dom.node(headlines[h].link).end && dom.contains(b.owner, headlines[h].link) &&
            at != std::string::npos;
        if (holds_headline) {
          if (b.link_chars * 10 < b.text.size() * 7) teaser_shaped = false;  // a link inside a paragraph
          date_text += b.text.substr(0, at) + " " + b.text.substr(at + t.title.size()) + " ";
          continue;
        }
        if (b.text == t.title || (b.link_chars * 2 > b.text.size())) continue;
        if (b.start < headlines[h].link) before_headline += char_count(b.text);
        // A short line with a date ("Updated 29 May, 2024") dates the teaser.
        if (b.text.size() <= 60 && !find_dates(b.text, month_first).empty()) {
          date_text += b.text + " ";
          continue;
        }
        ++blocks_after;
        if (!rest.empty()) rest += ' ';
        rest += b.text;
      }
      if (before_headline > 80 || char_count(rest) > 700 || blocks_after > 5) teaser_shaped = false;
      if (!teaser_shaped) continue;
      // A date: <time datetime> in the item, else one written in its text.
      for (std::uint32_t k = item; k != kNoNode && k < dom.node(item).end; k = dom.next(k, item)) {
        if (dom.node(k).tag == Tag::kTime) {
          std::string_view dt = dom.attr(k, Attr::kDatetime);
          auto iso = dt.empty() ? first_date(dom.inner_text(k), month_first) : parse_machine_date(dt);
          if (iso && plausible_date(*iso)) {
            t.date = *iso;
            break;
          }
        }
      }
      if (t.date.empty()) t.date = headlines[h].date;
      for (const std::string* text : {&date_text, &rest}) {
        if (!t.date.empty()) break;
        const std::vector<FoundDate> found = find_dates(*text, month_first);
        if (!found.empty() && plausible_date(found.front().iso)) t.date = found.front().iso;
      }
      // The headline repeated at the top of the summary (Dawn prints it twice).
      std::string summary = rest;
      if (summary.compare(0, t.title.size(), t.title) == 0) summary = collapse_whitespace(summary.substr(t.title.size()));
      if (blocks_after > 0 && char_count(summary) >= 40) t.summary = summary;
      group.items.push_back(item);
      group.teasers.push_back(std::move(t));
    }
    if (group.items.size() >= 2) groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace quarry::web
