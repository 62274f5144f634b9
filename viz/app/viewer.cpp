#include "viz/app/viewer.hpp"

#include "tempograph/export.hpp"
#include "tempograph/timex.hpp"
#include "viz/app/glfw_window.hpp"
#include "viz/app/png.hpp"
#include "viz/model/settings.hpp"
#include "viz/model/synthetic.hpp"
#include "viz/panels/panels.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

namespace tempograph::viz {

namespace {

namespace fs = std::filesystem;

// The bundled corpus beside the assets folder (examples/karabakh in the source tree).
std::string example_corpus() {
  std::error_code ec;
  const fs::path dir = default_assets_dir() / ".." / "examples" / "karabakh";
  if (fs::is_directory(dir, ec)) return fs::weakly_canonical(dir, ec).string();
  return {};
}

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::optional<Days> parse_day(const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (std::sscanf(text.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return std::nullopt;
  const auto dct = parse_dct(text, DctSource::option);
  if (!dct) return std::nullopt;
  return to_days(dct->day);
}

// The events passing the filters, with the relations and conflicts among them: what an export
// of "what I am looking at" holds.
Timeline filtered_timeline(const TimelineView& view) {
  const Timeline& all = view.timeline();
  if (view.placed_count() == view.event_count()) return all;
  Timeline out;
  out.documents = all.documents;
  out.timexes = all.timexes;
  std::vector<std::string> kept;
  for (std::uint32_t i = 0; i < all.events.size(); ++i) {
    if (!view.passes(i)) continue;
    out.events.push_back(all.events[i]);
    kept.push_back(all.events[i].id);
  }
  std::sort(kept.begin(), kept.end());
  const auto has = [&](const std::string& id) {
    return std::binary_search(kept.begin(), kept.end(), id);
  };
  for (const auto& r : all.relations)
    if (has(r.from) && has(r.to)) out.relations.push_back(r);
  for (const auto& c : all.conflicts)
    if (std::all_of(c.events.begin(), c.events.end(), has)) out.conflicts.push_back(c);
  out.stats = all.stats;
  out.stats.events = out.events.size();
  return out;
}

// Written whole: a temporary file, then a rename, so a failed export leaves nothing half done.
void write_file(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    write(out);
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + path);
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) {
    fs::remove(temp, ec);
    throw std::runtime_error("cannot write " + path);
  }
}

// A draggable bar between two panels: `size` (the panel before it) follows the mouse.
void splitter(const char* id, bool vertical, float length, float& size, float min, float max) {
  constexpr float kThickness = 6;
  ImGui::InvisibleButton(id, vertical ? ImVec2(kThickness, length) : ImVec2(length, kThickness));
  const bool active = ImGui::IsItemActive();
  if (ImGui::IsItemHovered() || active)
    ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
  if (active) {
    size += vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    size = std::clamp(size, min, std::max(min, max));
  }
  if (ImGui::IsItemHovered() || active) {
    const ImVec2 a = ImGui::GetItemRectMin();
    const ImVec2 b = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddRectFilled(a, b, IM_COL32(70, 110, 200, 90));
  }
}

void centered_text(const char* text, float y, ImU32 color) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 p = ImGui::GetWindowPos();
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + (ImGui::GetWindowWidth() - size.x) / 2, p.y + y),
                                      color, text);
}

class App {
 public:
  explicit App(ViewerOptions options)
      : options_(std::move(options)), loader_(default_assets_dir()) {
    state_.example_dir = example_corpus();
    screenshot_mode_ = !options_.screenshot.empty();
    if (!screenshot_mode_) config_ = config_dir();  // a screenshot never reads nor writes settings
    if (config_) settings_ = load_settings(*config_ / "viewer.conf");
    if (!options_.lanes.empty())
      settings_.lane_mode = options_.lanes == "article" ? LaneMode::article : LaneMode::category;
    state_.left_width = settings_.left_width;
    state_.timeline_fraction = settings_.timeline_fraction;
    state_.details_fraction = settings_.details_fraction;
    state_.filters_fraction = settings_.filters_fraction;
    state_.view = TimelineView(std::make_shared<const Timeline>(), {settings_.lane_mode, 4});
  }

  int run();

  // Key presses, queued here (before ImGui's callback, which the backend chains after ours) so
  // that none is lost between frames.
  void on_key(int key, int action, int mods) {
    if (action == GLFW_RELEASE) return;
    keys_.push_back({key, mods});
  }

