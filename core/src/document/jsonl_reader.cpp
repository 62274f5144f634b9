// JSON Lines: one {"id","date","title","url","text"} object per line. Each line stands alone, so
// a malformed one is reported and the rest still load.
#include "document_internal.hpp"
#include "tempograph/text.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace tempograph::detail {
namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, "; the
// line is ours to give. "last read" quotes the input, which may be long or invalid UTF-8, and
// problems are printed, so the message is cut short and made valid.
std::string json_message(std::string_view what) {
  if (auto at = what.find("] "); at != std::string_view::npos) what.remove_prefix(at + 2);
  if (what.starts_with("parse error at line 1, ")) what.remove_prefix(23);
  std::string message(what.substr(0, 160));
  if (what.size() > 160) message += "...";
  while (auto bad = find_invalid_utf8(message)) message[*bad] = '?';
  return message;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace

std::size_t read_jsonl(std::string_view content, const std::string& shown, const std::string& stem,
                       std::vector<Document>& out, std::vector<LoadProblem>& problems) {
  std::size_t seen = 0;
  std::size_t number = 0;
  std::size_t pos = 0;
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, number, std::nullopt, std::move(message)});
  };
  while (pos < content.size()) {
    ++number;
    std::size_t newline = content.find('\n', pos);
    if (newline == std::string_view::npos) newline = content.size();
    std::string_view line = content.substr(pos, newline - pos);
    pos = newline + 1;
    if (trim(line).empty()) continue;
    ++seen;

    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
      problem("malformed JSON (" + json_message(e.what()) + "); line skipped");
      continue;
    }
    if (!object.is_object()) {
      problem("not a JSON object; line skipped");
      continue;
    }
    auto text = object.find("text");
    if (text == object.end() || !text->is_string()) {
      problem("no \"text\" string; line skipped");
      continue;
    }
    Document doc;
    doc.text = std::move(text->get_ref<std::string&>());
    if (trim(doc.text).empty()) {
      problem("empty text; line skipped");
      continue;
    }
    // nlohmann checks UTF-8 already; this guards the invariant that Document::text is valid.
    if (auto bad = find_invalid_utf8(doc.text)) {
      problem("invalid UTF-8 in \"text\" at byte " + std::to_string(*bad) + "; line skipped");
      continue;
    }
    doc.path = shown;
    doc.format = SourceFormat::jsonl;
    if (auto id = object.find("id"); id != object.end()) {
      if (id->is_string()) doc.id = id->get<std::string>();
      if (id->is_number_integer()) doc.id = id->dump();
    }
    if (doc.id.empty()) doc.id = stem + ":" + std::to_string(number);
    doc.title = string_field(object, "title");
    doc.url = string_field(object, "url");
    auto date = object.find("date");
    if (date == object.end()) date = object.find("dct");  // the name TimeML uses
    const bool dated = date != object.end() && !date->is_null() &&
                       !(date->is_string() && trim(date->get_ref<const std::string&>()).empty());
    if (dated) {
      const std::string value = date->is_string() ? date->get<std::string>() : date->dump();
      auto match = date->is_string() ? match_whole_date(value) : std::nullopt;
      if (!match) {
        problem("cannot read date '" + value + "'; ignored");
      } else if (match->impossible) {
        problem("impossible date '" + value + "'; ignored");
      } else {
        doc.dct.day = match->day;
        doc.dct.minute_of_day = match->minute_of_day;
        doc.dct.source = DctSource::jsonl;
        doc.dct.evidence =
            "jsonl line " + std::to_string(number) + " \"" + date.key() + "\": \"" + value + "\"";
      }
    }
    out.push_back(std::move(doc));
  }
  return seen;
}

}  // namespace tempograph::detail
