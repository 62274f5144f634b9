// Scores EVENT tags of two folders of TimeML, TempEval-3 style: files paired by name, exact spans
// paired first, then overlapping ones greedily in text order, each tag used at most once.
#include "tempograph/eval.hpp"
#include "timeml_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <variant>

namespace tempograph {
namespace {

namespace fs = std::filesystem;

struct Span {
  std::uint32_t begin = 0, end = 0;
  std::string event_class;
};

std::optional<std::vector<Span>> read_events(const fs::path& path,
                                             std::vector<std::string>& problems) {
  auto content = eval_files::read(path, problems);
  if (!content) return std::nullopt;
  std::vector<Span> spans;
  for (const auto& tag : content->tags)
    if (tag.name == "EVENT")
      spans.push_back({tag.begin, tag.end, std::string(tag.attribute("class"))});
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::pair(a.begin, a.end) < std::pair(b.begin, b.end);
  });
  return spans;
}

void score_pair(const std::vector<Span>& gold, const std::vector<Span>& system,
                EventTriggerScores& scores) {
  std::vector<bool> gold_used(gold.size()), system_used(system.size());
  const auto pair_up = [&](std::size_t g, std::size_t s) {
    gold_used[g] = system_used[s] = true;
    ++scores.relaxed_matches;
    if (gold[g].event_class == system[s].event_class) ++scores.class_matches;
  };
  // Exact spans first: both lists are sorted, so a merge finds them.
  for (std::size_t g = 0, s = 0; g < gold.size() && s < system.size();) {
    const auto gk = std::pair(gold[g].begin, gold[g].end);
    const auto sk = std::pair(system[s].begin, system[s].end);
    if (gk < sk) {
      ++g;
    } else if (sk < gk) {
      ++s;
    } else {
      if (!gold_used[g] && !system_used[s]) {
        pair_up(g, s);
        ++scores.strict_matches;
      }
      ++g;
      ++s;
    }
  }
  // Then overlaps, in text order.
  std::size_t from = 0;
  for (std::size_t g = 0; g < gold.size(); ++g) {
    if (gold_used[g]) continue;
    while (from < system.size() && system[from].end <= gold[g].begin) ++from;
    for (std::size_t s = from; s < system.size() && system[s].begin < gold[g].end; ++s) {
      if (system_used[s] || system[s].end <= gold[g].begin) continue;
      pair_up(g, s);
      break;
    }
  }
}

}  // namespace

EventTriggerScores score_event_triggers(const fs::path& gold, const fs::path& system) {
  EventTriggerScores scores;
  const auto gold_files = eval_files::list(gold, "gold", scores.problems);
  const auto system_files = eval_files::list(system, "system", scores.problems);
  for (const auto& [name, gold_path] : gold_files) {
    const auto sys = system_files.find(name);
    if (sys == system_files.end()) {
      scores.problems.push_back(gold_path.string() + ": no system file " + name);
      continue;
    }
    const auto g = read_events(gold_path, scores.problems);
    const auto s = read_events(sys->second, scores.problems);
    if (!g || !s) continue;
    ++scores.documents;
    scores.gold += g->size();
    scores.system += s->size();
    score_pair(*g, *s, scores);
  }
  for (const auto& [name, path] : system_files)
    if (!gold_files.count(name))
      scores.problems.push_back(path.string() + ": no gold file " + name);
  scores.strict = eval_files::precision_recall(scores.strict_matches, scores.system, scores.gold);
  scores.relaxed = eval_files::precision_recall(scores.relaxed_matches, scores.system, scores.gold);
  scores.event_class =
      eval_files::precision_recall(scores.class_matches, scores.system, scores.gold);
  return scores;
}

}  // namespace tempograph
