// Streaming documents: stream_documents hands on what load_documents returns, in the same order,
// one document at a time, and reads JSON Lines as a stream (lines across blocks, line numbers).
#include "document/document_test_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tempograph;
using tempograph::test::all_problems;
using tempograph::test::data_dir;
using tempograph::test::examples_dir;
using tempograph::test::options_on;
using tempograph::test::TempDir;

namespace fs = std::filesystem;

namespace {

// What stream_documents gave, as load_documents would give it.
LoadResult stream(const std::vector<std::string>& inputs,
                  const LoadOptions& options = options_on("2025-06-01")) {
  LoadResult result;
  result.inputs_seen = stream_documents(
      inputs, options, [&](Document&& doc) { result.documents.push_back(std::move(doc)); },
      [&](LoadProblem&& problem) { result.problems.push_back(std::move(problem)); });
  return result;
}

// Every callback in the order it came: "D id" for a document, "P describe()" for a problem.
std::vector<std::string> events(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  stream_documents(
      inputs, options_on("2025-06-01"), [&](Document&& doc) { out.push_back("D " + doc.id); },
      [&](LoadProblem&& problem) { out.push_back("P " + problem.describe()); });
  return out;
}

std::vector<std::string> described(const std::vector<LoadProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& problem : problems) out.push_back(problem.describe());
  return out;
}

void check_same_documents(const std::vector<Document>& got, const std::vector<Document>& want) {
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("document " << i << " (" << want[i].id << ")");
    CHECK(got[i].id == want[i].id);
    CHECK(got[i].path == want[i].path);
    CHECK(got[i].title == want[i].title);
    CHECK(got[i].url == want[i].url);
    CHECK(got[i].text == want[i].text);
    CHECK(got[i].format == want[i].format);
    CHECK(got[i].dct.iso() == want[i].dct.iso());
    CHECK(got[i].dct.source == want[i].dct.source);
    CHECK(got[i].dct.evidence == want[i].dct.evidence);
  }
}

void check_same_as_load(const std::vector<std::string>& inputs) {
  const LoadOptions options = options_on("2025-06-01");
  const LoadResult loaded = load_documents(inputs, options);
  const LoadResult streamed = stream(inputs, options);
  INFO(all_problems(loaded));
  check_same_documents(streamed.documents, loaded.documents);
  CHECK(described(streamed.problems) == described(loaded.problems));
  CHECK(streamed.inputs_seen == loaded.inputs_seen);
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

// A generated feed: line n (1-based) is a document "doc-n" with a text of a few hundred bytes,
// except that every 97th line is malformed JSON, every 89th is blank and every 503rd has a text
// of 2.5 MiB, so that lines end on, and run across, the reader's 1 MiB blocks.
struct Feed {
  std::string content;
  std::vector<std::string> ids;           // of the documents, in order
  std::vector<std::size_t> broken_lines;  // malformed, in order
  std::vector<std::string> texts;         // of the documents, in order
};

Feed generate_feed(std::size_t lines) {
  Feed feed;
  const std::string big(5u << 19, 'x');
  for (std::size_t n = 1; n <= lines; ++n) {
    if (n % 89 == 0) {
      feed.content += (n % 2 == 0) ? "\n" : "  \t\r\n";
      continue;
    }
    if (n % 97 == 0) {
      feed.content += "{\"id\": \"broken-" + std::to_string(n) + "\", \"text\": \"unterminated\n";
      feed.broken_lines.push_back(n);
      continue;
    }
    std::string text = "Line " + std::to_string(n) + " was written on Tuesday, March 5, 2024.";
    text += n % 503 == 0 ? " " + big : std::string(n % 300, 'a');
    const std::string id = "doc-" + std::to_string(n);
    feed.content +=
        "{\"id\": \"" + id + "\", \"date\": \"2024-03-05\", \"text\": \"" + text + "\"}";
    if (n % 2 == 0) feed.content += '\r';  // CRLF lines are JSON white space: they parse too
    if (n < lines) feed.content += '\n';   // the last line has no line break
    feed.ids.push_back(id);
    feed.texts.push_back(std::move(text));
  }
  return feed;
}

}  // namespace

