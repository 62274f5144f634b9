#include "tempograph/timex.hpp"

#include "lexicon.hpp"
#include "normalize.hpp"
#include "rules.hpp"

#include <unistd.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <tuple>

namespace tempograph {

// What a word says about the tense of its sentence (assets/timex/en/lexicon/tense.tsv).
enum class TenseCue : std::uint8_t {
  past,
  past_aux,    // "was", "were": a plan seen from the past is over ("was scheduled for Friday")
  perfect,     // "had": the same, and a deadline already passed ("had filed by Wednesday")
  reschedule,  // "postponed": past, but a deadline after it is the new one, still ahead
  present,
  future,
  deadline,  // "by", "until" right before a date: ahead, unless a verb says otherwise
  ahead,     // "effective" right before a date: ahead whatever the verb
  plan,  // "is to": present, and a plan still ahead when it governs the date ("is to leave Monday")
  behind,      // "since" right before a date: behind the DCT whatever the verb ("since January")
  aside,       // "as in" right before a date: a point of comparison, not where a narrative is
  determiner,  // "a", "the": a past form right after it is an adjective ("an unnamed official")
  intent,      // "planning to": a plan still being made, ahead even after "were"
};

struct TimexRecognizer::Impl {
  timex::Lexicon lexicon;
  timex::RuleSet rules;
  assets::HashIndex tense_cues;  // folded hash of a one-word cue -> TenseCue
  // Cues of several words ("ahead of"), longest first; they win over a one-word cue of their
  // first word. `phrase_cue_starts` holds the first words, so that most words skip the list.
  struct PhraseCue {
    std::vector<std::uint64_t> tokens;
    TenseCue kind;
  };
  std::vector<PhraseCue> phrase_cues;
  assets::HashIndex phrase_cue_starts;
  // The last words of "since" and "as in" (BEHIND and ASIDE cues), so that most dates skip
  // looking for them before.
  assets::HashIndex compared_cue_ends;
  assets::HashIndex sport_words;  // sports.tsv: a text with three is a sports report
  std::vector<bool> uses_tense;   // by rule: its normalizer reads the tense
  std::uint64_t period = folded_hash(".");
  std::uint64_t question = folded_hash("?");
  std::uint64_t exclamation = folded_hash("!");
  std::uint64_t semicolon = folded_hash(";");
  std::uint64_t comma = folded_hash(",");
  std::uint64_t that = folded_hash("that");
  std::uint64_t hyphen = folded_hash("-");
  std::uint64_t the = folded_hash("the");
  std::uint64_t be = folded_hash("be");
  std::uint64_t to_word = folded_hash("to");
  std::uint64_t open_paren = folded_hash("(");
  std::uint64_t close_paren = folded_hash(")");
  std::uint64_t until = folded_hash("until");
  std::uint64_t quote = folded_hash("\"");
  std::uint64_t till = folded_hash("till");
  std::uint64_t apostrophe = folded_hash("'");
  std::uint64_t s = folded_hash("s");
  std::uint64_t later_word = folded_hash("later");
  std::uint64_t than = folded_hash("than");
  // One reading of the text (TimexRecognizer::find); `narrative_text` tells whether the text
  // mostly writes dates of the past, which `follow_narrative` then dates year-less ones from.
  std::vector<TimeExpression> find(std::string_view text, const DocumentCreationTime& dct,
                                   bool follow_narrative, bool& narrative_text) const;

  std::uint64_t and_word = folded_hash("and");
  std::uint64_t between = folded_hash("between");
  // Word classes of lexicon/syntax.tsv, by folded hash: the few words of each are compared in
  // turn, which for lists this short is as quick as a table.
  std::vector<std::uint64_t> range_words;        // RANGE_WORD: "Monday to Friday"
  std::vector<std::uint64_t> date_prepositions;  // DATE_PREPOSITION: "elected in January"
  std::vector<std::uint64_t> not_objects;        // NOT_OBJECT: "slated for May 23"
  std::vector<std::uint64_t> not_past;           // NOT_PAST: "indeed", "hundred"
  std::vector<std::uint64_t> not_participles;    // NOT_PARTICIPLE: "is nothing", "is during"
  std::vector<std::uint64_t> adverbs;  // ADVERB: "a still unspecified date", besides -ly words

  static bool listed(const std::vector<std::uint64_t>& words, std::uint64_t hash) {
    return std::find(words.begin(), words.end(), hash) != words.end();
  }
  bool not_object(const Token& t) const {
    return listed(not_objects, t.folded_hash) || date_preposition(t);
  }
  bool date_preposition(const Token& t) const { return listed(date_prepositions, t.folded_hash); }
  bool range_word(const Token& t) const { return range_word(t.folded_hash); }
  bool range_word(std::uint64_t hash) const { return listed(range_words, hash); }

  // A word in -ed that reads as a past-tense verb ("elected", "postponed"), not a NOT_PAST word
  // ("indeed"); the caller leaves out capitalized ones, names ("Mohammed").
  bool looks_past(const Token& t, std::string_view word) const {
    return word.size() >= 5 && word.ends_with("ed") && !listed(not_past, t.folded_hash);
  }
  // A lower-case word in -ing that is a verb's present participle ("is traveling"), not a
  // NOT_PARTICIPLE noun or preposition spelled so ("is nothing", "is during").
  bool looks_progressive(const Token& t, std::string_view word) const {
    return word.size() >= 5 && word.ends_with("ing") && word[0] >= 'a' && word[0] <= 'z' &&
           !listed(not_participles, t.folded_hash);
  }

  // Whether the text between two dates joins them as one range's ends, `before` being the text
  // before the first date; and the pass that makes each such pair one expression.
  bool joins_range(std::string_view gap, std::string_view before) const;
  void join_ranges(std::string_view text, std::vector<TimeExpression>& out) const;

