#include "database.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "analyser.h"
#include "document.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {

namespace {

// The system's reason behind a Xapian error (strerror of its errno), or "".
std::string system_reason(const Xapian::Error& e) {
  const char* reason = e.get_error_string();
  return reason ? reason : "";
}

std::string no_space(const std::string& db_path) {
  return "no space left on device for database '" + db_path +
         "'; the last commit is intact: free some space and index again";
}

// What a file system error says to a user, when it is one of those a user
// can act on; "" otherwise.
std::string actionable(const Xapian::Error& e, const std::string& db_path) {
  const std::string reason = system_reason(e);
  std::error_code ec;
  // A folder must be searchable too; a file (a stub, or no database at all)
  // only readable: X_OK fails for root on a file without execute bits, which
  // called every such file unreadable.
  const int needed = std::filesystem::is_directory(db_path, ec) ? R_OK | X_OK : R_OK;
  if (std::filesystem::exists(db_path, ec) && ::access(db_path.c_str(), needed) != 0 && errno == EACCES)
    return "cannot open database '" + db_path + "': permission denied";
  if (reason == std::strerror(ENOSPC) || reason == std::strerror(EDQUOT)) return no_space(db_path);
  if (reason == std::strerror(EACCES) || reason == std::strerror(EPERM))
    return "cannot open database '" + db_path + "': permission denied";
  if (reason == std::strerror(EROFS)) return "database '" + db_path + "' is on a read-only file system";
  // Xapian does not always pass the system's reason on (a segment written
  // with DB_DANGEROUS reports only that it cannot roll back): a file system
  // with nothing left is the reason then.
  return disk_full_message(db_path);
}

// Whether path (or, when it does not exist yet, the folder it would be
// made in) is on a file system mounted read-only.
bool on_read_only_file_system(const std::string& path) {
  std::error_code ec;
  std::filesystem::path where(path);
  while (!where.empty() && !std::filesystem::exists(where, ec)) where = where.parent_path();
  struct statvfs info {};
  return ::statvfs(where.empty() ? "." : where.c_str(), &info) == 0 && (info.f_flag & ST_RDONLY) != 0;
}

}  // namespace

std::string disk_full_message(const std::string& db_path) {
  std::error_code ec;
  std::filesystem::path where(db_path);
  while (!where.empty() && !std::filesystem::exists(where, ec)) where = where.parent_path();
  if (where.empty()) where = ".";
  const std::filesystem::space_info space = std::filesystem::space(where, ec);
  return !ec && space.available < (1u << 20) ? no_space(db_path) : "";
}

void rethrow_as_quarry_error(const std::string& db_path) {
  try {
    throw;
  } catch (const DamagedRecordError&) {
    throw DatabaseError(damaged_message(db_path));
  } catch (const Xapian::DatabaseLockError& e) {
    // Xapian cannot make its lock file there, and says only that it could
    // not lock: another indexer was blamed.
    if (on_read_only_file_system(db_path))
      throw DatabaseError("database '" + db_path + "' is on a read-only file system");
    if (const std::string why = actionable(e, db_path); !why.empty()) throw DatabaseError(why);
    throw DatabaseLockedError("database '" + db_path +
                              "' is locked by another indexer; wait for it to finish");
  } catch (const Xapian::DatabaseNotFoundError& e) {
    if (const std::string why = actionable(e, db_path); !why.empty()) throw DatabaseError(why);
    throw DatabaseError("no Quarry database at '" + db_path + "' (create one with quarry-index)");
  } catch (const Xapian::DatabaseOpeningError& e) {
    if (const std::string why = actionable(e, db_path); !why.empty()) throw DatabaseError(why);
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec))
      throw DatabaseError("no Quarry database at '" + db_path + "' (create one with quarry-index)");
    // A version file whose tables cannot be opened.
    if (std::filesystem::exists(std::filesystem::path(db_path) / "iamglass", ec))
      throw DatabaseError(damaged_message(db_path, missing_table_message(db_path)));
    throw DatabaseError("'" + db_path + "' is not a Quarry database, or it cannot be opened");
  } catch (const Xapian::DatabaseCorruptError&) {
    throw DatabaseError(damaged_message(db_path));
  } catch (const Xapian::DocNotFoundError&) {
    // A posting list names a document the database does not hold.
    throw DatabaseError(damaged_message(db_path));
  } catch (const Xapian::DatabaseModifiedError&) {
    throw DatabaseError("database '" + db_path + "' changed while it was read; try again");
  } catch (const Xapian::DatabaseError& e) {
    if (const std::string why = actionable(e, db_path); !why.empty()) throw DatabaseError(why);
    // Without a system reason, a local database's read failed on its own
    // data: a table cut short ("EOF reading block") or inconsistent.
    std::error_code ec;
    if (system_reason(e).empty() && std::filesystem::exists(std::filesystem::path(db_path) / "iamglass", ec))
      throw DatabaseError(damaged_message(db_path, missing_table_message(db_path)));
    throw DatabaseError("database '" + db_path + "' could not be read or written");
  } catch (const Xapian::NetworkTimeoutError&) {
    throw ShardUnavailableError("shard '" + db_path + "' did not answer in time");
  } catch (const Xapian::NetworkError& e) {
    // The system's reason ("Connection refused"), never Xapian's own text.
    const char* reason = e.get_error_string();
    throw ShardUnavailableError("cannot reach shard '" + db_path + "' (" +
                                (reason && *reason ? reason : "the connection failed") + ")");
  } catch (const Xapian::Error& e) {
    if (const std::string why = actionable(e, db_path); !why.empty()) throw DatabaseError(why);
    throw Error("search engine failure on '" + db_path + "' (" + e.get_type() + ")");
  }
}

