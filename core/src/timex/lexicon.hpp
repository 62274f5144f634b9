// The word lists of the time-expression recognizer (assets/timex/en/lexicon/*.tsv): phrases of one
// or more tokens, each with a class (MONTH, WEEKDAY, UNIT, ...) and a value. Looked up by the
// folded hash the tokenizer computes, so a lookup never touches the text again.
#pragma once

#include "../assets/hash_index.hpp"
#include "tempograph/text.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph::timex {

using ClassId = std::uint16_t;

struct LexiconEntry {
  ClassId cls = 0;
  std::vector<std::uint64_t> tokens;  // folded hashes of the phrase's tokens (first one included)
  std::string value;                  // the class value ("9" for September, "D" for days, ...)
  std::int64_t number = 0;            // value as an integer when it is one
  bool needs_capital = false;         // e.g. "May" the month, not "may" the verb
};

class Lexicon {
 public:
  // Class ids are assigned on first use, so rules can name classes the lexicon also defines.
  ClassId class_id(std::string_view name);
  ClassId find_class(std::string_view name) const;  // 0 when unknown
  const std::string& class_name(ClassId id) const { return class_names_[id]; }

  // Loads every *.tsv file in `dir`: "phrase<TAB>CLASS<TAB>value[<TAB>cap]". Throws naming the
  // file and line of a malformed row.
  void load_folder(const std::filesystem::path& dir);
  void add(std::string_view phrase, std::string_view cls, std::string_view value, bool cap);

  // Entries whose phrase starts with the token with this hash, or nullptr.
  const std::vector<LexiconEntry>* starting_with(std::uint64_t hash) const {
    std::uint32_t at = index_.find(hash);
    return at == assets::HashIndex::kMissing ? nullptr : &lists_[at];
  }

  // Matches an entry of class `cls` at tokens[i]; returns tokens consumed (0 for none).
  // Most calls (from the rule matcher) find no list, or one without the class (its bit in
  // list_classes_), and end here without walking a list.
  std::size_t match(ClassId cls, const std::vector<Token>& tokens, std::size_t i,
                    const LexiconEntry** entry) const {
    const std::uint32_t at = index_.find(tokens[i].folded_hash);
    if (at == assets::HashIndex::kMissing || !((list_classes_[at] >> (cls % 64)) & 1u)) return 0;
    return match_in(lists_[at], cls, tokens, i, entry);
  }

  // Every entry of a class.
  std::vector<const LexiconEntry*> entries_of(ClassId cls) const {
    std::vector<const LexiconEntry*> out;
    for (const auto& list : lists_)
      for (const auto& e : list)
        if (e.cls == cls) out.push_back(&e);
    return out;
  }

  // entries_of() of every class at once, by class id, in one pass.
  using EntriesByClass = std::vector<std::vector<const LexiconEntry*>>;
  EntriesByClass entries_by_class() const {
    std::vector<std::size_t> sizes(class_names_.size(), 0);
    for (const auto& list : lists_)
      for (const auto& e : list) ++sizes[e.cls];
    EntriesByClass out(class_names_.size());
    for (std::size_t cls = 0; cls < out.size(); ++cls) out[cls].reserve(sizes[cls]);
    for (const auto& list : lists_)
      for (const auto& e : list) out[e.cls].push_back(&e);
    return out;
  }

  // The most tokens a phrase of this class has.
  std::size_t longest(ClassId cls) const { return cls < longest_.size() ? longest_[cls] : 0; }

 private:
  std::vector<std::string> class_names_{""};      // by class id; 0 stands for none
  assets::HashIndex index_;                       // first-token hash -> lists_ position
  std::vector<std::vector<LexiconEntry>> lists_;  // entries sharing a first token, longest first
  std::vector<std::uint64_t> list_classes_;       // by lists_ position: bit cls % 64 of its classes
  std::vector<std::size_t> longest_;              // by class id

  std::size_t match_in(const std::vector<LexiconEntry>& list, ClassId cls,
                       const std::vector<Token>& tokens, std::size_t i,
                       const LexiconEntry** entry) const;
};

}  // namespace tempograph::timex