  // Every test evaluated, with no early exit: the loop that lists sentence starts asks it of
  // every token, in no order a branch predictor could learn.
  bool ends_sentence(const Token& t) const {
    return (t.kind == TokenKind::punct) &
           ((t.folded_hash == period) | (t.folded_hash == question) |
            (t.folded_hash == exclamation) | (t.folded_hash == semicolon));
  }
};

TimexRecognizer::TimexRecognizer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
TimexRecognizer::TimexRecognizer(TimexRecognizer&&) noexcept = default;
TimexRecognizer& TimexRecognizer::operator=(TimexRecognizer&&) noexcept = default;
TimexRecognizer::~TimexRecognizer() = default;

TimexRecognizer TimexRecognizer::load(const std::filesystem::path& assets_dir) {
  auto impl = std::make_unique<Impl>();
  const auto base = assets_dir / "timex" / "en";
  if (!std::filesystem::is_directory(base))
    throw std::runtime_error(base.string() +
                             ": time expression assets not found (set TEMPOGRAPH_ASSETS)");
  static constexpr std::string_view kTenseValues[] = {
      "PAST",  "PASTAUX", "PERFECT", "RESCHEDULE", "PRESENT",    "FUTURE", "DEADLINE",
      "AHEAD", "PLAN",    "BEHIND",  "ASIDE",      "DETERMINER", "INTENT"};
  static constexpr TenseCue kTenseCues[] = {
      TenseCue::past,    TenseCue::past_aux, TenseCue::perfect,  TenseCue::reschedule,
      TenseCue::present, TenseCue::future,   TenseCue::deadline, TenseCue::ahead,
      TenseCue::plan,    TenseCue::behind,   TenseCue::aside,    TenseCue::determiner,
      TenseCue::intent};
  static_assert(std::size(kTenseValues) == std::size(kTenseCues));
  static constexpr std::string_view kSyntaxValues[] = {
      "RANGE_WORD", "DATE_PREPOSITION", "NOT_OBJECT", "NOT_PAST", "NOT_PARTICIPLE", "ADVERB"};
  std::vector<std::uint64_t>* const syntax_lists[] = {
      &impl->range_words, &impl->date_prepositions, &impl->not_objects,
      &impl->not_past,    &impl->not_participles,   &impl->adverbs};
  static_assert(std::size(kSyntaxValues) == std::size(syntax_lists));
  const timex::Lexicon::ClosedClass closed[] = {{"TENSE", kTenseValues, false},
                                                {"SYNTAX", kSyntaxValues, true}};
  impl->lexicon.load_folder(base / "lexicon", closed);
  impl->rules.load_folder(base / "rules", impl->lexicon);
  for (const auto& rule : impl->rules.rules())
    if (!timex::normalizer_exists(rule.normalizer))
      throw std::runtime_error(rule.where + ": unknown normalizer '" + rule.normalizer + "'");
  impl->rules.finish(impl->lexicon);
  for (const auto& rule : impl->rules.rules())
    impl->uses_tense.push_back(timex::normalizer_uses_tense(rule.normalizer));
  if (const auto sport = impl->lexicon.find_class("SPORT"))
    for (const auto* e : impl->lexicon.entries_of(sport))
      if (e->tokens.size() == 1) impl->sport_words.insert(e->tokens.front(), 1);
  // Both closed classes: the lexicon has checked every value is one of the lists above.
  const auto index_of = [](std::span<const std::string_view> values, std::string_view v) {
    return static_cast<std::size_t>(std::find(values.begin(), values.end(), v) - values.begin());
  };
  if (const auto syntax = impl->lexicon.find_class("SYNTAX"))
    for (const auto* e : impl->lexicon.entries_of(syntax))
      syntax_lists[index_of(kSyntaxValues, e->value)]->push_back(e->tokens.front());
  if (const auto tense = impl->lexicon.find_class("TENSE")) {
    for (const auto* e : impl->lexicon.entries_of(tense)) {
      const TenseCue cue = kTenseCues[index_of(kTenseValues, e->value)];
      if (cue == TenseCue::behind || cue == TenseCue::aside)
        impl->compared_cue_ends.insert(e->tokens.back(), 1);
      if (e->tokens.size() > 1) {
        impl->phrase_cues.push_back({{e->tokens.begin(), e->tokens.end()}, cue});
        impl->phrase_cue_starts.insert(e->tokens.front(), 1);
      } else if (impl->tense_cues.find(e->tokens.front()) == assets::HashIndex::kMissing) {
        impl->tense_cues.insert(e->tokens.front(), static_cast<std::uint32_t>(cue));
      }
    }
    std::stable_sort(
        impl->phrase_cues.begin(), impl->phrase_cues.end(),
        [](const auto& a, const auto& b) { return a.tokens.size() > b.tokens.size(); });
  }
  return TimexRecognizer(std::move(impl));
}

namespace {

// Where a range's start ends and its end begins, by the rule's captures: the end's are named
// "end.", and whatever is captured before the first of them is the start's ("MOD", "MONTH",
// "DAY"). Left unknown when the captures do not say.
void split_range(const timex::RuleMatch& match, const std::vector<Token>& tokens,
                 std::size_t offset, TimeExpression& e) {
  std::uint32_t end_first = match.end_token;
  for (std::size_t k = 0; k < match.capture_count; ++k)
    if (match.captures[k].label.starts_with("end."))
      end_first = std::min(end_first, match.captures[k].first_token);
  std::uint32_t start_last = match.first_token;
  for (std::size_t k = 0; k < match.capture_count; ++k) {
    const timex::Capture& c = match.captures[k];
    if (!c.label.starts_with("end.") && c.end_token <= end_first)
      start_last = std::max(start_last, c.end_token);
  }
  if (start_last == match.first_token || end_first >= match.end_token) return;
  e.range_start_end = static_cast<std::uint32_t>(offset + tokens[start_last - 1].end);
  e.range_end_begin = static_cast<std::uint32_t>(offset + tokens[end_first].begin);
}

// Whether a duration value is a span of months longer than a quarter and shorter than a year
// ("P9M", "P6M"), as a report's "the nine months" is.
bool part_year_months(std::string_view value) {
  if (value.size() < 3 || value.size() > 4 || value[0] != 'P' || value.back() != 'M') return false;
  int months = 0;
  for (char c : value.substr(1, value.size() - 2)) {
    if (c < '0' || c > '9') return false;
    months = months * 10 + (c - '0');
  }
  return months > 3 && months < 12;
}

// Can a quarter or half ("1989-Q3", "1989-H1") be the period an article reports on, which "a year
// earlier" compares with? Not a later one than the DCT's (a forecast: "losses through the third
// quarter of 1990"; a fiscal "fourth quarter" may be the calendar's current one, so that one is
// kept), nor one that ended more than half a year before (the comparison period itself: "the
// 1988 period" in November 1989).
bool reported_period(std::string_view value, const DocumentCreationTime& dct) {
  if (!dct.known() || value.size() < 7) return true;
  const int year = std::atoi(std::string(value.substr(0, 4)).c_str());
  const int dct_year = dct.day.year();
  const int part = value[6] - '0';
  const int month = dct.day.month();
  if (year == dct_year - 1) return month + 12 - part * (value[5] == 'H' ? 6 : 3) <= 6;
  if (year != dct_year) return false;
  return part <= (value[5] == 'H' ? (month > 6 ? 2 : 1) : (month - 1) / 3 + 1);
}

// Where a text's narrative is (NormalizeContext::narrative), and whether the text mostly tells
// of the past, by the dates it writes: news names a past year in passing and goes on about now.
// A date written with a year well before the DCT starts or moves the narrative; one written with
// a recent year or counted from the DCT ("last week", "on Friday") ends it. Dates dated from it
// do not move it, so that one misjudged year is not carried on.
class NarrativeTracker {
 public:
  // `flashback()`: told as a look back (the past perfect) or ahead ("until"), or a year that
  // names something: no move. `compared()`: a date compared with ("since 1995", "as in 1614"),
  // which does not start a narrative either. `quoted()`: in quotation marks, someone's words
  // rather than the text's own time. `returns_to(then, now)`: the next year the text writes is
  // back at `then`, so that a date of year `now` is named in passing ("On April 9
  // Baghdad fell. In November 2008, protesters staged a similar stomping. ... on April 15 the
  // invasion was declared over. ... On May 22, 2003"). They are asked only when they matter:
  // most expressions need none.
  template <typename Flashback, typename Compared, typename Quoted, typename ReturnsTo>
  void note(const timex::RuleMatch& match, const TimeExpression& e, timex::Tense tense,
            const DocumentCreationTime& dct, bool from_narrative, const Flashback& flashback,
            const Compared& compared, const Quoted& quoted, const ReturnsTo& returns_to) {
    const std::string_view normalizer = match.rule->normalizer;
    // Of the era or before it: "1940-05-10", "BC0480-08".
    const bool numeric = timex::has_year(e.value);
    if ((normalizer == "date" || normalizer == "era") && numeric) {
      if (match.get("YEAR") || match.get("YEAR2") || match.get("YEARHI")) {
        const int year = timex::value_fields(e.value).year;
        const int dct_year = dct.known() ? static_cast<int>(dct.day.year()) : 0;
        // The writer's own time, named in passing by a history of long ago ("documents found
        // in 2004 proved that ...", "revealed in 2005 that there was no attack on 4 August"):
        // the history goes on where it was.
        const bool aside = long_ago(dct) && year >= dct_year - 10;
        // Years apart from where the narrative is, and back there at the next year written.
        const auto in_passing = [&] {
          const int year_at = at_.empty() ? 0 : timex::value_fields(at_).year;
          return year_at && std::abs(year - year_at) >= 2 && returns_to(year_at, year);
        };
        if (!dct.known() || year <= dct_year - 2) {
          // Not a year planned in it: "for a planned campaign in 1976" is no move to 1976.
          // A flashback moves nothing, unless the narrative has no place yet.
          if (tense != timex::Tense::future && !aside &&
              (at_.empty() ? !compared() : !flashback() && !in_passing()))
            at_ = e.value;
          past_ += quoted() ? 1 : 2;
        } else if (!in_passing()) {
          // A history that has come to the last years before its DCT ("In January 2008 the
          // fighting flared again. In May, ..."): they are where it is. Elsewhere they are the
          // present; either way they count as such for whether the text tells of the past.
          // Named in passing, they are neither.
          if (tells_of_the_past() && tense != timex::Tense::future && !at_.empty() &&
              year < dct_year && !flashback())
            at_ = e.value;
          else if (!aside)
            at_.clear();
          present_ += 2;
        }
      } else if (!from_narrative && (!match.rule->param("rel").empty() || match.get("YEARREL") ||
                                     tense == timex::Tense::present)) {
        // "last September", "June last year", "the finals get underway on June 9"
        present(quoted(), dct);
      }
    } else if (!from_narrative && counts_from_dct(match)) {
      present(quoted(), dct);
    }
  }

  // The last date written with a year that the narrative is at; empty when there is none.
  const std::string& at() const { return at_; }

