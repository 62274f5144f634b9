// TempEval-3 style scoring of time expressions. Each file is parsed on both sides, its TIMEX3
// spans are paired (exact spans first, then overlapping ones greedily in text order, each gold
// and each system expression used at most once), and the counts are micro-averaged.
#include "tempograph/eval.hpp"

#include "tempograph/document.hpp"
#include "timeml_files.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

namespace tempograph {
namespace {

namespace fs = std::filesystem;

struct Timex {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string type;
  std::string value;
};

struct Side {
  std::string text;
  std::vector<Timex> timexes;  // sorted by (begin, end)
};

std::optional<Side> read_side(const fs::path& path, std::vector<std::string>& problems) {
  auto content = eval_files::read(path, problems);
  if (!content) return std::nullopt;
  Side side;
  side.text = std::move(content->document.text);
  for (const auto& tag : content->tags) {
    if (tag.name != "TIMEX3") continue;
    side.timexes.push_back({tag.begin, tag.end, std::string(tag.attribute("type")),
                            std::string(tag.attribute("value"))});
  }
  std::sort(side.timexes.begin(), side.timexes.end(), [](const Timex& a, const Timex& b) {
    return std::pair(a.begin, a.end) < std::pair(b.begin, b.end);
  });
  return side;
}

// Moves `pos` back to the start of a UTF-8 character.
std::size_t char_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) {
    --pos;
  }
  return std::min(pos, text.size());
}

// Moves back (or forward) by `chars` characters from `pos`.
std::size_t step_back(std::string_view text, std::size_t pos, std::size_t chars) {
  while (chars > 0 && pos > 0) {
    --pos;
    pos = char_start(text, pos);
    --chars;
  }
  return pos;
}
std::size_t step_forward(std::string_view text, std::size_t pos, std::size_t chars) {
  while (chars > 0 && pos < text.size()) {
    ++pos;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
    --chars;
  }
  return pos;
}

// ~60 characters around [begin, end) on one line, the span marked with brackets.
std::string context_of(std::string_view text, std::size_t begin, std::size_t end) {
  constexpr std::size_t kAround = 30;
  begin = char_start(text, std::min(begin, text.size()));
  end = char_start(text, std::clamp(end, begin, text.size()));
  const std::size_t from = step_back(text, begin, kAround);
  const std::size_t to = step_forward(text, end, kAround);
  std::string out;
  if (from > 0) out += "...";
  out += text.substr(from, begin - from);
  out += '[';
  out += text.substr(begin, end - begin);
  out += ']';
  out += text.substr(end, to - end);
  if (to < text.size()) out += "...";
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  // TEXT usually opens and closes with a line break: no point showing it.
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  out.erase(0, first);
  out.erase(out.find_last_not_of(' ') + 1);
  return out;
}

std::string span_text(std::string_view text, const Timex& t) {
  const std::size_t b = std::min<std::size_t>(t.begin, text.size());
  const std::size_t e = std::clamp<std::size_t>(t.end, b, text.size());
  return std::string(text.substr(b, e - b));
}

struct Collector {
  const std::string& file;
  std::string_view text;
  std::vector<TimexDisagreement>& out;

  void add(const char* kind, const Timex* g, const Timex* s) const {
    TimexDisagreement d;
    d.file = file;
    d.kind = kind;
    if (g) {
      d.has_gold = true;
      d.gold_begin = g->begin;
      d.gold_end = g->end;
      d.gold_text = span_text(text, *g);
      d.gold_type = g->type;
      d.gold_value = g->value;
    }
    if (s) {
      d.has_system = true;
      d.system_begin = s->begin;
      d.system_end = s->end;
      d.system_text = span_text(text, *s);
      d.system_type = s->type;
      d.system_value = s->value;
    }
    const std::uint32_t b = g && s ? std::min(g->begin, s->begin) : g ? g->begin : s->begin;
    const std::uint32_t e = g && s ? std::max(g->end, s->end) : g ? g->end : s->end;
    d.context = context_of(text, b, e);
    out.push_back(std::move(d));
  }
};

void count_missed(const std::string& file, const Side& gold, TimexScores& scores,
                  std::vector<TimexDisagreement>& out) {
  scores.gold += gold.timexes.size();
  const Collector collect{file, gold.text, out};
  for (const auto& g : gold.timexes) collect.add("missed", &g, nullptr);
}

