// Finding an article's text in a page: the page cut into text blocks in
// reading order, the container whose blocks read like prose chosen by score
// (Readability's idea: paragraphs vote for their parent and grandparent), and
// the blocks inside it kept unless boilerplate marks, link density or their
// shape say otherwise.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "boilerplate.h"
#include "html_dom.h"

namespace quarry::web {

// A run of text in one block element (a paragraph, heading, list item, cell...).
struct TextBlock {
  std::uint32_t owner = kNoNode;  // the innermost block element holding the text
  std::uint32_t row = kNoNode;    // the table row it sits in, if any
  std::uint32_t start = kNoNode;  // its first text node (blocks are in order of it)
  Tag kind = Tag::kOther;         // owner's tag (kP, kH2, kLi, kTd, kDiv...)
  std::string text;               // whitespace collapsed
  std::size_t link_chars = 0;     // bytes of text inside links
  bool boilerplate = false;       // under an element marked boilerplate
  double link_density() const { return text.empty() ? 0 : static_cast<double>(link_chars) / text.size(); }
};

struct PageText {
  std::vector<TextBlock> blocks;    // every block of the page, in reading order
  std::vector<Role> roles;          // per node, from classify_elements
  std::vector<bool> in_boilerplate; // per node: it or an ancestor is boilerplate
  std::uint32_t body = kNoNode;
};

// Cuts the page into blocks and decides what is boilerplate.
PageText segment_page(const Dom& dom);

struct MainText {
  std::vector<std::string> paragraphs;
  std::uint32_t container = kNoNode;  // the chosen element (kNoNode: none found)
  double score = 0;                   // how article-like the chosen text is
  std::size_t chars = 0;              // characters of paragraph text kept
};

// The article's paragraphs; when no container reads like an article, the
// page's non-boilerplate text (container == kNoNode).
MainText extract_main_text(const Dom& dom, const PageText& page);

// A line every page of a site repeats, whatever box holds it: copyright
// notices, picture credits, date lines, reading times, comment, subscription
// and sharing prompts, headings of the boxes under an article.
bool is_page_chrome(std::string_view text);

// True when node lies in the subtree of top.
bool is_inside(const Dom& dom, std::uint32_t node, std::uint32_t top);

}  // namespace quarry::web
