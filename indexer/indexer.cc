// quarry::Indexer: walks inputs on the calling thread, analyses on worker
// threads, and writes to Xapian on the calling thread in input order.
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>

#include <unordered_map>
#include <unordered_set>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "analyser.h"
#include "build.h"
#include "document.h"
#include "database.h"
#include "dates.h"
#include "json_records.h"
#include "ordered_workers.h"
#include "quarry/index.h"
#include "schema.h"
#include "database_writer.h"
#include "shard_layout.h"
#include "web/archive_record.h"
#include "web/html_input.h"
#include "web/warc.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kLinesPerUnit = 256;
constexpr std::size_t kBytesPerUnit = 4u << 20;
// A JSON line longer than this is not an article; reading it whole would blow memory.
constexpr std::size_t kMaxLineBytes = 64u << 20;
constexpr std::size_t kMaxFileBytes = 64u << 20;

// How deep a folder walk descends: it holds a descriptor per level, and
// running out of them ended the walk silently, every file after it unread.
int max_folder_depth() {
  rlimit limit{};
  rlim_t files = 1024;
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) files = limit.rlim_cur;
  return static_cast<int>(std::clamp<rlim_t>(files / 4, 8, 256));
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_jsonl_name(const std::string& name) {
  const std::string n = lower(name);
  return ends_with(n, ".jsonl") || ends_with(n, ".jsonl.gz") || ends_with(n, ".ndjson") ||
         ends_with(n, ".ndjson.gz") || ends_with(n, ".json") || ends_with(n, ".json.gz");
}

bool is_html_name(const std::string& name) {
  std::string n = lower(name);
  if (ends_with(n, ".gz")) n.resize(n.size() - 3);
  return ends_with(n, ".html") || ends_with(n, ".htm") || ends_with(n, ".xhtml");
}

bool is_warc_name(const std::string& name) {
  const std::string n = lower(name);
  return ends_with(n, ".warc") || ends_with(n, ".warc.gz");
}

bool is_text_name(const std::string& name) {
  const std::string n = lower(name);
  const std::string ext = fs::path(n).extension().string();
  return ext == ".txt" || ext == ".text" || ext.empty();
}

std::string content_state(std::uintmax_t size, unsigned long crc) {
  return std::to_string(size) + " " + std::to_string(crc);
}

unsigned long crc_of(const std::string& bytes) {
  unsigned long crc = crc32(0L, Z_NULL, 0);
  for (std::size_t at = 0; at < bytes.size(); at += 1u << 30)
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + at),
                static_cast<uInt>(std::min<std::size_t>(bytes.size() - at, 1u << 30)));
  return crc;
}

// Size and CRC of a file's raw bytes (compressed ones for .gz), read in chunks.
std::string file_state(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(1u << 20);
  unsigned long crc = crc32(0L, Z_NULL, 0);
  std::uintmax_t size = 0;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (!got) break;
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buffer.data()), static_cast<uInt>(got));
    size += got;
  }
  return content_state(size, crc);
}

// A folder holding only the files Xapian makes while creating a database,
// without the "iamglass" of a first commit: a creation that was killed. It is
// ours to replace (older Quarry versions could leave one).
bool is_unfinished_database(const fs::path& folder) {
  std::error_code ec;
  bool any = false;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    const bool xapian_file = name == "flintlock" || ends_with(name, ".glass") || ends_with(name, ".tmp");
    if (!xapian_file) return false;
    any = true;
  }
  return any && !ec;
}

// Why an input that is neither a folder nor a regular file is not read.
std::string not_a_file(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a named pipe (FIFO), not a file to index";
    case fs::file_type::socket: return "a socket, not a file to index";
    case fs::file_type::block:
    case fs::file_type::character: return "a device, not a file to index";
    default: return "not a regular file";
  }
}

// Why a symbolic link leads to no file: it points nowhere, or round in a loop.
std::string broken_link(const fs::path& path) {
  std::error_code ec;
  (void)fs::status(path, ec);
  return ec == std::errc::too_many_symbolic_link_levels ? "symbolic link loop (it leads back to itself)"
                                                         : "dangling symbolic link";
}

std::string file_id(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return (ec ? path : canonical).string();
}

Analyser& thread_analyser(const std::string& language) {
  thread_local std::unique_ptr<Analyser> analyser;
  if (!analyser || analyser->language() != language) analyser = std::make_unique<Analyser>(language);
  return *analyser;
}

}  // namespace

bool IndexStats::any_rejected() const {
  return std::any_of(problems.begin(), problems.end(),
                     [](const InputProblem& p) { return p.rejected; });
}

struct Indexer::Impl {
  IndexOptions options;
  std::string language;
  ShardLayout layout;  // one database, or the shards documents are routed to
  std::vector<bool> existing_documents;  // per database: it had documents before this session
  IndexStats stats;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::function<void(const IndexStats&)> progress;
  std::unique_ptr<OrderedWorkers<WorkUnit, BuiltUnit>> workers;
  std::vector<std::unique_ptr<DatabaseWriter>> writers;  // one per layout.databases
  std::unordered_set<std::string> seen_files;  // file-state keys met this session
  std::function<void(const DocumentInput&)> document_sink;  // extract_only
  std::size_t file_documents = 0;  // written so far of the file being written
  // Files met this session (canonical paths): a file named twice, through a
  // symbolic link or as itself and its folder, is read once.
  std::unordered_set<std::string> session_files;
  // Documents written this session (hash of the id -> passages, editorial
  // bit), so that the summary counts each document once.
  std::unordered_map<std::uint64_t, std::uint32_t> session_documents;
  // States of files that gave nothing (empty, binary, not gzip...), recorded
  // at the commit of a run that indexed something, so that they are reported
  // when new or changed, not on every run; a run that indexes nothing still
  // writes nothing.
  std::vector<std::pair<std::string, std::string>> unusable_files;
  // No database was at options.db_path before this session (or only an
  // empty folder, made_folder false): a failed session removes what it made.
  bool creating = false;
  bool empty_folder_before = false;
  bool failed = false;  // a write failed: nothing more is written or committed