TEST_CASE("stream_documents gives what load_documents gives: bundled corpus and test data") {
  check_same_as_load({(examples_dir() / "karabakh").string()});
  check_same_as_load({(data_dir() / "documents").string()});
  check_same_as_load({(data_dir() / "documents" / "jsonl" / "articles.jsonl").string(),
                      (examples_dir() / "karabakh" / "001_64abc2f029700aeb.txt").string(),
                      (data_dir() / "documents" / "timeml").string(), "no/such/file.txt"});
  check_same_as_load({});

  const LoadResult karabakh = stream({(examples_dir() / "karabakh").string()});
  INFO(all_problems(karabakh));
  CHECK(karabakh.problems.empty());
  CHECK(karabakh.inputs_seen == 5);
  REQUIRE(karabakh.documents.size() == 5);
  CHECK(karabakh.documents[0].id == "000_fe7b1afe375067cd");
  CHECK(karabakh.documents[0].dct.source == DctSource::manifest);
  CHECK(karabakh.documents[4].id == "004_30699b983643d3de");
}

TEST_CASE("stream_documents: a generated JSON Lines feed keeps ids, texts and line numbers") {
  TempDir dir;
  const std::size_t lines = 3000;
  const Feed feed = generate_feed(lines);
  const auto path = dir.write("feed.jsonl", "\xEF\xBB\xBF" + feed.content);  // with a BOM
  REQUIRE(fs::file_size(path) > (5u << 20));

  const LoadResult result = stream({path.string()});
  REQUIRE(result.documents.size() == feed.ids.size());
  for (std::size_t i = 0; i < feed.ids.size(); ++i) {
    INFO("document " << i);
    REQUIRE(result.documents[i].id == feed.ids[i]);
    REQUIRE(result.documents[i].text == feed.texts[i]);
    CHECK(result.documents[i].dct.iso() == "2024-03-05");
  }
  // The evidence names the field the date was in (not the line: shards renumber lines).
  CHECK(result.documents[0].dct.evidence == "jsonl \"date\": \"2024-03-05\"");
  CHECK(result.documents[feed.ids.size() - 1].dct.evidence == "jsonl \"date\": \"2024-03-05\"");

  REQUIRE(result.problems.size() == feed.broken_lines.size());
  for (std::size_t i = 0; i < feed.broken_lines.size(); ++i) {
    INFO(result.problems[i].describe());
    CHECK(result.problems[i].path == path.string());
    CHECK(result.problems[i].line == feed.broken_lines[i]);
    CHECK(result.problems[i].message.starts_with("malformed JSON"));
  }
  // Blank lines are not inputs; malformed ones are.
  CHECK(result.inputs_seen == lines - lines / 89);

  // From standard input, the same feed gives the same, with ids and names of its own.
  FakeStdin in(feed.content);
  const LoadResult piped = stream({"-"});
  REQUIRE(piped.documents.size() == feed.ids.size());
  CHECK(piped.documents[42].id == feed.ids[42]);
  CHECK(piped.documents[42].path == "-");
  REQUIRE(piped.problems.size() == feed.broken_lines.size());
  CHECK(piped.problems.back().describe().starts_with(
      "-:" + std::to_string(feed.broken_lines.back()) + ": malformed JSON"));
}

TEST_CASE("stream_documents: lines without ids are named by file and line number") {
  TempDir dir;
  std::string content;
  for (int n = 1; n <= 2500; ++n) {
    content += n % 1000 == 0 ? std::string("not json\n")
                             : "{\"text\": \"Item " + std::to_string(n) + " on Friday.\"}\n";
  }
  const auto path = dir.write("items.jsonl", content);
  const LoadResult result = stream({path.string()});
  REQUIRE(result.documents.size() == 2498);
  CHECK(result.documents[0].id == "items:1");
  CHECK(result.documents[998].id == "items:999");
  CHECK(result.documents[999].id == "items:1001");
  CHECK(result.documents[2497].id == "items:2500");
  CHECK(result.documents[2497].text == "Item 2500 on Friday.");
  REQUIRE(result.problems.size() == 2);
  CHECK(result.problems[0].line == 1000u);
  CHECK(result.problems[1].line == 2000u);
  CHECK(result.inputs_seen == 2500);
}

