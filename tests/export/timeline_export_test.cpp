// The timeline exporters on a hand-built timeline: SVG and DOT through the real Graphviz (well-
// formed XML, titles, gridline labels, tooltips with the source sentence, pinned positions along
// the time axis, escaping), TimelineJS3 JSON (dates at the precision known) and CSV (RFC 4180).
#include "tempograph/export.hpp"

#include "export/timeline_sample.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace tempograph;
using tempograph::test::sample_timeline;
using tempograph::test::sentence_of;

namespace {

std::string svg_of(const Timeline& t) {
  std::ostringstream out;
  write_timeline_svg(out, t);
  return out.str();
}

std::string dot_of(const Timeline& t) {
  std::ostringstream out;
  write_timeline_dot(out, t);
  return out.str();
}

// Whether `s` at `i` starts a character or entity reference: &name; &#123; &#x1F;
bool entity_at(const std::string& s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && s[j] == 'x';
    if (hex) ++j;
    const std::size_t digits = j;
    while (j < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[j]))
                                : std::isdigit(static_cast<unsigned char>(s[j]))))
      ++j;
    return j > digits && j < s.size() && s[j] == ';';
  }
  const std::size_t name = j;
  while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) ++j;
  return j > name && j < s.size() && s[j] == ';';
}

// A small XML well-formedness check, enough for Graphviz's SVG: every '&' starts a reference,
// no '<' inside attribute values or text, and elements nest and close. Returns "" when fine, else
// what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '&') {
      if (!entity_at(s, i)) return "bare & at " + std::to_string(i);
      ++i;
    } else if (s[i] == '<') {
      if (s.compare(i, 4, "<!--") == 0) {
        const auto end = s.find("-->", i + 4);
        if (end == std::string::npos) return "unclosed comment";
        i = end + 3;
        continue;
      }
      if (s.compare(i, 2, "<?") == 0 || s.compare(i, 2, "<!") == 0) {
        const auto end = s.find('>', i);
        if (end == std::string::npos) return "unclosed declaration";
        i = end + 1;
        continue;
      }
      const bool closing = i + 1 < s.size() && s[i + 1] == '/';
      std::size_t j = i + (closing ? 2 : 1);
      const std::size_t name_begin = j;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != '>' &&
             s[j] != '/')
        ++j;
      const std::string name = s.substr(name_begin, j - name_begin);
      if (name.empty()) return "empty tag name at " + std::to_string(i);
      char quote = 0;
      bool self_closing = false;
      for (; j < s.size(); ++j) {
        const char c = s[j];
        if (quote) {
          if (c == quote)
            quote = 0;
          else if (c == '<')
            return "< inside an attribute value of <" + name + ">";
          else if (c == '&' && !entity_at(s, j))
            return "bare & in an attribute of <" + name + ">";
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          self_closing = s[j - 1] == '/';
          break;
        }
      }
      if (j >= s.size()) return "unclosed tag <" + name + ">";
      if (closing) {
        if (open.empty() || open.back() != name) return "</" + name + "> closes nothing open";
        open.pop_back();
      } else if (!self_closing) {
        open.push_back(name);
      }
      i = j + 1;
    } else {
      ++i;
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

// Text with XML references decoded (what a browser shows).
std::string xml_decoded(const std::string& s) {
  static const std::map<std::string, std::string> kNamed = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&' || !entity_at(s, i)) {
      out += s[i];
      continue;
    }
    const std::size_t end = s.find(';', i);
    const std::string ref = s.substr(i + 1, end - i - 1);
    if (ref[0] == '#') {
      const unsigned long cp = ref[1] == 'x' ? std::strtoul(ref.c_str() + 2, nullptr, 16)
                                             : std::strtoul(ref.c_str() + 1, nullptr, 10);
      if (cp < 0x80) {
        out += static_cast<char>(cp);
      } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
      }
    } else {
      const auto it = kNamed.find(ref);
      out += it == kNamed.end() ? "&" + ref + ";" : it->second;
    }
    i = end;
  }
  return out;
}

// The decoded values of every xlink:title (tooltip) attribute.
std::vector<std::string> tooltips(const std::string& svg) {
  std::vector<std::string> out;
  const std::string key = "xlink:title=\"";
  for (auto at = svg.find(key); at != std::string::npos; at = svg.find(key, at + 1)) {
    const auto begin = at + key.size();
    out.push_back(xml_decoded(svg.substr(begin, svg.find('"', begin) - begin)));
  }
  return out;
}

