#include "normalize.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace tempograph::timex {

// v in at least `width` characters, zero-filled after any sign, as printf's "%0*ld" does (which
// cost more than the rest of a normalization).
std::string pad(long v, int width) {
  char digits[24];
  const unsigned long magnitude =
      v < 0 ? 0UL - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
  const auto end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
  const auto count = static_cast<int>(end - digits);
  const int sign = v < 0 ? 1 : 0;
  const int zeros = std::max(0, width - count - sign);
  // Made whole at once (a short one needs no heap), then the sign and digits written over it.
  std::string out(static_cast<std::size_t>(sign + zeros + count), '0');
  if (sign) out[0] = '-';
  std::copy(digits, end, out.begin() + sign + zeros);
  return out;
}

ValueFields value_fields(std::string_view value) {
  // The number in value[at, at + n) when it is all digits, else 0.
  const auto number = [value](std::size_t at, std::size_t n) {
    int out = 0;
    const char* first = value.data() + at;
    const auto [end, ec] = std::from_chars(first, first + n, out);
    return ec == std::errc() && end == first + n ? out : 0;
  };
  ValueFields f;
  const std::size_t at = value.starts_with("BC") ? 2 : 0;
  value.remove_prefix(at);
  if (value.size() < 4 || !(f.year = number(at, 4))) return {};
  if (at) f.year = 1 - f.year;  // BC0001 is year 0: no year
  if (value.size() >= 7 && value[4] == '-') f.month = number(at + 5, 2);
  if (value.size() >= 10 && f.month && value[7] == '-') f.day = number(at + 8, 2);
  return f;
}

std::string year_text(int year) {
  return year >= 1 ? pad(year, 4) : "BC" + pad(1 - year, 4);
}

namespace {

// The day of a value of a day or a time, of the era or before it: "1940-05-10" of
// "1940-05-10T10:57", "BC0480-08-17"; empty for anything else ("XXXX-XX-XX", "1940-05").
std::string_view day_of(std::string_view value) {
  if (!value_fields(value).day) return {};
  return value.substr(0, value.starts_with("BC") ? 12 : 10);
}

// A month counted from January of year 0 (year * 12 + month - 1), as TimeML writes it.
std::string month_text(int index) {
  const int year = index >= 0 ? index / 12 : -((11 - index) / 12);  // rounded down
  return year_text(year) + "-" + pad(index - year * 12 + 1, 2);
}

}  // namespace

bool common_era(std::string_view value) {
  return !value.empty() && std::isdigit(static_cast<unsigned char>(value[0]));
}

bool has_year(std::string_view value) {
  return common_era(value) || (value.starts_with("BC") && value_fields(value).year);
}

namespace {

namespace bg = boost::gregorian;

// ---- formatting -------------------------------------------------------------------------------

std::string ymd(const bg::date& d) {
  // One calendar conversion, not one each for year(), month() and day(); Boost's years are
  // 1400-9999, always four digits, and the ten characters need no allocation.
  const bg::date::ymd_type parts = d.year_month_day();
  const unsigned y = parts.year;
  const unsigned m = parts.month;
  const unsigned day = parts.day;
  const char text[10] = {static_cast<char>('0' + y / 1000),
                         static_cast<char>('0' + y / 100 % 10),
                         static_cast<char>('0' + y / 10 % 10),
                         static_cast<char>('0' + y % 10),
                         '-',
                         static_cast<char>('0' + m / 10),
                         static_cast<char>('0' + m % 10),
                         '-',
                         static_cast<char>('0' + day / 10),
                         static_cast<char>('0' + day % 10)};
  return std::string(text, sizeof text);
}

// ISO 8601 week of a day, as "YYYY-Www" (the week-year is that of the week's Thursday).
std::string iso_week(const bg::date& d) {
  int monday_based = (d.day_of_week().as_number() + 6) % 7;
  bg::date thursday = d + bg::days(3 - monday_based);
  return pad(thursday.year(), 4) + "-W" + pad(d.week_number(), 2);
}

std::string format_number(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9)
    return std::to_string(static_cast<long long>(std::llround(v)));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool valid_day(int y, int m, int d) {
  if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1) return false;  // boost's range
  return d <= bg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(y),
                                                       static_cast<unsigned short>(m));
}

// The years to add to `y` for a year from `floor` on with the same days and weekdays (a
// multiple of 400, the Gregorian calendar's cycle); 0 from `floor` on. Boost's calendar begins
// in 1400.
int boost_shift(int y, int floor = 1400) {
  return y < floor ? (floor - y + 399) / 400 * 400 : 0;
}

}  // namespace

// Whether a day written out exists, in any year (valid_day is for the days made into Boost
// dates, from 1400 on). The Gregorian calendar repeats every 400 years, so a day before 1400
// exists when it does 400 years (or 800, ...) later: "April 12, 1390", "29 February 1300", and
// in the years before the era, counted as value_fields counts them.
bool day_exists(int y, int m, int d) {
  return y > -10000 && valid_day(y + boost_shift(y), m, d);
}

namespace {

bg::date make_date(int y, int m, int d) {
  return bg::date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                  static_cast<unsigned short>(d));
}

// The ISO weekday of a day: 1 for Monday ... 7 for Sunday.
int iso_weekday(const bg::date& d) {
  return (d.day_of_week().as_number() + 6) % 7 + 1;
}

// The day a value starts with ("2023-10-05", "2023-10-05T22:00"), when it is one of Boost's
// calendar.
std::optional<bg::date> leading_day(const std::string& value) {
  if (value.size() < 10) return std::nullopt;
  const ValueFields f = value_fields(value.substr(0, 10));
  if (!f.day || f.year < 1400 || f.year > 9998) return std::nullopt;
  return make_date(f.year, f.month, f.day);
}

int quarter_of(int month) {
  return (month - 1) / 3 + 1;
}

// ---- captures ---------------------------------------------------------------------------------

struct Fields {
  int year = 0;  // 0 = absent
  int month = 0;
  int day = 0;
  int weekday = 0;  // 1 = Monday ... 7 = Sunday
  std::string season;
  std::string pod;
  std::optional<int> year_shift;  // "last year": -1 from the DCT's
};

int as_int(const Capture* c) {
  return c ? static_cast<int>(std::lround(c->number)) : 0;
}

int year_of(const RuleMatch& m, std::string_view prefix, const NormalizeContext& ctx) {
  if (const auto* c = m.get(prefix, "YEAR")) return as_int(c);
  if (const auto* hi = m.get(prefix, "YEARHI")) {
    // A spoken year, "nineteen ninety-four" (broadcast transcripts); -1 when it is no year.
    const auto* lo = m.get(prefix, "YEARLO");
    const int h = as_int(hi), l = as_int(lo);
    if (!lo || h < 10 || h > 20 || l < 10 || l > 99) return -1;
    return h * 100 + l;
  }
  if (const auto* c = m.get(prefix, "YEAR2")) {
    // '98: the century that puts the year closest to the DCT (or to 2000 without one).
    int two = as_int(c);
    int base = (ctx.dct && ctx.dct->known()) ? static_cast<int>(ctx.dct->day.year()) : 2000;
    int year = base / 100 * 100 + two;
    if (year > base + 20) year -= 100;
    return year;
  }
  return 0;
}

Fields fields_of(const RuleMatch& m, std::string_view prefix, const NormalizeContext& ctx) {
  Fields f;
  f.year = year_of(m, prefix, ctx);
  if (const auto* c = m.get(prefix, "MONTH")) f.month = as_int(c);
  if (const auto* c = m.get(prefix, "DAY")) f.day = as_int(c);
  if (const auto* c = m.get(prefix, "WEEKDAY")) f.weekday = as_int(c);
  if (const auto* c = m.get(prefix, "SEASON")) f.season = std::string(c->text_value);
  if (const auto* c = m.get(prefix, "POD")) f.pod = std::string(c->text_value);
  if (const auto* c = m.get(prefix, "YEARREL")) f.year_shift = as_int(c);
  return f;
}

bool has_dct(const NormalizeContext& ctx) {
  return ctx.dct && ctx.dct->known();
}

// Tense or an explicit direction ("last", "next", "this") decide which way a partial date goes.
enum class Direction { nearest, past, future, same };

