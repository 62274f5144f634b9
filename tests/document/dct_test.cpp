// Document creation times: parsing, formatting and inference for undated texts.
#include "document/document_test_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace tempograph;
using tempograph::test::day;
using tempograph::test::examples_dir;
using tempograph::test::find_document;
using tempograph::test::options_on;
using tempograph::test::TempDir;

namespace {

const std::string kArticle003 = (examples_dir() / "karabakh" / "003_7bc3872968d31207.txt").string();

DocumentCreationTime load_one(const std::string& text, const char* today) {
  TempDir dir;
  auto path = dir.write("article.txt", text);
  auto result = load_documents({path.string()}, options_on(today));
  REQUIRE(result.documents.size() == 1);
  return result.documents.front().dct;
}

}  // namespace

TEST_CASE("to_string names every DCT source") {
  CHECK(to_string(DctSource::manifest) == "manifest");
  CHECK(to_string(DctSource::header) == "header");
  CHECK(to_string(DctSource::timeml) == "timeml");
  CHECK(to_string(DctSource::jsonl) == "jsonl");
  CHECK(to_string(DctSource::option) == "option");
  CHECK(to_string(DctSource::inferred) == "inferred");
  CHECK(to_string(DctSource::none) == "none");
}

TEST_CASE("DocumentCreationTime::iso gives the day, the minute when known, or nothing") {
  DocumentCreationTime dct;
  CHECK_FALSE(dct.known());
  CHECK(dct.iso().empty());
  dct.day = day("2024-02-05");
  CHECK(dct.iso() == "2024-02-05");
  dct.minute_of_day = 9 * 60 + 5;
  CHECK(dct.iso() == "2024-02-05T09:05");
}

TEST_CASE("parse_dct accepts ISO dates and date-times") {
  auto plain = parse_dct("2024-02-15", DctSource::option);
  REQUIRE(plain);
  CHECK(plain->day == day("2024-02-15"));
  CHECK_FALSE(plain->minute_of_day);
  CHECK(plain->source == DctSource::option);

  auto timed = parse_dct("2024-02-15T13:00", DctSource::jsonl);
  REQUIRE(timed);
  CHECK(timed->minute_of_day == 13 * 60);
  CHECK(timed->source == DctSource::jsonl);
  CHECK(timed->iso() == "2024-02-15T13:00");

  CHECK(parse_dct("2024-02-15T13:07:59", DctSource::option)->minute_of_day == 13 * 60 + 7);
  CHECK(parse_dct("2024-02-15T13:00:00Z", DctSource::option)->iso() == "2024-02-15T13:00");
  CHECK(parse_dct("  2024-02-29\n", DctSource::option)->day == day("2024-02-29"));
}

TEST_CASE("parse_dct rejects malformed and impossible dates") {
  for (const char* bad :
       {"", "tomorrow", "2024-02", "2024-02-15x", "15/02/2024", "2023-02-30", "2023-02-29",
        "2024-13-01", "2024-00-10", "2024-02-15T25:00", "2024-02-15T12:60", "2024-02-15Tnoon"}) {
    INFO(bad);
    CHECK_FALSE(parse_dct(bad, DctSource::option));
  }
}

TEST_CASE("003 without its manifest: the weekday gives the latest year not after today") {
  // November 25 fell on a Wednesday in 2015, 2020 and 2026.
  struct Case {
    const char* today;
    const char* expected;
  };
  for (auto [today, expected] : {Case{"2025-06-01", "2020-11-25"}, Case{"2026-11-24", "2020-11-25"},
                                 Case{"2026-11-25", "2026-11-25"}, Case{"2030-01-01", "2026-11-25"},
                                 Case{"2020-11-24", "2015-11-25"}}) {
    INFO("today " << today);
    auto result = load_documents({kArticle003}, options_on(today));
    REQUIRE(result.documents.size() == 1);
    const auto& dct = result.documents.front().dct;
    CHECK(dct.source == DctSource::inferred);
    CHECK(dct.iso() == expected);
    CHECK(dct.evidence.find("'Wednesday, November 25'") != std::string::npos);
  }
}

TEST_CASE("weekday phrases with the date in parentheses or day-first") {
  auto parenthesised =
      load_one("Officials met on Wednesday (November 25) to discuss it.\n", "2025-06-01");
  CHECK(parenthesised.source == DctSource::inferred);
  CHECK(parenthesised.iso() == "2020-11-25");
  CHECK(parenthesised.evidence.find("Wednesday (November 25)") != std::string::npos);

  auto day_first = load_one("The talks ended on Friday, 8 April in Moscow.\n", "2024-01-01");
  CHECK(day_first.iso() == "2022-04-08");
}

TEST_CASE("a full date in the text refines the weekday year, without a weekday it is used") {
  // The weekday alone would give 2026 (latest not after today); the text also mentions
  // November 9, 2020, so the first fitting year from then on is 2020.
  auto refined = load_one(
      "The leaders on November 9, 2020 signed a statement.\nPeskov said Wednesday, November 25 "
      "that it was wrong.\n",
      "2027-03-01");
  CHECK(refined.iso() == "2020-11-25");
  CHECK(refined.evidence.find("November 9, 2020") != std::string::npos);

  // Dates after today are plans, not evidence of when the text was written.
  auto latest = load_one(
      "The deal of 3 March 2019 was replaced on 2021-06-30. Elections are set for May 5, 2031.\n",
      "2025-01-01");
  CHECK(latest.source == DctSource::inferred);
  CHECK(latest.iso() == "2021-06-30");
  CHECK(latest.evidence.find("'2021-06-30'") != std::string::npos);
}

TEST_CASE("a text with nothing to go on has no DCT") {
  auto dct =
      load_one("December 11\nShow news feed\n\nThe talks went on as planned.\n", "2025-01-01");
  CHECK(dct.source == DctSource::none);
  CHECK_FALSE(dct.known());
  CHECK(dct.iso().empty());
}
