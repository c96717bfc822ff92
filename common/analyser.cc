#include "analyser.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <xapian.h>

#include <unordered_map>

#include "quarry/error.h"

namespace quarry {
namespace {

// Xapian refuses terms over 245 bytes; words that long are noise (URLs, hashes).
constexpr std::size_t kMaxTermBytes = 120;
// Bounded so that a hostile input cannot grow the cache without limit.
constexpr std::size_t kMaxCachedStems = 200000;

bool is_apostrophe(UChar32 c) {
  return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x201B || c == 0xFF07;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Thousands separators are presentation: "7,000" and "7000" are one number.
void drop_digit_group_commas(std::string& term) {
  std::string::size_type out = 0;
  for (std::string::size_type i = 0; i < term.size(); ++i) {
    const bool separator = term[i] == ',' && i > 0 && i + 1 < term.size() &&
                           isdigit(static_cast<unsigned char>(term[i - 1])) &&
                           isdigit(static_cast<unsigned char>(term[i + 1]));
    if (!separator) term[out++] = term[i];
  }
  term.resize(out);
}

// "minister's" and "farmers'" are found by the bare word.
void drop_possessive(std::string& term) {
  if (term.size() > 2 && term.compare(term.size() - 2, 2, "'s") == 0)
    term.resize(term.size() - 2);
  else if (term.size() > 1 && term.back() == '\'')
    term.pop_back();
}

}  // namespace

struct Analyser::Impl {
  std::string language;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  Xapian::Stem stemmer;
  bool stemming = false;
  std::unordered_map<std::string, std::string> stems;

  std::string fold(std::string_view raw) const;
};

std::string Analyser::id() { return std::string(kName) + "/" + std::to_string(kVersion); }

Analyser::Analyser(const std::string& language) : impl_(std::make_unique<Impl>()) {
  impl_->language = language;
  if (language != "none") {
    try {
      impl_->stemmer = Xapian::Stem(language);
      impl_->stemming = true;
    } catch (const Xapian::Error&) {
      throw UsageError("unknown language '" + language + "' (known: " +
                       Xapian::Stem::get_available_languages() + ", none)");
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  impl_->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  impl_->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  impl_->nfd = icu::Normalizer2::getNFDInstance(status);
  impl_->nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || !impl_->words)
    throw Error(std::string("cannot load ICU word-break data: ") + u_errorName(status));
}

Analyser::~Analyser() = default;

const std::string& Analyser::language() const { return impl_->language; }

std::string Analyser::Impl::fold(std::string_view raw) const {
  std::string out;
  if (is_ascii(raw)) {
    out.assign(raw);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  } else {
    // NFKC_Casefold folds case and compatibility forms and deletes default
    // ignorables (soft hyphen, ZWJ/ZWNJ, BOM) without moving the word's bounds.
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
    icu::UnicodeString folded = nfkc_cf->normalize(text, status);
    icu::UnicodeString decomposed = nfd->normalize(folded, status);
    if (U_FAILURE(status)) return {};
    // Accents are dropped on Latin letters and harakat on Arabic ones; marks
    // in other scripts (Devanagari vowel signs, say) carry meaning and stay.
    icu::UnicodeString kept;
    UScriptCode base = USCRIPT_COMMON;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      if (u_charType(c) == U_NON_SPACING_MARK) {
        if (base == USCRIPT_LATIN || base == USCRIPT_ARABIC) continue;
      } else {
        UErrorCode script_status = U_ZERO_ERROR;
        base = uscript_getScript(c, &script_status);
        if (c == 0x0640) continue;  // Arabic tatweel only stretches a word
      }
      kept.append(is_apostrophe(c) ? UChar32('\'') : c);
    }
    nfc->normalize(kept, status).toUTF8String(out);
    if (U_FAILURE(status)) return {};
  }
  drop_digit_group_commas(out);
  drop_possessive(out);
  return out;
}

void Analyser::tokenize(std::string_view text, std::vector<Token>& out,
                        std::uint32_t first_position) {
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return;
  // Over UTF-8 text ICU reports native indexes, i.e. byte offsets.
  impl_->words->setText(utext, status);
  std::uint32_t position = first_position;
  int32_t begin = impl_->words->first();
  for (int32_t end = impl_->words->next(); end != icu::BreakIterator::DONE;
       begin = end, end = impl_->words->next()) {
    const int32_t rule = impl_->words->getRuleStatus();
    if (rule < UBRK_WORD_NUMBER || rule >= UBRK_WORD_IDEO_LIMIT) continue;
    std::string term = impl_->fold(text.substr(begin, end - begin));
    if (term.empty()) continue;
    const std::uint32_t this_position = position++;
    if (term.size() > kMaxTermBytes) continue;
    Token token;
    token.term = std::move(term);
    token.begin = static_cast<std::uint32_t>(begin);
    token.end = static_cast<std::uint32_t>(end);
    token.position = this_position;
    token.stemmable = rule >= UBRK_WORD_LETTER && rule < UBRK_WORD_LETTER_LIMIT;
    out.push_back(std::move(token));
  }
  // Detach before closing: the iterator must not keep a dangling UText.
  impl_->words->setText(icu::UnicodeString());
  utext_close(utext);
}

std::vector<Token> Analyser::tokenize(std::string_view text) {
  std::vector<Token> out;
  tokenize(text, out);
  return out;
}

std::string Analyser::index_term(const Token& token) {
  if (!token.stemmable || !impl_->stemming) return token.term;
  auto found = impl_->stems.find(token.term);
  if (found != impl_->stems.end()) return found->second;
  if (impl_->stems.size() >= kMaxCachedStems) impl_->stems.clear();
  std::string stem = impl_->stemmer(token.term);
  if (stem.empty()) stem = token.term;
  return impl_->stems.emplace(token.term, std::move(stem)).first->second;
}

}  // namespace quarry
