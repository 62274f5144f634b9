#include "viz/model/source_text.hpp"
#include "viz/model/settings.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace tempograph;
using namespace tempograph::viz;

namespace {

float measure(std::string_view s) {
  return static_cast<float>(s.size()) * 10;
}

std::string piece(const std::string& text, const TextRun& run) {
  return text.substr(run.begin, run.end - run.begin);
}

}  // namespace

TEST_CASE("viz text: wraps at spaces within the width, keeps line breaks") {
  const std::string text = "The ceasefire was signed on November 9, 2020 in Moscow.\nSecond line";
  const auto layout = layout_text(text, {}, 200, measure);
  CHECK(layout.lines >= 4);
  for (const auto& run : layout.runs) CHECK(run.x + run.width <= 200 + 0.01f);
  CHECK(piece(text, layout.runs.back()) == "line");
  CHECK(line_of(layout, static_cast<std::uint32_t>(text.find("Second"))) == layout.lines - 1);
}

TEST_CASE("viz text: marks become their own runs, nested marks combine") {
  const std::string text = "Talks resumed on November 9, 2020 after the war.";
  const auto date = static_cast<std::uint32_t>(text.find("November"));
  const auto trigger = static_cast<std::uint32_t>(text.find("resumed"));
  std::vector<Mark> marks = {
      {0, static_cast<std::uint32_t>(text.size()), kMarkSentence, -1},
      {trigger, trigger + 7, kMarkMention, -1},
      {date, date + 16, kMarkTimex, 4},
  };
  const auto layout = layout_text(text, marks, 10000, measure);
  bool saw_mention = false, saw_date = false;
  for (const auto& run : layout.runs) {
    if (run.flags & kMarkMention) {
      CHECK(piece(text, run) == "resumed");
      CHECK((run.flags & kMarkSentence) != 0);
      saw_mention = true;
    }
    if (run.flags & kMarkTimex) {
      CHECK(piece(text, run) == "November 9, 2020");  // one run across its spaces
      CHECK(run.timex == 4);
      saw_date = true;
      const auto hit = run_at(layout, run.x + 1, run.line);
      REQUIRE(hit);
      CHECK(layout.runs[*hit].timex == 4);
    }
  }
  CHECK(saw_mention);
  CHECK(saw_date);
}

TEST_CASE("viz text: an article's marks from the timeline") {
  Timeline t;
  Document d;
  d.id = "a";
  d.text = "Russia said on Monday that talks would resume.";
  t.documents.push_back(d);
  DocumentTimex tx;
  tx.doc = "a";
  tx.text = "on Monday";
  tx.timex.begin = 12;
  tx.timex.end = 21;
  t.timexes.push_back(tx);
  Event e;
  MentionSource m;
  m.doc = "a";
  m.begin = 7;
  m.end = 11;
  m.sentence_begin = 0;
  m.sentence_end = static_cast<std::uint32_t>(d.text.size());
  e.mentions.push_back(m);
  m.begin = 27;
  m.end = 32;
  e.mentions.push_back(m);
  const auto marks = article_marks(t, "a", &e, 1);
  REQUIRE(marks.size() == 4);
  CHECK(marks[0].flags == kMarkTimex);
  CHECK(marks[1].flags == kMarkOther);
  CHECK(marks[2].flags == kMarkSentence);
  CHECK(marks[3].flags == kMarkMention);
  CHECK(marks[3].begin == 27);
  CHECK(timexes_of(t, "a") == std::pair<std::size_t, std::size_t>{0, 1});
  CHECK(timexes_of(t, "b") == std::pair<std::size_t, std::size_t>{0, 0});
}

TEST_CASE("viz settings: round trip, defaults for what is missing or wrong") {
  test::TempDir dir;
  const auto file = dir.path() / "sub" / "viewer.conf";
  CHECK(load_settings(file) == Settings{});
  Settings s;
  s.window_width = 1000;
  s.left_width = 280;
  s.lane_mode = LaneMode::article;
  s.last_source = "/a/b\nsecond \\ input";
  s.view_start = 18575.25;
  s.view_span = 3.5;
  REQUIRE(save_settings(file, s));
  CHECK(load_settings(file) == s);
  const auto bad = dir.write("bad.conf", "window_width=abc\nleft_width=5\nnonsense\n");
  const Settings b = load_settings(bad);
  CHECK(b.window_width == Settings{}.window_width);
  CHECK(b.left_width == 120);
}

TEST_CASE("viz text: a click on a time expression shows the calendar it names") {
  TimeExpression date;
  date.type = TimexType::date;
  date.value = "2020-11-09";
  REQUIRE(calendar_span(date));
  CHECK(calendar_span(date)->start == calendar_span(date)->end);
  TimeExpression later;
  later.type = TimexType::duration;
  later.value = "P2D";
  CHECK_FALSE(calendar_span(later));  // a length alone is no place on the calendar
  later.reaches = "2020-11-11";       // "two days later", after November 9
  REQUIRE(calendar_span(later));
  CHECK(calendar_span(later)->value == "2020-11-11");
}
