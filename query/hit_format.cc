#include "hit_format.h"

#include <cstdio>

#include "quarry/render.h"

namespace quarry {

std::string render_title(const std::string& title, const std::vector<Span>& highlights, bool color) {
  if (!color) return render_ansi({title, {}}, false);
  // Bold, with the query's words in the highlight colour; the reset that
  // ends each highlight turns bold back on. (Document text cannot hold an
  // escape: render_ansi replaces control characters.)
  const std::string marked = render_ansi({title, highlights}, true);
  std::string out = "\033[1m";
  for (std::size_t at = 0;;) {
    const std::size_t reset = marked.find("\033[0m", at);
    if (reset == std::string::npos) {
      out.append(marked, at, std::string::npos);
      break;
    }
    out.append(marked, at, reset - at).append("\033[0m\033[1m");
    at = reset + 4;
  }
  return out + "\033[0m";
}

std::string format_text(const Hit& hit, bool color, bool explain, bool more_of_document) {
  std::string out;
  if (more_of_document) {
    out += "   ";
    if (color) out += "\033[2m";
    out += "passage " + std::to_string(hit.passage) + ":";
    if (color) out += "\033[0m";
  } else {
    out = std::to_string(hit.rank) + ". " + render_title(hit.title, hit.title_highlights, color);
    out += "\n   ";
    if (color) out += "\033[2m";
    out += hit.kind;
    out += " \xC2\xB7 " + (hit.date.empty() ? std::string("undated") : hit.date);
    if (!hit.section.empty()) out += " \xC2\xB7 " + render_ansi({hit.section, {}}, false);
    if (!hit.author.empty()) out += " \xC2\xB7 " + render_ansi({hit.author, {}}, false);
    out += " \xC2\xB7 " + render_ansi({hit.url.empty() ? hit.source : hit.url, {}}, false);
    if (hit.passage) out += " \xC2\xB7 passage " + std::to_string(hit.passage);
    if (!hit.similar.empty()) out += " \xC2\xB7 +" + std::to_string(hit.similar.size()) + " similar";
    if (color) out += "\033[0m";
  }
  out += "\n   " + render_ansi(hit.snippet, color) + "\n";
  if (explain) {
    const ScoreParts& e = hit.explanation;
    char line[300];
    std::snprintf(line, sizeof line,
                  "   score %.3f = document BM25 %.3f + %.2f x best passage BM25 %.3f (this passage %.3f)"
                  " + %.2f x proximity %.3f + %.2f x title cover %.3f\n",
                  hit.score, e.document, e.passage_weight, e.best_passage, e.this_passage, e.proximity_weight,
                  e.proximity, e.title_cover_weight, e.title_cover);
    out += line;
  }
  return out;
}

}  // namespace quarry
