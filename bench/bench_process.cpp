// See bench_process.hpp.
#include "bench_process.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>
#include <thread>

namespace tempograph::bench {

void fail(const std::string& message) {
  std::cerr << program_name << ": " << message << '\n';
  std::exit(2);
}

fs::path self_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::current_path() : exe.parent_path();
}

int parse_int(std::string_view text, std::string_view what) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    fail(std::string(what) + ": not a number: '" + std::string(text) + "'");
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Child processes

RunResult run(const std::vector<std::string>& args, const std::vector<int>& cpus,
              const std::string& stdout_path, const std::string& stderr_path,
              const std::function<bool(int pid)>& watch) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int cpu : cpus) CPU_SET(cpu, &set);

  RunResult result;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) fail(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    // Only async-signal-safe calls from here to exec.
    if (!cpus.empty() && ::sched_setaffinity(0, sizeof set, &set) != 0) ::_exit(126);
    const int out = ::open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(126);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    ::close(out);
    ::close(err);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  result.pid = pid;
  int status = 0;
  rusage usage{};
  for (;;) {
    const pid_t done = ::wait4(pid, &status, watch ? WNOHANG : 0, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) fail(std::string("wait4: ") + std::strerror(errno));
    if (done == 0) {
      if (!result.stopped && !watch(pid)) {
        ::kill(pid, SIGKILL);
        result.stopped = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6;
  };
  result.cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  result.peak_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

RunResult run(const std::vector<std::string>& args, std::optional<int> cpu,
              const std::string& stdout_path, const std::string& stderr_path) {
  return run(args, cpu ? std::vector<int>{*cpu} : std::vector<int>{}, stdout_path, stderr_path);
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::string_view rest = path;
  while (!rest.empty()) {
    const auto colon = rest.find(':');
    const std::string_view dir = rest.substr(0, colon);
    if (!dir.empty() && ::access((fs::path(dir) / program).c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Files and the machine

std::string read_file(const fs::path& path) {
  std::string text;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

std::string tail_of(const fs::path& path, std::size_t max) {
  std::string text = read_file(path);
  if (text.size() > max) text = "..." + text.substr(text.size() - max);
  return text;
}

std::string load_average() {
  std::string text = read_file("/proc/loadavg");
  std::istringstream in(text);
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one.empty() ? "unknown" : one + " " + five + " " + fifteen + " (1, 5, 15 min)";
}

std::optional<double> load_average_1min() {
  std::istringstream in(read_file("/proc/loadavg"));
  double one = 0;
  if (!(in >> one)) return std::nullopt;
  return one;
}

int online_cpus() {
  const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<int>(n) : 1;
}

std::vector<int> allowed_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.empty()) cpus.push_back(0);
  return cpus;
}

int first_allowed_cpu() {
  return allowed_cpus().front();
}

CpuTimes machine_cpu_times() {
  // First line: "cpu  user nice system idle iowait irq softirq steal guest guest_nice" in ticks.
  std::istringstream in(read_file("/proc/stat"));
  std::string label;
  double ticks[8] = {};
  in >> label;
  for (double& t : ticks) in >> t;
  if (label != "cpu" || !in) return {};
  const double hz = static_cast<double>(std::max(1L, ::sysconf(_SC_CLK_TCK)));
  CpuTimes times;
  times.busy_s = (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]) / hz;
  times.total_s = times.busy_s + (ticks[3] + ticks[4]) / hz;
  return times;
}

// ---------------------------------------------------------------------------------------------
// Statistics and printing

Stats stats(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return {values.front(), n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2};
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string mb(std::size_t bytes) {
  return fixed(static_cast<double>(bytes) / kMB, 2) + " MB";
}

std::string rate(std::size_t bytes, double seconds) {
  const double r = static_cast<double>(bytes) / kMB / seconds;
  return fixed(r, r < 10 ? 2 : 1) + " MB/s";
}

std::string mib(long kib) {
  return fixed(static_cast<double>(kib) / 1024.0, 1) + " MiB";
}

// ---------------------------------------------------------------------------------------------
// Corpora

fs::path find_tempeval3(const fs::path& shared) {
  for (const fs::path& candidate :
       {shared / "corpora" / "tempeval3", shared / "tempeval3", shared}) {
    std::error_code ec;
    if (fs::is_directory(candidate / "silver", ec) || fs::is_directory(candidate / "tbaq", ec)) {
      return candidate;
    }
  }
  fail(shared.string() +
       ": no corpora/tempeval3/silver or corpora/tempeval3/tbaq here; pass the shared folder");
}

std::vector<fs::path> timeml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".tml") files.push_back(entry);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace tempograph::bench
