// The viewer's time axis: time as days since 1970-01-01 (a double, so fractions are hours), the
// mapping between time and pixels, and tick marks with labels chosen so that they never overlap.
#pragma once

#include "tempograph/merge.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <string>
#include <vector>

namespace tempograph::viz {

using Days = double;  // days since 1970-01-01 00:00

// Boost's calendar covers 1400..9999; the view never leaves it.
inline constexpr Days kMinDays = -208'188;   // 1400-01-01
inline constexpr Days kMaxDays = 2'932'896;  // 10000-01-01

Days to_days(const boost::gregorian::date& day);
boost::gregorian::date day_of(Days t);  // the calendar day `t` falls in (clamped to the range)

// A calendar span as the half-open stretch of time it covers: [start, end + 1 day), narrowed to
// the hour when the value carries a clock time ("2023-09-20T13:00" is 13:00..14:00).
struct Interval {
  Days start = 0;
  Days end = 0;
};
Interval interval_of(const TimeSpan& span);

// "9 November 2020", "November 2020", "19-20 September 2023", "2020", "Q3 2023", "week 38,
// 2023": the span as precisely as it is known, for tooltips and the event panel.
std::string describe(const TimeSpan& span);
std::string iso_day(Days t);  // "2020-11-09"

// The visible stretch of time on a strip `width` pixels wide.
struct Viewport {
  Days start = 0;
  Days span = 365;  // > 0
  float width = 1000;

  double px_per_day() const { return width / span; }
  double x_of(Days t) const { return (t - start) * px_per_day(); }
  Days t_of(double x) const { return start + x / px_per_day(); }
  Days end() const { return start + span; }
};

enum class TickUnit { hour, day, month, year };

struct Tick {
  Days t = 0;
  float x = 0;        // pixels from the strip's left edge
  std::string label;  // "" for an unlabelled minor tick
};

// Ticks over a viewport: `ticks` at the finest step whose labels fit (hours, days, months, years,
// decades, ...), and `context` labels one unit up (the month above days, the year above months),
// each placed at its period's start but kept on screen while its period is, without running into
// the next one. Labels are at least `min_gap` pixels apart given `char_width` per character.
struct Axis {
  TickUnit unit = TickUnit::year;
  int step = 1;  // in units
  std::vector<Tick> ticks;
  std::vector<Tick> context;
};
Axis make_axis(const Viewport& viewport, float char_width, float min_gap = 12);

}  // namespace tempograph::viz
