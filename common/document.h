// The document model shared by the indexer (which fills it) and the searcher
// (which reads back one passage of it from the index).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quarry/error.h"

namespace quarry {

inline constexpr const char* kKindArticle = "article";
inline constexpr const char* kKindEditorial = "editorial";
inline constexpr const char* kKindTeaser = "teaser";  // a web page's teaser for another story
inline constexpr const char* kKindPage = "page";      // a web page that is no article

// One indexable unit: an article, or one editorial snippet from a page's sidebar.
struct Document {
  std::string id;        // stable: JSONL id, file path, or content hash for editorials
  std::string kind;      // kKindArticle | kKindEditorial | kKindTeaser | kKindPage
  std::string title;
  std::string date;      // ISO "YYYY-MM-DD", or empty when unknown
  std::string section;
  std::string source;    // file it came from, as the user named it (shown with hits)
  std::string file;      // that file's canonical path (what re-indexing tracks); may be empty
  std::string dateline;  // "KARACHI" in "KARACHI: ...", empty when none
  std::string url;       // where it can be read (JSONL url, a page's canonical URL), or empty
  std::vector<std::string> authors;
  std::string site;      // host without "www." ("dawn.com"), from the URL unless given
  std::string language;  // as the source declares it ("en", "de-CH"), or empty
  // The title came with the document (a JSONL or code title, a page's title
  // line, an editorial's heading, a text file's first line); false when
  // Quarry made it up from the first sentence, which is then no title for
  // ranking (see schema.h).
  bool title_given = false;
  // A web archive's capture: its WARC-Date as web::warc_date_key (sorts in
  // time order); empty for any other input. Of two captures of one id, the
  // newer is kept (see schema::kCaptureSlot).
  std::string capture;
  std::vector<std::string> passages;
};

// Of two captures of one id (Document::capture), the one kept so far stays
// if the other is older. The writer and --extract decide alike by this; past
// it (ties, unknown dates) the writer keeps the version of the file that
// sorts last, as for any input, and --extract prints the one read last.
inline bool older_capture(const std::string& capture, const std::string& kept) {
  return !capture.empty() && !kept.empty() && capture < kept;
}

// One passage as stored in the index: its text, and where its words sit in
// the document's position space, so that a searcher can score passages from
// Xapian's positional data without re-reading any text.
struct StoredPassage {
  std::string text;
  std::uint32_t first_position = 0;  // position of its first word
  std::uint32_t length = 0;          // number of word positions it spans
};

// What one Xapian document stores: everything a hit needs, so that a remote
// shard can serve it and a snippet never needs the source file.
struct DocumentRecord {
  std::string doc;
  std::string kind;
  std::string title;
  std::string date;
  std::string section;
  std::string source;
  std::string dateline;
  std::string url;
  std::vector<std::string> authors;
  std::string site;
  std::string language;
  std::vector<StoredPassage> passages;
};

// A stored record, passage map or facet value that does not decode: the
// database is damaged (or was written by something else). Readers name the
// database when they pass it on.
class DamagedRecordError : public DatabaseError {
 public:
  DamagedRecordError() : DatabaseError("a stored document record is damaged") {}
};

// Position range of a passage.
struct PassageSpan {
  std::uint32_t first_position = 0;
  std::uint32_t length = 0;
};
// What the searcher reads of every candidate document: its id (which breaks
// ties), its near-duplicate signature (encode_sketch, near_duplicates.h), how
// many different words its given title has (0: none given; the ranking weighs
// a title the query covers) and its passages' position ranges, in one value.
struct PassageMap {
  std::string doc;
  std::string sketch;
  std::uint32_t title_words = 0;
  std::vector<PassageSpan> spans;
};
std::string encode_passage_map(const std::string& doc, const std::string& sketch, std::uint32_t title_words,
                               const std::vector<StoredPassage>& passages);
// Throws DamagedRecordError when data is not a passage map.
PassageMap decode_passage_map(std::string_view data);

// What facets count of one document, stored in one value (schema::kFacetSlot).
struct FacetFields {
  std::string kind;
  std::string date;      // ISO, or empty
  std::string section;   // as indexed ("Pakistan"); filters fold its case
  std::string site;
  std::string language;  // primary subtag, as lang: filters
  std::vector<std::string> authors;  // distinct once ASCII case is folded, as author: filters
};
std::string encode_facet_fields(const FacetFields& fields);
// Throws DamagedRecordError when data is not facet fields.
FacetFields decode_facet_fields(std::string_view data);

// The site of a URL: its host, lower case, without a leading "www."; empty
// when url has no host.
std::string site_of_url(std::string_view url);

// The stored form of a record: its fields, LZ4-compressed.
std::string encode_record(const DocumentRecord& record);
// Throws DamagedRecordError when stored is not a record of this schema.
DocumentRecord decode_record(std::string_view stored);

}  // namespace quarry
