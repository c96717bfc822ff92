// One hit per story: near-duplicate documents (near_duplicates.h) folded into
// the best-ranked of them. A document is folded when it near-duplicates a
// document shown shortly above it, and goes under the first such one; decided
// walking the ranking from its top, so every page of a result cuts the same list.
#pragma once

#include <cstddef>
#include <vector>

#include "near_duplicates.h"

namespace quarry {

inline constexpr std::size_t kNotFolded = static_cast<std::size_t>(-1);

// A document folds only under a shown document at most this many places
// above it in the ranking. A hit then lists every copy it folds once the
// ranking is read this far past it, which a page costs little more than
// its own documents; a copy ranked farther below is a hit of its own. (To
// find copies at any depth, each page would need a pass over all the
// matches: see eval/README.md, "One hit per story".)
inline constexpr std::size_t kFoldWindow = 40;

// Walks documents in rank order (sketches[i] of the i-th; nullptr: a
// document that is not shown, which folds nothing). Returns, for each, the
// index it folds under (the first shown document of the window places
// above it that it near-duplicates), or kNotFolded for a document shown.
// Earlier answers never change when documents are appended: call it again
// on a longer list.
std::vector<std::size_t> fold_near_duplicates(const std::vector<const TextSketch*>& sketches,
                                              std::size_t window = kFoldWindow);

}  // namespace quarry
