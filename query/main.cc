// quarry-search: parse options, validate, call quarry::Searcher, print hits.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "analyser.h"
#include "answer_text.h"
#include "cli_options.h"
#include "hit_format.h"
#include "quarry/json.h"
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
  bool no_collapse = false;
  bool suggest_only = false;
  std::string like;
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
    quarry::JsonOptions json_options;
    json_options.explain = explain_;
    if (qid) json_options.qid = *qid;
    if (count_only_) {
      // --facets with it: the facets too, as quarry-serve's count=1&facets=… answers.
      for (const quarry::Facet& facet : results.facets)
        std::cout << (json_ ? quarry::to_json(facet, json_options) : quarry::format_facet_text(facet)) << '\n';
      const std::size_t count = results.total_matches.value_or(0);
      std::cout << (json_ ? quarry::count_to_json(count, json_options) : std::to_string(count)) << '\n';
      return;
    }
    if (results.partial && !json_ && !warned_) {
      std::cout << "(partial results: some shards could not be searched)\n\n";
      warned_ = true;
    }
    // The suggestion is the query as typed (controls too), corrected.
    if (!results.suggestion.empty() && !json_)
      std::cout << "Did you mean: " << quarry::terminal_safe(results.suggestion) << "?\n\n";
    if (explain_ && !json_ && !results.feedback_terms.empty()) {
      std::cout << "(feedback added:";
      for (const std::string& term : results.feedback_terms) std::cout << ' ' << term;
      std::cout << ")\n";
    }
    const quarry::Hit* previous = nullptr;
    for (const quarry::Hit& hit : results.hits) {
      // A document's further passages follow it under its heading.
      const bool more_of_document = previous && previous->rank == hit.rank && previous->doc == hit.doc;
      if (json_) std::cout << quarry::to_json(hit, results, json_options) << '\n';
      else std::cout << quarry::format_text(hit, color_, explain_, more_of_document) << '\n';
      previous = &hit;
    }
    for (const quarry::Facet& facet : results.facets)
      std::cout << (json_ ? quarry::to_json(facet, json_options) : quarry::format_facet_text(facet)) << '\n';
    if (!results.suggestion.empty() && json_) std::cout << quarry::suggestion_to_json(results, json_options) << '\n';
    if (results.total_hits && json_) std::cout << quarry::total_hits_to_json(*results.total_hits, json_options) << '\n';
    // Text ends with the number of matches (text mode always asks for it);
    // none is said on stderr.
    if (!json_ && results.total_matches && *results.total_matches > 0) {
      if (!results.facets.empty()) std::cout << '\n';
      std::cout << quarry::format_count_text(*results.total_matches) << '\n';
    }
  }
  void heading(const std::string& qid, const std::string& query) {
    if (!json_) std::cout << "## " << quarry::terminal_safe(qid) << ": " << quarry::terminal_safe(query) << "\n\n";
  }

 private:
  bool json_;
  bool color_;
  bool explain_;
  bool count_only_;
  bool warned_ = false;
};

// Whether an answer shows what was asked (exit status 0 rather than 1):
// hits, or with -n 0 or --count, matches.
bool found(const quarry::SearchResults& results, const quarry::SearchRequest& request) {
  return !results.hits.empty() || (request.limit == 0 && results.total_matches.value_or(0) > 0);
}

// Shards left out and not yet reported (at opening, or when one stops
// answering during a batch), and shards that answer again.
void warn_unavailable(const quarry::Searcher& searcher, std::vector<std::string>& reported) {
  const std::vector<std::string>& unavailable = searcher.unavailable_shards();
  for (const std::string& why : unavailable)
    if (std::find(reported.begin(), reported.end(), why) == reported.end())
      std::cerr << "quarry-search: warning: " << quarry::terminal_safe(why) << "; results are partial\n";
  if (unavailable.size() < reported.size())
    std::cerr << "quarry-search: " << reported.size() - unavailable.size()
              << " left-out shard(s) answer again and are searched again\n";
  reported = unavailable;
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
  request.sort = quarry::sort_order_named(options.sort);
  request.collapse = !options.no_collapse;
  request.facets = options.facets;
  request.facet_limit = options.facet_limit;
  // Text output ends with the exact number of matches; JSON carries it only
  // when asked (--count), which keeps batch timings those of the hits alone.
  request.count = options.count || options.format != "json";
  if (options.count) request.limit = 0;
  return request;
}

