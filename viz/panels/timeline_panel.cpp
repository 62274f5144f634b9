// The timeline: lanes down the left, the time axis on top, events as points (a day), bars (a
// range) and lighter bars (a month or year), badges with counts where they crowd. Wheel zooms at
// the cursor, dragging pans (and scrolls the lanes), a click selects, a double click zooms in.
#include "viz/model/palette.hpp"
#include "viz/panels/panels.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace tempograph::viz {

namespace {

constexpr float kGutter = 150;    // lane labels
constexpr float kScrollbar = 10;  // lanes' vertical scrollbar

const ImU32 kText = IM_COL32(40, 40, 40, 255);
const ImU32 kTextDim = IM_COL32(95, 95, 95, 255);
const ImU32 kGrid = IM_COL32(0, 0, 0, 22);
const ImU32 kGridMajor = IM_COL32(0, 0, 0, 60);
const ImU32 kLaneShade = IM_COL32(0, 0, 0, 9);

ImVec2 add(ImVec2 a, ImVec2 b) {
  return ImVec2(a.x + b.x, a.y + b.y);
}

// Text clipped at `max_width` with an ellipsis, measured once (the font finds the cut).
void draw_clipped_text(ImDrawList* dl, ImVec2 pos, ImU32 color, std::string_view text,
                       float max_width) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* cut = end;
  const float width = font->CalcTextSizeA(size, max_width, 0, begin, end, &cut).x;
  if (cut == end && width <= max_width) {
    dl->AddText(font, size, pos, color, begin, end);
    return;
  }
  static const char* kDots = "\xe2\x80\xa6";
  const float dots = font->CalcTextSizeA(size, FLT_MAX, 0, kDots).x;
  cut = begin;
  font->CalcTextSizeA(size, max_width - dots, 0, begin, end, &cut);
  while (cut > begin && (static_cast<unsigned char>(*cut) & 0xC0) == 0x80) --cut;
  if (cut == begin) return;
  const float w = font->CalcTextSizeA(size, FLT_MAX, 0, begin, cut).x;
  dl->AddText(font, size, pos, color, begin, cut);
  dl->AddText(font, size, ImVec2(pos.x + w, pos.y), color, kDots);
}

