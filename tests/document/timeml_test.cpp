// TimeML: plain text from TEXT, inline tags with offsets, the DCT, and malformed XML.
#include "document/document_test_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tempograph;
using tempograph::test::data_dir;
using tempograph::test::day;
using tempograph::test::find_problem;
using tempograph::test::options_on;
using tempograph::test::TempDir;

namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const LoadProblem& expect_problem(std::string_view xml) {
  static std::variant<TimeMLContent, LoadProblem> parsed;
  parsed = parse_timeml(xml, "bad.tml");
  REQUIRE(std::holds_alternative<LoadProblem>(parsed));
  return std::get<LoadProblem>(parsed);
}

const TimeMLContent& expect_content(std::string_view xml) {
  static std::variant<TimeMLContent, LoadProblem> parsed;
  parsed = parse_timeml(xml, "good.tml");
  REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
  return std::get<TimeMLContent>(parsed);
}

std::string_view covered(const TimeMLContent& content, const InlineTag& tag) {
  return std::string_view(content.document.text).substr(tag.begin, tag.end - tag.begin);
}

}  // namespace

TEST_CASE("parse_timeml: TEXT becomes plain text with tags at their offsets") {
  const auto path = (data_dir() / "documents" / "timeml" / "AFP_SAMPLE.tml").string();
  auto parsed = parse_timeml(slurp(path), path);
  REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
  const auto& content = std::get<TimeMLContent>(parsed);
  const Document& doc = content.document;

  CHECK(doc.id == "AFP_SAMPLE");
  CHECK(doc.path == path);
  CHECK(doc.format == SourceFormat::timeml);
  CHECK(doc.title == "Malaysian share market falls 1.1 percent at midday");
  CHECK(doc.text ==
        "\nMalaysian share prices dipped 1.1 percent by midday Tuesday, AT&T said \"no\" "
        "\xC3\xA9\xC3\xA9 after three months.\n");

  // The DCT comes from the TIMEX3 inside DCT, whatever text surrounds it.
  CHECK(doc.dct.source == DctSource::timeml);
  CHECK(doc.dct.day == day("1997-04-01"));
  CHECK(doc.dct.evidence.find("t0") != std::string::npos);

  REQUIRE(content.tags.size() == 4);
  CHECK(content.tags[0].name == "EVENT");
  CHECK(covered(content, content.tags[0]) == "dipped");
  CHECK(content.tags[0].attribute("eid") == "e1");
  CHECK(content.tags[0].attribute("missing").empty());
  CHECK(content.tags[1].name == "TIMEX3");
  CHECK(covered(content, content.tags[1]) == "Tuesday");
  CHECK(content.tags[1].attribute("value") == "1997-04-01");
  CHECK(content.tags[2].name == "SIGNAL");
  CHECK(covered(content, content.tags[2]) == "after");
  CHECK(covered(content, content.tags[3]) == "three months");
  CHECK(content.tags[3].attribute("type") == "DURATION");
}

TEST_CASE("parse_timeml: DCT date-times, empty tags and attribute entities") {
  auto parsed = parse_timeml(
      "<TimeML><DCT><TIMEX3 tid='t0' value='1998-11-20T19:30'>x</TIMEX3></DCT>\n"
      "<TEXT>A <TIMEX3 tid=\"t1\" value=\"P1D\" note=\"a &lt;b&gt; &amp; c\"/>day.</TEXT>"
      "</TimeML>",
      "dir/APW1.tml");
  REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
  const auto& content = std::get<TimeMLContent>(parsed);
  CHECK(content.document.id == "APW1");
  CHECK(content.document.dct.iso() == "1998-11-20T19:30");
  CHECK(content.document.text == "A day.");
  REQUIRE(content.tags.size() == 1);
  CHECK(content.tags[0].begin == 2);
  CHECK(content.tags[0].end == 2);
  CHECK(content.tags[0].attribute("note") == "a <b> & c");
}

