// The tokenizer's folded hash: the same for a word however it is read (eight letters at a time in
// the middle of a text, byte by byte near its end or with non-ASCII letters) and as folded_hash.
#include "tempograph/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using tempograph::folded_hash;
using tempograph::Token;
using tempograph::tokenize;

namespace {

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  tokenize(text, tokens);
  return tokens;
}

}  // namespace

TEST_CASE("tokenize: a word's hash does not depend on where it stands or on its case") {
  const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (std::size_t size = 1; size <= 24; ++size) {
    std::string word;
    std::string upper;
    for (std::size_t k = 0; k < size; ++k) {
      word += letters[(k * 7 + size) % 26];
      upper += static_cast<char>(word.back() - 'a' + 'A');
    }
    const std::uint64_t expected = folded_hash(word);
    CHECK(folded_hash(upper) == expected);
    // Alone (read byte by byte at the end), followed by text (read eight bytes at a time), and
    // followed by punctuation or digits.
    for (const std::string& text : {word, word + " and a long tail of more words",
                                    upper + ", then more words", word + "2024 and so on"}) {
      const auto tokens = tokens_of(text);
      REQUIRE_FALSE(tokens.empty());
      CHECK(tokens[0].end == size);
      CHECK(tokens[0].folded_hash == expected);
    }
  }
}

TEST_CASE("tokenize: words with non-ASCII letters and typographic punctuation") {
  // A word going on past eight ASCII letters with a non-ASCII one is one token.
  const auto long_word = tokens_of("abcdefghé and more text after it");
  REQUIRE(long_word.size() == 6);
  CHECK(long_word[0].end == 10);
  CHECK(long_word[0].folded_hash == folded_hash("ABCDEFGHé"));
  CHECK(long_word[0].folded_hash != folded_hash("abcdefghÉ"));  // only ASCII is folded
  // Typographic quotes and dashes hash as their ASCII forms.
  const auto quotes = tokens_of("“1990’s” – yes");
  REQUIRE(quotes.size() == 7);
  CHECK(quotes[0].folded_hash == folded_hash("\""));
  CHECK(quotes[2].folded_hash == folded_hash("'"));
  CHECK(quotes[5].folded_hash == folded_hash("-"));
  CHECK(tokens_of("1990")[0].folded_hash == folded_hash("1990"));
  CHECK(folded_hash("a") != folded_hash("b"));
  CHECK(folded_hash("ab") != folded_hash("ba"));
}
