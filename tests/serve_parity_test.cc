// Generated requests to one started quarry-serve, each compared with
// `quarry-search --format json` for the same request (README: each hit "is
// exactly the line quarry-search --format json prints for the same request",
// the facets "each as quarry-search prints it", the suggestion its
// {"suggestion":…} line, total_matches its --count). A hand-picked table
// (server_test.cc) covers one request per option; here random queries meet
// random limits, offsets, passages, snippet lengths, sorts, collapse, facets,
// facet limits, counts and like=, over generated records with near-duplicate
// copies, several passages, punctuation, mixed case and accents.
//
// The CLI answers each option set's queries as a batch (--queries; each line
// then carries its qid, dropped here), and its first query once more alone.
// QUARRY_SERVE_PARITY=N asks N option sets instead of the CI's few (of 8
// queries each), QUARRY_SERVE_PARITY_SEED another seed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "generated_rng.h"
#include "server_process.h"
#include "temp_dir.h"

namespace {

using nlohmann::json;
using quarry::test::CliRun;
using quarry::test::ServerProcess;

using Rng = quarry::test::Rng;

// Words as text prints them (case, accents, punctuation glued on); queries
// type their plain forms, misspelt now and then for "did you mean".
const std::vector<std::string> kPrinted = {"Zorvak",  "zorvak,", "Blick.", "quon",   "Plöna",  "plona",   "dwik;",
                                           "Frub's",  "“glom”",  "trak—",  "zorm",   "ZORM",   "café",    "Café!",
                                           "7,000",   "F-16",    "e-mail", "Dawn.com", "(blick)", "quon:", "ﬁnance"};
const std::vector<std::string> kTyped = {"zorvak", "blick", "quon",  "plona", "plöna", "dwik",  "frub",  "glom", "trak",
                                         "zorm",   "cafe",  "7000",  "f-16",  "email", "dawn.com", "finance", "zorvk",
                                         "blik",   "the",   "of"};
const std::vector<std::string> kSections = {"Alpha", "alpha", "Économie", "Op-Ed", "Sp Supplements", "economie", "İstanbul",
                                            "ISTANBUL"};
const std::vector<std::string> kAuthors = {"Ann Lee", "ann lee", "Zoë Ålund", "Bo O'Brien", "ZOE ALUND"};

std::string sentence(Rng& rng, std::size_t n) {
  std::string out;
  for (; n > 0; --n) {
    const std::size_t a = rng.below(kPrinted.size()), b = rng.below(kPrinted.size());
    out += (out.empty() ? "" : " ") + kPrinted[std::min(a, b)];
  }
  return out + ".";
}

std::string date_of(Rng& rng) {
  char date[11];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", static_cast<int>(2023 + rng.below(3)),
                static_cast<int>(1 + rng.below(12)), static_cast<int>(1 + rng.below(26)));
  return date;
}

// JSONL records: 1-4 paragraphs, some of them retelling one of a few long
// stories (near-duplicates, which collapse folds) with a word changed.
std::string make_records(Rng& rng, std::size_t n) {
  std::vector<std::string> stories;
  for (int s = 0; s < 4; ++s) stories.push_back(sentence(rng, 20) + " " + sentence(rng, 20));
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    json r;
    r["id"] = "p" + std::to_string(i);
    r["title"] = sentence(rng, 1 + rng.below(4));
    std::string body;
    if (rng.chance(25)) body = rng.pick(stories) + " " + sentence(rng, 1);
    else
      for (std::size_t p = 1 + rng.below(4); p > 0; --p) body += (body.empty() ? "" : "\n\n") + sentence(rng, 3 + rng.below(60));
    r["body"] = body;
    if (!rng.chance(15)) r["date"] = date_of(rng);
    if (!rng.chance(20)) r["section"] = rng.pick(kSections);
    if (rng.chance(40)) r["author"] = rng.pick(kAuthors);
    if (rng.chance(30)) r["site"] = rng.chance(50) ? "a.example" : "www.b.example";
    if (rng.chance(30)) r["language"] = rng.chance(50) ? "en" : "de-CH";
    out += r.dump() + "\n";
  }
  return out;
}