TEST_CASE("parse_timeml: offsets count decoded entities and CDATA") {
  auto parsed = parse_timeml(
      "<TimeML><TEXT>&#233;t&amp;<E a='&#x41;&lt;'>x</E> &#x1F600;<![CDATA[<&>]]><T>y</T>"
      "</TEXT></TimeML>",
      "offsets.tml");
  REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
  const auto& content = std::get<TimeMLContent>(parsed);
  CHECK(content.document.text == "\xC3\xA9t&x \xF0\x9F\x98\x80<&>y");
  REQUIRE(content.tags.size() == 2);
  CHECK(covered(content, content.tags[0]) == "x");
  CHECK(content.tags[0].begin == 4);
  CHECK(content.tags[0].attribute("a") == "A<");
  CHECK(covered(content, content.tags[1]) == "y");
  CHECK(content.tags[1].begin == 13);
}

TEST_CASE("parse_timeml: malformed XML is a problem naming the line") {
  SECTION("unclosed tag") {
    const auto& p = expect_problem("<TimeML>\n<TEXT>\nSome <EVENT eid=\"e1\">text\n</TimeML>\n");
    CHECK(p.line == 4u);
    CHECK(p.message.find("does not match <EVENT> opened on line 3") != std::string::npos);
  }
  SECTION("element never closed at the end of the file") {
    const auto& p = expect_problem("<TimeML>\n<TEXT>Some text</TEXT>\n");
    CHECK(p.line == 1u);
    CHECK(p.message.find("<TimeML> opened on line 1 is never closed") != std::string::npos);
  }
  SECTION("mismatched tags") {
    const auto& p = expect_problem("<TimeML>\n<TEXT>\n<EVENT>a</TIMEX3>\n</TEXT></TimeML>");
    CHECK(p.line == 3u);
    CHECK(p.message.find("</TIMEX3>") != std::string::npos);
  }
  SECTION("missing TEXT") {
    const auto& p = expect_problem("<TimeML>\n<DOCID>x</DOCID>\n</TimeML>\n");
    CHECK(p.line.has_value());
    CHECK(p.message.find("no TEXT") != std::string::npos);
    CHECK(p.describe().starts_with("bad.tml:"));
  }
  SECTION("bare ampersand and unknown entity") {
    CHECK(expect_problem("<TimeML><TEXT>\n\nAT&T</TEXT></TimeML>").line == 3u);
    CHECK(expect_problem("<TimeML><TEXT>&nbsp;</TEXT></TimeML>").message.find("&nbsp;") !=
          std::string::npos);
  }
  SECTION("unquoted attribute, stray '<', tag cut off by the end of the file") {
    CHECK(expect_problem("<TimeML>\n<TEXT a=1>x</TEXT></TimeML>").line == 2u);
    CHECK(expect_problem("<TimeML><TEXT>1 < 2</TEXT></TimeML>").line == 1u);
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT>\n</TimeML").line == 2u);
  }
  SECTION("text or a second element outside the root") {
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT></TimeML>\ntrailing").line == 2u);
    CHECK(expect_problem("<A><TEXT>x</TEXT></A>\n<B/>").line == 2u);
  }
}

