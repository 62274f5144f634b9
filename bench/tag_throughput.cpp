// Throughput benchmark of `tempograph tag` on the TempEval-3 silver + TBAQ corpora, compared with
// chrono-node on the same texts. See bench/README.md.
//
//   tag_throughput SHARED_DIR [--tempograph PATH] [--repeat N] [--cpu N] [--work-dir DIR]
//                             [--chrono-script PATH] [--no-chrono]
//
// The real CLI is run as a child process pinned to one CPU; wall time and the child's peak RSS
// (wait4) are measured. chrono-node is installed with npm into the build folder and run with node,
// pinned to the same CPU, on the TEXT of every document (tags removed, entities decoded), which
// this driver extracts with tempograph's own TimeML reader.
#include "bench_process.hpp"
#include "tempograph/document.hpp"
#include "tempograph/timex.hpp"

#include <sched.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace tempograph::bench;

#ifdef TEMPOGRAPH_CLI
constexpr const char* kBuiltCli = TEMPOGRAPH_CLI;
#else
constexpr const char* kBuiltCli = "";
#endif
#ifdef TEMPOGRAPH_BENCH_SOURCE_DIR
constexpr const char* kSourceDir = TEMPOGRAPH_BENCH_SOURCE_DIR;
#else
constexpr const char* kSourceDir = "";
#endif
#ifdef TEMPOGRAPH_BENCH_WORK_DIR
constexpr const char* kWorkDir = TEMPOGRAPH_BENCH_WORK_DIR;
#else
constexpr const char* kWorkDir = "";
#endif

const char* const kUsage =
    "usage: tag_throughput SHARED_DIR [options]\n"
    "\n"
    "Times `tempograph tag --format jsonl` over the TempEval-3 silver + TBAQ (TimeBank, AQUAINT)\n"
    "TimeML files on one CPU and compares it with chrono-node on the same texts.\n"
    "SHARED_DIR is the shared data folder, its corpora/ folder, or corpora/tempeval3.\n"
    "\n"
    "options:\n"
    "  --tempograph PATH     the tempograph binary (default: the one built with this bench)\n"
    "  --repeat N            timed runs of each tool (default 3); best and median are reported\n"
    "  --cpu N               the CPU both tools are pinned to (default: the first allowed, ~0)\n"
    "  --work-dir DIR        where texts, outputs and node_modules go (default: build/bench)\n"
    "  --chrono-script PATH  chrono_bench.mjs (default: next to this source file)\n"
    "  --no-chrono           do not install or run chrono-node\n";

struct Options {
  fs::path shared;
  fs::path tempograph;
  fs::path work_dir;
  fs::path chrono_script;
  int repeat = 3;
  std::optional<int> cpu;
  bool chrono = true;
};

