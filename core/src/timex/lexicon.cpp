#include "lexicon.hpp"

#include "../assets/tsv.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace tempograph::timex {

// A few dozen classes: a scan of their names costs less than hashing one. From the last one on:
// a lexicon file's rows mostly name the class its earlier rows added.
ClassId Lexicon::class_id(std::string_view name) {
  if (const ClassId known = find_class(name)) return known;
  class_names_.emplace_back(name);
  return static_cast<ClassId>(class_names_.size() - 1);
}

ClassId Lexicon::find_class(std::string_view name) const {
  for (std::size_t id = class_names_.size() - 1; id > 0; --id)
    if (std::string_view(class_names_[id]) == name) return static_cast<ClassId>(id);
  return 0;
}

void Lexicon::add(std::string_view phrase, std::string_view cls, std::string_view value, bool cap) {
  thread_local std::vector<Token> toks;  // reused from call to call, for its capacity
  tokenize(phrase, toks);
  if (toks.empty()) throw std::runtime_error("empty phrase");
  LexiconEntry e;
  e.cls = class_id(cls);
  e.tokens.reserve(toks.size());
  for (const auto& t : toks) e.tokens.push_back(t.folded_hash);
  e.value = std::string(value);
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  e.number = (ec == std::errc() && ptr == value.data() + value.size()) ? n : 0;
  e.needs_capital = cap;
  if (e.cls >= longest_.size()) longest_.resize(e.cls + std::size_t{1}, 0);
  longest_[e.cls] = std::max(longest_[e.cls], e.tokens.size());
  std::uint32_t at = index_.find(e.tokens.front());
  if (at == assets::HashIndex::kMissing) {
    at = static_cast<std::uint32_t>(lists_.size());
    lists_.emplace_back();
    list_classes_.push_back(0);
    index_.insert(e.tokens.front(), at);
  }
  list_classes_[at] |= std::uint64_t{1} << (e.cls % 64);
  auto& list = lists_[at];
  // Longer phrases first, so that matching prefers "new year's day" over "new"; equals in the
  // order added (as a stable sort would leave them).
  const auto shorter = std::find_if(list.begin(), list.end(), [&](const LexiconEntry& x) {
    return x.tokens.size() < e.tokens.size();
  });
  list.insert(shorter, std::move(e));
}

void Lexicon::load_folder(const std::filesystem::path& dir) {
  for (const auto& file : assets::sorted_tsv_files(dir)) {
    assets::for_each_row(file, [&](const assets::TsvRow& row) {
      if (row.fields.size() < 3) row.fail("expected phrase, class and value");
      bool cap = row.fields.size() > 3 && row.fields[3] == "cap";
      if (row.fields.size() > 3 && !cap && !row.fields[3].empty())
        row.fail("the fourth column may only be 'cap'");
      add(row.fields[0], row.fields[1], row.fields[2], cap);
    });
  }
}

std::size_t Lexicon::match_in(const std::vector<LexiconEntry>& list, ClassId cls,
                              const std::vector<Token>& tokens, std::size_t i,
                              const LexiconEntry** entry) const {
  for (const auto& e : list) {
    if (e.cls != cls) continue;
    if (e.needs_capital && !tokens[i].capitalized) continue;
    if (i + e.tokens.size() > tokens.size()) continue;
    bool ok = true;
    for (std::size_t k = 1; k < e.tokens.size() && ok; ++k) {
      const Token& t = tokens[i + k];
      // Tokens of a phrase are adjacent or separated by plain spaces, never by a line break.
      ok = t.folded_hash == e.tokens[k] && !t.newline_before;
    }
    if (!ok) continue;
    *entry = &e;
    return e.tokens.size();
  }
  return 0;
}

}  // namespace tempograph::timex