  // Whether the narrative is at least thirty years before the DCT.
  bool long_ago(const DocumentCreationTime& dct) const {
    return dct.known() && !at_.empty() &&
           timex::value_fields(at_).year <= static_cast<int>(dct.day.year()) - 30;
  }

  // Whether a match is counted from the DCT's present: "on Friday", "today", "last week".
  static bool counts_from_dct(const timex::RuleMatch& match) {
    const std::string_view normalizer = match.rule->normalizer;
    return normalizer == "weekday" || normalizer == "offset" ||
           (normalizer == "holiday" && !match.rule->param("rel").empty()) ||
           (normalizer == "shift" && match.rule->param("ref").empty() &&
            match.rule->param("n") != "0");
  }

  // Whether a match counts from the day it is said, when said in quoted words: what counts from
  // the DCT, and also "15 months ago" (else counted from a period reported on) and "tonight",
  // "last night" (parts of a day not dated from their context).
  static bool spoken_from_now(const timex::RuleMatch& match) {
    const std::string_view normalizer = match.rule->normalizer;
    return counts_from_dct(match) ||
           (normalizer == "shift" && match.rule->param("n") != "0" &&
            match.rule->param("narrative").empty()) ||
           (normalizer == "part_of_day" && match.rule->param("anchor").empty());
  }

  // At least three dates of the past, and at most one of the present for five of them (a date
  // in someone's quoted words counting half: "It is us today," he warned, in a history; "in 1951
  // he passed into the service of the Americans," the lawyer said, in the news).
  bool tells_of_the_past() const { return past_ >= 6 && present_ * 5 <= past_; }

 private:
  // A date of the DCT's present: the narrative is at no written date. In someone's quoted words
  // in a history of long ago ("It will be you tomorrow," in 1936) it is the speaker's day, not
  // the writer's: the history goes on where it was.
  void present(bool quoted, const DocumentCreationTime& dct) {
    if (!quoted || !long_ago(dct)) at_.clear();
    present_ += quoted ? 1 : 2;
  }

  std::string at_;
  int past_ = 0, present_ = 0;  // in halves
};

// Long texts are read in chunks of about 1 MiB cut at a line break, else a sentence end, else
// white space, so the token buffers stay small however big the document (a 200 MB one-line
// file included). Matches never cross a line break or a sentence end, so no cut splits one.
std::size_t chunk_end(std::string_view text, std::size_t from) {
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  if (text.size() - from <= kChunk + kChunk / 4) return text.size();
  const std::size_t limit = from + kChunk;
  const std::size_t floor = from + kChunk / 2;
  for (std::size_t k = limit; k > floor; --k)
    if (text[k - 1] == '\n') return k;
  for (std::size_t k = limit; k > floor; --k)
    if ((text[k - 2] == '.' || text[k - 2] == '!' || text[k - 2] == '?') && text[k - 1] == ' ')
      return k;
  for (std::size_t k = limit; k > floor; --k)
    if (text[k - 1] == ' ' || text[k - 1] == '\t') return k;
  // No white space at all: cut anywhere, but not inside a UTF-8 sequence.
  std::size_t k = limit;
  while (k > floor && (static_cast<unsigned char>(text[k]) & 0xC0) == 0x80) --k;
  return k;
}

// Whether a range from one month (and day) to another crosses into a new year: "from
// November to March".
bool wraps(const timex::ValueFields& from, const timex::ValueFields& to) {
  return from.month * 32 + from.day > to.month * 32 + to.day;
}

// Gives a date of the era written without a year (`value`, dated from the DCT) the `year` its
// context writes, unless that year has no such day (February 29). Whether it did.
bool give_year(std::string& value, std::string_view year) {
  const timex::ValueFields f = timex::value_fields(value);
  if (f.day && !timex::day_exists(timex::value_fields(year).year, f.month, f.day)) return false;
  value.replace(0, 4, year);
  return true;
}

// Where the words naming a clock's time zone after it end, "local time" or a place's time
// ("Baghdad time", "New York time"): at most two capitalized words before "time". `at` when
// there are none.
std::size_t zone_words_end(std::string_view text, std::size_t at) {
  std::size_t k = at;
  if (text.substr(k).starts_with(" local")) {
    k += 6;
  } else {
    for (int words = 0; words < 2; ++words) {
      if (k + 2 >= text.size() || text[k] != ' ' || text[k + 1] < 'A' || text[k + 1] > 'Z') break;
      std::size_t end = k + 2;
      while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end]))) ++end;
      k = end;
    }
  }
  if (k == at || !text.substr(k).starts_with(" time")) return at;
  k += 5;
  return k < text.size() && std::isalpha(static_cast<unsigned char>(text[k])) ? at : k;
}

}  // namespace

// "2015 to 2019", "Monday through Friday", "2015 - 2019", "2015 – 2019", and "between 2015 and
// 2019"; not "and" alone: "in 2015 and 2019" are two years. The gap is one word, compared by
// its hash as a token's would be.
bool TimexRecognizer::Impl::joins_range(std::string_view gap, std::string_view before) const {
  const auto trim = [](std::string_view v) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return v;
  };
  gap = trim(gap);
  if (gap.empty() || gap.size() > 7) return false;
  const std::uint64_t word = folded_hash(gap);
  if (word != and_word) return range_word(word);
  // The last word before the first date, for "between".
  before = trim(before);
  std::size_t start = before.size();
  while (start > 0 && std::isalpha(static_cast<unsigned char>(before[start - 1]))) --start;
  return folded_hash(before.substr(start)) == between;
}

// Two dates (or times) written as a range's ends become one expression with both, as "September
// 19-20" is one: "from 2015 to 2019", "between March 3 and March 5". Their values were already
// placed together as one period by find(); TimeML still tags the two apart (range_start_end,
// range_end_begin). Kept apart: ends of different precision or kind, an end with its own mod
// ("to late 2019", which the range could not say), and ends out of order.
void TimexRecognizer::Impl::join_ranges(std::string_view text,
                                        std::vector<TimeExpression>& out) const {
  if (out.size() < 2) return;
  const auto anchored = [](const TimeExpression& t) {
    return !t.value.empty() && std::isdigit(static_cast<unsigned char>(t.value[0]));
  };
  std::size_t kept = 0;
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (kept > 0) {
      TimeExpression& a = out[kept - 1];
      const TimeExpression& b = out[k];
      // The words between come last: most expressions are not next to another.
      if (a.end <= b.begin && b.begin - a.end <= 9 && a.type == b.type &&
          (a.type == TimexType::date || a.type == TimexType::time) && a.range_end.empty() &&
          b.range_end.empty() && b.mod.empty() && a.granularity == b.granularity && anchored(a) &&
          anchored(b) && a.value.size() == b.value.size() && a.value < b.value &&
          joins_range(text.substr(a.end, b.begin - a.end), text.substr(0, a.begin))) {
        a.range_start_end = a.end;
        a.range_end_begin = b.begin;
        a.end = b.end;
        a.range_end = b.value;
        a.rule += "+";
        a.rule += b.rule;
        continue;
      }
    }
    if (kept != k) out[kept] = std::move(out[k]);
    ++kept;
  }
  out.resize(kept);
}

std::vector<TimeExpression> TimexRecognizer::find(std::string_view text,
                                                  const DocumentCreationTime& dct) const {
  // A text that mostly tells of the past is read again, following its narrative.
  bool narrative = false;
  auto out = impl_->find(text, dct, false, narrative);
  if (narrative) out = impl_->find(text, dct, true, narrative);
  impl_->join_ranges(text, out);
  return out;
}

