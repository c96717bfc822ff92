#include "main_text.h"

#include "dates.h"
#include "text.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace quarry::web {
namespace {

// Characters a paragraph's commas are counted in (Latin, CJK, Arabic).
std::size_t count_commas(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == ',') ++n;
    else if (s.compare(k, 3, "\xEF\xBC\x8C") == 0 || s.compare(k, 3, "\xE3\x80\x81") == 0) ++n;  // ， 、
    else if (s.compare(k, 2, "\xD8\x8C") == 0) ++n;  // ،
  }
  return n;
}

bool is_cjk_heavy(std::string_view s) {
  std::size_t wide = 0, all = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    if ((c & 0xC0) == 0x80) continue;
    ++all;
    if (c >= 0xE3 && c <= 0xED) ++wide;
  }
  return all > 0 && wide * 3 > all;
}

// Climbing from the best container to an ancestor: blocks of at least this
// many bytes with little link text are prose; the ancestor must add this much
// prose, and prose must be this share of all it adds.
constexpr std::size_t kProseBytes = 50;
constexpr std::size_t kTinyArticleBytes = 250;
// A box inside the article with fewer commas than this and more link text
// than this share is cleaned away.
constexpr std::size_t kCleanMaxCommas = 10;
constexpr double kCleanLinkDensity = 0.33;
constexpr double kClimbMinGain = 100;
constexpr double kClimbProseShare = 0.6;
// Blocks of the article with more link text than this share are link lists.
constexpr double kKeepLd = 0.5;
// Bytes from which a heading reads as a sentence of the article.
constexpr std::size_t kSentenceHeadingBytes = 100;

// A short line that introduces what follows rather than saying something:
// no sentence end, or a colon at the end.
bool is_lead_in(std::string_view text) {
  if (text.size() > 60) return false;
  const char last = text.empty() ? ' ' : text.back();
  return last == ':' || !(last == '.' || last == '!' || last == '?' || last == '"' ||
                          static_cast<unsigned char>(last) >= 0x80);
}

// A short line lowered (ASCII and Latin-1 capitals: "Über" -> "über") and
// without the punctuation that ends a heading ("Kontakt:", "Schon gelesen?",
// "Das könnte dich auch interessieren …").
std::string heading_key(std::string_view text) {
  std::string k;
  std::size_t from = 0;
  while (from < text.size() && (text[from] == '-' || text[from] == '*' || text[from] == '(' || text[from] == '[' ||
                                text[from] == ' '))
    ++from;
  for (std::size_t i = from; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      k.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == 0xC3 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9E && static_cast<unsigned char>(text[i + 1]) != 0x97) {
      k.push_back(text[i]);
      k.push_back(static_cast<char>(static_cast<unsigned char>(text[++i]) + 0x20));
    } else {
      k.push_back(text[i]);
    }
  }
  while (true) {
    if (!k.empty() && (k.back() == ':' || k.back() == '?' || k.back() == '.' || k.back() == ' ' || k.back() == '!' ||
                       k.back() == '-' || k.back() == '*' || k.back() == ')' || k.back() == ']')) {
      k.pop_back();
    } else if (k.size() >= 3 && k.compare(k.size() - 3, 3, "\xE2\x80\xA6") == 0) {
      k.resize(k.size() - 3);  // …
    } else {
      break;
    }
  }
  return k;
}

// Headings of the boxes a site puts under its articles (about the author,
// press contact, sources, more to read), the prompts of its comment and
// sharing boxes, slideshow controls and advertisement markers, as whole lines.
// key: heading_key(text), taken once by is_page_chrome for every test below.
bool is_box_heading(std::string_view text, const std::string& k) {
  if (text.size() > 70) return false;
  for (std::string_view w :
       {"\xC3\xBC" "ber den autor", "\xC3\xBC" "ber die autorin", "about the author", "about the authors",
        "kontakt", "pressekontakt", "contact", "press contact", "media contact",
        "zum weiterlesen", "weitere beitr\xC3\xA4ge", "neueste artikel", "neueste beitr\xC3\xA4ge", "latest articles",
        "latest posts", "recent posts", "schon gelesen", "quellenangaben", "quellen", "originalpublikation",
        "originalartikel", "original publication", "zusatzinformationen", "ist dieser beitrag hilfreich",
        "war dieser artikel hilfreich", "was this article helpful", "m\xC3\xB6" "chten sie den artikel teilen",
        "share this article", "share this story", "sie sind aktuell nicht eingeloggt", "externer inhalt",
        "bloggern gef\xC3\xA4llt das", "das k\xC3\xB6nnte dich auch interessieren",
        "das k\xC3\xB6nnte sie auch interessieren", "previous", "next", "loading comments", "loading",
        "anzeige", "werbung", "advertisement", "sponsored", "publicidad", "publicit\xC3\xA9", "reklama"})
    if (k == w) return true;
  return false;
}

