// Opening databases the same way on both sides, and turning Xapian's errors into
// Quarry's: no raw Xapian::Error text reaches a user.
#pragma once

#include <xapian.h>

#include <string>

namespace quarry {

// Rethrows the Xapian exception in flight (call inside a catch block) as a
// quarry::DatabaseError whose message names the database and what to do.
[[noreturn]] void rethrow_as_quarry_error(const std::string& db_path);

// Throws DatabaseError unless db was written by this analyser and schema.
// Returns the stemming language the database was built with.
std::string check_compatible(const Xapian::Database& db, const std::string& db_path);

// Writes the analyser, language and schema version into a database.
void stamp_database(Xapian::WritableDatabase& db, const std::string& language);

}  // namespace quarry
