// Plain-text articles: the optional "date 2024-02-15" header, "Date:" / "Published:" lines near
// the top, and the title. Only the first few lines are looked at, so a huge one-line file costs
// a single scan for its line break.
#include "document_internal.hpp"

#include <array>
#include <string>

namespace tempograph::detail {
namespace {

constexpr std::size_t kHeaderLines = 10;  // "near the top": non-blank lines searched for metadata
constexpr std::size_t kTitleWords = 15;
constexpr std::size_t kTitleBytes = 300;

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;   // before "\r\n" / "\n"
  std::size_t next = 0;  // start of the following line
  std::size_t number = 1;
};

Line line_at(std::string_view text, std::size_t begin, std::size_t number) {
  Line line{begin, text.size(), text.size(), number};
  const std::size_t newline = text.find('\n', begin);
  if (newline != std::string_view::npos) {
    line.end = newline;
    line.next = newline + 1;
  }
  if (line.end > begin && text[line.end - 1] == '\r') --line.end;
  return line;
}

std::string_view view(std::string_view text, const Line& line) {
  return text.substr(line.begin, line.end - line.begin);
}

// The first `limit` non-blank lines from `pos` on.
std::vector<Line> non_blank_lines(std::string_view text, std::size_t pos, std::size_t number,
                                  std::size_t limit) {
  std::vector<Line> lines;
  while (pos < text.size() && lines.size() < limit) {
    Line line = line_at(text, pos, number);
    if (!trim(view(text, line)).empty()) lines.push_back(line);
    pos = line.next;
    ++number;
  }
  return lines;
}

std::size_t count_words(std::string_view s, std::size_t stop_after) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      if (++words > stop_after) break;
    }
  }
  return words;
}

bool is_date_only(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == ',')) ++pos;
    std::size_t end = pos;
    while (end < s.size() && s[end] != ' ' && s[end] != '\t' && s[end] != ',') ++end;
    std::string_view word = s.substr(pos, end - pos);
    pos = end;
    if (word.empty()) continue;
    while (!word.empty() && (word.front() == '(' || word.front() == '-')) word.remove_prefix(1);
    while (!word.empty() && (word.back() == ')' || word.back() == '.' || word.back() == '-')) {
      word.remove_suffix(1);
    }
    std::size_t digits = 0;
    while (digits < word.size() && is_digit(word[digits])) ++digits;
    const std::string_view suffix = word.substr(digits);
    const bool number =
        digits > 0 && (suffix.empty() || iequals(suffix, "st") || iequals(suffix, "nd") ||
                       iequals(suffix, "rd") || iequals(suffix, "th"));
    if (!word.empty() && !number && !is_calendar_word(word)) return false;
  }
  return true;
}

// A short line without a sentence-final period reads as a headline. A bare date ("December 11")
// is page furniture, not a title.
bool looks_like_title(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > kTitleBytes || s.back() == '.') return false;
  if (count_words(s, kTitleWords) > kTitleWords) return false;
  bool has_letter = false;
  for (char c : s) has_letter = has_letter || is_alpha(c) || static_cast<unsigned char>(c) >= 0x80;
  return has_letter && !is_date_only(s);
}

// "Published: February 15, 2024" -> "February 15, 2024" when `line` starts with one of `keys`.
std::optional<std::size_t> metadata_value(std::string_view line, const auto& keys) {
  for (std::string_view key : keys) {
    if (line.size() <= key.size() || !iequals(line.substr(0, key.size()), key)) continue;
    std::size_t pos = key.size();
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    if (pos >= line.size() || line[pos] != ':') continue;
    ++pos;
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    return pos;
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 8> kDateKeys{
    "date",      "published on", "published", "publication date",
    "posted on", "posted",       "dated",     "date published"};
constexpr std::array<std::string_view, 2> kTitleKeys{"title", "headline"};

std::string in_quotes(std::string_view s) {
  // Built by appending: "\"" + std::string(s) makes GCC 12 warn (-Wrestrict) at -O3.
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

// "-500-01-01", "99999-1-1", "2024/02/15": a signed number, then a separator and a number
// twice, the shape of a numeric date whatever the values.
bool looks_like_numeric_date(std::string_view s) {
  std::size_t pos = 0;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) ++pos;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) return false;
      ++pos;
    }
    const std::size_t digits = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == digits) return false;
  }
  return true;
}

}  // namespace