std::vector<TimeExpression> TimexRecognizer::Impl::find(std::string_view text,
                                                        const DocumentCreationTime& dct,
                                                        bool follow_narrative,
                                                        bool& narrative_text) const {
  const Impl& im = *this;
  std::vector<TimeExpression> out;
  // News has an expression every 250 bytes or so: room for them up front spares the moves of
  // growing (capped, for the rare huge text).
  out.reserve(std::min<std::size_t>(text.size() / 128 + 4, 4096));
  // Offsets are 32-bit: a larger text is refused rather than silently mis-placed.
  if (text.size() > 0xFFFFFFFFu)
    throw std::length_error("text of " + std::to_string(text.size()) +
                            " bytes is larger than the 4 GiB a document may have");
  // The token buffer is reused per thread: no allocation per call once warmed up.
  thread_local std::vector<Token> tokens;
  thread_local std::vector<timex::TokenMarks> marks;
  thread_local std::vector<const timex::StartList*> starts;
  thread_local std::vector<std::uint32_t> stops;
  std::string_view chunk;  // the part of the text being read; tokens are relative to it

  timex::NormalizeContext ctx;
  ctx.dct = &dct;
  std::vector<std::size_t> context_dated;         // clock times dated from their context, in `out`
  std::size_t yearless_date = std::string::npos;  // in `out`: the last date written without a year
  std::size_t sentence_start = 0;
  // The year a sentence opens with ("In 1996, Nov. 7 was renamed"), for its dates without one.
  std::string frame_year;
  int sports_report = -1;      // whether the chunk is a sports report: -1 until a rule asks
  std::string sentence_topic;  // the sentence's own day, which the next sentence may refer to
  int reference_age = 0;
  NarrativeTracker narrative;

  // The tense cue of one token (assets/timex/en/lexicon/tense.tsv), with what kind of word
  // gave it: a past auxiliary ("was", "had"), the past perfect's ("had"), a verb that moves a
  // date ("postponed", "extended"), a word that looks ahead from a date ("by", "effective").
  struct Cue {
    timex::Tense tense = timex::Tense::unknown;
    bool aux = false, perfect = false, reschedule = false, deadline = false, ahead = false;
    bool plan = false;      // "is to", "is traveling": ahead, when it governs the date
    bool intent = false;    // "planning to": ahead, even seen from the past ("were planning to")
    bool behind = false;    // "since": the date it governs is behind the DCT
    bool aside = false;     // "as in": the date it governs is compared with, not told of
    std::size_t words = 1;  // the cue's words, from this token on
  };
  // A word in -ed right after a determiner, or after a determiner and an adverb, is an adjective
  // of the noun after it ("on a still unspecified date in January", "an unnamed official"),
  // not the verb of the sentence.
  const auto determiner = [&](std::size_t k) {
    const std::uint32_t at = im.tense_cues.find(tokens[k].folded_hash);
    return at != assets::HashIndex::kMissing && static_cast<TenseCue>(at) == TenseCue::determiner;
  };
  const auto attributive = [&](std::size_t k) {
    if (k == 0) return false;
    if (determiner(k - 1)) return true;
    if (k < 2 || tokens[k - 1].kind != TokenKind::word) return false;
    const std::string_view adverb =
        chunk.substr(tokens[k - 1].begin, tokens[k - 1].end - tokens[k - 1].begin);
    return (adverb.ends_with("ly") || im.listed(im.adverbs, tokens[k - 1].folded_hash)) &&
           determiner(k - 2);
  };
  auto cue = [&](std::size_t k) {
    Cue c;
    const Token& t = tokens[k];
    if (t.kind != TokenKind::word) return c;
    // The second part of a hyphenated name is no verb: "Song Min-soon said".
    if (k >= 2 && !t.space_before && tokens[k - 1].folded_hash == im.hyphen &&
        !tokens[k - 1].space_before && tokens[k - 2].capitalized)
      return c;
    std::uint32_t at = assets::HashIndex::kMissing;
    if (im.phrase_cue_starts.find(t.folded_hash) != assets::HashIndex::kMissing) {
      for (const auto& phrase : im.phrase_cues) {
        if (phrase.tokens.front() != t.folded_hash || k + phrase.tokens.size() > tokens.size())
          continue;
        bool whole = true;
        for (std::size_t j = 1; j < phrase.tokens.size() && whole; ++j)
          whole = tokens[k + j].folded_hash == phrase.tokens[j] && !tokens[k + j].newline_before;
        if (whole) {
          at = static_cast<std::uint32_t>(phrase.kind);
          c.words = phrase.tokens.size();
          break;
        }
      }
    }
    if (at == assets::HashIndex::kMissing) at = im.tense_cues.find(t.folded_hash);
    if (at == assets::HashIndex::kMissing) {
      // Not a capitalized word: "United States", "Mohammed" are names, not past verbs.
      if (!t.capitalized && im.looks_past(t, chunk.substr(t.begin, t.end - t.begin)) &&
          !attributive(k))
        c.tense = timex::Tense::past;
      return c;
    }
    const auto kind = static_cast<TenseCue>(at);
    c.aux = kind == TenseCue::past_aux || kind == TenseCue::perfect;
    c.perfect = kind == TenseCue::perfect;
    c.reschedule = kind == TenseCue::reschedule;
    c.deadline = kind == TenseCue::deadline;
    c.ahead = kind == TenseCue::ahead;
    c.behind = kind == TenseCue::behind;
    c.aside = kind == TenseCue::aside;
    c.intent = kind == TenseCue::intent;
    if (kind == TenseCue::past || c.aux || c.reschedule) c.tense = timex::Tense::past;
    if (kind == TenseCue::future || c.intent) c.tense = timex::Tense::future;
    if (kind == TenseCue::present || kind == TenseCue::plan) {
      c.tense = timex::Tense::present;
      c.plan = kind == TenseCue::plan;
      // "is traveling to Somalia on Tuesday": a plan too.
      if (kind == TenseCue::present && k + 1 < tokens.size() && !tokens[k + 1].newline_before) {
        const Token& next = tokens[k + 1];
        c.plan = next.kind == TokenKind::word &&
                 im.looks_progressive(next, chunk.substr(next.begin, next.end - next.begin));
      }
    }
    return c;
  };
  // Whether a past verb stands right before the expression, with at most "in", "on",
  // "during" or "since" and "the" between ("elected in January", "contested the January poll",
  // "was arrested in January"), and no future after it; or "since" right before it. A plan has
  // another preposition ("was planned for March") and stays ahead.
  auto told_right_before = [&](std::size_t first, std::size_t last, bool object_between) {
    if (first > 0 && cue(first - 1).behind) return true;
    // Not when a future follows it: "alleged the January 23 polls will be rigged".
    for (std::size_t k = last; k < tokens.size() && k < last + 3; ++k) {
      if (tokens[k].kind == TokenKind::punct) break;  // "elected in January, would remain"
      if (cue(k).tense == timex::Tense::future) return false;
    }
    std::size_t k = first;
    if (k > 0 && tokens[k - 1].folded_hash == im.the) --k;
    const bool in = k > 0 && im.date_preposition(tokens[k - 1]);
    if (in) --k;
    if (k == 0) return false;
    // The verb's object may come between, after "in" ("assumed total control in February") or,
    // a word or two, before a date without one ("took office Jan. 20", "won the vote Nov. 3"),
    // but not an infinitive, whose time is its own ("wanted to land there in May").
    for (std::size_t words = 0;
         object_between && words < (in ? 3u : 2u) && k > 1 &&
         tokens[k - 1].kind == TokenKind::word && cue(k - 1).tense == timex::Tense::unknown &&
         (in || !im.not_object(tokens[k - 1]));
         ++words) {
      if (tokens[k - 1].folded_hash == im.to_word) return false;
      --k;
    }
    const Cue verb = cue(k - 1);
    if (verb.tense != timex::Tense::past || verb.aux || verb.reschedule || verb.deadline)
      return false;
    if (k < 2) return true;
    // A past passive tells of the past too ("was announced on March 18"), not a passive of
    // another tense: "is to be held in May", "is delivered on Feb. 1".
    const Token& before = tokens[k - 2];
    const Cue aux = cue(k - 2);
    return (aux.tense == timex::Tense::unknown || aux.aux) && before.folded_hash != im.be;
  };
  // The tokens of the last expression found: a period inside it ends no sentence ("closed at
  // 4:30 p.m. ET on Friday"); one it ends on may ("shot at 10 p.m. The police").
  std::size_t found_first = 0, found_end = 0;
  const auto sentence_end = [&](std::size_t k) {
    return im.ends_sentence(tokens[k]) && !(k >= found_first && k + 1 < found_end);
  };
  auto tense_around = [&](std::size_t first, std::size_t last) {
    // "by Feb. 1", "until Tuesday": a deadline looks ahead when no verb says otherwise, or when
    // the verb moved it ("postponed until Tuesday", "extended the loans through January");
    // "effective June 1" looks ahead whatever the verb ("created an office, effective Feb. 1").
    // Neither does in the past perfect ("had filed reports by Wednesday").
    Cue before = first > 0 ? cue(first - 1) : Cue{};
    // "starting on Thursday", "effective from June 1" look ahead as "starting Thursday" does.
    if (!before.ahead && first > 1 && im.date_preposition(tokens[first - 1]) &&
        cue(first - 2).ahead)
      before.ahead = true;
    // "since January": behind the DCT, whatever the verb ("prices have risen since January").
    if (before.behind) return timex::Tense::past;
    timex::Tense nearest = before.deadline ? timex::Tense::future : timex::Tense::unknown;
    const std::size_t lo = first > 12 ? first - 12 : 0;
    if (before.ahead) {
      for (std::size_t k = first; k-- > lo;) {
        if (sentence_end(k)) break;
        if (cue(k).perfect) return timex::Tense::past;
      }
      for (std::size_t k = last; k < tokens.size() && k < last + 10; ++k) {
        if (tokens[k].newline_before || sentence_end(k)) break;
        if (cue(k).perfect) return timex::Tense::past;
      }
      return timex::Tense::future;
    }
    // The nearest tense cue in the sentence: before the expression first (the verb that governs
    // it usually precedes it in news), then after it.
    for (std::size_t k = first; k-- > lo;) {
      if (sentence_end(k) && k + 1 < tokens.size() && tokens[k + 1].capitalized) break;
      Cue c = cue(k);
      if (c.plan) c.tense = timex::Tense::future;
      if (c.tense == timex::Tense::future) {
        // A plan seen from the past ("had been due to expire", "was scheduled for") is over; one
        // still being made is not ("were planning to drive to the airport on Monday").
        if (c.intent) return c.tense;
        for (std::size_t a = k; a-- > (k > 2 ? k - 2 : 0);)
          if (cue(a).aux) return timex::Tense::past;
        return c.tense;
      }
      if (c.tense == timex::Tense::past) {
        if (c.reschedule && before.deadline) return timex::Tense::future;
        // A present passive: "elections are held on July 20".
        if (k > 0 && !c.aux && cue(k - 1).tense == timex::Tense::present && !cue(k - 1).plan)
          return timex::Tense::present;
        // The governing verb, unless an auxiliary just before it makes it future ("will be
        // paid Dec. 14"); a future word after it belongs to another clause. A past auxiliary
        // has none before it: "an emergency plan was set in action on Sunday".
        if (!c.aux)
          for (std::size_t a = k; a-- > (k > 3 ? k - 3 : 0);)
            if (const Cue aux = cue(a); aux.tense == timex::Tense::future || aux.plan)
              return timex::Tense::future;
        return timex::Tense::past;
      }
      if (nearest == timex::Tense::unknown) nearest = c.tense;
      if (tokens[k].newline_before) break;
    }
    for (std::size_t k = last; k < tokens.size() && k < last + 10; ++k) {
      // Nor past "that", whose clause has a verb of its own ("claimed Tuesday that Iran would").
      if (tokens[k].newline_before || sentence_end(k) || tokens[k].folded_hash == im.that) break;
      auto tn = cue(k).tense;
      if (tn == timex::Tense::past || tn == timex::Tense::future) return tn;
      if (nearest == timex::Tense::unknown) nearest = tn;
    }
    return nearest;
  };

  thread_local timex::MatchList matches;
  const timex::Rule* const rule_list = im.rules.rules().data();
  for (std::size_t offset = 0; offset < text.size();) {
    const std::size_t stop = chunk_end(text, offset);
    chunk = text.substr(offset, stop - offset);
    tokenize(chunk, tokens);
    im.rules.scan(tokens, marks, starts);
    std::size_t previous_end = 0;    // the token after the last expression found in this chunk
    bool previous_date = false;      // and whether it was a calendar date ("May", "May 3")
    bool previous_yearless = false;  // written without a year, dated from the DCT
    bool previous_calendar = false;  // written without a year, however dated
    bool previous_told_right_before = false;  // a past verb right before it
    bool previous_weekday = false;            // a day named by its weekday alone ("Thursday")
    sentence_start = 0;
    found_first = found_end = 0;
    frame_year.clear();
    sports_report = -1;
    // The buffers stay as they are until the next chunk: plain pointers spare the loop, which
    // visits every token, reloading the thread_local vectors after each call.
    const Token* const token_at = tokens.data();
    const timex::StartList* const* const start_at = starts.data();
    const std::size_t token_count = tokens.size();
    // The tokens the loop has anything to do at: where a rule may start or a sentence begins,
    // about one in five. Listed first without a branch, so that the loop's tests, which no
    // predictor could learn token by token, are asked only there.
    stops.resize(token_count + 1);
    std::size_t stop_count = 0;
    for (std::size_t i = 0; i < token_count; ++i) {
      const Token& t = token_at[i];
      const Token& before = token_at[i > 0 ? i - 1 : 0];
      const bool after_end = (i > 0) & im.ends_sentence(before);
      stops[stop_count] = static_cast<std::uint32_t>(i);
      stop_count += (start_at[i] != nullptr) | t.newline_before | (t.capitalized & after_end);
    }
    stops[stop_count] = static_cast<std::uint32_t>(token_count);
    std::size_t next_stop = 0;
    for (std::size_t i = 0; i < token_count;) {
      while (stops[next_stop] < i) ++next_stop;
      i = stops[next_stop];
      if (i >= token_count) break;
      const Token& t = token_at[i];
      if (t.newline_before || (t.capitalized && i > 0 && im.ends_sentence(token_at[i - 1]))) {
        if (i != sentence_start) {
          ctx.previous_sentence_date.swap(sentence_topic);
          sentence_topic.clear();
          ctx.sentence_date.clear();
          ctx.sentence_period.clear();
          frame_year.clear();
          // A reference period ("the third quarter") carries over a few sentences, not further.
          if (++reference_age > 6) ctx.reference.clear();
        }
        sentence_start = i;
      }
      if (!start_at[i] || !im.rules.match_at(tokens, i, marks, *start_at[i], im.lexicon, matches)) {
        ++i;
        continue;
      }
      // The best match that normalizes. A shape that looked like a time but never normalizes
      // (February 30) is no time, and neither are its parts (`nothing`).
      const auto choose = [&](const timex::MatchList& list, timex::Normalized& result,
                              bool& nothing) -> const timex::RuleMatch* {
        nothing = false;
        for (std::size_t k = 0; k < list.size(); ++k) {
          const timex::RuleMatch& candidate = list[k];
          ctx.tense = im.uses_tense[static_cast<std::size_t>(candidate.rule - rule_list)]
                          ? tense_around(candidate.first_token, candidate.end_token)
                          : timex::Tense::unknown;
          // Only a month (with or without a day), a holiday or a season is placed by it; a
          // season only by the verb itself ("was arrested in the spring"), a longer span.
          const bool month = candidate.get("MONTH") || candidate.get("HOLIDAY");
          ctx.told_right_before =
              ctx.tense == timex::Tense::past && (month || candidate.get("SEASON")) &&
              told_right_before(candidate.first_token, candidate.end_token, month);
          result = timex::normalize(candidate, ctx);
          if (result.nothing) {
            nothing = true;
            return nullptr;
          }
          if (result.ok) return &candidate;
        }
        return nullptr;
      };
      timex::Normalized n;
      bool nothing = false;
      const timex::RuleMatch* chosen = choose(matches, n, nothing);
      // A match read from words of context before it ("in 2011", from "in") gives way to a
      // longer one that starts where it does: "in 2011-12", "by 1500 GMT".
      // Only asked when the next token may carry it on: one some rule is keyed on ("GMT",
      // "seconds", the "'" of "'98"), a dash ("2011-12") or an attached word ("1960s").
      if (thread_local timex::MatchList later;
          chosen && chosen->first_token > i && start_at[chosen->first_token] &&
          chosen->end_token < token_count &&
          (marks[chosen->end_token].keys ||
           (token_at[chosen->end_token].kind == TokenKind::punct
                ? token_at[chosen->end_token].folded_hash == im.hyphen
                : !token_at[chosen->end_token].space_before)) &&
          im.rules.match_at(tokens, chosen->first_token, marks, *start_at[chosen->first_token],
                            im.lexicon, later) &&
          later.front().end_token > chosen->end_token) {
        const timex::Tense tense = ctx.tense;
        const bool told = ctx.told_right_before;
        timex::Normalized longer;
        bool longer_nothing = false;
        if (const timex::RuleMatch* found = choose(later, longer, longer_nothing);
            found && found->end_token > chosen->end_token) {
          chosen = found;
          n = std::move(longer);
        } else if (longer_nothing) {
          // A longer shape that is no time ("in three-quarters of its food"): nothing here.
          i = std::max<std::size_t>(later.front().end_token, chosen->first_token + 1);
          continue;
        } else {
          ctx.tense = tense;
          ctx.told_right_before = told;
        }
      }
      if (!chosen) {
        i = std::max<std::size_t>(matches.front().end_token, i + 1);
        continue;
      }
      const timex::RuleMatch& match = *chosen;
      // Inside quotation marks when an odd number of them come before it on its line (looked
      // for within the 200 tokens before it: a quotation is no longer).
      const auto quoted = [&] {
        bool inside = false;
        const std::size_t lo = match.first_token > 200 ? match.first_token - 200 : 0;
        for (std::size_t k = match.first_token; k-- > lo;) {
          if (tokens[k].folded_hash == im.quote) inside = !inside;
          if (tokens[k].newline_before) break;
        }
        return inside;
      };
      // Someone's words quoted in a history of long ago ("It is us today. It will be you
      // tomorrow," in 1936) speak of their own day, not the writer's: counted from no DCT.
      if (narrative.long_ago(dct) && (follow_narrative || narrative.tells_of_the_past()) &&
          NarrativeTracker::spoken_from_now(match) && quoted()) {
        timex::NormalizeContext undated = ctx;
        undated.dct = nullptr;
        if (timex::Normalized again = timex::normalize(match, undated); again.ok)
          n = std::move(again);
      }
      if (match.rule->param("game") == "1") {
        // "the second half", "the first quarter" of a game in a sports report: no calendar time.
        if (sports_report < 0) {
          int words = 0;
          for (std::size_t k = 0; k < tokens.size() && words < 3; ++k)
            words += im.sport_words.find(tokens[k].folded_hash) != assets::HashIndex::kMissing;
          sports_report = words >= 3;
        }
        if (sports_report) {
          i = match.end_token;
          continue;
        }
      }
      TimeExpression e;
      e.begin = static_cast<std::uint32_t>(offset + tokens[match.first_token].begin);
      // An optional comma a rule ends on ("March 3, 2024" written "March 3, then") is no part
      // of the expression.
      std::size_t last = match.end_token - 1;
      while (last > match.first_token && tokens[last].folded_hash == im.comma) --last;
      e.end = static_cast<std::uint32_t>(offset + tokens[last].end);
      e.type = n.type;
      e.value = std::move(n.value);
      e.mod = std::move(n.mod);
      e.range_end = std::move(n.range_end);
      if (!e.range_end.empty()) split_range(match, tokens, offset, e);
      const bool from_narrative = n.from_narrative;
      e.granularity = timex::granularity_of(e.value, e.type);
      e.rule = match.rule->name;
      // "Two days later": the duration counts on from the date written before it (or the one
      // that date reached), which TimeML links it to; "five years later" from 1918 is 1923.
      // Not "two years later than planned", a comparison.
      if (e.type == TimexType::duration && match.end_token < tokens.size() &&
          tokens[match.end_token].folded_hash == im.later_word && !out.empty() &&
          (match.end_token + 1 == tokens.size() ||
           tokens[match.end_token + 1].folded_hash != im.than)) {
        // A length that describes something ("a thirty year truce", "a five-year term") is no
        // point to count from: the point before it is. A length the text goes on by ("It lasted
        // three years. Two years later") is one, though not one it dates.
        const auto describes = [&](const TimeExpression& x) {
          if (x.type == TimexType::set) return true;
          if (x.type != TimexType::duration || !x.reaches.empty()) return false;
          const std::string_view written = text.substr(x.begin, x.end - x.begin);
          // One of the unit: "a year", "one hour" (P1Y, PT1H), not "a year-long".
          const std::size_t count = x.value.starts_with("PT") ? 2 : 1;
          const bool one = x.value.size() > count + 1 && x.value[count] == '1' &&
                           !std::isdigit(static_cast<unsigned char>(x.value[count + 1]));
          return written.find('-') != std::string_view::npos ||
                 (!one && !written.ends_with('s') && !written.ends_with('S'));
        };
        auto before = out.end() - 1;
        while (before != out.begin() && describes(*before)) --before;
        const std::string& from = !before->reaches.empty()     ? before->reaches
                                  : !before->range_end.empty() ? before->range_end
                                                               : before->value;
        if ((before->type != TimexType::duration && before->type != TimexType::set) ||
            !before->reaches.empty())
          e.reaches = timex::reached_from(from, e.value, 1);
      }
      // Two calendar dates joined as a range ("from May to June", "between January and
      // October") are one period: the end never comes before the start, and two dates without
      // a year are placed together, as a whole, by tense and closeness to the DCT.
      const bool calendar_date = match.rule->normalizer == "date" && !match.get("YEAR") &&
                                 !match.get("YEAR2") && !match.get("YEARHI") &&
                                 !match.get("YEARREL") && e.value.size() >= 7 &&
                                 std::isdigit(static_cast<unsigned char>(e.value[0]));
      const bool yearless =
          calendar_date && match.rule->param("rel").empty() && dct.known() && ctx.narrative.empty();
      // In a sentence that opens with a year, of that year: "In 1996, Nov. 7 was renamed".
      if (yearless && !frame_year.empty()) {
        // "In 1996, the talks ran from Nov. 3 to Dec. 5": the end in the next year if it wraps.
        const timex::ValueFields from = timex::value_fields(e.value);
        const timex::ValueFields to = timex::value_fields(e.range_end);
        if (give_year(e.value, frame_year) && to.month)
          give_year(e.range_end, wraps(from, to)
                                     ? timex::pad(timex::value_fields(frame_year).year + 1, 4)
                                     : frame_year);
      }
      // Right after the expression before, with a range's word between ("to", "-", "and").
      const bool range_end = match.first_token >= 2 && previous_end == match.first_token - 1 &&
                             im.range_word(tokens[match.first_token - 1]);
      const bool joined = previous_date && range_end;
      // The same, but not "and": "on Friday and Monday" are two days, not the days between.
      const bool range_to = range_end && tokens[match.first_token - 1].folded_hash != im.and_word;
      // "from Thursday to Sunday", "from 10pm Thursday to 6am Friday": the end is the first
      // such day from the start on, whatever tense says of it alone.
      const bool weekday = match.get("WEEKDAY") && !match.get("MONTH") &&
                           match.rule->param("rel").empty() && e.value.size() >= 10 &&
                           timex::value_fields(e.value.substr(0, 10)).day;
      if (weekday && previous_weekday && range_to) {
        e.value = timex::weekday_not_before(e.value, out.back().value);
        // Told in the past, the days were over by the DCT: "schools were shut from Monday to
        // Wednesday", written on a Tuesday, is last week's. Not days that start on the DCT's
        // ("the conference, being held Thursday through Saturday, was organized by ...").
        const auto on = [](const std::string& value) {
          const timex::ValueFields f = timex::value_fields(value);
          return std::tuple(f.year, f.month, f.day);
        };
        const auto today =
            std::tuple(static_cast<int>(dct.day.year()), static_cast<int>(dct.day.month()),
                       static_cast<int>(dct.day.day()));
        if (ctx.tense == timex::Tense::past && dct.known() && on(e.value) > today &&
            on(out.back().value) != today) {
          e.value = timex::day_shifted(e.value, -7);
          out.back().value = timex::day_shifted(out.back().value, -7);
        }
      }
      // "from 10pm to 6am": a clock time before the one it runs from is the next day's.
      if (range_to && e.type == TimexType::time && out.back().type == TimexType::time &&
          e.value.size() > 10 && e.value[10] == 'T' && out.back().value.size() > 10 &&
          out.back().value[10] == 'T' && e.value.compare(0, 10, out.back().value, 0, 10) == 0 &&
          e.value < out.back().value)
        e.value = timex::day_shifted(e.value, 1);
      // Two seasons named together take the year written with the second: "summer and autumn
      // 1918", "the fall and winter of 1775", "the summer and autumn of 481 BC".
      if (joined && previous_calendar && !calendar_date &&
          (match.rule->normalizer == "date" || match.rule->normalizer == "era") &&
          e.granularity == Granularity::season && out.back().granularity == Granularity::season) {
        const std::size_t year = e.value.find('-');
        out.back().value.replace(0, out.back().value.find('-'), e.value, 0, year);
      }
      if (const timex::ValueFields to = joined && timex::common_era(e.value)
                                            ? timex::value_fields(e.value)
                                            : timex::ValueFields{};
          to.month) {
        std::string& start = out.back().value;
        const timex::ValueFields from = timex::value_fields(start);
        // Whether the start's month and day come after the end's: the range spans a new year.
        const bool wraps_year = wraps(from, to);
        if (previous_calendar && !calendar_date && match.rule->normalizer == "date") {
          // A year written only at the end is the start's too: "26 June - 4 August 1952",
          // "July-November 1954" (or the year before: "November to March 1952").
          const int year = wraps_year ? to.year - 1 : to.year;
          if (!from.day || timex::day_exists(year, from.month, from.day))
            start.replace(0, 4, timex::pad(year, 4));
        } else if (calendar_date && from.month && (to.month != 2 || to.day != 29)) {
          if (yearless && previous_yearless) {
            const int end_year =
                timex::range_end_year(from.month, from.day, to.month, to.day, dct.day, ctx.tense,
                                      previous_told_right_before);
            e.value.replace(0, 4, timex::pad(end_year, 4));
            start.replace(0, 4, timex::pad(wraps_year ? end_year - 1 : end_year, 4));
          } else {
            // The end takes the start's year, or the next: "from May 2020 to June", "from
            // November to March" in a narrative.
            e.value.replace(0, 4, timex::pad(wraps_year ? from.year + 1 : from.year, 4));
          }
        }
      }
      // A date the past perfect tells of ("forces that had invaded Burma in late 1943") is a
      // look back from where the narrative is, not a move of it. Nor is the end an "until"
      // looks ahead to ("an assault that lasted until the fall of Budapest in February 1945"),
      // the start a "since" looks back to or a date compared with ("the largest cavalry battle
      // since 1813", "arranged as in 1614"), nor a bare year that names something: in brackets
      // after it ("the Civil Constitution of the Clergy (1790)"), or before a name ("the 1978
      // Treaty of Friendship").
      const auto compared_with = [&] {
        if (match.first_token == 0 ||
            im.compared_cue_ends.find(tokens[match.first_token - 1].folded_hash) ==
                assets::HashIndex::kMissing)
          return false;
        for (std::size_t k = match.first_token;
             k-- > (match.first_token > 3 ? match.first_token - 3 : 0);) {
          const Cue c = cue(k);
          if (k + c.words == match.first_token && (c.behind || c.aside)) return true;
        }
        return false;
      };
      const auto flashback = [&] {
        if (compared_with()) return true;
        if (e.value.size() == 4 && match.end_token - match.first_token == 1 &&
            match.first_token > 0 && match.end_token < tokens.size()) {
          const Token& before = tokens[match.first_token - 1];
          const Token& after = tokens[match.end_token];
          if ((before.folded_hash == im.open_paren && after.folded_hash == im.close_paren) ||
              (before.folded_hash == im.the && after.capitalized))
            return true;
        }
        for (std::size_t k = match.first_token;
             k-- > (match.first_token > 6 ? match.first_token - 6 : 0);) {
          const std::uint64_t h = tokens[k].folded_hash;
          if (im.ends_sentence(tokens[k]) || h == im.comma) break;
          if (h == im.until || h == im.till) return true;
        }
        if (ctx.tense != timex::Tense::past) return false;
        const std::size_t lo = match.first_token > 12 ? match.first_token - 12 : 0;
        for (std::size_t k = match.first_token; k-- > lo;) {
          if (im.ends_sentence(tokens[k])) return false;
          const Cue c = cue(k);
          if (c.perfect) return true;
          if (c.tense == timex::Tense::unknown) continue;
          // The governing verb: past perfect when "had" comes just before it.
          for (std::size_t a = k; a-- > (k > 2 ? k - 2 : 0);)
            if (cue(a).perfect) return true;
          return false;
        }
        return false;
      };
      // Whether the next year written (a four-digit number, within a few paragraphs) is `then`
      // or next to it, and not next to `now`.
      const auto returns_to = [&](int then, int now) {
        const std::size_t reach = std::min(tokens.size(), match.end_token + std::size_t{400});
        for (std::size_t k = match.end_token; k < reach; ++k) {
          const Token& number = tokens[k];
          if (number.kind != TokenKind::number || number.end - number.begin != 4 ||
              number.number < 1000 || number.number > 2999)
            continue;
          const auto written = static_cast<int>(number.number);
          // A number far from both is no year of this story ("Resolution 1483").
          if (std::abs(written - then) > 50 && std::abs(written - now) > 50) continue;
          return std::abs(written - then) <= 1 && std::abs(written - now) > 1;
        }
        return false;
      };
      narrative.note(match, e, ctx.tense, dct, from_narrative, flashback, compared_with, quoted,
                     returns_to);
      // A year written apart from the day of its sentence it is the year of ("On December 7
      // (December 8 in Asian time zones), 1941"): the narrative last told of that day, not of
      // the year as a whole.
      const auto restates_year = [&](const std::string& value) {
        const std::string& told = ctx.narrative_last;
        return !told.empty() && told == ctx.sentence_date && told.size() > value.size() &&
               told.starts_with(value) && told[value.size()] == '-';
      };
      // The first reading follows the narrative from where the dates so far tell of the past: a
      // history that ends near its DCT ("2003: Invasion ... On April 9 Baghdad fell ... the
      // 2008 elections") is not one as a whole, but its early parts are.
      if (follow_narrative || narrative.tells_of_the_past()) {
        if (narrative.at().empty())
          ctx.narrative_last.clear();
        else if (timex::has_year(e.value) &&
                 (e.type == TimexType::date || e.type == TimexType::time) &&
                 !restates_year(e.value))
          ctx.narrative_last = e.value;
        else if (!e.reaches.empty())
          ctx.narrative_last = e.reaches;
        ctx.narrative = narrative.at();
      } else {
        ctx.narrative.clear();
        ctx.narrative_last.clear();
      }
      if (e.type == TimexType::date || e.type == TimexType::time) {
        if (std::isdigit(static_cast<unsigned char>(e.value[0]))) ctx.sentence_period = e.value;
        if (e.granularity >= Granularity::day && e.value[0] != 'X') {
          ctx.last_day = e.value;
          ctx.sentence_date = e.value;
          // What the sentence is about, for the next one: not a day named in passing as the
          // owner of something ("after Friday's weak data").
          const bool possessive = match.end_token + 1 < tokens.size() &&
                                  tokens[match.end_token].folded_hash == im.apostrophe &&
                                  !tokens[match.end_token].space_before &&
                                  tokens[match.end_token + 1].folded_hash == im.s &&
                                  !tokens[match.end_token + 1].space_before;
          if (!possessive) sentence_topic = e.value;
        }
        if (e.value.size() >= 4 && e.value[0] >= '0' && e.value[0] <= '9' &&
            match.rule->param("ref").empty()) {
          // Only a quarter or half is a period that "a year earlier" compares with; a day
          // mentioned in between ("ended Sept. 30") does not replace it, nor does a period no
          // article of this date reports on.
          if ((e.granularity == Granularity::quarter || e.granularity == Granularity::half_year) &&
              reported_period(e.value, dct)) {
            ctx.reference = e.value;
            reference_age = 0;
          }
          if (match.rule->normalizer == "date" && !compared_with()) ctx.last_explicit = e.value;
        }
        // A year of an era ("in 480 BC ... That year", "in AD 70"), and a date before the era.
        if ((match.rule->normalizer == "era" ||
             (match.rule->normalizer == "date" && e.value.starts_with("BC"))) &&
            timex::has_year(e.value) && !compared_with())
          ctx.last_explicit = e.value;
      } else if (!e.reaches.empty()) {
        // The date "Two days later" reaches is where the text goes on from: "The next day" after
        // it is the day after that one.
        if (timex::granularity_of(e.reaches, TimexType::date) >= Granularity::day) {
          ctx.sentence_date = e.reaches;
          sentence_topic = e.reaches;
        }
        ctx.sentence_period = e.reaches;
        ctx.last_explicit = e.reaches;
      } else if (e.type == TimexType::duration && tokens[match.first_token].folded_hash == im.the &&
                 part_year_months(e.value)) {
        // "For the nine months, net rose ... from $9 million a year earlier": the period
        // reported on is now most of a year, and what is compared with it is the year before,
        // not the quarter talked about until then.
        ctx.reference.clear();
      }
      previous_date = match.rule->normalizer == "date" && e.value.size() >= 7 &&
                      std::isdigit(static_cast<unsigned char>(e.value[0]));
      previous_yearless = yearless;
      previous_weekday = weekday;
      previous_told_right_before = ctx.told_right_before;
      previous_calendar = calendar_date;
      if (e.type == TimexType::time && match.rule->normalizer == "clock" && !match.get("WEEKDAY") &&
          !match.get("MONTH") && !match.get("OFFSET"))
        context_dated.push_back(out.size());
      // "In 1996, ...": a year that opens its sentence, a comma after it.
      if (match.rule->normalizer == "date" && match.get("YEAR") && e.value.size() == 4 &&
          timex::common_era(e.value) && match.end_token < tokens.size() &&
          tokens[match.end_token].folded_hash == im.comma &&
          (match.first_token == sentence_start || (match.first_token == sentence_start + 1 &&
                                                   im.date_preposition(tokens[sentence_start]))))
        frame_year = e.value;
      // "first met in December in 1999", "killed on Christmas Eve in 2000": a month, day or
      // fixed holiday written without a year takes the one written after it, and so does what
      // was dated from it so far (the sentence's day, the start of its range).
      if (e.value.size() == 4 && timex::common_era(e.value) && match.get("YEAR") &&
          match.rule->normalizer == "date" && !out.empty() && yearless_date == out.size() - 1 &&
          out.back().end <= e.begin &&
          text.substr(out.back().end, e.begin - out.back().end) == " in ") {
        TimeExpression& date = out.back();
        const std::string before = date.value;
        if (give_year(date.value, e.value)) {
          if (timex::common_era(date.range_end)) give_year(date.range_end, e.value);
          for (std::string* context : {&ctx.sentence_date, &sentence_topic, &ctx.last_explicit,
                                       &ctx.sentence_period, &ctx.narrative_last, &ctx.last_day})
            if (*context == before) *context = date.value;
          // "from November to March in 1999": the start in the year before when it wraps.
          if (TimeExpression* start = out.size() >= 2 ? &out[out.size() - 2] : nullptr;
              start && timex::common_era(start->value) && start->end <= date.begin &&
              im.joins_range(text.substr(start->end, date.begin - start->end),
                             text.substr(0, start->begin))) {
            const timex::ValueFields from = timex::value_fields(start->value);
            const timex::ValueFields to = timex::value_fields(date.value);
            if (from.month && to.month)
              give_year(start->value, timex::pad(wraps(from, to) ? to.year - 1 : to.year, 4));
          }
        }
      }
      const auto* holiday = match.get("HOLIDAY");
      const bool without_year =
          (calendar_date && match.rule->param("rel").empty()) ||
          (holiday && holiday->text_value.size() == 5 && !match.get("YEAR") &&
           match.rule->param("rel").empty() && match.rule->param("as").empty());
      yearless_date = without_year && e.value.size() >= 7 && e.value[4] == '-' &&
                              std::isdigit(static_cast<unsigned char>(e.value[5]))
                          ? out.size()
                          : std::string::npos;
      out.push_back(std::move(e));
      previous_end = match.end_token;
      found_first = match.first_token;
      found_end = match.end_token;
      // Trailing context (the "old" of "!old") may be read again: only the extent is used up.
      i = match.end_token;
    }
    offset = stop;
  }
  narrative_text = narrative.tells_of_the_past();
  // The clock part of a time value ("T22:00"), for ordering two times of one day.
  const auto clock_of = [](std::string_view value) {
    const auto t = value.find('T');
    return t == std::string_view::npos ? std::string_view() : value.substr(t);
  };
  // "at 5 p.m. on Tuesday": a clock time dated from its context takes the day that follows it.
  for (const std::size_t k : context_dated) {
    std::size_t next = k + 1;
    // The end of a range of times that starts at k, when the day comes after that end.
    std::size_t range_end = 0;
    // "local time" is no part of the time, as TimeML and TIMEX2 tag it, but the day may come
    // after it: "3 a.m. local time Thursday", "5:34 AM Baghdad time on March 20, 2003".
    const std::size_t time_end = zone_words_end(text, out[k].end);
    // The aside may itself hold a time ("(0735 GMT)"): the day comes after it.
    if (next + 1 < out.size() && out[next].type == TimexType::time &&
        text.substr(time_end).starts_with(" (") && text.substr(out[next].end).starts_with(")"))
      ++next;
    // So may the end of a range of times: "from 9 a.m. to 5 p.m. Friday".
    std::size_t gap_from = time_end;
    if (next == k + 1 && next < out.size() && out[next].type == TimexType::time &&
        out[next].begin >= out[k].end &&
        im.joins_range(text.substr(out[k].end, out[next].begin - out[k].end),
                       text.substr(0, out[k].begin))) {
      // An end that names its own day gives it to the start: "from 2 p.m. to 4 p.m. Tuesday".
      const std::string& end = out[next].value;
      if (!std::binary_search(context_dated.begin(), context_dated.end(), next) &&
          end.size() > 11 && end[10] == 'T' && std::isdigit(static_cast<unsigned char>(end[0])) &&
          out[k].value.size() > 11) {
        out[k].value.replace(0, out[k].value.find('T'), end, 0, end.find('T'));
        // "from 10pm to 6am Friday": a start later in the day than the end is the day before's.
        if (clock_of(out[k].value) > clock_of(end))
          out[k].value = timex::day_shifted(out[k].value, -1);
        continue;
      }
      gap_from = out[next].end;
      range_end = next;
      ++next;
    }
    if (next >= out.size()) continue;
    TimeExpression& time = out[k];
    const TimeExpression& day = out[next];
    if (day.type != TimexType::date || day.granularity != Granularity::day ||
        day.value.size() != 10 || !std::isdigit(static_cast<unsigned char>(day.value[0])) ||
        time.value.size() < 11 || day.begin < gap_from)
      continue;
    std::string_view gap = text.substr(gap_from, day.begin - gap_from);
    // The time may be the aside itself: "(0735 GMT) Friday".
    if (gap.starts_with(")") && time.begin > 0 && text[time.begin - 1] == '(') gap.remove_prefix(1);
    // A short aside may stand between them: "10:35 a.m. (0735 GMT) Friday".
    if (gap.starts_with(" (")) {
      const auto close = gap.find(')');
      if (close == std::string_view::npos || close > 24 ||
          gap.substr(2, close - 2).find_first_of("(\n") != std::string_view::npos)
        continue;
      gap.remove_prefix(close + 1);
    }
    if (gap == " " || gap == ", " || gap == " on " || gap == ", on ") {
      time.value.replace(0, time.value.find('T'), day.value);
      // A range of hours in one expression ("2 and 4 p.m.") ends on the same day.
      if (time.range_end.size() > 10 && time.range_end[10] == 'T')
        time.range_end.replace(0, 10, day.value);
      // "from 10 p.m. to 6 a.m. on Friday": the day is the end's, and the start the night before.
      if (range_end && clock_of(time.value) > clock_of(out[range_end].value))
        time.value = timex::day_shifted(time.value, -1);
    }
  }
  return out;
}

