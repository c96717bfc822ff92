#include "dates.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace quarry {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"};

int month_number(std::string_view word) {
  if (word.size() < 3) return 0;
  std::string lower;
  for (char c : word) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i].substr(0, lower.size()) == lower) return static_cast<int>(i) + 1;
  return 0;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<std::string> format(int year, int month, int day) {
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month))
    return std::nullopt;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return std::string(buffer);
}

// Words and numbers of the text; ordinal suffixes ("12th") and punctuation dropped.
struct Part {
  bool number;
  int value;
  std::string_view word;
};

std::vector<Part> split(std::string_view text) {
  std::vector<Part> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isdigit(c)) {
      int value = 0;
      std::size_t digits = 0;
      for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits)
        if (digits < 6) value = value * 10 + (text[i] - '0');
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;  // "12th"
      parts.push_back({true, value, {}});
    } else if (std::isalpha(c)) {
      const std::size_t start = i;
      while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
      parts.push_back({false, 0, text.substr(start, i - start)});
    } else {
      ++i;
    }
  }
  return parts;
}

}  // namespace

std::optional<std::string> parse_date(std::string_view text) {
  // ISO first: "2024-05-29" (possibly followed by a time).
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(std::string(text.substr(0, 10)).c_str(), "%4d-%2d-%2d", &y, &m, &d) == 3)
      return format(y, m, d);
  }
  const std::vector<Part> parts = split(text);
  for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
    const Part &a = parts[i], &b = parts[i + 1], &c = parts[i + 2];
    if (!c.number) continue;
    if (a.number && !b.number && month_number(b.word))  // 29 May, 2024
      return format(c.value, month_number(b.word), a.value);
    if (!a.number && month_number(a.word) && b.number)  // April 12th, 2023
      return format(c.value, month_number(a.word), b.value);
  }
  return std::nullopt;
}

bool is_iso_date_prefix(std::string_view t) {
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i)
      if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return true;
  };
  if (t.size() == 4) return digits(0, 4);
  if (t.size() == 7) return digits(0, 4) && t[4] == '-' && digits(5, 2);
  if (t.size() == 10) return parse_date(t).has_value() && digits(0, 4) && t[4] == '-';
  return false;
}

}  // namespace quarry
