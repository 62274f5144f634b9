// Timeline: everything `tempograph build` makes of a corpus (documents, their time expressions,
// the merged events, their relations and conflicts) and its JSON form, timeline.json (schema
// "tempograph/1"), which the exporters and the viewer read.
//
// Building is map-then-merge, so it scales out: each document becomes a DocumentPart on its own
// (one JSON line, the "tempograph/1-part" schema), and a TimelineAssembler merges parts in any
// order into the same bytes.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/graph.hpp"
#include "tempograph/merge.hpp"
#include "tempograph/timex.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

inline constexpr std::string_view kTimelineSchema = "tempograph/1";
inline constexpr std::string_view kPartSchema = "tempograph/1-part";

// A time expression with the document it stands in and its text.
struct DocumentTimex {
  std::string doc;
  std::string text;
  TimeExpression timex;  // `rule` is not kept in timeline.json
};

struct TimelineStats {
  std::size_t documents = 0;
  std::size_t timexes = 0;
  std::size_t mentions = 0;
  std::size_t undated_mentions = 0;  // not on the timeline: no calendar time
  std::size_t events = 0;            // before --top
};

struct Timeline {
  std::vector<Document> documents;     // sorted by id; `path` is "" for JSON Lines documents
  std::vector<DocumentTimex> timexes;  // by document, then offset
  std::vector<Event> events;           // in time order
  std::vector<Relation> relations;
  std::vector<Conflict> conflicts;
  TimelineStats stats;

  const Document* document(std::string_view id) const;  // nullptr when absent
  const Event* event(std::string_view id) const;
};

// Writes timeline.json: deterministic (same timeline, same bytes), UTF-8, one top-level object
// with keys in a fixed order.
void write_timeline_json(std::ostream& out, const Timeline& timeline);

// A malformed timeline.json or part line, with where it went wrong.
class TimelineError : public std::runtime_error {
 public:
  TimelineError(std::string path, std::size_t line, std::string message);
  const std::string& path() const { return path_; }
  std::size_t line() const { return line_; }  // 1-based; 0 when not known

 private:
  std::string path_;
  std::size_t line_;
};

// Reads timeline.json. Throws TimelineError for malformed or truncated JSON (with the line), a
// schema other than "tempograph/1", or content that does not fit the schema (an event whose
// mention names an unknown document, offsets beyond the text, ...).
Timeline read_timeline_json(std::string_view content, const std::string& path);
Timeline read_timeline_file(const std::filesystem::path& path);

// One document's share of a build: everything that can be found without the other documents.
struct DocumentPart {
  Document document;
  std::vector<TimeExpression> timexes;
  std::vector<EventMention> mentions;
  std::vector<EventLink> links;
};

// Tags one document: time expressions, event mentions and links.
DocumentPart analyze_document(Document document, const TimexRecognizer& timexes,
                              const EventExtractor& events);

// One line of JSON (with the newline) per part, schema "tempograph/1-part".
void write_part_json_line(std::ostream& out, const DocumentPart& part);

// Parses one part line; `line` is its 1-based number in `path`, for errors.
DocumentPart read_part_json_line(std::string_view text, const std::string& path, std::size_t line);

struct AssembleOptions {
  std::size_t top = 0;  // keep the N most salient events (0: all)
  // Where document texts and event titles wait until they are written, so that memory holds
  // only what merging needs: unlinked temporary files in this folder. Empty: kept in memory.
  std::optional<std::filesystem::path> spool_dir;
  // More than one: the temporal graph is built on another thread while the documents and
  // events are written (the output is the same).
  unsigned threads = 1;
  // Told as each stage of write() begins ("merging 383965 event mentions", "writing 141928
  // events"): on a big corpus each takes a while, and a command shows its progress.
  std::function<void(std::string_view stage)> on_stage;
};

// A part with the share of the assembler's work that needs no other document already done (its
// text and time expressions serialized), so that it can run on the threads that analyze.
class PreparedPart {
 public:
  explicit PreparedPart(DocumentPart part);

 private:
  friend class TimelineAssembler;
  Document document;  // without its text, which is in `tail`
  std::size_t timexes = 0;
  std::vector<EventMention> mentions;
  std::vector<EventLink> links;
  std::uint64_t text_hash = 0;
  std::string tail;
};

// Merges parts into a timeline. Parts may come in any order: documents are ordered by id (then
// path and text), and ids that repeat get "~2", "~3", ... in that order.
class TimelineAssembler {
 public:
  explicit TimelineAssembler(AssembleOptions options = {});
  TimelineAssembler(TimelineAssembler&&) noexcept;
  TimelineAssembler& operator=(TimelineAssembler&&) noexcept;
  ~TimelineAssembler();

  void add(DocumentPart part);
  void add(PreparedPart part);
  std::size_t size() const;  // parts added

  // Merges and writes timeline.json. Call once.
  TimelineStats write(std::ostream& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// In memory, for the viewer and tests: the timeline `write` would produce, as read back.
Timeline assemble_timeline(std::vector<DocumentPart> parts, std::size_t top = 0);

}  // namespace tempograph