// The reader takes the usual attributes (a name of letters, a short double-quoted value) and end
// tags in bulk; these are the cases around that shortcut, which must read as the general code.
TEST_CASE("parse_timeml: attributes and end tags read in bulk keep every check") {
  const std::string padding(80, '\n');  // the bulk reading needs bytes to spare after a tag
  SECTION("values of every kind, kept as written") {
    const std::string long_value(40, 'v');
    const auto parsed = parse_timeml(
        "<TimeML><TEXT>a <EVENT eid=\"e1\" x:y=\"q\" n1=\"v\" long=\"" + long_value +
            "\" b='single' c = \"spaced\" d=\"&amp;\"\tclassName=\"OCCURRENCE\">x</EVENT >"
            " b</TEXT></TimeML>" +
            padding,
        "ok.tml");
    REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
    const auto& content = std::get<TimeMLContent>(parsed);
    REQUIRE(content.tags.size() == 1);
    const InlineTag& tag = content.tags[0];
    CHECK(tag.attributes.size() == 8);
    CHECK(tag.attribute("eid") == "e1");
    CHECK(tag.attribute("x:y") == "q");
    CHECK(tag.attribute("n1") == "v");
    CHECK(tag.attribute("long") == long_value);
    CHECK(tag.attribute("b") == "single");
    CHECK(tag.attribute("c") == "spaced");
    CHECK(tag.attribute("d") == "&");
    CHECK(tag.attribute("className") == "OCCURRENCE");
    CHECK(covered(content, tag) == "x");
    CHECK(content.document.text == "a x b");
  }
  SECTION("a repeated attribute, short or long") {
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT>\n<TLINK lid=\"l1\" relType=\"BEFORE\" lid=\"l2\"/>"
                         "</TimeML>" +
                         padding)
              .message.find("attribute 'lid' repeated in <TLINK>") != std::string::npos);
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT><T relatedToEventInstance=\"1\" "
                         "relatedToEventInstance=\"2\"/></TimeML>" +
                         padding)
              .message.find("repeated") != std::string::npos);
  }
  SECTION("'<' in a value, a missing space, a mismatched end tag") {
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT><T a=\"1<2\"/></TimeML>" + padding)
              .message.find("'<' in the value of attribute 'a'") != std::string::npos);
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT><T a=\"1\"b=\"2\"/></TimeML>" + padding)
              .message.find("no space before attribute 'b'") != std::string::npos);
    CHECK(expect_problem("<TimeML><TEXT><EVENT>x</EVENTS></TEXT></TimeML>" + padding)
              .message.find("</EVENTS> does not match <EVENT>") != std::string::npos);
  }
}

