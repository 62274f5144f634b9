// The extraction rules of the recognizer (assets/timex/en/rules/*.tsv) and the matcher that runs
// them over tokens. A rule is a sequence of elements (words, lexicon classes, built-in number
// shapes), a TIMEX3 type, and the name and parameters of the normalizer that computes its value.
#pragma once

#include "lexicon.hpp"
#include "tempograph/timex.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace tempograph::timex {

// Number shapes recognized in code: they need arithmetic or adjacency checks a word list cannot
// express.
enum class Builtin : std::uint8_t {
  none,
  year,      // 4 digits, 1000-2199
  year2,     // 2 digits after an apostrophe: '98
  day,       // 1-31, with an optional attached st/nd/rd/th
  monthnum,  // 1-12
  hour,      // 0-24
  minute,    // 00-59, two digits
  number,    // digits (with decimals) or number words ("twenty-four", "two hundred")
  ordinal,   // 1st, 2nd, first, twenty-first
  decade,    // 1990s, '90s, 90s
  integer,   // any run of digits
  hhmm,      // four digits of a 24-hour clock, 0000-2359: "1400 GMT"
};

// Key bits (RuleSet::scan): builtins take the top bits, one each; words and classes the rest.
constexpr unsigned kBuiltinKeyBit = 52;
static_assert(kBuiltinKeyBit + static_cast<unsigned>(Builtin::hhmm) < 64);

// Token sequences (folded hashes), longest first, end to end in one vector as [size, hashes...]:
// one allocation for a literal's alternatives, not one each.
class Phrases {
 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::span<const std::uint64_t>;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;

    Iterator() = default;
    explicit Iterator(const std::uint64_t* at) : at_(at) {}
    value_type operator*() const { return {at_ + 1, static_cast<std::size_t>(*at_)}; }
    Iterator& operator++() {
      at_ += 1 + *at_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator&) const = default;

   private:
    const std::uint64_t* at_ = nullptr;
  };

  Iterator begin() const { return Iterator(packed_.data()); }
  Iterator end() const { return Iterator(packed_.data() + packed_.size()); }
  bool empty() const { return packed_.empty(); }
  void clear() { packed_.clear(); }

  // After the sequences at least as long, before the shorter ones.
  void add(std::span<const std::uint64_t> seq) {
    std::size_t at = 0;
    while (at < packed_.size() && packed_[at] >= seq.size()) at += 1 + packed_[at];
    const auto where = packed_.begin() + static_cast<std::ptrdiff_t>(at);
    packed_.insert(where, seq.size() + 1, seq.size());
    std::copy(seq.begin(), seq.end(), packed_.begin() + static_cast<std::ptrdiff_t>(at + 1));
  }

 private:
  std::vector<std::uint64_t> packed_;
};

struct Element {
  // `word`: `*`, any word of letters; only as a neighbour check (=* or !*), never in a match.
  enum class Kind : std::uint8_t { literal, lexclass, builtin, word } kind = Kind::literal;
  // Literal alternatives, each a token sequence: "most_recent" is two tokens. The matcher takes
  // the first that fits, so that "this" does not hide "this_coming".
  Phrases words;
  ClassId cls = 0;
  Builtin builtin = Builtin::none;
  std::string label;          // capture name; empty for literals
  bool optional = false;      // x?
  bool context = false;       // <x>: must match, stays outside the expression's extent
  bool negative = false;      // !x: the next token must not match (zero width, at the end)
  bool before_match = false;  // a !x or =x before every other element: checks the token before
  bool adjacent = false;      // ~x: no white space before it
  bool capitalized = false;   // ^x: must start with a capital letter
  bool lowercase = false;     // %x: must not ("Daily" mid-sentence is a newspaper)
  bool preceded = false;      // =x before every other element: the token before must match
  bool zero_width = false;    // !x or =x: checks a neighbouring token, consumes nothing
  bool digit_first = false;   // a literal alternative starts with digits ("1/2")
  bool has_digits = false;    // a literal alternative has digits anywhere
};

