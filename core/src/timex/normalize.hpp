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
  std::string sentence_date;           // value of the last day-level date in the same sentence
  std::string previous_sentence_date;  // the day the sentence before was about (not "Friday's")
  std::string reference;               // the period just talked about, for "a year earlier"
  std::string last_explicit;           // the last date the text spelled out, for "that year"
};

struct Normalized {
  bool ok = false;
  TimexType type = TimexType::date;
  std::string value;
  std::string mod;
  std::string range_end;
};

Normalized normalize(const RuleMatch& match, const NormalizeContext& context);

// Does the normalizer exist? (checked when rules are loaded, so typos fail early)
bool normalizer_exists(std::string_view name);

// The granularity a TimeML value is written at.
Granularity granularity_of(std::string_view value, TimexType type);

}  // namespace tempograph::timex