void draw_tooltip(const ViewerState& state, const Glyph& g) {
  const TimelineView& view = state.view;
  const Timeline& t = view.timeline();
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  if (g.cluster()) {
    ImGui::Text("%u events", g.count);
    ImGui::TextDisabled("%s \xe2\x80\x93 %s", iso_day(g.time.start).c_str(),
                        iso_day(g.time.end - 1e-9).c_str());
    const auto events = view.row_events(g.row).subspan(g.item, std::min<std::size_t>(g.count, 6));
    for (auto e : events) ImGui::BulletText("%s", t.events[e].title.c_str());
    if (g.count > 6) ImGui::TextDisabled("and %u more", g.count - 6);
    ImGui::TextDisabled("Click to zoom in");
  } else {
    const Event& e = t.events[g.event];
    ImGui::TextUnformatted(e.title.c_str());
    ImGui::Separator();
    ImGui::Text("%s", describe(e.time).c_str());
    const auto sources = view.documents_of(g.event).size();
    ImGui::TextDisabled("%s \xc2\xb7 %zu source%s \xc2\xb7 %s", category_label(e.category), sources,
                        sources == 1 ? "" : "s", e.id.c_str());
    if (!e.disputed.empty()) ImGui::TextColored(ImVec4(0.75f, 0.3f, 0.1f, 1), "Date disputed");
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void draw_glyph(ImDrawList* dl, ImVec2 o, const Glyph& g, bool selected) {
  const float y = o.y + g.y;
  const float x0 = o.x + g.x0;
  const float x1 = o.x + g.x1;
  const auto category = static_cast<EventCategory>(g.category);
  if (g.cluster()) {
    const ImU32 fill = g.mixed ? IM_COL32(120, 120, 130, 190) : color_of(category, 0.75f);
    const float h = g.radius;
    dl->AddRectFilled(ImVec2(x0, y - h), ImVec2(std::max(x1, x0 + 2 * h), y + h), fill, h);
    char count[16];
    std::snprintf(count, sizeof count, "%u", g.count);
    const ImVec2 size = ImGui::CalcTextSize(count);
    const float width = std::max(x1, x0 + 2 * h) - x0;
    if (size.x + 4 <= width) {
      dl->AddText(ImVec2(x0 + (width - size.x) / 2, y - size.y / 2), IM_COL32_WHITE, count);
    }
    if (selected)
      dl->AddRect(ImVec2(x0 - 3, y - h - 3), ImVec2(x0 + width + 3, y + h + 3),
                  IM_COL32(20, 20, 20, 255), h + 3, 0, 2);
    return;
  }
  const ImU32 outline = IM_COL32(0, 0, 0, 90);
  switch (g.shape) {
    case Shape::point: {
      const ImVec2 c((x0 + x1) / 2, y);
      dl->AddCircleFilled(c, g.radius, color_of(category), 16);
      dl->AddCircle(c, g.radius, outline, 16);
      if (selected) dl->AddCircle(c, g.radius + 3.5f, IM_COL32(20, 20, 20, 255), 20, 2);
      break;
    }
    case Shape::range:
    case Shape::period: {
      const float h = g.shape == Shape::range ? g.radius : g.radius * 0.8f;
      const float alpha = g.shape == Shape::range ? 0.95f : 0.35f;  // month/year: lighter
      dl->AddRectFilled(ImVec2(x0, y - h), ImVec2(x1, y + h), color_of(category, alpha), 3);
      dl->AddRect(ImVec2(x0, y - h), ImVec2(x1, y + h),
                  g.shape == Shape::range ? outline : color_of(category, 0.9f), 3);
      if (selected)
        dl->AddRect(ImVec2(x0 - 3, y - h - 3), ImVec2(x1 + 3, y + h + 3), IM_COL32(20, 20, 20, 255),
                    4, 0, 2);
      break;
    }
  }
}

void handle_keys(ViewerState& state) {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) {  // typing in a field
    state.commands.clear();
    return;
  }
  TimelineView& view = state.view;
  const float width = view.viewport().width;
  bool changed = false;
  const float strip_h = state.strip_max.y - state.strip_min.y;
  const float row = view.metrics().row_height;
  for (const Command command : state.commands) {
    switch (command) {
      case Command::pan_left:
        view.pan_fraction(-0.1);
        break;
      case Command::pan_right:
        view.pan_fraction(0.1);
        break;
      case Command::scroll_up:
        view.set_scroll_y(view.scroll_y() - row * 2, strip_h);
        break;
      case Command::scroll_down:
        view.set_scroll_y(view.scroll_y() + row * 2, strip_h);
        break;
      case Command::clear_selection:
        view.clear_selection();
        break;
    }
    changed = true;
  }
  state.commands.clear();
  // Characters rather than key codes: '+' is Shift+'=' on one layout and its own key on another.
  for (const ImWchar c : io.InputQueueCharacters) {
    if (c == '+' || c == '=') view.zoom_at(width / 2, 1 / 1.5), changed = true;
    if (c == '-' || c == '_') view.zoom_at(width / 2, 1.5), changed = true;
    if (c == 'f' || c == 'F') view.fit_all(), changed = true;
  }
  if (changed) state.view_changed = true;
}

}  // namespace

