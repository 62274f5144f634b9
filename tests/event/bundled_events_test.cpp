// The bundled corpus (examples/karabakh): the mentions the cross-article merge needs come out with
// the right trigger, category, time, participants and a readable title.
#include "support.hpp"
#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>

using namespace tempograph;

namespace {

struct Corpus {
  std::vector<Document> documents;
  std::map<std::string, std::vector<EventMention>> mentions;  // by document id
};

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus out;
    auto loaded = load_documents({(test::examples_dir() / "karabakh").string()}, LoadOptions{});
    const auto timex = TimexRecognizer::load(test::assets_dir());
    const auto events = EventExtractor::load(test::assets_dir());
    for (auto& d : loaded.documents) {
      out.mentions[d.id] = events.find(d, timex.find(d.text, d.dct));
      out.documents.push_back(std::move(d));
    }
    return out;
  }();
  return c;
}

std::size_t words(const std::string& s) {
  std::istringstream in(s);
  std::size_t n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}

// The mention of `doc` with this lemma and time, or nullptr.
const EventMention* find(const char* doc_prefix, const std::string& lemma,
                         const std::string& time) {
  for (const auto& [id, ms] : corpus().mentions) {
    if (id.rfind(doc_prefix, 0) != 0) continue;
    for (const auto& m : ms)
      if (m.trigger_lemma == lemma && m.time_value == time) return &m;
  }
  return nullptr;
}

bool has(const EventMention& m, std::initializer_list<const char*> names) {
  return std::all_of(names.begin(), names.end(), [&](const char* n) {
    return std::any_of(m.participants.begin(), m.participants.end(),
                       [n](const Participant& p) { return p.name == n; });
  });
}

