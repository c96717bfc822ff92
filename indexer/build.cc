#include "build.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "bounded_json.h"
#include "json_records.h"
#include "dates.h"
#include "near_duplicates.h"
#include "news_page.h"
#include "passages.h"
#include "schema.h"
#include "spelling_vocabulary.h"
#include "utf8.h"
#include "web/archive_record.h"
#include "web/charset.h"
#include "web/html_input.h"

namespace quarry {
namespace {

// Text of a scalar field, with escaped NULs (\u0000) dropped: they would cut
// the text short in every C API downstream. Numbers are spelled as JSON
// spells them (dump() keeps every digit of an integer).
std::string string_field(const nlohmann::json& record, const char* name) {
  auto it = record.find(name);
  if (it == record.end() || it->is_null()) return {};
  std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  return text;
}

// Parses a record into a DOM, keeping the JSON text of a numeric top-level
// "id" exactly as written: a number too long for 64 bits would otherwise
// become a double (123456789012345678901234567890 and ...891 one id). Only
// the fields a record is read for are built, within a bound.
bool read_field(const std::string& name) {
  static const std::set<std::string> kFields = {
      "id", "title", "body", "html", "date", "section", "url", "author", "authors", "site", "language", "lang", "kind",
      // other tools' names (take_other_names)
      "text", "content", "maintext", "article_body", "articleBody", "headline", "published", "published_at",
      "publishedAt", "date_publish", "datePublished", "pubDate", "category", "source_domain", "domain", "link"};
  return kFields.count(name) > 0;
}

class RecordParser : public BoundedJsonParser {
 public:
  explicit RecordParser(nlohmann::json& result) : BoundedJsonParser(result, read_field) {}
  bool number_integer(number_integer_t value) {
    note_number(std::to_string(value));
    return BoundedJsonParser::number_integer(value);
  }
  bool number_unsigned(number_unsigned_t value) {
    note_number(std::to_string(value));
    return BoundedJsonParser::number_unsigned(value);
  }
  bool number_float(number_float_t value, const string_t& text) {
    note_number(text);
    return BoundedJsonParser::number_float(value, text);
  }
  bool key(string_t& name) {
    if (depth() == 1) at_id_ = name == "id";
    return BoundedJsonParser::key(name);
  }
  // A record is an object: an array (of 5 million arrays, say) is not read.
  bool start_array(std::size_t n) {
    if (depth() == 0) return not_object_ = true, false;
    return BoundedJsonParser::start_array(n);
  }
  bool not_object() const { return not_object_; }
  // The numeric id's text; empty when the id is not a number.
  const std::string& numeric_id() const { return numeric_id_; }

