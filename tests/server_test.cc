// quarry-serve end to end (issue 19): the API answers what quarry-search
// prints, every error is a JSON answer with its status, SIGTERM and SIGINT
// stop it cleanly, and it serves a database while an indexer writes to it.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_runner.h"
#include "server_process.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using quarry::test::CliRun;
using quarry::test::ServerProcess;

const std::string kRecords = std::string(QUARRY_FIXTURES_DIR) + "/server/records.jsonl";
// Issue 17's stories: a misspelt name, an updated copy and a wire copy.
const std::string kStories = std::string(QUARRY_FIXTURES_DIR) + "/stories.jsonl";

std::string make_scratch_dir() {
  std::string pattern = (fs::temp_directory_path() / "quarry-serve-XXXXXX").string();
  return mkdtemp(pattern.data());
}

// A GET of path (already encoded) from a fresh client; nullopt when no answer came.
httplib::Result get(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  return client.Get(path.c_str());
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params)
    out += (out.empty() ? "?" : "&") + name + "=" + httplib::detail::encode_query_param(value);
  return out;
}

class Server : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_scratch_dir();
    db_ = dir_ + "/db";
    const CliRun indexed = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db_, QUARRY_CORPUS_DIR, kRecords, kStories}, dir_);
    ASSERT_EQ(indexed.status, 0) << indexed.err;
    server_ = new ServerProcess(QUARRY_SERVE_BIN, {"-d", db_, "--access-log"}, dir_ + "/server.log");
  }
  static void TearDownTestSuite() {
    delete server_;
    fs::remove_all(dir_);
  }

  static CliRun search_cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", db_});
    return quarry::test::run_cli(QUARRY_SEARCH_BIN, args, dir_);
  }

  static std::string dir_;
  static std::string db_;
  static ServerProcess* server_;
};

std::string Server::dir_;
std::string Server::db_;
ServerProcess* Server::server_ = nullptr;

struct SameAnswerCase {
  std::string name;
  std::vector<std::pair<std::string, std::string>> params;  // of /api/search
  std::vector<std::string> cli;                             // the same request to quarry-search
};