// A superset of the tokens one place of a match can hold: by folded hash (one bit of a 512-bit
// Bloom filter; a collision only lets more through), by being digits, or anything at all.
struct TokenTest {
  static constexpr unsigned kWords = 8;
  std::array<std::uint64_t, kWords> hashes{};
  bool digits = false;
  bool any = false;

  static unsigned bit(std::uint64_t hash) {
    return static_cast<unsigned>(hash >> 32) % (64 * kWords);
  }
  void add(std::uint64_t hash) { hashes[bit(hash) / 64] |= std::uint64_t{1} << (bit(hash) % 64); }
  void add(const TokenTest& other) {
    for (unsigned w = 0; w < kWords; ++w) hashes[w] |= other.hashes[w];
    digits |= other.digits;
    any |= other.any;
  }
  bool admits(const Token& t) const {
    return any || (digits && t.kind == TokenKind::number) ||
           ((hashes[bit(t.folded_hash) / 64] >> (bit(t.folded_hash) % 64)) & 1u);
  }
  bool operator==(const TokenTest&) const = default;
};

// The first two tokens of the ways a rule can match (RuleSet::finish): a match at i has an
// opening whose `first` admits tokens[i] and whose `second` admits tokens[i + 1] (or is `any`
// when there is none). Rules out half the rule attempts that would fail, without the matcher.
struct Opening {
  TokenTest first;
  TokenTest second;
};

struct Rule {
  std::string name;
  TimexType type = TimexType::date;
  std::vector<Element> elements;
  std::string normalizer;
  std::vector<std::pair<std::string, std::string>> params;
  std::string where;     // file:line, for error messages and tracing
  int priority = 0;      // breaks ties between matches of the same length (higher wins)
  std::size_t lead = 0;  // most tokens its elements before the key element can take
  // Need bits (TokenMarks) of its required elements besides the key: each must be found within
  // `window` tokens of where the match would start (0 bits: nothing checked).
  std::uint64_t needs = 0;
  std::uint8_t window = 0;
  std::uint8_t key_bit = 0;  // the bit its key sets in RuleSet::scan's key masks
  std::vector<Opening> openings;

  // False when no match can start at tokens[i] (Rule::openings).
  bool may_start(const std::vector<Token>& tokens, std::size_t i) const {
    for (const Opening& o : openings)
      if (o.first.admits(tokens[i]) &&
          (i + 1 < tokens.size() ? o.second.admits(tokens[i + 1]) : o.second.any))
        return true;
    return false;
  }

  std::string_view param(std::string_view key) const {
    for (const auto& [k, v] : params)
      if (k == key) return v;
    return {};
  }
};

struct Capture {
  std::string_view label;
  std::string_view text_value;  // lexicon value, or empty for builtins
  double number = 0;            // numeric value (month 9, day 19, year 2023, count 2.5, ...)
  bool digits = false;          // one run of digits ("1988"; not "two thousand", "1,988")
  std::uint32_t first_token = 0;
  std::uint32_t end_token = 0;
};

struct RuleMatch {
  const Rule* rule = nullptr;
  std::uint32_t first_token = 0;  // extent (context elements excluded)
  std::uint32_t end_token = 0;
  std::array<Capture, 12> captures{};
  std::size_t capture_count = 0;

  const Capture* get(std::string_view label) const {
    for (std::size_t i = 0; i < capture_count; ++i)
      if (captures[i].label == label) return &captures[i];
    return nullptr;
  }

  // get(prefix + name) without building the string: "end." + "DAY" for a range's end.
  const Capture* get(std::string_view prefix, std::string_view name) const {
    for (std::size_t i = 0; i < capture_count; ++i) {
      const std::string_view l = captures[i].label;
      if (l.size() == prefix.size() + name.size() && l.starts_with(prefix) && l.ends_with(name))
        return &captures[i];
    }
    return nullptr;
  }

