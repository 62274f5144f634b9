// What both scorers (time expressions and event triggers) need: the TimeML files of a side,
// paired by file name, and each one parsed, with problems collected instead of thrown.
#pragma once

#include "tempograph/document.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tempograph::eval_files {

// TimeML files under `root` keyed by file name (TBAQ keeps TimeBank/ and AQUAINT/ apart while
// `tag --out-dir` writes one flat folder, so the relative path would not pair them). A plain
// file stands for itself.
std::map<std::string, std::filesystem::path> list(const std::filesystem::path& root,
                                                  const char* side,
                                                  std::vector<std::string>& problems);

// The parsed file, or nullopt with the reason appended to `problems`.
std::optional<TimeMLContent> read(const std::filesystem::path& path,
                                  std::vector<std::string>& problems);

}  // namespace tempograph::eval_files
