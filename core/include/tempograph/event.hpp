// Events: the happenings a news article reports, each found at its trigger word ("attack",
// "signed", "talks", "said"), anchored to a time, with its participants, a category and a short
// title. The word lists are data (assets/events/*.tsv), loaded once into an EventExtractor.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/timex.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

// What kind of happening, in the spirit of the CAMEO codebook for political news. `other` is an
// occurrence of no category (TimeML counts it as an event; a timeline usually leaves it out).
enum class EventCategory : std::uint8_t {
  statement,         // said, announced, told a news conference
  appeal,            // called on, urged, demanded
  intent,            // pledged, offered, promised
  meeting,           // talks, met, visited, discussed
  agreement,         // signed, agreement, ceasefire, treaty
  criticism,         // condemned, accused, blamed
  rejection,         // denied, rejected, dismissed
  threat,            // threatened, warned
  protest,           // protested, demonstration
  sanction,          // sanctions, embargo, blockade, expelled
  military_posture,  // deployed, mobilized, exercises
  military_action,   // attack, offensive, shelling, clashes
  de_escalation,     // withdrew, pulled back, released
  humanitarian,      // evacuated, aid, fled, displaced
  legal,             // arrested, investigation, trial
  political,         // election, resigned, appointed
  other,
};

std::string_view to_string(EventCategory category);  // "military_action", ...
std::optional<EventCategory> parse_event_category(std::string_view name);

// TimeML's EVENT classes, for writing EVENT tags.
enum class TimemlEventClass : std::uint8_t {
  occurrence,
  reporting,
  perception,
  aspectual,
  i_action,
  i_state,
  state,
};

std::string_view to_string(TimemlEventClass event_class);  // "OCCURRENCE", "REPORTING", ...

enum class PartOfSpeech : std::uint8_t { verb, noun, adjective, other };

std::string_view to_string(PartOfSpeech pos);  // "VERB", "NOUN", "ADJECTIVE", "OTHER"

// An event trigger as TimeML marks it: one word (verb, event noun, stative adjective). Finding
// triggers is the cheap part of event extraction; the EVENT tags of a TimeML export are these.
struct EventTrigger {
  std::uint32_t begin = 0;  // byte offsets into the text
  std::uint32_t end = 0;
  EventCategory category = EventCategory::other;
  TimemlEventClass timeml_class = TimemlEventClass::occurrence;
  PartOfSpeech pos = PartOfSpeech::other;
};

enum class ParticipantKind : std::uint8_t { country, organization, person, place, group };

std::string_view to_string(ParticipantKind kind);  // "country", ...

// A named participant, under one name for all its forms: "Azerbaijani", "Baku" and "Azerbaijan's"
// are all "Azerbaijan"; "Putin" is "Vladimir Putin"; "its forces" counts the country "its" is.
struct Participant {
  std::string name;
  ParticipantKind kind = ParticipantKind::country;
  std::string country;  // the state it belongs to or speaks for ("Russia" for "Kremlin"), or ""
};

// Where a mention's time came from. The chain is tried in this order; see extractor.cpp.
enum class AnchorSource : std::uint8_t {
  timex,              // a time expression in its sentence ("launched ... on September 13")
  dct,                // reporting or present-tense narration with no time: the article's date
  coreference,        // an earlier mention of the same happening in the article ("the incursion")
  previous_sentence,  // past narration that continues the previous sentence's dated event
  none,               // not known
};

std::string_view to_string(AnchorSource source);  // "timex", "dct", ...

struct EventMention {
  std::uint32_t begin = 0;  // the trigger, byte offsets into Document::text
  std::uint32_t end = 0;
  std::uint32_t sentence_begin = 0;  // its sentence, for showing the evidence
  std::uint32_t sentence_end = 0;
  std::string trigger_lemma;  // "attack" for "attacks", "call on" for "called on"
  EventCategory category = EventCategory::other;
  PartOfSpeech pos = PartOfSpeech::other;
  std::string title;  // at most 12 words, from the sentence: "Azerbaijan's forces launched ..."
  std::vector<Participant> participants;  // named in the title's part of the sentence, each once
  AnchorSource anchor = AnchorSource::none;
  // The time expression the time comes from (an index into find()'s `timexes`), directly or
  // through an earlier mention; -1 for dct and none.
  int timex = -1;
  std::string time_value;      // TimeML value: the time expression's, the DCT's, or "" (none)
  std::string time_range_end;  // the end's value when the time is a range ("September 19-20")
};

// An explicit order the text states between a mention and another happening: "clashes resumed
// after the 2020 war", "the first talks since the ceasefire", "weeks before the offensive".
struct EventLink {
  std::uint32_t mention = 0;  // index into find()'s mentions: the clause's event
  bool mention_after = true;  // the mention is after the target ("after", "since", "following")
  std::uint32_t begin = 0;    // the signal and its phrase: "after the 2020 war"
  std::uint32_t end = 0;
  std::uint32_t target_begin = 0;  // the target's trigger word ("war")
  std::uint32_t target_end = 0;
  std::string target_lemma;  // "war"
  std::string target_time;   // the value of a date in the phrase ("2020"), or ""
};

// Finds events. Immutable once loaded: one instance serves any number of threads.
class EventExtractor {
 public:
  // Loads assets_dir/events/*.tsv. Throws std::runtime_error naming the file and line of a
  // malformed entry.
  static EventExtractor load(const std::filesystem::path& assets_dir);

  EventExtractor(EventExtractor&&) noexcept;
  EventExtractor& operator=(EventExtractor&&) noexcept;
  ~EventExtractor();

  // Every event trigger in TimeML's sense, in text order. No titles, times or participants: this
  // is for TimeML export and trigger scoring, and runs at tokenizer speed.
  std::vector<EventTrigger> find_triggers(std::string_view text) const;

  // The mentions a timeline shows: triggers of a category other than `other`, one per happening
  // a clause reports (in "launched a large-scale attack" the attack is the mention), anchored,
  // with participants and a title. `timexes` are TimexRecognizer::find's result for the same
  // document (text and DCT), which EventMention::timex indexes.
  std::vector<EventMention> find(const Document& document,
                                 const std::vector<TimeExpression>& timexes) const;

  // The explicit links of find()'s `mentions` in the same document: a signal word (after, since,
  // following, before, ahead of, prior to, until) in a mention's sentence, followed closely by
  // another event word.
  std::vector<EventLink> find_links(const Document& document,
                                    const std::vector<TimeExpression>& timexes,
                                    const std::vector<EventMention>& mentions) const;

 private:
  struct Impl;
  explicit EventExtractor(std::unique_ptr<const Impl> impl);
  std::unique_ptr<const Impl> impl_;
};

}  // namespace tempograph
