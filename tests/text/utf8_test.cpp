#include "tempograph/text.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <optional>
#include <random>
#include <string>

using tempograph::find_invalid_utf8;

namespace {

// An independent reference: decode each sequence arithmetically and check the code point is
// in range, not a surrogate and encoded in the fewest bytes.
std::optional<std::size_t> reference(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if ((lead & 0xE0) == 0xC0) {
      length = 2;
      cp = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      cp = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      cp = lead & 0x07u;
    } else {
      return i;
    }
    if (i + length > s.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (next & 0x3Fu);
    }
    const std::uint32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
    if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

}  // namespace

TEST_CASE("find_invalid_utf8 accepts valid text of every sequence length") {
  CHECK_FALSE(find_invalid_utf8(""));
  CHECK_FALSE(find_invalid_utf8("plain ASCII text, long enough for the 8-byte path"));
  CHECK_FALSE(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x93\xB0"));  // é — 📰
  CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF"));                               // U+D7FF
  CHECK_FALSE(find_invalid_utf8("\xEE\x80\x80"));                               // U+E000
  CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));                           // U+10FFFF
  CHECK_FALSE(find_invalid_utf8(std::string("a\0b", 3)));  // NUL is valid UTF-8
}

TEST_CASE("find_invalid_utf8 rejects overlongs, surrogates, out-of-range and truncated input") {
  CHECK(find_invalid_utf8("ab\xC0\xAF") == 2u);        // overlong '/'
  CHECK(find_invalid_utf8("\xC1\xBF") == 0u);          // overlong
  CHECK(find_invalid_utf8("x\xE0\x80\xAF") == 1u);     // overlong 3-byte
  CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0u);  // overlong 4-byte
  CHECK(find_invalid_utf8("ok \xED\xA0\x80") == 3u);   // U+D800 surrogate
  CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0u);      // U+DFFF surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);  // U+110000
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0u);  // lead byte past F4
  CHECK(find_invalid_utf8("\xFF") == 0u);
  CHECK(find_invalid_utf8("abc\xE2\x82") == 3u);   // truncated at the end
  CHECK(find_invalid_utf8("abc\xE2\x82z") == 3u);  // continuation missing
  CHECK(find_invalid_utf8("\x80 stray continuation") == 0u);
  CHECK(find_invalid_utf8("\xC3\xA9\xA9") == 2u);  // one continuation too many
}

TEST_CASE("find_invalid_utf8 reports the exact offset wherever the fast path stops") {
  for (std::size_t prefix = 0; prefix < 40; ++prefix) {
    for (std::size_t suffix = 0; suffix < 10; ++suffix) {
      const std::string text = std::string(prefix, 'a') + "\xFF" + std::string(suffix, 'b');
      CHECK(find_invalid_utf8(text) == prefix);
    }
    const std::string valid = std::string(prefix, 'a') + "\xC3\xA9" + std::string(9, 'b');
    CHECK_FALSE(find_invalid_utf8(valid));
  }
}

TEST_CASE("find_invalid_utf8 agrees with a reference decoder") {
  // Counted rather than asserted one by one: millions of cases.
  std::size_t cases = 0;
  std::size_t mismatches = 0;
  std::string first_mismatch;
  auto compare = [&](const std::string& s) {
    ++cases;
    if (find_invalid_utf8(s) != reference(s) && mismatches++ == 0) first_mismatch = s;
  };
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) compare(bytes({a, b}));
  }
  for (int a = 0xC0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      for (int c = 0x70; c < 0xD0; ++c) compare(bytes({a, b, c}));
    }
  }
  for (int a = 0xF0; a < 0xF8; ++a) {
    for (int b = 0x80; b < 0xC0; ++b) {
      for (int c : {0x7F, 0x80, 0xBF, 0xC0}) compare(bytes({a, b, c, 0x80}));
    }
  }
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> any_byte(0, 255);
  std::uniform_int_distribution<int> ascii(0x20, 0x7E);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const int length = 1 + round % 24;
    for (int k = 0; k < length; ++k) {
      s += static_cast<char>(k % 5 == 0 ? any_byte(rng) : ascii(rng));
    }
    compare(s);
  }
  INFO("cases: " << cases << ", first mismatch has " << first_mismatch.size() << " bytes");
  CHECK(mismatches == 0);
}

TEST_CASE("find_invalid_utf8 handles a multi-megabyte text") {
  std::string text(5'000'000, 'x');
  text.replace(1'000'000, 2, "\xC3\xA9");
  CHECK_FALSE(find_invalid_utf8(text));
  text[4'999'999] = '\xE2';
  CHECK(find_invalid_utf8(text) == 4'999'999u);
}