  // Copies what is in use: a whole RuleMatch is some 600 bytes, mostly unused captures.
  void assign(const RuleMatch& other) {
    rule = other.rule;
    first_token = other.first_token;
    end_token = other.end_token;
    capture_count = other.capture_count;
    std::copy_n(other.captures.begin(), capture_count, captures.begin());
  }
};

// The matches RuleSet::match_at found at one token, best first. Meant to be reused from call to
// call: its RuleMatch slots are overwritten in place (RuleMatch::assign), never reallocated once
// there are enough of them, and only their order is sorted.
class MatchList {
 public:
  std::size_t size() const { return order_.size(); }
  bool empty() const { return order_.empty(); }
  const RuleMatch& operator[](std::size_t k) const { return slots_[order_[k]]; }
  const RuleMatch& front() const { return (*this)[0]; }

 private:
  friend class RuleSet;
  void clear() { order_.clear(); }
  void add(const RuleMatch& match);

  std::vector<RuleMatch> slots_;
  std::vector<std::uint32_t> order_;  // indices into slots_, best first
};

// Key and need bits of one token (RuleSet::scan). Key bits: the rule keys whose phrase starts
// there. Need bits: the tokens rules cannot match without besides their key ("ago" in "@NUMBER
// UNIT ago", which is keyed on its unit; the day in "MONTH @DAY", as "may" is mostly a verb),
// and the shapes of digits (kNeedFourDigits ...).
struct TokenMarks {
  std::uint64_t keys = 0;
  std::uint64_t needs = 0;
};

// Need bits for digit tokens by shape; words take the bits above them.
constexpr std::uint64_t kNeedFourDigits = 1;  // four digits
constexpr std::uint64_t kNeedSmall = 2;       // one or two digits (day, month, hour)
constexpr std::uint64_t kNeedTwoDigits = 4;   // two digits (minute)
constexpr unsigned kFirstWordNeedBit = 3;
constexpr std::size_t kMaxNeedWindow = 31;  // longer rules are tried without checking needs

// The rules that may start at some token, with what match_at needs to rule most of them out
// without touching the (large) rules themselves.
struct StartList {
  static constexpr std::size_t kMaxReach = 31;  // match_at looks no further ahead for a key
  struct Candidate {
    std::uint32_t rule = 0;
    std::uint8_t lead = 0;  // Rule::lead, capped at kMaxReach
    std::uint8_t key_bit = 0;
    std::uint8_t window = 0;  // Rule::window
    std::uint64_t needs = 0;  // Rule::needs
  };
  std::vector<Candidate> candidates;  // in rule order
  std::size_t longest = 0;            // the largest lead
  std::size_t reach = 0;              // min(longest, kMaxReach): how far scan() looks for a key
  std::uint64_t keys = 0;             // every candidate's key bit
  // For a long list, the candidates keyed on each bit, as a bit set over `candidates` (`words`
  // 64-bit words per key bit): a call then visits only candidates whose key is near, not the
  // whole list. Empty for short lists.
  static constexpr std::size_t kMaxWords = 4;
  std::size_t words = 0;
  std::vector<std::uint64_t> keyed;  // keyed[bit * words + w]
};

class RuleSet {
 public:
  // Loads every *.tsv in `dir`: "name<TAB>TYPE<TAB>pattern<TAB>normalizer [key=value ...]".
  void load_folder(const std::filesystem::path& dir, Lexicon& lexicon);
  void add(std::string_view name, std::string_view type, std::string_view pattern,
           std::string_view normalizer, std::string where, Lexicon& lexicon);
  void finish(const Lexicon& lexicon);  // builds the first-token index

  // One pass over the tokens, one table lookup each: for every token, the rules that may start
  // there (`starts`, nullptr for none) and its key and need bits (`marks`). A rule is tried at i
  // only when its key bit appears within its lead and its need bits within its window.
  void scan(const std::vector<Token>& tokens, std::vector<TokenMarks>& marks,
            std::vector<const StartList*>& starts) const;

