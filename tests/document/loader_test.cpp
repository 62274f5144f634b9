// Loading documents: formats, headers, titles, manifests, DCT provenance and bad inputs. Every
// bad-input test also loads a good file in the same call, to show one bad input stops nothing.
#include "document/document_test_support.hpp"
#include "support.hpp"
#include "tempograph/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

using namespace tempograph;
using tempograph::test::all_problems;
using tempograph::test::data_dir;
using tempograph::test::day;
using tempograph::test::examples_dir;
using tempograph::test::find_document;
using tempograph::test::find_problem;
using tempograph::test::options_on;
using tempograph::test::TempDir;

namespace fs = std::filesystem;

namespace {

const char* const kGood = "Officials met in Yerevan on Tuesday to discuss the border.\n";

LoadResult load(const std::vector<std::string>& inputs,
                const LoadOptions& options = options_on("2025-06-01")) {
  return load_documents(inputs, options);
}

std::string str(const fs::path& path) {
  return path.string();
}

// Feeds `text` to std::cin for the duration of a scope.
class FakeStdin {
 public:
  explicit FakeStdin(const std::string& text)
      : buffer_(text), old_(std::cin.rdbuf(buffer_.rdbuf())) {}
  ~FakeStdin() {
    std::cin.rdbuf(old_);
    std::cin.clear();
  }
  FakeStdin(const FakeStdin&) = delete;
  FakeStdin& operator=(const FakeStdin&) = delete;

 private:
  std::istringstream buffer_;
  std::streambuf* old_;
};

}  // namespace

// ---- the bundled corpus -------------------------------------------------------------------------