Options parse_options(int argc, char** argv) {
  Options options;
  std::vector<std::string_view> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) fail(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (arg == "--tempograph") {
      options.tempograph = value();
    } else if (arg == "--repeat") {
      options.repeat = parse_int(value(), "--repeat");
      if (options.repeat < 1) fail("--repeat must be at least 1");
    } else if (arg == "--cpu") {
      options.cpu = parse_int(value(), "--cpu");
    } else if (arg == "--work-dir") {
      options.work_dir = value();
    } else if (arg == "--chrono-script") {
      options.chrono_script = value();
    } else if (arg == "--no-chrono") {
      options.chrono = false;
    } else if (arg.starts_with("-")) {
      fail("unknown option " + std::string(arg) + "\n" + kUsage);
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() != 1) fail(std::string("expected one SHARED_DIR\n") + kUsage);
  options.shared = positional.front();

  if (options.tempograph.empty()) {
    for (const fs::path& candidate : {fs::path(kBuiltCli), self_dir() / "tempograph",
                                      self_dir().parent_path() / "tempograph"}) {
      if (!candidate.empty() && ::access(candidate.c_str(), X_OK) == 0) {
        options.tempograph = candidate;
        break;
      }
    }
    if (options.tempograph.empty()) fail("cannot find the tempograph binary; pass --tempograph");
  } else if (::access(options.tempograph.c_str(), X_OK) != 0) {
    fail(options.tempograph.string() + ": not an executable");
  }
  if (options.work_dir.empty()) {
    options.work_dir = *kWorkDir ? fs::path(kWorkDir) : self_dir();
  }
  if (options.chrono_script.empty()) {
    options.chrono_script = fs::path(*kSourceDir ? kSourceDir : ".") / "chrono_bench.mjs";
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Corpus

struct Corpus {
  std::vector<fs::path> inputs;  // folders passed to `tempograph tag`
  std::size_t files = 0;
  std::size_t file_bytes = 0;
  std::size_t text_bytes = 0;
  std::size_t unreadable = 0;
};

// Reads every .tml file, sums its bytes and its TEXT bytes, and writes {"id","dct","text"} per
// document to `texts` for chrono-node.
Corpus read_corpus(const fs::path& tempeval3, const fs::path& texts) {
  Corpus corpus;
  for (const fs::path& dir :
       {tempeval3 / "silver", tempeval3 / "tbaq" / "TimeBank", tempeval3 / "tbaq" / "AQUAINT"}) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) {
      corpus.inputs.push_back(dir);
    } else {
      std::cerr << "tag_throughput: warning: " << dir.string() << " is missing; benchmarking "
                << "without it\n";
    }
  }
  std::ofstream out(texts, std::ios::binary);
  if (!out) fail(texts.string() + ": cannot write");
  for (const auto& dir : corpus.inputs) {
    for (const auto& file : timeml_files(dir)) {
      const std::string content = read_file(file);
      ++corpus.files;
      corpus.file_bytes += content.size();
      auto parsed = tempograph::parse_timeml(content, file.string());
      if (const auto* problem = std::get_if<tempograph::LoadProblem>(&parsed)) {
        ++corpus.unreadable;
        std::cerr << "tag_throughput: warning: " << problem->describe() << '\n';
        continue;
      }
      const auto& doc = std::get<tempograph::TimeMLContent>(parsed).document;
      corpus.text_bytes += doc.text.size();
      const nlohmann::json line = {{"id", doc.id}, {"dct", doc.dct.iso()}, {"text", doc.text}};
      out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  }
  if (!out.flush()) fail(texts.string() + ": write failed");
  if (corpus.files == 0) fail(tempeval3.string() + ": no .tml files found");
  return corpus;
}

std::size_t count_lines(const fs::path& path) {
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// ---------------------------------------------------------------------------------------------
// The two tools

struct TagFigures {
  Stats wall;
  double cpu_s_at_best = 0;
  long peak_rss_kib = 0;  // largest over the timed runs
  std::size_t expressions = 0;
};

// `tempograph tag` over `inputs`; `name` tells its files in the work folder apart, and each run's
// rate is given over `bytes` (`what`).
TagFigures bench_tempograph(const Options& options, const std::vector<fs::path>& inputs,
                            const std::string& name, std::size_t bytes, const std::string& what,
                            int cpu) {
  const fs::path err = options.work_dir / (name + ".stderr");
  const fs::path help = options.work_dir / "tempograph_tag_help.txt";
  const std::string exe = fs::absolute(options.tempograph).string();

  std::vector<std::string> args = {exe, "tag", "--format", "jsonl"};
  // One thread on one CPU: --jobs 1 where the CLI has it.
  run({exe, "tag", "--help"}, std::nullopt, help.string(), "/dev/null");
  if (read_file(help).find("--jobs") != std::string::npos) {
    args.insert(args.end(), {"--jobs", "1"});
  }
  for (const auto& input : inputs) args.push_back(input.string());

  std::cout << "command: taskset -c " << cpu;
  for (const auto& a : args) std::cout << ' ' << a;
  std::cout << " >/dev/null\n";

  // Untimed first run: counts the expressions and warms the page cache.
  const fs::path jsonl = options.work_dir / (name + ".jsonl");
  const RunResult first = run(args, cpu, jsonl.string(), err.string());
  if (first.exit_code != 0) {
    fail("tempograph tag exited with " + std::to_string(first.exit_code) + ":\n" + tail_of(err));
  }
  TagFigures figures;
  figures.expressions = count_lines(jsonl);
  std::cout << "warm-up run (output to " << jsonl.string() << "): " << fixed(first.wall_s, 3)
            << " s, " << figures.expressions << " expressions; stderr: " << tail_of(err);

  std::vector<double> walls;
  double best = 1e300;
  for (int i = 0; i < options.repeat; ++i) {
    const RunResult r = run(args, cpu, "/dev/null", err.string());
    if (r.exit_code != 0) {
      fail("tempograph tag exited with " + std::to_string(r.exit_code) + ":\n" + tail_of(err));
    }
    std::cout << "  run " << i + 1 << ": " << fixed(r.wall_s, 3) << " s wall, " << fixed(r.cpu_s, 3)
              << " s cpu (user+sys), peak RSS " << mib(r.peak_rss_kib) << ", "
              << rate(bytes, r.wall_s) << " over " << what << '\n';
    walls.push_back(r.wall_s);
    figures.peak_rss_kib = std::max(figures.peak_rss_kib, r.peak_rss_kib);
    if (r.wall_s < best) {
      best = r.wall_s;
      figures.cpu_s_at_best = r.cpu_s;
    }
  }
  figures.wall = stats(walls);
  return figures;
}

// Where the JSON Lines run's time goes: the CLI's fixed cost (start-up and loading the rules, over
// a one-line input) and the recognizer alone over the texts already in memory, in this process
// (this build's core library and assets), pinned to the same CPU.
struct Breakdown {
  Stats fixed;
  Stats recognition;
  std::size_t expressions = 0;
};

Breakdown bench_breakdown(const Options& options, const fs::path& texts, int cpu) {
  Breakdown b;
  const fs::path one_line = options.work_dir / "one_line.jsonl";
  {
    std::ofstream out(one_line);
    out << R"({"id":"one","date":"2000-01-03","text":"Nothing is dated here."})" << '\n';
    if (!out) fail(one_line.string() + ": cannot write");
  }
  const fs::path err = options.work_dir / "one_line.stderr";
  const std::vector<std::string> args = {fs::absolute(options.tempograph).string(),
                                         "tag",
                                         "--format",
                                         "jsonl",
                                         "--jobs",
                                         "1",
                                         one_line.string()};
  std::vector<double> walls;
  for (int i = 0; i < 2 * options.repeat + 1; ++i) {
    const RunResult r = run(args, cpu, "/dev/null", err.string());
    if (r.exit_code != 0)
      fail("tempograph tag exited with " + std::to_string(r.exit_code) + ":\n" + tail_of(err));
    if (i > 0) walls.push_back(r.wall_s);  // the first warms the page cache
  }
  b.fixed = stats(walls);

  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    std::cout << "note: could not pin this process to CPU " << cpu << '\n';
  const auto loaded = tempograph::load_documents({texts}, tempograph::LoadOptions{});
  const auto recognizer = tempograph::TimexRecognizer::load(tempograph::default_assets_dir());
  std::vector<double> times;
  for (int i = 0; i < 2 * options.repeat + 1; ++i) {
    std::size_t found = 0;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& doc : loaded.documents) found += recognizer.find(doc.text, doc.dct).size();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    b.expressions = found;
    if (i > 0) times.push_back(took.count());  // the first warms the caches
  }
  b.recognition = stats(times);
  return b;
}

struct ChronoFigures {
  Stats seconds;
  double first_s = 0;  // the first pass, before V8 has optimized chrono's code
  std::size_t text_bytes = 0;
  std::size_t results = 0;
  std::size_t documents = 0;
  std::string version;
  long peak_rss_kib = 0;
};

std::optional<ChronoFigures> bench_chrono(const Options& options, const fs::path& texts, int cpu) {
  if (!options.chrono) {
    std::cout << "chrono-node: skipped (--no-chrono)\n";
    return std::nullopt;
  }
  if (!on_path("node")) {
    std::cout << "chrono-node: skipped: node is not installed (bash .ci/setup-debian installs "
                 "nodejs and npm)\n";
    return std::nullopt;
  }
  if (!fs::exists(options.chrono_script)) {
    std::cout << "chrono-node: skipped: " << options.chrono_script.string() << " not found\n";
    return std::nullopt;
  }
  const fs::path modules = options.work_dir / "node_modules";
  if (!fs::exists(modules / "chrono-node" / "package.json")) {
    if (!on_path("npm")) {
      std::cout << "chrono-node: skipped: npm is not installed (bash .ci/setup-debian installs "
                   "nodejs and npm)\n";
      return std::nullopt;
    }
    const fs::path log = options.work_dir / "npm_install.log";
    std::cout << "chrono-node: npm install --prefix " << options.work_dir.string()
              << " chrono-node@2 ...\n"
              << std::flush;
    const RunResult npm = run({"npm", "install", "--prefix", options.work_dir.string(),
                               "--no-audit", "--no-fund", "--loglevel=error", "chrono-node@2"},
                              std::nullopt, log.string(), log.string());
    if (npm.exit_code != 0 || !fs::exists(modules / "chrono-node" / "package.json")) {
      std::cout << "chrono-node: skipped: npm install failed (offline?); see " << log.string()
                << ":\n"
                << tail_of(log, 600) << '\n';
      return std::nullopt;
    }
  }
  const fs::path out = options.work_dir / "chrono_bench.json";
  const fs::path err = options.work_dir / "chrono_bench.stderr";
  const RunResult r = run({"node", options.chrono_script.string(), modules.string(), texts.string(),
                           "--repeat", std::to_string(options.repeat)},
                          cpu, out.string(), err.string());
  const std::string printed = read_file(out);
  std::cout << tail_of(err);
  if (r.exit_code != 0) {
    std::cout << "chrono-node: skipped: node exited with " << r.exit_code << ":\n"
              << printed << '\n';
    return std::nullopt;
  }
  try {
    // The last line is the machine-readable summary.
    std::string last = printed;
    while (!last.empty() && last.back() == '\n') last.pop_back();
    if (const auto nl = last.rfind('\n'); nl != std::string::npos) last = last.substr(nl + 1);
    const auto j = nlohmann::json::parse(last);
    ChronoFigures figures;
    figures.version = j.at("version").get<std::string>();
    figures.documents = j.at("documents").get<std::size_t>();
    figures.text_bytes = j.at("text_bytes").get<std::size_t>();
    figures.results = j.at("results").get<std::size_t>();
    const auto passes = j.at("pass_seconds").get<std::vector<double>>();
    if (passes.empty()) throw std::runtime_error("no passes");
    figures.seconds = stats(passes);
    figures.first_s = passes.front();
    figures.peak_rss_kib = r.peak_rss_kib;
    return figures;
  } catch (const std::exception& e) {
    std::cout << "chrono-node: skipped: cannot read its output (" << e.what() << "):\n"
              << printed << '\n';
    return std::nullopt;
  }
}

}  // namespace

