// extract_page: the parsed page, its text blocks, its metadata and teasers,
// and the decisions among their candidates (title, date, authors...).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "boilerplate.h"
#include "dates.h"
#include "html_dom.h"
#include "main_text.h"
#include "metadata.h"
#include "page.h"
#include "page_trace.h"
#include "publication_date.h"
#include "teasers.h"
#include "text.h"
#include "url.h"

namespace quarry::web {
namespace {

// "en_US" -> "en-US"; "EN" -> "en"; only the first of a list ("de, en").
std::string normalize_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == ',' || c == ';' || c == ' ') {
      if (!out.empty()) break;
      continue;
    }
    out.push_back(c == '_' ? '-' : c);
  }
  const std::size_t dash = out.find('-');
  for (std::size_t k = 0; k < out.size(); ++k) {
    char& c = out[k];
    if (dash == std::string::npos || k < dash) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else if (k > dash && out.size() - dash - 1 == 2 && c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');  // region: "de-ch" -> "de-CH"
    }
  }
  if (out.size() < 2 || out.size() > 35) return {};
  for (char c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return {};
  return out;
}

// Title parts around separators: "Headline | Site" -> {"Headline", "Site"}.
std::vector<std::string> split_title(const std::string& title) {
  static const std::string_view kSeparators[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ",
                                                 " \xC2\xBB ", " \xC2\xAB ", " \xC2\xB7 ", " / ", " \xE2\x80\xA2 ",
                                                 " ~ ", " > ", " \xEF\xBD\x9C "};
  std::vector<std::string> parts{title};
  for (std::string_view sep : kSeparators) {
    std::vector<std::string> next;
    for (const std::string& p : parts) {
      std::size_t k = 0, hit;
      while ((hit = p.find(sep, k)) != std::string::npos) {
        next.push_back(p.substr(k, hit - k));
        k = hit + sep.size();
      }
      next.push_back(p.substr(k));
    }
    parts.swap(next);
  }
  return parts;
}

// Letters and digits only, lower case: "Dawn.com" ~ "DAWN" ~ "www.dawn.com".
std::string squash(std::string_view s) {
  std::string out;
  for (char c : lower_ascii(s))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) out.push_back(c);
  return out;
}

bool names_site(const std::string& part, const std::string& site, const std::string& host) {
  const std::string p = squash(part);
  if (p.empty()) return false;
  if (!site.empty() && (p == squash(site) || squash(site).find(p) != std::string::npos)) return true;
  std::string h = host;
  if (h.compare(0, 4, "www.") == 0) h = h.substr(4);
  const std::string hs = squash(h);
  if (!hs.empty() && (p == hs || hs.compare(0, p.size(), p) == 0 || p.find(hs) != std::string::npos)) return true;
  return false;
}

// The title without a site-name part at either end.
std::string strip_site(const std::string& title, const std::string& site, const std::string& host) {
  std::vector<std::string> parts = split_title(title);
  if (parts.size() < 2) return title;
  // Drop site-name parts at the end, then at the start.
  std::string t = title;
  while (parts.size() > 1 && names_site(parts.back(), site, host)) {
    const std::size_t cut = t.rfind(parts.back());
    t = t.substr(0, cut);
    parts.pop_back();
    while (!t.empty() && (t.back() == ' ' || t.back() == '|' || t.back() == '-')) t.pop_back();
    // separators of more than one byte
    for (std::string_view sep : {"\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xBB", "\xC2\xAB", "\xC2\xB7", "\xE2\x80\xA2", "\xEF\xBD\x9C"})
      if (t.size() >= sep.size() && t.compare(t.size() - sep.size(), sep.size(), sep) == 0) t.resize(t.size() - sep.size());
    while (!t.empty() && t.back() == ' ') t.pop_back();
  }
  if (parts.size() > 1 && names_site(parts.front(), site, host)) {
    const std::size_t cut = t.find(parts[1], parts.front().size());
    if (cut != std::string::npos) t = t.substr(cut);
  }
  return t.empty() ? title : t;
}

