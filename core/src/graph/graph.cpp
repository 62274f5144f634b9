// The temporal graph. Time relations are derived between groups of events with the same span,
// already reduced: events of one span are chained SIMULTANEOUS, a span INCLUDES only the spans
// it is the tightest container of, and a span comes BEFORE only the spans that follow it with
// nothing in between (the cover relation of the interval order). So the edges stay few enough
// to draw, and all other orderings follow from them and the times. Textual links add relations
// between the events their mentions belong to; when one contradicts the times it is kept and
// reported.
#include "tempograph/graph.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tempograph {
namespace {

constexpr std::array<std::string_view, 5> kRelationNames = {"BEFORE", "AFTER", "INCLUDES",
                                                            "IS_INCLUDED", "SIMULTANEOUS"};
constexpr std::array<std::string_view, 3> kBasisNames = {"time", "text", "time+text"};
constexpr std::array<std::string_view, 2> kConflictNames = {"date", "order"};

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                               std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

struct SpanGroup {
  boost::gregorian::date start, end;
  std::vector<std::size_t> events;  // in event order; the first stands for the group
};

// Finds the groups whose span holds a given group's span.
class ContainerIndex {
 public:
  explicit ContainerIndex(const std::vector<SpanGroup>& groups) : groups_(groups) {
    for (std::size_t g = 0; g < groups.size(); ++g) {  // in start order, so each class is too
      const long length = (groups[g].end - groups[g].start).days();
      std::size_t c = 0;
      while (c < kClassDays.size() && length > kClassDays[c]) ++c;
      classes_[c].push_back(g);
    }
  }

  // The groups other than h that start no later and end no earlier than h, in group order.
  void containers_of(std::size_t h, std::vector<std::size_t>& out) const {
    out.clear();
    const SpanGroup& x = groups_[h];
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      const auto& list = classes_[c];
      auto first = list.begin();
      if (c < kClassDays.size()) {  // spans of this class start at most kClassDays[c] before x ends
        const auto earliest = shifted(x.end, -kClassDays[c]);
        first = std::lower_bound(list.begin(), list.end(), earliest,
                                 [this](std::size_t g, const boost::gregorian::date& d) {
                                   return groups_[g].start < d;
                                 });
      }
      for (auto it = first; it != list.end() && groups_[*it].start <= x.start; ++it)
        if (*it != h && x.end <= groups_[*it].end) out.push_back(*it);
    }
    std::sort(out.begin(), out.end());
  }

 private:
  // Upper bounds of span length (end - start, in days) per class; the last class is the rest.
  static constexpr std::array<long, 6> kClassDays = {0, 7, 31, 92, 366, 3660};
  const std::vector<SpanGroup>& groups_;
  std::array<std::vector<std::size_t>, kClassDays.size() + 1> classes_;
};

std::string describe_day_span(const TimeSpan& s) {
  return s.value;
}

}  // namespace

std::string_view to_string(RelationType type) {
  return kRelationNames[static_cast<std::size_t>(type)];
}
std::optional<RelationType> parse_relation_type(std::string_view name) {
  return parse_name<RelationType>(kRelationNames, name);
}
RelationType inverse(RelationType type) {
  switch (type) {
    case RelationType::before:
      return RelationType::after;
    case RelationType::after:
      return RelationType::before;
    case RelationType::includes:
      return RelationType::is_included;
    case RelationType::is_included:
      return RelationType::includes;
    case RelationType::simultaneous:
      return RelationType::simultaneous;
  }
  return type;
}
std::string_view to_string(RelationBasis basis) {
  return kBasisNames[static_cast<std::size_t>(basis)];
}
std::optional<RelationBasis> parse_relation_basis(std::string_view name) {
  return parse_name<RelationBasis>(kBasisNames, name);
}
std::string_view to_string(ConflictKind kind) {
  return kConflictNames[static_cast<std::size_t>(kind)];
}
std::optional<ConflictKind> parse_conflict_kind(std::string_view name) {
  return parse_name<ConflictKind>(kConflictNames, name);
}

