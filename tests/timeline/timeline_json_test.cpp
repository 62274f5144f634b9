// timeline.json and part lines: what is written reads back the same, the same input gives the
// same bytes whatever the order of its parts, and malformed files are refused with where.
#include "support.hpp"
#include "tempograph/timeline.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

using namespace tempograph;

namespace {

std::vector<DocumentPart> karabakh_parts() {
  auto loaded = load_documents({(test::examples_dir() / "karabakh").string()}, LoadOptions{});
  const auto timexes = TimexRecognizer::load(test::assets_dir());
  const auto events = EventExtractor::load(test::assets_dir());
  std::vector<DocumentPart> parts;
  for (auto& d : loaded.documents) parts.push_back(analyze_document(std::move(d), timexes, events));
  return parts;
}

std::string assemble_text(std::vector<DocumentPart> parts, AssembleOptions options = {}) {
  TimelineAssembler assembler(std::move(options));
  for (auto& p : parts) assembler.add(std::move(p));
  std::ostringstream out;
  assembler.write(out);
  return out.str();
}

std::string round_trip_part(const DocumentPart& part) {
  std::ostringstream out;
  write_part_json_line(out, part);
  return out.str();
}

void check_error(const std::string& content, const std::string& fragment, std::size_t line = 0) {
  INFO(content.substr(0, 200));
  try {
    read_timeline_json(content, "t.json");
    FAIL("no error for malformed input");
  } catch (const TimelineError& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find(fragment) != std::string::npos);
    CHECK(e.path() == "t.json");
    if (line) CHECK(e.line() == line);
  }
}

}  // namespace

TEST_CASE("timeline.json: schema, documents with DCT provenance and text, events, relations",
          "[timeline]") {
  const std::string text = assemble_text(karabakh_parts());
  const auto j = nlohmann::json::parse(text);
  CHECK(j["schema"] == "tempograph/1");
  REQUIRE(j["documents"].size() == 5);
  const auto& d = j["documents"][2];
  CHECK(d["id"] == "002_fa51f972bed19717");
  CHECK(d["dct"]["value"] == "2022-09-29");
  CHECK(d["dct"]["source"] == "manifest");
  CHECK(d["text"].get<std::string>().find("Kopyrkin") != std::string::npos);
  CHECK_FALSE(d["timexes"].empty());
  const auto& e = j["events"][0];
  for (const char* key :
       {"id", "title", "category", "participants", "salience", "time", "sources", "mentions"})
    CHECK(e.contains(key));
  for (const char* key : {"value", "start", "end", "granularity"}) CHECK(e["time"].contains(key));
  for (const char* key : {"doc", "begin", "end", "sentence_begin", "sentence_end"})
    CHECK(e["mentions"][0].contains(key));
  CHECK_FALSE(j["relations"].empty());
  CHECK(j["conflicts"].is_array());
}

TEST_CASE("timeline.json: same input, same bytes, whatever the order of the parts", "[timeline]") {
  const std::string once = assemble_text(karabakh_parts());
  auto parts = karabakh_parts();
  std::reverse(parts.begin(), parts.end());
  CHECK(assemble_text(std::move(parts)) == once);

  SECTION("spooled to a temporary file") {
    test::TempDir dir;
    AssembleOptions options;
    options.spool_dir = dir.path();
    CHECK(assemble_text(karabakh_parts(), options) == once);
  }
  SECTION("through part lines") {
    std::vector<DocumentPart> read_back;
    std::size_t line = 0;
    for (const auto& p : karabakh_parts())
      read_back.push_back(read_part_json_line(round_trip_part(p), "parts.jsonl", ++line));
    std::rotate(read_back.begin(), read_back.begin() + 2, read_back.end());
    CHECK(assemble_text(std::move(read_back)) == once);
  }
  SECTION("read and written again") {
    const Timeline t = read_timeline_json(once, "t.json");
    std::ostringstream out;
    write_timeline_json(out, t);
    CHECK(out.str() == once);
  }
}

