// Every extraction rule, as data: tests/data/timex/phrases.tsv holds (reference date, sentence,
// expected expression, type, value, mod, rule) rows, negatives included.
#include "support.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace {

using tempograph::DocumentCreationTime;
using tempograph::TimexRecognizer;

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, '\t')) out.push_back(field);
  return out;
}

const TimexRecognizer& recognizer() {
  static const TimexRecognizer r = TimexRecognizer::load(tempograph::test::assets_dir());
  return r;
}

DocumentCreationTime dct_of(const std::string& s) {
  DocumentCreationTime dct;
  if (s != "-") {
    dct.day = boost::gregorian::from_simple_string(s);
    dct.source = tempograph::DctSource::option;
  }
  return dct;
}

}  // namespace

TEST_CASE("every phrase in phrases.tsv is found and normalized", "[timex]") {
  std::ifstream in(tempograph::test::data_dir() / "timex" / "phrases.tsv");
  REQUIRE(in);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto f = split_tabs(line);
    REQUIRE(f.size() == 7);
    ++rows;
    const auto& [date, sentence, expected] = std::tie(f[0], f[1], f[2]);
    INFO("row: " << sentence);
    auto found = recognizer().find(sentence, dct_of(date));
    if (expected == "-") {
      for (const auto& e : found) INFO("unexpected: " << sentence.substr(e.begin, e.end - e.begin));
      CHECK(found.empty());
      continue;
    }
    const tempograph::TimeExpression* hit = nullptr;
    for (const auto& e : found)
      if (sentence.substr(e.begin, e.end - e.begin) == expected) hit = &e;
    std::string got;
    for (const auto& e : found)
      got += "[" + sentence.substr(e.begin, e.end - e.begin) + " " + e.value + " " + e.rule + "] ";
    INFO("found: " << got);
    REQUIRE(hit != nullptr);
    CHECK(std::string(tempograph::to_string(hit->type)) == f[3]);
    // "START..END": a range, its end checked too.
    if (const auto dots = f[4].find(".."); dots != std::string::npos) {
      CHECK(hit->value == f[4].substr(0, dots));
      CHECK(hit->range_end == f[4].substr(dots + 2));
    } else {
      CHECK(hit->value == f[4]);
    }
    CHECK(hit->mod == (f[5] == "-" ? "" : f[5]));
    CHECK(hit->rule == f[6]);
  }
  CHECK(rows > 100);
}

TEST_CASE("every rule has a phrase that exercises it", "[timex]") {
  std::set<std::string> tested;
  {
    std::ifstream in(tempograph::test::data_dir() / "timex" / "phrases.tsv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = split_tabs(line);
      if (f.size() == 7 && f[6] != "-") tested.insert(f[6]);
    }
  }
  for (const auto& file :
       std::filesystem::directory_iterator(tempograph::test::assets_dir() / "timex/en/rules")) {
    std::ifstream in(file.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto name = line.substr(0, line.find('\t'));
      INFO(file.path().filename().string() << ": rule " << name);
      CHECK(tested.count(name) == 1);
    }
  }
}

TEST_CASE("ranges keep both ends", "[timex]") {
  auto found = recognizer().find("the September 19-20 assault", dct_of("2024-02-15"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].value == "2023-09-19");
  CHECK(found[0].range_end == "2023-09-20");
  CHECK(found[0].granularity == tempograph::Granularity::day);
}

