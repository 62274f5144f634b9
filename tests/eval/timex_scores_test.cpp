#include "tempograph/eval.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace tempograph;
using tempograph::test::TempDir;

namespace {

struct Span {
  std::string part;  // the annotated words; the first occurrence at or after `from`
  std::string type;
  std::string value;
  std::size_t from = 0;
};

// A TBAQ-shaped TimeML file: the spans are found in `text` and tagged inline. The DCT is a TIMEX3
// too, which the scorer must not count.
std::string timeml(const std::string& text, std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(), [&text](const Span& a, const Span& b) {
    return text.find(a.part, a.from) < text.find(b.part, b.from);
  });
  std::string out =
      "<?xml version=\"1.0\" ?>\n<TimeML>\n<DOCID>d</DOCID>\n"
      "<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2020-05-05\" temporalFunction=\"false\" "
      "functionInDocument=\"CREATION_TIME\">2020-05-05</TIMEX3></DCT>\n<TEXT>";
  std::size_t pos = 0;
  int tid = 1;
  for (const auto& s : spans) {
    const auto at = text.find(s.part, s.from);
    REQUIRE(at != std::string::npos);
    REQUIRE(at >= pos);
    out += text.substr(pos, at - pos);
    out += "<TIMEX3 tid=\"t" + std::to_string(tid++) + "\" type=\"" + s.type + "\" value=\"" +
           s.value + "\">" + s.part + "</TIMEX3>";
    pos = at + s.part.size();
  }
  out += text.substr(pos) + "</TEXT>\n</TimeML>\n";
  return out;
}

const std::string kText =
    "We met on Monday, May 4, 2020 and again next week. It rained for two days in June.";

}  // namespace

TEST_CASE("score_timexes: hand-computed strict, relaxed, type and value scores") {
  TempDir dir;
  // a: g1 "Monday, May 4, 2020", g2 "next week", g3 "two days", g4 "June" (missed)
  dir.write("gold/a.tml", timeml(kText, {{"Monday, May 4, 2020", "DATE", "2020-05-04"},
                                         {"next week", "DATE", "2020-W20"},
                                         {"two days", "DURATION", "P2D"},
                                         {"June", "DATE", "2020-06"}}));
  dir.write("system/a.tml",
            timeml(kText, {{"May 4, 2020", "DATE", "2020-05-04"},  // relaxed only; type+value ok
                           {"next week", "DATE", "2020-W19"},      // strict; value wrong
                           {"two days", "DATE", "P2D"},            // strict; type wrong
                           {"rained", "DATE", "XXXX"}}));          // spurious
  // b: one exact match.
  const std::string b = "He left yesterday.";
  dir.write("gold/sub/b.tml", timeml(b, {{"yesterday", "DATE", "2020-05-04"}}));
  dir.write("system/b.tml", timeml(b, {{"yesterday", "DATE", "2020-05-04"}}));
  // c: system only, ignored. d: gold only, its 2 timexes missed.
  dir.write("system/c.tml", timeml(b, {{"yesterday", "DATE", "2020-05-04"}}));
  dir.write("gold/d.tml",
            timeml(kText, {{"next week", "DATE", "2020-W20"}, {"June", "DATE", "2020-06"}}));
  // e: the system changed the text, so its gold timex counts as missed.
  dir.write("gold/e.tml", timeml(b, {{"yesterday", "DATE", "2020-05-04"}}));
  dir.write("system/e.tml", timeml("He left yesterday!", {{"yesterday", "DATE", "2020-05-04"}}));

  const auto s = score_timexes(dir.path() / "gold", dir.path() / "system");
  // gold = 4 (a) + 1 (b) + 2 (d) + 1 (e); system = 4 (a) + 1 (b); c and e's system not counted.
  CHECK(s.documents == 4);
  CHECK(s.gold == 8);
  CHECK(s.system == 5);
  CHECK(s.strict_matches == 3);   // next week, two days, yesterday
  CHECK(s.relaxed_matches == 4);  // + May 4, 2020
  CHECK(s.type_matches == 3);     // all but two days
  CHECK(s.value_matches == 3);    // all but next week
  // P = m/5, R = m/8, F1 = 2m/13.
  CHECK(s.strict.precision == Approx(3.0 / 5));
  CHECK(s.strict.recall == Approx(3.0 / 8));
  CHECK(s.strict.f1 == Approx(6.0 / 13));
  CHECK(s.relaxed.precision == Approx(4.0 / 5));
  CHECK(s.relaxed.recall == Approx(4.0 / 8));
  CHECK(s.relaxed.f1 == Approx(8.0 / 13));
  CHECK(s.type.precision == Approx(3.0 / 5));
  CHECK(s.type.recall == Approx(3.0 / 8));
  CHECK(s.type.f1 == Approx(6.0 / 13));
  CHECK(s.value.f1 == Approx(6.0 / 13));

  const auto mentions = [&s](const std::string& what) {
    return std::count_if(s.problems.begin(), s.problems.end(), [&what](const std::string& p) {
      return p.find(what) != std::string::npos;
    });
  };
  CHECK(s.problems.size() == 3);
  CHECK(mentions("c.tml") == 1);
  CHECK(mentions("d.tml") == 1);
  CHECK(mentions("e.tml") == 1);
  CHECK(mentions("byte 17") == 1);  // where e's texts differ
}

