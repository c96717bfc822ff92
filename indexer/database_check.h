// Before an indexer writes into an existing database: is it damaged?
// (check_database in quarry/index.h is the whole check behind --check.)
#pragma once

#include <string>

namespace quarry {

// Runs Xapian's own check of every table of the local database at db_path
// (what xapian-check does; in a child process, as damaged data may crash
// it) and throws DatabaseError, saying "damaged" and naming the table, at
// the first damage found. Reads every table once: about 2 s for a 160 MB
// database.
void refuse_damaged_tables(const std::string& db_path);

}  // namespace quarry
