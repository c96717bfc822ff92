// Issue 14 item 4: no deletion or replacement leaves a database that answers
// any query differently from one built from scratch out of the same inputs.
// Random adds, edits and deletes of JSONL records and text files go through
// the Indexer's incremental paths; after each round every query form is
// asked of both databases.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "quarry/index.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kWords = {"flood", "rain", "river", "village", "relief", "army", "camp",
                                         "water", "crop", "wheat", "market", "price", "imran", "khan",
                                         "court", "jail", "adiala", "budget", "tax", "polio"};

struct Record {
  std::string title, date, section, body;
};

class Corpus {
 public:
  explicit Corpus(std::string folder) : folder_(std::move(folder)), random_(14) { fs::create_directories(folder_); }

  // Three JSONL files of a few hundred records (the documents' ids are
  // unique across files) and a few text files.
  void start() {
    for (int f = 0; f < 3; ++f)
      for (int r = 0; r < 450; ++r) files_[f]["r" + std::to_string(f) + "-" + std::to_string(next_id_++)] = record();
    for (int t = 0; t < 6; ++t) texts_["note" + std::to_string(t) + ".txt"] = text();
    write_all();
  }

  // Edits, adds and deletes records and files.
  void mutate() {
    for (auto& [f, records] : files_) {
      if (random_() % 3 == 0) continue;  // this file unchanged
      std::vector<std::string> ids;
      for (const auto& [id, record] : records) ids.push_back(id);
      for (const std::string& id : ids) {
        const unsigned roll = random_() % 10;
        if (roll == 0) records.erase(id);                 // deleted
        else if (roll == 1) records[id] = record();       // replaced
      }
      for (int n = static_cast<int>(random_() % 40); n > 0; --n)
        records["r" + std::to_string(f) + "-" + std::to_string(next_id_++)] = record();
    }
    std::vector<std::string> names;
    for (const auto& [name, body] : texts_) names.push_back(name);
    for (const std::string& name : names) {
      const unsigned roll = random_() % 4;
      if (roll == 0) {
        texts_.erase(name);
        fs::remove(folder_ + "/" + name);
      } else if (roll == 1) {
        texts_[name] = text();
      }
    }
    texts_["note" + std::to_string(next_id_++) + ".txt"] = text();
    write_all();
  }

  // A news page (an article and sidebar editorials) in the folder, or not:
  // without it every document is an article, so kind:article filters on a
  // term every document holds.
  void page(bool present) {
    const std::string path = folder_ + "/page.txt";
    if (present) fs::copy_file(QUARRY_CORPUS_DIR "/000_adb2bf521e5eb72d.txt", path, fs::copy_options::overwrite_existing);
    else fs::remove(path);
  }

 private:
  std::string words(std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? " " : "") + kWords[random_() % kWords.size()];
    return out;
  }
  Record record() {
    char date[16];
    std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + static_cast<int>(random_() % 9), 1 + static_cast<int>(random_() % 28));
    std::string body = words(20 + random_() % 40);
    if (random_() % 3 == 0) body += "\\n\\n" + words(30 + random_() % 60);
    return {words(1 + random_() % 3), random_() % 5 ? date : "", random_() % 2 ? "Pakistan" : "World", body};
  }
  std::string text() { return words(2) + "\n\n" + words(30 + random_() % 50) + "\n\n" + words(20) + "\n"; }

  void write_all() {
    for (const auto& [f, records] : files_) {
      std::ofstream out(folder_ + "/records" + std::to_string(f) + ".jsonl");
      for (const auto& [id, r] : records)
        out << "{\"id\":\"" << id << "\",\"title\":\"" << r.title << "\",\"date\":\"" << r.date << "\",\"section\":\""
            << r.section << "\",\"body\":\"" << r.body << "\"}\n";
    }
    for (const auto& [name, body] : texts_) std::ofstream(folder_ + "/" + name) << body;
  }

  std::string folder_;
  std::mt19937 random_;
  int next_id_ = 0;
  std::map<int, std::map<std::string, Record>> files_;
  std::map<std::string, std::string> texts_;
};

void index_folder(const std::string& db, const std::string& folder) {
  IndexOptions options;
  options.db_path = db;
  Indexer indexer(options);
  indexer.add_path(folder);
  indexer.commit();
}

// What a user sees of a result: ranks, documents, passages, scores, snippets.
std::vector<std::string> answer(Searcher& searcher, const SearchRequest& request) {
  std::vector<std::string> out;
  for (const Hit& hit : searcher.search(request).hits) {
    char score[32];
    std::snprintf(score, sizeof score, "%.10g", hit.score);
    out.push_back(std::to_string(hit.rank) + " " + hit.doc + "#" + std::to_string(hit.passage) + " " + score + " " +
                  hit.date + " " + hit.snippet.text);
  }
  return out;
}

const char* const kQueries[] = {
    "flood", "flood river", "rain relief camp water", "\"river village\"", "imran NEAR khan",
    "imran NEAR \"adiala jail\"", "flood AND rain", "flood OR polio", "flood NOT rain", "+wheat price",
    "wheat -price", "kind:article", "kind:editorial", "section:pakistan", "section:world",
    "kind:article section:pakistan", "kind:article flood", "section:world -flood", "-flood",
    "kind:article -(kind:article -flood)", "date:2025-03", "date:2025-02..2025-05 wheat", "date:..2025-04 kind:article",
    "title:flood", "title:(flood OR rain)", "polio kind:(article OR editorial)",
    "what is the price of wheat in the village market",
};

void compare(const std::string& incremental, const std::string& scratch, int round) {
  Searcher a(incremental), b(scratch);
  ASSERT_EQ(a.document_count(), b.document_count()) << "round " << round;
  for (const char* query : kQueries) {
    for (SortOrder sort : {SortOrder::relevance, SortOrder::date}) {
      for (std::size_t offset : {0, 35}) {
        SearchRequest request;
        request.query = query;
        request.sort = sort;
        request.offset = offset;
        request.limit = 12;
        request.passages_per_doc = 2;
        request.snippet_bytes = 60;
        SCOPED_TRACE(std::string("round ") + std::to_string(round) + ", query '" + query + "', " +
                     (sort == SortOrder::date ? "date" : "relevance") + ", offset " + std::to_string(offset));
        std::vector<std::string> got, expected;
        ASSERT_NO_THROW(got = answer(a, request));
        ASSERT_NO_THROW(expected = answer(b, request));
        EXPECT_EQ(got, expected);
      }
    }
  }
}

TEST(Issue14, UpdatedDatabaseAnswersEveryQueryAsOneBuiltFromScratch) {
  test::TempDir dir;
  Corpus corpus(dir.path() + "/in");
  corpus.start();
  corpus.page(true);
  const std::string db = dir.path() + "/db";
  index_folder(db, dir.path() + "/in");
  for (int round = 1; round <= 4; ++round) {
    corpus.mutate();
    corpus.page(round == 3);  // deleted, added back, deleted again
    index_folder(db, dir.path() + "/in");
    const std::string scratch = dir.path() + "/scratch" + std::to_string(round);
    index_folder(scratch, dir.path() + "/in");
    compare(db, scratch, round);
    fs::remove_all(scratch);
  }
}

}  // namespace
}  // namespace quarry
