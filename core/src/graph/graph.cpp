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
#include <functional>
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

namespace {

// What the graph needs of its events, whichever way they are held: events by place.
struct GraphInput {
  std::vector<const TimeSpan*> times;
  std::function<std::string(std::size_t)> id;
  // (document number << 32 | trigger offset, event) for each mention; the last event wins
  std::vector<std::pair<std::uint64_t, std::uint32_t>> mention_events;
  // (trigger word number, event) for each mention
  std::vector<std::pair<std::uint32_t, std::uint32_t>> trigger_events;
  std::function<std::optional<std::uint32_t>(std::string_view)> trigger_number;
};

std::uint64_t mention_key(std::uint32_t doc, std::uint32_t begin) {
  return static_cast<std::uint64_t>(doc) << 32 | begin;
}

// Relations and order conflicts; date conflicts are the caller's (they need the readings).
NumberedGraph relate_events(GraphInput in, const std::vector<NumberedLink>& links) {
  NumberedGraph graph;
  const auto& times = in.times;
  const std::size_t n = times.size();
  // From the times, in the order found; sorted by event places below, the first of a pair kept.
  std::vector<NumberedRelation> relations;
  auto relate = [&](std::size_t a, std::size_t b, RelationType type) {
    if (a == b) return;
    if (a > b) {
      std::swap(a, b);
      type = inverse(type);
    }
    NumberedRelation r;
    r.from = static_cast<std::uint32_t>(a);
    r.to = static_cast<std::uint32_t>(b);
    r.type = type;
    relations.push_back(r);
  };

  // Groups of equal spans, by start then end.
  std::map<std::pair<boost::gregorian::date, boost::gregorian::date>, std::size_t> group_of;
  std::vector<SpanGroup> groups;
  {
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(times[a]->start, times[a]->end) < std::tie(times[b]->start, times[b]->end);
    });
    for (std::size_t i : order) {
      const auto key = std::make_pair(times[i]->start, times[i]->end);
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

  auto by_pair = [](const NumberedRelation& x, const NumberedRelation& y) {
    return std::tie(x.from, x.to) < std::tie(y.from, y.to);
  };
  std::stable_sort(relations.begin(), relations.end(), by_pair);
  relations.erase(
      std::unique(relations.begin(), relations.end(),
                  [](const auto& x, const auto& y) { return x.from == y.from && x.to == y.to; }),
      relations.end());

  // Textual links, resolved to events through their mentions.
  auto& mention_events = in.mention_events;
  std::stable_sort(mention_events.begin(), mention_events.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  auto find_event = [&](std::uint32_t doc, std::uint32_t begin) -> std::optional<std::size_t> {
    const auto key = mention_key(doc, begin);
    auto it = std::upper_bound(mention_events.begin(), mention_events.end(), key,
                               [](std::uint64_t k, const auto& x) { return k < x.first; });
    if (it == mention_events.begin() || std::prev(it)->first != key) return std::nullopt;
    return std::prev(it)->second;
  };
  // Events by the trigger words of their mentions, each list in event order, for links to
  // another article's event.
  auto& trigger_events = in.trigger_events;
  std::sort(trigger_events.begin(), trigger_events.end());
  trigger_events.erase(std::unique(trigger_events.begin(), trigger_events.end()),
                       trigger_events.end());
  std::map<std::pair<std::uint32_t, std::uint32_t>, NumberedRelation> text_only;  // new pairs
  auto find_relation = [&](std::pair<std::size_t, std::size_t> key) -> NumberedRelation* {
    NumberedRelation probe;
    probe.from = static_cast<std::uint32_t>(key.first);
    probe.to = static_cast<std::uint32_t>(key.second);
    auto it = std::lower_bound(relations.begin(), relations.end(), probe, by_pair);
    if (it != relations.end() && it->from == probe.from && it->to == probe.to) return &*it;
    auto t = text_only.find({probe.from, probe.to});
    return t == text_only.end() ? nullptr : &t->second;
  };
  for (const auto& numbered : links) {
    const EventLink& link = numbered.link;
    const std::uint32_t doc = numbered.doc;
    const auto source = find_event(doc, numbered.mention_begin);
    if (!source) continue;
    std::optional<std::size_t> target = find_event(doc, link.target_begin);
    if (!target) {
      // Another article's event: the same trigger word, at the time the phrase names if it
      // names one, on the side of the source the signal says; the nearest such.
      const auto named = span_of(link.target_time);
      const auto& s = *times[*source];
      long best_gap = 0;
      const auto trigger = in.trigger_number(link.target_lemma);
      auto first = trigger_events.end(), last = trigger_events.end();
      if (trigger)
        std::tie(first, last) = std::equal_range(
            trigger_events.begin(), trigger_events.end(), std::make_pair(*trigger, 0u),
            [](const auto& x, const auto& y) { return x.first < y.first; });
      for (auto it = first; it != last; ++it) {
        const std::size_t e = it->second;
        if (e == *source) continue;
        const auto& time = *times[e];
        if (named && !(named->contains(time) || time.contains(*named))) continue;
        const bool side = link.mention_after ? time.start <= s.end : time.end >= s.start;
        if (!side) continue;
        const long gap =
            link.mention_after ? (s.start - time.start).days() : (time.end - s.end).days();
        if (!target || std::abs(gap) < best_gap) {
          target = e;
          best_gap = std::abs(gap);
        }
      }
    }
    if (!target || *target == *source) continue;
    const std::size_t later = link.mention_after ? *source : *target;
    const std::size_t earlier = link.mention_after ? *target : *source;
    const auto key = std::minmax(later, earlier);
    const RelationType type = later == key.second ? RelationType::before : RelationType::after;
    NumberedRelation* existing = find_relation(key);
    if (existing && existing->type == type) {
      if (existing->basis == RelationBasis::time) existing->basis = RelationBasis::time_and_text;
      if (!existing->has_evidence) {
        existing->has_evidence = true;
        existing->evidence_doc = doc;
        existing->evidence_begin = link.begin;
        existing->evidence_end = link.end;
      }
      continue;
    }
    if (times[later]->end < times[earlier]->start) {
      graph.conflicts.push_back({ConflictKind::order,
                                 {in.id(later), in.id(earlier)},
                                 "the text puts " + in.id(later) + " (" +
                                     describe_day_span(*times[later]) + ") after " +
                                     in.id(earlier) + " (" + describe_day_span(*times[earlier]) +
                                     "), but their dates say otherwise"});
    }
    NumberedRelation r;
    r.from = static_cast<std::uint32_t>(key.first);
    r.to = static_cast<std::uint32_t>(key.second);
    r.type = type;
    r.basis = RelationBasis::text;
    r.has_evidence = true;
    r.evidence_doc = doc;
    r.evidence_begin = link.begin;
    r.evidence_end = link.end;
    if (!existing) {
      text_only.emplace(std::make_pair(r.from, r.to), r);
    } else if (existing->basis != RelationBasis::time) {
      // Two textual links ordering the same pair both ways: a cycle.
      graph.conflicts.push_back(
          {ConflictKind::order,
           {in.id(key.first), in.id(key.second)},
           "the texts order " + in.id(key.first) + " and " + in.id(key.second) + " both ways"});
    } else {
      // The times imply another relation (an inclusion, say); the text's order is kept too.
      *existing = r;
    }
  }

  graph.relations.reserve(relations.size() + text_only.size());
  auto text = text_only.begin();
  for (const auto& r : relations) {
    for (; text != text_only.end() && by_pair(text->second, r); ++text)
      graph.relations.push_back(text->second);
    graph.relations.push_back(r);
  }
  for (; text != text_only.end(); ++text) graph.relations.push_back(text->second);
  return graph;
}

Conflict date_conflict(const Event& e) {
  std::string message = "the sources disagree on the date of " + e.id + " (" + e.title + "):";
  for (std::size_t k = 0; k < e.disputed.size(); ++k) {
    message += k ? "; " : " ";
    message += e.disputed[k].time.value + " in ";
    for (std::size_t j = 0; j < e.disputed[k].docs.size(); ++j)
      message += (j ? ", " : "") + e.disputed[k].docs[j];
  }
  return {ConflictKind::date, {e.id}, std::move(message)};
}

}  // namespace

TemporalGraph build_graph(const std::vector<Event>& events,
                          const std::vector<DocumentLinks>& documents) {
  // Documents and trigger words numbered here, as a MentionTable would.
  std::unordered_map<std::string_view, std::uint32_t> doc_numbers, trigger_numbers;
  std::vector<std::string_view> doc_names;
  auto doc_number = [&](std::string_view doc) {
    const auto [it, added] =
        doc_numbers.try_emplace(doc, static_cast<std::uint32_t>(doc_numbers.size()));
    if (added) doc_names.push_back(doc);
    return it->second;
  };
  GraphInput in;
  in.times.reserve(events.size());
  for (std::size_t e = 0; e < events.size(); ++e) {
    in.times.push_back(&events[e].time);
    for (const auto& m : events[e].mentions) {
      in.mention_events.emplace_back(mention_key(doc_number(m.doc), m.begin),
                                     static_cast<std::uint32_t>(e));
      const auto trigger = trigger_numbers.try_emplace(
          m.trigger, static_cast<std::uint32_t>(trigger_numbers.size()));
      in.trigger_events.emplace_back(trigger.first->second, static_cast<std::uint32_t>(e));
    }
  }
  in.id = [&events](std::size_t k) { return events[k].id; };
  in.trigger_number = [&trigger_numbers](std::string_view word) -> std::optional<std::uint32_t> {
    const auto it = trigger_numbers.find(word);
    if (it == trigger_numbers.end()) return std::nullopt;
    return it->second;
  };
  std::vector<NumberedLink> links;
  for (const auto& d : documents) {
    for (const auto& link : d.links) {
      if (link.mention >= d.mentions.size()) continue;
      links.push_back({doc_number(d.doc), d.mentions[link.mention].begin, link});
    }
  }
  NumberedGraph numbered = relate_events(std::move(in), links);

  TemporalGraph graph;
  graph.relations.reserve(numbered.relations.size());
  for (const auto& r : numbered.relations) {
    Relation out{events[r.from].id, events[r.to].id, r.type, r.basis, std::nullopt};
    if (r.has_evidence)
      out.evidence =
          LinkEvidence{std::string(doc_names[r.evidence_doc]), r.evidence_begin, r.evidence_end};
    graph.relations.push_back(std::move(out));
  }
  graph.conflicts = std::move(numbered.conflicts);
  for (const auto& e : events)
    if (!e.disputed.empty()) graph.conflicts.push_back(date_conflict(e));
  return graph;
}

NumberedGraph build_graph(const MergedEvents& events, const std::vector<std::uint32_t>& kept,
                          const std::vector<NumberedLink>& links) {
  GraphInput in;
  in.times.reserve(kept.size());
  std::vector<MergedEvents::MentionKey> keys;
  for (std::size_t k = 0; k < kept.size(); ++k) {
    in.times.push_back(&events.time(kept[k]));
    events.mention_keys(kept[k], keys);
    for (const auto& m : keys) {
      in.mention_events.emplace_back(mention_key(m.doc, m.begin), static_cast<std::uint32_t>(k));
      in.trigger_events.emplace_back(m.trigger, static_cast<std::uint32_t>(k));
    }
  }
  in.id = [&kept](std::size_t k) {
    std::string id = "e";
    id += std::to_string(kept[k] + 1);
    return id;
  };
  in.trigger_number = [&events](std::string_view word) { return events.word(word); };
  NumberedGraph graph = relate_events(std::move(in), links);
  for (const auto k : kept)
    if (events.disputed(k)) graph.conflicts.push_back(date_conflict(events.event(k)));
  return graph;
}

}  // namespace tempograph
