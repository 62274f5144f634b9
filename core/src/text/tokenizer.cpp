#include "tempograph/text.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace tempograph {
namespace {

// The folded hash of a token is a hash of its folded bytes (ASCII letters lower-cased, typographic
// quotes and dashes as their ASCII forms), taken eight bytes at a time so that a word of ASCII
// letters, most of the text, is folded and hashed a word of memory at a time. Hashes only live
// in memory (lexicons are hashed when loaded), so any function of the folded bytes would do.
class FoldedHasher {
 public:
  constexpr void add(unsigned char b) {
    pending_ |= std::uint64_t{b} << (8 * pending_size_);
    ++size_;
    if (++pending_size_ == 8) {
      mix(pending_);
      pending_ = 0;
      pending_size_ = 0;
    }
  }

  // Eight folded bytes, little-endian; only between whole chunks (nothing pending).
  void add_chunk(std::uint64_t chunk) {
    mix(chunk);
    size_ += 8;
  }

  // The last `n` < 8 folded bytes, little-endian, the rest zero; only with nothing pending.
  void add_tail(std::uint64_t tail, unsigned n) {
    pending_ = tail;
    pending_size_ = n;
    size_ += n;
  }

  constexpr std::uint64_t finish() const {
    // The size tells "a" from "a\0". HashIndex probes with the low bits and filters with the
    // high ones: the first xorshift brings the bytes the multiply left in the high half down, the
    // multiply spreads them up again and the last brings the mixed high bits into the low ones.
    // Half of murmur3's finalizer: as few probes and filter passes over the lexicons and the
    // bench text's words, and ~6 instructions less per token.
    std::uint64_t h = (h_ ^ pending_) * kMultiplier ^ size_;
    h ^= h >> 32;
    h *= kMultiplier;
    h ^= h >> 29;
    return h;
  }

 private:
  static constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

  constexpr void mix(std::uint64_t chunk) {
    h_ = (h_ ^ chunk) * kMultiplier;
    h_ ^= h_ >> 29;
  }

  std::uint64_t h_ = 0x243F6A8885A308D3ULL;
  std::uint64_t pending_ = 0;
  unsigned pending_size_ = 0;
  std::uint64_t size_ = 0;
};

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

// The high bit of each byte of `word` that is no ASCII letter, exact up to the first such byte,
// all callers look at: OR-ed with 0x20 (`lower`), letters are 'a' to 'z', and adding to a byte
// below 0x80 never carries into the next; a byte from 0x80 on is no letter (its high bit) and
// may carry only into the bytes after it.
inline std::uint64_t non_letter_bytes(std::uint64_t word, std::uint64_t lower) {
  const std::uint64_t below_a = ~(lower + kOnes * (0x80 - 'a'));
  const std::uint64_t above_z = lower + kOnes * (0x7F - 'z');
  return (below_a | above_z | word) & kHighBits;
}

// The bytes of `lower` before the first byte marked in `others` (not 0), the rest zero: the bits
// up to that byte's high bit, less its own eight.
inline std::uint64_t before_first(std::uint64_t lower, std::uint64_t others) {
  return lower & ((others ^ (others - 1)) >> 8);
}

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

// The hash of each byte alone: an ASCII punctuation token is one byte, and a table lookup is
// cheaper than hashing it.
constexpr std::array<std::uint64_t, 256> make_byte_hashes() {
  std::array<std::uint64_t, 256> out{};
  for (int i = 0; i < 256; ++i) {
    FoldedHasher h;
    h.add(static_cast<unsigned char>(i));
    out[i] = h.finish();
  }
  return out;
}
constexpr auto kByteHashes = make_byte_hashes();

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
  FoldedHasher h;
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  for (std::size_t i = 0; i < word.size();) {
    unsigned char b = p[i];
    if (b >= 0x80) {
      std::size_t n = sequence_length(b);
      if (i + n > word.size()) n = word.size() - i;
      HighChar hc = classify_high(p + i, n);
      if (hc.ascii) {
        h.add(hc.ascii);
      } else {
        for (std::size_t k = 0; k < n; ++k) h.add(p[i + k]);
      }
      i += n;
    } else {
      h.add(fold(b));
      ++i;
    }
  }
  return h.finish();
}

