// Evaluation: TempEval-3 style scores of time expressions between two folders of TimeML.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tempograph {

struct PrecisionRecall {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct TimexScores {
  std::size_t documents = 0;
  std::size_t gold = 0;  // TIMEX3 in TEXT (the DCT is not scored)
  std::size_t system = 0;
  std::size_t strict_matches = 0;   // same begin and end
  std::size_t relaxed_matches = 0;  // overlapping
  std::size_t type_matches = 0;     // relaxed match with the same type
  std::size_t value_matches = 0;    // relaxed match with the same value
  PrecisionRecall strict, relaxed, type, value;
  std::vector<std::string> problems;  // files missing on one side, unreadable, malformed
};

// Scores SYSTEM against GOLD: files are paired by name. Attribute scores are relaxed matches
// with the right attribute over |system| (precision) and over |gold| (recall), micro-averaged.
TimexScores score_timexes(const std::filesystem::path& gold, const std::filesystem::path& system);

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

// TempEval-3 style scores of event triggers: EVENT tags of SYSTEM against GOLD, TimeML files
// paired by file name as for time expressions. TimeML events are finer than timeline events
// (every verb of occurrence, many nouns and adjectives), so this measures trigger finding.
struct EventTriggerScores {
  std::size_t documents = 0;
  std::size_t gold = 0;  // EVENT tags in TEXT
  std::size_t system = 0;
  std::size_t strict_matches = 0;   // same begin and end
  std::size_t relaxed_matches = 0;  // overlapping, each tag used once
  std::size_t class_matches = 0;    // relaxed match with the same TimeML class
  PrecisionRecall strict, relaxed, event_class;
  std::vector<std::string> problems;  // files missing on one side, unreadable, malformed
};

EventTriggerScores score_event_triggers(const std::filesystem::path& gold,
                                        const std::filesystem::path& system);

}  // namespace tempograph