TEST_CASE("timeline assembler: tells each stage of writing as it begins", "[timeline]") {
  auto parts = karabakh_parts();
  std::size_t mentions = 0;
  for (const auto& p : parts) mentions += p.mentions.size();
  std::vector<std::string> stages;
  AssembleOptions options;
  // What the stage says is seen with what has been written so far.
  std::ostringstream out;
  options.on_stage = [&](std::string_view stage) {
    stages.push_back(std::string(stage) + " @" + std::to_string(out.str().size()));
  };
  TimelineAssembler assembler(std::move(options));
  for (auto& p : parts) assembler.add(std::move(p));
  const TimelineStats stats = assembler.write(out);
  REQUIRE(mentions > 0);
  REQUIRE(stats.events > 0);
  CHECK(stages ==
        std::vector<std::string>{"merging " + std::to_string(mentions) + " event mentions @0",
                                 "writing " + std::to_string(stats.events) + " events @0"});
}

TEST_CASE("timeline.json: every line is exactly what nlohmann writes for its value", "[timeline]") {
  // The writer is hand-made for speed; nlohmann is the reference for escapes and numbers.
  Document doc;
  doc.id = "quote\"back\\slash";
  doc.path = "odd/\x01name.txt";
  doc.title = "Tab\there, new\nline, \x7f, caf\xC3\xA9";
  doc.text =
      "On March 3, 2020, the ministry said \"no\" \\ twice.\r\nBell \x07, form feed \x0c, "
      "backspace \x08 and \x1f; the talks of 9 November 2020 ended \xE2\x80\x94 see /x.";
  doc.dct.day = boost::gregorian::date(2020, 3, 5);
  doc.dct.source = DctSource::header;
  doc.dct.evidence = "line 1: \"date 2020-03-05\"";
  const auto timexes = TimexRecognizer::load(test::assets_dir());
  const auto events = EventExtractor::load(test::assets_dir());
  std::vector<DocumentPart> parts;
  parts.push_back(analyze_document(doc, timexes, events));
  for (auto& p : karabakh_parts()) parts.push_back(std::move(p));
  const std::string part_line = round_trip_part(parts.front());
  const std::string text = assemble_text(std::move(parts));

  std::size_t checked = 0;
  auto same_as_nlohmann = [&](std::string line) {
    if (!line.empty() && line.back() == ',') line.pop_back();
    if (line.empty() || line.front() != '{' || line.back() != '}') return;
    INFO(line.substr(0, 300));
    CHECK(nlohmann::ordered_json::parse(line).dump() == line);
    ++checked;
  };
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) same_as_nlohmann(line);
  same_as_nlohmann(part_line.substr(0, part_line.size() - 1));
  CHECK(checked > 40);  // documents, events, relations and the part line

  const auto j = nlohmann::json::parse(text);
  const auto& odd = j["documents"].back();  // ids sort by bytes: 'q' after the digits
  CHECK(odd["id"] == doc.id);
  CHECK(odd["text"] == doc.text);
  CHECK(odd["title"] == doc.title);
  CHECK(text.find("\\u0007") != std::string::npos);
  CHECK(text.find("\\u007f") == std::string::npos);  // DEL is not a control character in JSON
}

