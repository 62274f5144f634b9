#include "viz/model/timeline_view.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace tempograph::viz {

namespace {

constexpr float kClusterGap = 2;        // pixels two glyphs need between them to stay apart
constexpr float kMaxClusterWidth = 40;  // a badge never grows wider: dense stretches become
                                        // a row of badges, a density histogram with counts
constexpr float kMinBarWidth = 4;

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Shape shape_of(const TimeSpan& span) {
  const bool fine =
      span.granularity >= Granularity::day || span.granularity == Granularity::unknown;
  if (!fine) return Shape::period;
  return span.start == span.end ? Shape::point : Shape::range;
}

}  // namespace

std::vector<std::string> search_words(std::string_view query) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i]))) ++i;
    const std::size_t start = i;
    while (i < query.size() && !std::isspace(static_cast<unsigned char>(query[i]))) ++i;
    if (i > start) words.push_back(lower(query.substr(start, i - start)));
  }
  return words;
}

TimelineView::TimelineView() : TimelineView(std::make_shared<const Timeline>()) {}

TimelineView::TimelineView(std::shared_ptr<const Timeline> timeline, ViewOptions options)
    : timeline_(timeline ? std::move(timeline) : std::make_shared<const Timeline>()),
      options_(options) {
  const auto& docs = timeline_->documents;
  doc_ids_.reserve(docs.size());
  for (std::uint32_t d = 0; d < docs.size(); ++d) doc_ids_.emplace(docs[d].id, d);
  doc_event_counts_.assign(docs.size(), 0);

  const auto& events = timeline_->events;
  events_.resize(events.size());
  double max_salience = 0;
  for (const auto& e : events) max_salience = std::max(max_salience, e.salience);
  const auto earlier = [&](std::uint32_t a, std::uint32_t b) {
    const auto& x = events_[a];
    const auto& y = events_[b];
    if (x.interval.start != y.interval.start) return x.interval.start < y.interval.start;
    if (x.salience != y.salience) return x.salience > y.salience;  // key events take top rows
    return a < b;
  };
  // A million events take a third of a second: each core takes a stretch of them, with its own
  // lists and counts, joined in stretch order after (the same result as one pass).
  struct Stretch {
    std::uint32_t begin = 0, end = 0;
    std::vector<std::uint32_t> docs;      // event_docs_ for these events
    std::vector<std::uint32_t> by_start;  // sorted
    std::vector<std::uint32_t> doc_counts;
    std::array<std::size_t, kCategoryCount> category_counts{};
  };
  const auto n = static_cast<std::uint32_t>(events.size());
  const std::uint32_t threads =
      n < 65'536 ? 1 : std::clamp<std::uint32_t>(std::thread::hardware_concurrency(), 1, 8);
  std::vector<Stretch> stretches(threads);
  const auto take = [&](Stretch& part) {
    part.doc_counts.assign(docs.size(), 0);
    part.docs.reserve(static_cast<std::size_t>(part.end - part.begin) * 2);
    for (std::uint32_t i = part.begin; i < part.end; ++i) {
      const Event& e = events[i];
      EventInfo& info = events_[i];
      info.dated = !e.time.start.is_special() && !e.time.end.is_special();
      if (info.dated) info.interval = interval_of(e.time);
      info.shape = shape_of(e.time);
      info.category = static_cast<std::uint8_t>(e.category);
      info.salience = max_salience > 0 ? static_cast<float>(e.salience / max_salience) : 0.0f;
      info.docs_begin = static_cast<std::uint32_t>(part.docs.size());
      // Mentions come by document: look each document up once per run of them.
      std::string_view last_doc;
      std::optional<std::uint32_t> last_index;
      for (const auto& m : e.mentions) {
        if (m.doc != last_doc || !last_index) {
          last_doc = m.doc;
          last_index = document_index(m.doc);
          if (last_index) part.docs.push_back(*last_index);
        }
      }
      std::sort(part.docs.begin() + info.docs_begin, part.docs.end());
      part.docs.erase(std::unique(part.docs.begin() + info.docs_begin, part.docs.end()),
                      part.docs.end());
      info.docs_end = static_cast<std::uint32_t>(part.docs.size());
      for (auto d = info.docs_begin; d < info.docs_end; ++d) ++part.doc_counts[part.docs[d]];
      ++part.category_counts[info.category];
      if (info.dated) part.by_start.push_back(i);
    }
    std::sort(part.by_start.begin(), part.by_start.end(), earlier);
  };
  {
    std::vector<std::jthread> others;
    for (std::uint32_t k = 0; k < threads; ++k) {
      stretches[k].begin = static_cast<std::uint32_t>(std::uint64_t{n} * k / threads);
      stretches[k].end = static_cast<std::uint32_t>(std::uint64_t{n} * (k + 1) / threads);
      if (k > 0) others.emplace_back(take, std::ref(stretches[k]));
    }
    take(stretches[0]);
  }
  std::size_t total_docs = 0;
  for (const auto& part : stretches) total_docs += part.docs.size();
  event_docs_.reserve(total_docs);
  for (auto& part : stretches) {
    const auto base = static_cast<std::uint32_t>(event_docs_.size());
    for (std::uint32_t i = part.begin; i < part.end; ++i) {
      events_[i].docs_begin += base;
      events_[i].docs_end += base;
    }
    event_docs_.insert(event_docs_.end(), part.docs.begin(), part.docs.end());
    for (std::size_t d = 0; d < docs.size(); ++d) doc_event_counts_[d] += part.doc_counts[d];
    for (std::size_t c = 0; c < kCategoryCount; ++c) category_counts_[c] += part.category_counts[c];
    const auto middle = by_start_.size();
    by_start_.insert(by_start_.end(), part.by_start.begin(), part.by_start.end());
    std::inplace_merge(by_start_.begin(), by_start_.begin() + static_cast<std::ptrdiff_t>(middle),
                       by_start_.end(), earlier);
    part = Stretch{};  // its memory back now
  }
  visible_.assign(events_.size(), 1);
  rebuild();
  fit_most();
}

