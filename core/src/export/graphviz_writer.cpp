// The timeline as a Graphviz drawing: time runs left to right, one lane per category, events are
// boxes pinned where their dates put them, and the `nop` engine only routes the edges. Graphviz's
// own layouts (dot) would place events by their relations, not by their dates; here every
// position is computed once, in linear time, before Graphviz sees the graph.
#include "tempograph/export.hpp"

#include "timeline_text.hpp"

#include "graphviz_library.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tempograph {
namespace {

namespace greg = boost::gregorian;

// Graphviz's functions, loaded on first use (graphviz_library.hpp).
const graphviz::Library& gv() {
  return graphviz::library();
}

using export_text::category_colours;
using export_text::category_label;

// ---------------------------------------------------------------------------------------------
// RAII for the Graphviz C handles. Destruction order matters: the layout is freed before its
// graph, and the graph before the context whose plugins made the layout.

struct ContextDeleter {
  void operator()(GVC_t* gvc) const { gv().gvFreeContext(gvc); }
};
struct GraphDeleter {
  void operator()(Agraph_t* g) const { gv().agclose(g); }
};
struct RenderDataDeleter {
  void operator()(char* data) const { gv().gvFreeRenderData(data); }
};
using ContextPtr = std::unique_ptr<GVC_t, ContextDeleter>;
using GraphPtr = std::unique_ptr<Agraph_t, GraphDeleter>;
using RenderDataPtr = std::unique_ptr<char, RenderDataDeleter>;

// A layout attached to a graph, released with gvFreeLayout.
class Layout {
 public:
  Layout(GVC_t* gvc, Agraph_t* g) : gvc_(gvc), g_(g) {}
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;
  ~Layout() {
    if (!done_) return;
    // Graphviz 2.43's nop layout never frees the node list it keeps on the graph (neato_cleanup
    // skips it for nop): freed here, and set to null in case a Graphviz frees it after all.
    std::free(GD_neato_nlist(g_));
    GD_neato_nlist(g_) = nullptr;
    gv().gvFreeLayout(gvc_, g_);
  }
  // gvLayout frees a previous layout itself, so a failed call leaves nothing to free.
  bool run(const char* engine) {
    done_ = gv().gvLayout(gvc_, g_, engine) == 0;
    return done_;
  }

 private:
  GVC_t* gvc_;
  Agraph_t* g_;
  bool done_ = false;
};

// Graphviz keeps global state (the error function, symbol tables shared by graphs) and is not
// safe to call from two threads at once; every use goes through this lock.
std::mutex& graphviz_mutex() {
  static std::mutex m;
  return m;
}

// Collects Graphviz's error and warning messages while installed, instead of letting them go to
// stderr, so that a failure can be reported with its cause in the exception.
std::string* g_messages = nullptr;

int collect_message(char* message) {
  if (g_messages && message) *g_messages += message;
  return 0;
}

class MessageCapture {
 public:
  MessageCapture() : previous_(gv().agseterrf(collect_message)) { g_messages = &messages_; }
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;
  ~MessageCapture() {
    gv().agseterrf(previous_);
    g_messages = nullptr;
  }
  std::string text() const {
    std::string s = messages_;
    std::replace(s.begin(), s.end(), '\n', ' ');
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  }

 private:
  agusererrf previous_;
  std::string messages_;
};

// cgraph's C API takes char* for strings it only reads (it copies them into its own pool).
char* cstr(const char* s) {
  return const_cast<char*>(s);
}
char* cstr(const std::string& s) {
  return const_cast<char*>(s.c_str());
}

// ---------------------------------------------------------------------------------------------
// Escaping. Graphviz reads label and tooltip text twice: it decodes character entities ("&amp;")
// and it substitutes escapes (\N becomes the node name, \G the graph's, \l ends a line). Labels
// are plain text, not HTML-like: Graphviz 2.43 leaks memory for every HTML-like label it parses.

// Text in a plain label: '&' as an entity, so that text which looks like one ("&amp;") is shown as
// it is; a backslash doubled, so that "\N" in a title stays "\N". Line breaks are ours (\l), so
// any in the text, and other control characters, become spaces.
std::string label_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '&')
      out += "&amp;";
    else if (c == '\\')
      out += "\\\\";
    else if (c < 0x20 || c == 0x7F)
      out += ' ';
    else
      out += ch;
  }
  return out;
}

