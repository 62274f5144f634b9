// Merging mentions into events, on mentions written by hand: what joins, what stays apart, and
// how disagreements on a date are kept.
#include "tempograph/merge.hpp"
#include "tempograph/graph.hpp"

#include "../support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace tempograph;
using boost::gregorian::date;

namespace {

Participant country(const char* name) {
  return {name, ParticipantKind::country, name};
}
Participant person(const char* name) {
  return {name, ParticipantKind::person, ""};
}

EventMention mention(std::uint32_t begin, const char* lemma, EventCategory category,
                     const char* time, std::vector<Participant> who, const char* title,
                     AnchorSource anchor = AnchorSource::timex) {
  EventMention m;
  m.begin = begin;
  m.end = begin + 5;
  m.sentence_begin = begin;
  m.sentence_end = begin + 40;
  m.trigger_lemma = lemma;
  m.category = category;
  m.time_value = time;
  m.participants = std::move(who);
  m.title = title;
  m.anchor = anchor;
  return m;
}

DocumentMentions doc(const char* id, const char* dct, std::vector<EventMention> mentions) {
  return {id, *parse_dct(dct, DctSource::manifest), std::move(mentions)};
}

}  // namespace

TEST_CASE("span_of: the days a TimeML value covers", "[merge]") {
  const auto day = span_of("2023-09-19");
  REQUIRE(day);
  CHECK(day->start == date(2023, 9, 19));
  CHECK(day->end == date(2023, 9, 19));
  CHECK(day->granularity == Granularity::day);

  const auto month = span_of("2024-02");
  REQUIRE(month);
  CHECK(month->end == date(2024, 2, 29));  // a leap year
  CHECK(month->granularity == Granularity::month);

  CHECK(span_of("2023-Q3")->start == date(2023, 7, 1));
  CHECK(span_of("2023-Q3")->end == date(2023, 9, 30));
  CHECK(span_of("2024-W07")->start == date(2024, 2, 12));  // ISO week 7 of 2024 starts Monday 12th
  CHECK(span_of("2024-W07")->end == date(2024, 2, 18));
  CHECK(span_of("2020-W53")->end == date(2021, 1, 3));
  CHECK(span_of("2023-WI")->end == date(2024, 2, 29));
  CHECK(span_of("199")->start == date(1990, 1, 1));
  CHECK(span_of("199")->end == date(1999, 12, 31));
  CHECK(span_of("2020-11-09T13:00")->granularity == Granularity::minute);
  CHECK(span_of("2020-11-09TEV")->granularity == Granularity::part_of_day);

  const auto range = span_of("2023-09-19", "2023-09-20");
  REQUIRE(range);
  CHECK(range->value == "2023-09-19/2023-09-20");
  CHECK(range->end == date(2023, 9, 20));

  for (const char* none : {"PRESENT_REF", "XXXX-09-13", "P3D", "2023-02-30", "2023-13", "",
                           "2023-W60", "1066", "abcd"})
    CHECK_FALSE(span_of(none));
}

TEST_CASE("merge: one event per happening across articles, apart from others of that day",
          "[merge]") {
  const auto ceasefire_a =
      mention(10, "agreement", EventCategory::agreement, "2020-11-09",
              {country("Russia"), country("Armenia"), country("Azerbaijan")},
              "Agreement signed by the leaders of Russia, Armenia and Azerbaijan");
  const auto ceasefire_b = mention(50, "sign", EventCategory::agreement, "2020-11-09",
                                   {person("Nikol Pashinyan"), country("Armenia")},
                                   "Pashinyan signed a statement to end the war");
  const auto ceasefire_c = mention(90, "agreement", EventCategory::agreement, "2020-11-09", {},
                                   "November 9, 2020 agreement");
  // The same day, another kind of happening with other people: apart.
  const auto attack = mention(130, "attack", EventCategory::military_action, "2020-11-09",
                              {country("Turkey")}, "Turkey attacked a convoy");
  // The same day and kind, but nobody in common: apart.
  const auto other_deal = mention(170, "agreement", EventCategory::agreement, "2020-11-09",
                                  {country("Chile")}, "Chile signed a trade agreement");

  std::vector<DocumentMentions> docs = {doc("a", "2020-11-10", {ceasefire_a, attack}),
                                        doc("b", "2020-11-25", {ceasefire_b}),
                                        doc("c", "2022-04-08", {ceasefire_c, other_deal})};
  MergeStats stats;
  const auto events = merge_mentions(docs, &stats);
  REQUIRE(events.size() == 3);
  const auto it = std::find_if(events.begin(), events.end(),
                               [](const Event& e) { return e.mentions.size() == 3; });
  REQUIRE(it != events.end());
  CHECK(it->category == EventCategory::agreement);
  CHECK(it->source_count() == 3);
  CHECK(it->title == "Agreement signed by the leaders of Russia, Armenia and Azerbaijan");
  CHECK(stats.mentions == 5);
  CHECK(stats.cross_document == 1);

  SECTION("the result does not depend on the order of the documents") {
    std::reverse(docs.begin(), docs.end());
    const auto again = merge_mentions(docs);
    REQUIRE(again.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      CHECK(again[i].id == events[i].id);
      CHECK(again[i].title == events[i].title);
      CHECK(again[i].mentions.size() == events[i].mentions.size());
    }
  }
}

