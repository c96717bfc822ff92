// A Xapian document as the calls that build it (postings, boolean terms,
// values), recorded in one flat string. The analysis threads record; the
// process that writes the document replays the calls into a
// Xapian::Document, which is then the same document as one built directly.
// A bulk load sends the records to its segment writers (segment_writer.h):
// a flat string crosses a socket with one copy, where a Xapian::Document
// would have to be serialised (a walk of its term map) and parsed again.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

namespace quarry {

class RecordedDocument {
 public:
  void add_posting(std::string_view term, Xapian::termpos position, Xapian::termcount wdf_increment = 1);
  void add_boolean_term(std::string_view term);
  void add_value(Xapian::valueno slot, std::string_view value);
  void reserve(std::size_t bytes) { bytes_.reserve(bytes); }

  // The recorded calls, made on a new document.
  Xapian::Document to_xapian() const { return replay(bytes_); }
  // The record as bytes, and a document from such bytes. replay throws
  // DatabaseError when they are damaged.
  const std::string& bytes() const { return bytes_; }
  static Xapian::Document replay(std::string_view bytes);

 private:
  std::string bytes_;
};

}  // namespace quarry
