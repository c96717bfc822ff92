// A compact, read-only element tree of one HTML page, built by libxml2's HTML
// parser (chosen by measurement: ARCHITECTURE.md) and copied into flat arrays
// so that the extractor walks indices, never libxml2 pointers, and never
// recurses (a page may nest 100,000 elements).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::web {

// The elements extraction tells apart; every other element is kOther.
enum class Tag : std::uint8_t {
  kOther, kText,  // kText: a text node
  kHtml, kHead, kBody, kTitle, kMeta, kLink, kBase,
  kScript, kStyle, kNoscript, kTemplate, kSvg, kMath, kIframe, kObject, kEmbed, kCanvas,
  kVideo, kAudio, kPicture, kImg, kSource,
  kForm, kInput, kButton, kSelect, kOption, kTextarea, kLabel, kFieldset, kDialog,
  kNav, kHeader, kFooter, kAside, kMain, kArticle, kSection, kDiv, kCenter,
  kP, kH1, kH2, kH3, kH4, kH5, kH6, kHgroup,
  kUl, kOl, kLi, kDl, kDt, kDd, kMenu,
  kBlockquote, kPre, kCode, kAddress, kFigure, kFigcaption, kDetails, kSummary,
  kTable, kThead, kTbody, kTfoot, kTr, kTd, kTh, kCaption,
  kA, kSpan, kBr, kHr, kTime, kFont, kB, kStrong, kEm, kI, kU, kSmall, kSub, kSup, kQ, kCite,
  kAbbr, kMark, kDel, kIns, kS,
};

// The attributes extraction reads; others are not kept.
enum class Attr : std::uint8_t {
  kId, kClass, kRole, kItemprop, kItemtype, kItemscope, kProperty, kName, kContent, kHref,
  kDatetime, kRel, kType, kLang, kXmlLang, kStyle, kHidden, kAriaHidden, kAriaLabel,
  kCharset, kHttpEquiv, kPubdate, kTitle, kDataTestid, kDataComponent,
};

constexpr std::uint32_t kNoNode = 0xffffffffu;

struct Node {
  Tag tag = Tag::kOther;
  std::uint32_t parent = kNoNode;
  std::uint32_t first_child = kNoNode;
  std::uint32_t next_sibling = kNoNode;
  std::uint32_t text_begin = 0, text_size = 0;   // text nodes: bytes of Dom::text
  std::uint32_t attr_begin = 0, attr_count = 0;  // elements: entries of Dom::attributes
  std::uint32_t end = 0;  // one past the last node of its subtree (nodes are in preorder)
};

struct AttributeValue {
  Attr name;
  std::uint32_t begin, size;  // bytes of Dom::text
};

class Dom {
 public:
  // Never throws on bad markup. Parsing stops after max_nodes elements and
  // text nodes (truncated() then says so): a 50 MB page must not take
  // gigabytes. NUL bytes are dropped, as an HTML5 parser drops them.
  static Dom parse(std::string_view html, std::size_t max_nodes = kDefaultMaxNodes);
  static constexpr std::size_t kDefaultMaxNodes = 400000;

  std::uint32_t root() const { return nodes_.empty() ? kNoNode : 0; }  // the <html> element
  const Node& node(std::uint32_t i) const { return nodes_[i]; }
  std::size_t size() const { return nodes_.size(); }
  bool truncated() const { return truncated_; }

  std::string_view text(std::uint32_t i) const {
    return {text_.data() + nodes_[i].text_begin, nodes_[i].text_size};
  }
  // The attribute's value, or empty when absent (has() tells the two apart).
  std::string_view attr(std::uint32_t i, Attr a) const;
  bool has(std::uint32_t i, Attr a) const;

  // True when node lies in top's subtree (top included).
  bool contains(std::uint32_t top, std::uint32_t node) const {
    return node >= top && node < nodes_[top].end;
  }

  // Preorder successor of i within the subtree of top (kNoNode at the end);
  // skip_children jumps over i's own subtree.
  std::uint32_t next(std::uint32_t i, std::uint32_t top, bool skip_children = false) const;

  // All text under i, whitespace runs collapsed to one space, trimmed.
  std::string inner_text(std::uint32_t i) const;

 private:
  std::vector<Node> nodes_;
  std::vector<AttributeValue> attributes_;
  std::string text_;
  bool truncated_ = false;
  friend struct DomBuilder;
};

bool is_heading(Tag t);
// Elements that start a new line of text (paragraph-like or structural).
bool is_block(Tag t);

// Appends text to out with runs of whitespace (ASCII and NBSP) collapsed to
// one space; at_space says whether out already ends in a space.
void append_collapsed(std::string& out, std::string_view text);
std::string collapse_whitespace(std::string_view text);

}  // namespace quarry::web
