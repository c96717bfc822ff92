// What issue 17's search-time features cost, timed inside one process around
// Searcher::search (the library call, nothing printed): collapse, spelling
// suggestions and facets against the same search without them, on the same
// queries, in the same run. For each query and round every setup runs once,
// in a shuffled order (a fixed seed), so that machine load and warm caches
// favour no setup; per call both the wall time and the thread's CPU time are
// taken, and each setup's time is also compared with plain's on the same
// query in the same round (the median of those ratios).
// See bench/README.md ("Search-time cost of issue 17").
//
//   query_features_bench DB QUERIES.tsv [ROUNDS [SETUP]]
//
// With SETUP (a number: 0 plain ... 5 default + facets) only that setup runs,
// each query once per round, as a batch of quarry-search runs them: caches
// are then as cold as there, which repeated setups of one query are not.
//
// QUERIES.tsv: "id<TAB>query" per line (bench/run_bench.py's query files);
// ids starting with "w" are warm-up, run once by each setup and not counted.
#include <quarry/search.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

struct Setup {
  const char* name;
  bool collapse;
  bool suggest;
  std::size_t limit;
  bool facets;
};

// "plain" is the search with none of issue 17's search-time work (the
// library's SearchRequest before issue 17: top 10 with snippets).
const Setup kSetups[] = {
    {"plain", false, false, 10, false},
    {"collapse", true, false, 10, false},
    {"suggest", false, true, 10, false},
    {"default (collapse+suggest)", true, true, 10, false},
    {"facets only (-n 0)", false, false, 0, true},
    {"default + facets", true, true, 10, true},
};
constexpr std::size_t kSetupCount = sizeof kSetups / sizeof kSetups[0];