std::string choose_title(const PageMetadata& md, const Dom& dom, const std::string& site,
                         const std::string& host) {
  std::string h1;
  for (std::uint32_t h : md.h1s) {
    h1 = dom.inner_text(h);
    if (char_count(h1) >= 4) break;
  }
  // No <h1> (or not the headline): a heading that is a part of the <title>.
  const std::vector<std::string> title_parts = split_title(md.title_tag);
  if (title_parts.size() > 1 && (h1.empty() || md.title_tag.find(h1) == std::string::npos)) {
    for (std::uint32_t i = 0; i < dom.size(); ++i) {
      const Tag t = dom.node(i).tag;
      if (t != Tag::kH1 && t != Tag::kH2) continue;
      const std::string heading = dom.inner_text(i);
      if (std::find(title_parts.begin(), title_parts.end(), heading) != title_parts.end() && char_count(heading) >= 10) {
        h1 = heading;
        break;
      }
    }
  }
  // The markup's titles in order of trust, but a JSON-LD headline that
  // neither the <title>, the <h1> nor og:title repeats yields to the
  // object's name that one of them does: Wikipedia's headline is a
  // description ("constitutional monarchy in Oceania").
  const std::string* const marked[] = {&md.ld_headline, &md.og_title, &md.meta_title, &md.twitter_title};
  if (!md.ld_name.empty() && md.ld_name != md.ld_headline) {
    const std::string tag_key = squash(strip_site(md.title_tag, site, host));
    const std::string h1_key = squash(h1), og_key = squash(strip_site(md.og_title, site, host));
    auto repeated = [&](const std::string& c) {
      const std::string key = squash(strip_site(c, site, host));
      return !key.empty() && (key == tag_key || key == h1_key || key == og_key);
    };
    if (!repeated(md.ld_headline) && repeated(md.ld_name)) return strip_site(md.ld_name, site, host);
  }
  // What the <h1> shows whole is the headline, not a site name and a headline:
  // "Pakistan - India talks resume" on Pakistan Today, "Covid-19 - what we know".
  const std::string h1_key = squash(h1);
  auto shown_whole = [&](const std::string& c) { return !h1_key.empty() && squash(c) == h1_key; };
  for (const std::string* c : marked) {
    if (!c->empty()) return shown_whole(*c) ? collapse_whitespace(*c) : strip_site(*c, site, host);
  }
  const std::string tag = md.title_tag;
  if (!tag.empty()) {
    const std::string stripped = strip_site(tag, site, host);
    // The <title> often carries more than the headline: the <h1> says which part.
    if (!h1.empty() && stripped != h1 && tag.find(h1) != std::string::npos) return h1;
    if (shown_whole(tag)) return collapse_whitespace(tag);
    if (stripped != tag) return stripped;
    const std::vector<std::string> parts = split_title(tag);
    if (parts.size() > 1) {
      // Unknown site name: the longest part is the headline.
      const auto longest = std::max_element(parts.begin(), parts.end(),
                                            [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
      if (char_count(*longest) * 2 >= char_count(tag) / 1) return collapse_whitespace(*longest);
    }
    return tag;
  }
  return h1;
}

bool starts_with_lower(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower_ascii(s.substr(0, prefix.size())) == prefix;
}

// "Veröffentlicht am", "Last updated": a date's label, no name.
bool is_date_label(const std::string& a) {
  for (std::string_view label : {"published", "updated", "last updated", "posted", "veröffentlicht", "aktualisiert",
                                 "zuletzt", "stand", "publié", "mis à jour", "publicado", "actualizado", "pubblicato",
                                 "aggiornato", "gepubliceerd"})
    if (starts_with_lower(a, label) && (a.size() == label.size() || a[label.size()] == ' ' || a[label.size()] == ':'))
      return true;
  return false;
}

// A byline as pages print it, to the name: "By Jane Roe" -> "Jane Roe";
// without the label ("Author: ", "Von "), the date or time stuck to it
// ("Jane Roe May 20, 2019", "Jane Roe • 8h", "Jane Roe před 2 hodinami",
// "Jane Roe | 11 Jan 2019 | 4 min") and a description after a comma
// ("Jane Roe, deutsche Journalistin"). Empty when nothing is left that can
// be a name: a date line ("Veröffentlicht am 19.10.19"), a slogan ("Jetzt
// wechseln!").
std::string clean_author(std::string_view raw) {
  std::string a = collapse_whitespace(raw);
  bool introduced = false;
  for (int round = 0; round < 2; ++round)
    for (std::string_view prefix : {"by ", "von ", "par ", "por ", "door ", "di ", "written by ", "posted by ",
                                    "author: ", "author ", "autor: ", "autorin: ", "auteur : ", "auteur: ", "text: ",
                                    "von: ", "by: "})
      if (starts_with_lower(a, prefix) && a.size() > prefix.size()) {
        a = a.substr(prefix.size());
        introduced = true;
        break;
      }
  if (a.find('!') != std::string::npos || a.find('?') != std::string::npos) return {};
  // "Jane Roe Quelle: dpa", "Jane Roe Foto: …": a later label ends the name.
  for (std::size_t k = a.find(": "); k != std::string::npos; k = a.find(": ", k + 1)) {
    const std::size_t word = a.rfind(' ', k);
    // (two words before it at least: "Last Updated: …" is a label of its own)
    if (word != std::string::npos && word > 0 && a.rfind(' ', word - 1) != std::string::npos &&
        std::isupper(static_cast<unsigned char>(a[word + 1]))) {
      a.resize(word);
      break;
    }
  }
  // "Posted on May 2, 2020 by Jane Roe", "Datum: 19.11.2021 Autor: Jane Roe":
  // the name follows the word that introduces it, up to the next such word
  // ("Written by A Edited by B": A).
  for (std::string_view by : {" by ", " par ", " por ", " autor: ", " author: ", " auteur: ", " von "}) {
    const std::string lower = lower_ascii(a);
    const std::size_t k = lower.find(by);
    if (k == std::string::npos || k + by.size() >= a.size()) continue;
    // "von" is also a name's ("Walter von Aachen"): only after a date or a label.
    if (by == " von " && a.find_first_of("0123456789") > k &&
        !(starts_with_lower(a, "erstellt") || starts_with_lower(a, "veröffentlicht") ||
          starts_with_lower(a, "geschrieben") || starts_with_lower(a, "verfasst") || starts_with_lower(a, "beitrag")))
      continue;
    if (introduced && by != " von ") {
      const std::size_t verb = k == 0 ? std::string::npos : a.rfind(' ', k - 1);
      a.resize(verb == std::string::npos ? k : verb);
    } else {
      a = a.substr(k + by.size());
    }
    break;
  }
  bool cut = false;
  for (std::string_view sep : {" | ", " \xE2\x80\xA2 ", " \xC2\xB7 ", " \xE2\x80\x94 ", " \xC2\xBB "}) {
    const std::size_t k = a.find(sep);
    if (k != std::string::npos) {
      a.resize(k);
      cut = true;
    }
  }
  // A date, a time or an age ("8h", "2 hodinami", "3 days ago") ends the name.
  for (const FoundDate& d : find_dates(a))
    if (d.position < a.size()) {
      a.resize(d.position);
      cut = true;
      break;
    }
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(a[k])) || (k > 0 && a[k - 1] != ' ')) continue;
    std::size_t e = k;
    while (e < a.size() && std::isdigit(static_cast<unsigned char>(a[e]))) ++e;
    if (e < a.size() && a[e] == ' ') ++e;
    const char next = e < a.size() ? static_cast<char>(std::tolower(static_cast<unsigned char>(a[e]))) : 0;
    const bool dated = (next == '.' || next == '/' || next == '-') && e + 1 < a.size() &&
                       std::isdigit(static_cast<unsigned char>(a[e + 1]));
    if (dated || next == ':' || next == 'h' || next == 'm' || next == 'd' || next == 's' || next == 'w' || next == 'y' ||
        next == 't') {
      a.resize(k);
      cut = true;
      break;
    }
  }
  // ", deutscher Journalist": what follows a comma in lower case describes.
  for (std::size_t k = a.find(", "); k != std::string::npos; k = a.find(", ", k + 2))
    if (k + 2 < a.size() && std::islower(static_cast<unsigned char>(a[k + 2]))) {
      a.resize(k);
      break;
    }
  auto trim = [&] {
    while (!a.empty() && (a.back() == ',' || a.back() == '|' || a.back() == ' ' || a.back() == '-' ||
                          a.back() == ':' || a.back() == '/' || a.back() == '('))
      a.pop_back();
  };
  trim();
  if (is_date_label(a)) return {};
  // The words a cut leaves behind ("am", "on", "před", "le") are no name's.
  if (cut) {
    auto dangling = [](std::string_view w) {
      if (!w.empty() && std::islower(static_cast<unsigned char>(w[0]))) return true;
      const std::string l = lower_ascii(w);
      for (std::string_view d : {"le", "la", "el", "il", "am", "on", "at", "um", "vor", "hace", "updated", "stand",
                                 "published", "posted", "aktualisiert", "mo", "di", "mi", "do", "fr", "sa", "so",
                                 "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
                                 "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
                                 "thursday", "friday", "saturday", "sunday"})
        if (l == d) return true;
      return false;
    };
    for (std::size_t space = a.rfind(' '); space != std::string::npos && dangling(std::string_view(a).substr(space + 1));
         space = a.rfind(' ')) {
      a.resize(space);
      trim();
    }
  }
  // A link after the name ("Jane Roe www.roe.de"), separators before it.
  for (std::string_view link : {" www.", " http"})
    if (const std::size_t k = a.find(link); k != std::string::npos) {
      a.resize(k);
      trim();
    }
  while (!a.empty() && (a[0] == '|' || a[0] == '/' || a[0] == ',' || a[0] == '-' || a[0] == ' ')) a.erase(0, 1);
  if (a.empty() || std::isdigit(static_cast<unsigned char>(a[0]))) return {};
  // A domain ("Statista.com") is a source, not a person.
  if (a.find(' ') == std::string::npos) {
    const std::size_t dot = a.rfind('.');
    if (dot != std::string::npos && a.size() - dot - 1 >= 2 && a.size() - dot - 1 <= 4 &&
        std::all_of(a.begin() + static_cast<std::ptrdiff_t>(dot) + 1, a.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      return {};
  }
  // A sentence is no byline: a caption or a bio the element also holds.
  if (a.find(". ") != std::string::npos && std::count(a.begin(), a.end(), ' ') >= 5) return {};
  if (is_date_label(a)) return {};
  return a;
}

// "Amina Yusuf and Omar Khan", "A. Roe, B. Doe & C. Poe": one byline of
// several people, split when every part looks like a person's full name
// (2 to 4 capitalised words, "van", "de"... inside), so that "Reuters and
// AFP", "Guardian staff and agencies", "Jong, Michiel de" or "Landesanstalt
// für Wald und Forstwirtschaft - LWF" stay as written.
std::vector<std::string> split_names(const std::string& byline) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= byline.size();) {
    std::size_t skip = 0;
    if (i == byline.size()) {
      skip = 1;
    } else {
      for (std::string_view sep : {", and ", ", ", " and ", " & ", " und ", " et ", " y "})
        if (byline.compare(i, sep.size(), sep) == 0) {
          skip = sep.size();
          break;
        }
    }
    if (skip == 0) {
      ++i;
      continue;
    }
    parts.push_back(byline.substr(start, i - start));
    i += skip;
    start = i;
  }
  if (parts.size() < 2) return {byline};
  for (const std::string& part : parts) {
    std::vector<std::string_view> words;
    for (std::size_t k = 0; k < part.size();) {
      const std::size_t end = std::min(part.find(' ', k), part.size());
      words.push_back(std::string_view(part).substr(k, end - k));
      k = end + 1;
    }
    if (words.size() < 2 || words.size() > 4) return {byline};
    for (std::size_t w = 0; w < words.size(); ++w) {
      const unsigned char first = words[w].empty() ? 0 : static_cast<unsigned char>(words[w][0]);
      const bool particle = w > 0 && w + 1 < words.size() &&
                            (words[w] == "de" || words[w] == "da" || words[w] == "del" || words[w] == "van" ||
                             words[w] == "von" || words[w] == "der" || words[w] == "bin" || words[w] == "al");
      if (!particle && !std::isupper(first) && first < 0x80) return {byline};
    }
  }
  return parts;
}