  void on_drop(int count, const char** paths) {
    std::vector<std::string> dropped;
    for (int i = 0; i < count; ++i) dropped.emplace_back(paths[i]);
    if (!dropped.empty()) state_.open_request = std::move(dropped);
  }

 private:
  void open(const std::vector<std::string>& inputs);
  void poll_loader();
  void install(Corpus corpus, bool rebuilt);
  void handle_requests();
  void export_now(const ExportRequest& request);
  void translate_keys();
  void draw_frame();
  void draw_status_bar();
  void trace_after_frame();
  void trace_positions();
  void save();

  ViewerOptions options_;
  ViewerState state_;
  Loader loader_;
  Settings settings_;
  std::optional<fs::path> config_;
  bool screenshot_mode_ = false;
  GLFWwindow* window_ = nullptr;

  bool first_load_ = true;       // --select / --view / remembered range apply to it
  int frames_since_ready_ = -1;  // for --screenshot: render a few frames once loaded
  std::optional<std::string> png_export_;
  bool load_failed_ = false;
  bool rebuilding_ = false;  // the running job re-dates an article of what is open
  // --trace bookkeeping.
  double view_changed_at_ = 0;
  bool positions_pending_ = false;
  std::optional<std::pair<std::uint32_t, std::size_t>> traced_selection_;
  std::vector<std::pair<int, int>> keys_;  // (GLFW key, modifiers) pressed since the last frame
  int selection_wait_ = 0;
};

void App::open(const std::vector<std::string>& inputs) {
  if (inputs.empty()) return;
  if (!loader_.open(inputs)) {
    state_.errors.push_back("Still busy with the previous job; try again when it is done.");
    return;
  }
  state_.notice = "Opening " + join(inputs, ", ");
}

void App::install(Corpus corpus, bool rebuilt) {
  auto shared = std::make_shared<const Corpus>(std::move(corpus));
  const Viewport old_range = state_.view.viewport();
  const Filter old_filter = state_.view.filter();
  const float old_scroll = state_.view.scroll_y();
  // Selection survives a rebuild through its mention (ids are renumbered).
  std::optional<std::pair<std::string, std::uint32_t>> anchor;
  if (auto sel = state_.view.selected()) {
    const auto& e = state_.view.timeline().events[*sel];
    const auto m = state_.view.selected_mention();
    if (m < e.mentions.size()) anchor = std::pair{e.mentions[m].doc, e.mentions[m].begin};
  }
  state_.corpus = shared;
  state_.view = TimelineView(shared->timeline, {state_.view.lane_mode(), 4});
  state_.has_content = true;
  state_.view_changed = true;
  state_.source_cache = {};
  if (rebuilt) {
    state_.view.set_filter(old_filter);
    state_.view.set_range(old_range.start, old_range.span);
    state_.view.set_scroll_y(old_scroll, state_.strip_max.y - state_.strip_min.y);
    if (anchor) {
      const auto& events = shared->timeline->events;
      for (std::uint32_t i = 0; i < events.size(); ++i) {
        for (std::size_t m = 0; m < events[i].mentions.size(); ++m) {
          if (events[i].mentions[m].doc == anchor->first &&
              events[i].mentions[m].begin == anchor->second) {
            select_event(state_, i, m);
            i = static_cast<std::uint32_t>(events.size()) - 1;
            break;
          }
        }
      }
    }
  } else {
    state_.shown_doc.clear();
    state_.errors.clear();
    const std::string source = join(shared->inputs, "\n");
    if (first_load_ && source == settings_.last_source && settings_.view_span > 0 &&
        options_.view_range.empty())
      state_.view.set_range(settings_.view_start, settings_.view_span);
  }
  if (first_load_) {
    first_load_ = false;
    if (!options_.view_range.empty()) {
      const auto dots = options_.view_range.find("..");
      const auto a = parse_day(options_.view_range.substr(0, dots));
      const auto b = dots == std::string::npos ? std::nullopt
                                               : parse_day(options_.view_range.substr(dots + 2));
      if (a && b && *b > *a) {
        state_.view.set_range(*a, *b + 1 - *a);
      } else {
        state_.errors.push_back("--view wants FIRST..LAST days, e.g. 2020-09-01..2020-12-31");
      }
    }
    if (!options_.select.empty()) {
      if (auto e = state_.view.find_event(options_.select)) {
        select_event(state_, *e);
      } else {
        state_.errors.push_back("--select: no event " + options_.select);
      }
    }
  }
  if (!shared->warnings.empty()) {
    std::string message = std::to_string(shared->warnings.size()) + " input problem" +
                          (shared->warnings.size() == 1 ? "" : "s") + ": " +
                          shared->warnings.front();
    state_.errors.push_back(message);
  }
  const Timeline& t = *shared->timeline;
  state_.notice = (rebuilt ? "Rebuilt " : "Opened ") + shared->label + ": " +
                  std::to_string(t.documents.size()) + " articles, " +
                  std::to_string(t.events.size()) + " events";
  glfwSetWindowTitle(window_, ("tempograph \xe2\x80\x94 " + shared->label).c_str());
  if (options_.trace) {
    std::printf("ready events=%zu documents=%zu placed=%zu\n", t.events.size(), t.documents.size(),
                state_.view.placed_count());
    std::fflush(stdout);
  }
  frames_since_ready_ = 0;
}

