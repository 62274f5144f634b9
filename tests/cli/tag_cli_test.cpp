// `tempograph tag` through the real executable: output formats, and the bad-input matrix (every
// bad input gets exactly one error line naming it, the good ones are still tagged, and the exit
// status is 1 only when nothing could be tagged or with --strict).
#include "tempograph/document.hpp"

#include "support.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

using tempograph::test::examples_dir;
using tempograph::test::run_cli;
using tempograph::test::TempDir;
namespace fs = std::filesystem;

namespace {

using tempograph::test::lines_of;
using tempograph::test::quote;

// Error lines ("tempograph: ...") on stderr that mention `needle`.
std::size_t errors_naming(const std::string& err, const std::string& needle) {
  const auto lines = lines_of(err);
  return static_cast<std::size_t>(std::count_if(lines.begin(), lines.end(), [&](const auto& l) {
    return l.rfind("tempograph: ", 0) == 0 && l.find(needle) != std::string::npos;
  }));
}

std::size_t error_lines(const std::string& err) {
  return errors_naming(err, "");
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kGood =
    "date 2024-02-15\nThe talks resumed on November 9, 2020 in Moscow, and again on Thursday.\n";

}  // namespace

TEST_CASE("tag --help describes the command with an example") {
  const auto r = run_cli("tag --help");
  CHECK(r.status == 0);
  CHECK(r.out.find("Example") != std::string::npos);
  CHECK(r.out.find("tempograph tag") != std::string::npos);
  CHECK(r.out.find("--format") != std::string::npos);
  CHECK(r.out.find("--out-dir") != std::string::npos);
  CHECK(r.out.find("--strict") != std::string::npos);
}

TEST_CASE(
    "tag --format jsonl examples/karabakh: valid JSON lines matching the text at the offsets") {
  const auto dir = examples_dir() / "karabakh";
  const auto r = run_cli("tag --format jsonl " + quote(dir));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(error_lines(r.err) == 0);
  CHECK(r.err.find("tagged 5 documents") != std::string::npos);

  // The same documents, loaded in process, to check the offsets against.
  const auto loaded = tempograph::load_documents({dir.string()}, {});
  std::map<std::string, std::string> texts;
  for (const auto& doc : loaded.documents) texts[doc.id] = doc.text;
  REQUIRE(texts.size() == 5);

  std::set<std::string> docs;
  std::set<std::string> found;
  for (const auto& line : lines_of(r.out)) {
    INFO(line);
    const auto j = nlohmann::json::parse(line);
    const std::string id = j.at("doc");
    REQUIRE(texts.contains(id));
    const std::size_t begin = j.at("begin");
    const std::size_t end = j.at("end");
    REQUIRE(begin < end);
    REQUIRE(end <= texts[id].size());
    CHECK(j.at("text") == texts[id].substr(begin, end - begin));
    CHECK(j.contains("type"));
    CHECK(j.contains("value"));
    CHECK(j.contains("granularity"));
    docs.insert(id);
    found.insert(j.at("text").get<std::string>());
  }
  CHECK(docs.size() == 5);  // every article has dates in it
  CHECK((found.contains("November 9, 2020") || found.contains("on November 9, 2020")));
  CHECK((found.contains("Thursday") || found.contains("on Thursday")));
}

TEST_CASE("tag text listing is the default, and --out-dir writes timexes.txt / timexes.jsonl") {
  TempDir dir;
  const auto in = dir.write("good.txt", kGood);
  const auto r = run_cli("tag " + quote(in));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("# good  DCT 2024-02-15  2 expressions  (header", 0) == 0);
  CHECK(r.out.find("2020-11-09") != std::string::npos);
  CHECK(r.err.find("tagged 1 document, ") != std::string::npos);

  const auto out = dir.path() / "out";
  const auto t = run_cli("tag --out-dir " + quote(out) + " " + quote(in));
  REQUIRE(t.status == 0);
  CHECK(t.out.empty());
  CHECK(slurp(out / "timexes.txt") == r.out);
  const auto j = run_cli("tag -f jsonl -o " + quote(out) + " " + quote(in));
  REQUIRE(j.status == 0);
  CHECK(slurp(out / "timexes.jsonl") == run_cli("tag -f jsonl " + quote(in)).out);
  // Only the finished files: no temporary leftovers.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++files;
  CHECK(files == 2);
}