TEST_CASE("stream_documents: callbacks come in order, each problem as soon as it is found") {
  TempDir dir;
  const auto a = dir.write("a.jsonl",
                           "{\"id\": \"a1\", \"text\": \"One.\"}\n"
                           "{\"id\": \"a2\", \"text\": \"Two\"\n"
                           "{\"id\": \"a3\", \"text\": \"Three.\"}\n");
  const auto empty = dir.write("b.jsonl", "");
  const auto c = dir.write("c.txt", "date 2024-02-30\nThe talks ended on Monday.\n");
  const auto d = dir.write("d.jsonl", "{\"id\": \"a1\", \"text\": \"Again.\"}\n");

  const auto got = events({a.string(), empty.string(), c.string(), d.string()});
  const std::vector<std::string> expected{
      "D a1", "P " + a.string() + ":2: malformed JSON", "D a3",
      "P " + empty.string() + ": empty file; skipped",
      "P " + c.string() + ":1: impossible date '2024-02-30' in the date header; ignored", "D c",
      // A duplicate id is reported when the second document comes, before it is handed on.
      "P " + d.string() + ": document id 'a1' is also used by " + a.string(), "D a1"};
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO(i);
    CHECK(got[i].starts_with(expected[i]));
  }

  // load_documents reports duplicate ids last, as it always did; the rest is the same.
  const LoadResult loaded = load_documents({a.string(), empty.string(), c.string(), d.string()},
                                           options_on("2025-06-01"));
  REQUIRE(loaded.problems.size() == 4);
  CHECK(loaded.problems.back().message == "document id 'a1' is also used by " + a.string());
}

TEST_CASE("stream_documents: whole-file checks on JSON Lines match load_documents") {
  TempDir dir;
  const auto empty = dir.write("empty.jsonl", "");
  const auto bom = dir.write("bom.jsonl", "\xEF\xBB\xBF");
  const auto blank = dir.write("blank.jsonl", "\n  \r\n\t\n");
  // A NUL byte on the first line: binary, skipped whole (a later one costs only its line).
  const auto binary = dir.write("binary.jsonl", std::string("{\"a\0\0\n{\"text\": \"x\"}\n", 20));
  const auto last = dir.write("last.jsonl", "\xEF\xBB\xBF{\"id\": \"z\", \"text\": \"No break.\"}");
  const std::vector<std::string> inputs{empty.string(), bom.string(), blank.string(),
                                        binary.string(), last.string()};
  check_same_as_load(inputs);

  const LoadResult result = stream(inputs);
  INFO(all_problems(result));
  REQUIRE(result.problems.size() == 4);
  CHECK(result.problems[0].describe() == empty.string() + ": empty file; skipped");
  CHECK(result.problems[1].describe() == bom.string() + ": empty file; skipped");
  CHECK(result.problems[2].describe() ==
        blank.string() + ": empty file (only white space); skipped");
  CHECK(result.problems[3].describe() ==
        binary.string() + ": byte 3: binary file (NUL byte in the first 8 KiB); skipped");
  REQUIRE(result.documents.size() == 1);
  CHECK(result.documents[0].id == "z");
  CHECK(result.documents[0].text == "No break.");
  CHECK(result.inputs_seen == 5);
}

TEST_CASE("stream_documents: an exception from a callback stops loading and reaches the caller") {
  TempDir dir;
  std::string content;
  for (int n = 1; n <= 10; ++n) content += "{\"text\": \"Item " + std::to_string(n) + ".\"}\n";
  const auto path = dir.write("items.jsonl", content);
  std::size_t documents = 0;
  std::size_t problems = 0;
  CHECK_THROWS_WITH(stream_documents(
                        {path.string()}, options_on("2025-06-01"),
                        [&](Document&&) {
                          if (++documents == 3) throw std::runtime_error("enough");
                        },
                        [&](LoadProblem&&) { ++problems; }),
                    "enough");
  CHECK(documents == 3);
  CHECK(problems == 0);
}
