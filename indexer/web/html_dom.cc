#include "html_dom.h"

#include "text.h"
#include "utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <unordered_map>
#include <utility>

namespace quarry::web {
namespace {

const std::unordered_map<std::string_view, Tag>& tag_names() {
  static const std::unordered_map<std::string_view, Tag> names = {
      {"html", Tag::kHtml}, {"head", Tag::kHead}, {"body", Tag::kBody}, {"title", Tag::kTitle},
      {"meta", Tag::kMeta}, {"link", Tag::kLink}, {"base", Tag::kBase}, {"script", Tag::kScript},
      {"style", Tag::kStyle}, {"noscript", Tag::kNoscript}, {"template", Tag::kTemplate},
      {"svg", Tag::kSvg}, {"math", Tag::kMath}, {"iframe", Tag::kIframe}, {"object", Tag::kObject},
      {"embed", Tag::kEmbed}, {"canvas", Tag::kCanvas}, {"video", Tag::kVideo}, {"audio", Tag::kAudio},
      {"picture", Tag::kPicture}, {"img", Tag::kImg}, {"source", Tag::kSource}, {"form", Tag::kForm},
      {"input", Tag::kInput}, {"button", Tag::kButton}, {"select", Tag::kSelect},
      {"option", Tag::kOption}, {"textarea", Tag::kTextarea}, {"label", Tag::kLabel},
      {"fieldset", Tag::kFieldset}, {"dialog", Tag::kDialog}, {"nav", Tag::kNav},
      {"header", Tag::kHeader}, {"footer", Tag::kFooter}, {"aside", Tag::kAside}, {"main", Tag::kMain},
      {"article", Tag::kArticle}, {"section", Tag::kSection}, {"div", Tag::kDiv},
      {"center", Tag::kCenter}, {"p", Tag::kP}, {"h1", Tag::kH1}, {"h2", Tag::kH2}, {"h3", Tag::kH3},
      {"h4", Tag::kH4}, {"h5", Tag::kH5}, {"h6", Tag::kH6}, {"hgroup", Tag::kHgroup}, {"ul", Tag::kUl},
      {"ol", Tag::kOl}, {"li", Tag::kLi}, {"dl", Tag::kDl}, {"dt", Tag::kDt}, {"dd", Tag::kDd},
      {"menu", Tag::kMenu}, {"blockquote", Tag::kBlockquote}, {"pre", Tag::kPre}, {"code", Tag::kCode},
      {"address", Tag::kAddress}, {"figure", Tag::kFigure}, {"figcaption", Tag::kFigcaption},
      {"details", Tag::kDetails}, {"summary", Tag::kSummary}, {"table", Tag::kTable},
      {"thead", Tag::kThead}, {"tbody", Tag::kTbody}, {"tfoot", Tag::kTfoot}, {"tr", Tag::kTr},
      {"td", Tag::kTd}, {"th", Tag::kTh}, {"caption", Tag::kCaption}, {"a", Tag::kA},
      {"span", Tag::kSpan}, {"br", Tag::kBr}, {"hr", Tag::kHr}, {"time", Tag::kTime},
      {"font", Tag::kFont}, {"b", Tag::kB}, {"strong", Tag::kStrong}, {"em", Tag::kEm}, {"i", Tag::kI},
      {"u", Tag::kU}, {"small", Tag::kSmall}, {"sub", Tag::kSub}, {"sup", Tag::kSup}, {"q", Tag::kQ},
      {"cite", Tag::kCite}, {"abbr", Tag::kAbbr}, {"mark", Tag::kMark}, {"del", Tag::kDel},
      {"ins", Tag::kIns}, {"s", Tag::kS},
  };
  return names;
}

// HTML5 reads the character references &#128; to &#159; as windows-1252
// ("&#132;Haus&#147;" is „Haus“, "&#150;" a dash), as pages written in that
// charset mean them; libxml2 gives the C1 controls U+0080 to U+009F, which
// no text means either. Appends text to out so; returns the bytes appended.
std::size_t append_text(std::string& out, const char* text) {
  const std::size_t before = out.size();
  const std::size_t size = std::strlen(text);
  std::size_t from = 0;
  for (const char* c1 = static_cast<const char*>(std::memchr(text, 0xC2, size)); c1;
       c1 = static_cast<const char*>(std::memchr(c1 + 1, 0xC2, size - static_cast<std::size_t>(c1 + 1 - text)))) {
    const char32_t mapped = windows1252_c1(static_cast<unsigned char>(c1[1]));
    if (!mapped) continue;
    const std::size_t at = static_cast<std::size_t>(c1 - text);
    out.append(text + from, at - from);
    append_utf8(out, mapped);
    from = at + 2;
  }
  out.append(text + from, size - from);
  return out.size() - before;
}

bool attr_from_name(std::string_view n, Attr& out) {
  static const std::unordered_map<std::string_view, Attr> names = {
      {"id", Attr::kId}, {"class", Attr::kClass}, {"role", Attr::kRole}, {"itemprop", Attr::kItemprop},
      {"itemtype", Attr::kItemtype}, {"itemscope", Attr::kItemscope}, {"property", Attr::kProperty},
      {"name", Attr::kName}, {"content", Attr::kContent}, {"href", Attr::kHref},
      {"datetime", Attr::kDatetime}, {"rel", Attr::kRel}, {"type", Attr::kType}, {"lang", Attr::kLang},
      {"xml:lang", Attr::kXmlLang}, {"style", Attr::kStyle}, {"hidden", Attr::kHidden},
      {"aria-hidden", Attr::kAriaHidden}, {"aria-label", Attr::kAriaLabel}, {"charset", Attr::kCharset},
      {"http-equiv", Attr::kHttpEquiv}, {"pubdate", Attr::kPubdate}, {"title", Attr::kTitle},
      {"data-testid", Attr::kDataTestid}, {"data-component", Attr::kDataComponent},
  };
  const auto it = names.find(n);
  if (it == names.end()) return false;
  out = it->second;
  return true;
}

// Counts what the parser builds and stops it at the budget.
struct Budget {
  std::size_t left;
  bool exhausted = false;
  startElementSAXFunc start_element;
  charactersSAXFunc characters;
  charactersSAXFunc cdata;
};

void spend(htmlParserCtxtPtr ctxt) {
  auto* budget = static_cast<Budget*>(ctxt->_private);
  if (budget->left > 0) {
    --budget->left;
    return;
  }
  if (!budget->exhausted) {
    budget->exhausted = true;
    xmlStopParser(ctxt);
  }
}

void counted_start(void* ctx, const xmlChar* name, const xmlChar** attrs) {
  auto* ctxt = static_cast<htmlParserCtxtPtr>(ctx);
  spend(ctxt);
  auto* budget = static_cast<Budget*>(ctxt->_private);
  if (!budget->exhausted) budget->start_element(ctx, name, attrs);
}

void counted_characters(void* ctx, const xmlChar* text, int len) {
  auto* ctxt = static_cast<htmlParserCtxtPtr>(ctx);
  spend(ctxt);
  auto* budget = static_cast<Budget*>(ctxt->_private);
  if (!budget->exhausted) budget->characters(ctx, text, len);
}

void counted_cdata(void* ctx, const xmlChar* text, int len) {
  auto* ctxt = static_cast<htmlParserCtxtPtr>(ctx);
  spend(ctxt);
  auto* budget = static_cast<Budget*>(ctxt->_private);
  if (!budget->exhausted) budget->cdata(ctx, text, len);
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) n = 2, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0) n = 3, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0) n = 4, cp = c & 0x07;
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += n;
  }
  return true;
}

bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// libxml2 ignores the end tag of an element while a <div> opened inside it
// is still open (an end tag closes only elements of its priority or lower),
// where an HTML5 parser closes the <div>: <button><div></button> or
// <noscript><div></noscript> left the rest of the page inside a control,
// which is never text. A control that holds the blocks of a page (headings,
// paragraphs, an article: none is allowed inside one) and many elements
// swallowed them, and becomes the plain box it then is.
bool is_control(Tag t) {
  return t == Tag::kButton || t == Tag::kSelect || t == Tag::kOption || t == Tag::kTextarea || t == Tag::kNoscript;
}

bool is_page_block(Tag t) {
  switch (t) {
    case Tag::kMain: case Tag::kArticle: case Tag::kSection: case Tag::kP: case Tag::kH1: case Tag::kH2:
    case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6: case Tag::kTable: case Tag::kBlockquote:
      return true;
    default:
      return false;
  }
}

constexpr std::uint32_t kSwallowedNodes = 50;

void unswallow(std::vector<Node>& nodes) {
  std::vector<bool> holds_block(nodes.size(), false);
  for (std::size_t k = nodes.size(); k-- > 1;)
    if (nodes[k].parent != kNoNode && (holds_block[k] || is_page_block(nodes[k].tag))) holds_block[nodes[k].parent] = true;
  for (std::uint32_t k = 0; k < nodes.size(); ++k)
    if (is_control(nodes[k].tag) && holds_block[k] && nodes[k].end - k > kSwallowedNodes) nodes[k].tag = Tag::kDiv;
}