TEST_CASE("tag --format timeml writes DIR/<id>.tml that reads back with the same text") {
  TempDir dir;
  const auto in = dir.write("in/good.txt", kGood);
  dir.write("in/second.txt", "date 2022-09-29\nOn Thursday <b>AT&T</b> said \"no\".\n");
  const auto out = dir.path() / "out";
  const auto r =
      run_cli("tag --format timeml --out-dir " + quote(out) + " " + quote(dir.path() / "in"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.empty());

  const auto loaded = tempograph::load_documents({(dir.path() / "in").string()}, {});
  REQUIRE(loaded.documents.size() == 2);
  for (const auto& doc : loaded.documents) {
    const auto path = out / (doc.id + ".tml");
    REQUIRE(fs::exists(path));
    const std::string xml = slurp(path);
    CHECK(xml.find("<DOCID>" + doc.id + "</DOCID>") != std::string::npos);
    auto parsed = tempograph::parse_timeml(xml, path.string());
    REQUIRE(std::holds_alternative<tempograph::TimeMLContent>(parsed));
    const auto& content = std::get<tempograph::TimeMLContent>(parsed);
    CHECK(content.document.text == doc.text);
    CHECK(content.document.dct.day == doc.dct.day);
  }
  CHECK(slurp(out / "good.tml").find(">November 9, 2020</TIMEX3>") != std::string::npos);

  // The written folder scored against itself is perfect.
  const auto e = run_cli("eval " + quote(out) + " " + quote(out));
  CHECK(e.status == 0);
  CHECK(e.out.find("100.00%") != std::string::npos);

  // Needs --out-dir; never writes over an input.
  CHECK(run_cli("tag --format timeml " + quote(in)).status == 2);
  const auto over =
      run_cli("tag --format timeml --out-dir " + quote(out) + " " + quote(out / "good.tml"));
  CHECK(over.status == 1);
  CHECK(errors_naming(over.err, "good.tml") == 1);
  CHECK(over.err.find("refusing to overwrite") != std::string::npos);
}

TEST_CASE("tag --format timeml tags the two ends of a range apart, as TimeML does") {
  TempDir dir;
  dir.write("in/range.txt",
            "date 1989-10-27\nShares were bought from Aug. 26 to Oct. 20 and sold on Sept. 19-20.\n"
            "Output grew from early 1985 to 1988.\n");
  const auto out = dir.path() / "out";
  const auto r =
      run_cli("tag --format timeml --out-dir " + quote(out) + " " + quote(dir.path() / "in"));
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::string xml = slurp(out / "range.tml");
  INFO(xml);
  CHECK(xml.find("value=\"1989-08-26\">Aug. 26</TIMEX3> to <TIMEX3") != std::string::npos);
  CHECK(xml.find("value=\"1989-10-20\">Oct. 20</TIMEX3> and sold") != std::string::npos);
  CHECK(xml.find("value=\"1989-09-19\">Sept. 19</TIMEX3>-<TIMEX3") != std::string::npos);
  CHECK(xml.find("value=\"1989-09-20\">20</TIMEX3>.") != std::string::npos);
  // Two dates joined as a range, the start with a mod of its own.
  CHECK(xml.find("value=\"1985\" mod=\"START\">early 1985</TIMEX3> to <TIMEX3 tid=\"t6\" "
                 "type=\"DATE\" value=\"1988\">1988</TIMEX3>.") != std::string::npos);
  // JSON Lines keeps each range as one expression with its end.
  const auto j = run_cli("tag --format jsonl " + quote(dir.path() / "in"));
  REQUIRE(j.status == 0);
  CHECK(j.out.find("\"text\":\"Aug. 26 to Oct. 20\"") != std::string::npos);
  CHECK(j.out.find("\"range_end\":\"1989-10-20\"") != std::string::npos);
  CHECK(j.out.find("\"text\":\"early 1985 to 1988\",\"type\":\"DATE\",\"value\":\"1985\","
                   "\"mod\":\"START\",\"granularity\":\"year\",\"range_end\":\"1988\"") !=
        std::string::npos);
}

TEST_CASE("tag: ids from JSON Lines cannot place files outside --out-dir") {
  TempDir dir;
  const auto out = dir.path() / "out";
  const auto r = run_cli("tag --format timeml --out-dir " + quote(out) + " -",
                         "{\"id\":\"../evil\",\"text\":\"On Monday.\",\"dct\":\"2024-02-15\"}\n");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_FALSE(fs::exists(dir.path() / "evil.tml"));
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(out)) {
    ++files;
    CHECK(e.path().filename().string().front() != '.');
  }
  CHECK(files == 1);
}

