#include "viz/model/timeline_view.hpp"
#include "viz/model/synthetic.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>

using namespace tempograph;
using namespace tempograph::viz;
namespace greg = boost::gregorian;

namespace {

Event event(std::string id, greg::date day, EventCategory category, std::vector<std::string> docs,
            double salience = 1, std::string title = "") {
  Event e;
  e.id = std::move(id);
  e.title = title.empty() ? "event " + e.id : std::move(title);
  e.category = category;
  e.salience = salience;
  e.time = {"", day, day, Granularity::day};
  for (auto& d : docs) {
    MentionSource m;
    m.doc = std::move(d);
    m.begin = 0;
    m.end = 4;
    e.mentions.push_back(std::move(m));
  }
  return e;
}

std::shared_ptr<const Timeline> small_timeline() {
  Timeline t;
  for (const char* id : {"a", "b", "c"}) {
    Document d;
    d.id = id;
    d.text = "text of " + std::string(id);
    t.documents.push_back(d);
  }
  t.events.push_back(event("e1", greg::date(2020, 9, 27), EventCategory::military_action,
                           {"a", "b"}, 3, "Azerbaijan launched an offensive"));
  t.events.push_back(event("e2", greg::date(2020, 10, 10), EventCategory::agreement, {"a"}, 1,
                           "Humanitarian ceasefire agreed in Moscow"));
  t.events.push_back(event("e3", greg::date(2020, 11, 9), EventCategory::agreement, {"a", "b", "c"},
                           5, "Trilateral statement signed by Armenia, Azerbaijan and Russia"));
  t.events.back().participants = {"Armenia", "Azerbaijan", "Russia"};
  Event month = event("e4", greg::date(2020, 12, 1), EventCategory::humanitarian, {"c"}, 0.5,
                      "Refugees returned");
  month.time = {"2020-12", greg::date(2020, 12, 1), greg::date(2020, 12, 31), Granularity::month};
  t.events.push_back(month);
  return std::make_shared<const Timeline>(std::move(t));
}

std::size_t total_count(const Frame& frame) {
  std::size_t n = 0;
  for (const auto& g : frame.glyphs) n += g.count;
  return n;
}

}  // namespace

TEST_CASE("viz view: events, shapes, documents and lookups") {
  TimelineView view(small_timeline());
  REQUIRE(view.event_count() == 4);
  CHECK(view.placed_count() == 4);
  CHECK(view.shape(0) == Shape::point);
  CHECK(view.shape(3) == Shape::period);
  CHECK(view.find_event("e3") == 2u);
  CHECK(!view.find_event("e9"));
  CHECK(view.document_index("c") == 2u);
  CHECK(view.documents_of(2).size() == 3);
  CHECK(view.events_in_document(0) == 3);
  CHECK(view.salience(2) == Approx(1));
  CHECK(view.salience(1) == Approx(0.2));
  // Lanes: the categories present, in category order.
  REQUIRE(view.lanes().size() == 3);
  CHECK(view.lanes()[0].label == "agreement");
  CHECK(view.lanes()[0].events == 2);
  CHECK(view.lanes()[1].label == "military action");
  // Fit all shows every event, with a margin.
  const auto& vp = view.viewport();
  CHECK(vp.start < to_days(greg::date(2020, 9, 27)));
  CHECK(vp.end() > to_days(greg::date(2021, 1, 1)));
}

TEST_CASE("viz view: zoom keeps the time under the cursor, pan moves by pixels") {
  TimelineView view(small_timeline());
  view.set_width(1000);
  view.set_range(to_days(greg::date(2020, 9, 1)), 120);
  const Days under = view.viewport().t_of(250);
  view.zoom_at(250, 0.5);
  CHECK(view.viewport().span == Approx(60));
  CHECK(view.viewport().t_of(250) == Approx(under));
  view.zoom_at(250, 3);
  CHECK(view.viewport().t_of(250) == Approx(under));
  const Days start = view.viewport().start;
  view.pan_pixels(100);  // dragging right shows earlier times
  CHECK(view.viewport().start == Approx(start - 100 / view.viewport().px_per_day()));
  view.pan_fraction(0.25);
  CHECK(view.viewport().start ==
        Approx(start - 100 / view.viewport().px_per_day() + 0.25 * view.viewport().span));
  // Limits: never less than an hour, never beyond the calendar.
  for (int i = 0; i < 100; ++i) view.zoom_at(500, 0.5);
  CHECK(view.viewport().span == Approx(TimelineView::kMinSpan));
  for (int i = 0; i < 100; ++i) view.zoom_at(500, 2);
  CHECK(view.viewport().span == Approx(TimelineView::kMaxSpan));
  CHECK(view.viewport().start >= kMinDays);
  view.zoom_to_event(2);
  CHECK(view.viewport().start < to_days(greg::date(2020, 11, 9)));
  CHECK(view.viewport().end() > to_days(greg::date(2020, 11, 10)));
  CHECK(view.viewport().span <= 5);
}

