// JSON forms of the timeline's parts, shared by timeline.json and the part lines so that a
// value reads back exactly as it was written. Private to core/src/timeline.
#pragma once

#include "json_writer.hpp"
#include "tempograph/timeline.hpp"

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

#include <string>
#include <string_view>

namespace tempograph::timeline_json {

// Keys stay in the order they are written, for readable, stable files.
using Json = nlohmann::ordered_json;

// Writing, each value as one JSON object (or, for the document, its fields after the id).
void write_dct(JsonWriter& w, const DocumentCreationTime& dct);
void write_document_fields(JsonWriter& w, const Document& doc, std::string_view path);
void write_timex(JsonWriter& w, const TimeExpression& t, std::string_view text);
void write_mention(JsonWriter& w, const EventMention& m);
void write_link(JsonWriter& w, const EventLink& l);
void write_event(JsonWriter& w, const Event& e);
void write_relation(JsonWriter& w, const Relation& r);
void write_conflict(JsonWriter& w, const Conflict& c);

// A read-only view of one JSON value, so that the same Reader works on nlohmann's DOM (part lines,
// and the fallback) and on simdjson's (timeline.json, fast). Both answer exactly as nlohmann
// would: an integer is also unsigned when not negative, a repeated key means its last value.
class NlohmannValue {
 public:
  NlohmannValue(const Json& j) : j_(&j) {}  // NOLINT: implicit, a view
  bool is_object() const { return j_->is_object(); }
  bool is_array() const { return j_->is_array(); }
  bool is_string() const { return j_->is_string(); }
  bool is_integer() const { return j_->is_number_integer(); }
  bool is_unsigned() const { return j_->is_number_unsigned(); }
  bool is_number() const { return j_->is_number(); }
  std::optional<NlohmannValue> find(const char* key) const {  // in an object
    auto it = j_->find(key);
    if (it == j_->end()) return std::nullopt;
    return NlohmannValue(*it);
  }
  std::string string() const { return j_->get<std::string>(); }
  std::int64_t int64() const { return j_->get<std::int64_t>(); }
  std::uint64_t uint64() const { return j_->get<std::uint64_t>(); }
  double number() const { return j_->get<double>(); }
  bool empty() const { return j_->empty(); }  // an array
  std::size_t size() const { return j_->size(); }
  template <class F>
  void each(F&& f) const {  // over an array's elements
    for (const auto& x : *j_) f(NlohmannValue(x));
  }
  template <class F>
  void each_field(F&& f) const {  // over an object's keys and values, in order
    for (auto it = j_->begin(); it != j_->end(); ++it)
      f(std::string_view(it.key()), NlohmannValue(it.value()));
  }

 private:
  const Json* j_;
};

// GCC's flow analysis sees simdjson's accessors reach the null document of a default element;
// a SimdValue always comes from a parsed document and is asked only what its type allows.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
class SimdValue {
 public:
  SimdValue(simdjson::dom::element e) : e_(e) {}  // NOLINT: implicit, a view
  bool is_object() const { return e_.is_object(); }
  bool is_array() const { return e_.is_array(); }
  bool is_string() const { return e_.is_string(); }
  bool is_integer() const { return e_.is_int64() || e_.is_uint64(); }
  bool is_unsigned() const { return e_.is_uint64(); }  // also a non-negative int64
  bool is_number() const { return e_.is_number(); }
  std::optional<SimdValue> find(const char* key) const {
    const std::string_view k(key);
    std::optional<SimdValue> found;
    const simdjson::dom::object object = e_.get_object().value_unsafe();
    for (const auto field : object)
      if (field.key == k) found = SimdValue(field.value);  // the last, as nlohmann keeps
    return found;
  }
  std::string string() const {
    const std::string_view s = e_.get_string().value_unsafe();
    return std::string(s);
  }
  std::int64_t int64() const {
    return e_.is_int64() ? e_.get_int64().value_unsafe()
                         : static_cast<std::int64_t>(e_.get_uint64().value_unsafe());
  }
  std::uint64_t uint64() const { return e_.get_uint64().value_unsafe(); }
  double number() const { return e_.get_double().value_unsafe(); }
  bool empty() const {
    const simdjson::dom::array a = e_.get_array().value_unsafe();
    return a.begin() == a.end();
  }
  std::size_t size() const {
    const simdjson::dom::array a = e_.get_array().value_unsafe();
    return a.size();
  }
  template <class F>
  void each(F&& f) const {
    const simdjson::dom::array a = e_.get_array().value_unsafe();
    for (const simdjson::dom::element x : a) f(SimdValue(x));
  }
  template <class F>
  void each_field(F&& f) const {
    const simdjson::dom::object object = e_.get_object().value_unsafe();
    for (const auto field : object) f(field.key, SimdValue(field.value));
  }

 private:
  simdjson::dom::element e_;
};
#pragma GCC diagnostic pop

// Reading: each throws TimelineError(path, line, "<where>: <what>") on a value that does not fit.
template <class V>
struct BasicReader {
  std::string path;
  std::size_t line = 0;  // for part lines; 0 in timeline.json

  [[noreturn]] void fail(const std::string& where, const std::string& what) const;

  V field(const V& object, const char* key, const std::string& where) const;
  std::string string(const V& object, const char* key, const std::string& where,
                     bool required = true) const;
  std::uint32_t offset(const V& object, const char* key, const std::string& where) const;
  // An array; std::nullopt when absent and not required (read as empty).
  std::optional<V> array(const V& object, const char* key, const std::string& where,
                         bool required = true) const;

  DocumentCreationTime dct(const V& j, const std::string& where) const;
  void document_meta(const V& j, const std::string& where, Document& doc) const;
  TimeExpression timex(const V& j, const std::string& where) const;
  EventMention mention(const V& j, const std::string& where) const;
  EventLink link(const V& j, const std::string& where) const;
  TimeSpan span(const V& j, const std::string& where) const;
  // events[index] and relations[index] of a timeline: read in one pass over each object's
  // fields, with the place for an error message built only on an error (a timeline has
  // millions of these objects).
  Event event(const V& j, std::size_t index) const;
  Relation relation(const V& j, std::size_t index) const;
  Conflict conflict(const V& j, const std::string& where) const;
};

extern template struct BasicReader<NlohmannValue>;
extern template struct BasicReader<SimdValue>;
using Reader = BasicReader<NlohmannValue>;

// Calls f(element, index) for each element of an array from BasicReader::array (none if absent).
template <class V, class F>
void each(const std::optional<V>& array, F&& f) {
  if (!array) return;
  std::size_t i = 0;
  array->each([&](const V& x) { f(x, i++); });
}

// Parses JSON text, turning a syntax error into TimelineError with its line.
Json parse(std::string_view text, const std::string& path, std::size_t first_line);

}  // namespace tempograph::timeline_json