TEST_CASE(
    "tag --format timeml: two documents with one id: the first is written, the second reported") {
  TempDir dir;
  dir.write("a/x.txt", kGood);
  dir.write("b/x.txt", "date 2022-09-29\nOn Thursday.\n");
  const auto out = dir.path() / "out";
  const auto r = run_cli("tag -f timeml -o " + quote(out) + " " + quote(dir.path() / "a") + " " +
                         quote(dir.path() / "b"));
  INFO(r.err);
  CHECK(r.status == 0);
  // The loader notes the shared id; the writer says which file was not written.
  CHECK(error_lines(r.err) == 2);
  CHECK(errors_naming(r.err, "x.tml") == 1);
  CHECK(slurp(out / "x.tml").find("2024-02-15") != std::string::npos);  // the first one wins
  CHECK(run_cli("tag --strict -f timeml -o " + quote(out) + " " + quote(dir.path() / "a") + " " +
                quote(dir.path() / "b"))
            .status == 1);
}

TEST_CASE("tag: each bad input gets one error line, the good ones are still tagged") {
  TempDir dir;
  const auto good = dir.write("in/good.txt", kGood);
  const auto bad_utf8 = dir.write("in/bad_utf8.txt", "date 2024-02-15\nCaf\xc3 on Monday \xff.\n");
  const auto binary =
      dir.write("in/binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0", 20));
  const auto empty = dir.write("in/empty.txt", "");
  const auto missing = dir.path() / "in" / "missing.txt";
  const auto malformed = dir.write("in/malformed.tml",
                                   "<TimeML>\n<TEXT>On <TIMEX3 tid=\"t1\">"
                                   "Monday</TEXT>\n</TimeML>\n");
  const auto impossible =
      dir.write("in/impossible.txt", "date 2023-02-30\nThe vote was held on Monday.\n");
  // A folder with nothing readable in it.
  const auto nothing = dir.path() / "nothing";
  fs::create_directories(nothing / "sub");
  // An unreadable file. Root reads through chmod 000, so there a symlink loop stands in: it
  // cannot be opened by anyone.
  fs::path unreadable;
  if (::geteuid() == 0) {
    unreadable = dir.path() / "in" / "unreadable.txt";
    fs::create_symlink(unreadable, unreadable);
  } else {
    unreadable = dir.write("in/unreadable.txt", kGood);
    fs::permissions(unreadable, fs::perms::none);
  }
  // Manifest with an impossible date for one file; the file itself is fine.
  const auto listed = dir.write("m/listed.txt", "The vote was held on Monday.\n");
  const auto manifest = dir.write("m/manifest.tsv", "file\tdate\nlisted.txt\t2023-02-30\n");

  const std::string args = "tag --manifest " + quote(manifest) + " " + quote(good) + " " +
                           quote(bad_utf8) + " " + quote(binary) + " " + quote(empty) + " " +
                           quote(missing) + " " + quote(malformed) + " " + quote(impossible) + " " +
                           quote(nothing) + " " + quote(unreadable) + " " + quote(listed) + " -";
  const std::string stdin_text =
      "{\"id\":\"json-ok\",\"text\":\"Signed on November 9, 2020.\",\"dct\":\"2020-11-10\"}\n"
      "{\"id\":\"json-bad\",\"text\":\"unterminated\n"
      "{\"id\":\"json-ok2\",\"text\":\"Met on Thursday.\",\"dct\":\"2020-11-10\"}\n";
  const auto r = run_cli(args, stdin_text);
  INFO(r.err);
  CHECK(r.status == 0);  // some inputs were tagged

  CHECK(errors_naming(r.err, "bad_utf8.txt") == 1);
  CHECK(errors_naming(r.err, "binary.txt") == 1);
  CHECK(errors_naming(r.err, "empty.txt") == 1);
  CHECK(errors_naming(r.err, "missing.txt") == 1);
  CHECK(errors_naming(r.err, "malformed.tml") == 1);
  CHECK(errors_naming(r.err, "impossible.txt") == 1);
  CHECK(errors_naming(r.err, nothing.string()) == 1);
  CHECK(errors_naming(r.err, "unreadable.txt") == 1);
  CHECK(errors_naming(r.err, "manifest.tsv") == 1);
  CHECK(errors_naming(r.err, "-:2:") == 1);  // the JSON line, by number
  CHECK(error_lines(r.err) == 10);
  // Where it is known, the line or byte is named too.
  CHECK(errors_naming(r.err, "malformed.tml:") == 1);
  CHECK(errors_naming(r.err, "impossible.txt:1") == 1);
  CHECK(errors_naming(r.err, "manifest.tsv:2") == 1);
  CHECK(errors_naming(r.err, "bad_utf8.txt: byte ") == 1);
  CHECK(errors_naming(r.err, "2023-02-30") == 2);

  for (const char* id : {"# good ", "# impossible ", "# listed ", "# json-ok ", "# json-ok2 "}) {
    CHECK(r.out.find(id) != std::string::npos);
  }
  CHECK(r.out.find("json-bad") == std::string::npos);
  CHECK(r.out.find("2020-11-09") != std::string::npos);
  // The summary is the last line.
  const auto err = lines_of(r.err);
  REQUIRE_FALSE(err.empty());
  CHECK(err.back().rfind("tagged 5 documents, ", 0) == 0);

  // --strict: the same call fails.
  CHECK(run_cli(args.substr(0, 4) + "--strict " + args.substr(4), stdin_text).status == 1);
  // Good inputs alone, --strict or not, succeed.
  CHECK(run_cli("tag --strict " + quote(good)).status == 0);
}

