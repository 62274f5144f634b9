// timeline.json and part lines: writing, reading and assembling.
//
// The file is JSON with one array element per line, so that it streams out (document texts are
// spooled, never all in memory) and an error's line number points at one document or event.
#include "tempograph/timeline.hpp"

#include "../text/file_descriptor.hpp"
#include "../text/spool.hpp"
#include "json_codec.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace tempograph {

using timeline_json::Json;

namespace {

using timeline_json::JsonWriter;

std::string quoted(std::string_view s) {
  std::string out;
  JsonWriter(out).quoted(s);
  return out;
}

void write_stats(JsonWriter& w, const TimelineStats& s) {
  w.begin_object();
  w.field("documents", s.documents);
  w.field("timexes", s.timexes);
  w.field("mentions", s.mentions);
  w.field("undated_mentions", s.undated_mentions);
  w.field("events", s.events);
  w.end_object();
}

// A timex's text, clamped to the document (a part line from elsewhere may not fit it).
std::string_view timex_text(std::string_view text, const TimeExpression& t) {
  const auto begin = std::min<std::size_t>(t.begin, text.size());
  const auto end = std::clamp<std::size_t>(t.end, begin, text.size());
  return text.substr(begin, end - begin);
}

// Everything of a document line but its id, which is only settled once all parts are in:
// `,"path":...,"text":...,"timexes":[...]}`.
std::string document_line_tail(const Document& doc, const std::vector<TimeExpression>& timexes) {
  std::string s;
  s.reserve(doc.text.size() + 256 + 160 * timexes.size());
  JsonWriter w(s);
  w.begin_object();
  timeline_json::write_document_fields(
      w, doc, doc.format == SourceFormat::jsonl ? std::string_view() : doc.path);
  w.field("text", doc.text);
  w.key("timexes");
  w.begin_array();
  for (const auto& t : timexes) timeline_json::write_timex(w, t, timex_text(doc.text, t));
  w.end_array();
  w.end_object();
  s[0] = ',';
  return s;
}

// Elements [begin, end) of a section, one per line, with `,\n` before all but the first;
// write(w, i) writes element i.
template <class Write>
void append_lines(std::string& text, std::size_t begin, std::size_t end, const Write& write) {
  for (std::size_t i = begin; i < end; ++i) {
    text += i ? ",\n" : "\n";
    JsonWriter w(text);
    write(w, i);
  }
}

// A section's `n` elements, written in order. With more than one thread, chunks are serialized
// on other threads while earlier ones are written; memory holds only the chunks in flight.
template <class Write>
void write_lines(std::ostream& out, std::size_t n, const Write& write, unsigned threads = 1) {
  constexpr std::size_t kChunk = 512;
  std::string text;
  if (threads <= 1 || n <= kChunk) {
    for (std::size_t i = 0; i < n; i += kChunk) {
      text.clear();
      append_lines(text, i, std::min(n, i + kChunk), write);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    return;
  }
  auto serialize = [n, &write](std::size_t begin) {
    std::string chunk;
    append_lines(chunk, begin, std::min(n, begin + kChunk), write);
    return chunk;
  };
  std::deque<std::future<std::string>> pending;
  for (std::size_t next = 0; next < n || !pending.empty();) {
    while (next < n && pending.size() < threads) {
      pending.push_back(std::async(std::launch::async, serialize, next));
      next += kChunk;
    }
    text = pending.front().get();
    pending.pop_front();
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
}

template <class T, class Write>
void write_lines(std::ostream& out, const std::vector<T>& items, Write write) {
  write_lines(out, items.size(), [&](JsonWriter& w, std::size_t i) { write(w, items[i]); });
}

// The sections after the documents, shared by write_timeline_json and the assembler: events,
// then relations and conflicts.
void write_events(std::ostream& out, const std::vector<Event>& events) {
  out << "],\n\"events\":[";
  write_lines(out, events, timeline_json::write_event);
}

void write_relation_sections(std::ostream& out, const TemporalGraph& graph) {
  out << "],\n\"relations\":[";
  write_lines(out, graph.relations, timeline_json::write_relation);
  out << "],\n\"conflicts\":[";
  write_lines(out, graph.conflicts, timeline_json::write_conflict);
  out << "]}\n";
}

void write_header(std::ostream& out, const TimelineStats& stats) {
  std::string s = "{\"schema\":" + quoted(kTimelineSchema) + ",\n\"stats\":";
  JsonWriter w(s);
  write_stats(w, stats);
  s += ",\n\"documents\":[";
  out << s;
}

}  // namespace

TimelineError::TimelineError(std::string path, std::size_t line, std::string message)
    : std::runtime_error((line ? path + ":" + std::to_string(line) : path) + ": " + message),
      path_(std::move(path)),
      line_(line) {}

const Document* Timeline::document(std::string_view id) const {
  auto it = std::lower_bound(documents.begin(), documents.end(), id,
                             [](const Document& d, std::string_view k) { return d.id < k; });
  if (it != documents.end() && it->id == id) return &*it;
  for (const auto& d : documents)  // not sorted (built by hand): look everywhere
    if (d.id == id) return &d;
  return nullptr;
}

const Event* Timeline::event(std::string_view id) const {
  for (const auto& e : events)
    if (e.id == id) return &e;
  return nullptr;
}

void write_timeline_json(std::ostream& out, const Timeline& timeline) {
  write_header(out, timeline.stats);
  std::map<std::string_view, std::vector<TimeExpression>> timexes;
  for (const auto& t : timeline.timexes) timexes[t.doc].push_back(t.timex);
  for (std::size_t i = 0; i < timeline.documents.size(); ++i) {
    const Document& d = timeline.documents[i];
    out << (i ? ",\n" : "\n") << "{\"id\":" << quoted(d.id) << document_line_tail(d, timexes[d.id]);
  }
  write_events(out, timeline.events);
  write_relation_sections(out, TemporalGraph{timeline.relations, timeline.conflicts});
}

namespace {

// The set of event ids, to check that they are unique and that relations name real events. As
// tempograph numbers them, e1, e2, ..., it needs no table (a timeline may hold millions).
class EventIds {
 public:
  // Calls repeated(i) for the first event whose id an earlier one has; it must throw.
  template <class F>
  EventIds(const std::vector<Event>& events, F&& repeated) {
    for (std::size_t i = 0; i < events.size() && numbered_ == i; ++i)
      if (number(events[i].id) == i + 1) ++numbered_;
    if (numbered_ == events.size()) return;
    numbered_ = 0;
    ids_.reserve(events.size());
    for (std::size_t i = 0; i < events.size(); ++i)
      if (!ids_.insert(events[i].id).second) repeated(i);  // views of ids that stay in place
  }
  bool contains(std::string_view id) const {
    if (ids_.empty()) return number(id) != 0 && number(id) <= numbered_;
    return ids_.count(id) > 0;
  }

 private:
  // N for "eN" written as tempograph writes it (no sign, no leading zero); 0 otherwise.
  static std::size_t number(std::string_view id) {
    if (id.size() < 2 || id.size() > 12 || id[0] != 'e' || id[1] == '0') return 0;
    std::size_t n = 0;
    for (const char c : id.substr(1)) {
      if (c < '0' || c > '9') return 0;
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    return n;
  }

  std::size_t numbered_ = 0;  // events e1..eN, in order
  std::unordered_set<std::string_view> ids_;
};

// The sections of a timeline held in one JSON DOM.
template <class V>
class DomSections {
 public:
  DomSections(const timeline_json::BasicReader<V>& r, const V& root) : r_(r), root_(root) {}
  std::size_t size(const char* name) const { return r_.array(root_, name, "timeline")->size(); }
  template <class F>
  void each(const char* name, F&& f) const {
    timeline_json::each(r_.array(root_, name, "timeline"), f);
  }
  template <class F>
  void each_in_parallel(const char* name, F&& f) const {  // one DOM: one thread
    each(name, f);
  }

 private:
  const timeline_json::BasicReader<V>& r_;
  V root_;
};

void check_schema(const timeline_json::Reader& r, const std::string& schema) {
  if (schema != kTimelineSchema)
    r.fail("schema",
           "'" + schema + "' is not " + std::string(kTimelineSchema) +
               (schema.rfind("tempograph/", 0) == 0 ? " (written by another version of tempograph)"
                                                    : ""));
}

template <class V>
TimelineStats read_stats(const std::optional<V>& stats) {
  if (!stats || !stats->is_object()) return {};
  auto count = [&](const char* key) -> std::size_t {
    auto f = stats->find(key);
    return f && f->is_unsigned() ? f->uint64() : 0;
  };
  return {count("documents"), count("timexes"), count("mentions"), count("undated_mentions"),
          count("events")};
}

// Everything read_timeline_json checks, after the schema: documents, events, relations and
// conflicts, from a DOM of the whole file or line by line.
template <class V, class Sections>
Timeline read_sections(const timeline_json::BasicReader<V>& r, Sections& sections,
                       std::future<std::vector<Event>>* presized = nullptr) {
  Timeline t;
  std::set<std::string> ids;
  sections.each("documents", [&](const V& dj, std::size_t i) {
    const std::string w = "documents[" + std::to_string(i) + "]";
    Document d;
    r.document_meta(dj, w, d);
    d.text = r.string(dj, "text", w);
    if (!ids.insert(d.id).second) r.fail(w + ".id", "document id '" + d.id + "' repeats");
    timeline_json::each(r.array(dj, "timexes", w, false), [&](const V& tj, std::size_t k) {
      const std::string wt = w + ".timexes[" + std::to_string(k) + "]";
      DocumentTimex dt;
      dt.doc = d.id;
      dt.timex = r.timex(tj, wt);
      if (dt.timex.begin > dt.timex.end || dt.timex.end > d.text.size())
        r.fail(wt, "offsets outside the document's text");
      dt.text = d.text.substr(dt.timex.begin, dt.timex.end - dt.timex.begin);
      t.timexes.push_back(std::move(dt));
    });
    t.documents.push_back(std::move(d));
  });
  std::sort(t.documents.begin(), t.documents.end(),
            [](const Document& a, const Document& b) { return a.id < b.id; });
  // What t.document() finds (ids are unique), in constant time: a timeline has many mentions.
  std::unordered_map<std::string_view, const Document*> by_id;
  by_id.reserve(t.documents.size());
  for (const auto& d : t.documents) by_id.emplace(d.id, &d);

  const std::size_t n_events = sections.size("events");
  // Each event read and checked against its documents on its own (on all cores when read line
  // by line); then the ids, in order.
  if (presized && presized->valid()) t.events = presized->get();
  t.events.resize(n_events);
  sections.each_in_parallel("events", [&](const V& ej, std::size_t i) {
    auto w = [i] { return "events[" + std::to_string(i) + "]"; };  // on errors only
    const Event& e = t.events[i] = r.event(ej, i);
    for (std::size_t k = 0; k < e.mentions.size(); ++k) {
      const auto& m = e.mentions[k];
      auto wm = [&] { return w() + ".mentions[" + std::to_string(k) + "]"; };
      const auto found = by_id.find(m.doc);
      const Document* d = found == by_id.end() ? nullptr : found->second;
      if (!d) r.fail(wm() + ".doc", "unknown document '" + m.doc + "'");
      if (m.begin > m.end || m.end > d->text.size() || m.sentence_begin > m.begin ||
          m.sentence_end < m.end || m.sentence_end > d->text.size())
        r.fail(wm(), "offsets outside the document's text");
    }
  });
  const EventIds event_ids(t.events, [&](std::size_t i) {
    r.fail("events[" + std::to_string(i) + "].id", "event id '" + t.events[i].id + "' repeats");
  });
  t.relations.reserve(sections.size("relations"));
  sections.each("relations", [&](const V& rj, std::size_t i) {
    const Relation& rel = t.relations.emplace_back(r.relation(rj, i));
    auto w = [i] { return "relations[" + std::to_string(i) + "]"; };
    if (!event_ids.contains(rel.from)) r.fail(w() + ".from", "unknown event '" + rel.from + "'");
    if (!event_ids.contains(rel.to)) r.fail(w() + ".to", "unknown event '" + rel.to + "'");
  });
  sections.each("conflicts", [&](const V& cj, std::size_t i) {
    const std::string w = "conflicts[" + std::to_string(i) + "]";
    Conflict c = r.conflict(cj, w);
    for (const auto& id : c.events)
      if (!event_ids.contains(id)) r.fail(w + ".events", "unknown event '" + id + "'");
    t.conflicts.push_back(std::move(c));
  });
  return t;
}

template <class V>
Timeline read_timeline(const V& root, const std::string& path) {
  const timeline_json::BasicReader<V> r{path, 0};
  if (!root.is_object()) r.fail("timeline", "expected a JSON object");
  check_schema(timeline_json::Reader{path, 0}, r.string(root, "schema", "timeline"));
  DomSections<V> sections(r, root);
  Timeline t = read_sections(r, sections);
  t.stats = read_stats(root.find("stats"));
  return t;
}

// timeline.json as tempograph writes it: the schema and the stats on a line each, then one line
// per element of each section. Read that way, with a small parser for one line at a time, a big
// timeline needs no DOM of the whole file (which took more time in fresh memory pages than in
// parsing).
struct LineLayout {
  std::string_view schema, stats;                                      // JSON values
  std::map<std::string_view, std::vector<std::string_view>> sections;  // elements' JSON
};

// The layout of `content`, or nullopt when it is laid out otherwise (hand-edited, pretty-printed):
// that is read as a whole.
std::optional<LineLayout> scan_lines(std::string_view content) {
  std::size_t pos = 0;
  auto next_line = [&]() -> std::optional<std::string_view> {
    if (pos >= content.size()) return std::nullopt;
    const std::size_t end = std::min(content.find('\n', pos), content.size());
    const std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    return line;
  };
  auto strip = [](std::string_view line, std::string_view prefix,
                  std::string_view suffix) -> std::optional<std::string_view> {
    if (line.size() < prefix.size() + suffix.size() || line.substr(0, prefix.size()) != prefix ||
        line.substr(line.size() - suffix.size()) != suffix)
      return std::nullopt;
    return line.substr(prefix.size(), line.size() - prefix.size() - suffix.size());
  };
  LineLayout layout;
  const auto schema_line = next_line();
  const auto stats_line = next_line();
  if (!schema_line || !stats_line) return std::nullopt;
  const auto schema = strip(*schema_line, "{\"schema\":", ",");
  const auto stats = strip(*stats_line, "\"stats\":", ",");
  if (!schema || !stats) return std::nullopt;
  layout.schema = *schema;
  layout.stats = *stats;
  constexpr std::array<std::string_view, 4> kNames = {"documents", "events", "relations",
                                                      "conflicts"};
  for (const std::string_view name : kNames) {
    const std::string_view close = name == kNames.back() ? "]}" : "],";
    const std::string head = "\"" + std::string(name) + "\":[";
    const std::string last_end = "}" + std::string(close);
    auto line = next_line();
    if (!line) return std::nullopt;
    auto& elements = layout.sections[name];
    if (*line == head + std::string(close)) continue;  // empty
    if (*line != head) return std::nullopt;
    for (;;) {  // a million lines: `{...},` then `{...}` and the close
      line = next_line();
      if (!line || line->size() < 3 || line->front() != '{') return std::nullopt;
      if (line->ends_with(last_end)) {
        elements.push_back(line->substr(0, line->size() - close.size()));
        break;
      }
      if (!line->ends_with("},")) return std::nullopt;
      elements.push_back(line->substr(0, line->size() - 1));
    }
  }
  for (; pos < content.size(); ++pos)  // only a final newline may follow
    if (content[pos] != '\n' && content[pos] != ' ') return std::nullopt;
  return layout;
}

constexpr std::size_t kPresizeEvents = 100'000;

// The event count on the stats line (the second), or 0. Trusted only as far as the content could
// hold that many events: no event line is shorter than 200 bytes.
std::size_t event_count_hint(std::string_view content) {
  const std::size_t first_end = content.find('\n');
  if (first_end == std::string_view::npos) return 0;
  const std::size_t stats_end = content.find('\n', first_end + 1);
  const std::string_view stats = content.substr(first_end + 1, stats_end - first_end - 1);
  constexpr std::string_view kKey = "\"events\":";
  const std::size_t at = stats.find(kKey);
  if (!stats.starts_with("\"stats\":{") || at == std::string_view::npos) return 0;
  std::size_t n = 0;
  const char* begin = stats.data() + at + kKey.size();
  const auto [end, ec] = std::from_chars(begin, stats.data() + stats.size(), n);
  if (ec != std::errc() || end == begin || n > content.size() / 200) return 0;
  return n;
}

// A line that is not JSON: the file is then read as a whole, for the error with its line number.
struct NotJson {};

// The sections of a LineLayout, each element parsed when it is visited. `padded`: the content
// has simdjson's padding after it, so that a line parses in place.
class LineSections {
 public:
  LineSections(const LineLayout& layout, bool padded) : layout_(layout), padded_(padded) {}
  std::size_t size(const char* name) const { return layout_.sections.at(name).size(); }
  template <class F>
  void each(const char* name, F&& f) {
    const auto& elements = layout_.sections.at(name);
    parse_runs(parser_, buffer_, elements, 0, elements.size(), f);
  }
  timeline_json::SimdValue parse(std::string_view json) { return parse(parser_, json); }

  // As each, on all cores, each thread with its own parser; f must be safe to call so. When
  // several elements fail, the error of the first is thrown, as each would.
  template <class F>
  void each_in_parallel(const char* name, F&& f) {
    const auto& elements = layout_.sections.at(name);
    const std::size_t n = elements.size();
    const std::size_t threads =
        std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, n / 1024 + 1);
    // Stretches of elements taken in turn as each thread is free, so that a core busy with
    // something else holds up no one. The errors are kept by stretch, the first thrown.
    constexpr std::size_t kStretch = 8192;
    const std::size_t stretches = (n + kStretch - 1) / kStretch;
    std::vector<std::exception_ptr> errors(stretches);
    std::atomic<std::size_t> next{0};
    auto run = [&](std::size_t) {
      simdjson::dom::parser parser;
      std::string buffer;
      for (std::size_t k; (k = next.fetch_add(1)) < stretches;) {
        try {
          parse_runs(parser, buffer, elements, k * kStretch, std::min(n, (k + 1) * kStretch), f);
        } catch (...) {
          errors[k] = std::current_exception();
        }
      }
    };
    {
      std::vector<std::jthread> others;
      for (std::size_t k = 1; k < threads; ++k) others.emplace_back(run, k);
      run(0);
    }
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
  }

 private:
  // Elements [begin, end) of a section, each handed to f with its index. Consecutive lines are
  // `{...},` with a newline between, so a run of them between brackets is a JSON array: parsed
  // with one call per run (up to a megabyte), not one per element, which costs more than the
  // parsing itself when elements are small.
  template <class F>
  void parse_runs(simdjson::dom::parser& parser, std::string& buffer,
                  const std::vector<std::string_view>& elements, std::size_t begin, std::size_t end,
                  F& f) const {
    constexpr std::size_t kRunBytes = 1 << 20;
    for (std::size_t i = begin; i < end;) {
      std::size_t j = i + 1;
      for (std::size_t bytes = elements[i].size();
           j < end && bytes + elements[j].size() <= kRunBytes; ++j)
        bytes += elements[j].size() + 2;
      const char* first = elements[i].data();
      const char* last = elements[j - 1].data() + elements[j - 1].size();
      buffer.clear();
      buffer.reserve(static_cast<std::size_t>(last - first) + 2 + simdjson::SIMDJSON_PADDING);
      buffer += '[';
      buffer.append(first, last);
      buffer += ']';
      simdjson::dom::element root;
      simdjson::dom::array run;
      // The overload for std::string uses its spare capacity as simdjson's padding.
      if (parser.parse(buffer).get(root) != simdjson::SUCCESS ||
          root.get_array().get(run) != simdjson::SUCCESS)
        throw NotJson{};
      std::size_t k = i;
      for (const simdjson::dom::element x : run) {
        if (k == j) throw NotJson{};  // a line held more than one element: not as written
        f(timeline_json::SimdValue(x), k++);
      }
      if (k != j) throw NotJson{};
      i = j;
    }
  }

  timeline_json::SimdValue parse(simdjson::dom::parser& parser, std::string_view json) const {
    simdjson::dom::element e;
    if (parser.parse(json.data(), json.size(), !padded_).get(e) != simdjson::SUCCESS)
      throw NotJson{};
    return e;
  }

  const LineLayout& layout_;
  bool padded_;
  simdjson::dom::parser parser_;
  std::string buffer_;
};

std::optional<Timeline> read_timeline_lines(std::string_view content, const std::string& path,
                                            bool padded) {
  // The events' storage is made on another core while the lines are scanned: default-constructing
  // a million events takes a tenth of a second. How many, the stats line says (a wrong count
  // costs only time).
  std::future<std::vector<Event>> presized;
  if (const std::size_t hint = event_count_hint(content); hint >= kPresizeEvents)
    presized = std::async(std::launch::async, [hint] { return std::vector<Event>(hint); });
  const auto layout = scan_lines(content);
  if (!layout) return std::nullopt;
  using V = timeline_json::SimdValue;
  const timeline_json::BasicReader<V> r{path, 0};
  LineSections sections(*layout, padded);
  try {
    const V schema = sections.parse(layout->schema);
    if (!schema.is_string()) return std::nullopt;
    check_schema(timeline_json::Reader{path, 0}, schema.string());
    const TimelineStats stats = read_stats(std::optional<V>(sections.parse(layout->stats)));
    Timeline t = read_sections(r, sections, &presized);
    t.stats = stats;
    return t;
  } catch (const NotJson&) {
    return std::nullopt;
  }
}

// Parses with simdjson (several times faster than nlohmann's DOM). `padded`: content is followed
// by at least simdjson::SIMDJSON_PADDING readable bytes, so that simdjson needs no copy.
Timeline read_timeline_content(std::string_view content, const std::string& path, bool padded) {
  if (auto t = read_timeline_lines(content, path, padded)) return std::move(*t);
  {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(content.data(), content.size(), !padded).get(root) == simdjson::SUCCESS)
      return read_timeline(timeline_json::SimdValue(root), path);
  }
  // simdjson does not say on which line the JSON is malformed: nlohmann's parser does (and reads,
  // as before, whatever it accepts that simdjson refuses).
  const Json root = timeline_json::parse(content, path, 1);
  return read_timeline(timeline_json::NlohmannValue(root), path);
}

}  // namespace

Timeline read_timeline_json(std::string_view content, const std::string& path) {
  return read_timeline_content(content, path, false);
}

namespace {

constexpr std::size_t kParallelReadBytes = 32 << 20;

// Reads up to `size` bytes at `offset`; returns how many (fewer at the end of the file or on an
// error, which the caller treats alike: it reads again).
std::size_t read_at(int fd, char* into, std::size_t size, std::size_t offset) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd, into + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<std::size_t>(got);
  }
  return done;
}

}  // namespace

