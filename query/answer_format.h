// How quarry-search prints what is not a hit: facets, match counts, whole
// documents and what a database holds, each as text for people and as JSON
// for tools (the hits themselves: hit_format.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "quarry/search.h"

namespace quarry {

// "section: Pakistan 412 · World 97" (no newline); "(none)" for no values.
std::string format_facet_text(const Facet& facet);
// {"facet":"section","counts":[["Pakistan",412],["World",97]]}, after a
// "qid" when qid is given (batch mode).
std::string format_facet_json_line(const Facet& facet, const std::string* qid = nullptr);

// "412 documents matched." / "1 document matched."
std::string format_count_text(std::size_t count);
// {"count":412}, after a "qid" when qid is given.
std::string format_count_json(std::size_t count, const std::string* qid = nullptr);

// Title, metadata, then every passage (its lines kept) with the query's words
// in colour when color.
std::string format_document_text(const DocumentText& document, bool color);
// One object: doc, kind, title, date, section, source, url, author, site,
// language (null when unknown), title_highlights, body (the passages joined
// by blank lines), highlights (spans in body) and passages ([begin, end) of
// each passage in body).
std::string format_document_json(const DocumentText& document);

// What a database holds, a line per item / one JSON object.
std::string format_info_text(const DatabaseInfo& info);
std::string format_info_json(const DatabaseInfo& info);

}  // namespace quarry