// A tooltip: as a label, but Graphviz undoes one more level of backslash escapes in tooltips, so
// a literal backslash needs four.
// Line breaks are kept (SVG tooltips show them); other control characters become spaces.
std::string tooltip_text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '&')
      out += "&amp;";
    else if (c == '\\')
      out += "\\\\\\\\";
    else if (c == '\n')
      out += '\n';
    else if (c < 0x20 || c == 0x7F)
      out += ' ';
    else
      out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Geometry, in points (1/72 inch), with y growing downwards; flipped when handed to Graphviz.

constexpr double kLaneLabelWidth = 130;  // left margin holding the lane names
constexpr double kBoxWidth = 150;        // an event box, unless its span is wider
constexpr double kBoxGap = 10;           // between boxes in one row
constexpr double kTitleSize = 9;         // points
constexpr double kDateSize = 8;
constexpr double kLineHeight = 1.2 * kTitleSize;                 // Graphviz's line spacing
constexpr double kDateHeight = 1.2 * kDateSize + 2 * 0.04 * 72;  // the text and node margins
constexpr double kBoxPadding = 5;
constexpr std::size_t kTitleLines = 3;
constexpr std::size_t kWrapColumns = 26;  // characters per title line at 9 pt in 150 pt
constexpr double kRowPitch = 2 * kBoxPadding + (kTitleLines + 1) * kLineHeight + 8;
constexpr double kLanePadding = 6;
constexpr double kHeaderRow = 16;  // one row of gridline labels
constexpr std::size_t kTooltipBytes = 700;

std::string number(double v) {
  std::array<char, 32> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, 2);
  if (ec != std::errc()) return "0";
  std::string s(buf.data(), end);
  // "12.50" -> "12.5", "12.00" -> "12": shorter files, same positions.
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string inches(double points) {
  return number(points / 72.0);
}

// Words wrapped to `columns` characters (UTF-8 code points), at most `max_lines` lines; a word
// longer than a line is cut, and text that does not fit ends with "…".
std::vector<std::string> wrap(std::string_view text, std::size_t columns, std::size_t max_lines) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) words.emplace_back(text.substr(i, j - i));
    i = j;
  }
  const auto length = [](std::string_view s) {
    return static_cast<std::size_t>(std::count_if(
        s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  };
  // The first `n` characters of s, at a character boundary.
  const auto prefix = [](std::string_view s, std::size_t n) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
        if (chars == n) return i;
        ++chars;
      }
    }
    return s.size();
  };
  std::vector<std::string> lines;
  std::string line;
  bool full = false;  // out of lines with text left over
  const auto flush = [&] {
    if (lines.size() == max_lines) {
      full = true;
      return;
    }
    lines.push_back(std::move(line));
    line.clear();
  };
  for (std::size_t w = 0; w < words.size() && !full; ++w) {
    std::string_view word = words[w];
    while (!word.empty() && !full) {
      if (length(line) + (line.empty() ? 0 : 1) + length(word) <= columns) {
        if (!line.empty()) line += ' ';
        line += word;
        word = {};
      } else if (!line.empty()) {
        flush();
      } else {  // a word longer than a line: cut it
        const std::size_t cut = prefix(word, columns);
        line = std::string(word.substr(0, cut));
        word.remove_prefix(cut);
        flush();
      }
    }
  }
  if (!line.empty() && !full) flush();
  if (full && !lines.empty()) {
    std::string& last = lines.back();
    last.resize(prefix(last, columns - 1));
    while (!last.empty() && last.back() == ' ') last.pop_back();
    last += "\xE2\x80\xA6";
  }
  return lines;
}

// Boost's calendar ends at 9999-12-31 (and starts at 1400-01-01, as do the spans of span_of);
// the axis saturates there (shifted, from merge.hpp).
greg::date next_month(const greg::date& d) {
  if (d.year() == 9999 && d.month() == 12) return greg::date(greg::max_date_time);
  return d + greg::months(1);
}

