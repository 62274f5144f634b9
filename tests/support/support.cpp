#include "support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace tempograph::test {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("tempograph-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  // Make everything removable again (tests chmod files to make them unreadable).
  for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
  }
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const {
  auto p = path_ / name;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  return p;
}

CommandResult run_cli(const std::string& args, const std::string& stdin_text) {
  return run_program(TEMPOGRAPH_CLI, args, stdin_text);
}

CommandResult run_program(const std::filesystem::path& program, const std::string& args,
                          const std::string& stdin_text) {
  TempDir io;
  auto in = io.write("stdin", stdin_text);
  auto out = io.path() / "stdout";
  auto err = io.path() / "stderr";
  std::string cmd = quote(program) + " " + args + " <'" + in.string() + "' >'" + out.string() +
                    "' 2>'" + err.string() + "'";
  int raw = std::system(cmd.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = slurp(out);
  result.err = slurp(err);
  return result;
}

}  // namespace tempograph::test
