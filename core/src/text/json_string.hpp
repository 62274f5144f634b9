// A JSON string literal, appended: the one escaper behind timeline.json, part lines and
// `tag --format jsonl`. Private to core/src.
#pragma once

#include <string>
#include <string_view>

namespace tempograph {

// Quotes `s` and escapes as nlohmann's dump does: short forms where JSON has them, \u00XX for
// other control characters; UTF-8 (already validated) is copied in runs.
inline void append_json_string(std::string& out, std::string_view s) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet appended
  for (std::size_t i = 0; i < s.size(); ++i) {
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