  // Runs a step that writes; a failure ends the session (see abandon()).
  template <class Step>
  void guarded(Step step);
  void abandon();

  void remember_unusable(const std::string& key, const std::string& state) { unusable_files.emplace_back(key, state); }
  void count_document(const std::string& id, const std::string& kind, std::size_t passages);
  // A capture's page left out for a newer one: counted once per record (its
  // teasers are documents of other ids, left out with it).
  void count_older_capture(const std::string& kind) {
    if (kind != kKindTeaser && kind != kKindEditorial) ++stats.records_skipped["older capture"];
  }
  // extract_only: id -> the newest capture of it printed.
  std::unordered_map<std::string, std::string> extracted_captures;
  std::size_t& kind_count(unsigned code);

  void inspect_existing_database();
  void inspect_database(const std::string& path);
  DatabaseWriter& writer_for(const std::string& id);
  void start();
  // Opens (creating when new) every database; a run that indexes nothing
  // never calls it, and so leaves no database behind.
  void open_writers();
  void process(WorkUnit&& unit);
  void write(BuiltUnit&& built);
  void flush();
  void commit_all();
  // A file or a folder (walked in sorted order), as Indexer::add_path.
  void add_path(const std::string& path);
  void add_file(const fs::path& path, InputFormat format);
  void add_jsonl(const fs::path& path);
  void add_warc(const fs::path& path);
  // Returns false (and counts it) when the file's content is indexed already;
  // otherwise forgets what the file gave before and fills the unit's state.
  bool needs_indexing(const std::string& id, const std::string& state, WorkUnit& unit);
  // Every shard records every file's state, committed with its own
  // documents: a file counts as indexed only when all of them hold its
  // current state (see ARCHITECTURE.md, "What a commit promises").
  std::string file_state_in(std::size_t database, const std::string& key) {
    return writers[database]->metadata(key);
  }
  void set_file_state(const std::string& key, const std::string& value) {
    for (auto& writer : writers)
      if (!value.empty() || !writer->metadata(key).empty()) writer->set_metadata(key, value);
  }
  // Where a state of file is recorded, one that has it read again (a file
  // never recorded needs none: a run that writes nothing changes nothing).
  void mark_to_read_again(const std::string& key, const std::string& file) {
    for (auto& writer : writers)
      if (!writer->metadata(key).empty()) writer->set_metadata(key, state_to_read_again(file));
  }
  bool any_existing() const {
    return std::find(existing_documents.begin(), existing_documents.end(), true) != existing_documents.end();
  }
  // gone: the file is removed, not about to be read again.
  std::size_t detach_file(const std::string& file, bool gone) {
    std::size_t deleted = 0;
    std::vector<std::string> to_reindex, contentless;
    for (auto& writer : writers) deleted += writer->detach_file(file, gone, to_reindex, contentless);
    for (const std::string& other : to_reindex) read_again_later(other);
    // Editorials and teasers whose content came from file that other pages
    // still show: the page a fresh build would take them from is read again
    // (before file, when file is read again: then the later of the two wins).
    for (const std::string& id : contentless) {
      const std::string holder = writer_for(id).content_holder(id);
      if (!holder.empty()) read_again_later(holder);
    }
    return deleted;
  }
  // Marks the file to be read again, in the same transaction as what made
  // it necessary (so that a run killed after it reads the file next time),
  // and queues it.
  void read_again_later(const std::string& file) {
    mark_to_read_again(schema::id_term(schema::kFileStatePrefix, file), file);
    if (reindex_queued.insert(file).second) reindex.push_back(file);
  }
  // Files whose page lost its content to a changed or removed file that
  // claimed the same id (see DatabaseWriter::detach_file): read again, before
  // the file that changed is (so that, as last written, it wins).
  std::vector<std::string> reindex;
  std::unordered_set<std::string> reindex_queued;  // in reindex (an archive may hand over thousands)
  // Folders walked this session (canonical path, as given): a file read
  // again is named as the walk names it.
  std::vector<std::pair<std::string, std::string>> walked_folders;
  void read_again();
  InputFormat format_of(const fs::path& p) const;
  void remove_missing(const fs::path& folder);
  // The database being written (and the folders Quarry makes beside it) is
  // no input, though it may lie inside a folder being indexed (`quarry-index
  // .` with the default ./quarry.db): reading it would index its own stub
  // file and name its tables as bad input on every run.
  mutable std::string own_database;  // canonical, once known
  bool is_own_database(const std::string& canonical) const {
    if (options.extract_only) return false;
    if (own_database.empty()) own_database = file_id(options.db_path);
    const std::string& db = own_database;
    for (const char* suffix : {"", schema::kNewSuffix, schema::kOldSuffix, schema::kSegmentsSuffix})
      if (canonical == db + suffix) return true;
    return canonical.size() > db.size() && canonical.compare(0, db.size(), db) == 0 && canonical[db.size()] == '/';
  }
  void problem(const std::string& path, const std::string& reason, bool rejected = true) {
    add_problem({path, 0, reason, rejected});
  }
  void add_problem(InputProblem&& p);
  void end_file_problems();
  // The file whose problems are being reported, how many in full so far, and
  // the rest counted per kind (the reason without its numbers).
  std::string problem_file;
  std::size_t problems_in_full = 0;
  std::map<std::string, InputProblem> problems_by_kind;
};