Timeline read_timeline_file(const std::filesystem::path& path) {
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw TimelineError(path.string(), 0, "cannot open the file for reading");
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw TimelineError(path.string(), 0, "read error");
  if (S_ISDIR(st.st_mode))
    throw TimelineError(path.string(), 0, "is a folder, not a timeline.json file");
  // Read whole, with room after the text for simdjson's padding, so that it parses in place.
  constexpr std::size_t kPadding = simdjson::SIMDJSON_PADDING;
  const std::size_t file_size = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
  std::size_t capacity = file_size + (1 << 16) + kPadding;
  auto content = std::make_unique_for_overwrite<char[]>(capacity);  // fresh pages, written once
  std::size_t size = 0;
  // A big file is read in two halves at once: copying it in and faulting the pages costs as much
  // as parsing a third of it, and the second core is idle until the parse. Both halves whole, or
  // it is read again from the start in one piece (the file changed meanwhile).
  if (file_size >= kParallelReadBytes) {
    const std::size_t half = file_size / 2;
    std::size_t got_second = 0;
    std::thread second(
        [&] { got_second = read_at(fd.get(), content.get() + half, file_size - half, half); });
    const std::size_t got_first = read_at(fd.get(), content.get(), half, 0);
    second.join();
    if (got_first == half && got_second == file_size - half) size = file_size;
  }
  for (;;) {  // to the end, even if the file grew since its size was asked
    if (capacity - size < (1 << 16) + kPadding) {
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity * 2);
      std::copy_n(content.get(), size, bigger.get());
      content = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t got = ::pread(fd.get(), content.get() + size, capacity - kPadding - size,
                                static_cast<off_t>(size));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw TimelineError(path.string(), 0, "read error");
    if (got == 0) break;
    size += static_cast<std::size_t>(got);
  }
  if (size == 0) throw TimelineError(path.string(), 0, "empty file, not a timeline");
  std::fill_n(content.get() + size, kPadding, '\0');
  return read_timeline_content(std::string_view(content.get(), size), path.string(), true);
}