// A cookie notice or a liability disclaimer, wherever it stands.
bool is_notice(std::string_view text, const std::string& k) {
  if (text.size() > 250) return false;
  for (std::string_view w :
       {"we use cookies", "uses cookies", "use of cookies", "wir verwenden cookies", "verwendung von cookies",
        "nutzt cookies", "verwendet cookies", "korzystamy z cookies", "plik\xC3\xB3w cookies", "utilizamos cookies",
        "utiliza cookies", "nous utilisons des cookies", "utilise des cookies", "ohne gew\xC3\xA4hr"})
    if (k.find(w) != std::string::npos) return true;
  return false;
}

// A line that asks the reader to subscribe, sign up, log in or get the app
// (a paywall's teaser end, a newsletter box without a name).
bool is_reader_prompt(std::string_view text, const std::string& k) {
  if (text.size() > 200) return false;
  for (std::string_view w :
       {"subscribe", "to continue reading", "to read the full", "to view the full story",
        "already a subscriber", "if you\xE2\x80\x99re seeing this message", "if you're seeing this message",
        "for the latest stories", "for the latest news", "download our app", "never miss", "you must be logged in",
        "jetzt abonnieren", "sie m\xC3\xBCssen sich einloggen", "sie m\xC3\xBCssen angemeldet sein",
        "para comentar debes", "suscr\xC3\xAD" "bete", "abonnez-vous", "zapraszamy te\xC5\xBC do subskrypcji",
        "zapraszamy do subskrypcji"})
    if (k.compare(0, w.size(), w) == 0) return true;
  return false;
}

// Percent of link text above which an element named "nav" or "menu" is one.
constexpr std::size_t kLinkListDensity = 50;

// Tags that start a new block of text.
bool starts_block(Tag t) { return is_block(t) || t == Tag::kBr; }

}  // namespace

bool is_inside(const Dom& dom, std::uint32_t node, std::uint32_t top) { return dom.contains(top, node); }

