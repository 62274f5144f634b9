#include "tempograph/text.hpp"

#include <array>

namespace tempograph {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

enum CharClass : std::uint8_t { kSpace, kNewline, kLetter, kDigit, kPunct, kHigh };

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> c{};
  for (int i = 0; i < 256; ++i) c[i] = kPunct;
  for (int i = 'a'; i <= 'z'; ++i) c[i] = kLetter;
  for (int i = 'A'; i <= 'Z'; ++i) c[i] = kLetter;
  for (int i = '0'; i <= '9'; ++i) c[i] = kDigit;
  c[' '] = c['\t'] = c['\f'] = c['\v'] = kSpace;
  c['\r'] = c['\n'] = kNewline;
  for (int i = 0x80; i < 256; ++i) c[i] = kHigh;
  return c;
}
constexpr auto kClasses = make_classes();

inline std::uint64_t mix(std::uint64_t h, unsigned char b) {
  return (h ^ b) * kFnvPrime;
}
inline unsigned char fold(unsigned char b) {
  return (b >= 'A' && b <= 'Z') ? static_cast<unsigned char>(b | 0x20) : b;
}

// Length of the UTF-8 sequence starting with lead byte b (1 for stray continuation bytes).
inline std::size_t sequence_length(unsigned char b) {
  if (b >= 0xF0) return 4;
  if (b >= 0xE0) return 3;
  if (b >= 0xC0) return 2;
  return 1;
}

// Non-ASCII characters that behave as white space or punctuation in news text. Quotes and
// dashes are folded to their ASCII forms in the hash so that rules written with ' and - match
// typographic text too.
enum class HighKind { letter, space, punct };
struct HighChar {
  HighKind kind;
  unsigned char ascii;  // folded form for the hash, 0 when none
};

inline HighChar classify_high(const unsigned char* p, std::size_t n) {
  if (n >= 2 && p[0] == 0xC2) {
    if (p[1] == 0xA0) return {HighKind::space, 0};                    // no-break space
    if (p[1] == 0xAB || p[1] == 0xBB) return {HighKind::punct, '"'};  // « »
    if (p[1] >= 0xA1 && p[1] <= 0xBF) return {HighKind::punct, 0};    // ¡ ... ¿ symbols
  }
  if (n >= 3 && p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81)) {
    const unsigned char c = p[2];
    if (p[1] == 0x80 && c <= 0x8A) return {HighKind::space, 0};  // en/em/thin spaces
    if (p[1] == 0x80 && c == 0xAF) return {HighKind::space, 0};  // narrow nbsp
    if (p[1] == 0x80 && (c == 0xA8 || c == 0xA9)) return {HighKind::space, 0};
    if (p[1] == 0x80 && c >= 0x90 && c <= 0x95) return {HighKind::punct, '-'};   // dashes
    if (p[1] == 0x80 && c >= 0x98 && c <= 0x9B) return {HighKind::punct, '\''};  // ‘ ’
    if (p[1] == 0x80 && c >= 0x9C && c <= 0x9F) return {HighKind::punct, '"'};   // “ ”
    return {HighKind::punct, 0};
  }
  if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) return {HighKind::space, 0};  // BOM
  return {HighKind::letter, 0};
}

}  // namespace

std::uint64_t folded_hash(std::string_view word) {
  std::uint64_t h = kFnvOffset;
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  for (std::size_t i = 0; i < word.size();) {
    unsigned char b = p[i];
    if (b >= 0x80) {
      std::size_t n = sequence_length(b);
      if (i + n > word.size()) n = word.size() - i;
      HighChar hc = classify_high(p + i, n);
      if (hc.ascii) {
        h = mix(h, hc.ascii);
      } else {
        for (std::size_t k = 0; k < n; ++k) h = mix(h, p[i + k]);
      }
      i += n;
    } else {
      h = mix(h, fold(b));
      ++i;
    }
  }
  return h;
}

void tokenize(std::string_view text, std::vector<Token>& out) {
  out.clear();
  out.reserve(text.size() / 5 + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  bool space = false;
  bool newline = false;
  std::size_t i = 0;
  while (i < size) {
    const unsigned char b = p[i];
    const auto cls = kClasses[b];
    if (cls == kSpace || cls == kNewline) {
      space = true;
      newline |= (cls == kNewline);
      ++i;
      continue;
    }
    Token t;
    t.begin = static_cast<std::uint32_t>(i);
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    if (cls == kDigit) {
      std::uint64_t h = kFnvOffset;
      std::int64_t value = 0;
      std::size_t start = i;
      while (i < size && kClasses[p[i]] == kDigit) {
        h = mix(h, p[i]);
        if (i - start < 18) value = value * 10 + (p[i] - '0');
        ++i;
      }
      t.kind = TokenKind::number;
      t.number = (i - start <= 18) ? value : -1;
      t.folded_hash = h;
    } else if (cls == kLetter || cls == kHigh) {
      HighChar first{HighKind::letter, 0};
      std::size_t n = 1;
      if (cls == kHigh) {
        n = sequence_length(b);
        if (i + n > size) n = size - i;
        first = classify_high(p + i, n);
      }
      if (first.kind == HighKind::space) {
        space = true;
        i += n;
        continue;
      }
      if (first.kind == HighKind::punct) {
        t.kind = TokenKind::punct;
        std::uint64_t h = kFnvOffset;
        if (first.ascii) {
          h = mix(h, first.ascii);
        } else {
          for (std::size_t k = 0; k < n; ++k) h = mix(h, p[i + k]);
        }
        t.folded_hash = h;
        i += n;
      } else {
        t.kind = TokenKind::word;
        t.capitalized = (b >= 'A' && b <= 'Z');
        std::uint64_t h = kFnvOffset;
        while (i < size) {
          const unsigned char c = p[i];
          const auto cc = kClasses[c];
          if (cc == kLetter) {
            h = mix(h, fold(c));
            ++i;
          } else if (cc == kHigh) {
            std::size_t m = sequence_length(c);
            if (i + m > size) m = size - i;
            if (classify_high(p + i, m).kind != HighKind::letter) break;
            for (std::size_t k = 0; k < m; ++k) h = mix(h, p[i + k]);
            i += m;
          } else {
            break;
          }
        }
        t.folded_hash = h;
      }
    } else {
      t.kind = TokenKind::punct;
      t.folded_hash = mix(kFnvOffset, b);
      ++i;
    }
    t.end = static_cast<std::uint32_t>(i);
    out.push_back(t);
  }
}

}  // namespace tempograph
