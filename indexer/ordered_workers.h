// Analysis runs on several threads; Xapian writes must happen on one. This
// runs units of work in parallel and hands results back in submission order,
// so that a parallel run writes exactly what a serial one would.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace quarry {

template <class In, class Out>
class OrderedWorkers {
 public:
  using Work = std::function<Out(In&&)>;
  using Sink = std::function<void(Out&&)>;

  // in_flight bounds memory: submit() waits while that many units are unfinished.
  OrderedWorkers(unsigned threads, std::size_t in_flight, Work work)
      : work_(std::move(work)), in_flight_(in_flight) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
  }

  ~OrderedWorkers() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  OrderedWorkers(const OrderedWorkers&) = delete;
  OrderedWorkers& operator=(const OrderedWorkers&) = delete;

  void submit(In&& unit, const Sink& sink) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.emplace_back(next_submit_++, std::move(unit));
    }
    work_ready_.notify_one();
    emit(sink, in_flight_);
  }

  // Hands every remaining result to sink.
  void finish(const Sink& sink) { emit(sink, 0); }

 private:
  struct Result {
    Out out;
    std::exception_ptr error;
  };

  void run() {
    for (;;) {
      std::pair<std::uint64_t, In> item;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        item = std::move(queue_.front());
        queue_.pop_front();
      }
      Result result;
      try {
        result.out = work_(std::move(item.second));
      } catch (...) {
        result.error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.emplace(item.first, std::move(result));
      }
      done_ready_.notify_all();
    }
  }

  void emit(const Sink& sink, std::size_t allowed_in_flight) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      auto next = done_.find(next_emit_);
      if (next != done_.end()) {
        Result result = std::move(next->second);
        done_.erase(next);
        ++next_emit_;
        lock.unlock();
        if (result.error) std::rethrow_exception(result.error);
        sink(std::move(result.out));
        lock.lock();
        continue;
      }
      if (next_submit_ - next_emit_ <= allowed_in_flight) return;
      done_ready_.wait(lock);
    }
  }

  Work work_;
  std::size_t in_flight_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable done_ready_;
  std::deque<std::pair<std::uint64_t, In>> queue_;
  std::map<std::uint64_t, Result> done_;
  std::uint64_t next_submit_ = 0;
  std::uint64_t next_emit_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace quarry
