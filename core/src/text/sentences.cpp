// Sentence splitting over the token stream. Periods are the hard case in news text: titles
// ("Mr.", "Gen."), month abbreviations ("Sept. 13"), initials and acronyms ("U.S.", "a.m.") and
// company suffixes ("Corp.") end in a period without ending the sentence. Only tokens next to a
// . ! ? or a line break are looked at, so the cost is a handful of comparisons per sentence.
#include "tempograph/text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace tempograph {
namespace {

// Lower-case ASCII comparison of a token's text against a lower-case word.
bool equals_folded(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
    if (c != lower[i]) return false;
  }
  return true;
}

template <std::size_t N>
bool in_list(std::string_view text, const std::array<std::string_view, N>& list) {
  return std::any_of(list.begin(), list.end(),
                     [text](std::string_view w) { return equals_folded(text, w); });
}

// Never end a sentence: a name or a number always follows.
constexpr std::array<std::string_view, 34> kTitles = {
    "mr",  "mrs", "ms",  "dr",  "prof", "gen",  "lt", "col", "sgt",  "capt", "cmdr",   "adm",
    "maj", "sen", "rep", "gov", "rev",  "st",   "mt", "ft",  "pres", "supt", "messrs", "hon",
    "vs",  "no",  "nos", "fig", "art",  "para", "pp", "vol", "ch",   "gens"};

// End a sentence only before a number-less capitalized word ("Sept. 13" goes on, "in Sept. The"
// ends).
constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar",  "apr", "jun", "jul",
                                                      "aug", "sep", "sept", "oct", "nov", "dec"};

// Company suffixes and similar: like acronyms, they end a sentence only before a word that
// usually starts one.
constexpr std::array<std::string_view, 9> kSuffixes = {"inc", "corp", "co", "ltd", "bros",
                                                       "plc", "jr",   "sr", "etc"};

// Capitalized words that usually start a sentence rather than continue a name: after "U.S." or
// "Corp." they decide for a split.
constexpr std::array<std::string_view, 40> kSentenceStarters = {
    "the",  "a",    "an",       "he",    "she",   "it",     "they", "we",   "i",    "you",
    "this", "that", "these",    "those", "there", "but",    "and",  "in",   "on",   "at",
    "for",  "if",   "when",     "while", "after", "before", "his",  "her",  "its",  "their",
    "our",  "as",   "analysts", "some",  "many",  "most",   "both", "also", "such", "yet"};

bool is_word(const Token& t) {
  return t.kind == TokenKind::word;
}

bool is_closing(std::string_view t) {
  return t == "\"" || t == ")" || t == "]" || t == "'" || t == "\xE2\x80\x9D" ||
         t == "\xE2\x80\x99" || t == "\xC2\xBB";
}

bool lower_start(const Token& t, std::string_view text) {
  if (t.kind != TokenKind::word) return false;
  const unsigned char c = static_cast<unsigned char>(text[t.begin]);
  return c >= 'a' && c <= 'z';
}

// A blank line (two line breaks, white space between them allowed) before token `next`.
bool blank_line_between(std::string_view text, const Token& prev, const Token& next) {
  int breaks = 0;
  for (std::uint32_t i = prev.end; i < next.begin; ++i) {
    if (text[i] == '\n') ++breaks;
  }
  return breaks >= 2;
}

// Does a sentence end at the period tokens[i]? `next` is the first token after any closing quotes.
bool period_ends_sentence(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
                          std::size_t next) {
  if (next >= tokens.size()) return true;
  const Token& n = tokens[next];
  if (n.newline_before) return true;
  // "1.5", "U.S", "a.m": a period glued to the next token is inside a word or number.
  if (!n.space_before && next == i + 1) return false;
  const auto word_of = [&](const Token& t) { return text.substr(t.begin, t.end - t.begin); };
  const bool next_is_starter =
      is_word(n) && n.capitalized && in_list(word_of(n), kSentenceStarters);
  if (i > 0 && is_word(tokens[i - 1]) && tokens[i - 1].end == tokens[i].begin) {
    const Token& w = tokens[i - 1];
    const std::string_view before = word_of(w);
    if (in_list(before, kTitles)) return false;
    if (in_list(before, kMonths)) return n.kind != TokenKind::number && n.capitalized;
    // Initials and dotted acronyms: "J. Smith", "U.S. officials", "p.m. Tuesday".
    const bool dotted =
        i >= 2 && w.begin > 0 && tokens[i - 2].end == w.begin && word_of(tokens[i - 2]) == ".";
    if (before.size() == 1 || dotted || in_list(before, kSuffixes)) return next_is_starter;
  }
  // A lower-case continuation ("etc. and", "vs. the") is no new sentence.
  return !lower_start(n, text);
}

}  // namespace

void split_sentences(std::string_view text, const std::vector<Token>& tokens,
                     std::vector<Sentence>& out) {
  out.clear();
  if (tokens.empty()) return;
  std::size_t start = 0;
  const auto close = [&](std::size_t end_token) {
    if (end_token <= start) return;
    Sentence s;
    s.first_token = static_cast<std::uint32_t>(start);
    s.end_token = static_cast<std::uint32_t>(end_token);
    s.begin = tokens[start].begin;
    s.end = tokens[end_token - 1].end;
    s.starts_line = start == 0 || tokens[start].newline_before;
    out.push_back(s);
    start = end_token;
  };
  const auto word_of = [&](const Token& t) { return text.substr(t.begin, t.end - t.begin); };
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    // Line breaks: a blank line always ends a sentence; a single one ends it unless the line
    // reads on ("... talks with\nthe president", "... said,\n").
    if (i > start && t.newline_before) {
      const Token& prev = tokens[i - 1];
      const std::string_view pw = word_of(prev);
      const bool wraps = lower_start(t, text) || pw == "," || pw == "-" || pw == "(" ||
                         (lower_start(prev, text) && t.kind == TokenKind::number);
      if (blank_line_between(text, prev, t) || !wraps) close(i);
    }
    if (t.kind != TokenKind::punct) continue;
    const std::string_view w = word_of(t);
    if (w != "." && w != "!" && w != "?") continue;
    std::size_t next = i + 1;
    // "...now." "!?" and closing quotes or brackets belong to the sentence they close.
    while (next < tokens.size() && !tokens[next].space_before &&
           (is_closing(word_of(tokens[next])) || word_of(tokens[next]) == "." ||
            word_of(tokens[next]) == "!" || word_of(tokens[next]) == "?")) {
      ++next;
    }
    bool ends = false;
    if (w == ".") {
      ends = period_ends_sentence(text, tokens, i, next);
    } else {
      ends =
          next >= tokens.size() || tokens[next].newline_before || !lower_start(tokens[next], text);
    }
    if (ends) {
      close(next);
      i = next - 1;
    }
  }
  close(tokens.size());
}

}  // namespace tempograph