// Start tags are read whole from byte masks of 64 bytes when they are of the usual shape; these
// are the cases at the edges of that reading, which must give what the general code gives.
TEST_CASE("parse_timeml: start tags read from byte masks keep every check") {
  const std::string padding(80, '\n');
  SECTION("attributes past the first 64 bytes, kept with their values") {
    const std::string xml =
        "<TimeML><DCT><TIMEX3 type=\"DATE\" temporalFunction=\"false\" functionInDocument=\""
        "CREATION_TIME\" tid=\"t0\" value=\"1998-02-13\">x</TIMEX3></DCT><TEXT>A <TLINK "
        "lid=\"l1\" eventInstanceID=\"ei1\" relatedToEventInstance=\"ei2\" relType=\"BEFORE\" "
        "origin=\"a &amp; b\"/>b <TIMEX3 tid=\"t1\" anchorTimeID=\"t0\" value=\"PRESENT_REF\" "
        "temporalFunction=\"true\" mod=\"APPROX\" x=\"" +
        std::string(70, 'v') + "\">now</TIMEX3>.</TEXT></TimeML>" + padding;
    const auto parsed = parse_timeml(xml, "long.tml");
    REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
    const auto& content = std::get<TimeMLContent>(parsed);
    CHECK(content.document.dct.iso() == "1998-02-13");
    CHECK(content.document.dct.evidence == "TIMEX3 t0 in DCT (line 1)");
    CHECK(content.document.text == "A b now.");
    REQUIRE(content.tags.size() == 2);
    const InlineTag& link = content.tags[0];
    CHECK(link.name == "TLINK");
    CHECK(link.attributes.size() == 5);
    CHECK(link.attribute("relatedToEventInstance") == "ei2");
    CHECK(link.attribute("relType") == "BEFORE");
    CHECK(link.attribute("origin") == "a & b");
    const InlineTag& timex = content.tags[1];
    CHECK(timex.attributes.size() == 6);
    CHECK(timex.attribute("mod") == "APPROX");
    CHECK(timex.attribute("x") == std::string(70, 'v'));
    CHECK(covered(content, timex) == "now");
  }
  SECTION("names that share a bit of the quick duplicate check are not repeats") {
    // "ab" and "ac" have the same length and first byte.
    const auto& tags = expect_content(
                           "<TimeML><TEXT><E ab=\"1\" ac=\"2\" tid=\"t1\" mod=\"3\">x</E> <T/><T />"
                           "<U a=\"1\" ></U></TEXT></TimeML>" +
                           padding)
                           .tags;
    REQUIRE(tags.size() == 4);
    CHECK(tags[0].attribute("ab") == "1");
    CHECK(tags[0].attribute("ac") == "2");
    CHECK(tags[0].attribute("mod") == "3");
    CHECK(tags[1].name == "T");
    CHECK(tags[3].attribute("a") == "1");
  }
  SECTION("a repeat after the first 64 bytes, errors at every step of a tag") {
    const std::string head = "<TimeML><TEXT>x</TEXT>\n";
    const auto problem = [&](const std::string& tag) {
      return expect_problem(head + tag + "</TimeML>" + padding);
    };
    CHECK(problem("<TLINK lid=\"l1\" eventInstanceID=\"ei1\" relatedToEventInstance=\"ei2\" "
                  "lid=\"l2\"/>")
              .message.find("attribute 'lid' repeated in <TLINK>") != std::string::npos);
    CHECK(problem("<T a=\"1\" =\"2\"/>").message.find("unexpected '='") != std::string::npos);
    CHECK(problem("<T a=\"1\" b/>").message.find("attribute 'b' in <T> has no value") !=
          std::string::npos);
    CHECK(problem("<T a=\"1\" / >").message.find("stray '/' in tag <T>") != std::string::npos);
    CHECK(problem("<T a=\"1\"/ >").message.find("stray '/' in tag <T>") != std::string::npos);
    CHECK(problem("<T a=\"1\" b=2/>").message.find("value of attribute 'b' in <T> is not quoted") !=
          std::string::npos);
    CHECK(problem("<T a=\"1\" b=\"&bad;\"/>").message.find("unknown entity '&bad;'") !=
          std::string::npos);
    CHECK(problem("<T a=\"1\"\n\n\"b\"/>").line == 4u);
    CHECK(problem("<T3x a=\"1\"b=\"2\"/>").message.find("no space before attribute 'b' in <T3x>") !=
          std::string::npos);
  }
  SECTION("a line break after a start tag read whole is text in TEXT and the title") {
    const auto& content = expect_content(
        "<TimeML><TITLE>A<B x=\"1\"/>\n<B/>C</TITLE>\n<TEXT>a<E x=\"1\"/>\n<E y=\"2\" />"
        "\nb</TEXT>\n<L lid=\"l1\" />\n<L lid=\"l2\"/>\n<M a=\"1\">\n</M>\n</TimeML>" +
        padding);
    CHECK(content.document.title == "A C");
    CHECK(content.document.text == "a\n\nb");
    REQUIRE(content.tags.size() == 2);
    CHECK(content.tags[0].attribute("x") == "1");
    CHECK(content.tags[1].attribute("y") == "2");
    CHECK(content.tags[1].begin == 2u);
    // A line break stepped over still counts for the line of an error after it.
    CHECK(expect_problem("<A><TEXT>x</TEXT>\n<L a=\"1\"/>\n<L a=\"2\"/>\n<L a=\"3\">" + padding)
              .message.find("<L> opened on line 4 is never closed") != std::string::npos);
  }
  SECTION("values ending at every byte of the window, and past it") {
    for (std::size_t n = 0; n < 90; ++n) {
      const std::string value(n, 'v');
      const auto& tags = expect_content("<TimeML><TEXT><E a=\"" + value + "\" bc=\"1\" d=\"" +
                                        value + "\">x</E></TEXT></TimeML>" + padding)
                             .tags;
      REQUIRE(tags.size() == 1);
      CHECK(tags[0].attribute("a") == value);
      CHECK(tags[0].attribute("bc") == "1");
      CHECK(tags[0].attribute("d") == value);
      CHECK(expect_problem("<TimeML><TEXT>x</TEXT>\n<L a=\"" + value + "\" b=\"1\" a=\"2\"/>" +
                           padding)
                .message.find("attribute 'a' repeated in <L>") != std::string::npos);
    }
  }
  SECTION("only the names TEXT, DCT, TIMEX3 in DCT, TITLE and HEADLINE play a part") {
    const std::string xml =
        "<TimeML><TITLA>x</TITLA><HEADLINES>y</HEADLINES><HEADLINE a=\"1\">Head &amp; line"
        "</HEADLINE><TITLE>second</TITLE><DCTS>1999-01-01</DCTS><DCT><TIMEX2 value=\"1997-01-01"
        "\"/><TIMEX3 tid=\"t0\" value=\"1998-02-13\"/></DCT><TEXTS>y</TEXTS><TEXTX/><TEXT>z"
        "</TEXT></TimeML>";
    for (const std::string& text : {xml, xml + padding}) {
      const auto& content = expect_content(text);
      CHECK(content.document.title == "Head & line");
      CHECK(content.document.dct.iso() == "1998-02-13");
      CHECK(content.document.text == "z");
    }
  }
  SECTION("a start tag read whole that is not allowed where it is") {
    const auto& p = expect_problem("<A><TEXT>x</TEXT></A>\n<B c=\"1\"/>" + padding);
    CHECK(p.line == 2u);
    CHECK(p.message.find("a second root element <B>") != std::string::npos);
    CHECK(expect_problem("<A><TEXT>x</TEXT><TEXT c=\"1\">y</TEXT></A>" + padding)
              .message.find("a second TEXT element") != std::string::npos);
  }
  SECTION("a start tag cut off by the end of the file") {
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT>\n<TLINK lid=\"l1\" relType=\"BEFORE\"")
              .message.find("tag <TLINK> is never closed") != std::string::npos);
    CHECK(expect_problem("<TimeML><TEXT>x</TEXT>\n<TLINK lid=\"l1\" relType=\"BEFORE")
              .message.find("value of attribute 'relType' is never closed") != std::string::npos);
  }
}

