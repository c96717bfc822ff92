#include "analyser.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>

#include "quarry/error.h"
#include "utf8.h"

namespace quarry {
namespace {

// Xapian refuses terms over 245 bytes; words that long are noise (URLs, hashes).
constexpr std::size_t kMaxTermBytes = 120;

bool is_apostrophe(UChar32 c) {
  return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x201B || c == 0xFF07;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// How a code point inside an ICU word decides where the word's parts are.
enum class Cls : std::uint8_t {
  letter,     // letters, and anything else that is not punctuation or a digit
  attach,     // marks and invisible formatting: belong to the part they follow
  digit,      // any decimal digit (Nd), folded to ASCII
  apostrophe, // inside letters it is part of the word ("won't")
  point,      // a decimal point between digits
  group,      // a digit-group separator between digits
  separator,  // everything else ICU lets inside a word: '.', ':', '_', '@', ...
};

bool is_punctuation(UChar32 c) {
  switch (u_charType(c)) {
    case U_CONNECTOR_PUNCTUATION:
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
      return true;
    default:
      return false;
  }
}

// Superscript, subscript and circled digits ("m²", "H₂O", "CO₂", "①") are
// no word characters to ICU, but their compatibility form is a number, and
// that is what a user types ("x2", "h2o"). Appends the ASCII digits of such
// a character to digits, if it is one.
bool compatibility_digits(UChar32 c, std::string* digits) {
  if (u_charType(c) != U_OTHER_NUMBER) return false;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return false;
  icu::UnicodeString folded = nfkc->normalize(icu::UnicodeString(c), status);
  if (U_FAILURE(status) || folded.isEmpty()) return false;
  std::string found;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 d = folded.char32At(i);
    i += U16_LENGTH(d);
    const int32_t value = u_charDigitValue(d);
    if (u_charType(d) != U_DECIMAL_DIGIT_NUMBER || value < 0) return false;
    found += static_cast<char>('0' + value);
  }
  if (digits) *digits += found;
  return true;
}

// The ASCII digits of a digit code point (Cls::digit).
void append_digits(UChar32 c, std::string& digits) {
  const int32_t value = u_charDigitValue(c);
  if (value >= 0) digits += static_cast<char>('0' + value);
  else compatibility_digits(c, &digits);
}

Cls classify(UChar32 c) {
  if (c < 0) return Cls::separator;  // an invalid byte
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Cls::letter;
    if (c >= '0' && c <= '9') return Cls::digit;
    return c == '\'' ? Cls::apostrophe : c == '.' ? Cls::point : c == ',' ? Cls::group : Cls::separator;
  }
  if (c == '\'' || is_apostrophe(c)) return Cls::apostrophe;
  if (c == '.' || c == 0xFF0E || c == 0xFE52 || c == 0x066B) return Cls::point;
  // 0x202F: French and others print "7 000" with a narrow no-break space.
  if (c == ',' || c == 0xFF0C || c == 0xFE50 || c == 0x066C || c == 0x202F) return Cls::group;
  if (is_punctuation(c)) return Cls::separator;
  switch (u_charType(c)) {
    case U_DECIMAL_DIGIT_NUMBER:
      return Cls::digit;
    case U_OTHER_NUMBER:
      return compatibility_digits(c, nullptr) ? Cls::digit : Cls::letter;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_FORMAT_CHAR:
      return Cls::attach;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL:
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
    case U_CONTROL_CHAR:
    case U_PRIVATE_USE_CHAR:
    case U_SURROGATE:
    case U_UNASSIGNED:
      return Cls::separator;
    default:
      return Cls::letter;
  }
}

bool compatibility_digits_only(std::string_view text) {
  if (text.empty() || is_ascii(text)) return false;
  for (std::size_t i = 0; i < text.size();) {
    UChar32 c;
    U8_NEXT(text.data(), i, text.size(), c);
    if (c < 0 || !compatibility_digits(c, nullptr)) return false;
  }
  return true;
}

// What fold maps a case-folded Latin letter without a decomposition to.
const char* plain_latin(UChar32 c) {
  switch (c) {
    case 0x0131: return "i";   // ı
    case 0x0142: return "l";   // ł
    case 0x00F8: return "o";   // ø
    case 0x0111: return "d";   // đ
    case 0x0127: return "h";   // ħ
    case 0x00E6: return "ae";  // æ
    case 0x0153: return "oe";  // œ
    default: return nullptr;
  }
}

// Urdu and Persian typed on an Arabic keyboard (and Arabic typed on theirs)
// write kaf, yeh, heh and teh marbuta with the other script's letter:
// "پاكستان" is "پاکستان". Each pair is one letter to the index.
UChar32 same_arabic_letter(UChar32 c) {
  switch (c) {
    case 0x0643: return 0x06A9;  // ك arabic kaf -> ک keheh
    case 0x064A: return 0x06CC;  // ي arabic yeh -> ی farsi yeh
    case 0x0649: return 0x06CC;  // ى alef maksura -> ی
    case 0x06C1: return 0x0647;  // ہ heh goal -> ه heh
    case 0x0629: return 0x0647;  // ة teh marbuta -> ه
    default: return c;
  }
}

// The letters of raw folded, as a word's and a field value's are alike:
// NFKC_Casefold folds case and compatibility forms and deletes default
// ignorables (soft hyphen, ZWJ/ZWNJ, BOM) without moving a word's bounds.
// Accents are dropped on Latin and Greek letters (Greek capitals are printed
// without their tonos), harakat on Arabic ones and niqqud on Hebrew ones;
// marks in other scripts (Devanagari vowel signs, the breve of Cyrillic й,
// say) carry meaning and stay, but ё is written е as often. Empty if ICU fails.
std::string fold_letters(std::string_view raw, const icu::Normalizer2& nfkc_cf, const icu::Normalizer2& nfd,
                         const icu::Normalizer2& nfc) {
  if (is_ascii(raw)) return lower_ascii(raw);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  icu::UnicodeString folded = nfkc_cf.normalize(text, status);
  icu::UnicodeString decomposed = nfd.normalize(folded, status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString kept;
  UScriptCode base = USCRIPT_COMMON;
  UChar32 previous = 0;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (base == USCRIPT_LATIN || base == USCRIPT_ARABIC || base == USCRIPT_GREEK || base == USCRIPT_HEBREW)
        continue;
      if (c == 0x0308 && previous == 0x0435) continue;  // ё
    } else {
      UErrorCode script_status = U_ZERO_ERROR;
      base = uscript_getScript(c, &script_status);
      previous = c;
      if (c == 0x0640) continue;  // Arabic tatweel only stretches a word
      // Latin letters whose stroke or missing dot no decomposition removes,
      // typed plain by most ("Lodz", "Igdir", "Oresund").
      if (const char* plain = plain_latin(c)) {
        kept.append(icu::UnicodeString(plain, -1, icu::UnicodeString::kInvariant));
        continue;
      }
    }
    kept.append(is_apostrophe(c) ? UChar32('\'') : same_arabic_letter(c));
  }
  std::string out;
  nfc.normalize(kept, status).toUTF8String(out);
  if (U_FAILURE(status)) return {};
  return out;
}

