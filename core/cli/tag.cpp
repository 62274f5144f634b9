// `tempograph tag`: load documents, find their time expressions, write them out.
#include "commands.hpp"
#include "output.hpp"

#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/export.hpp"
#include "tempograph/timex.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tempograph::cli {
namespace {

namespace fs = std::filesystem;

enum class Format { text, jsonl, timeml };

struct TagOptions {
  std::vector<std::string> inputs;
  std::string dct;
  std::string manifest;
  std::string format = "text";
  std::string out_dir;
  bool strict = false;
  bool events = false;
  unsigned jobs = 0;
};

struct Tagged {
  std::string output;  // text/jsonl for the combined output; empty for timeml
  std::size_t expressions = 0;
  std::string error;  // set when the document could not be tagged or written
};

// Threads that tag a batch's documents together with the calling thread. They live as long as
// the command, so that what each keeps between documents (the recognizer's buffers, its share of
// the heap) stays warm: a thread started per batch paid for all of that again every 256 KiB.
class TagPool {
 public:
  explicit TagPool(unsigned helpers) {
    for (unsigned t = 0; t < helpers; ++t) threads_.emplace_back([this] { help(); });
  }
  ~TagPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
  }
  TagPool(const TagPool&) = delete;
  TagPool& operator=(const TagPool&) = delete;

  // Starts work(0) ... work(count - 1) on the helper threads and returns at once.
  void start(std::size_t count, std::function<void(std::size_t)> work) {
    auto batch = std::make_shared<Batch>();
    batch->work = std::move(work);
    batch->count = count;
    {
      std::lock_guard lock(mutex_);
      batch_ = std::move(batch);
      done_ = 0;
      ++generation_;
    }
    wake_.notify_all();
  }

  // Does what the helpers have not taken yet on the calling thread, then waits for the rest.
  void finish() {
    std::shared_ptr<Batch> batch;
    {
      std::lock_guard lock(mutex_);
      batch = batch_;
    }
    if (!batch) return;
    run_items(*batch);
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [&] { return done_ == batch->count; });
  }

 private:
  // One batch's items, handed out one at a time. Each batch has its own: a helper still leaving
  // the last one takes nothing from the next.
  struct Batch {
    std::function<void(std::size_t)> work;
    std::size_t count = 0;
    std::atomic<std::size_t> next{0};
  };

  void run_items(Batch& batch) {
    std::size_t finished = 0;
    for (std::size_t i = batch.next++; i < batch.count; i = batch.next++) {
      batch.work(i);
      ++finished;
    }
    if (finished == 0) return;
    std::lock_guard lock(mutex_);
    done_ += finished;
    if (done_ == batch.count) all_done_.notify_all();
  }

  void help() {
    std::uint64_t seen = 0;
    while (true) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        batch = batch_;
      }
      run_items(*batch);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;      // a batch started, or the pool is stopping
  std::condition_variable all_done_;  // the batch's last item is done
  std::shared_ptr<Batch> batch_;      // the latest batch started
  std::size_t done_ = 0;              // its items finished
  std::uint64_t generation_ = 0;      // batches started
  bool stopping_ = false;
  std::vector<std::jthread> threads_;  // last: joined before the rest is destroyed
};