void Indexer::Impl::inspect_existing_database() {
  if (options.extract_only) return;
  std::error_code ec;
  if (options.db_path.empty()) throw UsageError("the database path is empty: give the folder to index into");
  // -d through a symbolic link (ln -s /big/disk/news.db quarry.db) is the
  // folder it leads to: a new database is made there. It was made beside
  // the link and renamed onto it, which failed ("Not a directory"), and the
  // failed creation then removed the link.
  for (int hops = 0; hops < 40 && fs::is_symlink(options.db_path, ec); ++hops) {
    const fs::path target = fs::read_symlink(options.db_path, ec);
    if (ec) break;
    options.db_path = (target.is_absolute() ? target : fs::path(options.db_path).parent_path() / target).string();
  }
  if (fs::is_symlink(options.db_path, ec))
    throw DatabaseError("'" + options.db_path + "' is a loop of symbolic links, not a database folder");
  if (fs::exists(options.db_path, ec) && !fs::is_directory(options.db_path, ec))
    throw DatabaseError("'" + options.db_path + "' exists and is not a database directory");
  // A new database under a file cannot be made: that file is to blame (it
  // was "no Quarry database at ... (create one with quarry-index)").
  for (fs::path above = fs::path(options.db_path).parent_path(); !above.empty(); above = above.parent_path()) {
    if (!fs::exists(above, ec)) continue;
    if (!fs::is_directory(above, ec))
      throw DatabaseError("cannot create the database at '" + options.db_path + "': '" + above.string() +
                          "' is a file, not a folder");
    break;
  }
  layout = plan_shard_layout(options.db_path, options.shards);
  empty_folder_before = fs::is_directory(options.db_path, ec) && fs::is_empty(options.db_path, ec);
  creating = layout.shards ? !layout.stub_written
                           : !fs::exists(fs::path(options.db_path) / "iamglass", ec) &&
                                 (!fs::exists(options.db_path, ec) || empty_folder_before ||
                                  is_unfinished_database(options.db_path));
  for (const std::string& path : layout.databases) inspect_database(path);
}

template <class Step>
void Indexer::Impl::guarded(Step step) {
  if (failed)
    throw DatabaseError("database '" + options.db_path + "' is not written after an earlier failure");
  try {
    step();
  } catch (const DatabaseLockedError&) {
    // Another indexer holds the database, or made it after this one looked:
    // nothing here is this session's to remove (the writers lock before they
    // create anything).
    creating = false;
    abandon();
    throw;
  } catch (...) {
    abandon();
    throw;
  }
}

// After a failed write: what was not committed is dropped (writers closed,
// segments and half-made merges removed), and a database this session was
// creating is removed whole, so that a failed first run leaves none.
void Indexer::Impl::abandon() {
  failed = true;
  workers.reset();
  writers.clear();
  if (!creating) return;
  std::error_code ec;
  fs::remove_all(options.db_path, ec);
  if (empty_folder_before) fs::create_directory(options.db_path, ec);
}

// One database, or one shard: each is checked, and all must share a language.
void Indexer::Impl::inspect_database(const std::string& path) {
  existing_documents.push_back(false);
  std::error_code ec;
  // A run killed while swapping in a bulk-loaded database left the old one aside.
  const std::string aside = path + schema::kOldSuffix;
  if (fs::exists(aside, ec)) {
    if (!fs::exists(path, ec)) fs::rename(aside, path, ec);
    else fs::remove_all(aside, ec);
  }
  if (!fs::exists(path, ec)) return;
  if (!fs::is_directory(path, ec))
    throw DatabaseError("'" + path + "' exists and is not a database directory");
  if (fs::is_empty(path, ec) || is_unfinished_database(path)) return;
  try {
    Xapian::Database existing(path);
    if (existing.get_doccount() == 0 && existing.get_metadata(schema::kAnalyserKey).empty())
      return;  // a database created but never written: ours to fill
    const std::string existing_language = check_compatible(existing, path);
    if (!options.language.empty() && options.language != existing_language)
      throw UsageError("database '" + path + "' was built with --language " + existing_language +
                       "; re-index into a new database to change it");
    if (!language.empty() && language != existing_language)
      throw DatabaseError("shard '" + path + "' was built with --language " + existing_language +
                          " but the others with " + language + "; re-index into a new database");
    language = existing_language;
    // A shard may hold file states and no document: it is updated in place too.
    existing_documents.back() = existing.get_doccount() > 0 ||
                                existing.metadata_keys_begin(schema::kFileStatePrefix) !=
                                    existing.metadata_keys_end(schema::kFileStatePrefix);
  } catch (const Xapian::DatabaseOpeningError&) {
    // A version file whose tables do not open: a damaged database.
    if (fs::exists(fs::path(path) / "iamglass", ec)) rethrow_as_quarry_error(path);
    // Includes "not found": a folder of other files. Never write into it.
    throw DatabaseError("'" + path + "' holds other files and is not a Quarry database; "
                        "choose an empty or new folder for --db");
  } catch (const Xapian::Error&) {
    rethrow_as_quarry_error(path);
  }
}

DatabaseWriter& Indexer::Impl::writer_for(const std::string& id) {
  return *writers[layout.shards ? schema::shard_of(id, layout.shards) : 0];
}