// One query per line, "id<TAB>query"; blank lines and lines starting with #
// are skipped. A bad line (no tab, a query error) is named with its line
// number and the rest are answered; the status is then 1.
int run_batch(const Options& options, quarry::Searcher& searcher, Printer& printer, std::vector<std::string>& reported) {
  std::error_code ec;
  if (std::filesystem::is_directory(options.queries_file, ec))
    throw quarry::UsageError("queries file '" + options.queries_file + "' is a folder; give the file of queries");
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
  auto bad_line = [&](const std::string& why) {
    std::cerr << "quarry-search: " << quarry::terminal_safe(options.queries_file) << ":" << line_number << ": "
              << quarry::terminal_safe(why) << "\n";
    status = quarry::cli::kExitPartial;
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      bad_line("expected 'id<TAB>query' (no tab on this line); skipped");
      continue;
    }
    const std::string qid = line.substr(0, tab);
    const std::string query = line.substr(tab + 1);
    if (query.find_first_not_of(" \t") == std::string::npos) {
      bad_line("query '" + qid + "' is empty; skipped");
      continue;
    }
    try {
      if (options.suggest_only) {
        const std::string corrected = searcher.suggest(query);
        if (!corrected.empty()) std::cout << quarry::terminal_safe(qid) << '\t' << quarry::terminal_safe(corrected) << '\n';
        continue;
      }
      const auto started = std::chrono::steady_clock::now();
      const quarry::SearchResults results = searcher.search(make_request(options, query));
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      warn_unavailable(searcher, reported);
      printer.heading(qid, query);
      printer.print(results, &qid);
      if (timings) timings << qid << '\t' << ms << '\n';
    } catch (const quarry::UsageError& e) {
      bad_line(e.what());
    }
  }
  if (in.bad())
    throw quarry::Error("reading queries file '" + options.queries_file + "' failed after line " +
                        std::to_string(line_number) + "; the queries after it were not run");
  if (timings.is_open() && !timings.flush())
    throw quarry::Error("cannot write timings file '" + options.timings_file + "': what was written is incomplete");
  return status;
}

// --show DOC [QUERY]: one whole document, the query's words highlighted.
int show_document(const Options& options, quarry::Searcher& searcher, const std::string& query) {
  const std::optional<quarry::DocumentText> document = searcher.document(options.show, query);
  if (!document) {
    std::cerr << "quarry-search: no document '" << options.show << "' in '" << joined(options.db) << "'\n";
    return quarry::cli::kExitPartial;
  }
  if (options.format == "json") std::cout << quarry::to_json(*document) << '\n';
  else std::cout << quarry::format_document_text(*document, use_color(options.color));
  return quarry::cli::kExitOk;
}

int show_info(const Options& options, quarry::Searcher& searcher) {
  const quarry::DatabaseInfo info = searcher.info();
  if (options.format == "json") std::cout << quarry::to_json(info) << '\n';
  else std::cout << "database: " << joined(options.db) << '\n' << quarry::format_info_text(info);
  return quarry::cli::kExitOk;
}

// --show and --info stand alone; --count goes with a query or a batch.
void check_modes(const Options& options) {
  const bool show = !options.show.empty(), batch = !options.queries_file.empty();
  if (show + options.info + options.count > 1 || ((show || options.info) && batch))
    throw quarry::UsageError("--show, --info and --count go one at a time (--count may go with --queries)");
  if (options.info && !options.words.empty()) throw quarry::UsageError("--info takes no query");
  // --show and --info would print what they always do, beside no search.
  if ((show || options.info) && !options.like.empty())
    throw quarry::UsageError(std::string("--like searches; it does not go with ") + (show ? "--show" : "--info"));
  if ((show || options.info) && !options.facets.empty())
    throw quarry::UsageError("--facets goes with a query, not with --show or --info");
}