DocumentPart analyze_document(Document document, const TimexRecognizer& timexes,
                              const EventExtractor& events) {
  DocumentPart part;
  part.timexes = timexes.find(document.text, document.dct);
  part.mentions = events.find(document, part.timexes);
  part.links = events.find_links(document, part.timexes, part.mentions);
  part.document = std::move(document);
  return part;
}

void write_part_json_line(std::ostream& out, const DocumentPart& part) {
  const Document& doc = part.document;
  std::string s;
  s.reserve(doc.text.size() + 512 + 160 * part.timexes.size() + 400 * part.mentions.size());
  JsonWriter w(s);
  w.begin_object();
  w.field("schema", kPartSchema);
  w.key("document");
  w.begin_object();
  w.field("id", doc.id);
  // The path is kept here whatever the format: the merge decides what the timeline shows.
  timeline_json::write_document_fields(w, doc, doc.path);
  w.field("text", doc.text);
  w.end_object();
  w.key("timexes");
  w.begin_array();
  for (const auto& t : part.timexes) timeline_json::write_timex(w, t, timex_text(doc.text, t));
  w.end_array();
  w.key("mentions");
  w.begin_array();
  for (const auto& m : part.mentions) timeline_json::write_mention(w, m);
  w.end_array();
  w.key("links");
  w.begin_array();
  for (const auto& l : part.links) timeline_json::write_link(w, l);
  w.end_array();
  w.end_object();
  s += '\n';
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
}

