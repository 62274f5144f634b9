// `tempograph build` and `tempograph merge` through the real executable: the timeline of the
// bundled corpus, byte-identical output, the scale-out contract (map shards, merge, same bytes)
// and bad input, where nothing may be half-written.
#include "support.hpp"
#include "tempograph/document.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using tempograph::test::quote;
using tempograph::test::run_cli;
using tempograph::test::run_program;
using tempograph::test::slurp;
using tempograph::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string karabakh = quote(tempograph::test::examples_dir() / "karabakh");

// The bundled articles as JSON Lines documents, the way a scraper would hand them over.
std::vector<std::string> karabakh_jsonl() {
  auto loaded = tempograph::load_documents(
      {(tempograph::test::examples_dir() / "karabakh").string()}, tempograph::LoadOptions{});
  std::vector<std::string> lines;
  for (const auto& d : loaded.documents) {
    nlohmann::json j{{"id", d.id}, {"date", d.dct.iso()}, {"title", d.title}, {"text", d.text}};
    lines.push_back(j.dump() + "\n");
  }
  return lines;
}

bool no_temporary_files(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) return false;
  return true;
}

}  // namespace

TEST_CASE("build: the bundled corpus becomes timeline.json", "[cli][build]") {
  TempDir dir;
  const auto out = dir.path() / "timeline.json";
  const auto r = run_cli("build " + karabakh + " -o " + quote(out));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.find("built ") != std::string::npos);
  CHECK(r.err.find("5 documents") != std::string::npos);
  const auto j = nlohmann::json::parse(slurp(out));
  CHECK(j["schema"] == "tempograph/1");
  CHECK(j["documents"].size() == 5);
  CHECK(j["events"].size() > 10);

  SECTION("same input, byte-identical output, with one thread or two") {
    const auto again = dir.path() / "again.json";
    REQUIRE(run_cli("build -j 1 " + karabakh + " -o " + quote(again)).status == 0);
    CHECK(slurp(again) == slurp(out));
  }
  SECTION("--top keeps the key events") {
    const auto top = dir.path() / "top.json";
    REQUIRE(run_cli("build --top 3 " + karabakh + " -o " + quote(top)).status == 0);
    const auto t = nlohmann::json::parse(slurp(top));
    CHECK(t["events"].size() == 3);
  }
  SECTION("- writes to standard output") {
    const auto r2 = run_cli("build " + karabakh + " -o -");
    CHECK(r2.status == 0);
    CHECK(r2.out == slurp(out));
  }
}

TEST_CASE("build --jsonl maps, merge reduces: shards give the bytes of one build", "[cli][build]") {
  TempDir dir;
  const auto lines = karabakh_jsonl();
  REQUIRE(lines.size() == 5);
  std::string all, shard1, shard2;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    all += lines[i];
    (i % 2 ? shard1 : shard2) += lines[i];
  }
  const auto all_file = dir.write("all.jsonl", all);
  const auto one = dir.path() / "one.json";
  REQUIRE(run_cli("build " + quote(all_file) + " -o " + quote(one)).status == 0);

  // Shard 1 from a file, shard 2 on standard input, as Hadoop Streaming would feed it.
  const auto s1 = dir.write("shard1.jsonl", shard1);
  const auto p1 = run_cli("build --jsonl " + quote(s1));
  REQUIRE(p1.status == 0);
  CHECK(tempograph::test::lines_of(p1.out).size() == 2);
  const auto p2 = run_cli("build --jsonl -", shard2);
  REQUIRE(p2.status == 0);
  CHECK(tempograph::test::lines_of(p2.out).size() == 3);
  const auto part1 = dir.write("part1.jsonl", p1.out);
  const auto part2 = dir.write("part2.jsonl", p2.out);

  const auto merged = dir.path() / "merged.json";
  const auto m = run_cli("merge " + quote(part2) + " " + quote(part1) + " -o " + quote(merged));
  INFO(m.err);
  REQUIRE(m.status == 0);
  CHECK(slurp(merged) == slurp(one));

  SECTION("a part line of another schema version stops the merge; nothing is written") {
    const auto old = dir.write("old.jsonl", "{\"schema\":\"tempograph/0-part\",\"document\":{}}\n");
    const auto target = dir.path() / "never.json";
    const auto r = run_cli("merge " + quote(part1) + " " + quote(old) + " -o " + quote(target));
    CHECK(r.status == 1);
    CHECK(r.err.find("old.jsonl:1: ") != std::string::npos);
    CHECK(r.err.find("another version") != std::string::npos);
    CHECK_FALSE(fs::exists(target));
    CHECK(no_temporary_files(dir.path()));
  }
  SECTION("a truncated part file names its last line") {
    const std::string cut = p1.out.substr(0, p1.out.size() - 40);
    const auto truncated = dir.write("cut.jsonl", cut);
    const auto target = dir.path() / "never.json";
    const auto r = run_cli("merge " + quote(truncated) + " -o " + quote(target));
    CHECK(r.status == 1);
    CHECK(r.err.find("cut.jsonl:2: ") != std::string::npos);
    CHECK_FALSE(fs::exists(target));
  }
  SECTION("parts to a file: the lines of standard output; no file when nothing was analyzed") {
    const auto parts = dir.path() / "parts1.jsonl";
    const auto r = run_cli("build --jsonl " + quote(s1) + " -o " + quote(parts));
    REQUIRE(r.status == 0);
    CHECK(slurp(parts) == p1.out);
    const auto blank = dir.write("blank.jsonl", "{\"id\": \"b\", \"text\": \"  \"}\n");
    const auto never = dir.path() / "never.jsonl";
    const auto none = run_cli("build --jsonl " + quote(blank) + " -o " + quote(never));
    CHECK(none.status == 1);
    CHECK(none.err.find("empty text") != std::string::npos);
    CHECK_FALSE(fs::exists(never));
    CHECK(no_temporary_files(dir.path()));
  }
  SECTION("a timeline is not a part file") {
    const auto r = run_cli("merge " + quote(one) + " -o " + quote(dir.path() / "x.json"));
    CHECK(r.status == 1);
    CHECK(r.err.find("one.json:1: ") != std::string::npos);
  }
}

