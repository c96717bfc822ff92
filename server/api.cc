#include "api.h"

#include <nlohmann/json.hpp>

#include "quarry/json.h"

namespace quarry::serve {

std::string error_body(const std::string& message) {
  return nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string log_safe(std::string text) {
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return text;
}

Api::Api(SearcherPool& pool, std::function<void(const std::string&)> log) : pool_(pool), log_(std::move(log)) {}

// A bad request is the client's to fix, and is told why. A database or shard
// that fails is the operator's: the client learns only that the service is
// unavailable (messages name files and hosts it need not know), the log
// learns why.
template <class Answer>
Reply Api::answer(const char* what, Answer answer) {
  try {
    return answer();
  } catch (const UsageError& e) {
    return {400, error_body(e.what())};
  } catch (const ShardUnavailableError& e) {
    log_(std::string(what) + ": " + e.what());
    return {503, error_body("a shard of the database cannot be reached; try again later")};
  } catch (const DatabaseError& e) {
    log_(std::string(what) + ": " + e.what());
    return {503, error_body("the database cannot be read; try again later")};
  } catch (const std::exception& e) {
    log_(std::string(what) + ": unexpected failure: " + e.what());
    return {500, error_body("internal error")};
  }
}

Reply Api::search(const Params& params) {
  return answer("search", [&] {
    const SearchParams request = search_params(params);
    validate(request.request);  // a bad request is a 400 even while the database is down
    const SearchResults results = pool_.acquire()->search(request.request);
    return Reply{200, to_json(results, request.json)};
  });
}

// quarry-search --suggest: the corrected query, or null when it needs none.
Reply Api::suggest(const Params& params) {
  return answer("suggest", [&] {
    SearchRequest request;
    request.query = suggest_params(params);
    validate(request);
    const std::string corrected = pool_.acquire()->suggest(request.query);
    nlohmann::ordered_json out{{"suggestion", nullptr}};
    if (!corrected.empty()) out["suggestion"] = corrected;
    return Reply{200, out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)};
  });
}

Reply Api::document(const Params& params) {
  return answer("document", [&] {
    const DocumentParams request = document_params(params);
    const std::optional<DocumentText> found = pool_.acquire()->document(request.id, request.query);
    if (!found) return Reply{404, error_body("no document has the id '" + request.id + "'")};
    return Reply{200, to_json(*found)};
  });
}

Reply Api::health() {
  return answer("health", [&] {
    pool_.acquire();  // opened (or refreshed): it can answer
    return Reply{200, R"({"status":"ok"})"};
  });
}

Reply Api::stats() {
  return answer("stats", [&] {
    // What quarry-search --info --format json prints, and how many shards
    // --allow-partial leaves out.
    SearcherPool::Lease searcher = pool_.acquire();
    nlohmann::ordered_json out = nlohmann::ordered_json::parse(to_json(searcher->info()));
    out["unavailable_shards"] = searcher->unavailable_shards().size();
    return Reply{200, out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)};
  });
}

}  // namespace quarry::serve