namespace {

template <class V>
DocumentPart read_part(const V& j, const std::string& path, std::size_t line) {
  const timeline_json::BasicReader<V> r{path, line};
  if (!j.is_object()) r.fail("part", "expected a JSON object");
  const std::string schema = r.string(j, "schema", "part");
  if (schema != kPartSchema)
    r.fail("schema", "'" + schema + "' is not " + std::string(kPartSchema) +
                         (schema == kTimelineSchema ? " (this is a timeline, not a part line)"
                          : schema.rfind("tempograph/", 0) == 0
                              ? " (written by another version of tempograph)"
                              : ""));
  DocumentPart part;
  const V doc = r.field(j, "document", "part");
  r.document_meta(doc, "document", part.document);
  part.document.text = r.string(doc, "text", "document");
  const std::size_t size = part.document.text.size();
  using timeline_json::each;
  each(r.array(j, "timexes", "part"), [&](const V& tj, std::size_t i) {
    const std::string w = "timexes[" + std::to_string(i) + "]";
    part.timexes.push_back(r.timex(tj, w));
    if (part.timexes.back().begin > part.timexes.back().end || part.timexes.back().end > size)
      r.fail(w, "offsets outside the document's text");
  });
  each(r.array(j, "mentions", "part"), [&](const V& mj, std::size_t i) {
    const std::string w = "mentions[" + std::to_string(i) + "]";
    EventMention m = r.mention(mj, w);
    if (m.begin > m.end || m.end > size || m.sentence_begin > m.begin || m.sentence_end < m.end ||
        m.sentence_end > size)
      r.fail(w, "offsets outside the document's text");
    part.mentions.push_back(std::move(m));
  });
  each(r.array(j, "links", "part"), [&](const V& lj, std::size_t i) {
    EventLink l = r.link(lj, "links[" + std::to_string(i) + "]");
    if (l.mention >= part.mentions.size())
      r.fail("links[" + std::to_string(i) + "].mention", "no such mention");
    part.links.push_back(std::move(l));
  });
  return part;
}

}  // namespace

