// The timeline as the viewer shows it, without ImGui: which events pass the filters, how they are
// packed into lanes and rows, which stretch of time is visible, what is selected, and per frame
// the glyphs to draw (single events, or cluster badges where events are too dense to tell apart).
//
// Level of detail follows Tracy's profiler: every row keeps its events sorted by start with a
// running maximum of their ends, so a frame binary-searches the visible part of each visible row
// and, where events crowd within a few pixels, jumps over the whole crowd with one more binary
// search and draws it as one badge with a count. A frame costs O(rows x pixel columns x log n),
// never O(events).
#pragma once

#include "tempograph/timeline.hpp"
#include "viz/model/palette.hpp"
#include "viz/model/time_axis.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tempograph::viz {

enum class LaneMode : std::uint8_t { category, article };

// A point for a day or less, a bar for a range of days, a lighter bar for a time known only to
// the week, month, season, year, ...
enum class Shape : std::uint8_t { point, range, period };

struct Filter {
  std::string search;  // words, each found (case-insensitively) in the title, a participant or
                       // the category
  std::array<bool, kCategoryCount> categories = all_categories();
  std::vector<std::string> hidden_articles;  // document ids whose events are left out
  double min_salience = 0;                   // "key events": 0..1 of the highest salience

  static std::array<bool, kCategoryCount> all_categories() {
    std::array<bool, kCategoryCount> all{};
    all.fill(true);
    return all;
  }
  friend bool operator==(const Filter&, const Filter&) = default;
};

struct Lane {
  std::string label;      // the category, or the article's id
  std::uint32_t key = 0;  // category index, or document index
  std::uint32_t first_row = 0;
  std::uint32_t row_count = 0;
  std::size_t events = 0;  // placed in it
};

// Vertical metrics, in pixels.
struct RowMetrics {
  float row_height = 22;
  float lane_gap = 8;  // between lanes
};

struct Glyph {
  float x0 = 0, x1 = 0;  // strip pixels
  float y = 0;           // the row's centre, pixels from the strip's top (scroll applied)
  std::uint32_t row = 0;
  std::uint32_t lane = 0;
  std::uint32_t event = 0;  // an event index; for a cluster, its first event
  std::uint32_t count = 1;  // more than one: a cluster badge
  std::uint32_t item = 0;   // its first event's position in the row (see row_events)
  Interval time;            // what it covers (a cluster's zoom target)
  Shape shape = Shape::point;
  std::uint8_t category = 0;
  float radius = 4;      // half the glyph's height
  float label_room = 0;  // free pixels right of the glyph, before the next one in its row
  bool mixed = false;    // a badge over events of several categories (article lanes)

  bool cluster() const { return count > 1; }
};

struct LaneBand {
  std::uint32_t lane = 0;
  float y0 = 0, y1 = 0;  // strip pixels (scroll applied)
};

struct Frame {
  Viewport viewport;
  float height = 0;
  float row_height = 0;
  std::vector<Glyph> glyphs;  // row by row, each row left to right
  std::vector<LaneBand> bands;
  // Glyphs of each laid-out row: [first, last) into `glyphs`, with the row's centre.
  struct RowSpan {
    std::uint32_t row = 0;
    float y = 0;
    std::uint32_t first = 0, last = 0;
  };
  std::vector<RowSpan> rows;
};

struct ViewOptions {
  LaneMode lane_mode = LaneMode::category;
  std::uint32_t max_rows_per_lane = 4;  // more overlapping events than this make badges
};

class TimelineView {
 public:
  TimelineView();
  explicit TimelineView(std::shared_ptr<const Timeline> timeline, ViewOptions options = {});

  const Timeline& timeline() const { return *timeline_; }
  std::shared_ptr<const Timeline> shared_timeline() const { return timeline_; }
  std::size_t event_count() const { return events_.size(); }
  std::size_t placed_count() const { return placed_; }  // events passing the filter, with a time

  // Per event.
  Interval interval(std::uint32_t event) const { return events_[event].interval; }
  Shape shape(std::uint32_t event) const { return events_[event].shape; }
  float salience(std::uint32_t event) const { return events_[event].salience; }  // 0..1
  std::span<const std::uint32_t> documents_of(std::uint32_t event) const;        // distinct, sorted
  bool passes(std::uint32_t event) const { return visible_[event] != 0; }
  std::optional<std::uint32_t> find_event(std::string_view id) const;
  std::optional<std::uint32_t> document_index(std::string_view id) const;
  // Events whose mentions include this document, and every event per category (for legends).
  std::size_t events_in_document(std::uint32_t document) const;
  std::size_t events_in_category(std::size_t category) const { return category_counts_[category]; }