std::vector<std::string> distinct_authors(const std::vector<std::string>& raw) {
  std::vector<std::string> out, seen;
  for (const std::string& r : raw) {
    for (const std::string& a : split_names(clean_author(r))) {
      if (a.empty() || a.size() > 100) continue;
      const std::string key = lower_ascii(a);
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
      seen.push_back(key);
      out.push_back(a);
    }
  }
  return out;
}

// The site or its publisher given as the author ("Trome", "heise online",
// "Redacción El Comercio Perú" on elcomercio.pe): the host's name or the
// site's within the value, or the value within them.
bool names_organisation(const std::string& author, const std::vector<std::string>& orgs, const std::string& host) {
  const std::string a = squash(author);
  if (a.empty()) return false;
  for (const std::string& org : orgs) {
    const std::string o = squash(org);
    // (most of the value: "Kelli Miller WebMD Health News" names a person)
    if (o.size() >= 4 && ((a.find(o) != std::string::npos && o.size() * 3 >= a.size()) || o.find(a) != std::string::npos))
      return true;
  }
  // The host's own label: "elcomercio" of www.elcomercio.pe, "heise" of heise.de.
  std::string h = host;
  const std::size_t dot = h.rfind('.');
  if (dot != std::string::npos) h.resize(dot);
  const std::size_t label = h.rfind('.');
  if (label != std::string::npos) h = h.substr(label + 1);
  h = squash(h);
  return h.size() >= 4 && a.find(h) != std::string::npos && h.size() * 3 >= a.size();
}

