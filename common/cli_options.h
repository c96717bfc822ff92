// Option groups shared by quarry-index, quarry-search and quarry-serve, so
// that they spell the database and analysis options the same way and cannot
// drift apart.
#pragma once

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "quarry/error.h"
#include "terminal_text.h"
#include <vector>

namespace quarry::cli {

// Database location: -d/--db, else $QUARRY_DB, else ./quarry.db.
inline void add_database_option(CLI::App& app, std::string& db) {
  const char* from_env = std::getenv("QUARRY_DB");
  db = from_env && *from_env ? from_env : "quarry.db";
  app.add_option("-d,--db", db, "Database directory (default: $QUARRY_DB or ./quarry.db)")
      ->capture_default_str();
}

// quarry-search's locations: -d/--db, once per database or shard, else
// $QUARRY_DB, else ./quarry.db. Each -d takes one value, so that
// "-d db polio" keeps polio as the query.
inline void add_database_locations_option(CLI::App& app, std::vector<std::string>& locations) {
  const char* from_env = std::getenv("QUARRY_DB");
  locations = {from_env && *from_env ? from_env : "quarry.db"};
  app.add_option("-d,--db", locations,
                 "Database folder, stub file, or tcp://HOST:PORT of a shard served by "
                 "xapian-tcpsrv; repeat to search several as one (default: $QUARRY_DB or ./quarry.db)")
      ->allow_extra_args(false)
      ->capture_default_str();
}

// --allow-partial of the programs that search: marked says how results show
// it, otherwise what happens instead.
inline void add_allow_partial_flag(CLI::App& app, bool& allow_partial, const std::string& marked,
                                   const std::string& otherwise) {
  app.add_flag("--allow-partial", allow_partial,
               "When a remote shard cannot be reached, search the others (" + marked + ") instead of " + otherwise);
}

struct AnalysisOptions {
  std::string language;  // empty: the indexer uses English, the searcher the database's
};

inline void add_analysis_options(CLI::App& app, AnalysisOptions& options) {
  auto* group = app.add_option_group("Analysis");
  group->add_option("--language", options.language,
                    "Stemming language: english (default), french, ..., or none. "
                    "A database remembers it; searching with a different one is an error.");
}

// Exit statuses shared by the tools.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;  // indexer: some inputs rejected; searcher: no hits
inline constexpr int kExitError = 2;

// Parses argv, then runs body(); every error becomes "name: message" on
// stderr and exit status 2, so no exception (and no Xapian text) reaches a user.
// With takes_query, an unknown "-word" is explained as query text needing --.
template <class Body>
int parse_and_run(CLI::App& app, int argc, char** argv, const char* name, Body body, bool takes_query = false) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e) == 0 ? kExitOk : kExitError;
  } catch (const CLI::ParseError& e) {
    std::cerr << name << ": " << quarry::terminal_safe(e.what()) << "\n";
    // "-title:x" or "-taliban" read as an unknown option: say how to search it.
    const bool unknown = dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr;
    for (int i = 1; takes_query && unknown && i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--") break;
      if (arg.size() > 1 && arg[0] == '-' && std::string(e.what()).find(arg) != std::string::npos) {
        std::cerr << name << ": to search for '" << quarry::terminal_safe(arg) << "', put the query after --: "
                  << name << " -- " << quarry::terminal_safe(arg) << "\n";
        break;
      }
    }
    std::cerr << "Run with --help for more information.\n";
    return kExitError;
  }
  int status = kExitError;
  try {
    status = body();
  } catch (const quarry::Error& e) {
    std::cerr << name << ": " << quarry::terminal_safe(e.what()) << "\n";
  } catch (const std::exception& e) {
    std::cerr << name << ": unexpected failure: " << quarry::terminal_safe(e.what()) << "\n";
  }
  // Output that did not all reach stdout (a full disk, a closed descriptor)
  // is a failure: "> hits.jsonl" on a full disk kept a file cut short and
  // exit 0.
  errno = 0;
  std::cout.flush();
  if (!std::cout) {
    const int reason = errno;
    std::cerr << name << ": cannot write the output to stdout"
              << (reason == ENOSPC || reason == EDQUOT ? ": no space left on device"
                  : reason == EBADF                    ? ": it is closed"
                  : reason == EIO                      ? ": input/output error"
                                                       : "")
              << "; what was written is incomplete\n";
    return kExitError;
  }
  return status;
}

}  // namespace quarry::cli