TEST_CASE("the karabakh corpus loads with its manifest: ids are stems, DCTs are the manifest's") {
  const fs::path dir = examples_dir() / "karabakh";
  auto result = load({str(dir)});
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  CHECK(result.inputs_seen == 5);
  REQUIRE(result.documents.size() == 5);

  const std::vector<std::pair<std::string, std::string>> expected{
      {"000_fe7b1afe375067cd", "2024-02-15"},
      {"001_64abc2f029700aeb", "2023-09-21"},
      {"002_fa51f972bed19717", "2022-09-29"},
      {"003_7bc3872968d31207", "2020-11-25"},
      {"004_30699b983643d3de", "2022-04-08"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Document& doc = result.documents[i];
    INFO(doc.id);
    CHECK(doc.id == expected[i].first);
    CHECK(doc.path == str(dir / (expected[i].first + ".txt")));
    CHECK(doc.format == SourceFormat::text);
    CHECK(doc.dct.source == DctSource::manifest);
    CHECK(doc.dct.iso() == expected[i].second);
    CHECK(doc.dct.evidence.find("manifest.tsv:" + std::to_string(i + 2)) != std::string::npos);
  }
  // The manifest's how_known column is kept as evidence.
  CHECK(result.documents[3].dct.evidence.find("Wednesday, November 25") != std::string::npos);

  // Header prefix gone, the rest of the line kept; titles only where the line is a headline.
  CHECK(result.documents[0].text.starts_with("YEREVAN (Azatutyun.am)"));
  CHECK(result.documents[0].title.empty());
  CHECK(result.documents[1].title.empty());  // "December 11" is a date, not a title
  CHECK(result.documents[2].text.starts_with("Russia Calls on Azerbaijan"));
  CHECK(result.documents[2].title == "Russia Calls on Azerbaijan to Pull Back Troops in Armenia");
  CHECK(result.documents[3].title ==
        "Russia denies claims of expending peacekeeping mission in Karabakh");
}

TEST_CASE("karabakh files named one by one: header dates, inference, no manifest") {
  const fs::path dir = examples_dir() / "karabakh";
  auto result = load({str(dir / "000_fe7b1afe375067cd.txt"), str(dir / "002_fa51f972bed19717.txt"),
                      str(dir / "003_7bc3872968d31207.txt")});
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  REQUIRE(result.documents.size() == 3);
  CHECK(result.documents[0].dct.source == DctSource::header);
  CHECK(result.documents[0].dct.iso() == "2024-02-15");
  CHECK(result.documents[0].dct.evidence == "header line 1 \"date 2024-02-15\"");
  CHECK(result.documents[1].dct.source == DctSource::header);
  CHECK(result.documents[1].dct.iso() == "2022-09-29");
  CHECK(result.documents[2].dct.source == DctSource::inferred);
  CHECK(result.documents[2].dct.iso() == "2020-11-25");
}

// ---- plain-text headers and titles
// ----------------------------------------------------------------

TEST_CASE("date header forms") {
  TempDir dir;
  SECTION("a header on its own line goes with its line break; the next line can be the title") {
    auto path = dir.write("a.txt", "date 2024-02-15\nBorder Talks Resume\n\nThe talks resumed.\n");
    auto result = load({str(path)});
    REQUIRE(result.documents.size() == 1);
    const Document& doc = result.documents[0];
    CHECK(doc.id == "a");
    CHECK(doc.text == "Border Talks Resume\n\nThe talks resumed.\n");
    CHECK(doc.title == "Border Talks Resume");
    CHECK(doc.dct.day == day("2024-02-15"));
  }
  SECTION("leading white space, a full date-time, and a first sentence after it") {
    auto path = dir.write("b.txt",
                          "  date 2024-02-15T13:00:00Z YEREVAN — The ombudsman spoke on Thursday "
                          "about the return of displaced people.\nMore.\n");
    auto result = load({str(path)});
    REQUIRE(result.documents.size() == 1);
    const Document& doc = result.documents[0];
    CHECK(doc.text.starts_with("YEREVAN — The ombudsman"));
    CHECK(doc.title.empty());  // a sentence, not a headline
    CHECK(doc.dct.source == DctSource::header);
    CHECK(doc.dct.iso() == "2024-02-15T13:00");
    CHECK(doc.dct.minute_of_day == 13 * 60);
  }
  SECTION("Date: and Published: lines near the top stay in the text") {
    dir.write("c.txt", "Ceasefire Holds\nPublished: February 15, 2024\n\nBody text here.\n");
    dir.write("d.txt", "\n\nBy A. Writer\nDate: 15 February 2024\nBody.\n");
    dir.write("e.txt", "Title: The Real Title\nDate: Thu, 15 Feb 2024 09:10\nA first line.\n");
    auto result = load({str(dir.path())});
    INFO(all_problems(result));
    REQUIRE(result.documents.size() == 3);
    for (const auto& doc : result.documents) {
      INFO(doc.id);
      CHECK(doc.dct.source == DctSource::header);
      CHECK(doc.dct.day == day("2024-02-15"));
    }
    CHECK(result.documents[0].text.starts_with("Ceasefire Holds\nPublished: February 15, 2024"));
    CHECK(result.documents[0].title == "Ceasefire Holds");
    CHECK(result.documents[0].dct.evidence == "header line 2 \"Published: February 15, 2024\"");
    CHECK(result.documents[1].title == "By A. Writer");
    CHECK(result.documents[1].dct.evidence.find("line 4") != std::string::npos);
    CHECK(result.documents[2].title == "The Real Title");
  }
  SECTION("a word 'date' that starts prose is not a header") {
    auto path = dir.write("f.txt", "Date palms grew here long before the war.\n");
    auto result = load({str(path)});
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].text == "Date palms grew here long before the war.\n");
    CHECK(result.documents[0].dct.source == DctSource::none);
  }
  SECTION("a byte-order mark and CRLF line ends") {
    auto path = dir.write("g.txt",
                          "\xEF\xBB\xBF"
                          "date 2023-09-21\r\nHeadline Here\r\nBody.\r\n");
    auto result = load({str(path)});
    REQUIRE(result.documents.size() == 1);
    CHECK(result.documents[0].dct.iso() == "2023-09-21");
    CHECK(result.documents[0].title == "Headline Here");
    CHECK(result.documents[0].text == "Headline Here\r\nBody.\r\n");
  }
}

