#include "document_lookup.h"

#include "document.h"
#include "schema.h"
#include "snippet.h"

namespace quarry {

std::optional<DocumentText> find_document(const Xapian::Database& db, const std::string& doc,
                                          const HighlightPlan& plan, Analyser& analyser) {
  // Long ids share a hashed term with any id of the same start and hash: the
  // record has the last word.
  const std::string term = schema::id_term(schema::kDocPrefix, doc);
  for (Xapian::PostingIterator it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    DocumentRecord record = decode_record(db.get_document(*it).get_value(schema::kRecordSlot));
    if (record.doc != doc) continue;
    DocumentText out;
    out.doc = std::move(record.doc);
    out.kind = std::move(record.kind);
    out.title_highlights = find_highlights(record.title, title_plan(plan), analyser);
    out.title = std::move(record.title);
    out.date = std::move(record.date);
    out.section = std::move(record.section);
    out.source = std::move(record.source);
    out.url = std::move(record.url);
    for (const std::string& author : record.authors) out.author += (out.author.empty() ? "" : ", ") + author;
    out.site = std::move(record.site);
    out.language = std::move(record.language);
    for (StoredPassage& passage : record.passages) {
      Snippet whole{std::move(passage.text), {}};
      whole.highlights = find_highlights(whole.text, plan, analyser);
      out.passages.push_back(std::move(whole));
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace quarry
