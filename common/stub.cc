#include "stub.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "quarry/error.h"
#include "schema.h"

namespace quarry {
namespace fs = std::filesystem;

std::vector<StubEntry> read_stub(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw DatabaseError("cannot read the stub file '" + file + "'");
  std::vector<StubEntry> entries;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    const std::size_t space = text.find(' ');
    StubEntry entry;
    entry.line = line;
    entry.type = text.substr(0, space);
    if (space != std::string::npos) entry.target = text.substr(space + 1);
    entries.push_back(std::move(entry));
  }
  if (in.bad()) throw DatabaseError("cannot read the stub file '" + file + "'");
  return entries;
}

std::string stub_file_of(const std::string& location) {
  std::error_code ec;
  const fs::file_status status = fs::status(location, ec);
  if (fs::is_directory(status)) {
    // A database folder wins over a stray stub inside it, as in Xapian.
    if (fs::exists(fs::path(location) / "iamglass", ec)) return {};
    const fs::path stub = fs::path(location) / schema::kStubFile;
    return fs::is_regular_file(stub, ec) ? stub.string() : std::string();
  }
  if (!fs::is_regular_file(status)) return {};
  // A regular file is a stub unless it is a single-file database, which is binary.
  std::ifstream in(location, std::ios::binary);
  char head[4096];
  in.read(head, sizeof head);
  const auto got = static_cast<std::size_t>(in.gcount());
  return std::find(head, head + got, '\0') == head + got ? location : std::string();
}

std::string resolve_stub_path(const std::string& stub_file, const std::string& target) {
  const fs::path path(target);
  if (path.is_absolute()) return target;
  return (fs::path(stub_file).parent_path() / path).string();
}

}  // namespace quarry
