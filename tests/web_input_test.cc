// Web input around extraction (issue 16): bounded decompression, HTTP
// bodies, charsets, HTML sniffing, the WARC reader, and what documents a
// page becomes.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "temp_dir.h"
#include "web/archive_record.h"
#include "web/charset.h"
#include "web/html_input.h"
#include "web/http.h"
#include "web/inflate.h"
#include "web/warc.h"
#include "web_fixtures.h"

namespace {

namespace fs = std::filesystem;
using namespace quarry::web;
using quarry::test::gzip_bytes;
using quarry::test::http_response;
using quarry::test::warc_record;
using quarry::test::WarcRecordSpec;

// --- Bounded decompression -------------------------------------------------

TEST(Issue16, GzipBombStopsAtTheLimit) {
  const std::string bomb = quarry::test::gzip_repeated('a', 200u << 20);  // 200 MiB of 'a', under 1 MB packed
  ASSERT_LT(bomb.size(), 1u << 20);
  const Inflated out = inflate_bounded(bomb, 1u << 20);
  EXPECT_EQ(out.status, InflateStatus::too_large);
  EXPECT_TRUE(out.data.empty());
}

TEST(Inflate, FormatsMembersAndDamage) {
  const std::string text = "<p>Hello, archive.</p>";
  struct Case {
    const char* name;
    std::string input;
    InflateStatus status;
    std::string data;
  };
  const std::string gz = gzip_bytes(text);
  const Case cases[] = {
      {"gzip", gz, InflateStatus::ok, text},
      {"zlib deflate", gzip_bytes(text, 15), InflateStatus::ok, text},
      {"raw deflate", gzip_bytes(text, -15), InflateStatus::ok, text},
      {"two gzip members", gz + gzip_bytes("<p>More.</p>"), InflateStatus::ok, text + "<p>More.</p>"},
      {"cut short", gz.substr(0, gz.size() - 12), InflateStatus::cut_short, ""},
      {"garbage", std::string("\x1f\x8bnot gzip at all"), InflateStatus::damaged, ""},
  };
  for (const Case& c : cases) {
    const Inflated out = inflate_bounded(c.input, 1u << 20);
    EXPECT_EQ(out.status, c.status) << c.name;
    if (c.status == InflateStatus::ok) {
      EXPECT_EQ(out.data, c.data) << c.name;
    }
  }
}

// --- HTTP bodies -----------------------------------------------------------

TEST(Http, HeadersAndBody) {
  const HttpResponse r = parse_http_response(
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nTransfer-Encoding: Chunked\r\n"
      "Content-Encoding: GZIP\r\n\r\nbody");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=ISO-8859-1");
  EXPECT_EQ(r.transfer_encoding, "chunked");
  EXPECT_EQ(r.content_encoding, "gzip");
  EXPECT_EQ(r.body, "body");
  EXPECT_EQ(parse_http_response("HTTP/1.0 404 Not Found\n\n").status, 404);  // bare LF line ends
  EXPECT_EQ(parse_http_response("GET / HTTP/1.1\r\n\r\n").status, 0);
  EXPECT_EQ(mime_type(" Text/HTML ; charset=utf-8"), "text/html");
}

TEST(Http, ChunkedBodies) {
  struct Case {
    const char* name;
    std::string body;
    bool ok;
    std::string data;
  };
  const Case cases[] = {
      {"two chunks", "5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n", true, "Hello, world"},
      {"upper-case hex, trailer", "A\r\n0123456789\r\n0\r\nX-Trailer: y\r\n\r\n", true, "0123456789"},
      {"last terminator missing", "5\r\nHello\r\n", true, "Hello"},
      {"not chunked", "<html>hello</html>", false, ""},
      {"chunk longer than the body", "ff\r\nshort\r\n0\r\n\r\n", false, ""},
  };
  for (const Case& c : cases) {
    std::string out;
    bool too_large = false;
    EXPECT_EQ(dechunk(c.body, 1u << 20, out, too_large), c.ok) << c.name;
    if (c.ok) {
      EXPECT_EQ(out, c.data) << c.name;
    }
  }
}

TEST(Http, DecodedBodies) {
  const std::string page = "<html><body><p>Decoded.</p></body></html>";
  auto decode = [](const std::string& headers, const std::string& body, std::size_t limit = 1u << 20) {
    const std::string block = "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body;
    const HttpResponse r = parse_http_response(block);
    return decode_http_body(r, limit);
  };
  const std::string gz = gzip_bytes(page);
  const std::string chunked_gz = "10\r\n" + gz.substr(0, 16) + "\r\n" +
                                 [&] { char hex[16]; std::snprintf(hex, sizeof hex, "%zx", gz.size() - 16); return std::string(hex); }() +
                                 "\r\n" + gz.substr(16) + "\r\n0\r\n\r\n";
  EXPECT_EQ(decode("Content-Encoding: gzip\r\n", gz).data, page);
  EXPECT_EQ(decode("Content-Encoding: deflate\r\n", gzip_bytes(page, 15)).data, page);
  EXPECT_EQ(decode("Content-Encoding: deflate\r\n", gzip_bytes(page, -15)).data, page);
  EXPECT_EQ(decode("Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunked_gz).data, page);
  // Archivers often store the body decoded but keep the headers.
  EXPECT_EQ(decode("Transfer-Encoding: chunked\r\n", page).data, page);
  EXPECT_EQ(decode("Content-Encoding: gzip\r\n", page).data, page);
  const DecodedBody bomb = decode("Content-Encoding: gzip\r\n", quarry::test::gzip_repeated(' ', 8u << 20), 1u << 20);
  EXPECT_EQ(bomb.status, DecodeStatus::too_large);
  EXPECT_LE(bomb.data.size(), 1u << 20);
  EXPECT_EQ(decode("Content-Encoding: br\r\n", "xx").status, DecodeStatus::unsupported);
  EXPECT_EQ(decode("Content-Encoding: gzip\r\n", gz.substr(0, gz.size() / 2)).status, DecodeStatus::cut_short);
  EXPECT_EQ(decode("Content-Encoding: gzip\r\n", gz.substr(0, 10) + std::string(40, '\x7f')).status, DecodeStatus::damaged);
}

// --- Charsets --------------------------------------------------------------

TEST(Charset, DeclarationsAndDetection) {
  struct Case {
    const char* name;
    std::string bytes;
    std::string content_type;
    std::string text;     // expected to be in the UTF-8 result
    std::string charset;  // as read
    std::string source;
    bool mismatch = false;
  };
  const std::string cafe_latin1 = "<p>Caf\xE9 cr\xE8me</p>";
  const std::string cafe_utf8 = "<p>Caf\xC3\xA9 cr\xC3\xA8me</p>";
  std::string utf16le = "\xFF\xFE", utf16be_no_bom;
  for (char c : std::string("<html><p>Hi</p></html>")) {
    utf16le += c, utf16le += '\0';
    utf16be_no_bom += '\0', utf16be_no_bom += c;
  }
  const Case cases[] = {
      {"UTF-8 BOM", "\xEF\xBB\xBF" + cafe_utf8, "text/html; charset=iso-8859-1", "Caf\xC3\xA9", "UTF-8", "BOM"},
      {"UTF-16LE BOM", utf16le, "", "<p>Hi</p>", "UTF-16LE", "BOM"},
      {"UTF-16BE without BOM", utf16be_no_bom, "", "<p>Hi</p>", "UTF-16BE", "detected"},
      {"HTTP charset", cafe_latin1, "text/html; charset=\"ISO-8859-1\"", "Caf\xC3\xA9", "windows-1252", "HTTP"},
      {"HTTP wins over meta", "<meta charset=koi8-r>" + cafe_latin1, "text/html;charset=windows-1252", "Caf\xC3\xA9",
       "windows-1252", "HTTP"},
      {"meta charset", "<html><head><meta charset='iso-8859-1'>" + cafe_latin1, "", "Caf\xC3\xA9", "windows-1252", "meta"},
      {"meta http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\"><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>",
       "", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", "KOI8-R", "meta"},
      {"meta says UTF-16: read as UTF-8", "<meta charset=utf-16>" + cafe_utf8, "", "Caf\xC3\xA9", "UTF-8", "meta"},
      {"undeclared UTF-8", cafe_utf8, "text/html", "Caf\xC3\xA9", "UTF-8", "detected"},
      {"undeclared ASCII", "<p>plain</p>", "", "plain", "UTF-8", "default"},
      {"declared Latin-1, is UTF-8", cafe_utf8, "text/html; charset=iso-8859-1", "Caf\xC3\xA9 cr\xC3\xA8me", "UTF-8", "HTTP", true},
      {"declared UTF-8, is Latin-1", "<meta charset=utf-8>" + cafe_latin1 + cafe_latin1 + cafe_latin1, "", "Caf\xC3\xA9",
       "", "meta", true},
  };
  for (const Case& c : cases) {
    const DecodedText out = decode_html_bytes(c.bytes, c.content_type);
    EXPECT_NE(out.utf8.find(c.text), std::string::npos) << c.name << ": " << out.utf8;
    if (!c.charset.empty()) {
      EXPECT_EQ(out.charset, c.charset) << c.name;
    }
    EXPECT_EQ(out.source, c.source) << c.name;
    EXPECT_EQ(!out.declared_mismatch.empty(), c.mismatch) << c.name << ": " << out.declared_mismatch;
    EXPECT_EQ(out.replaced, 0u) << c.name;
  }
}

// A server's wrong default label, which the page's own <meta> corrects, is
// read past and not named: every such record of a crawl was "a problem" and
// quarry-index exited 1 for pages it read right. The label alone is named.
TEST(Charset, ServerLabelThePageCorrectsIsNoProblem) {
  struct Case {
    const char* name;
    std::string bytes;
    std::string content_type;
    bool named;
  };
  const std::string cafe_utf8 = "<p>Caf\xC3\xA9 cr\xC3\xA8me \xE2\x80\x9Cquoted\xE2\x80\x9D</p>";
  const Case cases[] = {
      {"HTTP latin-1, meta UTF-8", "<meta charset=\"utf-8\">" + cafe_utf8, "text/html; charset=ISO-8859-1", false},
      {"HTTP windows-1252, meta http-equiv UTF-8",
       "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">" + cafe_utf8,
       "text/html; charset=windows-1252", false},
      {"HTTP Shift_JIS, meta UTF-8", "<meta charset=utf-8>" + cafe_utf8, "text/html; charset=Shift_JIS", false},
      {"HTTP latin-1, no meta", cafe_utf8, "text/html; charset=ISO-8859-1", true},
      {"HTTP latin-1, meta latin-1", "<meta charset=iso-8859-1>" + cafe_utf8, "text/html; charset=ISO-8859-1", true},
      {"meta latin-1 alone", "<meta charset=iso-8859-1>" + cafe_utf8, "", true},
  };
  for (const Case& c : cases) {
    const DecodedText out = decode_html_bytes(c.bytes, c.content_type);
    EXPECT_EQ(out.charset, "UTF-8") << c.name;
    EXPECT_NE(out.utf8.find("Caf\xC3\xA9 cr\xC3\xA8me"), std::string::npos) << c.name << ": " << out.utf8;
    EXPECT_EQ(!out.declared_mismatch.empty(), c.named) << c.name << ": " << out.declared_mismatch;
  }
}

TEST(Charset, DetectorReadsUndeclaredLegacyText) {
  // Russian in windows-1251, no declaration anywhere: ICU's detector.
  std::string cp1251;
  const std::string word = "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0 \xED\xEE\xE2\xEE\xF1\xF2\xE8 \xE4\xED\xFF ";
  for (int i = 0; i < 20; ++i) cp1251 += word;
  const DecodedText out = decode_html_bytes("<html><body><p>" + cp1251 + "</p></body></html>", "");
  EXPECT_EQ(out.source, "detected");
  EXPECT_NE(out.utf8.find("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"), std::string::npos) << out.charset;
}

TEST(Charset, UndecodableBytesAreCounted) {
  // Mostly valid UTF-8 with a few bad bytes: UTF-8 as declared, the bad ones replaced.
  const DecodedText out =
      decode_html_bytes("<meta charset=utf-8><p>caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 ok \xFF ok \xC3</p>\xE9", "");
  EXPECT_EQ(out.charset, "UTF-8");
  EXPECT_EQ(out.replaced, 3u);
  EXPECT_NE(out.utf8.find("ok \xEF\xBF\xBD ok"), std::string::npos);
  const DecodedText sjis = decode_html_bytes("<p>\x82\xA0\x82</p>", "text/html; charset=Shift_JIS");
  EXPECT_EQ(sjis.charset.find("Shift_JIS") != std::string::npos || sjis.charset.find("ibm-943") != std::string::npos, true)
      << sjis.charset;
  EXPECT_GE(sjis.replaced, 1u);
  EXPECT_NE(sjis.utf8.find("\xE3\x81\x82"), std::string::npos);  // あ
}

// Found by pointing quarry-index at saved pages (qa-input): a page labelled
// with a multi-byte legacy charset (gb2312) that is UTF-8 was read as
// GB18030, every word mojibake.
TEST(QaInput, PageLabelledMultiByteLegacyThatIsUtf8IsReadAsUtf8) {
  // Three characters (nine bytes) before a space: read as GB18030, the last
  // byte pairs with the space and is undecodable.
  const std::string beijing = "\xE5\x8C\x97\xE4\xBA\xAC\xE5\xB8\x82";  // 北京市
  const std::string page = "<p>" + beijing + " " + beijing + " news</p>";
  struct Case {
    const char* name;
    std::string bytes;
    std::string content_type;
    std::string source;
  };
  const Case cases[] = {
      {"meta gb2312", "<meta charset=gb2312>" + page, "", "meta"},
      {"HTTP gbk", page, "text/html; charset=GBK", "HTTP"},
      {"meta Shift_JIS", "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>" + page, "", "meta"},
      {"meta EUC-KR", "<meta charset=euc-kr>" + page, "", "meta"},
  };
  for (const Case& c : cases) {
    const DecodedText out = decode_html_bytes(c.bytes, c.content_type);
    EXPECT_EQ(out.charset, "UTF-8") << c.name;
    EXPECT_EQ(out.source, c.source) << c.name;
    EXPECT_NE(out.utf8.find(beijing + " " + beijing), std::string::npos) << c.name << ": " << out.utf8;
    EXPECT_EQ(out.replaced, 0u) << c.name;
    EXPECT_NE(out.declared_mismatch.find("but is UTF-8"), std::string::npos) << c.name << ": " << out.declared_mismatch;
  }
  // Real GB18030 text stays GB18030: 北京 in GB18030 is not UTF-8.
  const DecodedText gb = decode_html_bytes("<meta charset=gb2312><p>\xB1\xB1\xBE\xA9</p>", "");
  EXPECT_EQ(gb.charset, "GB18030");
  EXPECT_NE(gb.utf8.find("\xE5\x8C\x97\xE4\xBA\xAC"), std::string::npos) << gb.utf8;
  EXPECT_TRUE(gb.declared_mismatch.empty()) << gb.declared_mismatch;
}

// Found the same way: a page whose <meta charset> comes after its first
// 1024 bytes (a long <head> of scripts) was left to the detector, which read
// Polish windows-1250 as windows-1252 ("zag\xB3osowa\xB3" for "zagłosował").
// Browsers switch to a late declaration; so does Quarry, for bytes that are
// not UTF-8.
TEST(QaInput, LateMetaCharsetIsReadBeforeTheDetectorGuesses) {
  const std::string head = "<html><head><script>" + std::string(1500, ' ') + "</script>";
  const std::string polish = "Sejm zag\xB3osowa\xB3 w sprawie ustawy. Pos\xB3owie g\xB3osowali d\xB3ugo. ";
  const std::string body = "</head><body><p>" + polish + polish + "</p></body></html>";
  struct Case {
    const char* name;
    std::string meta;
    std::string charset;
  };
  const Case cases[] = {
      {"meta charset", "<meta charset=\"Windows-1250\">", "windows-1250"},
      {"http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-2\">", "ISO-8859-2"},
  };
  for (const Case& c : cases) {
    const DecodedText out = decode_html_bytes(head + c.meta + body, "");
    EXPECT_EQ(out.charset, c.charset) << c.name;
    EXPECT_EQ(out.source, "meta") << c.name;
    EXPECT_NE(out.utf8.find("zag\xC5\x82osowa\xC5\x82"), std::string::npos) << c.name << ": " << out.utf8.substr(1500);
    EXPECT_EQ(out.replaced, 0u) << c.name;
  }
  // A late declaration does not override UTF-8 bytes, nor a BOM or HTTP.
  const DecodedText utf8 = decode_html_bytes(head + "<meta charset=windows-1250>" + "<p>zag\xC5\x82osowa\xC5\x82</p>", "");
  EXPECT_EQ(utf8.charset, "UTF-8");
  const DecodedText http = decode_html_bytes(head + "<meta charset=windows-1250>" + body, "text/html; charset=iso-8859-2");
  EXPECT_EQ(http.source, "HTTP");
}

TEST(Charset, Prescan) {
  EXPECT_EQ(prescan_meta_charset("<META CHARSET=\"Windows-1250\">"), "Windows-1250");
  EXPECT_EQ(prescan_meta_charset("<meta content='text/html;charset=euc-jp' http-equiv=content-type>"), "euc-jp");
  EXPECT_EQ(prescan_meta_charset(std::string(1100, ' ') + "<meta charset=utf-8>"), "");
  EXPECT_EQ(charset_of_content_type("text/html; Charset = 'utf-8' ; x=y"), "utf-8");
}

// --- Sniffing --------------------------------------------------------------

TEST(Sniff, HtmlFilesWithoutExtension) {
  struct Case {
    std::string bytes;
    bool html;
  };
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("<!DOCTYPE html><p>x")) utf16 += c, utf16 += '\0';
  const Case cases[] = {
      {"<!DOCTYPE html>\n<html>", true},
      {"\xEF\xBB\xBF  <html lang=en>", true},
      {"<?xml version=\"1.0\"?>\n<!-- saved -->\n<html xmlns=\"http://www.w3.org/1999/xhtml\">", true},
      {"<head><title>x</title>", true},
      {utf16, true},
      {"Plain text about <html> tags.", false},
      {"<htmlish>", false},
      {"KARACHI: The page of a news text file.", false},
  };
  for (const Case& c : cases) EXPECT_EQ(looks_like_html(c.bytes), c.html) << c.bytes;
  EXPECT_EQ(binary_kind("\x89PNG\r\n\x1a\n...."), "a PNG image");
  EXPECT_EQ(binary_kind(std::string("ab\0cd", 5)), "binary data");
  EXPECT_EQ(binary_kind("<html>fine</html>"), "");
  EXPECT_EQ(binary_kind(utf16), "");
}

// --- WARC reader -----------------------------------------------------------

struct ReadBack {
  std::vector<WarcRecord> records;
  std::vector<WarcProblem> problems;
  std::vector<std::string> order;  // "R:<uri or type>" / "P:<offset>"
};

ReadBack read_warc(const std::string& path) {
  ReadBack out;
  WarcReader reader(path, 1u << 20);
  WarcRecord record;
  WarcProblem problem;
  for (;;) {
    const WarcReader::Next next = reader.next(record, problem);
    if (next == WarcReader::Next::end) break;
    if (next == WarcReader::Next::record) {
      out.order.push_back("R:" + (record.target_uri.empty() ? record.type : record.target_uri));
      out.records.push_back(record);
    } else {
      out.order.push_back("P:" + std::to_string(problem.offset));
      out.problems.push_back(problem);
    }
    if (out.order.size() > 100) break;
  }
  return out;
}

std::string response(const std::string& uri, const std::string& html) {
  WarcRecordSpec spec;
  spec.uri = uri;
  spec.block = http_response(html);
  return warc_record(spec);
}

TEST(Warc, RecordsOfEveryTypePlainAndGzipped) {
  quarry::test::TempDir dir;
  WarcRecordSpec info{"warcinfo", "", "software: test\r\n", "application/warc-fields"};
  WarcRecordSpec request{"request", "http://a.example/", "GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"};
  WarcRecordSpec resource{"resource", "<http://b.example/page>", "<html><p>b</p></html>", "text/html"};
  const std::string records[] = {warc_record(info), warc_record(request), response("http://a.example/", "<p>a</p>"),
                                 warc_record(resource)};
  std::string plain, gz;
  std::vector<std::uint64_t> gz_offsets, plain_offsets;
  for (const std::string& r : records) {
    plain_offsets.push_back(plain.size());
    gz_offsets.push_back(gz.size());
    plain += r;
    gz += gzip_bytes(r);
  }
  quarry::test::write_file(dir.path() + "/a.warc", plain);
  quarry::test::write_file(dir.path() + "/a.warc.gz", gz);
  for (const char* name : {"/a.warc", "/a.warc.gz"}) {
    const ReadBack back = read_warc(dir.path() + name);
    ASSERT_EQ(back.records.size(), 4u) << name;
    EXPECT_TRUE(back.problems.empty()) << name << ": " << back.problems[0].reason;
    const auto& offsets = std::string(name) == "/a.warc" ? plain_offsets : gz_offsets;
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(back.records[i].offset, offsets[i]) << name << " " << i;
    EXPECT_EQ(back.records[0].type, "warcinfo");
    EXPECT_EQ(back.records[2].type, "response");
    EXPECT_EQ(back.records[2].target_uri, "http://a.example/");
    EXPECT_EQ(back.records[2].date, "2024-05-29T10:00:00Z");
    EXPECT_EQ(back.records[3].target_uri, "http://b.example/page") << "angle brackets (wget) removed";
    EXPECT_EQ(back.records[3].block, "<html><p>b</p></html>");
  }
}

TEST(Issue16, BadRecordsAreNamedAndTheOthersRead) {
  quarry::test::TempDir dir;
  const std::string one = response("http://one.example/", "<p>one</p>");
  const std::string three = response("http://three.example/", "<p>three</p>");
  WarcRecordSpec long_spec{"response", "http://liar.example/", http_response("<p>liar</p>")};
  long_spec.declared_length = static_cast<long>(long_spec.block.size()) + 200;  // swallows the next record
  WarcRecordSpec short_spec = long_spec;
  short_spec.declared_length = static_cast<long>(short_spec.block.size()) - 9;
  WarcRecordSpec no_length{"response", "http://x.example/", "HTTP/1.1 200 OK\r\n\r\n"};
  std::string bad_length = warc_record(no_length);
  bad_length.replace(bad_length.find("Content-Length: 19"), 18, "Content-Length: x9");
  struct Case {
    const char* name;
    std::string middle;
    std::string reason;  // in the problem's text
  };
  const Case cases[] = {
      {"Content-Length too long", warc_record(long_spec), "Content-Length"},
      {"Content-Length too short", warc_record(short_spec), "Content-Length"},
      {"Content-Length not a number", bad_length, "not a number"},
      {"garbage between records", "this is not a record\r\n\r\n", "not a WARC record"},
  };
  for (const Case& c : cases) {
    for (bool gzipped : {false, true}) {
      const std::string path = dir.path() + (gzipped ? "/bad.warc.gz" : "/bad.warc");
      const std::string bytes = gzipped ? gzip_bytes(one) + gzip_bytes(c.middle) + gzip_bytes(three) : one + c.middle + three;
      quarry::test::write_file(path, bytes);
      const ReadBack back = read_warc(path);
      const std::uint64_t bad_offset = gzipped ? gzip_bytes(one).size() : one.size();
      const std::vector<std::string> expected = {"R:http://one.example/", "P:" + std::to_string(bad_offset),
                                                 "R:http://three.example/"};
      EXPECT_EQ(back.order, expected) << c.name << (gzipped ? " (gz)" : "");
      if (!back.problems.empty()) {
        EXPECT_NE(back.problems[0].reason.find(c.reason), std::string::npos) << c.name << ": " << back.problems[0].reason;
      }
    }
  }
}

TEST(Issue16, TruncatedAndDamagedArchives) {
  quarry::test::TempDir dir;
  const std::string one = response("http://one.example/", "<p>one</p>");
  const std::string two = response("http://two.example/", std::string(3000, 'x'));
  const std::string three = response("http://three.example/", "<p>three</p>");
  // The file ends inside the last record.
  quarry::test::write_file(dir.path() + "/cut.warc", one + two.substr(0, 500));
  ReadBack back = read_warc(dir.path() + "/cut.warc");
  EXPECT_EQ(back.order, (std::vector<std::string>{"R:http://one.example/", "P:" + std::to_string(one.size())}));
  ASSERT_EQ(back.problems.size(), 1u);
  EXPECT_NE(back.problems[0].reason.find("truncated"), std::string::npos) << back.problems[0].reason;
  // The same, gzipped: the last member is cut.
  const std::string gz_one = gzip_bytes(one), gz_two = gzip_bytes(two);
  quarry::test::write_file(dir.path() + "/cut.warc.gz", gz_one + gz_two.substr(0, gz_two.size() / 2));
  back = read_warc(dir.path() + "/cut.warc.gz");
  EXPECT_EQ(back.order, (std::vector<std::string>{"R:http://one.example/", "P:" + std::to_string(gz_one.size())}));
  // A damaged member in the middle: named, and the next member read.
  std::string damaged = gz_two;
  for (std::size_t i = 20; i < 60; ++i) damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
  quarry::test::write_file(dir.path() + "/damaged.warc.gz", gz_one + damaged + gzip_bytes(three));
  back = read_warc(dir.path() + "/damaged.warc.gz");
  EXPECT_EQ(back.order, (std::vector<std::string>{"R:http://one.example/", "P:" + std::to_string(gz_one.size()),
                                                  "R:http://three.example/"}));
  // Not a WARC at all.
  quarry::test::write_file(dir.path() + "/not.warc", "<html>a web page, misnamed</html>");
  back = read_warc(dir.path() + "/not.warc");
  EXPECT_EQ(back.order, (std::vector<std::string>{"P:0"}));
}

TEST(Warc, LongBlocksAreCutNotHeld) {
  quarry::test::TempDir dir;
  const std::string big = response("http://big.example/", std::string(3u << 20, 'x'));
  const std::string after = response("http://after.example/", "<p>after</p>");
  quarry::test::write_file(dir.path() + "/big.warc", big + after);
  const ReadBack back = read_warc(dir.path() + "/big.warc");  // block limit 1 MiB
  ASSERT_EQ(back.records.size(), 2u);
  EXPECT_TRUE(back.records[0].block_cut);
  EXPECT_EQ(back.records[0].block.size(), 1u << 20);
  EXPECT_EQ(back.records[1].target_uri, "http://after.example/");
}

// --- Records to documents ---------------------------------------------------

TEST(Issue16, RecordsThatHoldNoPageAreCountedByWhy) {
  struct Case {
    WarcRecord record;
    std::string skipped;
    bool problem;
  };
  auto rec = [](std::string type, std::string content_type, std::string block) {
    WarcRecord r;
    r.type = std::move(type);
    r.target_uri = "http://x.example/";
    r.content_type = std::move(content_type);
    r.block = std::move(block);
    return r;
  };
  const std::string http = "application/http; msgtype=response";
  const Case cases[] = {
      {rec("request", http, "GET / HTTP/1.1\r\n\r\n"), "request", false},
      {rec("revisit", http, "HTTP/1.1 200 OK\r\n\r\n"), "revisit", false},
      {rec("metadata", "application/warc-fields", "a: b\r\n"), "metadata", false},
      {rec("response", http, http_response("\x89PNG", "image/png")), "not HTML", false},
      {rec("response", http, http_response("<p>moved</p>", "text/html", "Location: /x\r\n", 301)),
       "HTTP status other than 2xx", false},
      {rec("response", "text/dns", "20240529 x.example. A 1.2.3.4"), "not HTML", false},
      {rec("resource", "image/png", "\x89PNG"), "not HTML", false},
      {rec("response", http, http_response("\x89PNG\r\n\x1a\n\x00\x00", "text/html")), "", true},
      {rec("response", http, http_response(quarry::test::gzip_repeated('a', 80u << 20), "text/html",
                                           "Content-Encoding: gzip\r\n")),
       "", true},
      {rec("response", http, "not http at all"), "", true},
      {rec("response", http, http_response("<p>x</p>", "text/html", "Content-Encoding: br\r\n")), "", true},
  };
  for (const Case& c : cases) {
    const RecordDocuments out = read_record(c.record, "a.warc");
    EXPECT_EQ(out.skipped, c.skipped) << c.record.block.substr(0, 60);
    EXPECT_EQ(!out.problem.empty(), c.problem) << c.record.block.substr(0, 60) << ": " << out.problem;
    EXPECT_TRUE(out.documents.empty());
  }
}

TEST(Issue16, APageBecomesItsDocuments) {
  WebPage page;
  page.is_article = true;
  page.title = "Flood warning for the valley";
  page.date = "2024-05-29";
  page.authors = {"Zahid Hussain"};
  page.section = "Pakistan";
  page.canonical_url = "https://www.dawn.com/news/1";
  page.language = "en";
  page.paragraphs = {"Heavy rain is expected in the valley this week, officials said on Wednesday.",
                     "", "Residents were told to move to higher ground."};
  page.teasers = {{"https://www.dawn.com/news/2", "Persistent scourge", "2024-05-28", "The polio virus returns.", true},
                  {"https://www.dawn.com/news/3", "Budget talks", "", "Talks with the lenders resume.", false},
                  {"https://www.dawn.com/news/4", "Headline only", "2024-05-27", "", false}};
  HtmlInput input;
  input.url = "https://www.dawn.com/news/1?utm=x";
  input.fallback_id = "/saved/page.html";
  input.source = "saved/page.html";
  const HtmlDocuments out = page_documents(page, input);
  ASSERT_EQ(out.documents.size(), 3u);
  const quarry::Document& a = out.documents[0];
  EXPECT_EQ(a.id, "https://www.dawn.com/news/1");
  EXPECT_EQ(a.kind, "article");
  EXPECT_EQ(a.url, "https://www.dawn.com/news/1");
  EXPECT_EQ(a.site, "dawn.com");
  EXPECT_EQ(a.title, page.title);
  EXPECT_EQ(a.date, "2024-05-29");
  EXPECT_EQ(a.authors, page.authors);
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.source, "saved/page.html");
  ASSERT_EQ(a.passages.size(), 1u) << "short paragraphs join, as in text pages";
  EXPECT_NE(a.passages[0].find("higher ground"), std::string::npos);
  const quarry::Document& e = out.documents[1];
  EXPECT_EQ(e.id, "teaser:https://www.dawn.com/news/2");
  EXPECT_EQ(e.kind, "editorial");
  EXPECT_EQ(e.title, "Persistent scourge");
  EXPECT_EQ(e.date, "2024-05-28");
  EXPECT_EQ(e.url, "https://www.dawn.com/news/2");
  EXPECT_EQ(e.passages, std::vector<std::string>{"The polio virus returns."});
  EXPECT_EQ(out.documents[2].kind, "teaser");
  EXPECT_EQ(out.documents[2].id, "teaser:https://www.dawn.com/news/3");

  // No canonical link, no URL: a saved file is known by its path; no
  // article: kind page.
  page.canonical_url.clear();
  page.is_article = false;
  input.url.clear();
  const HtmlDocuments file = page_documents(page, input);
  EXPECT_EQ(file.documents[0].id, "/saved/page.html");
  EXPECT_EQ(file.documents[0].kind, "page");
  EXPECT_EQ(file.documents[0].url, "");
  // A relative link (a saved page with no URL to resolve it against) is no
  // identity: "/about" on two sites is two pages.
  Teaser relative{"/opinion/water", "Water storage", "", "Dams and promises.", true};
  EXPECT_EQ(teaser_id(relative).rfind("editorial-", 0), 0u);
  page.teasers.push_back(relative);
  const HtmlDocuments with_relative = page_documents(page, input);
  EXPECT_EQ(with_relative.documents.back().url, "");
  EXPECT_EQ(with_relative.documents.back().id, teaser_id(relative));
  page.teasers.pop_back();
  // Nothing but teasers: no page document, the teasers still are.
  page.paragraphs.clear();
  EXPECT_EQ(page_documents(page, input).documents.size(), 2u);
}

TEST(Issue16, LongArticlesArePassagesAlongItsParagraphs) {
  WebPage page;
  page.is_article = true;
  for (int i = 0; i < 6; ++i) page.paragraphs.push_back("Paragraph " + std::to_string(i) + " " + std::string(300, 'w') + ".");
  HtmlInput input;
  input.fallback_id = "p";
  const HtmlDocuments out = page_documents(page, input);
  ASSERT_EQ(out.documents.size(), 1u);
  EXPECT_EQ(out.documents[0].passages.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(out.documents[0].passages[i].rfind("Paragraph " + std::to_string(i), 0), 0u);
}

}  // namespace

namespace {

// The WARC samples other tools wrote (../shared/data/warc_samples, broken
// ones included): every page found, every bad record named, every other
// record counted by why it holds no page.
TEST(Issue16, WarcSamplesFromOtherTools) {
  const std::string folder = std::string(QUARRY_CORPUS_DIR) + "/../../shared/data/warc_samples";
  if (!fs::exists(folder)) GTEST_SKIP() << "no " << folder << " (shared data absent): WARC samples not tested";
  struct Case {
    const char* file;
    std::vector<std::string> pages;
    std::vector<std::uint64_t> problem_offsets;
    std::map<std::string, std::size_t> skipped;
  };
  const Case cases[] = {
      {"example.warc", {"http://example.com/"}, {}, {{"request", 2}, {"revisit", 1}, {"warcinfo", 2}}},
      {"example.warc.gz", {"http://example.com/"}, {}, {{"request", 2}, {"revisit", 1}, {"warcinfo", 2}}},
      {"example-bad-non-chunked.warc.gz", {"http://example.com/"}, {}, {{"request", 2}, {"revisit", 1}, {"warcinfo", 2}}},
      {"example-digest.warc", {}, {}, {{"request", 4}}},
      {"example-iana.org-chunked.warc", {"http://www.iana.org/"}, {}, {{"request", 1}, {"warcinfo", 1}}},
      {"example-resource.warc.gz", {"http://example.com/"}, {}, {{"warcinfo", 2}}},
      {"example-space-in-target-uri.warc.gz", {}, {}, {{"not HTML", 1}, {"warcinfo", 1}}},
      {"example-trunc.warc", {}, {1197}, {{"request", 1}, {"warcinfo", 2}}},
      {"example-wget-bad-target-uri.warc.gz", {"http://example.com/"}, {},
       {{"metadata", 1}, {"not HTML", 2}, {"request", 1}, {"warcinfo", 1}}},
      {"example-wrong-chunks.warc.gz", {"http://example.com/"}, {}, {{"request", 1}}},
      {"post-test.warc.gz", {}, {}, {{"not HTML", 3}, {"request", 3}}},
  };
  std::size_t files = 0;
  for (const Case& c : cases) {
    const std::string path = folder + "/" + c.file;
    ASSERT_TRUE(fs::exists(path)) << path;
    ++files;
    WarcReader reader(path, kMaxPageBytes);
    std::vector<std::string> pages;
    std::vector<std::uint64_t> problems;
    std::map<std::string, std::size_t> skipped;
    WarcRecord record;
    WarcProblem problem;
    for (WarcReader::Next next; (next = reader.next(record, problem)) != WarcReader::Next::end;) {
      if (next == WarcReader::Next::problem) {
        problems.push_back(problem.offset);
        continue;
      }
      const RecordDocuments read = read_record(record, path);
      EXPECT_TRUE(read.problem.empty()) << c.file << ": " << read.problem;
      if (!read.skipped.empty()) ++skipped[read.skipped];
      for (const quarry::Document& doc : read.documents)
        if (doc.kind == "article" || doc.kind == "page") pages.push_back(doc.id);
    }
    EXPECT_EQ(pages, c.pages) << c.file;
    EXPECT_EQ(problems, c.problem_offsets) << c.file;
    EXPECT_EQ(skipped, c.skipped) << c.file;
  }
  EXPECT_EQ(files, std::distance(fs::directory_iterator(folder), fs::directory_iterator()) - 1)
      << "a sample (besides README.md) is not in the table";
}

// --- QA of web input (qa-web) ------------------------------------------------

std::string qa_article(const std::string& title) {
  std::string html = "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>";
  for (int i = 0; i < 4; ++i)
    html += "<p>The river board said on Tuesday that the embankment near the old mill would be raised by two metres "
            "before the monsoon, after the floods of last year cut the valley road for nine days.</p>";
  return html + "</article></body></html>";
}

// Bodies as crawlers and archivers store them: each must give its page.
TEST(WebQa, ArchivedBodiesAsCrawlersStoreThemGiveTheirPage) {
  const std::string page = qa_article("Embankment to be raised");
  const std::string gz = gzip_bytes(page);
  const std::string raw = gzip_bytes(page, -15);
  // A page served without a Content-Type that opens with <title>, not <html>.
  const std::string bare = page.substr(page.find("<title>"));
  struct Case {
    const char* name;
    std::string block;
    bool note;  // a note says the body was cut
  };
  const Case cases[] = {
      {"deflate header, body stored decoded", http_response(page, "text/html", "Content-Encoding: deflate\r\n"), false},
      {"gzip cut at a crawler's size limit", http_response(gz.substr(0, gz.size() * 2 / 3), "text/html",
                                                           "Content-Encoding: gzip\r\n"), true},
      {"raw deflate cut short", http_response(raw.substr(0, raw.size() * 2 / 3), "text/html",
                                              "Content-Encoding: deflate\r\n"), true},
      {"no Content-Type, opens with <title>",
       "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(bare.size()) + "\r\n\r\n" + bare, false},
      {"no Content-Type, opens with a comment",
       "HTTP/1.0 200 OK\r\n\r\n<!-- saved by a proxy -->\n" + bare, false},
  };
  for (const Case& c : cases) {
    WarcRecord record;
    record.type = "response";
    record.target_uri = "http://river.example/embankment";
    record.content_type = "application/http; msgtype=response";
    record.block = c.block;
    const RecordDocuments out = read_record(record, "crawl.warc");
    EXPECT_EQ(out.problem, "") << c.name;
    EXPECT_EQ(out.skipped, "") << c.name;
    if (out.documents.empty()) {
      ADD_FAILURE() << c.name << ": no document";
      continue;
    }
    EXPECT_EQ(out.documents[0].title, "Embankment to be raised") << c.name;
    EXPECT_NE(out.documents[0].passages.at(0).find("embankment near the old mill"), std::string::npos) << c.name;
    const bool noted = !out.notes.empty() && out.notes[0].find("cut short") != std::string::npos;
    EXPECT_EQ(noted, c.note) << c.name << ": " << (out.notes.empty() ? "" : out.notes[0]);
  }
  // A response written with the page's type and no HTTP headers (scrapers).
  WarcRecord headerless;
  headerless.type = "response";
  headerless.target_uri = "http://river.example/bare";
  headerless.content_type = "text/html; charset=utf-8";
  headerless.block = page;
  const RecordDocuments headerless_out = read_record(headerless, "crawl.warc");
  EXPECT_EQ(headerless_out.skipped, "");
  ASSERT_EQ(headerless_out.documents.size(), 1u) << headerless_out.skipped << headerless_out.problem;
  EXPECT_EQ(headerless_out.documents[0].title, "Embankment to be raised");
  // Still no page: typeless bytes that are no markup, a damaged deflate body.
  WarcRecord json;
  json.type = "response";
  json.target_uri = "http://river.example/api";
  json.block = "HTTP/1.1 200 OK\r\n\r\n{\"title\": \"Embankment\"}";
  EXPECT_EQ(read_record(json, "crawl.warc").skipped, "not HTML");
  json.block = http_response(std::string("\x7f\x7f\x7f\x7f", 4) + page, "text/html", "Content-Encoding: deflate\r\n");
  EXPECT_NE(read_record(json, "crawl.warc").problem.find("deflate content is damaged"), std::string::npos);
}

// A gzip member cut short in the middle of a file (a download resumed at the
// wrong place, two files concatenated): inflate reads on into the next
// member as if it were the cut one's data; that member and the rest are read.
TEST(WebQa, GzipMemberCutInTheMiddleOfTheFileHidesNoLaterRecord) {
  quarry::test::TempDir dir;
  const std::string one = gzip_bytes(response("http://one.example/", "<p>one</p>"));
  std::string body;
  for (int i = 0; i < 200; ++i) body += "<p>Paragraph " + std::to_string(i * 7919 % 1000) + " of a long page.</p>";
  const std::string two = gzip_bytes(response("http://two.example/", body));
  const std::string three = gzip_bytes(response("http://three.example/", "<p>three</p>"));
  const std::string four = gzip_bytes(response("http://four.example/", "<p>four</p>"));
  const std::string p = "P:" + std::to_string(one.size());
  struct Case {
    const char* name;
    std::string cut_two;
    std::vector<std::string> order;
  };
  const Case cases[] = {
      {"cut at half", two.substr(0, two.size() / 2), {"R:http://one.example/", p, "R:http://three.example/", "R:http://four.example/"}},
      {"cut a third in", two.substr(0, two.size() / 3), {"R:http://one.example/", p, "R:http://three.example/", "R:http://four.example/"}},
      {"cut inside its gzip header", two.substr(0, 6), {"R:http://one.example/", p, "R:http://three.example/", "R:http://four.example/"}},
      // The record is whole; only the member's checksum is missing.
      {"cut before its trailer", two.substr(0, two.size() - 8),
       {"R:http://one.example/", "R:http://two.example/", p, "R:http://three.example/", "R:http://four.example/"}},
  };
  for (const Case& c : cases) {
    quarry::test::write_file(dir.path() + "/cut.warc.gz", one + c.cut_two + three + four);
    const ReadBack back = read_warc(dir.path() + "/cut.warc.gz");
    EXPECT_EQ(back.order, c.order) << c.name;
    for (const WarcProblem& problem : back.problems)
      EXPECT_EQ(problem.reason.find("the file ends"), std::string::npos) << c.name << ": " << problem.reason;
  }
}

// A misconfigured CMS gives every article the home page as its canonical
// link: as their id, each saved article replaced the one before (a folder
// of 100 articles became 1 document).
TEST(WebQa, ArticleWhoseCanonicalIsTheHomePageKeepsItsOwnId) {
  struct Case {
    const char* name;
    std::string head;
    std::string body;  // empty: an article
    std::string id;    // "" when the file's path is the id
    std::string site;
  };
  const std::string home = "<p>News of the valley, its roads and its rivers, every morning.</p><ul><li><a href=\"/a\">First story</a></li><li><a href=\"/b\">Second story</a></li></ul>";
  const Case cases[] = {
      {"article, canonical is the home page", R"(<link rel="canonical" href="https://n.example/">)", "", "", "n.example"},
      {"article, canonical is the host", R"(<link rel="canonical" href="https://n.example">)", "", "", "n.example"},
      {"article, og:url is the home page", R"(<meta property="og:url" content="https://www.n.example/">)", "", "", "n.example"},
      {"article, a host that is none", R"(<link rel="canonical" href="https://.n.example">)", "", "", ""},
      {"article, its own canonical", R"(<link rel="canonical" href="https://n.example/embankment">)", "",
       "https://n.example/embankment", "n.example"},
      {"article, a short link", R"(<link rel="canonical" href="https://n.example/?p=2895">)", "",
       "https://n.example/?p=2895", "n.example"},
      {"the home page itself", R"(<link rel="canonical" href="https://n.example/">)", home, "https://n.example/", "n.example"},
  };
  for (const Case& c : cases) {
    std::string body = c.body;
    if (body.empty()) {
      body = "<article><h1>Embankment to be raised</h1>";
      for (int i = 0; i < 3; ++i)
        body += "<p>The river board said on Tuesday that the embankment near the old mill would be raised by two "
                "metres before the monsoon, after the floods of last year cut the valley road for nine days.</p>";
      body += "</article>";
    }
    const std::string html = "<!DOCTYPE html><html><head><title>Embankment</title>" + c.head + "</head><body>" + body +
                             "</body></html>";
    const HtmlDocuments out = read_html_file(html, "saved/page.html", "/saved/page.html");
    ASSERT_FALSE(out.documents.empty()) << c.name;
    EXPECT_EQ(out.documents[0].kind, c.body.empty() ? "article" : "page") << c.name;
    EXPECT_EQ(out.documents[0].id, c.id.empty() ? "/saved/page.html" : c.id) << c.name;
    EXPECT_EQ(out.documents[0].url, c.id) << c.name;
    EXPECT_EQ(out.documents[0].site, c.site) << c.name;
  }
}

// What follows the last whole record of a .warc.gz and does not decompress
// is named once (it was silent), and a cut record is not named twice.
TEST(WebQa, DamageAfterTheLastRecordIsNamedOnce) {
  quarry::test::TempDir dir;
  const std::string one = gzip_bytes(response("http://one.example/", "<p>one</p>"));
  const std::string two = gzip_bytes(response("http://two.example/", "<p>two</p>"));
  const std::string end = "P:" + std::to_string(one.size() + two.size());
  const std::string at_two = "P:" + std::to_string(one.size());
  struct Case {
    const char* name;
    std::string bytes;
    std::vector<std::string> order;
  };
  const Case cases[] = {
      {"clean", one + two, {"R:http://one.example/", "R:http://two.example/"}},
      {"text after the last member", one + two + "GARBAGE AFTER THE ARCHIVE\n",
       {"R:http://one.example/", "R:http://two.example/", end}},
      {"the last member cut before its trailer", one + two.substr(0, two.size() - 4),
       {"R:http://one.example/", "R:http://two.example/", at_two}},
      {"the last member cut inside its record", one + two.substr(0, two.size() / 2), {"R:http://one.example/", at_two}},
  };
  for (const Case& c : cases) {
    quarry::test::write_file(dir.path() + "/a.warc.gz", c.bytes);
    EXPECT_EQ(read_warc(dir.path() + "/a.warc.gz").order, c.order) << c.name;
  }
}

// Heritrix 1.x wrote the WARC/0.17 draft, whose records are laid out as 1.0's.
TEST(WebQa, DraftWarcVersionsAreRead) {
  quarry::test::TempDir dir;
  std::string records;
  for (const char* version : {"WARC/0.17", "WARC/0.18", "WARC/1.1"}) {
    std::string r = response(std::string("http://") + (version + 5) + ".example/", "<p>x</p>");
    r.replace(0, 8, version);
    records += r;
  }
  quarry::test::write_file(dir.path() + "/old.warc", records);
  // Damage before a draft record: the reader finds it again.
  quarry::test::write_file(dir.path() + "/damaged.warc", "garbage\r\n" + records.substr(records.find("WARC/0.18")));
  const ReadBack old = read_warc(dir.path() + "/old.warc");
  EXPECT_EQ(old.order, (std::vector<std::string>{"R:http://0.17.example/", "R:http://0.18.example/", "R:http://1.1.example/"}));
  const ReadBack damaged = read_warc(dir.path() + "/damaged.warc");
  EXPECT_EQ(damaged.order, (std::vector<std::string>{"P:0", "R:http://0.18.example/", "R:http://1.1.example/"}));
}

TEST(WebQa, WarcDatesSortInTimeOrder) {
  const std::pair<const char*, const char*> earlier_later[] = {
      {"2024-05-29T10:00:00Z", "2024-05-29T10:00:00.5Z"},
      {"2024-05-29T10:00:00.25Z", "2024-05-29T10:00:00.3Z"},
      {"2024-05-29T10:00:59.999Z", "2024-05-29T10:01:00Z"},
      {"2024-05-29T10:00Z", "2024-05-29T10:00:30Z"},
      {"2023-12-31T23:59:59Z", "2024-01-01T00:00:00Z"},
  };
  for (const auto& [earlier, later] : earlier_later)
    EXPECT_LT(warc_date_key(earlier), warc_date_key(later)) << earlier << " " << later;
  EXPECT_EQ(warc_date_key("2024-05-29T10:00:00Z"), warc_date_key("2024-05-29T10:00:00.000Z"));
}

// A page saved without its address (a file, no <base>): its sidebar's
// stories linked relatively were dropped, as their links resolved to nothing;
// they are teasers, linked through the canonical link when the page has one,
// else known by their text (teaser_id).
TEST(WebQa, SavedPageKeepsTheSidebarStoriesItLinksRelatively) {
  struct Case {
    const char* name;
    std::string head;
    std::vector<std::string> ids;  // the teasers' ids; "editorial-…" for one known by its text
  };
  const Case cases[] = {
      {"absolute canonical", R"(<link rel="canonical" href="https://n.example/news/embankment">)",
       {"teaser:https://n.example/news/wheat-prices", "teaser:https://n.example/news/coast-rain"}},
      {"og:url", R"(<meta property="og:url" content="https://n.example/news/embankment">)",
       {"teaser:https://n.example/news/wheat-prices", "teaser:https://n.example/news/coast-rain"}},
      {"a <base> says more than the canonical", R"(<base href="https://m.example/"><link rel="canonical" href="https://n.example/x">)",
       {"teaser:https://m.example/news/wheat-prices", "teaser:https://m.example/news/coast-rain"}},
      {"no address anywhere", "", {"editorial-", "editorial-"}},
  };
  const std::string sidebar =
      "<div class=\"sidebar\"><h3>More stories</h3><ul>"
      "<li><h4><a href=\"/news/wheat-prices#top\">Wheat prices fall in the city markets after the harvest</a></h4>"
      "<p>Wheat prices fell sharply in the city markets on Tuesday after a record harvest.</p></li>"
      "<li><h4><a href=\"/news/coast-rain\">Heavy rain is due on the coast tonight, the Met office says</a></h4>"
      "<p>The Met office forecast heavy rain for the coast later in the week and warned fishermen.</p></li>"
      "</ul></div>";
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string html = qa_article("Embankment to be raised");
    html.replace(html.find("</head>"), 0, c.head);
    html.replace(html.find("</body>"), 0, sidebar);
    const HtmlDocuments out = read_html_file(html, "saved/page.html", "/saved/page.html");
    std::vector<std::string> ids;
    for (const quarry::Document& doc : out.documents)
      if (doc.kind == "teaser") ids.push_back(doc.id.rfind("editorial-", 0) == 0 ? "editorial-" : doc.id);
    EXPECT_EQ(ids, c.ids);
  }
}

}  // namespace
