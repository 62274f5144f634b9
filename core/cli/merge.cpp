// `tempograph merge`: the reduce half of a scale-out build. Part lines from any number of
// `tempograph build --jsonl` runs, in any order, become the timeline.json one build would have
// written. A bad line fails the whole merge: a timeline silently missing a document is worse
// than none.
#include "commands.hpp"
#include "output.hpp"

#include "tempograph/timeline.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace tempograph::cli {
namespace {

namespace fs = std::filesystem;

struct MergeOptions {
  std::vector<std::string> parts;
  std::string output = "timeline.json";
  std::size_t top = 0;
};

// Adds every part line of `in` to the assembler; throws TimelineError on a bad one.
std::size_t add_parts(std::istream& in, const std::string& shown, TimelineAssembler& assembler) {
  std::size_t added = 0;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    assembler.add(read_part_json_line(line, shown, number));
    ++added;
  }
  if (in.bad()) throw TimelineError(shown, number, "read error");
  return added;
}

int run(const MergeOptions& options) {
  const std::string& target = options.output;
  if (target != "-") {
    const std::string key = canonical_key(target);
    for (const auto& p : options.parts)
      if (p != "-" && canonical_key(p) == key) {
        report(target + ": is an input; refusing to overwrite it");
        return 1;
      }
  }
  if (target != "-") {
    if (const std::string why = cannot_write(target); !why.empty()) {
      report(why);
      return 1;
    }
  }
  AssembleOptions assemble;
  assemble.top = options.top;
  assemble.threads = std::max(1u, std::thread::hardware_concurrency());
  std::error_code ec;
  if (target != "-")
    assemble.spool_dir = fs::absolute(target).parent_path();
  else if (auto tmp = fs::temp_directory_path(ec); !ec)
    assemble.spool_dir = tmp;
  const bool progress = stderr_is_terminal();
  if (progress) assemble.on_stage = show_stage;
  TimelineAssembler assembler(assemble);
  std::size_t files = 0;
  try {
    for (const auto& p : options.parts) {
      if (p == "-") {
        add_parts(std::cin, "(stdin)", assembler);
      } else {
        if (fs::is_directory(p, ec)) {
          report(p + ": is a folder; give part files (the output of `tempograph build --jsonl`)");
          return 1;
        }
        std::ifstream in(p, std::ios::binary);
        if (!in) {
          report(p + ": cannot open for reading");
          return 1;
        }
        add_parts(in, p, assembler);
      }
      ++files;
    }
  } catch (const TimelineError& e) {
    report(std::string(e.what()) + "; nothing written");
    return 1;
  }
  if (assembler.size() == 0) {
    report("no part lines in the inputs; nothing written");
    return 1;
  }
  TimelineStats stats;
  const std::string error =
      write_output(target, [&](std::ostream& out) { stats = assembler.write(out); });
  if (progress) clear_progress();
  if (!error.empty()) {
    report(error);
    return 1;
  }
  std::cerr << "merged " << plural(files, "part file", "part files") << " into "
            << (target == "-" ? std::string("the timeline") : target) << ": "
            << plural(stats.documents, "document", "documents") << ", "
            << plural(stats.events, "event", "events") << "\n";
  return 0;
}

}  // namespace

void add_merge_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("merge", "Merge part files (build --jsonl) into a timeline");
  cmd->description(
      "Merge the part lines of `tempograph build --jsonl` runs (one JSON line per document,\n"
      "schema tempograph/1-part) into one timeline.json. Parts may come in any order and from\n"
      "any number of files: the result is byte for byte what one `tempograph build` over all\n"
      "the documents writes. Any malformed line, or a line of another schema version, stops the\n"
      "merge with its file and line, and nothing is written.\n"
      "\n"
      "Example (a corpus in two shards, e.g. on two machines):\n"
      "  tempograph build --jsonl shard1.jsonl > part1.jsonl\n"
      "  tempograph build --jsonl shard2.jsonl > part2.jsonl\n"
      "  tempograph merge part1.jsonl part2.jsonl -o timeline.json");
  auto options = std::make_shared<MergeOptions>();
  cmd->add_option("PART", options->parts, "Part files (- for standard input)")->required();
  cmd->add_option("-o,--output", options->output,
                  "Where to write (default: timeline.json; - for standard output)");
  cmd->add_option("--top", options->top, "Keep only the N most salient events (default: all)");
  cmd->callback([options, &exit_status] {
    std::ios::sync_with_stdio(false);
    try {
      exit_status = run(*options);
    } catch (const std::exception& e) {
      report(std::string(e.what()) + "; nothing written");
      exit_status = 1;
    }
  });
}

}  // namespace tempograph::cli