TEST_CASE("parse_timeml: the document id is the file name without its last extension") {
  for (const std::string path : {"dir/APW1.tml", "APW1.tml", "a/b.c/NYT.1998.tml", "a/.tml",
                                 "a/.hidden.tml", "a/noext", "a/x.", "./..", "/r/x.tml"}) {
    const auto parsed = parse_timeml("<TimeML><TEXT>x</TEXT></TimeML>", path);
    REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
    CHECK(std::get<TimeMLContent>(parsed).document.id ==
          std::filesystem::path(path).stem().string());
  }
}

// TEXT is assembled from its runs between tags, copied a block at a time: runs of every length,
// with entities or CDATA between them, up to the very end of the file.
TEST_CASE("parse_timeml: TEXT assembled from runs of every length") {
  std::string xml = "<TimeML><TEXT>";
  std::string expected;
  for (std::size_t size = 1; size <= 40; ++size) {
    const std::string run(size, static_cast<char>('a' + size % 26));
    xml += run + (size % 3 == 0 ? "&amp;" : "") + "<E>" + run + "</E>" +
           (size % 5 == 0 ? "<![CDATA[<>]]>" : "");
    expected += run + (size % 3 == 0 ? "&" : "") + run + (size % 5 == 0 ? "<>" : "");
  }
  for (const std::string& tail :
       {std::string("z</TEXT></TimeML>"), "z</TEXT></TimeML>" + std::string(40, ' ')}) {
    const auto parsed = parse_timeml(xml + tail, "runs.tml");
    REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
    const auto& content = std::get<TimeMLContent>(parsed);
    CHECK(content.document.text == expected + "z");
    REQUIRE(content.tags.size() == 40);
    CHECK(covered(content, content.tags[39]) == std::string(40, 'a' + 40 % 26));
  }
}

