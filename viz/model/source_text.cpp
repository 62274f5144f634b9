#include "viz/model/source_text.hpp"

#include <algorithm>

namespace tempograph::viz {

namespace {

// The flags covering each stretch between mark boundaries, as (begin, flags, timex) steps.
struct Segment {
  std::uint32_t begin = 0;
  std::uint8_t flags = kMarkNone;
  int timex = -1;
};

std::vector<Segment> segments(std::uint32_t size, const std::vector<Mark>& marks) {
  std::vector<std::uint32_t> cuts{0, size};
  for (const auto& m : marks) {
    if (m.begin >= m.end || m.begin >= size) continue;
    cuts.push_back(m.begin);
    cuts.push_back(std::min(m.end, size));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Segment> out;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
    Segment s{cuts[i], kMarkNone, -1};
    for (const auto& m : marks) {
      if (m.begin <= cuts[i] && cuts[i] < m.end) {
        s.flags = static_cast<std::uint8_t>(s.flags | m.flags);
        if (m.flags & kMarkTimex) s.timex = m.timex;
      }
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TextLayout layout_text(std::string_view text, const std::vector<Mark>& marks, float wrap_width,
                       const MeasureText& measure) {
  TextLayout layout;
  layout.wrap_width = wrap_width;
  const auto size = static_cast<std::uint32_t>(text.size());
  const auto segs = segments(size, marks);
  std::size_t seg = 0;
  const auto segment_end = [&](std::size_t s) {
    return s + 1 < segs.size() ? segs[s + 1].begin : size;
  };
  const float space = measure(" ");
  float x = 0;
  int line = 0;

  // Emits [begin, end) (inside one line) as runs, cut where the marks change.
  const auto emit = [&](std::uint32_t begin, std::uint32_t end) {
    while (begin < end) {
      while (seg + 1 < segs.size() && segment_end(seg) <= begin) ++seg;
      const std::uint32_t piece_end = std::min(end, segment_end(seg));
      const float w = measure(text.substr(begin, piece_end - begin));
      auto& runs = layout.runs;
      if (!runs.empty() && runs.back().line == line && runs.back().end == begin &&
          runs.back().flags == segs[seg].flags && runs.back().timex == segs[seg].timex) {
        runs.back().end = piece_end;  // same style continues: one run
        runs.back().width = x + w - runs.back().x;
      } else {
        runs.push_back({begin, piece_end, x, w, line, segs[seg].flags, segs[seg].timex});
      }
      x += w;
      begin = piece_end;
    }
  };

  std::uint32_t i = 0;
  while (i < size) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      x = 0;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      if (x > 0) {
        // A space is drawn only when it sits inside a mark (keeps "November 9, 2020" one
        // highlight); otherwise it is just an advance.
        while (seg + 1 < segs.size() && segment_end(seg) <= i) ++seg;
        if (segs.empty() || segs[seg].flags == kMarkNone) {
          x += space;
        } else {
          emit(i, i + 1);
        }
      }
      ++i;
      continue;
    }
    std::uint32_t word_end = i;
    while (word_end < size && text[word_end] != ' ' && text[word_end] != '\n' &&
           text[word_end] != '\t' && text[word_end] != '\r')
      ++word_end;
    const float w = measure(text.substr(i, word_end - i));
    if (x > 0 && x + w > wrap_width) {
      ++line;
      x = 0;
    }
    emit(i, word_end);
    i = word_end;
  }
  layout.lines = line + 1;
  return layout;
}

int line_of(const TextLayout& layout, std::uint32_t offset) {
  const auto it = std::upper_bound(layout.runs.begin(), layout.runs.end(), offset,
                                   [](std::uint32_t o, const TextRun& r) { return o < r.begin; });
  if (it == layout.runs.begin()) return 0;
  return std::prev(it)->line;
}

std::optional<std::size_t> run_at(const TextLayout& layout, float x, int line) {
  const auto first = std::lower_bound(layout.runs.begin(), layout.runs.end(), line,
                                      [](const TextRun& r, int l) { return r.line < l; });
  for (auto it = first; it != layout.runs.end() && it->line == line; ++it)
    if (x >= it->x && x < it->x + it->width)
      return static_cast<std::size_t>(it - layout.runs.begin());
  return std::nullopt;
}

std::pair<std::size_t, std::size_t> timexes_of(const Timeline& timeline, std::string_view doc) {
  const auto& all = timeline.timexes;
  const auto by_doc = [](const DocumentTimex& t, std::string_view d) { return t.doc < d; };
  auto first = std::lower_bound(all.begin(), all.end(), doc, by_doc);
  auto last = first;
  while (last != all.end() && last->doc == doc) ++last;
  if (first == last) {
    // Not sorted the way the schema says (hand-built timelines): fall back to a scan.
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].doc != doc) continue;
      std::size_t j = i;
      while (j < all.size() && all[j].doc == doc) ++j;
      return {i, j};
    }
    return {0, 0};
  }
  return {static_cast<std::size_t>(first - all.begin()),
          static_cast<std::size_t>(last - all.begin())};
}

std::vector<Mark> article_marks(const Timeline& timeline, std::string_view doc, const Event* event,
                                std::size_t mention) {
  std::vector<Mark> marks;
  const auto [first, last] = timexes_of(timeline, doc);
  for (std::size_t i = first; i < last; ++i) {
    const auto& t = timeline.timexes[i].timex;
    marks.push_back({t.begin, t.end, kMarkTimex, static_cast<int>(i)});
  }
  if (event) {
    for (std::size_t m = 0; m < event->mentions.size(); ++m) {
      const auto& source = event->mentions[m];
      if (source.doc != doc) continue;
      if (m == mention) {
        marks.push_back({source.sentence_begin, source.sentence_end, kMarkSentence, -1});
        marks.push_back({source.begin, source.end, kMarkMention, -1});
      } else {
        marks.push_back({source.begin, source.end, kMarkOther, -1});
      }
    }
  }
  return marks;
}

std::optional<TimeSpan> calendar_span(const TimeExpression& timex) {
  if (!timex.reaches.empty()) return span_of(timex.reaches);
  return span_of(timex.value, timex.range_end);
}

}  // namespace tempograph::viz