TEST_F(Server, Issue19SearchAnswersAreTheCliJsonLines) {
  const std::vector<SameAnswerCase> cases = {
      {"one word", {{"q", "monsoon"}}, {"monsoon"}},
      {"second page", {{"q", "monsoon"}, {"limit", "5"}, {"offset", "5"}}, {"-n", "5", "--offset", "5", "monsoon"}},
      {"several passages", {{"q", "monsoon traders"}, {"passages", "2"}}, {"--passages-per-doc", "2", "monsoon traders"}},
      {"date order", {{"q", "monsoon"}, {"sort", "date"}, {"limit", "7"}}, {"--sort", "date", "-n", "7", "monsoon"}},
      {"relevance named", {{"q", "rain"}, {"sort", "relevance"}}, {"--sort", "relevance", "rain"}},
      {"phrase", {{"q", "\"relief camps\""}}, {"\"relief camps\""}},
      {"explain", {{"q", "river market"}, {"explain", "1"}}, {"--explain", "river market"}},
      {"short snippets", {{"q", "monsoon"}, {"snippet_bytes", "40"}}, {"--snippet-bytes", "40", "monsoon"}},
      {"no snippets", {{"q", "monsoon"}, {"snippet_bytes", "0"}}, {"--snippet-bytes", "0", "monsoon"}},
      {"kind filter", {{"q", "kind:editorial"}}, {"kind:editorial"}},
      {"date filter", {{"q", "date:2025-07 monsoon"}}, {"date:2025-07 monsoon"}},
      {"title field", {{"q", "title:karachi"}}, {"title:karachi"}},
      {"operators", {{"q", "monsoon -lahore +river"}}, {"--", "monsoon -lahore +river"}},
      {"the sample page", {{"q", "taliban"}}, {"taliban"}},
      {"long question (feedback)", {{"q", "what did officials open near the embankment"}, {"explain", "true"}},
       {"--explain", "what did officials open near the embankment"}},
      {"no hit", {{"q", "zzyzx"}}, {"zzyzx"}},
      {"no hits asked", {{"q", "monsoon"}, {"limit", "0"}}, {"-n", "0", "monsoon"}},
      {"escaped markup", {{"q", "payload"}}, {"payload"}},
      {"oldest first", {{"q", "monsoon"}, {"sort", "date-asc"}}, {"--sort", "date-asc", "monsoon"}},
      {"facets", {{"q", "monsoon"}, {"facets", "section,year"}, {"facet_limit", "3"}, {"limit", "4"}},
       {"--facets", "section,year", "--facet-limit", "3", "-n", "4", "monsoon"}},
      {"facets only", {{"q", "rain"}, {"facets", "kind"}, {"limit", "0"}}, {"--facets", "kind", "-n", "0", "rain"}},
      {"count", {{"q", "monsoon -karachi"}, {"count", "1"}, {"limit", "0"}}, {"--count", "--", "monsoon -karachi"}},
      {"by id", {{"q", "id:monsoon-03"}}, {"id:monsoon-03"}},
      {"by prefix", {{"q", "embank*"}}, {"embank*"}},
      {"did you mean", {{"q", "imrn khan"}}, {"imrn khan"}},
      {"did you mean, phrase and filter", {{"q", "\"imrn khan\" section:pakistan"}}, {"\"imrn khan\" section:pakistan"}},
      {"spelt right", {{"q", "imran khan"}}, {"imran khan"}},
      {"one hit per story", {{"q", "uzbekistan trade deal"}}, {"uzbekistan trade deal"}},
      {"no collapse", {{"q", "uzbekistan trade deal"}, {"collapse", "0"}}, {"--no-collapse", "uzbekistan trade deal"}},
      {"collapse named", {{"q", "floods villages"}, {"collapse", "true"}}, {"floods villages"}},
      {"like", {{"like", "flood-first"}}, {"--like", "flood-first"}},
      {"like, narrowed", {{"like", "flood-first"}, {"q", "section:pakistan -swat"}, {"limit", "3"}},
       {"--like", "flood-first", "-n", "3", "--", "section:pakistan -swat"}},
      {"like, facets", {{"like", "flood-first"}, {"facets", "section,month"}}, {"--like", "flood-first", "--facets", "section,month"}},
      {"like: in the query", {{"q", "like:flood-first kind:article"}}, {"like:flood-first kind:article"}},
  };
  std::map<std::string, json> answers;
  for (const SameAnswerCase& c : cases) {
    const httplib::Result res = get(server_->port(), "/api/search" + query_string(c.params));
    ASSERT_TRUE(res) << c.name;
    ASSERT_EQ(res->status, 200) << c.name << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << c.name;
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), c.cli.begin(), c.cli.end());
    const CliRun cli = search_cli(args);
    ASSERT_LE(cli.status, 1) << c.name << ": " << cli.err;
    const json answer = json::parse(res->body);
    // The CLI prints hit lines, then facet lines, then the suggestion; or only a count line.
    json hits = json::array(), facets = json::array(), count, suggestion;
    for (const json& line : quarry::test::json_lines(cli.out))
      (line.contains("facet") ? facets : line.contains("count") ? count : line.contains("suggestion") ? suggestion : hits)
          .push_back(line);
    EXPECT_EQ(answer["suggestion"], suggestion.is_null() ? json() : suggestion[0]["suggestion"]) << c.name;
    answers[c.name] = answer;
    if (count.is_null()) {
      EXPECT_EQ(answer["hits"], hits) << c.name;
    } else {
      EXPECT_EQ(answer["total_matches"], count[0]["count"]) << c.name;
    }
    if (!facets.empty()) {
      EXPECT_EQ(answer["facets"], facets) << c.name;
    }
    EXPECT_EQ(answer.contains("facets"), !facets.empty()) << c.name;
    EXPECT_EQ(answer["partial"], false) << c.name;
    EXPECT_TRUE(answer["estimated_matches"].is_number_unsigned()) << c.name;
    if (c.name != "no hit" && c.name != "no hits asked" && c.name != "did you mean, phrase and filter") {
      EXPECT_FALSE(hits.empty() && facets.empty() && count.is_null()) << c.name;
    }
  }
  // The options of issue 17 did what they say (the CLI agreeing is not enough).
  EXPECT_EQ(answers["did you mean"]["suggestion"], "imran khan");
  EXPECT_EQ(answers["did you mean, phrase and filter"]["suggestion"], "\"imran khan\" section:pakistan");
  EXPECT_TRUE(answers["spelt right"]["suggestion"].is_null());
  const json& folded = answers["one hit per story"]["hits"];
  ASSERT_FALSE(folded.empty());
  EXPECT_EQ(folded[0]["similar"], json::array({"trade-business"}));
  EXPECT_EQ(answers["no collapse"]["hits"].size(), folded.size() + 1);
  EXPECT_EQ(answers["collapse named"]["hits"][0]["similar"].size(), 1u);
  for (const char* name : {"like", "like, narrowed", "like, facets"}) {
    ASSERT_FALSE(answers[name]["hits"].empty()) << name;
    EXPECT_EQ(answers[name]["hits"][0]["doc"], "flood-update") << name;  // the updated copy first
    for (const json& hit : answers[name]["hits"]) EXPECT_NE(hit["doc"], "flood-first") << name;
  }
  for (const json& hit : answers["like, narrowed"]["hits"]) EXPECT_EQ(hit["section"], "Pakistan");
}

