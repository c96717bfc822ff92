// The stored record is what every hit is rendered from: it must come back
// exactly, and damage must be a clear DatabaseError, never a crash.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "document.h"
#include "recorded_document.h"
#include "quarry/error.h"

namespace quarry {
namespace {

DocumentRecord sample(const std::string& text) {
  DocumentRecord r;
  r.doc = "dawn-1";
  r.kind = kKindArticle;
  r.title = "Polio drive — “resumes”";
  r.date = "2025-01-02";
  r.section = "Pakistan";
  r.source = "dawn.jsonl";
  r.dateline = "KARACHI";
  r.url = "https://www.dawn.com/news/1";
  r.authors = {"Zahid Hussain", "Ana Ruiz"};
  r.site = "dawn.com";
  r.language = "en";
  r.passages.push_back({text, 1, 40});
  r.passages.push_back({"", 60, 0});
  return r;
}

TEST(DocumentRecord, PackedRecordsComeBackExactly) {
  const std::string cases[] = {
      "",
      "short",
      std::string(100000, 'a'),                      // compresses ~250-fold
      std::string("bytes \0\xff\xfe inside", 16),     // any byte may appear
      "soft\xc2\xad" "hyphen and \xe2\x80\x9cquotes\xe2\x80\x9d",
  };
  for (const std::string& text : cases) {
    const DocumentRecord in = sample(text);
    const DocumentRecord out = decode_record(encode_record(in));
    EXPECT_EQ(out.title, in.title);
    EXPECT_EQ(out.dateline, in.dateline);
    EXPECT_EQ(out.url, in.url);
    EXPECT_EQ(out.authors, in.authors);
    EXPECT_EQ(out.site, in.site);
    EXPECT_EQ(out.language, in.language);
    ASSERT_EQ(out.passages.size(), 2u);
    EXPECT_EQ(out.passages[0].text, text);
    EXPECT_EQ(out.passages[1].first_position, 60u);
  }
}

TEST(DocumentRecord, DamagedPackedRecordsAreDatabaseErrors) {
  const std::string good = encode_record(sample(std::string(2000, 'x') + "tail"));
  const std::string cases[] = {
      "",                                     // nothing stored
      good.substr(0, good.size() / 2),        // cut short
      std::string("\xff\xff\xff\xff\x0f", 5) + good.substr(2),  // claims 4 GB
      good.substr(0, 2) + std::string(good.size() - 2, '\x55'),  // garbage block
  };
  for (const std::string& packed : cases)
    EXPECT_THROW(decode_record(packed), DatabaseError) << packed.size() << " bytes";
}

struct SiteCase {
  const char* url;
  const char* site;
};

TEST(DocumentRecord, SiteOfUrl) {
  const SiteCase cases[] = {
      {"https://www.dawn.com/news/1", "dawn.com"},
      {"http://WWW.Dawn.COM", "dawn.com"},
      {"https://user:pw@news.example.org:8080/a?b#c", "news.example.org"},
      {"https://example.org./x", "example.org"},
      {"https://[::1]:7700/", "[::1]"},
      {"no scheme/dawn.com", ""},
      {"", ""},
  };
  for (const SiteCase& c : cases) EXPECT_EQ(site_of_url(c.url), c.site) << c.url;
}

}  // namespace
}  // namespace quarry

namespace quarry {
namespace {

// Every term with its wdf and positions, and every value: what a database
// stores of a document.
std::string describe(const Xapian::Document& doc) {
  std::string out;
  for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t + " wdf " + std::to_string(t.get_wdf()) + " at";
    for (Xapian::PositionIterator p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      out += " " + std::to_string(*p);
    out += "\n";
  }
  for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v)
    out += "value " + std::to_string(v.get_valueno()) + " = " + *v + "\n";
  return out;
}

// Documents cross to the bulk load's segment writers as records of the calls
// that build them (issue 17's indexing cost): replayed, a record must make the
// very document the calls make.
TEST(IndexingCost, RecordedDocumentReplaysToTheSameXapianDocument) {
  struct Call {
    char kind;  // 'P' posting, 'B' boolean term, 'V' value
    std::string text;
    unsigned number;  // position or slot
    unsigned wdf;
  };
  const std::string binary("a\0b\xff", 4);
  const std::vector<std::vector<Call>> cases = {
      {},
      {{'P', "polio", 1, 1}, {'P', "drive", 2, 1}, {'P', "polio", 7, 1}},
      {{'P', "Stitl", 40, 0}, {'P', "title", 40, 3}, {'B', "Qdawn-1", 0, 0}, {'B', "Qdawn-1", 0, 0}},
      {{'V', "2025-01-02", 1, 0}, {'V', binary, 6, 0}, {'V', "", 9, 0}, {'V', "later wins", 1, 0}},
      {{'P', std::string(300, 'x'), 4000000000u, 200}, {'B', "K" + binary, 0, 0}, {'P', "\xe2\x80\x9c", 0, 1}},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    Xapian::Document direct;
    RecordedDocument recorded;
    for (const Call& call : cases[i]) {
      if (call.kind == 'P') {
        direct.add_posting(call.text, call.number, call.wdf);
        recorded.add_posting(call.text, call.number, call.wdf);
      } else if (call.kind == 'B') {
        direct.add_boolean_term(call.text);
        recorded.add_boolean_term(call.text);
      } else {
        direct.add_value(call.number, call.text);
        recorded.add_value(call.number, call.text);
      }
    }
    EXPECT_EQ(describe(recorded.to_xapian()), describe(direct)) << "case " << i;
    EXPECT_EQ(describe(RecordedDocument::replay(recorded.bytes())), describe(direct)) << "case " << i;
  }
}

TEST(IndexingCost, DamagedRecordedDocumentIsADatabaseError) {
  RecordedDocument recorded;
  recorded.add_posting("polio", 3);
  recorded.add_value(2, "2025-01-02");
  const std::string bytes = recorded.bytes();
  RecordedDocument first;  // a cut between two calls is a shorter record, not damage
  first.add_posting("polio", 3);
  for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
    if (cut == first.bytes().size()) continue;
    EXPECT_THROW(RecordedDocument::replay(std::string_view(bytes).substr(0, cut)), DatabaseError) << "cut at " << cut;
  }
  EXPECT_THROW(RecordedDocument::replay("Z"), DatabaseError);
}

}  // namespace
}  // namespace quarry
