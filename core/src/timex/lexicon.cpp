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
  e.value = std::string(value);
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  e.number = (ec == std::errc() && ptr == value.data() + value.size()) ? n : 0;
  e.needs_capital = cap;
  if (e.cls >= longest_.size()) longest_.resize(e.cls + std::size_t{1}, 0);
  longest_[e.cls] = std::max(longest_[e.cls], toks.size());
  const std::uint64_t first = toks.front().folded_hash;
  std::uint32_t at = index_.find(first);
  if (at == assets::HashIndex::kMissing) {
    at = static_cast<std::uint32_t>(list_classes_.size());
    list_classes_.push_back(0);
    index_.insert(first, at);
  }
  list_classes_[at] |= std::uint64_t{1} << (e.cls % 64);
  added_.push_back(
      {at, static_cast<std::uint32_t>(tokens_.size()), static_cast<std::uint32_t>(toks.size())});
  for (const auto& t : toks) tokens_.push_back(t.folded_hash);
  entries_.push_back(std::move(e));
}

void Lexicon::group() {
  // Entry numbers by list, in the order added (a counting sort)...
  list_starts_.assign(list_classes_.size() + 1, 0);
  for (const Added& a : added_) ++list_starts_[a.list + 1];
  for (std::size_t k = 1; k < list_starts_.size(); ++k) list_starts_[k] += list_starts_[k - 1];
  std::vector<std::uint32_t> order(added_.size());
  std::vector<std::uint32_t> filled(list_starts_.begin(), list_starts_.end() - 1);
  for (std::uint32_t k = 0; k < added_.size(); ++k) order[filled[added_[k].list]++] = k;
  // ...then longer phrases first, so that matching prefers "new year's day" over "new"; equals
  // in the order added. Lists are short: an insertion sort.
  auto longer = [&](std::uint32_t a, std::uint32_t b) {
    return added_[a].token_count > added_[b].token_count;
  };
  for (std::size_t list = 0; list + 1 < list_starts_.size(); ++list) {
    const auto first = order.begin() + list_starts_[list];
    const auto last = order.begin() + list_starts_[list + 1];
    for (auto it = first; it != last; ++it)
      std::rotate(std::upper_bound(first, it, *it, longer), it, it + 1);
  }
  std::vector<LexiconEntry> grouped;
  grouped.reserve(entries_.size());
  for (const std::uint32_t k : order) {
    LexiconEntry& e = grouped.emplace_back(std::move(entries_[k]));
    e.tokens = std::span(tokens_).subspan(added_[k].first_token, added_[k].token_count);
  }
  entries_ = std::move(grouped);
}

namespace {

bool digits(std::string_view s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number_of(std::string_view s) {
  int n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

}  // namespace

std::optional<HolidaySpec> parse_holiday(std::string_view v) {
  HolidaySpec h;
  if (v.size() >= 2 && v[0] == 'E' && (v[1] == '+' || v[1] == '-')) {
    if (!digits(v.substr(2), 1, 3)) return std::nullopt;
    h.from_easter = true;
    h.month = 4;
    h.days_after = (v[1] == '-' ? -1 : 1) * number_of(v.substr(2));
    return h;
  }
  if (v.size() < 5 || v[2] != '-' || !digits(v.substr(0, 2), 2, 2)) return std::nullopt;
  h.month = number_of(v.substr(0, 2));
  if (h.month < 1 || h.month > 12) return std::nullopt;
  if (v.size() == 5) {
    h.day = digits(v.substr(3), 2, 2) ? number_of(v.substr(3)) : 0;
    if (h.day < 1 || h.day > 31) return std::nullopt;
    return h;
  }
  if (v.size() < 6 || v[4] != '-' || v[3] < '1' || v[3] > '7') return std::nullopt;
  h.weekday = v[3] - '0';
  std::string_view nth = v.substr(5);
  if (const auto plus = nth.find('+'); plus != std::string_view::npos) {
    if (!digits(nth.substr(plus + 1), 1, 2)) return std::nullopt;
    h.days_after = number_of(nth.substr(plus + 1));
    nth = nth.substr(0, plus);
  }
  if (nth == "L") {
    h.nth = -1;
  } else if (nth.size() == 1 && nth[0] >= '1' && nth[0] <= '5') {
    h.nth = nth[0] - '0';
  } else {
    return std::nullopt;
  }
  return h;
}

void Lexicon::load_folder(const std::filesystem::path& dir, std::span<const ClosedClass> closed) {
  // Entries are added to the ones already grouped, and all grouped again.
  added_.clear();
  for (const LexiconEntry& e : entries_)
    added_.push_back({index_.find(e.tokens.front()),
                      static_cast<std::uint32_t>(e.tokens.data() - tokens_.data()),
                      static_cast<std::uint32_t>(e.tokens.size())});
  for (const auto& file : assets::sorted_tsv_files(dir)) {
    assets::for_each_row(file, [&](const assets::TsvRow& row) {
      if (row.fields.size() < 3) row.fail("expected phrase, class and value");
      bool cap = row.fields.size() > 3 && row.fields[3] == "cap";
      if (row.fields.size() > 3 && !cap && !row.fields[3].empty())
        row.fail("the fourth column may only be 'cap'");
      if (row.fields[1] == "HOLIDAY" && !parse_holiday(row.fields[2]))
        row.fail("a holiday's day is MM-DD, MM-W-N (N 1-5 or L), MM-W-N+D or E+N/E-N, not '" +
                 std::string(row.fields[2]) + "'");
      for (const ClosedClass& c : closed) {
        if (row.fields[1] != c.name) continue;
        if (std::find(c.values.begin(), c.values.end(), row.fields[2]) == c.values.end())
          row.fail("unknown " + std::string(c.name) + " value '" + std::string(row.fields[2]) +
                   "'");
        if (c.single_words && row.fields[0].find(' ') != std::string_view::npos)
          row.fail(std::string(c.name) + " takes single words, not '" + std::string(row.fields[0]) +
                   "'");
      }
      add(row.fields[0], row.fields[1], row.fields[2], cap);
    });
  }
  group();
  added_ = {};
}

std::size_t Lexicon::match_in(std::uint32_t first, std::uint32_t last, ClassId cls,
                              const std::vector<Token>& tokens, std::size_t i,
                              const LexiconEntry** entry) const {
  for (std::uint32_t at = first; at < last; ++at) {
    const LexiconEntry& e = entries_[at];
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