greg::date first_of_year(int year) {
  if (year > 9999) return greg::date(greg::max_date_time);
  return greg::date(static_cast<unsigned short>(year), 1, 1);
}

// The time axis: a padded calendar range and the points per day that fit it in `width`.
struct Axis {
  greg::date start;  // inclusive
  greg::date end;    // exclusive
  double points_per_day = 1;

  double x(const greg::date& d) const {
    return kLaneLabelWidth + static_cast<double>((d - start).days()) * points_per_day;
  }
};

Axis make_axis(const greg::date& first, const greg::date& last, std::size_t events) {
  Axis axis;
  const long span = (last - first).days() + 1;
  if (span > 3 * 366) {  // years: whole years
    axis.start = first_of_year(first.year());
    axis.end = first_of_year(last.year() + 1);
  } else if (span > 62) {  // months: whole months
    axis.start = greg::date(first.year(), first.month(), 1);
    axis.end = next_month(greg::date(last.year(), last.month(), 1));
  } else {  // days: a day on either side
    axis.start = shifted(first, -1);
    axis.end = shifted(last, 2);
  }
  // Wide enough that a few hundred events do not pile up, narrow enough to scroll through.
  const double width = std::clamp(
      250.0 * std::sqrt(static_cast<double>(std::max<std::size_t>(events, 1))), 900.0, 30000.0);
  axis.points_per_day =
      width / static_cast<double>(std::max<long>(1, (axis.end - axis.start).days()));
  return axis;
}

// One event as drawn.
struct Box {
  const Event* event = nullptr;
  double left = 0;  // x of its start date
  double width = 0;
  std::size_t lane = 0;
  std::size_t row = 0;
  std::vector<std::string> title_lines;
};

// ---------------------------------------------------------------------------------------------
// The graph.

class TimelineGraph {
 public:
  explicit TimelineGraph(const Timeline& timeline) : timeline_(timeline) {}

  void build(Agraph_t* g) {
    g_ = g;
    declare_attributes();
    place_events();
    add_lanes();
    add_gridlines();
    add_events();
    add_relations();
    set_graph_label();
  }

 private:
  struct NodeAttrs {
    Agsym_t *pos, *width, *height, *label, *tooltip, *shape, *style, *fillcolor, *color, *fontname,
        *fontcolor, *fontsize, *penwidth, *fixedsize, *margin;
  };
  struct EdgeAttrs {
    Agsym_t *style, *color, *penwidth, *arrowhead, *dir, *tooltip;
  };

  Agsym_t* graph_attr(const char* name, const char* value) {
    return gv().agattr(g_, AGRAPH, cstr(name), cstr(value));
  }
  Agsym_t* node_attr(const char* name, const char* value) {
    return gv().agattr(g_, AGNODE, cstr(name), cstr(value));
  }
  Agsym_t* edge_attr(const char* name, const char* value) {
    return gv().agattr(g_, AGEDGE, cstr(name), cstr(value));
  }

