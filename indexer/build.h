// Turning raw input (a file's bytes, a batch of JSONL lines, a document made in
// code) into the Xapian documents of its passages. Runs on worker threads:
// it touches no database.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyser.h"
#include "document.h"
#include "quarry/index.h"
#include "recorded_document.h"
#include "web/warc.h"

namespace quarry {

struct WorkUnit {
  enum class Type { file, jsonl_lines, document, archive_records, html };
  Type type = Type::file;
  std::string source;     // path as the user gave it (joined with the folder walk)
  std::string file_id;    // stable id of the file: its canonical path
  // Set on a file's last unit: once it is written, the file's state (for
  // skipping it next time) may be recorded.
  std::string finished_file_key;
  std::string finished_file_state;
  InputFormat format = InputFormat::automatic;
  std::string content;    // Type::file
  std::vector<std::string> lines;  // Type::jsonl_lines: the file's lines that are not blank
  std::vector<std::size_t> line_numbers;  // of each of lines, 1-based
  DocumentInput input;    // Type::document; Type::html: its body is the page, its url the URL
  std::string content_type;  // Type::html: the page's HTTP Content-Type, if known
  std::vector<web::WarcRecord> records;  // Type::archive_records
  std::vector<InputProblem> problems;    // found while reading, reported before the unit's own
  bool extract_only = false;  // keep the Documents (BuiltUnit::extracted), build no Xapian documents
};

struct BuiltDocument {
  std::string id;
  std::string kind;
  std::size_t passages = 0;
  RecordedDocument recorded;  // replayed into a Xapian::Document where it is written
  std::string spelling_words;  // distinct, for the spelling vocabulary (DocumentWords::take)
  std::string capture;  // Document::capture
  std::string file;     // Document::file
};

struct BuiltUnit {
  std::vector<BuiltDocument> documents;
  std::string finished_file_key;  // copied from the WorkUnit
  std::string finished_file_state;
  std::vector<InputProblem> problems;
  bool whole_file_skipped = false;  // Type::file: nothing in it could be indexed
  std::map<std::string, std::size_t> records_skipped;  // archive records that hold no page, by why
  std::vector<Document> extracted;  // WorkUnit::extract_only: the documents, unbuilt
};

BuiltUnit build_unit(WorkUnit&& unit, Analyser& analyser);

// The Xapian document of one Document, recorded, and (when asked) its
// distinct spelling words (packed: for_each_packed_word reads them).
RecordedDocument record_document(const Document& document, Analyser& analyser, std::string* spelling_words);
// Exposed for tests: the same, as a Xapian document.
Xapian::Document build_document(const Document& document, Analyser& analyser,
                                std::string* spelling_words = nullptr);

// Exposed for tests: one JSONL line as a Document (nullopt and a problem when bad).
// A record carrying "html" instead of "body" is extracted as a web page; the
// teasers it shows go to teasers when given.
std::optional<Document> parse_jsonl_record(const std::string& line, const std::string& source,
                                           std::size_t line_number,
                                           std::vector<InputProblem>& problems,
                                           std::vector<Document>* teasers = nullptr);

}  // namespace quarry