// /api/suggest is quarry-search --suggest: the corrected query, or none.
TEST_F(Server, Issue19SuggestIsTheCliSuggestion) {
  for (const std::string query : {"imrn khan", "\"imrn khan\" section:pakistan", "imran khan", "shehbaz", "monsoon"}) {
    const httplib::Result res = get(server_->port(), "/api/suggest" + query_string({{"q", query}}));
    ASSERT_TRUE(res) << query;
    ASSERT_EQ(res->status, 200) << query << ": " << res->body;
    const CliRun cli = search_cli({"--suggest", "--", query});
    const json answer = json::parse(res->body);
    ASSERT_EQ(answer.size(), 1u) << res->body;
    if (cli.status == 1) {
      EXPECT_TRUE(answer["suggestion"].is_null()) << query << ": " << res->body;
      EXPECT_EQ(cli.out, "") << query;
    } else {
      ASSERT_EQ(cli.status, 0) << query << ": " << cli.err;
      EXPECT_EQ(answer["suggestion"].get<std::string>() + "\n", cli.out) << query;
    }
  }
  EXPECT_EQ(json::parse(get(server_->port(), "/api/suggest?q=imrn%20khan")->body)["suggestion"], "imran khan");
  // suggest=0 turns the search's suggestion off.
  const json quiet = json::parse(get(server_->port(), "/api/search?q=imrn%20khan&suggest=0")->body);
  EXPECT_TRUE(quiet["suggestion"].is_null());
  EXPECT_FALSE(quiet["hits"].empty());
}

struct ErrorCase {
  std::string name;
  std::string path;  // encoded
  int status;
  std::string error;              // the whole message, or the start of it when prefix
  std::vector<std::string> cli;   // the same request to quarry-search, which must say the same; empty: none
  bool prefix = false;
};

