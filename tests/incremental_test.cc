// Issue 6: re-running the indexer over a changing folder loses nothing and
// indexes nothing twice; a second indexer is refused at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <vector>

#include "quarry/index.h"
#include "quarry/search.h"
#include "temp_dir.h"

namespace quarry {
namespace {

namespace fs = std::filesystem;

std::set<std::string> docs_matching(const std::string& db, const std::string& query) {
  Searcher searcher(db);
  SearchRequest request;
  request.query = query;
  request.limit = 1000;
  request.snippet_bytes = 0;
  request.collapse = false;  // the two copies of one page are two documents here
  std::set<std::string> docs;
  for (const Hit& hit : searcher.search(request).hits) EXPECT_TRUE(docs.insert(hit.doc).second) << hit.doc;
  return docs;
}

IndexStats index_folder(const std::string& db, const std::string& folder, bool remove_missing = true) {
  IndexOptions options;
  options.db_path = db;
  options.remove_missing = remove_missing;
  Indexer indexer(options);
  indexer.add_path(folder);
  indexer.commit();
  return indexer.stats();
}

class Incremental : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = dir_.path() + "/news";
    db_ = dir_.path() + "/db";
    fs::create_directories(folder_);
    fs::copy_file(QUARRY_CORPUS_DIR "/000_adb2bf521e5eb72d.txt", folder_ + "/page-a.txt");
    fs::copy_file(QUARRY_CORPUS_DIR "/000_adb2bf521e5eb72d.txt", folder_ + "/page-b.txt");
    std::ofstream(folder_ + "/note.txt") << "Harvest report\n\nWheat output rose this year.\n";
    const IndexStats first = index_folder(db_, folder_);
    ASSERT_EQ(first.files_read, 3u);
  }
  test::TempDir dir_;
  std::string folder_;
  std::string db_;
};

TEST_F(Incremental, UnchangedFilesAreSkippedAndSaidSo) {
  const IndexStats again = index_folder(db_, folder_);
  EXPECT_EQ(again.files_unchanged, 3u);
  EXPECT_EQ(again.files_read, 0u);
  EXPECT_EQ(docs_matching(db_, "kind:article").size(), 3u);
}

TEST_F(Incremental, TouchedButUnchangedFileIsSkipped) {
  fs::last_write_time(folder_ + "/note.txt", fs::file_time_type::clock::now() + std::chrono::hours(1));
  EXPECT_EQ(index_folder(db_, folder_).files_unchanged, 3u);
}

TEST_F(Incremental, ChangedFileReplacesItsDocuments) {
  std::ofstream(folder_ + "/note.txt") << "Harvest report\n\nBarley output fell this year.\n";
  const IndexStats again = index_folder(db_, folder_);
  EXPECT_EQ(again.files_read, 1u);
  EXPECT_EQ(again.files_unchanged, 2u);
  EXPECT_TRUE(docs_matching(db_, "wheat").empty());
  EXPECT_EQ(docs_matching(db_, "barley").size(), 1u);
  EXPECT_EQ(docs_matching(db_, "kind:article").size(), 3u);
}

TEST_F(Incremental, EditorialsOnManyPagesAreStoredOnce) {
  EXPECT_EQ(docs_matching(db_, "kind:editorial").size(), 6u);
  EXPECT_EQ(docs_matching(db_, "polio").size(), 1u);
}

TEST_F(Incremental, RemovedPageTakesOnlyWhatNoOtherPageHolds) {
  fs::remove(folder_ + "/page-a.txt");
  const IndexStats after_a = index_folder(db_, folder_);
  EXPECT_EQ(after_a.files_removed, 1u);
  EXPECT_EQ(after_a.documents_removed, 1u);  // its article; the editorials live on in page-b
  EXPECT_EQ(docs_matching(db_, "kind:editorial").size(), 6u);
  EXPECT_EQ(docs_matching(db_, "kind:article").size(), 2u);
  fs::remove(folder_ + "/page-b.txt");
  const IndexStats after_b = index_folder(db_, folder_);
  EXPECT_EQ(after_b.documents_removed, 7u);
  EXPECT_TRUE(docs_matching(db_, "kind:editorial").empty());
}

TEST_F(Incremental, NoDeleteKeepsDocumentsOfRemovedFiles) {
  fs::remove(folder_ + "/note.txt");
  const IndexStats again = index_folder(db_, folder_, /*remove_missing=*/false);
  EXPECT_EQ(again.files_removed, 0u);
  EXPECT_EQ(docs_matching(db_, "wheat").size(), 1u);
}

