// The index schema in one place: term prefixes, value slots and metadata keys.
// The indexer writes exactly what the searcher reads; change both here or neither.
#pragma once

#include <xapian.h>

#include <string>

namespace quarry::schema {

// Every Xapian document is one passage; these terms tie it to its document.
inline constexpr const char* kBodyPrefix = "";       // stemmed body words, positional
inline constexpr const char* kTitlePrefix = "S";     // stemmed title words, positional
inline constexpr const char* kKindPrefix = "K";      // "article" | "editorial" (boolean)
inline constexpr const char* kSectionPrefix = "B";   // folded section name (boolean)
inline constexpr const char* kDocPrefix = "Q";       // document id: every passage of it
inline constexpr const char* kSourcePrefix = "F";    // source file the document came from

// Values.
inline constexpr Xapian::valueno kDocSlot = 0;   // document id: collapse key
inline constexpr Xapian::valueno kDateSlot = 1;  // "YYYY-MM-DD": sorts and ranges as text

// Metadata keys: a searcher refuses a database whose analyser it does not speak.
inline constexpr const char* kAnalyserKey = "quarry.analyser";
inline constexpr const char* kLanguageKey = "quarry.language";
inline constexpr const char* kSchemaKey = "quarry.schema";
inline constexpr const char* kSchemaVersion = "1";

// Title words sit after the body words with a gap so that no phrase spans both.
inline constexpr Xapian::termpos kTitlePositionGap = 100;

}  // namespace quarry::schema

namespace quarry::schema {

// Ids can be long paths; Xapian terms cannot exceed 245 bytes, so long ids are hashed.
std::string id_term(const char* prefix, const std::string& id);

}  // namespace quarry::schema
