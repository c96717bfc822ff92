// Running quarry-index and quarry-search as a user does, for end-to-end tests.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace quarry::test {

struct CliRun {
  int status = -1;  // exit status; -1 when killed by a signal
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs program with args; stdout and stderr go through files in scratch_dir.
// A run longer than timeout_seconds is killed (status -1): hostile input must
// get an answer in bounded time.
inline CliRun run_cli(const std::string& program, const std::vector<std::string>& args,
                      const std::string& scratch_dir, int timeout_seconds = 120) {
  std::string command = "timeout -s KILL " + std::to_string(timeout_seconds) + " " + shell_quote(program);
  for (const std::string& arg : args) command += " " + shell_quote(arg);
  const std::string out_file = scratch_dir + "/stdout", err_file = scratch_dir + "/stderr";
  command += " >" + shell_quote(out_file) + " 2>" + shell_quote(err_file) + " </dev/null";
  CliRun result;
  const int raw = std::system(command.c_str());
  result.status = WIFEXITED(raw) && WEXITSTATUS(raw) != 137 ? WEXITSTATUS(raw) : -1;
  result.out = slurp(out_file);
  result.err = slurp(err_file);
  return result;
}

// quarry-search --format json output, one object per line.
inline std::vector<nlohmann::json> json_lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

// The highlighted bytes of a JSON hit, in order.
inline std::vector<std::string> highlighted_text(const nlohmann::json& hit) {
  std::vector<std::string> words;
  const std::string snippet = hit["snippet"];
  for (const nlohmann::json& span : hit["highlights"]) {
    const std::size_t b = span[0], e = span[1];
    words.push_back(snippet.substr(b, e - b));
  }
  return words;
}

// A suite's scratch folder (dir_) and database path (db_, dir_/db), made once
// for all its tests and removed after them. Suite is the test class itself, so
// that every suite has folders of its own.
template <class Suite, class Base = ::testing::Test>
class CliSuite : public Base {
 protected:
  static void make_scratch(const std::string& name) {
    std::string pattern = (std::filesystem::temp_directory_path() / ("quarry-" + name + "-XXXXXX")).string();
    dir_ = mkdtemp(pattern.data());
    db_ = dir_ + "/db";
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  static CliRun run(const std::string& program, const std::vector<std::string>& args) {
    return run_cli(program, args, dir_);
  }
  // quarry-search on the suite's database.
  static CliRun search(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", db_});
    return run(QUARRY_SEARCH_BIN, args);
  }

  static inline std::string dir_, db_;
};

}  // namespace quarry::test
