// quarry-index: parse options, validate, hand them to quarry::Indexer, report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>

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
  std::vector<std::string> paths;
};

quarry::InputFormat parse_format(const std::string& name) {
  static const std::map<std::string, quarry::InputFormat> kFormats = {
      {"auto", quarry::InputFormat::automatic},
      {"dawn", quarry::InputFormat::news_page},
      {"jsonl", quarry::InputFormat::jsonl},
      {"text", quarry::InputFormat::text}};
  return kFormats.at(name);
}

std::string plural(std::size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

void report_problems(const quarry::IndexStats& stats) {
  for (const quarry::InputProblem& p : stats.problems) {
    std::cerr << "quarry-index: " << (p.rejected ? "" : "skipped ") << p.path;
    if (p.count > 1) {
      std::cerr << ": " << p.count << " more like this" << (p.line ? ", the first at line " + std::to_string(p.line) : "")
                << ": " << p.reason << "\n";
      continue;
    }
    if (p.line) std::cerr << ":" << p.line;
    std::cerr << ": " << p.reason << "\n";
  }
}

void report_summary(const quarry::IndexStats& stats, const std::string& db) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", stats.seconds);
  std::cerr << "Indexed " << plural(stats.files_read, "file") << " into " << db << ": "
            << plural(stats.articles, "article") << ", " << plural(stats.editorials, "editorial")
            << ", " << plural(stats.passages, "passage") << " in " << seconds << "\n";
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
                 stats.articles + stats.editorials, stats.passages, stats.seconds);
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

int run(const Options& options) {
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
  if (stats.articles + stats.editorials + stats.files_unchanged + stats.files_removed == 0) {
    std::cerr << "quarry-index: nothing was indexed\n";
    return quarry::cli::kExitError;
  }
  return stats.any_rejected() ? quarry::cli::kExitPartial : quarry::cli::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Index news pages, JSONL records and text files for quarry-search."};
  Options options;
  quarry::cli::add_database_option(app, options.db);
  quarry::cli::add_analysis_options(app, options.analysis);
  app.add_option("--format", options.format, "Input format")
      ->check(CLI::IsMember({"auto", "dawn", "jsonl", "text"}))
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
  app.add_flag("-q,--quiet", options.quiet, "No progress or summary; problems are still reported");
  app.add_option("paths", options.paths, "Files or folders to index")->required();
  return quarry::cli::parse_and_run(app, argc, argv, "quarry-index", [&] { return run(options); });
}
