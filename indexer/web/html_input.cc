#include "html_input.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "charset.h"
#include "inflate.h"
#include "dates.h"  // web/dates.h: the extractor's date reading
#include "news_page.h"
#include "passages.h"
#include "url.h"

namespace quarry::web {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

std::string_view skip_space(std::string_view s) {
  while (!s.empty() && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' || s[0] == '\f'))
    s.remove_prefix(1);
  return s;
}

// ASCII of a UTF-16 prefix, for sniffing only.
std::string narrow_utf16(std::string_view bytes, bool little_endian) {
  std::string out;
  for (std::size_t i = 0; i + 1 < bytes.size() && out.size() < 512; i += 2) {
    const unsigned char lo = static_cast<unsigned char>(bytes[little_endian ? i : i + 1]);
    const unsigned char hi = static_cast<unsigned char>(bytes[little_endian ? i + 1 : i]);
    out.push_back(hi == 0 && lo < 0x80 ? static_cast<char>(lo) : '?');
  }
  return out;
}

bool opens_as_html(std::string_view s) {
  s = skip_space(s);
  if (starts_with_nocase(s, "<?xml")) {
    const std::size_t end = s.find("?>");
    if (end == std::string_view::npos) return false;
    s = skip_space(s.substr(end + 2));
  }
  while (starts_with_nocase(s, "<!--")) {  // comments before the doctype
    const std::size_t end = s.find("-->");
    if (end == std::string_view::npos) return false;
    s = skip_space(s.substr(end + 3));
  }
  for (const char* tag : {"<!doctype html", "<html", "<head", "<body"}) {
    if (!starts_with_nocase(s, tag)) continue;
    const std::size_t n = std::strlen(tag);
    if (s.size() == n) return true;
    const char next = s[n];
    return next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == '/';
  }
  return false;
}

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (const std::string& p : paragraphs) {
    if (p.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    if (!body.empty()) body += "\n\n";
    body += p;
  }
  return body;
}

// "https://site.example" or "https://site.example/": no path, no query.
bool is_site_root(std::string_view url) {
  const std::size_t host = url.find("://");
  if (host == std::string_view::npos) return false;
  const std::size_t path = url.find_first_of("/?#", host + 3);
  return path == std::string_view::npos || url.substr(path) == "/";
}

// The canonical link when it names this page: not when an article's link is
// its site's home page (a CMS misconfigured gives every article that link,
// and as their id each article would replace the one before), nor when its
// host is no host ("https://.site.example").
std::string own_canonical(const WebPage& page) {
  const std::string host = url_host(page.canonical_url);
  if (host.empty() || host.front() == '.' || (page.is_article && is_site_root(page.canonical_url))) return {};
  return page.canonical_url;
}

}  // namespace

bool looks_like_html(std::string_view bytes) {
  if (bytes.compare(0, 2, "\xFF\xFE") == 0) return opens_as_html(narrow_utf16(bytes.substr(2), true));
  if (bytes.compare(0, 2, "\xFE\xFF") == 0) return opens_as_html(narrow_utf16(bytes.substr(2), false));
  if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.remove_prefix(3);
  const std::string utf16 = sniff_utf16(bytes);
  if (!utf16.empty()) return opens_as_html(narrow_utf16(bytes, utf16 == "UTF-16LE"));
  return opens_as_html(bytes.substr(0, 4096));
}

bool sniffs_as_html(std::string_view bytes) {
  if (looks_like_html(bytes)) return true;
  if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) bytes.remove_prefix(3);
  const std::string_view s = skip_space(bytes.substr(0, 1024));
  if (starts_with_nocase(s, "<!--")) return true;
  for (const char* tag : {"<script", "<iframe", "<h1", "<div", "<font", "<table", "<a", "<style", "<title", "<b",
                          "<br", "<p"}) {
    const std::size_t n = std::strlen(tag);
    if (starts_with_nocase(s, tag) && s.size() > n && (s[n] == ' ' || s[n] == '>')) return true;
  }
  return false;
}

std::string binary_kind(std::string_view bytes) {
  struct Magic {
    const char* bytes;
    std::size_t size;
    const char* name;
  };
  static const Magic kMagic[] = {
      {"\x89PNG\r\n\x1a\n", 8, "a PNG image"}, {"GIF8", 4, "a GIF image"},  {"\xFF\xD8\xFF", 3, "a JPEG image"},
      {"%PDF-", 5, "a PDF document"},          {"PK\x03\x04", 4, "a ZIP archive"}, {"\x1f\x8b", 2, "gzip data"},
      {"RIFF", 4, "a RIFF (WebP, WAV, AVI) file"}, {"\x00\x00\x01\x00", 4, "an icon"},
      {"wOFF", 4, "a web font"},               {"wOF2", 4, "a web font"},   {"\x7f" "ELF", 4, "an executable"},
  };
  for (const Magic& m : kMagic)
    if (bytes.size() >= m.size && bytes.compare(0, m.size, m.bytes, m.size) == 0) return m.name;
  if (bytes.compare(0, 2, "\xFF\xFE") == 0 || bytes.compare(0, 2, "\xFE\xFF") == 0 || !sniff_utf16(bytes).empty())
    return {};
  // Text has (almost) no control characters other than white space.
  const std::string_view head = bytes.substr(0, 4096);
  std::size_t control = 0;
  for (unsigned char c : head) control += c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b;
  if (!head.empty() && (control * 100 > head.size() * 5 || head.find('\0') != std::string_view::npos))
    return "binary data";
  return {};
}

