// The detailed side of `tempograph eval`: every disagreement between gold and system time
// expressions, for error analysis. Defined in core/src/eval/timex_scores.cpp next to the scorer so
// that the scores and the listed errors come from the very same matching; declared here because
// the public header (tempograph/eval.hpp) only has the summary API.
#pragma once

#include "tempograph/eval.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tempograph {

// One row of the error listing. A relaxed match with a wrong extent and a wrong value gives two
// rows (kind "extent" and kind "value"), so rows can be counted per kind.
struct TimexDisagreement {
  std::string file;  // file name (the pairing key)
  std::string kind;  // missed | spurious | extent | type | value
  std::uint32_t gold_begin = 0, gold_end = 0;
  std::string gold_text, gold_type, gold_value;  // empty for spurious
  std::uint32_t system_begin = 0, system_end = 0;
  std::string system_text, system_type, system_value;  // empty for missed
  std::string context;  // ~60 characters around the expression(s), the span marked [like this]
  bool has_gold = false, has_system = false;
};

// score_timexes, also appending every disagreement (in file order, then text order).
TimexScores score_timexes(const std::filesystem::path& gold, const std::filesystem::path& system,
                          std::vector<TimexDisagreement>& disagreements);

}  // namespace tempograph