// The meta tags' authors: those of the most trusted tag that names someone
// other than the site, else those of the most trusted tag.
std::vector<std::string> meta_authors(const PageMetadata& md, const std::vector<std::string>& orgs,
                                      const std::string& host) {
  int best = -1, best_any = -1;
  for (const PageMetadata::MetaAuthor& a : md.meta_authors) {
    if (best_any < 0 || a.rank < best_any) best_any = a.rank;
    if ((best < 0 || a.rank < best) && !names_organisation(a.name, orgs, host)) best = a.rank;
  }
  if (best < 0) best = best_any;
  std::vector<std::string> out;
  for (const PageMetadata::MetaAuthor& a : md.meta_authors)
    if (a.rank == best) out.push_back(a.name);
  return out;
}

// A byline in the page: rel=author, itemprop=author, or an element named
// "byline" or "author" with a short text; never in comments.
std::vector<std::string> byline_authors(const Dom& dom) {
  for (std::uint32_t i = 0; i < dom.size(); ++i) {
    const Tag t = dom.node(i).tag;
    if (t == Tag::kText || t == Tag::kMeta || t == Tag::kLink || dom.node(i).attr_count == 0) continue;
    const std::string rel = lower_ascii(dom.attr(i, Attr::kRel));
    const std::string itemprop = lower_ascii(dom.attr(i, Attr::kItemprop));
    const std::string names = lower_ascii(dom.attr(i, Attr::kClass)) + " " + lower_ascii(dom.attr(i, Attr::kId));
    const bool byline = rel == "author" || itemprop == "author" || names.find("byline") != std::string::npos ||
                        (names.find("author") != std::string::npos && names.find("authoriz") == std::string::npos);
    if (!byline) continue;
    bool in_comments = false;
    for (std::uint32_t p = i; p != kNoNode && !in_comments; p = dom.node(p).parent) in_comments = names_comments(dom, p);
    if (in_comments) {
      i = dom.node(i).end - 1;
      continue;
    }
    std::string text = dom.inner_text(i);
    // A byline box's own element for the writer's job is no name
    // ("<a>Ben Roe</a><div class="author-title">Games Editor</div>").
    bool described = false;
    std::string own;
    for (std::uint32_t k = i + 1; k < dom.node(i).end; ++k) {
      if (dom.node(k).tag == Tag::kText) {
        own += std::string(dom.text(k)) + " ";
        continue;
      }
      const std::string inner = lower_ascii(dom.attr(k, Attr::kClass)) + " " + lower_ascii(dom.attr(k, Attr::kId));
      bool describes = false;
      for (std::string_view word : {"author-title", "author-role", "author-job", "author-position", "job-title"})
        describes = describes || inner.find(word) != std::string::npos;
      if (describes) {
        described = true;
        k = dom.node(k).end - 1;
      }
    }
    if (described) text = collapse_whitespace(own);
    // itemprop=author often holds a name element and a bio.
    for (std::uint32_t k = i + 1; k < dom.node(i).end; ++k)
      if (dom.attr(k, Attr::kItemprop) == "name") {
        text = dom.inner_text(k);
        break;
      }
    const std::string a = clean_author(text);
    if (char_count(a) >= 3 && char_count(a) <= 60) return split_names(a);
  }
  return {};
}

