#include "url.h"

#include <vector>

#include "text.h"

namespace quarry::web {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

// "http:", "https:" ... or empty when s has no scheme.
std::string_view scheme_of(std::string_view s) {
  for (std::size_t k = 0; k < s.size(); ++k) {
    const char c = s[k];
    if (c == ':') return k > 0 ? s.substr(0, k + 1) : std::string_view{};
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return {};
}

// Removes "." and ".." segments of an absolute path.
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t k = 0;
  while (k <= path.size()) {
    std::size_t slash = path.find('/', k);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view seg = path.substr(k, slash - k);
    const bool last = slash == path.size();
    if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      if (last) out.emplace_back();
    } else if (seg == ".") {
      if (last) out.emplace_back();
    } else {
      out.push_back(seg);
    }
    k = slash + 1;
  }
  std::string r;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i > 0) r += '/';
    r += out[i];
  }
  if (r.empty() || r[0] != '/') r.insert(r.begin(), '/');
  return r;
}

}  // namespace

std::string url_host(std::string_view url) {
  const std::size_t s = url.find("://");
  if (s == std::string_view::npos) return {};
  std::string_view rest = url.substr(s + 3);
  const std::size_t end = rest.find_first_of("/?#");
  rest = rest.substr(0, end);
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest = rest.substr(at + 1);
  const std::size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']') == std::string_view::npos) rest = rest.substr(0, colon);
  return lower_ascii(rest);
}

std::string resolve_url(std::string_view base, std::string_view href) {
  href = trim(href);
  const std::size_t hash = href.find('#');
  if (hash != std::string_view::npos) href = href.substr(0, hash);
  if (href.empty()) return {};
  const std::string_view scheme = scheme_of(href);
  if (!scheme.empty()) {
    const std::string s = lower_ascii(scheme);
    if (s != "http:" && s != "https:") return {};
    std::string_view rest = href.substr(scheme.size());
    if (rest.substr(0, 2) == "//") return s + std::string(rest);
    // "https:/path" or "https:path" (WHATWG URL, special schemes): relative
    // to a base of the same scheme, else the host follows the slashes.
    if (lower_ascii(scheme_of(base)) == s) return resolve_url(base, rest);
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    if (rest.empty() || rest.front() == '?') return {};
    return s + "//" + std::string(rest);
  }
  const std::string_view base_scheme = scheme_of(base);
  const std::string bs = lower_ascii(base_scheme);
  if (bs != "http:" && bs != "https:") {
    // No usable base: keep only what is absolute already.
    return {};
  }
  if (href.substr(0, 2) == "//") return bs + std::string(href);
  // Authority of the base: scheme://host[:port]
  const std::size_t auth_start = base_scheme.size() + 2;
  if (base.size() < auth_start || base.substr(base_scheme.size(), 2) != "//") return {};
  std::size_t auth_end = base.find_first_of("/?#", auth_start);
  if (auth_end == std::string_view::npos) auth_end = base.size();
  const std::string origin = bs + "//" + std::string(base.substr(auth_start, auth_end - auth_start));
  std::string_view base_path = base.substr(auth_end);
  const std::size_t q = base_path.find_first_of("?#");
  std::string_view base_query;
  if (q != std::string_view::npos) {
    base_query = base_path.substr(q);
    const std::size_t bh = base_query.find('#');
    if (bh != std::string_view::npos) base_query = base_query.substr(0, bh);
    base_path = base_path.substr(0, q);
  }
  if (base_path.empty()) base_path = "/";
  if (href[0] == '?') return origin + std::string(base_path) + std::string(href);
  std::string_view href_path = href, href_query;
  const std::size_t hq = href.find('?');
  if (hq != std::string_view::npos) {
    href_path = href.substr(0, hq);
    href_query = href.substr(hq);
  }
  std::string path;
  if (href_path[0] == '/') {
    path = normalize_path(href_path);
  } else {
    const std::size_t last = base_path.rfind('/');
    path = normalize_path(std::string(base_path.substr(0, last + 1)) + std::string(href_path));
  }
  return origin + path + std::string(href_query);
}

std::string relative_link(std::string_view href) {
  href = trim(href);
  href = href.substr(0, href.find('#'));
  if (href.empty() || !scheme_of(href).empty() || href.substr(0, 2) == "//") return {};
  return std::string(href);
}

}  // namespace quarry::web
