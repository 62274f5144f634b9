// A text that tells of the past follows its narrative: a month or day written without a year
// takes the year the text is at, not the DCT's. News that names a past year in passing does not.
#include "support.hpp"
#include "tempograph/document.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <catch2/catch.hpp>

#include <map>

namespace {

const tempograph::TimexRecognizer& recognizer() {
  static const auto r = tempograph::TimexRecognizer::load(tempograph::test::assets_dir());
  return r;
}

// Expression text -> value (the last one of that text).
std::map<std::string, std::string> values_of(const std::string& text,
                                             const tempograph::DocumentCreationTime& dct) {
  std::map<std::string, std::string> out;
  for (const auto& e : recognizer().find(text, dct))
    out[text.substr(e.begin, e.end - e.begin)] = e.value;
  return out;
}

// A history's DCT, given as an option, as WikiWars dates its articles.
tempograph::DocumentCreationTime written_on(int year, int month, int day) {
  tempograph::DocumentCreationTime dct;
  dct.day = boost::gregorian::date(year, month, day);
  dct.source = tempograph::DctSource::option;
  return dct;
}

}  // namespace

TEST_CASE("a history follows its narrative's years", "[timex]") {
  tempograph::LoadOptions options;
  auto loaded = tempograph::load_documents(
      {(tempograph::test::data_dir() / "timex" / "narrative.txt").string()}, options);
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.documents.size() == 1);
  const auto& doc = loaded.documents.front();
  REQUIRE(doc.dct.source == tempograph::DctSource::header);
  const auto values = values_of(doc.text, doc.dct);
  CHECK(values.at("September 1, 1939") == "1939-09-01");
  CHECK(values.at("early October") == "1939-10");  // not the DCT's October of 2009
  CHECK(values.at("May 10") == "1940-05-10");
  CHECK(values.at("the end of the month") == "1940-05");  // the month just told of
  CHECK(values.at("10:57") == "1940-05-10T10:57");        // the day of the sentence before
  CHECK(values.at("June 22") == "1941-06-22");
  CHECK(values.at("December") == "1941-12");
  CHECK(values.at("Christmas") == "1941-12-25");
  CHECK(values.at("the summer") == "1942-SU");
}

TEST_CASE("news that names past years in passing stays anchored to its DCT", "[timex]") {
  const auto dct = written_on(1998, 4, 18);
  const std::string text =
      "The general, who led the army from 1980 to 1984 and fought in the 1973 war, said on "
      "Saturday that he retired in February. He joined the army in 1962.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1962") == "1962");
  CHECK(values.at("Saturday") == "1998-04-18");
  CHECK(values.at("February") == "1998-02");
}

TEST_CASE("a date told in the past perfect is a look back: the narrative stays", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "In March 1944, the Japanese launched the first of two invasions. In May 1944, British "
      "forces mounted a counter-offensive, and Chinese forces that had invaded Northern Burma in "
      "late 1943 besieged Japanese troops. By June, the Japanese had conquered Henan.";
  const auto values = values_of(text, dct);
  CHECK(values.at("late 1943") == "1943");
  CHECK(values.at("June") == "1944-06");  // after May 1944, not after late 1943
}

TEST_CASE("an end an \"until\" looks ahead to leaves the narrative where it is", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The offensive began in June 1944. In August 1944, Paris was liberated. On October 20, "
      "1944, Belgrade fell, and an assault began that lasted until the fall of Budapest in "
      "February 1945. By the start of July, the sieges had been repelled.";
  const auto values = values_of(text, dct);
  CHECK(values.at("February 1945") == "1945-02");
  CHECK(values.at("the start of July") == "1944-07");  // not July 1945
}

TEST_CASE("a quoted \"today\" counts for less: a history with quotes follows its narrative",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war was planned from March 28, 1935. The invasion began on October 3, 1935. On "
      "October 5, the army took Adigrat. By early December 1935 the front had stalled, and in "
      "early 1936 the offensive resumed. The end of January 1936 saw a second battle.\n"
      "The emperor warned: \"It is us today. It will be you tomorrow.\"\n"
      "On March 31, 1936, the last army was destroyed. On April 4, the emperor left.";
  const auto values = values_of(text, dct);
  CHECK(values.at("October 5") == "1935-10-05");
  CHECK(values.at("April 4") == "1936-04-04");
}

