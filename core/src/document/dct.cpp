// Document creation times: the date forms tempograph reads, and inference for undated texts.
// All calendar facts (month lengths, weekdays) come from Boost.Date_Time.
#include "document_internal.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace tempograph {

namespace greg = boost::gregorian;
using greg::gregorian_calendar;

std::string_view to_string(DctSource source) {
  switch (source) {
    case DctSource::manifest:
      return "manifest";
    case DctSource::header:
      return "header";
    case DctSource::timeml:
      return "timeml";
    case DctSource::jsonl:
      return "jsonl";
    case DctSource::option:
      return "option";
    case DctSource::inferred:
      return "inferred";
    case DctSource::none:
      return "none";
  }
  return "none";
}

std::string DocumentCreationTime::iso() const {
  if (!known()) return {};
  std::string out = greg::to_iso_extended_string(day);
  if (minute_of_day) {
    const int hour = *minute_of_day / 60;
    const int minute = *minute_of_day % 60;
    out += 'T';
    out += static_cast<char>('0' + hour / 10);
    out += static_cast<char>('0' + hour % 10);
    out += ':';
    out += static_cast<char>('0' + minute / 10);
    out += static_cast<char>('0' + minute % 10);
  }
  return out;
}

namespace detail {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

namespace {

bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}

// The first twelve are the full names; the rest are abbreviations, which may take a period.
constexpr std::array<std::pair<std::string_view, int>, 24> kMonths{{
    {"january", 1},   {"february", 2},  {"march", 3},  {"april", 4},     {"may", 5},
    {"june", 6},      {"july", 7},      {"august", 8}, {"september", 9}, {"october", 10},
    {"november", 11}, {"december", 12}, {"jan", 1},    {"feb", 2},       {"mar", 3},
    {"apr", 4},       {"jun", 6},       {"jul", 7},    {"aug", 8},       {"sep", 9},
    {"sept", 9},      {"oct", 10},      {"nov", 11},   {"dec", 12},
}};

// Boost numbers weekdays from Sunday = 0. The first seven are the full names.
constexpr std::array<std::pair<std::string_view, int>, 17> kWeekdays{{
    {"sunday", 0},
    {"monday", 1},
    {"tuesday", 2},
    {"wednesday", 3},
    {"thursday", 4},
    {"friday", 5},
    {"saturday", 6},
    {"sun", 0},
    {"mon", 1},
    {"tue", 2},
    {"tues", 2},
    {"wed", 3},
    {"thu", 4},
    {"thur", 4},
    {"thurs", 4},
    {"fri", 5},
    {"sat", 6},
}};

std::size_t letters_at(std::string_view s, std::size_t pos) {
  std::size_t end = pos;
  while (end < s.size() && is_alpha(s[end])) ++end;
  return end - pos;
}

// Spaces, tabs and the no-break space (common in news copy); never line breaks.
std::size_t skip_blanks(std::string_view s, std::size_t pos) {
  while (pos < s.size()) {
    if (s[pos] == ' ' || s[pos] == '\t') {
      ++pos;
    } else if (s.substr(pos, 2) == "\xC2\xA0") {
      pos += 2;
    } else {
      break;
    }
  }
  return pos;
}

std::optional<int> month_at(std::string_view s, std::size_t& pos, bool free_text) {
  const std::size_t len = letters_at(s, pos);
  if (len < 3 || len > 9) return std::nullopt;
  const std::string_view word = s.substr(pos, len);
  if (free_text && !is_upper(word[0])) return std::nullopt;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (!iequals(word, kMonths[i].first)) continue;
    pos += len;
    if (i >= 12 && pos < s.size() && s[pos] == '.') ++pos;  // "Nov." / "Sept."
    return kMonths[i].second;
  }
  return std::nullopt;
}

std::optional<int> weekday_at(std::string_view s, std::size_t& pos, bool full_only) {
  const std::size_t len = letters_at(s, pos);
  if (len < 3 || len > 9) return std::nullopt;
  const std::string_view word = s.substr(pos, len);
  if (full_only && !is_upper(word[0])) return std::nullopt;
  const std::size_t count = full_only ? 7 : kWeekdays.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (!iequals(word, kWeekdays[i].first)) continue;
    pos += len;
    if (i >= 7 && pos < s.size() && s[pos] == '.') ++pos;
    return kWeekdays[i].second;
  }
  return std::nullopt;
}

