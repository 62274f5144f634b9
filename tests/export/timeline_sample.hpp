// A small hand-built timeline for the exporter tests: two articles, events at every precision the
// exporters distinguish (a day, a day range, a month, a year, one undated), relations of each
// basis, and text that needs escaping everywhere (XML specials, quotes, backslashes, text that
// looks like an entity, non-ASCII UTF-8).
#pragma once

#include "tempograph/timeline.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tempograph::test {

inline const std::string kNastyTitle = "A & B <c> \"q\"";
inline const std::string kUtf8Title = "Talks in Caf\xC3\xA9 \xC4\xB0stanbul";
// Forty characters: wraps after "C:\New", which must stay a backslash and an N.
inline const std::string kBackslashTitle = "Officials called C:\\New claims false";

inline const std::string kArticleA =
    "Azerbaijan launched an offensive on 19\xE2\x80\x93"
    "20 September 2023, the ministry said.\n"
    "Officials said C:\\New & <b>bold</b> claims were \"false\" &amp; old.\n"
    "In November 2020, the leaders signed a statement.\n";
inline const std::string kArticleB =
    "Caf\xC3\xA9 owners in \xC4\xB0stanbul reported the attack.\n"
    "Talks resumed in September 2023, weeks before the offensive.\n";

// The sentence of `text` that contains `part`, with the offsets of `part` (the trigger).
inline MentionSource mention_of(const std::string& doc, const std::string& text,
                                const std::string& part) {
  const auto at = text.find(part);
  REQUIRE(at != std::string::npos);
  const auto begin = text.rfind('\n', at);
  const auto end = text.find('\n', at);
  MentionSource m;
  m.doc = doc;
  m.begin = static_cast<std::uint32_t>(at);
  m.end = static_cast<std::uint32_t>(at + part.size());
  m.sentence_begin = static_cast<std::uint32_t>(begin == std::string::npos ? 0 : begin + 1);
  m.sentence_end = static_cast<std::uint32_t>(end == std::string::npos ? text.size() : end);
  m.trigger = part;
  return m;
}

// The sentence `mention_of` picks, as the exporters quote it.
inline std::string sentence_of(const std::string& text, const std::string& part) {
  const MentionSource m = mention_of("", text, part);
  return text.substr(m.sentence_begin, m.sentence_end - m.sentence_begin);
}

inline TimeSpan span(const std::string& value, boost::gregorian::date start,
                     boost::gregorian::date end, Granularity granularity) {
  TimeSpan s;
  s.value = value;
  s.start = start;
  s.end = end;
  s.granularity = granularity;
  return s;
}

inline Event event(std::string id, std::string title, EventCategory category, TimeSpan time,
                   std::vector<MentionSource> mentions) {
  Event e;
  e.id = std::move(id);
  e.title = std::move(title);
  e.category = category;
  e.time = std::move(time);
  e.mentions = std::move(mentions);
  e.salience = static_cast<double>(e.mentions.size()) + 0.25;
  return e;
}

inline Timeline sample_timeline() {
  using boost::gregorian::date;
  Timeline t;
  Document a;
  a.id = "a1";
  a.path = "a1.txt";
  a.title = "Ceasefire & talks: \"what next\"";
  a.url = "https://example.org/a1?x=1&y=2";
  a.text = kArticleA;
  a.dct.day = date(2024, 2, 15);
  a.dct.source = DctSource::manifest;
  Document b;
  b.id = "b2";
  b.path = "b2.txt";
  b.text = kArticleB;
  b.dct.day = date(2023, 9, 21);
  b.dct.source = DctSource::header;
  t.documents = {a, b};

  DocumentTimex tx;
  tx.doc = "a1";
  tx.text = "November 2020";
  tx.timex.begin = static_cast<std::uint32_t>(kArticleA.find(tx.text));
  tx.timex.end = tx.timex.begin + static_cast<std::uint32_t>(tx.text.size());
  tx.timex.value = "2020-11";
  tx.timex.granularity = Granularity::month;
  t.timexes.push_back(tx);

  t.events.push_back(
      event("e1", "Leaders signed a statement", EventCategory::agreement,
            span("2020-11-09", date(2020, 11, 9), date(2020, 11, 9), Granularity::day),
            {mention_of("a1", kArticleA, "signed")}));
  Event e4 = event("e4", kBackslashTitle, EventCategory::statement,
                   span("2021", date(2021, 1, 1), date(2021, 12, 31), Granularity::year),
                   {mention_of("a1", kArticleA, "said C:")});
  t.events.push_back(std::move(e4));
  t.events.push_back(event("e2", kUtf8Title, EventCategory::meeting,
                           span("2023-09", date(2023, 9, 1), date(2023, 9, 30), Granularity::month),
                           {mention_of("b2", kArticleB, "Talks")}));
  Event e3 =
      event("e3", kNastyTitle, EventCategory::military_action,
            span("2023-09-19/2023-09-20", date(2023, 9, 19), date(2023, 9, 20), Granularity::day),
            {mention_of("a1", kArticleA, "launched"), mention_of("b2", kArticleB, "attack")});
  e3.participants = {"Azerbaijan", "Armenia"};
  t.events.push_back(std::move(e3));
  t.events.push_back(event("e5", "Undated happening", EventCategory::other, TimeSpan{},
                           {mention_of("b2", kArticleB, "reported")}));

  Relation r1;
  r1.from = "e1";
  r1.to = "e2";
  Relation r2;
  r2.from = "e2";
  r2.to = "e3";
  r2.type = RelationType::before;
  r2.basis = RelationBasis::text;
  LinkEvidence evidence;
  evidence.doc = "b2";
  evidence.begin = static_cast<std::uint32_t>(kArticleB.find("weeks before"));
  evidence.end = static_cast<std::uint32_t>(kArticleB.find(".\n", evidence.begin));
  r2.evidence = evidence;
  Relation r3;
  r3.from = "e3";
  r3.to = "e1";
  r3.type = RelationType::after;
  r3.basis = RelationBasis::time_and_text;
  t.relations = {r1, r2, r3};
  t.stats.documents = 2;
  t.stats.events = t.events.size();
  return t;
}

}  // namespace tempograph::test
