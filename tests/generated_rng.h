// The random numbers of the generated checks (operator, facet and highlight
// mixes, serve parity): deterministic on every platform, as std's
// distributions are not, so a seed names the same run everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace quarry::test {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed * 2862933555777941757ULL + 3037000493ULL) {}
  std::uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33);
  }
  std::size_t below(std::size_t n) { return next() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

 private:
  std::uint64_t state_;
};

}  // namespace quarry::test
