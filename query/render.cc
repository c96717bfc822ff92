#include "quarry/render.h"

#include "terminal_text.h"

namespace quarry {
namespace {

// Calls emit(text_piece, highlighted) for the pieces of the snippet in order.
template <class Emit>
void walk(const Snippet& snippet, Emit emit) {
  std::size_t at = 0;
  for (const Span& span : snippet.highlights) {
    if (span.begin < at || span.end > snippet.text.size() || span.begin > span.end) continue;
    emit(std::string_view(snippet.text).substr(at, span.begin - at), false);
    emit(std::string_view(snippet.text).substr(span.begin, span.end - span.begin), true);
    at = span.end;
  }
  emit(std::string_view(snippet.text).substr(at), false);
}

void append_html_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

// Text from documents must not be able to move the cursor, change colours
// or reorder what is shown.
void append_terminal_safe(std::string& out, std::string_view text) {
  out += terminal_safe(text, ControlStyle::blank);
}

}  // namespace

std::string render_html(const Snippet& snippet) {
  std::string out;
  walk(snippet, [&out](std::string_view piece, bool highlighted) {
    if (highlighted) out += "<mark>";
    append_html_escaped(out, piece);
    if (highlighted) out += "</mark>";
  });
  return out;
}

std::string render_ansi(const Snippet& snippet, bool color) {
  std::string out;
  walk(snippet, [&out, color](std::string_view piece, bool highlighted) {
    if (highlighted && color) out += "\033[1;31m";
    append_terminal_safe(out, piece);
    if (highlighted && color) out += "\033[0m";
  });
  return out;
}

std::string render_marked(const Snippet& snippet, const std::string& open, const std::string& close) {
  std::string out;
  walk(snippet, [&](std::string_view piece, bool highlighted) {
    if (highlighted) out += open;
    out += piece;
    if (highlighted) out += close;
  });
  return out;
}

}  // namespace quarry
