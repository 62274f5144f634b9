// JSON Lines: one {"id","date","title","url","text"} object per line. Each line stands alone, so
// a malformed one is reported and the rest still load, and lines are read as a stream.
#include "document_internal.hpp"
#include "tempograph/text.hpp"

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <utility>

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

// ---- The usual line, read with simdjson ------------------------------------------------------
// Most lines are one flat object of string values. nlohmann's DOM takes a quarter of `tag`'s time
// on JSON Lines; simdjson (which reads timeline.json too) reads them several times faster. Any
// other line (other value types, nesting, malformed JSON, no usable "text") is left to nlohmann,
// which also words the errors, so both read every line the same way.

// A flat object of strings: its fields, the last of a repeated key winning as with nlohmann.
// Views into the parser's buffer, valid until it reads the next line; only what a document keeps
// is copied.
using FlatFields = std::vector<std::pair<std::string_view, std::string_view>>;

bool read_flat_object(std::string_view line, FlatFields& fields) {
  fields.clear();
  thread_local simdjson::dom::parser parser;
  simdjson::dom::object object;
  // Copied into the parser's padded buffer: the line is a view into the reader's block.
  if (parser.parse(line.data(), line.size(), true).get(object) != simdjson::SUCCESS) return false;
  for (const auto field : object) {
    std::string_view value;
    if (field.value.get_string().get(value) != simdjson::SUCCESS) return false;
    // A guard: nlohmann refuses a lone surrogate ("\udc00"), and whatever simdjson made of one
    // would not be UTF-8.
    if (find_invalid_utf8(value)) return false;
    auto same = std::find_if(fields.begin(), fields.end(),
                             [&field](const auto& f) { return f.first == field.key; });
    if (same == fields.end()) {
      fields.emplace_back(field.key, value);
    } else {
      same->second = value;
    }
  }
  return true;
}

std::optional<std::string_view> flat_field(const FlatFields& fields, std::string_view key) {
  for (const auto& [k, v] : fields)
    if (k == key) return v;
  return std::nullopt;
}

// What a line gives a document, found by either reader.
struct LineFields {
  std::string text, id, title, url;
  std::string date_key;  // "date", or "dct" (the name TimeML uses); empty: no date
  std::string date;      // its value, as written (a number or other non-string: as JSON)
  bool date_is_string = true;
};

Document document_of(LineFields f, std::size_t number, const std::string& shown,
                     const std::string& stem, std::vector<LoadProblem>& problems) {
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, number, std::nullopt, std::move(message)});
  };
  Document doc;
  doc.text = std::move(f.text);
  doc.path = shown;
  doc.format = SourceFormat::jsonl;
  doc.id = f.id.empty() ? stem + ":" + std::to_string(number) : std::move(f.id);
  doc.title = std::move(f.title);
  doc.url = std::move(f.url);
  if (f.date_key.empty()) return doc;
  auto match = f.date_is_string ? match_whole_date(f.date) : std::nullopt;
  if (!match) {
    problem("cannot read date '" + f.date + "'; ignored");
  } else if (match->impossible) {
    problem("impossible date '" + f.date + "'; ignored");
  } else {
    doc.dct.day = match->day;
    doc.dct.minute_of_day = match->minute_of_day;
    doc.dct.source = DctSource::jsonl;
    // No line number: a document's evidence must not depend on which shard or file it came in
    // (a scale-out build must give the bytes of one build); its id locates it.
    doc.dct.evidence = "jsonl \"" + f.date_key + "\": \"" + f.date + "\"";
  }
  return doc;
}

// The fields of a flat line, or nullopt for nlohmann to read it (and report what is wrong).
std::optional<LineFields> read_flat_line(std::string_view line) {
  thread_local FlatFields fields;
  if (!read_flat_object(line, fields)) return std::nullopt;
  const auto text = flat_field(fields, "text");
  if (!text || trim(*text).empty()) return std::nullopt;
  LineFields f;
  f.text = *text;
  for (auto [field, key] : {std::pair{&f.id, "id"}, {&f.title, "title"}, {&f.url, "url"}})
    if (const auto value = flat_field(fields, key)) *field = *value;
  std::string_view key = "date";
  auto date = flat_field(fields, key);
  if (!date) date = flat_field(fields, key = "dct");
  if (date && !trim(*date).empty()) {
    f.date_key = key;
    f.date = *date;
  }
  return f;
}

}  // namespace

