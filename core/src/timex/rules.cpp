#include "rules.hpp"

#include "../assets/tsv.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace tempograph::timex {
namespace {

const std::uint64_t kTh = folded_hash("th");
const std::uint64_t kSt = folded_hash("st");
const std::uint64_t kNd = folded_hash("nd");
const std::uint64_t kRd = folded_hash("rd");
const std::uint64_t kS = folded_hash("s");
const std::uint64_t kApostrophe = folded_hash("'");
// The key bits of the number shapes written after an apostrophe ("'98", "'90s").
constexpr std::uint64_t kApostropheNumberKeys =
    std::uint64_t{1} << (kBuiltinKeyBit + static_cast<unsigned>(Builtin::year2)) |
    std::uint64_t{1} << (kBuiltinKeyBit + static_cast<unsigned>(Builtin::decade));
const std::uint64_t kHyphen = folded_hash("-");
const std::uint64_t kDot = folded_hash(".");
const std::uint64_t kComma = folded_hash(",");
const std::uint64_t kHundred = folded_hash("hundred");
const std::uint64_t kThousand = folded_hash("thousand");
const std::uint64_t kAnd = folded_hash("and");

// Words and marks in most sentences: no use as a rule's key or need.
bool common_word(std::uint64_t h) {
  static const std::uint64_t kCommon[] = {folded_hash("the"),
                                          folded_hash("a"),
                                          folded_hash("an"),
                                          folded_hash("of"),
                                          folded_hash("in"),
                                          folded_hash("and"),
                                          folded_hash("to"),
                                          folded_hash("at"),
                                          folded_hash("on"),
                                          folded_hash("or"),
                                          kHyphen,
                                          kComma,
                                          kDot,
                                          kApostrophe,
                                          kS};
  return std::find(std::begin(kCommon), std::end(kCommon), h) != std::end(kCommon);
}

std::size_t digits(const Token& t) {
  return t.end - t.begin;
}

bool is_upper_ident(std::string_view s) {
  if (s.empty() || s[0] < 'A' || s[0] > 'Z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Builtin builtin_named(std::string_view name) {
  static const std::pair<std::string_view, Builtin> kNames[] = {
      {"YEAR", Builtin::year},         {"YEAR2", Builtin::year2},     {"DAY", Builtin::day},
      {"MONTHNUM", Builtin::monthnum}, {"HOUR", Builtin::hour},       {"MINUTE", Builtin::minute},
      {"NUMBER", Builtin::number},     {"ORDINAL", Builtin::ordinal}, {"DECADE", Builtin::decade},
      {"INT", Builtin::integer},       {"HHMM", Builtin::hhmm},
  };
  for (const auto& [n, b] : kNames)
    if (n == name) return b;
  return Builtin::none;
}

TimexType type_named(std::string_view s) {
  if (s == "DATE") return TimexType::date;
  if (s == "TIME") return TimexType::time;
  if (s == "DURATION") return TimexType::duration;
  if (s == "SET") return TimexType::set;
  throw std::runtime_error("unknown TIMEX3 type '" + std::string(s) + "'");
}

// Number words: a single word (one..ninety, dozen), tens-units ("twenty-four", "twenty four"),
// and "N hundred [and] M".
std::size_t match_number_words(const std::vector<Token>& tokens, std::size_t i,
                               const Lexicon& lexicon, ClassId numwords, double& value) {
  const LexiconEntry* e = nullptr;
  std::size_t n = lexicon.match(numwords, tokens, i, &e);
  if (!n) return 0;
  double v = static_cast<double>(e->number);
  std::size_t used = n;
  auto try_units = [&](std::size_t at) -> std::size_t {
    const LexiconEntry* u = nullptr;
    if (at >= tokens.size() || tokens[at].newline_before) return 0;
    std::size_t m = lexicon.match(numwords, tokens, at, &u);
    if (m && u->number >= 1 && u->number <= 9) {
      v += static_cast<double>(u->number);
      return m;
    }
    return 0;
  };
  if (e->number >= 20 && e->number <= 90 && e->number % 10 == 0) {
    std::size_t at = i + used;
    if (at < tokens.size() && tokens[at].folded_hash == kHyphen) {
      if (std::size_t m = try_units(at + 1)) used += 1 + m;
    } else if (std::size_t m = try_units(at)) {
      used += m;
    }
  }
  // "N hundred [and] M", then "N thousand [and] M": a multiplier takes a smaller number
  // before it and a smaller one after it.
  auto multiply = [&](std::uint64_t word, double by) {
    if (v < 1 || v >= by || i + used >= tokens.size() || tokens[i + used].folded_hash != word)
      return;
    v *= by;
    ++used;
    std::size_t at = i + used;
    if (at < tokens.size() && tokens[at].folded_hash == kAnd) ++at;
    double rest = 0;
    if (std::size_t m = match_number_words(tokens, at, lexicon, numwords, rest); m && rest < by) {
      v += rest;
      used = at - i + m;
    }
  };
  if (v < 100) multiply(kHundred, 100);
  if (v < 1000) multiply(kThousand, 1000);
  value = v;
  return used;
}

}  // namespace

std::size_t match_builtin(Builtin b, const std::vector<Token>& tokens, std::size_t i,
                          const Lexicon& lexicon, ClassId numwords, ClassId ordwords,
                          double& value) {
  const Token& t = tokens[i];
  const bool num = t.kind == TokenKind::number && t.number >= 0;
  auto attached = [&](std::size_t k) { return k < tokens.size() && !tokens[k].space_before; };
  switch (b) {
    case Builtin::none:
      return 0;
    case Builtin::year:
      if (num && digits(t) == 4 && t.number >= 1000 && t.number <= 2199 &&
          // "1190.43" is a decimal (a stock index), no year.
          !(attached(i + 1) && tokens[i + 1].folded_hash == kDot && attached(i + 2) &&
            tokens[i + 2].kind == TokenKind::number)) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::year2:
      if (t.folded_hash == kApostrophe && attached(i + 1) &&
          tokens[i + 1].kind == TokenKind::number && digits(tokens[i + 1]) == 2) {
        value = static_cast<double>(tokens[i + 1].number);
        return 2;
      }
      return 0;
    case Builtin::day:
      if (num && digits(t) <= 2 && t.number >= 1 && t.number <= 31) {
        value = static_cast<double>(t.number);
        if (attached(i + 1)) {
          auto h = tokens[i + 1].folded_hash;
          if (h == kTh || h == kSt || h == kNd || h == kRd) return 2;
        }
        return 1;
      }
      return 0;
    case Builtin::monthnum:
      if (num && digits(t) <= 2 && t.number >= 1 && t.number <= 12) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::hour:
      if (num && digits(t) <= 2 && t.number <= 24) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::minute:
      if (num && digits(t) == 2 && t.number <= 59) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::hhmm:
      if (num && digits(t) == 4 && t.number < 2400 && t.number % 100 < 60) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::integer:
      if (num) {
        value = static_cast<double>(t.number);
        return 1;
      }
      return 0;
    case Builtin::number:
      if (num) {
        // The groups after a thousands separator are no number of their own (the "000 days" of
        // "1,000 days").
        if (i >= 2 && !t.space_before && tokens[i - 1].folded_hash == kComma &&
            !tokens[i - 1].space_before && tokens[i - 2].kind == TokenKind::number)
          return 0;
        // "1,500 years ago": groups of three digits after one of one to three. Digits after a
        // comma that are not such a group ("1,5") make no number.
        if (attached(i + 1) && tokens[i + 1].folded_hash == kComma && attached(i + 2) &&
            tokens[i + 2].kind == TokenKind::number) {
          if (digits(t) > 3) return 0;
          std::size_t k = i;
          double grouped = static_cast<double>(t.number);
          while (attached(k + 1) && tokens[k + 1].folded_hash == kComma && attached(k + 2) &&
                 tokens[k + 2].kind == TokenKind::number) {
            if (digits(tokens[k + 2]) != 3 || tokens[k + 2].number < 0) return 0;
            grouped = grouped * 1000 + static_cast<double>(tokens[k + 2].number);
            k += 2;
          }
          value = grouped;
          return k + 1 - i;
        }
        value = static_cast<double>(t.number);
        // A decimal: "1.5" with no spaces.
        if (attached(i + 1) && tokens[i + 1].folded_hash == kDot && attached(i + 2) &&
            tokens[i + 2].kind == TokenKind::number && digits(tokens[i + 2]) <= 3) {
          double frac = static_cast<double>(tokens[i + 2].number);
          for (std::size_t k = 0; k < digits(tokens[i + 2]); ++k) frac /= 10;
          value += frac;
          return 3;
        }
        return 1;
      }
      if (t.kind == TokenKind::word) return match_number_words(tokens, i, lexicon, numwords, value);
      return 0;
    case Builtin::ordinal: {
      if (num && attached(i + 1)) {
        auto h = tokens[i + 1].folded_hash;
        if (h == kTh || h == kSt || h == kNd || h == kRd) {
          value = static_cast<double>(t.number);
          return 2;
        }
        return 0;
      }
      const LexiconEntry* e = nullptr;
      if (t.kind != TokenKind::word) return 0;
      // "twenty-first": a tens number word, a hyphen, an ordinal word.
      const LexiconEntry* tens = nullptr;
      if (std::size_t m = lexicon.match(numwords, tokens, i, &tens);
          m && tens->number >= 20 && tens->number <= 90 && i + m + 1 < tokens.size() &&
          tokens[i + m].folded_hash == kHyphen) {
        if (std::size_t k = lexicon.match(ordwords, tokens, i + m + 1, &e); k && e->number < 10) {
          value = static_cast<double>(tens->number + e->number);
          return m + 1 + k;
        }
      }
      if (std::size_t k = lexicon.match(ordwords, tokens, i, &e)) {
        value = static_cast<double>(e->number);
        return k;
      }
      return 0;
    }
    case Builtin::decade:
      if (num && (digits(t) == 4 || digits(t) == 2) && t.number % 10 == 0 && attached(i + 1) &&
          tokens[i + 1].folded_hash == kS) {
        value = static_cast<double>(digits(t) == 4 ? t.number / 10 : -t.number);
        return 2;
      }
      if (t.folded_hash == kApostrophe && attached(i + 1) &&
          tokens[i + 1].kind == TokenKind::number && digits(tokens[i + 1]) == 2 &&
          tokens[i + 1].number % 10 == 0 && attached(i + 2) && tokens[i + 2].folded_hash == kS) {
        // Negative marks a two-digit decade whose century the normalizer decides.
        value = static_cast<double>(-tokens[i + 1].number);
        return 3;
      }
      return 0;
  }
  return 0;
}

void RuleSet::add(std::string_view name, std::string_view type, std::string_view pattern,
                  std::string_view normalizer, std::string where, Lexicon& lexicon) {
  Rule rule;
  rule.name = name;
  rule.where = std::move(where);
  rule.type = type_named(type);
  rule.elements.reserve(static_cast<std::size_t>(std::count(pattern.begin(), pattern.end(), ' ')) +
                        1);
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    while (pos < pattern.size() && pattern[pos] == ' ') ++pos;
    if (pos >= pattern.size()) break;
    std::size_t end = pattern.find(' ', pos);
    if (end == std::string_view::npos) end = pattern.size();
    std::string_view item = pattern.substr(pos, end - pos);
    pos = end;
    Element el;
    if (item.size() > 1 && (item.front() == '!' || item.front() == '=')) {
      (item.front() == '!' ? el.negative : el.preceded) = true;
      el.zero_width = true;
      item.remove_prefix(1);
    }
    if (item.size() > 2 && item.front() == '<' && item.back() == '>') {
      el.context = true;
      item = item.substr(1, item.size() - 2);
    }
    if (item.size() > 1 && item.back() == '?') {
      el.optional = true;
      item.remove_suffix(1);
    }
    while (item.size() > 1 && (item.front() == '~' || item.front() == '^' || item.front() == '%')) {
      (item.front() == '~'   ? el.adjacent
       : item.front() == '^' ? el.capitalized
                             : el.lowercase) = true;
      item.remove_prefix(1);
    }
    if (auto colon = item.find(':');
        colon != std::string_view::npos && colon > 0 && colon + 1 < item.size()) {
      el.label = std::string(item.substr(0, colon));
      item.remove_prefix(colon + 1);
    }
    if (item == "*") {
      // Any word: "=^* ^may" is "May" after a capitalized word (a name: "Theresa May").
      if (!el.zero_width)
        throw std::runtime_error(rule.where +
                                 ": '*' (any word) only checks a neighbour: write =* or !*");
      el.kind = Element::Kind::word;
    } else if (item.size() > 1 && item.front() == '@') {
      el.kind = Element::Kind::builtin;
      el.builtin = builtin_named(item.substr(1));
      if (el.builtin == Builtin::none)
        throw std::runtime_error(rule.where + ": unknown built-in '" + std::string(item) + "'");
      if (el.label.empty()) el.label = std::string(item.substr(1));
    } else if (is_upper_ident(item)) {
      el.kind = Element::Kind::lexclass;
      el.cls = lexicon.find_class(item);
      if (!el.cls)
        throw std::runtime_error(rule.where + ": no lexicon defines the class '" +
                                 std::string(item) +
                                 "' (a literal in capitals is written with its lower case too: "
                                 "h|H)");
      if (el.label.empty()) el.label = std::string(item);
    } else {
      el.kind = Element::Kind::literal;
      // Reused from call to call, for their capacity.
      thread_local std::vector<Token> toks;
      thread_local std::vector<std::uint64_t> seq;
      thread_local Phrases alternatives;
      alternatives.clear();
      std::size_t s = 0;
      while (s <= item.size()) {
        std::size_t bar = item.find('|', s);
        if (bar == std::string_view::npos) bar = item.size();
        std::string_view word = item.substr(s, bar - s);
        if (word.empty())
          throw std::runtime_error(rule.where + ": empty word in '" + std::string(item) + "'");
        // "DAYREL|WEEKDAY" would match the words "dayrel" and "weekday": a class is an element
        // of its own.
        if (word.size() > 1 && is_upper_ident(word) && lexicon.find_class(word))
          throw std::runtime_error(rule.where + ": '" + std::string(word) + "' in '" +
                                   std::string(item) +
                                   "' is a lexicon class, which cannot be an alternative of a "
                                   "literal (write a rule for each)");
        // "most_recent" is two tokens.
        if (word.find('_') == std::string_view::npos) {
          tokenize(word, toks);
        } else {
          std::string spaced(word);
          std::replace(spaced.begin(), spaced.end(), '_', ' ');
          tokenize(spaced, toks);
        }
        seq.clear();
        for (const auto& t : toks) seq.push_back(t.folded_hash);
        el.digit_first |= !toks.empty() && toks.front().kind == TokenKind::number;
        el.has_digits |= std::any_of(toks.begin(), toks.end(),
                                     [](const Token& t) { return t.kind == TokenKind::number; });
        alternatives.add(seq);
        s = bar + 1;
      }
      el.words = alternatives;  // allocated at its size
    }
    // Negatives before the first element proper ("!$ !No. @YEAR") each rule out the token
    // before the match; later ones, the token after what has matched so far.
    el.before_match = el.zero_width && std::all_of(rule.elements.begin(), rule.elements.end(),
                                                   [](const Element& x) { return x.zero_width; });
    if (el.preceded && !el.before_match)
      throw std::runtime_error(rule.where + ": '=" + std::string(item) +
                               "' must come before every other element");
    rule.elements.push_back(std::move(el));
  }
  if (rule.elements.empty()) throw std::runtime_error(rule.where + ": empty pattern");
  // normalizer [key=value ...]
  std::size_t p = 0;
  bool first = true;
  while (p < normalizer.size()) {
    while (p < normalizer.size() && normalizer[p] == ' ') ++p;
    if (p >= normalizer.size()) break;
    std::size_t e = normalizer.find(' ', p);
    if (e == std::string_view::npos) e = normalizer.size();
    std::string_view word = normalizer.substr(p, e - p);
    p = e;
    if (first) {
      rule.normalizer = std::string(word);
      first = false;
      continue;
    }
    auto eq = word.find('=');
    if (eq == std::string_view::npos || eq == 0)
      throw std::runtime_error(rule.where + ": expected key=value, got '" + std::string(word) +
                               "'");
    rule.params.emplace_back(std::string(word.substr(0, eq)), std::string(word.substr(eq + 1)));
    if (rule.params.back().first == "priority")
      rule.priority = std::stoi(rule.params.back().second);
  }
  if (rule.normalizer.empty()) throw std::runtime_error(rule.where + ": no normalizer");
  // Tests and each expression's `rule` refer to a rule by its name: one rule per name. Names are
  // compared only when their hash is known already.
  const std::uint64_t name_hash = std::hash<std::string_view>{}(rule.name);
  const auto hashed = std::lower_bound(name_hashes_.begin(), name_hashes_.end(), name_hash);
  if (hashed != name_hashes_.end() && *hashed == name_hash) {
    const auto same = std::find_if(rules_.begin(), rules_.end(),
                                   [&](const Rule& other) { return other.name == rule.name; });
    if (same != rules_.end())
      throw std::runtime_error(rule.where + ": rule '" + rule.name + "' is already defined at " +
                               same->where);
  }
  name_hashes_.insert(hashed, name_hash);
  rules_.push_back(std::move(rule));
}