 private:
  void note_number(const std::string& text) {
    if (depth() == 1 && at_id_) numeric_id_ = text;
  }
  bool at_id_ = false;
  bool not_object_ = false;
  std::string numeric_id_;
};

std::string fold_ascii(const std::string& section) {
  std::string out;
  for (char c : section) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

bool is_blank(const std::string& text) {
  for (unsigned char c : text)
    if (!std::isspace(c)) return false;
  return true;
}

// A field's value without the spaces around it, as an author's is: a
// section "Pakistan " was a section of its own, which section:pakistan did
// not find and its facet showed beside "Pakistan", and a date " 2024-05-31"
// was no date.
std::string trimmed(std::string text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A site as site_of_url gives it, so that site:www.x.org (read as x.org) finds it.
void drop_www(std::string& site) {
  if (site.size() > 4 && fold_ascii(site.substr(0, 4)) == "www.") site.erase(0, 4);
}

// A document whose text comes from a caller (JSONL or code): same rules for both.
Document document_from_fields(DocumentInput in) {
  Document doc;
  doc.id = std::move(in.id);
  in.kind = fold_ascii(trimmed(std::move(in.kind)));  // as kind: reads it: "Editorial" is an editorial
  doc.kind = in.kind == kKindEditorial || in.kind == kKindTeaser || in.kind == kKindPage ? in.kind : kKindArticle;
  doc.section = trimmed(std::move(in.section));
  doc.source = std::move(in.source);
  doc.url = std::move(in.url);
  doc.authors = std::move(in.authors);
  in.site = trimmed(std::move(in.site));
  doc.site = in.site.empty() ? site_of_url(doc.url) : std::move(in.site);
  drop_www(doc.site);
  doc.language = trimmed(std::move(in.language));
  const std::optional<std::string> printed_date = strip_published_line(in.body);
  doc.date = parse_date(trimmed(in.date)).value_or(printed_date.value_or(""));
  doc.dateline = find_dateline(in.body);
  doc.title_given = !in.title.empty();
  doc.title = in.title.empty() ? first_sentence(in.body) : std::move(in.title);
  doc.passages = split_passages(in.body);
  return doc;
}

// "author": "A. Writer" or ["A. Writer", "B. Writer"]; anything else is ignored.
std::vector<std::string> authors_field(const nlohmann::json& record) {
  std::vector<std::string> out;
  auto it = record.find("author");
  if (it == record.end()) it = record.find("authors");
  if (it == record.end()) return out;
  auto add = [&out](const nlohmann::json& value) {
    if (!value.is_string()) return;
    std::string name = value.get<std::string>();
    const std::size_t first = name.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return;
    name = name.substr(first, name.find_last_not_of(" \t\r\n") - first + 1);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  };
  if (it->is_array())
    for (const nlohmann::json& value : *it) add(value);
  else
    add(*it);
  return out;
}

Document plain_text_document(const std::string& content, const std::string& source,
                             const std::string& id) {
  std::string text = content;
  const std::size_t first_nonblank = text.find_first_not_of(" \t\r\n");
  text.erase(0, first_nonblank);
  const std::size_t newline = text.find('\n');
  std::string title = text.substr(0, newline);
  while (!title.empty() && std::isspace(static_cast<unsigned char>(title.back()))) title.pop_back();
  std::string body = newline == std::string::npos || is_blank(text.substr(newline))
                         ? text
                         : text.substr(newline + 1);
  if (title.size() > 160) title = first_sentence(title);
  DocumentInput in;
  in.id = id;
  in.title = std::move(title);
  in.source = source;
  in.body = std::move(body);
  return document_from_fields(std::move(in));
}

// A crawler's record: the page is extracted, and the record's own fields,
// where it has them, win over what the page says.
std::optional<Document> jsonl_html_record(const nlohmann::json& record, std::string id, const std::string& html,
                                          const std::string& source, std::size_t line_number,
                                          std::vector<InputProblem>& problems, std::vector<Document>* teasers) {
  web::HtmlInput input;
  input.bytes = html;
  input.id = id;
  input.url = string_field(record, "url");
  input.source = source;
  web::HtmlDocuments page = web::read_html(input);
  for (std::string& reason : page.problems) problems.push_back({source, line_number, std::move(reason), true});
  std::optional<Document> doc;
  std::size_t first_teaser = 0;
  if (!page.documents.empty() && page.documents[0].id == id) {
    doc = std::move(page.documents[0]);
    first_teaser = 1;
  } else {
    // No text of its own: still findable by the record's title, as a JSONL
    // record with an empty body is.
    const std::string title = string_field(record, "title");
    if (is_blank(title)) {
      problems.push_back({source, line_number, "record's \"html\" has no text to index", true});
    } else {
      doc.emplace();
      doc->id = id;
      doc->kind = kKindPage;
      doc->source = source;
      doc->url = input.url;
      doc->site = site_of_url(doc->url);
      doc->passages = split_passages(title);
    }
  }
  if (doc) {
    auto take = [&record](const char* name, std::string& field) {
      std::string value = trimmed(string_field(record, name));
      if (!value.empty()) field = std::move(value);
    };
    take("title", doc->title);
    if (const std::optional<std::string> date = parse_date(trimmed(string_field(record, "date")))) doc->date = *date;
    take("section", doc->section);
    take("site", doc->site);
    take("language", doc->language);
    take("lang", doc->language);
    if (std::vector<std::string> authors = authors_field(record); !authors.empty()) doc->authors = std::move(authors);
    if (!input.url.empty()) {  // the crawler's URL, not the page's canonical link
      doc->url = input.url;
      doc->site = site_of_url(doc->url);
      take("site", doc->site);
    }
    drop_www(doc->site);  // a record's own site: www.dawn.com was found by no site: filter
  }
  if (teasers)
    for (std::size_t i = first_teaser; i < page.documents.size(); ++i) teasers->push_back(std::move(page.documents[i]));
  return doc;
}

// Other exports' names for Quarry's fields (news-please's maintext and
// date_publish, the text of Common Crawl news sets, a CMS's headline,
// category or published_at): a record without a field takes the first of
// its names the record has as text. A crawler's record with html and text
// stays a page to read (its html wins, as it does over nothing).
void take_other_names(nlohmann::json& record) {
  static const std::pair<const char*, std::vector<const char*>> kNames[] = {
      {"body", {"text", "content", "maintext", "article_body", "articleBody"}},
      {"title", {"headline"}},
      {"date", {"published", "published_at", "publishedAt", "date_publish", "datePublished", "pubDate"}},
      {"section", {"category"}},
      {"site", {"source_domain", "domain"}},
      {"url", {"link"}},
      {"id", {"url"}},  // after url's own names: a page's address is its id
  };
  for (const auto& [field, names] : kNames) {
    if (record.contains(field)) continue;
    if (std::string_view(field) == "body" && record.contains("html")) continue;
    for (const char* name : names) {
      auto it = record.find(name);
      if (it != record.end() && it->is_string()) {
        record[field] = *it;
        break;
      }
    }
  }
}

}  // namespace

std::optional<Document> parse_jsonl_record(const std::string& line, const std::string& source,
                                           std::size_t line_number,
                                           std::vector<InputProblem>& problems,
                                           std::vector<Document>* teasers) {
  auto reject = [&](const std::string& reason) -> std::optional<Document> {
    problems.push_back({source, line_number, reason, true});
    return std::nullopt;
  };
  nlohmann::json record;
  RecordParser parser(record);
  const bool parsed = nlohmann::json::sax_parse(line, &parser, nlohmann::json::input_format_t::json, true) &&
                      !parser.is_errored();
  if (!parsed && parser.not_object()) return reject("not a JSON object");
  if (!parsed && parser.too_large())
    return reject("holds more than " + std::to_string(BoundedJsonParser::kMaxValues) +
                  " JSON values in the fields a record is read for; skipped");
  // Records run together by CR alone: a file of them alone is read by CR,
  // so this is one whose first line end is an LF.
  if (!parsed && cr_between_records(line))
    return reject("not valid JSON: records on this line are run together by CR alone (old Mac line ends), "
                  "which is no line end in a file with LF line ends; end every record with LF");
  if (!parsed) return reject("not valid JSON (malformed or truncated line)");
  if (!record.is_object()) return reject("not a JSON object");
  take_other_names(record);
  for (const char* name : {"id", "title", "section"}) {
    auto field = record.find(name);
    if (field != record.end() && (field->is_object() || field->is_array()))
      return reject(std::string("\"") + name + "\" is " + (field->is_object() ? "an object" : "an array") +
                    ", not text");
  }
  // An object or array where other text belongs is named, and the record
  // indexed without it: kept as its JSON text it was a site '{"x":1}' that
  // facets listed and site: searched, or a language '["en"]'.
  for (const char* name : {"url", "site", "language", "lang", "kind", "author", "authors"}) {
    auto field = record.find(name);
    if (field == record.end() || !(field->is_object() || field->is_array())) continue;
    const std::string quoted = std::string("\"") + name + "\"";
    if (std::string_view(name).rfind("author", 0) != 0) {
      problems.push_back({source, line_number,
                          quoted + " is " + (field->is_object() ? "an object" : "an array") +
                              ", not text; the record is indexed without it",
                          true});
      record.erase(field);
    } else if (field->is_object()) {
      problems.push_back(
          {source, line_number, quoted + " is an object, not a name or a list of names; the record is indexed without it", true});
      record.erase(field);
    } else if (!std::all_of(field->begin(), field->end(), [](const nlohmann::json& v) { return v.is_string(); })) {
      problems.push_back(
          {source, line_number, quoted + " lists something other than names; the record is indexed with the names it lists", true});
    }
  }
  auto id_field = record.find("id");
  if (id_field != record.end() && id_field->is_string() && id_field->get_ref<const std::string&>().find('\0') != std::string::npos)
    return reject("\"id\" holds a NUL character (\\u0000)");
  std::string id = id_field != record.end() && id_field->is_number() ? parser.numeric_id() : string_field(record, "id");
  if (id.empty()) return reject("record has no \"id\"");
  auto body = record.find("body");
  auto html = record.find("html");
  if ((body == record.end() || !body->is_string()) && html != record.end() && html->is_string())
    return jsonl_html_record(record, std::move(id), html->get<std::string>(), source, line_number, problems, teasers);
  if (body == record.end() || !body->is_string()) return reject("record has no \"body\" text");
  std::string text = string_field(record, "body");
  std::string title = string_field(record, "title");
  // A record with a title but an empty body is still findable by its title.
  if (is_blank(text)) text = title;
  if (is_blank(text)) return reject("record has neither \"body\" text nor a \"title\"");
  DocumentInput in;
  in.id = std::move(id);
  in.kind = string_field(record, "kind");
  in.title = std::move(title);
  in.date = trimmed(string_field(record, "date"));  // trimmed before the check below names it
  in.section = string_field(record, "section");
  in.source = source;
  in.url = string_field(record, "url");
  in.authors = authors_field(record);
  in.site = string_field(record, "site");
  in.language = string_field(record, "language");
  if (in.language.empty()) in.language = string_field(record, "lang");
  in.body = std::move(text);
  // A date that is not one is named; the record is indexed without it.
  if (!is_blank(in.date) && !parse_date(in.date)) {
    problems.push_back({source, line_number,
                        "\"date\" '" + in.date.substr(0, 40) +
                            "' is not a date (YYYY-MM-DD, or as news prints it: 'April 12th, 2023'); "
                            "the record is indexed without it",
                        true});
    in.date.clear();
  }
  return document_from_fields(std::move(in));
}

Xapian::Document build_document(const Document& document, Analyser& analyser,
                                std::string* spelling_words) {
  return record_document(document, analyser, spelling_words).to_xapian();
}

RecordedDocument record_document(const Document& document, Analyser& analyser, std::string* spelling_words) {
  thread_local DocumentWords words;
  thread_local SketchBuilder sketch;
  RecordedDocument xd;
  std::size_t text_bytes = document.title.size();
  for (const std::string& text : document.passages) text_bytes += text.size();
  xd.reserve(2 * text_bytes + 1024);  // about what the calls take
  DocumentRecord record{document.id,      document.kind,   document.title,    document.date,
                        document.section, document.source, document.dateline, document.url,
                        document.authors, document.site,   document.language, {}};
  std::vector<Token> tokens;
  Xapian::termpos next = 1;
  for (const std::string& text : document.passages) {
    tokens.clear();
    analyser.tokenize(text, tokens, next);
    StoredPassage passage;
    passage.text = text;
    passage.first_position = next;
    for (const Token& token : tokens) {
      Analyser::TermHashes hashes;
      const std::string& term = analyser.index_term(token, hashes);
      xd.add_posting(term, token.position);
      sketch.add_word_hash(hashes.term);
      words.add(token, hashes.word);
    }
    sketch.break_run();
    const Xapian::termpos end = tokens.empty() ? next : tokens.back().position + 1;
    passage.length = end - next;
    next = end + schema::kPassagePositionGap;
    record.passages.push_back(std::move(passage));
  }
  // A given title's words are words of the document, kTitleWdf times over
  // (after the body, so that they are in no passage), and, prefixed, the
  // title for title: searches; a made-up title's words are in the first
  // passage already, and prefixed with wdf 0: for title: searches only.
  tokens.clear();
  analyser.tokenize(document.title, tokens, 1);
  const Xapian::termpos title_base = next + schema::kTitlePositionGap;
  std::set<std::string> title_terms;
  for (const Token& token : tokens) {
    const std::string term = analyser.index_term(token);
    xd.add_posting(schema::kTitlePrefix + term, token.position, document.title_given ? 1 : 0);
    if (document.title_given) {
      xd.add_posting(term, title_base + token.position, schema::kTitleWdf);
      title_terms.insert(term);
    }
    words.add(token);
  }
  if (spelling_words) *spelling_words = words.take();
  else words.take();
  const TextSketch text_sketch = sketch.finish(document.date);
  xd.add_boolean_term(std::string(schema::kKindPrefix) + document.kind);
  const std::string section = fold_ascii(document.section);
  if (!section.empty()) xd.add_boolean_term(schema::id_term(schema::kSectionPrefix, section));
  xd.add_boolean_term(schema::id_term(schema::kDocPrefix, document.id));
  // The file the document's content comes from carries a position (with no
  // wdf, so no length or weight): when it goes, a page another file also
  // claims must be read again from that file (DatabaseWriter::detach_file).
  if (!document.file.empty())
    xd.add_posting(schema::id_term(schema::kFilePrefix, document.file), schema::kContentFilePosition, 0);
  for (const std::string& author : document.authors)
    xd.add_boolean_term(schema::id_term(schema::kAuthorPrefix, fold_ascii(author)));
  if (!document.site.empty()) xd.add_boolean_term(schema::id_term(schema::kSitePrefix, fold_ascii(document.site)));
  if (const std::string language = schema::primary_language(document.language); !language.empty())
    xd.add_boolean_term(schema::kLanguagePrefix + language);
  if (!document.url.empty()) xd.add_boolean_term(schema::id_term(schema::kUrlPrefix, document.url));
  xd.add_value(schema::kDocSlot, document.id);
  if (!document.date.empty()) xd.add_value(schema::kDateSlot, document.date);
  FacetFields facets{document.kind, document.date, document.section,
                     document.site, schema::primary_language(document.language), {}};
  // One entry per author as author: tells them apart (case folded), so that
  // a facet counts a document once per author.
  std::vector<std::string> folded_authors;
  for (const std::string& author : document.authors) {
    const std::string folded = fold_ascii(author);
    if (folded.empty() || std::find(folded_authors.begin(), folded_authors.end(), folded) != folded_authors.end())
      continue;
    folded_authors.push_back(folded);
    facets.authors.push_back(author);
  }
  xd.add_value(schema::kFacetSlot, encode_facet_fields(facets));
  xd.add_value(schema::kOldestFirstSlot, document.date.empty() ? "~" : document.date);
  if (!document.capture.empty()) xd.add_value(schema::kCaptureSlot, document.capture);
  xd.add_value(schema::kPassageMapSlot, encode_passage_map(document.id, encode_sketch(text_sketch),
                                                         static_cast<std::uint32_t>(title_terms.size()), record.passages));
  xd.add_value(schema::kRecordSlot, encode_record(record));
  return xd;
}

namespace {

// Whether any passage, or a given title, holds a word to find the document by.
// A passage with an ASCII letter or digit does; only one without is analysed
// (and only until a word turns up), so this costs a document almost nothing.
bool has_words(const Document& document, Analyser& analyser) {
  thread_local std::vector<Token> tokens;
  auto words_in = [&](const std::string& text) {
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }))
      return true;
    tokens.clear();
    analyser.tokenize(text, tokens);
    return !tokens.empty();
  };
  return std::any_of(document.passages.begin(), document.passages.end(), words_in) ||
         (document.title_given && words_in(document.title));
}

}  // namespace

