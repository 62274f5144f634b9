#include "viz/model/time_axis.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace tempograph;
using namespace tempograph::viz;
namespace greg = boost::gregorian;

namespace {

constexpr float kChar = 7;
constexpr float kGap = 12;

void require_apart(const std::vector<Tick>& ticks) {
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    const float right = ticks[i - 1].x + static_cast<float>(ticks[i - 1].label.size()) * kChar;
    INFO(ticks[i - 1].label << " at " << ticks[i - 1].x << ", " << ticks[i].label << " at "
                            << ticks[i].x);
    REQUIRE(ticks[i].x >= right + kGap - 0.01f);
  }
}

TimeSpan span(const char* value, greg::date a, greg::date b, Granularity g) {
  return TimeSpan{value, a, b, g};
}

}  // namespace

TEST_CASE("viz axis: days map both ways, 1970-01-01 is zero") {
  CHECK(to_days(greg::date(1970, 1, 1)) == 0);
  CHECK(to_days(greg::date(2020, 11, 9)) == 18575);
  CHECK(day_of(18575.7) == greg::date(2020, 11, 9));
  CHECK(iso_day(18575) == "2020-11-09");
  const Interval day = interval_of(
      span("2020-11-09", greg::date(2020, 11, 9), greg::date(2020, 11, 9), Granularity::day));
  CHECK(day.start == 18575);
  CHECK(day.end == 18576);
  const Interval hour = interval_of(span("2020-11-09T13:00", greg::date(2020, 11, 9),
                                         greg::date(2020, 11, 9), Granularity::minute));
  CHECK(hour.start == Approx(18575 + 13.0 / 24));
  CHECK(hour.end == Approx(18575 + 14.0 / 24));
}

TEST_CASE("viz axis: dates described as precisely as known") {
  CHECK(describe(span("2020-11-09", greg::date(2020, 11, 9), greg::date(2020, 11, 9),
                      Granularity::day)) == "9 November 2020");
  CHECK(describe(span("2020-11", greg::date(2020, 11, 1), greg::date(2020, 11, 30),
                      Granularity::month)) == "November 2020");
  CHECK(describe(span("2020", greg::date(2020, 1, 1), greg::date(2020, 12, 31),
                      Granularity::year)) == "2020");
  CHECK(describe(span("2023-09-19/2023-09-20", greg::date(2023, 9, 19), greg::date(2023, 9, 20),
                      Granularity::day)) == "19\u201320 September 2023");
  CHECK(describe(span("2023-Q3", greg::date(2023, 7, 1), greg::date(2023, 9, 30),
                      Granularity::quarter)) == "2023-Q3 (1 July \u2013 30 September 2023)");
  CHECK(describe(span("2023-09-20T13:00", greg::date(2023, 9, 20), greg::date(2023, 9, 20),
                      Granularity::minute)) == "20 September 2023, 13:00");
}

TEST_CASE("viz axis: tick labels never overlap, from hours to centuries") {
  const Days start = to_days(greg::date(2020, 9, 27)) + 0.3;
  for (double span = 1.0 / 24; span < 365.0 * 700; span *= 1.37) {
    for (float width : {300.0f, 1000.0f, 2500.0f}) {
      const Axis axis = make_axis({start, span, width}, kChar, kGap);
      INFO("span " << span << " days, width " << width);
      REQUIRE(axis.ticks.size() >= 1);
      require_apart(axis.ticks);
      require_apart(axis.context);
      for (const auto& t : axis.ticks) {
        REQUIRE(t.x >= -1);
        REQUIRE(t.x <= width + 1);
      }
    }
  }
}

TEST_CASE("viz axis: the unit follows the zoom") {
  const Days start = to_days(greg::date(2020, 1, 1));
  CHECK(make_axis({start, 0.5, 1000}, kChar).unit == TickUnit::hour);
  CHECK(make_axis({start, 20, 1000}, kChar).unit == TickUnit::day);
  const Axis months = make_axis({start, 700, 1000}, kChar);
  CHECK(months.unit == TickUnit::month);
  REQUIRE(!months.context.empty());
  CHECK(months.context.front().label == "2020");
  const Axis years = make_axis({start, 365.0 * 40, 1000}, kChar);
  CHECK(years.unit == TickUnit::year);
  CHECK(years.context.empty());
  // Day ticks name the day; the month and year above them stay on screen (pinned left).
  const Axis days = make_axis({start + 3.5, 20, 1000}, kChar);
  REQUIRE(!days.context.empty());
  CHECK(days.context.front().label == "January 2020");
  CHECK(days.context.front().x == 0);
}