TEST_F(Server, Issue19EveryErrorIsJsonWithItsStatus) {
  const std::string long_query(4097, 'q');
  const std::vector<ErrorCase> cases = {
      {"no query", "/api/search", 400, "give a query", {""}},
      {"blank query", "/api/search?q=%20%20", 400, "give a query", {"  "}},
      {"over-long query", "/api/search?q=" + long_query, 400, "the query is too long (at most 4096 bytes)", {long_query}},
      {"limit over", "/api/search?q=rain&limit=10001", 400, "limit is at most 10000", {"-n", "10001", "rain"}},
      {"offset over", "/api/search?q=rain&offset=100001", 400, "offset is at most 100000", {"--offset", "100001", "rain"}},
      {"no passages", "/api/search?q=rain&passages=0", 400, "passages per document must be from 1 to 1000",
       {"--passages-per-doc", "0", "rain"}},
      {"snippet too short", "/api/search?q=rain&snippet_bytes=5", 400,
       "snippets need from 20 to 100000 bytes (or 0 for none)", {"--snippet-bytes", "5", "rain"}},
      {"unknown facet", "/api/search?q=rain&facets=section,colour", 400,
       "there is no facet 'colour' (facets: section, kind, date, year, month, site, author, language)",
       {"--facets", "section,colour", "rain"}},
      {"facet limit not a number", "/api/search?q=rain&facets=kind&facet_limit=all", 400,
       "facet_limit must be a whole number, not 'all'", {}},
      {"count not a flag", "/api/search?q=rain&count=yes", 400, "count is true or false (1 or 0), not 'yes'", {}},
      {"unknown order", "/api/search?q=rain&sort=sideways", 400, "sort is relevance, date or date-asc, not 'sideways'",
       {"--sort", "sideways", "rain"}},
      {"limit not a number", "/api/search?q=rain&limit=ten", 400, "limit must be a whole number, not 'ten'", {}},
      {"negative offset", "/api/search?q=rain&offset=-5", 400, "offset must be a whole number, not '-5'", {}},
      {"empty limit", "/api/search?q=rain&limit=", 400, "limit must be a whole number, not ''", {}},
      {"huge limit", "/api/search?q=rain&limit=99999999999999999999999", 400, "limit is at most 10000", {}},
      {"explain not a flag", "/api/search?q=rain&explain=maybe", 400, "explain is true or false (1 or 0), not 'maybe'", {}},
      {"unknown parameter", "/api/search?q=rain&colour=red", 400, "unknown parameter 'colour' (known: q, limit,", {}, true},
      {"repeated parameter", "/api/search?q=rain&q=wind", 400, "parameter 'q' is given more than once", {}},
      {"unknown like", "/api/search?like=no-such-doc", 400, "no document 'no-such-doc' to find documents like it", {"--like", "no-such-doc"}},
      {"like an id with a quote", "/api/search?like=a%22b", 400,
       "a document id with a double quote cannot be searched for like: ('a\"b')", {"--like", "a\"b"}},
      {"empty like", "/api/search?like=", 400, "give the id of the document to find others like", {}},
      {"collapse not a flag", "/api/search?q=rain&collapse=no", 400, "collapse is true or false (1 or 0), not 'no'", {}},
      {"suggest not a flag", "/api/search?q=rain&suggest=2", 400, "suggest is true or false (1 or 0), not '2'", {}},
      {"suggest without query", "/api/suggest", 400, "give a query", {}},
      {"suggest, over-long query", "/api/suggest?q=" + long_query, 400, "the query is too long (at most 4096 bytes)", {}},
      {"suggest, unknown parameter", "/api/suggest?q=rain&limit=3", 400, "unknown parameter 'limit' (known: q)", {}},
      {"document without id", "/api/document", 400, "give the document's id: /api/document?id=DOC", {}},
      {"unknown document", "/api/document?id=no-such-doc", 404, "no document has the id 'no-such-doc'", {}},
      {"document, unknown parameter", "/api/document?id=hostile-1&limit=3", 400, "unknown parameter 'limit'", {}, true},
      {"unknown path", "/nothing-here", 404, "no such page", {}, true},
      {"unknown API path", "/api/searches?q=rain", 404, "no such page", {}, true},
      {"traversal", "/../../../../etc/passwd", 404, "no such page", {}, true},
      {"encoded traversal", "/%2e%2e/%2e%2e/etc/passwd", 404, "no such page", {}, true},
      {"traversal under the API", "/api/search/../../../etc/passwd", 404, "no such page", {}, true},
      {"a source file", "/page.html", 404, "no such page", {}, true},
      {"request line too long", "/api/search?q=" + std::string(9000, 'a'), 414, "the request line is too long", {}, true},
  };
  for (const ErrorCase& c : cases) {
    const httplib::Result res = get(server_->port(), c.path);
    ASSERT_TRUE(res) << c.name;
    EXPECT_EQ(res->status, c.status) << c.name << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8") << c.name;
    const json body = json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object() && body.size() == 1 && body["error"].is_string()) << c.name << ": " << res->body;
    const std::string error = body["error"];
    if (c.prefix) EXPECT_EQ(error.rfind(c.error, 0), 0u) << c.name << ": " << error;
    else EXPECT_EQ(error, c.error) << c.name;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << c.name;
    if (!c.cli.empty()) {  // one validation: the CLI refuses it in the same words
      const CliRun cli = search_cli(c.cli);
      EXPECT_EQ(cli.status, 2) << c.name;
      EXPECT_EQ(cli.err, "quarry-search: " + c.error + "\n") << c.name;
    }
  }
  httplib::Client client("127.0.0.1", server_->port());
  const httplib::Result posted = client.Post("/api/search", "q=rain", "application/x-www-form-urlencoded");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 405);
  EXPECT_EQ(json::parse(posted->body)["error"], "only GET is served");
}

