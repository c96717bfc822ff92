// quarry-serve as a user runs it, for end-to-end tests: started on a free
// port of 127.0.0.1, ready once it says where it listens, stopped by signal.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "cli_runner.h"

namespace quarry::test {

class ServerProcess {
 public:
  // Starts program with args plus "--port 0" and waits until it prints
  // "listening on http://127.0.0.1:PORT"; throws if it exits first.
  ServerProcess(const std::string& program, std::vector<std::string> args, const std::string& log_path)
      : log_path_(log_path) {
    args.insert(args.begin(), program);
    args.push_back("--port");
    args.push_back("0");
    std::remove(log_path.c_str());  // not to read an earlier server's port
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int null = open("/dev/null", O_RDWR);
      dup2(null, 0);
      dup2(null, 1);
      dup2(log, 2);
      std::vector<char*> argv;
      for (std::string& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const std::string ready = "listening on http://127.0.0.1:";
    // Bounded: a server that never gets ready fails the test, it does not hang it.
    for (int attempt = 0; attempt < 3000; ++attempt) {
      const std::string text = log();
      const std::size_t at = text.find(ready);
      if (at != std::string::npos && text.find('\n', at) != std::string::npos) {
        port_ = std::stoi(text.substr(at + ready.size()));
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("quarry-serve exited before it was ready: " + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("quarry-serve did not get ready: " + log());
  }

  ~ServerProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return slurp(log_path_); }

  // Sends signal and waits for the exit: its status, or -1 if it died of a signal.
  int stop(int signal = SIGTERM) {
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace quarry::test