// "https://x/y" but not "/y" or "y": a saved page with no URL of its own
// leaves relative links unresolved, and "/about" on two sites is two pages.
bool is_absolute_url(std::string_view url) {
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (std::size_t i = 0; i < colon; ++i)
    if (!std::isalnum(static_cast<unsigned char>(url[i])) && url[i] != '+' && url[i] != '-' && url[i] != '.') return false;
  return true;
}

std::string teaser_id(const Teaser& teaser) {
  if (!is_absolute_url(teaser.url)) return editorial_id(teaser.title, teaser.date, teaser.summary);
  return "teaser:" + teaser.url;
}

HtmlDocuments page_documents(const WebPage& page, const HtmlInput& input) {
  HtmlDocuments out;
  Document doc;
  const std::string canonical = own_canonical(page);
  doc.url = canonical.empty() ? input.url : canonical;
  doc.id = !input.id.empty()     ? input.id
           : !canonical.empty()  ? canonical
           : !input.url.empty()  ? input.url
                                 : input.fallback_id;
  doc.kind = page.is_article ? kKindArticle : kKindPage;
  doc.date = parse_machine_date(page.date).value_or("");
  doc.section = page.section;
  doc.source = input.source;
  doc.authors = page.authors;
  // A home page link left out as the id still names the site.
  const std::string host = url_host(page.canonical_url);
  doc.site = site_of_url(!doc.url.empty() || host.empty() || host.front() == '.' ? doc.url : page.canonical_url);
  doc.language = page.language;
  const std::string body = join_paragraphs(page.paragraphs);
  doc.dateline = find_dateline(body);
  doc.title_given = !page.title.empty();  // a headline ranks as a title; a first sentence does not
  doc.title = page.title.empty() ? first_sentence(body) : page.title;
  doc.passages = split_passages(body);
  if (!doc.passages.empty()) out.documents.push_back(std::move(doc));
  for (const Teaser& teaser : page.teasers) {
    if (teaser.summary.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    Document t;
    t.id = teaser_id(teaser);
    t.kind = teaser.editorial ? kKindEditorial : kKindTeaser;
    t.title = teaser.title;
    t.title_given = !t.title.empty();
    t.date = parse_machine_date(teaser.date).value_or("");
    t.section = teaser.editorial ? "Editorial" : "";
    t.source = input.source;
    if (is_absolute_url(teaser.url)) {
      t.url = teaser.url;
      t.site = site_of_url(teaser.url);
    }
    t.language = page.language;
    t.passages.push_back(teaser.summary);
    out.documents.push_back(std::move(t));
  }
  return out;
}

HtmlDocuments read_html(const HtmlInput& input) {
  DecodedText text = decode_html_bytes(input.bytes, input.content_type);
  const WebPage page = extract_page(text.utf8, input.url);
  HtmlDocuments out = page_documents(page, input);
  if (page.truncated)
    out.problems.push_back("a page of more than 400,000 elements and text nodes: only its beginning was read");
  if (!text.declared_mismatch.empty())
    out.problems.push_back("charset " + text.declared_mismatch);
  if (text.replaced)
    out.problems.push_back("invalid " + text.charset + ": " + std::to_string(text.replaced) +
                           " byte sequence(s) replaced with U+FFFD");
  return out;
}

HtmlDocuments read_html_file(std::string_view content, const std::string& source, const std::string& path_id) {
  HtmlDocuments out;
  std::string inflated;
  if (is_gzip(content)) {
    Inflated result = inflate_bounded(content, kMaxPageBytes);
    if (result.status == InflateStatus::too_large) {
      out.problems.push_back("decompresses to more than 64 MiB (a compression bomb?), skipped");
      return out;
    }
    if (result.status == InflateStatus::damaged || result.status == InflateStatus::cut_short) {
      out.problems.push_back("compressed data is damaged, skipped");
      return out;
    }
    inflated = std::move(result.data);
    content = inflated;
  }
  if (const std::string kind = binary_kind(content); !kind.empty()) {
    out.problems.push_back("is " + kind + ", not HTML; skipped");
    return out;
  }
  HtmlInput input;
  input.bytes = content;
  input.fallback_id = path_id;
  input.source = source;
  return read_html(input);
}

}  // namespace quarry::web
