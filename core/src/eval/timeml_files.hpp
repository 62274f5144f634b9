// What both scorers (time expressions and event triggers) share: the TimeML files of a side,
// paired by file name, each one parsed with problems collected instead of thrown, and the ratios.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/eval.hpp"

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

// Precision over the system's items, recall over the gold ones, and their F1.
PrecisionRecall precision_recall(std::size_t matches, std::size_t system, std::size_t gold);

}  // namespace tempograph::eval_files