class Tagger {
 public:
  Tagger(const TagOptions& options, Format format, const TimexRecognizer& recognizer,
         const EventExtractor* events)
      : options_(options),
        format_(format),
        recognizer_(recognizer),
        events_(events),
        jobs_(options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency())) {}

  int run() {
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

    // To standard output, documents stream through in batches: memory holds one batch, however
    // large the input. Files are planned over all documents first (ids, inputs not to overwrite).
    if (options_.out_dir.empty()) return stream_to_standard_output(load);

    LoadResult loaded = load_documents(options_.inputs, load);
    for (const auto& problem : loaded.problems) report(problem.describe());
    problems_ = loaded.problems.size();

    // Never written over, even those that failed to load.
    std::set<std::string> input_files;
    for (const auto& doc : loaded.documents) {
      if (doc.path != "-") input_files.insert(canonical_key(doc.path));
    }
    for (const auto& problem : loaded.problems) {
      if (!problem.path.empty() && problem.path != "-") {
        input_files.insert(canonical_key(problem.path));
      }
    }
    if (load.manifest) input_files.insert(canonical_key(*load.manifest));

    if (loaded.documents.empty()) {
      if (loaded.problems.empty()) report("no documents found in the inputs");
      print_summary(loaded.inputs_seen, 0);
      return 1;
    }

    std::error_code ec;
    fs::create_directories(options_.out_dir, ec);
    if (ec) {
      report(options_.out_dir + ": cannot create the output folder: " + ec.message());
      return 1;
    }
    if (format_ == Format::timeml) {
      plan_timeml_paths(loaded.documents, input_files);
      tag_all(loaded.documents, std::cout);
    } else {
      const fs::path target =
          fs::path(options_.out_dir) / (format_ == Format::jsonl ? "timexes.jsonl" : "timexes.txt");
      if (input_files.contains(canonical_key(target))) {
        report(target.string() + ": is an input file; refusing to overwrite it");
        return 1;
      }
      const std::string error =
          write_atomically(target, [&](std::ostream& out) { tag_all(loaded.documents, out); });
      if (!error.empty()) {
        report(error);
        print_summary(loaded.inputs_seen, loaded.documents.size(), "; nothing written");
        return 1;
      }
    }
    print_summary(loaded.inputs_seen, loaded.documents.size());
    return exit_status();
  }

 private:
  // Output file per document, refusing inputs and giving each file to one document only.
  void plan_timeml_paths(const std::vector<Document>& docs, const std::set<std::string>& inputs) {
    targets_.assign(docs.size(), {});
    plan_errors_.assign(docs.size(), {});
    std::map<std::string, std::size_t> owner;
    for (std::size_t i = 0; i < docs.size(); ++i) {
      const fs::path target = fs::path(options_.out_dir) / (file_stem(docs[i].id) + ".tml");
      const std::string key = canonical_key(target);
      if (inputs.contains(key)) {
        plan_errors_[i] = target.string() + ": is an input file; refusing to overwrite it with " +
                          "the tagged " + docs[i].path;
      } else if (auto [it, inserted] = owner.emplace(key, i); !inserted) {
        plan_errors_[i] = target.string() + ": not written for " + docs[i].path + ": " +
                          docs[it->second].path + " has the same id '" + docs[i].id +
                          "' and is written there";
      }
      targets_[i] = target;
    }
  }

  Tagged tag_one(const Document& doc, std::size_t index) const {
    Tagged result;
    try {
      if (format_ == Format::timeml && !plan_errors_[index].empty()) {
        result.error = plan_errors_[index];
        return result;
      }
      const auto timexes = recognizer_.find(doc.text, doc.dct);
      result.expressions = timexes.size();
      if (format_ == Format::timeml) {
        result.error = write_atomically(targets_[index], [&](std::ostream& out) {
          if (events_) {
            write_timeml(out, doc, timexes, events_->find_triggers(doc.text));
          } else {
            write_timeml(out, doc, timexes);
          }
        });
        return result;
      }
      if (format_ == Format::jsonl) {
        append_timex_jsonl(result.output, doc, timexes);
      } else {
        append_timex_text(result.output, doc, timexes);
      }
    } catch (const std::exception& e) {
      result.error = doc.path + ": cannot tag document '" + doc.id + "': " + e.what();
    }
    return result;
  }

  // A batch (at most this much text, or this many documents) is tagged on several threads and
  // written in input order before the next starts: output stays deterministic, and the memory
  // one batch frees serves the next.
  static constexpr std::size_t kBatchBytes = 256 << 10;
  static constexpr std::size_t kBatchDocs = 512;

  void tag_all(const std::vector<Document>& docs, std::ostream& out) {
    const bool progress = docs.size() >= 200 && stderr_is_terminal();
    for (std::size_t first = 0; first < docs.size();) {
      std::size_t last = first;
      for (std::size_t bytes = 0; last < docs.size() && last - first < kBatchDocs &&
                                  (bytes < kBatchBytes || last == first);
           ++last) {
        bytes += docs[last].text.size();
      }
      tag_batch(docs, first, last, out);
      first = last;
      if (progress) std::cerr << "\rtagging: " << first << "/" << docs.size() << " documents";
    }
    if (progress) clear_progress();
  }

  // Loads and tags at the same time: while the helper threads tag one batch, this thread loads
  // the next, then helps finish the first and writes it. Problems are reported as they are found,
  // after the output of the documents before them.
  int stream_to_standard_output(const LoadOptions& load) {
    const bool progress = stderr_is_terminal();
    std::vector<Document> filling;  // being loaded
    std::vector<Document> tagging;  // being tagged, when in_flight
    bool in_flight = false;
    std::vector<std::string> held;  // problems found while a batch before them was in flight
    std::size_t filling_bytes = 0;
    std::size_t documents = 0;
    const auto complete = [&] {
      if (!in_flight) return;
      pool().finish();
      in_flight = false;
      write_results(std::cout);
      documents += tagging.size();
      tagging.clear();
      for (const auto& message : held) report(message);
      held.clear();
      if (progress) std::cerr << "\rtagging: " << documents << " documents";
    };
    const auto flush = [&] {
      complete();
      std::swap(tagging, filling);
      filling_bytes = 0;
      results_.assign(tagging.size(), {});
      pool().start(tagging.size(),
                   [this, &tagging](std::size_t i) { results_[i] = tag_one(tagging[i], i); });
      in_flight = true;
      if (jobs_ <= 1) complete();  // no helper: tagged now, as the loading waits anyway
    };
    const std::size_t inputs_seen = stream_documents(
        options_.inputs, load,
        [&](Document&& doc) {
          filling_bytes += doc.text.size();
          filling.push_back(std::move(doc));
          if (filling_bytes >= kBatchBytes || filling.size() >= kBatchDocs) flush();
        },
        [&](LoadProblem&& problem) {
          if (in_flight) {
            held.push_back(problem.describe());
          } else {
            report(problem.describe());
          }
          ++problems_;
        });
    if (!filling.empty()) flush();
    complete();
    if (progress && documents > 0) clear_progress();
    if (documents == 0) {
      if (problems_ == 0) report("no documents found in the inputs");
      print_summary(inputs_seen, 0);
      return 1;
    }
    if (const std::string error = flush_standard_output(); !error.empty()) {
      report(error);
      print_summary(inputs_seen, documents, "; the output is incomplete");
      return 1;
    }
    print_summary(inputs_seen, documents);
    return exit_status();
  }

  // The pool of helper threads, started on first use: one fewer than the jobs, as the calling
  // thread tags too.
  TagPool& pool() {
    if (!pool_) pool_ = std::make_unique<TagPool>(jobs_ > 1 ? jobs_ - 1 : 0);
    return *pool_;
  }

  // Tags docs[first, last) and writes what they give.
  void tag_batch(const std::vector<Document>& docs, std::size_t first, std::size_t last,
                 std::ostream& out) {
    results_.assign(last - first, {});
    pool().start(last - first, [this, &docs, first](std::size_t i) {
      results_[i] = tag_one(docs[first + i], first + i);
    });
    pool().finish();
    write_results(out);
  }

  // Writes the results of the batch just tagged, in input order.
  void write_results(std::ostream& out) {
    // The batch goes out in one write: a stream passes each large write straight to the
    // system, and a system call per document would cost more than the formatting. What
    // precedes a problem is written before it is reported, as when written one by one.
    pending_.clear();
    const auto write_pending = [&] {
      out.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
      pending_.clear();
    };
    for (auto& r : results_) {
      if (!r.error.empty()) {
        write_pending();
        report(r.error);
        ++problems_;
        ++failed_;
        continue;
      }
      ++tagged_;
      expressions_ += r.expressions;
      pending_ += r.output;
    }
    write_pending();
  }

  int exit_status() const {
    if (tagged_ == 0) return 1;
    if (options_.strict && problems_ > 0) return 1;
    return 0;
  }

  // The summary line; `outcome` follows it when the output failed ("; nothing written").
  void print_summary(std::size_t inputs_seen, std::size_t loaded,
                     std::string_view outcome = {}) const {
    const std::size_t not_loaded = inputs_seen > loaded ? inputs_seen - loaded : 0;
    std::string line = "tagged " + plural(tagged_, "document", "documents") + ", " +
                       plural(expressions_, "expression", "expressions") + "; " +
                       plural(not_loaded + failed_, "input", "inputs") + " skipped";
    if (problems_ > 0) line += ", " + plural(problems_, "problem", "problems");
    line += outcome;
    line += '\n';
    std::cerr << line;
  }

  const TagOptions& options_;
  Format format_;
  const TimexRecognizer& recognizer_;
  const EventExtractor* events_;  // EVENT tags in TimeML output, with --events
  unsigned jobs_;                 // threads a batch is tagged on
  std::unique_ptr<TagPool> pool_;
  std::vector<fs::path> targets_;
  std::vector<std::string> plan_errors_;
  std::vector<Tagged> results_;  // of the batch being written; kept for the next one's memory
  std::string pending_;
  std::size_t tagged_ = 0;
  std::size_t expressions_ = 0;
  std::size_t failed_ = 0;
  std::size_t problems_ = 0;
};

}  // namespace

