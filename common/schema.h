// The index schema in one place: term prefixes, value slots and metadata keys.
// The indexer writes exactly what the searcher reads; change both here or neither.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace quarry::schema {

// One Xapian document per document (article or editorial). Its passages live in
// one position space, kPassagePositionGap apart, and the record in the
// document data says where each passage starts.
inline constexpr const char* kBodyPrefix = "";       // stemmed body and given-title words, positional
// Stemmed title words, positional, for title: searches: wdf 1 for a title the
// document came with (Document::title_given), 0 for one Quarry made up from
// the first sentence. The first passage holds a made-up title's words
// already: they are not repeated as words of the document, not weighed as a
// title, and add nothing to the document's length.
inline constexpr const char* kTitlePrefix = "S";
// A given title is a field of the document's BM25 (BM25F in the form SQLite
// FTS5 uses, one length normalisation for title and body): each occurrence
// of a word in it counts this many times in the word's wdf and the
// document's length. Chosen by cross-validation (eval/README.md, issue 18);
// changing it needs a re-index, hence a new schema version.
inline constexpr Xapian::termcount kTitleWdf = 3;
inline constexpr const char* kKindPrefix = "K";      // "article" | "editorial" (boolean)
inline constexpr const char* kSectionPrefix = "B";   // folded section name (boolean)
inline constexpr const char* kDocPrefix = "Q";       // document id (unique)
// Every file a document was read from (canonical path). An editorial printed
// on several pages has one per page, and lives while any of them remains.
// The term of the file whose content the document holds (the last written)
// has one position, kContentFilePosition, and wdf 0; the others have none.
inline constexpr const char* kFilePrefix = "F";
inline constexpr Xapian::termpos kContentFilePosition = 1;
// Filters (boolean, folded to lower case) on what a source says of a document.
inline constexpr const char* kAuthorPrefix = "A";    // each author
inline constexpr const char* kSitePrefix = "H";      // site: host without "www."
inline constexpr const char* kLanguagePrefix = "L";  // primary language subtag ("de" of "de-CH")
inline constexpr const char* kUrlPrefix = "U";       // the document's URL as given

// Xapian's convention, which every prefix above follows: a prefix is capital
// letters, and a term starting with one is not a word of the text.
inline bool is_prefixed(std::string_view term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

// Values.
inline constexpr Xapian::valueno kDocSlot = 0;   // document id
inline constexpr Xapian::valueno kDateSlot = 1;  // "YYYY-MM-DD": sorts and ranges as text
// The document id again, and where each passage's positions start and how
// many it spans (see encode_passage_map): lets the searcher score passages of
// many candidate documents with one value each, without fetching and
// inflating their stored text.
inline constexpr Xapian::valueno kPassageMapSlot = 2;
// The document's record (encode_record: LZ4-compressed). A value, not the
// document data, because Xapian deflates document data at level 6 and that
// cost a fifth of its indexing time; LZ4 costs almost nothing either way.
inline constexpr Xapian::valueno kRecordSlot = 3;
// What facets count (issue 17): kind, date, section, site, language and
// authors of the document in one value (encode_facet_fields), so that one
// read per matching document serves every facet, and Xapian's
// ValueCountMatchSpy (which xapian-tcpsrv also runs) counts them on every
// kind of shard: the searcher splits the distinct combinations it counted.
inline constexpr Xapian::valueno kFacetSlot = 10;
// The date again, "~" (after every digit) when unknown: oldest first with
// undated documents last is an ascending sort on it. (A KeyMaker could say
// so at search time, but Xapian's remote protocol does not carry one.)
inline constexpr Xapian::valueno kOldestFirstSlot = 11;
// A web archive capture's WARC-Date (web::warc_date_key: sorts in time
// order), absent for other input. The indexer keeps the newer of two
// captures of one id, whatever the order it reads them in; a document
// without it (other input, or written by Quarry before the slot existed)
// is replaced by whatever is read later, as before. The searcher never reads
// it: databases with and without it are read alike (no new schema version).
inline constexpr Xapian::valueno kCaptureSlot = 12;

// Metadata keys: a searcher refuses a database whose analyser it does not speak.
// Every key Quarry writes starts with kMetadataPrefix: a Xapian database with
// none is another program's.
inline constexpr const char* kMetadataPrefix = "quarry.";
inline constexpr const char* kAnalyserKey = "quarry.analyser";
inline constexpr const char* kLanguageKey = "quarry.language";
inline constexpr const char* kSchemaKey = "quarry.schema";
inline constexpr const char* kSchemaVersion = "8";  // 8: the passage map holds the title's word count
// Total passages in the database: with the total length it gives the average
// passage length that passage scores are normalised by.
inline constexpr const char* kPassageCountKey = "quarry.passages";
// The spelling vocabulary (spelling_vocabulary.h): the words of the text as
// written (folded, unstemmed) and how many documents hold each, in one entry
// per first two bytes of the word (in hex) after this prefix. Counted up and down with the
// documents, in the same commits, so it is always that of the documents.
inline constexpr const char* kSpellingPrefix = "quarry.spelling:";
// Per indexed file (canonical path after the prefix): "size mtime hash" of
// the content last indexed, so that re-runs skip unchanged files.
inline constexpr const char* kFileStatePrefix = "quarry.file:";
// When quarry-index last committed to this database: ISO 8601 UTC
// ("2025-03-16T10:04:05Z"), for quarry-search --info.
inline constexpr const char* kUpdatedKey = "quarry.updated";

// Gaps in the position space so that no phrase or NEAR spans two passages,
// or the body and the title (whose words follow the body's).
inline constexpr Xapian::termpos kPassagePositionGap = 16;
inline constexpr Xapian::termpos kTitlePositionGap = 100;

}  // namespace quarry::schema

namespace quarry::schema {

// Ids can be long paths; Xapian terms cannot exceed 245 bytes, so long ids are hashed.
std::string id_term(const char* prefix, const std::string& id);

// The primary subtag of a language tag, lower case: "de" for "de-CH" or
// "DE_ch"; empty unless it is 2 or 3 ASCII letters.
std::string primary_language(std::string_view tag);

// FNV-1a, 64 bit: stable across runs, builds and platforms, unlike std::hash,
// so anything derived from it may be stored.
std::uint64_t fnv1a64(std::string_view bytes);

// A sharded database is a folder holding kStubFile, which lists its shards
// one per line as "auto shard0", "auto shard1", ... (Xapian's stub format, so
// Xapian tools open it too), and the shard databases themselves. A document
// lives in shard shard_of(id): re-indexing an id finds its earlier version.
inline constexpr const char* kStubFile = "XAPIANDB";
std::string shard_folder(unsigned index);
unsigned shard_of(std::string_view id, unsigned shards);

// What Quarry keeps beside a database at PATH while writing it, each at
// PATH + suffix: the copy being built (a bulk load's result, a sharded
// database being created), the old one set aside while the new one is
// swapped in, and a bulk load's segments. None of them is ever input.
inline constexpr const char* kNewSuffix = ".new";
inline constexpr const char* kOldSuffix = ".old";
inline constexpr const char* kSegmentsSuffix = ".segments";

}  // namespace quarry::schema
