// The timeline as plain text for a terminal: one line per event in time order, its sources
// underneath, then the conflicts. What `bash .ci/demo` prints when there is no display.
#include "tempograph/export.hpp"

#include "timeline_text.hpp"

#include <algorithm>
#include <ostream>
#include <string>

namespace tempograph {
namespace {

// Pads to `width` columns, counting UTF-8 code points ("19–20 Sep 2023" has a two-byte dash).
std::string padded(const std::string& s, std::size_t width) {
  std::size_t columns = 0;
  for (unsigned char c : s) columns += (c & 0xC0) != 0x80 ? 1 : 0;
  return columns >= width ? s + " " : s + std::string(width - columns, ' ');
}

// The mention's sentence, or in a long sentence the part around the mention, on one line.
std::string evidence(const Timeline& timeline, const MentionSource& m) {
  constexpr std::size_t kWidth = 160;
  const Document* doc = timeline.document(m.doc);
  if (!doc || m.sentence_end > doc->text.size() || m.sentence_begin > m.begin)
    return export_text::source_sentence(timeline, m);
  const std::string_view text = doc->text;
  std::size_t from = m.sentence_begin;
  if (m.sentence_end - m.sentence_begin > kWidth && m.begin > from + kWidth / 2) {
    from = m.begin - kWidth / 2;
    while (from < m.begin && text[from] != ' ') ++from;  // start at a word
  }
  std::string out = from > m.sentence_begin ? "\xE2\x80\xA6" : "";
  std::string_view rest = text.substr(from, m.sentence_end - from);
  std::string line(rest);
  for (char& c : line)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  out += export_text::truncate_utf8(line, kWidth);
  return export_text::valid_utf8(out);
}

}  // namespace

void write_timeline_text(std::ostream& out, const Timeline& timeline) {
  out << "# " << timeline.events.size() << " events from " << timeline.documents.size()
      << " documents\n";
  for (const auto& e : timeline.events) {
    const std::size_t sources = e.source_count();
    out << padded(export_text::date_label(e.time), 18)
        << padded(export_text::category_label(e.category), 18)
        << padded(std::to_string(sources) + (sources == 1 ? " source" : " sources"), 11)
        << export_text::valid_utf8(e.title) << "  [" << e.id << "]\n";
    // Each source article once, with the sentence of its first mention.
    std::string last_doc;
    for (const auto& m : e.mentions) {
      if (m.doc == last_doc) continue;
      last_doc = m.doc;
      out << "    " << export_text::valid_utf8(m.doc) << ": " << evidence(timeline, m) << "\n";
    }
  }
  for (const auto& c : timeline.conflicts)
    out << "conflict (" << to_string(c.kind) << "): " << export_text::valid_utf8(c.message) << "\n";
}

}  // namespace tempograph