struct CodePoint {
  std::uint32_t begin;  // byte offsets into the analysed text
  std::uint32_t end;
  UChar32 c;
  Cls cls;
};

// One searchable piece of an ICU word: a run of letters or a number.
struct Part {
  std::uint32_t begin;
  std::uint32_t end;
  bool number;
  std::string digits;  // numbers only: ASCII digits and at most one '.'
};

// ICU keeps "Dawn.com", "U.S", "Rs1.2bn", "F16", "snake_case" and
// "name@mail.com" as one word, so only the whole form could find them. Cut
// such a word into letter runs and numbers, at consecutive positions: each
// part is found alone, and the whole form typed as a query is the phrase of
// its parts. A number keeps its decimal point ("1.5") and drops group
// separators ("7,000" = "7000"); one with several points ("12.05.2024") or a
// separator after its point is not a single quantity, and is cut at each.
void split_word(const std::vector<CodePoint>& cps, std::vector<Part>& parts) {
  parts.clear();
  const std::size_t n = cps.size();
  std::size_t i = 0;
  auto next_is = [&](std::size_t k, Cls cls) { return k + 1 < n && cps[k + 1].cls == cls; };
  while (i < n) {
    const Cls cls = cps[i].cls;
    // A mark or invisible character belongs to what it follows; after a
    // separator it follows nothing, and a part never starts with one.
    if (cls != Cls::letter && cls != Cls::digit) {
      ++i;
      continue;
    }
    if (cls == Cls::letter) {
      // Letters, with apostrophes between letters, and marks.
      const std::uint32_t begin = cps[i].begin;
      std::size_t k = i + 1;
      while (k < n && (cps[k].cls == Cls::letter || cps[k].cls == Cls::attach ||
                       (cps[k].cls == Cls::apostrophe && next_is(k, Cls::letter))))
        ++k;
      parts.push_back({begin, cps[k - 1].end, false, {}});
      i = k;
      continue;
    }
    // A number: digits joined by points and group separators, marks ignored.
    const std::size_t first = i;
    std::size_t k = i;
    int points = 0;
    bool group_after_point = false;
    while (k < n) {
      const Cls c = cps[k].cls;
      if (c == Cls::digit || c == Cls::attach) {
        ++k;
      } else if ((c == Cls::point || c == Cls::group || c == Cls::apostrophe) && next_is(k, Cls::digit)) {
        if (c == Cls::point) ++points;
        else if (points > 0) group_after_point = true;
        ++k;
      } else {
        break;
      }
    }
    const bool one_quantity = points <= 1 && !group_after_point;
    Part part{cps[first].begin, 0, true, {}};
    for (std::size_t j = first; j < k; ++j) {
      const Cls c = cps[j].cls;
      if (c == Cls::digit) {
        append_digits(cps[j].c, part.digits);
        part.end = cps[j].end;
      } else if (c == Cls::attach) {
        part.end = cps[j].end;
      } else if (c == Cls::point && one_quantity) {
        part.digits += '.';
      } else if (!one_quantity) {
        parts.push_back(std::move(part));
        part = Part{cps[j + 1].begin, 0, true, {}};
      }
    }
    parts.push_back(std::move(part));
    i = k;
  }
}

