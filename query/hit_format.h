// How quarry-search prints hits: a human layout for terminals and JSON lines
// for tools. Both take the same Hit values.
#pragma once

#include <string>

#include "quarry/search.h"

namespace quarry {

// {"rank":1,"score":..,"doc":..,"kind":..,"title":..,"date":..|null,"source":..,
//  "passage":0,"snippet":..,"highlights":[[b,e],...],"similar":[..]} plus "qid" when qid is given.
// With explain, an "explain" object shows how the score was composed; with
// partial, "partial":true says that some shards were left out.
std::string format_json_line(const Hit& hit, const std::string* qid, bool explain = false,
                             const std::vector<std::string>* feedback_terms = nullptr,
                             bool partial = false);

// {"suggestion":"imran khan"} (plus "qid"): the corrected query, after the hits.
std::string format_json_suggestion(const std::string& suggestion, const std::string* qid);

// Rank and title, then kind, date and source, then the snippet.
std::string format_text(const Hit& hit, bool color, bool explain = false);

}  // namespace quarry
