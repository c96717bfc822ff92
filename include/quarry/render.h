// Renderers for snippets: the same Snippet value shown as plain text, HTML or
// on a terminal. Escaping happens here and nowhere else.
#pragma once

#include <string>

#include "quarry/search.h"

namespace quarry {

/// HTML with each highlight in <mark>…</mark>; text escaped for element content and attributes.
std::string render_html(const Snippet& snippet);

/// Terminal text; highlights in bold colour when color is true. Control
/// characters in the text are replaced so that a document cannot drive the terminal.
std::string render_ansi(const Snippet& snippet, bool color);

/// Plain text with highlights wrapped in open/close markers, e.g. "[" and "]".
std::string render_marked(const Snippet& snippet, const std::string& open, const std::string& close);

}  // namespace quarry
