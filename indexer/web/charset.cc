#include "charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "text.h"
#include "utf8.h"

namespace quarry::web {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '"' || s.front() == '\'')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '"' || s.back() == '\'' || s.back() == ';'))
    s.remove_suffix(1);
  return s;
}

// WHATWG Encoding labels that browsers read as another charset than their
// name says: a page labelled ISO-8859-1 is decoded as windows-1252, and
// GB2312 as its superset GB18030. Everything else goes to ICU as labelled.
std::string canonical_charset(std::string_view label) {
  const std::string l = lower_ascii(trim(label));
  if (l.empty()) return {};
  if (l == "utf-8" || l == "utf8" || l == "unicode-1-1-utf-8") return "UTF-8";
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" ||
      l == "ascii" || l == "cp1252" || l == "windows-1252" || l == "iso_8859-1" || l == "cp819")
    return "windows-1252";
  if (l == "iso-8859-9" || l == "latin5") return "windows-1254";
  if (l == "tis-620" || l == "iso-8859-11") return "windows-874";
  if (l == "gb2312" || l == "gbk" || l == "x-gbk" || l == "gb_2312-80" || l == "gb18030") return "GB18030";
  if (l == "utf-16" || l == "utf-16le") return "UTF-16LE";
  if (l == "utf-16be") return "UTF-16BE";
  if (l == "x-sjis" || l == "sjis" || l == "shift-jis" || l == "ms_kanji") return "Shift_JIS";
  // Anything ICU does not know is ignored, as browsers ignore unknown labels.
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(l.c_str(), &status);
  if (U_FAILURE(status) || !converter) return {};
  const char* internal = ucnv_getName(converter, &status);
  std::string out = l;
  if (U_SUCCESS(status) && internal) {
    // ICU's internal names ("ibm-878_P100-1996") mean nothing to a reader.
    UErrorCode s = U_ZERO_ERROR;
    const char* standard = ucnv_getStandardName(internal, "MIME", &s);
    if (!standard || U_FAILURE(s)) standard = ucnv_getStandardName(internal, "IANA", &(s = U_ZERO_ERROR));
    out = standard && U_SUCCESS(s) ? standard : internal;
  }
  ucnv_close(converter);
  return out;
}

// How far a <meta> charset is looked for when the prescan found none and
// the bytes are not UTF-8 (the detector's sample is as long).
constexpr std::size_t kLateMetaBytes = 1u << 16;

bool is_single_byte_legacy(const std::string& charset) {
  const std::string l = lower_ascii(charset);
  return l.rfind("windows-125", 0) == 0 || l.rfind("iso-8859-", 0) == 0 || l.rfind("ibm-", 0) == 0 ||
         l.rfind("koi8", 0) == 0 || l == "windows-874";
}

struct Utf8Check {
  std::size_t non_ascii = 0;  // multi-byte sequences, valid or not
  std::size_t invalid = 0;
};

Utf8Check check_utf8(std::string_view bytes) {
  Utf8Check check;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(bytes.size(), INT32_MAX));
  int32_t i = 0;
  while (i < length) {
    if (data[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(data, i, length, c);
    ++check.non_ascii;
    if (c < 0) ++check.invalid;
  }
  return check;
}

// Counts each undecodable sequence and writes U+FFFD for it, as repair_utf8 does.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char*, int32_t,
                          UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
  ++*static_cast<std::size_t*>(const_cast<void*>(context));
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// bytes in charset → UTF-8; false when ICU has no such converter.
bool convert(std::string_view bytes, const std::string& charset, std::string& out, std::size_t& replaced) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(ucnv_open(charset.c_str(), &status));
  if (U_FAILURE(status) || !converter) return false;
  ucnv_setToUCallBack(converter.get(), count_and_substitute, &replaced, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;
  std::u16string wide;
  wide.resize(bytes.size() + 16);
  const char* source = bytes.data();
  const char* source_end = bytes.data() + bytes.size();
  std::size_t written = 0;
  for (;;) {
    UChar* target = reinterpret_cast<UChar*>(wide.data()) + written;
    UChar* target_end = reinterpret_cast<UChar*>(wide.data()) + wide.size();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(converter.get(), &target, target_end, &source, source_end, nullptr, true, &status);
    written = static_cast<std::size_t>(target - reinterpret_cast<UChar*>(wide.data()));
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      wide.resize(wide.size() * 2);
      continue;
    }
    if (U_FAILURE(status)) return false;
    break;
  }
  out.resize(written * 3 + 4);
  int32_t length = 0;
  UChar32 substitutions = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length,
                     reinterpret_cast<const UChar*>(wide.data()), static_cast<int32_t>(written), 0xFFFD,
                     &substitutions, &status);
  if (U_FAILURE(status)) return false;
  out.resize(static_cast<std::size_t>(length));
  replaced += static_cast<std::size_t>(substitutions);
  return true;
}

