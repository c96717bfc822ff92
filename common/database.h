// Opening databases the same way on both sides, and turning Xapian's errors into
// Quarry's: no raw Xapian::Error text reaches a user.
#pragma once

#include <xapian.h>

#include <string>

namespace quarry {

// Rethrows the Xapian exception in flight (call inside a catch block) as a
// quarry::DatabaseError whose message names the database and what to do.
[[noreturn]] void rethrow_as_quarry_error(const std::string& db_path);

// "no space left on device for database ..." when the file system that holds
// (or would hold) db_path has next to nothing left; "" otherwise. For
// failures whose system reason Xapian did not pass on.
std::string disk_full_message(const std::string& db_path);

// Throws DatabaseError unless db was written by this analyser and schema.
// Returns the stemming language the database was built with.
std::string check_compatible(const Xapian::Database& db, const std::string& db_path);

// Writes the analyser, language and schema version into a database.
void stamp_database(Xapian::WritableDatabase& db, const std::string& language);

}  // namespace quarry
