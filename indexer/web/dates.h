// Dates as web pages write them, in the languages of the news we index:
// "2024-05-29T10:00Z", "29.05.2024", "May 29th, 2024", "29. Mai 2024",
// "1er juin 2024", "29 de mayo de 2024", "2024年5月29日", and in URLs
// ("/2024/05/29/"). Every result is a valid ISO day, YYYY-MM-DD.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quarry::web {

struct FoundDate {
  std::size_t position;  // byte offset of the match in the text
  std::string iso;
};

// Every date written in text, in order. month_first: read "05/06/2024" as
// May 6th (English pages); otherwise as 5 June.
std::vector<FoundDate> find_dates(std::string_view text, bool month_first = false);

// The first date in text, or nothing.
std::optional<std::string> first_date(std::string_view text, bool month_first = false);

// A machine-readable date (ISO 8601 with or without time, as in datetime
// attributes and meta tags); falls back to first_date.
std::optional<std::string> parse_machine_date(std::string_view text);

// A full date in a URL's path: /2024/05/29/, /20240529/, -2024-05-29-.
std::optional<std::string> date_in_url(std::string_view url);

// Publication dates before the web or after today (with a day's slack for
// time zones) are not believed. today: ISO; empty means the system clock's.
bool plausible_date(const std::string& iso, const std::string& today = {});

std::string today_iso();

// The day after an ISO day; how many days lie between two.
std::string next_day(const std::string& iso);
int days_apart(const std::string& a, const std::string& b);

}  // namespace quarry::web
