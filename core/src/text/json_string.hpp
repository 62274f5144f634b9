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

// Quotes `s` and escapes as nlohmann's dump does: short forms where JSON has them, \u00XX for
// other control characters; UTF-8 (already validated) is copied in runs.
inline void append_json_string(std::string& out, std::string_view s) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet appended
  for (std::size_t i = json_plain_prefix(s); i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

}  // namespace tempograph
