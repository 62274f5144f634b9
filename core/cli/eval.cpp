// `tempograph eval`: TempEval-3 time expression scores of a system folder against a gold folder.
#include "tempograph/eval.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "tempograph/event.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace tempograph::cli {
namespace {

struct EvalOptions {
  std::string gold;
  std::string system;
  std::string errors;
  bool json = false;
  bool events = false;
};

std::string percent(double fraction) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%7.2f%%", fraction * 100.0);
  return buf.data();
}

std::string padded(const std::string& s, std::size_t width, bool left = false) {
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

std::string event_table(const EventTriggerScores& s) {
  std::string out = "files " + std::to_string(s.documents) + ", gold events " +
                    std::to_string(s.gold) + ", system events " + std::to_string(s.system) +
                    "\n\n           precision    recall        F1   matches\n";
  auto row = [&](const char* name, const PrecisionRecall& pr, std::size_t matches) {
    out += padded(name, 9, true) + "  " + percent(pr.precision) + "  " + percent(pr.recall) + "  " +
           percent(pr.f1) + padded(std::to_string(matches), 10) + "\n";
  };
  row("strict", s.strict, s.strict_matches);
  row("relaxed", s.relaxed, s.relaxed_matches);
  row("class", s.event_class, s.class_matches);
  out +=
      "\nstrict: same extent; relaxed: overlapping; class: relaxed matches with the same TimeML\n"
      "class. TimeML events (every occurrence verb, many nouns and adjectives) are finer than\n"
      "timeline events, so this measures trigger finding.\n";
  return out;
}

std::string event_json(const EventTriggerScores& s) {
  auto pr = [](const PrecisionRecall& p) {
    return nlohmann::json{{"precision", p.precision}, {"recall", p.recall}, {"f1", p.f1}};
  };
  nlohmann::json j{{"files", s.documents},     {"gold", s.gold},
                   {"system", s.system},       {"strict", pr(s.strict)},
                   {"relaxed", pr(s.relaxed)}, {"class", pr(s.event_class)}};
  return j.dump(2) + "\n";
}

std::string table(const TimexScores& s) {
  std::string out;
  out += "files " + std::to_string(s.documents) + ", gold timexes " + std::to_string(s.gold) +
         ", system timexes " + std::to_string(s.system) + "\n\n";
  out += "           precision    recall        F1   matches\n";
  const auto row = [&out](const char* name, const PrecisionRecall& pr, std::size_t matches) {
    out += padded(name, 9, true) + "  " + percent(pr.precision) + "  " + percent(pr.recall) + "  " +
           percent(pr.f1) + "  " + padded(std::to_string(matches), 8) + "\n";
  };
  row("strict", s.strict, s.strict_matches);
  row("relaxed", s.relaxed, s.relaxed_matches);
  row("type", s.type, s.type_matches);
  row("value", s.value, s.value_matches);
  out +=
      "\nstrict: same extent; relaxed: overlapping extent; type and value: relaxed matches\n"
      "with the right attribute (precision over system, recall over gold timexes).\n";
  return out;
}

std::string json(const TimexScores& s) {
  const auto pr = [](const PrecisionRecall& p, std::size_t matches) {
    return nlohmann::ordered_json{
        {"precision", p.precision}, {"recall", p.recall}, {"f1", p.f1}, {"matches", matches}};
  };
  nlohmann::ordered_json j{{"documents", s.documents},
                           {"gold", s.gold},
                           {"system", s.system},
                           {"strict", pr(s.strict, s.strict_matches)},
                           {"relaxed", pr(s.relaxed, s.relaxed_matches)},
                           {"type", pr(s.type, s.type_matches)},
                           {"value", pr(s.value, s.value_matches)},
                           {"problems", s.problems}};
  return j.dump(2) + "\n";
}

// A TSV field: tabs and line breaks would break the row, so they become spaces.
void field(std::ostream& out, const std::string& s, bool last = false) {
  out << one_line(s) << (last ? '\n' : '\t');
}

void write_errors(std::ostream& out, const std::vector<TimexDisagreement>& rows) {
  out << "file\tkind\tgold_begin\tgold_end\tgold_text\tgold_type\tgold_value\t"
         "system_begin\tsystem_end\tsystem_text\tsystem_type\tsystem_value\tcontext\n";
  for (const auto& d : rows) {
    field(out, d.file);
    field(out, d.kind);
    field(out, d.has_gold ? std::to_string(d.gold_begin) : "");
    field(out, d.has_gold ? std::to_string(d.gold_end) : "");
    field(out, d.gold_text);
    field(out, d.gold_type);
    field(out, d.gold_value);
    field(out, d.has_system ? std::to_string(d.system_begin) : "");
    field(out, d.has_system ? std::to_string(d.system_end) : "");
    field(out, d.system_text);
    field(out, d.system_type);
    field(out, d.system_value);
    field(out, d.context, true);
  }
}

}  // namespace

void add_eval_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("eval", "Score time expressions against gold TimeML");
  cmd->description(
      "Score time expressions (TIMEX3 in TEXT; the DCT is not scored) of SYSTEM against GOLD,\n"
      "TempEval-3 style. GOLD and SYSTEM are folders of .tml files (searched recursively) paired\n"
      "by file name, or two .tml files. Both sides of a pair must have the same plain text.\n"
      "\n"
      "strict:  same begin and end        relaxed: overlapping (each gold used once)\n"
      "type, value: relaxed matches with the same attribute, over system (precision) and\n"
      "gold (recall) timexes. All scores are micro-averaged over the files.\n"
      "A gold file without a system file counts its timexes as missed; a system file without\n"
      "gold is ignored; both are reported on stderr. Exit status 1 when no file was scored.\n"
      "\n"
      "Example:\n"
      "  tempograph tag --format timeml --out-dir out/ gold/ && tempograph eval gold/ out/");
  auto options = std::make_shared<EvalOptions>();
  cmd->add_option("GOLD", options->gold, "Gold TimeML folder (or file)")->required();
  cmd->add_option("SYSTEM", options->system, "System TimeML folder (or file)")->required();
  cmd->add_option("--errors", options->errors,
                  "Write every disagreement to this TSV file (missed, spurious, extent, type, "
                  "value, with context)");
  cmd->add_flag("--json", options->json, "Print the scores as JSON (fractions from 0 to 1)");
  cmd->add_flag("--events", options->events,
                "Score event triggers (EVENT tags) instead of time expressions");
  cmd->callback([options, &exit_status] {
    if (options->events) {
      const auto scores = score_event_triggers(options->gold, options->system);
      for (const auto& problem : scores.problems) report(problem);
      std::cout << (options->json ? event_json(scores) : event_table(scores));
      std::cout.flush();
      exit_status = scores.documents == 0 ? 1 : 0;
      return;
    }
    std::vector<TimexDisagreement> disagreements;
    const auto scores = score_timexes(options->gold, options->system, disagreements);
    for (const auto& problem : scores.problems) report(problem);
    const std::string text = options->json ? json(scores) : table(scores);
    std::cout << text;
    std::cout.flush();
    exit_status = scores.documents == 0 ? 1 : 0;
    if (!options->errors.empty()) {
      const auto error = write_atomically(
          options->errors, [&](std::ostream& out) { write_errors(out, disagreements); });
      if (!error.empty()) {
        report(error);
        exit_status = 1;
      } else {
        std::cerr << "wrote " << disagreements.size() << " disagreements to " << options->errors
                  << "\n";
      }
    }
  });
}

}  // namespace tempograph::cli
