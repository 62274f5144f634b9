// Explicit temporal links (EventExtractor::find_links): a signal ("after", "since", "ahead of",
// ...) followed closely by an event word, owned by the mention of the signal's clause; dates
// alone, clauses and the mention itself give none. Then the bundled corpus, and the asset file.
#include "support.hpp"
#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace tempograph;

namespace {

const EventExtractor& extractor() {
  static const EventExtractor e = EventExtractor::load(test::assets_dir());
  return e;
}
const TimexRecognizer& recognizer() {
  static const TimexRecognizer r = TimexRecognizer::load(test::assets_dir());
  return r;
}

struct Linked {
  Document document;
  std::vector<TimeExpression> timexes;
  std::vector<EventMention> mentions;
  std::vector<EventLink> links;

  std::string text(std::uint32_t begin, std::uint32_t end) const {
    return document.text.substr(begin, end - begin);
  }
  std::string phrase(const EventLink& l) const { return text(l.begin, l.end); }
  std::string target(const EventLink& l) const { return text(l.target_begin, l.target_end); }
  const EventMention& owner(const EventLink& l) const { return mentions.at(l.mention); }
};

// DCT Thursday 15 February 2024.
Linked link(const std::string& text) {
  Linked out;
  out.document.text = text;
  out.document.dct = *parse_dct("2024-02-15", DctSource::option);
  out.timexes = recognizer().find(out.document.text, out.document.dct);
  out.mentions = extractor().find(out.document, out.timexes);
  out.links = extractor().find_links(out.document, out.timexes, out.mentions);
  return out;
}

// The one link of a one-sentence text, checked for shape.
EventLink only_link(const Linked& r) {
  INFO(r.document.text);
  REQUIRE(r.links.size() == 1);
  const EventLink& l = r.links[0];
  const EventMention& m = r.owner(l);
  CHECK(m.sentence_begin <= l.begin);
  CHECK(l.begin < l.target_begin);
  CHECK(l.target_end <= l.end);
  CHECK(l.end <= m.sentence_end);
  CHECK(m.begin != l.target_begin);
  return l;
}

}  // namespace

