// What one WARC record gives: the documents of the page it holds, or the
// reason it holds none. Records that are not pages by design (requests,
// revisits, metadata, images...) are counted by kind, not reported.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "document.h"
#include "warc.h"

namespace quarry::web {

struct RecordDocuments {
  std::vector<Document> documents;
  std::string problem;   // for a person, when the record should have been a page and is not usable
  std::string skipped;   // by design: "request", "revisit", "not HTML", "HTTP 404"...; empty if read
  std::vector<std::string> notes;  // charset trouble of a page that was read
};

// Whether a record of this WARC-Type can hold a page (response, resource).
bool may_hold_page(const std::string& type);

// source: the archive's name as the user gave it.
RecordDocuments read_record(const WarcRecord& record, const std::string& source);

}  // namespace quarry::web
