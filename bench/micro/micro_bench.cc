// Micro-benchmarks for the two text paths every query and every indexed byte
// go through: the analyser, and snippet selection with highlighting.
// Text is generated (news-like English with the quirks Dawn text has), so the
// benchmark runs anywhere without the shared data.
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "analyser.h"
#include "query_parser.h"
#include "snippet.h"

namespace {

std::string news_text(std::size_t bytes) {
  static const char* kWords[] = {
      "the", "minister", "said", "Pakistan\u2019s", "government", "would", "co\u00admpetition", "7,000",
      "Rs1.2bn", "Tehreek-i-Taliban", "Karachi", "on", "Tuesday", "U.S.", "talks", "with", "Afghan",
      "officials", "Z\u00fcrich", "\u201cquoted\u201d", "economy", "inflation", "1.5", "percent", "and"};
  std::mt19937 random(42);
  std::string text;
  while (text.size() < bytes) {
    text += kWords[random() % (sizeof kWords / sizeof *kWords)];
    text += random() % 12 == 0 ? ". " : " ";
  }
  return text;
}

void BM_Tokenize(benchmark::State& state) {
  quarry::Analyser analyser("english");
  const std::string text = news_text(static_cast<std::size_t>(state.range(0)));
  std::vector<quarry::Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    analyser.tokenize(text, tokens);
    for (const quarry::Token& token : tokens) benchmark::DoNotOptimize(analyser.index_term(token));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Tokenize)->Arg(1 << 10)->Arg(1 << 16);

void BM_Snippet(benchmark::State& state) {
  quarry::Analyser analyser("english");
  const std::string passage = news_text(static_cast<std::size_t>(state.range(0)));
  const quarry::ParsedQuery parsed = quarry::parse_query("minister \"afghan officials\" inflation", analyser);
  for (auto _ : state) benchmark::DoNotOptimize(quarry::make_snippet(passage, parsed.highlight, analyser, 240));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * passage.size()));
}
BENCHMARK(BM_Snippet)->Arg(300)->Arg(1000);

void BM_ParseQuery(benchmark::State& state) {
  quarry::Analyser analyser("english");
  for (auto _ : state)
    benchmark::DoNotOptimize(quarry::parse_query("what did the minister say about f-16 \"night vision\" -rumour", analyser, true));
}
BENCHMARK(BM_ParseQuery);

}  // namespace

BENCHMARK_MAIN();