  // Filtering and lanes. Both repack the rows: O(events).
  const Filter& filter() const { return filter_; }
  void set_filter(Filter filter);
  LaneMode lane_mode() const { return options_.lane_mode; }
  void set_lane_mode(LaneMode mode);
  const std::vector<Lane>& lanes() const { return lanes_; }
  std::size_t row_count() const { return rows_.size(); }
  // A row's events by start: a glyph's events are row_events(g.row).subspan(g.item, g.count).
  std::span<const std::uint32_t> row_events(std::uint32_t row) const { return rows_[row].event; }

  // The time strip.
  const Viewport& viewport() const { return viewport_; }
  void set_width(float width);
  void set_range(Days start, Days span);
  void zoom_at(float x, double factor);    // the time under x stays under x
  void pan_pixels(float dx);               // content follows the mouse: dx > 0 shows earlier times
  void pan_fraction(double fraction);      // of the visible span; > 0 shows later times
  std::optional<Interval> bounds() const;  // of the events passing the filter
  void fit_all();
  void fit_most();  // the central 98% of the dated events (all of them when there are few)
  void focus(Interval interval);  // shows it with some context around it
  void zoom_to_event(std::uint32_t event);

  // Vertical layout and scrolling.
  RowMetrics metrics() const { return metrics_; }
  void set_metrics(RowMetrics metrics) { metrics_ = metrics; }
  float content_height() const;
  float scroll_y() const { return scroll_y_; }
  void set_scroll_y(float y, float view_height);
  float row_y(std::uint32_t row) const;  // the row's centre in content pixels (no scroll)

  // One frame's glyphs for a strip `height` pixels high (rows outside are skipped).
  Frame layout(float height) const;

  // The glyph under (x, y), or the nearest within `tolerance` pixels; an index into frame.glyphs.
  static std::optional<std::size_t> hit_test(const Frame& frame, float x, float y,
                                             float tolerance = 3);

  // Selection: an event and which of its mentions is shown.
  std::optional<std::uint32_t> selected() const { return selected_; }
  std::size_t selected_mention() const { return selected_mention_; }
  void select(std::uint32_t event, std::size_t mention = 0);
  void clear_selection() { selected_.reset(), selected_mention_ = 0; }

  static constexpr Days kMinSpan = 1.0 / 24;             // an hour across the strip
  static constexpr Days kMaxSpan = kMaxDays - kMinDays;  // the whole calendar, 1400 to 9999

 private:
  struct EventInfo {
    Interval interval;
    Shape shape = Shape::point;
    std::uint8_t category = 0;
    bool dated = false;
    float salience = 0;                          // 0..1
    std::uint32_t docs_begin = 0, docs_end = 0;  // into event_docs_
  };
  // One row of a lane, as parallel arrays sorted by start: what a frame searches.
  struct Row {
    std::uint32_t lane = 0;
    std::vector<Days> start;
    std::vector<Days> end;
    std::vector<Days> max_end;  // running maximum of `end`, so "first still visible" is a search
    std::vector<std::uint32_t> event;
  };

  void rebuild();
  bool matches(std::uint32_t event, const std::vector<std::string>& words,
               const std::vector<char>& hidden_docs) const;
  void clamp_view();

  std::shared_ptr<const Timeline> timeline_;
  ViewOptions options_;
  std::vector<EventInfo> events_;
  std::vector<std::uint32_t> event_docs_;
  std::vector<std::uint32_t> by_start_;  // dated events by (start, salience descending)
  std::unordered_map<std::string_view, std::uint32_t>
      doc_ids_;  // id -> index (one probe per lookup)
  std::vector<std::uint32_t> doc_event_counts_;
  std::array<std::size_t, kCategoryCount> category_counts_{};
  mutable std::vector<std::string> haystacks_;  // lower-cased search text, built on first search

  Filter filter_;
  std::vector<char> visible_;
  std::size_t placed_ = 0;
  std::vector<Lane> lanes_;
  std::vector<Row> rows_;
  std::vector<float> row_y_;  // centre of each row, content pixels
  float content_height_ = 0;
  std::optional<Interval> bounds_;

  Viewport viewport_;
  RowMetrics metrics_;
  float scroll_y_ = 0;

  std::optional<std::uint32_t> selected_;
  std::size_t selected_mention_ = 0;
};

// Lower-cased search words of a query ("Nov  Ceasefire" -> {"nov", "ceasefire"}).
std::vector<std::string> search_words(std::string_view query);

}  // namespace tempograph::viz
