#include "stop_words.h"

#include <xapian.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>
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

// Frames of English requests, written as word patterns: "(a|b c)" is one of
// the alternatives (each may be several words), "?" after a word or group
// makes it optional. Only first-person requests, politeness and the nouns
// that name what is wanted ("information on", "papers dealing with"): what
// the request is about is never in a frame.
const char* const kEnglishFrames[] = {
    "(i am|i'm|we are) (particularly|especially|also|mainly|chiefly|primarily|mostly)? interested (in|to know|to learn)",
    "(i|we) (would|should|will) be? (pleased|glad|grateful|happy|delighted|thankful|interested) "
    "(to receive|to have|to get|to see|to know|to learn|to obtain|to read|to find|for)?",
    "(i'd|we'd) be? (pleased|glad|grateful|happy|delighted|thankful|interested) "
    "(to receive|to have|to get|to see|to know|to learn|to obtain|to read|to find|for)?",
    "(i|we) (would|should) (like|appreciate|welcome|value) "
    "(to receive|to have|to get|to see|to know|to learn|to obtain|to read|to find)?",
    "(i'd|we'd) (like|appreciate|welcome) (to receive|to have|to get|to see|to know|to learn|to obtain|to read|to find)?",
    "(i|we) (want|wish|need|require|seek) (to receive|to have|to get|to see|to know|to learn|to obtain|to read|to find)?",
    "(i am|i'm|we are) (looking|searching|asking) for",
    "(please|kindly) (send|give|provide|find|show|tell|list|supply|suggest) (me|us)?",
    "(can|could|would|will) you please? (send|give|provide|find|show|tell|list|supply|suggest) (me|us)?",
    "(information|documents|articles|papers|literature|references|publications) "
    "(on|about|concerning|regarding|covering|discussing|describing|dealing with|relating to|related to|"
    "pertaining to|that discuss|which discuss|that describe|which describe|that deal with|which deal with)",
    "(would|will) be (welcome|appreciated|helpful|useful|gratefully received)",
    "(thank you|thanks)",
    "(relevant|pertinent) (documents|articles|papers) (will|would|must|should|may)? "
    "(discuss|describe|mention|identify|contain|report|include)?",
};

using Frame = std::vector<std::string>;

// Every word sequence a pattern stands for.
std::vector<Frame> expand(const std::string& pattern) {
  std::vector<std::vector<Frame>> slots;  // per slot: its alternatives (an empty one if optional)
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == ' ') {
      ++i;
      continue;
    }
    std::vector<Frame> alternatives;
    if (pattern[i] == '(') {
      const std::size_t close = pattern.find(')', i);
      std::stringstream group(pattern.substr(i + 1, close - i - 1));
      std::string alternative;
      while (std::getline(group, alternative, '|')) {
        std::stringstream words(alternative);
        Frame frame;
        for (std::string word; words >> word;) frame.push_back(word);
        alternatives.push_back(frame);
      }
      i = close + 1;
    } else {
      const std::size_t end = std::min(pattern.find_first_of(" ?", i), pattern.size());
      alternatives.push_back({pattern.substr(i, end - i)});
      i = end;
    }
    if (i < pattern.size() && pattern[i] == '?') {
      alternatives.emplace_back();
      ++i;
    }
    slots.push_back(std::move(alternatives));
  }
  std::vector<Frame> frames{{}};
  for (const std::vector<Frame>& slot : slots) {
    std::vector<Frame> longer;
    for (const Frame& start : frames)
      for (const Frame& alternative : slot) {
        Frame frame = start;
        frame.insert(frame.end(), alternative.begin(), alternative.end());
        longer.push_back(std::move(frame));
      }
    frames = std::move(longer);
  }
  return frames;
}

// By first word, longest first: at each word the longest frame that fits is taken.
const std::unordered_map<std::string, std::vector<Frame>>& english_frames() {
  static const std::unordered_map<std::string, std::vector<Frame>> kFrames = [] {
    std::unordered_map<std::string, std::vector<Frame>> all;
    for (const char* pattern : kEnglishFrames)
      for (Frame& frame : expand(pattern))
        if (!frame.empty()) all[frame.front()].push_back(std::move(frame));
    for (auto& [word, frames] : all)
      std::stable_sort(frames.begin(), frames.end(), [](const Frame& a, const Frame& b) { return a.size() > b.size(); });
    return all;
  }();
  return kFrames;
}

}  // namespace

std::vector<bool> request_frame_words(const std::vector<std::string>& words, const std::string& language) {
  std::vector<bool> marked(words.size(), false);
  if (language != "english") return marked;
  const auto& frames = english_frames();
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    const auto starting = frames.find(words[i]);
    if (starting != frames.end())
      for (const Frame& frame : starting->second)
        if (frame.size() <= words.size() - i && std::equal(frame.begin(), frame.end(), words.begin() + i)) {
          matched = frame.size();
          break;
        }
    for (std::size_t k = 0; k < matched; ++k) marked[i + k] = true;
    i += std::max<std::size_t>(matched, 1);
  }
  return marked;
}

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