TEST_CASE("find_links: after, since, following, ahead of, prior to, until", "[event][links]") {
  {
    const auto r = link("Clashes resumed on Tuesday after the 2020 war.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "clash");  // what resumed, not the war
    CHECK(r.owner(l).time_value == "2024-02-13");
    CHECK(l.mention_after);
    CHECK(r.phrase(l) == "after the 2020 war");
    CHECK(r.target(l) == "war");
    CHECK(l.target_lemma == "war");
    CHECK(l.target_time == "2020");
  }
  {
    const auto r =
        link("Armenia and Azerbaijan held the first talks since the ceasefire on Monday.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "talks");
    CHECK(l.mention_after);
    CHECK(r.phrase(l) == "since the ceasefire");
    CHECK(l.target_lemma == "ceasefire");
    CHECK(l.target_time.empty());
  }
  {
    // Fighting continued until the ceasefire: the fighting comes before it.
    const auto r = link("Fighting continued on Tuesday until the ceasefire.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "fighting");
    CHECK_FALSE(l.mention_after);
    CHECK(r.phrase(l) == "until the ceasefire");
  }
  {
    const auto r = link("Lavrov visited Yerevan on Thursday ahead of the talks.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "visit");
    CHECK_FALSE(l.mention_after);
    CHECK(r.phrase(l) == "ahead of the talks");
    CHECK(l.target_lemma == "talks");
  }
  {
    const auto r = link("Russia evacuated its embassy on Monday prior to the attack.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "evacuate");
    CHECK_FALSE(l.mention_after);
    CHECK(r.phrase(l) == "prior to the attack");
    CHECK(l.target_lemma == "attack");
  }
  {
    const auto r = link("Mirzoyan visited Moscow on Monday, days before the summit.");
    const auto l = only_link(r);
    CHECK_FALSE(l.mention_after);
    CHECK(r.phrase(l) == "before the summit");
  }
  {
    const auto r = link(
        "Armenia recalled its ambassador on Friday in the wake of the "
        "September 19-20 offensive.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "recall");
    CHECK(l.mention_after);
    CHECK(r.phrase(l) == "in the wake of the September 19-20 offensive");
    CHECK(l.target_time == "2023-09-19");
  }
}

TEST_CASE("find_links: a phrase that opens the sentence goes to the clause after it",
          "[event][links]") {
  {
    const auto r = link("After the talks in Moscow, Lavrov said the sides agreed to continue.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "say");
    CHECK(l.mention_after);
    CHECK(r.phrase(l) == "After the talks");
    CHECK(l.target_lemma == "talks");
  }
  {
    // The compound's head is the target: a ceasefire agreement is an agreement.
    const auto r =
        link("Following the ceasefire agreement, Russia deployed peacekeepers to Karabakh.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "deploy");
    CHECK(r.phrase(l) == "Following the ceasefire agreement");
    CHECK(r.target(l) == "agreement");
  }
  {
    const auto r =
        link("Two days after the ceasefire, fighting resumed in Karabakh, Armenia said.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "fighting");
    CHECK(r.phrase(l) == "after the ceasefire");
  }
}

TEST_CASE("find_links: what may stand between the signal and the event word", "[event][links]") {
  {
    // A date in the possessive: its value is the target's time (last year of the DCT).
    const auto r = link("Azerbaijan launched an offensive last September after last year's war.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "offensive");
    CHECK(r.phrase(l) == "after last year's war");
    CHECK(l.target_time == "2023");
  }
  {
    const auto r =
        link("Russia deployed peacekeepers to Karabakh after the November 9, 2020 agreement.");
    const auto l = only_link(r);
    CHECK(r.owner(l).trigger_lemma == "deploy");
    CHECK(l.target_lemma == "agreement");
    CHECK(l.target_time == "2020-11-09");
  }
  {
    const auto r = link("Russia deployed peacekeepers after Azerbaijan's offensive.");
    CHECK(r.phrase(only_link(r)) == "after Azerbaijan's offensive");
  }
  {
    const auto r = link("Putin met Aliyev on Monday after the Russian-brokered ceasefire.");
    CHECK(r.phrase(only_link(r)) == "after the Russian-brokered ceasefire");
  }
  {
    const auto r =
        link("Azerbaijan shelled Armenian villages after Azerbaijani shelling of Jermuk.");
    const auto l = only_link(r);
    CHECK(r.phrase(l) == "after Azerbaijani shelling");
    CHECK(l.target_lemma == "shelling");
  }
  {
    // A gerund right after the signal.
    const auto r = link("Armenia accused Azerbaijan of violating the ceasefire before signing it.");
    const auto l = only_link(r);
    CHECK_FALSE(l.mention_after);
    CHECK(r.phrase(l) == "before signing");
    CHECK(l.target_lemma == "sign");
  }
}

TEST_CASE("find_links: dates alone, clauses and the mention itself are no links",
          "[event][links]") {
  for (const char* text : {
           // A date or a duration, not a happening.
           "Azerbaijan launched the offensive after September 13.",
           "Armenia has accused Azerbaijan of shelling since 2020.",
           "Lavrov met Mirzoyan before noon.",
           "Azerbaijan launched the offensive on September 19 after four days.",
           // A clause, not a noun phrase: its event is a verb, not the noun further on.
           "Russia deployed peacekeepers after Russia brokered the deal.",
           "Armenia protested on Monday after troops entered the village.",
           "Armenia protested on Monday after its soldiers were killed.",
           // No signal: an adjective, a verb.
           "The talks were held the following day in Moscow, Lavrov said.",
           "Lavrov said Russia is following the talks closely.",
           // The only mention is the target.
           "Russian peacekeepers will stay in Karabakh until the withdrawal.",
           // The signal's clause has no mention of its own: what came since the attacks is the
           // assistance, not the dismissal.
           "He dismissed criticism that Russia has not adequately assisted Armenia since the "
           "latest attacks.",
           // The same agreement named twice is not after itself.
           "Russia deployed peacekeepers on November 10 under the November 9, 2020 agreement and "
           "has stayed since the November 9, 2020 agreement.",
       }) {
    INFO(text);
    CHECK(link(text).links.empty());
  }
  Document empty;
  CHECK(extractor().find_links(empty, {}, {}).empty());
}

TEST_CASE("find_links: mention indexes across sentences, and a relative clause", "[event][links]") {
  const auto r = link(
      "Azerbaijan attacked Armenia on Tuesday. Russia condemned the attack on Wednesday after the "
      "talks. Lavrov said on Thursday that Armenia and Azerbaijan held talks after the 2020 war.");
  REQUIRE(r.links.size() == 2);
  CHECK(r.owner(r.links[0]).trigger_lemma == "condemn");
  CHECK(r.phrase(r.links[0]) == "after the talks");
  // The clause after "that" has its own mention: the talks, not the saying.
  CHECK(r.owner(r.links[1]).trigger_lemma == "talks");
  CHECK(r.phrase(r.links[1]) == "after the 2020 war");
  CHECK(r.links[1].target_time == "2020");
  for (const auto& l : r.links) CHECK(r.owner(l).sentence_begin <= l.begin);

  // "which came after" hangs on the noun before it.
  const auto rel =
      link("Pashinyan spoke about the September 13 attack, which came after the talks.");
  const auto l = only_link(rel);
  CHECK(rel.owner(l).trigger_lemma == "attack");
  CHECK(rel.owner(l).time_value == "2023-09-13");
  CHECK(rel.phrase(l) == "after the talks");
}

namespace {

struct CorpusDoc {
  Document document;
  std::vector<TimeExpression> timexes;
  std::vector<EventMention> mentions;
};

const std::vector<CorpusDoc>& karabakh() {
  static const std::vector<CorpusDoc> docs = [] {
    std::vector<CorpusDoc> out;
    auto loaded = load_documents({(test::examples_dir() / "karabakh").string()}, LoadOptions{});
    for (auto& d : loaded.documents) {
      CorpusDoc c;
      c.timexes = recognizer().find(d.text, d.dct);
      c.mentions = extractor().find(d, c.timexes);
      c.document = std::move(d);
      out.push_back(std::move(c));
    }
    return out;
  }();
  return docs;
}

const CorpusDoc& karabakh_doc(const char* prefix) {
  for (const auto& c : karabakh())
    if (c.document.id.rfind(prefix, 0) == 0) return c;
  std::string why = "no document ";
  why += prefix;  // appended: GCC 12 -O2 warns (-Wrestrict) on "..." + string
  throw std::runtime_error(why);
}

// A hand-made mention at `word` in the paragraph (here: one sentence) that starts with
// `sentence`, to see what a mention of the signal's clause would be linked to where the extractor
// finds none.
EventMention mention_at(const Document& d, const std::string& sentence, const std::string& word) {
  const auto sb = d.text.find(sentence);
  REQUIRE(sb != std::string::npos);
  const auto se = std::min(d.text.find('\n', sb), d.text.size());
  const auto at = d.text.find(word, sb);
  REQUIRE(at < se);
  EventMention m;
  m.sentence_begin = static_cast<std::uint32_t>(sb);
  m.sentence_end = static_cast<std::uint32_t>(se);
  m.begin = static_cast<std::uint32_t>(at);
  m.end = static_cast<std::uint32_t>(at + word.size());
  m.trigger_lemma = word;
  m.pos = PartOfSpeech::verb;
  return m;
}

}  // namespace

TEST_CASE("find_links: the bundled corpus", "[event][links][examples]") {
  REQUIRE(karabakh().size() == 5);
  // Every signal in these articles is a date ("deployed to Artsakh after 2020", "after almost
  // 45 days"), a causal "since" before a clause ("especially since earlier in the day Prime
  // Minister Nikol Pashinyan complained"), a clause ("after the city's Genocide monument was
  // vandalised"), or stands in a clause whose event is no mention ("assisted Armenia since the
  // latest attacks", "A telephone conversation ... before the CSTO summit is not planned,
  // Peskov says", "Since the resumption of hostilities, the command ... has been making
  // efforts"): no link, and no link to another clause's mention either.
  for (const auto& c : karabakh()) {
    INFO(c.document.id);
    const auto links = extractor().find_links(c.document, c.timexes, c.mentions);
    std::string found;
    for (const auto& l : links) {
      found.append(c.document.text, l.begin, l.end - l.begin);
      found += "; ";
    }
    INFO(found);
    CHECK(links.empty());
  }

  // With a mention in the signal's clause, those signals link to what follows them.
  {
    const auto& c = karabakh_doc("001");
    const auto m = mention_at(c.document, "Since the resumption of hostilities", "making");
    const auto links = extractor().find_links(c.document, c.timexes, {m});
    REQUIRE(links.size() == 1);
    CHECK(links[0].mention == 0);
    CHECK(links[0].mention_after);
    CHECK(c.document.text.substr(links[0].begin, links[0].end - links[0].begin) ==
          "Since the resumption");
    CHECK(links[0].target_lemma == "resumption");
  }
  {
    const auto& c = karabakh_doc("002");
    const auto m = mention_at(c.document, "He dismissed criticism", "assisted");
    const auto links = extractor().find_links(c.document, c.timexes, {m});
    REQUIRE(links.size() == 1);
    CHECK(links[0].mention_after);
    CHECK(c.document.text.substr(links[0].begin, links[0].end - links[0].begin) ==
          "since the latest attacks");
    CHECK(links[0].target_lemma == "attack");
  }
  {
    const auto& c = karabakh_doc("003");
    const auto m = mention_at(c.document, "A telephone conversation", "conversation");
    const auto links = extractor().find_links(c.document, c.timexes, {m});
    REQUIRE(links.size() == 1);
    CHECK_FALSE(links[0].mention_after);
    CHECK(c.document.text.substr(links[0].begin, links[0].end - links[0].begin) ==
          "before the CSTO summit");
    CHECK(links[0].target_lemma == "summit");
  }
  {
    // A date stays a date even with a mention beside it.
    const auto& c = karabakh_doc("000");
    const auto m = mention_at(c.document, "The track record", "deployed");
    CHECK(extractor().find_links(c.document, c.timexes, {m}).empty());
  }
}

TEST_CASE("EventExtractor::load: a malformed signals.tsv names its file and line",
          "[event][links]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "events");
  for (const char* name :
       {"words.tsv", "occurrences.tsv", "triggers.tsv", "participants.tsv", "signals.tsv"})
    std::filesystem::copy_file(test::assets_dir() / "events" / name, dir.path() / "events" / name);
  {
    std::ofstream out(dir.path() / "events" / "signals.tsv", std::ios::app);
    out << "afterwards\tlater\n";
  }
  try {
    (void)EventExtractor::load(dir.path());
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.find("signals.tsv:") != std::string::npos);
    CHECK(what.find("direction must be 'after' or 'before': 'later'") != std::string::npos);
  }
}
