#include "publication_date.h"

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
                        "pubblicato", "aggiornato", "opublikowano", "gepubliceerd", "date:", "datum:", "on "})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace

std::string choose_date(const Dom& dom, const PageText& text, const PageMetadata& md, std::uint32_t container,
                        std::string_view url, bool month_first) {
  if (auto d = believable(parse_machine_date(md.ld_date))) return *d;
  for (const std::string& v : md.meta_published)
    if (auto d = believable(parse_machine_date(v))) return *d;

  // Parts no date of the article comes from: comments, teasers, sidebars.
  const std::size_t n = dom.size();
  std::vector<bool> excluded(n, false);
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t p = dom.node(i).parent;
    bool ex = p != kNoNode && excluded[p];
    if (!ex && dom.node(i).tag != Tag::kText) {
      const Tag t = dom.node(i).tag;
      ex = t == Tag::kAside || t == Tag::kNav || names_comments(dom, i) ||
           (text.in_boilerplate[i] && !(container != kNoNode && dom.contains(i, container)) &&
            t != Tag::kHeader && t != Tag::kFooter && !marks_date(dom, i));
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
  if (inside) return *inside;
  if (before) return *before;

  if (auto d = believable(date_in_url(url))) return *d;

  // Visible date lines: in elements marked as dates or bylines near the
  // article, or lines that introduce one.
  std::optional<std::string> marked_before, marked_inside, line_date;
  for (const TextBlock& b : text.blocks) {
    if (b.text.size() > 300 && !introduces_date(b.text)) continue;
    if (b.start == kNoNode || excluded[b.owner] || excluded[b.start]) continue;
    std::optional<std::string> d;
    bool marked = false;
    for (std::uint32_t e = b.start; e != kNoNode && !marked; e = dom.node(e).parent) {
      if (e == container) break;
      marked = marks_date(dom, e);
      if (dom.node(e).tag == Tag::kBody) break;
    }
    const bool intro = introduces_date(b.text);
    if (!marked && !intro) continue;
    d = believable(first_date(b.text, month_first));
    if (!d) continue;
    const bool in_container = container != kNoNode && dom.contains(container, b.owner);
    if (marked && in_container && !marked_inside) marked_inside = d;
    if (marked && !in_container && container != kNoNode && b.owner < container && !marked_before) marked_before = d;
    if (intro && !line_date) line_date = d;
  }
  if (marked_before) return *marked_before;
  if (marked_inside) return *marked_inside;
  if (line_date) return *line_date;
  if (anywhere) return *anywhere;

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
