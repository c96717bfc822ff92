// The one error root of Quarry's public API. Callers catch quarry::Error (or
// std::exception); no Xapian or ICU exception ever escapes the library.
#pragma once

#include <stdexcept>
#include <string>

namespace quarry {

/// Root of every exception Quarry throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The caller asked for something invalid (bad option value, unusable query).
class UsageError : public Error {
 public:
  using Error::Error;
};

/// A database is missing, locked, damaged, or was built by an incompatible analyser.
class DatabaseError : public Error {
 public:
  using Error::Error;
};

/// Another indexer holds the database's write lock.
class DatabaseLockedError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

/// A remote shard could not be reached, or stopped answering.
class ShardUnavailableError : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

/// An input file or record could not be read or understood.
class InputError : public Error {
 public:
  using Error::Error;
};

}  // namespace quarry
