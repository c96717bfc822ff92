// What Quarry takes from one web page: the article, its metadata and the
// teasers for other stories beside it. A value, computed by extract_page and
// turned into documents by the indexer, so that extraction can be tested and
// benchmarked (quarry-index --extract) without a database.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry::web {

// A teaser for another story: a link with a headline and a date or a summary.
struct Teaser {
  std::string url;       // absolute target URL (resolved against the page's URL)
  std::string title;     // the headline as shown
  std::string date;      // ISO YYYY-MM-DD, or empty
  std::string summary;   // the teaser's text beyond its headline, or empty
  bool editorial = false;  // shown in an opinion/editorial block
};

struct WebPage {
  bool is_article = false;   // false: a home page, section index, search results...
  std::string title;         // headline without the site-name suffix
  std::string date;          // publication date, ISO YYYY-MM-DD, or empty
  std::vector<std::string> authors;
  std::string section;
  std::string canonical_url;  // absolute, or empty
  std::string site_name;
  std::string language;       // BCP 47 as the page declares it ("en", "de-CH"), or empty
  // The article's text (or a non-article page's non-boilerplate text) in
  // reading order: one entry per paragraph, heading, list item, block quote
  // or table row.
  std::vector<std::string> paragraphs;
  std::vector<Teaser> teasers;  // only those with a summary or a date
  // The page was larger than extraction reads (see html_dom.h): what is here
  // comes from its beginning. The indexer names such a page.
  bool truncated = false;
};

// html: the page as UTF-8 (the caller decodes charsets); url: where it was
// found (resolves relative links; may be empty). Never throws on bad markup.
WebPage extract_page(std::string_view html, std::string_view url);

}  // namespace quarry::web
