// What an element's tag and attributes say about it before any text is
// weighed: never text (scripts, hidden parts, form controls), probably
// boilerplate (navigation, footers, share and cookie boxes, comments...), or
// probably the article's container. Language-neutral: markup only.
#pragma once

#include <cstdint>
#include <vector>

#include "html_dom.h"

namespace quarry::web {

enum class Role : std::uint8_t {
  kNeutral,
  kDrop,         // never text: script, style, hidden, form controls, media
  kBoilerplate,  // footer, sidebar, comments, share, cookie...
  kLinkList,     // named as navigation or a menu: boilerplate when mostly links
  kContent,      // marked as the article's body (itemprop=articleBody, "entry-content"...)
};

// One role per node of dom (text nodes are kNeutral).
std::vector<Role> classify_elements(const Dom& dom);

// True when the element's id or class names comments (for dates and authors
// that must not come from them).
bool names_comments(const Dom& dom, std::uint32_t element);
// True when the element's id/class/heading names an opinion or editorial block.
bool names_opinion(const Dom& dom, std::uint32_t element);
// True when the element's id or class names a recipe's ingredients.
bool names_ingredients(const Dom& dom, std::uint32_t element);

}  // namespace quarry::web
