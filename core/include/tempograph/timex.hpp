// Time expressions: finding TIMEX3 expressions in text and normalizing them to TimeML values.
// The rules and word lists are data (assets/timex/en/*.tsv), loaded once into a Recognizer.
#pragma once

#include "tempograph/document.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

enum class TimexType : std::uint8_t { date, time, duration, set };

// How precisely a value is known. Ordered from coarsest to finest.
enum class Granularity : std::uint8_t {
  unknown,
  millennium,
  century,
  decade,
  year,
  half_year,
  quarter,
  season,
  month,
  week,
  day,
  part_of_day,
  hour,
  minute,
  second,
};

std::string_view to_string(TimexType type);           // "DATE", "TIME", "DURATION", "SET"
std::string_view to_string(Granularity granularity);  // "day", "month", ...

struct TimeExpression {
  std::uint32_t begin = 0;  // byte offsets into Document::text
  std::uint32_t end = 0;
  TimexType type = TimexType::date;
  std::string value;  // TimeML value: 2023-09-19, 2023-W38, P45D, PAST_REF, XXXX-WXX-4, ...
  std::string mod;    // TimeML mod (BEFORE, AFTER, APPROX, START, MID, END, ...) or empty
  Granularity granularity = Granularity::unknown;
  std::string range_end;  // for a range in one expression ("September 19-20"): the end's value
  // For such a range, where the start's own words end and the end's begin ("Aug. 26 to Oct. 20":
  // after "26", at "Oct."), as TimeML tags the two apart; both 0 when not known.
  std::uint32_t range_start_end = 0;
  std::uint32_t range_end_begin = 0;
  // A duration counted on from the date before it ("Two days later", after "April 28, 1945"):
  // the date it reaches (1945-04-30), which places what happened then on a timeline. The
  // value stays the duration, as TimeML writes it. Empty for anything else.
  std::string reaches;
  std::string rule;  // the rule that matched, for tracing and debugging
};

// Whether `t` is a range whose two ends are written apart ("Aug. 26 to Oct. 20", "from 2015 to
// 2019"): [begin, range_start_end) is the start's text, [range_end_begin, end) the end's.
inline bool has_ends_apart(const TimeExpression& t) {
  return !t.range_end.empty() && t.begin < t.range_start_end &&
         t.range_start_end <= t.range_end_begin && t.range_end_begin < t.end;
}

// The Monday that starts ISO week `week` of the week-based `year` ("2023-W40": week 1 holds
// January 4th); nullopt when that year has no such week or lies outside Boost's 1400-9999.
std::optional<boost::gregorian::date> iso_week_monday(int year, int week);

// Finds and normalizes time expressions. Immutable once loaded: one instance serves any number
// of threads.
class TimexRecognizer {
 public:
  // Loads the rule and lexicon files from `assets_dir` (the folder holding timex/en/). Throws
  // std::runtime_error naming the file and line of a malformed entry.
  static TimexRecognizer load(const std::filesystem::path& assets_dir);

  TimexRecognizer(TimexRecognizer&&) noexcept;
  TimexRecognizer& operator=(TimexRecognizer&&) noexcept;
  ~TimexRecognizer();

  // Expressions in text order, non-overlapping. Relative expressions are anchored to `dct`; with
  // no DCT they keep an unanchored value (XXXX-09-13, XXXX-WXX-4, PAST_REF, ...).
  std::vector<TimeExpression> find(std::string_view text, const DocumentCreationTime& dct) const;

 private:
  struct Impl;
  explicit TimexRecognizer(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

// The assets folder: $TEMPOGRAPH_ASSETS, else the installed share folder next to the executable,
// else the one of the install prefix the library was built for, else the source tree's assets/
// (for builds run in place).
std::filesystem::path default_assets_dir();

}  // namespace tempograph
