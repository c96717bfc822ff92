// quarry-index: parse options, validate, hand them to quarry::Indexer, report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli_options.h"
#include "quarry/index.h"

namespace {

struct Options {
  std::string db;
  quarry::cli::AnalysisOptions analysis;
  std::string format = "auto";
  unsigned jobs = 0;
  unsigned shards = 0;
  bool quiet = false;
  bool no_delete = false;
  bool check = false;
  bool extract = false;
  std::vector<std::string> paths;
};

quarry::InputFormat parse_format(const std::string& name) {
  static const std::map<std::string, quarry::InputFormat> kFormats = {
      {"auto", quarry::InputFormat::automatic},
      {"dawn", quarry::InputFormat::news_page},
      {"jsonl", quarry::InputFormat::jsonl},
      {"text", quarry::InputFormat::text},
      {"html", quarry::InputFormat::html},
      {"warc", quarry::InputFormat::warc}};
  return kFormats.at(name);
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void report_problems(const quarry::IndexStats& stats) {
  for (const quarry::InputProblem& p : stats.problems) {
    std::cerr << "quarry-index: " << (p.rejected ? "" : "skipped ") << quarry::terminal_safe(p.path);
    if (p.count > 1) {
      std::cerr << ": " << p.count << " more like this" << (p.line ? ", the first at line " + std::to_string(p.line) : "")
                << ": " << quarry::terminal_safe(p.reason) << "\n";
      continue;
    }
    if (p.line) std::cerr << ":" << p.line;
    std::cerr << ": " << quarry::terminal_safe(p.reason) << "\n";
  }
}

void report_summary(const quarry::IndexStats& stats, const std::string& db) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", stats.seconds);
  std::cerr << "Indexed " << plural(stats.files_read, "file") << " into " << quarry::terminal_safe(db) << ": "
            << plural(stats.articles, "article") << ", " << plural(stats.editorials, "editorial")
            << (stats.teasers ? ", " + plural(stats.teasers, "teaser") : "")
            << (stats.pages ? ", " + plural(stats.pages, "page") : "")
            << ", " << plural(stats.passages, "passage") << " in " << seconds << "\n";
  if (!stats.records_skipped.empty()) {
    std::size_t total = 0;
    std::string parts;
    for (const auto& [why, n] : stats.records_skipped) {
      total += n;
      parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + why;
    }
    std::cerr << "Archive records holding no page, skipped: " << total << " (" << parts << ")\n";
  }
  if (stats.files_unchanged)
    std::cerr << "Unchanged since last indexed, skipped: " << plural(stats.files_unchanged, "file") << "\n";
  if (stats.files_removed)
    std::cerr << "Gone from indexed folders: " << plural(stats.files_removed, "file") << ", "
              << plural(stats.documents_removed, "document") << " removed\n";
  if (stats.files_skipped) std::cerr << "Skipped " << plural(stats.files_skipped, "file") << "\n";
  std::size_t rejected = 0;
  for (const quarry::InputProblem& p : stats.problems) rejected += p.rejected ? p.count : 0;
  if (rejected) std::cerr << plural(rejected, "problem") << " reported above\n";
}

// One line, rewritten in place, at most a few times a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void operator()(const quarry::IndexStats& stats) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    std::fprintf(stderr, "\r%zu files, %zu documents, %zu passages, %.0f s ", stats.files_read,
                 stats.articles + stats.editorials + stats.teasers + stats.pages, stats.passages, stats.seconds);
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// --extract: what indexing would write, one JSON object per document.
int run_extract(const Options& options) {
  quarry::IndexOptions index_options;
  index_options.format = parse_format(options.format);
  index_options.jobs = options.jobs;
  index_options.language = options.analysis.language;
  index_options.extract_only = true;
  quarry::Indexer indexer(index_options);
  auto or_null = [](const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); };
  indexer.on_document([&](const quarry::DocumentInput& doc) {
    std::string authors;
    for (const std::string& a : doc.authors) authors += (authors.empty() ? "" : ", ") + a;
    nlohmann::ordered_json line;
    line["id"] = doc.id;
    line["kind"] = doc.kind;
    line["url"] = or_null(doc.url);
    line["title"] = doc.title;
    line["date"] = or_null(doc.date);
    line["author"] = or_null(authors);
    line["section"] = doc.section;
    line["site"] = or_null(doc.site);
    line["language"] = or_null(doc.language);
    line["source"] = doc.source;
    line["body"] = doc.body;
    std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  });
  for (const std::string& path : options.paths) indexer.add_path(path);
  indexer.commit();
  std::cout.flush();
  const quarry::IndexStats& stats = indexer.stats();
  report_problems(stats);
  if (stats.articles + stats.editorials + stats.teasers + stats.pages == 0) {
    std::cerr << "quarry-index: nothing to extract\n";
    return quarry::cli::kExitError;
  }
  return stats.any_rejected() ? quarry::cli::kExitPartial : quarry::cli::kExitOk;
}