void add_tag_command(CLI::App& app, int& exit_status) {
  auto* cmd = app.add_subcommand("tag", "Find and normalize time expressions");
  cmd->description(
      "Find and normalize the time expressions (TIMEX3) of news articles.\n"
      "\n"
      "INPUT is a text file (optionally starting with a 'date YYYY-MM-DD' header line), a TimeML\n"
      "file (.tml), a JSON Lines file (.jsonl: {\"id\",\"date\",\"title\",\"url\",\"text\"} per "
      "line), a\n"
      "folder (read recursively), or - for JSON Lines on standard input.\n"
      "Relative dates (\"on Thursday\", \"last month\") are resolved against each document's\n"
      "creation time (DCT): --dct, else the manifest, the file's own header or DCT, else\n"
      "inferred from the text.\n"
      "\n"
      "Output (--format):\n"
      "  text    a listing per document: id, DCT and where it came from, then one line per\n"
      "          expression: line (in the text after any date header), text, type,\n"
      "          value (.. range end) and mod\n"
      "  jsonl   one JSON object per expression: {\"doc\",\"begin\",\"end\",\"text\",\"type\",\n"
      "          \"value\",\"mod\"?,\"granularity\",\"range_end\"?}, offsets in bytes of the text\n"
      "  timeml  DIR/<id>.tml per document (needs --out-dir), TempEval-3 style, for `eval`\n"
      "text and jsonl go to standard output, or to DIR/timexes.txt / DIR/timexes.jsonl with\n"
      "--out-dir. Files are written whole (temporary file, then rename); inputs are never\n"
      "overwritten.\n"
      "\n"
      "Problems with an input are reported on stderr, one line each, and the other inputs\n"
      "are still tagged. Exit status: 0; 1 when nothing could be tagged or, with --strict,\n"
      "when any problem occurred; 2 or more for usage errors.\n"
      "\n"
      "Examples:\n"
      "  tempograph tag examples/karabakh\n"
      "  tempograph tag --format jsonl --dct 2024-02-15 article.txt\n"
      "  tempograph tag --format timeml --out-dir out/ corpus/*.tml && tempograph eval corpus out");
  auto options = std::make_shared<TagOptions>();
  cmd->add_option("INPUT", options->inputs,
                  "Files, folders, or - for JSON Lines on stdin (optional with --manifest)");
  cmd->add_option("--dct", options->dct,
                  "Creation time for every document: YYYY-MM-DD or YYYY-MM-DDTHH:MM");
  cmd->add_option(
      "--manifest", options->manifest,
      "Table (TSV, CSV or JSON) with columns file and date (and optionally title, url,\n"
      "how_known) giving documents their creation time; alone, tags the files it lists");
  cmd->add_option("-f,--format", options->format, "Output format: text (default), jsonl, timeml")
      ->check(CLI::IsMember({"text", "jsonl", "timeml"}));
  cmd->add_option("-o,--out-dir", options->out_dir,
                  "Write into this folder (created if missing) instead of standard output");
  cmd->add_flag("--strict", options->strict, "Exit with status 1 if any input had a problem");
  cmd->add_option("-j,--jobs", options->jobs, "Threads to tag with (default: one per core)");
  cmd->add_flag("--events", options->events,
                "With --format timeml: also tag event triggers (EVENT), for `eval --events`");
  cmd->callback([options, &exit_status] {
    // Output is written in large blocks; C stdio sync would only slow it down.
    std::ios::sync_with_stdio(false);
    const Format format = options->format == "jsonl"    ? Format::jsonl
                          : options->format == "timeml" ? Format::timeml
                                                        : Format::text;
    if (options->inputs.empty() && options->manifest.empty()) {
      report("nothing to tag: give INPUT files or folders, - for standard input, or --manifest");
      exit_status = 2;
      return;
    }
    if (format == Format::timeml && options->out_dir.empty()) {
      report("--format timeml writes one file per document and needs --out-dir DIR");
      exit_status = 2;
      return;
    }
    if (options->events && format != Format::timeml) {
      report("--events adds EVENT tags to TimeML output and needs --format timeml");
      exit_status = 2;
      return;
    }
    const auto recognizer = TimexRecognizer::load(default_assets_dir());
    std::optional<EventExtractor> events;
    if (options->events) events.emplace(EventExtractor::load(default_assets_dir()));
    exit_status = Tagger(*options, format, recognizer, events ? &*events : nullptr).run();
  });
}

}  // namespace tempograph::cli