  void declare_attributes() {
    // `layout` makes the written DOT render the same way again (`dot -Tsvg` honours it).
    graph_attr("layout", "nop");
    graph_attr("outputorder", "nodesfirst");  // creation order: lanes, gridlines, then events
    graph_attr("splines", "line");
    graph_attr("overlap", "true");  // lanes and gridlines overlap the events on purpose
    graph_attr("bgcolor", "white");
    graph_attr("pad", "0.2");
    graph_attr("fontname", "Helvetica");
    graph_attr("fontsize", "14");
    graph_attr("labelloc", "t");
    graph_attr("labeljust", "l");
    graph_attr("label", "");
    // PostScript names: Graphviz maps them to SVG font families and weights ("Helvetica-Bold" is
    // Helvetica, bold) and has metrics for them.
    n_.fontname = node_attr("fontname", "Helvetica");
    node_attr("pin", "true");
    n_.pos = node_attr("pos", "");
    n_.width = node_attr("width", "0.75");
    n_.height = node_attr("height", "0.5");
    // Graphviz's own default ("\N", the node name), so that the empty labels of lines and lane
    // bands differ from it and are written into the DOT output.
    n_.label = node_attr("label", "\\N");
    n_.tooltip = node_attr("tooltip", "");
    n_.shape = node_attr("shape", "box");
    // Square corners: rounded ones are drawn as many-point paths, a tenth of the SVG time.
    n_.style = node_attr("style", "filled");
    n_.fillcolor = node_attr("fillcolor", "white");
    n_.color = node_attr("color", "black");
    n_.fontcolor = node_attr("fontcolor", "#1a1a1a");
    n_.fontsize = node_attr("fontsize", number(kTitleSize).c_str());
    n_.penwidth = node_attr("penwidth", "1");
    n_.fixedsize = node_attr("fixedsize", "false");
    n_.margin = node_attr("margin", "0.06,0.04");
    edge_attr("arrowsize", "0.6");
    e_.style = edge_attr("style", "solid");
    // Edges are drawn over the boxes (lanes are nodes too); translucent, the titles stay legible.
    e_.color = edge_attr("color", "#8a8a8aa0");
    e_.penwidth = edge_attr("penwidth", "0.8");
    e_.arrowhead = edge_attr("arrowhead", "normal");
    e_.dir = edge_attr("dir", "forward");
    e_.tooltip = edge_attr("tooltip", "");
  }

  void set(void* obj, Agsym_t* sym, const std::string& value) {
    gv().agxset(obj, sym, cstr(value));
  }

  Agnode_t* node(const std::string& name, double x, double y) {
    Agnode_t* n = gv().agnode(g_, cstr(name), 1);
    // y grows upwards in Graphviz; "!" and pin=true keep the node where it is put.
    set(n, n_.pos, number(x) + "," + number(-y) + "!");
    return n;
  }

  // A thin filled box, which draws as a line and costs no edge routing.
  void line(const std::string& name, double x, double top, double bottom, const char* colour,
            double thickness) {
    Agnode_t* n = node(name, x, (top + bottom) / 2);
    set(n, n_.shape, "box");
    set(n, n_.style, "filled");
    set(n, n_.fixedsize, "true");
    set(n, n_.width, inches(thickness));
    set(n, n_.height, inches(bottom - top));
    set(n, n_.fillcolor, colour);
    set(n, n_.color, colour);
    set(n, n_.penwidth, "0");
    set(n, n_.label, "");
  }

  // Text without a box, centred on (x, y). `label` is escaped already (label_text).
  Agnode_t* text(const std::string& name, double x, double y, const std::string& label,
                 const char* font, double size, const char* colour) {
    Agnode_t* n = node(name, x, y);
    set(n, n_.shape, "plaintext");
    set(n, n_.style, "");
    set(n, n_.margin, "0");
    set(n, n_.width, "0");
    set(n, n_.height, "0");
    set(n, n_.fontname, font);
    set(n, n_.fontsize, number(size));
    set(n, n_.fontcolor, colour);
    set(n, n_.label, label);
    return n;
  }