TEST_CASE("viz view: a timeline opens on the bulk of its events, F fits them all") {
  Timeline t;
  Document d;
  d.id = "a";
  d.text = "text";
  t.documents.push_back(d);
  for (int i = 0; i < 300; ++i) {  // through 2020
    std::string id = "e";          // not "e" + to_string(): g++ 12's false -Wrestrict
    id += std::to_string(i + 1);
    t.events.push_back(
        event(id, greg::date(2020, 1, 1) + greg::days(i), EventCategory::meeting, {"a"}));
  }
  t.events.push_back(event("e301", greg::date(1620, 3, 14), EventCategory::agreement, {"a"}));
  t.events.push_back(event("e302", greg::date(2046, 10, 19), EventCategory::agreement, {"a"}));
  TimelineView view(std::make_shared<const Timeline>(std::move(t)));
  CHECK(view.viewport().start > to_days(greg::date(2019, 6, 1)));
  CHECK(view.viewport().end() < to_days(greg::date(2021, 6, 1)));
  view.fit_all();
  CHECK(view.viewport().start < to_days(greg::date(1620, 3, 14)));
  CHECK(view.viewport().end() > to_days(greg::date(2046, 10, 19)));

  // A few events: all of them, outliers included.
  TimelineView few(small_timeline());
  CHECK(few.viewport().start < to_days(greg::date(2020, 9, 27)));
  CHECK(few.viewport().end() > to_days(greg::date(2020, 12, 31)));

  // The ends of the calendar fit too (the view once stopped at 600 years and left 2023 out).
  Timeline ends;
  ends.documents.push_back(d);
  ends.events.push_back(event("e1", greg::date(1400, 1, 1), EventCategory::agreement, {"a"}));
  ends.events.push_back(event("e2", greg::date(2023, 12, 31), EventCategory::meeting, {"a"}));
  ends.events.push_back(event("e3", greg::date(9999, 12, 31), EventCategory::meeting, {"a"}));
  TimelineView all(std::make_shared<const Timeline>(std::move(ends)));
  CHECK(all.viewport().start <= to_days(greg::date(1400, 1, 1)));
  CHECK(all.viewport().end() >= to_days(greg::date(9999, 12, 31)));
}

TEST_CASE("viz view: a frame draws each visible event once, hit testing finds it") {
  TimelineView view(small_timeline());
  view.set_width(1200);
  view.fit_all();
  const Frame frame = view.layout(400);
  REQUIRE(frame.glyphs.size() == 4);
  CHECK(total_count(frame) == 4);
  for (const auto& g : frame.glyphs) {
    CHECK(g.count == 1);
    CHECK(g.x0 >= 0);
    CHECK(g.x1 <= 1200);
    const auto hit = TimelineView::hit_test(frame, (g.x0 + g.x1) / 2, g.y);
    REQUIRE(hit);
    CHECK(frame.glyphs[*hit].event == g.event);
  }
  // The most salient event is drawn the largest.
  const auto e3 = std::find_if(frame.glyphs.begin(), frame.glyphs.end(),
                               [](const Glyph& g) { return g.event == 2; });
  const auto e2 = std::find_if(frame.glyphs.begin(), frame.glyphs.end(),
                               [](const Glyph& g) { return g.event == 1; });
  CHECK(e3->radius > e2->radius);
  CHECK(!TimelineView::hit_test(frame, 5, 399));
}

TEST_CASE("viz view: article lanes place an event in every article that reports it") {
  TimelineView view(small_timeline(), {LaneMode::article, 4});
  REQUIRE(view.lanes().size() == 3);
  CHECK(view.lanes()[0].label == "a");
  CHECK(view.lanes()[0].events == 3);
  CHECK(view.lanes()[2].events == 2);
  view.set_width(1000);
  const Frame frame = view.layout(1000);
  CHECK(total_count(frame) == 3 + 2 + 2);
}

TEST_CASE("viz view: filters by words, participants, category, article and salience") {
  TimelineView view(small_timeline());
  Filter f;
  f.search = "CEASEFIRE moscow";
  view.set_filter(f);
  CHECK(view.placed_count() == 1);
  CHECK(view.passes(1));
  f.search = "russia";  // a participant
  view.set_filter(f);
  CHECK(view.placed_count() == 1);
  CHECK(view.passes(2));
  f.search = "";
  f.categories[static_cast<std::size_t>(EventCategory::agreement)] = false;
  view.set_filter(f);
  CHECK(view.placed_count() == 2);
  CHECK(view.lanes().size() == 2);
  f = Filter{};
  f.hidden_articles = {"a", "b"};
  view.set_filter(f);
  CHECK(view.placed_count() == 2);  // e3 and e4 are also in c
  CHECK(view.passes(2));
  CHECK(!view.passes(0));
  f = Filter{};
  f.min_salience = 0.5;  // key events: at least half the highest salience
  view.set_filter(f);
  CHECK(view.placed_count() == 2);
  CHECK(view.passes(0));
  CHECK(view.passes(2));
}

