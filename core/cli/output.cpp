#include "output.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <system_error>
#include <vector>

namespace tempograph::cli {
namespace {

// errno is not always set when a stream fails (a short write, for one).
std::string last_error() {
  return errno ? std::strerror(errno) : "write failed";
}

}  // namespace

std::string one_line(std::string_view message) {
  std::string out(message);
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return out;
}

std::string canonical_key(const std::filesystem::path& p) {
  std::error_code ec;
  auto c = std::filesystem::weakly_canonical(p, ec);
  return ec ? std::filesystem::absolute(p, ec).lexically_normal().string() : c.string();
}

std::string file_stem(std::string_view id) {
  std::string stem;
  for (char c : id.substr(0, 200)) {
    const auto u = static_cast<unsigned char>(c);
    stem += (c == '/' || c == '\\' || u < 0x20 || u == 0x7F) ? '_' : c;
  }
  if (stem.empty()) stem = "document";
  if (stem.front() == '.') stem.front() = '_';
  return stem;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string cannot_write(const std::filesystem::path& target) {
  std::error_code ec;
  auto folder = std::filesystem::absolute(target, ec).parent_path();
  if (ec) return target.string() + ": cannot write: " + ec.message();
  if (!std::filesystem::is_directory(folder, ec))
    return target.string() + ": cannot write: the folder " + folder.string() + " does not exist";
  if (::access(folder.c_str(), W_OK) != 0)
    return target.string() + ": cannot write: " + std::strerror(errno);
  return {};
}

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void show_stage(std::string_view stage) {
  std::cerr << "\r\033[K" << stage << "..." << std::flush;
}

void clear_progress() {
  std::cerr << "\r\033[K" << std::flush;
}

void report(std::string_view message) {
  // On a terminal, over any line of progress rather than after it.
  std::string line = stderr_is_terminal() ? "\r\033[Ktempograph: " : "tempograph: ";
  line += one_line(message);
  line += '\n';
  std::cerr.write(line.data(), static_cast<std::streamsize>(line.size()));
  std::cerr.flush();
}

std::string write_atomically(const std::filesystem::path& target,
                             const std::function<void(std::ostream&)>& write) {
  // Unique among processes (pid) and among the threads of this one (counter).
  static std::atomic<unsigned> counter{0};
  auto temp = target;
  std::string name = ".";  // built by appending: GCC 12 -O3 warns (-Wrestrict) on "x" + string
  name += target.filename().string();
  name += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  temp.replace_filename(name);
  {
    // A large buffer: the combined text/jsonl output is written in many small pieces.
    std::vector<char> buffer(1 << 20);
    std::ofstream out;
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    errno = 0;
    out.open(temp, std::ios::binary | std::ios::trunc);
    if (!out) return target.string() + ": cannot write: " + last_error();
    try {
      write(out);
    } catch (...) {
      out.close();
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw;
    }
    out.close();
    if (!out) {
      const std::string error = last_error();
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return target.string() + ": cannot write: " + error;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return target.string() + ": cannot write: " + ec.message();
  }
  return {};
}

std::string flush_standard_output() {
  const int before = errno;
  std::cout.flush();
  if (std::cout) return {};
  // errno says why only if a write set it; other calls since may have left theirs.
  const int e = errno ? errno : before;
  const bool write_error =
      e == ENOSPC || e == EPIPE || e == EIO || e == EDQUOT || e == EFBIG || e == EBADF;
  return "standard output: cannot write" +
         (write_error ? ": " + std::string(std::strerror(e)) : "");
}

std::string write_output(const std::string& target,
                         const std::function<void(std::ostream&)>& write) {
  if (target != "-") return write_atomically(target, write);
  errno = 0;
  write(std::cout);
  return flush_standard_output();
}

}  // namespace tempograph::cli