TEST_CASE("tag: exit status 1 when nothing could be tagged") {
  TempDir dir;
  const auto binary = dir.write("blob.txt", std::string("\0\0\0\x01\x02", 5));
  const auto r = run_cli("tag " + quote(binary) + " " + quote(dir.path() / "missing.txt"));
  CHECK(r.status == 1);
  CHECK(error_lines(r.err) == 2);
  CHECK(r.err.find("tagged 0 documents") != std::string::npos);
  CHECK(run_cli("tag -", "").status == 1);
  CHECK(run_cli("tag --dct 2023-02-30 -", "{\"id\":\"a\",\"text\":\"On Monday.\"}\n").status == 2);
}

TEST_CASE("tag: a 200 MB one-line file is tagged") {
  TempDir dir;
  const auto path = dir.path() / "huge.txt";
  std::size_t dates = 0;
  {
    std::ofstream out(path, std::ios::binary);
    std::string filler;
    while (filler.size() < (1 << 20)) filler += "the delegations talked at length about the road ";
    const std::string date = "and on November 9, 2020 they signed ";
    for (std::size_t written = 0; written < 200u << 20; written += filler.size() + date.size()) {
      out << filler << date;
      ++dates;
    }
  }
  REQUIRE(fs::file_size(path) >= 200u << 20);
  const auto r = run_cli("tag --format jsonl --dct 2024-02-15 " + quote(path));
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK(error_lines(r.err) == 0);
  const auto lines = lines_of(r.out);
  CHECK(lines.size() >= dates);
  std::size_t found = 0;
  for (const auto& line : lines) {
    found += nlohmann::json::parse(line).at("text").get<std::string>().find("November 9, 2020") !=
             std::string::npos;
  }
  CHECK(found == dates);
}

TEST_CASE("tag: batches tagged on several threads give the output of one, in input order") {
  // Enough documents for several batches (512 documents at most each), a malformed line among
  // them: while one batch is tagged the next is loaded, and the problem is still reported once.
  TempDir dir;
  std::string jsonl;
  constexpr int kDocuments = 1300;
  for (int i = 0; i < kDocuments; ++i) {
    if (i == 700) jsonl += "{\"id\": \"broken\", \"text\": \n";
    jsonl += "{\"id\":\"d";
    jsonl += std::to_string(i);
    jsonl += "\",\"date\":\"2024-02-15\",\"text\":\"Talks resumed on Thursday, ";
    jsonl += std::to_string(i % 28 + 1);
    jsonl += " days after the November 9, 2020 statement.\"}\n";
  }
  const auto path = dir.write("many.jsonl", jsonl);
  const auto one = run_cli("tag --format jsonl --jobs 1 " + quote(path));
  REQUIRE(one.status == 0);
  CHECK(errors_naming(one.err, "many.jsonl:701") == 1);
  CHECK(error_lines(one.err) == 1);
  const auto lines = lines_of(one.out);
  REQUIRE(lines.size() == 3 * kDocuments);  // Thursday, N days, November 9, 2020
  for (int i = 0; i < kDocuments; ++i) {
    std::string id = "d";
    id += std::to_string(i);
    CHECK(nlohmann::json::parse(lines[3 * static_cast<std::size_t>(i)]).at("doc") == id);
  }
  for (const char* jobs : {"2", "3"}) {
    const auto several =
        run_cli(std::string("tag --format jsonl --jobs ") + jobs + " " + quote(path));
    INFO("--jobs " << jobs);
    CHECK(several.status == 0);
    CHECK(several.out == one.out);
    CHECK(several.err == one.err);
  }
}