// End tags are matched against the open element as one word when the name is short.
TEST_CASE("parse_timeml: end tags of short and long names, near the end of the file") {
  CHECK(std::holds_alternative<TimeMLContent>(parse_timeml(
      "<TimeML><TEXT><ABCDEFGH>x</ABCDEFGH><ABCDEFGHI>y</ABCDEFGHI></TEXT></TimeML>", "ok.tml")));
  CHECK(expect_problem("<TimeML><TEXT><ABCDEFGH>x</ABCDEFGX></TEXT></TimeML>")
            .message.find("</ABCDEFGX> does not match <ABCDEFGH>") != std::string::npos);
  CHECK(expect_problem("<TimeML><TEXT><ABCDEFGHI>x</ABCDEFGHX></TEXT></TimeML>")
            .message.find("</ABCDEFGHX> does not match <ABCDEFGHI>") != std::string::npos);
  CHECK(expect_problem("<TimeML><TEXT><A>x</AB></TEXT></TimeML>")
            .message.find("</AB> does not match <A>") != std::string::npos);
  CHECK(expect_problem("<TimeML><TEXT>x</TEXT></TimeMX>").message.find("does not match") !=
        std::string::npos);
  CHECK(expect_problem("<TimeML><TEXT>x</TEXT></Time>").message.find("does not match") !=
        std::string::npos);
}

TEST_CASE("load_documents gives the text, title and DCT that parse_timeml gives") {
  TempDir dir;
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<TimeML>\n<DCT><TIMEX3 tid=\"t0\" value=\"1998-11-20T19:30\">"
      "x</TIMEX3></DCT>\n<TITLE> Talks &amp;\n  more </TITLE>\n<TEXT>\nOn <TIMEX3 tid=\"t1\" "
      "value=\"1998-11-20\">Friday</TIMEX3> &quot;AT&amp;T&quot; <EVENT eid=\"e1\">said"
      "</EVENT> <![CDATA[a < b]]>.\n</TEXT>\n<TLINK lid=\"l1\" relType=\"BEFORE\"/>\n</TimeML>\n";
  const auto path = dir.write("NYT1.tml", xml);
  auto parsed = parse_timeml(xml, path.string());
  REQUIRE(std::holds_alternative<TimeMLContent>(parsed));
  const Document& expected = std::get<TimeMLContent>(parsed).document;
  CHECK(expected.text == "\nOn Friday \"AT&T\" said a < b.\n");
  CHECK(expected.title == "Talks & more");

  auto result = load_documents({path.string()}, options_on("2025-01-01"));
  REQUIRE(result.documents.size() == 1);
  const Document& loaded = result.documents[0];
  CHECK(loaded.id == expected.id);
  CHECK(loaded.path == expected.path);
  CHECK(loaded.format == SourceFormat::timeml);
  CHECK(loaded.text == expected.text);
  CHECK(loaded.title == expected.title);
  CHECK(loaded.dct.iso() == "1998-11-20T19:30");
  CHECK(loaded.dct.evidence == expected.dct.evidence);
  CHECK(loaded.dct.evidence == "TIMEX3 t0 in DCT (line 3)");
}

TEST_CASE("load_documents reads .tml files, a malformed one does not stop the others") {
  TempDir dir;
  std::filesystem::copy_file(data_dir() / "documents" / "timeml" / "AFP_SAMPLE.tml",
                             dir.path() / "AFP_SAMPLE.tml");
  dir.write("broken.tml", "<TimeML>\n<TEXT>\nunclosed <EVENT>word\n</TEXT>\n</TimeML>\n");
  dir.write("notext.tml", "<TimeML><DCT></DCT></TimeML>\n");
  dir.write("baddct.tml",
            "<TimeML><DCT><TIMEX3 value=\"XXXX-XX-XX\"/></DCT><TEXT>On Friday, 8 April 2022 "
            "we met.</TEXT></TimeML>");

  auto result = load_documents({dir.path().string()}, options_on("2025-01-01"));
  REQUIRE(result.documents.size() == 2);
  CHECK(result.documents[0].id == "AFP_SAMPLE");
  CHECK(result.documents[0].dct.source == DctSource::timeml);

  const auto* broken = find_problem(result, "broken.tml", "malformed XML");
  REQUIRE(broken);
  CHECK(broken->line == 4u);
  CHECK(find_problem(result, "notext.tml", "no TEXT"));

  // An unusable DCT value is noted and the date is inferred from the text instead.
  CHECK(find_problem(result, "baddct.tml", "XXXX-XX-XX"));
  CHECK(result.documents[1].id == "baddct");
  CHECK(result.documents[1].dct.source == DctSource::inferred);
  CHECK(result.documents[1].dct.iso() == "2022-04-08");
}