void App::poll_loader() {
  state_.loading = loader_.busy();
  const auto progress = loader_.progress();
  state_.progress =
      progress.total ? static_cast<float>(progress.done) / static_cast<float>(progress.total) : -1;
  state_.progress_text = progress.stage;
  if (auto result = loader_.take()) {
    state_.loading = false;
    if (auto* corpus = std::get_if<Corpus>(&*result)) {
      const bool rebuilt =
          state_.has_content && corpus->inputs == state_.corpus->inputs && rebuilding_;
      rebuilding_ = false;
      install(std::move(*corpus), rebuilt);
    } else {
      rebuilding_ = false;
      load_failed_ = true;
      state_.errors.push_back(std::get<std::string>(*result));
      state_.notice.clear();
      if (options_.trace) std::printf("error %s\n", std::get<std::string>(*result).c_str());
      std::fflush(stdout);
      if (frames_since_ready_ < 0) frames_since_ready_ = 0;  // a screenshot shows the error
    }
  }
}

void App::handle_requests() {
  if (!state_.open_request.empty()) {
    const auto inputs = std::move(state_.open_request);
    state_.open_request.clear();
    open(inputs);
  }
  if (state_.redate_request) {
    auto request = std::move(*state_.redate_request);
    state_.redate_request.reset();
    if (loader_.redate(state_.corpus, request.doc, request.dct)) {
      rebuilding_ = true;
      state_.notice = "Re-analyzing " + request.doc + " as of " + request.dct.iso();
    } else {
      state_.errors.push_back("Still busy with the previous job; try again when it is done.");
    }
  }
  if (state_.export_request) {
    const auto request = *state_.export_request;
    state_.export_request.reset();
    export_now(request);
  }
  if (state_.quit_request) glfwSetWindowShouldClose(window_, GLFW_TRUE);
}

void App::export_now(const ExportRequest& request) {
  if (request.kind == ExportKind::png) {
    png_export_ = request.path;  // read back after the next frame is rendered
    return;
  }
  try {
    const Timeline timeline = filtered_timeline(state_.view);
    write_file(request.path, [&](std::ostream& out) {
      if (request.kind == ExportKind::svg) {
        write_timeline_svg(out, timeline);
      } else {
        write_timelinejs(out, timeline);
      }
    });
    state_.notice =
        "Exported " + std::to_string(timeline.events.size()) + " events to " + request.path;
    if (options_.trace) std::printf("exported %s\n", request.path.c_str()), std::fflush(stdout);
  } catch (const std::exception& e) {
    state_.errors.push_back(std::string("Export failed: ") + e.what());
  }
}

void App::translate_keys() {
  // Text fields keep their keys (io.WantTextInput is from the previous frame, when the key came).
  const bool typing = ImGui::GetIO().WantTextInput;
  for (const auto& [key, mods] : keys_) {
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    if (ctrl && key == GLFW_KEY_Q) state_.quit_request = true;
    if (ctrl && key == GLFW_KEY_O && !state_.loading) state_.open_dialog = true;
    if (typing || ctrl) continue;
    switch (key) {
      case GLFW_KEY_LEFT:
        state_.commands.push_back(Command::pan_left);
        break;
      case GLFW_KEY_RIGHT:
        state_.commands.push_back(Command::pan_right);
        break;
      case GLFW_KEY_UP:
        state_.commands.push_back(Command::scroll_up);
        break;
      case GLFW_KEY_DOWN:
        state_.commands.push_back(Command::scroll_down);
        break;
      case GLFW_KEY_ESCAPE:
        if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
          state_.commands.push_back(Command::clear_selection);
        break;
      default:
        break;
    }
  }
  keys_.clear();
  if (state_.quit_request) glfwSetWindowShouldClose(window_, GLFW_TRUE);
}