std::span<const std::uint32_t> TimelineView::documents_of(std::uint32_t event) const {
  const auto& info = events_[event];
  return {event_docs_.data() + info.docs_begin, info.docs_end - info.docs_begin};
}

std::optional<std::uint32_t> TimelineView::find_event(std::string_view id) const {
  // Ids are "e1", "e2", ... in order, so try the obvious place before searching.
  const auto& events = timeline_->events;
  if (id.size() > 1 && id[0] == 'e') {
    std::size_t n = 0;
    bool digits = true;
    for (char c : id.substr(1)) {
      if (c < '0' || c > '9') {
        digits = false;
        break;
      }
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (digits && n >= 1 && n <= events.size() && events[n - 1].id == id)
      return static_cast<std::uint32_t>(n - 1);
  }
  for (std::uint32_t i = 0; i < events.size(); ++i)
    if (events[i].id == id) return i;
  return std::nullopt;
}

std::optional<std::uint32_t> TimelineView::document_index(std::string_view id) const {
  const auto it = doc_ids_.find(id);
  if (it == doc_ids_.end()) return std::nullopt;
  return it->second;
}

std::size_t TimelineView::events_in_document(std::uint32_t document) const {
  return document < doc_event_counts_.size() ? doc_event_counts_[document] : 0;
}

void TimelineView::set_filter(Filter filter) {
  if (filter == filter_) return;
  filter_ = std::move(filter);
  rebuild();
}

void TimelineView::set_lane_mode(LaneMode mode) {
  if (mode == options_.lane_mode) return;
  options_.lane_mode = mode;
  scroll_y_ = 0;
  rebuild();
}

bool TimelineView::matches(std::uint32_t event, const std::vector<std::string>& words,
                           const std::vector<char>& hidden_docs) const {
  const auto& info = events_[event];
  if (!filter_.categories[info.category]) return false;
  if (info.salience < filter_.min_salience) return false;
  if (!filter_.hidden_articles.empty()) {
    const auto docs = documents_of(event);
    if (!docs.empty() &&
        std::all_of(docs.begin(), docs.end(), [&](std::uint32_t d) { return hidden_docs[d]; }))
      return false;
  }
  for (const auto& word : words)
    if (haystacks_[event].find(word) == std::string::npos) return false;
  return true;
}

void TimelineView::rebuild() {
  const auto words = search_words(filter_.search);
  if (!words.empty() && haystacks_.empty()) {
    haystacks_.resize(events_.size());
    for (std::size_t i = 0; i < events_.size(); ++i) {
      const Event& e = timeline_->events[i];
      std::string text = e.title;
      for (const auto& p : e.participants) (text += '\n') += p;
      (text += '\n') += category_label(e.category);
      (text += '\n') += e.id;
      haystacks_[i] = lower(text);
    }
  }
  std::vector<char> hidden_docs(timeline_->documents.size(), 0);
  for (const auto& id : filter_.hidden_articles)
    if (auto d = document_index(id)) hidden_docs[*d] = 1;

  for (std::uint32_t i = 0; i < events_.size(); ++i)
    visible_[i] = matches(i, words, hidden_docs) ? 1 : 0;

  // Lanes: categories with an event to show, or every article not hidden.
  lanes_.clear();
  std::vector<std::uint32_t> lane_of;  // by category or document
  if (options_.lane_mode == LaneMode::category) {
    std::array<std::size_t, kCategoryCount> counts{};
    for (auto e : by_start_)
      if (visible_[e]) ++counts[events_[e].category];
    lane_of.assign(kCategoryCount, std::numeric_limits<std::uint32_t>::max());
    for (std::uint32_t c = 0; c < kCategoryCount; ++c) {
      if (counts[c] == 0) continue;
      lane_of[c] = static_cast<std::uint32_t>(lanes_.size());
      lanes_.push_back({category_label(static_cast<EventCategory>(c)), c, 0, 0, 0});
    }
  } else {
    lane_of.assign(timeline_->documents.size(), std::numeric_limits<std::uint32_t>::max());
    for (std::uint32_t d = 0; d < timeline_->documents.size(); ++d) {
      if (hidden_docs[d]) continue;
      lane_of[d] = static_cast<std::uint32_t>(lanes_.size());
      lanes_.push_back({timeline_->documents[d].id, d, 0, 0, 0});
    }
  }

  // Greedy interval packing per lane: the first row free at the event's start, a new row while
  // the lane has fewer than the maximum, else the row that frees up first (the overlap then
  // shows as a badge).
  std::vector<std::vector<Row>> lane_rows(lanes_.size());
  std::vector<std::vector<Days>> row_ends(lanes_.size());
  placed_ = 0;
  std::optional<Interval> bounds;
  const auto place = [&](std::uint32_t lane, std::uint32_t event) {
    const Interval iv = events_[event].interval;
    auto& ends = row_ends[lane];
    auto& rows = lane_rows[lane];
    std::size_t r = 0;
    while (r < ends.size() && ends[r] > iv.start) ++r;
    if (r == ends.size()) {
      if (ends.size() < std::max<std::uint32_t>(options_.max_rows_per_lane, 1)) {
        ends.push_back(iv.end);
        rows.emplace_back().lane = lane;
      } else {
        r = static_cast<std::size_t>(std::min_element(ends.begin(), ends.end()) - ends.begin());
      }
    }
    ends[r] = std::max(ends[r], iv.end);
    Row& row = rows[r];
    row.start.push_back(iv.start);
    row.end.push_back(iv.end);
    row.max_end.push_back(row.max_end.empty() ? iv.end : std::max(row.max_end.back(), iv.end));
    row.event.push_back(event);
    ++lanes_[lane].events;
  };
  for (auto e : by_start_) {
    if (!visible_[e]) continue;
    ++placed_;
    const Interval iv = events_[e].interval;
    if (!bounds) bounds = iv;
    bounds->start = std::min(bounds->start, iv.start);
    bounds->end = std::max(bounds->end, iv.end);
    if (options_.lane_mode == LaneMode::category) {
      place(lane_of[events_[e].category], e);
    } else {
      for (auto d : documents_of(e))
        if (lane_of[d] != std::numeric_limits<std::uint32_t>::max()) place(lane_of[d], e);
    }
  }
  bounds_ = bounds;

  rows_.clear();
  row_y_.clear();
  float y = 0;
  for (std::uint32_t l = 0; l < lanes_.size(); ++l) {
    if (lane_rows[l].empty()) lane_rows[l].emplace_back().lane = l;  // an empty article's lane
    lanes_[l].first_row = static_cast<std::uint32_t>(rows_.size());
    lanes_[l].row_count = static_cast<std::uint32_t>(lane_rows[l].size());
    y += metrics_.lane_gap;
    for (auto& row : lane_rows[l]) {
      row_y_.push_back(y + metrics_.row_height / 2);
      y += metrics_.row_height;
      rows_.push_back(std::move(row));
    }
  }
  content_height_ = y + metrics_.lane_gap;
  scroll_y_ = std::clamp(scroll_y_, 0.0f, content_height_);
}

float TimelineView::content_height() const {
  // Metrics may change after the rows were placed: recompute from the row counts.
  float y = 0;
  for (const auto& lane : lanes_) y += metrics_.lane_gap + lane.row_count * metrics_.row_height;
  return y + metrics_.lane_gap;
}

float TimelineView::row_y(std::uint32_t row) const {
  float y = 0;
  for (const auto& lane : lanes_) {
    y += metrics_.lane_gap;
    if (row < lane.first_row + lane.row_count)
      return y + (static_cast<float>(row - lane.first_row) + 0.5f) * metrics_.row_height;
    y += lane.row_count * metrics_.row_height;
  }
  return y;
}

void TimelineView::set_scroll_y(float y, float view_height) {
  scroll_y_ = std::clamp(y, 0.0f, std::max(0.0f, content_height() - view_height));
}

void TimelineView::set_width(float width) {
  viewport_.width = std::max(width, 1.0f);
}

void TimelineView::set_range(Days start, Days span) {
  viewport_.start = start;
  viewport_.span = span;
  clamp_view();
}

void TimelineView::clamp_view() {
  if (!std::isfinite(viewport_.span) || !std::isfinite(viewport_.start))
    viewport_.span = 365, viewport_.start = 0;
  viewport_.span = std::clamp(viewport_.span, kMinSpan, kMaxSpan);
  viewport_.start = std::clamp(viewport_.start, kMinDays, kMaxDays - viewport_.span);
}

void TimelineView::zoom_at(float x, double factor) {
  const Days anchor = viewport_.t_of(x);
  const Days span = std::clamp(viewport_.span * factor, kMinSpan, kMaxSpan);
  viewport_.start = anchor - x / viewport_.width * span;
  viewport_.span = span;
  clamp_view();
}

void TimelineView::pan_pixels(float dx) {
  viewport_.start -= dx / viewport_.px_per_day();
  clamp_view();
}

void TimelineView::pan_fraction(double fraction) {
  viewport_.start += fraction * viewport_.span;
  clamp_view();
}

std::optional<Interval> TimelineView::bounds() const {
  return bounds_;
}

void TimelineView::fit_all() {
  if (!bounds_) return;
  const Days length = std::max(bounds_->end - bounds_->start, 1.0);
  set_range(bounds_->start - length * 0.04, length * 1.08);
}

void TimelineView::fit_most() {
  // A few far-off dates (a 1620 treaty recalled in a 1990s corpus) would squeeze the rest into a
  // sliver: open on the central 98% of the events; F still fits them all.
  constexpr std::size_t kFew = 100;
  const std::size_t n = by_start_.size();
  if (n < kFew) return fit_all();
  std::vector<Days> ends;
  ends.reserve(n);
  for (const auto e : by_start_) ends.push_back(events_[e].interval.end);
  const std::size_t cut = n / 100;
  std::nth_element(ends.begin(), ends.end() - 1 - cut, ends.end());
  const Days start = events_[by_start_[cut]].interval.start;
  const Days end = std::max(*(ends.end() - 1 - cut), start + 1.0);
  set_range(start - (end - start) * 0.04, (end - start) * 1.08);
}

void TimelineView::focus(Interval interval) {
  const Days length = std::max(interval.end - interval.start, kMinSpan);
  const Days span = length * 4;
  set_range((interval.start + interval.end) / 2 - span / 2, span);
}

void TimelineView::zoom_to_event(std::uint32_t event) {
  if (event < events_.size() && events_[event].dated) focus(events_[event].interval);
}

void TimelineView::select(std::uint32_t event, std::size_t mention) {
  if (event >= events_.size()) return;
  selected_ = event;
  const auto mentions = timeline_->events[event].mentions.size();
  selected_mention_ = mention < mentions ? mention : 0;
}

Frame TimelineView::layout(float height) const {
  Frame frame;
  frame.viewport = viewport_;
  frame.height = height;
  frame.row_height = metrics_.row_height;
  const Viewport& vp = viewport_;
  const double ppd = vp.px_per_day();
  const float half = metrics_.row_height / 2;
  const float max_radius = metrics_.row_height * 0.36f;
  const float min_radius = std::max(2.5f, metrics_.row_height * 0.16f);
  const auto x_of = [&](Days t) { return static_cast<float>((t - vp.start) * ppd); };

  float y = -scroll_y_;
  for (std::uint32_t l = 0; l < lanes_.size(); ++l) {
    y += metrics_.lane_gap;
    const float lane_top = y;
    const float lane_bottom = y + lanes_[l].row_count * metrics_.row_height;
    y = lane_bottom;
    if (lane_bottom < 0 || lane_top > height) continue;
    frame.bands.push_back({l, lane_top, lane_bottom});
    for (std::uint32_t r = lanes_[l].first_row; r < lanes_[l].first_row + lanes_[l].row_count;
         ++r) {
      const float cy =
          lane_top + (static_cast<float>(r - lanes_[l].first_row) + 0.5f) * metrics_.row_height;
      if (cy + half < 0 || cy - half > height) continue;
      const Row& row = rows_[r];
      Frame::RowSpan span{r, cy, static_cast<std::uint32_t>(frame.glyphs.size()), 0};
      // First event that may still be visible: its running end passes the view's start.
      std::size_t i = static_cast<std::size_t>(
          std::upper_bound(row.max_end.begin(), row.max_end.end(), vp.start) - row.max_end.begin());
      // Past the last: starts beyond the right edge (plus a glyph's half width).
      const Days t_right = vp.t_of(vp.width + max_radius + kClusterGap);
      const std::size_t stop = static_cast<std::size_t>(
          std::lower_bound(row.start.begin() + static_cast<std::ptrdiff_t>(i), row.start.end(),
                           t_right) -
          row.start.begin());
      while (i < stop) {
        const std::uint32_t e = row.event[i];
        const EventInfo& info = events_[e];
        Glyph g;
        g.y = cy;
        g.row = r;
        g.lane = l;
        g.event = e;
        g.item = static_cast<std::uint32_t>(i);
        g.shape = info.shape;
        g.category = info.category;
        g.radius = min_radius + (max_radius - min_radius) * std::sqrt(info.salience);
        g.time = info.interval;
        if (info.shape == Shape::point) {
          const float cx = x_of((info.interval.start + info.interval.end) / 2);
          g.x0 = cx - g.radius;
          g.x1 = cx + g.radius;
        } else {
          g.x0 = x_of(info.interval.start);
          g.x1 = std::max(x_of(info.interval.end), g.x0 + kMinBarWidth);
        }
        // A point may reach `max_radius` left of its start: collisions are judged with that
        // margin, so no two glyphs of a row ever overlap.
        std::size_t j = i + 1;
        if (j < stop && x_of(row.start[j]) - max_radius < g.x1 + kClusterGap) {
          // A crowd: swallow every event starting within the gap after the run, by binary
          // search, until the run stops growing or reaches a badge's width (a long bar that
          // starts a badge is cut to it).
          const float cap = g.x0 + kMaxClusterWidth;
          float run_x1 = std::min(g.x1, cap);
          bool first = true;
          while (j < stop) {
            const float limit = std::min(run_x1 + kClusterGap, cap) + max_radius;
            std::size_t k = static_cast<std::size_t>(
                std::lower_bound(row.start.begin() + static_cast<std::ptrdiff_t>(j),
                                 row.start.begin() + static_cast<std::ptrdiff_t>(stop),
                                 vp.t_of(limit)) -
                row.start.begin());
            if (first) k = std::max(k, j + 1);  // the colliding event joins, even past the cap
            first = false;
            if (k == j) break;
            const float last_x1 =
                std::max(x_of(row.max_end[k - 1]), x_of(row.start[k - 1]) + kMinBarWidth);
            run_x1 = std::max(run_x1, std::min(last_x1, cap));
            j = k;
          }
          if (j > i + 1) {
            g.count = static_cast<std::uint32_t>(j - i);
            g.x1 = run_x1;
            g.time = {row.start[i], row.max_end[j - 1]};
            g.radius = max_radius;
            g.mixed = options_.lane_mode == LaneMode::article;
          }
        }
        frame.glyphs.push_back(g);
        i = j;
      }
      span.last = static_cast<std::uint32_t>(frame.glyphs.size());
      for (std::uint32_t k = span.first; k < span.last; ++k) {
        const float next = k + 1 < span.last ? frame.glyphs[k + 1].x0 : vp.width;
        frame.glyphs[k].label_room = std::max(0.0f, next - frame.glyphs[k].x1 - 6);
      }
      frame.rows.push_back(span);
    }
  }
  return frame;
}

std::optional<std::size_t> TimelineView::hit_test(const Frame& frame, float x, float y,
                                                  float tolerance) {
  std::optional<std::size_t> best;
  float best_distance = std::numeric_limits<float>::max();
  for (const auto& row : frame.rows) {
    if (std::abs(y - row.y) > frame.row_height / 2) continue;
    // Glyphs in a row are left to right: start from the last one beginning left of x.
    const auto first = frame.glyphs.begin() + row.first;
    const auto last = frame.glyphs.begin() + row.last;
    auto it = std::upper_bound(first, last, x + tolerance,
                               [](float value, const Glyph& g) { return value < g.x0; });
    while (it != first) {
      --it;
      const float distance = x < it->x0 ? it->x0 - x : (x > it->x1 ? x - it->x1 : 0.0f);
      if (distance <= tolerance && distance < best_distance) {
        best_distance = distance;
        best = static_cast<std::size_t>(it - frame.glyphs.begin());
      }
      if (it->x1 + tolerance + kMaxClusterWidth < x) break;  // nothing further left reaches x
    }
  }
  return best;
}

}  // namespace tempograph::viz