TEST_CASE("score_timexes: relaxed matching uses each gold and each system expression once") {
  TempDir dir;
  const std::string text = "Signed on May 4, 2020 in Paris, on Monday May 11.";
  // One system expression covering two gold ones matches only the first; two system expressions
  // inside one gold match it once, the second is spurious.
  dir.write("gold/x.tml", timeml(text, {{"May 4", "DATE", "2020-05-04"},
                                        {"2020", "DATE", "2020"},
                                        {"Monday May 11", "DATE", "2020-05-11"}}));
  dir.write("system/x.tml", timeml(text, {{"May 4, 2020", "DATE", "2020-05-04"},
                                          {"Monday", "DATE", "2020-05-11"},
                                          {"May 11", "DATE", "2020-05-11", 30}}));
  const auto s = score_timexes(dir.path() / "gold", dir.path() / "system");
  CHECK(s.problems.empty());
  CHECK(s.gold == 3);
  CHECK(s.system == 3);
  CHECK(s.strict_matches == 0);
  CHECK(s.relaxed_matches == 2);
  CHECK(s.value_matches == 2);
  CHECK(s.relaxed.precision == Approx(2.0 / 3));
  CHECK(s.relaxed.recall == Approx(2.0 / 3));
}

TEST_CASE("score_timexes: exact pairs are made before overlapping ones") {
  TempDir dir;
  const std::string text = "It ran from May 4 to May 9.";
  // The system's "from May 4 to May 9" comes first in text order and overlaps gold "May 4", but
  // that has an exact twin (the nested system "May 4"), so the long one pairs with "May 9".
  dir.write("gold/x.tml",
            timeml(text, {{"May 4", "DATE", "2020-05-04"}, {"May 9", "DATE", "2020-05-09"}}));
  std::string sys = timeml(text, {});
  const std::string tagged =
      "It ran <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"2020-05-04\">from <TIMEX3 tid=\"t2\" "
      "type=\"DATE\" value=\"2020-05-04\">May 4</TIMEX3> to May 9</TIMEX3>.";
  sys.replace(sys.find(text), text.size(), tagged);
  dir.write("system/x.tml", sys);
  const auto s = score_timexes(dir.path() / "gold", dir.path() / "system");
  INFO((s.problems.empty() ? std::string() : s.problems.front()));
  if (!s.problems.empty()) return;  // a reader that refuses nested TIMEX3 is fine too
  CHECK(s.strict_matches == 1);
  CHECK(s.relaxed_matches == 2);
}

TEST_CASE("score_timexes: a folder against itself scores 100%") {
  TempDir dir;
  dir.write("gold/a.tml", timeml(kText, {{"Monday, May 4, 2020", "DATE", "2020-05-04"},
                                         {"two days", "DURATION", "P2D"}}));
  const auto s = score_timexes(dir.path() / "gold", dir.path() / "gold");
  CHECK(s.problems.empty());
  CHECK(s.strict.f1 == 1.0);
  CHECK(s.relaxed.f1 == 1.0);
  CHECK(s.type.f1 == 1.0);
  CHECK(s.value.f1 == 1.0);
}

TEST_CASE("score_timexes: missing folders and malformed files are problems, not exceptions") {
  TempDir dir;
  dir.write("gold/a.tml", "<TimeML><TEXT>unclosed <TIMEX3 tid=\"t1\">May</TEXT>");
  dir.write("system/a.tml", timeml("May", {}));
  const auto s = score_timexes(dir.path() / "gold", dir.path() / "system");
  CHECK(s.documents == 0);
  REQUIRE(s.problems.size() == 1);
  CHECK(s.problems[0].find("a.tml") != std::string::npos);

  const auto missing = score_timexes(dir.path() / "nope", dir.path() / "system");
  CHECK(missing.documents == 0);
  CHECK_FALSE(missing.problems.empty());
}