unsigned thread_count(const IndexOptions& options) {
  return options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
}

void Indexer::Impl::start() {
  if (workers || thread_count(options) == 1) {
    if (any_existing()) open_writers();
    return;
  }
  const unsigned threads = thread_count(options);
  const std::string lang = language;
  workers = std::make_unique<OrderedWorkers<WorkUnit, BuiltUnit>>(
      threads, threads * 4, [lang](WorkUnit&& unit) { return build_unit(std::move(unit), thread_analyser(lang)); });
  if (any_existing()) open_writers();
}

void Indexer::Impl::open_writers() {
  if (!writers.empty() || options.extract_only) return;
  if (layout.shards && !layout.stub_written) create_sharded_database(options.db_path, layout, language);
  // Shards share the segment-writing threads a single database would have.
  const unsigned writer_threads =
      std::max(1u, thread_count(options) / static_cast<unsigned>(layout.databases.size()));
  for (std::size_t i = 0; i < layout.databases.size(); ++i)
    writers.push_back(std::make_unique<DatabaseWriter>(layout.databases[i], language,
                                                       existing_documents[i], writer_threads));
}

void Indexer::Impl::process(WorkUnit&& unit) {
  start();
  unit.extract_only = options.extract_only;
  if (!workers) return write(build_unit(std::move(unit), thread_analyser(language)));
  workers->submit(std::move(unit), [this](BuiltUnit&& built) { write(std::move(built)); });
}

std::size_t& Indexer::Impl::kind_count(unsigned code) {
  return code == 1 ? stats.editorials : code == 2 ? stats.teasers : code == 3 ? stats.pages : stats.articles;
}

void Indexer::Impl::count_document(const std::string& id, const std::string& kind, std::size_t passages) {
  // The kind in the top two bits, the passages below.
  const unsigned code = kind == kKindEditorial ? 1 : kind == kKindTeaser ? 2 : kind == kKindPage ? 3 : 0;
  const auto value = static_cast<std::uint32_t>(std::min<std::size_t>(passages, 0x3fffffff)) | (code << 30);
  auto [it, added] = session_documents.emplace(schema::fnv1a64(id), value);
  if (!added) {  // the same document again (an editorial on two pages, a repeated id)
    --kind_count(it->second >> 30);
    stats.passages -= it->second & 0x3fffffff;
    it->second = value;
  }
  ++kind_count(code);
  stats.passages += passages;
}

void Indexer::Impl::write(BuiltUnit&& built) {
  if (!built.documents.empty()) open_writers();
  for (BuiltDocument& doc : built.documents) {
    const std::string id = doc.id, kind = doc.kind;
    const std::size_t passages = doc.passages;
    if (writer_for(id).write(std::move(doc))) count_document(id, kind, passages);
    else count_older_capture(kind);
  }
  for (Document& doc : built.extracted) {
    // What indexing would keep: not an archive capture older than one
    // printed already (ties: the one read last, printed too).
    if (!doc.capture.empty()) {
      auto [printed, first] = extracted_captures.try_emplace(doc.id, doc.capture);
      if (!first && older_capture(doc.capture, printed->second)) {
        count_older_capture(doc.kind);
        continue;
      }
      printed->second = doc.capture;
    }
    count_document(doc.id, doc.kind, doc.passages.size());
    if (!document_sink) continue;
    DocumentInput out;
    out.id = std::move(doc.id);
    out.kind = std::move(doc.kind);
    out.title = std::move(doc.title);
    out.date = std::move(doc.date);
    out.section = std::move(doc.section);
    out.source = std::move(doc.source);
    for (const std::string& passage : doc.passages) out.body += (out.body.empty() ? "" : "\n\n") + passage;
    out.url = std::move(doc.url);
    out.authors = std::move(doc.authors);
    out.site = std::move(doc.site);
    out.language = std::move(doc.language);
    document_sink(out);
  }
  for (auto& [why, n] : built.records_skipped) stats.records_skipped[why] += n;
  if (built.whole_file_skipped) {
    --stats.files_read;
    ++stats.files_skipped;
  }
  for (InputProblem& p : built.problems) add_problem(std::move(p));
  // Only now, with every document of the file written, is the file done. A
  // file that gave no document is not recorded: the next run reports its
  // problems again, and a run that indexes nothing writes nothing.
  file_documents += built.documents.size();
  if (!built.finished_file_key.empty()) {
    if (file_documents) {
      set_file_state(built.finished_file_key, built.finished_file_state);
    } else {
      remember_unusable(built.finished_file_key, built.finished_file_state);
      // Read, but nothing in it indexed (every record rejected, say): the
      // summary calls it skipped, not indexed.
      if (!built.whole_file_skipped) {
        --stats.files_read;
        ++stats.files_skipped;
      }
    }
    file_documents = 0;
  }
  if (progress) {
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    progress(stats);
  }
}

void Indexer::Impl::add_problem(InputProblem&& p) {
  if (p.path != problem_file) {
    end_file_problems();
    problem_file = p.path;
  }
  if (problems_in_full < kMaxProblemsPerFile) {
    ++problems_in_full;
    stats.problems.push_back(std::move(p));
    return;
  }
  std::string kind = p.reason;
  kind.erase(std::remove_if(kind.begin(), kind.end(), [](char c) { return c >= '0' && c <= '9'; }), kind.end());
  auto [it, added] = problems_by_kind.try_emplace(std::move(kind), std::move(p));
  if (!added) ++it->second.count;
}

