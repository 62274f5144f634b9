// What the viewer has open, and the background jobs that make it: opening a timeline.json,
// building a folder of articles (analyze_document for each, then assemble_timeline), and
// rebuilding after the user gives an article another date. One job at a time, on its own
// thread, so the window keeps drawing (with a progress bar) while it runs.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/timeline.hpp"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace tempograph::viz {

struct Corpus {
  std::shared_ptr<const Timeline> timeline = std::make_shared<const Timeline>();
  // Every article's analysis, kept so that re-dating one article re-analyzes only that one.
  // Empty when the timeline came from timeline.json (the first re-dating analyzes them all).
  std::vector<DocumentPart> parts;
  std::vector<std::string> inputs;    // what was opened
  std::string label;                  // for the title bar: the path, or "3 inputs"
  std::vector<std::string> warnings;  // inputs that could not be read, with why
};

// True when `inputs` is one timeline.json (opened as it is) rather than articles to build.
bool is_timeline_file(const std::vector<std::string>& inputs);

class Loader {
 public:
  explicit Loader(std::filesystem::path assets_dir);
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;
  ~Loader();  // stops a running job between two articles and waits for it

  struct Progress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::string stage;  // "reading", "analyzing 3/5", "merging", ...
  };

  bool busy() const { return busy_.load(); }
  Progress progress() const;

  // Starts a job; false (and nothing happens) while another one runs.
  bool open(std::vector<std::string> inputs);
  bool redate(std::shared_ptr<const Corpus> corpus, std::string doc, DocumentCreationTime dct);

  // A finished job's result, once: the new corpus, or the message of the error that stopped it.
  using Result = std::variant<Corpus, std::string>;
  std::optional<Result> take();

  // Runs a job on the calling thread (tests, --screenshot without a window loop).
  Result open_now(std::vector<std::string> inputs);

 private:
  struct Analyzers;
  template <typename Job>
  bool start(Job job);
  Result run_open(const std::vector<std::string>& inputs, const std::stop_token& stop);
  Result run_redate(const Corpus& corpus, const std::string& doc, const DocumentCreationTime& dct,
                    const std::stop_token& stop);
  const Analyzers& analyzers();
  void set_stage(std::string stage, std::size_t done, std::size_t total);

  std::filesystem::path assets_dir_;
  std::shared_ptr<const Analyzers> analyzers_;  // loaded on first use, by the worker
  mutable std::mutex mutex_;
  Progress progress_;
  std::optional<Result> result_;
  std::atomic<bool> busy_{false};
  std::jthread worker_;  // last: joined first on destruction
};

}  // namespace tempograph::viz
