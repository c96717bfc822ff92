// The knobs of Quarry's ranking, in one place. Defaults are what the
// evaluation (eval/README.md) chose by cross-validation; QUARRY_RANKING lets
// the tuning script try others without rebuilding.
#pragma once

#include <string>

namespace quarry {

struct RankingParams {
  double k1 = 1.2;              // document BM25 term-frequency saturation
  double b = 0.75;              // document BM25 length normalisation
  double title_weight = 0.0;    // extra weight of query words found in the title
  double passage_weight = 0.25; // weight of the best passage's score beside the document's
  unsigned prf_mode = 1;        // pseudo-relevance feedback: 0 Xapian's ESet (new words only),
                                //   1 RM3 (relevance model; also reweights the query's words)
  unsigned prf_docs = 5;        //   top documents taken as relevant
  double prf_sharpness = 20.0;  //   RM3: P(d|q) grows as exp(this x d's weight / the top weight);
                                //   0: in proportion to the weight
  unsigned prf_terms = 30;      //   and terms taken from them (0: off)
  double prf_weight = 1.0;      //   weight of the added terms (RM3: their total, per query word)
  unsigned prf_min_words = 5;   //   only for queries with this many words: a question,
                                //   not a headline (it triples a query's cost, or more)
  unsigned prf_parts = 3;       //   a request of several sentences: a model per sentence of at
                                //   least this many searched words (0: one for the whole query)
  double tp_weight = 0.5;       // weight of the document's term-proximity score (passage_ranker.h)
  double title_cover_weight = 3.0;  // weight of how fully the query covers a given title:
                                    //   (its words found / its words)^2 x their idf (issue 18)
  bool stop_words = true;       // drop stop words from queries with other words (English only)
  bool request_frames = true;   // and request boilerplate ("I am interested in"; stop_words.h)

  // Defaults, overridden by "name=value,..." from $QUARRY_RANKING when set.
  // Throws UsageError for an unknown name or bad value.
  static RankingParams from_environment();
};

}  // namespace quarry
