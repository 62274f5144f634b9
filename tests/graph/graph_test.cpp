// The temporal graph: relations from times (reduced) and from textual links, and contradictions.
#include "tempograph/graph.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace tempograph;

namespace {

Event event(const char* id, const char* value, const char* range_end = "") {
  Event e;
  e.id = id;
  e.title = id;
  e.time = *span_of(value, range_end);
  MentionSource m;
  m.doc = "d";
  m.begin = static_cast<std::uint32_t>(std::stoi(id + 1) * 10);
  m.end = m.begin + 4;
  m.trigger = std::string("t") + id;
  e.mentions.push_back(m);
  return e;
}

const Relation* find(const TemporalGraph& g, const char* from, const char* to) {
  for (const auto& r : g.relations)
    if (r.from == from && r.to == to) return &r;
  return nullptr;
}

}  // namespace

TEST_CASE("graph: relations from times, transitively reduced", "[graph]") {
  // e1 September 2023 holds e2 (19th) and e3 (19th) and e4 (25th); e5 is in October.
  const std::vector<Event> events = {event("e1", "2023-09"), event("e2", "2023-09-19"),
                                     event("e3", "2023-09-19"), event("e4", "2023-09-25"),
                                     event("e5", "2023-10-02")};
  const auto g = build_graph(events, {});
  const auto* same = find(g, "e2", "e3");
  REQUIRE(same);
  CHECK(same->type == RelationType::simultaneous);
  REQUIRE(find(g, "e1", "e2"));
  CHECK(find(g, "e1", "e2")->type == RelationType::includes);
  REQUIRE(find(g, "e1", "e4"));
  CHECK(find(g, "e1", "e4")->type == RelationType::includes);
  REQUIRE(find(g, "e2", "e4"));
  CHECK(find(g, "e2", "e4")->type == RelationType::before);
  // e4 before e5 is drawn; e2 before e5 follows from it and is not.
  REQUIRE(find(g, "e4", "e5"));
  CHECK(find(g, "e4", "e5")->type == RelationType::before);
  CHECK_FALSE(find(g, "e2", "e5"));
  CHECK(find(g, "e1", "e5"));  // September before October
  CHECK(g.conflicts.empty());
  for (const auto& r : g.relations) CHECK(r.basis == RelationBasis::time);
}

TEST_CASE("graph: a textual link that agrees with the times strengthens the relation", "[graph]") {
  const std::vector<Event> events = {event("e1", "2020-11-09"), event("e2", "2022-09-13")};
  DocumentLinks d;
  d.doc = "d";
  d.mentions.resize(2);
  d.mentions[0].begin = 10;  // e1's mention
  d.mentions[1].begin = 20;  // e2's mention
  EventLink link;
  link.mention = 1;  // e2 ... after the ceasefire (e1)
  link.mention_after = true;
  link.begin = 25;
  link.end = 45;
  link.target_begin = 10;
  link.target_lemma = "te1";
  d.links.push_back(link);
  const auto g = build_graph(events, {d});
  const auto* r = find(g, "e1", "e2");
  REQUIRE(r);
  CHECK(r->type == RelationType::before);
  CHECK(r->basis == RelationBasis::time_and_text);
  REQUIRE(r->evidence);
  CHECK(r->evidence->begin == 25);
  CHECK(g.conflicts.empty());
}

TEST_CASE("graph: a textual link against the times is kept and reported", "[graph]") {
  const std::vector<Event> events = {event("e1", "2020-11-09"), event("e2", "2022-09-13")};
  DocumentLinks d;
  d.doc = "d";
  d.mentions.resize(2);
  d.mentions[0].begin = 10;
  d.mentions[1].begin = 20;
  EventLink link;
  link.mention = 0;  // e1 ... after e2: the text says so, the dates say otherwise
  link.mention_after = true;
  link.target_begin = 20;
  d.links.push_back(link);
  const auto g = build_graph(events, {d});
  const auto* r = find(g, "e1", "e2");
  REQUIRE(r);
  CHECK(r->type == RelationType::after);
  CHECK(r->basis == RelationBasis::text);
  REQUIRE(g.conflicts.size() == 1);
  CHECK(g.conflicts[0].kind == ConflictKind::order);
  CHECK(g.conflicts[0].events == std::vector<std::string>{"e1", "e2"});
}

TEST_CASE("graph: a link to another article's event resolves by trigger and named time",
          "[graph]") {
  std::vector<Event> events = {event("e1", "2020"), event("e2", "2021-05-01"),
                               event("e3", "2022-09-13")};
  events[0].mentions[0].doc = "other";
  events[0].mentions[0].trigger = "war";
  DocumentLinks d;
  d.doc = "d";
  d.mentions.resize(1);
  d.mentions[0].begin = 30;  // e3's mention: "clashes after the 2020 war"
  EventLink link;
  link.mention = 0;
  link.mention_after = true;
  link.target_begin = 999;  // no mention of this document
  link.target_lemma = "war";
  link.target_time = "2020";
  d.links.push_back(link);
  const auto g = build_graph(events, {d});
  const auto* r = find(g, "e1", "e3");
  REQUIRE(r);
  CHECK(r->type == RelationType::before);
  CHECK(r->basis == RelationBasis::text);
}

TEST_CASE("graph: relation names round-trip", "[graph]") {
  for (auto t : {RelationType::before, RelationType::after, RelationType::includes,
                 RelationType::is_included, RelationType::simultaneous}) {
    CHECK(parse_relation_type(to_string(t)) == t);
    CHECK(inverse(inverse(t)) == t);
  }
  CHECK(to_string(RelationType::is_included) == "IS_INCLUDED");
  CHECK_FALSE(parse_relation_type("DURING"));
  CHECK(parse_relation_basis("time+text") == RelationBasis::time_and_text);
  CHECK(parse_conflict_kind("order") == ConflictKind::order);
}
