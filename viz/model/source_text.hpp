// An article's text as the event panel shows it: wrapped to a width, with marked stretches (the
// selected mention, its sentence, other mentions, dated expressions) kept as separate runs so
// they can be highlighted and clicked. Measuring is passed in, so this knows no ImGui.
#pragma once

#include "tempograph/merge.hpp"
#include "tempograph/timeline.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace tempograph::viz {

enum MarkFlags : std::uint8_t {
  kMarkNone = 0,
  kMarkSentence = 1,  // the selected mention's sentence
  kMarkMention = 2,   // the selected mention's trigger
  kMarkOther = 4,     // another mention of the same event in this article
  kMarkTimex = 8,     // a time expression (clickable)
};

struct Mark {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint8_t flags = kMarkNone;
  int timex = -1;  // index into Timeline::timexes for kMarkTimex
};

struct TextRun {
  std::uint32_t begin = 0;  // byte offsets into the text
  std::uint32_t end = 0;
  float x = 0;
  float width = 0;
  int line = 0;
  std::uint8_t flags = kMarkNone;
  int timex = -1;
};

struct TextLayout {
  std::vector<TextRun> runs;  // in text order
  int lines = 0;
  float wrap_width = 0;
};

using MeasureText = std::function<float(std::string_view)>;

// Wraps at spaces (a word wider than the line gets a line of its own), keeps line breaks, and
// splits runs wherever the set of marks covering the text changes.
TextLayout layout_text(std::string_view text, const std::vector<Mark>& marks, float wrap_width,
                       const MeasureText& measure);

// The line holding byte `offset` (the last line when past the end).
int line_of(const TextLayout& layout, std::uint32_t offset);

// The run under (x, line), if any.
std::optional<std::size_t> run_at(const TextLayout& layout, float x, int line);

// The marks of one article: its time expressions, and for the selected event the chosen mention
// (with its sentence) and the event's other mentions in the same article.
std::vector<Mark> article_marks(const Timeline& timeline, std::string_view doc, const Event* event,
                                std::size_t mention);

// Timeline::timexes of one document: [first, last) indexes (they are sorted by document).
std::pair<std::size_t, std::size_t> timexes_of(const Timeline& timeline, std::string_view doc);

// The stretch of calendar a time expression names, which a click on it shows: its value (to its
// range's end), or for a duration counted on from a date ("two days later") the date it reaches;
// nullopt for one that names none ("P2D" alone, "PAST_REF").
std::optional<TimeSpan> calendar_span(const TimeExpression& timex);

}  // namespace tempograph::viz