TemporalGraph build_graph(const std::vector<Event>& events,
                          const std::vector<DocumentLinks>& documents) {
  TemporalGraph graph;
  // Keyed by event indices, so relations come out sorted and each pair once.
  std::map<std::pair<std::size_t, std::size_t>, Relation> relations;
  auto relate = [&](std::size_t a, std::size_t b, RelationType type) {
    if (a == b) return;
    if (a > b) {
      std::swap(a, b);
      type = inverse(type);
    }
    relations.try_emplace(
        {a, b}, Relation{events[a].id, events[b].id, type, RelationBasis::time, std::nullopt});
  };

  // Groups of equal spans, by start then end.
  std::map<std::pair<boost::gregorian::date, boost::gregorian::date>, std::size_t> group_of;
  std::vector<SpanGroup> groups;
  {
    std::vector<std::size_t> order(events.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const auto& x = events[a].time;
      const auto& y = events[b].time;
      return std::tie(x.start, x.end) < std::tie(y.start, y.end);
    });
    for (std::size_t i : order) {
      const auto key = std::make_pair(events[i].time.start, events[i].time.end);
      auto [it, inserted] = group_of.try_emplace(key, groups.size());
      if (inserted) groups.push_back({key.first, key.second, {}});
      groups[it->second].events.push_back(i);
    }
  }

  for (const auto& g : groups)
    for (std::size_t k = 1; k < g.events.size(); ++k)
      relate(g.events[k - 1], g.events[k], RelationType::simultaneous);

  // INCLUDES: only from the tightest containers. A container of h starts at most its own length
  // before h ends, so groups are filed by length class (a day, a week, a month, ...) and each
  // class is searched only in that window: not every pair of groups (quadratic on a big corpus).
  const ContainerIndex index(groups);
  std::vector<std::size_t> containers;
  for (std::size_t h = 0; h < groups.size(); ++h) {
    index.containers_of(h, containers);
    for (std::size_t g : containers) {
      const bool tightest = std::none_of(containers.begin(), containers.end(), [&](std::size_t o) {
        return o != g && groups[g].start <= groups[o].start && groups[o].end <= groups[g].end;
      });
      if (tightest)
        relate(groups[g].events.front(), groups[h].events.front(), RelationType::includes);
    }
  }

  // BEFORE: g covers h when h starts after g ends and no span lies wholly between them; that is,
  // h starts no later than the earliest end among the spans starting after g.
  if (!groups.empty()) {
    std::vector<boost::gregorian::date> min_end_from(
        groups.size() + 1, boost::gregorian::date(boost::gregorian::pos_infin));
    for (std::size_t k = groups.size(); k-- > 0;)
      min_end_from[k] = std::min(min_end_from[k + 1], groups[k].end);
    for (const auto& g : groups) {
      const auto first = std::upper_bound(
          groups.begin(), groups.end(), g.end,
          [](const boost::gregorian::date& d, const SpanGroup& x) { return d < x.start; });
      const std::size_t k = static_cast<std::size_t>(first - groups.begin());
      if (k == groups.size()) continue;
      const auto bound = min_end_from[k];
      for (std::size_t h = k; h < groups.size() && groups[h].start <= bound; ++h)
        relate(g.events.front(), groups[h].events.front(), RelationType::before);
    }
  }

  // Textual links, resolved to events through their mentions.
  std::map<std::pair<std::string_view, std::uint32_t>, std::size_t> event_of_mention;
  for (std::size_t e = 0; e < events.size(); ++e)
    for (const auto& m : events[e].mentions) event_of_mention[{m.doc, m.begin}] = e;
  auto find_event = [&](std::string_view doc, std::uint32_t begin) -> std::optional<std::size_t> {
    auto it = event_of_mention.find({doc, begin});
    if (it == event_of_mention.end()) return std::nullopt;
    return it->second;
  };
  // Events by the trigger words of their mentions, each list in event order, for links to
  // another article's event.
  std::unordered_map<std::string_view, std::vector<std::size_t>> events_with_trigger;
  for (std::size_t e = 0; e < events.size(); ++e)
    for (const auto& m : events[e].mentions) {
      auto& list = events_with_trigger[m.trigger];
      if (list.empty() || list.back() != e) list.push_back(e);
    }
  const std::vector<std::size_t> no_events;
  std::set<std::pair<std::size_t, std::size_t>> text_after;  // (later, earlier) as the text says
  for (const auto& d : documents) {
    for (const auto& link : d.links) {
      if (link.mention >= d.mentions.size()) continue;
      const auto source = find_event(d.doc, d.mentions[link.mention].begin);
      if (!source) continue;
      std::optional<std::size_t> target = find_event(d.doc, link.target_begin);
      if (!target) {
        // Another article's event: the same trigger word, at the time the phrase names if it
        // names one, on the side of the source the signal says; the nearest such.
        const auto named = span_of(link.target_time);
        const auto& s = events[*source].time;
        long best_gap = 0;
        const auto with_trigger = events_with_trigger.find(link.target_lemma);
        for (const std::size_t e :
             with_trigger == events_with_trigger.end() ? no_events : with_trigger->second) {
          if (e == *source) continue;
          const auto& ev = events[e];
          if (named && !(named->contains(ev.time) || ev.time.contains(*named))) continue;
          const bool side = link.mention_after ? ev.time.start <= s.end : ev.time.end >= s.start;
          if (!side) continue;
          const long gap =
              link.mention_after ? (s.start - ev.time.start).days() : (ev.time.end - s.end).days();
          if (!target || std::abs(gap) < best_gap) {
            target = e;
            best_gap = std::abs(gap);
          }
        }
      }
      if (!target || *target == *source) continue;
      const std::size_t later = link.mention_after ? *source : *target;
      const std::size_t earlier = link.mention_after ? *target : *source;
      text_after.insert({later, earlier});
      const LinkEvidence evidence{d.doc, link.begin, link.end};
      const auto key = std::minmax(later, earlier);
      const RelationType type = later == key.second ? RelationType::before : RelationType::after;
      auto it = relations.find(key);
      if (it != relations.end() && it->second.type == type) {
        if (it->second.basis == RelationBasis::time)
          it->second.basis = RelationBasis::time_and_text;
        if (!it->second.evidence) it->second.evidence = evidence;
        continue;
      }
      if (events[later].time.end < events[earlier].time.start) {
        graph.conflicts.push_back(
            {ConflictKind::order,
             {events[later].id, events[earlier].id},
             "the text puts " + events[later].id + " (" + describe_day_span(events[later].time) +
                 ") after " + events[earlier].id + " (" + describe_day_span(events[earlier].time) +
                 "), but their dates say otherwise"});
      }
      if (it == relations.end()) {
        relations.emplace(key, Relation{events[key.first].id, events[key.second].id, type,
                                        RelationBasis::text, evidence});
      } else if (it->second.basis != RelationBasis::time) {
        // Two textual links ordering the same pair both ways: a cycle.
        graph.conflicts.push_back({ConflictKind::order,
                                   {events[key.first].id, events[key.second].id},
                                   "the texts order " + events[key.first].id + " and " +
                                       events[key.second].id + " both ways"});
      } else {
        // The times imply another relation (an inclusion, say); the text's order is kept too.
        it->second = Relation{events[key.first].id, events[key.second].id, type,
                              RelationBasis::text, evidence};
      }
    }
  }

  for (const auto& e : events) {
    if (e.disputed.empty()) continue;
    std::string message = "the sources disagree on the date of " + e.id + " (" + e.title + "):";
    for (std::size_t k = 0; k < e.disputed.size(); ++k) {
      message += k ? "; " : " ";
      message += e.disputed[k].time.value + " in ";
      for (std::size_t j = 0; j < e.disputed[k].docs.size(); ++j)
        message += (j ? ", " : "") + e.disputed[k].docs[j];
    }
    graph.conflicts.push_back({ConflictKind::date, {e.id}, std::move(message)});
  }

  graph.relations.reserve(relations.size());
  for (auto& [key, r] : relations) graph.relations.push_back(std::move(r));
  return graph;
}

}  // namespace tempograph
