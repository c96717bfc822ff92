// Passage scores from Xapian's positional data: which passage of a document
// holds the query's words, without re-reading or re-analysing its text.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "document.h"
#include "query_parser.h"

namespace quarry {

class PassageRanker {
 public:
  // The words scored are the plan's terms and the words of its phrases.
  PassageRanker(const Xapian::Database& db, const HighlightPlan& plan);

  // BM25 of each passage of the document (0 where no query word occurs),
  // with collection-wide idf and lengths normalised by the average passage.
  std::vector<double> score(Xapian::docid did, const std::vector<PassageSpan>& passages) const;

  bool empty() const { return terms_.empty(); }

 private:
  struct Term {
    std::string term;
    double idf;
  };
  const Xapian::Database& db_;
  std::vector<Term> terms_;
  double average_length_ = 100;
};

}  // namespace quarry
