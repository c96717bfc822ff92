#include "collapse.h"

#include <algorithm>

namespace quarry {

std::vector<std::size_t> fold_near_duplicates(const std::vector<const TextSketch*>& sketches, std::size_t window) {
  std::vector<std::size_t> under(sketches.size(), kNotFolded);
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < sketches.size(); ++i) {
    if (!sketches[i]) continue;
    // shown is in rank order: the window's part of it is its end.
    for (auto k = std::lower_bound(shown.begin(), shown.end(), i > window ? i - window : 0); k != shown.end(); ++k) {
      if (near_duplicates(*sketches[*k], *sketches[i])) {
        under[i] = *k;
        break;
      }
    }
    if (under[i] == kNotFolded) shown.push_back(i);
  }
  return under;
}

}  // namespace quarry
