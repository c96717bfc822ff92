#include "boilerplate.h"

#include <array>
#include <string>
#include <string_view>

namespace quarry::web {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// id and class, lower-cased, separators dropped within words: "Article-Body
// main_col" -> tokens "article","body","main","col" and joined "articlebody maincol".
struct Markers {
  std::string joined;               // each class/id word without '-' and '_'
  std::vector<std::string> tokens;  // words split at '-', '_' and camelCase
};

Markers markers_of(const Dom& dom, std::uint32_t i) {
  Markers m;
  const std::string_view parts[] = {dom.attr(i, Attr::kId), dom.attr(i, Attr::kClass)};
  for (std::string_view part : parts) {
    std::string word, token;
    auto flush_token = [&] {
      if (!token.empty()) m.tokens.push_back(lower(token));
      token.clear();
    };
    auto flush_word = [&] {
      flush_token();
      if (!word.empty()) {
        m.joined += lower(word);
        m.joined += ' ';
      }
      word.clear();
    };
    for (std::size_t k = 0; k < part.size(); ++k) {
      const char c = part[k];
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
bool any_token(const Markers& m, const std::array<std::string_view, N>& words) {
  for (const std::string& t : m.tokens)
    for (std::string_view w : words)
      if (t == w) return true;
  return false;
}

template <std::size_t N>
bool any_substring(const Markers& m, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words)
    if (contains(m.joined, w)) return true;
  return false;
}

// Class/id words of containers that hold an article's body.
constexpr std::array<std::string_view, 28> kContentJoined = {
    "articlebody", "articlecontent", "articletext", "articleinner", "entrycontent", "entrybody",
    "postcontent", "postbody", "posttext", "postentry", "storybody", "storycontent", "storytext",
    "contentbody", "textcontent", "bodytext", "fieldbody", "fieldnamebody", "blogpostbody",
    "newsbody", "newstext", "newscontent", "singlecontent", "maintext", "articlecopy", "bodycopy",
    "richtext", "fulltext"};

// Words that mark boilerplate as whole tokens.
constexpr std::array<std::string_view, 60> kBoilerTokens = {
    "caption", "captions", "credit", "credits", "copyright", "figcaption",
    "nav", "navbar", "navigation", "menu", "menubar", "submenu", "breadcrumb", "breadcrumbs",
    "footer", "sidebar", "sidebars", "widget", "widgets", "comment", "comments", "commentlist",
    "disqus", "respond", "share", "sharing", "shares", "sharebar", "social", "socials", "related",
    "recommended", "recommendations", "newsletter", "subscribe", "subscription", "cookie", "cookies",
    "consent", "gdpr", "banner", "ad", "ads", "advert", "advertisement", "adslot", "sponsor",
    "sponsored", "promo", "popup", "modal", "outbrain", "taboola", "trending", "popular",
    "pagination", "pager", "toolbar", "skip", "tags"};
constexpr std::array<std::string_view, 22> kBoilerJoined = {
    "mostread", "mostpopular", "mostviewed", "readmore", "readalso", "alsoread", "seealso",
    "morestories", "morenews", "relatedposts", "relatedarticles", "relatedstories", "taglist",
    "shariff", "sociallinks", "cookiebanner", "cookienotice", "authorbio", "authorbox",
    "postnavigation", "postnav", "printonly"};

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
    if (m.tokens.empty()) continue;
    if (any_substring(m, kContentJoined)) {
      roles[i] = Role::kContent;
      continue;
    }
    if (any_token(m, kBoilerTokens) || any_substring(m, kBoilerJoined)) roles[i] = Role::kBoilerplate;
  }
  return roles;
}

bool names_comments(const Dom& dom, std::uint32_t i) {
  if (dom.node(i).attr_count == 0) return false;
  const Markers m = markers_of(dom, i);
  static constexpr std::array<std::string_view, 6> kWords = {"comment", "comments", "commentlist",
                                                             "disqus", "respond", "replies"};
  return any_token(m, kWords);
}

bool names_opinion(const Dom& dom, std::uint32_t i) {
  static constexpr std::array<std::string_view, 8> kWords = {"opinion", "opinions", "editorial",
                                                             "editorials", "oped", "op", "columns",
                                                             "commentary"};
  if (dom.node(i).attr_count > 0 && any_token(markers_of(dom, i), kWords)) return true;
  return false;
}

}  // namespace quarry::web
