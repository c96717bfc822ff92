// Runs extract_page over pages for the extraction benchmark
// (run_extract_bench.py): reads "PATH<TAB>URL" lines on stdin (each PATH a
// UTF-8 HTML file), writes one JSON object per page on stdout, and the CPU
// time spent in extract_page alone on stderr.
#include <nlohmann/json.hpp>

#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "web/main_text.h"
#include "web/metadata.h"
#include "web/page.h"
#include "web/page_trace.h"

namespace {

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

// --debug FILE [URL]: the date decision and the blocks of one page, with what extraction decided about them.
int debug(const char* path, const char* url) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string html = buffer.str();
  using namespace quarry::web;
  const Dom dom = Dom::parse(html);
  const PageText page = segment_page(dom);
  const MainText main = extract_main_text(dom, page);
  auto describe = [&](std::uint32_t e) {
    std::string d = std::to_string(e) + ":" + std::to_string(static_cast<int>(dom.node(e).tag));
    d += "#" + std::string(dom.attr(e, Attr::kId)) + "." + std::string(dom.attr(e, Attr::kClass));
    return d;
  };
  std::string date_trace;
  const WebPage extracted = extract_page(html, url, &date_trace);
  std::cout << date_trace << "date " << extracted.date << "\n";
  const PageMetadata md = read_metadata(dom);
  std::cout << "ld_date " << md.ld_date << " ld_modified " << md.ld_modified << "\n";
  for (const auto& v : md.meta_published) std::cout << "meta_published " << v << "\n";
  for (const auto& v : md.meta_generic) std::cout << "meta_generic " << v << "\n";
  for (const auto& v : md.meta_modified) std::cout << "meta_modified " << v << "\n";
  for (std::uint32_t i = 0; i < dom.size(); ++i)
    if (dom.node(i).tag == Tag::kTime)
      std::cout << "time " << i << " " << dom.attr(i, Attr::kDatetime) << " | " << dom.inner_text(i) << "\n";
  std::cout << "container " << (main.container == kNoNode ? std::string("none") : describe(main.container))
            << " score " << main.score << "\n";
  for (const TextBlock& b : page.blocks) {
    const bool inside = main.container != kNoNode && dom.contains(main.container, b.owner);
    std::string why;
    if (b.boilerplate)
      for (std::uint32_t e = b.owner; e != kNoNode; e = dom.node(e).parent)
        if (page.roles[e] == Role::kBoilerplate || page.roles[e] == Role::kLinkList) why = " by " + describe(e);
    std::cout << (inside ? "IN " : "   ") << (b.boilerplate ? "B " : "  ") << describe(b.owner) << " ld="
              << b.link_density() << why << " | " << b.text << "\n";
  }
  return 0;
}

int main(int argc, char** argv) {
  if ((argc == 3 || argc == 4) && std::string(argv[1]) == "--debug") return debug(argv[2], argc == 4 ? argv[3] : "");
  std::ios::sync_with_stdio(false);
  std::string line;
  double spent = 0;
  std::size_t pages = 0;
  while (std::getline(std::cin, line)) {
    const std::size_t tab = line.find('\t');
    const std::string path = line.substr(0, tab);
    const std::string url = tab == std::string::npos ? std::string() : line.substr(tab + 1);
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string html = buffer.str();
    const double start = cpu_seconds();
    const quarry::web::WebPage page = quarry::web::extract_page(html, url);
    spent += cpu_seconds() - start;
    ++pages;
    nlohmann::json out = {{"path", path},
                          {"is_article", page.is_article},
                          {"title", page.title},
                          {"date", page.date},
                          {"authors", page.authors},
                          {"section", page.section},
                          {"canonical_url", page.canonical_url},
                          {"site_name", page.site_name},
                          {"language", page.language},
                          {"paragraphs", page.paragraphs},
                          {"truncated", page.truncated}};
    nlohmann::json teasers = nlohmann::json::array();
    for (const auto& t : page.teasers)
      teasers.push_back({{"url", t.url}, {"title", t.title}, {"date", t.date}, {"summary", t.summary},
                         {"editorial", t.editorial}});
    out["teasers"] = teasers;
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  }
  std::cerr << nlohmann::json({{"pages", pages}, {"cpu_seconds", spent}}).dump() << '\n';
  return 0;
}