TEST_CASE("build: outputs that cannot or must not be written", "[cli][build]") {
  TempDir dir;
  SECTION("an unwritable output path") {
    const auto r = run_cli("build " + karabakh + " -o " + quote(dir.path() / "no/such/dir/t.json"));
    CHECK(r.status == 1);
    CHECK(r.err.find("no/such/dir/t.json: cannot write") != std::string::npos);
  }
  SECTION("an input is never overwritten") {
    const auto input = dir.write("a.txt", "date 2024-02-15\nTalks were held on Monday.\n");
    const auto r = run_cli("build " + quote(input) + " -o " + quote(input));
    CHECK(r.status == 1);
    CHECK(r.err.find("refusing to overwrite") != std::string::npos);
    CHECK(slurp(input) == "date 2024-02-15\nTalks were held on Monday.\n");
  }
  SECTION("nothing to build") {
    const auto r = run_cli("build " + quote(dir.path()) + " -o " + quote(dir.path() / "t.json"));
    CHECK(r.status == 1);
    CHECK_FALSE(fs::exists(dir.path() / "t.json"));
  }
  SECTION("bad documents are reported and the rest is built") {
    dir.write("in/good.txt",
              "date 2024-02-15\nRussia and Armenia signed an agreement on Monday.\n");
    dir.write("in/bad.txt", std::string("date 2024-02-15\nbad \xff\xfe bytes\n"));
    const auto target = dir.path() / "t.json";
    const auto r = run_cli("build " + quote(dir.path() / "in") + " -o " + quote(target));
    CHECK(r.status == 0);
    CHECK(r.err.find("bad.txt") != std::string::npos);
    CHECK(r.err.find("1 input skipped") != std::string::npos);
    const auto j = nlohmann::json::parse(slurp(target));
    CHECK(j["documents"].size() == 1);
  }
}

TEST_CASE("build and merge --help say what they do, with examples", "[cli][build]") {
  for (const char* command : {"build", "merge"}) {
    const auto r = run_cli(std::string(command) + " --help");
    CHECK(r.status == 0);
    CHECK(r.out.find("Example") != std::string::npos);
    CHECK(r.out.find("tempograph merge") != std::string::npos);
  }
}

#ifdef TEMPOGRAPH_VIEWER
TEST_CASE("tempograph-view --help has examples, --version the version", "[cli][viewer]") {
  const auto help = run_program(TEMPOGRAPH_VIEWER, "--help");
  CHECK(help.status == 0);
  CHECK(help.out.find("Examples:") != std::string::npos);
  CHECK(help.out.find("tempograph-view timeline.json") != std::string::npos);
  const auto version = run_program(TEMPOGRAPH_VIEWER, "--version");
  CHECK(version.status == 0);
  CHECK(version.out.rfind("tempograph-view ", 0) == 0);
}
#endif
