// The temporal graph: events as nodes with their time spans, and the order between them, from
// their normalized times and from what the text says ("after the 2020 war", "since the
// ceasefire"). Relations come transitively reduced, so they can be drawn; contradictions between
// what the times say and what the text says are reported as conflicts, never dropped.
#pragma once

#include "tempograph/event.hpp"
#include "tempograph/merge.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

// How `from` stands to `to`.
enum class RelationType : std::uint8_t {
  before,
  after,
  includes,
  is_included,
  simultaneous,
};

std::string_view to_string(RelationType type);  // "BEFORE", "AFTER", ... as in TimeML TLINKs
std::optional<RelationType> parse_relation_type(std::string_view name);
RelationType inverse(RelationType type);

// What a relation rests on: the events' normalized times, a textual link, or both.
enum class RelationBasis : std::uint8_t { time, text, time_and_text };

std::string_view to_string(RelationBasis basis);  // "time", "text", "time+text"
std::optional<RelationBasis> parse_relation_basis(std::string_view name);

// A textual link's evidence: where the text says it.
struct LinkEvidence {
  std::string doc;
  std::uint32_t begin = 0;  // the signal and the phrase it introduces ("after the 2020 war")
  std::uint32_t end = 0;
};

struct Relation {
  std::string from;  // event ids
  std::string to;
  RelationType type = RelationType::before;
  RelationBasis basis = RelationBasis::time;
  std::optional<LinkEvidence> evidence;  // for text-based relations
};

// Something the sources do not agree on, left for the reader to judge.
enum class ConflictKind : std::uint8_t {
  date,   // articles give one event different dates (Event::disputed has the readings)
  order,  // the text orders two events against what their dates say, or in a cycle
};

std::string_view to_string(ConflictKind kind);  // "date", "order"
std::optional<ConflictKind> parse_conflict_kind(std::string_view name);

struct Conflict {
  ConflictKind kind = ConflictKind::date;
  std::vector<std::string> events;  // the event ids involved
  std::string message;              // one readable sentence
};

// One document's textual links, as the event stage found them, with its mentions (which the
// links' `mention` indexes) to find the events they belong to.
struct DocumentLinks {
  std::string doc;
  std::vector<EventMention> mentions;
  std::vector<EventLink> links;
};

struct TemporalGraph {
  std::vector<Relation> relations;  // transitively reduced, sorted by (from, to)
  std::vector<Conflict> conflicts;
};

// Relations between `events` (as merge_mentions numbered them) from their times and from the
// documents' links; conflicts for disputed dates and contradicting orders.
TemporalGraph build_graph(const std::vector<Event>& events,
                          const std::vector<DocumentLinks>& documents);

// The same for events held compactly (MergedEvents), for graphs of millions of events: links
// name their document by its MentionTable number and their mention by its trigger offset, and
// relations name events by their place in `kept`.
struct NumberedLink {
  std::uint32_t doc = 0;
  std::uint32_t mention_begin = 0;
  EventLink link;  // its `mention` is not used
};

struct NumberedRelation {
  std::uint32_t from = 0;  // places in `kept`
  std::uint32_t to = 0;
  RelationType type = RelationType::before;
  RelationBasis basis = RelationBasis::time;
  bool has_evidence = false;
  std::uint32_t evidence_doc = 0;  // a MentionTable document number
  std::uint32_t evidence_begin = 0;
  std::uint32_t evidence_end = 0;
};

struct NumberedGraph {
  std::vector<NumberedRelation> relations;  // transitively reduced, sorted by (from, to)
  std::vector<Conflict> conflicts;
};

// The graph of the events numbered `kept` (in time order) among `events`, with `links` in the
// order their documents are written.
NumberedGraph build_graph(const MergedEvents& events, const std::vector<std::uint32_t>& kept,
                          const std::vector<NumberedLink>& links);

}  // namespace tempograph
