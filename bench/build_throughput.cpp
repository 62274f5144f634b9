// Throughput and memory benchmark of `tempograph build`. See bench/README.md.
//
//   build_throughput SHARED_DIR [--tempograph PATH] [--repeat N] [--cpu N] [--stream-mb N]
//                               [--work-dir DIR] [--keep] [--no-throughput]
//
// 1. `tempograph build -j 1` over the TempEval-3 silver corpus, pinned to one CPU, and `-j 2`
//    allowed two CPUs: wall time of the whole CLI process, rates over file and text bytes, the
//    speed-up, and whether both write the same bytes.
// 2. Streaming: a JSON Lines corpus of the given size made from the silver texts, through
//    `tempograph build FILE -o OUT` and through `build --jsonl` + `merge`: wall time, peak RSS
//    (wait4), output sizes, and whether the two outputs are the same bytes.
#include "bench_process.hpp"
#include "tempograph/document.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using namespace tempograph::bench;

#ifdef TEMPOGRAPH_CLI
constexpr const char* kBuiltCli = TEMPOGRAPH_CLI;
#else
constexpr const char* kBuiltCli = "";
#endif
#ifdef TEMPOGRAPH_BENCH_WORK_DIR
constexpr const char* kWorkDir = TEMPOGRAPH_BENCH_WORK_DIR;
#else
constexpr const char* kWorkDir = "";
#endif

constexpr double kRateTarget = 30;        // MB/s, `build -j 1` on one core
constexpr double kSpeedupTarget = 1.7;    // `-j 2` against `-j 1`
constexpr double kRssTargetBytes = 1e9;   // peak RSS of the streaming build: under 1 GB
constexpr double kBusyLoadPerCore = 0.5;  // 1-minute load average per core
// Free space the streaming part needs, in multiples of the JSON Lines file: the timeline and the
// parts are each about 2.5x the input, the spool of document texts beside a timeline 1.3x; the
// disk holds at most the input, the merged timeline and the build's timeline and spool (7.4x), or
// with --keep also the parts (10x). Plus the floor below which a step is stopped.
constexpr std::uint64_t kDiskFactor = 8;
constexpr std::uint64_t kDiskFactorKeep = 11;
constexpr std::uint64_t kDiskFloor = 2'000'000'000;
constexpr std::string_view kStreamPrefix = "build_stream";

const char* const kUsage =
    "usage: build_throughput SHARED_DIR [options]\n"
    "\n"
    "Times `tempograph build` over the TempEval-3 silver TimeML corpus with -j 1 on one CPU and\n"
    "-j 2 on two, then streams a generated JSON Lines corpus through `tempograph build` and\n"
    "through `build --jsonl` + `merge`, measuring wall time and peak RSS.\n"
    "SHARED_DIR is the shared data folder, its corpora/ folder, or corpora/tempeval3.\n"
    "\n"
    "options:\n"
    "  --tempograph PATH  the tempograph binary (default: the one built with this bench)\n"
    "  --repeat N         timed runs of -j 1 and of -j 2 (default 5); best and median reported\n"
    "  --cpu N            the CPU -j 1 is pinned to (default: the first allowed); -j 2 gets it\n"
    "                     and the next allowed one\n"
    "  --stream-mb N      size of the generated JSON Lines file in MB (10^6 bytes; default 1024;\n"
    "                     0 skips the streaming part)\n"
    "  --work-dir DIR     where outputs and the generated file go (default: build/bench)\n"
    "  --keep             keep the generated file and the outputs (default: deleted at the end)\n"
    "  --no-throughput    skip the -j 1 / -j 2 part\n";

