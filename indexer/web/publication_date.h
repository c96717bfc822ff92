// A page's publication date, by a cascade from what is most trusted to what
// is least: JSON-LD datePublished, published-time meta tags, microdata and
// <time> elements of the article, a date in the URL, a date line near the
// article's text ("Published in Dawn, May 29th, 2024", "Updated 29 May,
// 2024"), and only then modification dates. Never from comments, teasers or
// sidebars; never before 1995 or after tomorrow.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "html_dom.h"
#include "main_text.h"
#include "metadata.h"

namespace quarry::web {

// language: the page's (BCP 47), which hints at its time zone. trace, when
// given, receives the candidates and the step that decided (for --debug).
std::string choose_date(const Dom& dom, const PageText& text, const PageMetadata& md, std::uint32_t container,
                        std::string_view url, bool month_first, std::string_view language,
                        std::string* trace = nullptr);

// Languages spoken mostly in UTC+1 (de, fr, it, pl...).
bool central_european_language(std::string_view language);

}  // namespace quarry::web
