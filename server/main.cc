// quarry-serve: parse options, check the databases open, serve the JSON API
// and the search page over HTTP until SIGINT or SIGTERM.
#include <signal.h>

#include <iostream>
#include <mutex>
#include <thread>

#include "api.h"
#include "cli_options.h"
#include "http_server.h"
#include "quarry/search.h"
#include "searcher_pool.h"

namespace {

struct Options {
  std::vector<std::string> db;
  bool allow_partial = false;
  quarry::serve::HttpOptions http;
};

int run(const Options& options) {
  quarry::SearcherOptions searcher_options;
  searcher_options.allow_partial = options.allow_partial;
  // Before any thread starts, so that every thread inherits the mask and the
  // signals wait for the one thread that stops the server.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // A database that cannot be opened is an error now, not a 503 on every
  // request; a shard that cannot be reached may come back, so it is not.
  try {
    const quarry::Searcher probe(options.db, searcher_options);
    for (const std::string& why : probe.unavailable_shards())
      std::cerr << "quarry-serve: warning: " << why << "; results are partial\n";
  } catch (const quarry::ShardUnavailableError& e) {
    std::cerr << "quarry-serve: warning: " << e.what() << "; searches fail until it answers\n";
  }

  quarry::serve::SearcherPool pool(options.db, searcher_options);
  std::mutex log_mutex;
  quarry::serve::Api api(pool, [&log_mutex](const std::string& line) {
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr << "quarry-serve: " << quarry::serve::log_safe(line) << '\n';
  });
  return quarry::serve::run_http_server(options.http, api);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Serve a Quarry database over HTTP: a JSON API under /api/ and a search page at /."};
  Options options;
  quarry::cli::add_database_locations_option(app, options.db);
  quarry::cli::add_allow_partial_flag(app, options.allow_partial, "\"partial\":true in answers", "answering 503");
  app.add_option("--host", options.http.host,
                 "Address to listen on; anything but loopback exposes the database to the network "
                 "(there is no authentication)")
      ->capture_default_str();
  app.add_option("--port", options.http.port, "Port to listen on (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  options.http.threads = std::max(16u, 4 * std::thread::hardware_concurrency());
  app.add_option("--threads", options.http.threads, "Requests served at once, each with its own Searcher")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  app.add_option("--timeout", options.http.timeout_seconds,
                 "Seconds a client may take for each read of its request (and the server for each write)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--allow-host", options.http.allowed_hosts,
                 "A host name requests may be addressed to (a reverse proxy's public name); IP addresses "
                 "and names without a dot (localhost) always are, other names are refused (a web page "
                 "pointing a domain of its own at this server could read it)");
  app.add_flag("--access-log", options.http.access_log, "Print a line per request on stderr (method, path, status)");
  return quarry::cli::parse_and_run(app, argc, argv, "quarry-serve", [&] { return run(options); });
}