// ICU's statistical detector over the page with its markup filtered out.
std::string detect(std::string_view bytes, bool exclude_utf8) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return {};
  const std::string_view sample = bytes.substr(0, 1u << 16);
  ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()), &status);
  ucsdet_enableInputFilter(detector, true);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector, &found, &status);
  std::string name;
  for (int32_t i = 0; U_SUCCESS(status) && i < found && name.empty(); ++i) {
    UErrorCode s = U_ZERO_ERROR;
    const char* candidate = ucsdet_getName(matches[i], &s);
    if (U_FAILURE(s) || !candidate) continue;
    std::string canonical = canonical_charset(candidate);
    if (canonical.empty() || (exclude_utf8 && canonical == "UTF-8")) continue;
    // Without a BOM the detector's UTF-16/32 guesses are noise on web pages.
    if (canonical.rfind("UTF-16", 0) == 0 || canonical.rfind("UTF-32", 0) == 0) continue;
    name = canonical;
  }
  ucsdet_close(detector);
  return name;
}

}  // namespace

std::string charset_of_content_type(std::string_view content_type) {
  const std::string lowered = lower_ascii(content_type);
  std::size_t at = lowered.find("charset");
  while (at != std::string::npos) {
    std::size_t i = at + 7;
    while (i < lowered.size() && is_space(lowered[i])) ++i;
    if (i < lowered.size() && lowered[i] == '=') {
      ++i;
      std::size_t end = i;
      while (end < lowered.size() && lowered[end] != ';' && lowered[end] != ',') ++end;
      return std::string(trim(content_type.substr(i, end - i)));
    }
    at = lowered.find("charset", at + 7);
  }
  return {};
}

std::string prescan_meta_charset(std::string_view html, std::size_t limit) {
  const std::string head = lower_ascii(html.substr(0, limit));
  std::size_t at = 0;
  while ((at = head.find("<meta", at)) != std::string::npos) {
    const std::size_t end = head.find('>', at);
    const std::string_view tag = std::string_view(head).substr(at, end == std::string::npos ? std::string::npos : end - at);
    const std::size_t offset = at;
    at += 5;
    const std::size_t charset = tag.find("charset");
    if (charset == std::string_view::npos) continue;
    // <meta charset="x">, or http-equiv's content="text/html; charset=x":
    // either way the value follows "charset" and "=".
    std::size_t i = charset + 7;
    while (i < tag.size() && is_space(tag[i])) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (is_space(tag[i]) || tag[i] == '"' || tag[i] == '\'')) ++i;
    std::size_t j = i;
    while (j < tag.size() && !is_space(tag[j]) && tag[j] != '"' && tag[j] != '\'' && tag[j] != ';' &&
           tag[j] != '/' && tag[j] != '>')
      ++j;
    if (j > i) return std::string(html.substr(offset + i, j - i));
  }
  return {};
}

std::string sniff_utf16(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size(), 512) & ~std::size_t{1};
  if (n < 8) return {};
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    even_nul += bytes[i] == '\0';
    odd_nul += bytes[i + 1] == '\0';
  }
  const std::size_t pairs = n / 2;
  if (odd_nul * 10 >= pairs * 7 && even_nul * 10 < pairs) return "UTF-16LE";
  if (even_nul * 10 >= pairs * 7 && odd_nul * 10 < pairs) return "UTF-16BE";
  return {};
}

// A server's default label (Apache's AddDefaultCharset ISO-8859-1) on a page
// whose own <meta> says UTF-8, as its bytes are: the page is right, and read
// so; its archive has nothing wrong to be named for.
namespace {
bool http_label_corrected(const std::string& source, std::string_view bytes) {
  return source == "HTTP" && canonical_charset(prescan_meta_charset(bytes)) == "UTF-8";
}
}  // namespace