// Exactly `min`..`max` digits, not followed by another digit.
std::optional<int> number_at(std::string_view s, std::size_t& pos, std::size_t min,
                             std::size_t max) {
  std::size_t end = pos;
  int value = 0;
  while (end < s.size() && is_digit(s[end]) && end - pos < max) {
    value = value * 10 + (s[end] - '0');
    ++end;
  }
  if (end - pos < min || (end < s.size() && is_digit(s[end]))) return std::nullopt;
  pos = end;
  return value;
}

void skip_ordinal(std::string_view s, std::size_t& pos) {
  const std::string_view rest = s.substr(pos, 2);
  if (rest.size() == 2 &&
      (iequals(rest, "st") || iequals(rest, "nd") || iequals(rest, "rd") || iequals(rest, "th"))) {
    if (pos + 2 >= s.size() || !is_alpha(s[pos + 2])) pos += 2;
  }
}

bool boundary_at(std::string_view s, std::size_t pos) {
  return pos >= s.size() || !is_alnum(s[pos]);
}

// Fills the day of `match`, or flags it impossible. Boost's date range starts in 1400.
void settle(DateMatch& match, int year, int month, int day) {
  if (year < 1400 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                 static_cast<unsigned short>(month))) {
    match.impossible = true;
    return;
  }
  match.day = greg::date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                         static_cast<unsigned short>(day));
}

// "T13:00", " 13:00:00.5Z", "T13:00+02:00": the wall-clock time as written (the offset is read
// past but not applied, since the DCT is a calendar date first).
void match_time(std::string_view s, std::size_t& pos, DateMatch& match) {
  std::size_t p = pos;
  if (p >= s.size() || (s[p] != 'T' && s[p] != ' ')) return;
  ++p;
  auto hour = number_at(s, p, 2, 2);
  if (!hour || p >= s.size() || s[p] != ':') {
    // A 'T' must start a time; a space may simply end the date.
    if (s[pos] == 'T') match.impossible = true;
    return;
  }
  ++p;
  auto minute = number_at(s, p, 2, 2);
  if (!minute) {
    match.impossible = true;
    return;
  }
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!number_at(s, p, 2, 2)) {
      match.impossible = true;
      return;
    }
    if (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1])) {
      ++p;
      while (p < s.size() && is_digit(s[p])) ++p;
    }
  }
  if (p < s.size() && s[p] == 'Z') {
    ++p;
  } else if (p + 1 < s.size() && (s[p] == '+' || s[p] == '-') && is_digit(s[p + 1])) {
    std::size_t q = p + 1;
    if (number_at(s, q, 4, 4)) {  // +0200
      p = q;
    } else if (number_at(s, q, 2, 2)) {  // +02 or +02:00
      std::size_t r = q;
      if (r < s.size() && s[r] == ':') ++r;
      if (number_at(s, r, 2, 2)) q = r;
      p = q;
    }
  }
  if (*hour > 23 || *minute > 59) {
    match.impossible = true;
  } else {
    match.minute_of_day = *hour * 60 + *minute;
  }
  pos = p;
}

std::optional<DateMatch> match_iso(std::string_view s, std::size_t pos) {
  const std::size_t start = pos;
  auto year = number_at(s, pos, 4, 4);
  if (!year || pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) return std::nullopt;
  const char sep = s[pos++];
  const std::size_t min_digits = sep == '/' ? 1 : 2;
  auto month = number_at(s, pos, min_digits, 2);
  if (!month || pos >= s.size() || s[pos] != sep) return std::nullopt;
  ++pos;
  auto day = number_at(s, pos, min_digits, 2);
  if (!day) return std::nullopt;
  DateMatch match;
  settle(match, *year, *month, *day);
  if (sep == '-') match_time(s, pos, match);
  if (!boundary_at(s, pos)) return std::nullopt;
  match.length = pos - start;
  return match;
}