// The attribute list of node `id` in Graphviz's DOT output ("\tid\t[...];").
std::string dot_node(const std::string& dot, const std::string& id) {
  const auto at = dot.find("\t" + id + "\t[");
  REQUIRE(at != std::string::npos);
  return dot.substr(at, dot.find("];", at) - at);
}

double dot_number(const std::string& attrs, const std::string& key) {
  const auto at = attrs.find(key + "=");
  REQUIRE(at != std::string::npos);
  std::size_t begin = at + key.size() + 1;
  if (attrs[begin] == '"') ++begin;
  return std::strtod(attrs.c_str() + begin, nullptr);
}

// Left edge of an event box in points: centre minus half the width (inches).
double left_edge(const std::string& dot, const std::string& id) {
  const std::string attrs = dot_node(dot, id);
  return dot_number(attrs, "pos") - dot_number(attrs, "width") * 72 / 2;
}

// RFC 4180 records (CRLF between records; quoted fields may hold anything).
std::vector<std::vector<std::string>> parse_csv(const std::string& s) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      rows.emplace_back(1);
      ++i;
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

nlohmann::json timelinejs_of(const Timeline& t) {
  std::ostringstream out;
  write_timelinejs(out, t);
  return nlohmann::json::parse(out.str());
}

const nlohmann::json& slide(const nlohmann::json& j, const std::string& id) {
  for (const auto& e : j.at("events"))
    if (e.at("unique_id") == id) return e;
  FAIL("no slide " << id);
  return j;
}

}  // namespace

TEST_CASE("timeline SVG: well-formed, every dated event's title, year labels, sentence tooltips",
          "[export]") {
  const Timeline t = sample_timeline();
  const std::string svg = svg_of(t);
  REQUIRE(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("</svg>") != std::string::npos);
  INFO(xml_problem(svg));
  CHECK(xml_problem(svg).empty());

  const std::string text = xml_decoded(svg);
  for (const auto& title :
       {std::string("Leaders signed a statement"), test::kNastyTitle, test::kUtf8Title})
    CHECK(text.find(">" + title + "<") != std::string::npos);
  // Wrapped over two lines; the backslash and N survive Graphviz's \N (node name) escape.
  CHECK(text.find(">Officials called C:\\New<") != std::string::npos);
  CHECK(text.find(">claims false<") != std::string::npos);
  CHECK(svg.find("<c>") == std::string::npos);                 // escaped, not markup
  CHECK(text.find("Undated happening") == std::string::npos);  // no date: not drawn
  for (const char* id : {"e1", "e2", "e3", "e4"})
    CHECK(svg.find(std::string("<title>") + id + "</title>") != std::string::npos);

  // The time axis: the span (Nov 2020 - Sep 2023) has a label for each year.
  for (const char* year : {"2020", "2021", "2022", "2023"})
    CHECK(text.find(std::string(">") + year + "</text>") != std::string::npos);
  // Lanes by category.
  CHECK(text.find(">military action<") != std::string::npos);
  CHECK(text.find(">agreement<") != std::string::npos);
  // Dates as precise as known.
  for (const char* date : {"9 Nov 2020", "Sep 2023",
                           "19\xE2\x80\x93"
                           "20 Sep 2023",
                           "2021"})
    CHECK(text.find(std::string(">") + date) != std::string::npos);

  // Tooltips: the first mention's sentence, exactly (quotes, <b>, a backslash-N, text that looks
  // like an entity), and the article with its date.
  const auto tips = tooltips(svg);
  const std::string e4_sentence = sentence_of(test::kArticleA, "said C:");
  const std::string e3_sentence = sentence_of(test::kArticleA, "launched");
  bool e4_tip = false, e3_tip = false;
  for (const auto& tip : tips) {
    if (tip.find(e4_sentence) != std::string::npos) e4_tip = true;
    if (tip.find(e3_sentence) != std::string::npos) {
      e3_tip = true;
      CHECK(tip.find("Ceasefire & talks: \"what next\" (15 Feb 2024)") != std::string::npos);
      CHECK(tip.find("and 1 more article") != std::string::npos);
      CHECK(tip.find("Azerbaijan, Armenia") != std::string::npos);
    }
  }
  CHECK(e4_tip);
  CHECK(e3_tip);
  // The textual relation's tooltip quotes its evidence.
  bool evidence = false;
  for (const auto& tip : tips)
    if (tip.find("e2 BEFORE e3 (text)") != std::string::npos &&
        tip.find("weeks before the offensive") != std::string::npos)
      evidence = true;
  CHECK(evidence);
}

