// Text: UTF-8 validation and the tokenizer the later stages read the text through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tempograph {

// Offset of the first byte that is not valid UTF-8 (overlongs and surrogates included), or
// nullopt when the whole text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

enum class TokenKind : std::uint8_t { word, number, punct };

// A token is a view into the text plus cheap facts computed in the single scanning pass, so
// matching never has to re-read or copy the bytes.
struct Token {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  TokenKind kind = TokenKind::punct;
  bool capitalized = false;      // first letter upper-case
  bool newline_before = false;   // a line break separates it from the previous token
  bool space_before = false;     // any white space separates it from the previous token
  std::uint64_t folded_hash = 0; // hash of the ASCII-lower-cased bytes (lexicon lookups)
  std::int64_t number = -1;      // value of an all-digit token (-1 when not, or too long)
};

// Splits text into words (letters, with inner apostrophes, periods of abbreviations like "a.m."
// kept as separate punctuation), digit runs, and single punctuation characters. Reuses `out`.
void tokenize(std::string_view text, std::vector<Token>& out);

// The hash tokenize() puts in Token::folded_hash, for building lexicons from asset files.
std::uint64_t folded_hash(std::string_view word);

}  // namespace tempograph
