// `tempograph build`: documents in, timeline.json out. Each document is analyzed on its own
// (several at a time, on all cores), and the parts are merged into one timeline. With --jsonl the
// command is only the first half: the mapper of a scale-out run, writing one part line per
// document for `tempograph merge`.
#include "commands.hpp"
#include "output.hpp"

#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timeline.hpp"
#include "tempograph/timex.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace tempograph::cli {
namespace {

namespace fs = std::filesystem;

struct BuildOptions {
  std::vector<std::string> inputs;
  std::string manifest;
  std::string dct;
  std::string output;
  std::string jsonl;  // map mode: JSON Lines documents in, part lines out
  std::size_t top = 0;
  unsigned jobs = 0;
  bool strict = false;
};

// What one analyzed document turns into: a part (prepared for the assembler, or as a part line
// in map mode), or why it could not be analyzed.
struct Analyzed {
  std::optional<PreparedPart> prepared;
  std::string line;
  std::size_t bytes = 0;
  std::string error;
};

// Documents flow from the loader (this thread) to worker threads and back out in input order:
// loading, analysis and assembly overlap, and memory holds only the documents in flight.
class Pipeline {
 public:
  using Work = std::function<Analyzed(Document&)>;
  using Sink = std::function<void(Analyzed&&)>;

  Pipeline(unsigned workers, Work work, Sink sink)
      : work_(std::move(work)), sink_(std::move(sink)) {
    for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { run_worker(); });
  }
  // After finish(), nothing to do. Otherwise an exception is passing (a full disk under the
  // spool, thrown by the sink): the workers stop, and nothing more goes to the sink, which could
  // only throw again while the first one is unwinding.
  ~Pipeline() {
    if (threads_.empty()) return;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      todo_.clear();
      todo_ready_.notify_all();
    }
    threads_.clear();  // joins; finished documents left in done_ are dropped
  }

  void push(Document&& doc) {
    if (threads_.empty()) {  // one job: no threads, no hand-over
      const std::size_t bytes = doc.text.size();
      Analyzed result = work_(doc);
      result.bytes = bytes;
      sink_(std::move(result));
      return;
    }
    std::unique_lock lock(mutex_);
    for (;;) {
      drain(lock);
      if (next_in_ - next_out_ < kMaxInFlight && bytes_in_flight_ < kMaxBytesInFlight) break;
      done_ready_.wait(lock);
    }
    bytes_in_flight_ += doc.text.size();
    todo_.emplace_back(next_in_++, std::move(doc));
    todo_ready_.notify_one();
  }

  // Waits for every document pushed and hands the rest on.
  void finish() {
    if (threads_.empty()) return;
    {
      std::unique_lock lock(mutex_);
      closed_ = true;
      todo_ready_.notify_all();
      while (next_out_ < next_in_) {
        drain(lock);
        if (next_out_ < next_in_) done_ready_.wait(lock);
      }
    }
    threads_.clear();  // joins
  }

 private:
  static constexpr std::size_t kMaxInFlight = 256;
  static constexpr std::size_t kMaxBytesInFlight = 64 << 20;

  void run_worker() {
    std::unique_lock lock(mutex_);
    for (;;) {
      todo_ready_.wait(lock, [this] { return closed_ || !todo_.empty(); });
      if (todo_.empty()) return;
      auto [seq, doc] = std::move(todo_.front());
      todo_.pop_front();
      const std::size_t bytes = doc.text.size();
      lock.unlock();
      Analyzed result = work_(doc);
      result.bytes = bytes;
      lock.lock();
      done_.emplace(seq, std::move(result));
      done_ready_.notify_all();
    }
  }

  // Hands on the finished documents that are next in order (called with the lock held).
  void drain(std::unique_lock<std::mutex>& lock) {
    for (auto it = done_.find(next_out_); it != done_.end(); it = done_.find(next_out_)) {
      Analyzed result = std::move(it->second);
      done_.erase(it);
      ++next_out_;
      bytes_in_flight_ -= result.bytes;
      lock.unlock();
      sink_(std::move(result));
      lock.lock();
    }
  }

  Work work_;
  Sink sink_;
  std::mutex mutex_;
  std::condition_variable todo_ready_, done_ready_;
  std::deque<std::pair<std::size_t, Document>> todo_;
  std::map<std::size_t, Analyzed> done_;
  std::size_t next_in_ = 0, next_out_ = 0, bytes_in_flight_ = 0;
  bool closed_ = false;
  std::vector<std::jthread> threads_;
};

class Builder {
 public:
  Builder(const BuildOptions& options, const TimexRecognizer& timexes, const EventExtractor& events)
      : options_(options), timexes_(timexes), events_(events) {}

