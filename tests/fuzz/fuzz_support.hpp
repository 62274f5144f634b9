// Shared by the libFuzzer targets: a scratch folder, and checks of what every loaded document
// must satisfy whatever the input (a violation is a crash for the fuzzer to report).
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/text.hpp"

#include <unistd.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace tempograph::fuzz {

// A folder of this process, emptied before each input.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tempograph-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) std::abort();
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline std::filesystem::path write_input(const std::string& name, std::string_view content) {
  const auto path = scratch() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) std::abort();
  return path;
}

inline void clear_scratch() {
  for (const auto& entry : std::filesystem::directory_iterator(scratch()))
    std::filesystem::remove_all(entry.path());
}

// What the loader promises of every document it hands on.
inline void check_document(const Document& d) {
  if (find_invalid_utf8(d.text)) __builtin_trap();
  if (d.id.empty()) __builtin_trap();
}

// Loads `inputs` and checks every document; problems are expected, crashes and hangs are not.
inline void load_and_check(const std::vector<std::string>& inputs,
                           const LoadOptions& options = {}) {
  const LoadResult result = load_documents(inputs, options);
  for (const auto& d : result.documents) check_document(d);
  for (const auto& p : result.problems)
    if (p.path.empty() || p.message.empty()) __builtin_trap();  // every problem names its input
}

}  // namespace tempograph::fuzz
