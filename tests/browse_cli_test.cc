// Issue 17 through quarry-search as a user runs it: facets, counts, whole
// documents, database info, oldest first, id:/url: and prefixes.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "cli_runner.h"

namespace {

using nlohmann::json;
using quarry::test::CliRun;

const std::string kFixture = std::string(QUARRY_FIXTURES_DIR) + "/browse/records.jsonl";

class Browse : public quarry::test::CliSuite<Browse> {
 protected:
  static void SetUpTestSuite() {
    make_scratch("browse");
    const CliRun indexed = run(QUARRY_INDEX_BIN, {"-q", "-d", db_, kFixture});
    ASSERT_EQ(indexed.status, 0) << indexed.err;
  }
  static CliRun search(std::vector<std::string> args) {
    args.insert(args.begin(), {"--color", "never"});
    return CliSuite::search(args);
  }
  static std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  // The documents of every hit of a query, asked as JSON.
  static std::set<std::string> docs(const std::string& query, std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--format", "json", "-n", "10000", "--", query});
    std::set<std::string> out;
    for (const json& hit : quarry::test::json_lines(search(extra).out)) out.insert(hit["doc"].get<std::string>());
    return out;
  }
};

TEST_F(Browse, Issue17FacetLinesFollowTheHits) {
  const CliRun r = search({"--format", "json", "--facets", "section,year", "polio"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> lines = quarry::test::json_lines(r.out);
  ASSERT_EQ(lines.size(), 5u + 2u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_TRUE(lines[i].contains("rank")) << lines[i];
  EXPECT_EQ(lines[5], json::parse(R"({"facet":"section","counts":[["Pakistan",2],["World",2]]})"));
  EXPECT_EQ(lines[6], json::parse(R"({"facet":"year","counts":[["2025",3],["2024",1]]})"));

  const CliRun only = search({"--format", "json", "-n", "0", "--facets", "kind", "polio"});
  ASSERT_EQ(only.status, 0) << only.err;
  EXPECT_EQ(only.out, "{\"facet\":\"kind\",\"counts\":[[\"article\",3],[\"editorial\",2]]}\n");

  // A filter narrows the counts: drilling down by adding one.
  const CliRun narrowed = search({"--format", "json", "-n", "0", "--facets", "kind", "polio section:world"});
  EXPECT_EQ(narrowed.out, "{\"facet\":\"kind\",\"counts\":[[\"article\",1],[\"editorial\",1]]}\n");

  const CliRun text = search({"--facets", "section,kind", "polio"});
  ASSERT_EQ(text.status, 0) << text.err;
  const std::vector<std::string> out = lines_of(text.out);
  ASSERT_GE(out.size(), 4u);
  EXPECT_EQ(out[out.size() - 4], "section: Pakistan 2 \xC2\xB7 World 2");
  EXPECT_EQ(out[out.size() - 3], "kind: article 3 \xC2\xB7 editorial 2");
  EXPECT_EQ(out[out.size() - 1], "5 documents matched.");
  EXPECT_LT(text.out.find("1. "), text.out.find("section: ")) << text.out;

  const CliRun batch = search({"--format", "json", "--facets", "kind", "--queries", kFixture + ".missing"});
  EXPECT_EQ(batch.status, 2);
  std::ofstream(dir_ + "/q.tsv") << "a\tpolio\nb\tkashmir\n";
  const CliRun queries = search({"--format", "json", "-n", "0", "--facets", "kind", "--queries", dir_ + "/q.tsv"});
  ASSERT_EQ(queries.status, 0) << queries.err;
  const std::vector<json> per_query = quarry::test::json_lines(queries.out);
  ASSERT_EQ(per_query.size(), 2u);
  EXPECT_EQ(per_query[0]["qid"], "a");
  EXPECT_EQ(per_query[1]["qid"], "b");
  EXPECT_EQ(per_query[1]["facet"], "kind");

  const CliRun bad = search({"--facets", "colour", "polio"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("quarry-search: there is no facet 'colour' (facets: section, kind"), std::string::npos) << bad.err;
}

// Text output ends with how many documents matched; -n 0 prints only that
// (it used to say "No matches." although there were hits).
TEST_F(Browse, Issue17TextSaysHowManyDocumentsMatched) {
  const CliRun counted = search({"-n", "0", "polio"});
  EXPECT_EQ(counted.status, 0) << counted.err;
  EXPECT_EQ(counted.out, "5 documents matched.\n");
  EXPECT_EQ(counted.err, "");

  const CliRun page = search({"-n", "2", "polio"});
  ASSERT_EQ(page.status, 0) << page.err;
  EXPECT_EQ(lines_of(page.out).back(), "5 documents matched.");

  const CliRun one = search({"id:b01"});
  EXPECT_EQ(lines_of(one.out).back(), "1 document matched.");

  const CliRun none = search({"nosuchword"});
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "No matches.\n");
}

TEST_F(Browse, Issue17CountIsTheNumberOfDocumentsPagedThrough) {
  const char* queries[] = {"polio", "valley", "kash*", "kind:editorial", "date:2025-03", "\"polio drive\"",
                           "-valley polio", "id:b01 OR id:b02", "url:https://www.dawn.com/news/b01"};
  for (const char* query : queries) {
    const CliRun count = search({"--count", "--", query});
    EXPECT_EQ(count.status, 0) << query << ": " << count.err;
    EXPECT_EQ(count.out, std::to_string(docs(query).size()) + "\n") << query;
    const CliRun as_json = search({"--count", "--format", "json", "--", query});
    EXPECT_EQ(as_json.out, "{\"count\":" + std::to_string(docs(query).size()) + "}\n") << query;
  }
  const CliRun none = search({"--count", "nosuchword"});
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "0\n");
  EXPECT_EQ(none.err, "");
  EXPECT_EQ(search({"--count", "--show", "b01"}).status, 2);
}

TEST_F(Browse, Issue17ShowPrintsTheWholeDocument) {
  const CliRun as_json = search({"--show", "b01", "--format", "json"});
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const json doc = json::parse(as_json.out);
  EXPECT_EQ(doc["doc"], "b01");
  EXPECT_EQ(doc["title"], "Kashmir talks resume in Islamabad");
  EXPECT_EQ(doc["url"], "https://www.dawn.com/news/b01");
  EXPECT_EQ(doc["author"], "Zahid Hussain");
  EXPECT_EQ(doc["language"], "en");
  EXPECT_EQ(doc["site"], "dawn.com");
  EXPECT_EQ(doc["highlights"], json::array());
  const std::string body = doc["body"];
  ASSERT_EQ(doc["passages"].size(), 2u);
  // The passages, in order, are the body: its paragraphs, one blank line apart.
  const std::size_t p0 = doc["passages"][0][1], p1 = doc["passages"][1][0];
  EXPECT_EQ(doc["passages"][0][0], 0u);
  EXPECT_EQ(body.substr(p0, p1 - p0), "\n\n");
  EXPECT_EQ(doc["passages"][1][1], body.size());
  EXPECT_EQ(body.rfind("ISLAMABAD: Talks on Kashmir resumed", 0), 0u);
  EXPECT_NE(body.find("timetable for the next round"), std::string::npos);
  const std::string last_words = "would continue during the talks.";
  EXPECT_EQ(body.compare(body.size() - last_words.size(), last_words.size(), last_words), 0) << body;

  const CliRun marked = search({"--show", "b01", "--format", "json", "kashmir"});
  const json with_query = json::parse(marked.out);
  std::vector<std::string> words;
  const std::string marked_body = with_query["body"];
  for (const json& span : with_query["highlights"])
    words.push_back(marked_body.substr(span[0].get<std::size_t>(), span[1].get<std::size_t>() - span[0].get<std::size_t>()));
  EXPECT_EQ(words, (std::vector<std::string>{"Kashmir", "Kashmir"}));
  EXPECT_EQ(with_query["title_highlights"], json::parse("[[0,7]]"));

  const CliRun text = search({"--show", "b01"});
  ASSERT_EQ(text.status, 0) << text.err;
  const std::vector<std::string> lines = lines_of(text.out);
  EXPECT_EQ(lines[0], "Kashmir talks resume in Islamabad");
  EXPECT_EQ(lines[1], "   article \xC2\xB7 2025-03-16 \xC2\xB7 Pakistan \xC2\xB7 Zahid Hussain \xC2\xB7 en \xC2\xB7 https://www.dawn.com/news/b01");
  EXPECT_EQ(lines[2], "   b01");
  EXPECT_NE(text.out.find("\n   A health official added that the polio campaign"), std::string::npos) << text.out;

  const CliRun missing = search({"--show", "nosuch"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.err.find("no document 'nosuch'"), std::string::npos) << missing.err;
}

TEST_F(Browse, Issue17InfoDescribesTheDatabase) {
  const CliRun as_json = search({"--info", "--format", "json"});
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  const json info = json::parse(as_json.out);
  EXPECT_EQ(info["documents"], 12);
  EXPECT_EQ(info["kinds"], json::parse(R"({"article":10,"editorial":2})"));
  EXPECT_EQ(info["first_date"], "2023-06-01");
  EXPECT_EQ(info["last_date"], "2025-05-05");
  EXPECT_EQ(info["undated"], 2);
  EXPECT_EQ(info["sections"], json::parse(R"([["Business",3],["Pakistan",3],["World",3],["Sport",2]])"));
  EXPECT_EQ(info["languages"], json::parse(R"([["en",4],["de",1]])"));
  EXPECT_TRUE(std::regex_match(info["analyser"].get<std::string>(), std::regex(R"(quarry-icu/\d+)"))) << info["analyser"];
  EXPECT_EQ(info["language"], "english");
  EXPECT_EQ(info["shards"], json::array({db_}));
  EXPECT_GT(info["bytes_on_disk"].get<std::size_t>(), 10000u);
  EXPECT_TRUE(std::regex_match(info["last_updated"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));

  const CliRun text = search({"--info"});
  ASSERT_EQ(text.status, 0) << text.err;
  for (const char* line : {"documents: 12 (article 10 \xC2\xB7 editorial 2)\n", "dates: 2023-06-01 to 2025-05-05 (2 undated)\n",
                           "sections: Business 3 \xC2\xB7 Pakistan 3 \xC2\xB7 World 3 \xC2\xB7 Sport 2\n",
                           "languages: en 4 \xC2\xB7 de 1\n", "analyser: quarry-icu/", ", schema ", "size on disk: ",
                           "last updated: 20"})
    EXPECT_NE(text.out.find(line), std::string::npos) << line << "\n" << text.out;
  EXPECT_EQ(search({"--info", "polio"}).status, 2);
}

TEST_F(Browse, Issue17OldestFirst) {
  const CliRun r = search({"--format", "json", "--sort", "date-asc", "polio"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> order;
  for (const json& hit : quarry::test::json_lines(r.out)) order.push_back(hit["doc"]);
  EXPECT_EQ(order, (std::vector<std::string>{"b04", "b01", "b02", "b11", "b05"}));
  const CliRun newest = search({"--format", "json", "--sort", "date", "polio"});
  order.clear();
  for (const json& hit : quarry::test::json_lines(newest.out)) order.push_back(hit["doc"]);
  EXPECT_EQ(order, (std::vector<std::string>{"b11", "b02", "b01", "b04", "b05"}));
}

TEST_F(Browse, Issue17IdUrlAndPrefixFromTheCommandLine) {
  EXPECT_EQ(docs("id:b03"), (std::set<std::string>{"b03"}));
  EXPECT_EQ(docs("url:https://dawn.com/news/b02"), (std::set<std::string>{"b02"}));
  EXPECT_EQ(docs("kashmiri*"), (std::set<std::string>{"b01", "b02", "b03"}));
  EXPECT_EQ(docs("title:kash* section:world"), (std::set<std::string>{"b03"}));
  const CliRun r = search({"--format", "json", "kashmiriy*"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::vector<json> hits = quarry::test::json_lines(r.out);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(quarry::test::highlighted_text(hits[0]), (std::vector<std::string>{"Kashmiriyat"}));
  EXPECT_EQ(hits[0]["title_highlights"], json::parse("[[0,11]]"));
}

}  // namespace
