// Merge: one event per real-world happening, whatever the number of articles (and mentions in
// them) that report it. Mentions with compatible times, compatible categories and shared
// participants or key terms become one Event listing all of them as its sources.
#pragma once

#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

// A TimeML date value as the days it covers: "2023-09" is 2023-09-01..2023-09-30, "2023-W38" its
// seven days, "2020" the year. Both ends inclusive.
struct TimeSpan {
  std::string value;  // TimeML value, or "START/END" (ISO 8601 interval) for a range
  boost::gregorian::date start{boost::gregorian::not_a_date_time};
  boost::gregorian::date end{boost::gregorian::not_a_date_time};
  Granularity granularity = Granularity::unknown;

  bool contains(const TimeSpan& other) const { return start <= other.start && other.end <= end; }
  bool overlaps(const TimeSpan& other) const { return start <= other.end && other.start <= end; }
  friend bool operator==(const TimeSpan&, const TimeSpan&) = default;
};

// `d` moved by `days`, saturating at the ends of Boost's calendar (1400-01-01, 9999-12-31):
// arithmetic past them gives a date whose year() throws.
boost::gregorian::date shifted(const boost::gregorian::date& d, long days);

// The span of a TimeML value (optionally a range to `range_end`): calendar dates, weeks,
// quarters, halves, seasons, years, decades, centuries, with or without a clock time. Nullopt for
// values that name no fixed stretch of calendar (PRESENT_REF, XXXX-09-13, P3D, ...).
std::optional<TimeSpan> span_of(std::string_view value, std::string_view range_end = {});

// One mention of an event, as it stands in one article: enough to show the evidence.
struct MentionSource {
  std::string doc;          // document id
  std::uint32_t begin = 0;  // the trigger, byte offsets into that document's text
  std::uint32_t end = 0;
  std::uint32_t sentence_begin = 0;
  std::uint32_t sentence_end = 0;
  std::string trigger;     // the trigger's lemma
  std::string time_value;  // the time as this mention reads it (TimeML value or interval)
  AnchorSource anchor = AnchorSource::none;
};

struct Event {
  std::string id;  // "e1", "e2", ... in time order
  std::string title;
  EventCategory category = EventCategory::other;
  std::vector<std::string> participants;  // most mentioned first
  double salience = 0;                    // see merge.cpp; higher is more central to the story
  TimeSpan time;                          // the most precise reading the sources agree on
  std::vector<MentionSource> mentions;    // by document, then offset
  // Readings of its date the sources disagree on (none when they agree): each reading once, with
  // the documents that give it. A conflict names the event; the reader decides.
  struct Reading {
    TimeSpan time;
    std::vector<std::string> docs;
  };
  std::vector<Reading> disputed;

  std::size_t source_count() const;  // distinct documents among the mentions
};

// One document's mentions, as the event stage found them, with what merging needs about the
// document itself.
struct DocumentMentions {
  std::string doc;  // document id, unique within a merge
  DocumentCreationTime dct;
  std::vector<EventMention> mentions;
};

struct MergeStats {
  std::size_t mentions = 0;        // mentions offered
  std::size_t undated = 0;         // left out: no time, or one that names no calendar span
  std::size_t merged_events = 0;   // events with more than one mention
  std::size_t cross_document = 0;  // events with more than one source document
};

// Merges the mentions of all documents into events, ordered and numbered by time. The result
// does not depend on the order of `documents`. Mentions without a calendar time are counted in
// `stats` and not placed on the timeline. `threads` > 1 shares the work that is independent per
// document and per event (the result is the same).
std::vector<Event> merge_mentions(const std::vector<DocumentMentions>& documents,
                                  MergeStats* stats = nullptr, unsigned threads = 1);

// The `n` most salient events, in their original (time) order; all of them when n is 0 or at
// least their number.
std::vector<Event> top_events(std::vector<Event> events, std::size_t n);

}  // namespace tempograph