DecodedText decode_html_bytes(std::string_view bytes, std::string_view http_content_type) {
  DecodedText out;
  auto starts = [&](const char* magic, std::size_t n) { return bytes.size() >= n && bytes.compare(0, n, magic, n) == 0; };
  std::string declared;
  if (starts("\xEF\xBB\xBF", 3)) {
    bytes.remove_prefix(3);
    out.charset = "UTF-8";
    out.source = "BOM";
  } else if (starts("\xFF\xFE", 2)) {
    bytes.remove_prefix(2);
    out.charset = "UTF-16LE";
    out.source = "BOM";
  } else if (starts("\xFE\xFF", 2)) {
    bytes.remove_prefix(2);
    out.charset = "UTF-16BE";
    out.source = "BOM";
  } else if (const std::string http = canonical_charset(charset_of_content_type(http_content_type)); !http.empty()) {
    out.charset = declared = http;
    out.source = "HTTP";
  } else if (const std::string utf16 = sniff_utf16(bytes); !utf16.empty()) {
    out.charset = utf16;
    out.source = "detected";
  } else if (std::string meta = canonical_charset(prescan_meta_charset(bytes)); !meta.empty()) {
    // A page that could be read as ASCII up to its <meta> is not UTF-16 (HTML5).
    if (meta.rfind("UTF-16", 0) == 0) meta = "UTF-8";
    out.charset = declared = meta;
    out.source = "meta";
  }

  if (out.charset.empty() || !declared.empty()) {
    const Utf8Check check = check_utf8(bytes);
    // Browsers switch to a <meta> charset met after the prescan's 1024 bytes
    // (pages with long heads of scripts have them); for bytes that are not
    // UTF-8 (mostly: a UTF-8 page with a stray bad byte stays UTF-8) it is
    // a better guide than the detector, which reads Polish windows-1250 as
    // windows-1252.
    std::string late;
    if (out.charset.empty() && check.invalid * 20 > check.non_ascii) {
      late = canonical_charset(prescan_meta_charset(bytes, kLateMetaBytes));
      if (late == "UTF-8" || late.rfind("UTF-16", 0) == 0 || late.rfind("UTF-32", 0) == 0) late.clear();
    }
    if (!late.empty()) {
      out.charset = late;
      out.source = "meta";
    } else if (out.charset.empty()) {
      if (check.invalid == 0) {
        out.charset = "UTF-8";
        out.source = check.non_ascii ? "detected" : "default";
      } else {
        out.charset = detect(bytes, /*exclude_utf8=*/check.invalid * 20 > check.non_ascii);
        out.source = "detected";
        if (out.charset.empty()) {
          out.charset = "windows-1252";
          out.source = "default";
        }
      }
    } else if (is_single_byte_legacy(declared) && check.non_ascii > 0 && check.invalid == 0) {
      // Real text in a legacy charset is almost never valid UTF-8 by chance.
      if (!http_label_corrected(out.source, bytes)) out.declared_mismatch = "declared " + declared + " but is UTF-8";
      out.charset = "UTF-8";
    } else if (declared == "UTF-8" && check.invalid * 2 > check.non_ascii) {
      std::string guess = detect(bytes, /*exclude_utf8=*/true);
      if (guess.empty()) guess = "windows-1252";
      out.declared_mismatch = "declared UTF-8 but is not; read as " + guess;
      out.charset = guess;
    }
  }

  if (out.charset == "UTF-8") {
    out.utf8.assign(bytes.data(), bytes.size());
    out.replaced = repair_utf8(out.utf8);
    return out;
  }
  const bool converted = convert(bytes, out.charset, out.utf8, out.replaced);
  // A page labelled with a multi-byte legacy charset (GB2312, Shift_JIS,
  // EUC-KR) that does not decode in it but is valid UTF-8 is UTF-8: its
  // label is wrong, as for the single-byte ones above.
  if (converted && out.replaced > 0 && !declared.empty() && out.charset == declared) {
    const Utf8Check check = check_utf8(bytes);
    if (check.non_ascii > 0 && check.invalid == 0) {
      if (!http_label_corrected(out.source, bytes)) out.declared_mismatch = "declared " + declared + " but is UTF-8";
      out.charset = "UTF-8";
      out.utf8.assign(bytes.data(), bytes.size());
      out.replaced = 0;
      return out;
    }
  }
  if (!converted) {
    out.utf8.assign(bytes.data(), bytes.size());
    out.replaced = repair_utf8(out.utf8);
    out.charset = "UTF-8";
    out.source = "default";
  }
  return out;
}

}  // namespace quarry::web
