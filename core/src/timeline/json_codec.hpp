// JSON forms of the timeline's parts, shared by timeline.json and the part lines so that a
// value reads back exactly as it was written. Private to core/src/timeline.
#pragma once

#include "tempograph/timeline.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace tempograph::timeline_json {

// Keys stay in the order they are written, for readable, stable files.
using Json = nlohmann::ordered_json;

Json dct_to_json(const DocumentCreationTime& dct);
Json document_meta_to_json(const Document& doc);  // id, path, title, url, dct (no text)
Json timex_to_json(const TimeExpression& t, std::string_view text);
Json mention_to_json(const EventMention& m);
Json link_to_json(const EventLink& l);
Json span_to_json(const TimeSpan& s);
Json event_to_json(const Event& e);
Json relation_to_json(const Relation& r);
Json conflict_to_json(const Conflict& c);

// Reading: each throws TimelineError(path, line, "<where>: <what>") on a value that does not fit.
struct Reader {
  std::string path;
  std::size_t line = 0;  // for part lines; 0 in timeline.json

  [[noreturn]] void fail(const std::string& where, const std::string& what) const;

  const Json& field(const Json& object, const char* key, const std::string& where) const;
  std::string string(const Json& object, const char* key, const std::string& where,
                     bool required = true) const;
  std::uint32_t offset(const Json& object, const char* key, const std::string& where) const;
  const Json& array(const Json& object, const char* key, const std::string& where,
                    bool required = true) const;

  DocumentCreationTime dct(const Json& j, const std::string& where) const;
  void document_meta(const Json& j, const std::string& where, Document& doc) const;
  TimeExpression timex(const Json& j, const std::string& where) const;
  EventMention mention(const Json& j, const std::string& where) const;
  EventLink link(const Json& j, const std::string& where) const;
  TimeSpan span(const Json& j, const std::string& where) const;
  Event event(const Json& j, const std::string& where) const;
  Relation relation(const Json& j, const std::string& where) const;
  Conflict conflict(const Json& j, const std::string& where) const;
};

// Parses JSON text, turning a syntax error into TimelineError with its line.
Json parse(std::string_view text, const std::string& path, std::size_t first_line);

}  // namespace tempograph::timeline_json