TEST_CASE("merge: a coarse mention joins the precise event it summarizes", "[merge]") {
  const auto assault =
      mention(10, "assault", EventCategory::military_action, "2023-09-19",
              {country("Azerbaijan"), country("Nagorno-Karabakh")}, "The assault on Karabakh");
  auto range = assault;
  range.time_range_end = "2023-09-20";
  const auto offensive = mention(60, "offensive", EventCategory::military_action, "2023-09",
                                 {country("Azerbaijan")}, "Azerbaijani military offensive");
  const auto events = merge_mentions(
      {doc("a", "2023-09-21", {assault}), doc("b", "2024-02-15", {range, offensive})});
  REQUIRE(events.size() == 1);
  CHECK(events[0].time.value == "2023-09-19/2023-09-20");
  CHECK(events[0].mentions.size() == 3);
}

TEST_CASE("merge: statements join by speaker and day", "[merge]") {
  const auto said =
      mention(10, "say", EventCategory::statement, "2022-04-08", {person("Sergei Lavrov")},
              "Sergei Lavrov said the talks went well", AnchorSource::dct);
  const auto pledged = mention(60, "pledge", EventCategory::intent, "2022-04-08",
                               {person("Sergei Lavrov"), country("Armenia")},
                               "Lavrov pledged support for Armenia", AnchorSource::dct);
  const auto other =
      mention(110, "say", EventCategory::statement, "2022-04-08", {person("Ararat Mirzoyan")},
              "Ararat Mirzoyan said Armenia will wait", AnchorSource::dct);
  const auto next_day =
      mention(160, "say", EventCategory::statement, "2022-04-09", {person("Sergei Lavrov")},
              "Sergei Lavrov said more", AnchorSource::dct);
  const auto events = merge_mentions({doc("a", "2022-04-08", {said, pledged, other, next_day})});
  REQUIRE(events.size() == 3);
  const auto lavrov = std::find_if(events.begin(), events.end(), [](const Event& e) {
    return e.title.find("Lavrov") != std::string::npos && e.time.value == "2022-04-08";
  });
  REQUIRE(lavrov != events.end());
  CHECK(lavrov->mentions.size() == 2);  // his two verbs of 8 April
}

TEST_CASE("merge: articles disagreeing on a date give one event with both readings",
          "[merge][graph]") {
  const std::vector<Participant> who = {country("Azerbaijan"), country("Armenia")};
  const auto a = mention(10, "attack", EventCategory::military_action, "2022-09-13", who,
                         "Azerbaijan attacked Armenia");
  const auto b = mention(10, "attack", EventCategory::military_action, "2022-09-14", who,
                         "Azerbaijan launched an attack on Armenia");
  // In one article two dates mean two attacks.
  const auto c = mention(80, "attack", EventCategory::military_action, "2022-09-15", who,
                         "Azerbaijan attacked Armenia again");
  const auto events = merge_mentions({doc("x", "2022-09-29", {a, c}), doc("y", "2022-09-30", {b})});
  REQUIRE(events.size() == 2);
  const Event& disputed = events[0];
  CHECK(disputed.mentions.size() == 2);
  REQUIRE(disputed.disputed.size() == 2);
  CHECK(disputed.disputed[0].time.value == "2022-09-13");
  CHECK(disputed.disputed[0].docs == std::vector<std::string>{"x"});
  CHECK(disputed.disputed[1].time.value == "2022-09-14");
  CHECK(events[1].disputed.empty());

  const auto graph = build_graph(events, {});
  REQUIRE(graph.conflicts.size() == 1);
  CHECK(graph.conflicts[0].kind == ConflictKind::date);
  CHECK(graph.conflicts[0].events == std::vector<std::string>{disputed.id});
  CHECK(graph.conflicts[0].message.find("2022-09-13 in x") != std::string::npos);
}

TEST_CASE("merge: mentions without a calendar time are counted, not placed", "[merge]") {
  const auto undated =
      mention(10, "talks", EventCategory::meeting, "", {}, "Talks", AnchorSource::none);
  const auto vague = mention(40, "talks", EventCategory::meeting, "PAST_REF", {}, "Earlier talks");
  MergeStats stats;
  const auto events = merge_mentions({doc("a", "2022-04-08", {undated, vague})}, &stats);
  CHECK(events.empty());
  CHECK(stats.mentions == 2);
  CHECK(stats.undated == 2);
}