void App::draw_status_bar() {
  const Timeline& t = state_.view.timeline();
  if (state_.loading) {
    ImGui::SetNextItemWidth(220);
    ImGui::ProgressBar(state_.progress < 0 ? 0 : state_.progress, ImVec2(220, 0));
    ImGui::SameLine();
    ImGui::TextUnformatted(state_.progress_text.c_str());
    return;
  }
  if (state_.has_content) {
    const Viewport& vp = state_.view.viewport();
    ImGui::TextDisabled(
        "%zu articles \xc2\xb7 %zu events (%zu shown) \xc2\xb7 %zu relations \xc2\xb7 %zu "
        "conflicts "
        "\xc2\xb7 %s \xe2\x80\x93 %s",
        t.documents.size(), t.events.size(), state_.view.placed_count(), t.relations.size(),
        t.conflicts.size(), iso_day(vp.start).c_str(), iso_day(vp.end() - 1e-9).c_str());
    ImGui::SameLine();
  }
  ImGui::TextUnformatted(state_.notice.c_str());
}

void App::draw_frame() {
  ViewerState& s = state_;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_MenuBar |
                                 ImGuiWindowFlags_NoBringToFrontOnFocus;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6, 6));
  ImGui::Begin("##main", nullptr, flags);
  ImGui::PopStyleVar();
  draw_menu_bar(s);

  // Errors stay until dismissed.
  for (std::size_t i = 0; i < s.errors.size();) {
    ImGui::PushID(static_cast<int>(i));
    const bool dismiss = ImGui::SmallButton("dismiss");
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "%s", s.errors[i].c_str());
    ImGui::PopID();
    if (dismiss) {
      s.errors.erase(s.errors.begin() + static_cast<std::ptrdiff_t>(i));
    } else {
      ++i;
    }
  }

  const float status_h = ImGui::GetFrameHeightWithSpacing();
  const ImVec2 avail(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - status_h);
  const float spacing = ImGui::GetStyle().ItemSpacing.y;

  // Left column: filters over articles.
  s.left_width = std::clamp(s.left_width, 200.0f, std::max(200.0f, avail.x - 420));
  ImGui::BeginChild("##left", ImVec2(s.left_width, avail.y), false);
  {
    float filters_h =
        std::clamp(s.filters_fraction * avail.y, 120.0f, std::max(120.0f, avail.y - 140));
    ImGui::BeginChild("##filters", ImVec2(0, filters_h), true);
    draw_filter_panel(s);
    ImGui::EndChild();
    splitter("##split_filters", false, s.left_width, filters_h, 120, avail.y - 140);
    s.filters_fraction = filters_h / avail.y;
    ImGui::BeginChild("##articles", ImVec2(0, 0), true);
    draw_article_list_panel(s);
    ImGui::EndChild();
  }
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  splitter("##split_left", true, avail.y, s.left_width, 200, avail.x - 420);
  ImGui::SameLine(0, 0);

  // Right column: the timeline over the event's details and its source article.
  ImGui::BeginGroup();
  const float right_w = ImGui::GetContentRegionAvail().x;
  float timeline_h =
      std::clamp(s.timeline_fraction * avail.y, 140.0f, std::max(140.0f, avail.y - 160));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild("##timeline", ImVec2(right_w, timeline_h), true,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  ImGui::PopStyleVar();
  if (s.has_content) {
    draw_timeline_panel(s);
  } else if (s.loading) {
    centered_text(s.progress_text.c_str(), timeline_h / 2 - 30, IM_COL32(60, 60, 60, 255));
    ImGui::SetCursorPos(ImVec2(right_w / 4, timeline_h / 2));
    ImGui::ProgressBar(s.progress < 0 ? 0 : s.progress, ImVec2(right_w / 2, 0),
                       s.progress < 0 ? "..." : nullptr);
  } else {
    const ImU32 dim = IM_COL32(80, 80, 80, 255);
    centered_text("Nothing is open.", timeline_h / 2 - 60, IM_COL32(30, 30, 30, 255));
    centered_text("Open a timeline.json (from tempograph build) or a folder of articles:",
                  timeline_h / 2 - 30, dim);
    centered_text("File > Open... (Ctrl+O),  drop files or a folder on this window,  or run",
                  timeline_h / 2 - 8, dim);
    centered_text("tempograph-view timeline.json | FOLDER | FILE...", timeline_h / 2 + 14, dim);
  }
  ImGui::EndChild();
  splitter("##split_timeline", false, right_w, timeline_h, 140, avail.y - 160);
  s.timeline_fraction = timeline_h / avail.y;
  const float bottom_h = std::max(60.0f, avail.y - timeline_h - 6 - 2 * spacing);
  float details_w =
      std::clamp(s.details_fraction * right_w, 200.0f, std::max(200.0f, right_w - 220));
  ImGui::BeginChild("##details", ImVec2(details_w, bottom_h), true);
  draw_event_panel(s);
  ImGui::EndChild();
  ImGui::SameLine(0, 0);
  splitter("##split_details", true, bottom_h, details_w, 200, right_w - 220);
  s.details_fraction = details_w / right_w;
  ImGui::SameLine(0, 0);
  ImGui::BeginChild("##source", ImVec2(0, bottom_h), true);
  draw_source_panel(s);
  ImGui::EndChild();
  ImGui::EndGroup();

  draw_status_bar();
  ImGui::End();
  draw_dialogs(s);
}

