#include "json_records.h"

namespace quarry {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

}  // namespace

bool cr_between_records(std::string_view text) {
  for (std::size_t cr = text.find('\r'); cr != std::string_view::npos; cr = text.find('\r', cr + 1)) {
    std::size_t before = cr;
    while (before > 0 && is_space(text[before - 1])) --before;
    std::size_t after = cr + 1;
    while (after < text.size() && is_space(text[after])) ++after;
    if (before > 0 && text[before - 1] == '}' && after < text.size() && text[after] == '{') return true;
  }
  return false;
}

void JsonRecordSplitter::append(char c) {
  if (oversized_) return;
  if (record_.size() >= max_bytes_) {
    oversized_ = true;
    record_.clear();
    record_.shrink_to_fit();
    return;
  }
  record_.push_back(c);
}

void JsonRecordSplitter::end_record() {
  ++records_;
  emit_(std::move(record_), record_line_, oversized_);
  record_.clear();
  in_record_ = oversized_ = scalar_ = false;
  depth_ = 0;
}

void JsonRecordSplitter::feed(const char* data, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (in_string_) {
      append(c);
      if (escaped_) escaped_ = false;
      else if (c == '\\') escaped_ = true;
      else if (c == '"') in_string_ = false;
      if (c == '\n') ++line_;
      if (!in_string_ && depth_ == 0 && !scalar_) end_record();  // a top-level string
      continue;
    }
    if (!in_record_) {
      if (c == '\n') ++line_;
      if (is_space(c) || (in_array_ && c == ',')) continue;
      if (c == '[' && !seen_value_) {  // the outer array: its elements are the records
        seen_value_ = in_array_ = array_ = true;
        continue;
      }
      if (c == ']' && in_array_) {
        in_array_ = false;
        continue;
      }
      seen_value_ = in_record_ = true;
      record_line_ = line_;
      scalar_ = c != '{' && c != '[' && c != '"';
      if (scalar_) {  // whatever it starts with (a stray `,` or `]` too) is its text
        append(c);
        continue;
      }
    }
    if (scalar_) {
      if (is_space(c) || c == ',' || (in_array_ && c == ']')) {
        end_record();
        if (c == '\n') ++line_;
        if (c == ']') in_array_ = false;
        continue;
      }
      append(c);
      continue;
    }
    if (c == '\n') ++line_;
    append(c);
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && depth_ > 0 && --depth_ == 0) {
      end_record();
    }
  }
}

void JsonRecordSplitter::finish() {
  if (in_record_) end_record();
}

}  // namespace quarry
