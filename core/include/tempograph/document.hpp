// Documents: loading news articles from files, folders, manifests, JSON Lines and TimeML, and
// giving each a document creation time (DCT) with its provenance.
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tempograph {

// Where a document's creation time came from. Kept so that every date the tool reports can be
// traced back to the evidence it rests on.
enum class DctSource { manifest, header, timeml, jsonl, option, inferred, none };

std::string_view to_string(DctSource source);

struct DocumentCreationTime {
  boost::gregorian::date day{boost::gregorian::not_a_date_time};
  std::optional<int> minute_of_day;  // when a full ISO date-time was given
  DctSource source = DctSource::none;
  std::string evidence;  // e.g. "header line 1", "weekday+date 'Wednesday, November 25'"

  bool known() const { return !day.is_special(); }
  std::string iso() const;  // "2024-02-15" or "2024-02-15T13:00"; empty when unknown
};

// The input a document came from, which decides how it is written back out.
enum class SourceFormat { text, jsonl, timeml };

struct Document {
  std::string id;    // file name without extension, or the JSON Lines "id"
  std::string path;  // the file it came from ("-" for stdin)
  std::string title;
  std::string url;
  std::string text;  // valid UTF-8; every offset in tempograph is a byte offset into this
  DocumentCreationTime dct;
  SourceFormat format = SourceFormat::text;
};

// One problem with one input: names the file and, where known, the line or byte.
struct LoadProblem {
  std::string path;
  std::optional<std::size_t> line;  // 1-based
  std::optional<std::size_t> byte;  // 0-based offset into the file
  std::string message;

  std::string describe() const;  // "path:line: message" / "path: byte N: message"
};

struct LoadOptions {
  std::optional<DocumentCreationTime> dct_override;  // --dct; source == option
  std::optional<std::filesystem::path> manifest;     // --manifest
  boost::gregorian::date today = boost::gregorian::day_clock::local_day();  // for DCT inference
};

struct LoadResult {
  std::vector<Document> documents;
  std::vector<LoadProblem> problems;
  std::size_t inputs_seen = 0;  // files (and JSON lines) looked at, readable or not
};

// Loads every input: files, directories (walked recursively, sorted by path) and "-" (JSON Lines
// on stdin). Problems are collected, never thrown, so one bad file does not stop the rest.
LoadResult load_documents(const std::vector<std::string>& inputs, const LoadOptions& options);

// Loads inputs one document at a time, in the order load_documents returns them, handing each to
// `on_document` and each problem to `on_problem` as soon as it is found. Memory holds one
// document (one file, or one JSON line) at a time, so inputs of any size stream through.
// Returns how many inputs (files and JSON lines) were looked at. Problems are never thrown; an
// exception thrown by a callback stops loading and reaches the caller.
std::size_t stream_documents(const std::vector<std::string>& inputs, const LoadOptions& options,
                             const std::function<void(Document&&)>& on_document,
                             const std::function<void(LoadProblem&&)>& on_problem);

// An inline element of a TimeML TEXT (TIMEX3, EVENT, SIGNAL, ...) with offsets into the plain text
// that remains once the tags are removed and entities decoded.
struct InlineTag {
  std::string name;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::vector<std::pair<std::string, std::string>> attributes;

  std::string_view attribute(std::string_view key) const;  // "" when absent
};

struct TimeMLContent {
  Document document;  // id from the file name, text from TEXT, dct from DCT (source timeml)
  std::vector<InlineTag> tags;
};

// Parses a TimeML file's content. Malformed XML, or a missing TEXT element, yields a problem
// that names the line.
std::variant<TimeMLContent, LoadProblem> parse_timeml(std::string_view content,
                                                      const std::string& path);

// Parses a DCT given on the command line or in data: "2024-02-15" or "2024-02-15T13:00[:00]".
// Returns nullopt for malformed or impossible dates (2023-02-30).
std::optional<DocumentCreationTime> parse_dct(std::string_view text, DctSource source);

}  // namespace tempograph
