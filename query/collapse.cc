#include "collapse.h"

namespace quarry {

std::vector<std::size_t> fold_near_duplicates(const std::vector<const TextSketch*>& sketches) {
  std::vector<std::size_t> under(sketches.size(), kNotFolded);
  std::vector<std::size_t> shown;
  for (std::size_t i = 0; i < sketches.size(); ++i) {
    if (!sketches[i]) continue;
    for (std::size_t k : shown) {
      if (near_duplicates(*sketches[k], *sketches[i])) {
        under[i] = k;
        break;
      }
    }
    if (under[i] == kNotFolded) shown.push_back(i);
  }
  return under;
}

}  // namespace quarry