TEST_F(Server, Issue19DocumentIsTheWholeDocumentWithTheQueryMarked) {
  const httplib::Result res = get(server_->port(), "/api/document?id=monsoon-03&q=traders");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json doc = json::parse(res->body);
  EXPECT_EQ(doc["doc"], "monsoon-03");
  EXPECT_EQ(doc["title"], "Monsoon rains reach Peshawar, report 4");
  EXPECT_EQ(doc["date"], "2025-06-04");
  EXPECT_EQ(doc["section"], "Sport");
  EXPECT_EQ(doc["kind"], "article");
  const std::string body = doc["body"];
  EXPECT_EQ(body.rfind("The monsoon arrived in Peshawar on day 4", 0), 0u) << body;
  EXPECT_NE(body.find("Traders said the rain kept buyers away from the market for 4 days."), std::string::npos) << body;
  ASSERT_EQ(doc["highlights"].size(), 1u);
  const std::size_t b = doc["highlights"][0][0], e = doc["highlights"][0][1];
  EXPECT_EQ(body.substr(b, e - b), "Traders");
  // What quarry-search --show gives, to the byte.
  const CliRun shown = search_cli({"--format", "json", "--show", "monsoon-03", "traders"});
  ASSERT_EQ(shown.status, 0) << shown.err;
  EXPECT_EQ(res->body + "\n", shown.out);
  // The id a search hit gives finds its document.
  const json hit = json::parse(get(server_->port(), "/api/search?q=polio&limit=1")->body)["hits"][0];
  const httplib::Result by_hit = get(server_->port(), "/api/document?id=" + httplib::detail::encode_query_param(hit["doc"]));
  ASSERT_TRUE(by_hit);
  ASSERT_EQ(by_hit->status, 200);
  EXPECT_EQ(json::parse(by_hit->body)["title"], hit["title"]);
}

// A request path is decoded before it is logged: a newline or an escape
// sequence in it must not forge a log line or drive the operator's terminal.
TEST_F(Server, Issue19TheAccessLogCannotBeForged) {
  EXPECT_EQ(get(server_->port(), "/x%0Aquarry-serve:%20GET%20/forged%20200")->status, 404);
  EXPECT_EQ(get(server_->port(), "/%1B%5B31mred")->status, 404);
  // Each request is logged after its answer, on the thread that served it:
  // the two lines may come in either order, so wait for both.
  server_->log_with("quarry-serve: GET /x?quarry-serve: GET /forged 200 404\n");
  const std::string log = server_->log_with("quarry-serve: GET /?[31mred 404\n");
  EXPECT_NE(log.find("quarry-serve: GET /x?quarry-serve: GET /forged 200 404\n"), std::string::npos) << log;
  EXPECT_EQ(log.find("\nquarry-serve: GET /forged"), std::string::npos) << log;
  EXPECT_NE(log.find("quarry-serve: GET /?[31mred 404\n"), std::string::npos) << log;
  EXPECT_EQ(log.find('\x1b'), std::string::npos);
}