// --check: the report on stdout, a verdict last; exit 0 clean, 2 damaged.
int run_check(const Options& options) {
  const quarry::CheckReport report = quarry::check_database(options.db);
  for (const std::string& line : report.checked) std::cout << "ok       " << quarry::terminal_safe(line) << "\n";
  for (const std::string& line : report.notes) std::cout << "note     " << quarry::terminal_safe(line) << "\n";
  for (const std::string& line : report.problems) std::cout << "DAMAGED  " << quarry::terminal_safe(line) << "\n";
  if (!report.damaged()) {
    std::cout << quarry::terminal_safe(options.db) << ": no damage found\n";
    return quarry::cli::kExitOk;
  }
  std::cout << quarry::terminal_safe(options.db) << ": damaged (" << plural(report.problems.size(), "problem")
            << " above); re-index its files into a new database\n";
  return quarry::cli::kExitError;
}

int run(const Options& options) {
  if (options.check) {
    if (!options.paths.empty() || options.extract)
      throw quarry::UsageError("--check checks the database given by -d and takes no paths");
    return run_check(options);
  }
  if (options.paths.empty()) throw quarry::UsageError("give the files or folders to index (or --check)");
  if (options.extract) return run_extract(options);
  quarry::IndexOptions index_options;
  index_options.db_path = options.db;
  index_options.language = options.analysis.language;
  index_options.format = parse_format(options.format);
  index_options.jobs = options.jobs;
  index_options.remove_missing = !options.no_delete;
  index_options.shards = options.shards;
  quarry::Indexer indexer(index_options);
  Progress progress(!options.quiet && isatty(STDERR_FILENO));
  indexer.on_progress([&progress](const quarry::IndexStats& stats) { progress(stats); });
  for (const std::string& path : options.paths) indexer.add_path(path);
  indexer.commit();
  progress.clear();
  const quarry::IndexStats& stats = indexer.stats();
  report_problems(stats);
  if (!options.quiet) report_summary(stats, options.db);
  if (stats.articles + stats.editorials + stats.teasers + stats.pages + stats.files_unchanged +
          stats.files_removed == 0) {
    std::cerr << "quarry-index: nothing was indexed\n";
    return quarry::cli::kExitError;
  }
  return stats.any_rejected() ? quarry::cli::kExitPartial : quarry::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Index news pages, web pages and archives, JSONL records and text files for quarry-search."};
  Options options;
  quarry::cli::add_database_option(app, options.db);
  quarry::cli::add_analysis_options(app, options.analysis);
  app.add_option("--format", options.format, "Input format")
      ->check(CLI::IsMember({"auto", "dawn", "jsonl", "text", "html", "warc"}))
      ->capture_default_str();
  app.add_option("-j,--jobs", options.jobs, "Analysis threads (0: one per core)")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  app.add_flag("--no-delete", options.no_delete,
               "Keep documents of files that are gone from an indexed folder");
  app.add_option("--shards", options.shards,
                 "Split a new database into N shard databases under DB, listed by DB/XAPIANDB "
                 "(default: as DB already is; unsharded when new)")
      ->check(CLI::Range(1u, 256u));
  app.add_flag("--extract", options.extract,
               "Write to stdout, as JSON lines, the documents indexing PATHs would make; no database is touched");
  app.add_flag("--check", options.check,
               "Check the database (Xapian's own check of every table, then Quarry's invariants) and "
               "report; nothing is written. Exit 0: no damage, 2: damaged");
  app.add_flag("-q,--quiet", options.quiet, "No progress or summary; problems are still reported");
  app.add_option("paths", options.paths, "Files or folders to index");
  return quarry::cli::parse_and_run(app, argc, argv, "quarry-index", [&] { return run(options); });
}
