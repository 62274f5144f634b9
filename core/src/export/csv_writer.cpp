// The timeline as CSV (RFC 4180): a header row, then one row per event, CRLF line ends, and
// fields quoted only when they hold a comma, a quote or a line break (quotes doubled inside).
#include "tempograph/export.hpp"

#include "timeline_text.hpp"

#include <array>
#include <charconv>
#include <string>
#include <string_view>

namespace tempograph {
namespace {

// Appends one field; `first` says whether it starts a row (no separator before it).
void append_field(std::string& row, std::string_view field, bool first = false) {
  if (!first) row += ',';
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    row += field;
    return;
  }
  row += '"';
  for (char c : field) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

// The shortest text that reads back as the same number ("7.25", "12").
std::string number(double v) {
  std::array<char, 32> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return ec == std::errc() ? std::string(buf.data(), end) : std::string("0");
}

}  // namespace

void write_timeline_csv(std::ostream& out, const Timeline& timeline) {
  std::string rows;
  bool first = true;
  for (std::string_view name :
       {"id", "start", "end", "value", "granularity", "category", "title", "participants",
        "sources", "salience", "first_document", "sentence"}) {
    append_field(rows, name, first);
    first = false;
  }
  rows += "\r\n";
  for (const auto& e : timeline.events) {
    std::string row;
    append_field(row, export_text::valid_utf8(e.id), true);
    append_field(row, export_text::iso_day(e.time.start));
    append_field(row, export_text::iso_day(e.time.end));
    append_field(row, export_text::valid_utf8(e.time.value));
    append_field(row, to_string(e.time.granularity));
    append_field(row, to_string(e.category));
    append_field(row, export_text::valid_utf8(e.title));
    std::string participants;
    for (std::size_t i = 0; i < e.participants.size(); ++i) {
      if (i) participants += "; ";
      participants += e.participants[i];
    }
    append_field(row, export_text::valid_utf8(participants));
    append_field(row, std::to_string(e.source_count()));
    append_field(row, number(e.salience));
    if (e.mentions.empty()) {
      append_field(row, "");
      append_field(row, "");
    } else {
      append_field(row, export_text::valid_utf8(e.mentions.front().doc));
      append_field(
          row, export_text::valid_utf8(export_text::source_sentence(timeline, e.mentions.front())));
    }
    rows += row;
    rows += "\r\n";
  }
  out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
}

}  // namespace tempograph
