#include "document.h"

#include <lz4.h>

#include <cctype>

#include "quarry/error.h"
#include "varint.h"

namespace quarry {
namespace {

// Version byte first, then length-prefixed fields: compact, and any byte may
// appear in a field.
constexpr char kRecordVersion = 3;

void put_field(std::string& out, const std::string& field) {
  put_varint(out, field.size());
  out += field;
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  std::uint64_t varint() {
    std::uint64_t value = 0;
    if (!read_varint(data_, pos_, value)) fail();
    return value;
  }
  std::string field() {
    const std::uint64_t size = varint();
    if (size > data_.size() - pos_) fail();
    std::string out(data_.substr(pos_, size));
    pos_ += size;
    return out;
  }
  bool at_end() const { return pos_ >= data_.size(); }
  std::string_view rest() const { return data_.substr(pos_); }
  [[noreturn]] static void fail() { throw DamagedRecordError(); }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

// LZ4 with the plain size in front: Xapian stores values as given, and
// deflating them as it does document data cost a fifth of its indexing time.
std::string compress(std::string_view encoded) {
  std::string out;
  put_varint(out, encoded.size());
  const std::size_t header = out.size();
  const int bound = LZ4_compressBound(static_cast<int>(encoded.size()));
  out.resize(header + static_cast<std::size_t>(bound));
  const int written = LZ4_compress_default(encoded.data(), out.data() + header, static_cast<int>(encoded.size()), bound);
  if (written <= 0) throw DatabaseError("cannot compress a document record");
  out.resize(header + static_cast<std::size_t>(written));
  return out;
}

std::string decompress(std::string_view packed) {
  Reader in(packed);
  const std::uint64_t size = in.varint();
  const std::string_view block = in.rest();
  // LZ4 expands at most 255-fold: a larger claim is damage, not data.
  if (size > block.size() * 255 + 16) Reader::fail();
  std::string out(size, '\0');
  const int read = LZ4_decompress_safe(block.data(), out.data(), static_cast<int>(block.size()), static_cast<int>(size));
  if (read < 0 || static_cast<std::uint64_t>(read) != size) Reader::fail();
  return out;
}

}  // namespace

std::string encode_passage_map(const std::string& doc, const std::string& sketch, std::uint32_t title_words,
                               const std::vector<StoredPassage>& passages) {
  std::string out;
  put_field(out, doc);
  put_field(out, sketch);
  put_varint(out, title_words);
  for (const StoredPassage& p : passages) {
    put_varint(out, p.first_position);
    put_varint(out, p.length);
  }
  return out;
}

PassageMap decode_passage_map(std::string_view data) {
  Reader in(data);
  PassageMap map;
  map.doc = in.field();
  map.sketch = in.field();
  map.title_words = static_cast<std::uint32_t>(in.varint());
  while (!in.at_end()) {
    PassageSpan span;
    span.first_position = static_cast<std::uint32_t>(in.varint());
    span.length = static_cast<std::uint32_t>(in.varint());
    map.spans.push_back(span);
  }
  return map;
}

std::string encode_facet_fields(const FacetFields& fields) {
  std::string out;
  for (const std::string* field : {&fields.kind, &fields.date, &fields.section, &fields.site, &fields.language})
    put_field(out, *field);
  for (const std::string& author : fields.authors) put_field(out, author);
  return out;
}

FacetFields decode_facet_fields(std::string_view data) {
  Reader in(data);
  FacetFields fields;
  for (std::string* field : {&fields.kind, &fields.date, &fields.section, &fields.site, &fields.language})
    *field = in.field();
  while (!in.at_end()) fields.authors.push_back(in.field());
  return fields;
}

std::string site_of_url(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view host = url.substr(scheme + 3);
  host = host.substr(0, host.find_first_of("/?#"));
  if (const std::size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (!host.empty() && host.front() == '[')
    host = host.substr(0, host.find(']') + 1);  // an IPv6 literal keeps its colons
  else
    host = host.substr(0, host.find(':'));
  std::string out(host);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.compare(0, 4, "www.") == 0) out.erase(0, 4);
  while (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

std::string encode_record(const DocumentRecord& r) {
  std::string out;
  std::size_t size = r.title.size() + r.doc.size() + r.source.size() + 32;
  for (const StoredPassage& p : r.passages) size += p.text.size() + 8;
  out.reserve(size);
  out.push_back(kRecordVersion);
  for (const std::string* field : {&r.doc, &r.kind, &r.title, &r.date, &r.section, &r.source, &r.dateline,
                                    &r.url, &r.site, &r.language})
    put_field(out, *field);
  put_varint(out, r.authors.size());
  for (const std::string& author : r.authors) put_field(out, author);
  put_varint(out, r.passages.size());
  for (const StoredPassage& p : r.passages) {
    put_varint(out, p.first_position);
    put_varint(out, p.length);
    put_field(out, p.text);
  }
  return compress(out);
}

DocumentRecord decode_record(std::string_view stored) {
  const std::string data = decompress(stored);
  if (data.empty() || data[0] != kRecordVersion) Reader::fail();
  Reader in(std::string_view(data).substr(1));
  DocumentRecord r;
  for (std::string* field : {&r.doc, &r.kind, &r.title, &r.date, &r.section, &r.source, &r.dateline,
                             &r.url, &r.site, &r.language})
    *field = in.field();
  const std::uint64_t authors = in.varint();
  if (authors > data.size()) Reader::fail();
  r.authors.resize(authors);
  for (std::string& author : r.authors) author = in.field();
  const std::uint64_t count = in.varint();
  if (count > data.size()) Reader::fail();
  r.passages.resize(count);
  for (StoredPassage& p : r.passages) {
    p.first_position = static_cast<std::uint32_t>(in.varint());
    p.length = static_cast<std::uint32_t>(in.varint());
    p.text = in.field();
  }
  return r;
}

}  // namespace quarry
