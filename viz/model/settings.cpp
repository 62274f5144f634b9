#include "viz/model/settings.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

namespace tempograph::viz {

namespace {

template <typename T>
void parse_number(const std::string& text, T& out) {
  T value{};
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && ptr == text.data() + text.size()) out = value;
}

// Newlines in a value are written as "\n" so that every setting stays one line.
std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[i + 1] == 'n' ? '\n' : text[i + 1];
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::optional<std::filesystem::path> config_dir() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "tempograph";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".config" / "tempograph";
  return std::nullopt;
}

Settings load_settings(const std::filesystem::path& file) {
  Settings s;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    if (key == "window_width")
      parse_number(value, s.window_width);
    else if (key == "window_height")
      parse_number(value, s.window_height);
    else if (key == "left_width")
      parse_number(value, s.left_width);
    else if (key == "timeline_fraction")
      parse_number(value, s.timeline_fraction);
    else if (key == "details_fraction")
      parse_number(value, s.details_fraction);
    else if (key == "filters_fraction")
      parse_number(value, s.filters_fraction);
    else if (key == "lane_mode")
      s.lane_mode = value == "article" ? LaneMode::article : LaneMode::category;
    else if (key == "last_source")
      s.last_source = unescape(value);
    else if (key == "view_start")
      parse_number(value, s.view_start);
    else if (key == "view_span")
      parse_number(value, s.view_span);
  }
  // Values from an older or hand-edited file stay in a usable range.
  s.window_width = std::clamp(s.window_width, 320, 16384);
  s.window_height = std::clamp(s.window_height, 240, 16384);
  s.left_width = std::clamp(s.left_width, 120.0f, 2000.0f);
  s.timeline_fraction = std::clamp(s.timeline_fraction, 0.1f, 0.9f);
  s.details_fraction = std::clamp(s.details_fraction, 0.1f, 0.9f);
  s.filters_fraction = std::clamp(s.filters_fraction, 0.1f, 0.9f);
  return s;
}

bool save_settings(const std::filesystem::path& file, const Settings& s) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  std::ostringstream out;
  out.precision(17);
  out << "# tempograph-view settings, rewritten on exit\n"
      << "window_width=" << s.window_width << "\n"
      << "window_height=" << s.window_height << "\n"
      << "left_width=" << s.left_width << "\n"
      << "timeline_fraction=" << s.timeline_fraction << "\n"
      << "details_fraction=" << s.details_fraction << "\n"
      << "filters_fraction=" << s.filters_fraction << "\n"
      << "lane_mode=" << (s.lane_mode == LaneMode::article ? "article" : "category") << "\n"
      << "last_source=" << escape(s.last_source) << "\n"
      << "view_start=" << s.view_start << "\n"
      << "view_span=" << s.view_span << "\n";
  const auto temp = file.string() + ".tmp";
  {
    std::ofstream f(temp, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    f << out.str();
    if (!f.flush()) return false;
  }
  std::filesystem::rename(temp, file, ec);
  return !ec;
}

}  // namespace tempograph::viz