Direction direction(const Rule& rule, const NormalizeContext& ctx) {
  auto rel = rule.param("rel");
  if (rel == "last") return Direction::past;
  if (rel == "next") return Direction::future;
  if (rel == "this") return Direction::same;
  if (ctx.tense == Tense::future) return Direction::future;
  if (ctx.tense == Tense::past) return Direction::past;
  return Direction::nearest;
}

// The year for a month (and day) without one: the occurrence that tense and closeness to the DCT
// imply. An explicit "last"/"next" (`strict`) never picks the DCT's own month or day (nor, for
// "last", the month just before it); tense only weighs the choice, since a past-tense verb may
// still govern an upcoming deadline ("had to leave by Jan. 14").
int infer_year(int month, int day, Direction dir, const bg::date& dct, bool strict,
               bool told_right_before = false) {
  const int y = dct.year();
  if (dir == Direction::same) return y;
  const bool same_unit = day ? (month == dct.month() && day == dct.day()) : month == dct.month();
  if (same_unit) {
    if (!strict) return y;
    return dir == Direction::past ? y - 1 : y + 1;
  }
  int best = y;
  long best_cost = -1;
  // Two years back for "last December" written in January: not the month just ended (below).
  for (int cand : {y - 2, y - 1, y, y + 1}) {
    long distance;  // signed, in days for a day and in months for a month
    if (day) {
      if (!valid_day(cand, month, day)) continue;
      distance = (make_date(cand, month, day) - dct).days();
    } else {
      distance = (cand * 12L + month) - (y * 12L + dct.month());
    }
    const bool future = distance > 0;
    long cost = std::labs(distance);
    if (strict) {
      if ((dir == Direction::past) == future) continue;
      // "last February" written in March is not the month just ended ("last month" says that):
      // it is the February of the year before.
      if (dir == Direction::past && !day && distance == -1) continue;
    } else if (dir == Direction::past && future) {
      cost *= told_right_before ? 12 : day ? 3 : 4;
    } else if (dir == Direction::future && !future) {
      cost *= day ? 3 : 4;
    } else if (dir == Direction::nearest && future) {
      cost = cost * 2 + 1;  // news mostly reports what happened
    }
    if (best_cost < 0 || cost < best_cost) {
      best = cand;
      best_cost = cost;
    }
  }
  return best;
}

// The year of a month (and day) in a narrative at `reference` (a year, month or day value): the
// reference's year when the date is not before it or only shortly before (a narrative mostly
// moves on, sometimes glances back), else the next year.
int narrative_year(int month, int day, std::string_view reference) {
  const ValueFields ref = value_fields(reference);
  if (!ref.month) return ref.year;
  const int at = month * 31 + (day ? day : 1);
  const int ref_at = ref.month * 31 + (ref.day ? ref.day : 1);
  if (at >= ref_at || (day == 0 && month == ref.month)) return ref.year;
  const int back = ref_at - at;      // days, roughly, back into the reference's year
  const int ahead = 12 * 31 - back;  // or on into the next
  return back * 2 <= ahead ? ref.year : ref.year + 1;
}

// Where the narrative of `ctx` is, for placing a month: where it is, or its last date when that
// is of the same year and says the month ("On December 7 ..., 1941, ... In January" is 1942's
// January).
std::string_view narrative_reference(const NormalizeContext& ctx) {
  const ValueFields at = value_fields(ctx.narrative);
  if (!at.month) {
    const ValueFields last = value_fields(ctx.narrative_last);
    if (last.month && last.year == at.year) return ctx.narrative_last;
  }
  return ctx.narrative;
}

// The year of a month (and day) in the narrative of `ctx`.
int narrative_year(int month, int day, const NormalizeContext& ctx) {
  return narrative_year(month, day, narrative_reference(ctx));
}

// The year of the nearest month before or `after` where the narrative of `ctx` is: "the previous
// April" in September 1918 is 1918's, "the following May" 1919's.
int narrative_year_toward(int month, bool after, const NormalizeContext& ctx) {
  const ValueFields ref = value_fields(narrative_reference(ctx));
  if (!ref.month) return ref.year;
  if (after) return month > ref.month ? ref.year : ref.year + 1;
  return month < ref.month ? ref.year : ref.year - 1;
}

// ---- normalizers ------------------------------------------------------------------------------

int param_int(const Rule& rule, std::string_view key, int fallback) {
  auto v = rule.param(key);
  if (v.empty()) return fallback;
  int out = fallback;
  std::from_chars(v.data() + (v.front() == '+' ? 1 : 0), v.data() + v.size(), out);
  return out;
}

using Fn = Normalized (*)(const RuleMatch&, const NormalizeContext&);

Normalized done(std::string value, TimexType type, const Rule& rule) {
  Normalized n;
  n.ok = !value.empty();
  n.value = std::move(value);
  n.type = type;
  n.mod = std::string(rule.param("mod"));
  return n;
}

// The weekday written with a date is evidence of its year: "Monday, Nov. 9" in an article of
// March 2024 is 2020's, the latest such Monday, not the nearer Nov. 9 of 2023 (a Thursday). When
// `year` (inferred, not written) does not fit the weekday, the nearest year that does, up to six
// before it or one after (earlier first); `year` when none does.
int year_of_weekday(int year, int month, int day, int weekday) {
  auto fits = [&](int y) {
    return valid_day(y, month, day) && iso_weekday(make_date(y, month, day)) == weekday;
  };
  if (fits(year)) return year;
  for (int distance = 1; distance <= 6; ++distance) {
    if (fits(year - distance)) return year - distance;
    if (distance == 1 && fits(year + 1)) return year + 1;
  }
  return year;
}

// A season's middle month, to place it like a month.
int season_month(std::string_view season) {
  static const std::pair<std::string_view, int> kSeasonMonth[] = {
      {"SP", 4}, {"SU", 7}, {"FA", 10}, {"WI", 1}};
  for (const auto& [s, month] : kSeasonMonth)
    if (s == season) return month;
  return 7;
}

std::string date_value(const Fields& f, const Rule& rule, const NormalizeContext& ctx) {
  int year = f.year;
  if (year < 0) return {};
  const bool dct = has_dct(ctx);
  bool known = true;  // XXXX when not; a narrative before the era gives years below 1
  if (!year && f.year_shift) {
    // "June last year", "January this year": the year is the DCT's, shifted.
    known = dct;
    if (dct) year = static_cast<int>(ctx.dct->day.year()) + *f.year_shift;
  } else if (!year && f.month && !ctx.narrative.empty() && rule.param("from") == "narrative") {
    year = narrative_year_toward(f.month, rule.param("rel") == "next", ctx);
  } else if (!year && (f.month || !f.season.empty()) && !ctx.narrative.empty() &&
             rule.param("rel").empty()) {
    year = narrative_year(f.month ? f.month : season_month(f.season), f.day, ctx);
    if (f.month && f.day && f.weekday) year = year_of_weekday(year, f.month, f.day, f.weekday);
  } else if (!year && (f.month || !f.season.empty())) {
    if (!dct) {
      known = false;
    } else if (f.month) {
      year = infer_year(f.month, f.day, direction(rule, ctx), ctx.dct->day,
                        !rule.param("rel").empty(), ctx.told_right_before);
      if (f.day && f.weekday) year = year_of_weekday(year, f.month, f.day, f.weekday);
    } else {
      year = infer_year(season_month(f.season), 0, direction(rule, ctx), ctx.dct->day,
                        !rule.param("rel").empty(), ctx.told_right_before);
    }
  }
  if (known && (year < 1 - 9999 || year > 9999)) return {};  // four digits, as TimeML writes
  const std::string y = known ? year_text(year) : "XXXX";
  std::string value;
  if (f.month && f.day) {
    if (known && !day_exists(year, f.month, f.day)) return {};
    if (!known && (f.day > 31)) return {};
    value = y + "-" + pad(f.month, 2) + "-" + pad(f.day, 2);
  } else if (f.month) {
    value = y + "-" + pad(f.month, 2);
  } else if (!f.season.empty()) {
    value = y + "-" + f.season;
  } else if (year) {
    value = y;
  } else {
    return {};
  }
  if (!f.pod.empty()) value += "T" + f.pod;
  return value;
}