// Where "<name" (or "</name" for a name starting with '/') starts at or
// after from, in any case, followed by the end of the tag name; npos if not.
std::size_t find_tag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t at = html.find('<', from); at != std::string_view::npos; at = html.find('<', at + 1)) {
    if (html.size() - at < name.size() + 2) return std::string_view::npos;
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k)
      same = std::tolower(static_cast<unsigned char>(html[at + 1 + k])) == name[k];
    const char after = html[at + 1 + name.size()];
    if (same && (after == '>' || after == '/' || after == ' ' || after == '\t' || after == '\n' || after == '\r' ||
                 after == '\f'))
      return at;
  }
  return std::string_view::npos;
}

// Browsers run scripts, and so read a <noscript>'s content as text up to
// its </noscript>; libxml2 reads it as markup, and an element left open in
// it (<noscript><div id="nojs"></noscript>) swallows the rest of the page,
// which inside a noscript is never text. The content of each closed
// noscript (outside comments, scripts and styles) is dropped before parsing:
// it is never text anyway. Returns false, writing nothing, when none has any.
bool drop_noscript_content(std::string_view html, std::string& out) {
  std::size_t copied = 0, at = 0;
  bool dropped = false;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    // Only a comment, <script>, <style> or <noscript> matters here: most
    // tags are passed over on their first letter.
    const char lead = at + 1 < html.size() ? static_cast<char>(html[at + 1] | 0x20) : '\0';
    if (lead != '!' && lead != 's' && lead != 'n') {
      ++at;
      continue;
    }
    if (html.compare(at, 4, "<!--") == 0) {
      at = html.find("-->", at + 4);
      if (at == std::string_view::npos) break;
      continue;
    }
    std::size_t next = at + 1;
    for (const std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
      if (find_tag(html.substr(0, at + raw.size() + 2), at, raw) != at) continue;
      const std::string close = "/" + std::string(raw);
      next = find_tag(html, at + 1, close);
      break;
    }
    if (next == std::string_view::npos) break;
    if (next == at + 1 && find_tag(html.substr(0, at + 10), at, "noscript") == at) {
      const std::size_t open_end = html.find('>', at);
      if (open_end == std::string_view::npos) break;
      const std::size_t close = find_tag(html, open_end, "/noscript");
      if (close == std::string_view::npos) break;
      if (close > open_end + 1) {
        out.append(html.data() + copied, open_end + 1 - copied);
        copied = close;
        dropped = true;
      }
      next = close + 1;
    }
    at = next;
  }
  if (!dropped) return false;
  out.append(html.data() + copied, html.size() - copied);
  return true;
}

}  // namespace

struct DomBuilder {
  Dom dom;
  std::vector<std::uint32_t> last_child;

  std::uint32_t add(Tag tag, std::uint32_t parent) {
    const auto index = static_cast<std::uint32_t>(dom.nodes_.size());
    Node n;
    n.tag = tag;
    n.parent = parent;
    dom.nodes_.push_back(n);
    last_child.push_back(kNoNode);
    if (parent != kNoNode) {
      if (last_child[parent] == kNoNode)
        dom.nodes_[parent].first_child = index;
      else
        dom.nodes_[last_child[parent]].next_sibling = index;
      last_child[parent] = index;
    }
    return index;
  }

