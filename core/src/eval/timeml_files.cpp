#include "timeml_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <variant>

namespace tempograph::eval_files {

namespace fs = std::filesystem;

std::map<std::string, fs::path> list(const fs::path& root, const char* side,
                                     std::vector<std::string>& problems) {
  std::map<std::string, fs::path> files;
  std::error_code ec;
  const auto status = fs::status(root, ec);
  if (ec || !fs::exists(status)) {
    problems.push_back(root.string() + ": " + side + " folder not found");
    return files;
  }
  const auto add = [&](const fs::path& p) {
    const std::string name = p.filename().string();
    if (auto [it, inserted] = files.emplace(name, p); !inserted) {
      problems.push_back(p.string() + ": same file name as " + it->second.string() + " in the " +
                         side + " folder; ignored");
    }
  };
  if (!fs::is_directory(status)) {
    add(root);
    return files;
  }
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(
           root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && it->path().extension() == ".tml") {
      found.push_back(it->path());
    }
  }
  if (ec) problems.push_back(root.string() + ": cannot list: " + ec.message());
  std::sort(found.begin(), found.end());
  for (const auto& p : found) add(p);
  return files;
}

std::optional<TimeMLContent> read(const fs::path& path, std::vector<std::string>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(path.string() + ": cannot read: " + std::strerror(errno));
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto parsed = parse_timeml(buffer.str(), path.string());
  if (auto* problem = std::get_if<LoadProblem>(&parsed)) {
    problems.push_back(problem->describe());
    return std::nullopt;
  }
  return std::move(std::get<TimeMLContent>(parsed));
}

PrecisionRecall precision_recall(std::size_t matches, std::size_t system, std::size_t gold) {
  PrecisionRecall pr;
  pr.precision = system ? static_cast<double>(matches) / static_cast<double>(system) : 0.0;
  pr.recall = gold ? static_cast<double>(matches) / static_cast<double>(gold) : 0.0;
  const double sum = pr.precision + pr.recall;
  pr.f1 = sum > 0 ? 2 * pr.precision * pr.recall / sum : 0.0;
  return pr;
}

}  // namespace tempograph::eval_files