namespace {

// A timeline of `n` events on one document, numbered as tempograph numbers them.
Timeline many_events(std::size_t n) {
  Timeline t;
  Document d;
  d.id = "doc";
  d.text = "On 9 November 2020 the leaders signed a statement.";
  t.documents.push_back(d);
  for (std::size_t i = 0; i < n; ++i) {
    Event e;
    e.id = "e" + std::to_string(i + 1);
    e.title = "Statement " + std::to_string(i);
    e.category = EventCategory::agreement;
    e.salience = 1.25 + static_cast<double>(i % 7);
    e.time = *span_of("2020-11-0" + std::to_string(i % 9 + 1));
    MentionSource m;
    m.doc = "doc";
    m.begin = 39;
    m.end = 45;
    m.sentence_end = static_cast<std::uint32_t>(d.text.size());
    m.trigger = "sign";
    m.time_value = e.time.value;
    e.mentions.push_back(m);
    t.events.push_back(std::move(e));
  }
  for (std::size_t i = 1; i < n; i += 2)
    t.relations.push_back({t.events[i - 1].id, t.events[i].id, RelationType::before,
                           RelationBasis::time, std::nullopt});
  return t;
}

std::string written(const Timeline& t) {
  std::ostringstream out;
  write_timeline_json(out, t);
  return out.str();
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("timeline.json: read line by line on all cores, as the whole document would be",
          "[timeline]") {
  const std::string text = written(many_events(5000));
  const Timeline t = read_timeline_json(text, "t.json");
  REQUIRE(t.events.size() == 5000);
  CHECK(t.events[4321].title == "Statement 4321");
  CHECK(t.relations.size() == 2500);
  CHECK(written(t) == text);
  // Pretty-printed by another tool: no longer one element per line, read as a whole.
  const std::string pretty = nlohmann::ordered_json::parse(text).dump(2);
  CHECK(written(read_timeline_json(pretty, "t.json")) == text);

  SECTION("the first of several errors is reported") {
    std::string bad = replace_once(text, "\"title\":\"Statement 4000\",\"category\":\"agreement\"",
                                   "\"title\":\"Statement 4000\",\"category\":\"picnic\"");
    check_error(bad, "events[4000].category: unknown category");
    bad = replace_once(bad, "\"title\":\"Statement 30\",\"category\":\"agreement\"",
                       "\"title\":\"Statement 30\",\"category\":\"nap\"");
    check_error(bad, "events[30].category: unknown category");
  }
  SECTION("a repeated or unknown event id") {
    check_error(replace_once(text, "{\"id\":\"e77\",", "{\"id\":\"e76\","),
                "events[76].id: event id 'e76' repeats");
    check_error(replace_once(text, "{\"from\":\"e9\",", "{\"from\":\"e9000\","),
                "relations[4].from: unknown event 'e9000'");
  }
  SECTION("a line that is not JSON: the error names its line") {
    check_error(replace_once(text, "{\"id\":\"e2500\",", "{\"id\":\"e2500\",,"), "",
                2505);  // 3 lines of header, 1 document, the events line, e1 on line 6
  }
}

TEST_CASE("timeline.json: a big file is read in two halves at once, as it was written",
          "[timeline]") {
  Timeline big = many_events(120'000);
  big.stats.events = big.events.size();  // the count the reader sizes its events by
  const std::string text = written(big);
  REQUIRE(text.size() > std::size_t{32} << 20);  // the size from which a file is read in halves
  const test::TempDir dir;
  CHECK(written(read_timeline_file(dir.write("t.json", text))) == text);
  // A stats line that counts more events than there are costs only time.
  const Timeline t = read_timeline_file(
      dir.write("wrong.json", replace_once(text, "\"events\":120000}", "\"events\":150000}")));
  CHECK(t.events.size() == 120'000);
  CHECK(t.stats.events == 150'000);
  CHECK(t.events.back().title == "Statement 119999");
}

TEST_CASE("timeline.json and part lines: a number too large for a double is an error",
          "[timeline]") {
  // Found by fuzz_timeline: nlohmann throws out_of_range, not parse_error, for 1e999.
  check_error("{\"schema\":\"tempograph/1\",\"stats\":{\"events\":1e999}}", "malformed JSON");
  CHECK_THROWS_AS(read_part_json_line("{\"schema\":1e999}", "p.jsonl", 3), TimelineError);
}

TEST_CASE("timeline.json: repeated document ids get a suffix", "[timeline]") {
  auto parts = karabakh_parts();
  parts.resize(2);
  parts[1].document.id = parts[0].document.id;
  parts[1].document.path = "elsewhere/" + parts[0].document.path;
  const Timeline t = read_timeline_json(assemble_text(std::move(parts)), "t.json");
  REQUIRE(t.documents.size() == 2);
  CHECK(t.documents[1].id == t.documents[0].id + "~2");
}

TEST_CASE("timeline.json: --top keeps the most salient events", "[timeline]") {
  AssembleOptions options;
  options.top = 2;
  const Timeline t = read_timeline_json(assemble_text(karabakh_parts(), options), "t.json");
  REQUIRE(t.events.size() == 2);
  CHECK(t.stats.events > 2);
  CHECK(t.events[0].time.value == "2020-11-09");
  CHECK(t.events[1].time.value == "2023-09-19/2023-09-20");
  for (const auto& r : t.relations) {
    CHECK((r.from == t.events[0].id || r.from == t.events[1].id));
    CHECK((r.to == t.events[0].id || r.to == t.events[1].id));
  }
}

TEST_CASE("timeline.json: malformed files are refused with where and why", "[timeline]") {
  const std::string good = assemble_text(karabakh_parts());
  check_error("", "truncated", 1);
  check_error(good.substr(0, good.size() / 2), "truncated");
  check_error("{\"schema\": \"tempograph/1\",\n\"documents\": [,]}", "malformed JSON", 2);
  check_error("[1, 2]", "expected a JSON object");
  check_error("{\"schema\": \"tempograph/2\", \"documents\": []}", "another version");
  check_error("{\"schema\": \"something\"}", "is not tempograph/1");
  check_error("{\"schema\": \"tempograph/1\"}", "missing \"documents\"");

  auto j = nlohmann::ordered_json::parse(good);
  SECTION("an event naming an unknown document") {
    j["events"][0]["mentions"][0]["doc"] = "nope";
    check_error(j.dump(), "events[0].mentions[0].doc: unknown document 'nope'");
  }
  SECTION("offsets beyond the text") {
    j["events"][1]["mentions"][0]["end"] = 1u << 30;
    check_error(j.dump(), "offsets outside");
  }
  SECTION("an impossible date") {
    j["events"][0]["time"]["start"] = "2023-02-30";
    check_error(j.dump(), "events[0].time.start");
  }
  SECTION("a relation to an unknown event") {
    j["relations"][0]["to"] = "e999";
    check_error(j.dump(), "unknown event 'e999'");
  }
  SECTION("a wrong type") {
    j["events"][0]["salience"] = "high";
    check_error(j.dump(), "events[0].salience: expected a number");
  }
}

TEST_CASE("part lines: round trip and errors", "[timeline]") {
  const auto parts = karabakh_parts();
  const std::string line = round_trip_part(parts[2]);
  CHECK(line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);  // one line, whatever the text holds
  const DocumentPart back = read_part_json_line(line, "p.jsonl", 1);
  CHECK(back.document.text == parts[2].document.text);
  CHECK(back.document.dct.iso() == parts[2].document.dct.iso());
  CHECK(back.document.dct.source == parts[2].document.dct.source);
  REQUIRE(back.mentions.size() == parts[2].mentions.size());
  CHECK(back.mentions[0].title == parts[2].mentions[0].title);
  CHECK(round_trip_part(back) == line);

  auto expect = [](const std::string& text, const std::string& fragment) {
    try {
      read_part_json_line(text, "p.jsonl", 7);
      FAIL("no error");
    } catch (const TimelineError& e) {
      INFO(e.what());
      CHECK(e.line() == 7);
      CHECK(std::string(e.what()).find("p.jsonl:7: ") == 0);
      CHECK(std::string(e.what()).find(fragment) != std::string::npos);
    }
  };
  expect("{\"schema\":\"tempograph/0-part\"}", "another version");
  expect("{\"schema\":\"tempograph/1\"}", "a timeline, not a part line");
  expect(line.substr(0, 100), "truncated");
  std::string bad = line;
  bad.replace(bad.find("\"category\":\""), 12, "\"category\":\"x");
  expect(bad, "unknown category");
}

TEST_CASE("part lines: the date a duration reaches is kept", "[timeline]") {
  Document doc;
  doc.id = "cabinet";
  doc.text = "On Nov. 11, five ministers resigned. Two days later, another minister resigned.";
  doc.dct.day = boost::gregorian::date(2006, 11, 27);
  doc.dct.source = DctSource::header;
  const auto part = analyze_document(doc, TimexRecognizer::load(test::assets_dir()),
                                     EventExtractor::load(test::assets_dir()));
  const auto reaching = [](const DocumentPart& p) -> const TimeExpression* {
    for (const auto& t : p.timexes)
      if (!t.reaches.empty()) return &t;
    return nullptr;
  };
  REQUIRE(reaching(part));
  CHECK(reaching(part)->reaches == "2006-11-13");
  const std::string line = round_trip_part(part);
  CHECK(line.find("\"reaches\":\"2006-11-13\"") != std::string::npos);
  const DocumentPart back = read_part_json_line(line, "p.jsonl", 1);
  REQUIRE(reaching(back));
  CHECK(reaching(back)->reaches == "2006-11-13");
  CHECK(reaching(back)->value == "P2D");
}