// Lines every page of a site repeats (main_text.h): copyright notices, bare
// date lines, "Published in Dawn, April 12th, 2023".
bool is_page_chrome(std::string_view text) {
  // Every test below looks at lines of at most 250 bytes.
  const std::string k = text.size() <= 250 ? heading_key(text) : std::string();
  if (is_box_heading(text, k) || is_reader_prompt(text, k) || is_notice(text, k)) return true;
  // A widget's unfilled template ("%d bloggers like this:").
  if (text.size() <= 100 && (text.compare(0, 3, "%d ") == 0 || text.compare(0, 3, "%s ") == 0)) return true;
  const bool dated = text.size() <= 80 && !find_dates(text).empty();
  if (dated) {
    // A date line with its label ("Published on", "Veröffentlicht am", "Mis à jour le").
    for (std::string_view w :
         {"published", "updated", "posted", "last updated", "last modified", "ver\xC3\xB6" "ffentlicht", "aktualisiert",
          "zuletzt aktualisiert", "zuletzt ge\xC3\xA4ndert", "erschienen", "stand:", "publi\xC3\xA9",
          "mis \xC3\xA0 jour", "publicado", "actualizado", "opublikowano", "aktualizacja", "pubblicato", "aggiornato"})
      if (k.compare(0, w.size(), w) == 0) return true;
  }
  if (text.compare(0, 2, "\xC2\xA9") == 0 || text.compare(0, 3, "(c)") == 0 || text.compare(0, 9, "Copyright") == 0)
    return true;
  const std::string l = lower_ascii(text.substr(0, 200));
  auto starts = [&](std::string_view w) { return l.compare(0, w.size(), w) == 0; };
  auto has = [&](std::string_view w) { return l.find(w) != std::string::npos; };
  // A copyright line that does not start with its sign.
  if (text.size() <= 200 &&
      (has("\xC2\xA9") || has("all rights reserved") || has("alle rechte vorbehalten") ||
       has("tous droits r\xC3\xA9serv") || has("todos los derechos reservados") || has("wszelkie prawa zastrze")))
    return true;
  // A picture's credit or a source line ("Foto: dpa", "Credit: Getty"; only
  // ASCII is lowered, so "Źródło" is listed as written).
  if (text.size() <= 100) {
    for (std::string_view w : {"foto:", "fotos:", "bild:", "bildquelle:", "titelbild:", "credit:", "credits:",
                               "photo:", "image:", "quelle:", "source:", "\xC5\xBAr\xC3\xB3" "d\xC5\x82o:",
                               "\xC5\xB9r\xC3\xB3" "d\xC5\x82o:"})
      if (starts(w) || k.compare(0, w.size(), w) == 0) return true;  // "(Foto: dpa)" too
  }
  // Headings of boxes of other stories ("Mehr zum Thema", "Zobacz również").
  if (text.size() <= 60)
    for (std::string_view w : {"mehr zum thema", "weitere artikel", "das k\xC3\xB6nnte sie auch",
                               "das k\xC3\xB6nnte dich auch", "auch interessant", "lesen sie auch",
                               "zobacz r\xC3\xB3wnie\xC5\xBC", "czytaj tak\xC5\xBC" "e",
                               "related articles", "related stories", "related posts", "you may also like",
                               "you might also like", "more from", "lire aussi", "\xC3\xA0 lire aussi", "sur le m\xC3\xAAme sujet",
                               "te puede interesar", "lee tambi\xC3\xA9n", "leggi anche", "kommentierte artikel",
                               "meistgelesen", "most read", "most popular"})
      if (starts(w)) return true;
  // Reading time and comment prompts.
  if (text.size() <= 40)
    for (std::string_view w : {"min read", "minute read", "minuten lesezeit", "min. lesezeit", "lesezeit",
                               "minut czytania", "kommentieren", "kommentar schreiben", "kommentare schreiben",
                               "kommentare geschlossen", "leave a comment", "leave a reply", "comments are closed",
                               "add a comment", "write a comment"})
      if (has(w)) return true;
  if (text.size() <= 60 && dated) {
    // Mostly date: little text besides it ("Aktualisiert: 11.04.2020, 10:27").
    std::size_t letters = 0;
    for (unsigned char c : text) letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letters <= 16) return true;
  }
  return false;
}