TEST_CASE("timeline DOT: positions pinned along the time axis, nop layout, escaped labels",
          "[export]") {
  const Timeline t = sample_timeline();
  const std::string dot = dot_of(t);
  REQUIRE(dot.rfind("digraph", 0) == 0);
  CHECK(dot.find("layout=nop") != std::string::npos);
  CHECK(dot.find("pin=true") != std::string::npos);
  for (const char* id : {"e1", "e2", "e3", "e4"}) {
    const std::string attrs = dot_node(dot, id);
    CHECK(attrs.find("pos=\"") != std::string::npos);
  }
  CHECK(dot.find("\te5\t") == std::string::npos);
  // Left edges follow the start dates: 9 Nov 2020 < 1 Jan 2021 < 1 Sep 2023 < 19 Sep 2023.
  const double e1 = left_edge(dot, "e1"), e4 = left_edge(dot, "e4"), e2 = left_edge(dot, "e2"),
               e3 = left_edge(dot, "e3");
  CHECK(e1 < e4);
  CHECK(e4 < e2);
  CHECK(e2 < e3);
  // A year-long event spans its year: wider than a one-day one.
  CHECK(dot_number(dot_node(dot, "e4"), "width") > dot_number(dot_node(dot, "e1"), "width"));
  // Same lane (category) means same y only for the same row; different categories differ.
  CHECK(dot_number(dot_node(dot, "e1"), "pos") != dot_number(dot_node(dot, "e3"), "pos"));
  // The label holds the title, '&' as an entity (Graphviz decodes them), quotes escaped for DOT.
  CHECK(dot_node(dot, "e3").find("label=\"\\lA &amp; B <c> \\\"q\\\"\\l\"") != std::string::npos);
  CHECK(dot_node(dot, "e4").find("C:\\\\New") != std::string::npos);  // "\\N" is not the name
  // The date sits on the box's first line, in a node of its own.
  CHECK(dot_node(dot, "_date_e3").find("2 sources") != std::string::npos);
  // Relations as edges; "after" is drawn forward in time.
  CHECK(dot.find("e1 -> e2") != std::string::npos);
  CHECK(dot.find("e2 -> e3") != std::string::npos);
  CHECK(dot.find("e1 -> e3") != std::string::npos);
}

TEST_CASE("timeline SVG and DOT of an empty or one-event timeline", "[export]") {
  const Timeline empty;
  const std::string svg = svg_of(empty);
  CHECK(svg.find("</svg>") != std::string::npos);
  CHECK(xml_problem(svg).empty());
  CHECK(dot_of(empty).rfind("digraph", 0) == 0);

  Timeline one = sample_timeline();
  one.events.resize(1);
  one.relations.clear();
  const std::string one_svg = svg_of(one);
  CHECK(xml_problem(one_svg).empty());
  CHECK(xml_decoded(one_svg).find(">Leaders signed a statement<") != std::string::npos);
  // A span of days gets day labels: 9 November and its neighbours.
  CHECK(xml_decoded(one_svg).find(">9</text>") != std::string::npos);
  CHECK(xml_decoded(one_svg).find(">Nov</text>") != std::string::npos);
}

TEST_CASE("timeline SVG: long titles are wrapped and cut, events on one day stack in rows",
          "[export]") {
  Timeline t = sample_timeline();
  t.relations.clear();
  t.events.resize(1);
  t.events[0].title =
      "Azerbaijan's forces launched a large-scale offensive against the positions of the "
      "Armenian separatists in Nagorno-Karabakh";
  for (int i = 2; i <= 4; ++i) {
    Event e = t.events[0];
    e.id = "e1" + std::to_string(i);
    e.title = "Same day " + std::to_string(i);
    t.events.push_back(e);
  }
  const std::string dot = dot_of(t);
  const std::string text = xml_decoded(svg_of(t));
  CHECK(text.find("\xE2\x80\xA6") != std::string::npos);  // cut with an ellipsis
  CHECK(text.find(">Azerbaijan's forces") != std::string::npos);
  // Same day, same lane: one row each, so no two boxes share a y.
  std::vector<double> ys;
  for (const char* id : {"e1", "e12", "e13", "e14"}) {
    const std::string attrs = dot_node(dot, id);
    const auto comma = attrs.find(',', attrs.find("pos=\""));
    ys.push_back(std::strtod(attrs.c_str() + comma + 1, nullptr));
  }
  std::sort(ys.begin(), ys.end());
  CHECK(std::adjacent_find(ys.begin(), ys.end()) == ys.end());
}