void read_text_header(Document& doc, std::vector<LoadProblem>& problems) {
  std::string& text = doc.text;
  const std::vector<Line> top = non_blank_lines(text, 0, 1, kHeaderLines);
  if (top.empty()) return;
  const Line& first = top.front();

  // "date 2024-02-15 rest of the line": the prefix is metadata and leaves the text.
  std::size_t lead = first.begin;
  while (lead < first.end && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
  if (first.end - lead > 5 && iequals(std::string_view(text).substr(lead, 4), "date") &&
      (text[lead + 4] == ' ' || text[lead + 4] == '\t')) {
    std::size_t at = lead + 4;
    while (at < first.end && (text[at] == ' ' || text[at] == '\t')) ++at;
    const std::string_view rest_of_line = std::string_view(text).substr(at, first.end - at);
    if (auto date = match_date(rest_of_line, false)) {
      const std::string_view date_text = rest_of_line.substr(0, date->length);
      const std::string header(std::string_view(text).substr(lead, at + date->length - lead));
      if (date->impossible) {
        problems.push_back(LoadProblem{
            doc.path, first.number, std::nullopt,
            "impossible date '" + std::string(date_text) + "' in the date header; ignored"});
      } else {
        doc.dct.day = date->day;
        doc.dct.minute_of_day = date->minute_of_day;
        doc.dct.source = DctSource::header;
        doc.dct.evidence = "header line " + std::to_string(first.number) + " " + in_quotes(header);
      }
      std::size_t cut = at + date->length;
      while (cut < first.end && (text[cut] == ' ' || text[cut] == '\t')) ++cut;
      const std::string_view rest = trim(std::string_view(text).substr(cut, first.end - cut));
      if (rest.empty()) {
        cut = first.next;  // a header on a line of its own goes with its line break
      } else if (looks_like_title(rest)) {
        doc.title = std::string(rest);
      }
      text.erase(0, cut);
      if (rest.empty()) {
        const auto next = non_blank_lines(text, 0, 1, 1);
        if (!next.empty() && looks_like_title(view(text, next.front()))) {
          doc.title = std::string(trim(view(text, next.front())));
        }
      }
      return;
    }
    // "date -500-01-01", "date 99999-01-01": a date header all the same, with a year out of
    // range. Said, so that the date is not lost silently; the line stays text.
    const std::string_view token = rest_of_line.substr(0, rest_of_line.find_first_of(" \t"));
    if (looks_like_numeric_date(token)) {
      problems.push_back(
          LoadProblem{doc.path, first.number, std::nullopt,
                      "cannot read date '" + std::string(token) + "' in the date header; ignored"});
    }
  }

  // Otherwise "Date: ..." / "Published: ..." / "Title: ..." lines near the top; the title is
  // the first line that is not such a line. These lines stay in the text.
  bool dated = false;
  bool title_considered = false;
  bool title_given = false;
  for (const Line& line : top) {
    const std::string_view content = trim(view(text, line));
    if (auto at = metadata_value(content, kDateKeys)) {
      if (dated) continue;
      const std::string_view value = content.substr(*at);
      if (auto date = match_date(value, false)) {
        dated = true;
        const std::string_view date_text = value.substr(0, date->length);
        if (date->impossible) {
          problems.push_back(LoadProblem{
              doc.path, line.number, std::nullopt,
              "impossible date '" + std::string(date_text) + "' in a header line; ignored"});
        } else {
          doc.dct.day = date->day;
          doc.dct.minute_of_day = date->minute_of_day;
          doc.dct.source = DctSource::header;
          doc.dct.evidence = "header line " + std::to_string(line.number) + " " +
                             in_quotes(content.substr(0, *at + date->length));
        }
      }
      continue;
    }
    if (auto at = metadata_value(content, kTitleKeys)) {
      // An explicit "Title:" line beats a guessed one.
      if (!title_given) doc.title = std::string(trim(content.substr(*at)));
      title_given = true;
      title_considered = true;
      continue;
    }
    if (!title_considered) {
      title_considered = true;
      if (!title_given && looks_like_title(content)) doc.title = std::string(content);
    }
  }
}

}  // namespace tempograph::detail