void score_file(const std::string& file, const Side& gold, const Side& system, TimexScores& scores,
                std::vector<TimexDisagreement>& out) {
  const auto& gs = gold.timexes;
  const auto& ss = system.timexes;
  scores.gold += gs.size();
  scores.system += ss.size();
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> gold_of(ss.size(), kNone);
  std::vector<bool> gold_used(gs.size(), false);

  // Exact spans first, so an exact pair is never broken up by an earlier overlapping one.
  for (std::size_t si = 0, gi = 0; si < ss.size(); ++si) {
    const auto key = std::pair(ss[si].begin, ss[si].end);
    while (gi < gs.size() && std::pair(gs[gi].begin, gs[gi].end) < key) ++gi;
    for (std::size_t k = gi; k < gs.size() && std::pair(gs[k].begin, gs[k].end) == key; ++k) {
      if (!gold_used[k]) {
        gold_used[k] = true;
        gold_of[si] = k;
        break;
      }
    }
  }
  // Then overlapping spans, greedily in text order.
  for (std::size_t si = 0; si < ss.size(); ++si) {
    if (gold_of[si] != kNone) continue;
    const auto& s = ss[si];
    for (std::size_t gi = 0; gi < gs.size() && gs[gi].begin < s.end; ++gi) {
      if (!gold_used[gi] && s.begin < gs[gi].end) {
        gold_used[gi] = true;
        gold_of[si] = gi;
        break;
      }
    }
  }

  const Collector collect{file, gold.text, out};
  const std::size_t first_row = out.size();
  for (std::size_t si = 0; si < ss.size(); ++si) {
    const auto& s = ss[si];
    if (gold_of[si] == kNone) {
      collect.add("spurious", nullptr, &s);
      continue;
    }
    const auto& g = gs[gold_of[si]];
    ++scores.relaxed_matches;
    if (g.begin == s.begin && g.end == s.end) {
      ++scores.strict_matches;
    } else {
      collect.add("extent", &g, &s);
    }
    if (g.type == s.type) {
      ++scores.type_matches;
    } else {
      collect.add("type", &g, &s);
    }
    if (g.value == s.value) {
      ++scores.value_matches;
    } else {
      collect.add("value", &g, &s);
    }
  }
  for (std::size_t gi = 0; gi < gs.size(); ++gi) {
    if (!gold_used[gi]) collect.add("missed", &gs[gi], nullptr);
  }
  // Text order within the file, whichever side a row came from.
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_row), out.end(),
                   [](const TimexDisagreement& a, const TimexDisagreement& b) {
                     const auto at = [](const TimexDisagreement& d) {
                       return d.has_gold && d.has_system ? std::min(d.gold_begin, d.system_begin)
                              : d.has_gold               ? d.gold_begin
                                                         : d.system_begin;
                     };
                     return at(a) < at(b);
                   });
}

// Where two texts first differ, shown with a little of each side.
std::string first_difference(std::string_view a, std::string_view b) {
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  const std::size_t at = char_start(a, static_cast<std::size_t>(ia - a.begin()));
  const auto excerpt = [at](std::string_view s) {
    if (at >= s.size()) return std::string("<end of text>");
    std::string e(s.substr(at, step_forward(s, at, 20) - at));
    for (char& c : e) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    return "\"" + e + "\"";
  };
  (void)ib;
  return "byte " + std::to_string(at) + " (gold " + excerpt(a) + ", system " + excerpt(b) + ")";
}

}  // namespace

TimexScores score_timexes(const fs::path& gold, const fs::path& system,
                          std::vector<TimexDisagreement>& disagreements) {
  TimexScores scores;
  const auto gold_files = eval_files::list(gold, "gold", scores.problems);
  const auto system_files = eval_files::list(system, "system", scores.problems);
  if (fs::exists(gold) && gold_files.empty()) {
    scores.problems.push_back(gold.string() + ": no .tml files in the gold folder");
  }

  for (const auto& [name, gold_path] : gold_files) {
    auto gold_side = read_side(gold_path, scores.problems);
    if (!gold_side) continue;
    ++scores.documents;
    const auto found = system_files.find(name);
    if (found == system_files.end()) {
      scores.problems.push_back(gold_path.string() + ": no system file named " + name + "; its " +
                                std::to_string(gold_side->timexes.size()) +
                                " gold timexes count as missed");
      count_missed(name, *gold_side, scores, disagreements);
      continue;
    }
    auto system_side = read_side(found->second, scores.problems);
    if (!system_side) {
      scores.problems.back() +=
          "; its " + std::to_string(gold_side->timexes.size()) + " gold timexes count as missed";
      count_missed(name, *gold_side, scores, disagreements);
      continue;
    }
    if (system_side->text != gold_side->text) {
      scores.problems.push_back(
          found->second.string() + ": text differs from " + gold_path.string() + " at " +
          first_difference(gold_side->text, system_side->text) +
          ", so offsets cannot be compared; its " + std::to_string(gold_side->timexes.size()) +
          " gold timexes count as missed");
      count_missed(name, *gold_side, scores, disagreements);
      continue;
    }
    score_file(name, *gold_side, *system_side, scores, disagreements);
  }
  for (const auto& [name, system_path] : system_files) {
    if (!gold_files.contains(name)) {
      scores.problems.push_back(system_path.string() + ": no gold file named " + name +
                                "; ignored");
    }
  }

  scores.strict = eval_files::precision_recall(scores.strict_matches, scores.system, scores.gold);
  scores.relaxed = eval_files::precision_recall(scores.relaxed_matches, scores.system, scores.gold);
  scores.type = eval_files::precision_recall(scores.type_matches, scores.system, scores.gold);
  scores.value = eval_files::precision_recall(scores.value_matches, scores.system, scores.gold);
  return scores;
}

TimexScores score_timexes(const fs::path& gold, const fs::path& system) {
  std::vector<TimexDisagreement> ignored;
  return score_timexes(gold, system, ignored);
}

}  // namespace tempograph