// JSON-LD's authors, else the meta tags', else the page's byline; but one
// that names a person wins over those that name the site or its publisher.
std::vector<std::string> choose_authors(const PageMetadata& md, const Dom& dom, const std::string& host) {
  const std::vector<std::string> orgs = {md.og_site_name, md.ld_publisher, md.application_name};
  auto person = [&](const std::vector<std::string>& names) {
    return std::any_of(names.begin(), names.end(),
                       [&](const std::string& n) { return !names_organisation(n, orgs, host); });
  };
  std::vector<std::string> first;
  for (const std::vector<std::string>& names :
       {distinct_authors(md.ld_authors), distinct_authors(meta_authors(md, orgs, host))}) {
    if (names.empty()) continue;
    if (person(names)) return names;
    if (first.empty()) first = names;
  }
  // (a byline that holds the site's name too is no better: "Blog name posted on Platform")
  std::vector<std::string> byline = byline_authors(dom);
  auto names_no_org = [&](const std::vector<std::string>& names) {
    for (const std::string& n : names)
      for (const std::string& org : orgs)
        if (squash(org).size() >= 4 && squash(n).find(squash(org)) != std::string::npos) return false;
    return !names.empty();
  };
  if (first.empty() || names_no_org(byline)) return byline;
  return first;
}

}  // namespace