TEST_CASE("a bare year that names something is no move of the narrative", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The king was deposed in August 1792. The republic was declared in September 1792. In "
      "January 1793 the king was executed. In 1793, peasants revolted against the Civil "
      "Constitution of the Clergy (1790). On 17 August, the Convention voted for conscription.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1790") == "1790");
  CHECK(values.at("17 August") == "1793-08-17");  // not 1790

  const std::string treaty =
      "The coup came in April 1978. In March 1979 the revolt spread. The invasion began on "
      "December 25, 1979. Moscow said it was complying with the 1978 Treaty of Friendship. "
      "Troops entered from the north on December 27.";
  const auto dates = values_of(treaty, dct);
  CHECK(dates.at("December 27") == "1979-12-27");  // not 1978
}

TEST_CASE("a history that ends near its DCT follows its narrative where it tells of the past",
          "[timex]") {
  // As a whole this text does not tell of the past (its last part is about the DCT's year and
  // the one before), so the text is read once; its first part still follows its narrative.
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "2003: Invasion\n\n"
      "The first team entered the country on July 10, 2002. The invasion began on March 20, "
      "2003. On April 9 the capital fell.\n\n"
      "2008: Withdrawal\n\n"
      "In November 2008 the parliament approved the agreement. In January 2009 the first "
      "troops left, and by December 2009 most had gone. Elections were held on March 7 and "
      "the last brigade leaves in December 2010.";
  const auto values = values_of(text, dct);
  CHECK(values.at("April 9") == "2003-04-09");  // not 2009, the DCT's year
  CHECK(values.at("March 7") == "2009-03-07");  // the narrative ended at November 2008
}

TEST_CASE("past years in someone's quoted words count for less: news stays at its DCT", "[timex]") {
  const auto dct = written_on(1997, 4, 29);
  const std::string text =
      "The former officer went on to work as a spy, a lawyer for the families said Tuesday.\n\n"
      "He told the court that the officer, \"in 1951 passed into the service of the Americans "
      "and in 1953 of the interior ministry and in 1955 he supplied documents to the "
      "Soviets.\"\n\n"
      "He asked that documents from two trials, one in Milan in 1969 and another in Brescia "
      "in 1974, be included.\n\n"
      "The trial opened on April 14 before a military tribunal.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1974") == "1974");
  CHECK(values.at("April 14") == "1997-04-14");  // not 1974
}

TEST_CASE("in a history, \"later in the year\" is the year the narrative is at", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in 1937. In 1938 the army retreated. In 1945 the Japanese troops in the "
      "region surrendered. Later in the year, Chiang realized that he lacked the resources.";
  CHECK(values_of(text, dct).at("Later in the year") == "1945");
}

TEST_CASE("in a history, \"this day\" is the day it tells of, and in the news the DCT", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string history =
      "The war began in 1914. In 1916 the offensive on the Somme failed. In 1917 the United "
      "States entered the war. On August 8, 1918, the Allies attacked at Amiens. Ludendorff "
      "referred to this day as the Black Day of the German army.";
  CHECK(values_of(history, dct).at("this day") == "1918-08-08");
  const std::string news = "Officials said this day would be remembered.";
  CHECK(values_of(news, dct).at("this day") == "2009-12-19");
}

TEST_CASE("a date compared with, or that \"since\" looks back to, is no move of the narrative",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The offensive began in July 1920. In August 1920 the army reached Warsaw. On August 31, "
      "the cavalry was defeated at Komarow, the largest cavalry battle since 1813. The army "
      "retreated on 6 September. The Estates were arranged as in 1614. On 12 October the "
      "treaty was signed.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1813") == "1813");
  CHECK(values.at("6 September") == "1920-09-06");  // not 1813
  CHECK(values.at("12 October") == "1920-10-12");   // not 1614
}

TEST_CASE("a history of long ago that names the writer's own time goes on where it was",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in April 1920. In June 1920 Kiev fell. By July 1920 the front had moved. "
      "Documents found in 2004 proved that codebreakers played a great role. The advance was "
      "halted on August 17. In May 1964 the fleet sailed, and in August 1964 it was attacked. "
      "Documents declassified in 2005 revealed that there was no attack on 4 August.";
  const auto values = values_of(text, dct);
  CHECK(values.at("2004") == "2004");
  CHECK(values.at("August 17") == "1920-08-17");  // not 2004
  CHECK(values.at("4 August") == "1964-08-04");   // not 2005
}

