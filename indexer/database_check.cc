// quarry::check_database: Xapian's own check of every table, then what
// Quarry promises of its databases, shard by shard and across shards. Each
// shard is checked in a child process (child_process.h): reading damaged
// tables may make Xapian allocate without bound or crash, which must not end
// the check.
#include "database_check.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>

#include "child_process.h"
#include "database.h"
#include "database_writer.h"
#include "document.h"
#include "quarry/index.h"
#include "schema.h"
#include "shard_layout.h"

namespace quarry {
namespace fs = std::filesystem;

namespace {

// Problems of one kind listed in full; the rest are counted.
constexpr std::size_t kListedPerKind = 10;

// One database's findings, passed from the child as lines: "C text" (what
// was checked), "P text" (a problem).
class Findings {
 public:
  // name: the database, put before every line ("" for none).
  explicit Findings(const std::string& name) : prefix_(name.empty() ? "" : name + ": ") {}
  void checked(const std::string& text) { lines_ += "C " + prefix_ + text + "\n"; }
  void note(const std::string& text) { lines_ += "N " + prefix_ + text + "\n"; }
  // No Quarry database at all: the whole verdict, not a line of it.
  void foreign(const std::string& text) { lines_ += "F " + text + "\n"; }
  // kind groups problems for counting; text names the document.
  void problem(const std::string& kind, const std::string& text) {
    if (++counts_[kind] <= kListedPerKind) lines_ += "P " + prefix_ + text + "\n";
  }
  std::string finish() {
    for (const auto& [kind, count] : counts_)
      if (count > kListedPerKind)
        lines_ += "P " + prefix_ + std::to_string(count - kListedPerKind) + " more documents " + kind + "\n";
    if (lines_.size() > ChildProcess::kMaxResult) lines_.resize(lines_.rfind('\n', ChildProcess::kMaxResult - 1) + 1);
    return lines_;
  }
  std::size_t problems() const {
    std::size_t all = 0;
    for (const auto& entry : counts_) all += entry.second;
    return all;
  }

