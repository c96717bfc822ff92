#include "stop_words.h"

#include <xapian.h>

#include <unordered_set>

namespace quarry {

namespace {

const std::unordered_set<std::string>& english() {
  // Snowball's English stop list, less the negations ("no", "not", "nor"),
  // which change what a query means.
  static const std::unordered_set<std::string> kEnglish = {
      "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
      "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
      "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
      "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
      "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "would",
      "should", "could", "ought", "a", "an", "the", "and", "but", "if", "or", "because", "as",
      "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into",
      "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
      "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there",
      "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other",
      "some", "such", "only", "own", "same", "so", "than", "too", "very", "can", "will", "just",
      "must", "shall", "may", "might"};
  return kEnglish;
}

}  // namespace

bool is_stop_word(const std::string& term, const std::string& language) {
  return language == "english" && english().count(term) > 0;
}

bool is_stop_stem(const std::string& term, const std::string& language) {
  if (language != "english") return false;
  static const std::unordered_set<std::string> kStems = [] {
    Xapian::Stem stem("english");
    std::unordered_set<std::string> stems;
    for (const std::string& word : english()) stems.insert(stem(word));
    return stems;
  }();
  return kStems.count(term) > 0;
}

bool is_feedback_noise(const std::string& term, const std::string& language) {
  if (language != "english") return false;
  static const std::unordered_set<std::string> kStems = [] {
    Xapian::Stem stem("english");
    std::unordered_set<std::string> stems;
    for (const char* word :
         {"no", "not", "nor", "said", "say", "says", "saying", "told", "tell", "added", "also", "mr", "mrs",
          "ms", "dr", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"})
      stems.insert(stem(word));
    return stems;
  }();
  return is_stop_stem(term, language) || kStems.count(term) > 0;
}

}  // namespace quarry