TEST_F(Server, Issue19HealthAndStats) {
  const httplib::Result health = get(server_->port(), "/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const httplib::Result stats = get(server_->port(), "/api/stats");
  ASSERT_TRUE(stats);
  ASSERT_EQ(stats->status, 200);
  json s = json::parse(stats->body);
  EXPECT_EQ(s["documents"], 7 + 25 + 14);  // the sample page's 7, the fixture's 25, the stories' 14
  EXPECT_EQ(s["shards"], json::array({db_}));
  EXPECT_EQ(s["language"], "english");
  EXPECT_EQ(s["analyser"].get<std::string>().rfind("quarry-", 0), 0u);
  EXPECT_EQ(s["unavailable_shards"], 0);
  // Otherwise what quarry-search --info gives.
  s.erase("unavailable_shards");
  const CliRun info = search_cli({"--format", "json", "--info"});
  ASSERT_EQ(info.status, 0) << info.err;
  EXPECT_EQ(s, json::parse(info.out));
}

// A port nothing listens on: bound, then closed.
int closed_port() {
  const int sock = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(sock, reinterpret_cast<sockaddr*>(&address), &size);
  close(sock);
  return ntohs(address.sin_port);
}

TEST_F(Server, Issue19AShardDownIs503UnlessPartialResultsAreAllowed) {
  const std::string shard = "tcp://127.0.0.1:" + std::to_string(closed_port());
  {
    ServerProcess strict(QUARRY_SERVE_BIN, {"-d", db_, "-d", shard}, dir_ + "/strict.log");
    for (const std::string path : {"/api/search?q=monsoon", "/api/health", "/api/stats", "/api/document?id=monsoon-01"}) {
      const httplib::Result res = get(strict.port(), path);
      ASSERT_TRUE(res) << path;
      EXPECT_EQ(res->status, 503) << path;
      const std::string error = json::parse(res->body)["error"];
      EXPECT_EQ(error, "a shard of the database cannot be reached; try again later") << path;
    }
    // A bad request is still the client's to fix.
    EXPECT_EQ(get(strict.port(), "/api/search?q=rain&limit=ten")->status, 400);
    // The operator learns which shard and why; the client did not.
    EXPECT_NE(strict.log().find("cannot reach shard '" + shard + "'"), std::string::npos) << strict.log();
    EXPECT_EQ(strict.stop(), 0);
  }
  ServerProcess partial(QUARRY_SERVE_BIN, {"--allow-partial", "-d", db_, "-d", shard}, dir_ + "/partial.log");
  const httplib::Result res = get(partial.port(), "/api/search?q=monsoon");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json answer = json::parse(res->body);
  EXPECT_EQ(answer["partial"], true);
  const json whole = json::parse(get(server_->port(), "/api/search?q=monsoon")->body);
  ASSERT_EQ(answer["hits"].size(), whole["hits"].size());
  for (std::size_t i = 0; i < whole["hits"].size(); ++i) {
    EXPECT_EQ(answer["hits"][i]["doc"], whole["hits"][i]["doc"]) << i;
    EXPECT_EQ(answer["hits"][i]["partial"], true) << i;
  }
  EXPECT_EQ(json::parse(get(partial.port(), "/api/stats")->body)["unavailable_shards"], 1);
}

TEST_F(Server, Issue19AMissingDatabaseIsAnErrorAtStart) {
  const CliRun r = quarry::test::run_cli(QUARRY_SERVE_BIN, {"-d", dir_ + "/missing", "--port", "0"}, dir_);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("quarry-serve: no Quarry database at"), std::string::npos) << r.err;
}

