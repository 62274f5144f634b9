#include "viz/model/session.hpp"

#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <exception>
#include <system_error>
#include <utility>

namespace tempograph::viz {

struct Loader::Analyzers {
  TimexRecognizer timexes;
  EventExtractor events;
};

bool is_timeline_file(const std::vector<std::string>& inputs) {
  if (inputs.size() != 1) return false;
  const std::filesystem::path path(inputs.front());
  std::error_code ec;
  return path.extension() == ".json" && std::filesystem::is_regular_file(path, ec);
}

Loader::Loader(std::filesystem::path assets_dir) : assets_dir_(std::move(assets_dir)) {}

Loader::~Loader() {
  if (worker_.joinable()) {
    worker_.request_stop();
    worker_.join();
  }
}

Loader::Progress Loader::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

void Loader::set_stage(std::string stage, std::size_t done, std::size_t total) {
  std::lock_guard lock(mutex_);
  progress_ = {done, total, std::move(stage)};
}

std::optional<Loader::Result> Loader::take() {
  std::lock_guard lock(mutex_);
  std::optional<Result> out = std::move(result_);
  result_.reset();
  return out;
}

template <typename Job>
bool Loader::start(Job job) {
  if (busy_.exchange(true)) return false;
  if (worker_.joinable()) worker_.join();  // the previous job has finished: busy_ was false
  set_stage("starting", 0, 0);
  worker_ = std::jthread([this, job = std::move(job)](std::stop_token stop) mutable {
    Result result = std::string("interrupted");
    try {
      result = job(stop);
    } catch (const std::exception& e) {
      result = std::string(e.what());
    } catch (...) {
      result = std::string("unknown error");
    }
    {
      std::lock_guard lock(mutex_);
      result_ = std::move(result);
    }
    busy_ = false;
  });
  return true;
}

bool Loader::open(std::vector<std::string> inputs) {
  return start([this, inputs = std::move(inputs)](const std::stop_token& stop) {
    return run_open(inputs, stop);
  });
}

bool Loader::redate(std::shared_ptr<const Corpus> corpus, std::string doc,
                    DocumentCreationTime dct) {
  if (!corpus) return false;
  return start([this, corpus = std::move(corpus), doc = std::move(doc), dct = std::move(dct)](
                   const std::stop_token& stop) { return run_redate(*corpus, doc, dct, stop); });
}

Loader::Result Loader::open_now(std::vector<std::string> inputs) {
  try {
    return run_open(inputs, std::stop_token{});
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

const Loader::Analyzers& Loader::analyzers() {
  if (!analyzers_) {
    set_stage("loading the rules in " + assets_dir_.string(), 0, 0);
    analyzers_ = std::make_shared<const Analyzers>(
        Analyzers{TimexRecognizer::load(assets_dir_), EventExtractor::load(assets_dir_)});
  }
  return *analyzers_;
}

namespace {

std::string label_of(const std::vector<std::string>& inputs) {
  if (inputs.size() == 1) return inputs.front();
  return std::to_string(inputs.size()) + " inputs";
}

}  // namespace

Loader::Result Loader::run_open(const std::vector<std::string>& inputs,
                                const std::stop_token& stop) {
  Corpus corpus;
  corpus.inputs = inputs;
  corpus.label = label_of(inputs);
  if (is_timeline_file(inputs)) {
    set_stage("reading " + inputs.front(), 0, 1);
    corpus.timeline = std::make_shared<const Timeline>(read_timeline_file(inputs.front()));
    set_stage("done", 1, 1);
    return corpus;
  }
  set_stage("reading articles", 0, 0);
  LoadResult loaded = load_documents(inputs, LoadOptions{});
  for (const auto& problem : loaded.problems) corpus.warnings.push_back(problem.describe());
  if (loaded.documents.empty()) {
    std::string message = "no article could be read from " + corpus.label;
    if (!corpus.warnings.empty()) message += ": " + corpus.warnings.front();
    return message;
  }
  const Analyzers& a = analyzers();
  const std::size_t total = loaded.documents.size();
  corpus.parts.reserve(total);
  for (std::size_t i = 0; i < total; ++i) {
    if (stop.stop_requested()) return std::string("interrupted");
    set_stage("analyzing " + loaded.documents[i].id, i, total);
    corpus.parts.push_back(analyze_document(std::move(loaded.documents[i]), a.timexes, a.events));
  }
  set_stage("merging events", total, total);
  corpus.timeline = std::make_shared<const Timeline>(assemble_timeline(corpus.parts));
  set_stage("done", total, total);
  return corpus;
}

Loader::Result Loader::run_redate(const Corpus& corpus, const std::string& doc,
                                  const DocumentCreationTime& dct, const std::stop_token& stop) {
  Corpus out;
  out.inputs = corpus.inputs;
  out.label = corpus.label;
  out.warnings = corpus.warnings;
  out.parts = corpus.parts;
  const Analyzers& a = analyzers();
  if (out.parts.empty()) {
    // Opened from timeline.json: its documents still hold their text, so analyze them all once.
    const auto& documents = corpus.timeline->documents;
    for (std::size_t i = 0; i < documents.size(); ++i) {
      if (stop.stop_requested()) return std::string("interrupted");
      set_stage("analyzing " + documents[i].id, i, documents.size());
      out.parts.push_back(analyze_document(documents[i], a.timexes, a.events));
    }
  }
  bool found = false;
  for (auto& part : out.parts) {
    if (part.document.id != doc) continue;
    set_stage("analyzing " + doc + " as of " + dct.iso(), 0, 1);
    Document document = std::move(part.document);
    document.dct = dct;
    part = analyze_document(std::move(document), a.timexes, a.events);
    found = true;
    break;
  }
  if (!found) return "no article " + doc + " in " + corpus.label;
  set_stage("merging events", 1, 1);
  out.timeline = std::make_shared<const Timeline>(assemble_timeline(out.parts));
  set_stage("done", 1, 1);
  return out;
}

}  // namespace tempograph::viz
