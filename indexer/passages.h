// Articles are ranked and shown passage by passage; this decides where passages end.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace quarry {

// Paragraphs (blank-line separated; single lines when the text has no blank
// lines). Very short paragraphs join the next; long ones are cut at sentence
// ends, else at spaces, so that no passage exceeds max_bytes by much.
std::vector<std::string> split_passages(std::string_view body, std::size_t max_bytes = 1000);

}  // namespace quarry
