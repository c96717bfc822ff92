// A JSON DOM built from SAX events within a bound. nlohmann's DOM costs
// about 80 bytes a value: a 56 MB JSONL line of nested or empty arrays built
// 1.4 GB, and a page's 36 MB JSON-LD block 1.1 GB, past the memory indexing
// promises. Values past the bound stop the parse (too_large() says so), and
// the top-level fields a caller never reads are passed over unbuilt.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace quarry {

class BoundedJsonParser : public nlohmann::detail::json_sax_dom_parser<nlohmann::json> {
 public:
  using Base = nlohmann::detail::json_sax_dom_parser<nlohmann::json>;
  // Values a document may hold; a real record or JSON-LD block holds hundreds.
  static constexpr std::size_t kMaxValues = 200000;

  // keep_field: which fields of a top-level object to build (all when empty).
  explicit BoundedJsonParser(nlohmann::json& result, std::function<bool(const std::string&)> keep_field = {})
      : Base(result, false), keep_field_(std::move(keep_field)) {}

  bool too_large() const { return too_large_; }

  bool null() { return skipped_scalar() || (counted() && Base::null()); }
  bool boolean(bool value) { return skipped_scalar() || (counted() && Base::boolean(value)); }
  bool number_integer(number_integer_t value) { return skipped_scalar() || (counted() && Base::number_integer(value)); }
  bool number_unsigned(number_unsigned_t value) { return skipped_scalar() || (counted() && Base::number_unsigned(value)); }
  bool number_float(number_float_t value, const string_t& text) {
    return skipped_scalar() || (counted() && Base::number_float(value, text));
  }
  bool string(string_t& value) { return skipped_scalar() || (counted() && Base::string(value)); }
  bool binary(binary_t& value) { return skipped_scalar() || (counted() && Base::binary(value)); }
  bool start_object(std::size_t n) {
    if (skipping_) return ++skip_depth_, true;
    ++depth_;
    return counted() && Base::start_object(n);
  }
  bool end_object() {
    if (skipping_) return end_skipped();
    --depth_;
    return Base::end_object();
  }
  bool start_array(std::size_t n) {
    if (skipping_) return ++skip_depth_, true;
    ++depth_;
    return counted() && Base::start_array(n);
  }
  bool end_array() {
    if (skipping_) return end_skipped();
    --depth_;
    return Base::end_array();
  }
  bool key(string_t& name) {
    if (skipping_) return true;
    if (depth_ == 1 && keep_field_ && !keep_field_(name)) {
      skipping_ = true;
      skip_depth_ = 0;
      return true;
    }
    return counted() && Base::key(name);
  }

 protected:
  // The depth of the values built: 1 inside the top-level object.
  int depth() const { return depth_; }

 private:
  bool counted() {
    if (++values_ <= kMaxValues) return true;
    too_large_ = true;
    return false;
  }
  // A scalar that is (or is inside) a field passed over.
  bool skipped_scalar() {
    if (!skipping_) return false;
    if (skip_depth_ == 0) skipping_ = false;
    return true;
  }
  bool end_skipped() {
    if (--skip_depth_ == 0) skipping_ = false;
    return true;
  }

  std::function<bool(const std::string&)> keep_field_;
  bool skipping_ = false;
  int skip_depth_ = 0;  // containers open inside the field passed over
  int depth_ = 0;
  std::size_t values_ = 0;
  bool too_large_ = false;
};

}  // namespace quarry