bool contains(const std::string& s, const char* part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("bundled corpus: every mention is well formed", "[event][examples]") {
  REQUIRE(corpus().documents.size() == 5);
  for (const auto& d : corpus().documents) {
    const auto& ms = corpus().mentions.at(d.id);
    CHECK(ms.size() >= 5);
    for (const auto& m : ms) {
      INFO(d.id << ": " << m.title);
      CHECK(m.begin < m.end);
      CHECK(m.end <= d.text.size());
      CHECK(m.sentence_begin <= m.begin);
      CHECK(m.end <= m.sentence_end);
      CHECK(m.category != EventCategory::other);
      CHECK_FALSE(m.title.empty());
      CHECK(words(m.title) <= 12);
      CHECK_FALSE(contains(m.title, "\xE2\x80\x9C"));  // no quote marks
      CHECK_FALSE(contains(m.title, "\""));
      const bool unanchored = m.anchor == AnchorSource::none;
      CHECK(unanchored == m.time_value.empty());
      const bool from_dct = m.anchor == AnchorSource::dct;
      CHECK(from_dct == (m.timex < 0 && !m.time_value.empty()));
    }
  }
}

TEST_CASE("bundled corpus: the 9 November 2020 ceasefire statement, in three articles",
          "[event][examples]") {
  const auto* asbarez = find("002", "agreement", "2020-11-09");
  REQUIRE(asbarez);
  CHECK(asbarez->category == EventCategory::agreement);
  CHECK(has(*asbarez, {"Russia", "Armenia", "Azerbaijan"}));
  CHECK(asbarez->title == "Agreement signed by the leaders of Russia, Armenia and Azerbaijan");

  const auto* panarmenian = find("003", "sign", "2020-11-09");
  REQUIRE(panarmenian);
  CHECK(panarmenian->category == EventCategory::agreement);
  CHECK(
      has(*panarmenian, {"Nikol Pashinyan", "Vladimir Putin", "Ilham Aliyev", "Nagorno-Karabakh"}));
  CHECK(panarmenian->title == "Pashinyan, Putin and Aliyev signed a statement to end the war");

  const auto* armenpress = find("004", "agreement", "2020-11-09");
  REQUIRE(armenpress);
  CHECK(armenpress->category == EventCategory::agreement);
  CHECK(contains(armenpress->title, "agreement"));
}

TEST_CASE("bundled corpus: the 19-20 September 2023 offensive, in two articles",
          "[event][examples]") {
  const auto* assault = find("000", "assault", "2023-09-19");
  REQUIRE(assault);
  CHECK(assault->time_range_end == "2023-09-20");
  CHECK(assault->category == EventCategory::military_action);
  CHECK(has(*assault, {"Azerbaijan", "Nagorno-Karabakh"}));
  CHECK(contains(assault->title, "Assault that restored Baku"));

  const auto* offensive = find("000", "offensive", "2023-09");
  REQUIRE(offensive);
  CHECK(offensive->title == "Azerbaijani military offensive");
  CHECK(has(*offensive, {"Azerbaijan"}));

  const auto* escalation = find("001", "escalation", "2023-09-19");
  REQUIRE(escalation);
  CHECK(escalation->category == EventCategory::military_action);
  CHECK(escalation->title == "Sharp escalation of the armed confrontation in Nagorno-Karabakh");
  CHECK(has(*escalation, {"Nagorno-Karabakh"}));

  const auto* ceasefire = find("001", "agreement", "2023-09-20");
  REQUIRE(ceasefire);
  CHECK(ceasefire->title == "Agreement reached on the complete cessation of hostilities");
}

TEST_CASE("bundled corpus: the 13 September 2022 attack on Armenia", "[event][examples]") {
  const auto* attack = find("002", "attack", "2022-09-13");
  REQUIRE(attack);
  CHECK(attack->category == EventCategory::military_action);
  CHECK(attack->anchor == AnchorSource::timex);
  CHECK(has(*attack, {"Azerbaijan", "Armenia"}));
  CHECK(attack->title == "Azerbaijan's forces launched a large-scale attack on Armenia");
}

TEST_CASE("bundled corpus: the 24 March 2022 Parukh incursion", "[event][examples]") {
  const auto* incursion = find("004", "incursion", "2022-03-24");
  REQUIRE(incursion);
  CHECK(incursion->category == EventCategory::military_action);
  CHECK(has(*incursion, {"Azerbaijan", "Parukh", "Nagorno-Karabakh"}));
  CHECK(incursion->title ==
        "Incursion by Azerbaijani forces into the Parukh village in Artsakh\xE2\x80\x99s Askeran "
        "district");
}

TEST_CASE("bundled corpus: the 15 February 2024 statements", "[event][examples]") {
  const auto* dismissed = find("000", "dismiss", "2024-02-15");
  REQUIRE(dismissed);
  CHECK(dismissed->category == EventCategory::rejection);
  CHECK(dismissed->anchor == AnchorSource::timex);
  CHECK(has(*dismissed, {"Russia", "Nagorno-Karabakh"}));
  CHECK(contains(dismissed->title, "ombudsman dismissed Russia"));

  const auto* zakharova = find("000", "say", "2024-02-14");
  REQUIRE(zakharova);
  CHECK(zakharova->category == EventCategory::statement);
  CHECK(has(*zakharova, {"Maria Zakharova", "Russian Foreign Ministry"}));
  CHECK(contains(zakharova->title, "Maria Zakharova said Moscow is discussing with Baku"));

  const auto* galuzin = find("000", "call for", "2024-W07");
  REQUIRE(galuzin);
  CHECK(galuzin->category == EventCategory::appeal);
  CHECK(has(*galuzin, {"Mikhail Galuzin"}));
  CHECK(galuzin->title == "Mikhail Galuzin called for creating conditions for their repatriation");
}

TEST_CASE("bundled corpus: the Kremlin's denial of 25 November 2020", "[event][examples]") {
  // The headline ("Russia denies claims ...") and the lead ("The Kremlin has denied ...").
  const auto& ms = corpus().mentions.at("003_7bc3872968d31207");
  const auto denials = std::count_if(ms.begin(), ms.end(), [](const EventMention& m) {
    return m.trigger_lemma == "deny" && m.category == EventCategory::rejection &&
           m.time_value == "2020-11-25";
  });
  CHECK(denials == 2);
  const auto kremlin = std::find_if(ms.begin(), ms.end(), [](const EventMention& m) {
    return m.trigger_lemma == "deny" && has(m, {"Kremlin"});
  });
  REQUIRE(kremlin != ms.end());
  CHECK(contains(kremlin->title, "Kremlin denied the alleged expansion"));
  const auto* peskov = find("003", "say", "2020-11-25");
  REQUIRE(peskov);
  CHECK(peskov->anchor == AnchorSource::timex);
  CHECK(has(*peskov, {"Dmitry Peskov"}));
  CHECK(contains(peskov->title, "Dmitry Peskov said it is important to separate"));
}