// "minister's" and "farmers'" are found by the bare word.
void drop_possessive(std::string& term) {
  if (term.size() > 2 && term.compare(term.size() - 2, 2, "'s") == 0)
    term.resize(term.size() - 2);
  else if (term.size() > 1 && term.back() == '\'')
    term.pop_back();
}

// "l'État", "d'Italia", "qu'il", "dell'Italia": the elided article or
// pronoun of French and Italian (and Catalan) is dropped, so that the word
// is found alone ("etat"), as a possessive's 's is; names such as "O'Brien"
// and contractions ("don't", "aujourd'hui") keep their apostrophe.
void drop_elision(std::string& term) {
  static const char* const kElisions[] = {"l",     "d",      "j",      "m",      "n",    "s",    "t",   "c",
                                          "qu",    "jusqu",  "lorsqu", "puisqu", "quoiqu", "dell", "dall", "nell",
                                          "sull",  "all",    "coll",   "quell",  "quest", "un",   "nessun"};
  const std::size_t apostrophe = term.find('\'');
  if (apostrophe == std::string::npos || apostrophe + 1 >= term.size() || apostrophe > 6) return;
  for (const char* elision : kElisions)
    if (term.compare(0, apostrophe, elision) == 0) {
      term.erase(0, apostrophe + 1);
      return;
    }
}

// Word -> stem, for the words of one thread's recent text. Every token asks
// it, so it is a flat open-addressing table (no node per word, no division)
// that a small vocabulary keeps in cache; std::unordered_map cost a tenth of
// indexing time here.
class StemCache {
 public:
  StemCache() { clear(); }

  struct Entry {
    std::uint64_t hash;
    std::string word, stem;
    std::uint64_t stem_hash;  // term_hash(stem), kept for Analyser::TermHashes
  };

