#include "tempograph/export.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

using namespace tempograph;

namespace {

TimeExpression timex(const std::string& text, const std::string& part, TimexType type,
                     std::string value, std::string mod = "", std::string range_end = "") {
  TimeExpression t;
  const auto at = text.find(part);
  REQUIRE(at != std::string::npos);
  t.begin = static_cast<std::uint32_t>(at);
  t.end = static_cast<std::uint32_t>(at + part.size());
  t.type = type;
  t.value = std::move(value);
  t.mod = std::move(mod);
  t.range_end = std::move(range_end);
  t.granularity = Granularity::day;
  return t;
}

// Text with everything that needs escaping somewhere: XML specials, quotes, backslashes, tabs,
// CR and a control character, line breaks, and multi-byte UTF-8 (also inside an expression).
Document sample() {
  Document doc;
  doc.id = "doc-1";
  doc.path = "doc-1.txt";
  doc.text =
      "date 2024-02-15\nAT&T said <b>\"yes\"</b> on Thursday\t\\o/\r\n"
      "Talks \x01resumed on November 9, 2020 & ended \xe2\x80\x9cTuesday\xe2\x80\x9d.\n"
      "Caf\xc3\xa9 Zoo > 5 years later, in mi-ao\xc3\xbbt.";
  doc.dct.day = boost::gregorian::date(2024, 2, 15);
  doc.dct.source = DctSource::header;
  doc.dct.evidence = "header line 1";
  return doc;
}

std::vector<TimeExpression> sample_timexes(const Document& doc) {
  return {
      timex(doc.text, "on Thursday", TimexType::date, "2024-02-15"),
      timex(doc.text, "November 9, 2020", TimexType::date, "2020-11-09"),
      timex(doc.text, "\xe2\x80\x9cTuesday\xe2\x80\x9d", TimexType::date, "2024-02-13"),
      [&] {
        auto t = timex(doc.text, "> 5 years", TimexType::duration, "P5Y", "MORE_THAN");
        t.reaches = "2029";  // as if "later" followed, after 2024
        return t;
      }(),
      timex(doc.text, "mi-ao\xc3\xbbt", TimexType::date, "2029-08-15", "MID", "2029-08-20"),
  };
}

}  // namespace

TEST_CASE("jsonl: one valid object per expression, text equals the document text at the offsets") {
  const auto doc = sample();
  const auto timexes = sample_timexes(doc);
  std::ostringstream out;
  write_timex_jsonl(out, doc, timexes);
  std::istringstream lines(out.str());
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    INFO(line);
    const auto j = nlohmann::json::parse(line);
    const auto& t = timexes.at(n++);
    CHECK(j.at("doc") == "doc-1");
    CHECK(j.at("begin") == t.begin);
    CHECK(j.at("end") == t.end);
    CHECK(j.at("text") == doc.text.substr(t.begin, t.end - t.begin));
    CHECK(j.at("type") == std::string(to_string(t.type)));
    CHECK(j.at("value") == t.value);
    CHECK(j.at("granularity") == "day");
    CHECK(j.contains("mod") == !t.mod.empty());
    CHECK(j.contains("range_end") == !t.range_end.empty());
    if (!t.mod.empty()) CHECK(j.at("mod") == t.mod);
    if (!t.range_end.empty()) CHECK(j.at("range_end") == t.range_end);
    CHECK(j.contains("reaches") == !t.reaches.empty());
    if (!t.reaches.empty()) CHECK(j.at("reaches") == t.reaches);
  }
  CHECK(n == timexes.size());
}

TEST_CASE("jsonl: escapes quotes, backslashes and control characters") {
  Document doc;
  doc.id = "q\"id\\\xff";  // ids come from file names, which need not be UTF-8
  doc.text = "\"a\\b\"\t\x01\n";
  TimeExpression t;
  t.begin = 0;
  t.end = static_cast<std::uint32_t>(doc.text.size());
  t.value = "X\"Y";
  std::ostringstream out;
  write_timex_jsonl(out, doc, {t});
  const std::string s = out.str();
  REQUIRE(s.back() == '\n');
  CHECK(s.find('\n') == s.size() - 1);  // one physical line
  const auto j = nlohmann::json::parse(s);
  CHECK(j.at("doc") == "q\"id\\\xEF\xBF\xBD");
  CHECK(j.at("text") == doc.text);
  CHECK(j.at("value") == "X\"Y");
}

