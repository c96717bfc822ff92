// Xapian work in a child process. Xapian 1.4 merges a database's value
// changes inside every commit in a destructor (Glass::ValueUpdater, in
// glass_values.cc), so a write that fails there (a full disk) is
// std::terminate, not an exception. Commits of segments, compactions and
// in-place commits therefore run in a forked child: a failure ends only the
// child, the parent's committed database is untouched, and the parent
// reports the failure as a quarry::Error and cleans up after it. Xapian's
// check of a damaged database runs in one too: damaged lengths can make it
// allocate without bound or read out of bounds.
//
// Under AddressSanitizer the work runs in the calling process instead: GCC
// 12's libasan takes no lock of its allocator around fork, so a child forked
// while another thread allocates waits forever on that lock (seen in the
// sharded CLI tests). Release builds, which glibc's and jemalloc's fork
// handlers keep safe, always fork.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <exception>
#include <functional>
#include <string>

namespace quarry {

class ChildProcess {
 public:
  // What the child hands back: at most kMaxResult bytes.
  static constexpr std::size_t kMaxResult = 64 * 1024;
  using Work = std::function<std::string()>;

  // Forks; the child runs work() and exits. work() must use only what the
  // calling thread owns (other threads do not exist in the child) and no
  // stdio. db_path names the database in messages. The child closes every
  // file it inherits but those in the folder keep_open, the descriptor
  // keep_fd (and stdin, stdout, stderr): a child must not hold another
  // database's lock, which would outlive that database's writer closing it.
  ChildProcess(std::string db_path, const Work& work, const std::string& keep_open = "", int keep_fd = -1);
  // Whether work() runs in a child (false under AddressSanitizer: see above).
  static constexpr bool forks() {
#if defined(__SANITIZE_ADDRESS__)
    return false;
#else
    return true;
#endif
  }
  // A child not waited for is killed and reaped.
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits for the child and returns what work() returned; throws the
  // quarry::Error its failure maps to.
  std::string wait();

  struct Report;

 private:
  std::string db_path_;
  pid_t pid_ = -1;
  Report* report_ = nullptr;  // shared with the child
  // The work done in this process (under AddressSanitizer): its answer.
  std::string result_;
  std::exception_ptr failure_;
};

// Runs work() in a child process and waits for it.
std::string run_in_child(const std::string& db_path, const ChildProcess::Work& work,
                         const std::string& keep_open = "");

}  // namespace quarry