Normalized n_date(const RuleMatch& m, const NormalizeContext& ctx) {
  Fields f = fields_of(m, "", ctx);
  // "the previous April" counted from the narrative leaves it where it is.
  const bool from_narrative = m.rule->param("from") == "narrative" && !ctx.narrative.empty();
  // A year in words ("the year two thousand") is a year of four digits, not "the year ten".
  if (f.year && f.year < param_int(*m.rule, "min_year", 0)) return {};
  // With month=end the month (and year) written after two days are the end's: "28 to 2 March"
  // starts on 28 February, "30 to 2 January 1984" in December 1983.
  const Fields written = f;
  if (m.rule->param("month") == "end") {
    if (const int end_day = as_int(m.get("end.DAY")); end_day && f.day > end_day) {
      if (--f.month == 0) {
        f.month = 12;
        if (f.year) --f.year;
      }
    }
  }
  const auto* nth = m.get("WEEKNUM");
  // Weeks counted from the month's end: the last (its middle day the last but three) and the
  // fifth (the days after the 28th: the last day).
  const int from_end = m.rule->param("week") == "last" ? 3 : nth && as_int(nth) == 5 ? 0 : -1;
  if ((nth || from_end >= 0) && f.month && !f.day) {
    // A week of the month by its middle day: the 4th for the first, the 11th for the second; one
    // counted from the end is set below, once the year is known.
    const int week = from_end >= 0 ? 1 : as_int(nth);
    if (week < 1 || week > 4) return {};
    f.day = 7 * (week - 1) + 4;
  }
  Normalized n = done(date_value(f, *m.rule, ctx), m.rule->type, *m.rule);
  if (!n.ok) return n;
  n.from_narrative = from_narrative;
  if (const auto as = m.rule->param("as"); as == "week" || as == "weekend") {
    // "the week of March 6": the ISO week of that day; "the weekend of Oct. 7", its weekend.
    if (n.value.size() != 10 || n.value[0] == 'X') return {};
    // Before Boost's calendar begins, the week of the same day 400 years (or 800, ...) later,
    // which falls on the same weekday: "the week of April 12, 1390".
    const int year = std::stoi(n.value.substr(0, 4));
    const int shift = boost_shift(year);
    if (from_end >= 0)
      f.day = static_cast<int>(make_date(year + shift, f.month, 1).end_of_month().day()) - from_end;
    n.value = iso_week(make_date(year + shift, f.month, f.day));
    if (shift) n.value.replace(0, 4, pad(std::stoi(n.value.substr(0, 4)) - shift, 4));
    if (as == "weekend") n.value += "-WE";
    return n;
  }
  // A range in one expression ("September 19-20", "March 3 to 5, 2021"): fields the end does
  // not repeat come from the start; a year only at the end belongs to both.
  Fields e = fields_of(m, "end.", ctx);
  if (const auto* two = m.get("end.YEAR2"); two && f.year > 0) {
    // "2022-23", "1914-18": the end's two digits in the start's century, or the next.
    const int digits = as_int(two);
    if (digits < 0 || digits > 99) return {};
    e.year = f.year / 100 * 100 + digits;
    if (e.year <= f.year) e.year += 100;
  }
  if (e.day || e.month || e.year) {
    const bool yearless = !f.year && !e.year && !f.year_shift;
    if (!f.year && e.year) {
      f.year = e.year;
      n.value = date_value(f, *m.rule, ctx);
    }
    if (!e.year) e.year = written.year ? written.year : f.year;
    if (!e.month) e.month = written.month;
    if (yearless && f.month && has_dct(ctx) && ctx.narrative.empty() &&
        m.rule->param("rel").empty()) {
      // Placed as a whole, as two dates joined by "to" are: "fighting raged Sept. 27-Nov. 10",
      // written on September 28, is last year's, though September 27 alone would be this year's.
      e.year = range_end_year(f.month, f.day, e.month, e.day, ctx.dct->day, ctx.tense,
                              ctx.told_right_before);
      f.year = f.month * 32 + f.day > e.month * 32 + e.day ? e.year - 1 : e.year;
      if (f.day && !valid_day(f.year, f.month, f.day)) return {};
      n.value = date_value(f, *m.rule, ctx);
    } else if (!e.year && has_dct(ctx)) {
      // Of the era only: a range of days before it ("August 17-18" in 480 BC) keeps its start.
      if (!common_era(n.value)) return n;
      e.year = value_fields(n.value).year;
    }
    n.range_end = date_value(e, *m.rule, ctx);
  }
  return n;
}

// The weekday nearest the DCT in the direction tense implies ("said on Thursday": the latest
// Thursday not after the DCT, the DCT itself when it is a Thursday).
Normalized n_weekday(const RuleMatch& m, const NormalizeContext& ctx) {
  Fields f = fields_of(m, "", ctx);
  if (!f.weekday) return {};
  std::string value;
  if (!has_dct(ctx)) {
    value = "XXXX-WXX-" + std::to_string(f.weekday);
  } else {
    const bg::date dct = ctx.dct->day;
    const int dct_wd = iso_weekday(dct);
    int back = (dct_wd - f.weekday + 7) % 7;   // days back to the latest such weekday
    int ahead = (f.weekday - dct_wd + 7) % 7;  // days ahead to the next one
    auto rel = m.rule->param("rel");
    bg::date d = dct;
    if (const auto* week = m.get("WEEKREL")) {
      // "Monday last week": that weekday of the week named, counted from the DCT's.
      d = dct - bg::days(dct_wd - 1) + bg::weeks(as_int(week)) + bg::days(f.weekday - 1);
    } else if (rel == "last") {
      bg::date from = dct;
      if (m.rule->param("from") == "last_day")
        if (const auto last = leading_day(ctx.last_day)) from = *last;
      const int from_back = (iso_weekday(from) - f.weekday + 7) % 7;
      d = from - bg::days(from_back == 0 ? 7 : from_back);
    } else if (rel == "next") {
      d = dct + bg::days(ahead == 0 ? 7 : ahead);
    } else if (rel == "this") {
      d = dct - bg::days(dct_wd - 1) + bg::days(f.weekday - 1);
    } else if (ctx.tense == Tense::future) {
      d = dct + bg::days(ahead);
    } else if (ctx.tense == Tense::past) {
      d = dct - bg::days(back);
    } else {
      // No tense cue, or the present ("nominations are announced Tuesday", "the seeds for
      // Friday's draw"): news mostly reports the past, but a weekday one or two days ahead is
      // more likely than one five or six days back.
      d = (ahead != 0 && ahead <= 2 && back > 4) ? dct + bg::days(ahead) : dct - bg::days(back);
    }
    // "the day before last Tuesday": a day on from that weekday.
    d += bg::days(param_int(*m.rule, "days", 0));
    value = ymd(d);
  }
  // "Friday night" keeps its part of the day (TimeML), unless the rule says to drop it.
  if (!f.pod.empty() && m.rule->param("pod") != "drop") value += "T" + f.pod;
  return done(value, m.rule->type, *m.rule);
}

// A calendar unit around a day, shifted by n units: the value at that unit's granularity.
std::string unit_value(const bg::date& base, std::string_view unit, int n) {
  if (unit == "D") return ymd(base + bg::days(n));
  if (unit == "W") return iso_week(base + bg::weeks(n));
  if (unit == "WE") return iso_week(base + bg::weeks(n)) + "-WE";
  if (unit == "M") {
    bg::date d = bg::date(base.year(), base.month(), 1) + bg::months(n);
    return pad(d.year(), 4) + "-" + pad(d.month(), 2);
  }
  // TimeML writes years in four digits: a count that goes past them ("9999 years from now",
  // "900 centuries ago") has no value.
  if (unit == "Q") {
    int q = (base.year() * 4 + quarter_of(base.month()) - 1) + n;
    if (q < 4 || q / 4 > 9999) return {};
    return pad(q / 4, 4) + "-Q" + std::to_string(q % 4 + 1);
  }
  if (unit == "HY") {
    int h = (base.year() * 2 + (base.month() > 6 ? 1 : 0)) + n;
    if (h < 2 || h / 2 > 9999) return {};
    return pad(h / 2, 4) + "-H" + std::to_string(h % 2 + 1);
  }
  if (unit == "Y") {
    // Counted back past year 1 ("4,000 years ago"): year 0 is 1 BC, written as eras are.
    const int year = base.year() + n;
    if (year > 9999 || 1 - year > 9999) return {};
    return year >= 1 ? pad(year, 4) : "BC" + pad(1 - year, 4);
  }
  if (unit == "DE" || unit == "CE") {
    const int period = base.year() / (unit == "DE" ? 10 : 100) + n;
    if (period < 0 || period > (unit == "DE" ? 999 : 99)) return {};
    return pad(period, unit == "DE" ? 3 : 2);
  }
  return {};
}

