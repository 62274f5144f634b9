#include "viz/model/palette.hpp"

namespace tempograph::viz {

const char* category_label(EventCategory category) {
  static constexpr std::array<const char*, kCategoryCount> kLabels = {"statement",
                                                                      "appeal",
                                                                      "intent",
                                                                      "meeting",
                                                                      "agreement",
                                                                      "criticism",
                                                                      "rejection",
                                                                      "threat",
                                                                      "protest",
                                                                      "sanction",
                                                                      "military posture",
                                                                      "military action",
                                                                      "de-escalation",
                                                                      "humanitarian",
                                                                      "legal",
                                                                      "political",
                                                                      "other"};
  return kLabels[static_cast<std::size_t>(category)];
}

}  // namespace tempograph::viz