PageText segment_page(const Dom& dom) {
  PageText page;
  page.roles = classify_elements(dom);
  const std::size_t n = dom.size();
  if (n == 0) return page;

  for (std::uint32_t i = 0; i < n; ++i)
    if (dom.node(i).tag == Tag::kBody) {
      page.body = i;
      break;
    }
  const std::uint32_t top = page.body != kNoNode ? page.body : dom.root();

  // Walk with enter/exit events, never recursing.
  std::vector<std::uint32_t> owners;  // open block elements
  std::vector<std::uint32_t> rows;    // open table rows
  TextBlock current;
  int link_depth = 0;
  int br_run = 0;
  auto flush = [&] {
    while (!current.text.empty() && current.text.back() == ' ') current.text.pop_back();
    if (!current.text.empty() && current.owner != kNoNode) {
      current.kind = dom.node(current.owner).tag;
      page.blocks.push_back(std::move(current));
    }
    current = TextBlock{};
    current.owner = owners.empty() ? top : owners.back();
    current.row = rows.empty() ? kNoNode : rows.back();
  };
  auto enter = [&](std::uint32_t i) {
    const Tag t = dom.node(i).tag;
    if (t == Tag::kText) {
      const std::string_view text = dom.text(i);
      if (current.start == kNoNode) current.start = i;
      const std::size_t before = current.text.size();
      append_collapsed(current.text, text);
      if (link_depth > 0) current.link_chars += current.text.size() - before;
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) br_run = 0;
      return;
    }
    if (t == Tag::kBr) {
      // Two line breaks in a row end a paragraph; one is a space.
      if (++br_run >= 2) flush();
      else if (!current.text.empty() && current.text.back() != ' ') current.text.push_back(' ');
      return;
    }
    if (t == Tag::kA) ++link_depth;
    if (starts_block(t)) {
      br_run = 0;
      flush();
      owners.push_back(i);
      if (t == Tag::kTr) rows.push_back(i);
      current.owner = i;
      current.row = rows.empty() ? kNoNode : rows.back();
    } else if (t == Tag::kImg || t == Tag::kTd) {
      br_run = 0;
    }
  };
  auto leave = [&](std::uint32_t i) {
    const Tag t = dom.node(i).tag;
    if (t == Tag::kA) --link_depth;
    if (t != Tag::kBr && starts_block(t)) {
      flush();
      if (!owners.empty()) owners.pop_back();
      if (t == Tag::kTr && !rows.empty()) rows.pop_back();
      current.owner = owners.empty() ? top : owners.back();
      current.row = rows.empty() ? kNoNode : rows.back();
    }
  };

  current.owner = top;
  std::uint32_t i = top;
  while (true) {
    const bool drop = page.roles[i] == Role::kDrop;
    if (!drop) enter(i);
    if (!drop && dom.node(i).first_child != kNoNode) {
      i = dom.node(i).first_child;
      continue;
    }
    if (!drop && dom.node(i).tag != Tag::kText) leave(i);
    while (i != top && dom.node(i).next_sibling == kNoNode) {
      i = dom.node(i).parent;
      leave(i);
    }
    if (i == top) break;
    i = dom.node(i).next_sibling;
  }
  flush();

  // Which boilerplate marks stand: not on an element holding marked article
  // content or most of the page's prose (a wrapper named "has-sidebar").
  std::vector<std::size_t> prose(n, 0), chars(n, 0), link_chars(n, 0);
  std::vector<bool> holds_content(n, false);
  std::size_t total = 0;
  for (const TextBlock& b : page.blocks) {
    chars[b.owner] += b.text.size();
    link_chars[b.owner] += b.link_chars;
    const std::size_t plain = b.text.size() - b.link_chars;
    if (b.text.size() >= 25 && b.link_density() < 0.5) {
      prose[b.owner] += plain;
      total += plain;
    }
  }
  for (std::uint32_t k = static_cast<std::uint32_t>(n); k-- > 1;) {
    if (page.roles[k] == Role::kContent) holds_content[k] = true;
    const std::uint32_t p = dom.node(k).parent;
    if (p == kNoNode) continue;
    prose[p] += prose[k];
    chars[p] += chars[k];
    link_chars[p] += link_chars[k];
    if (holds_content[k]) holds_content[p] = true;
  }
  page.in_boilerplate.assign(n, false);
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t p = dom.node(k).parent;
    bool boiler = p != kNoNode && page.in_boilerplate[p];
    // A named link list holding a third of the prose is a page wrapper.
    const bool marked =
        (page.roles[k] == Role::kBoilerplate && !(total > 0 && prose[k] * 10 > total * 6)) ||
        (page.roles[k] == Role::kLinkList && link_chars[k] * 100 >= chars[k] * kLinkListDensity &&
         !(total > 0 && prose[k] * 10 > total * 3));
    if (!boiler && marked && !holds_content[k]) boiler = true;
    page.in_boilerplate[k] = boiler;
  }
  for (TextBlock& b : page.blocks) b.boilerplate = page.in_boilerplate[b.owner];
  return page;
}