DocumentPart read_part_json_line(std::string_view text, const std::string& path, std::size_t line) {
  // simdjson for speed (a merge reads millions of lines); nlohmann for the message of a line that
  // is not JSON.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) == simdjson::SUCCESS)
    return read_part(timeline_json::SimdValue(root), path, line);
  return read_part(timeline_json::NlohmannValue(timeline_json::parse(text, path, line)), path,
                   line);
}

namespace {

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

// The assembler keeps per document only what ordering needs; its mentions go into a
// MentionTable as it comes (numbers, with titles in a spool), and the rest of its line waits in
// a spool (a temporary file, or memory) until it is written.
struct TimelineAssembler::Impl {
  explicit Impl(AssembleOptions o)
      : options(std::move(o)),
        lines(options.spool_dir, "document texts"),
        mentions(options.spool_dir) {}

  struct Entry {
    // What orders the documents: id, path, DCT, title and url, each ended by a NUL (which sorts
    // before any other byte, so this orders as the fields one by one). Dropped once sorted.
    std::string key;
    std::uint32_t id_size = 0;
    std::uint32_t number = 0;  // in `mentions` and `links`
    std::uint64_t text_hash = 0;
    std::uint64_t spool_offset = 0;  // where its line tail starts in the spool
    std::uint64_t spool_size = 0;
    std::size_t timexes = 0;

