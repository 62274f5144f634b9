#include "json_codec.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <limits>

namespace tempograph::timeline_json {
namespace {

namespace greg = boost::gregorian;

// The name of an enumerator back to its value, by trying each of the first `count`.
template <class Enum>
std::optional<Enum> parse_enum(std::string_view name, int count) {
  for (int i = 0; i < count; ++i)
    if (to_string(static_cast<Enum>(i)) == name) return static_cast<Enum>(i);
  return std::nullopt;
}

// YYYY-MM-DD, as greg::to_iso_extended_string gives it, without its stream machinery (a
// timeline writes three per event).
std::string iso(const greg::date& d) {
  if (d.is_special()) return {};
  const auto ymd = d.year_month_day();
  const unsigned y = ymd.year, m = ymd.month, day = ymd.day;  // years 1400-9999 in Boost
  std::string s = "0000-00-00";
  s[0] = static_cast<char>('0' + y / 1000 % 10);
  s[1] = static_cast<char>('0' + y / 100 % 10);
  s[2] = static_cast<char>('0' + y / 10 % 10);
  s[3] = static_cast<char>('0' + y % 10);
  s[5] = static_cast<char>('0' + m / 10);
  s[6] = static_cast<char>('0' + m % 10);
  s[8] = static_cast<char>('0' + day / 10);
  s[9] = static_cast<char>('0' + day % 10);
  return s;
}

}  // namespace

void write_dct(JsonWriter& w, const DocumentCreationTime& dct) {
  w.begin_object();
  w.field("value", dct.iso());
  w.field("source", to_string(dct.source));
  if (!dct.evidence.empty()) w.field("evidence", dct.evidence);
  w.end_object();
}

void write_document_fields(JsonWriter& w, const Document& doc, std::string_view path) {
  w.field("path", path);
  w.field("title", doc.title);
  w.field("url", doc.url);
  w.field("format", doc.format == SourceFormat::jsonl    ? "jsonl"
                    : doc.format == SourceFormat::timeml ? "timeml"
                                                         : "text");
  w.key("dct");
  write_dct(w, doc.dct);
}

void write_timex(JsonWriter& w, const TimeExpression& t, std::string_view text) {
  w.begin_object();
  w.field("begin", t.begin);
  w.field("end", t.end);
  w.field("text", text);
  w.field("type", to_string(t.type));
  w.field("value", t.value);
  if (!t.mod.empty()) w.field("mod", t.mod);
  w.field("granularity", to_string(t.granularity));
  if (!t.range_end.empty()) w.field("range_end", t.range_end);
  if (!t.reaches.empty()) w.field("reaches", t.reaches);
  w.end_object();
}

void write_mention(JsonWriter& w, const EventMention& m) {
  w.begin_object();
  w.field("begin", m.begin);
  w.field("end", m.end);
  w.field("sentence_begin", m.sentence_begin);
  w.field("sentence_end", m.sentence_end);
  w.field("trigger", m.trigger_lemma);
  w.field("category", to_string(m.category));
  w.field("pos", to_string(m.pos));
  w.field("title", m.title);
  w.key("participants");
  w.begin_array();
  for (const auto& p : m.participants) {
    w.begin_object();
    w.field("name", p.name);
    w.field("kind", to_string(p.kind));
    if (!p.country.empty()) w.field("country", p.country);
    w.end_object();
  }
  w.end_array();
  w.field("anchor", to_string(m.anchor));
  w.field("timex", m.timex);
  w.field("time", m.time_value);
  if (!m.time_range_end.empty()) w.field("time_end", m.time_range_end);
  w.end_object();
}

void write_link(JsonWriter& w, const EventLink& l) {
  w.begin_object();
  w.field("mention", l.mention);
  w.field("order", l.mention_after ? "after" : "before");
  w.field("begin", l.begin);
  w.field("end", l.end);
  w.field("target_begin", l.target_begin);
  w.field("target_end", l.target_end);
  w.field("target_trigger", l.target_lemma);
  if (!l.target_time.empty()) w.field("target_time", l.target_time);
  w.end_object();
}

namespace {

void write_span_fields(JsonWriter& w, const TimeSpan& s) {
  w.field("value", s.value);
  w.field("start", iso(s.start));
  w.field("end", iso(s.end));
  w.field("granularity", to_string(s.granularity));
}

}  // namespace

void write_event(JsonWriter& w, const Event& e) {
  w.begin_object();
  w.field("id", e.id);
  w.field("title", e.title);
  w.field("category", to_string(e.category));
  w.field("participants", e.participants);
  w.field("salience", e.salience);
  w.key("time");
  w.begin_object();
  write_span_fields(w, e.time);
  w.end_object();
  w.field("sources", e.source_count());
  w.key("mentions");
  w.begin_array();
  for (const auto& m : e.mentions) {
    w.begin_object();
    w.field("doc", m.doc);
    w.field("begin", m.begin);
    w.field("end", m.end);
    w.field("sentence_begin", m.sentence_begin);
    w.field("sentence_end", m.sentence_end);
    w.field("trigger", m.trigger);
    w.field("time", m.time_value);
    w.field("anchor", to_string(m.anchor));
    w.end_object();
  }
  w.end_array();
  if (!e.disputed.empty()) {
    w.key("disputed");
    w.begin_array();
    for (const auto& r : e.disputed) {
      w.begin_object();
      write_span_fields(w, r.time);
      w.field("docs", r.docs);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

void write_relation(JsonWriter& w, const Relation& r) {
  w.begin_object();
  w.field("from", r.from);
  w.field("to", r.to);
  w.field("type", to_string(r.type));
  w.field("basis", to_string(r.basis));
  if (r.evidence) {
    w.key("evidence");
    w.begin_object();
    w.field("doc", r.evidence->doc);
    w.field("begin", r.evidence->begin);
    w.field("end", r.evidence->end);
    w.end_object();
  }
  w.end_object();
}

void write_conflict(JsonWriter& w, const Conflict& c) {
  w.begin_object();
  w.field("kind", to_string(c.kind));
  w.field("events", c.events);
  w.field("message", c.message);
  w.end_object();
}

template <class V>
void BasicReader<V>::fail(const std::string& where, const std::string& what) const {
  throw TimelineError(path, line, where + ": " + what);
}

template <class V>
V BasicReader<V>::field(const V& object, const char* key, const std::string& where) const {
  if (!object.is_object()) fail(where, "expected an object");
  auto it = object.find(key);
  if (!it) fail(where, std::string("missing \"") + key + "\"");
  return *it;
}

template <class V>
std::string BasicReader<V>::string(const V& object, const char* key, const std::string& where,
                                   bool required) const {
  if (!object.is_object()) fail(where, "expected an object");
  auto it = object.find(key);
  if (!it) {
    if (required) fail(where, std::string("missing \"") + key + "\"");
    return {};
  }
  if (!it->is_string()) fail(where + "." + key, "expected a string");
  return it->string();
}

template <class V>
std::uint32_t BasicReader<V>::offset(const V& object, const char* key,
                                     const std::string& where) const {
  const V v = field(object, key, where);
  if (!v.is_integer() || v.int64() < 0 || v.int64() > std::numeric_limits<std::uint32_t>::max())
    fail(where + "." + key, "expected an offset (a whole number of bytes)");
  return static_cast<std::uint32_t>(v.int64());
}

template <class V>
std::optional<V> BasicReader<V>::array(const V& object, const char* key, const std::string& where,
                                       bool required) const {
  if (!object.is_object()) fail(where, "expected an object");
  auto it = object.find(key);
  if (!it) {
    if (required) fail(where, std::string("missing \"") + key + "\"");
    return std::nullopt;
  }
  if (!it->is_array()) fail(where + "." + key, "expected an array");
  return *it;
}

template <class V>
DocumentCreationTime BasicReader<V>::dct(const V& j, const std::string& where) const {
  const auto source = parse_enum<DctSource>(string(j, "source", where), 7);
  if (!source) fail(where + ".source", "unknown DCT source");
  DocumentCreationTime out;
  const std::string value = string(j, "value", where);
  if (!value.empty()) {
    auto parsed = parse_dct(value, *source);
    if (!parsed) fail(where + ".value", "'" + value + "' is not a date");
    out = *parsed;
  }
  out.source = *source;
  out.evidence = string(j, "evidence", where, false);
  return out;
}

template <class V>
void BasicReader<V>::document_meta(const V& j, const std::string& where, Document& doc) const {
  doc.id = string(j, "id", where);
  if (doc.id.empty()) fail(where + ".id", "empty document id");
  doc.path = string(j, "path", where);
  doc.title = string(j, "title", where);
  doc.url = string(j, "url", where);
  const std::string format = string(j, "format", where);
  if (format == "jsonl")
    doc.format = SourceFormat::jsonl;
  else if (format == "timeml")
    doc.format = SourceFormat::timeml;
  else if (format == "text")
    doc.format = SourceFormat::text;
  else
    fail(where + ".format", "unknown format '" + format + "'");
  doc.dct = dct(field(j, "dct", where), where + ".dct");
}

template <class V>
TimeExpression BasicReader<V>::timex(const V& j, const std::string& where) const {
  TimeExpression t;
  t.begin = offset(j, "begin", where);
  t.end = offset(j, "end", where);
  const auto type = parse_enum<TimexType>(string(j, "type", where), 4);
  if (!type) fail(where + ".type", "unknown type");
  t.type = *type;
  t.value = string(j, "value", where);
  t.mod = string(j, "mod", where, false);
  const auto g = parse_enum<Granularity>(string(j, "granularity", where), 15);
  if (!g) fail(where + ".granularity", "unknown granularity");
  t.granularity = *g;
  t.range_end = string(j, "range_end", where, false);
  t.reaches = string(j, "reaches", where, false);
  return t;
}

template <class V>
EventMention BasicReader<V>::mention(const V& j, const std::string& where) const {
  EventMention m;
  m.begin = offset(j, "begin", where);
  m.end = offset(j, "end", where);
  m.sentence_begin = offset(j, "sentence_begin", where);
  m.sentence_end = offset(j, "sentence_end", where);
  m.trigger_lemma = string(j, "trigger", where);
  const auto category = parse_event_category(string(j, "category", where));
  if (!category) fail(where + ".category", "unknown category");
  m.category = *category;
  const auto pos = parse_enum<PartOfSpeech>(string(j, "pos", where), 4);
  if (!pos) fail(where + ".pos", "unknown part of speech");
  m.pos = *pos;
  m.title = string(j, "title", where);
  each(array(j, "participants", where), [&](const V& pj, std::size_t i) {
    const std::string w = where + ".participants[" + std::to_string(i) + "]";
    Participant p;
    p.name = string(pj, "name", w);
    const auto kind = parse_enum<ParticipantKind>(string(pj, "kind", w), 5);
    if (!kind) fail(w + ".kind", "unknown participant kind");
    p.kind = *kind;
    p.country = string(pj, "country", w, false);
    m.participants.push_back(std::move(p));
  });
  const auto anchor = parse_enum<AnchorSource>(string(j, "anchor", where), 5);
  if (!anchor) fail(where + ".anchor", "unknown anchor");
  m.anchor = *anchor;
  const V timex_index = field(j, "timex", where);
  if (!timex_index.is_integer()) fail(where + ".timex", "expected a whole number");
  m.timex = static_cast<int>(timex_index.int64());
  m.time_value = string(j, "time", where);
  m.time_range_end = string(j, "time_end", where, false);
  return m;
}

template <class V>
EventLink BasicReader<V>::link(const V& j, const std::string& where) const {
  EventLink l;
  l.mention = offset(j, "mention", where);
  const std::string order = string(j, "order", where);
  if (order != "after" && order != "before") fail(where + ".order", "expected after or before");
  l.mention_after = order == "after";
  l.begin = offset(j, "begin", where);
  l.end = offset(j, "end", where);
  l.target_begin = offset(j, "target_begin", where);
  l.target_end = offset(j, "target_end", where);
  l.target_lemma = string(j, "target_trigger", where);
  l.target_time = string(j, "target_time", where, false);
  return l;
}

namespace {

// An object's values for the given keys, found in one pass over its fields (the last of a
// repeated key, as nlohmann keeps).
template <class V, std::size_t K>
using Found = std::array<std::optional<V>, K>;

template <class V, std::size_t K>
Found<V, K> find_fields(const V& object, const std::array<std::string_view, K>& keys) {
  Found<V, K> found;
  std::size_t next = 0;  // fields come in the order written: try the key after the last first
  object.each_field([&](std::string_view key, const V& value) {
    if (next < K && keys[next] == key) {
      found[next++] = value;
      return;
    }
    for (std::size_t k = 0; k < K; ++k)
      if (keys[k] == key) {
        found[k] = value;
        next = k + 1;
        break;
      }
  });
  return found;
}

// YYYY-MM-DD exactly, a real day; nullopt otherwise. By hand: Boost's parser is slow.
std::optional<greg::date> parse_iso_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const std::pair<std::size_t, std::size_t> fields[3] = {{0, 4}, {5, 2}, {8, 2}};
  for (int k = 0; k < 3; ++k)
    for (std::size_t i = fields[k].first; i < fields[k].first + fields[k].second; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[k] = parts[k] * 10 + (text[i] - '0');
    }
  try {
    return greg::date(static_cast<unsigned short>(parts[0]), static_cast<unsigned short>(parts[1]),
                      static_cast<unsigned short>(parts[2]));
  } catch (const std::exception&) {  // out of Boost's range, or no such day
    return std::nullopt;
  }
}

}  // namespace

// The checks of field(), string(), offset() and array(), with the same messages, on values found
// by find_fields; `where` is a function giving the place, called only to report an error.
template <class V>
struct FoundReader {
  const BasicReader<V>& r;

  template <class W>
  const V& need(const std::optional<V>& v, const char* key, const W& where) const {
    if (!v) r.fail(where(), std::string("missing \"") + key + "\"");
    return *v;
  }
  template <class W>
  std::string string(const std::optional<V>& v, const char* key, const W& where) const {
    if (!need(v, key, where).is_string()) r.fail(where() + "." + key, "expected a string");
    return v->string();
  }
  template <class W>
  std::uint32_t offset(const std::optional<V>& v, const char* key, const W& where) const {
    const V& x = need(v, key, where);
    if (!x.is_integer() || x.int64() < 0 || x.int64() > std::numeric_limits<std::uint32_t>::max())
      r.fail(where() + "." + key, "expected an offset (a whole number of bytes)");
    return static_cast<std::uint32_t>(x.int64());
  }
  template <class W>
  std::optional<V> array(const std::optional<V>& v, const char* key, const W& where,
                         bool required = true) const {
    if (!v) {
      if (required) need(v, key, where);
      return std::nullopt;
    }
    if (!v->is_array()) r.fail(where() + "." + key, "expected an array");
    return v;
  }
  template <class W>
  void object(const V& j, const W& where) const {
    if (!j.is_object()) r.fail(where(), "expected an object");
  }

  template <class W>
  TimeSpan span(const V& j, const W& where) const {
    object(j, where);
    const auto f =
        find_fields(j, std::array<std::string_view, 4>{"value", "start", "end", "granularity"});
    TimeSpan s;
    s.value = string(f[0], "value", where);
    auto day = [&](const std::optional<V>& v, const char* key) {
      const std::string text = string(v, key, where);
      const auto d = parse_iso_day(text);
      if (!d) r.fail(where() + "." + key, "'" + text + "' is not an ISO date (YYYY-MM-DD)");
      return *d;
    };
    s.start = day(f[1], "start");
    s.end = day(f[2], "end");
    if (s.end < s.start) r.fail(where(), "ends before it starts");
    const auto g = parse_enum<Granularity>(string(f[3], "granularity", where), 15);
    if (!g) r.fail(where() + ".granularity", "unknown granularity");
    s.granularity = *g;
    return s;
  }
};

template <class V>
TimeSpan BasicReader<V>::span(const V& j, const std::string& where) const {
  return FoundReader<V>{*this}.span(j, [&] { return where; });
}

template <class V>
Event BasicReader<V>::event(const V& j, std::size_t index) const {
  const FoundReader<V> r{*this};
  const auto where = [index] { return "events[" + std::to_string(index) + "]"; };
  r.object(j, where);
  const auto f =
      find_fields(j, std::array<std::string_view, 8>{"id", "title", "category", "participants",
                                                     "salience", "time", "mentions", "disputed"});
  Event e;
  e.id = r.string(f[0], "id", where);
  e.title = r.string(f[1], "title", where);
  const auto category = parse_event_category(r.string(f[2], "category", where));
  if (!category) fail(where() + ".category", "unknown category");
  e.category = *category;
  each(r.array(f[3], "participants", where), [&](const V& p, std::size_t) {
    if (!p.is_string()) fail(where() + ".participants", "expected strings");
    e.participants.push_back(p.string());
  });
  const V& salience = r.need(f[4], "salience", where);
  if (!salience.is_number()) fail(where() + ".salience", "expected a number");
  e.salience = salience.number();
  e.time = r.span(r.need(f[5], "time", where), [&] { return where() + ".time"; });
  const auto ms = r.array(f[6], "mentions", where);
  if (ms->empty()) fail(where() + ".mentions", "an event needs at least one mention");
  e.mentions.reserve(ms->size());
  each(ms, [&](const V& mj, std::size_t i) {
    const auto w = [&] { return where() + ".mentions[" + std::to_string(i) + "]"; };
    r.object(mj, w);
    const auto m = find_fields(
        mj, std::array<std::string_view, 8>{"doc", "begin", "end", "sentence_begin", "sentence_end",
                                            "trigger", "time", "anchor"});
    MentionSource s;
    s.doc = r.string(m[0], "doc", w);
    s.begin = r.offset(m[1], "begin", w);
    s.end = r.offset(m[2], "end", w);
    s.sentence_begin = r.offset(m[3], "sentence_begin", w);
    s.sentence_end = r.offset(m[4], "sentence_end", w);
    s.trigger = r.string(m[5], "trigger", w);
    s.time_value = r.string(m[6], "time", w);
    const auto anchor = parse_enum<AnchorSource>(r.string(m[7], "anchor", w), 5);
    if (!anchor) fail(w() + ".anchor", "unknown anchor");
    s.anchor = *anchor;
    e.mentions.push_back(std::move(s));
  });
  each(r.array(f[7], "disputed", where, false), [&](const V& dj, std::size_t i) {
    const auto w = [&] { return where() + ".disputed[" + std::to_string(i) + "]"; };
    Event::Reading reading;
    reading.time = r.span(dj, w);
    const auto docs = find_fields(dj, std::array<std::string_view, 1>{"docs"});
    each(r.array(docs[0], "docs", w), [&](const V& d, std::size_t) {
      if (!d.is_string()) fail(w() + ".docs", "expected strings");
      reading.docs.push_back(d.string());
    });
    e.disputed.push_back(std::move(reading));
  });
  return e;
}

template <class V>
Relation BasicReader<V>::relation(const V& j, std::size_t index) const {
  const FoundReader<V> r{*this};
  const auto where = [index] { return "relations[" + std::to_string(index) + "]"; };
  r.object(j, where);
  const auto f =
      find_fields(j, std::array<std::string_view, 5>{"from", "to", "type", "basis", "evidence"});
  Relation rel;
  rel.from = r.string(f[0], "from", where);
  rel.to = r.string(f[1], "to", where);
  const auto type = parse_relation_type(r.string(f[2], "type", where));
  if (!type) fail(where() + ".type", "unknown relation type");
  rel.type = *type;
  const auto basis = parse_relation_basis(r.string(f[3], "basis", where));
  if (!basis) fail(where() + ".basis", "unknown basis");
  rel.basis = *basis;
  if (f[4]) {
    const auto w = [&] { return where() + ".evidence"; };
    r.object(*f[4], w);
    const auto ev = find_fields(*f[4], std::array<std::string_view, 3>{"doc", "begin", "end"});
    rel.evidence = LinkEvidence{r.string(ev[0], "doc", w), r.offset(ev[1], "begin", w),
                                r.offset(ev[2], "end", w)};
  }
  return rel;
}

template <class V>
Conflict BasicReader<V>::conflict(const V& j, const std::string& where) const {
  Conflict c;
  const auto kind = parse_conflict_kind(string(j, "kind", where));
  if (!kind) fail(where + ".kind", "unknown conflict kind");
  c.kind = *kind;
  each(array(j, "events", where), [&](const V& e, std::size_t) {
    if (!e.is_string()) fail(where + ".events", "expected strings");
    c.events.push_back(e.string());
  });
  c.message = string(j, "message", where);
  return c;
}

template struct BasicReader<NlohmannValue>;
template struct BasicReader<SimdValue>;

namespace {

// No timeline or part line nests deeper than a few levels; anything past this is not one.
constexpr std::size_t kMaxDepth = 256;

// Where the nesting of arrays and objects in `text` first goes past kMaxDepth (strings skipped),
// or npos. Checked before parsing: nlohmann's ordered_map copies its values as it grows, one
// stack frame per level, so 100,000 '[' overflow the stack of a thread (the viewer's loader).
std::size_t too_deep_at(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

}  // namespace

Json parse(std::string_view text, const std::string& path, std::size_t first_line) {
  if (const std::size_t at = too_deep_at(text); at != std::string_view::npos) {
    const auto line =
        first_line + static_cast<std::size_t>(std::count(
                         text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    throw TimelineError(
        path, line, "malformed JSON: nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based, one past the offending byte; count the lines before it.
    const std::size_t at = std::min<std::size_t>(e.byte ? e.byte - 1 : 0, text.size());
    std::size_t line = first_line;
    for (std::size_t i = 0; i < at; ++i)
      if (text[i] == '\n') ++line;
    std::string what = e.what();
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1, ...";
    // keep the part after the last ": " which says what was wrong.
    if (auto colon = what.rfind(": "); colon != std::string::npos) what = what.substr(colon + 2);
    if (at >= text.size() || text.find_first_not_of(" \t\r\n", at) == std::string_view::npos)
      what = "truncated JSON (" + what + ")";
    throw TimelineError(path, line, "malformed JSON: " + what);
  } catch (const nlohmann::json::exception& e) {
    // Valid syntax nlohmann cannot hold: a number out of range (1e999), found by fuzzing.
    std::string what = e.what();
    if (auto bracket = what.find("] "); bracket != std::string::npos)
      what = what.substr(bracket + 2);
    throw TimelineError(path, first_line, "malformed JSON: " + what);
  }
}

}  // namespace tempograph::timeline_json
