// Reads WARC files with libarchive's WARC reader and with Quarry's own
// (indexer/web/warc.h), and prints per file what each found: records, HTML
// pages' URIs, errors with offsets, and whether reading went on after an
// error; then the time to read each file whole. Built and run by
// bench/warc/run.sh; the figures are in bench/README.md.
#include <archive.h>
#include <archive_entry.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "web/warc.h"

namespace {

struct Result {
  std::size_t entries = 0;   // records handed out
  std::size_t errors = 0;
  std::size_t entries_after_error = 0;
  std::string first_error;
  std::size_t bytes = 0;
};

Result with_libarchive(const char* path, bool quiet) {
  Result r;
  archive* a = archive_read_new();
  archive_read_support_filter_gzip(a);
  archive_read_support_format_warc(a);
  if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
    r.errors = 1;
    r.first_error = archive_error_string(a) ? archive_error_string(a) : "open failed";
    archive_read_free(a);
    return r;
  }
  archive_entry* entry = nullptr;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    const la_int64_t at = archive_read_header_position(a);
    const int rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      ++r.errors;
      if (r.first_error.empty())
        r.first_error = std::string(archive_error_string(a) ? archive_error_string(a) : "?") +
                        " (header position " + std::to_string(at) + ", uncompressed)";
      if (rc == ARCHIVE_FATAL) break;
      continue;
    }
    ++r.entries;
    if (r.errors) ++r.entries_after_error;
    if (!quiet) std::printf("    libarchive entry: %s (%lld bytes)\n", archive_entry_pathname(entry),
                            static_cast<long long>(archive_entry_size(entry)));
    for (;;) {
      const la_ssize_t got = archive_read_data(a, buffer.data(), buffer.size());
      if (got <= 0) {
        if (got < 0) {
          ++r.errors;
          if (r.first_error.empty()) r.first_error = archive_error_string(a) ? archive_error_string(a) : "data error";
        }
        break;
      }
      r.bytes += static_cast<std::size_t>(got);
    }
  }
  archive_read_free(a);
  return r;
}

Result with_quarry(const char* path, bool quiet) {
  Result r;
  quarry::web::WarcReader reader(path, 64u << 20);
  quarry::web::WarcRecord record;
  quarry::web::WarcProblem problem;
  for (;;) {
    const auto next = reader.next(record, problem);
    if (next == quarry::web::WarcReader::Next::end) break;
    if (next == quarry::web::WarcReader::Next::problem) {
      ++r.errors;
      if (r.first_error.empty()) r.first_error = "offset " + std::to_string(problem.offset) + ": " + problem.reason;
      continue;
    }
    ++r.entries;
    if (r.errors) ++r.entries_after_error;
    r.bytes += record.block.size();
    if (!quiet && (record.type == "response" || record.type == "resource"))
      std::printf("    quarry record: %s %s (%zu bytes)\n", record.type.c_str(), record.target_uri.c_str(),
                  record.block.size());
  }
  return r;
}

void print(const char* who, const Result& r) {
  std::printf("  %-10s records %zu, errors %zu, records after the first error %zu%s%s\n", who, r.entries,
              r.errors, r.entries_after_error, r.first_error.empty() ? "" : "; first: ",
              r.first_error.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  bool timing = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--time") {
      timing = true;
      continue;
    }
    std::printf("%s\n", argv[i]);
    if (!timing) {
      print("libarchive", with_libarchive(argv[i], false));
      print("quarry", with_quarry(argv[i], false));
      continue;
    }
    for (int round = 0; round < 3; ++round) {
      for (int who = 0; who < 2; ++who) {
        const auto start = std::chrono::steady_clock::now();
        const Result r = who == 0 ? with_libarchive(argv[i], true) : with_quarry(argv[i], true);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("  %-10s round %d: %.3f s, %zu records, %zu MB of blocks\n", who == 0 ? "libarchive" : "quarry",
                    round, s, r.entries, r.bytes >> 20);
      }
    }
  }
}
