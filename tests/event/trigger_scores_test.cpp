// Event trigger scoring on hand-made TimeML (tests/data/events/scores): counts worked out by hand.
#include "support.hpp"
#include "tempograph/eval.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using Catch::Detail::Approx;

TEST_CASE("score_event_triggers: strict, relaxed and class scores by hand", "[event][eval]") {
  const auto dir = tempograph::test::data_dir() / "events" / "scores";
  const auto scores = tempograph::score_event_triggers(dir / "gold", dir / "system");
  // a.tml: gold attacked, said, talks, resume; system attacked (same span and class), town
  // (spurious), "officials said" (overlaps said, same class), talks (same span, other class).
  CHECK(scores.documents == 1);
  CHECK(scores.gold == 4);
  CHECK(scores.system == 4);
  CHECK(scores.strict_matches == 2);
  CHECK(scores.relaxed_matches == 3);
  CHECK(scores.class_matches == 2);
  CHECK(scores.strict.precision == Approx(0.5));
  CHECK(scores.strict.recall == Approx(0.5));
  CHECK(scores.strict.f1 == Approx(0.5));
  CHECK(scores.relaxed.precision == Approx(0.75));
  CHECK(scores.relaxed.recall == Approx(0.75));
  CHECK(scores.relaxed.f1 == Approx(0.75));
  CHECK(scores.event_class.f1 == Approx(0.5));
  // b.tml has no system file, c.tml no gold file: both named, neither counted.
  REQUIRE(scores.problems.size() == 2);
  const auto names = [&](const char* file) {
    return std::any_of(scores.problems.begin(), scores.problems.end(),
                       [file](const std::string& p) { return p.find(file) != std::string::npos; });
  };
  CHECK(names("b.tml"));
  CHECK(names("c.tml"));
}

TEST_CASE("score_event_triggers: a file scored against itself is perfect", "[event][eval]") {
  const auto gold = tempograph::test::data_dir() / "events" / "scores" / "gold" / "a.tml";
  const auto scores = tempograph::score_event_triggers(gold, gold);
  CHECK(scores.problems.empty());
  CHECK(scores.strict.f1 == Approx(1.0));
  CHECK(scores.event_class.f1 == Approx(1.0));
}

TEST_CASE("score_event_triggers: missing folders are problems, not crashes", "[event][eval]") {
  tempograph::test::TempDir dir;
  const auto scores = tempograph::score_event_triggers(dir.path() / "nope", dir.path() / "none");
  CHECK(scores.documents == 0);
  CHECK(scores.problems.size() == 2);
  CHECK(scores.strict.f1 == 0);
}
