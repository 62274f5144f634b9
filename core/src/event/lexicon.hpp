// The event stage's word lists (assets/events/*.tsv), indexed by the tokenizer's folded hash so
// that one table lookup per token says everything the stage knows about the word: its function
// word roles, whether it is a generic trigger and how likely, which categorized trigger phrases
// and which participant names and link signals start with it.
#pragma once

#include "../assets/hash_index.hpp"
#include "tempograph/event.hpp"
#include "tempograph/text.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tempograph::event {

// Roles of function words (words.tsv); a word may have several.
enum Role : std::uint16_t {
  kDeterminer = 1u << 0,
  kVerbCue = 1u << 1,
  kClause = 1u << 2,
  kAuxiliary = 1u << 3,
  kAdverb = 1u << 4,
  kNegation = 1u << 5,
  kTimePrep = 1u << 6,
  kPreposition = 1u << 7,
  kConjunction = 1u << 8,
  kOpener = 1u << 9,
  kHe = 1u << 10,
  kGroup = 1u << 11,
  kArticle = 1u << 12,
  kTitle = 1u << 13,
  kSelf = 1u << 14,
};

// Part-of-speech readings a trigger form can have.
enum PosMask : std::uint8_t { kVerb = 1, kNoun = 2, kAdjective = 4 };

// A form of a generic trigger (occurrences.tsv): the share of its occurrences that are events,
// by the previous word's context. kUnknownShare where the corpus had too few to tell.
struct GenericForm {
  static constexpr std::uint8_t kUnknownShare = 255;
  std::uint8_t overall = 0;
  std::uint8_t other = kUnknownShare;
  std::uint8_t after_determiner = kUnknownShare;
  std::uint8_t after_cue = kUnknownShare;
  PartOfSpeech pos = PartOfSpeech::other;
  TimemlEventClass timeml_class = TimemlEventClass::occurrence;
  std::string lemma;
};

// One form of a categorized trigger (triggers.tsv), e.g. "called on" of "call on".
struct CategorizedForm {
  std::vector<std::uint64_t> tokens;  // folded hashes of the phrase's tokens
  std::string lemma;
  EventCategory category = EventCategory::other;
  std::uint8_t pos = 0;  // PosMask readings of this form
  bool light = false;    // takes its event from a noun beside it
  bool past = false;     // a past tense or participle form ("signed", "told")
  bool base = false;     // the lemma itself (present tense for verbs)
};

// A signal of an explicit temporal link (signals.tsv): "after", "ahead of", "in the wake of".
struct SignalForm {
  std::vector<std::uint64_t> tokens;  // folded hashes of the phrase's tokens
  bool after = true;  // what the signal introduces happened before the clause's event ("after")
};

struct ParticipantEntry {
  std::string name;
  ParticipantKind kind = ParticipantKind::country;
  std::string country;
  std::string adjective;  // "Russian" for Russia
  bool ministry = false;  // named after the country beside it
};

// One alias of a participant.
struct ParticipantAlias {
  std::vector<std::uint64_t> tokens;
  std::uint32_t participant = 0;
  bool needs_capital = true;
};

// Everything known about one word, by its folded hash.
struct WordInfo {
  std::uint16_t roles = 0;
  std::int32_t generic = -1;               // index into generic forms, -1 when none
  std::vector<std::uint32_t> categorized;  // forms starting with this word, longest first
  std::vector<std::uint32_t> aliases;      // participant aliases starting with it, longest first
  std::vector<std::uint32_t> signals;      // link signals starting with it, longest first
};

class EventLexicon {
 public:
  // Loads words.tsv, occurrences.tsv, triggers.tsv, participants.tsv and signals.tsv from `dir`.
  void load(const std::filesystem::path& dir);

  const WordInfo* find(std::uint64_t hash) const {
    const std::uint32_t at = index_.find(hash);
    return at == assets::HashIndex::kMissing ? nullptr : &words_[at];
  }
  std::uint16_t roles(std::uint64_t hash) const {
    const WordInfo* w = find(hash);
    return w ? w->roles : 0;
  }

  const GenericForm& generic(std::int32_t i) const { return generic_[static_cast<std::size_t>(i)]; }
  const CategorizedForm& categorized(std::uint32_t i) const { return categorized_[i]; }
  const ParticipantAlias& alias(std::uint32_t i) const { return aliases_[i]; }
  const ParticipantEntry& participant(std::uint32_t i) const { return participants_[i]; }
  const SignalForm& signal(std::uint32_t i) const { return signals_[i]; }

  // The share (percent) a generic trigger needs in its context to count as an event.
  static constexpr std::uint8_t kGenericThreshold = 40;

 private:
  WordInfo& word(std::uint64_t hash);
  void load_words(const std::filesystem::path& file);
  void load_generic(const std::filesystem::path& file);
  void load_categorized(const std::filesystem::path& file);
  void load_participants(const std::filesystem::path& file);
  void load_signals(const std::filesystem::path& file);
  void add_categorized(CategorizedForm form);

  assets::HashIndex index_;  // folded hash -> words_ position
  std::vector<WordInfo> words_;
  std::vector<GenericForm> generic_;
  std::vector<CategorizedForm> categorized_;
  std::vector<ParticipantAlias> aliases_;
  std::vector<ParticipantEntry> participants_;
  std::vector<SignalForm> signals_;
};

// Hashes of a phrase's tokens, as the tokenizer computes them.
std::vector<std::uint64_t> phrase_hashes(std::string_view phrase);

}  // namespace tempograph::event
