// A JSON string literal, appended: the one escaper behind timeline.json, part lines and
// `tag --format jsonl`. Private to core/src.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tempograph {

// How many bytes from the start of `s` need no escaping in a JSON string: eight at a time (a
// byte below 0x20, a '"' or a '\\' stops the run), as most text has nothing to escape.
inline std::size_t json_plain_prefix(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; s.size() - i >= 8; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    // Bytes below 0x20 (high bit clear), and bytes equal to '"' or '\\' (zero after XOR).
    const std::uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
    const std::uint64_t quote = w ^ (kOnes * '"');
    const std::uint64_t backslash = w ^ (kOnes * '\\');
    const std::uint64_t special =
        control | ((quote - kOnes) & ~quote & kHigh) | ((backslash - kOnes) & ~backslash & kHigh);
    if (special) break;
  }
  // The last bytes too: this loop is tighter than the caller's, which also handles escapes.
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') break;
    ++i;
  }
  return i;
}

// The escape of one byte that needs it (a control byte, '"' or '\\'), written at `out`: short
// forms where JSON has them, \u00XX for other control characters, as nlohmann's dump does.
// Returns the end of what it wrote (at most 6 bytes).
inline char* write_json_escape(char* out, unsigned char c) {
  constexpr std::string_view kHex = "0123456789abcdef";
  *out++ = '\\';
  switch (c) {
    case '"':
    case '\\':
      *out++ = static_cast<char>(c);
      break;
    case '\b':
      *out++ = 'b';
      break;
    case '\f':
      *out++ = 'f';
      break;
    case '\n':
      *out++ = 'n';
      break;
    case '\r':
      *out++ = 'r';
      break;
    case '\t':
      *out++ = 't';
      break;
    default:
      *out++ = 'u';
      *out++ = '0';
      *out++ = '0';
      *out++ = kHex[c >> 4];
      *out++ = kHex[c & 15];
  }
  return out;
}

// The most bytes write_json_string can write for `s`: the quotes, and six for every byte.
inline std::size_t json_string_max_size(std::string_view s) {
  return 2 + 6 * s.size();
}

// Quotes and escapes `s` into a buffer of at least json_string_max_size(s) bytes; returns the end
// of what it wrote. For writers that size their output once and fill it in place.
inline char* write_json_string(char* out, std::string_view s) {
  *out++ = '"';
  for (std::size_t i = 0;;) {
    const std::size_t plain = json_plain_prefix(s.substr(i));
    std::memcpy(out, s.data() + i, plain);
    out += plain;
    i += plain;
    if (i == s.size()) break;
    out = write_json_escape(out, static_cast<unsigned char>(s[i++]));
  }
  *out++ = '"';
  return out;
}

// Quotes `s` and escapes it as write_json_string does; UTF-8 (already validated) is copied in
// runs.
inline void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0;;) {
    const std::size_t plain = json_plain_prefix(s.substr(i));
    out.append(s.data() + i, plain);
    i += plain;
    if (i == s.size()) break;
    char escape[6];
    out.append(escape, write_json_escape(escape, static_cast<unsigned char>(s[i++])));
  }
  out += '"';
}

}  // namespace tempograph
