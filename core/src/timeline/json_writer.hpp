// A JSON writer that appends straight to a string: timeline.json and the part lines are written
// with it rather than by building nlohmann DOM objects and dumping them, which took a third of
// `tempograph build`'s serial time. Its output is byte for byte what nlohmann's compact dump gives
// (the same escapes, the same numbers), so files written before read and compare the same.
// Private to core/src/timeline.
#pragma once

#include "../text/json_string.hpp"

#include <charconv>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph::timeline_json {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // An object's key; the value follows.
  void key(std::string_view k) {
    separate();
    quoted(k);
    out_ += ':';
    after_key_ = true;
  }

  void value(std::string_view s) {
    separate();
    quoted(s);
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(bool b) {
    separate();
    out_ += b ? "true" : "false";
  }
  template <std::integral T>
  requires(!std::same_as<T, bool>) void value(T n) {
    separate();
    char buffer[24];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, n).ptr;
    out_.append(buffer, end);
  }
  // As nlohmann writes a double: the shortest digits that read back the same, a ".0" on whole
  // numbers, null for what JSON cannot hold. Decimal notation: the values written (salience)
  // are far from the exponent range.
  void value(double x) {
    separate();
    if (!std::isfinite(x)) {
      out_ += "null";
      return;
    }
    char buffer[400];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed).ptr;
    const std::string_view digits(buffer, static_cast<std::size_t>(end - buffer));
    out_ += digits;
    if (digits.find('.') == std::string_view::npos) out_ += ".0";
  }
  template <class T>
  void value(const std::vector<T>& items) {
    begin_array();
    for (const auto& x : items) value(x);
    end_array();
  }

  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }

  // Appends `s` as a JSON string, escaped as nlohmann does.
  void quoted(std::string_view s) { append_json_string(out_, s); }

 private:
  // A comma before every element but the first of its object or array; none right after a key.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) {
      const std::uint64_t bit = std::uint64_t{1} << ((depth_ - 1) % 64);
      if (has_items_ & bit) out_ += ',';
      has_items_ |= bit;
    }
  }
  void open(char bracket) {
    separate();
    out_ += bracket;
    ++depth_;
    has_items_ &= ~(std::uint64_t{1} << ((depth_ - 1) % 64));
  }
  void close(char bracket) {
    out_ += bracket;
    --depth_;
  }

  std::string& out_;
  std::uint64_t has_items_ = 0;  // per open level (the files nest a few levels deep)
  unsigned depth_ = 0;
  bool after_key_ = false;
};

}  // namespace tempograph::timeline_json