// unit_value of a day of any era ("two days later" than 17 August 480 BC, or than a day of
// 1380): counted in a year that has the same days and weekdays, 400 years (or 800, ...) on and
// far enough from Boost's first year for n days or weeks either way, and written back in the
// day's own era.
std::string unit_value_any_era(int year, int month, int day, std::string_view unit, int n) {
  const int shift = boost_shift(year, 1800);
  if (year <= -10000 || std::abs(n) > 100 || !valid_day(year + shift, month, day)) return {};
  std::string value = unit_value(make_date(year + shift, month, day), unit, n);
  if (shift && value.size() >= 4)
    value = year_text(std::stoi(value.substr(0, 4)) - shift) + value.substr(4);
  return value;
}

std::string unanchored(std::string_view unit) {
  if (unit == "D") return "XXXX-XX-XX";
  if (unit == "W") return "XXXX-WXX";
  if (unit == "WE") return "XXXX-WXX-WE";
  if (unit == "M") return "XXXX-XX";
  if (unit == "Q") return "XXXX-QX";
  if (unit == "HY") return "XXXX-HX";
  if (unit == "DE") return "XXX";
  if (unit == "CE") return "XX";
  return "XXXX";
}

std::string_view unit_of(const RuleMatch& m) {
  if (auto u = m.rule->param("unit"); !u.empty()) return u;
  if (const auto* c = m.get("UNIT")) return c->text_value;
  return {};
}

// Shifts a previously mentioned reference value ("the third quarter" ... "a year earlier") by
// n years when it is finer than a year, so comparisons keep the period being discussed.
std::string shift_reference(const std::string& ref, int years) {
  if (ref.size() < 7 || ref[4] != '-') return {};
  int y = 0;
  auto [p, ec] = std::from_chars(ref.data(), ref.data() + 4, y);
  if (ec != std::errc() || p != ref.data() + 4) return {};
  std::string rest = ref.substr(4);
  if (rest.size() >= 3 && (rest[1] == 'Q' || rest[1] == 'H'))
    return pad(y + years, 4) + rest.substr(0, 3);
  return {};
}

// `at` (a year, month or day value) moved by n units of a year, month, week or day; empty when
// `at` is too coarse for the unit. Years and months are counted without a calendar, so that a
// narrative before 1400 (Boost's first year) works too.
std::string narrative_shift(std::string_view at, std::string_view unit, int n) {
  const auto [year, month, day] = value_fields(at);
  if (!year) return {};
  if (unit == "Y") return year_text(year + n);
  if (unit == "M" && month) return month_text(year * 12 + month - 1 + n);
  if ((unit == "D" || unit == "W") && day) return unit_value_any_era(year, month, day, unit, n);
  return {};
}

Normalized n_shift(const RuleMatch& m, const NormalizeContext& ctx) {
  std::string_view unit = unit_of(m);
  if (unit.empty()) return {};
  int n = param_int(*m.rule, "n", 0);
  if (const auto* c = m.get("NUMBER")) {
    double count = c->number;
    if (count != std::floor(count) || count > 10000) return {};
    n = static_cast<int>(count) * param_int(*m.rule, "sign", 1);
  }
  if (unit == "FN") {
    // "a fortnight ago": two weeks.
    unit = "W";
    n *= 2;
  }
  // "her first stop Tuesday morning, and Nairobi later in the day": the day its sentence is at,
  // when one is written before it, not the DCT's.
  if (m.rule->param("anchor") == "sentence" && unit == "D" && n == 0) {
    if (const std::string_view day = day_of(ctx.sentence_date); !day.empty())
      return done(std::string(day), m.rule->type, *m.rule);
  }
  if (m.rule->param("from") == "day") {
    // "two weeks from today", "a week from Friday": counted on from that day (the weekday's
    // next, or the DCT's own); days and weeks give a day.
    if (!has_dct(ctx)) return done(unanchored(unit), m.rule->type, *m.rule);
    bg::date from = ctx.dct->day;
    if (const auto* rel = m.get("DAYREL")) {
      from += bg::days(as_int(rel));
    } else if (const auto* wd = m.get("WEEKDAY")) {
      from += bg::days((as_int(wd) - iso_weekday(from) + 7) % 7);
    }
    if (unit == "D" || unit == "W")
      return done(ymd(from + bg::days(unit == "W" ? 7 * n : n)), m.rule->type, *m.rule);
    // "a year ago today": that day, a year before.
    // The same day of the month, or the month's last when it has none (Boost's month
    // arithmetic would move the 29th of February to the 30th of November).
    if (m.rule->param("same") == "day" && (unit == "Y" || unit == "M")) {
      const int months = from.year() * 12 + (from.month() - 1) + (unit == "Y" ? 12 * n : n);
      const int year = months / 12, month = months % 12 + 1;
      if (months < 0 || year < 1400 || year > 9999) return {};
      const int last = bg::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                                static_cast<unsigned short>(month));
      return done(ymd(make_date(year, month, std::min<int>(from.day(), last))), m.rule->type,
                  *m.rule);
    }
    return done(unit_value(from, unit, n), m.rule->type, *m.rule);
  }
  if (const auto* c = m.get("DAYREL")) n = as_int(c);  // "yesterday": -1
  if (m.rule->param("half") == "1") {
    // Half a unit more, in the next smaller unit that holds it: "a year and a half ago" is 18
    // months back, "a decade and a half ago" 15 years. Nothing smaller is placed so.
    const int sign = n < 0 ? -1 : 1;
    if (unit == "Y") {
      n = n * 12 + sign * 6;
      unit = "M";
    } else if (unit == "DE" || unit == "CE") {
      const int years = unit == "DE" ? 10 : 100;
      n = n * years + sign * years / 2;
      unit = "Y";
    } else {
      return {};
    }
  }
  if (m.rule->param("years") == "1" && (unit == "DE" || unit == "CE")) {
    // "a decade ago" is a year (ten before the DCT's), not the decade before the DCT's.
    n *= unit == "DE" ? 10 : 100;
    unit = "Y";
  }
  if (!ctx.narrative.empty() && m.rule->param("narrative") == "1") {
    // In a narrative, counted from the date it was just at: "the end of the month", "the year",
    // "two years earlier".
    if (auto value = narrative_shift(ctx.narrative_last, unit, n); !value.empty()) {
      Normalized out = done(std::move(value), m.rule->type, *m.rule);
      out.from_narrative = true;
      return out;
    }
  }
  if (!has_dct(ctx)) return done(unanchored(unit), m.rule->type, *m.rule);
  if (m.rule->param("ref") == "1" && unit == "Y" && (n == 1 || n == -1)) {
    if (auto shifted = shift_reference(ctx.reference, n); !shifted.empty())
      return done(shifted, m.rule->type, *m.rule);
  }
  if (const int weekday = (ctx.dct->day.day_of_week().as_number() + 6) % 7;  // Monday 0
      unit == "WE" && m.rule->param("tense") == "1" &&
      ((ctx.tense == Tense::past && weekday < 5) || (ctx.tense == Tense::unknown && weekday < 2)))
    // "protests over the weekend", reported on a weekday: the one just past; so is the one a
    // Monday or Tuesday names without a tense ("voting it best picture at the weekend").
    n -= 1;
  std::string value = unit_value(ctx.dct->day, unit, n);
  if (const auto* pod = m.get("POD"); pod && unit == "D")
    value += "T" + std::string(pod->text_value);
  return done(value, m.rule->type, *m.rule);
}