TEST_CASE("title rules: short, no final period, not a bare date, the text keeps it") {
  TempDir dir;
  dir.write("a.txt",
            "Lavrov Pledges Support for “Peace Treaty” between Armenia and Azerbaijan\nBody.\n");
  dir.write("b.txt", "This first line is a sentence and ends with a period.\nBody.\n");
  dir.write("c.txt",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen\nBody.\n");
  dir.write("d.txt", "Monday, December 11\nBody.\n");
  dir.write("e.txt",
            "one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen\nBody.\n");
  auto result = load({str(dir.path())});
  REQUIRE(result.documents.size() == 5);
  CHECK(result.documents[0].title ==
        "Lavrov Pledges Support for “Peace Treaty” between Armenia and Azerbaijan");
  CHECK(result.documents[0].text.starts_with("Lavrov Pledges"));
  CHECK(result.documents[1].title.empty());
  CHECK(result.documents[2].title.empty());  // 16 words
  CHECK(result.documents[3].title.empty());
  CHECK(result.documents[4].title.starts_with("one two"));  // 15 words
}

// ---- manifests ----------------------------------------------------------------------------------

TEST_CASE("manifests in TSV, CSV and JSON beside the files, the manifest beats the header") {
  TempDir dir;
  const std::string header_text = "date 2020-01-01 A headline\nBody of the article.\n";
  dir.write("tsv/one.txt", header_text);
  dir.write("tsv/manifest.tsv",
            "file\tdate\ttitle\turl\thow_known\none.txt\t2024-02-15\tGiven Title\thttps://x.org/1\t"
            "the editor said so\n");
  dir.write("csv/two.txt", header_text);
  dir.write("csv/manifest.csv",
            "File,Date,Title,extra\n\"two.txt\",2024-02-16T08:15,\"Title, with comma\",ignored\n");
  dir.write("json/sub/three.txt", header_text);
  dir.write("json/manifest.json",
            "[\n  {\"file\": \"sub/three.txt\",\n   \"date\": \"February 17, 2024\", \"url\": "
            "\"https://x.org/3\"}\n]\n");

  auto result = load({str(dir.path())});
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  REQUIRE(result.documents.size() == 3);

  const Document* three = find_document(result, "three");
  const Document* two = find_document(result, "two");
  const Document* one = find_document(result, "one");
  REQUIRE((one && two && three));
  CHECK(one->dct.source == DctSource::manifest);
  CHECK(one->dct.iso() == "2024-02-15");
  CHECK(one->title == "Given Title");
  CHECK(one->url == "https://x.org/1");
  CHECK(one->dct.evidence.find("the editor said so") != std::string::npos);
  CHECK(one->dct.evidence.find("2020-01-01") != std::string::npos);  // the overruled header
  CHECK(one->text.starts_with("A headline"));

  CHECK(two->dct.iso() == "2024-02-16T08:15");
  CHECK(two->title == "Title, with comma");

  CHECK(three->dct.iso() == "2024-02-17");
  CHECK(three->dct.evidence.find("manifest.json:2") != std::string::npos);
  CHECK(three->url == "https://x.org/3");
  CHECK(three->title == "A headline");  // the manifest gave none
}

TEST_CASE("option --manifest: paths relative to the manifest, alone it names the inputs") {
  TempDir dir;
  dir.write("texts/a.txt", kGood);
  dir.write("texts/b.txt", kGood);
  auto manifest = dir.write("meta/list.tsv", "file\tdate\n../texts/a.txt\t2021-05-05\n");

  LoadOptions options = options_on("2025-06-01");
  options.manifest = manifest;
  auto named = load({str(dir.path() / "texts")}, options);
  INFO(all_problems(named));
  REQUIRE(named.documents.size() == 2);
  CHECK(named.documents[0].dct.source == DctSource::manifest);
  CHECK(named.documents[0].dct.iso() == "2021-05-05");
  CHECK(named.documents[1].dct.source == DctSource::none);

  auto alone = load({}, options);
  REQUIRE(alone.documents.size() == 1);
  CHECK(alone.documents[0].id == "a");
}

TEST_CASE("a manifest row naming a missing file is a problem with the manifest line") {
  TempDir dir;
  dir.write("a.txt", kGood);
  dir.write("manifest.tsv", "file\tdate\na.txt\t2024-01-01\n\nghost.txt\t2024-01-02\n");
  auto result = load({str(dir.path())});
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].dct.iso() == "2024-01-01");
  const auto* problem = find_problem(result, "manifest.tsv", "ghost.txt");
  REQUIRE(problem);
  CHECK(problem->line == 4u);
  CHECK(problem->describe().ends_with("manifest.tsv:4: 'ghost.txt' does not exist"));
}