std::string_view to_string(TimexType type) {
  switch (type) {
    case TimexType::date:
      return "DATE";
    case TimexType::time:
      return "TIME";
    case TimexType::duration:
      return "DURATION";
    case TimexType::set:
      return "SET";
  }
  return "DATE";
}

std::string_view to_string(Granularity g) {
  switch (g) {
    case Granularity::unknown:
      return "unknown";
    case Granularity::millennium:
      return "millennium";
    case Granularity::century:
      return "century";
    case Granularity::decade:
      return "decade";
    case Granularity::year:
      return "year";
    case Granularity::half_year:
      return "half_year";
    case Granularity::quarter:
      return "quarter";
    case Granularity::season:
      return "season";
    case Granularity::month:
      return "month";
    case Granularity::week:
      return "week";
    case Granularity::day:
      return "day";
    case Granularity::part_of_day:
      return "part_of_day";
    case Granularity::hour:
      return "hour";
    case Granularity::minute:
      return "minute";
    case Granularity::second:
      return "second";
  }
  return "unknown";
}

std::filesystem::path default_assets_dir() {
  if (const char* env = std::getenv("TEMPOGRAPH_ASSETS"); env && *env) return env;
  // Installed layout: <prefix>/bin/tempograph and <prefix>/share/tempograph/assets.
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto installed = exe.parent_path().parent_path() / "share" / "tempograph" / "assets";
    if (std::filesystem::is_directory(installed / "timex", ec)) return installed;
  }
  // A program linking the installed library, wherever it lives.
  const std::filesystem::path prefix_assets = TEMPOGRAPH_INSTALLED_ASSETS;
  if (std::filesystem::is_directory(prefix_assets / "timex", ec)) return prefix_assets;
  return TEMPOGRAPH_SOURCE_ASSETS;
}

}  // namespace tempograph