void RuleSet::load_folder(const std::filesystem::path& dir, Lexicon& lexicon) {
  for (const auto& file : assets::sorted_tsv_files(dir)) {
    assets::for_each_row(file, [&](const assets::TsvRow& row) {
      if (row.fields.size() != 4) row.fail("expected name, type, pattern and normalizer");
      try {
        std::string where;
        where.reserve(row.file.size() + 21);
        where.append(row.file).append(":").append(std::to_string(row.line));
        add(row.fields[0], row.fields[1], row.fields[2], row.fields[3], std::move(where), lexicon);
      } catch (const std::runtime_error& e) {
        std::string what = e.what();
        if (what.rfind(row.file, 0) == 0) throw;
        row.fail(what);
      }
    });
  }
}

namespace {

// The most tokens an element can take: as the key's lead (`generous` false, as the key check
// has always counted), or safely more, for a window that must hold a whole match.
std::size_t most_tokens(const Element& el, const Lexicon& lexicon, bool generous) {
  if (el.zero_width) return 0;
  switch (el.kind) {
    case Element::Kind::literal: {
      std::size_t longest = 1;
      for (const auto& seq : el.words) longest = std::max(longest, seq.size());
      return longest;
    }
    case Element::Kind::lexclass:
      return std::max<std::size_t>(1, lexicon.longest(el.cls));
    case Element::Kind::word:
      return 1;
    case Element::Kind::builtin:
      switch (el.builtin) {
        case Builtin::number:
          return generous ? 12 : 5;  // "two hundred and twenty-five"
        case Builtin::ordinal:
          return generous ? 6 : 3;  // "twenty-first"
        case Builtin::decade:
          return 3;  // '90s
        case Builtin::day:
        case Builtin::year2:
          return 2;
        default:
          return 1;
      }
  }
  return 1;
}

// What one element can take at its first and at its second token, for Rule::openings: as
// element_at and match_builtin would have it, or more.
struct ElementTokens {
  TokenTest first;
  TokenTest second;   // when it takes two tokens or more
  bool one = false;   // it can take a single token
  bool more = false;  // it can take two or more