Normalized n_duration(const RuleMatch& m, const NormalizeContext& ctx) {
  (void)ctx;
  std::string unit(unit_of(m));
  if (unit.empty()) return {};
  std::string count(m.rule->param("n"));
  double v = 0;
  if (const auto* c = m.get("NUMBER")) {
    v = c->number;
    // "the 1988 quarter" names a period, it is no count; "a thousand years" is one.
    if (v >= 1000 && c->digits) return {};
    if (auto f = m.rule->param("times"); !f.empty()) v *= std::atof(std::string(f).c_str());
    if (auto a = m.rule->param("add"); !a.empty()) v += std::atof(std::string(a).c_str());
    count = format_number(v);
  } else if (!count.empty() && count != "X") {
    v = std::atof(count.c_str());
  }
  if (count.empty()) return {};
  // A fraction keeps its whole part and puts the rest in the next smaller unit, as ISO 8601
  // writes it: 2.5 years is P2Y6M, half an hour PT30M.
  if (count != "X" && v != std::floor(v)) {
    struct Smaller {
      std::string_view unit, smaller;
      double factor;
    };
    static constexpr Smaller kSmaller[] = {{"Y", "M", 12}, {"M", "D", 30},   {"W", "D", 7},
                                           {"D", "H", 24}, {"H", "MIN", 60}, {"MIN", "S", 60}};
    for (const auto& s : kSmaller) {
      if (unit != s.unit) continue;
      const double whole = std::floor(v);
      std::string date_part, time_part;
      auto add = [&](double n, std::string_view u) {
        if (u == "H")
          time_part += format_number(n) + "H";
        else if (u == "MIN")
          time_part += format_number(n) + "M";
        else if (u == "S")
          time_part += format_number(n) + "S";
        else
          date_part += format_number(n) + std::string(u);
      };
      if (whole > 0) add(whole, unit);
      add((v - whole) * s.factor, s.smaller);
      return done("P" + date_part + (time_part.empty() ? "" : "T" + time_part), TimexType::duration,
                  *m.rule);
    }
  }
  const auto value_of = [&unit](const std::string& n, double x) -> std::string {
    if (unit == "H") return "PT" + n + "H";
    if (unit == "MIN") return "PT" + n + "M";
    if (unit == "S") return "PT" + n + "S";
    if (unit == "Q") return n == "X" ? "PXQ" : "P" + format_number(x * 3) + "M";
    if (unit == "HY") return n == "X" ? "PXM" : "P" + format_number(x * 6) + "M";
    if (unit == "FN") return n == "X" ? "PXW" : "P" + format_number(x * 2) + "W";
    if (unit == "DE") return n == "X" ? "PXDE" : "P" + format_number(x * 10) + "Y";
    if (unit == "CE") return n == "X" ? "PXCE" : "P" + format_number(x * 100) + "Y";
    return "P" + n + unit;
  };
  Normalized out = done(value_of(count, v), TimexType::duration, *m.rule);
  // "two to six days": a range of lengths, its end the longer one (whole counts only).
  if (const auto* end = m.get("end.NUMBER");
      end && count != "X" && end->number > v && end->number == std::floor(end->number))
    out.range_end = value_of(format_number(end->number), end->number);
  return out;
}

// A rule of words that look like a time but are not one ("three-quarters of its food"): it
// values nothing, and the recognizer, taking it as the longest match, tags nothing there.
Normalized n_none(const RuleMatch&, const NormalizeContext&) {
  Normalized n;
  n.nothing = true;
  return n;
}

Normalized n_literal(const RuleMatch& m, const NormalizeContext&) {
  return done(std::string(m.rule->param("value")), m.rule->type, *m.rule);
}

// "this morning", "tonight", "last night": a part of a day relative to the DCT.
Normalized n_part_of_day(const RuleMatch& m, const NormalizeContext& ctx) {
  const auto* pod = m.get("POD");
  std::string code = pod ? std::string(pod->text_value) : std::string(m.rule->param("pod"));
  if (code.empty()) return {};
  int n = param_int(*m.rule, "n", 0);
  std::string day = has_dct(ctx) ? ymd(ctx.dct->day + bg::days(n)) : "XXXX-XX-XX";
  // "in the morning": of the day this sentence or the one before is about, else of the DCT
  // ("... were dashed Friday. Dealers placed buy orders in the morning").
  if (m.rule->param("anchor") == "context") {
    const std::string& context =
        ctx.sentence_date.empty() ? ctx.previous_sentence_date : ctx.sentence_date;
    std::string_view from = day_of(context);
    if (from.empty()) from = day_of(ctx.narrative_last);
    // "the night before": of the day before that one (else before the DCT's, as above).
    if (!from.empty()) day = n != 0 ? day_shifted(std::string(from), n) : std::string(from);
  }
  return done(day + "T" + code, m.rule->type, *m.rule);
}

Normalized n_set(const RuleMatch& m, const NormalizeContext&) {
  if (auto v = m.rule->param("value"); !v.empty())
    return done(std::string(v), TimexType::set, *m.rule);
  if (const auto* wd = m.get("WEEKDAY")) {
    std::string value = "XXXX-WXX-" + std::to_string(as_int(wd));
    if (const auto* pod = m.get("PODS")) value += "T" + std::string(pod->text_value);
    return done(value, TimexType::set, *m.rule);
  }
  if (const auto* month = m.get("MONTH"))  // "each July"
    return done("XXXX-" + pad(as_int(month), 2), TimexType::set, *m.rule);
  if (const auto* season = m.get("SEASON"))  // "every summer"
    return done("XXXX-" + std::string(season->text_value), TimexType::set, *m.rule);
  std::string_view unit = unit_of(m);
  if (unit.empty()) return {};
  std::string count(m.rule->param("n"));  // "every other week": 2
  if (count.empty()) count = "1";
  if (const auto* c = m.get("NUMBER")) count = format_number(c->number);
  std::string u(unit);
  if (u == "H" || u == "MIN" || u == "S")
    return done("PT" + count + (u == "MIN" ? "M" : u), TimexType::set, *m.rule);
  if (u == "Q") return done("P3M", TimexType::set, *m.rule);
  return done("P" + count + u, TimexType::set, *m.rule);
}

Normalized n_decade(const RuleMatch& m, const NormalizeContext& ctx) {
  const auto* c = m.get("DECADE");
  if (!c) return {};
  int v = as_int(c);
  // After "his", "their": a two-digit decade is an age ("in his early 30s"), and the pair
  // "their 70s and 80s" is two ages or, written with four digits, left to the decade alone.
  if (m.rule->param("after") == "possessive") {
    if (v < 0) return n_none(m, ctx);
    if (m.get("end.DECADE")) return {};
  }
  if (v < 0) {
    // '90s / 90s: the century that keeps the decade in the past of the DCT.
    int two = -v;
    int base = has_dct(ctx) ? static_cast<int>(ctx.dct->day.year()) : 2000;
    int year = base / 100 * 100 + two;
    if (year > base) year -= 100;
    v = year / 10;
  }
  // "the 1800s", "the early 1900s" are centuries (18, 19), as the decade 1800-1809 is seldom
  // meant; "the 2000s" is the decade the writer lived through.
  if (v % 10 == 0 && v >= 100 && v < 200 && !m.get("end.DECADE"))
    return done(pad(v / 10, 2), m.rule->type, *m.rule);
  return done(pad(v, 3), m.rule->type, *m.rule);
}

Normalized n_century(const RuleMatch& m, const NormalizeContext&) {
  const auto* c = m.get("ORDINAL");
  if (!c || c->number < 1 || c->number > 99) return {};
  // "the 4th century BC" is BC03: its years are written BC03xx.
  const auto* era = m.get("ERA");
  const std::string_view prefix = era && era->text_value == "BC" ? "BC" : "";
  return done(std::string(prefix) + pad(as_int(c) - 1, 2), m.rule->type, *m.rule);
}

