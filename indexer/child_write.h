// Xapian writes in a child process. Xapian 1.4 merges a database's value
// changes inside every commit in a destructor (Glass::ValueUpdater, in
// glass_values.cc), so a write that fails there (a full disk) is
// std::terminate, not an exception. Commits of segments, compactions and
// in-place commits therefore run in a forked child: a failure ends only the
// child, the parent's committed database is untouched, and the parent
// reports the failure as a quarry::Error and cleans up after it.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace quarry {

class ChildWrite {
 public:
  // Forks; the child runs write() and exits. write() must use only what the
  // calling thread owns (other threads do not exist in the child) and no
  // stdio. db_path names the database in messages. The child closes every
  // file it inherits but those in the folder keep_open (and stdin, stdout,
  // stderr): a child must not hold another database's lock, which would
  // outlive that database's writer closing it.
  ChildWrite(std::string db_path, const std::function<void()>& write, const std::string& keep_open = "");
  // A child not waited for is killed and reaped.
  ~ChildWrite();
  ChildWrite(ChildWrite&& other) noexcept;
  ChildWrite& operator=(ChildWrite&&) = delete;
  ChildWrite(const ChildWrite&) = delete;
  ChildWrite& operator=(const ChildWrite&) = delete;

  // Waits for the child; throws the quarry::Error its failure maps to.
  void wait();

  struct Report;

 private:
  std::string db_path_;
  pid_t pid_ = -1;
  Report* report_ = nullptr;  // shared with the child
};

// Runs write() in a child process and waits for it.
void write_in_child(const std::string& db_path, const std::function<void()>& write,
                    const std::string& keep_open = "");

}  // namespace quarry