  void place_events() {
    greg::date first(greg::pos_infin), last(greg::neg_infin);
    for (const auto& e : timeline_.events) {
      if (!export_text::dated(e.time)) {
        ++undated_;
        continue;
      }
      first = std::min(first, e.time.start);
      last = std::max(last, e.time.end);
    }
    if (first.is_special()) return;
    const std::size_t dated_count = timeline_.events.size() - undated_;
    axis_ = make_axis(first, last, dated_count);
    has_axis_ = true;

    // One lane per category present, in the order of EventCategory.
    constexpr std::size_t kCategories = static_cast<std::size_t>(EventCategory::other) + 1;
    const auto category_index = [](EventCategory c) {
      return std::min(static_cast<std::size_t>(c), kCategories - 1);
    };
    std::array<bool, kCategories> present{};
    for (const auto& e : timeline_.events)
      if (export_text::dated(e.time)) present[category_index(e.category)] = true;
    std::array<std::size_t, kCategories> lane_of{};
    for (std::size_t c = 0; c < kCategories; ++c)
      if (present[c]) {
        lane_of[c] = lanes_.size();
        lanes_.push_back({static_cast<EventCategory>(c), 1, 0, 0});
      }

    boxes_.reserve(dated_count);
    for (const auto& e : timeline_.events) {
      if (!export_text::dated(e.time)) continue;
      Box b;
      b.event = &e;
      b.left = axis_.x(e.time.start);
      b.width = std::max(kBoxWidth, axis_.x(shifted(e.time.end, 1)) - b.left);
      b.lane = lane_of[category_index(e.category)];
      const std::string title = export_text::valid_utf8(
          e.title.empty() ? category_label(e.category) : std::string_view(e.title));
      b.title_lines = wrap(title, kWrapColumns, kTitleLines);
      boxes_.push_back(std::move(b));
    }
    // Rows within each lane: first fit, left to right, so boxes never overlap.
    std::vector<std::size_t> order(boxes_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return boxes_[a].left < boxes_[b].left; });
    std::vector<std::vector<double>> row_ends(lanes_.size());
    for (std::size_t i : order) {
      Box& b = boxes_[i];
      auto& ends = row_ends[b.lane];
      std::size_t row = 0;
      while (row < ends.size() && ends[row] + kBoxGap > b.left) ++row;
      if (row == ends.size()) ends.push_back(0);
      ends[row] = b.left + b.width;
      b.row = row;
      lanes_[b.lane].rows = std::max(lanes_[b.lane].rows, row + 1);
      ++lanes_[b.lane].events;
      right_ = std::max(right_, b.left + b.width);
    }
    right_ = std::max(right_, axis_.x(axis_.end)) + 10;
    double y = header_height();
    for (auto& lane : lanes_) {
      lane.top = y;
      y += lane_height(lane);
    }
    bottom_ = y;
  }

  struct Lane {
    EventCategory category;
    std::size_t rows;
    std::size_t events;
    double top;
  };

  static double lane_height(const Lane& lane) {
    return 2 * kLanePadding + static_cast<double>(lane.rows) * kRowPitch;
  }

  double header_height() const { return 3 * kHeaderRow + 4; }

  void add_lanes() {
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      const Lane& lane = lanes_[i];
      const double h = lane_height(lane);
      // The band, shaded every other lane so that a row of boxes reads as one lane.
      Agnode_t* band = node("_lane_" + std::to_string(i), right_ / 2, lane.top + h / 2);
      set(band, n_.style, "filled");
      set(band, n_.fixedsize, "true");
      set(band, n_.width, inches(right_));
      set(band, n_.height, inches(h));
      set(band, n_.fillcolor, i % 2 ? "#ffffff" : "#f6f6f6");
      set(band, n_.color, "#e0e0e0");
      set(band, n_.penwidth, "0.5");
      set(band, n_.label, "");
      const std::string label = label_text(category_label(lane.category)) + "\\n" +
                                std::to_string(lane.events) +
                                (lane.events == 1 ? " event" : " events");
      text("_lane_label_" + std::to_string(i), kLaneLabelWidth / 2, lane.top + 22, label,
           "Helvetica-Bold", 9, std::string(category_colours(lane.category).line).c_str());
    }
  }

  // Year, month and day lines across the lanes, with their labels in the header rows: years
  // always, months when they are far enough apart to read, days for spans of a few weeks.
  void add_gridlines() {
    if (!has_axis_) return;
    const double ppd = axis_.points_per_day;
    const double top = kHeaderRow;  // lines start under the year labels
    const bool months = ppd * 28 >= 12;
    const bool month_labels = ppd * 28 >= 26;
    const bool days = ppd >= 14 && (axis_.end - axis_.start).days() <= 92;
    const double year_y = kHeaderRow / 2;
    const double month_y = kHeaderRow * 1.5;
    const double day_y = kHeaderRow * 2.5;
    // A period's label sits in the middle of its visible part, when there is room for it.
    const auto period_label = [&](const std::string& name, const greg::date& from,
                                  const greg::date& to, double y, const std::string& s, double size,
                                  bool bold, double room) {
      const greg::date a = std::max(from, axis_.start);
      const greg::date b = std::min(to, axis_.end);
      if (a >= b) return;
      const double x0 = axis_.x(a), x1 = axis_.x(b);
      if (x1 - x0 < room) return;
      text(name, (x0 + x1) / 2, y, s, bold ? "Helvetica-Bold" : "Helvetica", size, "#333333");
    };

    // Years: a line at each 1 January; with decades of span, labels every few years.
    const int first_year = axis_.start.year();
    const int last_year = (axis_.end - greg::days(1)).year();
    const double year_width = ppd * 365.25;
    int step = 1;
    for (int s : {1, 2, 5, 10, 20, 50, 100}) {
      step = s;
      if (year_width * s >= 40) break;
    }
    for (int y = first_year; y <= last_year; ++y) {
      const greg::date jan1 = first_of_year(y);
      const greg::date next_year = first_of_year(y + 1);
      if (jan1 >= axis_.start && (year_width >= 4 || y % step == 0))
        line("_year_" + std::to_string(y), axis_.x(jan1), top, bottom_, "#8c8c8c", 1);
      const std::string name = "_year_label_" + std::to_string(y);
      if (step == 1) {
        period_label(name, jan1, next_year, year_y, std::to_string(y), 11, true, 30);
      } else if (y % step == 0 && jan1 >= axis_.start) {
        text(name, axis_.x(jan1), year_y, std::to_string(y), "Helvetica-Bold", 11, "#333333");
      }
      if (bottom_ - top > 1500 && step == 1)  // tall drawings repeat the years underneath
        period_label(name + "_bottom", jan1, next_year, bottom_ + kHeaderRow / 2, std::to_string(y),
                     11, true, 30);
    }
    if (months) {
      for (greg::date m = first_of_year(first_year); m < axis_.end; m = next_month(m)) {
        const greg::date next = next_month(m);
        if (next <= axis_.start) continue;
        const std::string key = export_text::iso_day(m).substr(0, 7);
        if (m > axis_.start && m.month() != 1)
          line("_month_" + key, axis_.x(m), top + kHeaderRow, bottom_, "#d2d2d2", 0.6);
        if (month_labels)
          period_label("_month_label_" + key, m, next, month_y,
                       std::string(export_text::month_abbrev(static_cast<unsigned>(m.month()))), 9,
                       false, 22);
      }
    }
    if (days) {
      for (greg::date d = axis_.start; d < axis_.end; d += greg::days(1)) {
        const std::string key = export_text::iso_day(d);
        if (d > axis_.start && d.day() != 1)
          line("_day_" + key, axis_.x(d), top + 2 * kHeaderRow, bottom_, "#e6e6e6", 0.5);
        period_label("_day_label_" + key, d, shifted(d, 1), day_y,
                     std::to_string(static_cast<unsigned>(d.day())), 8, false, 12);
      }
    }
  }

  void add_events() {
    for (const Box& b : boxes_) {
      const Event& e = *b.event;
      const Lane& lane = lanes_[b.lane];
      const double height =
          2 * kBoxPadding + static_cast<double>(b.title_lines.size() + 1) * kLineHeight;
      const double y =
          lane.top + kLanePadding + static_cast<double>(b.row) * kRowPitch + height / 2;
      // Event nodes are named by their ids (the SVG <title>); ids are not always set by hand.
      const std::string name =
          e.id.empty() ? "_event_" + std::to_string(event_nodes_.size()) : e.id;
      Agnode_t* n = node(name, b.left + b.width / 2, y);
      event_nodes_.emplace(e.id, n);
      const auto colours = category_colours(e.category);
      set(n, n_.width, inches(b.width));
      set(n, n_.height, inches(height));
      set(n, n_.fillcolor, std::string(colours.fill));
      set(n, n_.color, std::string(colours.line));
      if (!e.disputed.empty()) {  // the sources disagree on the date: say so at a glance
        set(n, n_.style, "filled,dashed");
        set(n, n_.penwidth, "1.6");
      }
      // The title under an empty first line, which the date (a second node) fills: one plain
      // label cannot mix fonts. "\\l" ends a line flush left.
      std::string label = "\\l";
      for (const auto& line : b.title_lines) label += label_text(line) + "\\l";
      set(n, n_.label, label);
      set(n, n_.tooltip, tooltip_text(event_tooltip(e)));

      const double date_y = y - height / 2 + kBoxPadding + kLineHeight / 2;
      Agnode_t* date = node("_date_" + name, b.left + b.width / 2, date_y);
      set(date, n_.shape, "plaintext");
      set(date, n_.style, "");
      set(date, n_.fixedsize, "true");  // as wide as the box, so the text starts where its does
      set(date, n_.width, inches(b.width));
      set(date, n_.height, inches(kDateHeight));
      set(date, n_.fontname, "Helvetica-Bold");
      set(date, n_.fontsize, number(kDateSize));
      set(date, n_.fontcolor, std::string(colours.line));
      set(date, n_.label, label_text(date_line(e, b.width)) + "\\l");
    }
  }

  // "19–20 Sep 2023 · 2 sources": the date, and what a reader should know before trusting it,
  // as far as it fits the box.
  static std::string date_line(const Event& e, double width) {
    std::string line = export_text::date_label(e.time);
    std::string extra;
    const std::size_t sources = e.source_count();
    if (sources > 1) extra += " \xC2\xB7 " + std::to_string(sources) + " sources";
    if (!e.disputed.empty()) extra += " \xC2\xB7 disputed";
    const auto chars = [](const std::string& s) {
      return static_cast<double>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
    };
    // About 0.6 em per character of bold text, inside the box's margins.
    if ((chars(line) + chars(extra)) * 0.6 * kDateSize <= width - 12) line += extra;
    return line;
  }

  // The evidence: the first mention's sentence and its article, then what else is known.
  std::string event_tooltip(const Event& e) const {
    std::string s = export_text::date_label(e.time) + "\n";
    if (!e.mentions.empty()) {
      const MentionSource& m = e.mentions.front();
      const std::string sentence =
          export_text::valid_utf8(export_text::source_sentence(timeline_, m));
      s += "\xE2\x80\x9C" + export_text::truncate_utf8(sentence, kTooltipBytes) +
           "\xE2\x80\x9D\n\xE2\x80\x94 " + export_text::article_label(timeline_, m.doc);
      const std::size_t more = e.source_count() - 1;
      if (more > 0)
        s += "\n(and " + std::to_string(more) + (more == 1 ? " more article)" : " more articles)");
    } else {
      s += export_text::valid_utf8(e.title);
    }
    if (!e.participants.empty()) {
      s += "\nParticipants: ";
      for (std::size_t i = 0; i < e.participants.size(); ++i)
        s += (i ? ", " : "") + export_text::valid_utf8(e.participants[i]);
    }
    for (const auto& reading : e.disputed) {
      s += "\nDisputed: " + export_text::date_label(reading.time) + " in ";
      for (std::size_t i = 0; i < reading.docs.size(); ++i)
        s += (i ? ", " : "") + export_text::valid_utf8(reading.docs[i]);
    }
    return s;
  }

  void add_relations() {
    for (const Relation& r : timeline_.relations) {
      // Only drawn events are endpoints (an undated event has no box).
      const auto from_it = event_nodes_.find(r.from);
      const auto to_it = event_nodes_.find(r.to);
      if (from_it == event_nodes_.end() || to_it == event_nodes_.end()) continue;
      Agnode_t* from = from_it->second;
      Agnode_t* to = to_it->second;
      if (from == to) continue;
      // Arrows point forward in time: "A after B" is drawn B -> A.
      const bool flip = r.type == RelationType::after || r.type == RelationType::is_included;
      Agedge_t* edge = gv().agedge(g_, flip ? to : from, flip ? from : to, nullptr, 1);
      switch (r.type) {
        case RelationType::before:
        case RelationType::after:
          break;
        case RelationType::includes:
        case RelationType::is_included:
          set(edge, e_.style, "dashed");
          set(edge, e_.arrowhead, "odiamond");
          break;
        case RelationType::simultaneous:
          set(edge, e_.style, "dotted");
          set(edge, e_.dir, "none");
          break;
      }
      if (r.basis != RelationBasis::time) {  // stated in the text: the reader should see it
        set(edge, e_.color, "#c0392bd0");
        set(edge, e_.penwidth, r.basis == RelationBasis::text ? "1.3" : "1.8");
      }
      std::string tip = export_text::valid_utf8(r.from) + " " + std::string(to_string(r.type)) +
                        " " + export_text::valid_utf8(r.to) + " (" +
                        std::string(to_string(r.basis)) + ")";
      if (r.evidence) {
        if (const Document* d = timeline_.document(r.evidence->doc)) {
          const std::size_t b = std::min<std::size_t>(r.evidence->begin, d->text.size());
          const std::size_t en = std::clamp<std::size_t>(r.evidence->end, b, d->text.size());
          tip += "\n\xE2\x80\x9C" +
                 export_text::valid_utf8(export_text::truncate_utf8(
                     std::string_view(d->text).substr(b, en - b), kTooltipBytes)) +
                 "\xE2\x80\x9D \xE2\x80\x94 " + export_text::article_label(timeline_, d->id);
        }
      }
      set(edge, e_.tooltip, tooltip_text(tip));
    }
  }

  void set_graph_label() {
    const std::size_t shown = boxes_.size();
    std::string label = "Timeline: " + std::to_string(shown) + (shown == 1 ? " event" : " events") +
                        " from " + std::to_string(timeline_.documents.size()) +
                        (timeline_.documents.size() == 1 ? " article" : " articles");
    if (has_axis_) {
      TimeSpan all;
      all.start = axis_.start;
      all.end = axis_.end - greg::days(1);
      all.granularity = Granularity::month;
      label += ", " + export_text::date_label(all);
    }
    if (undated_) label += " (" + std::to_string(undated_) + " undated not shown)";
    // A plain label: the only text in it is ours, but backslashes would still be escapes.
    label +=
        "\\lArrows run forward in time; dashed: includes, dotted: at the same time; red: stated "
        "in the text, grey: from the dates. Hover over an event for its source sentence.\\l";
    gv().agxset(g_, gv().agattr(g_, AGRAPH, cstr("label"), nullptr), cstr(label));
  }

  const Timeline& timeline_;
  Agraph_t* g_ = nullptr;
  NodeAttrs n_{};
  EdgeAttrs e_{};
  Axis axis_;
  bool has_axis_ = false;
  std::size_t undated_ = 0;
  std::vector<Lane> lanes_;
  std::vector<Box> boxes_;
  std::unordered_map<std::string_view, Agnode_t*> event_nodes_;  // by event id
  double right_ = kLaneLabelWidth + 900;
  double bottom_ = 0;
};

