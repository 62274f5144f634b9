// Merge: one event per real-world happening, whatever the number of articles (and mentions in
// them) that report it. Mentions with compatible times, compatible categories and shared
// participants or key terms become one Event listing all of them as its sources.
#pragma once

#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
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

// Many documents' event mentions, held compactly for merging at scale: a gigabyte of news has
// millions of mentions, and as EventMention objects they take several times its size. Names,
// trigger words and time values are numbered once; titles wait in a spool (memory, or an
// unlinked temporary file in `spool_dir`) and are read back only for the events that show them.
class MentionTable {
 public:
  explicit MentionTable(std::optional<std::filesystem::path> spool_dir = std::nullopt);
  MentionTable(MentionTable&&) noexcept;
  MentionTable& operator=(MentionTable&&) noexcept;
  ~MentionTable();

  // Takes one document's mentions; returns the document's number (0, 1, ... as added).
  std::uint32_t add(const DocumentCreationTime& dct, const std::vector<EventMention>& mentions);
  std::size_t documents() const;

  struct Impl;  // merge.cpp's

 private:
  friend class MergedEvents;
  std::unique_ptr<Impl> impl_;
};

// The events merged from a MentionTable, ordered and numbered by time as merge_mentions does.
// Each becomes an Event only when asked for, so that millions need not be in memory at once.
// Safe to read from several threads at once.
class MergedEvents {
 public:
  // `doc_ids`: the id of each of the table's documents, by number; unique. `threads` as for
  // merge_mentions.
  MergedEvents(MentionTable table, std::vector<std::string> doc_ids, unsigned threads = 1);
  MergedEvents(MergedEvents&&) noexcept;
  MergedEvents& operator=(MergedEvents&&) noexcept;
  ~MergedEvents();

  std::size_t size() const;
  Event event(std::size_t k) const;  // the k-th in time order, id "e<k+1>"
  const TimeSpan& time(std::size_t k) const;
  double salience(std::size_t k) const;
  bool disputed(std::size_t k) const;  // has Event::disputed readings
  const MergeStats& stats() const;
  const std::string& doc_id(std::uint32_t doc) const;

  // Event k's mentions as the graph needs them: document number, trigger offset, trigger word
  // number. The numbers of trigger words are word() ones.
  struct MentionKey {
    std::uint32_t doc = 0;
    std::uint32_t begin = 0;
    std::uint32_t trigger = 0;
  };
  void mention_keys(std::size_t k, std::vector<MentionKey>& out) const;
  std::optional<std::uint32_t> word(std::string_view word) const;

  // The numbers of the `n` most salient events, in time order, as top_events chooses them.
  std::vector<std::uint32_t> top(std::size_t n) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
