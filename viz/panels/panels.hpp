// The viewer's panels, one file each, all drawing with ImGui into the current window and sharing
// one ViewerState. Panels never block and never touch the window system: what needs the app
// (opening files, rebuilding, exporting, quitting) is left as a request in the state.
#pragma once

#include "viz/model/session.hpp"
#include "viz/model/source_text.hpp"
#include "viz/model/timeline_view.hpp"

#include <imgui.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tempograph::viz {

// What the source pane showed this frame, for --trace and the end-to-end test.
struct SourceReport {
  std::optional<std::uint32_t> event;
  std::size_t mention = 0;
  std::string doc;
  std::uint32_t begin = 0, end = 0;
  bool highlighted = false;  // the mention was drawn highlighted inside the visible pane
};

enum class ExportKind : std::uint8_t { svg, png, timelinejs };

struct ExportRequest {
  ExportKind kind = ExportKind::svg;
  std::string path;
};

// Keys the window system saw pressed since the last frame, as commands: ImGui 1.86 has no input
// queue, so a key pressed and released between two frames would be missed by IsKeyPressed.
enum class Command : std::uint8_t { pan_left, pan_right, scroll_up, scroll_down, clear_selection };

struct ViewerState {
  std::shared_ptr<const Corpus> corpus = std::make_shared<const Corpus>();
  TimelineView view;
  bool has_content = false;  // something was opened (even with no events)

  // Background work, filled by the app each frame.
  bool loading = false;
  float progress = 0;  // 0..1, or < 0 when unknown
  std::string progress_text;

  // The article in the source pane, and where to scroll it once.
  std::string shown_doc;
  std::optional<std::uint32_t> scroll_to;  // a byte offset to bring into view
  SourceReport report;
  struct SourceCache {
    const Timeline* timeline = nullptr;
    std::string doc;
    float width = 0;
    std::optional<std::uint32_t> event;
    std::size_t mention = 0;
    TextLayout layout;
  } source_cache;  // the wrapped text, redone only when one of these changes

  // Panel proportions (remembered in the settings file).
  float left_width = 340;
  float timeline_fraction = 0.5f;
  float details_fraction = 0.42f;
  float filters_fraction = 0.5f;

  // The timeline strip's last frame and where it was drawn (screen pixels), for hit testing in
  // the next frame, --trace positions and the PNG export.
  Frame frame;
  ImVec2 strip_min{0, 0}, strip_max{0, 0};  // the strip (rows area)
  ImVec2 panel_min{0, 0}, panel_max{0, 0};  // the whole timeline panel
  bool view_changed = true;                 // since the positions were last traced

  std::vector<Command> commands;  // filled by the app, consumed by the timeline panel

  // Requests for the app, handled after the frame.
  std::vector<std::string> open_request;
  struct Redate {
    std::string doc;
    DocumentCreationTime dct;
  };
  std::optional<Redate> redate_request;
  std::optional<ExportRequest> export_request;
  bool quit_request = false;

  // Shown in the window until dismissed: errors in red, notices in the status bar.
  std::vector<std::string> errors;
  std::string notice;

  // The article list's date popup, kept between frames while it is open.
  struct DateEdit {
    std::string doc;
    std::array<char, 32> text{};
    std::string error;
  } date_edit;

  // Dialogs (menu_bar.cpp).
  bool open_dialog = false;
  std::string open_path;
  std::optional<ExportKind> export_dialog;   // a request to open the export dialog
  ExportKind export_kind = ExportKind::svg;  // the open dialog's kind
  std::string export_path;
  std::string example_dir;  // the bundled corpus, when there is one
  bool show_help = false;
};

// Selects an event (and one of its mentions) and brings its article into the source pane.
void select_event(ViewerState& state, std::uint32_t event, std::size_t mention = 0);

// Colours and fonts (style.cpp).
ImU32 color_of(EventCategory category, float alpha = 1);
ImU32 rgba(int r, int g, int b, int a = 255);
void apply_style();
// Loads DejaVu Sans from the Debian font folder when present (with the glyphs news text needs:
// Latin, Greek, Cyrillic, punctuation), else keeps ImGui's built-in font.
void load_fonts(float size_pixels);

// The panels: each fills the current window's remaining content region.
void draw_timeline_panel(ViewerState& state);
void draw_event_panel(ViewerState& state);   // the selected event's details
void draw_source_panel(ViewerState& state);  // its article, scrolled to the mention
void draw_article_list_panel(ViewerState& state);
void draw_filter_panel(ViewerState& state);
void draw_menu_bar(ViewerState& state);  // in the current window's menu bar, plus its dialogs
void draw_dialogs(ViewerState& state);

// Text helpers shared by panels.
std::string ellipsize(std::string_view text, float max_width);
void help_marker(const char* text);

}  // namespace tempograph::viz
