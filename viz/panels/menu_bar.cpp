// The menu bar (open, export, view, help) and its dialogs: a path to open (a timeline.json, a
// folder of articles, or files separated by ';') and a path to export to.
#include "viz/panels/panels.hpp"

#include <imgui_stdlib.h>

namespace tempograph::viz {

namespace {

const char* export_title(ExportKind kind) {
  switch (kind) {
    case ExportKind::svg:
      return "Export SVG (Graphviz drawing)";
    case ExportKind::png:
      return "Export PNG (the timeline as shown)";
    case ExportKind::timelinejs:
      return "Export TimelineJS JSON";
  }
  return "Export";
}

const char* default_name(ExportKind kind) {
  switch (kind) {
    case ExportKind::svg:
      return "timeline.svg";
    case ExportKind::png:
      return "timeline.png";
    case ExportKind::timelinejs:
      return "timeline-timelinejs.json";
  }
  return "timeline";
}

std::vector<std::string> split_paths(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    const auto first = part.find_first_not_of(" \t");
    const auto last = part.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(part.substr(first, last - first + 1));
    start = end + 1;
  }
  return out;
}

void start_export(ViewerState& state, ExportKind kind) {
  state.export_dialog = kind;
  state.export_path = default_name(kind);
}

}  // namespace

void draw_menu_bar(ViewerState& state) {
  if (!ImGui::BeginMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open...", "Ctrl+O", false, !state.loading)) state.open_dialog = true;
    if (!state.example_dir.empty() &&
        ImGui::MenuItem("Open the example corpus", nullptr, false, !state.loading))
      state.open_request = {state.example_dir};
    ImGui::Separator();
    const bool can_export = state.has_content && !state.loading;
    if (ImGui::MenuItem("Export SVG...", nullptr, false, can_export))
      start_export(state, ExportKind::svg);
    if (ImGui::MenuItem("Export PNG...", nullptr, false, can_export))
      start_export(state, ExportKind::png);
    if (ImGui::MenuItem("Export TimelineJS JSON...", nullptr, false, can_export))
      start_export(state, ExportKind::timelinejs);
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) state.quit_request = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Fit all", "F")) state.view.fit_all(), state.view_changed = true;
    if (ImGui::MenuItem("Zoom in", "+"))
      state.view.zoom_at(state.view.viewport().width / 2, 1 / 1.5);
    if (ImGui::MenuItem("Zoom out", "-")) state.view.zoom_at(state.view.viewport().width / 2, 1.5);
    ImGui::Separator();
    if (ImGui::MenuItem("Lanes by category", nullptr, state.view.lane_mode() == LaneMode::category))
      state.view.set_lane_mode(LaneMode::category);
    if (ImGui::MenuItem("Lanes by article", nullptr, state.view.lane_mode() == LaneMode::article))
      state.view.set_lane_mode(LaneMode::article);
    if (ImGui::MenuItem("Clear selection", "Esc", false, state.view.selected().has_value()))
      state.view.clear_selection();
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Help")) {
    if (ImGui::MenuItem("Controls")) state.show_help = true;
    ImGui::EndMenu();
  }
  ImGui::EndMenuBar();
}

void draw_dialogs(ViewerState& state) {
  const ImVec2 center = ImGui::GetMainViewport()->GetCenter();
  if (state.open_dialog) {
    ImGui::OpenPopup("Open");
    state.open_dialog = false;
  }
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Open", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped(
        "A timeline.json (from tempograph build), a folder of articles, or article files "
        "(.txt, .jsonl, .tml; separate several with ';'). Files and folders can also be dropped "
        "on the window.");
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter =
        ImGui::InputTextWithHint("##path", "/path/to/articles or timeline.json", &state.open_path,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Open") || enter) && !state.open_path.empty()) {
      state.open_request = split_paths(state.open_path);
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  if (state.export_dialog) {
    ImGui::OpenPopup("Export");
    state.export_kind = *state.export_dialog;
    state.export_dialog.reset();
  }
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
  if (ImGui::BeginPopupModal("Export", nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextUnformatted(export_title(state.export_kind));
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter =
        ImGui::InputText("##export_path", &state.export_path, ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button("Save") || enter) && !state.export_path.empty()) {
      state.export_request = ExportRequest{state.export_kind, state.export_path};
      ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
      ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }

  if (state.show_help) {
    ImGui::OpenPopup("Controls");
    state.show_help = false;
  }
  ImGui::SetNextWindowPos(center, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(
          "Controls", nullptr,
          ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    const char* rows[][2] = {
        {"Mouse wheel", "zoom at the cursor"},
        {"Shift+wheel, horizontal wheel", "pan in time"},
        {"Ctrl+wheel, wheel over lane names", "scroll the lanes"},
        {"Drag", "pan (and scroll the lanes)"},
        {"Click an event", "select it: details and its article"},
        {"Click a badge", "zoom into the crowd"},
        {"Double-click an event", "zoom to it"},
        {"Left / Right", "pan"},
        {"Up / Down", "scroll the lanes"},
        {"+ / -", "zoom in / out"},
        {"F", "fit all events"},
        {"Esc", "clear the selection"},
        {"Click a date in the article", "move the timeline there"},
    };
    if (ImGui::BeginTable("##keys", 2, ImGuiTableFlags_RowBg)) {
      for (const auto& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[0]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row[1]);
      }
      ImGui::EndTable();
    }
    if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
}

}  // namespace tempograph::viz
