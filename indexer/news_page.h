// Understanding a news page: the article, its "Published in" line, its dateline,
// and the sidebar of editorial snippets that news sites print beside it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"

namespace quarry {

struct NewsPage {
  Document article;
  std::vector<Document> editorials;
};

// True when the text looks like a news page (has a "Published in ..." line or a
// sidebar of dated editorial entries).
bool looks_like_news_page(std::string_view text);

// Splits a page into its article and editorials. source names the file; the
// article's id is article_id.
NewsPage parse_news_page(std::string_view text, const std::string& source,
                         const std::string& article_id);

// Removes a trailing "Published in Dawn, April 12th, 2023" line from body and
// returns the date it names (ISO), if any.
std::optional<std::string> strip_published_line(std::string& body);

// "KARACHI: Defence Minister ..." -> "KARACHI"; empty when the text has no dateline.
std::string find_dateline(std::string_view body);

// The first sentence of body (dateline removed), shortened at a word boundary.
std::string first_sentence(std::string_view body);

// The id of an editorial snippet: the same snippet seen on many pages is one document.
std::string editorial_id(const std::string& title, const std::string& date,
                         const std::string& text);

}  // namespace quarry