 private:
  std::string prefix_;
  std::string lines_;
  std::map<std::string, std::size_t> counts_;
};

// Xapian's own check (what xapian-check does): every table's B-tree, and the
// tables against each other. Its report is a section per table ("postlist:"
// then findings); a table that checked clean says so.
void xapian_check(const std::string& path, Findings& findings) {
  std::ostringstream out;
  bool stopped = false;  // by damage; Xapian's own text is not shown
  std::size_t errors = 0;
  try {
    errors = Xapian::Database::check(path, 0, &out);
  } catch (const Xapian::Error& e) {
    // Xapian opens each table for writing to check it: on a file system
    // mounted read-only that fails on every database, damaged or not.
    const char* reason = e.get_error_string();
    if (reason && std::string(reason) == std::strerror(EROFS)) {
      findings.note("Xapian's check of the tables cannot run on a read-only file system (it opens them for "
                    "writing); Quarry's own checks follow");
      return;
    }
    stopped = true;
  } catch (const std::exception&) {  // a damaged length: bad_alloc, length_error
    stopped = true;
  }
  std::istringstream lines(out.str());
  std::string table, line;
  std::map<std::string, std::pair<std::size_t, std::string>> found;  // table -> (lines, the first)
  std::vector<std::string> order;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    if (line.back() == ':' && line.find(' ') == std::string::npos) {
      table = line.substr(0, line.size() - 1);
      continue;
    }
    // Before any table: the database did not open, which `stopped` tells.
    if (table.empty() || line.find("checked OK") != std::string::npos || line.rfind("Lazily created", 0) == 0 ||
        line.rfind("blocksize=", 0) == 0)
      continue;
    auto [it, added] = found.try_emplace(table, 0, line);
    if (added) order.push_back(table);
    ++it->second.first;
  }
  for (const std::string& t : order) {
    const auto& [count, first] = found[t];
    findings.problem("Xapian's check found damage in", "Xapian's check of " + t + ".glass: " + std::to_string(count) +
                                                         (count == 1 ? " problem: " : " problems, the first: ") + first);
  }
  if (stopped)
    findings.problem("Xapian's check found damage in",
                     "Xapian's check " + (table.empty() ? std::string() : "of " + table + ".glass ") +
                         "stopped on damage");
  else if (errors && order.empty())
    findings.problem("Xapian's check found damage in", "Xapian's check found " + std::to_string(errors) + " problems");
  if (!stopped && !errors) findings.checked("Xapian's check of every table: OK");
}

// Quarry's invariants of one database: its stamps, and of every document
// its id, record, passage map and facet value, which must decode and agree;
// one document per id (the Q term), in the shard its id routes to; the
// passage count the scores are normalised by equal to the sum over the
// documents.
void quarry_check(const std::string& path, unsigned shard, unsigned shards, Findings& findings) {
  Xapian::Database db(path);
  try {
    // check_compatible also refuses a missing table, reported already.
    if (missing_table_message(path, db.get_total_length() > 0).empty()) {
      check_compatible(db, path);
      findings.checked("made by this analyser and schema (" + db.get_metadata(schema::kAnalyserKey) + ", schema " +
                       db.get_metadata(schema::kSchemaKey) + ", " + db.get_metadata(schema::kLanguageKey) + ")");
    }
  } catch (const Error& e) {
    findings.problem("with bad stamps", e.what());
    return;
  }
  long long passages = 0;
  std::size_t documents = 0;
  for (Xapian::PostingIterator it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::docid did = *it;
    const std::string where = "document " + std::to_string(did);
    try {
      const Xapian::Document doc = db.get_document(did);
      ++documents;
      const std::string id = doc.get_value(schema::kDocSlot);
      if (id.empty()) {
        findings.problem("without an id", where + " has no id");
        continue;
      }
      const std::string named = where + " (id '" + id + "')";
      const std::string q = schema::id_term(schema::kDocPrefix, id);
      if (db.get_termfreq(q) != 1) {
        findings.problem("whose id is not unique", named + ": " + std::to_string(db.get_termfreq(q)) +
                                                       " documents hold its id term, not 1");
      } else if (*db.postlist_begin(q) != did) {
        findings.problem("whose id term is another's", named + ": its id term belongs to document " +
                                                           std::to_string(*db.postlist_begin(q)));
      }
      if (shards && schema::shard_of(id, shards) != shard)
        findings.problem("in the wrong shard", named + " belongs in shard" + std::to_string(schema::shard_of(id, shards)));
      DocumentRecord record;
      PassageMap map;
      try {
        record = decode_record(doc.get_value(schema::kRecordSlot));
      } catch (const DamagedRecordError&) {
        findings.problem("whose record does not decode", named + ": its record does not decode");
        continue;
      }
      try {
        map = decode_passage_map(doc.get_value(schema::kPassageMapSlot));
      } catch (const DamagedRecordError&) {
        findings.problem("whose passage map does not decode", named + ": its passage map does not decode");
        continue;
      }
      try {
        decode_facet_fields(doc.get_value(schema::kFacetSlot));
      } catch (const DamagedRecordError&) {
        findings.problem("whose facet value does not decode", named + ": its facet value does not decode");
      }
      if (record.doc != id || map.doc != id)
        findings.problem("whose record and passage map disagree", named + ": its record or passage map names another id");
      if (record.passages.size() != map.spans.size())
        findings.problem("whose record and passage map disagree",
                         named + ": its record holds " + std::to_string(record.passages.size()) +
                             " passages, its passage map " + std::to_string(map.spans.size()));
      passages += static_cast<long long>(map.spans.size());
    } catch (const Xapian::Error&) {
      findings.problem("that cannot be read", where + " cannot be read: the tables holding it are damaged");
    }
  }
  if (documents != db.get_doccount())
    findings.problem("missing from the document list", std::to_string(db.get_doccount()) + " documents counted, " +
                                                           std::to_string(documents) + " listed");
  const std::string stored = db.get_metadata(schema::kPassageCountKey);
  if (std::atoll(stored.c_str()) != passages)
    findings.problem("with a passage count", "its passage count is " + (stored.empty() ? "missing" : stored) +
                                                 " but its documents hold " + std::to_string(passages) +
                                                 " passages (scores are normalised by it)");
  findings.checked(std::to_string(documents) + " documents: ids unique" + (shards ? " and in their shard" : "") +
                   ", records, passage maps and facet values decode and agree; " + std::to_string(passages) +
                   " passages, as counted in the metadata" +
                   (findings.problems() ? " (except as reported)" : ""));
}

// The file states of a database: key -> value.
std::map<std::string, std::string> file_states(const std::string& path) {
  std::map<std::string, std::string> states;
  Xapian::Database db(path);
  for (auto it = db.metadata_keys_begin(schema::kFileStatePrefix); it != db.metadata_keys_end(schema::kFileStatePrefix);
       ++it)
    states[*it] = db.get_metadata(*it);
  return states;
}

// "size crc\npath"
bool well_formed_state(const std::string& value) {
  const std::size_t space = value.find(' '), newline = value.find('\n');
  return space != std::string::npos && newline != std::string::npos && space > 0 && newline > space + 1 &&
         newline + 1 < value.size() &&
         value.find_first_not_of("0123456789 ") == newline;
}

}  // namespace

void refuse_damaged_tables(const std::string& db_path) {
  std::string lines;
  try {
    lines = run_in_child(db_path, [&] {
      Findings findings("");
      xapian_check(db_path, findings);
      return findings.finish();
    });
  } catch (const DatabaseLockedError&) {
    throw;
  } catch (const Error&) {
    throw DatabaseError(damaged_message(db_path, "Xapian's check of its tables failed on damaged data"));
  }
  std::istringstream in(lines);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("P ", 0) == 0) throw DatabaseError(damaged_message(db_path, line.substr(2)));
}

