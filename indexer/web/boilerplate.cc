#include "boilerplate.h"
#include "text.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace quarry::web {
namespace {

// Class words that state a post's properties rather than a part of the page
// (WordPress and theme state: "tag-share", "category-social", "has-sidebar",
// "comments-open").
bool is_state_word(std::string_view w) {
  for (std::string_view prefix : {"tag-", "category-", "has-", "enable-", "with-", "no-", "is-", "format-",
                                  "post-type-", "page-template", "single-", "comments-open", "comments-closed"})
    if (w.substr(0, prefix.size()) == prefix) return true;
  return false;
}

// id and class, lower-cased, separators dropped within words: "Article-Body
// main_col" -> tokens "article","body","main","col" and joined "articlebody maincol".
struct Markers {
  std::string joined;               // each class/id word without '-' and '_'
  std::vector<std::string> tokens;  // words split at '-', '_' and camelCase
};

// Letters and digits of a heading, lowered, words joined by '-': the id
// that documentation tools and CMSs give a section after its heading.
std::string slug_of(std::string_view text) {
  std::string out;
  bool gap = false;
  for (char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!keep) {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back('-');
    gap = false;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

// An id that is the slug of the section's own heading ("sharing-with-a-
// single-developer" over "Sharing with a single developer") names nothing.
bool is_heading_slug(const Dom& dom, std::uint32_t i, std::string_view id) {
  if (std::count(id.begin(), id.end(), '-') < 2) return false;
  const std::uint32_t end = std::min<std::uint32_t>(dom.node(i).end, i + 64);
  for (std::uint32_t k = i; k < end; ++k)
    if (is_heading(dom.node(k).tag)) return slug_of(dom.inner_text(k)).compare(0, id.size(), id) == 0;
  return false;
}

Markers markers_of(const Dom& dom, std::uint32_t i) {
  Markers m;
  const std::string_view parts[] = {dom.attr(i, Attr::kId), dom.attr(i, Attr::kClass)};
  for (std::size_t which = 0; which < 2; ++which) {
    const std::string_view part = parts[which];
    if (which == 0 && is_heading_slug(dom, i, part)) continue;
    std::string word, token;
    auto flush_token = [&] {
      if (!token.empty()) m.tokens.push_back(lower_ascii(token));
      token.clear();
    };
    auto flush_word = [&] {
      flush_token();
      if (!word.empty()) {
        m.joined += lower_ascii(word);
        m.joined += ' ';
      }
      word.clear();
    };
    for (std::size_t k = 0; k < part.size(); ++k) {
      const char c = part[k];
      if ((k == 0 || part[k - 1] == ' ') && is_state_word(part.substr(k))) {
        while (k < part.size() && part[k] != ' ') ++k;
        flush_word();
        continue;
      }
      if (c == '-' && k + 1 < part.size() && part[k + 1] == '-') {
        // A BEM modifier ("section--has-ads") states, it does not name.
        while (k < part.size() && part[k] != ' ') ++k;
        flush_word();
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\n') {
        flush_word();
      } else if (c == '-' || c == '_' || c == ':' || c == '.') {
        flush_token();
      } else {
        if (c >= 'A' && c <= 'Z' && !token.empty() && token.back() >= 'a' && token.back() <= 'z') flush_token();
        token.push_back(c);
        word.push_back(c);
      }
    }
    flush_word();
  }
  return m;
}

bool contains(const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; }

template <std::size_t N>
bool any_token(const Markers& m, const std::string_view (&words)[N]) {
  for (const std::string& t : m.tokens)
    for (std::string_view w : words)
      if (t == w) return true;
  return false;
}

template <std::size_t N>
bool any_substring(const Markers& m, const std::string_view (&words)[N]) {
  for (std::string_view w : words)
    if (contains(m.joined, w)) return true;
  return false;
}

// Class/id words of containers that hold an article's body.
constexpr std::string_view kContentJoined[] = {
    "articlebody", "articlecontent", "articletext", "articleinner", "entrycontent", "entrybody",
    "postcontent", "postbody", "posttext", "postentry", "storybody", "storycontent", "storytext",
    "contentbody", "textcontent", "bodytext", "fieldbody", "fieldnamebody", "blogpostbody",
    "newsbody", "newstext", "newscontent", "singlecontent", "maintext", "articlecopy", "bodycopy",
    "richtext", "fulltext"};

// Words that mark boilerplate as whole tokens.
// Names that also wrap content (page builders' "elementor-widget-wrap", a
// "share" class on a whole post): boilerplate only when mostly links.
constexpr std::string_view kLinkListTokens[] = {
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "pagination", "widget", "widgets",
    "readmore"};
constexpr std::string_view kBoilerTokens[] = {
    "caption", "captions", "credit", "credits", "copyright", "figcaption", "breadcrumb", "breadcrumbs",
    "meta", "button", "buttons", "byline", "bylines", "author", "authors", "rating", "ratings",
    "login",
    "footer", "sidebar", "sidebars", "comment", "comments", "commentlist",
    "disqus", "respond", "share", "sharing", "shares", "sharebar", "social", "socials", "related",
    "recommended", "recommendations", "newsletter", "subscribe", "subscription", "cookie", "cookies",
    "consent", "gdpr", "banner", "ad", "ads", "advert", "advertisement", "adslot", "sponsor",
    "sponsored", "promo", "popup", "modal", "outbrain", "taboola", "trending", "popular",
    "pager", "toolbar", "skip", "tags", "crumbs", "utility", "affiliate", "disclaimer", "disclosure", "cta",
    "loading", "timestamp", "lightbox", "attachment", "embed", "embedded", "subnav",
    "signin", "legend", "contact", "annotation", "highslide"};
constexpr std::string_view kBoilerJoined[] = {
    "postmeta", "entrymeta", "articlemeta", "metadata",
    "mostread", "mostpopular", "mostviewed", "readalso", "alsoread", "seealso",
    "morestories", "morenews", "relatedposts", "relatedarticles", "relatedstories", "taglist",
    "shariff", "sociallinks", "cookiebanner", "cookienotice", "authorbio", "authorbox",
    "postnavigation", "postnav", "printonly",
    "newsletter", "signup", "subscri", "cookie", "related", "social", "akismet", "nocomments",
    "viral", "syndication", "readingtime", "textwidget", "userinfo", "authorinfo", "aboutauthor"};

// A class list with a word of its own for a post ("entry themeform share",
// "post share"): the element is the post, the other words style it
// (Readability keeps such elements too). Comments, footers and sidebars are
// named as such even beside it.
bool names_a_post(const Markers& m) {
  static constexpr std::string_view kPostWords[] = {"entry", "hentry", "post", "article"};
  static constexpr std::string_view kStillBoiler[] = {"comment", "comments", "footer", "sidebar"};
  bool post = false;
  std::size_t k = 0;
  while (k < m.joined.size()) {
    const std::size_t end = m.joined.find(' ', k);
    const std::string_view w = std::string_view(m.joined).substr(k, end - k);
    for (std::string_view p : kPostWords) post = post || w == p;
    for (std::string_view b : kStillBoiler)
      if (w == b) return false;
    if (end == std::string::npos) break;
    k = end + 1;
  }
  return post;
}

bool is_hidden(const Dom& dom, std::uint32_t i) {
  if (dom.has(i, Attr::kHidden)) return true;
  if (dom.attr(i, Attr::kAriaHidden) == "true") return true;
  const std::string_view style = dom.attr(i, Attr::kStyle);
  if (style.empty()) return false;
  std::string s;
  for (char c : style)
    if (c != ' ') s.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return contains(s, "display:none") || contains(s, "visibility:hidden");
}

bool is_dropped_tag(Tag t) {
  switch (t) {
    case Tag::kHead: case Tag::kTitle: case Tag::kMeta: case Tag::kLink: case Tag::kBase:
    case Tag::kScript: case Tag::kStyle: case Tag::kNoscript: case Tag::kTemplate: case Tag::kSvg:
    case Tag::kMath: case Tag::kIframe: case Tag::kObject: case Tag::kEmbed: case Tag::kCanvas:
    case Tag::kVideo: case Tag::kAudio: case Tag::kPicture: case Tag::kSource: case Tag::kInput:
    case Tag::kButton: case Tag::kSelect: case Tag::kOption: case Tag::kTextarea: case Tag::kDialog:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<Role> classify_elements(const Dom& dom) {
  std::vector<Role> roles(dom.size(), Role::kNeutral);
  for (std::uint32_t i = 0; i < dom.size(); ++i) {
    const Tag t = dom.node(i).tag;
    if (t == Tag::kText) continue;
    if (is_dropped_tag(t) || is_hidden(dom, i)) {
      roles[i] = Role::kDrop;
      continue;
    }
    if (t == Tag::kHtml || t == Tag::kBody) continue;
    const std::string_view itemprop = dom.attr(i, Attr::kItemprop);
    if (itemprop == "articleBody" || itemprop == "articlebody" || itemprop == "text") {
      roles[i] = Role::kContent;
      continue;
    }
    const std::string_view role = dom.attr(i, Attr::kRole);
    if (role == "navigation" || role == "contentinfo" || role == "complementary" || role == "banner" ||
        role == "menu" || role == "menubar" || role == "dialog" || role == "alertdialog" ||
        role == "search") {
      roles[i] = Role::kBoilerplate;
      continue;
    }
    if (t == Tag::kNav || t == Tag::kAside || t == Tag::kFooter || t == Tag::kMenu || t == Tag::kForm ||
        t == Tag::kFigcaption) {
      // A form often wraps a whole ASP.NET page: only a small one is boilerplate
      // (decided with its text, in main_text); mark the rest here.
      roles[i] = t == Tag::kForm ? Role::kNeutral : Role::kBoilerplate;
      continue;
    }
    if (dom.node(i).attr_count == 0) continue;
    const Markers m = markers_of(dom, i);
    // An article or main element is never boilerplate by its class alone.
    const bool structural = t == Tag::kArticle || t == Tag::kMain;
    if (m.tokens.empty()) continue;
    if (any_substring(m, kContentJoined)) {
      roles[i] = Role::kContent;
      continue;
    }
    if (structural) continue;
    if ((any_token(m, kBoilerTokens) || any_substring(m, kBoilerJoined)) && !names_a_post(m))
      roles[i] = Role::kBoilerplate;
    else if (any_token(m, kLinkListTokens))
      roles[i] = Role::kLinkList;
  }
  return roles;
}

bool names_comments(const Dom& dom, std::uint32_t i) {
  if (dom.node(i).attr_count == 0) return false;
  const Markers m = markers_of(dom, i);
  static constexpr std::string_view kWords[] = {"comment", "comments", "commentlist",
                                                             "disqus", "respond", "replies"};
  return any_token(m, kWords);
}

bool names_ingredients(const Dom& dom, std::uint32_t i) {
  if (dom.node(i).attr_count == 0) return false;
  static constexpr std::string_view kWords[] = {"ingredient", "ingredients", "zutaten"};
  const Markers m = markers_of(dom, i);
  return any_token(m, kWords) || contains(m.joined, "ingredients");
}

bool names_opinion(const Dom& dom, std::uint32_t i) {
  static constexpr std::string_view kWords[] = {"opinion", "opinions", "editorial",
                                                             "editorials", "oped", "op", "columns",
                                                             "commentary"};
  if (dom.node(i).attr_count > 0 && any_token(markers_of(dom, i), kWords)) return true;
  return false;
}

}  // namespace quarry::web
