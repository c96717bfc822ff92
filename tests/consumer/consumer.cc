// Indexes a few documents in code, searches them, and checks the highlighted
// snippet: proof that the installed headers and libraries work on their own.
//   consumer SCRATCH_DIR     (exit 0: all checks passed)
#include <quarry/index.h>
#include <quarry/json.h>
#include <quarry/render.h>
#include <quarry/search.h>

#include <iostream>
#include <string>

namespace {

int failures = 0;

void check(bool ok, const std::string& what) {
  if (!ok) {
    std::cerr << "FAILED: " << what << "\n";
    ++failures;
  }
}

quarry::DocumentInput document(const std::string& id, const std::string& kind,
                               const std::string& title, const std::string& date,
                               const std::string& body) {
  quarry::DocumentInput doc;
  doc.id = id;
  doc.kind = kind;
  doc.title = title;
  doc.date = date;
  doc.source = "consumer";
  doc.body = body;
  return doc;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer SCRATCH_DIR\n";
    return 2;
  }
  const std::string db = std::string(argv[1]) + "/consumer.db";
  try {
    {
      quarry::IndexOptions options;
      options.db_path = db;
      quarry::Indexer indexer(options);
      indexer.add_document(document("a1", "article", "Flood warning", "2025-07-01",
                                    "Heavy rain is expected.\n\n"
                                    "Officials say the river may flood <low> areas & roads."));
      indexer.add_document(document("e1", "editorial", "Dry spell", "2025-06-01",
                                    "No rain for weeks; farmers wait."));
      indexer.add_document(document("a2", "article", "Markets", "2025-05-01",
                                    "Shares rose on Monday."));
      indexer.commit();
      check(indexer.stats().articles == 2 && indexer.stats().editorials == 1, "index stats");
    }

    quarry::Searcher searcher(db);
    check(searcher.document_count() == 3, "document count");
    quarry::SearchRequest request;
    request.query = "flooding";
    const quarry::SearchResults results = searcher.search(request);
    check(results.hits.size() == 1, "one hit for 'flooding'");
    if (!results.hits.empty()) {
      const quarry::Hit& hit = results.hits.front();
      check(hit.doc == "a1" && hit.title == "Flood warning" && hit.date == "2025-07-01", "hit fields");
      const quarry::Snippet& snippet = hit.snippet;
      check(snippet.highlights.size() == 1, "one highlight");
      if (!snippet.highlights.empty()) {
        const quarry::Span span = snippet.highlights.front();
        check(snippet.text.substr(span.begin, span.end - span.begin) == "flood", "highlight span");
      }
      const std::string html = quarry::render_html(snippet);
      check(html.find("<mark>flood</mark>") != std::string::npos, "HTML mark: " + html);
      check(html.find("&lt;low&gt;") != std::string::npos && html.find("&amp;") != std::string::npos,
            "HTML escaping: " + html);
      const std::string marked = quarry::render_marked(snippet, "[", "]");
      check(marked.find("[flood]") != std::string::npos, "marked text: " + marked);
      check(quarry::render_ansi(snippet, true).find("\033[") != std::string::npos, "ANSI colour");
      std::cout << html << "\n";
      // JSON comes as text: no JSON library is needed to use it.
      const std::string json = quarry::to_json(results);
      check(json.rfind("{\"hits\":[{\"rank\":1,", 0) == 0 && json.find("\"doc\":\"a1\"") != std::string::npos,
            "JSON answer: " + json);
    }

    request.query = "rain kind:editorial";
    const quarry::SearchResults editorials = searcher.search(request);
    check(editorials.hits.size() == 1 && editorials.hits.front().doc == "e1", "kind filter");

    try {
      quarry::Searcher missing(std::string(argv[1]) + "/no-such.db");
      check(false, "opening a missing database throws");
    } catch (const quarry::DatabaseError&) {
    }
  } catch (const quarry::Error& e) {
    std::cerr << "FAILED: quarry::Error: " << e.what() << "\n";
    return 1;
  }
  if (failures == 0) std::cout << "consumer: all checks passed\n";
  return failures == 0 ? 0 : 1;
}