  int run() {
    const bool map_mode = !options_.jsonl.empty();
    LoadOptions load;
    if (!options_.dct.empty()) {
      load.dct_override = parse_dct(options_.dct, DctSource::option);
      if (!load.dct_override) {
        report("--dct " + options_.dct +
               ": not a valid date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)");
        return 2;
      }
    }
    if (!options_.manifest.empty()) load.manifest = options_.manifest;
    std::vector<std::string> inputs = options_.inputs;
    if (map_mode) inputs.insert(inputs.begin(), options_.jsonl);

    std::string target = options_.output;
    if (target.empty()) target = map_mode ? "-" : "timeline.json";
    if (target != "-") {
      const std::string key = canonical_key(target);
      for (const auto& input : inputs) {
        if (input != "-" && canonical_key(input) == key) {
          report(target + ": is an input; refusing to overwrite it");
          return 1;
        }
      }
      if (!options_.manifest.empty() && canonical_key(options_.manifest) == key) {
        report(target + ": is the manifest; refusing to overwrite it");
        return 1;
      }
      std::error_code ec;
      if (fs::is_directory(target, ec)) {
        report(target + ": is a folder; give a file name for the timeline (-o FILE)");
        return 1;
      }
    }

    if (target != "-") {
      if (const std::string why = cannot_write(target); !why.empty()) {
        report(why);
        return 1;
      }
    }
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const unsigned jobs = options_.jobs ? options_.jobs : hw;
    AssembleOptions assemble;
    assemble.top = options_.top;
    assemble.threads = jobs;
    progress_ = stderr_is_terminal();
    if (progress_) assemble.on_stage = show_stage;
    if (target != "-") {
      // Document texts wait beside the output (the same disk), not in memory.
      assemble.spool_dir = fs::absolute(target).parent_path();
    } else {
      std::error_code ec;
      assemble.spool_dir = fs::temp_directory_path(ec);
      if (ec) assemble.spool_dir.reset();
    }
    TimelineAssembler assembler(assemble);

    // Map mode: part lines go out as documents are analyzed, to standard output or to the
    // temporary file that becomes the target at the end (a big input's parts would not fit in
    // memory).
    std::ostream* parts_out = &std::cout;
    auto work = [&](Document& doc) {
      Analyzed out;
      const std::string path = doc.path;
      const std::string id = doc.id;
      try {
        DocumentPart part = analyze_document(std::move(doc), timexes_, events_);
        if (map_mode) {
          std::ostringstream line;
          write_part_json_line(line, part);
          out.line = std::move(line).str();
        } else {
          out.prepared.emplace(std::move(part));
        }
      } catch (const std::exception& e) {
        out.error = path + ": cannot analyze document '" + id + "': " + e.what();
      }
      return out;
    };
    auto sink = [&](Analyzed&& result) {
      if (!result.error.empty()) {
        report(result.error);
        ++problems_;
        ++failed_;
        return;
      }
      ++built_;
      bytes_ += result.bytes;
      if (map_mode)
        *parts_out << result.line;
      else
        assembler.add(std::move(*result.prepared));
      if (progress_ && built_ % 64 == 0)
        std::cerr << "\rbuilding: " << built_ << " documents, " << bytes_ / 1000000 << " MB"
                  << std::flush;
    };

    auto run_pipeline = [&] {
      Pipeline pipeline(jobs > 1 ? jobs : 0, work, sink);
      // Streamed: a 1 GB JSON Lines input never sits in memory whole.
      inputs_seen_ = stream_documents(
          inputs, load,
          [&](Document&& doc) {
            ++documents_;
            pipeline.push(std::move(doc));
          },
          [&](LoadProblem&& problem) {
            report(problem.describe());
            ++problems_;
          });
      pipeline.finish();
    };
    std::string parts_error;  // map mode to a file: why it could not be written
    if (map_mode && target != "-") {
      struct NothingBuilt {};  // thrown so that write_atomically leaves no file
      try {
        parts_error = write_atomically(target, [&](std::ostream& out) {
          parts_out = &out;
          run_pipeline();
          if (built_ == 0) throw NothingBuilt{};
        });
      } catch (const NothingBuilt&) {
      }
    } else {
      run_pipeline();
    }
    if (progress_) clear_progress();

    if (built_ == 0) {
      if (problems_ == 0) report("no documents found in the inputs");
      summary(nullptr, target);
      return 1;
    }
    if (map_mode) {
      if (!parts_error.empty()) {
        report(parts_error);
        summary(nullptr, target, "; nothing written");
        return 1;
      }
      if (const std::string error = flush_standard_output(); !error.empty()) {
        report(error);
        summary(nullptr, target, "; the output is incomplete");
        return 1;
      }
      summary(nullptr, target);
    } else {
      TimelineStats stats;
      const std::string error =
          write_output(target, [&](std::ostream& out) { stats = assembler.write(out); });
      if (progress_) clear_progress();
      if (!error.empty()) {
        report(error);
        summary(&stats, target, target == "-" ? "; the output is incomplete" : "; nothing written");
        return 1;
      }
      summary(&stats, target);
    }
    if (options_.strict && problems_ > 0) return 1;
    return 0;
  }

  // The summary of a run stopped by an exception: how far it got (the inputs after the failure
  // were not read).
  void stopped_summary() const {
    std::cerr << "stopped after " << plural(built_, "document", "documents") << " analyzed"
              << (failed_ ? ", " + std::to_string(failed_) + " failed" : std::string())
              << "; nothing written\n";
  }