struct Options {
  fs::path shared;
  fs::path tempograph;
  fs::path work_dir;
  int repeat = 5;
  std::optional<int> cpu;
  int stream_mb = 1024;
  bool keep = false;
  bool throughput = true;
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
    } else if (arg == "--stream-mb") {
      options.stream_mb = parse_int(value(), "--stream-mb");
      if (options.stream_mb < 0) fail("--stream-mb must not be negative");
    } else if (arg == "--work-dir") {
      options.work_dir = value();
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (arg == "--no-throughput") {
      options.throughput = false;
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
  return options;
}

// ---------------------------------------------------------------------------------------------
// The machine

// The 1-minute load average, and whether it says the machine is too busy for figures to mean much.
struct Load {
  std::optional<double> one_min;
  bool busy = false;
};

Load machine_load() {
  Load load;
  load.one_min = load_average_1min();
  load.busy = load.one_min && *load.one_min >= kBusyLoadPerCore * online_cpus();
  return load;
}

std::string describe(const Load& load) {
  if (!load.one_min) return "load unknown";
  return "load " + fixed(*load.one_min, 2) + " (" + fixed(*load.one_min / online_cpus(), 2) +
         " per core" + (load.busy ? ", BUSY)" : ")");
}

// A run of the CLI with the machine around it: the load before, and how much of the machine's CPU
// time during the run went to other processes.
struct Measured {
  RunResult result;
  Load load_before;
  double others_share = 0;       // 0..1 of all CPUs' time during the run
  std::uint64_t disk_bytes = 0;  // most disk held by its open files at once (when watched)
};

Measured measure(const std::vector<std::string>& args, const std::vector<int>& cpus,
                 const std::string& stdout_path, const std::string& stderr_path,
                 const std::function<bool(int pid)>& watch = {}) {
  Measured m;
  m.load_before = machine_load();
  const CpuTimes before = machine_cpu_times();
  m.result = run(args, cpus, stdout_path, stderr_path, watch);
  const CpuTimes after = machine_cpu_times();
  const double total = after.total_s - before.total_s;
  if (total > 0) {
    const double others = after.busy_s - before.busy_s - m.result.cpu_s;
    m.others_share = std::clamp(others / total, 0.0, 1.0);
  }
  return m;
}

std::string describe(const Measured& m) {
  return fixed(m.result.wall_s, 3) + " s wall, " + fixed(m.result.cpu_s, 3) + " s cpu, peak RSS " +
         mib(m.result.peak_rss_kib) + "; " + describe(m.load_before) + " before, others used " +
         fixed(100 * m.others_share, 0) + "% of the CPUs during it";
}

std::string command_line(const std::vector<std::string>& args) {
  std::string line;
  for (const auto& a : args) {
    if (!line.empty()) line += ' ';
    line += a;
  }
  return line;
}

std::string cpu_list(const std::vector<int>& cpus) {
  std::string list;
  for (const int cpu : cpus) {
    if (!list.empty()) list += ',';
    list += std::to_string(cpu);
  }
  return list;
}

std::uintmax_t size_of(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? 0 : size;
}

// Compares two files without holding them in memory: "" when byte-identical, else how they differ.
std::string difference(const fs::path& a, const fs::path& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fa) return "cannot read " + a.string();
  if (!fb) return "cannot read " + b.string();
  std::vector<char> ba(1 << 20), bb(1 << 20);
  std::uintmax_t offset = 0;
  for (;;) {
    fa.read(ba.data(), static_cast<std::streamsize>(ba.size()));
    fb.read(bb.data(), static_cast<std::streamsize>(bb.size()));
    const auto na = static_cast<std::size_t>(fa.gcount());
    const auto nb = static_cast<std::size_t>(fb.gcount());
    const std::size_t n = std::min(na, nb);
    const auto mismatch =
        std::mismatch(ba.begin(), ba.begin() + static_cast<std::ptrdiff_t>(n), bb.begin());
    if (mismatch.first != ba.begin() + static_cast<std::ptrdiff_t>(n)) {
      return "they differ at byte " +
             std::to_string(offset + static_cast<std::uintmax_t>(mismatch.first - ba.begin()));
    }
    if (na != nb) {
      return "one is a prefix of the other (" + std::to_string(size_of(a)) + " and " +
             std::to_string(size_of(b)) + " bytes)";
    }
    if (na == 0) return "";
    offset += na;
  }
}

void remove_file(const fs::path& path) {
  std::error_code ec;
  fs::remove(path, ec);
}

// ---------------------------------------------------------------------------------------------
// The silver corpus

struct Silver {
  fs::path dir;
  std::size_t files = 0;
  std::size_t file_bytes = 0;
  std::size_t text_bytes = 0;
  std::vector<tempograph::Document> documents;
  std::size_t problems = 0;
};

