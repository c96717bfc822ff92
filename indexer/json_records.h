// The records of a JSON file that is not one record per line: an array of
// objects (what Scrapy's `-o items.json` and most "export as JSON" buttons
// write), pretty-printed objects one after another, or a single object. The
// file is streamed: memory holds one record at a time, never the file.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace quarry {

// Whether a CR in text stands between two records ('}', blanks, CR, blanks,
// '{'): old Mac line ends, where JSON text holds a raw CR only as a blank.
bool cr_between_records(std::string_view text);

class JsonRecordSplitter {
 public:
  // text: one top-level value (an element of the outer array), as written;
  // line: the line it starts on; oversized: it was longer than max_bytes,
  // and text is empty.
  using Emit = std::function<void(std::string&& text, std::size_t line, bool oversized)>;

  JsonRecordSplitter(std::size_t max_bytes, Emit emit) : max_bytes_(max_bytes), emit_(std::move(emit)) {}
  void feed(const char* data, std::size_t size);
  // The record the file ends in, cut short or not (its parse names it).
  void finish();
  // The line the next byte is on.
  std::size_t line() const { return line_; }
  void set_line(std::size_t line) { line_ = line; }
  // A record is begun and not ended (the file was cut in it).
  bool in_record() const { return in_record_; }
  // How many records were emitted.
  std::size_t records() const { return records_; }
  // The file's value is an array, opened and closed, that holds nothing: `[]`.
  bool empty_array() const { return array_ && !in_array_ && !in_record_ && records_ == 0; }
  // The file's array is opened and never closed: the file is cut short.
  bool unclosed_array() const { return in_array_; }

 private:
  void end_record();
  void append(char c);

  std::size_t max_bytes_;
  Emit emit_;
  std::string record_;
  std::size_t record_line_ = 0;
  bool in_record_ = false;
  bool oversized_ = false;
  bool scalar_ = false;      // a record that is no object or array: it ends at a separator
  bool in_string_ = false;
  bool escaped_ = false;
  bool seen_value_ = false;  // the outer array can only be the file's first value
  bool in_array_ = false;
  bool array_ = false;       // the outer array was opened
  std::size_t depth_ = 0;    // inside the record
  std::size_t line_ = 1;
  std::size_t records_ = 0;
};

}  // namespace quarry
