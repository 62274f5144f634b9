#include "timeline_text.hpp"

#include "tempograph/text.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>

namespace tempograph::export_text {
namespace {

namespace greg = boost::gregorian;

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Indexed by EventCategory. Hues are spread so that neighbouring lanes differ; "other" is grey.
constexpr std::array<CategoryColours, 17> kPalette = {{
    {"#dbe9f6", "#2b6cb0"},  // statement
    {"#e9e3f7", "#6b46c1"},  // appeal
    {"#d9f2ef", "#2c7a7b"},  // intent
    {"#dff3e3", "#2f855a"},  // meeting
    {"#e8f5d3", "#4d7c0f"},  // agreement
    {"#fde8d7", "#c05621"},  // criticism
    {"#fbe3ec", "#b83280"},  // rejection
    {"#fde2e2", "#c53030"},  // threat
    {"#fff3c4", "#975a16"},  // protest
    {"#efe5dc", "#7b4b2a"},  // sanction
    {"#e2e8f0", "#4a5568"},  // military_posture
    {"#f6d0d0", "#9b1c1c"},  // military_action
    {"#d4f1f9", "#0e7490"},  // de_escalation
    {"#fce7f3", "#9d174d"},  // humanitarian
    {"#e0e7ff", "#3730a3"},  // legal
    {"#f3e8ff", "#7e22ce"},  // political
    {"#eeeeee", "#616161"},  // other
}};

struct Ymd {
  int year;
  unsigned month;
  unsigned day;
};

Ymd ymd(const greg::date& d) {
  const auto v = d.year_month_day();
  return {static_cast<int>(v.year), static_cast<unsigned>(v.month), static_cast<unsigned>(v.day)};
}

constexpr std::string_view kDash = "\xE2\x80\x93";  // en dash, for ranges

std::string month_year(const Ymd& d) {
  return std::string(month_abbrev(d.month)) + " " + std::to_string(d.year);
}

std::string day_range(const Ymd& a, const Ymd& b) {
  if (a.year == b.year && a.month == b.month) {
    if (a.day == b.day) return std::to_string(a.day) + " " + month_year(a);
    return std::to_string(a.day) + std::string(kDash) + std::to_string(b.day) + " " + month_year(a);
  }
  // Appended piece by piece: g++ 12 gives a false -Wrestrict on chained `" " + to_string()`.
  std::string out = std::to_string(a.day);
  out += ' ';
  out += month_abbrev(a.month);
  if (a.year != b.year) {
    out += ' ';
    out += std::to_string(a.year);
  }
  out += ' ';
  out += kDash;
  out += ' ';
  out += std::to_string(b.day);
  out += ' ';
  out += month_year(b);
  return out;
}

std::string month_range(const Ymd& a, const Ymd& b) {
  if (a.year == b.year && a.month == b.month) return month_year(a);
  if (a.year == b.year)
    return std::string(month_abbrev(a.month)) + " " + std::string(kDash) + " " + month_year(b);
  return month_year(a) + " " + std::string(kDash) + " " + month_year(b);
}

std::string year_range(const Ymd& a, const Ymd& b) {
  if (a.year == b.year) return std::to_string(a.year);
  return std::to_string(a.year) + std::string(kDash) + std::to_string(b.year);
}

}  // namespace

Precision precision_of(Granularity granularity) {
  switch (granularity) {
    case Granularity::millennium:
    case Granularity::century:
    case Granularity::decade:
    case Granularity::year:
      return Precision::year;
    case Granularity::half_year:
    case Granularity::quarter:
    case Granularity::season:
    case Granularity::month:
      return Precision::month;
    case Granularity::unknown:
    case Granularity::week:
    case Granularity::day:
    case Granularity::part_of_day:
    case Granularity::hour:
    case Granularity::minute:
    case Granularity::second:
      return Precision::day;
  }
  return Precision::day;
}

bool dated(const TimeSpan& span) {
  return !span.start.is_special() && !span.end.is_special() && span.start <= span.end;
}

std::string date_label(const TimeSpan& span) {
  if (!dated(span)) return {};
  const Ymd a = ymd(span.start);
  const Ymd b = ymd(span.end);
  // Named periods read better than their months when the span is exactly one of them.
  if (span.granularity == Granularity::quarter && a.year == b.year && (a.month - 1) % 3 == 0 &&
      b.month == a.month + 2)
    return "Q" + std::to_string((a.month - 1) / 3 + 1) + " " + std::to_string(a.year);
  if (span.granularity == Granularity::decade && a.year % 10 == 0 && b.year == a.year + 9)
    return std::to_string(a.year) + "s";
  switch (precision_of(span.granularity)) {
    case Precision::year:
      return year_range(a, b);
    case Precision::month:
      return month_range(a, b);
    case Precision::day:
      return day_range(a, b);
  }
  return day_range(a, b);
}

std::string iso_day(const greg::date& day) {
  if (day.is_special()) return {};
  return greg::to_iso_extended_string(day);
}

std::string day_label(const greg::date& day) {
  if (day.is_special()) return {};
  const Ymd d = ymd(day);
  return day_range(d, d);
}

std::string_view month_abbrev(unsigned month) {
  return month >= 1 && month <= 12 ? kMonths[month - 1] : std::string_view("?");
}

std::string category_label(EventCategory category) {
  std::string s(to_string(category));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s == "de escalation" ? "de-escalation" : s;
}

CategoryColours category_colours(EventCategory category) {
  const auto i = static_cast<std::size_t>(category);
  return i < kPalette.size() ? kPalette[i] : kPalette.back();
}

std::string source_sentence(const Timeline& timeline, const MentionSource& mention) {
  const Document* doc = timeline.document(mention.doc);
  if (!doc) return {};
  const std::size_t size = doc->text.size();
  const std::size_t begin = std::min<std::size_t>(mention.sentence_begin, size);
  const std::size_t end = std::clamp<std::size_t>(mention.sentence_end, begin, size);
  std::string out;
  out.reserve(end - begin);
  bool space = false;
  for (std::size_t i = begin; i < end; ++i) {
    const auto c = static_cast<unsigned char>(doc->text[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

std::string article_label(const Timeline& timeline, std::string_view doc_id) {
  const Document* doc = timeline.document(doc_id);
  if (!doc) return valid_utf8(doc_id);
  std::string label = valid_utf8(doc->title.empty() ? doc->id : doc->title);
  if (doc->dct.known()) label += " (" + day_label(doc->dct.day) + ")";
  return label;
}

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  std::string out(text.substr(0, cut));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\xE2\x80\xA6";
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  while (const auto bad = find_invalid_utf8(s)) {
    out.append(s.substr(0, *bad));
    out += "\xEF\xBF\xBD";
    s.remove_prefix(*bad + 1);
  }
  out.append(s);
  return out;
}

}  // namespace tempograph::export_text