TEST_CASE("the previous or following month or season of a history is counted from its narrative",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in 1914. In March 1917 the Tsar fell. By July 1918 the offensive had "
      "stalled, and on 2 September 1918 the army gave up the salient seized in the previous "
      "April. In December 1777 the army went into winter quarters. The next spring, however, it "
      "emerged. On the following May 8 it marched.";
  const auto values = values_of(text, dct);
  CHECK(values.at("the previous April") == "1918-04");  // before September 1918, not 1919's
  CHECK(values.at("The next spring") == "1778-SP");     // after December 1777
  CHECK(values.at("2 September 1918") == "1918-09-02");
}

TEST_CASE("a year written apart from its day leaves the narrative at that day", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in September 1939. France fell in June 1940. In June 1941 Germany invaded "
      "the Soviet Union. On December 7 (December 8 in Asian time zones), 1941, Japan attacked "
      "Pearl Harbor. Germany declared war on the United States. In January, the Allies signed "
      "a declaration.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1941") == "1941");
  CHECK(values.at("January") == "1942-01");  // after December 1941, not 1941's
}

TEST_CASE("a history that goes on into the years just before its DCT follows them", "[timex]") {
  // Dates of the last years before the DCT's own are news's present when nothing tells of the
  // past; in a history they are where its narrative has come to.
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began on March 20, 2003. Baghdad fell on April 9, 2003. Saddam was captured in "
      "December 2003. The first elections were held in January 2005, and the constitution was "
      "approved in October 2005. In January 2008 the fighting flared again. In May, the army "
      "took Basra. In 2009 the troops began to leave. On June 30, they left the cities.";
  const auto values = values_of(text, dct);
  CHECK(values.at("May") == "2008-05");         // not the DCT's last May, 2009
  CHECK(values.at("June 30") == "2009-06-30");  // the DCT's year is its present again
}

TEST_CASE("a year named in passing, the text back at its own year after it, moves nothing",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began on March 20, 2003. The first team had entered the country on July 10, "
      "2002. On April 9 Baghdad fell and the statue was torn down. In November 2008, protesters "
      "staged a similar stomping on an effigy. On April 15 the invasion was declared over. "
      "Resolution 1483 (May 22, 2003) lifted the sanctions.";
  const auto values = values_of(text, dct);
  CHECK(values.at("November 2008") == "2008-11");
  CHECK(values.at("April 15") == "2003-04-15");  // not 2009's, after the year named in passing
  // A year the text goes on from is no aside: "In 2009, troops began to leave. ... On February
  // 29" (the test below) is after it.
}

TEST_CASE("a date compared with does not start a narrative where there is none", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in March 2003. Baghdad fell in April 2003. In December 2003 Saddam was "
      "captured. Elections were held in 2005. The surge came in 2007. In 2009, troops began to "
      "leave. The incursion was the first by Turkish forces since 1995. Turkish troops withdrew "
      "on February 29. In May, the pact was signed.";
  const auto values = values_of(text, dct);
  CHECK(values.at("1995") == "1995");
  CHECK(values.at("February 29") == "2008-02-29");  // was dropped: 1995 had no February 29
  CHECK(values.at("May") == "2009-05");             // not 1995's
}

TEST_CASE("quoted words in a history of long ago speak of their own day, not the writer's",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "The war began in October 1935. The offensive of December 1935 failed. In January 1936 "
      "the Italians advanced, in February 1936 Amba Aradam fell, and by March 1936 the army was "
      "beaten. Addis Ababa fell in May 1936. Ethiopian perspective: \"It will be you tomorrow\"\n"
      "Haile Selassie was crossing the Red Sea. On May 4, he had sailed from Djibouti. "
      "He said: \"They attack us today.\" On June 30, he spoke at the League of Nations.\n"
      "He told the League: \"I am tonight appealing to you, as I did 15 months ago.\"";
  const auto values = values_of(text, dct);
  // Counted from no DCT: the speaker's tomorrow is no day of 2009 (it was 2009-12-20 before).
  CHECK(values.at("tomorrow") == "XXXX-XX-XX");
  CHECK(values.at("today") == "XXXX-XX-XX");
  CHECK(values.at("tonight") == "XXXX-XX-XXTNI");  // a part of the speaker's day
  CHECK(values.at("15 months ago") == "XXXX-XX");  // counted back from the speaker's day
  CHECK(values.at("May 4") == "1936-05-04");       // not 2009
  CHECK(values.at("June 30") == "1936-06-30");     // not 2009
  // Unquoted, the writer's own day ends the history's narrative, as news does.
  const auto news = values_of(
      "The war began in October 1935. The offensive of December 1935 "
      "failed. Addis Ababa fell in May 1936. Today the city is calm. "
      "On June 30, the mayor spoke.",
      dct);
  CHECK(news.at("June 30") == "2009-06-30");
  // News quotes its own day's words: a quoted "today" there is the DCT's.
  const auto quoted_news =
      values_of("In 1951 he joined the party. \"We will vote today,\" the minister said.", dct);
  CHECK(quoted_news.at("today") == "2009-12-19");
}

