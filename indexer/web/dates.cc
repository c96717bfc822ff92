#include "dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace quarry::web {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<std::string> make(int y, int m, int d) {
  if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

// Month names and their accepted abbreviations, lower case UTF-8 (English,
// German, French, Spanish, Italian, Portuguese, Dutch, Polish, Swedish...).
struct MonthName {
  std::string_view name;
  int month;
};
constexpr MonthName kMonths[] = {
    {"january", 1}, {"jan", 1}, {"januar", 1}, {"jänner", 1}, {"janvier", 1}, {"janv", 1},
    {"enero", 1}, {"ene", 1}, {"gennaio", 1}, {"gen", 1}, {"janeiro", 1}, {"januari", 1},
    {"stycznia", 1}, {"styczeń", 1}, {"february", 2}, {"feb", 2}, {"febr", 2}, {"februar", 2},
    {"février", 2}, {"fevrier", 2}, {"févr", 2}, {"fév", 2}, {"febrero", 2}, {"febbraio", 2},
    {"fevereiro", 2}, {"fev", 2}, {"februari", 2}, {"lutego", 2}, {"luty", 2}, {"march", 3},
    {"mar", 3}, {"märz", 3}, {"maerz", 3}, {"mrz", 3}, {"mär", 3}, {"mars", 3}, {"marzo", 3},
    {"março", 3}, {"maart", 3}, {"marca", 3}, {"marzec", 3}, {"april", 4}, {"apr", 4},
    {"avril", 4}, {"avr", 4}, {"abril", 4}, {"abr", 4}, {"aprile", 4}, {"kwietnia", 4},
    {"kwiecień", 4}, {"may", 5}, {"mai", 5}, {"mayo", 5}, {"maggio", 5}, {"mag", 5}, {"maio", 5},
    {"mei", 5}, {"maja", 5}, {"maj", 5}, {"june", 6}, {"jun", 6}, {"juni", 6}, {"juin", 6},
    {"junio", 6}, {"giugno", 6}, {"giu", 6}, {"junho", 6}, {"czerwca", 6}, {"czerwiec", 6},
    {"july", 7}, {"jul", 7}, {"juli", 7}, {"juillet", 7}, {"juil", 7}, {"julio", 7}, {"luglio", 7},
    {"lug", 7}, {"julho", 7}, {"lipca", 7}, {"lipiec", 7}, {"august", 8}, {"aug", 8}, {"août", 8},
    {"aout", 8}, {"agosto", 8}, {"ago", 8}, {"augustus", 8}, {"sierpnia", 8}, {"augusti", 8},
    {"september", 9}, {"sep", 9}, {"sept", 9}, {"septembre", 9}, {"septiembre", 9}, {"settembre", 9},
    {"set", 9}, {"setembro", 9}, {"września", 9}, {"october", 10}, {"oct", 10}, {"oktober", 10},
    {"okt", 10}, {"octobre", 10}, {"octubre", 10}, {"ottobre", 10}, {"ott", 10}, {"outubro", 10},
    {"out", 10}, {"października", 10}, {"november", 11}, {"nov", 11}, {"novembre", 11},
    {"noviembre", 11}, {"novembro", 11}, {"listopada", 11}, {"december", 12}, {"dec", 12},
    {"dezember", 12}, {"dez", 12}, {"décembre", 12}, {"decembre", 12}, {"déc", 12},
};
// Names too common as words to trust after a bare number ("1 out of 3") are still
// safe here: a month word only counts between a day and a year.
constexpr MonthName kMoreMonths[] = {
    {"diciembre", 12}, {"dicembre", 12}, {"dic", 12}, {"dezembro", 12}, {"grudnia", 12}, {"augusto", 8},
    // Russian and Ukrainian, as dates write them ("15 августа 2016", "3 березня 2021").
    {"января", 1}, {"февраля", 2}, {"марта", 3}, {"апреля", 4}, {"мая", 5}, {"июня", 6},
    {"июля", 7}, {"августа", 8}, {"сентября", 9}, {"октября", 10}, {"ноября", 11}, {"декабря", 12},
    {"січня", 1}, {"лютого", 2}, {"березня", 3}, {"квітня", 4}, {"травня", 5}, {"червня", 6},
    {"липня", 7}, {"серпня", 8}, {"вересня", 9}, {"жовтня", 10}, {"листопада", 11}, {"грудня", 12},
};