void draw_timeline_panel(ViewerState& state) {
  TimelineView& view = state.view;
  ImGuiIO& io = ImGui::GetIO();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float line = ImGui::GetTextLineHeight();
  const float axis_h = line * 2 + 10;
  state.panel_min = origin;
  state.panel_max = add(origin, avail);
  if (avail.x < kGutter + 60 || avail.y < axis_h + 20) {
    ImGui::Dummy(avail);
    return;
  }
  const ImVec2 strip_min(origin.x + kGutter, origin.y + axis_h);
  const ImVec2 strip_max(origin.x + avail.x - kScrollbar, origin.y + avail.y);
  const float strip_w = strip_max.x - strip_min.x;
  const float strip_h = strip_max.y - strip_min.y;
  state.strip_min = strip_min;
  state.strip_max = strip_max;
  if (view.viewport().width != strip_w) state.view_changed = true;
  view.set_width(strip_w);
  view.set_metrics({std::max(20.0f, line + 6), 8});
  view.set_scroll_y(view.scroll_y(), strip_h);

  // Input, against what was drawn last frame.
  ImGui::SetCursorScreenPos(origin);
  ImGui::InvisibleButton("##timeline", ImVec2(avail.x - kScrollbar, avail.y));
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const ImVec2 mouse = io.MousePos;
  const bool over_strip = hovered && mouse.x >= strip_min.x;
  const ImVec2 local(mouse.x - strip_min.x, mouse.y - strip_min.y);
  const Viewport before = view.viewport();
  const float scroll_before = view.scroll_y();
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyCtrl || !over_strip) {
      view.set_scroll_y(view.scroll_y() - io.MouseWheel * view.metrics().row_height * 3, strip_h);
    } else if (io.KeyShift) {
      view.pan_pixels(io.MouseWheel * strip_w * 0.08f);
    } else {
      view.zoom_at(local.x, std::pow(0.8, io.MouseWheel));
    }
  }
  if (hovered && io.MouseWheelH != 0) view.pan_pixels(-io.MouseWheelH * strip_w * 0.08f);
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3)) {
    view.pan_pixels(io.MouseDelta.x);
    view.set_scroll_y(view.scroll_y() - io.MouseDelta.y, strip_h);
  }
  std::optional<std::size_t> hit;
  if (over_strip && local.y >= 0) hit = TimelineView::hit_test(state.frame, local.x, local.y, 4);
  const bool clicked = ImGui::IsItemDeactivated() && io.MouseDragMaxDistanceSqr[0] < 9;
  if (clicked && hit) {
    const Glyph g = state.frame.glyphs[*hit];
    if (g.cluster()) {
      // A badge opens up: zoom so that its events spread out (at least 4x).
      const Days length = g.time.end - g.time.start;
      if (length * 4 < view.viewport().span * 0.9) {
        view.focus(g.time);
      } else {
        view.zoom_at(local.x, 0.25);
      }
    } else {
      select_event(state, g.event);
    }
  }
  if (hovered && over_strip && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && hit &&
      !state.frame.glyphs[*hit].cluster()) {
    view.zoom_to_event(state.frame.glyphs[*hit].event);
  }
  handle_keys(state);
  if (view.viewport().start != before.start || view.viewport().span != before.span ||
      view.scroll_y() != scroll_before)
    state.view_changed = true;

  // This frame's glyphs.
  state.frame = view.layout(strip_h);
  const Frame& frame = state.frame;
  const Axis axis = make_axis(view.viewport(), ImGui::CalcTextSize("0").x, 14);

  dl->AddRectFilled(origin, state.panel_max, IM_COL32_WHITE);
  // Lane bands and labels.
  dl->PushClipRect(ImVec2(origin.x, strip_min.y), strip_max, true);
  for (std::size_t b = 0; b < frame.bands.size(); ++b) {
    const LaneBand& band = frame.bands[b];
    const Lane& lane = view.lanes()[band.lane];
    const float y0 = strip_min.y + band.y0 - 4;
    const float y1 = strip_min.y + band.y1 + 4;
    if (band.lane % 2 == 1)
      dl->AddRectFilled(ImVec2(origin.x, y0), ImVec2(strip_max.x, y1), kLaneShade);
    dl->AddLine(ImVec2(origin.x, y1), ImVec2(strip_max.x, y1), kGrid);
    // Label pinned to the lane's top while it is on screen.
    const float label_y = std::clamp(strip_min.y + 4, y0 + 4, y1 - line - 2);
    float x = origin.x + 8;
    if (view.lane_mode() == LaneMode::category) {
      const auto c = static_cast<EventCategory>(lane.key);
      dl->AddRectFilled(ImVec2(x, label_y + 3), ImVec2(x + 10, label_y + line - 3), color_of(c), 2);
      x += 16;
    }
    char count[24];
    std::snprintf(count, sizeof count, "%zu", lane.events);
    const float count_w = ImGui::CalcTextSize(count).x;
    draw_clipped_text(dl, ImVec2(x, label_y), kText, lane.label,
                      kGutter - (x - origin.x) - count_w - 14);
    dl->AddText(ImVec2(origin.x + kGutter - count_w - 8, label_y), kTextDim, count);
  }
  dl->PopClipRect();
  dl->AddLine(ImVec2(strip_min.x, origin.y), ImVec2(strip_min.x, strip_max.y), kGridMajor);

  // Axis: context (month, year) on the first line, ticks on the second; gridlines down the strip.
  dl->PushClipRect(ImVec2(strip_min.x, origin.y), strip_max, true);
  for (const Tick& tick : axis.context) {
    const float x = strip_min.x + static_cast<float>(view.viewport().x_of(tick.t));
    if (x >= strip_min.x) dl->AddLine(ImVec2(x, origin.y + 2), ImVec2(x, strip_max.y), kGridMajor);
    dl->AddText(ImVec2(strip_min.x + tick.x + 4, origin.y + 3), kText, tick.label.c_str());
  }
  for (const Tick& tick : axis.ticks) {
    const float x = strip_min.x + tick.x;
    dl->AddLine(ImVec2(x, origin.y + line + 6), ImVec2(x, strip_max.y), kGrid);
    dl->AddText(ImVec2(x + 3, origin.y + line + 6), kTextDim, tick.label.c_str());
  }
  dl->AddLine(ImVec2(origin.x, strip_min.y), ImVec2(strip_max.x, strip_min.y), kGridMajor);
  dl->PopClipRect();

  // Events.
  dl->PushClipRect(strip_min, strip_max, true);
  const auto selected = view.selected();
  if (selected && view.passes(*selected)) {
    const Interval iv = view.interval(*selected);
    const float x = strip_min.x + static_cast<float>(view.viewport().x_of((iv.start + iv.end) / 2));
    dl->AddLine(ImVec2(x, strip_min.y), ImVec2(x, strip_max.y), IM_COL32(30, 30, 30, 70), 1);
  }
  const Timeline& t = view.timeline();
  // A badge holding the selected event is ringed too (scanned only when small enough).
  const auto holds_selected = [&](const Glyph& g) {
    if (!selected || !g.cluster() || g.count > 4096) return false;
    const Interval iv = view.interval(*selected);
    if (iv.start < g.time.start || iv.start > g.time.end) return false;
    const auto events = view.row_events(g.row).subspan(g.item, g.count);
    return std::find(events.begin(), events.end(), *selected) != events.end();
  };
  for (const Glyph& g : frame.glyphs) {
    const bool ringed = g.cluster() ? holds_selected(g) : selected == g.event;
    draw_glyph(dl, strip_min, g, ringed);
    if (!g.cluster() && g.label_room >= 36) {
      const float x = strip_min.x + g.x1 + 5;
      draw_clipped_text(dl, ImVec2(std::max(x, strip_min.x + 2), strip_min.y + g.y - line / 2),
                        selected == g.event ? kText : kTextDim, t.events[g.event].title,
                        g.label_room - 2);
    }
  }
  if (frame.glyphs.empty()) {
    const char* message =
        view.event_count() == 0
            ? "No events."
            : (view.placed_count() == 0
                   ? "No event matches the filters."
                   : "No events in this stretch of time: press F to see them all.");
    const ImVec2 size = ImGui::CalcTextSize(message);
    dl->AddText(ImVec2(strip_min.x + (strip_w - size.x) / 2, strip_min.y + strip_h / 2 - size.y),
                kTextDim, message);
  }
  dl->PopClipRect();

  // The lanes' scrollbar.
  const float content = view.content_height();
  ImGui::SetCursorScreenPos(ImVec2(strip_max.x, strip_min.y));
  ImGui::InvisibleButton("##lanes_scroll", ImVec2(kScrollbar, std::max(strip_h, 1.0f)));
  if (content > strip_h) {
    const float thumb_h = std::max(24.0f, strip_h * strip_h / content);
    const float range = content - strip_h;
    if (ImGui::IsItemActive()) {
      const float y = (io.MousePos.y - strip_min.y - thumb_h / 2) / (strip_h - thumb_h);
      view.set_scroll_y(y * range, strip_h);
      state.view_changed = true;
    }
    const float top = strip_min.y + (strip_h - thumb_h) * (view.scroll_y() / range);
    dl->AddRectFilled(
        ImVec2(strip_max.x + 2, top), ImVec2(strip_max.x + kScrollbar - 2, top + thumb_h),
        IM_COL32(0, 0, 0, ImGui::IsItemHovered() || ImGui::IsItemActive() ? 110 : 60), 4);
  }

  // The tooltip describes what is under the mouse now, in this frame's glyphs.
  if (over_strip && !active && local.y >= 0) {
    if (const auto now = TimelineView::hit_test(frame, local.x, local.y, 4))
      draw_tooltip(state, frame.glyphs[*now]);
  }
  if (hovered) ImGui::SetMouseCursor(active ? ImGuiMouseCursor_ResizeAll : ImGuiMouseCursor_Arrow);
}

}  // namespace tempograph::viz
