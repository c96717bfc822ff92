// Opening databases the same way on both sides, and turning Xapian's errors into
// Quarry's: no raw Xapian::Error text reaches a user.
#pragma once

#include <xapian.h>

#include <string>

namespace quarry {

// Rethrows the Xapian exception (or DamagedRecordError) in flight (call
// inside a catch block) as a quarry::DatabaseError whose message names the
// database and what to do.
[[noreturn]] void rethrow_as_quarry_error(const std::string& db_path);

// "no space left on device for database ..." when the file system that holds
// (or would hold) db_path has next to nothing left; "" otherwise. For
// failures whose system reason Xapian did not pass on.
std::string disk_full_message(const std::string& db_path);

// What Quarry says of a damaged database; what: the damage found, if known
// (else the message points to quarry-index --check).
std::string damaged_message(const std::string& db_path, const std::string& what = "");

// "its table DB/position.glass is missing" when a local database's version
// file is there but a table every Quarry database with documents (and, with
// positions, words) has is not; "" otherwise.
std::string missing_table_message(const std::string& db_path, bool positions = true);

// Throws DatabaseError unless db was written by this analyser and schema,
// and unless it is visibly damaged: a table a Quarry database with
// documents always has (postlist, termlist, position) missing. Cheap: it
// reads no table, so every open runs it. Returns the stemming language the
// database was built with.
std::string check_compatible(const Xapian::Database& db, const std::string& db_path);

// Writes the analyser, language and schema version into a database.
void stamp_database(Xapian::WritableDatabase& db, const std::string& language);

}  // namespace quarry