void Indexer::Impl::end_file_problems() {
  for (auto& [kind, summary] : problems_by_kind) stats.problems.push_back(std::move(summary));
  problems_by_kind.clear();
  problems_in_full = 0;
  problem_file.clear();
}

// Shards commit side by side: a bulk load ends in one single-threaded merge
// per shard, and those need not wait for each other.
void Indexer::Impl::commit_all() {
  if (writers.empty()) return;
  if (writers.size() == 1) return writers[0]->commit();
  std::vector<std::exception_ptr> errors(writers.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < writers.size(); ++i) {
    threads.emplace_back([this, i, &errors] {
      try {
        writers[i]->commit();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
}

void Indexer::Impl::flush() {
  if (workers) workers->finish([this](BuiltUnit&& built) { write(std::move(built)); });
  end_file_problems();
  const bool indexed = stats.articles + stats.editorials + stats.teasers + stats.pages +
                           stats.files_unchanged + stats.files_removed > 0;
  if (indexed && !writers.empty())
    for (const auto& [key, state] : unusable_files) set_file_state(key, state);
  unusable_files.clear();
  commit_all();
}

void Indexer::Impl::add_file(const fs::path& path, InputFormat format) {
  if (!session_files.insert(file_id(path)).second) return;  // read already this session
  if (format == InputFormat::jsonl) return add_jsonl(path);
  if (format == InputFormat::warc) return add_warc(path);
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    ++stats.files_skipped;
    return problem(path.string(), "file is larger than 64 MiB; split it or use JSONL");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ++stats.files_skipped;
    return problem(path.string(), "cannot be read (" + std::string(std::strerror(errno)) + ")");
  }
  WorkUnit unit;
  unit.type = WorkUnit::Type::file;
  unit.source = path.string();
  unit.file_id = file_id(path);
  unit.format = format;
  unit.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) {
    ++stats.files_skipped;
    return problem(path.string(), "read error");
  }
  const std::string state = content_state(unit.content.size(), crc_of(unit.content));
  if (!needs_indexing(unit.file_id, state, unit)) return;
  // Counted as read until parsing finds nothing in it (see write()).
  ++stats.files_read;
  process(std::move(unit));
}

// Whether the file's content differs from what was indexed, by size and CRC of
// the bytes: a touched file is not re-indexed, an edited one always is.
bool Indexer::Impl::needs_indexing(const std::string& id, const std::string& state, WorkUnit& unit) {
  start();
  if (options.extract_only) return true;
  const std::string key = schema::id_term(schema::kFileStatePrefix, id);
  seen_files.insert(key);
  const std::string value = state + "\n" + id;
  if (any_existing()) {
    bool everywhere = true;
    for (std::size_t i = 0; i < writers.size() && everywhere; ++i) everywhere = file_state_in(i, key) == value;
    if (everywhere) {
      ++stats.files_unchanged;
      return false;
    }
    // Forgotten before its documents go, in the same transactions: no
    // commit can say the file is indexed while some of it is missing (and
    // one killed after it removes what the file gave if it is gone by then).
    mark_to_read_again(key, id);
    detach_file(id, /*gone=*/false);
    read_again();
  }
  unit.finished_file_key = key;
  unit.finished_file_state = value;
  return true;
}

// Documents of files that were indexed from this folder and are gone now.
void Indexer::Impl::remove_missing(const fs::path& folder) {
  if (options.extract_only || !any_existing() || !options.remove_missing) return;
  start();
  const std::string prefix = std::string(schema::kFileStatePrefix) + file_id(folder) + "/";
  // Any shard's record of a file will do: a killed run may have committed
  // the removal in some shards only.
  std::map<std::string, std::string> recorded;
  for (auto& writer : writers)
    for (const std::string& key : writer->metadata_keys(prefix))
      if (!seen_files.count(key) && !recorded.count(key)) recorded[key] = writer->metadata(key);
  for (const auto& [key, value] : recorded) {
    const std::size_t newline = value.find('\n');
    if (newline == std::string::npos) continue;
    const std::string file = value.substr(newline + 1);
    // Gone only when the system says so: a file in a folder that cannot be
    // read now (permissions, a failing disk) may well still be there.
    std::error_code ec;
    // Still there, only not indexable now; a file of the database itself
    // (which older versions read as input) is no input, and a file replaced
    // by a folder is gone as a file (the walk reads the folder's own files).
    if (fs::is_regular_file(fs::status(file, ec)) && !is_own_database(file)) continue;
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) continue;
    if (workers) workers->finish([this](BuiltUnit&& built) { write(std::move(built)); });
    set_file_state(key, "");
    stats.documents_removed += detach_file(file, /*gone=*/true);
    ++stats.files_removed;
  }
  read_again();
}

void Indexer::Impl::read_again() {
  while (!reindex.empty()) {
    const std::string file = reindex.back();
    reindex.pop_back();
    reindex_queued.erase(file);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) continue;  // gone too, or no file now: its own run says so
    session_files.erase(file_id(file));
    fs::path shown = file;
    std::size_t longest = 0;
    for (const auto& [folder, given] : walked_folders)
      if (folder.size() > longest && file.size() > folder.size() && file.compare(0, folder.size(), folder) == 0 &&
          file[folder.size()] == '/') {
        longest = folder.size();
        shown = fs::path(given) / file.substr(folder.size() + 1);
      }
    add_file(shown, format_of(shown));
  }
}

