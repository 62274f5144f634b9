// Event extraction on small texts: triggers, categories, anchoring rules and titles, and asset
// errors that name the file and line.
#include "support.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using namespace tempograph;

namespace {

const EventExtractor& extractor() {
  static const EventExtractor e = EventExtractor::load(test::assets_dir());
  return e;
}
const TimexRecognizer& recognizer() {
  static const TimexRecognizer r = TimexRecognizer::load(test::assets_dir());
  return r;
}

std::vector<EventMention> mentions(const std::string& text, const char* dct) {
  Document d;
  d.id = "t";
  d.text = text;
  d.dct = *parse_dct(dct, DctSource::option);
  return extractor().find(d, recognizer().find(d.text, d.dct));
}

const EventMention* with_lemma(const std::vector<EventMention>& ms, const std::string& lemma) {
  const auto it = std::find_if(ms.begin(), ms.end(),
                               [&](const EventMention& m) { return m.trigger_lemma == lemma; });
  return it == ms.end() ? nullptr : &*it;
}

bool has_participant(const EventMention& m, const std::string& name) {
  return std::any_of(m.participants.begin(), m.participants.end(),
                     [&](const Participant& p) { return p.name == name; });
}

}  // namespace

TEST_CASE("find_triggers: verbs, event nouns and categories", "[event]") {
  const std::string text = "Russia called on Azerbaijan to withdraw its troops after the attack.";
  const auto triggers = extractor().find_triggers(text);
  const auto at = [&](const std::string& word) -> const EventTrigger* {
    for (const auto& t : triggers)
      if (text.substr(t.begin, t.end - t.begin) == word) return &t;
    return nullptr;
  };
  REQUIRE(at("called"));
  CHECK(at("called")->category == EventCategory::appeal);
  CHECK(at("called")->pos == PartOfSpeech::verb);
  REQUIRE(at("withdraw"));
  CHECK(at("withdraw")->category == EventCategory::de_escalation);
  REQUIRE(at("attack"));
  CHECK(at("attack")->category == EventCategory::military_action);
  CHECK(at("attack")->pos == PartOfSpeech::noun);
  CHECK_FALSE(at("Russia"));
  CHECK_FALSE(at("troops"));
  CHECK(std::is_sorted(triggers.begin(), triggers.end(),
                       [](const auto& a, const auto& b) { return a.end <= b.begin; }));
}

TEST_CASE("find_triggers: generic occurrences are category other", "[event]") {
  const std::string text = "Prices plunged and the market crashed.";
  const auto triggers = extractor().find_triggers(text);
  REQUIRE(triggers.size() >= 2);
  for (const auto& t : triggers) CHECK(t.category == EventCategory::other);
}

TEST_CASE("anchoring: a date in the clause, else the DCT for what is said", "[event]") {
  const auto ms = mentions(
      "The spokeswoman, Maria Zakharova, said on Wednesday that Moscow is discussing the return "
      "of refugees. Peskov denied the claims.",
      "2024-02-15");
  const auto* said = with_lemma(ms, "say");
  REQUIRE(said);
  CHECK(said->anchor == AnchorSource::timex);
  CHECK(said->time_value == "2024-02-14");
  CHECK(said->category == EventCategory::statement);
  CHECK(has_participant(*said, "Maria Zakharova"));
  const auto* discussing = with_lemma(ms, "discuss");
  REQUIRE(discussing);
  CHECK(discussing->anchor == AnchorSource::dct);
  CHECK(discussing->time_value == "2024-02-15");
  const auto* denied = with_lemma(ms, "deny");
  REQUIRE(denied);
  CHECK(denied->category == EventCategory::rejection);
  CHECK(denied->anchor == AnchorSource::dct);
  CHECK(denied->title == "Peskov denied the claims");
}

TEST_CASE("anchoring: a duration counted on from a date dates what happened then", "[event]") {
  const auto ms = mentions(
      "On Nov. 11, five ministers resigned from the cabinet. Two days later, the minister of "
      "environment resigned too.",
      "2006-11-27");
  std::vector<const EventMention*> resigned;
  for (const auto& m : ms)
    if (m.trigger_lemma == "resign") resigned.push_back(&m);
  REQUIRE(resigned.size() == 2);
  CHECK(resigned[0]->time_value == "2006-11-11");
  CHECK(resigned[1]->anchor == AnchorSource::timex);
  CHECK(resigned[1]->time_value == "2006-11-13");  // not the DCT
}

TEST_CASE("anchoring: a date inside the noun phrase, then the same happening again", "[event]") {
  const auto ms = mentions(
      "Lavrov discussed the March 24 incursion by Azerbaijani forces into Parukh.\n\n"
      "Mirzoyan spoke of the incursion.",
      "2022-04-08");
  std::vector<const EventMention*> incursions;
  for (const auto& m : ms)
    if (m.trigger_lemma == "incursion") incursions.push_back(&m);
  REQUIRE(incursions.size() >= 1);
  CHECK(incursions[0]->time_value == "2022-03-24");
  CHECK(incursions[0]->category == EventCategory::military_action);
  CHECK(incursions[0]->title == "Incursion by Azerbaijani forces into Parukh");
  CHECK(has_participant(*incursions[0], "Azerbaijan"));
  CHECK(has_participant(*incursions[0], "Parukh"));
}

TEST_CASE("light verbs take their event from the noun, and pronouns become names", "[event]") {
  const auto ms = mentions(
      "Kopyrkin visited areas hit hard by Azerbaijan when its forces launched a large-scale "
      "attack on Armenia on September 13.",
      "2022-09-29");
  const auto* attack = with_lemma(ms, "attack");
  REQUIRE(attack);
  CHECK(attack->category == EventCategory::military_action);
  CHECK(attack->time_value == "2022-09-13");
  CHECK(attack->title.find("launched a large-scale attack on Armenia") != std::string::npos);
  CHECK(attack->title.find("September") == std::string::npos);
  CHECK(has_participant(*attack, "Armenia"));
  CHECK(has_participant(*attack, "Azerbaijan"));
  CHECK_FALSE(with_lemma(ms, "launch"));
}

TEST_CASE("EventExtractor::load: a malformed asset names its file and line", "[event]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "events");
  for (const char* name : {"words.tsv", "occurrences.tsv", "triggers.tsv", "participants.tsv"})
    std::filesystem::copy_file(test::assets_dir() / "events" / name, dir.path() / "events" / name);
  {
    std::ofstream out(dir.path() / "events" / "triggers.tsv", std::ios::app);
    out << "explode\tfireworks\tverb\n";
  }
  try {
    (void)EventExtractor::load(dir.path());
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find("triggers.tsv:") != std::string::npos);
    CHECK(what.find("unknown category 'fireworks'") != std::string::npos);
  }
  CHECK_THROWS_AS(EventExtractor::load(dir.path() / "nowhere"), std::runtime_error);
}

TEST_CASE("find: empty, punctuation-only and undated documents", "[event]") {
  Document d;
  CHECK(extractor().find(d, {}).empty());
  CHECK(extractor().find_triggers("").empty());
  d.text = "...;;; \"\" -- ?! \xE2\x80\x9C\xE2\x80\x9D that";
  CHECK(extractor().find(d, {}).empty());
  // No DCT: what is said has no time rather than a wrong one.
  d.text = "The Kremlin denied the claims. Lavrov said that talks would go on.";
  const auto ms = extractor().find(d, recognizer().find(d.text, d.dct));
  REQUIRE_FALSE(ms.empty());
  for (const auto& m : ms) {
    CHECK(m.time_value.empty());
    CHECK(m.anchor == AnchorSource::none);
  }
}