int month_of(std::string_view word) {
  std::string w;
  for (char c : word) w.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  // Capitalised accented letters of the names above (É, Ä).
  for (std::size_t k = 0; k + 1 < w.size(); ++k) {
    if (w.compare(k, 2, "\xC3\x89") == 0) w.replace(k, 2, "\xC3\xA9");
    if (w.compare(k, 2, "\xC3\x84") == 0) w.replace(k, 2, "\xC3\xA4");
  }
  for (const MonthName& m : kMonths)
    if (m.name == w) return m.month;
  for (const MonthName& m : kMoreMonths)
    if (m.name == w) return m.month;
  return 0;
}

bool letter_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// Reads up to max digits at k; returns the count read.
int read_number(std::string_view s, std::size_t k, int max, int& value) {
  int n = 0;
  value = 0;
  while (k + n < s.size() && digit(s[k + n]) && n < max) {
    value = value * 10 + (s[k + n] - '0');
    ++n;
  }
  return n;
}

struct Token {
  enum Kind { kNumber, kWord, kSep } kind;
  std::size_t begin, end;
  int value = 0;
  char sep = 0;  // kSep: the separator character, ' ' for spaces
};

// "29-10-2021" at k in a URL path, between separators (day first; month
// first when the second number cannot be a month).
std::optional<std::string> day_first_in_path(std::string_view path, std::size_t k) {
  if (k > 0 && path[k - 1] != '/' && path[k - 1] != '-' && path[k - 1] != '_') return std::nullopt;
  int a = 0, b = 0, y = 0;
  const int na = read_number(path, k, 2, a);
  std::size_t p = k + na;
  if (na != 2 || p >= path.size() || (path[p] != '-' && path[p] != '_')) return std::nullopt;
  const char sep = path[p];
  const int nb = read_number(path, p + 1, 2, b);
  p += 1 + nb;
  if (nb != 2 || p >= path.size() || path[p] != sep) return std::nullopt;
  const int ny = read_number(path, p + 1, 4, y);
  p += 1 + ny;
  if (ny != 4 || (p < path.size() && digit(path[p]))) return std::nullopt;
  return b > 12 ? make(y, a, b) : make(y, b, a);
}

}  // namespace