MainText extract_main_text(const Dom& dom, const PageText& page) {
  MainText result;
  const std::size_t n = dom.size();
  if (n == 0 || page.blocks.empty()) return result;

  // Scores of candidate containers: each prose block votes for the element
  // above it, half for the one above that, less further up.
  std::vector<double> score(n, 0);
  std::vector<bool> candidate(n, false);
  std::vector<std::size_t> chars(n, 0), link_chars(n, 0);
  for (const TextBlock& b : page.blocks) {
    chars[b.owner] += b.text.size();
    link_chars[b.owner] += b.link_chars;
  }
  for (std::uint32_t k = static_cast<std::uint32_t>(n); k-- > 1;) {
    const std::uint32_t p = dom.node(k).parent;
    if (p == kNoNode) continue;
    chars[p] += chars[k];
    link_chars[p] += link_chars[k];
  }
  auto initial = [&](std::uint32_t e) {
    double s = 0;
    switch (dom.node(e).tag) {
      case Tag::kDiv: case Tag::kArticle: case Tag::kMain: case Tag::kSection: s = 5; break;
      case Tag::kPre: case Tag::kTd: case Tag::kBlockquote: s = 3; break;
      case Tag::kAddress: case Tag::kOl: case Tag::kUl: case Tag::kDl: case Tag::kDd: case Tag::kDt:
      case Tag::kLi: case Tag::kForm: s = -3; break;
      case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6:
      case Tag::kTh: s = -5; break;
      default: break;
    }
    if (page.roles[e] == Role::kContent) s += 25;
    if (page.roles[e] == Role::kBoilerplate) s -= 25;
    return s;
  };
  for (const TextBlock& b : page.blocks) {
    if (b.boilerplate) continue;
    const std::size_t len = char_count(b.text);
    const bool cjk = is_cjk_heavy(b.text);
    const std::size_t min_len = cjk ? 10 : 25;
    if (len < min_len || b.link_density() > 0.5) continue;
    const double unit = cjk ? 33.0 : 100.0;
    const double s = 1.0 + static_cast<double>(count_commas(b.text)) + std::min(std::floor(len / unit), 3.0);
    // A paragraph element votes for its parent; text directly in a container votes for it.
    std::uint32_t e = b.owner;
    const Tag t = dom.node(e).tag;
    if (t == Tag::kP || t == Tag::kLi || t == Tag::kPre || t == Tag::kBlockquote || is_heading(t) ||
        t == Tag::kTd || t == Tag::kDd || t == Tag::kDt || t == Tag::kFigcaption)
      e = dom.node(e).parent;
    for (int level = 0; e != kNoNode && level < 5; ++level, e = dom.node(e).parent) {
      if (dom.node(e).tag == Tag::kHtml) break;
      if (!candidate[e]) {
        candidate[e] = true;
        score[e] = initial(e);
      }
      score[e] += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
    }
  }
  std::uint32_t best = kNoNode;
  double best_score = 0;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!candidate[e] || page.in_boilerplate[e]) continue;
    const double density = chars[e] ? static_cast<double>(link_chars[e]) / chars[e] : 0;
    score[e] *= (1 - density);
    if (score[e] > best_score) {
      best_score = score[e];
      best = e;
    }
  }
  if (best == kNoNode) {
    for (const TextBlock& b : page.blocks)
      if (!b.boilerplate && b.link_density() < 0.5) {
        result.paragraphs.push_back(b.text);
        result.chars += b.text.size();
      }
    return result;
  }

  // A parent that scores nearly as well holds the same article with more of it.
  while (true) {
    const std::uint32_t p = dom.node(best).parent;
    if (p == kNoNode || !candidate[p] || page.in_boilerplate[p] || dom.node(p).tag == Tag::kBody ||
        dom.node(p).tag == Tag::kHtml)
      break;
    if (score[p] < best_score * 0.9) break;
    best = p;
    best_score = std::max(best_score, score[p]);
  }

  // An article cut into several boxes (a page builder's blocks): the highest
  // ancestor whose text beyond best's is still mostly prose holds all of it.
  {
    std::vector<std::size_t> prose(n, 0), text(n, 0);
    for (const TextBlock& b : page.blocks) {
      if (b.boilerplate) continue;
      text[b.owner] += b.text.size();
      if (b.text.size() >= kProseBytes && b.link_density() < 0.3) prose[b.owner] += b.text.size() - b.link_chars;
    }
    for (std::uint32_t k = static_cast<std::uint32_t>(n); k-- > 1;) {
      const std::uint32_t p = dom.node(k).parent;
      if (p == kNoNode) continue;
      prose[p] += prose[k];
      text[p] += text[k];
    }
    std::uint32_t chosen = best;
    for (std::uint32_t a = dom.node(best).parent; a != kNoNode; a = dom.node(a).parent) {
      if (page.in_boilerplate[a] || dom.node(a).tag == Tag::kHtml) break;
      const double extra_prose = static_cast<double>(prose[a] - prose[best]);
      const double extra_text = static_cast<double>(text[a] - text[best]);
      if (extra_prose >= kClimbMinGain && extra_prose >= kClimbProseShare * extra_text) chosen = a;
      if (dom.node(a).tag == Tag::kBody) break;
    }
    if (chosen != best) {
      best = chosen;
      best_score = std::max(best_score, score[best]);
    }
  }

  // Siblings that score well, or read as prose, belong to the article too.
  std::vector<std::uint32_t> parts;
  const std::uint32_t parent = dom.node(best).parent;
  const double threshold = std::max(10.0, best_score * 0.2);
  if (parent != kNoNode) {
    for (std::uint32_t s = dom.node(parent).first_child; s != kNoNode; s = dom.node(s).next_sibling) {
      if (s == best) {
        parts.push_back(s);
        continue;
      }
      if (page.in_boilerplate[s] || page.roles[s] == Role::kDrop) continue;
      if (candidate[s] && score[s] >= threshold) {
        parts.push_back(s);
        continue;
      }
      if (dom.node(s).tag == Tag::kP && chars[s] > 0) {
        const double density = static_cast<double>(link_chars[s]) / chars[s];
        if ((chars[s] > 80 && density < 0.25) || (chars[s] <= 80 && density == 0 && chars[s] > 20))
          parts.push_back(s);
      }
    }
  } else {
    parts.push_back(best);
  }

  // A recipe's ingredients stand in a box of their own, often far from the
  // steps that read as prose: a box named for them belongs to the article
  // (its lines are short, and the ingredients are often links to a shop).
  std::vector<bool> ingredients(n, false);
  {
    bool any = false;
    for (std::uint32_t e = 0; e < n; ++e) {
      const std::uint32_t p = dom.node(e).parent;
      if (p != kNoNode && ingredients[p]) {
        ingredients[e] = true;
      } else if (dom.node(e).tag != Tag::kText && !page.in_boilerplate[e] && page.roles[e] != Role::kDrop &&
                 chars[e] > 0 && !is_inside(dom, best, e) && names_ingredients(dom, e)) {
        ingredients[e] = true;
        any = true;
        bool inside = false;
        for (std::uint32_t top : parts) inside = inside || is_inside(dom, e, top);
        if (!inside) parts.push_back(e);
      }
    }
    if (any) std::sort(parts.begin(), parts.end());
  }

  result.container = best;
  result.score = best_score;

  // Boxes inside the article that read as links rather than prose (a
  // "related" box without a name, a tag cloud), as Readability cleans them:
  // few commas and much link text.
  std::vector<bool> cleaned(n, false);
  {
    // A box holding most of the article's prose is no link box, whatever
    // menu it wraps too (a page wrapper under a container chosen too high).
    std::vector<std::size_t> commas(n, 0), prose(n, 0);
    for (const TextBlock& b : page.blocks) {
      commas[b.owner] += count_commas(b.text);
      if (!b.boilerplate && b.text.size() >= kProseBytes && b.link_density() < 0.3)
        prose[b.owner] += b.text.size() - b.link_chars;
    }
    for (std::uint32_t k = static_cast<std::uint32_t>(n); k-- > 1;) {
      const std::uint32_t p = dom.node(k).parent;
      if (p == kNoNode) continue;
      commas[p] += commas[k];
      prose[p] += prose[k];
    }
    std::size_t article_prose = 0;
    for (std::uint32_t top : parts) article_prose += prose[top];
    for (std::uint32_t top : parts) {
      for (std::uint32_t e = top; e < dom.node(top).end; ++e) {
        if (e == top || cleaned[e]) continue;
        const Tag t = dom.node(e).tag;
        if (t != Tag::kDiv && t != Tag::kSection && t != Tag::kTable && t != Tag::kForm && t != Tag::kFieldset)
          continue;
        if (page.roles[e] == Role::kContent || ingredients[e] || chars[e] == 0 || commas[e] >= kCleanMaxCommas)
          continue;
        if (prose[e] >= 2 * kTinyArticleBytes && prose[e] * 2 > article_prose) continue;
        const double density = static_cast<double>(link_chars[e]) / chars[e];
        if (density > kCleanLinkDensity || (chars[e] < 25 && density > 0))
          for (std::uint32_t k = e; k < dom.node(e).end; ++k) cleaned[k] = true;
      }
    }
  }

  // The lead paragraph (and headline) often stands just before the body's
  // box, in the box around it: prose blocks there, read backwards until
  // something that is not the article.
  std::vector<const TextBlock*> lead;
  {
    std::size_t first = page.blocks.size();
    for (std::size_t k = 0; k < page.blocks.size(); ++k)
      if (is_inside(dom, page.blocks[k].owner, parts.front())) {
        first = k;
        break;
      }
    std::uint32_t around = dom.node(parts.front()).parent;
    if (around != kNoNode && dom.node(around).tag != Tag::kBody && dom.node(around).parent != kNoNode &&
        dom.node(dom.node(around).parent).tag != Tag::kBody)
      around = dom.node(around).parent;
    std::size_t skipped = 0;
    // Past a caption, byline or date line the walk goes on, but what it
    // finds there (a standfirst) counts only if the headline is reached.
    std::vector<const TextBlock*> beyond;
    bool crossed = false;
    for (std::size_t k = first; k-- > 0 && around != kNoNode && dom.node(around).tag != Tag::kBody;) {
      const TextBlock& b = page.blocks[k];
      if (!is_inside(dom, b.owner, around)) break;
      if (b.link_density() > 0.5) {
        if (b.text.size() >= 15) break;
        continue;
      }
      if (b.boilerplate) {
        if (b.text.size() >= 15) {
          if (b.text.size() > 200 || ++skipped > 3) break;
          crossed = true;
        }
        continue;
      }
      const bool prose = b.text.size() >= kProseBytes && b.link_density() < 0.3 && !is_page_chrome(b.text);
      if (prose || is_heading(b.kind)) {
        (crossed ? beyond : lead).insert((crossed ? beyond : lead).begin(), &b);
        if (b.kind == Tag::kH1) {
          lead.insert(lead.begin(), beyond.begin(), beyond.end());
          break;
        }
      } else if (++skipped > 3) {
        break;
      }
    }
  }
  std::size_t part = 0;
  std::uint32_t last_row = kNoNode;
  // Headings and short lead-in lines ("Related:", "More from Sport") stand
  // only if text of the article follows them before anything left out.
  std::vector<const TextBlock*> pending;
  auto emit = [&](const TextBlock& b) {
    if (b.row != kNoNode && b.row == last_row && !result.paragraphs.empty()) {
      result.paragraphs.back() += ' ';
      result.paragraphs.back() += b.text;
    } else {
      result.paragraphs.push_back(b.text);
    }
    last_row = b.row;
    result.chars += b.text.size();
  };
  for (const TextBlock* b : lead) emit(*b);
  for (const TextBlock& b : page.blocks) {
    while (part < parts.size() && b.owner > parts[part] && !is_inside(dom, b.owner, parts[part])) ++part;
    if (part == parts.size()) break;
    if (!is_inside(dom, b.owner, parts[part])) continue;
    const bool linky = b.link_density() > kKeepLd && !is_heading(b.kind) && !ingredients[b.owner];
    const bool dropped = b.boilerplate || linky || cleaned[b.owner];
    const bool left_out = dropped || is_page_chrome(b.text);
    if (left_out) {
      // A line every page repeats (a date line) ends what it follows, but
      // for the headline.
      if (!dropped) {
        pending.erase(std::remove_if(pending.begin(), pending.end(),
                                     [](const TextBlock* h) { return h->kind != Tag::kH1; }),
                      pending.end());
        continue;
      }
      if (b.text.size() >= 15) pending.clear();
      continue;
    }
    // A heading below the headline that holds a sentence (a standfirst set
    // as <h2>) is text.
    const bool held_heading =
        is_heading(b.kind) && (b.kind == Tag::kH1 || b.text.size() < kSentenceHeadingBytes);
    if (held_heading || ((b.kind == Tag::kP || b.kind == Tag::kDiv) && is_lead_in(b.text))) {
      pending.push_back(&b);
      continue;
    }
    for (const TextBlock* h : pending) emit(*h);
    pending.clear();
    emit(b);
  }
  // At the article's end, a closing line ("x Franzi") stays; a heading with
  // nothing under it does not.
  for (const TextBlock* h : pending)
    if (!is_heading(h->kind)) emit(*h);

  // A container with almost nothing in it was the wrong choice (a promo box
  // on a paywalled page): the page's prose, wherever it stands, says more.
  if (result.chars < kTinyArticleBytes) {
    std::vector<std::string> prose;
    std::size_t prose_chars = 0;
    for (const TextBlock& b : page.blocks)
      if (!b.boilerplate && b.text.size() >= kProseBytes && b.link_density() < 0.3 && !is_page_chrome(b.text)) {
        prose.push_back(b.text);
        prose_chars += b.text.size();
      }
    if (prose_chars >= 2 * result.chars + kProseBytes) {
      result.paragraphs = std::move(prose);
      result.chars = prose_chars;
    }
  }
  return result;
}

}  // namespace quarry::web
