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
  bool capitalized = false;       // first letter upper-case
  bool newline_before = false;    // a line break separates it from the previous token
  bool space_before = false;      // any white space separates it from the previous token
  std::uint64_t folded_hash = 0;  // hash of the ASCII-lower-cased bytes (lexicon lookups)
  std::int64_t number = -1;       // value of an all-digit token (-1 when not, or too long)
};

// Splits text into words (letters, with inner apostrophes, periods of abbreviations like "a.m."
// kept as separate punctuation), digit runs, and single punctuation characters. Reuses `out`.
void tokenize(std::string_view text, std::vector<Token>& out);

// The hash tokenize() puts in Token::folded_hash, for building lexicons from asset files.
std::uint64_t folded_hash(std::string_view word);

// A sentence: byte offsets into the text and the half-open range of its tokens.
struct Sentence {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t first_token = 0;
  std::uint32_t end_token = 0;  // one past the last token
  bool starts_line = false;     // begins the text or a new line (a paragraph, in news text)
};

// Splits tokenized text into sentences at . ! ? (closing quotes and brackets stay with the
// sentence), blank lines, and line breaks that end a line with no sentence punctuation (headlines,
// datelines) unless the next line continues in lower case. Abbreviations ("Mr.", "Sept. 13",
// "U.S. officials", "a.m.") and decimals do not split. `tokens` is tokenize(text)'s output.
// Reuses `out`.
void split_sentences(std::string_view text, const std::vector<Token>& tokens,
                     std::vector<Sentence>& out);

}  // namespace tempograph