  void add_phrase(std::span<const std::uint64_t> seq) {
    if (seq.empty()) return;
    first.add(seq.front());
    if (seq.size() == 1) {
      one = true;
    } else {
      more = true;
      second.add(seq[1]);
    }
  }
  void add(const ElementTokens& other) {
    first.add(other.first);
    second.add(other.second);
    one |= other.one;
    more |= other.more;
  }
};

// The ElementTokens of each lexicon class's phrases, gathered once.
class ClassTokens {
 public:
  explicit ClassTokens(const Lexicon::EntriesByClass& entries)
      : entries_(entries), cache_(entries.size()) {}
  const ElementTokens& of(ClassId cls) {
    std::optional<ElementTokens>& known = cache_[cls];
    if (!known) {
      known.emplace();
      for (const LexiconEntry* e : entries_[cls]) known->add_phrase(e->tokens);
    }
    return *known;
  }

 private:
  const Lexicon::EntriesByClass& entries_;
  std::vector<std::optional<ElementTokens>> cache_;  // by class id
};

ElementTokens element_tokens(const Element& el, ClassTokens& classes, ClassId numwords,
                             ClassId ordwords) {
  ElementTokens out;
  switch (el.kind) {
    case Element::Kind::literal:
      for (const auto& seq : el.words) out.add_phrase(seq);
      break;
    case Element::Kind::lexclass:
      out = classes.of(el.cls);
      break;
    case Element::Kind::word:
      out.first.any = out.one = true;
      break;
    case Element::Kind::builtin:
      switch (el.builtin) {
        case Builtin::none:
          break;
        case Builtin::year:
        case Builtin::monthnum:
        case Builtin::hour:
        case Builtin::minute:
        case Builtin::hhmm:
        case Builtin::integer:
          out.first.digits = out.one = true;
          break;
        case Builtin::year2:  // '98
          out.first.add(kApostrophe);
          out.second.digits = out.more = true;
          break;
        case Builtin::day:  // 19, 19th
          out.first.digits = out.one = out.more = true;
          for (auto h : {kTh, kSt, kNd, kRd}) out.second.add(h);
          break;
        case Builtin::number: {
          // Digits, "1,500", "1.5"; number words, then "-four", "four", "hundred", "thousand".
          out.first.digits = out.one = out.more = true;
          for (auto h : {kComma, kDot, kHyphen, kHundred, kThousand}) out.second.add(h);
          const ElementTokens& words = classes.of(numwords);
          out.first.add(words.first);
          out.second.add(words.second);
          out.second.add(words.first);
          break;
        }
        case Builtin::ordinal: {
          // "21st"; "twenty-first" (a number word, a hyphen, an ordinal word); ordinal words.
          out.first.digits = out.more = true;
          for (auto h : {kTh, kSt, kNd, kRd, kHyphen}) out.second.add(h);
          const ElementTokens& tens = classes.of(numwords);
          out.first.add(tens.first);
          out.second.add(tens.second);
          out.add(classes.of(ordwords));
          break;
        }
        case Builtin::decade:  // 1990s, '90s
          out.first.digits = out.more = true;
          out.first.add(kApostrophe);
          out.second.add(kS);
          out.second.digits = true;
          break;
      }
      break;
  }
  return out;
}

// The openings (Rule::openings) of the elements from `e` on, when the match so far has taken no
// token (`first` null) or one, which `first` admits.
void collect_openings(const std::vector<Element>& elements, const std::vector<ElementTokens>& takes,
                      std::size_t e, const TokenTest* first, std::vector<Opening>& out) {
  if (e == elements.size()) {
    if (first) out.push_back(Opening{*first, TokenTest{.any = true}});
    return;
  }
  const Element& el = elements[e];
  // Zero-width checks only ever reject.
  if (el.zero_width) return collect_openings(elements, takes, e + 1, first, out);
  if (el.optional) collect_openings(elements, takes, e + 1, first, out);
  const ElementTokens& t = takes[e];
  if (first) {
    out.push_back(Opening{*first, t.first});
    return;
  }
  if (t.more) out.push_back(Opening{t.first, t.second});
  if (t.one) collect_openings(elements, takes, e + 1, &t.first, out);
}

// `takes` and `all` are scratch, reused from rule to rule.
void set_openings(Rule& rule, ClassTokens& classes, ClassId numwords, ClassId ordwords,
                  std::vector<ElementTokens>& takes, std::vector<Opening>& all) {
  takes.clear();
  for (const Element& el : rule.elements)
    takes.push_back(element_tokens(el, classes, numwords, ordwords));
  all.clear();
  collect_openings(rule.elements, takes, 0, nullptr, all);
  // Openings with the same first token make one: merged at the front of `all`, then copied at
  // their size.
  std::size_t kept = 0;
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto merged = all.begin() + static_cast<std::ptrdiff_t>(kept);
    const auto same = std::find_if(all.begin(), merged,
                                   [&](const Opening& x) { return x.first == all[k].first; });
    if (same == merged)
      all[kept++] = all[k];
    else
      same->second.add(all[k].second);
  }
  rule.openings.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(kept));
}

}  // namespace

