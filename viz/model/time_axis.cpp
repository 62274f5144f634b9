#include "viz/model/time_axis.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace tempograph::viz {

namespace greg = boost::gregorian;

namespace {

const greg::date kEpoch(1970, 1, 1);

constexpr std::array<const char*, 12> kMonthNames = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 12> kMonthAbbrevs = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<const char*, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

int month_of(const greg::date& d) {
  return static_cast<int>(d.month().as_number());
}
int day_of_month(const greg::date& d) {
  return static_cast<int>(d.day().as_number());
}
int year_of(const greg::date& d) {
  return static_cast<int>(d.year());
}

std::string day_text(const greg::date& d) {
  return std::to_string(day_of_month(d)) + " " +
         kMonthNames[static_cast<std::size_t>(month_of(d) - 1)] + " " + std::to_string(year_of(d));
}

// The clock time of a TimeML value ("2023-09-20T13:00" -> 13:00), as minutes; -1 when absent.
int clock_minutes(std::string_view value) {
  const auto t = value.find('T');
  if (t == std::string_view::npos || t + 3 > value.size()) return -1;
  const auto digit = [&](std::size_t i) {
    return i < value.size() && value[i] >= '0' && value[i] <= '9' ? value[i] - '0' : -1;
  };
  const int h1 = digit(t + 1), h2 = digit(t + 2);
  if (h1 < 0 || h2 < 0) return -1;
  int minutes = (h1 * 10 + h2) * 60;
  if (value.size() > t + 3 && value[t + 3] == ':') {
    const int m1 = digit(t + 4), m2 = digit(t + 5);
    if (m1 >= 0 && m2 >= 0) minutes += m1 * 10 + m2;
  }
  return minutes < 24 * 60 ? minutes : -1;
}

std::string range_text(const greg::date& a, const greg::date& b) {
  if (a == b) return day_text(a);
  const std::string b_text = day_text(b);
  if (year_of(a) == year_of(b) && month_of(a) == month_of(b))
    return std::to_string(day_of_month(a)) + "\u2013" + b_text;
  if (year_of(a) == year_of(b))
    return std::to_string(day_of_month(a)) + " " +
           kMonthNames[static_cast<std::size_t>(month_of(a) - 1)] + " \u2013 " + b_text;
  return day_text(a) + " \u2013 " + b_text;
}

bool whole_month(const greg::date& a, const greg::date& b) {
  return day_of_month(a) == 1 && year_of(a) == year_of(b) && month_of(a) == month_of(b) &&
         b == a.end_of_month();
}

bool whole_year(const greg::date& a, const greg::date& b) {
  return day_of_month(a) == 1 && month_of(a) == 1 && year_of(a) == year_of(b) &&
         month_of(b) == 12 && day_of_month(b) == 31;
}

std::string two_digits(int n) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d", n);
  return buffer;
}

// Tick steps from finest to coarsest, with the shortest real length of one step in days (months
// count 28 days) and the widest label it gets, in characters.
struct Step {
  TickUnit unit;
  int count;
  double min_days;
  int label_chars;
};
constexpr std::array<Step, 24> kSteps = {{
    {TickUnit::hour, 1, 1.0 / 24, 5},   {TickUnit::hour, 2, 2.0 / 24, 5},
    {TickUnit::hour, 3, 3.0 / 24, 5},   {TickUnit::hour, 6, 6.0 / 24, 5},
    {TickUnit::hour, 12, 12.0 / 24, 5}, {TickUnit::day, 1, 1, 2},
    {TickUnit::day, 2, 2, 2},           {TickUnit::day, 5, 5, 2},
    {TickUnit::day, 10, 10, 2},         {TickUnit::month, 1, 28, 3},
    {TickUnit::month, 2, 59, 3},        {TickUnit::month, 3, 89, 3},
    {TickUnit::month, 6, 181, 3},       {TickUnit::year, 1, 365, 4},
    {TickUnit::year, 2, 730, 4},        {TickUnit::year, 5, 1826, 4},
    {TickUnit::year, 10, 3652, 4},      {TickUnit::year, 20, 7305, 4},
    {TickUnit::year, 50, 18262, 4},     {TickUnit::year, 100, 36524, 4},
    {TickUnit::year, 200, 73048, 4},    {TickUnit::year, 500, 182621, 4},
    {TickUnit::year, 1000, 365242, 4},  {TickUnit::year, 2000, 730484, 4},
}};