TEST_CASE("two dates joined as a range are one expression with both ends", "[timex]") {
  struct Case {
    const char *dct, *sentence, *text, *value, *range_end;
  };
  const Case cases[] = {
      {"2024-02-15", "Prices rose from 2015 to 2019.", "2015 to 2019", "2015", "2019"},
      {"2024-03-10", "They met between March 3 and March 5.", "March 3 and March 5", "2024-03-03",
       "2024-03-05"},
      {"2024-02-15", "It was shut from Monday until Wednesday.", "Monday until Wednesday",
       "2024-02-12", "2024-02-14"},
      {"2024-02-15", "They ruled from June 1941 \xe2\x80\x93 May 1945.",
       "June 1941 \xe2\x80\x93 May 1945", "1941-06", "1945-05"},
      // A range of clock times takes the day named after it, or the end's own day.
      {"2024-02-13", "Polls were open from 9 a.m. to 5 p.m. on Friday.", "9 a.m. to 5 p.m.",
       "2024-02-09T09:00", "2024-02-09T17:00"},
      {"2024-02-15", "Talks ran from 2 p.m. to 4 p.m. Tuesday.", "2 p.m. to 4 p.m. Tuesday",
       "2024-02-13T14:00", "2024-02-13T16:00"},
  };
  for (const auto& c : cases) {
    const std::string sentence = c.sentence;
    INFO(sentence);
    const auto found = recognizer().find(sentence, dct_of(c.dct));
    REQUIRE(!found.empty());  // the range first ("on Friday" may follow)
    CHECK(sentence.substr(found[0].begin, found[0].end - found[0].begin) == c.text);
    CHECK(found[0].value == c.value);
    CHECK(found[0].range_end == c.range_end);
    // The two ends' own words, as TimeML tags them apart.
    CHECK(found[0].begin < found[0].range_start_end);
    CHECK(found[0].range_start_end < found[0].range_end_begin);
    CHECK(found[0].range_end_begin < found[0].end);
  }
  // Not ranges: two years named together, an end with a mod of its own, an end before the start.
  for (const char* sentence :
       {"Output fell in 2015 and 2019.", "It grew from early 2015 to late 2019.",
        "The vote moved from 2019 to 2015."}) {
    INFO(sentence);
    const auto found = recognizer().find(sentence, dct_of("2024-02-15"));
    REQUIRE(found.size() == 2);
    CHECK(found[0].range_end.empty());
    CHECK(found[1].range_end.empty());
  }
}

namespace {

// The message of loading the real lexicons with `rules` as the one rule file, bad.tsv.
std::string load_error(const std::string& rules) {
  tempograph::test::TempDir dir;
  auto assets = dir.path() / "assets";
  std::filesystem::create_directories(assets / "timex/en/rules");
  std::filesystem::copy(tempograph::test::assets_dir() / "timex/en/lexicon",
                        assets / "timex/en/lexicon");
  dir.write("assets/timex/en/rules/bad.tsv", rules);
  try {
    (void)TimexRecognizer::load(assets);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(loaded without an error)";
}

// A copy of the real rules and lexicons, to add files to.
struct AssetCopy {
  tempograph::test::TempDir dir;
  std::filesystem::path assets = dir.path() / "assets";

  AssetCopy() {
    std::filesystem::create_directories(assets / "timex/en");
    std::filesystem::copy(tempograph::test::assets_dir() / "timex/en/rules",
                          assets / "timex/en/rules");
    std::filesystem::copy(tempograph::test::assets_dir() / "timex/en/lexicon",
                          assets / "timex/en/lexicon");
  }

  // The message of loading them, or "(loaded without an error)".
  std::string load_message() const {
    try {
      (void)TimexRecognizer::load(assets);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "(loaded without an error)";
  }
};

}  // namespace

TEST_CASE("a holiday whose day is malformed is reported with its file and line", "[timex]") {
  AssetCopy copy;
  auto& dir = copy.dir;
  const auto load_message = [&] { return copy.load_message(); };
  // The forms the normalizer reads load; the file's own lines stay as they are.
  dir.write("assets/timex/en/lexicon/zz_days.tsv",
            "founders day\tHOLIDAY\t03-15\tcap\nharvest day\tHOLIDAY\t09-4-L\tcap\n"
            "vote day\tHOLIDAY\t11-1-1+1\tcap\nfeast day\tHOLIDAY\tE+39\tcap\n");
  CHECK(load_message() == "(loaded without an error)");
  for (const std::string bad : {"13-01", "03-32", "3-15", "11-8-1", "11-1-6", "11-1-1+", "E*2"}) {
    INFO(bad);
    dir.write("assets/timex/en/lexicon/zz_days.tsv",
              "founders day\tHOLIDAY\t03-15\tcap\nharvest day\tHOLIDAY\t" + bad + "\tcap\n");
    const std::string error = load_message();
    CHECK_THAT(error, Catch::Matchers::Contains("zz_days.tsv:2"));
    CHECK_THAT(error, Catch::Matchers::Contains("'" + bad + "'"));
  }
}

TEST_CASE(
    "a tense cue or word class the recognizer does not read is reported with its file and line",
    "[timex]") {
  AssetCopy copy;
  auto& dir = copy.dir;
  const auto& assets = copy.assets;
  const auto load_message = [&] { return copy.load_message(); };
  // A word added to a class is read as its class: "into" joining two years as a range.
  const std::string sentence = "Prices fell from 2001 into 2003.";
  CHECK(TimexRecognizer::load(assets).find(sentence, dct_of("2024-02-20")).size() == 2);
  dir.write("assets/timex/en/lexicon/zz_words.tsv",
            "into\tSYNTAX\tRANGE_WORD\nvowed\tTENSE\tPAST\n");
  CHECK(load_message() == "(loaded without an error)");
  const auto joined = TimexRecognizer::load(assets).find(sentence, dct_of("2024-02-20"));
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].value == "2001");
  CHECK(joined[0].range_end == "2003");
  dir.write("assets/timex/en/lexicon/zz_words.tsv",
            "into\tSYNTAX\tRANGE_WORD\nvowed\tTENSE\tPASTTENSE\n");
  CHECK_THAT(load_message(), Catch::Matchers::Contains("zz_words.tsv:2") &&
                                 Catch::Matchers::Contains("unknown TENSE value 'PASTTENSE'"));
  dir.write("assets/timex/en/lexicon/zz_words.tsv", "into\tSYNTAX\tRANGE\n");
  CHECK_THAT(load_message(), Catch::Matchers::Contains("zz_words.tsv:1") &&
                                 Catch::Matchers::Contains("unknown SYNTAX value 'RANGE'"));
  dir.write("assets/timex/en/lexicon/zz_words.tsv", "# a phrase\nin the\tSYNTAX\tNOT_OBJECT\n");
  CHECK_THAT(load_message(), Catch::Matchers::Contains("zz_words.tsv:2") &&
                                 Catch::Matchers::Contains("single words"));
}