void tokenize(std::string_view text, std::vector<Token>& out) {
  out.clear();
  out.reserve(text.size() / 5 + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  bool space = false;
  bool newline = false;
  std::size_t i = 0;
  constexpr bool kLittleEndian = std::endian::native == std::endian::little;
  while (i < size) {
    unsigned char b = p[i];
    const auto cls = kClasses[b];
    // Most tokens are words of ASCII letters followed by an ASCII byte: read eight bytes at a
    // time and written whole, with the punctuation right after them ("Army,", "said."), and most
    // are followed by one space and another such word, read by the same inner loop, which keeps
    // little in registers. Everything else takes the general path below, which gives such words
    // and punctuation the same tokens.
    if (kLittleEndian && cls == kLetter) {
      bool general = false;  // stopped at a word the general path reads
      while (true) {
        if (size - i < 8) {
          general = true;
          break;
        }
        std::uint64_t word = 0;
        std::memcpy(&word, p + i, 8);
        std::uint64_t lower = word | (kOnes * 0x20);
        std::uint64_t others = non_letter_bytes(word, lower);
        FoldedHasher h;
        std::size_t at = i;  // the eight bytes read
        while (others == 0) {
          h.add_chunk(lower);
          at += 8;
          if (size - at < 8) break;
          std::memcpy(&word, p + at, 8);
          lower = word | (kOnes * 0x20);
          others = non_letter_bytes(word, lower);
        }
        if (others == 0) {
          general = true;
          break;
        }
        const auto letters = static_cast<unsigned>(std::countr_zero(others) / 8);
        if (p[at + letters] >= 0x80) {
          general = true;
          break;
        }
        h.add_tail(before_first(lower, others), letters);
        out.push_back(Token{.begin = static_cast<std::uint32_t>(i),
                            .end = static_cast<std::uint32_t>(at + letters),
                            .kind = TokenKind::word,
                            .capitalized = p[i] < 'a',
                            .newline_before = newline,
                            .space_before = space,
                            .folded_hash = h.finish(),
                            .number = -1});
        i = at + letters;
        space = newline = false;
        for (; i < size && kClasses[p[i]] == kPunct; ++i)
          out.push_back(Token{.begin = static_cast<std::uint32_t>(i),
                              .end = static_cast<std::uint32_t>(i + 1),
                              .kind = TokenKind::punct,
                              .folded_hash = kByteHashes[p[i]],
                              .number = -1});
        if (i + 1 >= size || p[i] != ' ') break;
        const auto next = kClasses[p[i + 1]];
        if (next < kLetter) break;
        space = true;
        ++i;
        if (next != kLetter) break;
      }
      if (!general) continue;
      b = p[i];  // the first letter of that word
    }
    if (cls == kSpace || cls == kNewline) {
      space = true;
      newline |= (cls == kNewline);
      ++i;
      continue;
    }
    HighChar first{HighKind::letter, 0};
    std::size_t n = 1;
    if (cls == kHigh) {
      n = sequence_length(b);
      if (i + n > size) n = size - i;
      first = classify_high(p + i, n);
      if (first.kind == HighKind::space) {
        space = true;
        i += n;
        continue;
      }
    }
    // Built in place: a token is 32 bytes, and most of the text's bytes end up in one.
    Token& t = out.emplace_back();
    t.begin = static_cast<std::uint32_t>(i);
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    if (cls == kDigit) {
      FoldedHasher h;
      std::int64_t value = 0;
      std::size_t start = i;
      while (i < size && kClasses[p[i]] == kDigit) {
        h.add(p[i]);
        if (i - start < 18) value = value * 10 + (p[i] - '0');
        ++i;
      }
      t.kind = TokenKind::number;
      t.number = (i - start <= 18) ? value : -1;
      t.folded_hash = h.finish();
    } else if (cls == kLetter || cls == kHigh) {
      if (first.kind == HighKind::punct) {
        t.kind = TokenKind::punct;
        FoldedHasher h;
        if (first.ascii) {
          h.add(first.ascii);
        } else {
          for (std::size_t k = 0; k < n; ++k) h.add(p[i + k]);
        }
        t.folded_hash = h.finish();
        i += n;
      } else {
        t.kind = TokenKind::word;
        t.capitalized = (b >= 'A' && b <= 'Z');
        FoldedHasher h;
        // Words of ASCII letters eight bytes at a time: the letters, lower-cased, are the
        // folded bytes. A word that goes on with a non-ASCII byte is read byte by byte instead.
        bool ascii_word = false;
        std::size_t at = i;
        while (kLittleEndian && cls == kLetter && size - at >= 8) {
          std::uint64_t word = 0;
          std::memcpy(&word, p + at, 8);
          const std::uint64_t lower = word | (kOnes * 0x20);
          const std::uint64_t others = non_letter_bytes(word, lower);
          if (others == 0) {
            h.add_chunk(lower);
            at += 8;
            continue;
          }
          const auto letters = static_cast<unsigned>(std::countr_zero(others) / 8);
          if (p[at + letters] >= 0x80) break;
          h.add_tail(before_first(lower, others), letters);
          i = at + letters;
          ascii_word = true;
          break;
        }
        if (!ascii_word) {
          h = FoldedHasher{};
          while (i < size) {
            const unsigned char c = p[i];
            const auto cc = kClasses[c];
            if (cc == kLetter) {
              h.add(fold(c));
              ++i;
            } else if (cc == kHigh) {
              std::size_t m = sequence_length(c);
              if (i + m > size) m = size - i;
              if (classify_high(p + i, m).kind != HighKind::letter) break;
              for (std::size_t k = 0; k < m; ++k) h.add(p[i + k]);
              i += m;
            } else {
              break;
            }
          }
        }
        t.folded_hash = h.finish();
      }
    } else {
      t.kind = TokenKind::punct;
      t.folded_hash = kByteHashes[b];
      ++i;
    }
    t.end = static_cast<std::uint32_t>(i);
    // Most tokens are followed by one plain space and the next token: step over it here.
    if (i + 1 < size && p[i] == ' ' && kClasses[p[i + 1]] >= kLetter) {
      space = true;
      ++i;
    }
  }
}

}  // namespace tempograph
