// A remote shard for tests: xapian-tcpsrv serving one database on 127.0.0.1
// at a free port, in its own process group so that stopping it also ends the
// children it forks for each connection (a shard that is down, not half up).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#ifndef QUARRY_TCPSRV_BIN
#define QUARRY_TCPSRV_BIN ""
#endif

namespace quarry::test {

class ShardServer {
 public:
  // Fails the current test when no server listens within a few seconds.
  explicit ShardServer(const std::string& database) {
    if (std::string(QUARRY_TCPSRV_BIN).empty()) {
      ADD_FAILURE() << "xapian-tcpsrv was not found at configure time; scripts/install-deps installs xapian-tools";
      return;
    }
    // A free port can be taken between asking and listening: try again then.
    for (int attempt = 0; attempt < 5 && !pid_; ++attempt) start(database, free_port());
    if (!pid_) ADD_FAILURE() << "xapian-tcpsrv did not start for " << database;
    database_ = database;
  }
  ~ShardServer() { stop(); }
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;

  std::string location() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  // Ends the server and every connection it serves; waits a bounded time.
  void stop() {
    if (!pid_) return;
    kill(-pid_, SIGTERM);
    if (!reaped(std::chrono::seconds(5))) {
      kill(-pid_, SIGKILL);
      reaped(std::chrono::seconds(5));
    }
    kill(-pid_, SIGKILL);  // forked connection handlers that ignored SIGTERM
    pid_ = 0;
  }

  // Serves the same database at the same location again, after stop().
  void restart() {
    if (pid_ || !port_) return;
    start(database_, port_);
    if (!pid_) ADD_FAILURE() << "xapian-tcpsrv did not restart on port " << port_;
  }

  // A loopback port nothing listens on (just now).
  static unsigned free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    unsigned port = 0;
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
      port = ntohs(address.sin_port);
    close(fd);
    return port;
  }

 private:
  void start(const std::string& database, unsigned port) {
    if (!port) return;
    const pid_t pid = fork();
    if (pid < 0) return;
    if (pid == 0) {
      setpgid(0, 0);
      // Its complaints about the readiness probes below are noise here.
      const int null = open("/dev/null", O_WRONLY);
      if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
      }
      const std::string port_text = std::to_string(port);
      execl(QUARRY_TCPSRV_BIN, QUARRY_TCPSRV_BIN, "--quiet", "--interface", "127.0.0.1", "--port",
            port_text.c_str(), database.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    setpgid(pid, pid);  // also here, so that kill(-pid) works whoever runs first
    pid_ = pid;
    port_ = port;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {  // exited: port taken, bad database
        kill(-pid_, SIGKILL);
        pid_ = 0;
        return;
      }
      if (accepts_connections()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    stop();
  }

  bool accepts_connections() const {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port_));
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    close(fd);
    return ok;
  }

  bool reaped(std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      const pid_t done = waitpid(pid_, nullptr, WNOHANG);
      if (done == pid_ || done < 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  std::string database_;
  pid_t pid_ = 0;
  unsigned port_ = 0;
};

}  // namespace quarry::test