    std::string_view id() const { return std::string_view(key).substr(0, id_size); }
  };

  AssembleOptions options;
  std::vector<Entry> entries;
  Spool lines;
  MentionTable mentions;
  std::vector<NumberedLink> links;
  std::size_t offered = 0;  // mentions, for the stage's message
};

TimelineAssembler::TimelineAssembler(AssembleOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
TimelineAssembler::TimelineAssembler(TimelineAssembler&&) noexcept = default;
TimelineAssembler& TimelineAssembler::operator=(TimelineAssembler&&) noexcept = default;
TimelineAssembler::~TimelineAssembler() = default;

PreparedPart::PreparedPart(DocumentPart part)
    : timexes(part.timexes.size()),
      mentions(std::move(part.mentions)),
      links(std::move(part.links)),
      text_hash(fnv1a(part.document.text)),
      tail(document_line_tail(part.document, part.timexes)) {
  part.document.text.clear();
  part.document.text.shrink_to_fit();
  document = std::move(part.document);
}

void TimelineAssembler::add(DocumentPart part) {
  add(PreparedPart(std::move(part)));
}

void TimelineAssembler::add(PreparedPart part) {
  Impl& a = *impl_;
  Impl::Entry e;
  const Document& d = part.document;
  const std::string dct = d.dct.iso();
  for (const std::string_view field :
       {std::string_view(d.id),
        d.format == SourceFormat::jsonl ? std::string_view() : std::string_view(d.path),
        std::string_view(dct), std::string_view(d.title), std::string_view(d.url)}) {
    e.key += field;
    e.key += '\0';
  }
  e.id_size = static_cast<std::uint32_t>(d.id.size());
  e.text_hash = part.text_hash;
  e.timexes = part.timexes;
  e.spool_offset = a.lines.append(part.tail);
  e.spool_size = part.tail.size();
  e.number = a.mentions.add(d.dct, part.mentions);
  a.offered += part.mentions.size();
  for (auto& link : part.links)
    if (link.mention < part.mentions.size())
      a.links.push_back({e.number, part.mentions[link.mention].begin, std::move(link)});
  a.entries.push_back(std::move(e));
}

std::size_t TimelineAssembler::size() const {
  return impl_->entries.size();
}

TimelineStats TimelineAssembler::write(std::ostream& out) {
  auto& entries = impl_->entries;
  std::sort(entries.begin(), entries.end(), [](const Impl::Entry& a, const Impl::Entry& b) {
    return std::tie(a.key, a.text_hash, a.spool_size) < std::tie(b.key, b.text_hash, b.spool_size);
  });
  // Repeated ids get a suffix, in that order; a suffixed id may not take an existing one. Equal
  // ids are next to one another, and the set of all ids is made only when some repeat.
  std::vector<std::string> ids(entries.size());  // by document number
  std::set<std::string, std::less<>> taken;
  for (std::size_t i = 1, run = 0; i < entries.size(); ++i) {
    if (entries[i].id() != entries[i - 1].id()) {
      run = i;
      continue;
    }
    if (taken.empty())
      for (const auto& e : entries) taken.emplace(e.id());
    std::string id;
    for (std::size_t k = i - run + 1;; ++k) {  // from its place among the documents of that id
      id = entries[i].id();
      id += '~';
      id += std::to_string(k);
      if (!taken.count(id)) break;
    }
    taken.insert(id);
    ids[entries[i].number] = std::move(id);
  }
  std::set<std::string, std::less<>>().swap(taken);

  TimelineStats stats;
  stats.documents = entries.size();
  std::vector<std::uint32_t> place(entries.size());  // by document number
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto& e = entries[i];
    stats.timexes += e.timexes;
    if (ids[e.number].empty()) ids[e.number] = e.id();
    place[e.number] = static_cast<std::uint32_t>(i);
    std::string().swap(e.key);  // the id is in `ids` now, and merging needs the room
  }
  const auto stage = [this](std::string what, std::size_t n, std::string_view of) {
    if (!impl_->options.on_stage) return;
    what += ' ';
    what += std::to_string(n);
    what += ' ';
    what += of;
    impl_->options.on_stage(what);
  };
  stage("merging", impl_->offered, "event mentions");
  const unsigned threads = impl_->options.threads;
  const MergedEvents merged(std::move(impl_->mentions), std::move(ids), threads);
  stats.mentions = merged.stats().mentions;
  stats.undated_mentions = merged.stats().undated;
  stats.events = merged.size();
  const std::vector<std::uint32_t> kept = merged.top(impl_->options.top);

  // The links in the order their documents are written.
  std::vector<NumberedLink> links = std::move(impl_->links);
  std::stable_sort(links.begin(), links.end(),
                   [&place](const auto& a, const auto& b) { return place[a.doc] < place[b.doc]; });
  // The graph needs the events and the links, not the output: with a second thread it is built
  // while the documents and events are written.
  auto build = [&merged, &kept, links = std::move(links)]() mutable {
    NumberedGraph graph = build_graph(merged, kept, links);
    std::vector<NumberedLink>().swap(links);
    return graph;
  };
  std::future<NumberedGraph> graph_future;
  if (threads > 1) graph_future = std::async(std::launch::async, std::move(build));

  stage("writing", kept.size(), "events");
  write_header(out, stats);
  impl_->lines.finish();
  std::vector<char> buffer;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    out << (i ? ",\n" : "\n") << "{\"id\":" << quoted(merged.doc_id(entries[i].number));
    impl_->lines.copy_to(entries[i].spool_offset, entries[i].spool_size, out, buffer);
  }
  out << "],\n\"events\":[";
  write_lines(
      out, kept.size(),
      [&](JsonWriter& w, std::size_t i) { timeline_json::write_event(w, merged.event(kept[i])); },
      threads);

