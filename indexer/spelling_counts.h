// Keeps a database's spelling vocabulary (spelling_vocabulary.h) that of its
// documents: every document written counts its words up, every document
// replaced or deleted counts its stored words down, and the changed entries
// are written in the same commit as the documents.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analyser.h"
#include "spelling_vocabulary.h"

namespace quarry {

class SpellingCounts {
 public:
  // A document with these distinct words (DocumentWords::take) was written.
  void add(const std::string& packed_words);
  // A stored document is being replaced or deleted: its words, read back
  // from its record, no longer count.
  void remove(const Xapian::Document& stored, Analyser& analyser);
  // Writes the changed entries into db (committing is the caller's) and
  // forgets the changes. Throws Xapian's errors.
  void write_into(Xapian::WritableDatabase& db);
  bool empty() const { return deltas_.empty(); }

 private:
  WordCounts deltas_;
};

}  // namespace quarry
