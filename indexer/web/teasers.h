// Sidebar stories: groups of teasers for other stories, each a link with a
// headline and a date or a summary. Found by shape (two or more sibling items
// of one kind, each led by one headline link, with more text in a block of
// its own), not by site.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "html_dom.h"
#include "main_text.h"
#include "page.h"

namespace quarry::web {

struct TeaserGroup {
  std::uint32_t container;            // the common parent of the items
  std::vector<std::uint32_t> items;   // each item's element
  std::vector<Teaser> teasers;        // one per item (those without summary or date too)
};

// base: the URL links are resolved against; self: the page's own URLs (its
// address and canonical link), which no teaser points to. month_first: how
// numeric dates read.
std::vector<TeaserGroup> find_teaser_groups(const Dom& dom, const PageText& page, std::string_view base,
                                            const std::vector<std::string>& self, bool month_first);

}  // namespace quarry::web
