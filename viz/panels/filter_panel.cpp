// Filters and legend: search words (title, participants, category), "key events" (a salience
// threshold), lanes by category or by article, and the categories with their colours and counts,
// each a checkbox, so the legend is also the category filter.
#include "viz/model/palette.hpp"
#include "viz/panels/panels.hpp"

#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

namespace tempograph::viz {

namespace {

const ImVec4 kDim(0.42f, 0.42f, 0.42f, 1);

void swatch(ImU32 color, bool bar, float alpha_scale = 1) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (bar) {
    dl->AddRectFilled(ImVec2(p.x, p.y + 4), ImVec2(p.x + 22, p.y + h - 4), color, 2);
  } else {
    dl->AddCircleFilled(ImVec2(p.x + 11, p.y + h / 2), h * 0.28f * alpha_scale, color, 12);
  }
  ImGui::Dummy(ImVec2(24, h));
  ImGui::SameLine();
}

}  // namespace

void draw_filter_panel(ViewerState& state) {
  TimelineView& view = state.view;
  Filter filter = view.filter();
  bool changed = false;

  ImGui::SetNextItemWidth(-FLT_MIN);
  changed |= ImGui::InputTextWithHint("##search", "Search titles, participants...", &filter.search);

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Key events");
  ImGui::SameLine();
  help_marker(
      "Shows only the events most central to the story: salience grows with the number of "
      "articles and mentions reporting an event. 1 is the most salient event.");
  ImGui::SameLine();
  float key = static_cast<float>(filter.min_salience);
  ImGui::SetNextItemWidth(-FLT_MIN);
  if (ImGui::SliderFloat("##key", &key, 0, 1,
                         key <= 0 ? "all events" : "salience \xe2\x89\xa5 %.2f")) {
    filter.min_salience = key;
    changed = true;
  }

  int mode = view.lane_mode() == LaneMode::article ? 1 : 0;
  ImGui::TextUnformatted("Lanes:");
  ImGui::SameLine();
  bool mode_changed = ImGui::RadioButton("by category", &mode, 0);
  ImGui::SameLine();
  mode_changed |= ImGui::RadioButton("by article", &mode, 1);
  if (mode_changed) {
    view.set_lane_mode(mode == 1 ? LaneMode::article : LaneMode::category);
    state.view_changed = true;
  }

  ImGui::Separator();
  ImGui::Text("Categories");
  ImGui::SameLine(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("all none").x - 20);
  if (ImGui::SmallButton("all")) filter.categories = Filter::all_categories(), changed = true;
  ImGui::SameLine();
  if (ImGui::SmallButton("none")) filter.categories.fill(false), changed = true;
  // The legend: two columns of categories, each a toggle (dimmed and hollow when hidden).
  if (ImGui::BeginTable("##categories", 2, ImGuiTableFlags_SizingStretchSame)) {
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t c = 0; c < kCategoryCount; ++c) {
      const std::size_t count = view.events_in_category(c);
      if (count == 0) continue;
      const auto category = static_cast<EventCategory>(c);
      const bool on = filter.categories[c];
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(c));
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      if (ImGui::Selectable("##toggle", false, 0, ImVec2(0, h))) {
        filter.categories[c] = !on;
        changed = true;
      }
      if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%zu %s event%s: click to %s", count, category_label(category),
                          count == 1 ? "" : "s", on ? "hide" : "show");
      const ImVec2 centre(p.x + 7, p.y + h / 2);
      if (on) {
        dl->AddCircleFilled(centre, h * 0.3f, color_of(category), 12);
      } else {
        dl->AddCircle(centre, h * 0.3f, color_of(category), 12, 1.5f);
      }
      char number[24];
      std::snprintf(number, sizeof number, "%zu", count);
      const float number_w = ImGui::CalcTextSize(number).x;
      const ImU32 text = on ? IM_COL32(30, 30, 30, 255) : IM_COL32(150, 150, 150, 255);
      const std::string label = ellipsize(category_label(category), w - number_w - 30);
      dl->AddText(ImVec2(p.x + 17, p.y), text, label.c_str());
      dl->AddText(ImVec2(p.x + w - number_w - 2, p.y), IM_COL32(130, 130, 130, 255), number);
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();

  // Shapes legend, on as many lines as the width needs.
  const ImU32 sample = color_of(EventCategory::statement);
  const struct {
    ImU32 color;
    bool bar;
    const char* label;
  } shapes[] = {{sample, false, "a day"},
                {sample, true, "days"},
                {color_of(EventCategory::statement, 0.35f), true, "month, year"},
                {IM_COL32(120, 120, 130, 190), true, "crowd (count)"}};
  float x_end = 0;
  for (std::size_t i = 0; i < std::size(shapes); ++i) {
    const float w =
        24 + ImGui::CalcTextSize(shapes[i].label).x + ImGui::GetStyle().ItemSpacing.x * 2;
    if (i > 0 && x_end + w <= ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    swatch(shapes[i].color, shapes[i].bar);
    ImGui::TextColored(kDim, "%s", shapes[i].label);
    x_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
  }
  ImGui::TextColored(kDim, "%zu of %zu events shown", view.placed_count(), view.event_count());

  if (changed) {
    view.set_filter(std::move(filter));
    state.view_changed = true;
  }
}

}  // namespace tempograph::viz
