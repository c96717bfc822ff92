#include "prefix_terms.h"

#include <algorithm>

namespace quarry {

std::vector<std::string> terms_with_prefix(const Xapian::Database& db, const std::string& prefix, std::size_t max) {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  auto better = [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; };
  for (Xapian::TermIterator t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    found.emplace_back(t.get_termfreq(), *t);
    // Keep the best max so far; a heap would save little at these sizes.
    if (found.size() >= 4 * max + 64) {
      std::nth_element(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(max), found.end(), better);
      found.resize(max);
    }
  }
  const std::size_t keep = std::min(max, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(), better);
  std::vector<std::string> terms;
  for (std::size_t i = 0; i < keep; ++i) terms.push_back(std::move(found[i].second));
  return terms;
}

}  // namespace quarry
