// Colours shared by every panel, the legend and the exports, so that a category always has the
// same colour. No ImGui here: RGB bytes, turned into ImU32 by the panels.
#pragma once

#include "tempograph/event.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace tempograph::viz {

inline constexpr std::size_t kCategoryCount = static_cast<std::size_t>(EventCategory::other) + 1;

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
};

// Grouped by hue family: talk (blues), agreement and easing (greens), hostility (reds, oranges),
// force (dark reds, browns), civil (purples, teals); `other` grey.
inline constexpr std::array<Rgb, kCategoryCount> kCategoryColors = {{
    {86, 140, 206},   // statement
    {121, 170, 226},  // appeal
    {70, 110, 180},   // intent
    {44, 160, 160},   // meeting
    {60, 170, 90},    // agreement
    {226, 120, 60},   // criticism
    {200, 150, 60},   // rejection
    {230, 90, 110},   // threat
    {170, 110, 200},  // protest
    {150, 110, 80},   // sanction
    {190, 80, 60},    // military_posture
    {210, 50, 50},    // military_action
    {120, 190, 120},  // de_escalation
    {200, 110, 170},  // humanitarian
    {130, 130, 200},  // legal
    {100, 150, 120},  // political
    {140, 140, 140},  // other
}};

inline Rgb category_color(EventCategory category) {
  return kCategoryColors[static_cast<std::size_t>(category)];
}

// "military action" for military_action: labels for people rather than identifiers.
const char* category_label(EventCategory category);

}  // namespace tempograph::viz