  // The entry of word if cached, else nullptr.
  const Entry* find(std::string_view word, std::uint64_t hash) const {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.entry == kEmpty) return nullptr;
      if (slot.hash == hash && entries_[slot.entry].word == word) return &entries_[slot.entry];
    }
  }

  const Entry& insert(std::string_view word, std::uint64_t hash, std::string stem) {
    if (entries_.size() >= kMaxEntries) clear();
    if (2 * (entries_.size() + 1) > slots_.size()) grow();
    place(hash, static_cast<std::uint32_t>(entries_.size()));
    const std::uint64_t stem_hash = term_hash(stem);
    entries_.push_back({hash, std::string(word), std::move(stem), stem_hash});
    return entries_.back();
  }

  static std::uint64_t hash(std::string_view word) {
    std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a: words are short
    for (unsigned char c : word) h = (h ^ c) * 0x100000001b3ull;
    return h ^ (h >> 29);
  }
  // FNV-1a's step from another start (a digit short of FNV's offset basis):
  // the signatures stored in every index are made of it, so it stays as it is.
  static std::uint64_t term_hash(std::string_view term) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : term) h = (h ^ c) * 1099511628211ULL;
    return h;
  }

 private:
  // Bounded so that a hostile input cannot grow the cache without limit; the
  // table stays at most half full, and starts small (a searcher stems a few
  // query words).
  static constexpr std::size_t kMaxEntries = 1u << 17;
  static constexpr std::size_t kFirstSlots = 1u << 8;
  static constexpr std::uint32_t kEmpty = 0xffffffffu;
  struct Slot {
    std::uint64_t hash;
    std::uint32_t entry;
  };
  void place(std::uint64_t hash, std::uint32_t entry) {
    std::size_t i = hash & mask_;
    while (slots_[i].entry != kEmpty) i = (i + 1) & mask_;
    slots_[i] = {hash, entry};
  }

  void grow() {
    slots_.assign(slots_.size() * 2, Slot{0, kEmpty});
    mask_ = slots_.size() - 1;
    for (std::size_t e = 0; e < entries_.size(); ++e) place(entries_[e].hash, static_cast<std::uint32_t>(e));
  }

  void clear() {
    slots_.assign(kFirstSlots, Slot{0, kEmpty});
    mask_ = slots_.size() - 1;
    entries_.clear();
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
};

}  // namespace

struct Analyser::Impl {
  std::string language;
  std::unique_ptr<icu::BreakIterator> words;
  const icu::Normalizer2* nfkc_cf = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  Xapian::Stem stemmer;
  bool stemming = false;
  StemCache stems;
  std::vector<CodePoint> code_points;  // scratch, reused across words
  std::vector<Part> parts;

  std::string fold(std::string_view raw) const;
  void add_word(std::string_view text, std::size_t begin, std::size_t end, int32_t rule,
                std::vector<Token>& out, std::uint32_t& position);
  void add_icu_words(std::string_view text, std::size_t begin, std::size_t end,
                     std::vector<Token>& out, std::uint32_t& position);
};

std::string Analyser::id() { return std::string(kName) + "/" + std::to_string(kVersion); }

std::string Analyser::canonical_language(const std::string& language) {
  if (language == "none") return language;
  try {
    // "Xapian::Stem(french)" for "fr" and "french" alike.
    const std::string description = Xapian::Stem(language).get_description();
    const std::size_t open = description.find('('), close = description.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1)
      return description.substr(open + 1, close - open - 1);
    return language;
  } catch (const Xapian::Error&) {
    throw UsageError("unknown language '" + language + "' (known: " +
                     Xapian::Stem::get_available_languages() + ", none)");
  }
}

