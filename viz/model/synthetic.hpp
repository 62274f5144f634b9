// Hand-made timelines for tests, the frame benchmark and --synthetic: `events` events over
// `documents` articles, spread over `years` years from 2000 with a realistic mix of days, ranges
// and month/year-only times, categories and saliences. Deterministic for a seed.
#pragma once

#include "tempograph/timeline.hpp"

#include <cstddef>
#include <cstdint>

namespace tempograph::viz {

struct SyntheticOptions {
  std::size_t events = 1000;
  std::size_t documents = 50;
  int years = 20;
  std::uint64_t seed = 1;
  bool with_text = true;  // article texts holding the mentions (small; off for huge benches)
};

Timeline make_synthetic_timeline(const SyntheticOptions& options);

}  // namespace tempograph::viz
