// extract_page with the reasons for its date: the candidates the cascade saw
// and the step that decided. For the benchmark driver's --debug, not for
// the indexer.
#pragma once

#include <string>
#include <string_view>

#include "page.h"

namespace quarry::web {

WebPage extract_page(std::string_view html, std::string_view url, std::string* date_trace);

}  // namespace quarry::web