BuiltUnit build_unit(WorkUnit&& unit, Analyser& analyser) {
  BuiltUnit built;
  built.problems = std::move(unit.problems);
  std::vector<Document> documents;
  std::vector<std::size_t> document_lines;  // JSONL: the line each document came from
  auto problem = [&](std::size_t line, const std::string& reason, bool rejected = true) {
    built.problems.push_back({unit.source, line, reason, rejected});
  };
  // Set first: a file that gives nothing is recorded too, so that it is
  // reported when it is new or changed, not on every run.
  built.finished_file_key = std::move(unit.finished_file_key);
  built.finished_file_state = std::move(unit.finished_file_state);
  switch (unit.type) {
    case WorkUnit::Type::document: {
      documents.push_back(document_from_fields(unit.input));
      break;
    }
    case WorkUnit::Type::jsonl_lines: {
      for (std::size_t i = 0; i < unit.lines.size(); ++i) {
        std::string& line = unit.lines[i];
        const std::size_t line_number = unit.line_numbers[i];
        if (is_blank(line)) continue;
        if (const std::size_t bad = repair_utf8(line))
          problem(line_number, "invalid UTF-8: " + std::to_string(bad) +
                                   " byte sequence(s) replaced with U+FFFD");
        std::vector<Document> teasers;
        if (auto doc = parse_jsonl_record(line, unit.source, line_number, built.problems, &teasers))
          documents.push_back(std::move(*doc));
        for (Document& teaser : teasers) documents.push_back(std::move(teaser));
        document_lines.resize(documents.size(), line_number);
      }
      break;
    }
    case WorkUnit::Type::archive_records: {
      for (const web::WarcRecord& record : unit.records) {
        web::RecordDocuments read = web::read_record(record, unit.source);
        const std::string where = "record at offset " + std::to_string(record.offset) + ": ";
        if (!read.problem.empty()) problem(0, where + read.problem);
        for (const std::string& note : read.notes) problem(0, where + note);
        if (!read.skipped.empty()) ++built.records_skipped[read.skipped];
        for (Document& doc : read.documents) documents.push_back(std::move(doc));
      }
      break;
    }
    case WorkUnit::Type::html: {
      web::HtmlInput input;
      input.bytes = unit.input.body;
      input.content_type = unit.content_type;
      input.url = unit.input.url;
      input.fallback_id = unit.input.url;
      input.source = unit.source;
      web::HtmlDocuments page = web::read_html(input);
      for (const std::string& reason : page.problems) problem(0, reason);
      for (Document& doc : page.documents) documents.push_back(std::move(doc));
      break;
    }
    case WorkUnit::Type::file: {
      std::string& content = unit.content;
      // A file's documents are known by its path, which need not be UTF-8
      // (names copied from an old Latin-1 disk): as it was, every JSON
      // answer showed the id with U+FFFD, which --show, id:, like: and the
      // search page's links then did not find.
      const std::string path_id = escape_invalid_utf8(unit.file_id);
      const bool html = unit.format == InputFormat::html ||
                        (unit.format == InputFormat::automatic && web::looks_like_html(content));
      if (html) {
        web::HtmlDocuments page = web::read_html_file(content, unit.source, path_id);
        for (const std::string& reason : page.problems) problem(0, reason);
        for (Document& doc : page.documents) documents.push_back(std::move(doc));
        if (documents.empty() && !page.problems.empty()) {
          built.whole_file_skipped = true;
          return built;
        }
        break;
      }
      // Windows editors save "Unicode" text as UTF-16 with a byte-order
      // mark: that is text, not a binary file.
      if (content.compare(0, 2, "\xFF\xFE") == 0 || content.compare(0, 2, "\xFE\xFF") == 0) {
        web::DecodedText text = web::decode_html_bytes(content, "");
        if (text.replaced)
          problem(0, "invalid " + text.charset + ": " + std::to_string(text.replaced) +
                         " byte sequence(s) replaced with U+FFFD");
        content = std::move(text.utf8);
        content.erase(std::remove(content.begin(), content.end(), '\0'), content.end());  // U+0000
      }
      if (content.find('\0') != std::string::npos) {
        built.whole_file_skipped = true;
        problem(0, "binary file, skipped");
        return built;
      }
      if (is_blank(content)) {
        built.whole_file_skipped = true;
        problem(0, "empty file, skipped");
        return built;
      }
      if (content.compare(0, 3, "\xEF\xBB\xBF") == 0) content.erase(0, 3);
      if (const std::size_t bad = repair_utf8(content))
        problem(0, "invalid UTF-8: " + std::to_string(bad) +
                       " byte sequence(s) replaced with U+FFFD");
      const bool page = unit.format == InputFormat::news_page ||
                        (unit.format == InputFormat::automatic && looks_like_news_page(content));
      if (page) {
        NewsPage parsed = parse_news_page(content, unit.source, path_id);
        if (!parsed.article.passages.empty()) documents.push_back(std::move(parsed.article));
        for (Document& editorial : parsed.editorials) documents.push_back(std::move(editorial));
      } else {
        documents.push_back(plain_text_document(content, unit.source, path_id));
      }
      break;
    }
  }
  built.documents.reserve(documents.size());  // moved, never copied: each holds its words
  document_lines.resize(documents.size(), 0);
  std::vector<std::pair<std::size_t, std::string>> wordless;  // (line, what) of documents left out
  for (std::size_t i = 0; i < documents.size(); ++i) {
    Document& doc = documents[i];
    if (doc.passages.empty()) continue;
    // A document of no word (a body of "..." or emoji) has length 0 but its
    // file's term has a position, which Xapian's check takes for damage: the
    // database was then refused by every later update and by --check. Nothing
    // but a filter could find it anyway.
    if (!has_words(doc, analyser)) {
      wordless.emplace_back(document_lines[i], unit.type == WorkUnit::Type::jsonl_lines
                                                   ? "record has no words to index (only punctuation or symbols), skipped"
                                                   : "document '" + doc.id + "' has no words to index (only punctuation or symbols), skipped");
      continue;
    }
    if (unit.type != WorkUnit::Type::document && unit.type != WorkUnit::Type::html) doc.file = unit.file_id;
    if (unit.extract_only) {
      built.extracted.push_back(std::move(doc));
      continue;
    }
    BuiltDocument built_document{doc.id, doc.kind, doc.passages.size(), {}, {}, doc.capture, doc.file};
    built_document.recorded = record_document(doc, analyser, &built_document.spelling_words);
    built.documents.push_back(std::move(built_document));
  }
  if (unit.type == WorkUnit::Type::file && built.documents.empty() && built.extracted.empty()) {
    built.whole_file_skipped = true;
    problem(0, "no text to index");
  } else {
    for (const auto& [line, what] : wordless) problem(line, what);
  }
  return built;
}

}  // namespace quarry
