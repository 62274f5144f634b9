// What the viewer remembers between runs, in $XDG_CONFIG_HOME/tempograph/viewer.conf (or
// ~/.config/tempograph/): window size, panel proportions, lane mode, and the view range of the
// last thing opened. ImGui's own window state goes to imgui.ini in the same folder.
#pragma once

#include "viz/model/timeline_view.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace tempograph::viz {

struct Settings {
  int window_width = 1440;
  int window_height = 900;
  float left_width = 340;          // filters and articles column, pixels
  float timeline_fraction = 0.5f;  // of the right column's height
  float details_fraction = 0.42f;  // event details' share of the bottom row's width
  float filters_fraction = 0.5f;   // filters' share of the left column's height
  LaneMode lane_mode = LaneMode::category;
  std::string last_source;  // the inputs last opened, joined by '\n'
  double view_start = 0;    // its view range (days since 1970), when view_span > 0
  double view_span = 0;

  friend bool operator==(const Settings&, const Settings&) = default;
};

// $XDG_CONFIG_HOME/tempograph, else $HOME/.config/tempograph; nullopt when neither is set.
std::optional<std::filesystem::path> config_dir();

// Missing or unreadable files give the defaults; unknown keys and bad values are ignored.
Settings load_settings(const std::filesystem::path& file);
// Written whole (temporary file, then rename); false when it could not be written.
bool save_settings(const std::filesystem::path& file, const Settings& settings);

}  // namespace tempograph::viz
