// The bundled corpus (examples/karabakh) as a timeline: the story's key events each come out as
// one event with all the articles that report them.
#include "support.hpp"
#include "tempograph/timeline.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace tempograph;

namespace {

const Timeline& karabakh() {
  static const Timeline t = [] {
    auto loaded = load_documents({(test::examples_dir() / "karabakh").string()}, LoadOptions{});
    const auto timexes = TimexRecognizer::load(test::assets_dir());
    const auto events = EventExtractor::load(test::assets_dir());
    std::vector<DocumentPart> parts;
    for (auto& d : loaded.documents)
      parts.push_back(analyze_document(std::move(d), timexes, events));
    return assemble_timeline(std::move(parts));
  }();
  return t;
}

std::set<std::string> source_prefixes(const Event& e) {
  std::set<std::string> out;
  for (const auto& m : e.mentions) out.insert(m.doc.substr(0, 3));
  return out;
}

// The events whose time is exactly `value` and that have a mention from each of `docs` (by id
// prefix) with this category.
std::vector<const Event*> events_at(const std::string& value, EventCategory category) {
  std::vector<const Event*> out;
  for (const auto& e : karabakh().events)
    if (e.time.value == value && e.category == category) out.push_back(&e);
  return out;
}

}  // namespace

TEST_CASE(
    "karabakh timeline: the 9 November 2020 ceasefire statement is one event from three "
    "articles",
    "[merge][examples]") {
  const auto found = events_at("2020-11-09", EventCategory::agreement);
  REQUIRE(found.size() == 1);
  const Event& e = *found.front();
  CHECK(source_prefixes(e) == std::set<std::string>{"002", "003", "004"});
  CHECK(e.source_count() == 3);
  CHECK(e.time.granularity == Granularity::day);
  CHECK(e.disputed.empty());
  for (const char* who : {"Russia", "Armenia", "Azerbaijan"})
    CHECK(std::count(e.participants.begin(), e.participants.end(), who) == 1);
  // No other event on that day claims any of its mentions.
  for (const auto& other : karabakh().events)
    if (&other != &e) CHECK(other.time.value != "2020-11-09");
}

TEST_CASE("karabakh timeline: the September 2023 offensive (19-20 September) from both articles",
          "[merge][examples]") {
  const auto found = events_at("2023-09-19/2023-09-20", EventCategory::military_action);
  REQUIRE(found.size() == 1);
  const Event& e = *found.front();
  CHECK(source_prefixes(e) == std::set<std::string>{"000", "001"});
  CHECK(e.time.start == boost::gregorian::date(2023, 9, 19));
  CHECK(e.time.end == boost::gregorian::date(2023, 9, 20));
  // "the Azerbaijani military offensive" (September 2023) is the same event, not another one.
  const bool offensive =
      std::any_of(e.mentions.begin(), e.mentions.end(),
                  [](const MentionSource& m) { return m.trigger == "offensive"; });
  CHECK(offensive);
  for (const auto& other : karabakh().events)
    if (&other != &e)
      CHECK_FALSE(
          (other.category == EventCategory::military_action && other.time.start.year() == 2023));
  // The ceasefire of 20 September stays its own event: same days, another happening.
  CHECK(events_at("2023-09-20", EventCategory::agreement).size() == 1);
}

TEST_CASE("karabakh timeline: the 13 September 2022 attack on Armenia", "[merge][examples]") {
  const auto found = events_at("2022-09-13", EventCategory::military_action);
  REQUIRE(found.size() == 1);
  CHECK(found.front()->title == "Azerbaijan's forces launched a large-scale attack on Armenia");
  CHECK(source_prefixes(*found.front()) == std::set<std::string>{"002"});
}

TEST_CASE("karabakh timeline: the 24 March 2022 Parukh incursion", "[merge][examples]") {
  const auto found = events_at("2022-03-24", EventCategory::military_action);
  REQUIRE(found.size() == 1);
  const Event& e = *found.front();
  CHECK(std::count(e.participants.begin(), e.participants.end(), "Parukh") == 1);
  CHECK(e.title.find("Parukh") != std::string::npos);
}

TEST_CASE("karabakh timeline: the 15 February 2024 statements", "[merge][examples]") {
  // Gegham Stepanyan's statements of that day are one event, apart from other speakers'.
  const Event* stepanyan = nullptr;
  std::size_t statements = 0;
  for (const auto& e : karabakh().events) {
    if (e.time.value != "2024-02-15") continue;
    ++statements;
    if (e.title.find("Stepanyan") != std::string::npos && e.mentions.size() >= 3) stepanyan = &e;
  }
  REQUIRE(stepanyan);
  CHECK(source_prefixes(*stepanyan) == std::set<std::string>{"000"});
  CHECK(statements >= 3);  // distinct events that merely share the date stay apart
}

TEST_CASE("karabakh timeline: salience puts the ceasefire and the offensive on top",
          "[merge][examples]") {
  std::vector<const Event*> ranked;
  for (const auto& e : karabakh().events) ranked.push_back(&e);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Event* a, const Event* b) { return a->salience > b->salience; });
  REQUIRE(ranked.size() >= 2);
  CHECK(ranked[0]->time.value == "2020-11-09");
  CHECK(ranked[1]->time.value == "2023-09-19/2023-09-20");
}

TEST_CASE("karabakh timeline: every event is traceable to its sentences", "[merge][examples]") {
  const Timeline& t = karabakh();
  REQUIRE(t.documents.size() == 5);
  CHECK(t.stats.mentions > t.events.size());
  for (const auto& e : t.events) {
    INFO(e.id << " " << e.title);
    CHECK_FALSE(e.title.empty());
    CHECK(e.time.start <= e.time.end);
    for (const auto& m : e.mentions) {
      const Document* d = t.document(m.doc);
      REQUIRE(d);
      CHECK(m.sentence_begin <= m.begin);
      CHECK(m.end <= m.sentence_end);
      CHECK(m.sentence_end <= d->text.size());
    }
  }
}