std::string random_query(Rng& rng) {
  std::string out;
  for (std::size_t n = 1 + rng.below(3); n > 0; --n) {
    std::string unit;
    const std::size_t r = rng.below(100);
    if (r < 45) unit = rng.pick(kTyped);
    else if (r < 55) unit = "\"" + rng.pick(kTyped) + " " + rng.pick(kTyped) + "\"";
    else if (r < 60) unit = rng.pick(std::vector<std::string>{"zor*", "pl*", "caf*"});
    else if (r < 65) unit = "title:" + rng.pick(kTyped);
    else if (r < 70) unit = rng.pick(kTyped) + " NEAR/" + std::to_string(2 + rng.below(6)) + " " + rng.pick(kTyped);
    else if (r < 75) unit = "section:\"" + rng.pick(kSections) + "\"";
    else if (r < 78) unit = "author:\"" + rng.pick(kAuthors) + "\"";
    else if (r < 82) unit = "date:" + date_of(rng).substr(0, 4 + 3 * rng.below(2));
    else if (r < 85) unit = rng.pick(std::vector<std::string>{"kind:article", "site:b.example", "lang:de"});
    else unit = rng.pick(kTyped);
    const std::size_t modifier = rng.below(10);
    out += (out.empty() ? "" : rng.chance(10) ? " OR " : " ") + std::string(modifier == 0 ? "+" : modifier == 1 ? "-" : "") + unit;
  }
  return out;
}

// One request: /api/search parameters and the quarry-search options alike.
struct Options {
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<std::string> cli;
  bool count = false;
};

Options random_options(Rng& rng) {
  Options o;
  auto both = [&](const std::string& param, const std::string& value, std::vector<std::string> cli) {
    o.params.emplace_back(param, value);
    o.cli.insert(o.cli.end(), cli.begin(), cli.end());
  };
  if (rng.chance(15)) {
    o.count = true;  // quarry-search --count prints the count alone (limit 0)
    both("count", "1", {"--count"});
    o.params.emplace_back("limit", "0");
  } else {
    const std::string limit = std::to_string(rng.chance(10) ? 0 : 1 + rng.below(15));
    both("limit", limit, {"-n", limit});
  }
  if (rng.chance(40)) {
    const std::string offset = std::to_string(rng.below(30));
    both("offset", offset, {"--offset", offset});
  }
  if (rng.chance(30)) {
    const std::string passages = std::to_string(1 + rng.below(3));
    both("passages", passages, {"--passages-per-doc", passages});
  }
  if (rng.chance(30)) {
    const std::string bytes = rng.pick(std::vector<std::string>{"0", "20", "33", "60", "500"});
    both("snippet_bytes", bytes, {"--snippet-bytes", bytes});
  }
  if (rng.chance(50)) {
    const std::string sort = rng.pick(std::vector<std::string>{"relevance", "date", "date-asc"});
    both("sort", sort, {"--sort", sort});
  }
  if (rng.chance(15)) both("explain", "1", {"--explain"});
  if (rng.chance(40)) both("collapse", "0", {"--no-collapse"});
  if (rng.chance(40)) {
    std::string facets;
    for (const char* f : {"section", "kind", "date", "year", "month", "site", "author", "language"})
      if (rng.chance(35)) facets += (facets.empty() ? "" : ",") + std::string(f);
    if (!facets.empty()) {
      both("facets", facets, {"--facets", facets});
      if (rng.chance(40)) {
        const std::string limit = std::to_string(1 + rng.below(4));
        both("facet_limit", limit, {"--facet-limit", limit});
      }
    }
  }
  return o;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params)
    out += (out.empty() ? "?" : "&") + name + "=" + httplib::detail::encode_query_param(value);
  return out;
}

// The CLI's lines for one query sorted into an answer like the server's.
json cli_answer(const std::vector<json>& lines, bool count) {
  json hits = json::array(), facets = json::array(), suggestion, total, total_hits;
  for (json line : lines) {
    line.erase("qid");
    if (line.contains("facet")) facets.push_back(line);
    else if (line.contains("count")) total = line["count"];
    else if (line.contains("suggestion")) suggestion = line["suggestion"];
    else if (line.contains("total_hits")) total_hits = line["total_hits"];
    else hits.push_back(line);
  }
  json answer = {{"hits", hits}, {"suggestion", suggestion}};
  if (!total_hits.is_null()) answer["total_hits"] = total_hits;
  if (!facets.empty()) answer["facets"] = facets;
  if (count) answer["total_matches"] = total;
  return answer;
}

// The server's answer cut to what quarry-search prints for the request.
json comparable(json answer, const Options& o) {
  answer.erase("estimated_matches");
  answer.erase("partial");
  if (!o.count) answer.erase("total_matches");
  if (answer.contains("facets") && answer["facets"].empty()) answer.erase("facets");
  return answer;
}

std::size_t env_number(const char* name, std::size_t fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::strtoull(value, nullptr, 10) : fallback;
}