Silver load_silver(const fs::path& shared) {
  Silver silver;
  silver.dir = find_tempeval3(shared) / "silver";
  std::error_code ec;
  if (!fs::is_directory(silver.dir, ec)) fail(silver.dir.string() + ": not a folder");
  for (const auto& file : timeml_files(silver.dir)) {
    ++silver.files;
    silver.file_bytes += static_cast<std::size_t>(size_of(file));
  }
  tempograph::LoadResult loaded = tempograph::load_documents({silver.dir.string()}, {});
  for (const auto& problem : loaded.problems) {
    std::cerr << "build_throughput: warning: " << problem.describe() << '\n';
  }
  silver.problems = loaded.problems.size();
  silver.documents = std::move(loaded.documents);
  for (const auto& doc : silver.documents) silver.text_bytes += doc.text.size();
  if (silver.documents.empty()) fail(silver.dir.string() + ": no documents");
  return silver;
}

// ---------------------------------------------------------------------------------------------
// Part 1: -j 1 on one CPU, -j 2 on two

struct Series {
  std::string name;
  std::vector<int> cpus;
  std::vector<Measured> runs;
  Stats wall;
  int busy_runs = 0;
  long peak_rss_kib = 0;
  double cpu_at_median = 0;
  double cpu_best = 0;  // the least CPU time of a run
};

void summarize(Series& s) {
  std::vector<double> walls;
  for (const auto& m : s.runs) {
    walls.push_back(m.result.wall_s);
    s.busy_runs += m.load_before.busy ? 1 : 0;
    s.peak_rss_kib = std::max(s.peak_rss_kib, m.result.peak_rss_kib);
  }
  s.wall = stats(walls);
  s.cpu_best = 1e300;
  for (const auto& m : s.runs) s.cpu_best = std::min(s.cpu_best, m.result.cpu_s);
  double nearest = 1e300;
  for (const auto& m : s.runs) {
    if (std::abs(m.result.wall_s - s.wall.median) < nearest) {
      nearest = std::abs(m.result.wall_s - s.wall.median);
      s.cpu_at_median = m.result.cpu_s;
    }
  }
}

struct ThroughputFigures {
  Series j1, j2;
  bool same_output = false;  // -j 1 and -j 2, and every timed run, wrote the same bytes
  std::uintmax_t output_bytes = 0;
};