void RuleSet::finish(const Lexicon& lexicon) {
  std::vector<std::uint64_t> word_keys;   // the signature of each word key given a bit of its own
  std::vector<std::uint64_t> need_words;  // likewise for need bits
  numwords_ = lexicon.find_class("NUMWORD");
  ordwords_ = lexicon.find_class("ORDWORD");
  token_index_ = assets::HashIndex{};
  infos_.clear();
  start_lists_.clear();
  by_number_ = StartList{};
  number_keys_ = 0;
  const Lexicon::EntriesByClass entries = lexicon.entries_by_class();
  // The infos_ positions of the first tokens of each class's phrases, found once per class.
  std::vector<std::optional<std::vector<std::uint32_t>>> class_firsts(entries.size());
  auto firsts_of = [&](ClassId cls) -> const std::vector<std::uint32_t>& {
    std::optional<std::vector<std::uint32_t>>& known = class_firsts[cls];
    if (!known) {
      known.emplace().reserve(entries[cls].size());
      for (const LexiconEntry* e : entries[cls]) known->push_back(info_at(e->tokens.front()));
    }
    return *known;
  };
  // By class: the key bits its phrases already carry (keying them again would change nothing).
  std::vector<std::uint64_t> class_key_bits(entries.size(), 0);
  ClassTokens class_tokens(entries);
  std::vector<ElementTokens> element_takes;
  std::vector<Opening> openings;
  // Rule numbers first; the lists get their candidates' leads and keys once all are known.
  std::vector<std::vector<std::uint32_t>> start_rules;
  std::vector<std::uint32_t> number_rules;
  for (std::uint32_t r = 0; r < rules_.size(); ++r) {
    auto add_word = [&](std::uint32_t at) {
      TokenInfo& info = infos_[at];
      if (info.starts < 0) {
        info.starts = static_cast<std::int32_t>(start_rules.size());
        start_rules.emplace_back();
      }
      auto& v = start_rules[static_cast<std::size_t>(info.starts)];
      if (v.empty() || v.back() != r) v.push_back(r);
    };
    auto add_number = [&] {
      if (number_rules.empty() || number_rules.back() != r) number_rules.push_back(r);
    };
    for (const auto& el : rules_[r].elements) {
      if (el.zero_width) continue;
      // An expression never starts with optional punctuation: no need to try rules there.
      if (el.optional && el.kind == Element::Kind::literal &&
          std::all_of(el.words.begin(), el.words.end(), [](const auto& seq) {
            return seq.size() == 1 && (seq[0] == kComma || seq[0] == kHyphen || seq[0] == kDot);
          }))
        continue;
      switch (el.kind) {
        case Element::Kind::literal:
          for (const auto& seq : el.words) add_word(info_at(seq.front()));
          if (el.digit_first) add_number();  // digit tokens start rules through by_number_
          break;
        case Element::Kind::lexclass:
          for (auto at : firsts_of(el.cls)) add_word(at);
          break;
        case Element::Kind::builtin:
          if (el.builtin == Builtin::year2 || el.builtin == Builtin::decade)
            add_word(info_at(kApostrophe));
          if (el.builtin == Builtin::number)
            for (auto at : firsts_of(numwords_)) add_word(at);
          if (el.builtin == Builtin::ordinal) {
            for (auto at : firsts_of(ordwords_)) add_word(at);
            for (auto at : firsts_of(numwords_)) add_word(at);
          }
          if (el.builtin != Builtin::year2) add_number();
          break;
        case Element::Kind::word:  // zero width only: skipped above
          break;
      }
      if (!el.optional) break;
    }
    // The key: the rarest required element, so that scanning for keys skips most of the text.
    // Words of a class beat literal words, which beat number shapes; ties go to the last.
    const auto& els = rules_[r].elements;
    std::size_t key = els.size();
    int key_rank = -1;
    for (std::size_t k = 0; k < els.size(); ++k) {
      const Element& el = els[k];
      if (el.optional || el.context || el.zero_width) continue;
      int rank = 0;
      switch (el.kind) {
        case Element::Kind::lexclass:
          rank = (el.cls == numwords_ || el.cls == ordwords_) ? 2 : 8;
          break;
        case Element::Kind::literal: {
          bool common = false;
          for (const auto& seq : el.words) common |= common_word(seq.front());
          // scan() keys digit tokens by their shape, never by their hash: a literal "30s" as
          // the key would never be found.
          rank = common ? 0 : el.digit_first ? 1 : 6;
          break;
        }
        case Element::Kind::builtin:
          if (el.builtin == Builtin::number || el.builtin == Builtin::integer)
            rank = 0;
          else if (el.builtin == Builtin::year || el.builtin == Builtin::decade)
            rank = 5;
          else
            rank = 4;
          break;
        case Element::Kind::word:  // zero width only: skipped above
          break;
      }
      if (rank >= key_rank) {
        key = k;
        key_rank = rank;
      }
    }
    if (key == els.size())
      throw std::runtime_error(rules_[r].where + ": a rule needs one required element");
    const Element& kel = els[key];
    // Rules with the same key share a bit; builtins take the top bits, one each. Word keys get
    // bits of their own in rule order while there are bits left, then share them: a shared bit
    // makes match_at try rules whose key is not there.
    std::uint64_t signature = 1469598103934665603ULL;
    if (kel.kind == Element::Kind::lexclass) signature ^= kel.cls * 0x9E3779B97F4A7C15ULL;
    for (const auto& seq : kel.words)
      for (auto h : seq) signature = (signature ^ h) * 1099511628211ULL;
    if (kel.kind == Element::Kind::builtin) {
      rules_[r].key_bit =
          static_cast<std::uint8_t>(kBuiltinKeyBit + static_cast<unsigned>(kel.builtin));
    } else {
      auto known = std::find(word_keys.begin(), word_keys.end(), signature);
      if (known == word_keys.end() && word_keys.size() < kBuiltinKeyBit) {
        word_keys.push_back(signature);
        known = word_keys.end() - 1;
      }
      rules_[r].key_bit = static_cast<std::uint8_t>(
          known != word_keys.end() ? known - word_keys.begin() : signature % kBuiltinKeyBit);
    }
    const std::uint64_t bit = std::uint64_t{1} << rules_[r].key_bit;
    auto add_key = [&](std::uint64_t h, std::uint32_t offset) {
      TokenInfo& info = infos_[info_at(h)];
      info.key_offset = std::max(info.key_offset, static_cast<std::int32_t>(offset));
      info.key_mask |= bit;
    };
    // Keys a phrase on its first uncommon token.
    auto add_phrase = [&](std::span<const std::uint64_t> seq) {
      static const std::uint64_t kFiller[] = {folded_hash("a"),
                                              folded_hash("the"),
                                              folded_hash("new"),
                                              folded_hash("of"),
                                              folded_hash("at"),
                                              folded_hash("in"),
                                              folded_hash("to"),
                                              folded_hash("up"),
                                              folded_hash("no"),
                                              kDot,
                                              kHyphen,
                                              kApostrophe};
      std::uint32_t at = static_cast<std::uint32_t>(seq.size() - 1);
      for (std::uint32_t k = 0; k < seq.size(); ++k) {
        if (std::find(std::begin(kFiller), std::end(kFiller), seq[k]) == std::end(kFiller)) {
          at = k;
          break;
        }
      }
      add_key(seq[at], at);
    };
    switch (kel.kind) {
      case Element::Kind::literal:
        for (const auto& seq : kel.words) add_phrase(seq);
        break;
      case Element::Kind::lexclass:
        if (!(class_key_bits[kel.cls] & bit)) {
          class_key_bits[kel.cls] |= bit;
          for (const LexiconEntry* e : entries[kel.cls]) add_phrase(e->tokens);
        }
        break;
      case Element::Kind::builtin: {
        // Digit tokens carry it by shape (number_key_mask); words and the apostrophe only
        // where the builtin can start on them (match_builtin), marked by its first rule.
        const std::uint32_t builtin_bit = 1u << static_cast<unsigned>(kel.builtin);
        if (number_keys_ & builtin_bit) break;
        number_keys_ |= builtin_bit;
        if (kel.builtin == Builtin::year2 || kel.builtin == Builtin::decade)
          add_key(kApostrophe, 0);
        if (kel.builtin == Builtin::number || kel.builtin == Builtin::ordinal)
          for (const LexiconEntry* e : entries[numwords_]) add_key(e->tokens.front(), 0);
        if (kel.builtin == Builtin::ordinal)
          for (const LexiconEntry* e : entries[ordwords_]) add_key(e->tokens.front(), 0);
        break;
      }
      case Element::Kind::word:  // never a key: zero width only
        break;
    }
    // How many tokens the elements before the key can take up.
    std::size_t lead = 0;
    for (std::size_t k = 0; k < key; ++k) lead += most_tokens(els[k], lexicon, false);
    rules_[r].lead = lead;
    set_needs(rules_[r], key, lexicon, need_words);
    set_openings(rules_[r], class_tokens, numwords_, ordwords_, element_takes, openings);
  }
  auto start_list = [&](const std::vector<std::uint32_t>& rule_numbers) {
    StartList list;
    list.candidates.reserve(rule_numbers.size());
    for (std::uint32_t r : rule_numbers) {
      const Rule& rule = rules_[r];
      list.candidates.push_back(StartList::Candidate{
          r, static_cast<std::uint8_t>(std::min(rule.lead, StartList::kMaxReach)), rule.key_bit,
          rule.window, rule.needs});
      list.longest = std::max(list.longest, rule.lead);
      list.reach = std::min(list.longest, StartList::kMaxReach);
      list.keys |= std::uint64_t{1} << rule.key_bit;
    }
    // Grouping pays where most of a list is keyed elsewhere: numbers, "the", "last".
    const std::size_t words = (list.candidates.size() + 63) / 64;
    if (list.candidates.size() > 16 && words <= StartList::kMaxWords) {
      list.words = words;
      list.keyed.assign(64 * words, 0);
      for (std::size_t k = 0; k < list.candidates.size(); ++k)
        list.keyed[list.candidates[k].key_bit * words + k / 64] |= std::uint64_t{1} << (k % 64);
    }
    return list;
  };
  start_lists_.reserve(start_rules.size());
  for (const auto& rule_numbers : start_rules) start_lists_.push_back(start_list(rule_numbers));
  by_number_ = start_list(number_rules);
  build_scan_table();
}