TEST_CASE("an impossible date in a manifest is a problem, the document still loads") {
  TempDir dir;
  dir.write("a.txt", "date 2024-03-01 Headline\nBody.\n");
  dir.write("b.txt", kGood);
  dir.write("manifest.csv", "file,date\na.txt,2023-02-30\nb.txt,2024-03-02\n");
  auto result = load({str(dir.path())});
  REQUIRE(result.documents.size() == 2);
  const auto* problem = find_problem(result, "manifest.csv", "impossible date '2023-02-30'");
  REQUIRE(problem);
  CHECK(problem->line == 2u);
  CHECK(result.documents[0].dct.source == DctSource::header);  // what else was available
  CHECK(result.documents[0].dct.iso() == "2024-03-01");
  CHECK(result.documents[1].dct.iso() == "2024-03-02");
}

TEST_CASE("a manifest can be read from a FIFO") {
  TempDir dir;
  dir.write("a.txt", kGood);
  const fs::path fifo = dir.path() / "list.tsv";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The writer opens without blocking and retries until the loader has the FIFO open, so that a
  // loader that never opens it fails the test instead of hanging it.
  std::jthread writer([&fifo, dir_path = dir.path()] {
    const std::string text = "file\tdate\n" + (dir_path / "a.txt").string() + "\t2021-05-05\n";
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < give_up) {
      const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd >= 0) {
        const ssize_t written = ::write(fd, text.data(), text.size());
        (void)written;
        ::close(fd);
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  LoadOptions options = options_on("2025-06-01");
  options.manifest = fifo;
  auto result = load({}, options);
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].id == "a");
  CHECK(result.documents[0].dct.source == DctSource::manifest);
  CHECK(result.documents[0].dct.iso() == "2021-05-05");
}

// ---- the same file, however it is named ---------------------------------------------------------

TEST_CASE("a file named through links, '.' and '..' is loaded once and gets its manifest row") {
  TempDir dir;
  dir.write("real/a.txt", kGood);
  dir.write("real/b.txt", kGood);
  fs::create_directories(dir.path() / "real" / "sub");
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "link");
  fs::create_symlink("a.txt", dir.path() / "real" / "alias.txt");  // a walked link to a file
  // The folder's manifest names b.txt through the linked folder; --manifest names a.txt with '..'.
  dir.write("real/manifest.tsv", "file\tdate\n../link/b.txt\t2022-02-02\n");
  auto listed = dir.write("meta/list.tsv", "file\tdate\n../real/sub/../a.txt\t2021-05-05\n");

  LoadOptions options = options_on("2025-06-01");
  options.manifest = listed;
  auto result =
      load({str(dir.path() / "real"), str(dir.path() / "link" / "a.txt"),
            str(dir.path() / "real" / "." / "b.txt"), str(dir.path() / "real" / "alias.txt")},
           options);
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  CHECK(result.inputs_seen == 2);
  REQUIRE(result.documents.size() == 2);
  CHECK(result.documents[0].id == "a");
  CHECK(result.documents[0].path == str(dir.path() / "real" / "a.txt"));
  CHECK(result.documents[0].dct.source == DctSource::manifest);
  CHECK(result.documents[0].dct.iso() == "2021-05-05");
  CHECK(result.documents[1].id == "b");
  CHECK(result.documents[1].dct.source == DctSource::manifest);
  CHECK(result.documents[1].dct.iso() == "2022-02-02");
}

TEST_CASE("a file named through a link first is the same file when its folder is walked") {
  TempDir dir;
  dir.write("real/a.txt", kGood);
  fs::create_symlink(dir.path() / "real" / "a.txt", dir.path() / "pointer.txt");
  auto result = load({str(dir.path() / "pointer.txt"), str(dir.path() / "real")});
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].path == str(dir.path() / "pointer.txt"));
}