// "the third quarter", "the first half of 1998": a part of a year.
Normalized n_quarter(const RuleMatch& m, const NormalizeContext& ctx) {
  if (m.rule->param("anchor") == "sentence" && common_era(ctx.sentence_period)) {
    // "in the first half of 2005 against the same period last year": that period, a year
    // before: a year, half or quarter (a month is most often where a period to date ends: "from
    // January to October", "as of October"; a day is no period compared with).
    const std::string_view period = ctx.sentence_period;
    const ValueFields f = value_fields(period);
    const bool year = period.size() == 4;
    const bool part = period.size() == 7 && (period[5] == 'H' || period[5] == 'Q');
    if (f.year && (year || part))
      return done(year_text(f.year + param_int(*m.rule, "n", 0)) + std::string(period.substr(4)),
                  m.rule->type, *m.rule);
  }
  if (const auto which = m.rule->param("which"); which == "ended" || which == "month") {
    // "the quarter ended Sept. 30": the quarter that ends that day, of the year the day has;
    // "the June quarter", the one that month is in, of the year the month would have.
    Fields f = fields_of(m, "", ctx);
    if (which == "month") f.day = 15;
    if (!f.month || !f.day) return {};
    if (!f.year) {
      if (!has_dct(ctx))
        return done("XXXX-Q" + std::to_string(quarter_of(f.month)), m.rule->type, *m.rule);
      f.year = infer_year(f.month, f.day, direction(*m.rule, ctx), ctx.dct->day, false);
    }
    // (Boost's calendar, 45 days back from the day, starts in 1400.)
    if (which == "ended" && valid_day(f.year, f.month, f.day) && f.year > 1400) {
      // A quarter ended on a day is the three months up to it: the calendar quarter it mostly
      // lies in is the one its middle falls in ("the quarter ended July 31", May to July, is
      // Q2; "ended Jan. 31" the Q4 before).
      const bg::date middle = make_date(f.year, f.month, f.day) - bg::days(45);
      return done(year_text(middle.year()) + "-Q" + std::to_string(quarter_of(middle.month())),
                  m.rule->type, *m.rule);
    }
    return done(year_text(f.year) + "-Q" + std::to_string(quarter_of(f.month)), m.rule->type,
                *m.rule);
  }
  std::string unit(m.rule->param("unit").empty() ? "Q" : m.rule->param("unit"));
  const int parts = unit == "H" ? 2 : 4;
  int which = m.get("ORDINAL") ? as_int(m.get("ORDINAL")) : param_int(*m.rule, "part", 0);
  int year = year_of(m, "", ctx);
  if (auto w = m.rule->param("which"); !w.empty()) {
    // "the latest quarter": the last complete one before the DCT.
    if (!has_dct(ctx)) return done("XXXX-" + unit + "X", m.rule->type, *m.rule);
    const int month = ctx.dct->day.month();
    int current = unit == "H" ? (month > 6 ? 2 : 1) : quarter_of(month);
    year = ctx.dct->day.year();
    if (w == "previous") {
      which = current - 1;
      if (which == 0) {
        which = parts;
        --year;
      }
    } else {
      which = current;
    }
  }
  if (which < 1 || which > parts) return {};
  const auto* shift = m.get("YEARREL");
  if (!year && (shift || !m.rule->param("year").empty())) {
    // "last year's third quarter", "the first half of next year": the DCT's year, shifted.
    if (!has_dct(ctx)) return done("XXXX-" + unit + std::to_string(which), m.rule->type, *m.rule);
    year = ctx.dct->day.year() + (shift ? as_int(shift) : param_int(*m.rule, "year", 0));
  } else if (!year) {
    if (!has_dct(ctx)) return done("XXXX-" + unit + std::to_string(which), m.rule->type, *m.rule);
    year = ctx.dct->day.year();
    const int month = ctx.dct->day.month();
    int current = unit == "H" ? (month > 6 ? 2 : 1) : quarter_of(month);
    // Results are reported after a period ends: a later quarter than the current one, in the
    // past tense, is last year's.
    if (which > current && ctx.tense != Tense::future) --year;
  }
  year += param_int(*m.rule, "n", 0);
  return done(pad(year, 4) + "-" + unit + std::to_string(which), m.rule->type, *m.rule);
}

// A clock time, attached to the day its sentence talks about (or the DCT).
Normalized n_clock(const RuleMatch& m, const NormalizeContext& ctx) {
  int hour = as_int(m.get("HOUR"));
  int minute = as_int(m.get("MINUTE"));
  // "between 2 and 4 p.m.": the range's end has the half of the day written, its start the same
  // half unless it comes later on the clock ("from 10 to 2 p.m." starts in the morning).
  const auto* end_hour = m.get("end.HOUR");
  int end = end_hour ? as_int(end_hour) : 0;
  if (const auto* ampm = m.get("AMPM")) {
    if (hour < 1 || hour > 12 || (end_hour && (end < 1 || end > 12))) return {};
    const auto in_half = [&](int h, bool pm) { return pm ? (h == 12 ? 12 : h + 12) : h % 12; };
    const bool pm = ampm->text_value == "PM";
    if (end_hour) {
      const bool start_pm = pm && (hour % 12) <= (end % 12);
      end = in_half(end, pm);
      hour = in_half(hour, start_pm);
    } else {
      hour = in_half(hour, pm);
    }
  }
  if (end_hour && (end > 24 || end <= hour)) return {};
  if (auto h = m.rule->param("hour"); !h.empty()) hour = param_int(*m.rule, "hour", 0);
  const auto* hhmm = m.get("HHMM");  // "1400 GMT": hours and minutes in one number (0000-2359)
  if (hhmm) {
    hour = as_int(hhmm) / 100;
    minute = as_int(hhmm) % 100;
  }
  const auto* second = m.get("SECOND");
  if (hour > 24 || minute > 59 || (second && as_int(second) > 59)) return {};
  std::string day;
  if (m.get("WEEKDAY")) {
    day = n_weekday(m, ctx).value.substr(0, 10);
  } else if (m.get("MONTH") && m.get("DAY")) {
    Fields f = fields_of(m, "", ctx);
    f.pod.clear();
    day = date_value(f, *m.rule, ctx);
  } else if (const auto* off = m.get("OFFSET")) {
    day = has_dct(ctx) ? ymd(ctx.dct->day + bg::days(as_int(off))) : "XXXX-XX-XX";
  } else if (!day_of(ctx.sentence_date).empty()) {
    day = day_of(ctx.sentence_date);
  } else if (!ctx.narrative.empty() && !day_of(ctx.previous_sentence_date).empty()) {
    day = day_of(ctx.previous_sentence_date);  // "... on May 10. A sniper fired at 10:57"
  } else if (!day_of(ctx.narrative_last).empty()) {
    day = day_of(ctx.narrative_last);
  } else if (has_dct(ctx)) {
    day = ymd(ctx.dct->day);
  } else {
    day = "XXXX-XX-XX";
  }
  if (day.empty()) return {};
  std::string value = day + "T" + pad(hour, 2);
  if (m.get("MINUTE") || hhmm || m.rule->param("minutes") == "1")
    value += ":" + pad(minute, 2);
  else
    value += ":00";
  if (second) value += ":" + pad(as_int(second), 2);
  Normalized out = done(value, TimexType::time, *m.rule);
  if (end_hour) out.range_end = day + "T" + pad(end, 2) + ":00";
  return out;
}

// Easter Sunday of a Gregorian year. Boost has no computus; this is the anonymous Gregorian
// algorithm (Meeus, Jones, Butcher), which gives the month and day, and the calendar stays
// Boost's.
bg::date easter_sunday(int year) {
  const int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return make_date(year, month, day);
}

// A holiday's day, or with as=week ("Easter week", "Christmas week") the ISO week it falls in,
// with as=weekend the weekend next to it: the one after a Thursday ("the Thanksgiving
// weekend"), the one before a Monday ("the Memorial Day weekend"): the ISO week of two days
// before, whose weekend that is.
Normalized holiday_value(const RuleMatch& m, const bg::date& date) {
  const std::string_view as = m.rule->param("as");
  return done(as == "week"      ? iso_week(date)
              : as == "weekend" ? iso_week(date - bg::days(2)) + "-WE"
                                : ymd(date),
              m.rule->type, *m.rule);
}

