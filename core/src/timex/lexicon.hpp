// The word lists of the time-expression recognizer (assets/timex/en/lexicon/*.tsv): phrases of one
// or more tokens, each with a class (MONTH, WEEKDAY, UNIT, ...) and a value. Looked up by the
// folded hash the tokenizer computes, so a lookup never touches the text again.
#pragma once

#include "../assets/hash_index.hpp"
#include "tempograph/text.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph::timex {

using ClassId = std::uint16_t;

struct LexiconEntry {
  ClassId cls = 0;
  // Folded hashes of the phrase's tokens (first one included), in its Lexicon's token store.
  std::span<const std::uint64_t> tokens;
  std::string value;           // the class value ("9" for September, "D" for days, ...)
  std::int64_t number = 0;     // value as an integer when it is one
  bool needs_capital = false;  // e.g. "May" the month, not "may" the verb
};

// A holiday's day as holidays.tsv writes it: "12-25" (a fixed day), "11-4-4" (the N-th weekday W
// of a month, 1 = Monday, N 1-5 or "L" for the last), "11-1-1+1" (D days after that one) or "E-2"
// (days from Easter Sunday). Read when the lexicon is loaded, which rejects any other form, and
// when a holiday is valued.
struct HolidaySpec {
  bool from_easter = false;
  int month = 0;       // 1-12 (April for a day from Easter)
  int day = 0;         // a fixed day of the month, else 0
  int weekday = 0;     // for an N-th weekday: 1 = Monday ... 7 = Sunday
  int nth = 0;         // 1-5, or -1 for the last such weekday of the month
  int days_after = 0;  // after that weekday, or from Easter Sunday (negative: before)
};
std::optional<HolidaySpec> parse_holiday(std::string_view spec);

class Lexicon {
 public:
  Lexicon() = default;
  // Entries view the lexicon's own token store: a copy's would view the original's.
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;
  Lexicon(Lexicon&&) noexcept = default;
  Lexicon& operator=(Lexicon&&) noexcept = default;

  // Class ids are assigned on first use, so rules can name classes the lexicon also defines.
  ClassId class_id(std::string_view name);
  ClassId find_class(std::string_view name) const;  // 0 when unknown
  const std::string& class_name(ClassId id) const { return class_names_[id]; }

  // A class whose values are a fixed set the code reads (TENSE's PAST, FUTURE, ...), whose
  // phrases may be limited to one word.
  struct ClosedClass {
    std::string_view name;
    std::span<const std::string_view> values;
    bool single_words = false;
  };

  // Loads every *.tsv file in `dir`: "phrase<TAB>CLASS<TAB>value[<TAB>cap]". Throws naming the
  // file and line of a malformed row, and of a row of a closed class with another value or, where
  // it takes single words, a phrase.
  void load_folder(const std::filesystem::path& dir, std::span<const ClosedClass> closed = {});

  // Matches an entry of class `cls` at tokens[i]; returns tokens consumed (0 for none).
  // Most calls (from the rule matcher) find no list, or one without the class (its bit in
  // list_classes_), and end here without walking a list: inlined into the matcher, which calls
  // it once per class element tried.
  [[gnu::always_inline]] std::size_t match(ClassId cls, const std::vector<Token>& tokens,
                                           std::size_t i, const LexiconEntry** entry) const {
    const std::uint32_t at = index_.find(tokens[i].folded_hash);
    if (at == assets::HashIndex::kMissing || !((list_classes_[at] >> (cls % 64)) & 1u)) return 0;
    return match_in(list_starts_[at], list_starts_[at + 1], cls, tokens, i, entry);
  }

  // Every entry of a class.
  std::vector<const LexiconEntry*> entries_of(ClassId cls) const {
    std::vector<const LexiconEntry*> out;
    for (const auto& e : entries_)
      if (e.cls == cls) out.push_back(&e);
    return out;
  }

  // entries_of() of every class at once, by class id, in one pass.
  using EntriesByClass = std::vector<std::vector<const LexiconEntry*>>;
  EntriesByClass entries_by_class() const {
    std::vector<std::size_t> sizes(class_names_.size(), 0);
    for (const auto& e : entries_) ++sizes[e.cls];
    EntriesByClass out(class_names_.size());
    for (std::size_t cls = 0; cls < out.size(); ++cls) out[cls].reserve(sizes[cls]);
    for (const auto& e : entries_) out[e.cls].push_back(&e);
    return out;
  }

  // The most tokens a phrase of this class has.
  std::size_t longest(ClassId cls) const { return cls < longest_.size() ? longest_[cls] : 0; }

 private:
  // Where add() put an entry's tokens in tokens_, and the list it belongs to.
  struct Added {
    std::uint32_t list = 0;
    std::uint32_t first_token = 0;
    std::uint32_t token_count = 0;
  };

  void add(std::string_view phrase, std::string_view cls, std::string_view value, bool cap);
  // Orders entries_ by list, and each list longest first, once all are added.
  void group();

  std::vector<std::string> class_names_{""};  // by class id; 0 stands for none
  assets::HashIndex index_;                   // first-token hash -> list number
  // The entries sharing a first token make a list: entries_ from list_starts_[list] to
  // list_starts_[list + 1], longest phrase first. Lists are numbered as their first entry came.
  std::vector<LexiconEntry> entries_;
  std::vector<std::uint32_t> list_starts_;
  std::vector<std::uint64_t> list_classes_;  // by list: bit cls % 64 of its classes
  std::vector<std::uint64_t> tokens_;        // every entry's tokens, end to end
  std::vector<Added> added_;                 // by entry, in the order added, until group()
  std::vector<std::size_t> longest_;         // by class id

  // match() in the list of entries_ [first, last).
  std::size_t match_in(std::uint32_t first, std::uint32_t last, ClassId cls,
                       const std::vector<Token>& tokens, std::size_t i,
                       const LexiconEntry** entry) const;
};

}  // namespace tempograph::timex