TEST_CASE("days before 1400, Boost's first year, are dated in a history", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "In 1380 the war began. In 1385 it ended, and in 1388 peace came. On May 3 the treaty "
      "was signed, on Christmas they feasted, and on the 28th of that month they left. The "
      "king died on April 12, 1390. The week of April 12, 1390 was cold.";
  const auto values = values_of(text, dct);
  CHECK(values.at("May 3") == "1388-05-03");
  CHECK(values.at("Christmas") == "1388-12-25");
  CHECK(values.at("April 12, 1390") == "1390-04-12");
  CHECK(values.at("The week of April 12, 1390") == "1390-W15");  // 1790's week: the same days
}

TEST_CASE("a history before the era follows its narrative in years BC", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "In 490 BC the Persians landed at Marathon. In 486 BC Egypt revolted, and Thrace had been "
      "Persian since 513 BC. In 481 BC Xerxes mustered the troops. The army gathered in the "
      "summer and autumn of 481 BC. In 480 BC the Persians arrived at Thermopylae in mid-August. "
      "That year Athens fell, and the following month the fleet won. In the spring of 4 BC the "
      "empire grew; by September it was at peace.";
  const auto values = values_of(text, dct);
  CHECK(values.at("the summer") == "BC0481-SU");  // the year written with the second season
  CHECK(values.at("mid-August") == "BC0480-08");
  CHECK(values.at("That year") == "BC0480");
  CHECK(values.at("the following month") == "BC0480-09");
  CHECK(values.at("September") == "BC0004-09");
}

TEST_CASE("a month in a narrative at a bare year is placed after the day it last told of",
          "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "In 1939 the war began. In 1940 France fell. In 1941 Germany invaded the Soviet Union. On "
      "December 7 Japan attacked. In January, the Allies issued a declaration.";
  const auto values = values_of(text, dct);
  CHECK(values.at("December 7") == "1941-12-07");
  CHECK(values.at("January") == "1942-01");  // not 1941's January, eleven months back
}

TEST_CASE("years before 1400 in ranges, sentence years and leap days are read, not thrown on",
          "[timex]") {
  const auto dct = written_on(2009, 12, 16);
  // Each once made the whole document fail: Boost's leap-year test throws before 1400.
  CHECK(values_of("The siege lasted from May to June 1300.", dct).at("May to June 1300") ==
        "1300-05");
  CHECK(values_of("In 1066, on February 29, the king was crowned.", dct).at("1066") == "1066");
  CHECK(values_of("They met on February 29 in 1066.", dct).at("1066") == "1066");
  CHECK(values_of("In 1200, on February 29, the king was crowned.", dct).at("February 29") ==
        "1200-02-29");  // a leap year, as every 400th is
}

TEST_CASE("a year written after a date gives it that year, and what was dated from it", "[timex]") {
  const auto dct = written_on(2009, 12, 16);
  const auto derived = values_of(
      "On December 7 in 1941, at 7:55 a.m., Japan attacked. Later that day, Roosevelt spoke.", dct);
  CHECK(derived.at("December 7") == "1941-12-07");
  CHECK(derived.at("7:55 a.m.") == "1941-12-07T07:55");
  CHECK(derived.at("Later that day") == "1941-12-07");
  const auto range = values_of("They talked from November to March in 1999.", dct);
  CHECK(range.at("November to March") == "1998-11");
  const auto frame = values_of("In 1996, the talks ran from Nov. 3 to Dec. 5.", dct);
  CHECK(frame.at("Nov. 3 to Dec. 5") == "1996-11-03");
}