void RuleSet::build_scan_table() {
  scan_entries_.assign(1, ScanEntry{});
  for (const TokenInfo& info : infos_) {
    ScanEntry e;
    if (info.starts >= 0) {
      e.starts = &start_lists_[static_cast<std::size_t>(info.starts)];
      e.reach = static_cast<std::uint32_t>(e.starts->reach);
    }
    e.keys = info.key_mask;
    e.needs = info.need_mask;
    e.key_offset = e.keys ? static_cast<std::uint32_t>(info.key_offset) : 0;
    scan_entries_.push_back(e);
  }
  // The fewest buckets (a power of two, at least half as many as keys) that hold every key.
  std::vector<std::uint64_t> key_of(infos_.size());  // by infos_ position
  token_index_.for_each([&](std::uint64_t key, std::uint32_t at) { key_of[at] = key; });
  std::size_t buckets = 1;
  while (buckets * kBucketKeys < key_of.size() * 2) buckets *= 2;
  for (bool fits = false; !fits; buckets *= 2) {
    bucket_keys_.assign(buckets * kBucketKeys, 0);
    bucket_values_.assign(buckets * kBucketKeys, 0);
    bucket_mask_ = buckets - 1;
    fits = true;
    for (std::size_t at = 0; at < key_of.size() && fits; ++at) {
      const std::size_t b = static_cast<std::size_t>(key_of[at] & bucket_mask_) * kBucketKeys;
      std::size_t slot = 0;
      while (slot < kBucketKeys && bucket_values_[b + slot] != 0) ++slot;
      fits = slot < kBucketKeys;
      if (fits) {
        bucket_keys_[b + slot] = key_of[at];
        bucket_values_[b + slot] = static_cast<std::uint32_t>(at + 1);  // entry 0: no rule
      }
    }
  }
}

