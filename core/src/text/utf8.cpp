// Strict UTF-8 validation (Unicode 15, table 3-7): no overlong forms, no surrogates, nothing
// above U+10FFFF, no truncated sequences. Every input byte passes through here, so ASCII runs
// are skipped sixteen or more bytes at a time.
#include "tempograph/text.hpp"

#include "byte_scan.hpp"

namespace tempograph {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    i += scan::ascii_prefix(text.data() + i, size - i);
    if (i >= size) break;
    const unsigned char lead = bytes[i];
    // The allowed range of the second byte is what excludes overlongs (E0, F0), surrogates (ED)
    // and code points past U+10FFFF (F4); later bytes are plain continuation bytes.
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead == 0xE0) {
      length = 3;
      low = 0xA0;
    } else if (lead == 0xED) {
      length = 3;
      high = 0x9F;
    } else if (lead >= 0xE1 && lead <= 0xEF) {
      length = 3;
    } else if (lead == 0xF0) {
      length = 4;
      low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
      length = 4;
    } else if (lead == 0xF4) {
      length = 4;
      high = 0x8F;
    } else {
      return i;  // continuation byte without a lead, C0/C1 overlong leads, F5..FF
    }
    if (size - i < length) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace tempograph