  // The longest match of each rule starting at tokens[i], best first: longest, then higher
  // priority, then earlier rule. The caller takes the first one that normalizes.
  bool match_at(const std::vector<Token>& tokens, std::size_t i,
                const std::vector<TokenMarks>& marks, const StartList& candidates,
                const Lexicon& lexicon, MatchList& matches) const;

  std::size_t size() const { return rules_.size(); }
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  std::vector<Rule> rules_;
  std::vector<std::uint64_t> name_hashes_;  // of the rules' names, sorted: for add()'s check
  struct TokenInfo {
    std::int32_t starts = -1;      // index into start_lists_
    std::int32_t key_offset = -1;  // how far into its key phrase this token stands
    std::uint64_t key_mask = 0;
    std::uint64_t need_mask = 0;
  };
  std::uint32_t info_at(std::uint64_t hash);  // its infos_ position, added when new
  void set_needs(Rule& rule, std::size_t key, const Lexicon& lexicon,
                 std::vector<std::uint64_t>& need_words);
  std::uint64_t number_key_mask(const Token& token, const Token* next) const;

  assets::HashIndex token_index_;  // folded hash -> infos_ position
  std::vector<TokenInfo> infos_;
  // What scan() reads per word, built from infos_ by finish(). Most words are in no rule and a
  // third are in some ("the", "in"), in no order a branch predictor could learn: a word is looked
  // up in buckets of four keys compared all at once, and a word in no rule reads entry 0, which
  // says so, so that the loop takes the same path for either.
  struct ScanEntry {
    const StartList* starts = nullptr;
    std::uint64_t keys = 0;
    std::uint64_t needs = 0;
    std::uint32_t key_offset = 0;
    std::uint32_t reach = 0;  // starts->reach
  };
  static constexpr std::size_t kBucketKeys = 4;
  // One empty bucket and the "no rule" entry until finish() builds them.
  std::vector<ScanEntry> scan_entries_ = std::vector<ScanEntry>(1);
  std::vector<std::uint64_t> bucket_keys_ =
      std::vector<std::uint64_t>(kBucketKeys);  // kBucketKeys per bucket; an empty slot: 0
  std::vector<std::uint32_t> bucket_values_ =
      std::vector<std::uint32_t>(kBucketKeys);  // the scan_entries_ position of each key; empty: 0
  std::uint64_t bucket_mask_ = 0;
  void build_scan_table();
  // The scan_entries_ position of a word, 0 when it is in no rule. At most one slot of a bucket
  // holds the key (an empty slot's value is 0 whatever its key): an OR of masked values, with no
  // branch. A free function of the tables, read once into registers by scan()'s loop.
  static std::uint32_t scan_entry(const std::uint64_t* bucket_keys,
                                  const std::uint32_t* bucket_values, std::uint64_t bucket_mask,
                                  std::uint64_t hash) {
    const std::size_t b = static_cast<std::size_t>(hash & bucket_mask) * kBucketKeys;
    const std::uint64_t* k = bucket_keys + b;
    const std::uint32_t* v = bucket_values + b;
    static_assert(kBucketKeys == 4);
    return (v[0] & (0u - static_cast<std::uint32_t>(k[0] == hash))) |
           (v[1] & (0u - static_cast<std::uint32_t>(k[1] == hash))) |
           (v[2] & (0u - static_cast<std::uint32_t>(k[2] == hash))) |
           (v[3] & (0u - static_cast<std::uint32_t>(k[3] == hash)));
  }
  std::vector<StartList> start_lists_;
  StartList by_number_;            // rules whose first element can be a digit token
  std::uint32_t number_keys_ = 0;  // bit per Builtin that is some rule's key
  ClassId numwords_ = 0;
  ClassId ordwords_ = 0;
};

// Matches one builtin at tokens[i]; returns tokens consumed (0 for none) and the value.
// `numwords` and `ordwords` are the lexicon classes of number and ordinal words.
std::size_t match_builtin(Builtin b, const std::vector<Token>& tokens, std::size_t i,
                          const Lexicon& lexicon, ClassId numwords, ClassId ordwords,
                          double& value);

}  // namespace tempograph::timex