Analyser::Analyser(const std::string& language) : impl_(std::make_unique<Impl>()) {
  impl_->language = canonical_language(language);
  if (impl_->language != "none") {
    impl_->stemmer = Xapian::Stem(impl_->language);
    impl_->stemming = true;
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

std::string Analyser::fold_value(std::string_view value) {
  if (is_ascii(value)) return lower_ascii(value);
  // ICU's own singletons: the analyser's, as cheap to ask for again.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw Error(std::string("cannot load ICU normalisation data: ") + u_errorName(status));
  return fold_letters(value, *nfkc_cf, *nfd, *nfc);
}

std::string Analyser::Impl::fold(std::string_view raw) const {
  std::string out = fold_letters(raw, *nfkc_cf, *nfd, *nfc);
  drop_possessive(out);
  drop_elision(out);
  // Turkish writes a proper noun's case ending after an apostrophe
  // ("İstanbul'da", "Erdoğan'ın"): the noun alone is the word.
  if (language == "turkish") {
    const std::size_t apostrophe = out.find('\'');
    if (apostrophe != std::string::npos && apostrophe > 0) out.resize(apostrophe);
  }
  return out;
}

// One word ICU found (or the fast path vouches ICU would find) at
// [begin, end) of text, rule its ICU rule status: its parts become tokens.
void Analyser::Impl::add_word(std::string_view text, std::size_t begin, std::size_t end, int32_t rule,
                              std::vector<Token>& out, std::uint32_t& position) {
  if (rule < UBRK_WORD_NUMBER || rule >= UBRK_WORD_IDEO_LIMIT) return;
  // Ideographs and kana can be neither letters of a Snowball language nor
  // split further: ICU's dictionary has cut them into words already.
  const bool may_stem = rule < UBRK_WORD_KANA;
  // Most words are plain ASCII letters or digits: one part, nothing to cut.
  const std::string_view word = text.substr(begin, end - begin);
  const bool ascii_letters = std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  const bool ascii_digits = !ascii_letters && std::all_of(word.begin(), word.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (ascii_letters || ascii_digits) {
    parts.clear();
    parts.push_back({static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end), ascii_digits,
                     ascii_digits ? std::string(word) : std::string()});
  } else {
    code_points.clear();
    for (std::size_t i = begin; i < end;) {
      const std::size_t start = i;
      UChar32 c;
      U8_NEXT(text.data(), i, end, c);
      code_points.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(i), c, classify(c)});
    }
    split_word(code_points, parts);
  }
  for (Part& part : parts) {
    std::string term = part.number ? std::move(part.digits) : fold(text.substr(part.begin, part.end - part.begin));
    if (term.empty()) continue;
    const std::uint32_t this_position = position++;
    if (term.size() > kMaxTermBytes) continue;
    Token token;
    token.term = std::move(term);
    token.begin = part.begin;
    token.end = part.end;
    token.position = this_position;
    token.stemmable = may_stem && !part.number;
    out.push_back(std::move(token));
  }
}

// ICU's words of text[begin, end), offsets kept relative to text.
void Analyser::Impl::add_icu_words(std::string_view text, std::size_t begin, std::size_t end,
                                   std::vector<Token>& out, std::uint32_t& position) {
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data() + begin, static_cast<int64_t>(end - begin), &status);
  if (U_FAILURE(status)) return;
  // Over UTF-8 text ICU reports native indexes, i.e. byte offsets.
  words->setText(&utext, status);
  // ICU leaves superscript and subscript digits out of words, each one alone:
  // a run of them, touching, is a number of its own ("x²" is "x 2", as "x2"
  // is; "2019¹" is "2019 1", not 20191).
  std::size_t digits_begin = 0, digits_end = 0;
  auto add_digits = [&] {
    if (digits_end > digits_begin) add_word(text, digits_begin, digits_end, UBRK_WORD_NUMBER, out, position);
    digits_begin = digits_end = 0;
  };
  int32_t from = words->first();
  for (int32_t to = words->next(); to != icu::BreakIterator::DONE; from = to, to = words->next()) {
    const std::size_t word_begin = begin + static_cast<std::size_t>(from);
    const std::size_t word_end = begin + static_cast<std::size_t>(to);
    const int32_t rule = words->getRuleStatus();
    if (rule < UBRK_WORD_NUMBER && compatibility_digits_only(text.substr(word_begin, word_end - word_begin))) {
      if (digits_end == digits_begin || digits_end != word_begin) {
        add_digits();
        digits_begin = word_begin;
      }
      digits_end = word_end;
      continue;
    }
    add_digits();
    add_word(text, word_begin, word_end, rule, out, position);
  }
  add_digits();
  // Detach before closing: the iterator must not keep a dangling UText.
  words->setText(icu::UnicodeString());
  utext_close(&utext);
}

