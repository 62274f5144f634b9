// The sentence splitter: abbreviations, initials and decimals do not end a sentence; periods,
// question marks, blank lines and headline lines do.
#include "tempograph/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

std::vector<std::string> sentences(const std::string& text) {
  std::vector<tempograph::Token> tokens;
  tempograph::tokenize(text, tokens);
  std::vector<tempograph::Sentence> out;
  tempograph::split_sentences(text, tokens, out);
  std::vector<std::string> result;
  for (const auto& s : out) result.push_back(text.substr(s.begin, s.end - s.begin));
  return result;
}

}  // namespace

TEST_CASE("split_sentences: abbreviations stay inside the sentence", "[text][sentences]") {
  CHECK(sentences("Mr. Smith met Gen. Lee on Sept. 13 in the U.S. capital. They talked.") ==
        std::vector<std::string>{"Mr. Smith met Gen. Lee on Sept. 13 in the U.S. capital.",
                                 "They talked."});
  CHECK(sentences("Shares rose 1.5 percent at 10 a.m. on Monday. Traders cheered.") ==
        std::vector<std::string>{"Shares rose 1.5 percent at 10 a.m. on Monday.",
                                 "Traders cheered."});
  CHECK(sentences("He works for Acme Corp. and lives in Ohio.") ==
        std::vector<std::string>{"He works for Acme Corp. and lives in Ohio."});
}

TEST_CASE("split_sentences: an acronym ends a sentence before a sentence opener",
          "[text][sentences]") {
  CHECK(sentences("The troops left the U.S. The talks resumed.") ==
        std::vector<std::string>{"The troops left the U.S.", "The talks resumed."});
  CHECK(sentences("J. R. Smith arrived.") == std::vector<std::string>{"J. R. Smith arrived."});
}

TEST_CASE("split_sentences: quotes and marks close the sentence they end", "[text][sentences]") {
  CHECK(sentences("\xE2\x80\x9CIt is over.\xE2\x80\x9D Then he left!  Why? Nobody knows.") ==
        std::vector<std::string>{"\xE2\x80\x9CIt is over.\xE2\x80\x9D", "Then he left!", "Why?",
                                 "Nobody knows."});
  CHECK(sentences("\"Is it over?\" he asked.") ==
        std::vector<std::string>{"\"Is it over?\" he asked."});
}

TEST_CASE("split_sentences: line breaks", "[text][sentences]") {
  // A headline has no period; a blank line ends a paragraph; a wrapped line reads on.
  CHECK(sentences("Russia Calls on Azerbaijan to Pull Back\nRussia called on Azerbaijan to "
                  "withdraw.\n\nKopyrkin said it\nwould help.") ==
        std::vector<std::string>{"Russia Calls on Azerbaijan to Pull Back",
                                 "Russia called on Azerbaijan to withdraw.",
                                 "Kopyrkin said it\nwould help."});
  std::vector<tempograph::Token> tokens;
  const std::string text = "Title\nFirst line. Second.";
  tempograph::tokenize(text, tokens);
  std::vector<tempograph::Sentence> out;
  tempograph::split_sentences(text, tokens, out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].starts_line);
  CHECK(out[1].starts_line);
  CHECK_FALSE(out[2].starts_line);
  CHECK(out[2].first_token == 4);
  CHECK(out[2].end_token == tokens.size());
}

TEST_CASE("split_sentences: empty and punctuation-only text", "[text][sentences]") {
  CHECK(sentences("").empty());
  CHECK(sentences("...") == std::vector<std::string>{"..."});
}
