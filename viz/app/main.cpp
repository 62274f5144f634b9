// tempograph-view [timeline.json | FOLDER | FILE...]: the interactive timeline viewer.
#include "viz/app/viewer.hpp"

// GCC 12 at -O2 sees a null dereference inside CLI11's inlined string splitting (a false positive
// in a system header that survives inlining), as the CLI does.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  tempograph::viz::ViewerOptions options;
  CLI::App app{
      "tempograph-view: the timeline of a corpus, interactive. Opens a timeline.json (from "
      "`tempograph build`), or builds a folder of articles (or article files) on a "
      "background thread. Without inputs it opens the bundled example corpus."};
  app.add_option("inputs", options.inputs, "timeline.json, a folder of articles, or article files");
  app.add_option("--screenshot", options.screenshot, "render once loaded, save this PNG and exit");
  app.add_flag("--trace", options.trace,
               "print each selection and, when the view settles, where each event is drawn");
  std::string size;
  app.add_option("--size", size, "window size, WIDTHxHEIGHT (default: as last time)");
  app.add_option("--select", options.select, "select this event (e.g. e3) once loaded");
  app.add_option("--view", options.view_range,
                 "show this range once loaded: 2020-09-01..2020-12-31");
  app.add_option("--lanes", options.lanes, "lanes by category or by article")
      ->check(CLI::IsMember({"category", "article"}));
  app.add_option("--synthetic", options.synthetic,
                 "show a synthetic timeline of N events (for trying the level of detail)");
  app.set_version_flag("--version", std::string("tempograph-view ") + TEMPOGRAPH_VERSION);
  app.footer(
      "Examples:\n"
      "  tempograph-view                                  the bundled example corpus\n"
      "  tempograph-view corpus/                          build a folder of articles and show it\n"
      "  tempograph-view timeline.json --lanes article    one lane per article\n"
      "  tempograph-view timeline.json --view 2020-09-01..2020-12-31 --select e3\n"
      "  tempograph-view timeline.json --screenshot t.png --size 1400x900   no window left open");
  CLI11_PARSE(app, argc, argv);
  if (!size.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(size.c_str(), "%dx%d", &w, &h) != 2 || w < 200 || h < 150) {
      std::fprintf(stderr, "tempograph-view: --size wants WIDTHxHEIGHT, e.g. 1400x900\n");
      return 2;
    }
    options.size = std::pair{w, h};
  }
  try {
    return tempograph::viz::run_viewer(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tempograph-view: %s\n", e.what());
    return 1;
  }
}
