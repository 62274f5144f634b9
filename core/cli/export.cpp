// `tempograph export`: a timeline.json (from `tempograph build` or `merge`) written as a drawing
// (SVG, Graphviz DOT), TimelineJS3 JSON, CSV, or TimeML files. Output appears whole or not at all:
// single files are rendered in memory and renamed into place, TimeML files are staged in a
// temporary folder first.
#include "commands.hpp"
#include "output.hpp"

#include "tempograph/export.hpp"
#include "tempograph/timeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tempograph::cli {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
  std::string input;
  std::string format;
  std::string output;  // empty or "-": standard output
};

using Writer = std::function<void(std::ostream&, const Timeline&)>;

// The format named by --format, else guessed from the output's extension.
std::string format_of(const ExportOptions& options) {
  if (!options.format.empty()) return options.format;
  const std::string ext = fs::path(options.output).extension().string();
  if (ext == ".svg") return "svg";
  if (ext == ".dot" || ext == ".gv") return "dot";
  if (ext == ".csv") return "csv";
  if (ext == ".json") return "timelinejs";
  return {};
}

Writer writer_for(const std::string& format) {
  if (format == "svg") return write_timeline_svg;
  if (format == "dot") return write_timeline_dot;
  if (format == "timelinejs") return write_timelinejs;
  if (format == "csv") return write_timeline_csv;
  if (format == "text") return write_timeline_text;
  return {};
}

// The event mentions of each document as TimeML EVENT tags, in text order. timeline.json keeps
// no TimeML class; statements are REPORTING events, everything else OCCURRENCE.
std::map<std::string, std::vector<EventTrigger>> triggers_by_document(const Timeline& timeline) {
  std::map<std::string, std::vector<EventTrigger>> out;
  for (const auto& e : timeline.events)
    for (const auto& m : e.mentions) {
      EventTrigger t;
      t.begin = m.begin;
      t.end = m.end;
      t.category = e.category;
      t.timeml_class = e.category == EventCategory::statement ? TimemlEventClass::reporting
                                                              : TimemlEventClass::occurrence;
      out[m.doc].push_back(t);
    }
  for (auto& [doc, triggers] : out)
    std::sort(triggers.begin(), triggers.end(),
              [](const EventTrigger& a, const EventTrigger& b) { return a.begin < b.begin; });
  return out;
}