namespace {

// The punctuation that joins the parts of one compound ("F-16", "U.S.",
// "Dawn.com", "snake_case", "name@mail"), full-width forms included.
bool is_joiner(UChar32 c) {
  switch (c) {
    case '-': case 0x2010: case 0x2011: case 0xFE63: case 0xFF0D:  // hyphens
    case '.': case 0xFE52: case 0xFF0E:                            // dots
    case '@': case 0xFF20: case '_': case 0xFF3F: case '\'':
      return true;
    default:
      return is_apostrophe(c);
  }
}

// Whether what stands between two words separates them for phrases: any
// punctuation but a compound's joiners (a comma, a slash, a colon, a dash,
// brackets, quotes). Spaces, symbols ("$", "%") and words too long to index
// do not.
bool separates(std::string_view between) {
  for (std::size_t i = 0; i < between.size();) {
    UChar32 c;
    U8_NEXT(between.data(), i, between.size(), c);
    // "50%", "AT&T", "R&D": signs that belong to the words beside them.
    if (c < 0 || is_joiner(c) || c == '%' || c == 0x2030 || c == 0xFF05 || c == '&' || c == 0xFF06) continue;
    if (is_punctuation(c)) return true;
  }
  return false;
}

// Tokens [first, end) of text: one empty position after each separator.
void add_separator_gaps(std::string_view text, std::vector<Token>& out, std::size_t first) {
  std::uint32_t shift = 0;
  for (std::size_t k = first + 1; k < out.size(); ++k) {
    const std::uint32_t from = out[k - 1].end, to = out[k].begin;
    if (to > from && separates(text.substr(from, to - from))) ++shift;
    out[k].position += shift;
  }
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
// ASCII punctuation that ICU never joins to the letters or digits beside it
// when it sits at the edge of a space-delimited chunk ('@' and '_' it does).
bool is_edge_punctuation(char c) { return c > ' ' && c < 0x7f && !is_ascii_alnum(c) && c != '@' && c != '_'; }

}  // namespace

// ICU's word breaking is most of the analyser's cost, and most of news text
// is plain ASCII words between spaces and outer punctuation, where UAX #29
// can only find the obvious word. Such chunks are handled here; runs of other
// chunks go to ICU whole, with the spaces around them, so that ICU sees them
// exactly as it would inside the whole text (its rules look at most one
// space-free run ahead or behind). tokenize_with_icu is the reference the
// tests and the fuzzer hold this to.
void Analyser::tokenize(std::string_view text, std::vector<Token>& out, std::uint32_t first_position) {
  const std::size_t first = out.size();
  std::uint32_t position = first_position;
  const std::size_t n = text.size();
  std::size_t pending = std::string_view::npos;  // start of chunks waiting for ICU
  std::size_t i = 0;
  while (i < n) {
    if (is_ascii_space(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && !is_ascii_space(text[j])) ++j;
    std::size_t a = i, b = j;
    while (a < b && is_edge_punctuation(text[a])) ++a;
    while (b > a && is_edge_punctuation(text[b - 1])) --b;
    bool simple = true;
    for (std::size_t k = a; k < b && simple; ++k) simple = is_ascii_alnum(text[k]);
    if (!simple) {
      if (pending == std::string_view::npos) pending = i > 0 ? i - 1 : 0;  // with the space before
    } else {
      if (pending != std::string_view::npos) {
        impl_->add_icu_words(text, pending, i, out, position);  // with the spaces after
        pending = std::string_view::npos;
      }
      if (a < b) impl_->add_word(text, a, b, UBRK_WORD_LETTER, out, position);
    }
    i = j;
  }
  if (pending != std::string_view::npos) impl_->add_icu_words(text, pending, n, out, position);
  add_separator_gaps(text, out, first);
}

void Analyser::tokenize_with_icu(std::string_view text, std::vector<Token>& out, std::uint32_t first_position) {
  const std::size_t first = out.size();
  std::uint32_t position = first_position;
  impl_->add_icu_words(text, 0, text.size(), out, position);
  add_separator_gaps(text, out, first);
}

std::vector<Token> Analyser::tokenize(std::string_view text) {
  std::vector<Token> out;
  tokenize(text, out);
  return out;
}

const std::string& Analyser::index_term(const Token& token) {
  TermHashes unused;
  return index_term(token, unused);
}

const std::string& Analyser::index_term(const Token& token, TermHashes& hashes) {
  if (!token.stemmable || !impl_->stemming) {
    hashes.word = StemCache::hash(token.term);
    hashes.term = StemCache::term_hash(token.term);
    return token.term;
  }
  hashes.word = StemCache::hash(token.term);
  const StemCache::Entry* entry = impl_->stems.find(token.term, hashes.word);
  if (!entry) {
    std::string stem = impl_->stemmer(token.term);
    if (stem.empty()) stem = token.term;
    entry = &impl_->stems.insert(token.term, hashes.word, std::move(stem));
  }
  hashes.term = entry->stem_hash;
  return entry->stem;
}

std::uint64_t Analyser::word_hash(std::string_view word) { return StemCache::hash(word); }
std::uint64_t Analyser::term_hash(std::string_view term) { return StemCache::term_hash(term); }

}  // namespace quarry