ThroughputFigures bench_throughput(const Options& options, const Silver& silver) {
  const std::string exe = fs::absolute(options.tempograph).string();
  const int cpu = options.cpu.value_or(first_allowed_cpu());
  std::vector<int> two = {cpu};
  for (const int other : allowed_cpus()) {
    if (other != cpu) {
      two.push_back(other);
      break;
    }
  }
  if (two.size() < 2) {
    std::cout << "warning: only CPU " << cpu << " is allowed; -j 2 runs on one CPU too\n";
  }
  const fs::path reference = options.work_dir / "build_j1.json";
  const fs::path reference2 = options.work_dir / "build_j2.json";
  const fs::path timed = options.work_dir / "build_run.json";
  const fs::path err = options.work_dir / "build_run.stderr";
  const auto args = [&](int jobs, const fs::path& out) {
    return std::vector<std::string>{
        exe, "build", "-j", std::to_string(jobs), silver.dir.string(), "-o", out.string()};
  };

  ThroughputFigures f;
  f.j1.name = "-j 1";
  f.j1.cpus = {cpu};
  f.j2.name = "-j 2";
  f.j2.cpus = two;
  std::cout << "command (-j 1): taskset -c " << cpu_list(f.j1.cpus) << ' '
            << command_line(args(1, timed)) << '\n'
            << "command (-j 2): taskset -c " << cpu_list(f.j2.cpus) << ' '
            << command_line(args(2, timed)) << '\n';

  // Untimed runs: warm the page cache and keep each one's output to compare with.
  for (const auto& [series, out] : {std::pair{&f.j1, reference}, std::pair{&f.j2, reference2}}) {
    const int jobs = series == &f.j1 ? 1 : 2;
    const Measured m = measure(args(jobs, out), series->cpus, "/dev/null", err.string());
    if (m.result.exit_code != 0) {
      fail("tempograph build " + series->name + " exited with " +
           std::to_string(m.result.exit_code) + ":\n" + tail_of(err));
    }
    std::cout << "warm-up " << series->name << ": " << describe(m) << "; stderr: " << tail_of(err);
  }
  f.output_bytes = size_of(reference);
  std::string why = difference(reference, reference2);
  f.same_output = why.empty();
  std::cout << "-j 1 and -j 2 outputs (" << mb(static_cast<std::size_t>(f.output_bytes))
            << "): " << (f.same_output ? "byte-identical" : "DIFFERENT: " + why) << '\n';

  // Timed runs, -j 1 and -j 2 in turn so that a change in the machine's load hits both.
  for (int i = 0; i < options.repeat; ++i) {
    for (Series* series : {&f.j1, &f.j2}) {
      const int jobs = series == &f.j1 ? 1 : 2;
      // Each run writes a new file, as a first build does: replacing the previous run's output
      // would time the kernel freeing its pages (about 14 ms for 12 MB here), the same for
      // both series and nothing to do with threads.
      remove_file(timed);
      const Measured m = measure(args(jobs, timed), series->cpus, "/dev/null", err.string());
      if (m.result.exit_code != 0) {
        fail("tempograph build " + series->name + " exited with " +
             std::to_string(m.result.exit_code) + ":\n" + tail_of(err));
      }
      why = difference(reference, timed);
      std::cout << "  run " << i + 1 << ' ' << series->name << ": "
                << rate(silver.file_bytes, m.result.wall_s) << " over file bytes, " << describe(m)
                << (why.empty() ? "" : "; OUTPUT DIFFERS from -j 1: " + why) << '\n';
      if (!why.empty()) f.same_output = false;
      series->runs.push_back(m);
    }
  }
  summarize(f.j1);
  summarize(f.j2);
  if (!options.keep) {
    for (const auto& path : {reference, reference2, timed}) remove_file(path);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Part 2: streaming a large JSON Lines file

struct StreamFigures {
  std::uint64_t input_bytes = 0;
  std::uint64_t text_bytes = 0;
  std::size_t documents = 0;
  double generate_s = 0;
  Measured build, map, merge;
  std::uintmax_t output_bytes = 0, parts_bytes = 0, merged_bytes = 0;
  std::string difference;  // "" when the two outputs are byte-identical
  bool ok = false;         // every command succeeded
};

std::uint64_t free_bytes(const fs::path& dir) {
  struct statvfs fsinfo {};
  if (::statvfs(dir.c_str(), &fsinfo) != 0) return 0;
  return static_cast<std::uint64_t>(fsinfo.f_bavail) * fsinfo.f_frsize;
}

// Writes {"id","date","title","text"} lines made from the silver documents, the corpus repeated
// (ids "<id>-r<k>") until `target` bytes are written.
void generate(const Silver& silver, const fs::path& path, std::uint64_t target, StreamFigures& f) {
  // Everything but the id, serialized once: ,"date":...,"text":...,"title":...}
  std::vector<std::string> tails;
  for (const auto& doc : silver.documents) {
    nlohmann::json object = {{"title", doc.title.empty() ? doc.id : doc.title}, {"text", doc.text}};
    if (const std::string dct = doc.dct.iso(); !dct.empty()) object["date"] = dct;
    std::string tail = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    tail.front() = ',';
    tail += '\n';
    tails.push_back(std::move(tail));
  }
  const auto start = std::chrono::steady_clock::now();
  std::ofstream out(path, std::ios::binary);
  if (!out) fail(path.string() + ": cannot write");
  for (std::size_t k = 0; f.input_bytes < target; ++k) {
    for (std::size_t i = 0; i < silver.documents.size() && f.input_bytes < target; ++i) {
      const std::string head =
          "{\"id\":" + nlohmann::json(silver.documents[i].id + "-r" + std::to_string(k)).dump();
      out << head << tails[i];
      f.input_bytes += head.size() + tails[i].size();
      f.text_bytes += silver.documents[i].text.size();
      ++f.documents;
    }
  }
  if (!out.flush()) fail(path.string() + ": write failed (disk full?)");
  out.close();
  f.generate_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Bytes in the regular files `pid` has open for writing (its outputs and temporary files, even
// once unlinked, such as the spool of document texts); files it only reads are not counted.
std::uint64_t bytes_written_open(int pid) {
  std::uint64_t total = 0;
  const fs::path proc = fs::path("/proc") / std::to_string(pid);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(proc / "fd", ec)) {
    // fdinfo's "flags:" is the open mode in octal.
    std::istringstream info(read_file(proc / "fdinfo" / entry.path().filename()));
    std::string key;
    unsigned long flags = 0;
    while (info >> key && key != "flags:") {
    }
    if (!(info >> std::oct >> flags) || (flags & O_ACCMODE) == O_RDONLY) continue;
    struct stat st {};
    if (::stat(entry.path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::uint64_t>(st.st_size);
    }
  }
  return total;
}

std::string exit_status(const RunResult& r) {
  if (r.signal)
    return "killed by signal " + std::to_string(r.signal) + " (" + ::strsignal(r.signal) + ")";
  return "exit status " + std::to_string(r.exit_code);
}

// Removes what a killed `tempograph build/merge -o TARGET` left: its .TARGET.tmp-PID-N file.
void remove_temporaries(const fs::path& target, int pid) {
  const std::string prefix = "." + target.filename().string() + ".tmp-" + std::to_string(pid) + "-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
    if (entry.path().filename().string().starts_with(prefix)) remove_file(entry.path());
  }
}

std::optional<StreamFigures> bench_stream(const Options& options, const Silver& silver) {
  const std::uint64_t target = static_cast<std::uint64_t>(options.stream_mb) * 1000000;
  const std::uint64_t available = free_bytes(options.work_dir);
  std::cout << "free space in " << options.work_dir.string() << ": " << mb(available) << '\n';
  const std::uint64_t factor = options.keep ? kDiskFactorKeep : kDiskFactor;
  if (available < factor * target + kDiskFloor) {
    std::cout << "streaming: skipped: it needs " << factor << "x " << mb(target) << " + "
              << mb(kDiskFloor) << " free (the input, the outputs, the parts and the spool)\n";
    return std::nullopt;
  }
  const std::string exe = fs::absolute(options.tempograph).string();
  const auto file = [&](std::string_view suffix) {
    return options.work_dir / (std::string(kStreamPrefix) + std::string(suffix));
  };
  const fs::path input = file(".jsonl"), output = file("_timeline.json"),
                 parts = file("_parts.jsonl"), merged = file("_merged.json"), err = file(".stderr");
  struct Cleanup {
    std::vector<fs::path> paths;
    bool keep;
    ~Cleanup() {
      if (!keep) {
        for (const auto& p : paths) remove_file(p);
      }
    }
  } cleanup{{input, output, parts, merged}, options.keep};

  StreamFigures f;
  generate(silver, input, target, f);
  std::cout << "generated " << input.string() << ": " << mb(f.input_bytes) << ", " << f.documents
            << " documents (" << mb(f.text_bytes) << " of text), silver repeated "
            << fixed(
                   static_cast<double>(f.documents) / static_cast<double>(silver.documents.size()),
                   1)
            << " times, in " << fixed(f.generate_s, 1) << " s\n"
            << std::flush;

  // Each step is watched: the most disk its files held at once (outputs, parts and the spool of
  // document texts), and the child is killed before the disk fills (others share it).
  const auto step = [&](const char* what, const std::vector<std::string>& args,
                        const std::string& stdout_path, const fs::path& written, Measured& m) {
    std::cout << what << ": " << command_line(args)
              << (stdout_path == "/dev/null" ? "" : " > " + stdout_path) << '\n'
              << std::flush;
    std::uint64_t held = 0;
    m = measure(args, {}, stdout_path, err.string(), [&](int pid) {
      held = std::max(held, bytes_written_open(pid));
      return free_bytes(options.work_dir) >= kDiskFloor;
    });
    m.disk_bytes = held;
    std::cout << "  " << describe(m) << "\n  "
              << rate(static_cast<std::size_t>(f.input_bytes), m.result.wall_s)
              << " over input bytes; its files held up to " << mb(m.disk_bytes)
              << " of disk at once; stderr: " << tail_of(err, 600);
    if (m.result.exit_code == 0) return true;
    remove_temporaries(written, m.result.pid);
    if (m.result.stopped) {
      std::cout << "  STOPPED: free space fell below " << mb(kDiskFloor) << '\n';
    } else {
      std::cout << "  FAILED: " << exit_status(m.result) << '\n';
    }
    return false;
  };
  // The map and merge first, so that the parts can go before the build writes its timeline and
  // spool: the disk then holds at most the input, two timelines and one spool (about 7.4x the
  // input), not also the parts.
  const bool mapped =
      step("map", {exe, "build", "--jsonl", input.string()}, parts.string(), parts, f.map);
  f.parts_bytes = size_of(parts);
  const bool merged_ok =
      mapped && step("merge", {exe, "merge", parts.string(), "-o", merged.string()}, "/dev/null",
                     merged, f.merge);
  f.merged_bytes = size_of(merged);
  if (!options.keep) remove_file(parts);
  const bool built = step("build", {exe, "build", input.string(), "-o", output.string()},
                          "/dev/null", output, f.build);
  f.output_bytes = size_of(output);
  f.ok = merged_ok && built;
  std::cout << "sizes: input " << mb(f.input_bytes) << ", timeline " << mb(f.output_bytes)
            << ", parts " << mb(f.parts_bytes) << ", merged timeline " << mb(f.merged_bytes)
            << "; free space now " << mb(free_bytes(options.work_dir)) << '\n';
  f.difference = f.ok ? difference(output, merged) : "not compared (a command failed)";
  if (options.keep) {
    std::cout << "kept (--keep): " << input.string() << ", " << output.string() << ", "
              << parts.string() << ", " << merged.string() << '\n';
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Summary

void print_step(std::string_view name, const Measured& m, std::uint64_t input_bytes,
                std::string_view output_name, std::uintmax_t output_bytes) {
  std::cout << "  " << name << ": ";
  if (m.result.pid == 0) {
    std::cout << "not run\n";
    return;
  }
  const std::string state = m.result.stopped          ? "STOPPED (disk), "
                            : m.result.exit_code != 0 ? "FAILED (" + exit_status(m.result) + "), "
                                                      : "";
  std::cout << state << fixed(m.result.wall_s, 1) << " s wall ("
            << rate(static_cast<std::size_t>(input_bytes), m.result.wall_s) << " of input), "
            << fixed(m.result.cpu_s, 1) << " s cpu, peak RSS " << mib(m.result.peak_rss_kib) << ", "
            << output_name << ' ' << mb(static_cast<std::size_t>(output_bytes))
            << ", its files held up to " << mb(m.disk_bytes) << "; " << describe(m.load_before)
            << " before\n";
}

bool succeeded(const Measured& m) {
  return m.result.pid != 0 && m.result.exit_code == 0 && !m.result.stopped;
}

std::string met(bool ok) {
  return ok ? "met" : "NOT met";
}

void print_series(const Series& s, const Silver& silver) {
  std::cout << "build " << s.name << " (CPU " << cpu_list(s.cpus) << "): " << fixed(s.wall.best, 3)
            << " s best, " << fixed(s.wall.median, 3) << " s median\n"
            << "            = " << rate(silver.file_bytes, s.wall.best) << " over file bytes ["
            << rate(silver.file_bytes, s.wall.median) << "], "
            << rate(silver.text_bytes, s.wall.best) << " over text bytes ["
            << rate(silver.text_bytes, s.wall.median) << "]\n"
            << "            cpu (user+sys) " << fixed(s.cpu_at_median, 3)
            << " s at the median, least " << fixed(s.cpu_best, 3)
            << " s = " << rate(silver.file_bytes, s.cpu_best)
            << " of file bytes per CPU-second; peak RSS " << mib(s.peak_rss_kib);
  if (s.busy_runs) {
    std::cout << "; the machine was BUSY before " << s.busy_runs << " of " << s.runs.size()
              << " runs";
  }
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  program_name = "build_throughput";
  const Options options = parse_options(argc, argv);
  std::error_code ec;
  fs::create_directories(options.work_dir, ec);
  if (ec) fail(options.work_dir.string() + ": cannot create: " + ec.message());

  const Load start_load = machine_load();
  std::cout << "tempograph build throughput benchmark\n"
            << "load average at start: " << load_average() << "; " << online_cpus()
            << " CPUs online; " << describe(start_load) << '\n'
            << "tempograph: " << options.tempograph.string() << '\n';
  const Silver silver = load_silver(options.shared);
  std::cout << "corpus: " << silver.dir.string() << ": " << silver.files << " .tml files, "
            << mb(silver.file_bytes) << " of files, " << silver.documents.size() << " documents, "
            << mb(silver.text_bytes) << " of text (tags removed, entities "
            << "decoded)";
  if (silver.problems) std::cout << ", " << silver.problems << " problems";
  std::cout << "\n\n";

  std::optional<ThroughputFigures> throughput;
  if (options.throughput) {
    std::cout << "== tempograph build -j 1 (one CPU) and -j 2 (two CPUs), silver ==\n";
    throughput = bench_throughput(options, silver);
    std::cout << "load average after: " << load_average() << "\n\n";
  }
  std::optional<StreamFigures> stream;
  if (options.stream_mb > 0) {
    std::cout << "== streaming: " << options.stream_mb << " MB of JSON Lines ==\n";
    stream = bench_stream(options, silver);
    std::cout << "load average after: " << load_average() << "\n\n";
  }

  std::cout << "== summary (MB = 10^6 bytes, RSS in MiB) ==\n";
  if (throughput) {
    const auto& t = *throughput;
    std::cout << "best and [median] of " << options.repeat << " runs; whole CLI process "
              << "(start-up, assets, reading + TimeML parsing, analysis, merge, timeline.json)\n";
    print_series(t.j1, silver);
    print_series(t.j2, silver);
    const double best = t.j1.wall.best / t.j2.wall.best;
    const double median = t.j1.wall.median / t.j2.wall.median;
    const double file_best = static_cast<double>(silver.file_bytes) / kMB / t.j1.wall.best;
    const double file_median = static_cast<double>(silver.file_bytes) / kMB / t.j1.wall.median;
    const double text_best = static_cast<double>(silver.text_bytes) / kMB / t.j1.wall.best;
    std::cout << "speed-up -j 2 / -j 1: " << fixed(best, 2) << "x best, [" << fixed(median, 2)
              << "x median]\n"
              << "output: " << mb(static_cast<std::size_t>(t.output_bytes)) << "; -j 1 and -j 2 "
              << (t.same_output ? "byte-identical (every run)" : "NOT byte-identical") << '\n'
              << "targets: -j 1 >= " << kRateTarget << " MB/s: " << met(file_best >= kRateTarget)
              << " over file bytes (best), " << met(file_median >= kRateTarget) << " (median), "
              << met(text_best >= kRateTarget) << " over text bytes (best); "
              << "-j 2 >= " << kSpeedupTarget << "x -j 1: " << met(best >= kSpeedupTarget)
              << " (best), " << met(median >= kSpeedupTarget) << " (median)\n";
    if (t.j1.busy_runs || t.j2.busy_runs) {
      std::cout << "note: the machine was busy (1-minute load >= " << kBusyLoadPerCore
                << " per core) before " << t.j1.busy_runs + t.j2.busy_runs << " of "
                << t.j1.runs.size() + t.j2.runs.size()
                << " timed runs: these figures mean little; run again on an idle machine\n";
    }
  }
  if (stream) {
    const auto& s = *stream;
    const long rss_target_kib = static_cast<long>(kRssTargetBytes / 1024);
    std::cout << "streaming " << mb(s.input_bytes) << " of JSON Lines (" << s.documents
              << " documents, " << mb(s.text_bytes) << " of text):\n";
    print_step("build", s.build, s.input_bytes, "timeline", s.output_bytes);
    print_step("build --jsonl", s.map, s.input_bytes, "parts", s.parts_bytes);
    print_step("merge", s.merge, s.input_bytes, "timeline", s.merged_bytes);
    std::cout << "  map + merge output: "
              << (s.difference.empty() ? "byte-identical to build's"
                  : s.ok               ? "DIFFERENT: " + s.difference
                                       : s.difference)
              << '\n'
              << "targets: build peak RSS < 1 GB (" << mib(rss_target_kib)
              << "): " << met(succeeded(s.build) && s.build.result.peak_rss_kib < rss_target_kib)
              << "; merge peak RSS: "
              << met(succeeded(s.merge) && s.merge.result.peak_rss_kib < rss_target_kib) << '\n';
    if (s.build.load_before.busy || s.map.load_before.busy || s.merge.load_before.busy) {
      std::cout << "note: the machine was busy before some of these runs: times mean little\n";
    }
  }
  std::cout << "load average at end: " << load_average() << '\n';
  return 0;
}