LineReader::LineReader(Source source, std::size_t block_size, std::size_t max_line)
    : source_(std::move(source)),
      max_line_(max_line),
      block_(std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(block_size, 1))),
      block_size_(std::max<std::size_t>(block_size, 1)) {}

bool LineReader::fill() {
  if (at_end_) return false;
  // There is always room: next() consumes the whole block before reading more, and head() asks
  // for no more than a block holds.
  if (begin_ == end_) begin_ = end_ = 0;
  const std::size_t got = source_(block_.get() + end_, block_size_ - end_, error_);
  if (got == 0) {
    at_end_ = true;
    return false;
  }
  end_ += got;
  bytes_ += got;
  return true;
}

std::string_view LineReader::head(std::size_t size) {
  size = std::min(size, block_size_);
  // A pipe hands over what it has, which may be less than asked for: read until there is enough.
  while (end_ - begin_ < size && fill()) {
  }
  return std::string_view(block_.get() + begin_, std::min(size, end_ - begin_));
}

std::optional<LineReader::Line> LineReader::next() {
  // A huge line's buffer is not kept for the ordinary lines after it.
  if (line_.capacity() > 2 * block_size_) line_ = std::string();
  line_.clear();
  bool any = false;
  bool too_long = false;
  while (true) {
    if (begin_ < end_) {
      any = true;
      const std::string_view rest(block_.get() + begin_, end_ - begin_);
      const std::size_t newline = rest.find('\n');
      const std::string_view part = rest.substr(0, newline);
      begin_ += newline == std::string_view::npos ? rest.size() : newline + 1;
      if (!too_long && part.size() > max_line_ - line_.size()) {
        // Read on to the line's end without holding it, so that the lines after it still load.
        too_long = true;
        line_ = std::string();
      }
      if (newline != std::string_view::npos) {
        if (too_long) return Line{{}, true};
        if (line_.empty()) return Line{part, false};  // all in this block: no copy
        line_ += part;
        return Line{line_, false};
      }
      if (!too_long) line_ += part;
    }
    if (!fill()) break;
  }
  if (!any || !error_.empty()) return std::nullopt;
  if (too_long) return Line{{}, true};
  return Line{line_, false};
}

std::optional<Document> read_jsonl_line(std::string_view line, std::size_t number,
                                        const std::string& shown, const std::string& stem,
                                        std::vector<LoadProblem>& problems) {
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, number, std::nullopt, std::move(message)});
  };
  if (auto f = read_flat_line(line))
    return document_of(std::move(*f), number, shown, stem, problems);
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    problem("malformed JSON (" + json_message(e.what()) + "); line skipped");
    return std::nullopt;
  }
  if (!object.is_object()) {
    problem("not a JSON object; line skipped");
    return std::nullopt;
  }
  auto text = object.find("text");
  if (text == object.end() || !text->is_string()) {
    problem("no \"text\" string; line skipped");
    return std::nullopt;
  }
  LineFields f;
  f.text = std::move(text->get_ref<std::string&>());
  if (trim(f.text).empty()) {
    problem("empty text; line skipped");
    return std::nullopt;
  }
  // nlohmann checks UTF-8 already; this guards the invariant that Document::text is valid.
  if (auto bad = find_invalid_utf8(f.text)) {
    problem("invalid UTF-8 in \"text\" at byte " + std::to_string(*bad) + "; line skipped");
    return std::nullopt;
  }
  if (auto id = object.find("id"); id != object.end()) {
    if (id->is_string()) f.id = id->get<std::string>();
    if (id->is_number_integer()) f.id = id->dump();
  }
  f.title = string_field(object, "title");
  f.url = string_field(object, "url");
  auto date = object.find("date");
  if (date == object.end()) date = object.find("dct");  // the name TimeML uses
  const bool dated = date != object.end() && !date->is_null() &&
                     !(date->is_string() && trim(date->get_ref<const std::string&>()).empty());
  if (dated) {
    f.date_key = date.key();
    f.date_is_string = date->is_string();
    f.date = f.date_is_string ? date->get<std::string>() : date->dump();
  }
  return document_of(std::move(f), number, shown, stem, problems);
}

}  // namespace tempograph::detail