// Holidays, by the day their lexicon entry gives (HolidaySpec): a fixed day, an N-th weekday of a
// month and days after it, or days from Easter Sunday.
Normalized n_holiday(const RuleMatch& m, const NormalizeContext& ctx) {
  const auto* h = m.get("HOLIDAY");
  if (!h) return {};
  const auto spec = parse_holiday(h->text_value);  // checked when the lexicon was loaded
  if (!spec) return {};
  const int month = spec->month;
  // The holiday's day in `year`.
  const auto day_in = [&](int year) -> std::optional<bg::date> {
    if (spec->from_easter) {
      if (year < 1583 || year > 9999) return std::nullopt;
      return easter_sunday(year) + bg::days(spec->days_after);
    }
    if (year < 1400 || year > 9999) return std::nullopt;
    int day = spec->day;
    if (spec->nth != 0) {
      const bg::greg_weekday wd(static_cast<unsigned short>(spec->weekday % 7));
      const auto mon = static_cast<bg::greg_month::value_type>(month);
      const auto y = static_cast<unsigned short>(year);
      day = spec->nth < 0
                ? bg::last_day_of_the_week_in_month(wd, mon).get_date(y).day()
                : bg::nth_day_of_the_week_in_month(
                      static_cast<bg::nth_day_of_the_week_in_month::week_num>(spec->nth), wd, mon)
                      .get_date(y)
                      .day();
    }
    if (!valid_day(year, month, day)) return std::nullopt;
    return make_date(year, month, day) + bg::days(spec->days_after);
  };
  int year = year_of(m, "", ctx);
  bool from_narrative = false;
  if (!year && !ctx.narrative.empty() && m.rule->param("rel").empty()) {
    year = narrative_year(month, 0, ctx);
    from_narrative = true;
  } else if (!year) {
    if (!has_dct(ctx)) {
      // A fixed day keeps its month and day; a day counted from Easter has none without a year,
      // nor an N-th weekday a day of the month: "XXXX-11-XX".
      if (spec->from_easter) return {};
      return done("XXXX-" + pad(month, 2) + "-" + (spec->day ? pad(spec->day, 2) : "XX"),
                  m.rule->type, *m.rule);
    }
    // Placed as a date would be, by the day it falls on in the DCT's year ("Presidents Day",
    // the third Monday of February, is not the 15th).
    const auto this_year = day_in(ctx.dct->day.year());
    year = infer_year(this_year ? static_cast<int>(this_year->month()) : month,
                      this_year ? static_cast<int>(this_year->day()) : 15, direction(*m.rule, ctx),
                      ctx.dct->day, !m.rule->param("rel").empty(), ctx.told_right_before);
  }
  if (year < 1400 && spec->day && m.rule->param("as").empty()) {
    // A fixed day before Boost's calendar begins, in a history: "Christmas" in 1066.
    Normalized out = done(year_text(year) + "-" + pad(month, 2) + "-" + pad(spec->day, 2),
                          m.rule->type, *m.rule);
    out.from_narrative = from_narrative;
    return out;
  }
  const auto date = day_in(year);
  if (!date) return {};
  Normalized out = holiday_value(m, *date);
  out.from_narrative = from_narrative;
  return out;
}

// A year of an era, "480 BC" (BC0480) or "AD 70" (0070), and the end of a range of them.
Normalized n_era(const RuleMatch& m, const NormalizeContext&) {
  const auto* era = m.get("ERA");
  const auto* start = m.get("YEAR");
  if (!era || !start) return {};
  const auto year_value = [&](const Capture* c) -> std::string {
    const double n = c->number;
    if (n < 1 || n > 9999 || n != std::floor(n)) return {};
    return (era->text_value == "BC" ? "BC" : "") + pad(static_cast<int>(n), 4);
  };
  Normalized out = done(year_value(start), m.rule->type, *m.rule);
  if (const auto* month = m.get("MONTH"); out.ok && month) {  // "April 480 BC": BC0480-04
    out.value += "-" + pad(as_int(month), 2);
    if (const auto* day = m.get("DAY")) {  // "17 August 480 BC"
      const int year = value_fields(out.value).year;
      if (!day_exists(year, as_int(month), as_int(day))) return {};
      out.value += "-" + pad(as_int(day), 2);
    }
  }
  if (const auto* season = m.get("SEASON"); out.ok && season)  // "the spring of 480 BC"
    out.value += "-" + std::string(season->text_value);
  if (const auto* end = m.get("end.YEAR"); out.ok && end) {
    out.range_end = year_value(end);
    // BC years count down: "499-493 BC"; a range that does not is no range of years.
    if (out.range_end.empty() ||
        (era->text_value == "BC" ? end->number >= start->number : end->number <= start->number))
      return {};
  }
  return out;
}

// "nineteen ninety-six": a spoken year, as in broadcast transcripts.
Normalized n_spoken_year(const RuleMatch& m, const NormalizeContext&) {
  int hi = as_int(m.get("YEARHI"));
  int lo = as_int(m.get("YEARLO"));
  if (hi < 10 || hi > 20 || lo < 10 || lo > 99) return {};
  return done(pad(hi * 100 + lo, 4), TimexType::date, *m.rule);
}

// "the 1988 quarter", "the 1989 period": the period under discussion, in that year.
Normalized n_period_of_year(const RuleMatch& m, const NormalizeContext& ctx) {
  int year = year_of(m, "", ctx);
  if (!year) return {};
  const std::string& ref = ctx.reference;
  if (ref.size() >= 7 && ref[4] == '-' && (ref[5] == 'Q' || ref[5] == 'H'))
    return done(pad(year, 4) + ref.substr(4, 3), m.rule->type, *m.rule);
  return done(pad(year, 4), m.rule->type, *m.rule);
}

// The date `n` units after `last` (a year, month, week or day value), for n_anaphor ("that
// year": the year of the last date written out); empty when `last` is too coarse for the unit.
std::string anaphor_value(const RuleMatch& m, std::string_view last, int n) {
  // Of the era or before it ("BC0480-08"); nothing for a value without a year ("XXXX").
  const ValueFields fields = value_fields(last);
  const int year = fields.year;
  if (!year) return {};
  std::string_view unit = m.rule->param("unit");
  if (const auto* named = m.get("UNIT"); unit.empty() && named) unit = named->text_value;
  if (const auto* month = m.get("MONTH"); month && unit == "Y") {
    // "in August of that year", "on July 25 of that year"
    std::string value = year_text(year + n) + "-" + pad(as_int(month), 2);
    if (const auto* day = m.get("DAY")) {
      if (!day_exists(year + n, as_int(month), as_int(day))) return {};
      value += "-" + pad(as_int(day), 2);
    }
    return value;
  }
  if (unit == "Y") return year_text(year + n);
  if (const auto* day = m.get("DAY"); day && unit == "M" && fields.month) {
    // "on Sept. 27 ... On the 28th": a day of the month the text is at.
    if (!day_exists(year, fields.month, as_int(day))) return {};
    return year_text(year) + "-" + pad(fields.month, 2) + "-" + pad(as_int(day), 2);
  }
  if (const auto* season = m.get("SEASON"); season && unit == "S") {
    // "that summer": the year's; "the next spring": the first to begin after the date.
    int season_year = year;
    // A season told of last stands at its first month (a winter at its January, as it is
    // placed): "the next spring" after 1778-WI is 1778's.
    int month = fields.month;
    if (const auto dash = last.rfind('-'); !month && dash != std::string::npos) {
      const std::string_view told = std::string_view(last).substr(dash + 1);
      if (told == "SP" || told == "SU" || told == "FA" || told == "WI") month = season_month(told);
    }
    if (n > 0) season_year += month && month < season_month(season->text_value) ? 0 : 1;
    return year_text(season_year) + "-" + std::string(season->text_value);
  }
  if (unit == "M" && fields.month) return month_text(year * 12 + (fields.month - 1) + n);
  if ((unit == "D" || unit == "W") && fields.day)
    return unit_value_any_era(year, fields.month, fields.day, unit, n);
  if (!common_era(last)) return {};
  if (unit == "W" && last.size() == 8 && last[4] == '-' && last[5] == 'W') {
    // "down from 4.3 percent last week and 4.26 percent the previous week"
    int week = 0;
    std::from_chars(last.data() + 6, last.data() + 8, week);
    const auto monday = iso_week_monday(year, week);
    return monday ? iso_week(*monday + bg::weeks(n)) : std::string();
  }
  return {};
}

Normalized n_anaphor(const RuleMatch& m, const NormalizeContext& ctx) {
  // "earlier that day": the day this sentence or the one before is about ("found Sunday. Later
  // that day"), else the last date written out.
  // "up from 1995 ... compared with the previous year": the date its sentence is at, of any
  // size ("sales in September rose from the previous month").
  const std::string_view anchor = m.rule->param("anchor");
  const bool context = anchor == "context";
  const std::string& last =
      context && ctx.sentence_date.size() >= 10              ? ctx.sentence_date
      : context && ctx.previous_sentence_date.size() >= 10   ? ctx.previous_sentence_date
      : anchor == "sentence" && !ctx.sentence_period.empty() ? ctx.sentence_period
                                                             : ctx.last_explicit;
  const int n = param_int(*m.rule, "n", 0);  // "the following year": one after it
  std::string value = anaphor_value(m, last, n);
  // "the previous month" where its sentence is at no month ("orders in February rose from a
  // year earlier, after growing 14.8 percent in the previous month") counts back from the last
  // date written out, and with none of that size, from the DCT, as "last month" does.
  if (value.empty() && anchor == "sentence") {
    if (&last != &ctx.last_explicit) value = anaphor_value(m, ctx.last_explicit, n);
    if (value.empty() && has_dct(ctx)) value = anaphor_value(m, ymd(ctx.dct->day), n);
  }
  if (value.empty()) return {};
  return done(std::move(value), m.rule->type, *m.rule);
}

