// Writers for tagged documents. Each builds the whole document's output in one string and hands
// it to the stream with a single write: the tag command runs over tens of megabytes, and
// formatting field by field through an ostream costs more than the recognizer.
#include "tempograph/export.hpp"

#include "../text/json_string.hpp"
#include "timeline_text.hpp"

#include "tempograph/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace tempograph {
namespace {

void append_number(std::string& out, std::uint64_t n) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  (void)ec;  // 24 chars always hold a 64-bit number
  out.append(buf.data(), end);
}

// Pads `n` on the left to `width` digits, for aligned line numbers.
void append_number_right(std::string& out, std::uint64_t n, std::size_t width) {
  std::string digits;
  append_number(digits, n);
  if (digits.size() < width) out.append(width - digits.size(), ' ');
  out += digits;
}

// XML character data (and attribute values when `attribute`). CR becomes &#13; since parsers
// would turn a raw one into LF and shift the offsets. Other control characters are not XML 1.0 in
// any form; they too become references, which tempograph's reader and lenient ones accept: the
// only way to keep the text (and so every offset) the same.
void append_xml_escaped(std::string& out, std::string_view s, bool attribute) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool special = c == '&' || c == '<' || c == '>' || (attribute && c == '"') ||
                         (c < 0x20 && c != '\n' && c != '\t') || (attribute && c < 0x20);
    if (!special) continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += "&#";
        append_number(out, c);
        out += ';';
    }
  }
  out.append(s.data() + run, s.size() - run);
}

// "2024-02-15"; the DCT of a TimeML file is a day (brief: the time of day is not kept there).
std::string iso_day(const boost::gregorian::date& day) {
  const auto ymd = day.year_month_day();
  std::string s;
  const auto pad = [&s](unsigned v, std::size_t width) {
    std::string digits;
    append_number(digits, v);
    if (digits.size() < width) s.append(width - digits.size(), '0');
    s += digits;
  };
  pad(static_cast<unsigned>(ymd.year), 4);
  s += '-';
  pad(static_cast<unsigned>(ymd.month), 2);
  s += '-';
  pad(static_cast<unsigned>(ymd.day), 2);
  return s;
}

// Expressions that can be written inline: inside the text, in order, not overlapping (a
// recognizer bug must not produce crossing XML tags).
std::vector<const TimeExpression*> writable(const std::string& text,
                                            const std::vector<TimeExpression>& timexes) {
  std::vector<const TimeExpression*> out;
  out.reserve(timexes.size());
  for (const auto& t : timexes) {
    if (t.begin >= t.end || t.end > text.size()) continue;
    out.push_back(&t);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->begin < b->begin; });
  std::uint32_t last_end = 0;
  std::erase_if(out, [&last_end](const TimeExpression* t) {
    if (t->begin < last_end) return true;
    last_end = t->end;
    return false;
  });
  return out;
}

// The TimeML schema allows only these mods; anything else would make the file invalid for the
// TempEval-3 tools, so it is left out of TimeML (the other formats keep it).
bool is_timeml_mod(std::string_view mod) {
  static constexpr std::array<std::string_view, 12> kMods{
      "BEFORE",        "AFTER",         "ON_OR_BEFORE", "ON_OR_AFTER", "LESS_THAN", "MORE_THAN",
      "EQUAL_OR_LESS", "EQUAL_OR_MORE", "START",        "MID",         "END",       "APPROX"};
  return std::find(kMods.begin(), kMods.end(), mod) != kMods.end();
}

// Number of code points, which is what a terminal shows for most text.
std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The expression as shown in the listing: one line, so line breaks and tabs become spaces.
std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

void write_all(std::ostream& out, const std::string& s) {
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

}  // namespace

void write_timex_text(std::ostream& out, const Document& doc,
                      const std::vector<TimeExpression>& timexes) {
  std::string s;
  append_timex_text(s, doc, timexes);
  write_all(out, s);
}

