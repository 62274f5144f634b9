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

TEST_CASE("tokenize: punctuation right after a word is a token of its own, as anywhere else") {
  // Read with the word before it (in the middle of a text) or alone (after a space, at the end):
  // the same tokens, offsets and flags.
  const std::string long_word = "internationally";  // more than eight letters
  for (const std::string& word : {std::string("Army"), long_word}) {
    const std::string text = "The " + word + ",\" he said. Then (" + word + ") left ,\n" + word;
    const auto tokens = tokens_of(text);
    REQUIRE(tokens.size() == 14);
    const auto at = [&](std::size_t k) {
      return text.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
    };
    CHECK(at(1) == word);
    CHECK(tokens[1].capitalized == (word[0] == 'A'));
    CHECK(tokens[1].folded_hash == folded_hash(word));
    for (std::size_t k : {2u, 3u, 6u, 8u, 10u, 12u}) {
      INFO(k);
      CHECK(tokens[k].kind == tempograph::TokenKind::punct);
      CHECK(tokens[k].end == tokens[k].begin + 1);
      CHECK(tokens[k].folded_hash == folded_hash(at(k)));
      CHECK(tokens[k].number == -1);
      CHECK_FALSE(tokens[k].capitalized);
    }
    CHECK(at(2) == ",");
    CHECK_FALSE(tokens[2].space_before);
    CHECK_FALSE(tokens[3].space_before);  // the quote after the comma
    CHECK(tokens[4].space_before);        // "he"
    CHECK(at(6) == ".");
    CHECK(tokens[8].space_before);  // "(" after a space
    CHECK(at(10) == ")");
    CHECK_FALSE(tokens[10].space_before);
    CHECK(tokens[12].space_before);  // "," after a space
    CHECK_FALSE(tokens[12].newline_before);
    CHECK(tokens[13].newline_before);  // the last word, on a line of its own
    CHECK(at(13) == word);
    CHECK(tokens[13].folded_hash == folded_hash(word));
  }
}