namespace {

struct Matcher {
  const std::vector<Token>& tokens;
  const Lexicon& lexicon;
  const Rule& rule;
  ClassId numwords;
  ClassId ordwords;
  RuleMatch& current;
  RuleMatch& best;
  bool found = false;
  std::uint32_t extent_begin = 0;
  bool extent_started = false;
  std::uint32_t extent_end = 0;
  std::size_t element_count = rule.elements.size();

  // Tokens the element consumes at position i (0: no match), capturing its value.
  std::size_t element_at(const Element& el, std::size_t i, Capture& cap) const {
    const Token& t = tokens[i];
    if (el.adjacent && t.space_before) return 0;
    if (el.capitalized && !t.capitalized) return 0;
    if (el.lowercase && t.capitalized) return 0;
    switch (el.kind) {
      case Element::Kind::literal:
        for (const auto& seq : el.words) {
          if (seq.front() != t.folded_hash || i + seq.size() > tokens.size()) continue;
          std::size_t k = 1;
          while (k < seq.size() && tokens[i + k].folded_hash == seq[k] &&
                 !tokens[i + k].newline_before)
            ++k;
          if (k == seq.size()) return k;
        }
        return 0;
      case Element::Kind::lexclass: {
        const LexiconEntry* e = nullptr;
        std::size_t n = lexicon.match(el.cls, tokens, i, &e);
        if (n) {
          cap.text_value = e->value;
          cap.number = static_cast<double>(e->number);
        }
        return n;
      }
      case Element::Kind::builtin: {
        double v = 0;
        std::size_t n = match_builtin(el.builtin, tokens, i, lexicon, numwords, ordwords, v);
        if (n) {
          cap.number = v;
          cap.digits = t.kind == TokenKind::number && n == 1;
        }
        return n;
      }
      case Element::Kind::word:
        return t.kind == TokenKind::word ? 1 : 0;
    }
    return 0;
  }

  // Whether the words of class `el` at i are followed by "'s". Asked only when a negative
  // matched, which is rare: kept out of line, off step()'s path.
  [[gnu::noinline]] bool possessive(const Element& el, std::size_t i) const {
    if (el.kind != Element::Kind::lexclass) return false;
    const LexiconEntry* entry = nullptr;
    const std::size_t k = i + lexicon.match(el.cls, tokens, i, &entry);
    return k + 1 < tokens.size() && tokens[k].folded_hash == kApostrophe &&
           !tokens[k].space_before && tokens[k + 1].folded_hash == kS &&
           !tokens[k + 1].space_before;
  }