std::optional<DateMatch> match_written(std::string_view s, std::size_t pos, bool free_text) {
  const std::size_t start = pos;
  int month = 0;
  int day = 0;
  if (auto m = month_at(s, pos, free_text)) {  // February 15, 2024
    month = *m;
    const std::size_t after = skip_blanks(s, pos);
    if (after == pos && s[pos - 1] != '.') return std::nullopt;
    pos = after;
    auto d = number_at(s, pos, 1, 2);
    if (!d) return std::nullopt;
    day = *d;
    skip_ordinal(s, pos);
  } else {  // 15 February 2024
    auto d = number_at(s, pos, 1, 2);
    if (!d) return std::nullopt;
    day = *d;
    skip_ordinal(s, pos);
    const std::size_t after = skip_blanks(s, pos);
    if (after == pos) return std::nullopt;
    pos = after;
    auto named = month_at(s, pos, free_text);
    if (!named) return std::nullopt;
    month = *named;
  }
  const std::size_t before_separator = pos;
  if (pos < s.size() && s[pos] == ',') ++pos;
  pos = skip_blanks(s, pos);
  if (pos == before_separator) return std::nullopt;
  auto year = number_at(s, pos, 4, 4);
  if (!year || !boundary_at(s, pos)) return std::nullopt;
  DateMatch match;
  settle(match, *year, month, day);
  match.length = pos - start;
  return match;
}

// "Wednesday, November 25" / "Wednesday (November 25)" / "Wednesday 25 November": a weekday
// with a month and day but no year.
struct WeekdayPhrase {
  int weekday = 0;
  int month = 0;
  int day = 0;
  std::size_t length = 0;
};

std::optional<WeekdayPhrase> match_weekday_phrase(std::string_view s) {
  std::size_t pos = 0;
  WeekdayPhrase phrase;
  auto weekday = weekday_at(s, pos, true);
  if (!weekday) return std::nullopt;
  phrase.weekday = *weekday;
  pos = skip_blanks(s, pos);
  bool parenthesis = false;
  if (pos < s.size() && (s[pos] == ',' || s[pos] == '(')) {
    parenthesis = s[pos] == '(';
    pos = skip_blanks(s, pos + 1);
  }
  if (auto m = month_at(s, pos, true)) {
    phrase.month = *m;
    const std::size_t after = skip_blanks(s, pos);
    if (after == pos && s[pos - 1] != '.') return std::nullopt;
    pos = after;
    auto d = number_at(s, pos, 1, 2);
    if (!d) return std::nullopt;
    phrase.day = *d;
    skip_ordinal(s, pos);
  } else {
    auto d = number_at(s, pos, 1, 2);
    if (!d) return std::nullopt;
    phrase.day = *d;
    skip_ordinal(s, pos);
    const std::size_t after = skip_blanks(s, pos);
    if (after == pos) return std::nullopt;
    pos = after;
    auto named = month_at(s, pos, true);
    if (!named) return std::nullopt;
    phrase.month = *named;
  }
  if (!boundary_at(s, pos)) return std::nullopt;
  if (parenthesis) {
    const std::size_t close = skip_blanks(s, pos);
    if (close < s.size() && s[close] == ')') pos = close + 1;
  }
  // The day must exist in some year (February 29 does, in leap years).
  if (phrase.day < 1 || phrase.day > gregorian_calendar::end_of_month_day(
                                         2000, static_cast<unsigned short>(phrase.month))) {
    return std::nullopt;
  }
  phrase.length = pos;
  return phrase;
}

std::string weekday_name(int weekday) {
  std::string name(kWeekdays[static_cast<std::size_t>(weekday)].first);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::string quote(std::string_view s) {
  // Built by appending: "'" + std::string(s) makes GCC 12 warn (-Wrestrict) at -O3.
  std::string out;
  out.reserve(s.size() + 2);
  out += '\'';
  out += s;
  out += '\'';
  return out;
}

}  // namespace

std::optional<DateMatch> match_date(std::string_view text, bool free_text) {
  if (text.empty()) return std::nullopt;
  if (is_digit(text[0])) {
    if (auto iso = match_iso(text, 0)) return iso;
    return match_written(text, 0, free_text);
  }
  std::size_t pos = 0;
  if (weekday_at(text, pos, free_text)) {  // "Thursday, February 15, 2024"
    pos = skip_blanks(text, pos);
    if (pos < text.size() && text[pos] == ',') pos = skip_blanks(text, pos + 1);
    if (pos == 0 || pos >= text.size()) return std::nullopt;
    auto rest = is_digit(text[pos]) ? match_iso(text, pos) : std::nullopt;
    if (!rest) rest = match_written(text, pos, free_text);
    if (rest) rest->length += pos;
    return rest;
  }
  return match_written(text, 0, free_text);
}

