// Builds a small Quarry database from documents made in code.
//   index_example DB
// Copy it: it needs only the installed package (find_package(quarry) and
// quarry::index, or pkg-config quarry).
#include <quarry/index.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: index_example DB\n";
    return 2;
  }
  try {
    quarry::IndexOptions options;
    options.db_path = argv[1];  // created when missing
    quarry::Indexer indexer(options);

    quarry::DocumentInput doc;
    doc.id = "river-1";  // adding the same id again replaces the document
    doc.title = "Flood warning for the Indus";
    doc.date = "2025-07-01";
    doc.section = "Pakistan";
    doc.source = "index_example";
    doc.body = "Heavy rain is expected this week.\n\n"
               "The river may flood low-lying areas, officials warned.";
    indexer.add_document(doc);

    doc.id = "editorial-1";
    doc.kind = "editorial";
    doc.title = "Ready for the rains?";
    doc.date = "2025-06-20";
    doc.section = "Editorial";
    doc.body = "Every monsoon brings the same warning, and the same flood of excuses.";
    indexer.add_document(doc);

    // Files and folders work too: indexer.add_path("news/");
    indexer.commit();  // durable and visible to searchers

    const quarry::IndexStats& stats = indexer.stats();
    std::cout << stats.articles << " articles, " << stats.editorials << " editorials, "
              << stats.passages << " passages in " << options.db_path << "\n";
    return stats.any_rejected() ? 1 : 0;
  } catch (const quarry::Error& e) {
    std::cerr << "index_example: " << e.what() << "\n";
    return 2;
  }
}