// Found by the generated check: quarry-search --count --facets printed the
// count alone, dropping the facets quarry-serve answers for count=1&facets=….
TEST(ServeParity, CountWithFacetsPrintsTheFacetsAndTheCount) {
  const quarry::test::TempDir scratch;
  const std::string& dir = scratch.path();
  Rng rng(3);
  std::ofstream(dir + "/records.jsonl") << make_records(rng, 30);
  const CliRun indexed = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", dir + "/db", dir + "/records.jsonl"}, dir);
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  const CliRun facets = quarry::test::run_cli(
      QUARRY_SEARCH_BIN, {"-d", dir + "/db", "--format", "json", "-n", "0", "--facets", "kind,year", "--", "-nothing"}, dir);
  const CliRun counted = quarry::test::run_cli(
      QUARRY_SEARCH_BIN, {"-d", dir + "/db", "--format", "json", "--count", "--facets", "kind,year", "--", "-nothing"}, dir);
  ASSERT_EQ(counted.status, 0) << counted.err;
  EXPECT_EQ(counted.out, facets.out + "{\"count\":30}\n");
  const CliRun text = quarry::test::run_cli(QUARRY_SEARCH_BIN, {"-d", dir + "/db", "--count", "--facets", "kind", "--", "-nothing"}, dir);
  EXPECT_EQ(text.out, "kind: article 30\n30\n");
}

TEST(ServeParity, GeneratedRequestsGetTheCliJsonAnswer) {
  const quarry::test::TempDir scratch;
  const std::string& dir = scratch.path();
  Rng rng(env_number("QUARRY_SERVE_PARITY_SEED", 1));
  const std::string records = dir + "/records.jsonl";
  std::ofstream(records) << make_records(rng, 160);
  const std::string db = dir + "/db";
  const CliRun indexed = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, records}, dir);
  ASSERT_EQ(indexed.status, 0) << indexed.err;
  ServerProcess server(QUARRY_SERVE_BIN, {"-d", db}, dir + "/server.log");
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60, 0);

  const std::size_t sets = env_number("QUARRY_SERVE_PARITY", 6);
  std::size_t compared = 0, with_hits = 0;
  for (std::size_t s = 0; s < sets; ++s) {
    Options o = random_options(rng);
    std::vector<std::string> queries;
    std::string batch;
    for (int q = 0; q < 8; ++q) {
      queries.push_back(random_query(rng));
      batch += "q" + std::to_string(q) + "\t" + queries.back() + "\n";
    }
    std::ofstream(dir + "/batch.tsv") << batch;
    std::vector<std::string> args = {"-d", db, "--format", "json", "--queries", dir + "/batch.tsv"};
    args.insert(args.end(), o.cli.begin(), o.cli.end());
    const CliRun cli = quarry::test::run_cli(QUARRY_SEARCH_BIN, args, dir);
    ASSERT_EQ(cli.status, 0) << cli.err;
    std::map<std::string, std::vector<json>> lines;
    for (const json& line : quarry::test::json_lines(cli.out)) lines[line.value("qid", "")].push_back(line);
    for (std::size_t q = 0; q < queries.size(); ++q) {
      auto params = o.params;
      params.emplace_back("q", queries[q]);
      const std::string path = "/api/search" + query_string(params);
      const httplib::Result res = client.Get(path.c_str());
      ASSERT_TRUE(res) << path;
      ASSERT_EQ(res->status, 200) << path << ": " << res->body;
      const json expected = cli_answer(lines["q" + std::to_string(q)], o.count);
      EXPECT_EQ(comparable(json::parse(res->body), o), expected) << path;
      ++compared;
      with_hits += !expected["hits"].empty();
    }
    // The first query alone, and as more like a document (like= is a single query's).
    for (const bool like : {false, true}) {
      auto params = o.params;
      std::vector<std::string> single = {"-d", db, "--format", "json"};
      single.insert(single.end(), o.cli.begin(), o.cli.end());
      if (like) {
        const std::string doc = "p" + std::to_string(rng.below(160));
        params.emplace_back("like", doc);
        single.insert(single.end(), {"--like", doc});
      }
      params.emplace_back("q", queries[0]);
      single.insert(single.end(), {"--", queries[0]});
      const CliRun alone = quarry::test::run_cli(QUARRY_SEARCH_BIN, single, dir);
      ASSERT_LE(alone.status, 1) << alone.err;
      const std::string path = "/api/search" + query_string(params);
      const httplib::Result res = client.Get(path.c_str());
      ASSERT_TRUE(res) << path;
      ASSERT_EQ(res->status, 200) << path << ": " << res->body;
      EXPECT_EQ(comparable(json::parse(res->body), o), cli_answer(quarry::test::json_lines(alone.out), o.count)) << path;
      ++compared;
    }
  }
  EXPECT_GT(with_hits, compared / 3);  // the generator finds things
  std::cout << compared << " requests compared\n";
}

}  // namespace
