// Fuzzes extract_page (issue 16): any bytes as an HTML page must give a
// WebPage whose promises hold (ISO dates, no empty paragraph, valid UTF-8,
// http(s) links), never a crash, a hang or unbounded memory.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "web/dates.h"
#include "web/page.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "extract_page broke its promise: %s\n", what.c_str());
  std::abort();
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

void check_text(const std::string& s, const char* what) {
  if (!valid_utf8(s)) fail(std::string(what) + " is not UTF-8");
}

void check_date(const std::string& d, const char* what) {
  if (d.empty()) return;
  if (!quarry::web::parse_machine_date(d) || *quarry::web::parse_machine_date(d) != d || !quarry::web::plausible_date(d))
    fail(std::string(what) + " is not a plausible ISO date: " + d);
}

void check_url(const std::string& u, const char* what) {
  if (!u.empty() && u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0)
    fail(std::string(what) + " is not http(s): " + u);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string html(reinterpret_cast<const char*>(data), size);
  const quarry::web::WebPage page = quarry::web::extract_page(html, "https://fuzz.example/a/b.html");
  check_date(page.date, "date");
  check_url(page.canonical_url, "canonical URL");
  for (const std::string* s : {&page.title, &page.section, &page.site_name, &page.language}) check_text(*s, "metadata");
  for (const std::string& a : page.authors) check_text(a, "author");
  for (const std::string& p : page.paragraphs) {
    if (p.empty()) fail("empty paragraph");
    check_text(p, "paragraph");
  }
  for (const quarry::web::Teaser& t : page.teasers) {
    if (t.url.empty()) fail("teaser without URL");
    check_url(t.url, "teaser URL");
    check_date(t.date, "teaser date");
    check_text(t.title, "teaser title");
    check_text(t.summary, "teaser summary");
    if (t.summary.empty() && t.date.empty()) fail("teaser with neither summary nor date");
  }
  return 0;
}