// Found by re-indexing a folder of saved pages (qa-input): two files that
// claim one canonical URL (or two JSONL files with one id) make one document,
// with the content of the last written; when that file was removed or
// changed to another URL, the document kept its content, which no file held
// any more, and the other file's text could not be found.
TEST(QaInput, SameIdFromTwoFilesShowsAFileThatStillHoldsIt) {
  auto page = [](const std::string& title, const std::string& word, const std::string& url) {
    return "<html><head><title>" + title + "</title>" +
           (url.empty() ? "" : "<link rel=\"canonical\" href=\"" + url + "\">") +
           "</head><body><article><p>The " + word +
           " report from the river station says the water rose by a metre overnight and the "
           "bridge stayed closed until the morning inspection was done.</p></article></body></html>";
  };
  auto record = [](const std::string& word) {
    return "{\"id\":\"story-7\",\"title\":\"Story\",\"body\":\"The " + word + " report.\"}\n";
  };
  const std::string url = "https://news.example/river";
  struct Case {
    const char* name;
    std::string a_file, a_text, b_file, b_text;  // b is read after a: its content is indexed
    std::function<void(const std::string& folder)> change;
    std::vector<std::string> found, not_found;  // words
  };
  const Case cases[] = {
      {"the page's file is removed", "a.html", page("A", "alpha", url), "b.html", page("B", "bravo", url),
       [](const std::string& f) { fs::remove(f + "/b.html"); }, {"alpha"}, {"bravo"}},
      {"the page's file now has another URL", "a.html", page("A", "alpha", url), "b.html", page("B", "bravo", url),
       [&](const std::string& f) { std::ofstream(f + "/b.html") << page("B", "charlie", url + "-2"); },
       {"alpha", "charlie"}, {"bravo"}},
      {"the page's file is renamed", "a.html", page("A", "alpha", url), "b.html", page("B", "bravo", url),
       [](const std::string& f) { fs::rename(f + "/b.html", f + "/0.html"); }, {"bravo"}, {"alpha"}},
      {"the other file is removed", "a.html", page("A", "alpha", url), "b.html", page("B", "bravo", url),
       [](const std::string& f) { fs::remove(f + "/a.html"); }, {"bravo"}, {"alpha"}},
      {"the record's file is removed", "a.jsonl", record("alpha"), "b.jsonl", record("bravo"),
       [](const std::string& f) { fs::remove(f + "/b.jsonl"); }, {"alpha"}, {"bravo"}},
  };
  for (const Case& c : cases) {
    test::TempDir dir;
    const std::string folder = dir.path() + "/in", db = dir.path() + "/db";
    fs::create_directories(folder);
    std::ofstream(folder + "/" + c.a_file) << c.a_text;
    std::ofstream(folder + "/" + c.b_file) << c.b_text;
    index_folder(db, folder);
    ASSERT_EQ(docs_matching(db, "bravo").size(), 1u) << c.name;
    ASSERT_TRUE(docs_matching(db, "alpha").empty()) << c.name;
    c.change(folder);
    index_folder(db, folder);
    for (const std::string& word : c.found) EXPECT_EQ(docs_matching(db, word).size(), 1u) << c.name << ": " << word;
    for (const std::string& word : c.not_found) EXPECT_TRUE(docs_matching(db, word).empty()) << c.name << ": " << word;
    // Settled: a third run finds every file unchanged and changes nothing.
    const std::size_t files = static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
    const IndexStats third = index_folder(db, folder);
    EXPECT_EQ(third.files_unchanged, files) << c.name;
    EXPECT_EQ(third.files_read, 0u) << c.name;
    for (const std::string& word : c.found) EXPECT_EQ(docs_matching(db, word).size(), 1u) << c.name << ": " << word;
  }
}

TEST_F(Incremental, SecondIndexerIsRefusedAtOnce) {
  IndexOptions options;
  options.db_path = db_;
  Indexer first(options);
  first.add_path(folder_ + "/note.txt");  // opens the database for writing
  try {
    Indexer second(options);
    second.add_path(folder_ + "/page-a.txt");
    FAIL() << "a second indexer wrote to a locked database";
  } catch (const DatabaseLockedError& e) {
    EXPECT_NE(std::string(e.what()).find("locked by another indexer"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quarry
