// `tempograph export` through the real executable: each format to a file and to stdout, and the
// error cases (malformed, truncated or other-version timeline.json, unknown format, unwritable
// output, the input as output), which must exit 1 with one clear line and write nothing.
#include "tempograph/timeline.hpp"

#include "export/timeline_sample.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using tempograph::test::quote;
using tempograph::test::run_cli;
using tempograph::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// timeline.json for the sample timeline (events with a date only, as `build` writes them).
std::string sample_json() {
  tempograph::Timeline t = tempograph::test::sample_timeline();
  std::erase_if(t.events, [](const tempograph::Event& e) { return e.time.start.is_special(); });
  std::ostringstream out;
  tempograph::write_timeline_json(out, t);
  return out.str();
}

// Everything in `dir` but `keep`: what a failed run must not leave behind.
std::size_t files_besides(const fs::path& dir, const fs::path& keep) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path() != keep) ++n;
  return n;
}

bool one_error_line(const std::string& err) {
  return err.rfind("tempograph: ", 0) == 0 && err.find('\n') == err.size() - 1;
}

}  // namespace

TEST_CASE("export --help explains the formats with an example", "[export][cli]") {
  const auto r = run_cli("export --help");
  CHECK(r.status == 0);
  for (const char* word : {"svg", "dot", "timelinejs", "timeml", "csv", "--format", "-o", "Example",
                           "tempograph export timeline.json"})
    CHECK(r.out.find(word) != std::string::npos);
}

TEST_CASE("export writes each format to a file, or to stdout without -o", "[export][cli]") {
  TempDir dir;
  const auto input = dir.write("timeline.json", sample_json());

  auto r = run_cli("export " + quote(input) + " --format svg -o " + quote(dir.path() / "t.svg"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string svg = slurp(dir.path() / "t.svg");
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("Leaders signed a statement") != std::string::npos);
  CHECK(r.out.empty());

  r = run_cli("export " + quote(input) + " -o " + quote(dir.path() / "t.dot"));  // from the name
  REQUIRE(r.status == 0);
  CHECK(slurp(dir.path() / "t.dot").find("pin=true") != std::string::npos);

  r = run_cli("export " + quote(input) + " --format timelinejs");
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("events").size() == 4);

  r = run_cli("export " + quote(input) + " --format csv -o -");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("id,start,end,", 0) == 0);

  r = run_cli("export - --format csv", slurp(input));  // the timeline on stdin
  REQUIRE(r.status == 0);
  CHECK(r.out.find("military_action") != std::string::npos);

  // Nothing but the outputs: no temporary files left.
  CHECK(files_besides(dir.path(), input) == 2);
}

TEST_CASE("export --format timeml writes one TimeML file per document into a folder",
          "[export][cli]") {
  TempDir dir;
  const auto input = dir.write("timeline.json", sample_json());
  const auto out = dir.path() / "tml";
  const auto r = run_cli("export " + quote(input) + " --format timeml -o " + quote(out));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string a1 = slurp(out / "a1.tml");
  CHECK(a1.find("<DCT><TIMEX3") != std::string::npos);
  CHECK(a1.find("value=\"2020-11\">November 2020</TIMEX3>") != std::string::npos);
  CHECK(a1.find("<EVENT eid=") != std::string::npos);
  CHECK(fs::exists(out / "b2.tml"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++files;
  CHECK(files == 2);  // the staging folder is gone

  const auto to_stdout = run_cli("export " + quote(input) + " --format timeml");
  CHECK(to_stdout.status == 1);
  CHECK(to_stdout.err.find("-o") != std::string::npos);
}

TEST_CASE("export of a bad timeline.json fails with the file and line, and writes nothing",
          "[export][cli]") {
  TempDir dir;
  const std::string good = sample_json();
  const auto target = dir.path() / "out.svg";

  SECTION("malformed JSON") {
    const auto input =
        dir.write("bad.json", "{\"schema\":\"tempograph/1\",\n\"documents\":[\n{oops}\n");
    const auto r = run_cli("export " + quote(input) + " -o " + quote(target));
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.err.find("bad.json:3") != std::string::npos);
    CHECK(files_besides(dir.path(), input) == 0);
  }
  SECTION("truncated file") {
    const auto input = dir.write("cut.json", good.substr(0, good.size() / 2));
    const auto r = run_cli("export " + quote(input) + " --format csv -o " + quote(target));
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.err.find("cut.json:") != std::string::npos);
    CHECK(files_besides(dir.path(), input) == 0);
  }
  SECTION("another schema version") {
    std::string other = good;
    other.replace(other.find("tempograph/1"), 12, "tempograph/9");
    const auto input = dir.write("v9.json", other);
    const auto r = run_cli("export " + quote(input) + " -o " + quote(target));
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.err.find("tempograph/9") != std::string::npos);
    CHECK(files_besides(dir.path(), input) == 0);
  }
  SECTION("an empty file") {
    const auto input = dir.write("empty.json", "");
    const auto r = run_cli("export " + quote(input) + " --format csv");
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.out.empty());
  }
  SECTION("a missing file") {
    const auto r = run_cli("export " + quote(dir.path() / "none.json") + " --format csv");
    CHECK(r.status == 1);
    CHECK(r.err.find("none.json") != std::string::npos);
    CHECK(r.out.empty());
  }
  SECTION("an existing output stays as it was") {
    const auto input = dir.write("cut.json", good.substr(0, 100));
    const auto kept = dir.write("out.svg", "previous");
    const auto r = run_cli("export " + quote(input) + " -o " + quote(kept));
    CHECK(r.status == 1);
    CHECK(slurp(kept) == "previous");
    CHECK(files_besides(dir.path(), input) == 1);
  }
}

