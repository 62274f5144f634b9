// Byte scanning sixteen bytes at a time, for the loops every input byte passes through (UTF-8
// validation, the TimeML reader). SSE2 is part of every x86-64 CPU, so no run-time dispatch is
// needed; elsewhere the same functions fall back to plain loops and give the same answers.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tempograph::scan {

constexpr std::size_t kBlock = 16;  // bytes looked at in one step

#if defined(__SSE2__)

namespace sse2 {

inline __m128i load(const char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

inline __m128i splat(char c) {
  return _mm_set1_epi8(c);
}

// 0xFF in the bytes of v within [lo, hi] (unsigned), 0 elsewhere.
inline __m128i in_range(__m128i v, char lo, char hi) {
  const __m128i shifted = _mm_sub_epi8(v, splat(lo));
  return _mm_cmpeq_epi8(_mm_min_epu8(shifted, splat(static_cast<char>(hi - lo))), shifted);
}

inline unsigned mask_of(__m128i v) {
  return static_cast<unsigned>(_mm_movemask_epi8(v));
}

}  // namespace sse2

#endif

// How many of the `size` bytes from p are ASCII (below 0x80) before the first that is not.
inline std::size_t ascii_prefix(const char* p, std::size_t size) {
  std::size_t i = 0;
#if defined(__SSE2__)
  while (size - i >= 2 * kBlock) {
    const __m128i both = _mm_or_si128(sse2::load(p + i), sse2::load(p + i + kBlock));
    if (sse2::mask_of(both) != 0) break;
    i += 2 * kBlock;
  }
  while (size - i >= kBlock) {
    if (const unsigned high = sse2::mask_of(sse2::load(p + i)))
      return i + static_cast<std::size_t>(__builtin_ctz(high));
    i += kBlock;
  }
#endif
  while (i < size && static_cast<unsigned char>(p[i]) < 0x80) ++i;
  return i;
}

// The first position from i on (before size) holding a, b or c; size when there is none.
inline std::size_t find_any(const char* p, std::size_t i, std::size_t size, char a, char b,
                            char c) {
#if defined(__SSE2__)
  const __m128i va = sse2::splat(a);
  const __m128i vb = sse2::splat(b);
  const __m128i vc = sse2::splat(c);
  while (size - i >= kBlock) {
    const __m128i v = sse2::load(p + i);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)),
                                     _mm_cmpeq_epi8(v, vc));
    if (const unsigned found = sse2::mask_of(hit))
      return i + static_cast<std::size_t>(__builtin_ctz(found));
    i += kBlock;
  }
#endif
  while (i < size && p[i] != a && p[i] != b && p[i] != c) ++i;
  return i;
}

// XML name characters after the first: ASCII letters and digits, '_', ':', '-', '.', and every
// byte of a multi-byte character.
constexpr bool is_xml_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u == ':' || u == '-' || u == '.' || u >= 0x80;
}

// The end of the run of XML name characters starting at i.
inline std::size_t name_end(const char* p, std::size_t i, std::size_t size) {
#if defined(__SSE2__)
  while (size - i >= kBlock) {
    const __m128i v = sse2::load(p + i);
    // '-' to ':' is "-./0123456789:", of which only '/' is no name character.
    const __m128i punct_digit =
        _mm_andnot_si128(_mm_cmpeq_epi8(v, sse2::splat('/')), sse2::in_range(v, '-', ':'));
    const __m128i letter = sse2::in_range(_mm_or_si128(v, sse2::splat(0x20)), 'a', 'z');
    const __m128i other =
        _mm_or_si128(_mm_cmpeq_epi8(v, sse2::splat('_')), _mm_cmplt_epi8(v, _mm_setzero_si128()));
    const unsigned name = sse2::mask_of(_mm_or_si128(_mm_or_si128(punct_digit, letter), other));
    if (name != 0xFFFF) return i + static_cast<std::size_t>(__builtin_ctz(~name));
    i += kBlock;
  }
#endif
  while (i < size && is_xml_name_char(p[i])) ++i;
  return i;
}

// Bit k of each mask stands for byte k of the 16 bytes at p.
struct Masks16 {
  std::uint32_t letters = 0;  // ASCII letters
  std::uint32_t stops = 0;    // '"', '<' and '&'
};

inline Masks16 masks16(const char* p) {
  Masks16 m;
#if defined(__SSE2__)
  const __m128i v = sse2::load(p);
  // Letters: v | 0x20 within 'a'..'z', moved to -128..-103 for one signed comparison.
  const __m128i lower = _mm_or_si128(v, sse2::splat(0x20));
  const __m128i moved = _mm_add_epi8(lower, sse2::splat(static_cast<char>(0x80 - 'a')));
  m.letters = sse2::mask_of(_mm_cmplt_epi8(moved, sse2::splat(static_cast<char>(-128 + 26))));
  // '"' (0x22) and '&' (0x26) differ in one bit: one comparison finds both.
  const __m128i quote_amp = _mm_cmpeq_epi8(_mm_or_si128(v, sse2::splat(0x04)), sse2::splat('&'));
  m.stops = sse2::mask_of(_mm_or_si128(quote_amp, _mm_cmpeq_epi8(v, sse2::splat('<'))));
#else
  for (unsigned k = 0; k < kBlock; ++k) {
    const std::uint32_t bit = std::uint32_t{1} << k;
    const char lower = static_cast<char>(p[k] | 0x20);
    if (lower >= 'a' && lower <= 'z') m.letters |= bit;
    if (p[k] == '"' || p[k] == '<' || p[k] == '&') m.stops |= bit;
  }
#endif
  return m;
}

// The same masks for the 64 bytes from some position, bit k for byte k: enough to read a whole
// start tag of TimeML markup, or most of it, at once.
struct Masks64 {
  std::uint64_t letters = 0;
  std::uint64_t stops = 0;

  // The masks of the 64 bytes at p.
  static Masks64 at(const char* p) {
    Masks64 m;
    m.fill(p);
    return m;
  }

  // Moves the masks `blocks` blocks of 16 bytes on (1 to 3), to the 64 bytes at p: the bytes
  // still covered are not looked at again. Each case has its shifts fixed, not a loop.
  void advance(const char* p, unsigned blocks) {
    letters >>= blocks * kBlock;
    stops >>= blocks * kBlock;
    switch (blocks) {
      case 3:
        add_block<1>(p);
        [[fallthrough]];
      case 2:
        add_block<2>(p);
        [[fallthrough]];
      default:
        add_block<3>(p);
    }
  }

 private:
  // Adds the masks of block k of the 64 bytes at p.
  template <unsigned k>
  void add_block(const char* p) {
    const Masks16 block = masks16(p + k * kBlock);
    letters |= std::uint64_t{block.letters} << (k * kBlock);
    stops |= std::uint64_t{block.stops} << (k * kBlock);
  }

  void fill(const char* p) {
    add_block<0>(p);
    add_block<1>(p);
    add_block<2>(p);
    add_block<3>(p);
  }
};

}  // namespace tempograph::scan