  void add_text(const char* text, std::uint32_t parent) {
    if (!*text) return;
    // Adjacent text (libxml2 may split it) joins one node.
    const std::uint32_t prev = last_child[parent];
    if (prev != kNoNode && dom.nodes_[prev].tag == Tag::kText &&
        dom.nodes_[prev].text_begin + dom.nodes_[prev].text_size == dom.text_.size()) {
      dom.nodes_[prev].text_size += static_cast<std::uint32_t>(append_text(dom.text_, text));
      return;
    }
    const std::uint32_t i = add(Tag::kText, parent);
    dom.nodes_[i].text_begin = static_cast<std::uint32_t>(dom.text_.size());
    dom.nodes_[i].text_size = static_cast<std::uint32_t>(append_text(dom.text_, text));
  }

  void add_attributes(std::uint32_t index, const xmlNode* element) {
    Node& n = dom.nodes_[index];
    n.attr_begin = static_cast<std::uint32_t>(dom.attributes_.size());
    for (const xmlAttr* a = element->properties; a; a = a->next) {
      Attr name;
      if (!a->name || !attr_from_name(reinterpret_cast<const char*>(a->name), name)) continue;
      const char* value = "";
      if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
        value = reinterpret_cast<const char*>(a->children->content);
      const auto begin = static_cast<std::uint32_t>(dom.text_.size());
      const auto size = static_cast<std::uint32_t>(append_text(dom.text_, value));
      dom.attributes_.push_back({name, begin, size});
    }
    n.attr_count = static_cast<std::uint32_t>(dom.attributes_.size()) - n.attr_begin;
  }

  // Copies the libxml2 tree under root (an element), iteratively.
  void copy(const xmlNode* root) {
    const auto& names = tag_names();
    const xmlNode* x = root;
    std::uint32_t parent = kNoNode;
    while (true) {
      if (x->type == XML_ELEMENT_NODE) {
        const auto it = names.find(reinterpret_cast<const char*>(x->name));
        const std::uint32_t i = add(it == names.end() ? Tag::kOther : it->second, parent);
        add_attributes(i, x);
        if (x->children) {
          parent = i;
          x = x->children;
          continue;
        }
      } else if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content &&
                 parent != kNoNode) {
        add_text(reinterpret_cast<const char*>(x->content), parent);
      }
      while (x != root && !x->next) {
        x = x->parent;
        parent = dom.nodes_[parent].parent;
      }
      if (x == root) break;
      x = x->next;
    }
  }
};

Dom Dom::parse(std::string_view html, std::size_t max_nodes) {
  // NUL bytes dropped and invalid UTF-8 repaired (U+FFFD) first: libxml2
  // would pass broken sequences through into the text.
  std::string clean;
  if (html.find('\0') != std::string_view::npos || !is_valid_utf8(html)) {
    clean.reserve(html.size());
    for (char c : html)
      if (c != '\0') clean.push_back(c);
    repair_utf8(clean);
    html = clean;
  }
  std::string without_noscript;
  if (drop_noscript_content(html, without_noscript)) html = without_noscript;
  // libxml2 2.9 sets itself up on first use, and two threads doing so at once
  // can leak its locks or deadlock on them: set up once, before any parse.
  [[maybe_unused]] static const bool parser_ready = (xmlInitParser(), true);
  DomBuilder builder;
  if (html.size() > static_cast<std::size_t>(INT_MAX)) html = html.substr(0, INT_MAX);
  htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
  if (!ctxt) return std::move(builder.dom);
  Budget budget{max_nodes, false, ctxt->sax->startElement, ctxt->sax->characters, ctxt->sax->cdataBlock};
  ctxt->_private = &budget;
  ctxt->sax->startElement = counted_start;
  ctxt->sax->characters = counted_characters;
  if (ctxt->sax->cdataBlock) ctxt->sax->cdataBlock = counted_cdata;
  // XML_PARSE_HUGE lifts libxml2's nesting limit of 256 (past it, it would drop
  // the rest of the page); the text is UTF-8 already, whatever the page declares.
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                      HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  htmlDocPtr doc = htmlCtxtReadMemory(ctxt, html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options);
  builder.dom.truncated_ = budget.exhausted;
  if (doc) {
    if (const xmlNode* root = xmlDocGetRootElement(doc)) {
      builder.dom.nodes_.reserve(max_nodes < 4096 ? max_nodes : 4096);
      builder.copy(root);
      auto& nodes = builder.dom.nodes_;
      for (std::uint32_t k = 0; k < nodes.size(); ++k) nodes[k].end = k + 1;
      for (std::uint32_t k = static_cast<std::uint32_t>(nodes.size()); k-- > 1;)
        if (nodes[k].parent != kNoNode)
          nodes[nodes[k].parent].end = std::max(nodes[nodes[k].parent].end, nodes[k].end);
      unswallow(nodes);
    }
    xmlFreeDoc(doc);
  }
  htmlFreeParserCtxt(ctxt);
  return std::move(builder.dom);
}