bool is_calendar_word(std::string_view word) {
  if (!word.empty() && word.back() == '.') word.remove_suffix(1);
  std::size_t pos = 0;
  if (month_at(word, pos, false) && pos == word.size()) return true;
  pos = 0;
  return weekday_at(word, pos, false) && pos == word.size();
}

std::optional<DateMatch> match_whole_date(std::string_view text) {
  text = trim(text);
  auto match = match_date(text, false);
  if (!match || match->length != text.size()) return std::nullopt;
  return match;
}

std::optional<DocumentCreationTime> infer_dct(std::string_view text, greg::date today) {
  if (today.is_special()) today = greg::day_clock::local_day();

  struct Mention {
    std::string phrase;
    std::size_t line = 0;
  };
  std::optional<WeekdayPhrase> weekday;
  Mention weekday_mention;
  greg::date latest{greg::not_a_date_time};
  Mention latest_mention;

  // One pass over the text; each candidate looks only a few bytes ahead, so this stays linear.
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (!(is_upper(c) || is_digit(c)) || (i > 0 && is_alnum(text[i - 1]))) continue;
    const std::string_view rest = text.substr(i);
    if (auto date = match_date(rest, true)) {
      if (!date->impossible && date->day <= today && (latest.is_special() || date->day > latest)) {
        latest = date->day;
        latest_mention = {std::string(rest.substr(0, date->length)), line};
      }
      i += date->length - 1;  // dates never span lines
      continue;
    }
    if (!weekday && is_upper(c)) {
      if (auto phrase = match_weekday_phrase(rest)) {
        weekday = phrase;
        weekday_mention = {std::string(rest.substr(0, phrase->length)), line};
        i += phrase->length - 1;
      }
    }
  }

  DocumentCreationTime dct;
  dct.source = DctSource::inferred;
  if (weekday) {
    const auto month = static_cast<unsigned short>(weekday->month);
    const auto day = static_cast<unsigned short>(weekday->day);
    auto fits = [&](int year) -> std::optional<greg::date> {
      const auto y = static_cast<unsigned short>(year);
      if (day > gregorian_calendar::end_of_month_day(y, month)) return std::nullopt;
      greg::date candidate(y, month, day);
      if (candidate > today || candidate.day_of_week().as_number() != weekday->weekday) {
        return std::nullopt;
      }
      return candidate;
    };
    const std::string said = "weekday+date " + quote(weekday_mention.phrase) + " (line " +
                             std::to_string(weekday_mention.line) + ")";
    // A text is usually written after the dates it mentions: take the first fitting year from the
    // latest full date on, when there is one.
    if (!latest.is_special()) {
      for (int year = latest.year(); year <= today.year(); ++year) {
        auto candidate = fits(year);
        if (candidate && *candidate >= latest) {
          dct.day = *candidate;
          dct.evidence = said + ", the first such date on or after " +
                         quote(latest_mention.phrase) + " (line " +
                         std::to_string(latest_mention.line) +
                         "), the latest full date in the text";
          return dct;
        }
      }
    }
    for (int year = today.year(); year >= std::max(1400, today.year() - 400); --year) {
      if (auto candidate = fits(year)) {
        dct.day = *candidate;
        dct.evidence = said + ", in the latest year up to " + greg::to_iso_extended_string(today) +
                       " in which it falls on a " + weekday_name(weekday->weekday);
        return dct;
      }
    }
  }
  if (!latest.is_special()) {
    dct.day = latest;
    dct.evidence = "latest full date in the text " + quote(latest_mention.phrase) + " (line " +
                   std::to_string(latest_mention.line) + ")";
    return dct;
  }
  return std::nullopt;
}

}  // namespace detail

std::optional<DocumentCreationTime> parse_dct(std::string_view text, DctSource source) {
  auto match = detail::match_whole_date(text);
  if (!match || match->impossible) return std::nullopt;
  DocumentCreationTime dct;
  dct.day = match->day;
  dct.minute_of_day = match->minute_of_day;
  dct.source = source;
  return dct;
}

}  // namespace tempograph
