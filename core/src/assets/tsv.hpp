// Reading the TSV asset files (assets/timex, assets/events): '#' comments, blank lines skipped,
// errors that name the file and line.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph::assets {

struct TsvRow {
  std::string file;
  std::size_t line = 0;
  std::vector<std::string> fields;

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(file + ":" + std::to_string(line) + ": " + why);
  }
};

inline std::vector<std::filesystem::path> sorted_tsv_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec))
    if (e.path().extension() == ".tsv") files.push_back(e.path());
  if (ec) throw std::runtime_error(dir.string() + ": cannot read asset folder: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

inline void for_each_row(const std::filesystem::path& file,
                         const std::function<void(const TsvRow&)>& fn) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot open asset file");
  std::string line;
  TsvRow row;
  row.file = file.string();
  while (std::getline(in, line)) {
    ++row.line;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    row.fields.clear();
    std::size_t start = 0;
    while (true) {
      auto tab = line.find('\t', start);
      row.fields.push_back(line.substr(start, tab == std::string::npos ? tab : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    // Tabs used for alignment leave empty fields; the format has no empty columns in between.
    row.fields.erase(std::remove(row.fields.begin(), row.fields.end(), std::string()),
                     row.fields.end());
    fn(row);
  }
}

}  // namespace tempograph::assets
