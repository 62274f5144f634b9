// The calendar days a TimeML value covers. Values that name no fixed stretch of calendar
// (PRESENT_REF, XXXX-09-13, P3D) have none, and such mentions stay off the timeline.
#include "tempograph/merge.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <charconv>

namespace tempograph {
namespace {

namespace greg = boost::gregorian;

std::optional<int> number(std::string_view s) {
  int n = 0;
  if (s.empty()) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

// Boost.Date_Time covers 1400..9999; anything else is no calendar day we can place.
bool year_in_range(int year) {
  return year >= 1400 && year <= 9999;
}

greg::date last_of_month(int year, int month) {
  return greg::date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                    greg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                               static_cast<unsigned short>(month)));
}

greg::date first_of_month(int year, int month) {
  return greg::date(static_cast<unsigned short>(year), static_cast<unsigned short>(month), 1);
}

std::optional<TimeSpan> months(int year, int first, int last, Granularity g) {
  if (!year_in_range(year)) return std::nullopt;
  TimeSpan s;
  s.start = first_of_month(year, first);
  s.end = last_of_month(year, last);
  s.granularity = g;
  return s;
}

std::optional<TimeSpan> single(std::string_view v) {
  try {
    // Clock times and parts of day keep the day; the granularity says how fine it is.
    std::string_view date = v;
    Granularity time_granularity = Granularity::unknown;
    if (auto t = v.find('T'); t != std::string_view::npos && t >= 4) {
      date = v.substr(0, t);
      std::string_view time = v.substr(t + 1);
      if (time.size() == 2 && !(time[0] >= '0' && time[0] <= '9'))
        time_granularity = Granularity::part_of_day;
      else if (time.size() >= 8)
        time_granularity = Granularity::second;
      else if (time.size() >= 5)
        time_granularity = Granularity::minute;
      else
        time_granularity = Granularity::hour;
    }
    const auto year = number(date.substr(0, std::min<std::size_t>(date.size(), 4)));
    if (!year) return std::nullopt;
    if (date.size() == 2 || date.size() == 3) {  // century "19", decade "199"
      const int scale = date.size() == 2 ? 100 : 10;
      const int first = *year * scale;
      if (!year_in_range(first) || !year_in_range(first + scale - 1)) return std::nullopt;
      TimeSpan s;
      s.start = greg::date(static_cast<unsigned short>(first), 1, 1);
      s.end = greg::date(static_cast<unsigned short>(first + scale - 1), 12, 31);
      s.granularity = date.size() == 2 ? Granularity::century : Granularity::decade;
      return s;
    }
    if (date.size() < 4) return std::nullopt;
    if (date.size() == 4) return months(*year, 1, 12, Granularity::year);
    if (date[4] != '-' || date.size() < 6) return std::nullopt;
    const std::string_view rest = date.substr(5);
    if (rest.size() == 2 && number(rest)) {  // 2023-09
      const int m = *number(rest);
      if (m < 1 || m > 12) return std::nullopt;
      return months(*year, m, m, Granularity::month);
    }
    if (rest.size() == 5 && rest[2] == '-' && number(rest.substr(0, 2)) &&
        number(rest.substr(3))) {  // 2023-09-19
      if (!year_in_range(*year)) return std::nullopt;
      const greg::date d(static_cast<unsigned short>(*year),
                         static_cast<unsigned short>(*number(rest.substr(0, 2))),
                         static_cast<unsigned short>(*number(rest.substr(3))));
      TimeSpan s;
      s.start = s.end = d;
      s.granularity =
          time_granularity == Granularity::unknown ? Granularity::day : time_granularity;
      return s;
    }
    if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
      const int q = rest[1] - '0';
      return months(*year, 3 * q - 2, 3 * q, Granularity::quarter);
    }
    if (rest.size() == 2 && rest[0] == 'H' && (rest[1] == '1' || rest[1] == '2')) {
      const int h = rest[1] - '0';
      return months(*year, 6 * h - 5, 6 * h, Granularity::half_year);
    }
    if (rest == "SP") return months(*year, 3, 5, Granularity::season);
    if (rest == "SU") return months(*year, 6, 8, Granularity::season);
    if (rest == "FA") return months(*year, 9, 11, Granularity::season);
    if (rest == "WI") {  // December and the next year's January and February
      if (!year_in_range(*year + 1)) return std::nullopt;
      TimeSpan s;
      s.start = greg::date(static_cast<unsigned short>(*year), 12, 1);
      s.end = last_of_month(*year + 1, 2);
      s.granularity = Granularity::season;
      return s;
    }
    if (rest.size() >= 3 && rest[0] == 'W' && number(rest.substr(1, 2))) {  // ISO weeks
      const auto first_day = iso_week_monday(*year, *number(rest.substr(1, 2)));
      if (!first_day) return std::nullopt;
      const greg::date monday = *first_day;
      TimeSpan s;
      const std::string_view tail = rest.substr(3);
      if (tail.empty()) {
        s.start = monday;
        s.end = monday + greg::days(6);
        s.granularity = Granularity::week;
      } else if (tail == "-WE") {
        s.start = monday + greg::days(5);
        s.end = monday + greg::days(6);
        s.granularity = Granularity::week;
      } else if (tail.size() == 2 && tail[0] == '-' && tail[1] >= '1' && tail[1] <= '7') {
        s.start = s.end = monday + greg::days(tail[1] - '1');
        s.granularity = Granularity::day;
      } else {
        return std::nullopt;
      }
      return s;
    }
  } catch (const std::exception&) {
    // Boost rejects impossible dates (2023-02-30): no span.
  }
  return std::nullopt;
}

}  // namespace

std::optional<TimeSpan> span_of(std::string_view value, std::string_view range_end) {
  auto first = single(value);
  if (!first) return std::nullopt;
  first->value = std::string(value);
  if (range_end.empty()) return first;
  const auto last = single(range_end);
  if (!last || last->end < first->start) return first;  // an unusable end: the start alone
  first->end = last->end;
  first->value += '/';
  first->value += range_end;
  return first;
}

greg::date shifted(const greg::date& d, long days) {
  const greg::date first(greg::min_date_time), last(greg::max_date_time);
  if (days < 0 && (d - first).days() < -days) return first;
  if (days > 0 && (last - d).days() < days) return last;
  return d + greg::days(days);
}

}  // namespace tempograph
