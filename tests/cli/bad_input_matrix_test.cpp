// The bad-input matrix of the "Hardening and packaging" issue, through the real CLI and viewer:
// one table of cases {input made in a temporary folder, command, expectations}. For every case
// nothing crashes or hangs, the exit status is non-zero only when nothing could be processed,
// each problem is one stderr line naming the file (and line or byte), the summary line accounts
// for every input (processed + skipped = inputs), and outputs are whole (they parse) or absent
// (no temporary files left beside them). A second test checks that the output is the same bytes
// with one thread, two, and across runs.
#include "support.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

using tempograph::test::CommandResult;
using tempograph::test::lines_of;
using tempograph::test::quote;
using tempograph::test::slurp;
using tempograph::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kArticle =
    "date 2024-02-15\nRussia and Armenia signed an agreement on Monday in Moscow.\n";

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

std::string jsonl_doc(const std::string& id, const std::string& date, const std::string& text) {
  return nlohmann::json{{"id", id}, {"date", date}, {"text", text}}.dump() + "\n";
}

std::string repeated(const std::string& s, std::size_t times) {
  std::string out;
  out.reserve(s.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += s;
  return out;
}

// A whole timeline.json of the bundled corpus, built once, to make bad ones from.
const std::string& karabakh_timeline() {
  static const std::string text = [] {
    const auto r = tempograph::test::run_cli(
        "build " + quote(tempograph::test::examples_dir() / "karabakh") + " -o -");
    REQUIRE(r.status == 0);
    return r.out;
  }();
  return text;
}

// Runs a shell command line with stdout and stderr captured.
CommandResult run_shell(const std::string& command) {
  TempDir io;
  const auto out = io.path() / "stdout";
  const auto err = io.path() / "stderr";
  const std::string line = command + " </dev/null >" + quote(out) + " 2>" + quote(err);
  const int raw = std::system(line.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

bool have_xvfb_run() {
  return std::system("command -v xvfb-run >/dev/null 2>&1") == 0;
}

// A 1 MiB tmpfs on `dir` for the full-disk case, unmounted when the object goes away; mounted()
// is false where mounting is not permitted (not root, in a container without CAP_SYS_ADMIN).
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const fs::path& dir) : dir_(dir) {
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") == 0;
  }
  ~SmallTmpfs() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  bool mounted() const { return mounted_; }

 private:
  fs::path dir_;
  bool mounted_ = false;
};

// A folder on /dev/shm (tmpfs) where there is one, removed when the object goes away: 100,000
// files are made there in a second, on a busy ext4 in 20 s and more (it is the loader being
// tested, not the disk).
class MemoryDir {
 public:
  MemoryDir() {
    std::error_code ec;
    const fs::path base =
        ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path(ec);
    path_ = base / ("tempograph-matrix-" + std::to_string(::getpid()));
    fs::remove_all(path_, ec);
    fs::create_directories(path_);
  }
  ~MemoryDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  MemoryDir(const MemoryDir&) = delete;
  MemoryDir& operator=(const MemoryDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

enum class Output {
  timeline,  // -o {out}/t.json: a whole timeline.json on success, nothing otherwise
  jsonl,     // JSON Lines on stdout, every line whole
  file,      // -o {out}/x: some file on success, nothing otherwise
  viewer,    // the viewer's screenshot {out}/v.png, written also when the input is refused
};

struct Case {
  std::string name;
  // Makes the inputs under `in`.
  std::function<void(const fs::path& in)> make;
  // The command, with {in} and {out} standing for the two folders (shell-quoted).
  std::string command;
  int status = 0;
  std::vector<std::string> errors;  // each must be in a "tempograph: " (or viewer "error ") line
  std::size_t inputs = 0;           // files (or JSON lines) given; the summary must count them all
  std::size_t skipped = 0;
  Output output = Output::timeline;
  // Run in a thread alongside the command until it ends (a file that changes while it is read).
  std::function<void(const fs::path& in, const std::atomic<bool>& stop)> meanwhile;
  bool full_disk = false;          // {out} is a 1 MiB tmpfs, nearly full
  std::size_t disk_left = 48'576;  // bytes the filler leaves on it
  bool in_memory = false;          // {in} on /dev/shm where there is one (many files)
  bool exact_counts = true;        // false: the summary must only add up (processed + skipped)
  double max_seconds = 30;         // wall time of the command
  std::vector<std::string> out;    // strings the output (stdout or the output file) must hold
};

std::string expand(std::string command, const fs::path& in, const fs::path& out) {
  for (auto [key, value] :
       {std::pair{std::string("{in}"), quote(in)}, std::pair{std::string("{out}"), quote(out)}}) {
    for (std::size_t at; (at = command.find(key)) != std::string::npos;)
      command.replace(at, key.size(), value);
  }
  return command;
}

// processed and skipped from the summary line ("built ...: 3 documents, ...; 1 input skipped",
// "tagged 3 documents, ...; 1 input skipped", "analyzed 0 documents; 1 input skipped").
std::optional<std::pair<std::size_t, std::size_t>> summary_counts(const std::string& err) {
  static const std::regex summary(
      R"(^(?:built [^:]*|tagged|analyzed):? (\d+) documents?\b.*; (\d+) inputs? skipped)");
  for (const auto& line : lines_of(err)) {
    std::smatch m;
    if (std::regex_search(line, m, summary))
      return std::pair{std::stoul(m[1].str()), std::stoul(m[2].str())};
  }
  return std::nullopt;
}

bool no_temporary_files(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename().string().find(".tmp-") != std::string::npos) return false;
  return true;
}

// The table leaves unnamed members at their defaults; GCC 12 warns about that even for
// designated initializers, whose point it is.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
std::vector<Case> bad_inputs() {
  const std::string cli = quote(TEMPOGRAPH_CLI);
  const std::string tag = cli + " tag --format jsonl {in}";
  const std::string build = cli + " build {in} -o {out}/t.json";
  std::vector<Case> cases;

  // Years 0, -500 and 99999 and 31 April, in each place a date is read.
  const std::vector<std::pair<std::string, std::string>> dates{{"0000-01-01", "impossible date"},
                                                               {"-500-01-01", "cannot read date"},
                                                               {"99999-01-01", "cannot read date"},
                                                               {"2023-04-31", "impossible date"}};
  for (const auto& [date, says] : dates) {
    cases.push_back({.name = "date header " + date,
                     .make =
                         [date = date](const fs::path& in) {
                           write_file(in / "a.txt",
                                      "date " + date + "\nTalks were held on Monday.\n");
                         },
                     .command = tag,
                     .errors = {"a.txt:1: " + says + " '" + date + "' in the date header"},
                     .inputs = 1,
                     .output = Output::jsonl});
  }
  cases.push_back({.name = "manifest dates",
                   .make =
                       [dates](const fs::path& in) {
                         std::string manifest = "file\tdate\n";
                         for (std::size_t i = 0; i < dates.size(); ++i) {
                           std::string name = "a";     // not "a" + to_string(): g++ 12's false
                           name += std::to_string(i);  // -Wrestrict
                           name += ".txt";
                           write_file(in / name, "Talks were held on Monday.\n");
                           manifest += name + "\t" + dates[i].first + "\n";
                         }
                         write_file(in / "manifest.tsv", manifest);
                       },
                   .command = build,
                   .errors = {"manifest.tsv:2: impossible date '0000-01-01'",
                              "manifest.tsv:3: cannot read date '-500-01-01'",
                              "manifest.tsv:4: cannot read date '99999-01-01'",
                              "manifest.tsv:5: impossible date '2023-04-31'"},
                   .inputs = 4});
  cases.push_back({.name = "JSON Lines dates",
                   .make =
                       [dates](const fs::path& in) {
                         std::string lines;
                         for (std::size_t i = 0; i < dates.size(); ++i)
                           lines += jsonl_doc(std::string(1, 'j') + std::to_string(i),
                                              dates[i].first, "Talks were held on Monday.");
                         write_file(in / "docs.jsonl", lines);
                       },
                   .command = build,
                   .errors = {"docs.jsonl:1: impossible date", "docs.jsonl:2: cannot read date",
                              "docs.jsonl:3: cannot read date", "docs.jsonl:4: impossible date"},
                   .inputs = 4});

  // The first day Boost's calendar holds: merging looks a week around a date (1399-12-25 made
  // the build fail), and the SVG axis a day before it.
  cases.push_back({.name = "an event on 1400-01-01",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "edge.txt",
                                    "date 2024-02-15\nArmenia and Azerbaijan signed a treaty on "
                                    "January 1, 1400.\n");
                       },
                   .command = "(" + build + " && " + cli + " export {out}/t.json -o {out}/t.svg)",
                   .inputs = 1,
                   .out = {"\"start\":\"1400-01-01\""}});
  // One sentence of 2 MB, no full stop: each step that read the whole clause or sentence again
  // for each of its mentions made this take minutes (one such pattern 12 minutes).
  cases.push_back({.name = "a 2 MB sentence",
                   .make =
                       [](const fs::path& in) {
                         std::string text = "date 2024-02-15\n";
                         while (text.size() < 2'000'000)
                           text +=
                               "its attack on its forces In the talks on Monday, the talks "
                               "the Monday attack and Russia attacked Kyiv on Monday and ";
                         write_file(in / "long.txt", text + "\n");
                       },
                   .command = build,
                   .inputs = 1,
                   .max_seconds = 60});  // about 1 s; more under the sanitizers
  cases.push_back({.name = "10 MB of digits",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "digits.txt",
                                    "date 2024-02-15\n" + std::string(10'000'000, '7') + "\n");
                       },
                   .command = build,
                   .inputs = 1});
  cases.push_back({.name = "NUL bytes in a text",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "good.txt", kArticle);
                         write_file(in / "nul.txt",
                                    std::string("date 2024-02-15\nRussia\0 signed.\n", 32));
                       },
                   .command = build,
                   .errors = {"nul.txt: byte 22: binary file"},
                   .inputs = 2,
                   .skipped = 1});
  cases.push_back({.name = "NUL bytes in a JSON line",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "docs.jsonl",
                                    jsonl_doc("ok", "2024-02-15", "Talks on Monday.") +
                                        std::string("{\"id\":\"x\",\0\"text\":\"a\"}\n", 23));
                       },
                   .command = build,
                   .errors = {"docs.jsonl:2: NUL byte at column 11; line skipped"},
                   .inputs = 2,
                   .skipped = 1});
  // CRLF line ends and a UTF-8 BOM are read as if they were not there: the header, the manifest
  // and the JSON lines all give their dates (2024-02-15, so "Monday" is 2024-02-12).
  cases.push_back({.name = "CRLF and a BOM",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "text/a.txt",
                                    "\xEF\xBB\xBF"
                                    "date 2024-02-15\r\nTalks were held on Monday.\r\n");
                         write_file(in / "csv/b.txt", "Talks were held on Monday.\r\n");
                         write_file(in / "csv/manifest.csv",
                                    "\xEF\xBB\xBF"
                                    "file,date\r\nb.txt,2024-02-15\r\n");
                         write_file(
                             in / "docs.jsonl",
                             "\xEF\xBB\xBF{\"id\":\"c\",\"date\":\"2024-02-15\",\"text\":"
                             "\"Talks on Monday.\"}\r\n{\"id\":\"d\",\"date\":\"2024-02-15\","
                             "\"text\":\"Talks on Monday.\"}\r\n");
                       },
                   .command = tag,
                   .inputs = 4,
                   .output = Output::jsonl,
                   .out = {R"("doc":"a","begin":19)", R"("doc":"b")", R"("doc":"c")",
                           R"("doc":"d")", "2024-02-12"}});
  cases.push_back(
      {.name = "deeply nested and huge JSON lines",
       .make =
           [](const fs::path& in) {
             const std::string deep(100'000, '[');
             write_file(
                 in / "docs.jsonl",
                 deep + "\n" + jsonl_doc("ok", "2024-02-15", "Talks on Monday.") +
                     R"({"id":"deep","date":"2024-02-15","text":"Talks on Monday.","x":)" + deep +
                     std::string(100'000, ']') + "}\n" +
                     jsonl_doc("long", "2024-02-15", std::string(8'000'000, 'x')) +
                     jsonl_doc("dated", "2024-02-15", repeated("Talks on Monday. ", 100'000)));
           },
       .command = build,
       .errors = {"docs.jsonl:1: malformed JSON"},
       .inputs = 5,
       .skipped = 1,
       .max_seconds = 60});  // 100,000 dated sentences in one text: 2 minutes before a fix
  cases.push_back({.name = "a 1 GB file of zero bytes (sparse)",
                   .make =
                       [](const fs::path& in) {
                         write_file(in / "good.txt", kArticle);
                         write_file(in / "disk.txt", "");
                         fs::resize_file(in / "disk.txt", 1ull << 30);  // sparse: no disk used
                       },
                   .command = build,
                   .errors = {"disk.txt: byte 0: binary file"},
                   .inputs = 2,
                   .skipped = 1,
                   .max_seconds = 10});
  cases.push_back({.name = "100,000 files in one folder",
                   .make =
                       [](const fs::path& in) {
                         fs::create_directories(in);
                         char name[32];
                         int written = 0;
                         for (int i = 0; i < 100'000; ++i) {
                           std::snprintf(name, sizeof name, "%06d.txt", i);
                           // Plain system calls: an ofstream each would double the time.
                           const int fd = ::open((in / name).c_str(), O_WRONLY | O_CREAT, 0644);
                           if (fd < 0) continue;
                           written += ::write(fd, "Talks on Monday.\n", 17) == 17;
                           ::close(fd);
                         }
                         REQUIRE(written == 100'000);
                       },
                   .command = cli + " tag -j 2 --format jsonl {in}",
                   .inputs = 100'000,
                   .output = Output::jsonl,
                   .in_memory = true,
                   .max_seconds = 60});  // about 3 s; more under the sanitizers
  cases.push_back({.name = "a file that changes while it is read",
                   .make = [](const fs::path& in) { write_file(in / "moving.txt", kArticle); },
                   .command = build,
                   .inputs = 1,
                   .meanwhile =
                       [](const fs::path& in, const std::atomic<bool>& stop) {
                         // Grows, shrinks to nothing and grows again, as fast as it can.
                         for (std::size_t round = 0; !stop; ++round) {
                           std::ofstream out(in / "moving.txt",
                                             round % 3 == 0 ? std::ios::trunc : std::ios::app);
                           if (round % 3 != 0) out << kArticle;
                         }
                       },
                   .exact_counts = false});
  cases.push_back({.name = "a full disk",
                   .make = [](const fs::path& in) { write_file(in / "a.txt", kArticle); },
                   .command = cli + " build " +
                              quote(tempograph::test::examples_dir() / "karabakh") +
                              " -o {out}/t.json",
                   .status = 1,
                   .errors = {"t.json: cannot write: No space left on device"},
                   .inputs = 5,
                   .full_disk = true});
  // No room even for the document texts waiting beside the output: the build stops while the
  // articles are still being analyzed on two threads (that once ended in std::terminate).
  cases.push_back({.name = "a disk full from the start",
                   .make = [](const fs::path& in) { write_file(in / "a.txt", kArticle); },
                   .command = cli + " build -j 2 " +
                              quote(tempograph::test::examples_dir() / "karabakh") +
                              " -o {out}/t.json",
                   .status = 1,
                   .errors = {"temporary file", "nothing written"},
                   .inputs = 5,
                   .full_disk = true,
                   .disk_left = 0});

  // timeline.json as the input of export and of the viewer.
  const std::string export_csv = cli + " export {in}/t.json --format csv -o {out}/x.csv";
  struct BadTimeline {
    std::string name;
    std::function<std::string()> text;
    int status;
    std::string error;  // "" for a timeline that is read
  };
  const std::vector<BadTimeline> timelines{
      {"100,000 [", [] { return std::string(100'000, '['); }, 1, "t.json:1: malformed JSON"},
      {"100,000 nested arrays in the stats",
       [] {
         const std::string& k = karabakh_timeline();
         const auto stats = k.find("\"stats\":") + 8;
         return k.substr(0, stats) + std::string(100'000, '[') + std::string(100'000, ']') +
                k.substr(k.find('\n', stats) - 1);
       },
       1, "t.json:2: malformed JSON: nested deeper than"},
      {"a 20 MB string",
       [] { return R"({"schema":"tempograph/1","x":")" + std::string(20'000'000, 'a') + "\"}"; }, 1,
       "t.json: timeline: missing \"documents\""},
      {"a NUL byte",
       [] {
         std::string k = karabakh_timeline();
         return k.insert(k.find("\"e1\"") + 2, 1, '\0');
       },
       1, "malformed JSON"},
      {"a BOM and CRLF",
       [] {
         std::string k = "\xEF\xBB\xBF";
         for (char c : karabakh_timeline())
           k += c == '\n' ? std::string("\r\n") : std::string(1, c);
         return k;
       },
       0, ""},
  };
  for (const auto& t : timelines) {
    auto make = [text = t.text](const fs::path& in) { write_file(in / "t.json", text()); };
    cases.push_back(
        {.name = "export: " + t.name,
         .make = make,
         .command = export_csv,
         .status = t.status,
         .errors = t.error.empty() ? std::vector<std::string>{} : std::vector<std::string>{t.error},
         .output = Output::file});
#ifdef TEMPOGRAPH_VIEWER
    cases.push_back(
        {.name = "viewer: " + t.name,
         .make = make,
         .command = "LD_PRELOAD=\"$(sh " + quote(TEMPOGRAPH_ASAN_PRELOAD) + " " +
                    quote(TEMPOGRAPH_VIEWER) + ")\" XDG_CONFIG_HOME={out}/config " +
                    quote(TEMPOGRAPH_VIEWER) +
                    " --trace --size 640x400 --screenshot {out}/v.png {in}/t.json",
         .status = t.status,
         .errors = t.error.empty() ? std::vector<std::string>{} : std::vector<std::string>{t.error},
         .output = Output::viewer});
#endif
  }
  return cases;
}
#pragma GCC diagnostic pop

}  // namespace

TEST_CASE("bad-input matrix: nothing crashes or hangs, every input is accounted for",
          "[cli][bad-input]") {
  for (const Case& c : bad_inputs()) {
    DYNAMIC_SECTION(c.name) {
      if (c.output == Output::viewer && !have_xvfb_run()) {
        WARN("SKIP " << c.name << ": xvfb-run is not installed (bash .ci/setup-debian)");
        continue;
      }
      TempDir dir;
      std::optional<MemoryDir> memory;
      if (c.in_memory) memory.emplace();
      const fs::path in = memory ? memory->path() / "in" : dir.path() / "in";
      const fs::path out = dir.path() / "out";
      fs::create_directories(in);
      fs::create_directories(out);
      c.make(in);
      std::optional<SmallTmpfs> disk;
      if (c.full_disk) {
        disk.emplace(out);
        if (!disk->mounted()) {
          WARN("SKIP " << c.name << ": cannot mount a tmpfs here (needs root)");
          continue;
        }
        // Leave less room than the output needs.
        std::ofstream(out / "filler", std::ios::binary)
            << std::string((std::size_t{1} << 20) - c.disk_left, 'x');
      }

      std::atomic<bool> stop{false};
      std::thread meanwhile;
      if (c.meanwhile) meanwhile = std::thread([&] { c.meanwhile(in, stop); });
      const auto started = std::chrono::steady_clock::now();
      std::string command = expand(c.command, in, out);
      if (c.output == Output::viewer) {
        // Under a virtual display; the viewer's own exit status is kept in a file, since
        // xvfb-run's may be that of cleaning up its temporary folder when another xvfb-run runs.
        write_file(dir.path() / "view.sh", command + "\necho $? >" + quote(out / "status") + "\n");
        command = "timeout 60 xvfb-run -a sh " + quote(dir.path() / "view.sh");
      }
      const CommandResult r = run_shell(command);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      stop = true;
      if (meanwhile.joinable()) meanwhile.join();

      INFO(c.command);
      INFO("stderr: " << r.err.substr(0, 2000));
      INFO("stdout: " << r.out.substr(0, 2000));
      CHECK(took.count() < c.max_seconds);
      const auto lines = lines_of(r.err + (c.output == Output::viewer ? r.out : ""));
      for (const auto& error : c.errors) {
        INFO("expected an error line with: " << error);
        CHECK(std::any_of(lines.begin(), lines.end(), [&](const std::string& l) {
          return (l.rfind("tempograph: ", 0) == 0 || l.rfind("error ", 0) == 0) &&
                 l.find(error) != std::string::npos;
        }));
      }

      if (c.output == Output::viewer) {
        // The viewer refuses a bad timeline with the error on screen (and in the trace), then
        // exits 1; a good one is drawn. Either way the screenshot is written.
        CHECK(r.status == 0);  // the shell script's
        CHECK(slurp(out / "status") == std::to_string(c.status) + "\n");
        CHECK(fs::file_size(out / "v.png") > 0);
        continue;
      }

      const auto counts = summary_counts(r.err);
      // (When the output cannot be written there is no summary, only the error.)
      if (c.output != Output::file && !c.full_disk) {
        REQUIRE(counts);
        const auto [processed, skipped] = *counts;
        if (c.exact_counts) {
          CHECK(processed + skipped == c.inputs);
          CHECK(skipped == c.skipped);
        } else {
          CHECK(processed + skipped >= 1);
        }
        // Non-zero only when nothing could be processed.
        CHECK(r.status == (processed > 0 ? 0 : 1));
      }
      if (c.full_disk || c.output == Output::file) CHECK(r.status == c.status);

      std::string output = r.out;
      switch (c.output) {
        case Output::timeline:
          if (r.status == 0) {
            output = slurp(out / "t.json");
            const auto j = nlohmann::json::parse(output);  // whole
            CHECK(j.at("documents").size() == counts->first);
          } else {
            CHECK_FALSE(fs::exists(out / "t.json"));
          }
          break;
        case Output::jsonl: {
          const auto out_lines = lines_of(r.out);
          const auto whole = std::count_if(out_lines.begin(), out_lines.end(),
                                           [](const auto& l) { return nlohmann::json::accept(l); });
          CHECK(static_cast<std::size_t>(whole) == out_lines.size());
          break;
        }
        case Output::file:
          if (r.status == 0) {
            output = slurp(out / "x.csv");
            CHECK_FALSE(output.empty());
          } else {
            CHECK_FALSE(fs::exists(out / "x.csv"));
          }
          break;
        case Output::viewer:
          break;
      }
      for (const auto& s : c.out) {
        INFO("expected in the output: " << s);
        CHECK(output.find(s) != std::string::npos);
      }
      CHECK(no_temporary_files(out));
    }
  }
}

TEST_CASE("same output with 1 and 2 threads and across runs", "[cli][bad-input]") {
  TempDir dir;
  // The bundled corpus plus a few generated articles, some sharing dates and participants.
  const fs::path extra = dir.path() / "extra";
  const char* const places[] = {"Moscow", "Baku", "Yerevan", "Brussels"};
  for (int i = 0; i < 12; ++i) {
    write_file(extra / ("gen" + std::to_string(i) + ".txt"),
               "date 2024-02-" + std::to_string(10 + i % 5) +
                   "\nArmenia and Azerbaijan held talks in " + places[i % 4] +
                   " on Monday. Russia said on " + std::to_string(1 + i) +
                   " February 2024 that the ceasefire was violated.\n");
  }
  const std::string inputs =
      quote(tempograph::test::examples_dir() / "karabakh") + " " + quote(extra);

  std::vector<std::string> timelines;
  std::vector<std::string> tags;
  for (const char* jobs : {"1", "2", "2"}) {
    const auto out = dir.path() / (std::to_string(timelines.size()) + "_timeline.json");
    const auto b = tempograph::test::run_cli("build -j " + std::string(jobs) + " " + inputs +
                                             " -o " + quote(out));
    INFO(b.err);
    REQUIRE(b.status == 0);
    CHECK(b.err.find("17 documents") != std::string::npos);
    timelines.push_back(slurp(out));
    const auto t =
        tempograph::test::run_cli("tag --format jsonl -j " + std::string(jobs) + " " + inputs);
    REQUIRE(t.status == 0);
    tags.push_back(t.out);
  }
  CHECK_FALSE(timelines[0].empty());
  CHECK(timelines[1] == timelines[0]);
  CHECK(timelines[2] == timelines[0]);
  CHECK_FALSE(tags[0].empty());
  CHECK(tags[1] == tags[0]);
  CHECK(tags[2] == tags[0]);
}