TEST_CASE("a file whose size is not known in advance is read to its end") {
  // Files in /proc report a size of 0 and are read in pieces.
  const fs::path status = "/proc/self/status";
  std::error_code ec;
  if (!fs::is_regular_file(status, ec)) {
    SUCCEED("no /proc here");
    return;
  }
  auto result = load({str(status)});
  INFO(all_problems(result));
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].text.starts_with("Name:"));
  CHECK(result.documents[0].text.find("\nPid:") != std::string::npos);
}

// ---- JSON Lines ---------------------------------------------------------------------------------

TEST_CASE("JSON Lines: fields, missing ids, dates") {
  const auto path = str(data_dir() / "documents" / "jsonl" / "articles.jsonl");
  auto result = load({path});
  INFO(all_problems(result));
  CHECK(result.problems.empty());
  CHECK(result.inputs_seen == 3);
  REQUIRE(result.documents.size() == 3);
  const Document& first = result.documents[0];
  CHECK(first.id == "a1");
  CHECK(first.title == "First");
  CHECK(first.url == "https://example.org/a1");
  CHECK(first.text == "Talks resumed on Thursday.");
  CHECK(first.format == SourceFormat::jsonl);
  CHECK(first.path == path);
  CHECK(first.dct.source == DctSource::jsonl);
  CHECK(first.dct.iso() == "2024-02-15");
  CHECK(result.documents[1].id == "articles:2");
  CHECK(result.documents[1].dct.iso() == "2024-02-16T09:30");
  CHECK(result.documents[2].id == "a3");
  CHECK(result.documents[2].dct.source == DctSource::none);
}

TEST_CASE("JSON Lines: a malformed line names file and line, other lines load") {
  TempDir dir;
  auto path = dir.write("feed.jsonl",
                        "{\"id\": \"ok1\", \"text\": \"Fine.\"}\n"
                        "{\"id\": \"broken\", \"text\": \"no closing brace\"\n"
                        "[1, 2]\n"
                        "{\"id\": \"notext\"}\n"
                        "{\"id\": \"baddate\", \"date\": \"2023-02-30\", \"text\": \"Kept.\"}\n"
                        "{\"id\": \"ok2\", \"text\": \"Also fine.\"}\n"
                        "{\"id\": \"latin1\", \"text\": \"Caf\xE9\"}\n");
  auto good = dir.write("good.txt", kGood);
  auto result = load({str(path), str(good)});
  REQUIRE(result.documents.size() == 4);
  CHECK(result.documents[0].id == "ok1");
  CHECK(result.documents[1].id == "baddate");
  CHECK(result.documents[1].dct.source == DctSource::none);
  CHECK(result.documents[2].id == "ok2");
  CHECK(result.documents[3].id == "good");
  CHECK(result.inputs_seen == 8);

  const auto* malformed = find_problem(result, "feed.jsonl", "malformed JSON");
  REQUIRE(malformed);
  CHECK(malformed->line == 2u);
  CHECK(malformed->describe().starts_with(str(path) + ":2: malformed JSON"));
  CHECK(find_problem(result, "feed.jsonl", "not a JSON object")->line == 3u);
  CHECK(find_problem(result, "feed.jsonl", "no \"text\"")->line == 4u);
  CHECK(find_problem(result, "feed.jsonl", "impossible date")->line == 5u);
  // Invalid UTF-8 costs only its line, and the message stays printable.
  const auto* latin1 = find_problem(result, "feed.jsonl", "UTF-8");
  REQUIRE(latin1);
  CHECK(latin1->line == 7u);
  CHECK_FALSE(find_invalid_utf8(latin1->message));
}

TEST_CASE("JSON Lines from standard input when the input is '-'") {
  FakeStdin in("{\"date\": \"2024-02-15\", \"text\": \"From a pipe.\"}\n{\"text\": \"Second.\"}\n");
  auto result = load({"-"});
  INFO(all_problems(result));
  REQUIRE(result.documents.size() == 2);
  CHECK(result.documents[0].path == "-");
  CHECK(result.documents[0].id == "stdin:1");
  CHECK(result.documents[0].dct.iso() == "2024-02-15");
  CHECK(result.documents[1].id == "stdin:2");
}

