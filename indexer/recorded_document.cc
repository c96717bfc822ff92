#include "recorded_document.h"

#include <cstdint>

#include "quarry/error.h"
#include "varint.h"

namespace quarry {
namespace {

// Each call: one byte naming it, then its arguments (numbers as varints,
// strings as a varint length and the bytes).
constexpr char kPosting = 'P';
constexpr char kBooleanTerm = 'B';
constexpr char kValue = 'V';

void put_string(std::string& out, std::string_view text) {
  put_varint(out, text.size());
  out.append(text.data(), text.size());
}

[[noreturn]] void damaged() { throw DatabaseError("a recorded document is damaged"); }

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool at_end() const { return pos_ >= data_.size(); }
  char op() {
    if (pos_ >= data_.size()) damaged();
    return data_[pos_++];
  }
  std::uint64_t varint() {
    std::uint64_t value = 0;
    if (!read_varint(data_, pos_, value)) damaged();
    return value;
  }
  // Into out, reusing its buffer: Xapian 1.4 takes std::string only.
  void string(std::string& out) {
    const std::uint64_t size = varint();
    if (size > data_.size() - pos_) damaged();
    out.assign(data_.data() + pos_, size);
    pos_ += size;
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

void RecordedDocument::add_posting(std::string_view term, Xapian::termpos position, Xapian::termcount wdf_increment) {
  bytes_.push_back(kPosting);
  put_string(bytes_, term);
  put_varint(bytes_, position);
  put_varint(bytes_, wdf_increment);
}

void RecordedDocument::add_boolean_term(std::string_view term) {
  bytes_.push_back(kBooleanTerm);
  put_string(bytes_, term);
}

void RecordedDocument::add_value(Xapian::valueno slot, std::string_view value) {
  bytes_.push_back(kValue);
  put_varint(bytes_, slot);
  put_string(bytes_, value);
}

Xapian::Document RecordedDocument::replay(std::string_view bytes) {
  Xapian::Document doc;
  Reader in(bytes);
  std::string text;
  while (!in.at_end()) {
    switch (in.op()) {
      case kPosting: {
        in.string(text);
        const auto position = static_cast<Xapian::termpos>(in.varint());
        const auto wdf = static_cast<Xapian::termcount>(in.varint());
        doc.add_posting(text, position, wdf);
        break;
      }
      case kBooleanTerm:
        in.string(text);
        doc.add_boolean_term(text);
        break;
      case kValue: {
        const auto slot = static_cast<Xapian::valueno>(in.varint());
        in.string(text);
        doc.add_value(slot, text);
        break;
      }
      default: damaged();
    }
  }
  return doc;
}

}  // namespace quarry