TEST_CASE("a malformed rule file is reported with its file and line", "[timex]") {
  CHECK_THAT(load_error("# comment\nok\tDATE\ttoday\toffset unit=D n=0\nbroken\tDATE\n"),
             Catch::Matchers::Contains("bad.tsv:3"));
}

TEST_CASE("a rule naming a class no lexicon defines is reported with its file and line",
          "[timex]") {
  // "H" alone reads as a class name; the letter is written "h|H".
  const std::string error =
      load_error("ok\tDATE\tMONTH @YEAR\tdate\nhalf\tDATE\tH ~@INT @YEAR\tquarter unit=H\n");
  CHECK_THAT(error, Catch::Matchers::Contains("bad.tsv:2"));
  CHECK_THAT(error, Catch::Matchers::Contains("class 'H'"));
}

TEST_CASE("a class written as an alternative of a literal is reported with its file and line",
          "[timex]") {
  const std::string error = load_error(
      "ok\tDATE\tMONTH @YEAR\tdate\nfrom_day\tDATE\t@NUMBER UNIT from DAYREL|WEEKDAY\tshift "
      "sign=1 from=day\n");
  CHECK_THAT(error, Catch::Matchers::Contains("bad.tsv:2"));
  CHECK_THAT(error, Catch::Matchers::Contains("'DAYREL' in 'DAYREL|WEEKDAY' is a lexicon class"));
}

TEST_CASE("a rule name used twice is reported with the file and line of both", "[timex]") {
  const std::string error = load_error(
      "today\tDATE\ttoday\toffset unit=D n=0\ntoday\tDATE\ttonight\toffset unit=D n=0\n");
  CHECK_THAT(error, Catch::Matchers::Contains("bad.tsv:2"));
  CHECK_THAT(error, Catch::Matchers::Contains("already defined at"));
  CHECK_THAT(error, Catch::Matchers::Contains("bad.tsv:1"));
}

TEST_CASE("any word (*) only checks a neighbour, and a misplaced one is reported", "[timex]") {
  const std::string error = load_error("ok\tDATE\tMONTH @YEAR\tdate\nname\tDATE\t^* ^may\tnone\n");
  CHECK_THAT(error, Catch::Matchers::Contains("bad.tsv:2"));
  CHECK_THAT(error, Catch::Matchers::Contains("'*' (any word) only checks a neighbour"));
  // As the check before a match it takes any word, capitalized with ^, and no other token.
  const auto dct = dct_of("2024-02-15");
  CHECK(recognizer().find("Prime Minister Theresa May spoke.", dct).empty());
  CHECK(recognizer().find("Prices of RSS May 169.00 rose.", dct).size() == 1);
  CHECK(recognizer().find("He came, May was warm.", dct).size() == 1);
  CHECK(recognizer().find("Since May it rained.", dct).size() == 1);
}