struct NamedFn {
  std::string_view name;
  Fn fn;
  bool tense;  // reads NormalizeContext::tense
};
constexpr NamedFn kNormalizers[] = {
    {"date", n_date, true},
    {"weekday", n_weekday, true},
    {"shift", n_shift, true},
    {"offset", n_shift, true},
    {"duration", n_duration, false},
    {"literal", n_literal, false},
    {"part_of_day", n_part_of_day, false},
    {"set", n_set, false},
    {"decade", n_decade, false},
    {"century", n_century, false},
    {"quarter", n_quarter, true},
    {"clock", n_clock, true},
    {"holiday", n_holiday, true},
    {"spoken_year", n_spoken_year, false},
    {"era", n_era, false},
    {"period_of_year", n_period_of_year, false},
    {"anaphor", n_anaphor, false},
    {"none", n_none, false},
};

}  // namespace

std::string day_shifted(const std::string& value, int days) {
  const auto day = leading_day(value);
  return day ? ymd(*day + bg::days(days)) + value.substr(10) : value;
}

std::string reached_from(std::string_view reference, std::string_view duration, int sign) {
  if (duration.size() < 3 || duration[0] != 'P' || !has_year(reference)) return {};
  int count = 0;
  const char* const last = duration.data() + duration.size() - 1;
  const auto [p, ec] = std::from_chars(duration.data() + 1, last, count);
  if (ec != std::errc() || p != last || count > 1000) return {};
  const char unit = *last;
  if (unit != 'Y' && unit != 'M' && unit != 'W' && unit != 'D') return {};
  return narrative_shift(reference, std::string_view(last, 1), sign * count);
}

std::string weekday_not_before(const std::string& value, const std::string& start) {
  auto moved = leading_day(value);
  const auto limit = leading_day(start);
  if (!moved || !limit) return value;
  while (*moved < *limit) *moved += bg::weeks(1);
  return ymd(*moved) + value.substr(10);
}

bool normalizer_exists(std::string_view name) {
  for (const auto& n : kNormalizers)
    if (n.name == name) return true;
  return false;
}

bool normalizer_uses_tense(std::string_view name) {
  for (const auto& n : kNormalizers)
    if (n.name == name) return n.tense;
  return false;
}

int range_end_year(int start_month, int start_day, int end_month, int end_day, const bg::date& dct,
                   Tense tense, bool told_right_before) {
  const bool wraps = start_month * 32 + start_day > end_month * 32 + end_day;
  const int y = dct.year();
  int best = y;
  long best_cost = -1;
  for (int end_year : {y - 1, y, y + 1}) {
    const int start_year = wraps ? end_year - 1 : end_year;
    if ((start_day && !valid_day(start_year, start_month, start_day)) ||
        (end_day && !valid_day(end_year, end_month, end_day)))
      continue;
    const bg::date first = make_date(start_year, start_month, start_day ? start_day : 1);
    const bg::date last = end_day ? make_date(end_year, end_month, end_day)
                                  : make_date(end_year, end_month, 1).end_of_month();
    // As infer_year weighs one date: by days, or by months for months ("rose in March and
    // April" written in December is this year's, as "rose in March" is), a direction against
    // the tense costing three times as much (four by months, twelve after a past verb).
    const bool months = !start_day && !end_day;
    const long month_now = dct.year() * 12L + dct.month();
    const long against = months ? 4 : 3;
    long cost = 0;
    if (last < dct) {
      cost = months ? month_now - (end_year * 12L + end_month) : (dct - last).days();
      if (tense == Tense::future) cost *= against;
    } else if (first <= dct && tense == Tense::past) {
      // Told in the past, a range goes on no later than the DCT: what runs past it costs as a
      // date ahead would ("fighting raged Sept. 27-Nov. 10" written on September 28).
      const long beyond = months ? (end_year * 12L + end_month) - month_now : (last - dct).days();
      cost = beyond * (told_right_before ? 12 : against);
    } else if (first > dct) {
      const long ahead =
          months ? (start_year * 12L + start_month) - month_now : (first - dct).days();
      cost = tense == Tense::past     ? ahead * (told_right_before ? 12 : against)
             : tense == Tense::future ? ahead
                                      : ahead * 2 + 1;
    }
    if (best_cost < 0 || cost < best_cost) {
      best = end_year;
      best_cost = cost;
    }
  }
  return best;
}

namespace {

// The normalizer's result built in place (no move of its strings out of a temporary), or nothing
// when Boost rejects a date outside its range: not a usable expression.
Normalized run(const NamedFn& n, const RuleMatch& match, const NormalizeContext& context) {
  try {
    return n.fn(match, context);
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

Normalized normalize(const RuleMatch& match, const NormalizeContext& context) {
  for (const auto& n : kNormalizers) {
    if (n.name != match.rule->normalizer) continue;
    Normalized out = run(n, match, context);
    if (out.ok && out.mod.empty())
      if (const auto* mod = match.get("MOD")) out.mod = std::string(mod->text_value);
    // A part of a day ("Friday night", "this morning") or a time of it ("Friday noon") is a
    // TIME in TimeML, not a DATE.
    if (out.ok && out.type == TimexType::date) {
      const std::size_t t = out.value.find('T');
      if (granularity_of(out.value, out.type) == Granularity::part_of_day ||
          (t != std::string::npos && t + 1 < out.value.size() &&
           std::isdigit(static_cast<unsigned char>(out.value[t + 1]))))
        out.type = TimexType::time;
    }
    return out;
  }
  return {};
}

Granularity granularity_of(std::string_view v, TimexType type) {
  if (type == TimexType::duration || type == TimexType::set) {
    if (v.find('T') != std::string_view::npos) {
      if (v.ends_with("H")) return Granularity::hour;
      if (v.ends_with("M")) return Granularity::minute;
      if (v.ends_with("S")) return Granularity::second;
    }
    if (v.ends_with("Y")) return Granularity::year;
    if (v.ends_with("M")) return Granularity::month;
    if (v.ends_with("W")) return Granularity::week;
    if (v.ends_with("D")) return Granularity::day;
    if (v.ends_with("DE")) return Granularity::decade;
    if (v.ends_with("CE")) return Granularity::century;
    if (v.ends_with("Q")) return Granularity::quarter;
  }
  if (v.ends_with("_REF")) return Granularity::unknown;
  if (v.starts_with("BC")) return granularity_of(v.substr(2), type);  // BC0480
  if (auto t = v.find('T'); t != std::string_view::npos && t >= 4) {
    std::string_view time = v.substr(t + 1);
    if (time.size() == 2 && !(time[0] >= '0' && time[0] <= '9')) return Granularity::part_of_day;
    if (time.size() >= 8) return Granularity::second;
    if (time.size() >= 5) return Granularity::minute;
    return Granularity::hour;
  }
  if (v.size() == 2) return Granularity::century;
  if (v.size() == 3) return Granularity::decade;
  if (v.size() == 4) return Granularity::year;
  if (v.size() >= 6 && v[4] == '-') {
    char c = v[5];
    if (v.substr(5) == "WI") return Granularity::season;
    if (c == 'Q') return Granularity::quarter;
    if (c == 'H') return Granularity::half_year;
    if (c == 'W')
      return (v.size() > 8 && !v.ends_with("-WE")) ? Granularity::day : Granularity::week;
    if (c == 'S' || c == 'F') return Granularity::season;
    if (c == 'X' && v.size() == 7) return Granularity::month;
    if (v.size() == 7) return Granularity::month;
    if (v.size() == 10) return Granularity::day;
  }
  return Granularity::unknown;
}

}  // namespace tempograph::timex

namespace tempograph {

std::optional<boost::gregorian::date> iso_week_monday(int year, int week) {
  // Week 1 may start in the December before, and week 53 end in the January after: both years
  // must be within Boost's calendar.
  if (year < 1401 || year > 9998 || week < 1 || week > 53) return std::nullopt;
  namespace bg = boost::gregorian;
  const bg::date january_4(static_cast<unsigned short>(year), 1, 4);
  const bg::date monday =
      january_4 - bg::days((january_4.day_of_week().as_number() + 6) % 7) + bg::weeks(week - 1);
  if (monday.week_number() != week) return std::nullopt;  // a year of 52 weeks has no week 53
  return monday;
}

}  // namespace tempograph