  void step(std::size_t e, std::size_t i) {
    if (e == element_count) {
      if (!extent_started) return;
      std::uint32_t len = extent_end - extent_begin;
      std::uint32_t best_len = best.end_token - best.first_token;
      if (!found || len > best_len || (len == best_len && rule.priority > best.rule->priority)) {
        current.rule = &rule;
        current.first_token = extent_begin;
        current.end_token = extent_end;
        best.assign(current);
        found = true;
      }
      return;
    }
    const Element& el = rule.elements[e];
    if (el.zero_width) {
      Capture scratch;
      if (el.before_match) {
        if ((i > 0 && element_at(el, i - 1, scratch)) != el.preceded) return;
      } else if (i < tokens.size()) {
        // Only negatives come after the first element. A word of a class followed by "'s" is
        // a possessive that names something and counts nothing: "the 2006 men's championship".
        if (element_at(el, i, scratch) && !possessive(el, i)) return;
      }
      step(e + 1, i);
      return;
    }
    if (el.optional) step(e + 1, i);
    if (i >= tokens.size()) return;
    // A match never runs on across a line break: headlines and datelines stay apart.
    if (extent_started && tokens[i].newline_before && e > 0) return;
    Capture cap;
    std::size_t n = element_at(el, i, cap);
    if (!n) return;
    const auto saved_count = current.capture_count;
    const auto saved_begin = extent_begin;
    const auto saved_started = extent_started;
    const auto saved_end = extent_end;
    if (!el.label.empty() && current.capture_count < current.captures.size()) {
      cap.label = el.label;
      cap.first_token = static_cast<std::uint32_t>(i);
      cap.end_token = static_cast<std::uint32_t>(i + n);
      current.captures[current.capture_count++] = cap;
    }
    if (!el.context) {
      if (!extent_started) {
        extent_begin = static_cast<std::uint32_t>(i);
        extent_started = true;
      }
      extent_end = static_cast<std::uint32_t>(i + n);
    }
    step(e + 1, i + n);
    current.capture_count = saved_count;
    extent_begin = saved_begin;
    extent_started = saved_started;
    extent_end = saved_end;
  }
};

}  // namespace

// The need bits of a rule (Rule::needs): its required literal elements other than the key, by
// one token of each alternative (the first uncommon one), and its builtins that only digits can
// match. Word needs get bits of their own while there are bits left, then share them, which only
// makes the check weaker.
void RuleSet::set_needs(Rule& rule, std::size_t key, const Lexicon& lexicon,
                        std::vector<std::uint64_t>& need_words) {
  rule.needs = 0;
  rule.window = 0;
  std::size_t window = 0;
  for (const Element& el : rule.elements) window += most_tokens(el, lexicon, true);
  if (window > kMaxNeedWindow) return;
  rule.window = static_cast<std::uint8_t>(window);
  for (std::size_t k = 0; k < rule.elements.size(); ++k) {
    const Element& el = rule.elements[k];
    if (k == key || el.optional || el.zero_width) continue;
    if (el.kind == Element::Kind::builtin) {
      switch (el.builtin) {
        case Builtin::year:
        case Builtin::hhmm:
          rule.needs |= kNeedFourDigits;
          break;
        case Builtin::day:
        case Builtin::monthnum:
        case Builtin::hour:
          rule.needs |= kNeedSmall;
          break;
        case Builtin::minute:
          rule.needs |= kNeedTwoDigits;
          break;
        default:  // number words, ordinal words, the apostrophe of '98
          break;
      }
      continue;
    }
    // Digit tokens carry need bits by shape only, not by their words ("1/2").
    if (el.kind != Element::Kind::literal || el.has_digits) continue;
    // The position of an alternative's first uncommon token (its size when it has none): found
    // again where needed below rather than gathered, for no vector per element.
    auto uncommon = [](std::span<const std::uint64_t> seq) {
      return static_cast<std::size_t>(std::find_if_not(seq.begin(), seq.end(), common_word) -
                                      seq.begin());
    };
    if (el.words.empty() || std::any_of(el.words.begin(), el.words.end(), [&](const auto& seq) {
          return uncommon(seq) == seq.size();
        }))
      continue;
    std::uint64_t signature = 1469598103934665603ULL;
    for (const auto& seq : el.words)
      signature = (signature ^ seq[uncommon(seq)]) * 1099511628211ULL;
    constexpr unsigned kWordBits = 64 - kFirstWordNeedBit;
    auto known = std::find(need_words.begin(), need_words.end(), signature);
    if (known == need_words.end() && need_words.size() < kWordBits) {
      need_words.push_back(signature);
      known = need_words.end() - 1;
    }
    const auto bit = std::uint64_t{1} << (kFirstWordNeedBit +
                                          (known != need_words.end()
                                               ? static_cast<unsigned>(known - need_words.begin())
                                               : static_cast<unsigned>(signature % kWordBits)));
    rule.needs |= bit;
    for (const auto& seq : el.words) infos_[info_at(seq[uncommon(seq)])].need_mask |= bit;
  }
}

std::uint32_t RuleSet::info_at(std::uint64_t hash) {
  std::uint32_t at = token_index_.find(hash);
  if (at == assets::HashIndex::kMissing) {
    at = static_cast<std::uint32_t>(infos_.size());
    infos_.emplace_back();
    token_index_.insert(hash, at);
  }
  return at;
}

// The key bits a digit token can stand for, by its shape; `next` is the token after it, if any.
std::uint64_t RuleSet::number_key_mask(const Token& t, const Token* next) const {
  std::uint64_t mask = 0;
  const std::size_t digits = t.end - t.begin;
  auto accept = [&](Builtin b, bool shape) {
    if (shape && ((number_keys_ >> static_cast<unsigned>(b)) & 1u))
      mask |= std::uint64_t{1} << (kBuiltinKeyBit + static_cast<unsigned>(b));
  };
  const bool small = t.number >= 0 && digits <= 2;
  accept(Builtin::number, true);
  accept(Builtin::integer, true);
  accept(Builtin::ordinal, true);
  accept(Builtin::year, digits == 4 && t.number >= 1000 && t.number <= 2199);
  // A decade is written "1990s": a round number alone ("2000 troops") is none.
  accept(Builtin::decade, (digits == 4 || digits == 2) && t.number % 10 == 0 && next &&
                              !next->space_before && next->folded_hash == kS);
  accept(Builtin::day, small && t.number >= 1 && t.number <= 31);
  accept(Builtin::monthnum, small && t.number >= 1 && t.number <= 12);
  accept(Builtin::hour, small && t.number <= 24);
  accept(Builtin::minute, digits == 2 && t.number <= 59);
  accept(Builtin::hhmm, digits == 4 && t.number < 2400 && t.number % 100 < 60);
  // Not year2 ("'98"), nor decade's "'90s": the apostrophe before the digits, where those
  // matches start, carries their key.
  return mask;
}