TEST_CASE("JSON Lines: \"dct\" is accepted where \"date\" is missing") {
  TempDir dir;
  auto path =
      dir.write("x.jsonl", "{\"id\": \"d\", \"dct\": \"2020-11-10\", \"text\": \"Met.\"}\n");
  auto result = load({str(path)});
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].dct.source == DctSource::jsonl);
  CHECK(result.documents[0].dct.iso() == "2020-11-10");
  CHECK(result.documents[0].dct.evidence == "jsonl \"dct\": \"2020-11-10\"");
}

TEST_CASE("JSON Lines: escapes, repeated keys and spacing read as JSON says, and the rest errs") {
  // Plain lines are read by simdjson, the rest by nlohmann: either way as JSON says.
  TempDir dir;
  auto path = dir.write(
      "feed.jsonl",
      "{\"id\":\"esc\",\"text\":\"Caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" a\\/b\\tc\\\\d\",\"title\":"
      "\"T\\u00edtulo\"}\n"
      "{\"id\":\"dup\",\"text\":\"first\",\"text\":\"second\"}\n"
      "{\"id\": 7, \"text\": \"A number for an id.\"}\n"
      "{\"id\":\"bad-escape\",\"text\":\"a\\x\"}\n"
      "{\"id\":\"lone\",\"text\":\"\\ud800 alone\"}\n"
      "{\"id\":\"raw-tab\",\"text\":\"a\tb\"}\n"
      "  {\"id\" : \"spaced\" , \"date\" : \"2020-11-10\" , \"text\" : \"Met.\" }  \r\n"
      "{\"id\":\"nested\",\"meta\":{\"a\":[1,2]},\"text\":\"Nested.\"}\n"
      "{\"id\":\"empty-date\",\"date\":\"\",\"dct\":\"2020-01-01\",\"text\":\"No date.\"}\n"
      "{\"id\":\"trailing\",\"text\":\"x\"} y\n"
      "{\"id\":\"low\",\"text\":\"\\udc00 alone\"}\n"
      "{\"id\":\"control\",\"text\":\"a\x01b\"}\n");
  auto result = load({str(path)});
  INFO(all_problems(result));
  REQUIRE(result.documents.size() == 6);
  const auto* esc = find_document(result, "esc");
  REQUIRE(esc);
  CHECK(esc->text == "Caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" a/b\tc\\d");
  CHECK(esc->title == "T\xC3\xADtulo");
  CHECK(find_document(result, "dup")->text == "second");  // the last of a repeated key
  CHECK(find_document(result, "7"));
  const auto* spaced = find_document(result, "spaced");
  REQUIRE(spaced);
  CHECK(spaced->dct.iso() == "2020-11-10");
  CHECK(spaced->dct.evidence == "jsonl \"date\": \"2020-11-10\"");
  CHECK(find_document(result, "nested"));
  // An empty "date" is no date, and "dct" is not read in its place.
  CHECK(find_document(result, "empty-date")->dct.source == DctSource::none);
  for (const std::size_t line : {4u, 5u, 6u, 10u, 11u, 12u}) {
    INFO("line " << line);
    const auto it = std::find_if(result.problems.begin(), result.problems.end(),
                                 [line](const LoadProblem& p) { return p.line == line; });
    REQUIRE(it != result.problems.end());
    CHECK(it->message.find("malformed JSON") != std::string::npos);
  }
}

// ---- DCT provenance -----------------------------------------------------------------------------

TEST_CASE("option --dct wins over the manifest, the header and inference") {
  auto dct = parse_dct("2030-01-02T03:04", DctSource::option);
  REQUIRE(dct);
  LoadOptions options = options_on("2025-06-01");
  options.dct_override = dct;
  auto result = load({str(examples_dir() / "karabakh")}, options);
  REQUIRE(result.documents.size() == 5);
  for (const auto& doc : result.documents) {
    CHECK(doc.dct.source == DctSource::option);
    CHECK(doc.dct.iso() == "2030-01-02T03:04");
    CHECK_FALSE(doc.dct.evidence.empty());
  }
}

// ---- walking folders ----------------------------------------------------------------------------

TEST_CASE("folders are walked recursively in path order, other files are skipped with one note") {
  TempDir dir;
  dir.write("b.txt", kGood);
  dir.write("a/z.txt", kGood);
  dir.write("a/deeper/y.TXT", kGood);
  dir.write("c.jsonl", "{\"id\": \"c1\", \"text\": \"Line one.\"}\n");
  dir.write("photo.png", "\x89PNG");
  dir.write("notes.md", "# notes");
  dir.write(".hidden.txt", kGood);
  dir.write(".git/HEAD.txt", kGood);
  auto result = load({str(dir.path())});
  INFO(all_problems(result));
  REQUIRE(result.documents.size() == 4);
  CHECK(result.documents[0].id == "y");
  CHECK(result.documents[1].id == "z");
  CHECK(result.documents[2].id == "b");
  CHECK(result.documents[3].id == "c1");
  REQUIRE(result.problems.size() == 1);
  CHECK(result.problems[0].path == str(dir.path()));
  CHECK(result.problems[0].message.find("skipped 3 files") != std::string::npos);
}

TEST_CASE("an explicitly named file of another extension is read as text") {
  TempDir dir;
  auto path = dir.write("story.md", "date 2024-02-15 Markdown Story\nBody.\n");
  auto result = load({str(path)});
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].id == "story");
  CHECK(result.documents[0].dct.iso() == "2024-02-15");
}

