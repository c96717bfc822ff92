#include "child_process.h"

#include <dirent.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <new>
#include <utility>
#include <vector>

#include "database.h"
#include "quarry/error.h"

namespace quarry {

// Written by the child, read by the parent once the child has ended.
struct ChildProcess::Report {
  enum Kind : int { none, done, error, database, locked };
  int kind = none;
  std::size_t result_size = 0;
  char message[4000] = {};
  char result[kMaxResult] = {};
};

namespace {

ChildProcess::Report* g_report = nullptr;  // the child's, set after fork
const char* g_db_path = "";

void record(int kind, const char* message) {
  g_report->kind = kind;
  std::strncpy(g_report->message, message, sizeof g_report->message - 1);
}

// What the exception in flight says, as Quarry says it.
void record_current_exception() {
  try {
    try {
      throw;
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(g_db_path);
    }
  } catch (const DatabaseLockedError& e) {
    record(ChildProcess::Report::locked, e.what());
  } catch (const DatabaseError& e) {
    record(ChildProcess::Report::database, e.what());
  } catch (const std::bad_alloc&) {
    record(ChildProcess::Report::error, ("out of memory while writing database '" + std::string(g_db_path) + "'").c_str());
  } catch (const std::exception& e) {
    record(ChildProcess::Report::error, e.what());
  } catch (...) {
    record(ChildProcess::Report::error, "");
  }
}

// Xapian's std::terminate (a throwing destructor) ends here, in the child.
[[noreturn]] void child_terminated() {
  if (std::current_exception()) {
    try {
      std::rethrow_exception(std::current_exception());
    } catch (...) {
      record_current_exception();
    }
  }
  _exit(3);
}

// Closes the inherited files that are not in folder (a path ending in '/';
// "" closes all) and are not keep_fd.
void close_inherited_files(const std::string& folder, int keep_fd) {
  std::vector<int> fds;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (const dirent* entry = readdir(dir)) {
      const int fd = std::atoi(entry->d_name);
      if (fd > 2 && fd != dirfd(dir) && fd != keep_fd) fds.push_back(fd);
    }
    closedir(dir);
  }
  char target[4096];
  for (const int fd : fds) {
    if (!folder.empty()) {
      const std::string link = "/proc/self/fd/" + std::to_string(fd);
      const ssize_t n = readlink(link.c_str(), target, sizeof target);
      if (n > 0 && static_cast<std::size_t>(n) > folder.size() && std::strncmp(target, folder.c_str(), folder.size()) == 0)
        continue;
    }
    close(fd);
  }
}

[[noreturn]] void run_child(ChildProcess::Report* report, const char* db_path, pid_t parent,
                            const ChildProcess::Work& work, const std::string& keep_open, int keep_fd) {
  // Dies with the parent: a killed indexer leaves no writer behind.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(4);
  close_inherited_files(keep_open, keep_fd);
  g_report = report;
  g_db_path = db_path;
  std::set_terminate(child_terminated);
  try {
    const std::string result = work();
    report->result_size = std::min(result.size(), ChildProcess::kMaxResult);
    std::memcpy(report->result, result.data(), report->result_size);
    report->kind = ChildProcess::Report::done;
    _exit(0);
  } catch (...) {
    record_current_exception();
  }
  _exit(1);
}

}  // namespace

ChildProcess::ChildProcess(std::string db_path, const Work& work, const std::string& keep_open, int keep_fd)
    : db_path_(std::move(db_path)) {
#if defined(__SANITIZE_ADDRESS__)
  try {
    try {
      result_ = work();
    } catch (const Xapian::Error&) {
      rethrow_as_quarry_error(db_path_);
    }
  } catch (...) {
    failure_ = std::current_exception();
  }
  return;
#endif
  std::string folder;
  if (!keep_open.empty()) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::canonical(keep_open, ec);
    folder = (ec ? std::filesystem::absolute(keep_open) : canonical).string() + "/";
  }
  void* shared = mmap(nullptr, sizeof(Report), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED)
    throw DatabaseError("cannot write database '" + db_path_ + "': " + std::strerror(errno));
  report_ = new (shared) Report();
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) run_child(report_, db_path_.c_str(), parent, work, folder, keep_fd);
  if (pid_ < 0) {
    const int error = errno;
    munmap(report_, sizeof(Report));
    report_ = nullptr;
    throw DatabaseError("cannot write database '" + db_path_ + "': cannot start a writer process (" +
                        std::strerror(error) + ")");
  }
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : db_path_(std::move(other.db_path_)),
      pid_(other.pid_),
      report_(other.report_),
      result_(std::move(other.result_)),
      failure_(std::move(other.failure_)) {
  other.pid_ = -1;
  other.report_ = nullptr;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (report_) munmap(report_, sizeof(Report));
}

std::string ChildProcess::wait() {
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  if (pid_ <= 0) return std::move(result_);
  int status = 0;
  pid_t got;
  while ((got = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  // With SIGCHLD ignored the child is reaped by the system: its report tells.
  const bool succeeded = got < 0 ? report_->kind == Report::done : WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (succeeded) return std::string(report_->result, report_->result_size);
  const std::string message = report_->message;
  switch (report_->kind) {
    case Report::locked: throw DatabaseLockedError(message);
    case Report::database: throw DatabaseError(message);
    case Report::error:
      if (!message.empty()) throw Error(message);
      break;
    default: break;
  }
  if (const std::string full = disk_full_message(db_path_); !full.empty()) throw DatabaseError(full);
  throw DatabaseError("the process working on database '" + db_path_ + "' " +
                      (got >= 0 && WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status))
                                                       : std::string("failed")) +
                      "; the last commit is intact");
}

std::string run_in_child(const std::string& db_path, const ChildProcess::Work& work, const std::string& keep_open) {
  return ChildProcess(db_path, work, keep_open).wait();
}

}  // namespace quarry
