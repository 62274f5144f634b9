// The bundled corpus end to end through the library: every time expression of the five articles,
// valued from the manifest dates (tests/data/timex/karabakh_expected.tsv), and nothing else.
#include "support.hpp"
#include "tempograph/document.hpp"
#include "tempograph/timex.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

struct Expected {
  std::string doc, text, type, value, range_end, mod;
};

std::vector<Expected> read_expected() {
  std::ifstream in(tempograph::test::data_dir() / "timex" / "karabakh_expected.tsv");
  std::vector<Expected> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream ss(line);
    Expected e;
    std::getline(ss, e.doc, '\t');
    std::getline(ss, e.text, '\t');
    std::getline(ss, e.type, '\t');
    std::getline(ss, e.value, '\t');
    std::getline(ss, e.range_end, '\t');
    std::getline(ss, e.mod, '\t');
    out.push_back(e);
  }
  return out;
}

}  // namespace

TEST_CASE("every time expression of the bundled corpus is valued right", "[timex][examples]") {
  tempograph::LoadOptions options;
  auto loaded = tempograph::load_documents(
      {(tempograph::test::examples_dir() / "karabakh").string()}, options);
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.documents.size() == 5);
  auto recognizer = tempograph::TimexRecognizer::load(tempograph::test::assets_dir());

  std::vector<Expected> found;
  for (const auto& doc : loaded.documents) {
    REQUIRE(doc.dct.source == tempograph::DctSource::manifest);
    for (const auto& t : recognizer.find(doc.text, doc.dct)) {
      found.push_back({doc.id, doc.text.substr(t.begin, t.end - t.begin),
                       std::string(tempograph::to_string(t.type)), t.value,
                       t.range_end.empty() ? "-" : t.range_end, t.mod.empty() ? "-" : t.mod});
    }
  }
  const auto expected = read_expected();
  REQUIRE(expected.size() > 30);
  REQUIRE(found.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& want = expected[i];
    const auto& got = found[i];
    INFO(want.doc << ": '" << want.text << "'");
    CHECK(got.doc == want.doc);
    CHECK(got.text == want.text);
    CHECK(got.type == want.type);
    if (want.value != "?") {
      CHECK(got.value == want.value);
      CHECK(got.range_end == want.range_end);
      CHECK(got.mod == want.mod);
    }
  }
}

TEST_CASE("the key dates of the bundled corpus", "[timex][examples]") {
  auto recognizer = tempograph::TimexRecognizer::load(tempograph::test::assets_dir());
  auto dct = [](const char* iso) {
    return *tempograph::parse_dct(iso, tempograph::DctSource::manifest);
  };
  // "Earlier this week" in an article of Thursday 2024-02-15: that ISO week.
  auto week = recognizer.find("Earlier this week, Galuzin called for it.", dct("2024-02-15"));
  REQUIRE(week.size() == 1);
  CHECK(week[0].value == "2024-W07");
  // "on Thursday" in an article dated Thursday is that same day.
  auto same = recognizer.find("The ombudsman dismissed on Thursday the offers.", dct("2024-02-15"));
  REQUIRE(same.size() == 1);
  CHECK(same[0].value == "2024-02-15");
  // Numbers that are counts are not times.
  CHECK(
      recognizer
          .find("the more than 100,000 Karabakh refugees and 2,000 peacekeepers", dct("2024-02-15"))
          .empty());
}
