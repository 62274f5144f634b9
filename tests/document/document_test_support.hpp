// Small helpers shared by the document tests: finding a loaded document or a problem by name.
#pragma once

#include "tempograph/document.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <string>
#include <string_view>

namespace tempograph::test {

inline const Document* find_document(const LoadResult& result, std::string_view id) {
  for (const auto& doc : result.documents) {
    if (doc.id == id) return &doc;
  }
  return nullptr;
}

// The first problem whose path ends with `path_suffix` and whose message contains `text`.
inline const LoadProblem* find_problem(const LoadResult& result, std::string_view path_suffix,
                                       std::string_view text = "") {
  for (const auto& problem : result.problems) {
    if (problem.path.ends_with(path_suffix) && problem.message.find(text) != std::string::npos) {
      return &problem;
    }
  }
  return nullptr;
}

inline std::string all_problems(const LoadResult& result) {
  std::string out;
  for (const auto& problem : result.problems) out += problem.describe() + "\n";
  return out;
}

inline boost::gregorian::date day(const char* iso) {
  return boost::gregorian::from_simple_string(iso);
}

// A fixed "today", so that inference does not depend on the clock.
inline LoadOptions options_on(const char* today) {
  LoadOptions options;
  options.today = day(today);
  return options;
}

}  // namespace tempograph::test