TEST_CASE("viz view: selection keeps a valid mention") {
  TimelineView view(small_timeline());
  CHECK(!view.selected());
  view.select(2, 2);
  CHECK(view.selected() == 2u);
  CHECK(view.selected_mention() == 2);
  view.select(1, 7);
  CHECK(view.selected_mention() == 0);
  view.clear_selection();
  CHECK(!view.selected());
}

TEST_CASE("viz view: rows never overlap in time below the row limit") {
  SyntheticOptions options;
  options.events = 3000;
  options.years = 2;
  options.with_text = false;
  TimelineView view(std::make_shared<const Timeline>(make_synthetic_timeline(options)),
                    {LaneMode::category, 1000});
  view.set_width(2000);
  view.set_range(view.viewport().start, 1);  // tiny window: we only check the packing
  std::map<std::uint32_t, std::vector<Interval>> rows;
  view.fit_all();
  view.set_range(view.viewport().start, view.viewport().span);
  // Zoomed in far enough every glyph is a single event; collect intervals per row.
  for (Days s = view.viewport().start; s < view.viewport().end(); s += 5) {
    TimelineView v = view;
    v.set_range(s, 5);
    const Frame frame = v.layout(1e6f);
    for (const auto& g : frame.glyphs)
      if (!g.cluster()) rows[g.row].push_back(g.time);
  }
  for (auto& [row, intervals] : rows) {
    std::sort(intervals.begin(), intervals.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    intervals.erase(std::unique(intervals.begin(), intervals.end(),
                                [](const Interval& a, const Interval& b) {
                                  return a.start == b.start && a.end == b.end;
                                }),
                    intervals.end());
    for (std::size_t i = 1; i < intervals.size(); ++i)
      REQUIRE(intervals[i].start >= intervals[i - 1].end);
  }
}

TEST_CASE("viz view: dense events become badges whose counts add up and split on zoom") {
  SyntheticOptions options;
  options.events = 100'000;
  options.years = 10;
  options.with_text = false;
  TimelineView view(std::make_shared<const Timeline>(make_synthetic_timeline(options)));
  view.set_width(1500);
  view.fit_all();
  const Frame far = view.layout(1e6f);
  // Zoomed out: bounded by rows x pixel columns, not by events.
  CHECK(far.glyphs.size() < view.row_count() * 1500 / 4);
  CHECK(total_count(far) == view.placed_count());
  std::size_t badges = 0;
  for (const auto& g : far.glyphs) {
    if (g.cluster()) ++badges;
    if (g.cluster()) CHECK(g.x1 - g.x0 <= 40.5f);  // a badge is at most 40 pixels wide
  }
  CHECK(badges > 0);
  // Zooming into the middle tenth: fewer events per glyph.
  TimelineView near = view;
  near.zoom_at(750, 0.01);
  const Frame close = near.layout(1e6f);
  const double far_ratio = static_cast<double>(total_count(far)) / far.glyphs.size();
  const double close_ratio = static_cast<double>(total_count(close)) / close.glyphs.size();
  CHECK(close_ratio < far_ratio / 4);
  // Glyphs in a row never overlap (at any zoom), and label room ends before the next glyph.
  for (const Frame* f : {&far, &close}) {
    for (const auto& row : f->rows) {
      for (auto k = row.first; k + 1 < row.last; ++k) {
        const auto& a = f->glyphs[k];
        const auto& b = f->glyphs[k + 1];
        REQUIRE(b.x0 >= a.x1 - 0.01f);
        CHECK(a.x1 + a.label_room <= b.x0 + 0.01f);
      }
    }
  }
}

TEST_CASE("viz view: scrolling skips rows outside the strip") {
  SyntheticOptions options;
  options.events = 2000;
  options.with_text = false;
  TimelineView view(std::make_shared<const Timeline>(make_synthetic_timeline(options)),
                    {LaneMode::article, 4});
  view.set_width(800);
  const float content = view.content_height();
  REQUIRE(content > 1000);
  view.set_scroll_y(content, 300);
  CHECK(view.scroll_y() == Approx(content - 300));
  const Frame frame = view.layout(300);
  for (const auto& row : frame.rows) {
    CHECK(row.y >= -view.metrics().row_height);
    CHECK(row.y <= 300 + view.metrics().row_height);
  }
  CHECK(!frame.rows.empty());
}
