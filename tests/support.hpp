// Shared by the tests: paths to the data they read and a way to run the real CLI.
#pragma once

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace tempograph::test {

inline std::filesystem::path data_dir() {
  return TEMPOGRAPH_TEST_DATA;
}
inline std::filesystem::path examples_dir() {
  return TEMPOGRAPH_EXAMPLES;
}
inline std::filesystem::path assets_dir() {
  return TEMPOGRAPH_ASSETS;
}

struct CommandResult {
  int status = -1;  // exit status of the process
  std::string out;  // stdout
  std::string err;  // stderr
};

// A path as one shell word (test paths never contain a single quote).
inline std::string quote(const std::filesystem::path& p) {
  std::string q = "'";
  q += p.string();  // appended: GCC 12 -O3 warns (-Wrestrict) on "'" + string
  return q + "'";
}

// The lines of a command's output.
inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A whole file's content ("" when it cannot be read).
std::string slurp(const std::filesystem::path& p);

// Runs the tempograph CLI with `args` (already shell-quoted) and optional stdin text.
CommandResult run_cli(const std::string& args, const std::string& stdin_text = "");
// The same for another program.
CommandResult run_program(const std::filesystem::path& program, const std::string& args,
                          const std::string& stdin_text = "");

// A fresh, empty temporary folder removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace tempograph::test
