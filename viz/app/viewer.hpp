// The viewer application: one window, the panels laid out with draggable splitters, the main
// loop, background loading, drag and drop, exports, settings, --screenshot and --trace.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tempograph::viz {

struct ViewerOptions {
  std::vector<std::string> inputs;  // empty: the example corpus when there is one
  std::string screenshot;           // render, save this PNG, exit
  bool trace = false;               // selections and event positions on stdout
  std::optional<std::pair<int, int>> size;
  std::string select;         // an event id to select once loaded
  std::string view_range;     // "2020-09-01..2020-12-31" once loaded
  std::string lanes;          // "category" or "article"
  std::size_t synthetic = 0;  // a synthetic timeline of this many events instead of inputs
};

// Runs until the window is closed; the process exit status.
int run_viewer(const ViewerOptions& options);

}  // namespace tempograph::viz
