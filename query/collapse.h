// One hit per story: near-duplicate documents (near_duplicates.h) folded into
// the best-ranked of them. A document is folded when it near-duplicates a
// document shown above it, and goes under the first such one; decided walking
// the ranking from its top, so every page of a result cuts the same list.
#pragma once

#include <cstddef>
#include <vector>

#include "near_duplicates.h"

namespace quarry {

inline constexpr std::size_t kNotFolded = static_cast<std::size_t>(-1);

// Walks documents in rank order (sketches[i] of the i-th; nullptr: a
// document that is not shown, which folds nothing). Returns, for each, the
// index it folds under, or kNotFolded for a document shown. Earlier answers
// never change when documents are appended: call it again on a longer list.
std::vector<std::size_t> fold_near_duplicates(const std::vector<const TextSketch*>& sketches);

}  // namespace quarry
