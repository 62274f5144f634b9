// Reading the TSV asset files (assets/timex, assets/events): '#' comments, blank lines skipped,
// errors that name the file and line.
#pragma once

#include "../text/file_descriptor.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tempograph::assets {

// One row, its fields views into the file's text: valid only during the callback.
struct TsvRow {
  std::string file;
  std::size_t line = 0;
  std::vector<std::string_view> fields;

  [[noreturn]] void fail(const std::string& why) const {
    throw std::runtime_error(file + ":" + std::to_string(line) + ": " + why);
  }
};

inline std::vector<std::filesystem::path> sorted_tsv_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    // extension() == ".tsv" without building paths: a name ending so, other than ".tsv" itself.
    const std::string& name = e.path().native();
    if (name.ends_with(".tsv") && name[name.size() - 5] != '/') files.push_back(e.path());
  }
  if (ec) throw std::runtime_error(dir.string() + ": cannot read asset folder: " + ec.message());
  // All in one folder: their texts sort as the paths do, without splitting them into parts.
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.native() < b.native(); });
  return files;
}

// The bytes of an asset file, read whole into a buffer that is not zeroed first.
struct AssetText {
  std::unique_ptr<char[]> bytes;
  std::size_t size = 0;
  std::string_view view() const { return {bytes.get(), size}; }
};

// What cannot be read (a folder) reads as empty, as it did through a stream.
inline AssetText read_asset_file(const std::filesystem::path& file) {
  const FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw std::runtime_error(file.string() + ": cannot open asset file");
  struct stat st {};
  const bool regular = ::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode);
  // One byte more than its size, so that the end is found by the second read, not a third.
  std::size_t capacity = (regular ? static_cast<std::size_t>(st.st_size) : 0) + 1;
  AssetText text{std::make_unique_for_overwrite<char[]>(capacity), 0};
  for (;;) {
    if (text.size == capacity) {  // it grew since its size was asked
      auto bigger = std::make_unique_for_overwrite<char[]>(capacity * 2);
      std::copy_n(text.bytes.get(), text.size, bigger.get());
      text.bytes = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t got = ::read(fd.get(), text.bytes.get() + text.size, capacity - text.size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.size += static_cast<std::size_t>(got);
  }
  return text;
}

// Calls fn(const TsvRow&) for each row that is not blank or a comment. A template, not a
// std::function: start-up reads every asset row through it.
template <class RowFn>
void for_each_row(const std::filesystem::path& file, RowFn&& fn) {
  const AssetText file_text = read_asset_file(file);
  const std::string_view text = file_text.view();
  TsvRow row;
  row.file = file.string();
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    ++row.line;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    // Tabs used for alignment leave empty fields; the format has no empty columns in between.
    row.fields.clear();
    for (std::size_t start = 0; start <= line.size();) {
      std::size_t tab = line.find('\t', start);
      if (tab == std::string_view::npos) tab = line.size();
      if (tab > start) row.fields.push_back(line.substr(start, tab - start));
      start = tab + 1;
    }
    fn(std::as_const(row));
  }
}

}  // namespace tempograph::assets
