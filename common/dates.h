// Dates as news pages print them, turned into ISO "YYYY-MM-DD" strings that sort
// and range correctly as text (the form the date value slot holds).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quarry {

// "April 12th, 2023", "29 May, 2024", "May 29, 2024", "2024-05-29" -> "YYYY-MM-DD".
std::optional<std::string> parse_date(std::string_view text);

// A full or partial ISO date: "2024", "2024-05" or "2024-05-29".
bool is_iso_date_prefix(std::string_view text);

}  // namespace quarry