TEST_CASE("days and times of histories before 1400 and before the era count from their day",
          "[timex]") {
  const auto dct = written_on(2009, 12, 16);
  const auto bc = values_of(
      "In 490 BC the Persians landed. In 486 BC Egypt revolted. In 481 BC Xerxes mustered. On 17 "
      "August 480 BC, the battle began. The day before, rain fell. At 6 a.m. on 5 June 1944, the "
      "Allies landed.",
      dct);
  CHECK(bc.at("The day before") == "BC0480-08-16");
  CHECK(bc.at("6 a.m.") == "1944-06-05T06:00");  // a day of the era replaces a day before it whole
  const auto medieval = values_of(
      "In 1380 the war began. In 1385 it ended. In 1388 peace came. On August 17, the battle "
      "began. The day before, rain fell. The following week they left.",
      dct);
  CHECK(medieval.at("The day before") == "1388-08-16");
  CHECK(medieval.at("The following week") == "1388-W34");
  const auto ad = values_of(
      "In 1481 the war began. In 1482 it spread. In AD 70, the army marched. In August of that "
      "year, the city fell.",
      dct);
  CHECK(ad.at("August of that year") == "0070-08");
}

TEST_CASE("a sports report's halves and quarters are a game's, not a year's", "[timex]") {
  const auto dct = written_on(2005, 12, 10);
  const std::string report =
      "Stefano Fiore headed the only goal six minutes into the second half as Fiorentina won. "
      "Luca Toni's first half penalty was saved by the keeper.";
  const auto game = values_of(report, dct);
  CHECK(game.count("the second half") == 0);
  CHECK(game.count("first half") == 0);
  const std::string results =
      "Profits rose in the second half, and sales fell in the third quarter, the company said.";
  const auto business = values_of(results, dct);
  CHECK(business.at("the second half") == "2005-H2");
  CHECK(business.at("the third quarter") == "2005-Q3");
}

TEST_CASE("a duration counted on from the date before it reaches a date", "[timex]") {
  const auto dct = written_on(2009, 12, 19);
  const std::string text =
      "Mussolini was killed by partisans on April 28, 1945. Two days later, Hitler committed "
      "suicide. A week later, Germany surrendered. Italy entered the war on May 23, 1915. "
      "Fifteen months later Italy declared war on Germany. The war began in August 1914 and "
      "two days later Belgium was invaded. A few days later, the front moved. It lasted three "
      "years. Two years later, it ended. It opened in March 1950, six months later than planned.";
  std::map<std::string, tempograph::TimeExpression> found;
  for (auto& e : recognizer().find(text, dct))
    found[text.substr(e.begin, e.end - e.begin)] = std::move(e);
  // TimeML's value stays the duration; the date it reaches places what happened then.
  CHECK(found.at("Two days").value == "P2D");
  CHECK(found.at("Two days").reaches == "1945-04-30");
  CHECK(found.at("A week").reaches == "1945-W19");  // on from the date reached before
  CHECK(found.at("Fifteen months").reaches == "1916-08");
  CHECK(found.at("two days").reaches.empty());     // a month is too coarse for days
  CHECK(found.at("A few days").reaches.empty());   // no count to count on by
  CHECK(found.at("Two years").reaches.empty());    // after a duration that reaches nothing
  CHECK(found.at("three years").reaches.empty());  // no "later"
  CHECK(found.at("six months").reaches.empty());   // "later than": a comparison
  // A length that describes something is no point to count from; the date before it is.
  std::map<std::string, tempograph::TimeExpression> described;
  const std::string history =
      "In 1990 he began a five-year term. Three years later, he resigned. The war ended in 445 BC "
      "with a thirty year truce. Fourteen years later, war returned.";
  for (auto& e : recognizer().find(history, dct))
    described[history.substr(e.begin, e.end - e.begin)] = std::move(e);
  CHECK(described.at("Three years").reaches == "1993");
  CHECK(described.at("Fourteen years").reaches == "BC0431");
  // The text goes on from the date reached.
  const auto next = values_of(
      "On Nov. 11, five ministers resigned. Two days later, another resigned. The next day, "
      "the cabinet met.",
      written_on(2006, 11, 27));
  CHECK(next.at("The next day") == "2006-11-14");
}