TEST_CASE("a multi-megabyte one-line file loads in one go") {
  TempDir dir;
  std::string line = "date 2024-02-15 ";
  while (line.size() < 8'000'000) line += "The delegations met again and talked at length. ";
  auto path = dir.write("big.txt", line);
  const auto start = std::chrono::steady_clock::now();
  auto result = load({str(path)});
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].text.size() == line.size() - 16);
  CHECK(result.documents[0].dct.iso() == "2024-02-15");
  CHECK(seconds < 5.0);
}

// ---- bad inputs ---------------------------------------------------------------------------------

TEST_CASE("invalid UTF-8: a problem naming the byte, the file is skipped") {
  TempDir dir;
  auto bad = dir.write("latin1.txt", "Caf\xE9 au lait\n");
  auto good = dir.write("good.txt", kGood);
  auto result = load({str(bad), str(good)});
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].id == "good");
  const auto* problem = find_problem(result, "latin1.txt", "invalid UTF-8");
  REQUIRE(problem);
  CHECK(problem->byte == 3u);
  CHECK(problem->describe() == str(bad) + ": byte 3: invalid UTF-8 (byte 0xE9); skipped");
}

TEST_CASE("a binary file is a problem, the file is skipped") {
  TempDir dir;
  auto bad = dir.write("image.txt", std::string("GIF89a\0\0\x01", 9));
  auto good = dir.write("good.txt", kGood);
  auto result = load({str(bad), str(good)});
  REQUIRE(result.documents.size() == 1);
  const auto* problem = find_problem(result, "image.txt", "binary file");
  REQUIRE(problem);
  CHECK(problem->byte == 6u);
}

TEST_CASE("an empty or white-space-only file is a problem, the file is skipped") {
  TempDir dir;
  dir.write("empty.txt", "");
  dir.write("blank.txt", " \n\t\n");
  dir.write("good.txt", kGood);
  auto result = load({str(dir.path())});
  REQUIRE(result.documents.size() == 1);
  CHECK(find_problem(result, "empty.txt", "empty file"));
  CHECK(find_problem(result, "blank.txt", "empty file"));
  CHECK(result.inputs_seen == 3);
}

TEST_CASE("a missing path is a problem, the other inputs load") {
  TempDir dir;
  auto good = dir.write("good.txt", kGood);
  const std::string missing = str(dir.path() / "nope.txt");
  auto result = load({missing, str(good)});
  REQUIRE(result.documents.size() == 1);
  const auto* problem = find_problem(result, "nope.txt");
  REQUIRE(problem);
  CHECK(problem->describe() == missing + ": no such file or directory");
}