const std::vector<std::string> kFacets = {"section", "kind", "year", "month", "site", "author", "language"};

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double at = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(at);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return v.empty() ? 0 : sum / static_cast<double>(v.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::cerr << "usage: query_features_bench DB QUERIES.tsv [ROUNDS [SETUP]]\n";
    return 2;
  }
  const int rounds = argc >= 4 ? std::max(1, std::atoi(argv[3])) : 3;
  const int only = argc == 5 ? std::atoi(argv[4]) : -1;
  if (only >= static_cast<int>(kSetupCount)) {
    std::cerr << "query_features_bench: SETUP is 0 to " << kSetupCount - 1 << "\n";
    return 2;
  }
  std::vector<std::string> warmup, queries;
  {
    std::ifstream in(argv[2]);
    if (!in) {
      std::cerr << "query_features_bench: cannot read '" << argv[2] << "'\n";
      return 2;
    }
    std::string line;
    while (std::getline(in, line)) {
      const std::size_t tab = line.find('\t');
      if (tab == std::string::npos || tab + 1 == line.size()) continue;
      (line[0] == 'w' ? warmup : queries).push_back(line.substr(tab + 1));
    }
  }
  try {
    quarry::Searcher searcher(argv[1]);
    auto request_for = [](const Setup& setup, const std::string& query) {
      quarry::SearchRequest request;
      request.query = query;
      request.collapse = setup.collapse;
      request.suggest = setup.suggest;
      request.limit = setup.limit;
      if (setup.facets) request.facets = kFacets;
      return request;
    };
    for (const Setup& setup : kSetups)
      for (const std::string& query : warmup) searcher.search(request_for(setup, query));
    if (only >= 0) {
      const Setup& setup = kSetups[only];
      std::vector<double> wall, cpu;
      for (int round = 0; round < rounds; ++round)
        for (const std::string& query : queries) {
          const double cpu0 = thread_cpu_ms();
          const auto t0 = std::chrono::steady_clock::now();
          searcher.search(request_for(setup, query));
          wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
          cpu.push_back(thread_cpu_ms() - cpu0);
        }
      std::printf("%s: %zu queries x %d rounds: p50 %.3f ms, p90 %.3f ms, mean %.3f ms; CPU p50 %.3f ms, mean %.3f ms\n",
                  setup.name, queries.size(), rounds, percentile(wall, 0.5), percentile(wall, 0.9), mean(wall),
                  percentile(cpu, 0.5), mean(cpu));
      return 0;
    }

    std::vector<std::vector<double>> wall(kSetupCount), cpu(kSetupCount);
    // Queries that need no suggestion: per setup, their wall times only.
    std::vector<std::vector<double>> wall_unsuggested(kSetupCount);
    std::vector<bool> suggested(queries.size(), false);
    std::size_t checks_failed = 0;
    std::mt19937 random(17);
    std::vector<std::size_t> order(kSetupCount);
    std::iota(order.begin(), order.end(), 0);
    for (int round = 0; round < rounds; ++round) {
      for (std::size_t q = 0; q < queries.size(); ++q) {
        std::vector<quarry::SearchResults> answers(kSetupCount);
        std::shuffle(order.begin(), order.end(), random);
        for (std::size_t s : order) {
          const quarry::SearchRequest request = request_for(kSetups[s], queries[q]);
          const double cpu0 = thread_cpu_ms();
          const auto t0 = std::chrono::steady_clock::now();
          answers[s] = searcher.search(request);
          const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
          wall[s].push_back(ms);
          cpu[s].push_back(thread_cpu_ms() - cpu0);
        }
        if (!answers[2].suggestion.empty()) suggested[q] = true;
        // The setups answer the same question: same hits without collapse,
        // same counts with facets.
        auto docs = [](const quarry::SearchResults& r) {
          std::vector<std::string> ids;
          for (const quarry::Hit& hit : r.hits) ids.push_back(hit.doc);
          return ids;
        };
        if (docs(answers[0]) != docs(answers[2]) || docs(answers[1]) != docs(answers[3]) ||
            answers[4].total_matches != answers[5].total_matches)
          ++checks_failed;
      }
    }
    for (int round = 0; round < rounds; ++round)
      for (std::size_t q = 0; q < queries.size(); ++q)
        if (!suggested[q])
          for (std::size_t s = 0; s < kSetupCount; ++s)
            wall_unsuggested[s].push_back(wall[s][static_cast<std::size_t>(round) * queries.size() + q]);

    std::size_t with_suggestion = 0;
    for (bool b : suggested) with_suggestion += b;
    std::printf("%zu queries x %d rounds, %zu warm-up; %zu queries get a suggestion; %zu answer checks failed\n",
                queries.size(), rounds, warmup.size(), with_suggestion, checks_failed);
    std::printf("%-28s %9s %9s %9s %9s %9s %10s %10s %10s\n", "setup", "p50 ms", "p90 ms", "mean ms", "CPU p50",
                "CPU mean", "p50/plain", "p50/plain*", "paired CPU");
    const double plain_p50 = percentile(wall[0], 0.5), plain_unsuggested = percentile(wall_unsuggested[0], 0.5);
    for (std::size_t s = 0; s < kSetupCount; ++s) {
      std::vector<double> paired;
      for (std::size_t i = 0; i < cpu[s].size(); ++i)
        if (cpu[0][i] > 0) paired.push_back(cpu[s][i] / cpu[0][i]);
      std::printf("%-28s %9.3f %9.3f %9.3f %9.3f %9.3f %10.3f %10.3f %10.3f\n", kSetups[s].name,
                  percentile(wall[s], 0.5), percentile(wall[s], 0.9), mean(wall[s]), percentile(cpu[s], 0.5),
                  mean(cpu[s]), percentile(wall[s], 0.5) / plain_p50,
                  percentile(wall_unsuggested[s], 0.5) / plain_unsuggested, percentile(paired, 0.5));
    }
    std::printf("p50/plain*: over the queries that get no suggestion; paired CPU: median over calls of the\n"
                "setup's CPU time over plain's on the same query in the same round\n");
    return checks_failed ? 1 : 0;
  } catch (const quarry::Error& e) {
    std::cerr << "query_features_bench: " << e.what() << "\n";
    return 1;
  }
}
