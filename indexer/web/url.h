// Resolving the links of a page against its URL (RFC 3986, section 5.2, for
// the http(s) URLs pages link to).
#pragma once

#include <string>
#include <string_view>

namespace quarry::web {

// href resolved against base; empty when href is empty, a fragment only, or a
// scheme other than http(s) (javascript:, mailto:). Fragments are dropped.
std::string resolve_url(std::string_view base, std::string_view href);
// href as written, without its fragment, when it is a relative link (no
// scheme, not a fragment only); else empty. For a page saved without its
// address, whose links resolve against nothing.
std::string relative_link(std::string_view href);

// The host of an absolute URL, lower-cased ("www.dawn.com"), or empty.
std::string url_host(std::string_view url);

}  // namespace quarry::web