TEST_CASE("an unreadable file is a problem, the other inputs load") {
  TempDir dir;
  auto good = dir.write("good.txt", kGood);
  SECTION("permission denied") {
    auto locked = dir.write("locked.txt", kGood);
    fs::permissions(locked, fs::perms::none);
    auto result = load({str(locked), str(good)});
    if (::geteuid() == 0) {
      // root reads anything, so chmod 000 proves nothing here; the FIFO and symlink sections
      // cover unreadable entries for root too.
      SUCCEED("running as root: permission bits do not stop reads");
    } else {
      REQUIRE(result.documents.size() == 1);
      CHECK(find_problem(result, "locked.txt", "Permission denied"));
    }
  }
  SECTION("a FIFO in a walked folder and named directly") {
    const fs::path fifo = dir.path() / "pipe.txt";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    auto result = load({str(dir.path()), str(fifo)});
    REQUIRE(result.documents.size() == 1);
    CHECK(find_problem(result, "pipe.txt", "FIFO"));
  }
  SECTION("a dangling symbolic link") {
    const fs::path link = dir.path() / "gone.txt";
    fs::create_symlink(dir.path() / "target-that-does-not-exist.txt", link);
    auto result = load({str(dir.path())});
    REQUIRE(result.documents.size() == 1);
    CHECK(find_problem(result, "gone.txt", "broken symbolic link"));
  }
  SECTION("a symbolic link to itself (nobody can open it)") {
    const fs::path loop = dir.path() / "loop.txt";
    fs::create_symlink(loop, loop);
    auto result = load({str(loop), str(good)});
    REQUIRE(result.documents.size() == 1);
    const auto* problem = find_problem(result, "loop.txt", "cannot access");
    REQUIRE(problem);
    CHECK(problem->message.find("symbolic links") != std::string::npos);
  }
}

TEST_CASE("a folder with nothing readable is a problem") {
  TempDir dir;
  dir.write("empty/only.png", "png");
  dir.write("empty/blank.txt", "\n");
  auto good = dir.write("good.txt", kGood);
  auto result = load({str(dir.path() / "empty"), str(good)});
  REQUIRE(result.documents.size() == 1);
  const auto* problem = find_problem(result, "empty", "no readable documents");
  REQUIRE(problem);
  CHECK(problem->describe() ==
        str(dir.path() / "empty") + ": no readable documents in this folder");
  CHECK(find_problem(result, "blank.txt", "empty file"));
}

TEST_CASE("an impossible date in a header is a problem naming file and line, it still loads") {
  TempDir dir;
  auto bad = dir.write("bad.txt", "date 2023-02-30 Headline\nBody.\n");
  auto worse = dir.write("worse.txt", "Headline\nPublished: February 30, 2023\nBody.\n");
  auto good = dir.write("good.txt", "date 2023-02-28 Headline\nBody.\n");
  auto result = load({str(bad), str(worse), str(good)});
  REQUIRE(result.documents.size() == 3);
  const auto* problem = find_problem(result, "bad.txt", "impossible date '2023-02-30'");
  REQUIRE(problem);
  CHECK(problem->describe().starts_with(str(bad) + ":1: "));
  CHECK(result.documents[0].dct.source == DctSource::none);
  CHECK(result.documents[0].text == "Headline\nBody.\n");
  CHECK(find_problem(result, "worse.txt", "February 30, 2023")->line == 2u);
  CHECK(result.documents[2].dct.iso() == "2023-02-28");
}

TEST_CASE("LoadProblem::describe formats") {
  CHECK(LoadProblem{"a.txt", 3, std::nullopt, "bad"}.describe() == "a.txt:3: bad");
  CHECK(LoadProblem{"a.txt", std::nullopt, 7, "bad"}.describe() == "a.txt: byte 7: bad");
  CHECK(LoadProblem{"a.txt", std::nullopt, std::nullopt, "bad"}.describe() == "a.txt: bad");
  CHECK(LoadProblem{"", std::nullopt, std::nullopt, "no inputs given"}.describe() ==
        "no inputs given");
}