greg::date clamp_date(Days t) {
  t = std::clamp(t, kMinDays, kMaxDays - 1);
  return kEpoch + greg::days(static_cast<long>(std::floor(t)));
}

}  // namespace

Days to_days(const greg::date& day) {
  if (day.is_special()) return 0;
  return static_cast<Days>((day - kEpoch).days());
}

greg::date day_of(Days t) {
  return clamp_date(t);
}

Interval interval_of(const TimeSpan& span) {
  if (span.start.is_special() || span.end.is_special()) return {};
  Interval interval{to_days(span.start), to_days(span.end) + 1};
  if (span.start == span.end && span.value.find('/') == std::string::npos) {
    const int minutes = clock_minutes(span.value);
    if (minutes >= 0) {
      // An hour for "T13:00", a minute-precise value still gets an hour to be visible at all.
      interval.start += minutes / 1440.0;
      interval.end = interval.start + 1.0 / 24;
    }
  }
  return interval;
}

std::string iso_day(Days t) {
  const greg::date d = day_of(t);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year_of(d), month_of(d), day_of_month(d));
  return buffer;
}

std::string describe(const TimeSpan& span) {
  if (span.start.is_special() || span.end.is_special()) return span.value;
  const auto& a = span.start;
  const auto& b = span.end;
  if (a == b) {
    std::string text = day_text(a);
    const int minutes = clock_minutes(span.value);
    if (minutes >= 0) text += ", " + two_digits(minutes / 60) + ":" + two_digits(minutes % 60);
    return text;
  }
  if (whole_month(a, b))
    return std::string(kMonthNames[static_cast<std::size_t>(month_of(a) - 1)]) + " " +
           std::to_string(year_of(a));
  if (whole_year(a, b)) return std::to_string(year_of(a));
  const std::string range = range_text(a, b);
  switch (span.granularity) {
    case Granularity::quarter:
    case Granularity::half_year:
    case Granularity::season:
    case Granularity::week:
    case Granularity::decade:
    case Granularity::century:
    case Granularity::millennium:
      if (span.value.find('/') == std::string::npos) return span.value + " (" + range + ")";
      return range;
    default:
      return range;
  }
}

