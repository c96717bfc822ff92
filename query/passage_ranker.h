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
  // The words scored are the plan's terms and the words of its phrases and
  // NEARs (a word only those hold where they match: what the snippet marks,
  // so that the best passage is one that shows the match);
  // statistics come from db, term frequencies from matches (an MSet of a
  // query on db holds those of its terms: remote shards need not be asked
  // again). passage_count: passages in all of db (for several shards, their sum).
  PassageRanker(const Xapian::Database& db, const Xapian::MSet& matches, const HighlightPlan& plan,
                double passage_count);

  // BM25 of each passage of document did of source (0 where no query word
  // occurs), with collection-wide idf and lengths normalised by the average
  // passage. source is db or one of its shards (then did is the shard's own
  // docid); const, so shards may be scored on several threads at once.
  // proximity, when given, gets Buttcher, Clarke & Lushman's (2006)
  // term-proximity score of the whole document: each occurrence of a query
  // word earns the idf of the other query word next to it over their
  // distance squared, saturated as BM25.
  // title, when given, gets the query words found in the document's given
  // title (whose positions follow the last passage's; schema.h) and the sum
  // of their idf.
  struct TitleMatch {
    unsigned words = 0;
    double idf = 0;
  };
  std::vector<double> score(const Xapian::Database& source, Xapian::docid did,
                            const std::vector<PassageSpan>& passages, double* proximity = nullptr,
                            TitleMatch* title = nullptr) const;

  bool empty() const { return terms_.empty(); }

 private:
  // Keeps, of each restricted word's positions (one sorted list per term),
  // those inside an occurrence of a phrase, or of a NEAR's match, that holds it.
  void counted_positions(std::vector<std::vector<Xapian::termpos>>& positions) const;

  struct Term {
    std::string term;
    double idf;
    bool restricted = false;  // only in the plan's phrases and NEARs: counted where they match
  };
  // A phrase of the plan: its words as indexes into terms_, and their offsets.
  struct Phrase {
    std::vector<std::size_t> terms;
    std::vector<Xapian::termpos> offsets;
  };
  std::vector<Term> terms_;
  std::vector<Phrase> phrases_;
  // A NEAR of the plan, and its groups' words as indexes into terms_.
  struct Near {
    NearGroups groups;
    std::vector<std::size_t> terms;
  };
  std::vector<Near> nears_;
  double average_length_ = 100;
  double average_document_ = 100;
};

}  // namespace quarry
