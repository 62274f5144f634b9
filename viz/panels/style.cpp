#include "viz/model/palette.hpp"
#include "viz/panels/panels.hpp"

#include <filesystem>
#include <system_error>

namespace tempograph::viz {

void select_event(ViewerState& state, std::uint32_t event, std::size_t mention) {
  state.view.select(event, mention);
  const auto& e = state.view.timeline().events[event];
  const std::size_t m = state.view.selected_mention();
  if (m < e.mentions.size()) {
    state.shown_doc = e.mentions[m].doc;
    state.scroll_to = e.mentions[m].begin;
  }
  state.report = {};
}

ImU32 rgba(int r, int g, int b, int a) {
  return IM_COL32(r, g, b, a);
}

ImU32 color_of(EventCategory category, float alpha) {
  const Rgb c = category_color(category);
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255));
}

void apply_style() {
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0;
  style.ChildRounding = 0;
  style.FrameRounding = 3;
  style.GrabRounding = 3;
  style.ScrollbarRounding = 3;
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.FramePadding = ImVec2(6, 4);
  style.ItemSpacing = ImVec2(8, 5);
  style.WindowPadding = ImVec2(8, 8);
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
  colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  colors[ImGuiCol_Border] = ImVec4(0.80f, 0.80f, 0.78f, 1);
  colors[ImGuiCol_MenuBarBg] = ImVec4(0.91f, 0.91f, 0.89f, 1);
  colors[ImGuiCol_Header] = ImVec4(0.80f, 0.87f, 0.97f, 1);
  colors[ImGuiCol_HeaderHovered] = ImVec4(0.72f, 0.82f, 0.96f, 1);
  colors[ImGuiCol_HeaderActive] = ImVec4(0.62f, 0.75f, 0.95f, 1);
  colors[ImGuiCol_TableHeaderBg] = ImVec4(0.91f, 0.91f, 0.89f, 1);
}

void load_fonts(float size_pixels) {
  ImGuiIO& io = ImGui::GetIO();
  static const ImWchar kRanges[] = {
      0x0020, 0x024F,  // Latin, Latin-1, Latin Extended A and B
      0x0370, 0x03FF,  // Greek
      0x0400, 0x052F,  // Cyrillic
      0x2000, 0x206F,  // punctuation: dashes, quotes, ellipsis
      0x20A0, 0x20CF,  // currency
      0x2190, 0x21FF,  // arrows
      0x2212, 0x2212,  // minus
      0,
  };
  const char* candidates[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                              "/usr/share/fonts/TTF/DejaVuSans.ttf"};
  for (const char* path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    if (io.Fonts->AddFontFromFileTTF(path, size_pixels, &config, kRanges)) return;
  }
  io.Fonts->AddFontDefault();
}

std::string ellipsize(std::string_view text, float max_width) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (ImGui::CalcTextSize(begin, end).x <= max_width) return std::string(text);
  const char* dots = "\xe2\x80\xa6";  // …
  const float room = max_width - ImGui::CalcTextSize(dots).x;
  if (room <= 0) return {};
  // The longest prefix that fits, cut at a UTF-8 character boundary.
  std::size_t lo = 0, hi = text.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi + 1) / 2;
    if (ImGui::CalcTextSize(begin, begin + mid).x <= room) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  while (lo > 0 && (static_cast<unsigned char>(text[lo]) & 0xC0) == 0x80) --lo;
  while (lo > 0 && text[lo - 1] == ' ') --lo;
  return std::string(text.substr(0, lo)) + dots;
}

void help_marker(const char* text) {
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace tempograph::viz