// Builds, lays out and renders the timeline in `format` ("svg" or "dot").
void render(std::ostream& out, const Timeline& timeline, const char* format) {
  std::lock_guard<std::mutex> lock(graphviz_mutex());
  MessageCapture messages;
  const auto fail = [&](const std::string& what) {
    std::string message = "Graphviz: " + what;
    if (!messages.text().empty()) message += ": " + messages.text();
    throw std::runtime_error(message);
  };
  // Only these plugins, no demand loading: in particular no pango text layout (see
  // third_party/CMakeLists.txt), and no dependence on the plugin configuration installed.
  ContextPtr gvc(gv().gvContextPlugins(gv().plugins, 0));
  if (!gvc) fail("cannot create a context");
  GraphPtr graph(gv().agopen(cstr("timeline"), gv().directed, nullptr));
  if (!graph) fail("cannot create a graph");
  TimelineGraph(timeline).build(graph.get());
  Layout layout(gvc.get(), graph.get());
  if (!layout.run("nop")) fail("the nop layout failed");
  char* data = nullptr;
  unsigned int length = 0;
  const int status = gv().gvRenderData(gvc.get(), graph.get(), format, &data, &length);
  RenderDataPtr rendered(data);
  if (status != 0 || !data) fail(std::string("cannot render ") + format);
  out.write(data, static_cast<std::streamsize>(length));
}

}  // namespace

void write_timeline_dot(std::ostream& out, const Timeline& timeline) {
  render(out, timeline, "dot");
}

void write_timeline_svg(std::ostream& out, const Timeline& timeline) {
  render(out, timeline, "svg");
}

}  // namespace tempograph
