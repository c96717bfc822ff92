#include "more_like_this.h"

#include <cctype>

#include "document.h"
#include "quarry/error.h"
#include "schema.h"
#include "stop_words.h"

namespace quarry {
namespace {

// Words of DOC searched: enough to find its story, few enough to stay fast.
constexpr Xapian::termcount kLikeTerms = 40;

}  // namespace

LikeDocument like_document(const Xapian::Database& db, const std::string& doc, const std::string& language,
                           HighlightPlan& plan) {
  LikeDocument like;
  like.id_term = schema::id_term(schema::kDocPrefix, doc);
  Xapian::PostingIterator found = db.postlist_begin(like.id_term);
  if (found == db.postlist_end(like.id_term))
    throw UsageError("no document '" + doc + "' to find documents like it");
  const Xapian::Document stored = db.get_document(*found);
  like.sketch = decode_sketch(decode_passage_map(stored.get_value(schema::kPassageMapSlot)).sketch);
  Xapian::RSet rset;
  rset.add_document(*found);
  struct Words : Xapian::ExpandDecider {
    std::string language;
    bool operator()(const std::string& term) const override {
      return term.size() > 1 && !schema::is_prefixed(term) &&
             !std::isdigit(static_cast<unsigned char>(term[0])) && !is_stop_stem(term, language);
    }
  } words;
  words.language = language;
  Xapian::Enquire enquire(db);
  // Exact term frequencies: over shards Xapian otherwise scales each shard's
  // own frequency up to the whole, which weighs a document's rarest words (a
  // shard of a small collection holds them once) at or below zero, and DOC
  // found nothing like it.
  const Xapian::ESet eset = enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
  std::vector<Xapian::Query> terms;
  for (Xapian::ESetIterator it = eset.begin(); it != eset.end(); ++it) {
    terms.emplace_back(*it);
    plan.terms.insert(*it);
  }
  if (!terms.empty()) like.query = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  return like;
}

}  // namespace quarry
