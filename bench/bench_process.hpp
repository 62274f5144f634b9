// Helpers shared by the benchmark drivers (tag_throughput, build_throughput): running the CLI as
// a child process with its wall time and peak RSS, the machine's load, simple statistics and
// number formatting, and finding the TempEval-3 corpora in the shared data folder.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph::bench {

namespace fs = std::filesystem;

inline constexpr double kMB = 1e6;  // rates are in MB = 10^6 bytes; RSS in MiB

// The name `fail` prints before its message; each driver sets it first thing in main.
inline std::string_view program_name = "bench";

// Prints "PROGRAM: message" to stderr and exits with status 2.
[[noreturn]] void fail(const std::string& message);

fs::path self_dir();  // the folder of the running executable
int parse_int(std::string_view text, std::string_view what);  // fails unless all digits

// ---------------------------------------------------------------------------------------------
// Child processes

struct RunResult {
  int exit_code = -1;  // -1 when killed by a signal or not started
  int signal = 0;      // the signal that killed it, if one did
  double wall_s = 0;
  double cpu_s = 0;       // user + system
  long peak_rss_kib = 0;  // ru_maxrss
  int pid = 0;
  bool stopped = false;  // `watch` said stop, and the child was killed
};

// Runs argv (argv[0] looked up in PATH when it has no '/'), allowed to run only on `cpus` (every
// CPU when empty), with stdout and stderr sent to the given files ("/dev/null" to discard).
// With `watch`, it is called with the child's pid about every 50 ms while the child runs; when it
// returns false the child is killed (SIGKILL).
RunResult run(const std::vector<std::string>& args, const std::vector<int>& cpus,
              const std::string& stdout_path, const std::string& stderr_path,
              const std::function<bool(int pid)>& watch = {});
// The same, pinned to one CPU (or not pinned).
RunResult run(const std::vector<std::string>& args, std::optional<int> cpu,
              const std::string& stdout_path, const std::string& stderr_path);

bool on_path(const std::string& program);

// ---------------------------------------------------------------------------------------------
// Files and the machine

std::string read_file(const fs::path& path);  // "" when unreadable
std::string tail_of(const fs::path& path, std::size_t max = 2000);

// "0.52 0.48 0.61 (1, 5, 15 min)", or "unknown".
std::string load_average();
// The 1-minute load average; nullopt when /proc/loadavg cannot be read.
std::optional<double> load_average_1min();
int online_cpus();  // at least 1

std::vector<int> allowed_cpus();  // this process's affinity set, in order (never empty)
int first_allowed_cpu();

// Whole-machine CPU time from /proc/stat, to tell how much of it others used during a run.
struct CpuTimes {
  double busy_s = 0;   // user + nice + system + irq + softirq + steal
  double total_s = 0;  // busy + idle + iowait
};
CpuTimes machine_cpu_times();

// ---------------------------------------------------------------------------------------------
// Statistics and printing

struct Stats {
  double best = 0;
  double median = 0;
};
Stats stats(std::vector<double> values);  // values must not be empty

std::string fixed(double value, int decimals);
std::string mb(std::size_t bytes);                    // "31.02 MB"
std::string rate(std::size_t bytes, double seconds);  // "290.1 MB/s"
std::string mib(long kib);                            // "11.7 MiB"

// ---------------------------------------------------------------------------------------------
// Corpora

// SHARED/corpora/tempeval3 (or SHARED itself, or SHARED/tempeval3, whichever holds silver/ or
// tbaq/); fails with a message when there is none.
fs::path find_tempeval3(const fs::path& shared);
std::vector<fs::path> timeml_files(const fs::path& dir);  // every .tml below dir, sorted

}  // namespace tempograph::bench