Axis make_axis(const Viewport& viewport, float char_width, float min_gap) {
  Axis axis;
  const double ppd = viewport.px_per_day();
  const Step* chosen = &kSteps.back();
  for (const auto& step : kSteps) {
    if (step.min_days * ppd >= step.label_chars * char_width + min_gap) {
      chosen = &step;
      break;
    }
  }
  axis.unit = chosen->unit;
  axis.step = chosen->count;
  const Days view_end = viewport.end();
  const auto x_of = [&](Days t) { return static_cast<float>(viewport.x_of(t)); };

  // Ticks, from the step's boundary at or before the view start.
  const greg::date first = clamp_date(viewport.start);
  const int k = chosen->count;
  switch (chosen->unit) {
    case TickUnit::hour: {
      const Days day0 = to_days(first);
      for (Days d = day0; d < view_end + 1 && d < kMaxDays; d += 1) {
        for (int h = 0; h < 24; h += k) {
          const Days t = d + h / 24.0;
          if (t < viewport.start || t > view_end) continue;
          axis.ticks.push_back({t, x_of(t), two_digits(h) + ":00"});
        }
      }
      break;
    }
    case TickUnit::day: {
      greg::date d(year_of(first), month_of(first), 1);
      for (; to_days(d) <= view_end && d.year() < 9999; d += greg::months(1)) {
        const int days_in_month = day_of_month(d.end_of_month());
        // A step's last tick keeps a whole step away from the next month's first.
        for (int day = 1; day <= days_in_month && (day == 1 || days_in_month + 1 - day >= k);
             day += k) {
          const Days t = to_days(d) + (day - 1);
          if (t < viewport.start || t > view_end) continue;
          axis.ticks.push_back({t, x_of(t), std::to_string(day)});
        }
      }
      break;
    }
    case TickUnit::month: {
      greg::date d(year_of(first), 1, 1);
      for (; to_days(d) <= view_end && d.year() < 9999; d += greg::months(k)) {
        const Days t = to_days(d);
        if (t < viewport.start) continue;
        axis.ticks.push_back(
            {t, x_of(t), kMonthAbbrevs[static_cast<std::size_t>(month_of(d) - 1)]});
      }
      break;
    }
    case TickUnit::year: {
      int year = year_of(first) / k * k;
      for (; year <= 9999; year += k) {
        if (year < 1400) continue;
        const Days t = to_days(greg::date(static_cast<unsigned short>(year), 1, 1));
        if (t < viewport.start) continue;
        if (t > view_end) break;
        axis.ticks.push_back({t, x_of(t), std::to_string(year)});
      }
      break;
    }
  }
  // Safety net: a label that would still touch the previous one is left out.
  std::vector<Tick> kept;
  float last_right = -1e9f;
  for (auto& tick : axis.ticks) {
    const float w = static_cast<float>(tick.label.size()) * char_width;
    if (tick.x < last_right + min_gap) continue;
    last_right = tick.x + w;
    kept.push_back(std::move(tick));
  }
  axis.ticks = std::move(kept);

  // Context labels: the period one unit up, pinned to the left edge while it is on screen.
  if (chosen->unit != TickUnit::year) {
    // Each period offers labels from longest to shortest; the longest that fits its width wins.
    struct Period {
      Days start, end;
      std::vector<std::string> labels;
    };
    std::vector<Period> periods;
    if (chosen->unit == TickUnit::hour) {
      for (Days d = to_days(first); d <= view_end && d < kMaxDays; d += 1) {
        const greg::date day = clamp_date(d);
        const std::string weekday = kWeekdays[day.day_of_week().as_number()];
        const std::string month = kMonthAbbrevs[static_cast<std::size_t>(month_of(day) - 1)];
        const std::string dm = std::to_string(day_of_month(day)) + " ";
        periods.push_back({d,
                           d + 1,
                           {weekday + " " + day_text(day),
                            weekday + " " + dm + month + " " + std::to_string(year_of(day)),
                            dm + month, std::to_string(day_of_month(day))}});
      }
    } else if (chosen->unit == TickUnit::day) {
      for (greg::date m(year_of(first), month_of(first), 1);
           to_days(m) <= view_end && m.year() < 9999; m += greg::months(1)) {
        const std::string year = std::to_string(year_of(m));
        const auto i = static_cast<std::size_t>(month_of(m) - 1);
        periods.push_back({to_days(m),
                           to_days(m + greg::months(1)),
                           {std::string(kMonthNames[i]) + " " + year,
                            std::string(kMonthAbbrevs[i]) + " " + year, kMonthAbbrevs[i]}});
      }
    } else {
      for (int y = year_of(first); y <= 9998; ++y) {
        const Days t = to_days(greg::date(static_cast<unsigned short>(y), 1, 1));
        if (t > view_end) break;
        periods.push_back({t,
                           to_days(greg::date(static_cast<unsigned short>(y + 1), 1, 1)),
                           {std::to_string(y)}});
      }
    }
    for (auto& period : periods) {
      const float start_x = x_of(period.start);
      const float end_x = x_of(period.end);
      for (auto& label : period.labels) {
        const float w = static_cast<float>(label.size()) * char_width;
        if (w + min_gap > end_x - start_x) continue;  // too long for its period: try shorter
        float x = std::max(start_x, 0.0f);
        if (x + w + min_gap > end_x) x = end_x - min_gap - w;  // slides out with its period
        if (x >= 0 && x <= viewport.width)
          axis.context.push_back({period.start, x, std::move(label)});
        break;
      }
    }
  }
  return axis;
}

}  // namespace tempograph::viz