TEST_CASE("TimelineJS: dates at the precision known, escaped HTML text, groups and ids",
          "[export]") {
  const auto j = timelinejs_of(sample_timeline());
  REQUIRE(j.contains("title"));
  REQUIRE(j.at("events").is_array());
  CHECK(j.at("events").size() == 4);  // the undated event is left out

  const auto& e1 = slide(j, "e1");  // a day
  CHECK(e1.at("start_date") == nlohmann::json({{"year", 2020}, {"month", 11}, {"day", 9}}));
  CHECK_FALSE(e1.contains("end_date"));
  CHECK(e1.at("display_date") == "9 Nov 2020");
  CHECK(e1.at("group") == "agreement");

  const auto& e2 = slide(j, "e2");  // a month: no day
  CHECK(e2.at("start_date") == nlohmann::json({{"year", 2023}, {"month", 9}}));
  CHECK_FALSE(e2.contains("end_date"));
  CHECK(e2.at("display_date") == "Sep 2023");
  CHECK(e2.at("text").at("headline") == test::kUtf8Title);

  const auto& e3 = slide(j, "e3");  // two days
  CHECK(e3.at("start_date") == nlohmann::json({{"year", 2023}, {"month", 9}, {"day", 19}}));
  CHECK(e3.at("end_date") == nlohmann::json({{"year", 2023}, {"month", 9}, {"day", 20}}));
  CHECK(e3.at("display_date") ==
        "19\xE2\x80\x93"
        "20 Sep 2023");
  CHECK(e3.at("group") == "military action");
  CHECK(e3.at("text").at("headline") == "A &amp; B &lt;c&gt; &quot;q&quot;");
  const std::string text = e3.at("text").at("text");
  CHECK(text.find("Azerbaijan launched an offensive") != std::string::npos);
  CHECK(text.find("Ceasefire &amp; talks: &quot;what next&quot; (15 Feb 2024)") !=
        std::string::npos);
  CHECK(text.find("href=\"https://example.org/a1?x=1&amp;y=2\"") != std::string::npos);
  CHECK(text.find("Caf\xC3\xA9 owners") != std::string::npos);  // the second source
  CHECK(text.find("b2 (21 Sep 2023)") != std::string::npos);    // untitled: its id

  const auto& e4 = slide(j, "e4");  // a year: no month
  CHECK(e4.at("start_date") == nlohmann::json({{"year", 2021}}));
  CHECK_FALSE(e4.contains("end_date"));
  const std::string e4_text = e4.at("text").at("text");
  CHECK(e4_text.find("C:\\New &amp; &lt;b&gt;bold&lt;/b&gt; claims were &quot;false&quot; "
                     "&amp;amp; old.") != std::string::npos);

  // Every slide id is unique, the title's included (TimelineJS requires it).
  std::set<std::string> ids = {j.at("title").at("unique_id")};
  for (const auto& e : j.at("events")) CHECK(ids.insert(e.at("unique_id")).second);
  for (const auto& e : j.at("events")) {
    CHECK(e.at("start_date").at("year").is_number_integer());
    CHECK(e.at("text").contains("text"));
  }
}