std::vector<FoundDate> find_dates(std::string_view s, bool month_first) {
  std::vector<FoundDate> out;
  // Numeric forms first, scanning for digit runs.
  std::vector<bool> used(s.size() + 1, false);
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (!digit(s[k]) || (k > 0 && digit(s[k - 1]))) continue;
    int a = 0;
    const int na = read_number(s, k, 5, a);
    std::size_t p = k + na;
    if (p >= s.size()) continue;
    // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日
    if (na == 4) {
      const bool cjk = s.compare(p, 3, "\xE5\xB9\xB4") == 0;  // 年
      const char sep = s[p];
      if (cjk || sep == '-' || sep == '/' || sep == '.') {
        const std::size_t q = p + (cjk ? 3 : 1);
        int b = 0, c = 0;
        const int nb = read_number(s, q, 2, b);
        if (nb == 0) continue;
        std::size_t r = q + nb;
        const bool cjk_month = cjk && s.compare(r, 3, "\xE6\x9C\x88") == 0;  // 月
        if (cjk ? !cjk_month : (r >= s.size() || s[r] != sep)) continue;
        r += cjk ? 3 : 1;
        const int nc = read_number(s, r, 2, c);
        if (nc == 0 || (r + nc < s.size() && digit(s[r + nc]))) continue;
        if (auto iso = make(a, b, c)) {
          out.push_back({k, *iso});
          for (std::size_t u = k; u < r + nc; ++u) used[u] = true;
        }
      }
      continue;
    }
    // DD.MM.YYYY, DD/MM/YYYY (MM/DD/YYYY on English pages), DD-MM-YYYY, DD.MM.YY
    if (na <= 2) {
      const char sep = s[p];
      if (sep != '.' && sep != '/' && sep != '-') continue;
      int b = 0, c = 0;
      const int nb = read_number(s, p + 1, 2, b);
      if (nb == 0) continue;
      const std::size_t r = p + 1 + nb;
      if (r >= s.size() || s[r] != sep) continue;
      const int nc = read_number(s, r + 1, 4, c);
      if (nc != 4 && !(nc == 2 && sep == '.')) continue;
      if (r + 1 + nc < s.size() && digit(s[r + 1 + nc])) continue;
      if (nc == 2) c += 2000;
      int day = a, month = b;
      if (sep == '/' && (month_first ? a <= 12 : b > 12) && b <= 31) {
        day = b;
        month = a;
      }
      if (auto iso = make(c, month, day)) {
        out.push_back({k, *iso});
        for (std::size_t u = k; u < r + 1 + nc; ++u) used[u] = true;
      }
    }
  }

  // Forms with month names: day month year, month day year.
  std::vector<Token> tokens;
  for (std::size_t k = 0; k < s.size();) {
    const auto c = static_cast<unsigned char>(s[k]);
    if (digit(s[k])) {
      Token t{Token::kNumber, k, k};
      int v = 0;
      const int n = read_number(s, k, 6, v);
      std::size_t e = k + n;
      while (e < s.size() && digit(s[e])) ++e;
      t.value = e - k > 6 ? -1 : v;
      // Ordinal suffixes: 1st 2nd 3rd 29th 1er 1º
      if (e + 2 <= s.size()) {
        const std::string_view suf = s.substr(e, 2);
        if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th" || suf == "er" || suf == "ST" ||
            suf == "ND" || suf == "RD" || suf == "TH")
          if (e + 2 == s.size() || !letter_byte(static_cast<unsigned char>(s[e + 2]))) e += 2;
      }
      if (s.compare(e, 2, "\xC2\xBA") == 0) e += 2;
      t.end = e;
      tokens.push_back(t);
      k = e;
    } else if (s.compare(k, 2, "\xC2\xA0") == 0) {
      // A no-break space (attribute values are not collapsed) separates;
      // as a letter it would end the word before it began and stall here.
      Token t{Token::kSep, k, k + 2};
      t.sep = ' ';
      tokens.push_back(t);
      k += 2;
    } else if (letter_byte(c)) {
      std::size_t e = k;
      while (e < s.size() && letter_byte(static_cast<unsigned char>(s[e])) &&
             s.compare(e, 2, "\xC2\xA0") != 0)
        ++e;
      tokens.push_back({Token::kWord, k, e});
      k = e;
    } else {
      Token t{Token::kSep, k, k + 1};
      t.sep = (c == ' ' || c == '\t' || c == '\n' || c == '\r') ? ' ' : static_cast<char>(c);
      tokens.push_back(t);
      k = k + 1;
    }
  }
  // Significant tokens: words and numbers, separators folded into a flag.
  struct Sig {
    const Token* t;
    bool comma_or_dot_before;
  };
  std::vector<Sig> sig;
  bool punct = false;
  int separators = 0;
  for (const Token& t : tokens) {
    if (t.kind == Token::kSep) {
      if (t.sep != ' ' && t.sep != ',' && t.sep != '.') {
        // other punctuation breaks a date apart
        sig.push_back({nullptr, false});
      }
      if (t.sep == ',' || t.sep == '.') punct = true;
      ++separators;
      continue;
    }
    sig.push_back({&t, punct});
    punct = false;
    separators = 0;
  }
  (void)separators;
  auto is_day = [](const Token* t) { return t && t->kind == Token::kNumber && t->value >= 1 && t->value <= 31; };
  auto is_year = [&](const Token* t) {
    return t && t->kind == Token::kNumber && t->value >= 1900 && t->value <= 2199 && t->end - t->begin == 4;
  };
  auto is_filler = [&](const Token* t) {
    if (!t || t->kind != Token::kWord) return false;
    const std::string_view w = s.substr(t->begin, t->end - t->begin);
    return w == "de" || w == "of" || w == "del";
  };
  for (std::size_t i = 0; i < sig.size(); ++i) {
    const Token* a = sig[i].t;
    if (!a || used[a->begin]) continue;
    auto at = [&](std::size_t j) -> const Token* { return j < sig.size() ? sig[j].t : nullptr; };
    // day [of|de] month [de] year
    if (is_day(a)) {
      std::size_t j = i + 1;
      if (is_filler(at(j))) ++j;
      const Token* m = at(j);
      if (m && m->kind == Token::kWord) {
        const int month = month_of(s.substr(m->begin, m->end - m->begin));
        std::size_t y = j + 1;
        if (is_filler(at(y))) ++y;
        if (month && is_year(at(y))) {
          if (auto iso = make(at(y)->value, month, a->value)) out.push_back({a->begin, *iso});
          continue;
        }
      }
    }
    // month day[,] year
    if (a->kind == Token::kWord) {
      const int month = month_of(s.substr(a->begin, a->end - a->begin));
      if (month && is_day(at(i + 1)) && is_year(at(i + 2))) {
        if (auto iso = make(at(i + 2)->value, month, at(i + 1)->value)) out.push_back({a->begin, *iso});
        continue;
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const FoundDate& x, const FoundDate& y) { return x.position < y.position; });
  return out;
}