WebPage extract_page(std::string_view html, std::string_view url) { return extract_page(html, url, nullptr); }

WebPage extract_page(std::string_view html, std::string_view url, std::string* date_trace) {
  WebPage page;
  const Dom dom = Dom::parse(html);
  page.truncated = dom.truncated();
  if (dom.size() == 0) return page;
  const PageMetadata md = read_metadata(dom);
  std::string base(url);
  if (!md.base_href.empty()) {
    std::string b = resolve_url(url, md.base_href);
    if (!b.empty()) base = b;
  }
  const std::string host = url_host(url);

  page.canonical_url = resolve_url(base, md.canonical);
  if (page.canonical_url.empty()) page.canonical_url = resolve_url(base, md.og_url);
  page.site_name = !md.og_site_name.empty() ? md.og_site_name
                   : !md.ld_publisher.empty() ? md.ld_publisher
                                              : md.application_name;
  for (const std::string* l : {&md.html_lang, &md.content_language, &md.ld_language, &md.og_locale}) {
    page.language = normalize_language(*l);
    if (!page.language.empty()) break;
  }
  const bool month_first = page.language.empty() || page.language == "en-US" || page.language == "en";
  page.title = choose_title(md, dom, page.site_name, host);
  page.section = !md.ld_section.empty() ? md.ld_section : md.meta_section;
  page.authors = choose_authors(md, dom, host);

  PageText text = segment_page(dom);
  const std::vector<std::string> self = {std::string(url), page.canonical_url};
  // A file saved without its address: its canonical link says where its
  // relative links lead, or its sidebar's stories would have none.
  const std::string& link_base = base.empty() ? page.canonical_url : base;
  std::vector<TeaserGroup> groups = find_teaser_groups(dom, text, link_base, self, month_first);
  // Teaser items are not article text.
  for (const TeaserGroup& g : groups)
    for (std::uint32_t item : g.items)
      for (std::uint32_t k = item; k < dom.node(item).end; ++k) text.in_boilerplate[k] = true;
  for (TextBlock& b : text.blocks) b.boilerplate = text.in_boilerplate[b.owner] || (b.start != kNoNode && text.in_boilerplate[b.start]);
  for (const TeaserGroup& g : groups)
    for (const Teaser& t : g.teasers)
      if (!t.summary.empty() || !t.date.empty()) page.teasers.push_back(t);

  MainText main = extract_main_text(dom, text);
  page.paragraphs = std::move(main.paragraphs);
  // The headline is the title, a field of its own (as a JSONL record's is),
  // not the first paragraph of the body.
  if (page.paragraphs.size() > 1 && !page.title.empty() && page.paragraphs.front() == page.title)
    page.paragraphs.erase(page.paragraphs.begin());

  // Article or not: markup that says so, or enough prose in one container.
  double prose = 0;
  for (const std::string& p : page.paragraphs) {
    const double len = static_cast<double>(char_count(p));
    if (len > 140) prose += std::sqrt(len - 140);
  }
  const bool typed_article = md.ld_is_article || md.og_type == "article";
  page.is_article = main.container != kNoNode &&
                    (prose > 20 || (typed_article && prose > 5) || (page.paragraphs.size() >= 3 && main.chars >= 400));
  if (!page.is_article) {
    // A home page or an index: its text that is not boilerplate, headings too.
    page.paragraphs.clear();
    for (const TextBlock& b : text.blocks)
      if (!b.boilerplate && b.link_density() <= 0.5 && !is_page_chrome(b.text)) page.paragraphs.push_back(b.text);
  }

  page.date = choose_date(dom, text, md, main.container, url, month_first, page.language, date_trace);
  return page;
}

}  // namespace quarry::web
