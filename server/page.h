// The search page: server/page.html, compiled in (see embed_page.cmake), so
// the binary serves it with no file on disk and nothing else can be served.
#pragma once

namespace quarry::serve {

// The page's HTML, CSS and JavaScript; every "{{NONCE}}" in it is to be
// replaced by the response's Content-Security-Policy nonce.
extern const char* const kSearchPage;

}  // namespace quarry::serve
