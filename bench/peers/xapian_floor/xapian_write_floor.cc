// The least time Xapian itself needs to write an index's content, for the
// speed benchmark (bench/run_bench.py, system "xapian-floor"). Any Xapian
// indexer of this content, however fast its own analysis, spends at least this.
//
//   xapian_write_floor [--no-positions] [--no-termlist] SOURCE_DB OUT_DB [THREADS [SEGMENT_DOCUMENTS]]
//
// Loads every document of SOURCE_DB into memory as an indexer holds it after
// analysis (its terms in text order with their positions, its values and data),
// untimed. Then, timed: THREADS threads (default 2) each build the
// Xapian::Documents (add_posting per word) and write whole
// segments of SEGMENT_DOCUMENTS documents (default 400) with the bulk-load flags,
// and the segments are compacted into OUT_DB in one pass: Quarry's own bulk-load
// strategy, the fastest measured. Prints one JSON line with the timings.
// --no-positions (words as plain terms) and --no-termlist (DB_NO_TERMLIST) show
// what dropping either store would save; Quarry needs both (phrases and
// passages; updates and feedback).
//
// Depends on Xapian only, not on Quarry: bench/run_bench.py compiles it at run
// time with g++ (and jemalloc, as quarry-index uses).
#include <sys/resource.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A document as an indexer holds it after analysis: its words in text order
// (as indexes into its distinct terms) with their positions, and the rest.
struct AnalysedDocument {
  std::vector<std::string> terms;
  std::vector<std::pair<std::uint32_t, Xapian::termpos>> postings;  // in position order
  std::vector<std::pair<std::string, Xapian::termcount>> unpositioned;  // wdf 0: boolean
  std::vector<std::pair<Xapian::valueno, std::string>> values;
  std::string data;
};

AnalysedDocument analysed(const Xapian::Document& source) {
  AnalysedDocument doc;
  for (auto term = source.termlist_begin(); term != source.termlist_end(); ++term) {
    if (term.positionlist_count() == 0) {
      doc.unpositioned.emplace_back(*term, term.get_wdf());
      continue;
    }
    const auto index = static_cast<std::uint32_t>(doc.terms.size());
    doc.terms.push_back(*term);
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos)
      doc.postings.emplace_back(index, *pos);
  }
  std::sort(doc.postings.begin(), doc.postings.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  for (auto value = source.values_begin(); value != source.values_end(); ++value)
    doc.values.emplace_back(value.get_valueno(), *value);
  doc.data = source.get_data();
  return doc;
}

// What an indexer must do through Xapian's API once it has its tokens.
Xapian::Document build(const AnalysedDocument& doc, bool positions) {
  Xapian::Document xd;
  for (const auto& [index, pos] : doc.postings) {
    if (positions) xd.add_posting(doc.terms[index], pos);
    else xd.add_term(doc.terms[index]);
  }
  for (const auto& [term, wdf] : doc.unpositioned) {
    if (wdf > 0) xd.add_term(term, wdf);
    else xd.add_boolean_term(term);
  }
  for (const auto& [slot, value] : doc.values) xd.add_value(slot, value);
  xd.set_data(doc.data);
  return xd;
}

}  // namespace

int main(int argc, char** argv) try {
  bool positions = true;
  int flags = Xapian::DB_CREATE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-positions") positions = false;
    else if (arg == "--no-termlist") flags |= Xapian::DB_NO_TERMLIST;
    else args.push_back(arg);
  }
  if (args.size() < 2) {
    std::fprintf(stderr,
                 "usage: %s [--no-positions] [--no-termlist] SOURCE_DB OUT_DB [THREADS [SEGMENT_DOCUMENTS]]\n",
                 argv[0]);
    return 2;
  }
  const std::string out = args[1];
  const unsigned threads = args.size() > 2 ? static_cast<unsigned>(std::stoul(args[2])) : 2;
  const std::size_t segment = args.size() > 3 ? std::stoul(args[3]) : 400;

  auto started = std::chrono::steady_clock::now();
  std::vector<AnalysedDocument> documents;
  {
    Xapian::Database source(args[0]);
    for (auto it = source.postlist_begin(""); it != source.postlist_end(""); ++it)
      documents.push_back(analysed(source.get_document(*it)));
  }
  const double load_s = since(started);

  const std::string segments = out + ".segments";
  std::filesystem::remove_all(segments);
  std::filesystem::remove_all(out);
  std::filesystem::create_directories(segments);
  auto segment_path = [&](std::size_t s) { return segments + "/" + std::to_string(s); };
  const std::size_t count = (documents.size() + segment - 1) / segment;

  const double cpu_before = cpu_seconds();
  started = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (unsigned t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      for (std::size_t s = t; s < count; s += threads) {
        Xapian::WritableDatabase db(segment_path(s), flags);
        for (std::size_t i = s * segment; i < std::min(documents.size(), (s + 1) * segment); ++i)
          db.add_document(build(documents[i], positions));
        db.commit();
        db.close();
      }
    });
  }
  for (auto& writer : writers) writer.join();
  const double write_s = since(started);

  started = std::chrono::steady_clock::now();
  Xapian::Database all;
  for (std::size_t s = 0; s < count; ++s) all.add_database(Xapian::Database(segment_path(s)));
  all.compact(out);
  all.close();
  const double compact_s = since(started);
  const double cpu_s = cpu_seconds() - cpu_before;
  std::filesystem::remove_all(segments);

  std::printf(
      "{\"documents\": %zu, \"threads\": %u, \"segment_documents\": %zu, \"positions\": %s, "
      "\"termlist\": %s, \"load_s\": %.3f, "
      "\"write_s\": %.3f, \"compact_s\": %.3f, \"timed_s\": %.3f, \"timed_cpu_s\": %.3f}\n",
      documents.size(), threads, segment, positions ? "true" : "false",
      (flags & Xapian::DB_NO_TERMLIST) ? "false" : "true", load_s, write_s, compact_s, write_s + compact_s, cpu_s);
  return 0;
} catch (const Xapian::Error& e) {
  std::fprintf(stderr, "xapian_write_floor: %s\n", e.get_description().c_str());
  return 1;
}