CheckReport check_database(const std::string& db_path) {
  std::error_code ec;
  if (!fs::exists(db_path, ec) || (fs::is_directory(db_path, ec) && fs::is_empty(db_path, ec)))
    throw DatabaseError("no Quarry database at '" + db_path + "' (create one with quarry-index)");
  // A file, or a folder without a table of Xapian's, was never a database:
  // no damage to report in it (its lack of every table read as damage).
  if (!fs::is_directory(db_path, ec))
    throw DatabaseError("'" + db_path + "' is a file, not a Quarry database (give the database's folder)");
  const ShardLayout layout = plan_shard_layout(db_path, 0);
  if (!layout.shards && !fs::exists(fs::path(db_path) / "iamglass", ec)) {
    bool tables = false;
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end && !tables; it.increment(ec))
      tables = it->path().extension() == ".glass";
    if (!tables) throw DatabaseError("'" + db_path + "' holds no Quarry database (no Xapian table is in it)");
  }
  CheckReport report;
  // No indexer may write while the check reads (a commit in the middle would
  // look like damage).
  std::vector<FolderLock> locks;
  for (const std::string& path : layout.databases) {
    if (!fs::exists(fs::path(path) / "iamglass", ec)) {
      report.problems.push_back(path + ": not a Quarry database (no iamglass version file)");
      continue;
    }
    locks.emplace_back(path);
  }
  for (unsigned i = 0; i < layout.databases.size(); ++i) {
    const std::string& path = layout.databases[i];
    if (!fs::exists(fs::path(path) / "iamglass", ec)) continue;
    std::string lines;
    try {
      lines = run_in_child(path, [&] {
        Findings findings(path);
        // Xapian makes the position table with the first word: a database
        // without one (an empty shard, a first bulk load that was killed)
        // has none, and lacks nothing.
        bool words = true;
        try {
          const Xapian::Database db(path);
          words = db.get_total_length() > 0;
          // Another program's Xapian database (or one that lost every stamp)
          // was "DAMAGED ... re-index its files": it has no damage of Quarry's
          // to find, nor files of Quarry's to re-index.
          if (db.metadata_keys_begin(schema::kMetadataPrefix) == db.metadata_keys_end(schema::kMetadataPrefix)) {
            findings.foreign("'" + path + "' is a Xapian database but not a Quarry one: it holds none of Quarry's "
                             "stamps (" + schema::kAnalyserKey + ", " + schema::kSchemaKey + ", ...); another "
                             "program made it, or it lost them");
            return findings.finish();
          }
        } catch (const Xapian::Error&) {
          // Unreadable: the checks below say why.
        }
        if (const std::string missing = missing_table_message(path, words); !missing.empty())
          findings.problem("with a table missing", missing);
        xapian_check(path, findings);
        try {
          quarry_check(path, i, layout.shards, findings);
        } catch (const Xapian::Error&) {
          findings.problem("that cannot be read", "its documents cannot be read: the tables holding them are damaged");
        }
        return findings.finish();
      });
    } catch (const Error& e) {
      report.problems.push_back(path + ": the check itself failed on damaged data (" + e.what() + ")");
      continue;
    }
    std::istringstream in(lines);
    for (std::string line; std::getline(in, line);) {
      if (line.size() < 2) continue;
      if (line[0] == 'F') {
        if (!layout.shards) throw DatabaseError(line.substr(2));
        report.problems.push_back(line.substr(2));  // a shard of a Quarry database: lost stamps are damage
        continue;
      }
      (line[0] == 'P' ? report.problems : line[0] == 'N' ? report.notes : report.checked).push_back(line.substr(2));
    }
  }
  // File states: well formed in every shard; differing between shards only
  // after an interrupted run, which the next run completes.
  std::map<std::string, std::map<std::string, std::size_t>> values;  // key -> value -> shards holding it
  std::size_t bad_states = 0;
  bool all_read = true;
  for (const std::string& path : layout.databases) {
    try {
      for (const auto& [key, value] : file_states(path)) {
        if (!well_formed_state(value) && ++bad_states <= kListedPerKind)
          report.problems.push_back(path + ": file state '" + key.substr(std::string(schema::kFileStatePrefix).size()) +
                                    "' is not a size, a CRC and a path");
        ++values[key][value];
      }
    } catch (const Xapian::Error&) {
      report.problems.push_back(path + ": its file states cannot be read: the tables holding them are damaged");
      all_read = false;
    }
  }
  if (bad_states > kListedPerKind)
    report.problems.push_back(db_path + ": " + std::to_string(bad_states - kListedPerKind) + " more file states like that");
  std::size_t differing = 0;
  for (const auto& [key, by_value] : values)
    if (by_value.size() > 1 || (layout.shards && by_value.begin()->second != layout.databases.size())) ++differing;
  if (all_read)
    report.checked.push_back(db_path + ": " + std::to_string(values.size()) + " indexed files recorded" +
                             (layout.shards ? " in every shard" : ""));
  if (differing)
    report.notes.push_back(db_path + ": " + std::to_string(differing) +
                           " files are not recorded alike in every shard (a run was interrupted); the next "
                           "quarry-index run over them indexes them again");
  return report;
}

}  // namespace quarry