// A raw connection, to hold a request half sent.
class Connection {
 public:
  explicit Connection(int port) : sock_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(sock_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Connection() { close(sock_); }
  bool connected() const { return connected_; }
  void send_text(const std::string& text) { ASSERT_EQ(send(sock_, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size())); }
  // One response, read until its body is complete (Content-Length).
  std::string response() {
    std::string text;
    char buffer[4096];
    for (;;) {
      const std::size_t head = text.find("\r\n\r\n");
      if (head != std::string::npos) {
        const std::size_t at = text.find("Content-Length: ");
        const std::size_t length = at == std::string::npos ? 0 : std::stoul(text.substr(at + 16));
        if (text.size() >= head + 4 + length) return text;
      }
      const ssize_t got = recv(sock_, buffer, sizeof buffer, 0);
      if (got <= 0) return text;
      text.append(buffer, static_cast<std::size_t>(got));
    }
  }

 private:
  int sock_;
  bool connected_ = false;
};

TEST_F(Server, Issue19SigtermAndSigintFinishTheRequestInFlightThenExitZero) {
  for (const int signal : {SIGTERM, SIGINT}) {
    ServerProcess server(QUARRY_SERVE_BIN, {"-d", db_}, dir_ + "/stop" + std::to_string(signal) + ".log");
    Connection connection(server.port());
    ASSERT_TRUE(connection.connected());
    // A first request on the connection proves a worker holds it...
    connection.send_text("GET /api/health HTTP/1.1\r\nHost: test\r\n\r\n");
    ASSERT_EQ(connection.response().rfind("HTTP/1.1 200", 0), 0u);
    // ...then a second is half sent when the signal comes. (The pause lets
    // the worker go back to waiting on the connection; it is no assertion.)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    connection.send_text("GET /api/search?q=monsoon&limit=3 HTTP/1.1\r\nHost: test\r\n");
    kill(server.pid(), signal);
    // Stopped: no new connection is taken (bounded wait)...
    bool refused = false;
    for (int attempt = 0; attempt < 1000 && !refused; ++attempt) {
      refused = !Connection(server.port()).connected();
      if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(refused) << strsignal(signal);
    // ...but the request in flight is answered in full.
    connection.send_text("\r\n");
    const std::string response = connection.response();
    EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << strsignal(signal) << ": " << response;
    const std::size_t body = response.find("\r\n\r\n");
    ASSERT_NE(body, std::string::npos);
    EXPECT_EQ(json::parse(response.substr(body + 4))["hits"].size(), 3u);
    EXPECT_EQ(server.stop(0), 0) << strsignal(signal) << ": " << server.log();
  }
}

// A client that stops half way through its request holds a worker only for
// --timeout: then it is cut off, and the worker serves the next client.
TEST_F(Server, Issue19AStalledRequestIsCutOffAtTheTimeout) {
  ServerProcess server(QUARRY_SERVE_BIN, {"-d", db_, "--threads", "1", "--timeout", "1"}, dir_ + "/timeout.log");
  Connection stalled(server.port());
  ASSERT_TRUE(stalled.connected());
  stalled.send_text("GET /api/search?q=monsoon HTTP/1.1\r\nHost: te");
  // The only worker holds the stalled connection; this one waits for it.
  const httplib::Result res = get(server.port(), "/api/search?q=monsoon&limit=1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(stalled.response().find("200 OK"), std::string::npos);  // closed, never answered
  EXPECT_EQ(server.stop(), 0);
}

// Several clients search while quarry-index adds documents in several runs
// (a commit each): no request fails, each client sees the count of new
// documents only grow, and all of them are found at the end, without a restart.
TEST_F(Server, Issue19ServesWhileAnIndexerAddsDocuments) {
  const std::string db = dir_ + "/growing";
  ASSERT_EQ(quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, kRecords}, dir_).status, 0);
  ServerProcess server(QUARRY_SERVE_BIN, {"-d", db, "--threads", "8"}, dir_ + "/growing.log");
  constexpr int kRuns = 12, kPerRun = 5;
  std::atomic<bool> indexing{true};
  std::atomic<int> requests{0};
  std::vector<std::string> failures[4];
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(60, 0);
      std::size_t seen = 0;
      for (int i = 0; indexing || i < 2; ++i) {
        const bool growing = i % 2 == 0;
        const httplib::Result res = client.Get(growing ? "/api/search?q=zebrafinch&limit=100" : "/api/search?q=monsoon&limit=10");
        ++requests;
        if (!res || res->status != 200) {
          failures[t].push_back(res ? std::to_string(res->status) + " " + res->body : "no answer");
          continue;
        }
        const json answer = json::parse(res->body, nullptr, false);
        if (answer.is_discarded() || !answer["hits"].is_array()) {
          failures[t].push_back("not an answer: " + res->body);
          continue;
        }
        const std::size_t hits = answer["hits"].size();
        if (!growing && hits != 10) failures[t].push_back("monsoon gave " + std::to_string(hits) + " hits");
        if (growing && hits < seen) failures[t].push_back("zebrafinch went from " + std::to_string(seen) + " to " + std::to_string(hits));
        if (growing) seen = hits;
      }
    });
  for (int run = 0; run < kRuns; ++run) {
    const std::string file = dir_ + "/more" + std::to_string(run) + ".jsonl";
    std::ofstream out(file);
    for (int k = 0; k < kPerRun; ++k)
      out << json{{"id", "z" + std::to_string(run) + "-" + std::to_string(k)},
                  {"title", "Zebrafinch sighting " + std::to_string(run)},
                  {"date", "2025-10-01"},
                  {"body", "A zebrafinch was seen in the garden, number " + std::to_string(k) + "."}}
                 .dump()
          << "\n";
    out.close();
    const CliRun indexed = quarry::test::run_cli(QUARRY_INDEX_BIN, {"-q", "-d", db, file}, dir_);
    EXPECT_EQ(indexed.status, 0) << indexed.err;
  }
  indexing = false;
  for (std::thread& client : clients) client.join();
  for (const auto& failed : failures) EXPECT_TRUE(failed.empty()) << failed.size() << " failures, first: " << failed.front();
  EXPECT_GT(requests.load(), 4 * 2);
  std::cout << requests.load() << " requests during " << kRuns << " indexer runs\n";
  const json answer = json::parse(get(server.port(), "/api/search?q=zebrafinch&limit=100")->body);
  EXPECT_EQ(answer["hits"].size(), static_cast<std::size_t>(kRuns * kPerRun));
  EXPECT_EQ(json::parse(get(server.port(), "/api/stats")->body)["documents"], 25 + kRuns * kPerRun);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
