// Fuzzes the web archive side of web input: the WARC reader (plain and
// gzipped), then each record through HTTP parsing, de-chunking, bounded
// decompression, charset decoding and extraction into documents. Any input
// must end in records, named problems and documents that keep their
// promises, never a crash, a hang or unbounded memory.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "web/archive_record.h"
#include "web/warc.h"

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "web archive reader broke its promise: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::FILE* file = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (!file) return 0;
  constexpr std::size_t kLimit = 1u << 16;
  quarry::web::WarcReader reader(file, kLimit);
  quarry::web::WarcRecord record;
  quarry::web::WarcProblem problem;
  // Every step consumes input: no more steps than (decompressed) bytes.
  for (std::size_t steps = 0;; ++steps) {
    if (steps > (size + 1) * 1100) fail("the reader does not advance");  // gzip expands at most ~1032x
    const quarry::web::WarcReader::Next next = reader.next(record, problem);
    if (next == quarry::web::WarcReader::Next::end) break;
    if (next == quarry::web::WarcReader::Next::problem) {
      if (problem.reason.empty()) fail("a problem without a reason");
      if (problem.offset >= size) fail("a problem's offset is outside the file");
      continue;
    }
    if (record.offset >= size) fail("a record's offset is outside the file");
    if (record.block.size() > kLimit) fail("a block longer than the limit was held");
    if (record.block_cut != (record.content_length > kLimit)) fail("block_cut does not match the length");
    const quarry::web::RecordDocuments read = quarry::web::read_record(record, "fuzz.warc");
    if (!read.documents.empty() && (!read.skipped.empty() || !read.problem.empty()))
      fail("a record both read and skipped");
    for (const quarry::Document& doc : read.documents) {
      if (doc.id.empty()) fail("a document without an id");
      if (doc.passages.empty()) fail("a document without passages");
      for (const std::string& passage : doc.passages)
        if (passage.empty()) fail("an empty passage");
      if (!doc.date.empty() && (doc.date.size() != 10 || doc.date[4] != '-' || doc.date[7] != '-'))
        fail("date is not ISO: " + doc.date);
    }
  }
  return 0;
}