int run(const Options& options) {
  check_modes(options);
  std::string query;
  for (const std::string& word : options.words) query += (query.empty() ? "" : " ") + word;
  if (!options.like.empty()) {
    if (!options.queries_file.empty()) throw quarry::UsageError("--like takes one query, not --queries");
    query = quarry::like_query(options.like, query);
  }
  const bool browsing = !options.show.empty() || options.info;  // a query is optional, or none
  if (!browsing) {
    if (!options.queries_file.empty() && !options.words.empty())
      throw quarry::UsageError("give a query or --queries FILE, not both (the query would be ignored)");
    if (!options.timings_file.empty() && options.queries_file.empty())
      throw quarry::UsageError("--timings needs --queries FILE (it times each query of a batch)");
    // The bounds of the options are the library's, as for every program that
    // takes requests: checked before anything is opened (for a batch, with a
    // stand-in for its queries, which are checked line by line).
    quarry::validate(make_request(options, options.queries_file.empty() ? query : "batch"));
  }
  quarry::SearcherOptions searcher_options;
  searcher_options.allow_partial = options.allow_partial;
  quarry::Searcher searcher(options.db, searcher_options);
  std::vector<std::string> reported;
  warn_unavailable(searcher, reported);
  if (!options.analysis.language.empty() &&
      quarry::Analyser::canonical_language(options.analysis.language) != searcher.language())
    throw quarry::UsageError("database '" + joined(options.db) + "' was built with --language " +
                             searcher.language() + ", not " + options.analysis.language);
  if (options.info) return show_info(options, searcher);
  if (!options.show.empty()) return show_document(options, searcher, query);
  Printer printer(options);
  if (!options.queries_file.empty()) return run_batch(options, searcher, printer, reported);
  if (options.suggest_only) {
    const std::string corrected = searcher.suggest(query);
    if (corrected.empty()) return quarry::cli::kExitPartial;
    std::cout << quarry::terminal_safe(corrected) << '\n';
    return quarry::cli::kExitOk;
  }
  const quarry::SearchRequest request = make_request(options, query);
  const quarry::SearchResults results = searcher.search(request);
  warn_unavailable(searcher, reported);
  printer.print(results, nullptr);
  if (!found(results, request)) {
    if (options.format != "json" && !options.count) {
      if (options.offset > 0 && results.estimated_matches > 0)
        std::cerr << "No hits at --offset " << options.offset << ": the query matches "
                  << results.estimated_matches << " document" << (results.estimated_matches == 1 ? "" : "s") << ".\n";
      else
        std::cerr << "No matches.\n";
    }
    return quarry::cli::kExitPartial;
  }
  return quarry::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search a Quarry database. Query words after -- are never read as options."};
  Options options;
  quarry::cli::add_database_locations_option(app, options.db);
  quarry::cli::add_allow_partial_flag(app, options.allow_partial, "a warning on stderr, \"partial\":true in JSON",
                                      "failing");
  quarry::cli::add_analysis_options(app, options.analysis);
  // Bounds are the library's (quarry::validate); CLI11 would read "-5" as a
  // huge unsigned number, so a sign is refused here, in the server's words.
  auto whole_number = [](const std::string& what) {
    return CLI::Validator(
        [what](std::string& value) {
          return value.find_first_not_of("0123456789") == std::string::npos && !value.empty()
                     ? std::string()
                     : what + " must be a whole number, not '" + value + "'";
        },
        "", "whole number");
  };
  app.add_option("-n,--limit", options.limit,
                 "Documents to show, each with its passages (at most " + std::to_string(quarry::kMaxLimit) +
                     "; 0: only how many match, and the facets)")
      ->check(whole_number("limit"))
      ->capture_default_str();
  app.add_option("--offset", options.offset, "Documents to skip, for paging (at most " + std::to_string(quarry::kMaxOffset) + ")")
      ->check(whole_number("offset"))
      ->capture_default_str();
  app.add_option("--passages-per-doc", options.passages_per_doc, "Passages shown per document (1 to " + std::to_string(quarry::kMaxPassagesPerDoc) + ")")
      ->check(whole_number("passages"))
      ->capture_default_str();
  app.add_option("--snippet-bytes", options.snippet_bytes, "Longest snippet in bytes (" + std::to_string(quarry::kMinSnippetBytes) + " to " +
                     std::to_string(quarry::kMaxSnippetBytes) + "; 0: none)")
      ->check(whole_number("snippet_bytes"))
      ->capture_default_str();
  app.add_option("--format", options.format, "Output: text or json (one object per hit per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  app.add_option("--color", options.color, "Highlight in colour: auto (a terminal, no NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  app.add_option("--sort", options.sort, "Order: relevance, date (newest first) or date-asc (oldest first)")
      ->capture_default_str();
  app.add_flag("--count", options.count, "Print only the number of matching documents (exact)");
  app.add_option("--facets", options.facets,
                 "Count the matches per value of FIELD,...: section, kind, date, year, month, site, author, language")
      ->delimiter(',')
      ->allow_extra_args(false);
  app.add_option("--facet-limit", options.facet_limit, "Most values shown per facet (0: all)")
      ->check(whole_number("facet_limit"))
      ->capture_default_str();
  // An empty id (an unset shell variable, `--show "$ID"`) named no document
  // and counted as no --show at all: "give a query", or a search for the rest.
  const CLI::Validator document_id(
      [](std::string& value) { return value.empty() ? "give a document id (a hit's doc), not an empty one" : std::string(); },
      "", "DOC");
  app.add_option("--show", options.show, "Print the whole document DOC (a hit's doc id); a query highlights its words")
      ->check(document_id);
  app.add_flag("--info", options.info, "Describe the database: documents, dates, sections, analyser, size");
  app.add_option("--queries", options.queries_file, "Batch: run each line 'id<TAB>query' of FILE");
  app.add_option("--timings", options.timings_file, "Batch: write 'id<TAB>milliseconds' per query to FILE");
  app.add_flag("--explain", options.explain, "Show how each hit's score was composed");
  app.add_flag("--no-collapse", options.no_collapse,
               "Show near-duplicates (updated versions, copies of one story) as hits of their own");
  app.add_flag("--suggest", options.suggest_only,
               "Print only the query with misspelled words corrected (exit 1 and nothing when none is needed; "
               "with --queries, 'id<TAB>corrected' for each query that needs it)");
  app.add_option("--like", options.like, "Find the documents most like document DOC (its id)")
      ->type_name("DOC")
      ->check(document_id);
  app.add_option("query", options.words, "Query text");
  return quarry::cli::parse_and_run(app, argc, argv, "quarry-search", [&] { return run(options); }, true);
}