TEST_CASE("export refuses bad requests: unknown format, the input as output, unwritable paths",
          "[export][cli]") {
  TempDir dir;
  const std::string good = sample_json();
  const auto input = dir.write("timeline.json", good);

  SECTION("unknown format") {
    const auto r =
        run_cli("export " + quote(input) + " --format png -o " + quote(dir.path() / "t.png"));
    CHECK(r.status != 0);
    CHECK(r.err.find("png") != std::string::npos);
    CHECK(files_besides(dir.path(), input) == 0);
  }
  SECTION("no format and an output name that does not tell it") {
    const auto r = run_cli("export " + quote(input) + " -o " + quote(dir.path() / "t.txt"));
    CHECK(r.status == 1);
    CHECK(r.err.find("--format") != std::string::npos);
    CHECK(files_besides(dir.path(), input) == 0);
  }
  SECTION("the input as output, also by another path") {
    for (const std::string& same :
         {input.string(), (dir.path() / "." / "timeline.json").string()}) {
      const auto r = run_cli("export " + quote(input) + " --format csv -o " + quote(same));
      CHECK(r.status == 1);
      CHECK(r.err.find("input") != std::string::npos);
      CHECK(slurp(input) == good);
    }
  }
  SECTION("an output folder that does not exist") {
    const auto r =
        run_cli("export " + quote(input) + " -o " + quote(dir.path() / "missing" / "t.svg"));
    CHECK(r.status == 1);
    CHECK(one_error_line(r.err));
    CHECK(r.err.find("cannot write") != std::string::npos);
  }
  SECTION("an output that is a folder") {
    fs::create_directories(dir.path() / "t.svg");
    const auto r = run_cli("export " + quote(input) + " -o " + quote(dir.path() / "t.svg"));
    CHECK(r.status == 1);
    CHECK(r.err.find("folder") != std::string::npos);
  }
  SECTION("timeml into a path that is a file") {
    const auto file = dir.write("notadir", "x");
    const auto r = run_cli("export " + quote(input) + " --format timeml -o " + quote(file));
    CHECK(r.status == 1);
    CHECK(slurp(file) == "x");
  }
}

TEST_CASE("export of a timeline built from the bundled articles", "[export][cli]") {
  TempDir dir;
  const auto timeline = dir.path() / "karabakh.json";
  const auto built = run_cli("build " + quote(tempograph::test::examples_dir() / "karabakh") +
                             " -o " + quote(timeline));
  INFO(built.err);
  REQUIRE(built.status == 0);
  for (const char* format : {"svg", "dot", "timelinejs", "csv"}) {
    const auto r = run_cli("export " + quote(timeline) + " --format " + format);
    INFO(format << ": " << r.err);
    CHECK(r.status == 0);
    CHECK(!r.out.empty());
  }
  const auto svg = run_cli("export " + quote(timeline) + " --format svg");
  for (const char* year : {">2020</text>", ">2022</text>", ">2023</text>"})
    CHECK(svg.out.find(year) != std::string::npos);

  // The readable listing: the 9 November 2020 statement once, with its three articles.
  const auto text = run_cli("export " + quote(timeline) + " --format text");
  CHECK(text.status == 0);
  const auto lines = tempograph::test::lines_of(text.out);
  const auto ceasefire = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.rfind("9 Nov 2020", 0) == 0 && l.find("agreement") != std::string::npos;
  });
  REQUIRE(ceasefire != lines.end());
  CHECK(ceasefire->find("3 sources") != std::string::npos);
  for (const char* doc :
       {"002_fa51f972bed19717: ", "003_7bc3872968d31207: ", "004_30699b983643d3de: "})
    CHECK(std::count_if(ceasefire + 1, std::min(ceasefire + 4, lines.end()),
                        [&](const std::string& l) { return l.find(doc) != std::string::npos; }) ==
          1);
}