TEST_CASE("timeml: round trip keeps the text and the TIMEX3 spans, types, values and mods") {
  const auto doc = sample();
  const auto timexes = sample_timexes(doc);
  std::ostringstream out;
  write_timeml(out, doc, timexes);
  const std::string xml = out.str();

  CHECK(xml.rfind("<?xml version=\"1.0\" ?>\n<TimeML ", 0) == 0);
  CHECK(xml.find("<DOCID>doc-1</DOCID>") != std::string::npos);
  CHECK(xml.find("<DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"2024-02-15\" "
                 "temporalFunction=\"false\" functionInDocument=\"CREATION_TIME\">2024-02-15"
                 "</TIMEX3></DCT>") != std::string::npos);
  CHECK(xml.find("AT&amp;T said &lt;b&gt;") != std::string::npos);
  CHECK(xml.find("<TIMEX3 tid=\"t4\" type=\"DURATION\" value=\"P5Y\" mod=\"MORE_THAN\">&gt; 5 "
                 "years</TIMEX3>") != std::string::npos);
  CHECK(xml.find("</TEXT>\n\n</TimeML>\n") != std::string::npos);

  auto parsed = parse_timeml(xml, "doc-1.tml");
  if (auto* problem = std::get_if<LoadProblem>(&parsed)) FAIL(problem->describe());
  const auto& content = std::get<TimeMLContent>(parsed);
  CHECK(content.document.text == doc.text);
  CHECK(content.document.dct.day == doc.dct.day);
  std::vector<const InlineTag*> tags;
  for (const auto& tag : content.tags) {
    if (tag.name == "TIMEX3") tags.push_back(&tag);
  }
  REQUIRE(tags.size() == timexes.size());
  for (std::size_t i = 0; i < tags.size(); ++i) {
    CHECK(tags[i]->begin == timexes[i].begin);
    CHECK(tags[i]->end == timexes[i].end);
    CHECK(tags[i]->attribute("tid") == std::string("t").append(std::to_string(i + 1)));
    CHECK(tags[i]->attribute("type") == to_string(timexes[i].type));
    CHECK(tags[i]->attribute("value") == timexes[i].value);
    CHECK(tags[i]->attribute("mod") == timexes[i].mod);
  }
}

TEST_CASE("timeml: overlapping or out-of-range expressions and invalid mods are left out") {
  Document doc;
  doc.id = "x";
  doc.text = "from May 4 to May 5";
  std::vector<TimeExpression> timexes(3);
  timexes[0].begin = 5;
  timexes[0].end = 10;       // "May 4"
  timexes[0].mod = "WEIRD";  // not a TimeML mod: left out of the TimeML
  timexes[1].begin = 9;
  timexes[1].end = 19;  // overlaps the first
  timexes[2].begin = 14;
  timexes[2].end = 40;  // past the end
  std::ostringstream out;
  write_timeml(out, doc, timexes);
  CHECK(out.str().find("<TEXT>from <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"\">May 4</TIMEX3> to "
                       "May 5</TEXT>") != std::string::npos);
  CHECK(out.str().find("<DCT>") == std::string::npos);  // unknown DCT: no DCT element
}

TEST_CASE("text listing: header with DCT provenance, one aligned line per expression") {
  const auto doc = sample();
  const auto timexes = sample_timexes(doc);
  std::ostringstream out;
  write_timex_text(out, doc, timexes);
  const std::string s = out.str();
  INFO(s);
  CHECK(s.rfind("# doc-1  DCT 2024-02-15  5 expressions  (header: header line 1)\n", 0) == 0);
  CHECK(s.find("  line 2  on Thursday ") != std::string::npos);
  CHECK(s.find("  line 3  November 9, 2020 ") != std::string::npos);
  CHECK(s.find("  DATE      2020-11-09\n") != std::string::npos);
  CHECK(s.find("DURATION  P5Y  mod=MORE_THAN  reaches 2029\n") != std::string::npos);
  CHECK(s.find("2029-08-15 .. 2029-08-20  mod=MID\n") != std::string::npos);
  // The type column starts at the same character on every row.
  std::istringstream lines(s);
  std::string line;
  std::getline(lines, line);
  std::optional<std::size_t> column;
  while (std::getline(lines, line) && !line.empty()) {
    std::size_t chars = 0;
    std::size_t type_at = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line.compare(i, 6, "  DATE") == 0 || line.compare(i, 10, "  DURATION") == 0) {
        type_at = chars;
        break;
      }
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
    }
    if (column) CHECK(type_at == *column);
    column = type_at;
  }
}

TEST_CASE("text listing: a document without expressions or DCT says so") {
  Document doc;
  doc.id = "empty";
  doc.text = "Nothing here.";
  std::ostringstream out;
  write_timex_text(out, doc, {});
  CHECK(out.str() == "# empty  DCT unknown  0 expressions\n  (no time expressions)\n\n");
}