std::string_view Dom::attr(std::uint32_t i, Attr a) const {
  const Node& n = nodes_[i];
  for (std::uint32_t k = n.attr_begin; k < n.attr_begin + n.attr_count; ++k)
    if (attributes_[k].name == a) return {text_.data() + attributes_[k].begin, attributes_[k].size};
  return {};
}

bool Dom::has(std::uint32_t i, Attr a) const {
  const Node& n = nodes_[i];
  for (std::uint32_t k = n.attr_begin; k < n.attr_begin + n.attr_count; ++k)
    if (attributes_[k].name == a) return true;
  return false;
}

std::uint32_t Dom::next(std::uint32_t i, std::uint32_t top, bool skip_children) const {
  if (!skip_children && nodes_[i].first_child != kNoNode) return nodes_[i].first_child;
  while (i != top && i != kNoNode) {
    if (nodes_[i].next_sibling != kNoNode) return nodes_[i].next_sibling;
    i = nodes_[i].parent;
  }
  return kNoNode;
}

std::string Dom::inner_text(std::uint32_t top) const {
  std::string out;
  std::uint32_t i = top;
  while (i != kNoNode) {
    const Tag t = nodes_[i].tag;
    if (t == Tag::kScript || t == Tag::kStyle || t == Tag::kTemplate) {
      i = i == top ? kNoNode : next(i, top, true);
      continue;
    }
    if (t == Tag::kText)
      append_collapsed(out, text(i));
    else if ((is_block(t) || t == Tag::kBr) && !out.empty() && out.back() != ' ')
      out.push_back(' ');
    i = next(i, top);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_heading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

bool is_block(Tag t) {
  switch (t) {
    case Tag::kP: case Tag::kDiv: case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4:
    case Tag::kH5: case Tag::kH6: case Tag::kLi: case Tag::kUl: case Tag::kOl: case Tag::kDl:
    case Tag::kDt: case Tag::kDd: case Tag::kBlockquote: case Tag::kPre: case Tag::kTable:
    case Tag::kTr: case Tag::kTd: case Tag::kTh: case Tag::kThead: case Tag::kTbody: case Tag::kTfoot:
    case Tag::kCaption: case Tag::kSection: case Tag::kArticle: case Tag::kMain: case Tag::kAside:
    case Tag::kNav: case Tag::kHeader: case Tag::kFooter: case Tag::kFigure: case Tag::kFigcaption:
    case Tag::kAddress: case Tag::kForm: case Tag::kFieldset: case Tag::kCenter: case Tag::kHr:
    case Tag::kDetails: case Tag::kSummary: case Tag::kMenu: case Tag::kHgroup: case Tag::kBody:
    case Tag::kHtml: case Tag::kDialog: case Tag::kOption: case Tag::kSelect:
      return true;
    default:
      return false;
  }
}

void append_collapsed(std::string& out, std::string_view text) {
  bool space = out.empty() || out.back() == ' ';
  for (std::size_t k = 0; k < text.size(); ++k) {
    const auto c = static_cast<unsigned char>(text[k]);
    bool ws = is_space(c);
    if (!ws && c == 0xC2 && k + 1 < text.size() && static_cast<unsigned char>(text[k + 1]) == 0xA0) {
      ws = true;  // NBSP
      ++k;
    }
    if (ws) {
      if (!space && !out.empty()) out.push_back(' ');
      space = true;
    } else {
      out.push_back(static_cast<char>(c));
      space = false;
    }
  }
}

std::string collapse_whitespace(std::string_view text) {
  std::string out;
  append_collapsed(out, text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace quarry::web
