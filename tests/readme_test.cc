// Issue 14 item 15: every example in README.md is run, so the README cannot
// drift from what the programs do. In a scratch folder holding a copy of
// corpus/ (and build/bin, for the quick start's paths), with the programs
// on PATH:
// - a ```console block is a session: each "$ command" runs in turn, and what
//   it prints on stdout must be the lines that follow it ("..." alone on a
//   line stands for any lines);
// - each quarry-index or quarry-search line of a ```sh block runs and must
//   exit 0 (its output goes to the test log), except the ones that need
//   servers on other machines (tcp://, xapian-tcpsrv).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"

namespace {

namespace fs = std::filesystem;

struct Block {
  std::string info;  // "console", "sh", ...
  std::size_t line;  // of the opening fence
  std::vector<std::string> lines;
};

std::vector<Block> fenced_blocks(const std::string& markdown) {
  std::vector<Block> blocks;
  std::istringstream in(markdown);
  std::string line;
  std::size_t number = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("```", 0) == 0) {
      if (open) {
        open = nullptr;
      } else {
        blocks.push_back({line.substr(3), number, {}});
        open = &blocks.back();
      }
    } else if (open) {
      open->lines.push_back(line);
    }
  }
  return blocks;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Whether printed matches expected, where "..." stands for any lines.
bool matches(const std::vector<std::string>& printed, std::size_t p, const std::vector<std::string>& expected,
             std::size_t e) {
  if (e == expected.size()) return p == printed.size();
  if (expected[e] == "...") {
    for (std::size_t skip = p; skip <= printed.size(); ++skip)
      if (matches(printed, skip, expected, e + 1)) return true;
    return false;
  }
  return p < printed.size() && printed[p] == expected[e] && matches(printed, p + 1, expected, e + 1);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

class Readme : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "quarry-readme-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    // Outside the folder the commands run in, and not shared with a test
    // running beside this one (the commands' output was once read from /tmp).
    std::string capture = (fs::temp_directory_path() / "quarry-readme-out-XXXXXX").string();
    capture_ = mkdtemp(capture.data());
    fs::copy(QUARRY_CORPUS_DIR, dir_ + "/corpus", fs::copy_options::recursive);
    fs::create_directories(dir_ + "/build");
    bin_ = fs::path(QUARRY_SEARCH_BIN).parent_path().string();
    fs::create_directory_symlink(bin_, dir_ + "/build/bin");
    std::ofstream(dir_ + "/q.tsv") << "q1\tpolio\nq2\tnight vision goggles\n";
    readme_ = quarry::test::slurp(QUARRY_README);
    ASSERT_FALSE(readme_.empty()) << QUARRY_README;
  }
  void TearDown() override {
    fs::remove_all(dir_);
    fs::remove_all(capture_);
  }

  // Runs a shell command line in the scratch folder, the programs on PATH.
  quarry::test::CliRun shell(const std::string& command) const {
    return quarry::test::run_cli("/bin/sh", {"-c", "cd " + quarry::test::shell_quote(dir_) + " && PATH=" +
                                                       quarry::test::shell_quote(bin_) + ":$PATH NO_COLOR=1 " + command},
                                 capture_);
  }

  std::string dir_, capture_, bin_, readme_;
};

TEST_F(Readme, Issue14EveryExamplePrintsWhatTheReadmeShows) {
  std::size_t sessions = 0, commands = 0;
  for (const Block& block : fenced_blocks(readme_)) {
    if (block.info != "console") continue;
    ++sessions;
    for (std::size_t i = 0; i < block.lines.size();) {
      ASSERT_EQ(block.lines[i].rfind("$ ", 0), 0u) << "README.md:" << block.line + 1 + i << ": expected a $ command";
      const std::string command = block.lines[i].substr(2);
      std::vector<std::string> expected;
      for (++i; i < block.lines.size() && block.lines[i].rfind("$ ", 0) != 0; ++i) expected.push_back(block.lines[i]);
      const quarry::test::CliRun r = shell(command);
      ++commands;
      EXPECT_TRUE(matches(lines_of(r.out), 0, expected, 0))
          << "README.md:" << block.line << ": $ " << command << "\nprints:\n" << r.out << "stderr:\n" << r.err
          << "\nthe README shows:\n" << joined(expected);
    }
  }
  EXPECT_GE(sessions, 3u);
  EXPECT_GE(commands, 4u);
}

TEST_F(Readme, Issue14EveryCommandExampleRuns) {
  // The sessions first: they build ./quarry.db from corpus/, as the quick start does.
  ASSERT_EQ(shell("quarry-index -q corpus/").status, 0);
  std::size_t run = 0;
  for (const Block& block : fenced_blocks(readme_)) {
    if (block.info != "sh") continue;
    for (std::size_t i = 0; i < block.lines.size(); ++i) {
      std::string line = block.lines[i];
      const std::size_t comment = line.find("  #");
      if (comment != std::string::npos) line.resize(comment);
      while (!line.empty() && line.back() == ' ') line.pop_back();
      if (line.rfind("quarry-search ", 0) != 0 && line.rfind("quarry-index ", 0) != 0 &&
          line.rfind("build/bin/quarry-", 0) != 0)
        continue;
      if (line.find("tcp://") != std::string::npos) continue;  // needs xapian-tcpsrv on other machines
      const quarry::test::CliRun r = shell(line);
      ++run;
      EXPECT_EQ(r.status, 0) << "README.md:" << block.line + 1 + i << ": " << line << "\n" << r.out << r.err;
      std::cout << "$ " << line << "\n" << r.out;
    }
  }
  EXPECT_GE(run, 10u);
}

// The quick start shows the command it runs, quotes and all.
TEST_F(Readme, Issue14QuickstartEchoesTheCommandItRuns) {
  const std::vector<std::string> script = lines_of(quarry::test::slurp(QUARRY_QUICKSTART));
  std::size_t checked = 0;
  for (std::size_t i = 0; i + 1 < script.size(); ++i) {
    if (script[i].rfind("echo \"\\$ ", 0) != 0 && script[i].rfind("echo '$ ", 0) != 0) continue;
    const quarry::test::CliRun echoed = shell(script[i]);
    EXPECT_EQ(echoed.out, "$ " + script[i + 1] + "\n") << "scripts/quickstart:" << i + 1;
    ++checked;
  }
  EXPECT_GE(checked, 1u);
}

}  // namespace