int main(int argc, char** argv) {
  program_name = "tag_throughput";
  const Options options = parse_options(argc, argv);
  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec) fail(options.work_dir.string() + ": cannot create: " + ec.message());
  const int cpu = options.cpu.value_or(first_allowed_cpu());

  std::cout << "tempograph tag throughput benchmark\n"
            << "load average at start: " << load_average() << '\n'
            << "tempograph: " << options.tempograph.string() << '\n';

  const fs::path tempeval3 = find_tempeval3(options.shared);
  const fs::path texts = options.work_dir / "bench_texts.jsonl";
  const Corpus corpus = read_corpus(tempeval3, texts);
  std::cout << "corpus: " << tempeval3.string() << ": " << corpus.files << " .tml files, "
            << mb(corpus.file_bytes) << " of files, " << mb(corpus.text_bytes)
            << " of TEXT (tags removed, entities decoded)";
  if (corpus.unreadable) std::cout << ", " << corpus.unreadable << " unreadable";
  std::cout << "\ntexts for chrono-node: " << texts.string() << "\n\n";

  std::cout << "== tempograph tag (whole CLI run, pinned to CPU " << cpu << ") ==\n";
  const TagFigures tag = bench_tempograph(options, corpus.inputs, "tempograph_tag",
                                          corpus.file_bytes, "file bytes", cpu);
  std::cout << "load average after tempograph: " << load_average() << "\n\n";
  // The same text chrono-node is given, as JSON Lines: what the engine does without the TimeML.
  std::cout << "== tempograph tag over the same text as chrono-node (JSON Lines, " << texts.string()
            << ") ==\n";
  const TagFigures tag_text = bench_tempograph(options, {texts}, "tempograph_tag_texts",
                                               corpus.text_bytes, "TEXT bytes", cpu);
  if (tag_text.expressions != tag.expressions) {
    std::cout << "warning: " << tag_text.expressions << " expressions from the texts, "
              << tag.expressions << " from the .tml files\n";
  }
  std::cout << "load average after tempograph: " << load_average() << "\n\n";

  std::cout << "== where that run's time goes (pinned to CPU " << cpu << ") ==\n" << std::flush;
  const Breakdown breakdown = bench_breakdown(options, texts, cpu);
  std::cout << "fixed cost, the CLI over a one-line input: best " << fixed(breakdown.fixed.best, 4)
            << " s, median " << fixed(breakdown.fixed.median, 4) << " s\n"
            << "recognition alone, in process: best " << fixed(breakdown.recognition.best, 4)
            << " s, median " << fixed(breakdown.recognition.median, 4) << " s, "
            << breakdown.expressions << " expressions\n\n";

  std::cout << "== chrono-node (chrono.parse only, texts preloaded, pinned to CPU " << cpu
            << ") ==\n"
            << std::flush;
  const auto chrono = bench_chrono(options, texts, cpu);
  if (chrono) {
    std::cout << "chrono-node " << chrono->version << ": " << chrono->documents << " documents, "
              << mb(chrono->text_bytes) << " of text, " << chrono->results << " results; best pass "
              << fixed(chrono->seconds.best, 3) << " s, median " << fixed(chrono->seconds.median, 3)
              << " s; node peak RSS " << mib(chrono->peak_rss_kib) << '\n';
    if (chrono->text_bytes != corpus.text_bytes) {
      std::cout << "warning: chrono-node saw " << chrono->text_bytes << " text bytes, expected "
                << corpus.text_bytes << '\n';
    }
  }

  const double tag_text_rate = static_cast<double>(corpus.text_bytes) / kMB / tag.wall.best;
  const double tag_file_rate = static_cast<double>(corpus.file_bytes) / kMB / tag.wall.best;
  std::cout << "\n== summary (MB = 10^6 bytes; best of " << options.repeat << ", median in [])"
            << " ==\n"
            << "tempograph tag: " << mb(corpus.file_bytes) << " of .tml files ("
            << mb(corpus.text_bytes) << " of TEXT) in " << fixed(tag.wall.best, 3) << " s ["
            << fixed(tag.wall.median, 3) << " s] on one core\n"
            << "                = " << rate(corpus.file_bytes, tag.wall.best)
            << " over file bytes [" << rate(corpus.file_bytes, tag.wall.median) << "], "
            << rate(corpus.text_bytes, tag.wall.best) << " over TEXT bytes ["
            << rate(corpus.text_bytes, tag.wall.median) << "]\n"
            << "                whole CLI run (start-up, reading + TimeML parsing, recognition, "
            << "JSON Lines to /dev/null);\n"
            << "                " << tag.expressions << " expressions, cpu "
            << fixed(tag.cpu_s_at_best, 3) << " s at best, peak RSS " << mib(tag.peak_rss_kib)
            << '\n'
            << "  same text as JSON Lines: " << fixed(tag_text.wall.best, 3) << " s ["
            << fixed(tag_text.wall.median, 3)
            << " s] = " << rate(corpus.text_bytes, tag_text.wall.best) << " over TEXT bytes ["
            << rate(corpus.text_bytes, tag_text.wall.median) << "], peak RSS "
            << mib(tag_text.peak_rss_kib) << '\n';
  const double rest = tag_text.wall.best - breakdown.fixed.best - breakdown.recognition.best;
  std::cout << "  of which:      " << fixed(breakdown.fixed.best * 1e3, 1)
            << " ms fixed (start-up, loading the rules: the CLI over a one-line input),\n"
            << "                " << fixed(breakdown.recognition.best * 1e3, 1)
            << " ms recognition (" << rate(corpus.text_bytes, breakdown.recognition.best)
            << " over TEXT bytes in process, texts in memory),\n"
            << "                about " << fixed(rest * 1e3, 1)
            << " ms the rest (reading and checking the JSON Lines, writing the output)\n";
  const double texts_rate = static_cast<double>(corpus.text_bytes) / kMB / tag_text.wall.best;
  if (chrono) {
    const double chrono_rate = static_cast<double>(chrono->text_bytes) / kMB / chrono->seconds.best;
    const double ratio = tag_text_rate / chrono_rate;
    const double cold_ratio =
        tag_text_rate / (static_cast<double>(chrono->text_bytes) / kMB / chrono->first_s);
    std::cout << "chrono-node:    " << rate(chrono->text_bytes, chrono->seconds.best)
              << " over TEXT bytes [" << rate(chrono->text_bytes, chrono->seconds.median)
              << "; first, cold pass " << rate(chrono->text_bytes, chrono->first_s)
              << "], chrono.parse(text, DCT) only; " << chrono->results << " results\n"
              << "ratio:          " << fixed(ratio, 1) << "x against chrono-node's best pass ("
              << fixed(cold_ratio, 1) << "x against its first pass)\n"
              << "                = tempograph MB/s over TEXT bytes (whole CLI run) / chrono-node "
                 "MB/s over TEXT bytes (parse only)\n"
              << "                like for like, both over the same text: "
              << fixed(texts_rate / chrono_rate, 1)
              << "x (tempograph's whole CLI run over the JSON Lines texts)\n"
              << "                (mixed units, not like for like: tempograph MB/s over file "
                 "bytes / chrono-node MB/s over TEXT bytes = "
              << fixed(tag_file_rate / chrono_rate, 1) << "x)\n"
              << "targets:        >= 100 MB/s: " << (tag_file_rate >= 100 ? "met" : "NOT met")
              << " over file bytes, " << (tag_text_rate >= 100 ? "met" : "NOT met")
              << " over TEXT bytes (" << (texts_rate >= 100 ? "met" : "NOT met")
              << " with the texts as JSON Lines);  >= 20x chrono-node: "
              << (ratio >= 20 ? "met" : "NOT met") << '\n';
  } else {
    std::cout << "chrono-node:    not run (see above)\n"
              << "targets:        >= 100 MB/s: " << (tag_file_rate >= 100 ? "met" : "NOT met")
              << " over file bytes, " << (tag_text_rate >= 100 ? "met" : "NOT met")
              << " over TEXT bytes (" << (texts_rate >= 100 ? "met" : "NOT met")
              << " with the texts as JSON Lines);  >= 20x chrono-node: not measured\n";
  }
  std::cout << "load average at end: " << load_average() << '\n';
  return 0;
}
