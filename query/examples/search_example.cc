// Searches a Quarry database and prints each hit with its snippet as HTML.
//   search_example DB QUERY...
// Copy it: it needs only the installed package (find_package(quarry) and
// quarry::query, or pkg-config quarry).
#include <quarry/render.h>
#include <quarry/search.h>

#include <chrono>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: search_example DB QUERY...\n";
    return 2;
  }
  quarry::SearchRequest request;
  for (int i = 2; i < argc; ++i) request.query += std::string(i > 2 ? " " : "") + argv[i];
  request.limit = 5;

  try {
    // Opening is cheap, so a server can open a Searcher per request or per
    // thread; one Searcher must not be used by two threads at once.
    const auto start = std::chrono::steady_clock::now();
    quarry::Searcher searcher(argv[1]);
    const std::chrono::duration<double, std::milli> opened = std::chrono::steady_clock::now() - start;
    std::cerr << "opened " << argv[1] << " (" << searcher.document_count() << " documents) in "
              << opened.count() << " ms\n";

    const quarry::SearchResults results = searcher.search(request);
    for (const quarry::Hit& hit : results.hits) {
      std::cout << hit.rank << ". " << hit.title << " [" << hit.kind << ", "
                << (hit.date.empty() ? "undated" : hit.date) << "]\n   "
                << quarry::render_html(hit.snippet) << "\n";
    }
    return results.hits.empty() ? 1 : 0;
  } catch (const quarry::Error& e) {  // every Quarry exception derives from quarry::Error
    std::cerr << "search_example: " << e.what() << "\n";
    return 2;
  }
}