InputFormat Indexer::Impl::format_of(const fs::path& p) const {
  if (options.format != InputFormat::automatic) return options.format;
  const std::string name = p.filename().string();
  return is_jsonl_name(name)  ? InputFormat::jsonl
         : is_warc_name(name) ? InputFormat::warc
         : is_html_name(name) ? InputFormat::html
                              : InputFormat::automatic;
}

void Indexer::Impl::add_jsonl(const fs::path& path) {
  // Closed however the reading ends: a database error thrown while the file
  // is read must not leave it open.
  struct GzClose {
    void operator()(gzFile_s* file) const { gzclose(file); }
  };
  const std::unique_ptr<gzFile_s, GzClose> file(gzopen(path.c_str(), "rb"));  // reads plain files too
  gzFile in = file.get();
  if (!in) {
    ++stats.files_skipped;
    return problem(path.string(), "cannot be read (" + std::string(std::strerror(errno)) + ")");
  }
  gzbuffer(in, 1u << 17);
  WorkUnit state_holder;
  const std::string id = file_id(path);
  if (!needs_indexing(id, file_state(path), state_holder)) return;
  // gzopen reads a file that is not gzip as plain text: say so instead.
  if (ends_with(lower(path.filename().string()), ".gz") && gzdirect(in)) {
    ++stats.files_skipped;
    problem(path.string(), "not gzip (its name ends in .gz, but it is not compressed); skipped");
    return remember_unusable(state_holder.finished_file_key, state_holder.finished_file_state);
  }
  ++stats.files_read;
  WorkUnit unit;
  std::size_t unit_bytes = 0;
  std::size_t records = 0;  // lines that are not blank
  auto start_unit = [&] {
    unit = WorkUnit();
    unit.type = WorkUnit::Type::jsonl_lines;
    unit.source = path.string();
    unit.file_id = id;
    unit_bytes = 0;
  };
  auto submit = [&] {
    if (!unit.lines.empty()) process(std::move(unit));
    start_unit();
  };
  start_unit();
  // A record (a line, or a JSON file's value) goes to the unit being filled.
  auto take = [&](std::string&& text, std::size_t at) {
    unit_bytes += text.size();
    unit.lines.push_back(std::move(text));
    unit.line_numbers.push_back(at);
    if (unit.lines.size() >= kLinesPerUnit || unit_bytes >= kBytesPerUnit) submit();
  };
  std::vector<char> buffer(1u << 17);
  std::string line;
  std::size_t line_number = 1;
  bool oversized = false;
  bool truncated = false;  // a .gz that ends before its gzip stream does
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  bool first_chunk = true;
  // Old Mac editors end lines in CR alone: read as LF, such a file was one
  // line, "not valid JSON". Decided on the first chunk with a line end: one
  // with no LF and a CR between two records (JSON text holds no raw CR but
  // as a blank) is read by CR.
  char line_end = '\n';
  bool line_end_known = false;
  // A .json file, or one that opens an array, holds records that are not one
  // per line: they are cut by their brackets instead.
  std::string name = lower(path.filename().string());
  if (ends_with(name, ".gz")) name.resize(name.size() - 3);
  const bool json_name = ends_with(name, ".json");
  std::unique_ptr<JsonRecordSplitter> values;
  auto start_values = [&] {
    values = std::make_unique<JsonRecordSplitter>(kMaxLineBytes, [&](std::string&& text, std::size_t at, bool too_long) {
      if (too_long) return add_problem({path.string(), at, "record longer than 64 MiB, skipped", true});
      take(std::move(text), at);
    });
    values->set_line(line_number);
  };
  for (;;) {
    const int got = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()));
    if (got < 0) {
      int code = 0;
      gzerror(in, &code);
      add_problem({path.string(), line_number, "compressed data is damaged; the rest of the file was not read", true});
      break;
    }
    if (got == 0) {
      // zlib ends a gzip stream cut short like a whole one, and says so only here.
      int code = Z_OK;
      gzerror(in, &code);
      truncated = code == Z_BUF_ERROR;
      break;
    }
    if (values) {
      values->feed(buffer.data(), static_cast<std::size_t>(got));
      continue;
    }
    std::size_t pos = 0;
    // A byte order mark (Notepad, Excel's "UTF-8" export) is no part of the
    // first record: before a '[' or in a .json file it hid every record.
    if (first_chunk && got >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
    // UTF-16 (PowerShell's `>` and Out-File write it) made every line "not
    // valid JSON", which sent the user looking for a syntax error.
    if (first_chunk && got >= 2 &&
        (std::memcmp(buffer.data(), "\xFF\xFE", 2) == 0 || std::memcmp(buffer.data(), "\xFE\xFF", 2) == 0)) {
      --stats.files_read;
      ++stats.files_skipped;
      problem(path.string(), "is UTF-16 text (its byte order mark says so); JSON records must be UTF-8: convert it "
                             "(iconv -f UTF-16 -t UTF-8) and index it again; skipped");
      return remember_unusable(state_holder.finished_file_key, state_holder.finished_file_state);
    }
    if (!line_end_known) {
      const char* rest = buffer.data() + pos;
      const std::size_t n = static_cast<std::size_t>(got) - pos;
      if (!std::memchr(rest, '\n', n) && cr_between_records(std::string_view(rest, n))) line_end = '\r';
      line_end_known = line_end == '\r' || std::memchr(rest, '\n', n);
    }
    first_chunk = false;
    while (pos < static_cast<std::size_t>(got)) {
      if (line.empty() && !oversized) {
        // Blank lines (and the blanks a line starts with, which JSON ignores)
        // are passed over here, byte by byte: no line is made of them.
        static const char kNewlines[8] = {'\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n'};
        while (pos < static_cast<std::size_t>(got) && is_space(buffer[pos])) {
          if (pos + 8 <= static_cast<std::size_t>(got) && std::memcmp(buffer.data() + pos, kNewlines, 8) == 0) {
            pos += 8;
            line_number += 8;
          } else if (buffer[pos++] == line_end) {
            ++line_number;
          }
        }
        if (pos == static_cast<std::size_t>(got)) break;
        if (records == 0 && (json_name || buffer[pos] == '[')) {
          start_values();
          values->feed(buffer.data() + pos, static_cast<std::size_t>(got) - pos);
          break;
        }
      }
      const char* chunk = buffer.data() + pos;
      const void* newline = std::memchr(chunk, line_end, static_cast<std::size_t>(got) - pos);
      const std::size_t n = newline ? static_cast<const char*>(newline) - chunk : got - pos;
      if (!oversized) {
        if (line.size() + n > kMaxLineBytes) {
          oversized = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(chunk, n);
        }
      }
      pos += n;
      if (!newline) break;
      ++pos;
      ++records;
      if (oversized) {
        add_problem({path.string(), line_number, "line longer than 64 MiB, skipped", true});
        oversized = false;
      } else {
        take(std::move(line), line_number);
      }
      line.clear();
      ++line_number;
    }
  }
  bool empty_array = false;  // `[]`: a file of no records, which is no error
  bool unclosed_array = false;
  if (values) {
    const bool cut_in_record = values->in_record();  // its parse names the cut
    if (truncated && cut_in_record) {
      add_problem({path.string(), values->line(),
                   "the compressed file is truncated (its gzip data ends early); the record cut short here is "
                   "skipped, the records before it were read",
                   true});
    } else {
      values->finish();
    }
    empty_array = !truncated && values->empty_array();
    // A download or copy cut short after a record, which no parse can see.
    unclosed_array = !cut_in_record && values->unclosed_array();
    if (unclosed_array)
      add_problem({path.string(), values->line(),
                   "the JSON array is never closed (no ']' at the end): the file may be cut short; the records "
                   "before this point were read",
                   true});
    records = values->records();
    line_number = values->line();
  } else if (truncated) {
    // The line the file was cut in is no record, however it parses.
    add_problem({path.string(), line_number,
                 "the compressed file is truncated (its gzip data ends early); this line is cut short and "
                 "skipped, the lines before it were read",
                 true});
  } else if (oversized) {
    add_problem({path.string(), line_number, "line longer than 64 MiB, skipped", true});
  } else if (!line.empty()) {
    ++records;
    unit.lines.push_back(std::move(line));
    unit.line_numbers.push_back(line_number);
  }
  if (empty_array)
    add_problem({path.string(), 0, "holds an empty JSON array ([]): no records to index", false});
  else if (records == 0 && !unclosed_array)
    add_problem({path.string(), 0,
                 "no records: the file is empty or holds only blank lines (" + std::to_string(line_number - 1) +
                     (line_number == 2 ? " line)" : " lines)"),
                 true});
  // The last unit (even with no lines) marks the file done.
  unit.finished_file_key = std::move(state_holder.finished_file_key);
  unit.finished_file_state = std::move(state_holder.finished_file_state);
  process(std::move(unit));
}