void RuleSet::scan(const std::vector<Token>& tokens, std::vector<TokenMarks>& marks,
                   std::vector<const StartList*>& starts) const {
  const std::size_t n = tokens.size();
  // Every entry is written below, before anything is OR-ed into it: no clearing first.
  marks.resize(n);
  starts.resize(n);
  thread_local std::vector<std::uint32_t> reach;  // how far the rules starting at each token reach
  reach.resize(n);
  // Read once: the stores below could alias the vectors' members as far as the compiler knows.
  const std::uint64_t* const bucket_keys = bucket_keys_.data();
  const std::uint32_t* const bucket_values = bucket_values_.data();
  const std::uint64_t bucket_mask = bucket_mask_;
  const ScanEntry* const entries = scan_entries_.data();
  for (std::size_t k = 0; k < n; ++k) {
    const Token& t = tokens[k];
    if (t.kind == TokenKind::number) {
      starts[k] = by_number_.candidates.empty() ? nullptr : &by_number_;
      reach[k] = static_cast<std::uint32_t>(by_number_.reach);
      marks[k].keys = number_keys_ ? number_key_mask(t, k + 1 < n ? &tokens[k + 1] : nullptr) : 0;
      const auto digits = t.end - t.begin;
      marks[k].needs = digits == 4   ? kNeedFourDigits
                       : digits == 2 ? kNeedSmall | kNeedTwoDigits
                       : digits == 1 ? kNeedSmall
                                     : 0;
      continue;
    }
    const ScanEntry& e =
        entries[scan_entry(bucket_keys, bucket_values, bucket_mask, t.folded_hash)];
    starts[k] = e.starts;
    reach[k] = e.reach;
    marks[k].needs = e.needs;
    std::uint64_t mask = e.keys;
    // An apostrophe keys "'98" and "'90s" only before two attached digits, not in "Iraq's".
    if (t.folded_hash == kApostrophe &&
        !(k + 1 < n && tokens[k + 1].kind == TokenKind::number && !tokens[k + 1].space_before &&
          tokens[k + 1].end - tokens[k + 1].begin == 2))
      mask &= ~kApostropheNumberKeys;
    marks[k].keys = mask;
    // The token may stand at any offset up to key_offset into its key phrases ("year" starts
    // "year end" and is second in "new year's day"): mark each place such a phrase can start.
    // Tested on the offset, which few words have, not on the mask, which a third of them have
    // in no order a branch predictor could learn.
    if (const std::size_t offset = e.key_offset)
      for (std::size_t o = 1; o <= offset && o <= k; ++o) marks[k - o].keys |= mask;
  }
  // Most places a rule may start have no rule key within reach ("the", most numbers): match_at
  // would find nothing there, so it is not asked. Found going backwards, from the nearest key.
  // Past the end, the nearest key is further than any list reaches.
  // Without a branch: which tokens have keys follows no pattern.
  std::size_t next_key = n + StartList::kMaxReach + 1;  // the nearest token from k on with key bits
  for (std::size_t k = n; k-- > 0;) {
    const std::size_t here = -static_cast<std::size_t>(marks[k].keys != 0);  // all ones or none
    next_key = (k & here) | (next_key & ~here);
    const auto kept = -static_cast<std::uintptr_t>(next_key - k <= reach[k]);
    starts[k] =
        reinterpret_cast<const StartList*>(reinterpret_cast<std::uintptr_t>(starts[k]) & kept);
  }
}

void MatchList::add(const RuleMatch& match) {
  const auto slot = static_cast<std::uint32_t>(order_.size());
  if (slot == slots_.size()) slots_.emplace_back();
  slots_[slot].assign(match);
  // Longest first, then priority; among equals the earlier match stays first, as a stable sort
  // would leave it. Matches are few: inserting in order is all the sorting they need.
  const auto after = std::upper_bound(order_.begin(), order_.end(), slot,
                                      [this](std::uint32_t a, std::uint32_t b) {
                                        const RuleMatch& x = slots_[a];
                                        const RuleMatch& y = slots_[b];
                                        const auto lx = x.end_token - x.first_token;
                                        const auto ly = y.end_token - y.first_token;
                                        if (lx != ly) return lx > ly;
                                        return x.rule->priority > y.rule->priority;
                                      });
  order_.insert(after, slot);
}

bool RuleSet::match_at(const std::vector<Token>& tokens, std::size_t i,
                       const std::vector<TokenMarks>& marks, const StartList& candidates,
                       const Lexicon& lexicon, MatchList& matches) const {
  matches.clear();
  // reach[k]: the key bits of phrases starting within tokens [i, i + k].
  std::uint64_t reach[32];
  const std::size_t span = std::min<std::size_t>({candidates.longest + 1, 32, tokens.size() - i});
  std::uint64_t acc = 0;
  for (std::size_t k = 0; k < span; ++k) reach[k] = acc |= marks[i + k].keys;
  // Most tokens that may start a rule ("the", numbers) have no rule key near them at all.
  if (!(acc & candidates.keys)) return false;
  // needs[k]: the need bits of tokens [i, i + k], read as far as a candidate asks.
  std::uint64_t needs[kMaxNeedWindow];
  std::size_t needs_read = 0;
  const std::size_t needs_end = std::min(kMaxNeedWindow, tokens.size() - i);
  thread_local RuleMatch scratch;  // reused: a RuleMatch is too big to clear per rule tried
  thread_local RuleMatch best;
  auto try_candidate = [&](const StartList::Candidate& candidate) {
    if (!((reach[std::min<std::size_t>(candidate.lead, span - 1)] >> candidate.key_bit) & 1u))
      return;
    if (candidate.needs) {
      const std::size_t last = std::min<std::size_t>(candidate.window, needs_end) - 1;
      for (; needs_read <= last; ++needs_read)
        needs[needs_read] = (needs_read ? needs[needs_read - 1] : 0) | marks[i + needs_read].needs;
      if ((needs[last] & candidate.needs) != candidate.needs) return;
    }
    const Rule& rule = rules_[candidate.rule];
    if (!rule.may_start(tokens, i)) return;
    scratch.capture_count = 0;
    Matcher m{tokens, lexicon, rule, numwords_, ordwords_, scratch, best};
    m.step(0, i);
    if (m.found) matches.add(best);
  };
  if (candidates.keyed.empty()) {
    for (const StartList::Candidate& candidate : candidates.candidates) try_candidate(candidate);
    return !matches.empty();
  }
  // Only the candidates keyed on a bit found within reach, still in rule order.
  std::uint64_t chosen[StartList::kMaxWords] = {};
  for (std::uint64_t bits = acc & candidates.keys; bits; bits &= bits - 1) {
    const std::uint64_t* keyed =
        &candidates.keyed[static_cast<std::size_t>(std::countr_zero(bits)) * candidates.words];
    for (std::size_t w = 0; w < candidates.words; ++w) chosen[w] |= keyed[w];
  }
  for (std::size_t w = 0; w < candidates.words; ++w)
    for (std::uint64_t set = chosen[w]; set; set &= set - 1)
      try_candidate(
          candidates.candidates[w * 64 + static_cast<std::size_t>(std::countr_zero(set))]);
  return !matches.empty();
}

}  // namespace tempograph::timex
