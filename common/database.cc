#include "database.h"

#include <filesystem>

#include "analyser.h"
#include "quarry/error.h"
#include "schema.h"

namespace quarry {

void rethrow_as_quarry_error(const std::string& db_path) {
  try {
    throw;
  } catch (const Xapian::DatabaseLockError&) {
    throw DatabaseLockedError("database '" + db_path +
                              "' is locked by another indexer; wait for it to finish");
  } catch (const Xapian::DatabaseNotFoundError&) {
    throw DatabaseError("no Quarry database at '" + db_path + "' (create one with quarry-index)");
  } catch (const Xapian::DatabaseOpeningError&) {
    std::error_code ec;
    if (!std::filesystem::exists(db_path, ec))
      throw DatabaseError("no Quarry database at '" + db_path + "' (create one with quarry-index)");
    throw DatabaseError("'" + db_path + "' is not a Quarry database, or it cannot be opened");
  } catch (const Xapian::DatabaseCorruptError&) {
    throw DatabaseError("database '" + db_path + "' is damaged; re-index into a new database");
  } catch (const Xapian::DatabaseModifiedError&) {
    throw DatabaseError("database '" + db_path + "' changed while it was read; try again");
  } catch (const Xapian::DatabaseError&) {
    throw DatabaseError("database '" + db_path + "' could not be read or written");
  } catch (const Xapian::NetworkTimeoutError&) {
    throw ShardUnavailableError("shard '" + db_path + "' did not answer in time");
  } catch (const Xapian::NetworkError& e) {
    // The system's reason ("Connection refused"), never Xapian's own text.
    const char* reason = e.get_error_string();
    throw ShardUnavailableError("cannot reach shard '" + db_path + "' (" +
                                (reason && *reason ? reason : "the connection failed") + ")");
  } catch (const Xapian::Error& e) {
    throw Error("search engine failure on '" + db_path + "' (" + e.get_type() + ")");
  }
}

std::string check_compatible(const Xapian::Database& db, const std::string& db_path) {
  const std::string analyser = db.get_metadata(schema::kAnalyserKey);
  if (analyser.empty()) {
    if (db.get_doccount() == 0)
      throw DatabaseError("database '" + db_path + "' is empty; index something first");
    throw DatabaseError("'" + db_path + "' is a Xapian database but not a Quarry one");
  }
  if (analyser != Analyser::id())
    throw DatabaseError("database '" + db_path + "' was built with analyser " + analyser +
                        " but this Quarry uses " + Analyser::id() + "; re-index it");
  const std::string schema_version = db.get_metadata(schema::kSchemaKey);
  if (schema_version != schema::kSchemaVersion)
    throw DatabaseError("database '" + db_path + "' has schema version " + schema_version +
                        " but this Quarry reads version " + schema::kSchemaVersion +
                        "; re-index it");
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
