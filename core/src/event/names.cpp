// The names of the event stage's enumerations, as they appear in assets and output.
#include "tempograph/event.hpp"

#include <array>

namespace tempograph {
namespace {

constexpr std::array<std::string_view, 17> kCategories = {"statement",
                                                          "appeal",
                                                          "intent",
                                                          "meeting",
                                                          "agreement",
                                                          "criticism",
                                                          "rejection",
                                                          "threat",
                                                          "protest",
                                                          "sanction",
                                                          "military_posture",
                                                          "military_action",
                                                          "de_escalation",
                                                          "humanitarian",
                                                          "legal",
                                                          "political",
                                                          "other"};

}  // namespace

std::string_view to_string(EventCategory category) {
  return kCategories[static_cast<std::size_t>(category)];
}

std::optional<EventCategory> parse_event_category(std::string_view name) {
  for (std::size_t i = 0; i < kCategories.size(); ++i)
    if (kCategories[i] == name) return static_cast<EventCategory>(i);
  return std::nullopt;
}

std::string_view to_string(TimemlEventClass event_class) {
  switch (event_class) {
    case TimemlEventClass::occurrence:
      return "OCCURRENCE";
    case TimemlEventClass::reporting:
      return "REPORTING";
    case TimemlEventClass::perception:
      return "PERCEPTION";
    case TimemlEventClass::aspectual:
      return "ASPECTUAL";
    case TimemlEventClass::i_action:
      return "I_ACTION";
    case TimemlEventClass::i_state:
      return "I_STATE";
    case TimemlEventClass::state:
      return "STATE";
  }
  return "OCCURRENCE";
}

std::string_view to_string(PartOfSpeech pos) {
  switch (pos) {
    case PartOfSpeech::verb:
      return "VERB";
    case PartOfSpeech::noun:
      return "NOUN";
    case PartOfSpeech::adjective:
      return "ADJECTIVE";
    case PartOfSpeech::other:
      return "OTHER";
  }
  return "OTHER";
}

std::string_view to_string(ParticipantKind kind) {
  switch (kind) {
    case ParticipantKind::country:
      return "country";
    case ParticipantKind::organization:
      return "organization";
    case ParticipantKind::person:
      return "person";
    case ParticipantKind::place:
      return "place";
    case ParticipantKind::group:
      return "group";
  }
  return "country";
}

std::string_view to_string(AnchorSource source) {
  switch (source) {
    case AnchorSource::timex:
      return "timex";
    case AnchorSource::dct:
      return "dct";
    case AnchorSource::coreference:
      return "coreference";
    case AnchorSource::previous_sentence:
      return "previous_sentence";
    case AnchorSource::none:
      return "none";
  }
  return "none";
}

}  // namespace tempograph