void App::trace_positions() {
  const Frame& frame = state_.frame;
  const Viewport& vp = state_.view.viewport();
  std::printf("view start=%s end=%s span_days=%.3f glyphs=%zu\n", iso_day(vp.start).c_str(),
              iso_day(vp.end() - 1e-9).c_str(), vp.span, frame.glyphs.size());
  const Timeline& t = state_.view.timeline();
  std::size_t printed = 0;
  for (const Glyph& g : frame.glyphs) {
    const float x = state_.strip_min.x + (g.x0 + g.x1) / 2;
    const float y = state_.strip_min.y + g.y;
    if (x < state_.strip_min.x || x >= state_.strip_max.x || y < state_.strip_min.y ||
        y >= state_.strip_max.y)
      continue;
    if (++printed > 2000) break;
    const Event& e = t.events[g.event];
    if (g.cluster()) {
      std::printf("drawn cluster count=%u first=%s x=%d y=%d\n", g.count, e.id.c_str(),
                  static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y)));
    } else {
      // A point's centre; a bar is clicked near its start, where it is surely drawn.
      const float cx =
          g.shape == Shape::point ? x : state_.strip_min.x + std::min(g.x0 + 4, (g.x0 + g.x1) / 2);
      std::printf("drawn %s start=%s value=%s x=%d y=%d\n", e.id.c_str(),
                  iso_day(g.time.start).c_str(), e.time.value.c_str(),
                  static_cast<int>(std::lround(cx)), static_cast<int>(std::lround(y)));
    }
  }
  std::fflush(stdout);
}

void App::trace_after_frame() {
  if (!options_.trace) return;
  const double now = glfwGetTime();
  if (state_.view_changed) {
    state_.view_changed = false;
    positions_pending_ = true;
    view_changed_at_ = now;
  }
  if (positions_pending_ && !state_.loading && now - view_changed_at_ > 0.25) {
    positions_pending_ = false;
    trace_positions();
  }
  const auto selected = state_.view.selected();
  if (!selected) {
    if (traced_selection_) std::printf("selected none\n"), std::fflush(stdout);
    traced_selection_.reset();
    return;
  }
  const std::pair current{*selected, state_.view.selected_mention()};
  if (traced_selection_ == current) return;
  const SourceReport& r = state_.report;
  const bool reported = r.event == selected && r.mention == current.second;
  // Wait (a few frames at most) until the source pane has scrolled the mention into view.
  if (!reported || (!r.highlighted && ++selection_wait_ < 10)) return;
  selection_wait_ = 0;
  traced_selection_ = current;
  const Event& e = state_.view.timeline().events[*selected];
  std::printf("selected %s doc=%s mention=%u-%u highlighted=%d date=%s title=\"%s\"\n",
              e.id.c_str(), r.doc.c_str(), r.begin, r.end, r.highlighted ? 1 : 0,
              e.time.value.c_str(), e.title.c_str());
  std::fflush(stdout);
}