void append_timex_text(std::string& s, const Document& doc,
                       const std::vector<TimeExpression>& timexes) {
  s.reserve(s.size() + 128 + timexes.size() * 64);
  // The count comes before the provenance, which can be a long sentence from a manifest.
  s += "# ";
  s += doc.id;
  s += "  DCT ";
  s += doc.dct.known() ? doc.dct.iso() : std::string("unknown");
  s += "  ";
  append_number(s, timexes.size());
  s += timexes.size() == 1 ? " expression" : " expressions";
  if (doc.dct.known()) {
    s += "  (";
    s += to_string(doc.dct.source);
    if (!doc.dct.evidence.empty()) {
      s += ": ";
      s += one_line(doc.dct.evidence);
    }
    s += ')';
  }
  s += '\n';

  // Line numbers: expressions come in text order, so newlines are counted incrementally; an
  // out-of-order one restarts the count rather than giving a wrong line.
  std::vector<std::size_t> lines;
  lines.reserve(timexes.size());
  std::size_t line = 1;
  std::size_t counted_to = 0;
  std::size_t text_width = 0;
  std::size_t line_width = 1;
  for (const auto& t : timexes) {
    const std::size_t at = std::min<std::size_t>(t.begin, doc.text.size());
    if (at < counted_to) {
      line = 1;
      counted_to = 0;
    }
    line += static_cast<std::size_t>(
        std::count(doc.text.begin() + static_cast<std::ptrdiff_t>(counted_to),
                   doc.text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    counted_to = at;
    lines.push_back(line);
    line_width = std::max(line_width, std::to_string(line).size());
    const std::size_t end = std::min<std::size_t>(std::max(t.begin, t.end), doc.text.size());
    text_width =
        std::max(text_width, display_width(std::string_view(doc.text).substr(at, end - at)));
  }
  // Very long expressions would push every row to the right; they overflow instead.
  text_width = std::min<std::size_t>(text_width, 32);

  for (std::size_t i = 0; i < timexes.size(); ++i) {
    const auto& t = timexes[i];
    const std::size_t at = std::min<std::size_t>(t.begin, doc.text.size());
    const std::size_t end = std::min<std::size_t>(std::max(t.begin, t.end), doc.text.size());
    const std::string shown = one_line(std::string_view(doc.text).substr(at, end - at));
    s += "  line ";
    append_number_right(s, lines[i], line_width);
    s += "  ";
    s += shown;
    const std::size_t w = display_width(shown);
    s.append(w < text_width ? text_width - w : 0, ' ');
    s += "  ";
    const auto type = to_string(t.type);
    s += type;
    s.append(type.size() < 8 ? 8 - type.size() : 0, ' ');
    s += "  ";
    s += t.value;
    if (!t.range_end.empty()) {
      s += " .. ";
      s += t.range_end;
    }
    if (!t.mod.empty()) {
      s += "  mod=";
      s += t.mod;
    }
    if (!t.reaches.empty()) {
      s += "  reaches ";
      s += t.reaches;
    }
    s += '\n';
  }
  if (timexes.empty()) s += "  (no time expressions)\n";
  s += '\n';
}

void write_timex_jsonl(std::ostream& out, const Document& doc,
                       const std::vector<TimeExpression>& timexes) {
  std::string s;
  append_timex_jsonl(s, doc, timexes);
  write_all(out, s);
}

void append_timex_jsonl(std::string& s, const Document& doc,
                        const std::vector<TimeExpression>& timexes) {
  // An id is nearly always valid UTF-8: only another is copied to be mended.
  std::string id_json;
  if (find_invalid_utf8(doc.id)) {
    append_json_string(id_json, export_text::valid_utf8(doc.id));
  } else {
    append_json_string(id_json, doc.id);
  }
  const auto text_of = [&doc](const TimeExpression& t) {
    const std::size_t begin = std::min<std::size_t>(t.begin, doc.text.size());
    const std::size_t end = std::clamp<std::size_t>(t.end, begin, doc.text.size());
    return std::string_view(doc.text).substr(begin, end - begin);
  };
  // The lines are written in place into room no line can outgrow, sized once, and the rest is
  // cut off: appending field by field cost ~1,500 instructions an expression.
  constexpr std::string_view kKeys =
      "{\"doc\":,\"begin\":,\"end\":,\"text\":,\"type\":\"\",\"value\":,\"mod\":,"
      "\"granularity\":\"\",\"range_end\":,\"reaches\":}\n";
  // Offsets are clamped from 32-bit ones.
  constexpr std::size_t kMaxDigits = std::numeric_limits<std::uint32_t>::digits10 + 1;
  std::size_t room = 0;
  for (const auto& t : timexes) {
    room += kKeys.size() + id_json.size() + 2 * kMaxDigits + to_string(t.type).size() +
            to_string(t.granularity).size() + json_string_max_size(text_of(t)) +
            json_string_max_size(t.value) + json_string_max_size(t.mod) +
            json_string_max_size(t.range_end) + json_string_max_size(t.reaches);
  }
  const std::size_t start = s.size();
  s.resize(start + room);
  char* p = s.data() + start;
  const auto put = [&p](std::string_view part) {
    std::memcpy(p, part.data(), part.size());
    p += part.size();
  };
  const auto put_number = [&p](std::size_t n) { p = std::to_chars(p, p + kMaxDigits, n).ptr; };
  // Type and granularity names are plain words: nothing to escape.
  const auto put_name = [&p, &put](std::string_view name) {
    *p++ = '"';
    put(name);
    *p++ = '"';
  };
  for (const auto& t : timexes) {
    const std::string_view text = text_of(t);
    const std::size_t begin = text.data() - doc.text.data();
    put("{\"doc\":");
    put(id_json);
    put(",\"begin\":");
    put_number(begin);
    put(",\"end\":");
    put_number(begin + text.size());
    put(",\"text\":");
    p = write_json_string(p, text);
    put(",\"type\":");
    put_name(to_string(t.type));
    put(",\"value\":");
    p = write_json_string(p, t.value);
    if (!t.mod.empty()) {
      put(",\"mod\":");
      p = write_json_string(p, t.mod);
    }
    put(",\"granularity\":");
    put_name(to_string(t.granularity));
    if (!t.range_end.empty()) {
      put(",\"range_end\":");
      p = write_json_string(p, t.range_end);
    }
    if (!t.reaches.empty()) {
      put(",\"reaches\":");
      p = write_json_string(p, t.reaches);
    }
    put("}\n");
  }
  s.resize(p - s.data());
}

void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes) {
  write_timeml(out, doc, timexes, {});
}

void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes,
                  const std::vector<EventTrigger>& events) {
  std::string s;
  s.reserve(doc.text.size() + doc.text.size() / 16 + timexes.size() * 64 + events.size() * 48 +
            512);
  // The prologue of the TempEval-3 (TBAQ) files, which their tools expect.
  s += "<?xml version=\"1.0\" ?>\n";
  s += "<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
       "xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n\n";
  s += "<DOCID>";
  append_xml_escaped(s, export_text::valid_utf8(doc.id), false);
  s += "</DOCID>\n\n";
  if (doc.dct.known()) {
    const std::string day = iso_day(doc.dct.day);
    s += "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"";
    s += day;
    s += "\" temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">";
    s += day;
    s += "</TIMEX3></DCT>\n\n";
  }
  s += "<TEXT>";
  // Time expressions first; an event trigger inside one is left out (TimeML tags do not nest).
  const auto tagged = writable(doc.text, timexes);
  std::vector<const EventTrigger*> triggers;
  {
    std::size_t t = 0;
    std::uint32_t last_end = 0;
    for (const auto& e : events) {
      if (e.begin >= e.end || e.end > doc.text.size() || e.begin < last_end) continue;
      while (t < tagged.size() && tagged[t]->end <= e.begin) ++t;
      if (t < tagged.size() && tagged[t]->begin < e.end) continue;
      triggers.push_back(&e);
      last_end = e.end;
    }
  }
  std::size_t pos = 0;
  std::size_t tid = 1;
  std::size_t eid = 1;
  std::size_t ti = 0;
  std::size_t ei = 0;
  const std::string_view text(doc.text);
  while (ti < tagged.size() || ei < triggers.size()) {
    const bool timex_next =
        ei >= triggers.size() || (ti < tagged.size() && tagged[ti]->begin < triggers[ei]->begin);
    if (timex_next) {
      const TimeExpression* t = tagged[ti++];
      auto write_tag = [&](std::size_t begin, std::size_t end, std::string_view value,
                           bool with_mod) {
        append_xml_escaped(s, text.substr(pos, begin - pos), false);
        s += "<TIMEX3 tid=\"t";
        append_number(s, tid++);
        s += "\" type=\"";
        s += to_string(t->type);
        s += "\" value=\"";
        append_xml_escaped(s, value, true);
        s += '"';
        if (with_mod && is_timeml_mod(t->mod)) {
          s += " mod=\"";
          append_xml_escaped(s, t->mod, true);
          s += '"';
        }
        s += '>';
        append_xml_escaped(s, text.substr(begin, end - begin), false);
        s += "</TIMEX3>";
        pos = end;
      };
      // TimeML tags the two ends of a range apart: "<TIMEX3>Aug. 26</TIMEX3> to <TIMEX3>Oct.
      // 20</TIMEX3>".
      if (has_ends_apart(*t)) {
        write_tag(t->begin, t->range_start_end, t->value, true);
        write_tag(t->range_end_begin, t->end, t->range_end, false);
      } else {
        write_tag(t->begin, t->end, t->value, true);
      }
    } else {
      const EventTrigger* e = triggers[ei++];
      append_xml_escaped(s, text.substr(pos, e->begin - pos), false);
      s += "<EVENT eid=\"e";
      append_number(s, eid++);
      s += "\" class=\"";
      s += to_string(e->timeml_class);
      s += "\">";
      append_xml_escaped(s, text.substr(e->begin, e->end - e->begin), false);
      s += "</EVENT>";
      pos = e->end;
    }
  }
  append_xml_escaped(s, text.substr(pos), false);
  s += "</TEXT>\n\n</TimeML>\n";
  write_all(out, s);
}

}  // namespace tempograph
