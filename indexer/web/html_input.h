// From the bytes of one web page (a saved file, an archive record, a JSONL
// "html" field, or a string an embedder crawled) to the documents it gives:
// charset decoding (charset.h), extraction (page.h), then the article or the
// page itself and a document for each teaser with a summary.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "document.h"
#include "page.h"

namespace quarry::web {

// Larger pages, and larger decompressed .gz files and HTTP bodies, are not read.
inline constexpr std::size_t kMaxPageBytes = 64u << 20;

struct HtmlInput {
  std::string_view bytes;         // the page in any charset
  std::string_view content_type;  // HTTP Content-Type, if it came with one
  std::string url;                // where it was found (WARC target URI, JSONL url); may be empty
  // The page's document id: when empty, the page's canonical URL, else url,
  // else fallback_id (a file's path).
  std::string id;
  std::string fallback_id;
  std::string source;             // shown with hits
};

struct HtmlDocuments {
  std::vector<Document> documents;  // the page first (if it has text), then its teasers
  std::vector<std::string> problems;  // for a person: charset trouble, undecodable bytes
};

HtmlDocuments read_html(const HtmlInput& input);

// A saved page's file content (gzipped or not): its id is the page's
// canonical URL, else path_id. Problems are reasons; an empty document list
// with a problem means the file was not indexed.
HtmlDocuments read_html_file(std::string_view content, const std::string& source, const std::string& path_id);

// The documents of an extracted page (what read_html does after decoding).
HtmlDocuments page_documents(const WebPage& page, const HtmlInput& input);

// Whether bytes (a file with no extension) are an HTML page: after a BOM and
// white space it opens with a doctype, <html>, <head>, <body> or an XML
// declaration followed by <html> (the WHATWG sniffing rules, narrowed to what
// a saved page starts with). UTF-16 pages count.
bool looks_like_html(std::string_view bytes);

// Whether a payload served without a type is HTML as a browser sniffs it
// (WHATWG MIME sniffing): after white space it opens with one of the tags
// the standard lists (<!DOCTYPE HTML, <html, <head, <body, <script, <title,
// <p, <div, <table, <a, <b, ... or a comment), or looks_like_html says so.
bool sniffs_as_html(std::string_view bytes);

// A name for bytes that are certainly not text ("PNG image", "PDF", "binary
// data"), or empty. For payloads whose Content-Type claims HTML.
std::string binary_kind(std::string_view bytes);

// The id of a teaser: its target URL, in a namespace of its own so that the
// teaser of a story and the story's own page are two documents; a hash of
// its text when the URL is not absolute (a saved page with no URL of its own).
std::string teaser_id(const Teaser& teaser);
bool is_absolute_url(std::string_view url);

}  // namespace quarry::web
