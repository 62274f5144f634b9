// Normalizers: the code half of a rule. Each computes a TimeML value from a rule's captures, the
// document creation time and the context (tense, the last date mentioned). Rules name them.
#pragma once

#include "rules.hpp"
#include "tempograph/document.hpp"

#include <string>

namespace tempograph::timex {

enum class Tense : std::uint8_t { unknown, past, present, future };

struct NormalizeContext {
  const DocumentCreationTime* dct = nullptr;
  Tense tense = Tense::unknown;
  // The past verb that governs the expression stands right before it ("elected in January",
  // "the king assumed power in February"): the past, however near the next such month is.
  bool told_right_before = false;
  std::string sentence_date;    // value of the last day-level date in the same sentence
  std::string sentence_period;  // the last calendar date of any size in it ("this year", "May")
  std::string previous_sentence_date;  // the day the sentence before was about (not "Friday's")
  std::string reference;               // the period just talked about, for "a year earlier"
  std::string last_explicit;           // the last date the text spelled out, for "that year"
  std::string last_day;                // the last day the text named, for "the previous Friday"
  // In a text that tells of the past, where its narrative is: the last date written with a year
  // at least two years before the DCT ("On September 1, 1939, ..."). A month or day without a
  // year takes its year from there, not from the DCT ("By early October, Poland was divided").
  // Empty in news, which names past years in passing.
  std::string narrative;
  std::string narrative_last;  // the last date of the narrative, however dated: "the month"
};

struct Normalized {
  bool ok = false;
  TimexType type = TimexType::date;
  std::string value;
  std::string mod;
  std::string range_end;
  bool from_narrative = false;  // a period of the narrative's date ("the end of the month")
  bool nothing = false;         // no time here, nor in a shorter match at this place ("his 30s")
};

Normalized normalize(const RuleMatch& match, const NormalizeContext& context);

// v in at least `width` characters, zero-filled after any sign: pad(987, 4) is "0987".
std::string pad(long v, int width);

// A year as TimeML writes it: "1940", "0070", and before the era "BC0480" (year -479, counted
// as value_fields counts it).
std::string year_text(int year);

// Whether a value is a date of the era, written with its year first ("1940-05", not "BC0480",
// "XXXX-05" or "PRESENT_REF").
bool common_era(std::string_view value);

// Whether a value is a date with a year of the era or before it ("1940-05", "BC0480-08"; not
// "BC0001", year 0 to value_fields, nor "XXXX-05").
bool has_year(std::string_view value);

// The numbers of a TimeML date value: "1940-05-10", "1940-05", "1940" (0 for what it lacks, all 0
// when it is no such value: "PAST_REF"; "1940-Q2" has only its year). A year before the era is
// counted as astronomers do, from 0 for 1 BC down: "BC0480-08" is year -479, month 8.
struct ValueFields {
  int year = 0, month = 0, day = 0;
};
ValueFields value_fields(std::string_view value);

// `value` (a day of Boost's calendar, 1400 on, with or without a time: "2023-11-12",
// "2023-09-29T06:00") moved on by whole weeks until its day is not before the day of `start`:
// "from Thursday to Sunday", the Sunday after that Thursday. Unchanged when either is no such
// value.
std::string weekday_not_before(const std::string& value, const std::string& start);

// A value that starts with a day of Boost's calendar ("2023-10-05", "2023-10-05T22:00") moved by
// `days`, the rest kept: "from 10pm to 6am" ends the next morning. Unchanged when it is no such
// value.
std::string day_shifted(const std::string& value, int days);

// The date a duration counted from `reference` reaches: "two days later" after April 28, 1945
// is 1945-04-30, "fifteen months later" after May 23, 1915 is 1916-08, "three weeks later" a
// week. `duration` is a whole count of years, months, weeks or days ("P2D", "P15M", "P10Y");
// `sign` is 1 forward, -1 back. Empty when the reference is too coarse for the unit (a month
// and "two days later"), is no date with a year, or the duration is of another shape.
std::string reached_from(std::string_view reference, std::string_view duration, int sign);

// Whether a day exists in a year of any era, counted as value_fields counts it ("February 29"
// of 1300 and of 1 BC do, of 1900 not), Boost's calendar or not.
bool day_exists(int year, int month, int day);

// The year a range of two calendar dates written without years ends in ("from January to
// October", "between May 3 and June 5"; day 0 for a month): the placement of the whole range
// that tense and closeness to the DCT imply, as for one date. The start is in that year, or the
// one before when its month comes later. `told_right_before`: a past verb stands right before
// the start ("rose in February and March"), which weighs as it does for one date.
int range_end_year(int start_month, int start_day, int end_month, int end_day,
                   const boost::gregorian::date& dct, Tense tense, bool told_right_before);

// Does the normalizer exist? (checked when rules are loaded, so typos fail early)
bool normalizer_exists(std::string_view name);
// Whether it reads NormalizeContext::tense, which takes a look around the expression to find.
bool normalizer_uses_tense(std::string_view name);

// The granularity a TimeML value is written at.
Granularity granularity_of(std::string_view value, TimexType type);

}  // namespace tempograph::timex