TEST_CASE("top_events keeps the most salient in time order", "[merge]") {
  std::vector<Event> events(4);
  const double salience[] = {1, 5, 3, 4};
  for (std::size_t i = 0; i < 4; ++i) {
    events[i].id = "e" + std::to_string(i + 1);
    events[i].salience = salience[i];
  }
  const auto top = top_events(events, 2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].id == "e2");
  CHECK(top[1].id == "e4");
  CHECK(top_events(events, 0).size() == 4);
  CHECK(top_events(events, 9).size() == 4);
}

TEST_CASE("MergedEvents: events made on demand, titles read back from a spool file", "[merge]") {
  const std::vector<Participant> who = {country("Azerbaijan"), country("Armenia")};
  const std::vector<DocumentMentions> docs = {
      doc("y", "2022-09-30",
          {mention(10, "attack", EventCategory::military_action, "2022-09-14", who,
                   "Azerbaijan launched an attack on Armenia"),
           mention(60, "say", EventCategory::statement, "2022-09-30", {person("Nikol Pashinyan")},
                   "Nikol Pashinyan said the attack was planned", AnchorSource::dct)}),
      doc("x", "2022-09-29",
          {mention(10, "attack", EventCategory::military_action, "2022-09-13", who,
                   "Azerbaijan attacked Armenia"),
           mention(80, "talks", EventCategory::meeting, "2022-09", who, "Talks in September"),
           mention(120, "talks", EventCategory::meeting, "", who, "Talks", AnchorSource::none)})};
  MergeStats expected_stats;
  const auto expected = merge_mentions(docs, &expected_stats);
  REQUIRE(expected.size() == 3);

  test::TempDir spool;
  MentionTable table(spool.path());
  std::vector<std::string> ids;
  for (const auto& d : docs) {
    CHECK(table.add(d.dct, d.mentions) == ids.size());
    ids.push_back(d.doc);
  }
  CHECK(table.documents() == 2);
  // The spool is unlinked at once: nothing is left in the folder, even while it is in use.
  CHECK(std::filesystem::is_empty(spool.path()));
  const MergedEvents merged(std::move(table), ids, 2);
  REQUIRE(merged.size() == expected.size());
  CHECK(merged.stats().mentions == expected_stats.mentions);
  CHECK(merged.stats().undated == 1);
  CHECK(merged.stats().cross_document == expected_stats.cross_document);
  for (std::size_t k = 0; k < merged.size(); ++k) {
    const Event e = merged.event(k);
    CHECK(e.id == expected[k].id);
    CHECK(e.title == expected[k].title);
    CHECK(e.time == expected[k].time);
    CHECK(merged.time(k) == expected[k].time);
    CHECK(e.participants == expected[k].participants);
    CHECK(e.salience == expected[k].salience);
    CHECK(merged.disputed(k) == !expected[k].disputed.empty());
    REQUIRE(e.mentions.size() == expected[k].mentions.size());
    for (std::size_t j = 0; j < e.mentions.size(); ++j) {
      CHECK(e.mentions[j].doc == expected[k].mentions[j].doc);
      CHECK(e.mentions[j].begin == expected[k].mentions[j].begin);
      CHECK(e.mentions[j].time_value == expected[k].mentions[j].time_value);
    }
  }
  // September's talks, then the attack the articles date the 13th and the 14th, then the
  // statement.
  CHECK(merged.event(0).title == "Talks in September");
  CHECK(merged.event(1).title == "Azerbaijan launched an attack on Armenia");  // says most
  CHECK(merged.event(1).disputed.size() == 2);
  CHECK(merged.event(2).title == "Nikol Pashinyan said the attack was planned");

  // The top one by salience, as top_events picks it.
  const auto top = merged.top(1);
  REQUIRE(top.size() == 1);
  CHECK(merged.event(top[0]).id == top_events(expected, 1)[0].id);
  CHECK(merged.top(0).size() == merged.size());

  // The numbered graph is the graph of the events, by place.
  std::vector<std::uint32_t> all(merged.size());
  for (std::uint32_t k = 0; k < all.size(); ++k) all[k] = k;
  const NumberedGraph numbered = build_graph(merged, all, {});
  const TemporalGraph graph = build_graph(expected, {});
  REQUIRE(numbered.relations.size() == graph.relations.size());
  for (std::size_t i = 0; i < graph.relations.size(); ++i) {
    CHECK(expected[numbered.relations[i].from].id == graph.relations[i].from);
    CHECK(expected[numbered.relations[i].to].id == graph.relations[i].to);
    CHECK(numbered.relations[i].type == graph.relations[i].type);
  }
  REQUIRE(numbered.conflicts.size() == 1);
  CHECK(numbered.conflicts[0].message == graph.conflicts[0].message);

  CHECK_THROWS_AS(MergedEvents(MentionTable(), {"only one id"}), std::invalid_argument);
}
