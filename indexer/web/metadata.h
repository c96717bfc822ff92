// What a page says about itself in markup: <title>, <meta> tags (Open Graph,
// Dublin Core, article:*), <link rel=canonical>, JSON-LD and microdata. Raw
// candidates here; extract_page decides among them with the page's text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "html_dom.h"

namespace quarry::web {

struct PageMetadata {
  std::string title_tag;        // <title>
  std::string og_title, twitter_title, meta_title;  // og:title, twitter:title, dc.title...
  std::string ld_headline;      // JSON-LD headline (or name) of the article object
  std::string ld_name;          // its name, when it has a headline too (Wikipedia's headline is a description)
  std::string ld_date, ld_modified;
  std::string ld_other_date;    // datePublished of another object (WebPage, HowTo...), or empty
  std::vector<std::string> ld_authors;
  std::string ld_section, ld_publisher, ld_language, ld_url;
  std::string ld_type;          // @type of the article object ("NewsArticle"...), or empty
  bool ld_is_article = false;
  std::string og_type, og_site_name, og_url, og_locale;
  std::string application_name;
  std::string meta_section;     // article:section, parsely-section...
  struct MetaAuthor {
    int rank;  // which tag: 0 (citation_author) first ... name=author, byl last
    std::string name;
  };
  std::vector<MetaAuthor> meta_authors;  // meta name=author, article:author (not URLs)...
  std::string canonical;        // <link rel=canonical href> as written
  std::string base_href;        // <base href>
  std::string html_lang, content_language;
  // Dates from meta tags in order of trust: published first, then generic, then modified.
  std::vector<std::string> meta_published, meta_generic, meta_modified;
  std::vector<std::uint32_t> h1s;  // <h1> elements in document order
};

PageMetadata read_metadata(const Dom& dom);

// Parses one JSON-LD block into md (lenient: bad JSON is skipped).
void read_json_ld(std::string_view json, PageMetadata& md);

}  // namespace quarry::web
