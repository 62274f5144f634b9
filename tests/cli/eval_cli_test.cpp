// `tempograph eval` through the real executable, on the hand-made folders in tests/data/eval:
// gold a.tml has 4 timexes, b.tml 2; the system gets 3 strict and 1 extent-only match, one wrong
// type, one wrong value, one spurious and two missed (see the expected TSV below).
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using tempograph::test::data_dir;
using tempograph::test::run_cli;
using tempograph::test::TempDir;

namespace {

using tempograph::test::lines_of;
using tempograph::test::quote;

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t pos = 0;
  while (true) {
    const auto tab = line.find('\t', pos);
    fields.push_back(line.substr(pos, tab - pos));
    if (tab == std::string::npos) return fields;
    pos = tab + 1;
  }
}

const auto kGold = data_dir() / "eval" / "gold";
const auto kSystem = data_dir() / "eval" / "system";

}  // namespace

TEST_CASE("eval: readable table with hand-computed scores") {
  const auto r = run_cli("eval " + quote(kGold) + " " + quote(kSystem));
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("files 2, gold timexes 6, system timexes 5") != std::string::npos);
  // strict 3 of 5 / 3 of 6, F1 = 2*3/11; relaxed 4; type 3; value 3.
  CHECK(r.out.find("strict       60.00%    50.00%    54.55%         3") != std::string::npos);
  CHECK(r.out.find("relaxed      80.00%    66.67%    72.73%         4") != std::string::npos);
  CHECK(r.out.find("type         60.00%    50.00%    54.55%         3") != std::string::npos);
  CHECK(r.out.find("value        60.00%    50.00%    54.55%         3") != std::string::npos);
}

TEST_CASE("eval: --json") {
  const auto r = run_cli("eval --json " + quote(kGold) + " " + quote(kSystem));
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("documents") == 2);
  CHECK(j.at("gold") == 6);
  CHECK(j.at("system") == 5);
  CHECK(j.at("strict").at("precision").get<double>() == Approx(0.6));
  CHECK(j.at("strict").at("recall").get<double>() == Approx(0.5));
  CHECK(j.at("relaxed").at("f1").get<double>() == Approx(8.0 / 11));
  CHECK(j.at("value").at("matches") == 3);
  CHECK(j.at("problems").empty());
}

TEST_CASE("eval: a folder against itself gives 100%") {
  const auto r = run_cli("eval " + quote(kGold) + " " + quote(kGold));
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  for (const char* row : {"strict ", "relaxed", "type   ", "value  "}) {
    CHECK(r.out.find(std::string(row) + "     100.00%   100.00%   100.00%") != std::string::npos);
  }
}

TEST_CASE("eval: --errors writes every disagreement as TSV, in text order") {
  TempDir dir;
  const auto tsv = dir.path() / "errors.tsv";
  const auto r = run_cli("eval --errors " + quote(tsv) + " " + quote(kGold) + " " + quote(kSystem));
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::ifstream in(tsv);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto rows = lines_of(ss.str());
  REQUIRE(rows.size() == 7);
  CHECK(rows[0] ==
        "file\tkind\tgold_begin\tgold_end\tgold_text\tgold_type\tgold_value\tsystem_begin\t"
        "system_end\tsystem_text\tsystem_type\tsystem_value\tcontext");
  const std::vector<std::vector<std::string>> expected{
      {"a.tml", "extent", "Monday, May 4, 2020", "2020-05-04", "May 4, 2020", "2020-05-04"},
      {"a.tml", "value", "next week", "2020-W20", "next week", "2020-W19"},
      {"a.tml", "spurious", "", "", "rained", "XXXX"},
      {"a.tml", "type", "two days", "P2D", "two days", "P2D"},
      {"a.tml", "missed", "June", "2020-06", "", ""},
      {"b.tml", "missed", "today", "2020-05-05", "", ""},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto f = split_tabs(rows[i + 1]);
    INFO(rows[i + 1]);
    REQUIRE(f.size() == 13);
    CHECK(f[0] == expected[i][0]);
    CHECK(f[1] == expected[i][1]);
    CHECK(f[4] == expected[i][2]);
    CHECK(f[6] == expected[i][3]);
    CHECK(f[9] == expected[i][4]);
    CHECK(f[11] == expected[i][5]);
  }
  // Offsets into the plain text, types, and the context with the span in brackets.
  const auto type_row = split_tabs(rows[4]);
  CHECK(type_row[5] == "DURATION");
  CHECK(type_row[10] == "DATE");
  CHECK(split_tabs(rows[6])[12] == "He left yesterday & returned [today].");
  const auto extent = split_tabs(rows[1]);
  CHECK(extent[2] == "11");  // after the "\nWe met on " that opens TEXT
  CHECK(extent[3] == "30");
  CHECK(extent[7] == "19");
  CHECK(extent[12] == "We met on [Monday, May 4, 2020] and again next week. It raine...");
}

TEST_CASE("eval: missing files on either side are reported, one line each") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "system");
  std::filesystem::copy_file(kSystem / "a.tml", dir.path() / "system" / "a.tml");
  dir.write("system/extra.tml", "<TimeML><TEXT>x</TEXT></TimeML>");
  const auto r = run_cli("eval --json " + quote(kGold) + " " + quote(dir.path() / "system"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j.at("gold") == 6);    // b's two gold timexes count as missed
  CHECK(j.at("system") == 4);  // extra.tml is ignored
  const auto err = lines_of(r.err);
  REQUIRE(err.size() == 2);
  CHECK(err[0].rfind("tempograph: ", 0) == 0);
  CHECK(err[0].find("b.tml") != std::string::npos);
  CHECK(err[1].find("extra.tml") != std::string::npos);
}

TEST_CASE("eval: nothing to score exits with status 1") {
  TempDir dir;
  const auto r = run_cli("eval " + quote(dir.path() / "nope") + " " + quote(kSystem));
  CHECK(r.status == 1);
  CHECK(r.err.find("nope") != std::string::npos);
  CHECK(run_cli("eval --help").status == 0);
  CHECK(run_cli("eval " + quote(kGold)).status != 0);  // SYSTEM is required
}