std::string damaged_message(const std::string& db_path, const std::string& what) {
  return "database '" + db_path + "' is damaged (" +
         (what.empty() ? "quarry-index --check -d '" + db_path + "' says where" : what) +
         "); re-index its files into a new database";
}

std::string missing_table_message(const std::string& db_path, bool positions) {
  std::error_code ec;
  const std::filesystem::path folder(db_path);
  if (!std::filesystem::exists(folder / "iamglass", ec)) return "";  // remote, or not on this disk
  for (const char* table : {"postlist.glass", "termlist.glass", "position.glass"}) {
    if (!positions && std::string(table) == "position.glass") continue;
    if (!std::filesystem::exists(folder / table, ec)) return "its table " + (folder / table).string() + " is missing";
  }
  return "";
}

namespace {

// Xapian opens a table it may create lazily (position, termlist) as empty
// when its file is missing, so a deleted position.glass reads as "no
// positions" and every phrase and passage quietly finds less.
void check_tables_present(const Xapian::Database& db, const std::string& db_path) {
  if (db.get_doccount() == 0) return;
  if (const std::string missing = missing_table_message(db_path, db.get_total_length() > 0); !missing.empty())
    throw DatabaseError(damaged_message(db_path, missing));
  // Every word Quarry indexes has positions: a database with any word
  // (wdf > 0) has a position table (this catches a remote one too).
  if (db.get_total_length() > 0 && !db.has_positions())
    throw DatabaseError(damaged_message(db_path, "it holds no word positions"));
}

}  // namespace

std::string check_compatible(const Xapian::Database& db, const std::string& db_path) {
  // xapian-tcpsrv given a sharded database (its stub) or several folders
  // serves them as one, whose metadata is its first database's alone: the
  // passage count the scores depend on, the stamps, the spelling vocabulary.
  // Xapian joins the UUIDs of such a database's parts with ':'.
  if (db.get_uuid().find(':') != std::string::npos)
    throw DatabaseError("'" + db_path + "' serves several databases as one (xapian-tcpsrv was given a sharded "
                        "database or several folders), which hides each one's statistics from Quarry; "
                        "serve each shard with its own xapian-tcpsrv");
  const std::string analyser = db.get_metadata(schema::kAnalyserKey);
  if (analyser.empty()) {
    if (db.get_doccount() == 0)
      throw DatabaseError("database '" + db_path + "' is empty; index something first");
    throw DatabaseError("'" + db_path + "' is a Xapian database but not a Quarry one");
  }
  // Searched with other rules, some of its words would never be found, and
  // written with them it would hold words cut two ways: neither is done.
  if (analyser != Analyser::id())
    throw DatabaseError("database '" + db_path + "' was built with analyser " + analyser +
                        " but this Quarry uses " + Analyser::id() +
                        ", which cuts some words differently, so searching it could miss documents; "
                        "re-index its files into a new database");
  const std::string schema_version = db.get_metadata(schema::kSchemaKey);
  if (schema_version != schema::kSchemaVersion)
    throw DatabaseError("database '" + db_path + "' has schema version " + schema_version +
                        " but this Quarry reads version " + schema::kSchemaVersion +
                        "; re-index it");
  check_tables_present(db, db_path);
  // Older databases may hold a code ("fr") where newer ones hold "french".
  const std::string language = db.get_metadata(schema::kLanguageKey);
  try {
    return Analyser::canonical_language(language);
  } catch (const UsageError&) {
    return language;
  }
}

void stamp_database(Xapian::WritableDatabase& db, const std::string& language) {
  db.set_metadata(schema::kAnalyserKey, Analyser::id());
  db.set_metadata(schema::kLanguageKey, language);
  db.set_metadata(schema::kSchemaKey, schema::kSchemaVersion);
}

}  // namespace quarry