TEST_CASE("TimelineJS and SVG date labels: quarters, ranges across months and years", "[export]") {
  using boost::gregorian::date;
  Timeline t = sample_timeline();
  t.relations.clear();
  t.events.resize(1);
  const auto add = [&](const char* id, TimeSpan s) {
    Event e = t.events[0];
    e.id = id;
    e.time = std::move(s);
    t.events.push_back(std::move(e));
  };
  add("q", test::span("2023-Q3", date(2023, 7, 1), date(2023, 9, 30), Granularity::quarter));
  add("r", test::span("x", date(2023, 9, 30), date(2023, 10, 2), Granularity::day));
  add("y", test::span("x", date(2023, 12, 30), date(2024, 1, 2), Granularity::day));
  add("w", test::span("2023-W38", date(2023, 9, 18), date(2023, 9, 24), Granularity::week));
  add("d", test::span("202", date(2020, 1, 1), date(2029, 12, 31), Granularity::decade));
  add("m", test::span("x", date(2023, 11, 1), date(2024, 2, 29), Granularity::month));
  const auto j = timelinejs_of(t);
  CHECK(slide(j, "q").at("display_date") == "Q3 2023");
  CHECK(slide(j, "q").at("start_date") == nlohmann::json({{"year", 2023}, {"month", 7}}));
  CHECK(slide(j, "q").at("end_date") == nlohmann::json({{"year", 2023}, {"month", 9}}));
  CHECK(slide(j, "r").at("display_date") == "30 Sep \xE2\x80\x93 2 Oct 2023");
  CHECK(slide(j, "y").at("display_date") == "30 Dec 2023 \xE2\x80\x93 2 Jan 2024");
  CHECK(slide(j, "w").at("display_date") ==
        "18\xE2\x80\x93"
        "24 Sep 2023");
  CHECK(slide(j, "d").at("display_date") == "2020s");
  CHECK(slide(j, "d").at("end_date") == nlohmann::json({{"year", 2029}}));
  CHECK(slide(j, "m").at("display_date") == "Nov 2023 \xE2\x80\x93 Feb 2024");
  // A span of decades draws year lines only, labelled every few years.
  const std::string svg = svg_of(t);
  CHECK(xml_problem(svg).empty());
  CHECK(xml_decoded(svg).find(">2020</text>") != std::string::npos);
  CHECK(svg.find(">Sep</text>") == std::string::npos);  // no month labels at this scale
}

TEST_CASE("CSV: RFC 4180 quoting, a header, one row per event", "[export]") {
  Timeline t = sample_timeline();
  t.events[0].title = "Signed, sealed";
  std::ostringstream out;
  write_timeline_csv(out, t);
  const std::string csv = out.str();
  // CRLF everywhere, no bare LF (the sentences' line breaks are folded to spaces).
  for (std::size_t i = 0; i < csv.size(); ++i)
    if (csv[i] == '\n') CHECK((i > 0 && csv[i - 1] == '\r'));
  CHECK(csv.rfind("id,start,end,value,granularity,category,title,participants,sources,salience,"
                  "first_document,sentence\r\n",
                  0) == 0);
  CHECK(csv.find("\"A & B <c> \"\"q\"\"\"") != std::string::npos);  // quotes doubled, quoted
  CHECK(csv.find("\"Signed, sealed\"") != std::string::npos);       // a comma: quoted

  const auto rows = parse_csv(csv);
  REQUIRE(rows.size() == 1 + t.events.size());
  for (const auto& row : rows) CHECK(row.size() == 12);
  std::map<std::string, std::vector<std::string>> by_id;
  for (std::size_t i = 1; i < rows.size(); ++i) by_id[rows[i][0]] = rows[i];
  const auto& e3 = by_id.at("e3");
  CHECK(e3[1] == "2023-09-19");
  CHECK(e3[2] == "2023-09-20");
  CHECK(e3[3] == "2023-09-19/2023-09-20");
  CHECK(e3[4] == "day");
  CHECK(e3[5] == "military_action");
  CHECK(e3[6] == test::kNastyTitle);
  CHECK(e3[7] == "Azerbaijan; Armenia");
  CHECK(e3[8] == "2");
  CHECK(e3[9] == "2.25");
  CHECK(e3[10] == "a1");
  CHECK(e3[11] == sentence_of(test::kArticleA, "launched"));
  CHECK(by_id.at("e4")[11] == sentence_of(test::kArticleA, "said C:"));
  CHECK(by_id.at("e2")[6] == test::kUtf8Title);
  CHECK(by_id.at("e5")[1].empty());  // undated: no dates, still listed
  CHECK(by_id.at("e1")[6] == "Signed, sealed");
}

TEST_CASE("timeline SVG at the ends of the calendar", "[export]") {
  using boost::gregorian::date;
  Timeline t = sample_timeline();
  t.relations.clear();
  t.events.resize(2);
  t.events[0].time = test::span("1400", date(1400, 1, 1), date(1400, 1, 1), Granularity::day);
  t.events[1].time = test::span("9999", date(9999, 1, 1), date(9999, 12, 31), Granularity::year);
  std::string svg;
  REQUIRE_NOTHROW(svg = svg_of(t));
  CHECK(xml_problem(svg).empty());
  CHECK(xml_decoded(svg).find(">1400</text>") != std::string::npos);
  t.events.resize(1);  // a span of days at the first day there is
  REQUIRE_NOTHROW(svg = svg_of(t));
  CHECK(xml_decoded(svg).find(">1 Jan 1400<") != std::string::npos);
}
