// Issue 6: re-running the indexer over a changing folder loses nothing and
// indexes nothing twice; a second indexer is refused at once.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

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