std::optional<std::string> first_date(std::string_view text, bool month_first) {
  std::vector<FoundDate> all = find_dates(text, month_first);
  if (all.empty()) return std::nullopt;
  return all.front().iso;
}

std::optional<std::string> parse_machine_date(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
  if (text.size() >= 8 && digit(text[0]) && digit(text[1]) && digit(text[2]) && digit(text[3])) {
    int y = 0, m = 0, d = 0;
    read_number(text, 0, 4, y);
    if (text.size() >= 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4]) {
      read_number(text, 5, 2, m);
      read_number(text, 8, 2, d);
      if (auto iso = make(y, m, d)) return iso;
    }
    if (digit(text[4]) && digit(text[5]) && digit(text[6]) && digit(text[7]) &&
        (text.size() == 8 || !digit(text[8]))) {  // 20240529
      read_number(text, 4, 2, m);
      read_number(text, 6, 2, d);
      if (auto iso = make(y, m, d)) return iso;
    }
  }
  return first_date(text, false);
}

std::optional<std::string> date_in_url(std::string_view url) {
  // Only the path: hosts and query strings carry ids that look like dates.
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : url.find('/', start + 3);
  if (start == std::string_view::npos) return std::nullopt;
  std::string_view path = url.substr(start);
  const std::size_t q = path.find_first_of("?#");
  if (q != std::string_view::npos) path = path.substr(0, q);
  for (std::size_t k = 0; k + 8 <= path.size(); ++k) {
    if (!digit(path[k]) || (k > 0 && digit(path[k - 1]))) continue;
    int y = 0;
    if (read_number(path, k, 4, y) != 4 || y < 1990) {
      if (auto iso = day_first_in_path(path, k)) return iso;
      continue;
    }
    std::size_t p = k + 4;
    if (p < path.size() && (path[p] == '/' || path[p] == '-' || path[p] == '_')) {
      const char sep = path[p];
      int m = 0, d = 0;
      const int nm = read_number(path, p + 1, 2, m);
      if (nm == 0 || p + 1 + nm >= path.size() || path[p + 1 + nm] != sep) continue;
      const std::size_t r = p + 2 + nm;
      const int nd = read_number(path, r, 2, d);
      if (nd == 0 || (r + nd < path.size() && digit(path[r + nd]))) continue;
      if (auto iso = make(y, m, d)) return iso;
    } else if (p + 4 <= path.size() && digit(path[p]) && digit(path[p + 1]) && digit(path[p + 2]) &&
               digit(path[p + 3]) && (p + 4 == path.size() || !digit(path[p + 4])) &&
               (k == 0 || path[k - 1] == '/' || path[k - 1] == '-' || path[k - 1] == '_')) {
      int m = 0, d = 0;
      read_number(path, p, 2, m);
      read_number(path, p + 2, 2, d);
      if (auto iso = make(y, m, d)) return iso;
    }
  }
  return std::nullopt;
}

std::string today_iso() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

std::string next_day(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) return iso;
  if (++d > days_in_month(y, m)) {
    d = 1;
    if (++m > 12) {
      m = 1;
      ++y;
    }
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

int days_apart(const std::string& a, const std::string& b) {
  // Days since a fixed origin (proleptic Gregorian calendar).
  auto day_number = [](const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
    y -= m <= 2;
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
  };
  const int diff = day_number(a) - day_number(b);
  return diff < 0 ? -diff : diff;
}

bool plausible_date(const std::string& iso, const std::string& today) {
  if (iso.size() != 10 || iso < "1995-01-01") return false;
  const std::string now = today.empty() ? today_iso() : today;
  // One day of slack for time zones.
  const std::string limit = next_day(now);
  return iso <= limit;
}

}  // namespace quarry::web