  const NumberedGraph graph = graph_future.valid() ? graph_future.get() : build();
  out << "],\n\"relations\":[";
  auto event_id = [&kept](std::uint32_t k) {
    std::string id = "e";  // not "e" + to_string(): a false -Wrestrict in g++ 12
    id += std::to_string(kept[k] + 1);
    return id;
  };
  write_lines(out, graph.relations.size(), [&](JsonWriter& w, std::size_t i) {
    const NumberedRelation& r = graph.relations[i];
    Relation relation{event_id(r.from), event_id(r.to), r.type, r.basis, std::nullopt};
    if (r.has_evidence)
      relation.evidence =
          LinkEvidence{merged.doc_id(r.evidence_doc), r.evidence_begin, r.evidence_end};
    timeline_json::write_relation(w, relation);
  });
  out << "],\n\"conflicts\":[";
  write_lines(out, graph.conflicts, timeline_json::write_conflict);
  out << "]}\n";
  return stats;
}

Timeline assemble_timeline(std::vector<DocumentPart> parts, std::size_t top) {
  AssembleOptions options;
  options.top = top;
  TimelineAssembler assembler(options);
  for (auto& p : parts) assembler.add(std::move(p));
  parts.clear();
  std::ostringstream out;
  assembler.write(out);
  return read_timeline_json(out.str(), "(timeline in memory)");
}

}  // namespace tempograph