// Removes a staging folder whatever happens.
class StagingDir {
 public:
  explicit StagingDir(fs::path path) : path_(std::move(path)) {}
  StagingDir(const StagingDir&) = delete;
  StagingDir& operator=(const StagingDir&) = delete;
  ~StagingDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int write_timeml_files(const Timeline& timeline, const std::string& folder,
                       const std::string& input_key) {
  std::error_code ec;
  if (fs::exists(folder, ec) && !fs::is_directory(folder, ec)) {
    report(folder + ": is a file; --format timeml writes one .tml file per document into a folder");
    return 1;
  }
  fs::create_directories(folder, ec);
  if (ec) {
    report(folder + ": cannot create the output folder: " + ec.message());
    return 1;
  }
  // Planned names, unique even when two ids make the same file name.
  std::vector<std::string> names;
  std::set<std::string> used;
  for (const auto& doc : timeline.documents) {
    const std::string stem = file_stem(doc.id);
    std::string name = stem + ".tml";
    for (int n = 2; !used.insert(name).second; ++n) name = stem + "~" + std::to_string(n) + ".tml";
    if (canonical_key(fs::path(folder) / name) == input_key) {
      report((fs::path(folder) / name).string() + ": is the input; refusing to overwrite it");
      return 1;
    }
    names.push_back(name);
  }
  std::map<std::string_view, std::vector<TimeExpression>> timexes;
  for (const auto& t : timeline.timexes) timexes[t.doc].push_back(t.timex);
  const auto triggers = triggers_by_document(timeline);

  StagingDir staging(fs::path(folder) /
                     (".tempograph-export-" + std::to_string(::getpid()) + ".tmp"));
  fs::create_directories(staging.path(), ec);
  if (ec) {
    report(folder + ": cannot write: " + ec.message());
    return 1;
  }
  static const std::vector<EventTrigger> kNone;
  for (std::size_t i = 0; i < timeline.documents.size(); ++i) {
    const Document& doc = timeline.documents[i];
    const auto t = triggers.find(doc.id);
    const std::string error = write_atomically(staging.path() / names[i], [&](std::ostream& out) {
      write_timeml(out, doc, timexes[doc.id], t == triggers.end() ? kNone : t->second);
    });
    if (!error.empty()) {
      report(error + "; nothing written");
      return 1;
    }
  }
  for (const auto& name : names) {
    fs::rename(staging.path() / name, fs::path(folder) / name, ec);
    if (ec) {
      report((fs::path(folder) / name).string() + ": cannot write: " + ec.message());
      return 1;
    }
  }
  std::cerr << "wrote " << plural(names.size(), "TimeML file", "TimeML files") << " to " << folder
            << "\n";
  return 0;
}

Timeline read_input(const std::string& input) {
  if (input != "-") return read_timeline_file(input);
  std::string content(std::istreambuf_iterator<char>(std::cin), {});
  if (content.empty()) throw TimelineError("(stdin)", 0, "empty input, not a timeline");
  return read_timeline_json(content, "(stdin)");
}

int run(const ExportOptions& options) {
  const std::string format = format_of(options);
  if (format.empty()) {
    std::string message = "give --format (svg, dot, timelinejs, timeml, csv or text)";
    if (!options.output.empty() && options.output != "-")
      message += "; it cannot be told from the name '" + options.output + "'";
    report(message);
    return 1;
  }
  const bool to_stdout = options.output.empty() || options.output == "-";
  if (format == "timeml" && to_stdout) {
    report("--format timeml writes one .tml file per document: give the folder with -o");
    return 1;
  }
  const std::string input_key = options.input == "-" ? "" : canonical_key(options.input);
  if (!to_stdout && format != "timeml" && canonical_key(options.output) == input_key) {
    report(options.output + ": is the input; refusing to overwrite it");
    return 1;
  }
  std::error_code ec;
  if (!to_stdout && format != "timeml" && fs::is_directory(options.output, ec)) {
    report(options.output + ": is a folder; give a file name with -o");
    return 1;
  }

  Timeline timeline;
  try {
    timeline = read_input(options.input);
  } catch (const TimelineError& e) {
    report(std::string(e.what()) + "; nothing written");
    return 1;
  }

  try {
    if (format == "timeml") return write_timeml_files(timeline, options.output, input_key);
    const Writer write = writer_for(format);
    if (to_stdout) {
      // Rendered in full first: a failure must not leave half a drawing on the terminal/pipe.
      std::ostringstream buffer;
      write(buffer, timeline);
      const std::string s = std::move(buffer).str();
      errno = 0;
      std::cout.write(s.data(), static_cast<std::streamsize>(s.size()));
      if (const std::string error = flush_standard_output(); !error.empty()) {
        report(error);
        return 1;
      }
      return 0;
    }
    const std::string error =
        write_atomically(options.output, [&](std::ostream& out) { write(out, timeline); });
    if (!error.empty()) {
      report(error);
      return 1;
    }
  } catch (const std::exception& e) {
    report(std::string(e.what()) + "; nothing written");
    return 1;
  }
  std::cerr << "wrote " << plural(timeline.events.size(), "event", "events") << " to "
            << options.output << " (" << format << ")\n";
  return 0;
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_status) {
  auto* cmd =
      app.add_subcommand("export", "Write a timeline.json as SVG, DOT, TimelineJS, CSV or TimeML");
  cmd->description(
      "Write a timeline (the timeline.json of `tempograph build` or `merge`) in another form:\n"
      "  svg         the timeline drawn along a time axis: one lane per category, year and month\n"
      "              gridlines, each event a box with its date and title; hover over a box for\n"
      "              the sentence it comes from (Graphviz, positions pinned, `nop` layout)\n"
      "  dot         the same drawing as Graphviz DOT, with its positions (`dot -Tpng` redraws "
      "it)\n"
      "  timelinejs  TimelineJS3 JSON (timeline.knightlab.com), dates as precise as known\n"
      "  csv         one row per event (RFC 4180), for spreadsheets\n"
      "  timeml      one TimeML file per document (TIMEX3 and EVENT tags) into the -o folder\n"
      "Without --format, the format follows -o's extension (.svg, .dot/.gv, .json, .csv).\n"
      "  text        the events in time order with their sources' sentences, for reading\n"
      "Without -o (or with -o -), all but timeml go to standard output. Files are\n"
      "written whole or not at all, and the input is never overwritten. A malformed, truncated\n"
      "or other-version timeline.json is an error naming the file and line (exit status 1).\n"
      "\n"
      "Examples:\n"
      "  tempograph build examples/karabakh -o timeline.json\n"
      "  tempograph export timeline.json --format svg -o timeline.svg\n"
      "  tempograph export timeline.json -o timeline.csv\n"
      "  tempograph export timeline.json --format timeml -o tml/");
  auto options = std::make_shared<ExportOptions>();
  cmd->add_option("TIMELINE", options->input, "The timeline.json to export (- for standard input)")
      ->required();
  cmd->add_option("-f,--format", options->format,
                  "svg, dot, timelinejs, timeml, csv or text (default: from -o's extension)")
      ->check(CLI::IsMember({"svg", "dot", "timelinejs", "timeml", "csv", "text"}));
  cmd->add_option("-o,--output", options->output,
                  "Output file (a folder for timeml; default or -: standard output)");
  cmd->callback([options, &exit_status] {
    std::ios::sync_with_stdio(false);
    exit_status = run(*options);
  });
}

}  // namespace tempograph::cli