void App::save() {
  if (!config_) return;
  int w = 0, h = 0;
  glfwGetWindowSize(window_, &w, &h);
  settings_.window_width = w;
  settings_.window_height = h;
  settings_.left_width = state_.left_width;
  settings_.timeline_fraction = state_.timeline_fraction;
  settings_.details_fraction = state_.details_fraction;
  settings_.filters_fraction = state_.filters_fraction;
  settings_.lane_mode = state_.view.lane_mode();
  if (state_.has_content && !state_.corpus->inputs.empty()) {
    settings_.last_source = join(state_.corpus->inputs, "\n");
    settings_.view_start = state_.view.viewport().start;
    settings_.view_span = state_.view.viewport().span;
  }
  save_settings(*config_ / "viewer.conf", settings_);
}

int App::run() {
  GlfwLibrary glfw;
  int width = settings_.window_width, height = settings_.window_height;
  if (options_.size) std::tie(width, height) = *options_.size;
  WindowHandle window = create_window(width, height, "tempograph", true);
  window_ = window.get();
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
    static_cast<App*>(glfwGetWindowUserPointer(w))->on_drop(count, paths);
  });
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int, int action, int mods) {
    static_cast<App*>(glfwGetWindowUserPointer(w))->on_key(key, action, mods);
  });
  std::string ini;
  if (config_) {
    std::error_code ec;
    fs::create_directories(*config_, ec);
    ini = (*config_ / "imgui.ini").string();
  }
  ImGuiSession imgui(window_, ini);
  apply_style();
  load_fonts(16);

  if (options_.synthetic > 0) {
    SyntheticOptions synthetic;
    synthetic.events = options_.synthetic;
    synthetic.documents = std::max<std::size_t>(5, options_.synthetic / 200);
    Corpus corpus;
    corpus.timeline = std::make_shared<const Timeline>(make_synthetic_timeline(synthetic));
    corpus.label = "synthetic timeline";
    install(std::move(corpus), false);
  } else if (!options_.inputs.empty()) {
    open(options_.inputs);
  } else if (!state_.example_dir.empty()) {
    open({state_.example_dir});
  } else {
    frames_since_ready_ = 0;  // nothing to wait for: the window says how to open something
  }

  int status = 0;
  while (!glfwWindowShouldClose(window_)) {
    if (state_.loading || screenshot_mode_ || positions_pending_ || ImGui::GetIO().MouseDown[0]) {
      glfwPollEvents();
    } else {
      glfwWaitEventsTimeout(0.1);
    }
    poll_loader();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    translate_keys();
    draw_frame();
    ImGui::Render();
    int fb_w = 0, fb_h = 0;
    glfwGetFramebufferSize(window_, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.97f, 0.97f, 0.96f, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // Read-backs happen before the swap, from the frame just drawn.
    int win_w = 1, win_h = 1;
    glfwGetWindowSize(window_, &win_w, &win_h);
    const float sx = static_cast<float>(fb_w) / static_cast<float>(std::max(win_w, 1));
    const float sy = static_cast<float>(fb_h) / static_cast<float>(std::max(win_h, 1));
    if (png_export_) {
      const ImVec2 a = state_.panel_min, b = state_.panel_max;
      const Image image =
          read_framebuffer(static_cast<int>(a.x * sx), static_cast<int>(a.y * sy),
                           static_cast<int>((b.x - a.x) * sx), static_cast<int>((b.y - a.y) * sy));
      if (write_png(*png_export_, image)) {
        state_.notice = "Exported the timeline as " + *png_export_;
        if (options_.trace) std::printf("exported %s\n", png_export_->c_str()), std::fflush(stdout);
      } else {
        state_.errors.push_back("Export failed: cannot write " + *png_export_);
      }
      png_export_.reset();
    }
    const bool settled = frames_since_ready_ >= 0 && !state_.loading && ++frames_since_ready_ > 4;
    if (screenshot_mode_ && settled) {
      if (!write_png(options_.screenshot, read_framebuffer(0, 0, fb_w, fb_h))) {
        std::fprintf(stderr, "tempograph-view: cannot write %s\n", options_.screenshot.c_str());
        status = 1;
      } else if (load_failed_) {
        status = 1;
      }
      glfwSetWindowShouldClose(window_, GLFW_TRUE);
    }
    glfwSwapBuffers(window_);
    handle_requests();
    trace_after_frame();
  }
  save();
  return status;
}

}  // namespace

int run_viewer(const ViewerOptions& options) {
  App app(options);
  return app.run();
}

}  // namespace tempograph::viz
