// The document model shared by the indexer (which fills it) and the searcher
// (which reads back one passage of it from the index).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quarry {

inline constexpr const char* kKindArticle = "article";
inline constexpr const char* kKindEditorial = "editorial";

// One indexable unit: an article, or one editorial snippet from a page's sidebar.
struct Document {
  std::string id;        // stable: JSONL id, file path, or content hash for editorials
  std::string kind;      // kKindArticle | kKindEditorial
  std::string title;
  std::string date;      // ISO "YYYY-MM-DD", or empty when unknown
  std::string section;
  std::string source;    // file it came from
  std::string dateline;  // "KARACHI" in "KARACHI: ...", empty when none
  std::vector<std::string> passages;
};

// What one Xapian document stores: everything a hit needs, so that a remote
// shard can serve it and a snippet never needs the source file.
struct PassageRecord {
  std::string doc;
  std::string kind;
  std::string title;
  std::string date;
  std::string section;
  std::string source;
  std::string dateline;
  std::uint32_t passage = 0;
  std::string text;
};

std::string encode_passage(const PassageRecord& record);
// Throws DatabaseError when data is not a passage record of this schema.
PassageRecord decode_passage(std::string_view data);

}  // namespace quarry