// An archive is streamed record by record; its pages go to the workers in
// units of a few records. Of two captures of a URL, in one archive or two,
// the writer keeps the newer (DatabaseWriter::write): every capture that
// may give a page is read, as a newer one may turn out to give no text.
void Indexer::Impl::add_warc(const fs::path& path) {
  web::WarcReader reader(path.string(), web::kMaxPageBytes);
  if (!reader.ok()) {
    ++stats.files_skipped;
    return problem(path.string(), "cannot be read (permission denied?)");
  }
  WorkUnit state_holder;
  const std::string id = file_id(path);
  if (!needs_indexing(id, file_state(path), state_holder)) return;
  ++stats.files_read;
  WorkUnit unit;
  std::size_t unit_bytes = 0;
  auto start_unit = [&] {
    unit = WorkUnit();
    unit.type = WorkUnit::Type::archive_records;
    unit.source = path.string();
    unit.file_id = id;
    unit_bytes = 0;
  };
  start_unit();
  bool any = false;  // a record or a problem: an archive with neither is empty, and said to be
  for (;;) {
    web::WarcRecord record;
    web::WarcProblem bad;
    const web::WarcReader::Next next = reader.next(record, bad);
    if (next == web::WarcReader::Next::end) break;
    any = true;
    if (next == web::WarcReader::Next::problem) {
      // Reported after the records before it, before those after it.
      if (!unit.records.empty()) {
        process(std::move(unit));
        start_unit();
      }
      unit.problems.push_back({path.string(), 0, "record at offset " + std::to_string(bad.offset) + ": " + bad.reason, true});
      continue;
    }
    if (!web::may_hold_page(record.type)) {
      ++stats.records_skipped[record.type.empty() ? "untyped" : record.type];
      continue;
    }
    unit_bytes += record.block.size();
    unit.records.push_back(std::move(record));
    if (unit.records.size() >= 64 || unit_bytes >= kBytesPerUnit) {
      process(std::move(unit));
      start_unit();
    }
  }
  if (!any) unit.problems.push_back({path.string(), 0, "no records: the archive is empty", true});
  // The last unit (even with no records) marks the file done.
  unit.finished_file_key = std::move(state_holder.finished_file_key);
  unit.finished_file_state = std::move(state_holder.finished_file_state);
  process(std::move(unit));
}