 private:
  // The summary line; `outcome` follows it when the output failed ("; nothing written").
  void summary(const TimelineStats* stats, const std::string& target,
               std::string_view outcome = {}) const {
    const std::size_t skipped =
        (inputs_seen_ > documents_ ? inputs_seen_ - documents_ : 0) + failed_;
    std::string line;
    if (stats) {
      line = "built " + (target == "-" ? std::string("the timeline") : target) + ": " +
             plural(built_, "document", "documents") + ", " +
             plural(stats->timexes, "time expression", "time expressions") + ", " +
             plural(stats->mentions, "event mention", "event mentions") + " (" +
             std::to_string(stats->undated_mentions) + " without a date left off) in " +
             plural(stats->events, "event", "events");
      if (options_.top && options_.top < stats->events)
        line += ", the top " + std::to_string(options_.top) + " kept";
    } else {
      line = "analyzed " + plural(built_, "document", "documents") +
             (built_ ? " into part lines for `tempograph merge`" : "");
    }
    line += "; " + plural(skipped, "input", "inputs") + " skipped";
    if (problems_ > 0) line += ", " + plural(problems_, "problem", "problems");
    std::cerr << line << outcome << "\n";
  }

  const BuildOptions& options_;
  const TimexRecognizer& timexes_;
  const EventExtractor& events_;
  bool progress_ = false;
  std::size_t inputs_seen_ = 0;
  std::size_t documents_ = 0;
  std::size_t built_ = 0;
  std::size_t bytes_ = 0;
  std::size_t failed_ = 0;
  std::size_t problems_ = 0;
};

}  // namespace

void add_build_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("build", "Build the timeline (timeline.json) of a corpus");
  cmd->description(
      "Build the timeline of a corpus: time expressions, events merged across articles, the\n"
      "temporal relations between them and the conflicts between sources, written as one\n"
      "JSON document (schema tempograph/1) for `tempograph export` and `tempograph-view`.\n"
      "\n"
      "INPUT is as for `tempograph tag`: text files (optionally with a 'date YYYY-MM-DD'\n"
      "header), TimeML (.tml), JSON Lines (.jsonl), folders (read recursively), or - for JSON\n"
      "Lines on standard input. Same input, same bytes out.\n"
      "\n"
      "Scale-out: with --jsonl FILE (or - for standard input) the command only maps: it\n"
      "writes one JSON line of partial results per document (to standard output, or -o), as a\n"
      "Hadoop Streaming mapper or Spark RDD.pipe() expects; `tempograph merge` combines the\n"
      "parts into the same timeline.json one build would have written.\n"
      "\n"
      "Exit status: 0; 1 when nothing could be built or written or, with --strict, when any\n"
      "input had a problem; 2 for usage errors.\n"
      "\n"
      "Examples:\n"
      "  tempograph build examples/karabakh -o karabakh.json\n"
      "  tempograph build --top 20 corpus/ -o key-events.json\n"
      "  cat shard1.jsonl | tempograph build --jsonl - > part1.jsonl\n"
      "  tempograph merge part*.jsonl -o timeline.json");
  auto options = std::make_shared<BuildOptions>();
  cmd->add_option("INPUT", options->inputs, "Files, folders, or - for JSON Lines on stdin");
  cmd->add_option("-o,--output", options->output,
                  "Where to write (default: timeline.json; - for standard output)");
  cmd->add_option("--top", options->top, "Keep only the N most salient events (default: all)");
  cmd->add_option("--manifest", options->manifest,
                  "Table (TSV, CSV or JSON) with columns file and date (title, url optional)");
  cmd->add_option("--dct", options->dct,
                  "Creation time for every document: YYYY-MM-DD or YYYY-MM-DDTHH:MM");
  cmd->add_option("--jsonl", options->jsonl,
                  "Map only: read JSON Lines documents from FILE (- for stdin), write part lines");
  cmd->add_option("-j,--jobs", options->jobs, "Threads to analyze with (default: one per core)");
  cmd->add_flag("--strict", options->strict, "Exit with status 1 if any input had a problem");
  cmd->callback([options, &exit_status] {
    std::ios::sync_with_stdio(false);
    if (options->inputs.empty() && options->manifest.empty() && options->jsonl.empty()) {
      report(
          "nothing to build: give INPUT files or folders, - for standard input, --manifest, "
          "or --jsonl");
      exit_status = 2;
      return;
    }
    if (!options->jsonl.empty() && options->top) {
      report(
          "--top applies to the merged timeline; give it to `tempograph merge`, not with --jsonl");
      exit_status = 2;
      return;
    }
    const auto timexes = TimexRecognizer::load(default_assets_dir());
    const auto events = EventExtractor::load(default_assets_dir());
    Builder builder(*options, timexes, events);
    try {
      exit_status = builder.run();
    } catch (const std::exception& e) {
      // A failure mid-way (a full disk under the spool, say): the output was never renamed into
      // place, so nothing half-written remains.
      report(std::string(e.what()) + "; nothing written");
      builder.stopped_summary();
      exit_status = 1;
    }
  });
}

}  // namespace tempograph::cli
