// quarry-search: parse options, validate, call quarry::Searcher, print hits.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>

#include "answer_format.h"
#include "cli_options.h"
#include "hit_format.h"
#include "quarry/search.h"

namespace {

struct Options {
  std::vector<std::string> db;
  bool allow_partial = false;
  quarry::cli::AnalysisOptions analysis;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::size_t passages_per_doc = 1;
  std::size_t snippet_bytes = 240;
  std::string format = "text";
  std::string color = "auto";
  std::string sort = "relevance";
  std::string queries_file;
  std::string timings_file;
  bool explain = false;
  bool count = false;
  std::vector<std::string> facets;
  std::size_t facet_limit = 0;
  std::string show;
  bool info = false;
  std::vector<std::string> words;
};

bool use_color(const std::string& choice) {
  if (choice == "always") return true;
  if (choice == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && !(no_color && *no_color);
}

class Printer {
 public:
  explicit Printer(const Options& options)
      : json_(options.format == "json"),
        color_(use_color(options.color)),
        explain_(options.explain),
        count_only_(options.count) {}
  void print(const quarry::SearchResults& results, const std::string* qid) {
    if (count_only_) {
      const std::size_t count = results.total_matches.value_or(0);
      std::cout << (json_ ? quarry::format_count_json(count, qid) : std::to_string(count)) << '\n';
      return;
    }
    if (results.partial && !json_ && !warned_) {
      std::cout << "(partial results: some shards could not be searched)\n\n";
      warned_ = true;
    }
    if (explain_ && !json_ && !results.feedback_terms.empty()) {
      std::cout << "(feedback added:";
      for (const std::string& term : results.feedback_terms) std::cout << ' ' << term;
      std::cout << ")\n";
    }
    for (const quarry::Hit& hit : results.hits) {
      if (json_) std::cout << quarry::format_json_line(hit, qid, explain_, &results.feedback_terms, results.partial) << '\n';
      else std::cout << quarry::format_text(hit, color_, explain_) << '\n';
    }
    for (const quarry::Facet& facet : results.facets)
      std::cout << (json_ ? quarry::format_facet_json_line(facet, qid) : quarry::format_facet_text(facet)) << '\n';
    // Text ends with the number of matches (asked for in text mode); none
    // is said on stderr, as ever.
    if (!json_ && results.total_matches && *results.total_matches > 0) {
      if (!results.facets.empty()) std::cout << '\n';
      std::cout << quarry::format_count_text(*results.total_matches) << '\n';
    }
  }
  void heading(const std::string& qid, const std::string& query) {
    if (!json_) std::cout << "## " << qid << ": " << query << "\n\n";
  }

 private:
  bool json_;
  bool color_;
  bool explain_;
  bool count_only_;
  bool warned_ = false;
};

// Whether an answer found anything (exit status 0 rather than 1).
bool found(const quarry::SearchResults& results) {
  return !results.hits.empty() || results.total_matches.value_or(0) > 0;
}

// Shards left out so far and not yet reported: at opening, or when one stops
// answering during a batch.
void warn_unavailable(const quarry::Searcher& searcher, std::size_t& reported) {
  const std::vector<std::string>& unavailable = searcher.unavailable_shards();
  for (; reported < unavailable.size(); ++reported)
    std::cerr << "quarry-search: warning: " << unavailable[reported] << "; results are partial\n";
}

std::string joined(const std::vector<std::string>& locations) {
  std::string out;
  for (const std::string& location : locations) out += (out.empty() ? "" : ", ") + location;
  return out;
}

quarry::SearchRequest make_request(const Options& options, std::string query) {
  quarry::SearchRequest request;
  request.query = std::move(query);
  request.limit = options.limit;
  request.offset = options.offset;
  request.passages_per_doc = options.passages_per_doc;
  request.snippet_bytes = options.snippet_bytes;
  request.sort = options.sort == "date"       ? quarry::SortOrder::date
                 : options.sort == "date-asc" ? quarry::SortOrder::date_ascending
                                              : quarry::SortOrder::relevance;
  request.facets = options.facets;
  request.facet_limit = options.facet_limit;
  // Text output ends with the exact number of matches; JSON carries it only
  // when asked (--count), which keeps batch timings those of the hits alone.
  request.count = options.count || options.format != "json";
  if (options.count) request.limit = 0;
  return request;
}

// One query per line, "id<TAB>query"; a line without a tab is its own id's query.
int run_batch(const Options& options, quarry::Searcher& searcher, Printer& printer, std::size_t& reported) {
  std::ifstream in(options.queries_file);
  if (!in) throw quarry::UsageError("cannot read queries file '" + options.queries_file + "'");
  std::ofstream timings;
  if (!options.timings_file.empty()) {
    timings.open(options.timings_file);
    if (!timings) throw quarry::UsageError("cannot write timings file '" + options.timings_file + "'");
  }
  std::string line;
  std::size_t line_number = 0;
  int status = quarry::cli::kExitOk;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    const std::string qid = tab == std::string::npos ? std::to_string(line_number) : line.substr(0, tab);
    const std::string query = tab == std::string::npos ? line : line.substr(tab + 1);
    try {
      const auto started = std::chrono::steady_clock::now();
      const quarry::SearchResults results = searcher.search(make_request(options, query));
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      warn_unavailable(searcher, reported);
      printer.heading(qid, query);
      printer.print(results, &qid);
      if (timings) timings << qid << '\t' << ms << '\n';
    } catch (const quarry::UsageError& e) {
      std::cerr << "quarry-search: " << options.queries_file << ":" << line_number << ": " << e.what() << "\n";
      status = quarry::cli::kExitError;
    }
  }
  return status;
}

std::string joined_words(const std::vector<std::string>& words) {
  std::string query;
  for (const std::string& word : words) query += (query.empty() ? "" : " ") + word;
  return query;
}

// --show DOC [QUERY]: one whole document, the query's words highlighted.
int show_document(const Options& options, quarry::Searcher& searcher) {
  const std::optional<quarry::DocumentText> document = searcher.document(options.show, joined_words(options.words));
  if (!document) {
    std::cerr << "quarry-search: no document '" << options.show << "' in '" << joined(options.db) << "'\n";
    return quarry::cli::kExitPartial;
  }
  if (options.format == "json") std::cout << quarry::format_document_json(*document) << '\n';
  else std::cout << quarry::format_document_text(*document, use_color(options.color));
  return quarry::cli::kExitOk;
}

int show_info(const Options& options, quarry::Searcher& searcher) {
  const quarry::DatabaseInfo info = searcher.info();
  if (options.format == "json") std::cout << quarry::format_info_json(info) << '\n';
  else std::cout << "database: " << joined(options.db) << '\n' << quarry::format_info_text(info);
  return quarry::cli::kExitOk;
}

void check_modes(const Options& options) {
  const int modes = !options.show.empty() + options.info + options.count + !options.queries_file.empty();
  if (modes > 1 && !(options.count && !options.queries_file.empty()))
    throw quarry::UsageError("--show, --info and --count go one at a time (--count may go with --queries)");
  if (options.info && !options.words.empty()) throw quarry::UsageError("--info takes no query");
  if ((!options.show.empty() || options.info) && !options.facets.empty())
    throw quarry::UsageError("--facets goes with a query, not with --show or --info");
  if (options.show.empty() && !options.info && options.queries_file.empty() && options.words.empty())
    throw quarry::UsageError("give a query, or --queries FILE");
}

int run(const Options& options) {
  check_modes(options);
  quarry::SearcherOptions searcher_options;
  searcher_options.allow_partial = options.allow_partial;
  quarry::Searcher searcher(options.db, searcher_options);
  std::size_t reported = 0;
  warn_unavailable(searcher, reported);
  if (!options.analysis.language.empty() && options.analysis.language != searcher.language())
    throw quarry::UsageError("database '" + joined(options.db) + "' was built with --language " +
                             searcher.language() + ", not " + options.analysis.language);
  if (!options.show.empty()) return show_document(options, searcher);
  if (options.info) return show_info(options, searcher);
  Printer printer(options);
  if (!options.queries_file.empty()) return run_batch(options, searcher, printer, reported);
  const quarry::SearchResults results = searcher.search(make_request(options, joined_words(options.words)));
  warn_unavailable(searcher, reported);
  printer.print(results, nullptr);
  if (!found(results)) {
    if (options.format != "json" && !options.count) std::cerr << "No matches.\n";
    return quarry::cli::kExitPartial;
  }
  return quarry::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search a Quarry database. Query words after -- are never read as options."};
  Options options;
  quarry::cli::add_database_locations_option(app, options.db);
  app.add_flag("--allow-partial", options.allow_partial,
               "When a remote shard cannot be reached, search the others (a warning on stderr, "
               "\"partial\":true in JSON) instead of failing");
  quarry::cli::add_analysis_options(app, options.analysis);
  app.add_option("-n,--limit", options.limit, "Hits to show")->check(CLI::Range(0, 10000))->capture_default_str();
  app.add_option("--offset", options.offset, "Hits to skip")->capture_default_str();
  app.add_option("--passages-per-doc", options.passages_per_doc, "Passages shown per document")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  app.add_option("--snippet-bytes", options.snippet_bytes, "Longest snippet in bytes (0: none)")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  app.add_option("--format", options.format, "Output: text or json (one object per hit per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--color", options.color, "Highlight in colour: auto (a terminal, no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--sort", options.sort, "Order: relevance, date (newest first) or date-asc (oldest first)")
      ->check(CLI::IsMember({"relevance", "date", "date-asc"}))
      ->capture_default_str();
  app.add_flag("--count", options.count, "Print only the number of matching documents (exact)");
  app.add_option("--facets", options.facets,
                 "Count the matches per value of FIELD,...: section, kind, date, year, month, site, author, language")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--facet-limit", options.facet_limit, "Most values shown per facet (0: all)")->capture_default_str();
  app.add_option("--show", options.show, "Print the whole document DOC (a hit's doc id); a query highlights its words");
  app.add_flag("--info", options.info, "Describe the database: documents, dates, sections, analyser, size");
  app.add_option("--queries", options.queries_file, "Batch: run each line 'id<TAB>query' of FILE");
  app.add_option("--timings", options.timings_file, "Batch: write 'id<TAB>milliseconds' per query to FILE");
  app.add_flag("--explain", options.explain, "Show how each hit's score was composed");
  app.add_option("query", options.words, "Query text");
  return quarry::cli::parse_and_run(app, argc, argv, "quarry-search", [&] { return run(options); });
}