Indexer::Indexer(IndexOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (!impl_->options.language.empty())
    impl_->options.language = Analyser::canonical_language(impl_->options.language);
  impl_->inspect_existing_database();
  if (impl_->language.empty())
    impl_->language = impl_->options.language.empty() ? "english" : impl_->options.language;
  Analyser check(impl_->language);  // an unknown language fails here, before any write
}

Indexer::~Indexer() {
  if (impl_->failed) return;
  try {
    commit();
  } catch (...) {
    // Destructors must not throw; an explicit commit() reports failures.
  }
}

void Indexer::Impl::add_path(const std::string& path) {
  std::error_code ec;
  const fs::path root(path);
  const fs::file_status status = fs::status(root, ec);
  if (!fs::exists(status)) {  // named, but no file: not counted as a skipped file
    const bool dangling = fs::is_symlink(fs::symlink_status(root, ec));
    return problem(path, dangling ? broken_link(root) : "no such file or folder");
  }
  const InputFormat forced = options.format;
  if (is_own_database(file_id(root)))
    return problem(path, "is the database being written (-d), not input; skipped");
  if (!fs::is_directory(status)) {
    if (!fs::is_regular_file(status)) {
      ++stats.files_skipped;
      return problem(path, not_a_file(status.type()));
    }
    return add_file(root, format_of(root));
  }
  // Folders: sorted, so that runs are repeatable; folder symlinks are not
  // followed, so that a link loop cannot trap the walk.
  walked_folders.emplace_back(file_id(root), path);
  std::vector<fs::path> files;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    ++stats.files_skipped;
    return problem(path, "cannot be read (" + ec.message() + ")");
  }
  const int max_depth = max_folder_depth();
  fs::path last;  // where the walk was when an error ended it
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;  // libstdc++ ends the iterator instead; reported below either way
    const fs::path& p = it->path();
    last = p;
    const std::string name = p.filename().string();
    if (!name.empty() && name[0] == '.') {  // hidden files and folders (.git, editors' swap)
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink(ec) && !fs::exists(it->status(ec))) {
      ++stats.files_skipped;
      problem(p.string(), broken_link(p));
      continue;
    }
    if (it->is_directory(ec)) {
      if (is_own_database(file_id(p))) {
        it.disable_recursion_pending();
        continue;
      }
      if (fs::exists(p / "iamglass", ec) || fs::exists(p / schema::kStubFile, ec)) {
        it.disable_recursion_pending();
        problem(p.string(), "a search database (Xapian), not input; skipped", false);
        continue;
      }
      if (::access(p.c_str(), R_OK | X_OK) != 0) {
        const int error = errno;
        it.disable_recursion_pending();
        ++stats.files_skipped;
        problem(p.string(), "folder cannot be read (" + std::string(std::strerror(error)) + "), skipped");
      } else if (it.depth() + 1 >= max_depth) {
        it.disable_recursion_pending();
        ++stats.files_skipped;
        problem(p.string(), "folder nested more than " + std::to_string(max_depth) +
                                " folders deep, skipped (give it as a path of its own to index it)");
      }
      continue;
    }
    if (!it->is_regular_file(ec)) {
      ++stats.files_skipped;
      problem(p.string(), not_a_file(it->status(ec).type()), false);
      continue;
    }
    if (forced == InputFormat::automatic && !is_jsonl_name(name) && !is_text_name(name) &&
        !is_html_name(name) && !is_warc_name(name)) {
      ++stats.files_skipped;
      problem(p.string(), "not a supported file type (.txt, .text or no extension; .jsonl, .ndjson, .json and .gz of each; .html, .htm, .xhtml and .gz of each; .warc, .warc.gz)", false);
      continue;
    }
    files.push_back(p);
  }
  // The iterator is at its end after an error, so the loop cannot see it.
  if (ec)
    problem(last.empty() ? path : last.string(),
            "the folder walk stopped here (" + ec.message() + "); the files of '" + path +
                "' after this point were not read");
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) add_file(p, format_of(p));
  remove_missing(root);
}

void Indexer::add_path(const std::string& path) {
  impl_->guarded([&] { impl_->add_path(path); });
}

void Indexer::add_document(const DocumentInput& document) {
  if (document.id.empty()) throw InputError("a document needs an id");
  if (!document.date.empty() && !parse_date(document.date))
    throw InputError("document '" + document.id + "': date '" + document.date + "' is not a date (YYYY-MM-DD)");
  WorkUnit unit;
  unit.type = WorkUnit::Type::document;
  unit.source = document.source;
  unit.input = document;
  impl_->guarded([&] { impl_->process(std::move(unit)); });
}

void Indexer::add_html(const std::string& html, const std::string& url, const std::string& content_type) {
  if (url.empty()) throw InputError("a web page needs its URL");
  WorkUnit unit;
  unit.type = WorkUnit::Type::html;
  unit.source = url;
  unit.input.body = html;
  unit.input.url = url;
  unit.content_type = content_type;
  impl_->guarded([&] { impl_->process(std::move(unit)); });
}

void Indexer::on_document(std::function<void(const DocumentInput&)> callback) {
  impl_->document_sink = std::move(callback);
}

void Indexer::commit() {
  impl_->guarded([this] { impl_->flush(); });
}

const IndexStats& Indexer::stats() const {
  impl_->stats.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->started).count();
  return impl_->stats;
}

void Indexer::on_progress(std::function<void(const IndexStats&)> callback) {
  impl_->progress = std::move(callback);
}

const std::string& Indexer::language() const { return impl_->language; }

}  // namespace quarry
