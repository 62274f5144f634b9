// Manifests: a table (TSV, CSV or JSON) giving a date, and optionally a title and url, for the
// files beside it. Extra columns such as how_known are kept as the DCT's evidence.
#include "document_internal.hpp"
#include "tempograph/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <system_error>

namespace tempograph::detail {
namespace {

namespace fs = std::filesystem;

struct Row {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

struct Field {
  std::string name;
  std::string value;
};

// A row once its columns are known.
struct Record {
  std::size_t line = 0;
  std::string file;
  std::string date;
  std::string title;
  std::string url;
  std::vector<Field> notes;  // how_known and the like
};

constexpr std::array<std::string_view, 4> kFileColumns{"file", "path", "filename", "document"};
constexpr std::array<std::string_view, 3> kDateColumns{"date", "dct", "published"};
constexpr std::array<std::string_view, 2> kTitleColumns{"title", "headline"};
constexpr std::array<std::string_view, 2> kUrlColumns{"url", "link"};
constexpr std::array<std::string_view, 5> kNoteColumns{"how_known", "evidence", "note", "notes",
                                                       "source"};

template <std::size_t N>
bool among(const std::array<std::string_view, N>& names, std::string_view name) {
  for (std::string_view candidate : names) {
    if (candidate == name) return true;
  }
  return false;
}

bool blank_or_comment(const std::vector<std::string>& fields) {
  if (fields.empty() || (!fields[0].empty() && fields[0][0] == '#')) return true;
  for (const auto& field : fields) {
    if (!field.empty()) return false;
  }
  return true;
}

std::vector<Row> split_tsv(std::string_view content) {
  std::vector<Row> rows;
  std::size_t pos = 0;
  std::size_t number = 0;
  while (pos < content.size()) {
    ++number;
    std::size_t newline = content.find('\n', pos);
    if (newline == std::string_view::npos) newline = content.size();
    const std::string_view line = content.substr(pos, newline - pos);
    pos = newline + 1;
    Row row{number, {}};
    std::size_t start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', start);
      row.fields.emplace_back(trim(line.substr(start, tab - start)));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (!blank_or_comment(row.fields)) rows.push_back(std::move(row));
  }
  return rows;
}

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<Row> split_csv(std::string_view content, std::optional<std::size_t>& unterminated) {
  std::vector<Row> rows;
  std::size_t line = 1;
  Row row{1, {}};
  std::string field;
  bool quoted = false;
  bool in_quotes = false;
  std::size_t quote_line = 0;
  auto end_field = [&] {
    row.fields.push_back(quoted ? field : std::string(trim(field)));
    field.clear();
    quoted = false;
  };
  auto end_row = [&] {
    end_field();
    if (!blank_or_comment(row.fields)) rows.push_back(std::move(row));
    row = Row{line, {}};
  };
  for (std::size_t i = 0; i < content.size(); ++i) {
    const char c = content[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < content.size() && content[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && trim(field).empty()) {
      field.clear();
      in_quotes = quoted = true;
      quote_line = line;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      ++line;
      end_row();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (in_quotes) unterminated = quote_line;
  end_row();
  return rows;
}

std::vector<Record> records_from_table(const std::vector<Row>& rows, const std::string& shown,
                                       std::vector<LoadProblem>& problems) {
  std::vector<Record> records;
  if (rows.empty()) {
    problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt, "empty manifest"});
    return records;
  }
  const Row& header = rows.front();
  std::vector<std::string> names;
  for (const auto& field : header.fields) names.push_back(lowercase(field));
  bool has_file = false;
  for (const auto& name : names) has_file = has_file || among(kFileColumns, name);
  if (!has_file) {
    problems.push_back(LoadProblem{shown, header.line, std::nullopt,
                                   "the manifest's first row names no 'file' column; "
                                   "manifest ignored"});
    return records;
  }
  for (std::size_t r = 1; r < rows.size(); ++r) {
    Record record;
    record.line = rows[r].line;
    for (std::size_t c = 0; c < rows[r].fields.size() && c < names.size(); ++c) {
      const std::string& value = rows[r].fields[c];
      const std::string& name = names[c];
      if (among(kFileColumns, name) && record.file.empty()) {
        record.file = value;
      } else if (among(kDateColumns, name) && record.date.empty()) {
        record.date = value;
      } else if (among(kTitleColumns, name)) {
        record.title = value;
      } else if (among(kUrlColumns, name)) {
        record.url = value;
      } else if (among(kNoteColumns, name) && !value.empty()) {
        record.notes.push_back(Field{header.fields[c], value});
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<Record> records_from_json(std::string_view content, const std::string& shown,
                                      std::vector<LoadProblem>& problems) {
  std::vector<Record> records;
  nlohmann::json root;
  try {
    root = nlohmann::json::parse(content);
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t byte = std::min<std::size_t>(e.byte, content.size());
    const auto line =
        1 + static_cast<std::size_t>(std::count(
                content.begin(), content.begin() + static_cast<std::ptrdiff_t>(byte), '\n'));
    problems.push_back(
        LoadProblem{shown, line, std::nullopt, "malformed JSON manifest; manifest ignored"});
    return records;
  }
  const nlohmann::json* list = &root;
  if (root.is_object()) {
    for (const char* key : {"documents", "files"}) {
      if (root.contains(key)) list = &root[key];
    }
  }
  if (!list->is_array()) {
    problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt,
                                   "a JSON manifest must be an array of objects (or "
                                   "{\"documents\": [...]}); manifest ignored"});
    return records;
  }
  // JSON values carry no positions, so each entry's line is found by looking for its file name
  // after the previous one.
  std::size_t cursor = 0;
  std::size_t index = 0;
  for (const auto& entry : *list) {
    ++index;
    Record record;
    if (!entry.is_object()) {
      problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt,
                                     "entry " + std::to_string(index) + " is not an object"});
      continue;
    }
    for (const auto& [key, value] : entry.items()) {
      if (!value.is_string()) continue;
      const std::string name = lowercase(key);
      const std::string& text = value.get_ref<const std::string&>();
      if (among(kFileColumns, name) && record.file.empty()) {
        record.file = text;
        const std::string needle = value.dump();
        if (auto at = content.find(needle, cursor); at != std::string_view::npos) {
          record.line =
              1 + static_cast<std::size_t>(std::count(
                      content.begin(), content.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
          cursor = at + needle.size();
        }
      } else if (among(kDateColumns, name) && record.date.empty()) {
        record.date = text;
      } else if (among(kTitleColumns, name)) {
        record.title = text;
      } else if (among(kUrlColumns, name)) {
        record.url = text;
      } else if (among(kNoteColumns, name) && !text.empty()) {
        record.notes.push_back(Field{key, text});
      }
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace

bool is_manifest_name(const fs::path& path) {
  const std::string name = lowercase(path.filename().string());
  return name == "manifest.tsv" || name == "manifest.csv" || name == "manifest.json";
}

std::vector<ManifestEntry> read_manifest(const fs::path& path, const std::string& shown,
                                         std::vector<LoadProblem>& problems) {
  std::vector<ManifestEntry> entries;
  auto content = read_file(path, shown, problems);
  if (!content) return entries;
  std::string_view text = *content;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (auto bad = find_invalid_utf8(text)) {
    problems.push_back(LoadProblem{shown, std::nullopt, *bad + (content->size() - text.size()),
                                   "invalid UTF-8; manifest ignored"});
    return entries;
  }

  std::string extension = lowercase(path.extension().string());
  if (extension != ".json" && extension != ".tsv" && extension != ".csv") {
    const std::string_view start = trim(text);
    const std::string_view first_line = text.substr(0, text.find('\n'));
    extension = (!start.empty() && (start[0] == '[' || start[0] == '{')) ? ".json"
                : first_line.find('\t') != std::string_view::npos        ? ".tsv"
                                                                         : ".csv";
  }
  std::vector<Record> records;
  if (extension == ".json") {
    records = records_from_json(text, shown, problems);
  } else if (extension == ".tsv") {
    records = records_from_table(split_tsv(text), shown, problems);
  } else {
    std::optional<std::size_t> unterminated;
    records = records_from_table(split_csv(text, unterminated), shown, problems);
    if (unterminated) {
      problems.push_back(
          LoadProblem{shown, *unterminated, std::nullopt, "quoted field is never closed"});
    }
  }

  const fs::path folder = path.parent_path();
  std::map<std::string, std::size_t> seen;  // file -> line of its first row
  for (Record& record : records) {
    const std::optional<std::size_t> line =
        record.line ? std::optional<std::size_t>(record.line) : std::nullopt;
    auto problem = [&](std::string message) {
      problems.push_back(LoadProblem{shown, line, std::nullopt, std::move(message)});
    };
    if (record.file.empty()) {
      problem("row names no file; ignored");
      continue;
    }
    ManifestEntry entry;
    entry.file = (folder / record.file).lexically_normal();
    entry.line = record.line;
    std::error_code ec;
    if (!fs::exists(entry.file, ec)) {
      problem("'" + record.file + "' does not exist");
      continue;
    }
    if (auto [it, fresh] = seen.emplace(entry.file.string(), record.line); !fresh) {
      problem("'" + record.file + "' is listed again (first on line " + std::to_string(it->second) +
              "); ignored");
      continue;
    }
    entry.title = std::move(record.title);
    entry.url = std::move(record.url);
    if (!trim(record.date).empty()) {
      auto date = match_whole_date(record.date);
      if (!date) {
        problem("cannot read date '" + record.date + "' for '" + record.file + "'; ignored");
      } else if (date->impossible) {
        problem("impossible date '" + record.date + "' for '" + record.file + "'; ignored");
      } else {
        DocumentCreationTime dct;
        dct.day = date->day;
        dct.minute_of_day = date->minute_of_day;
        dct.source = DctSource::manifest;
        dct.evidence = "manifest " + shown + (line ? ":" + std::to_string(*line) : std::string());
        for (const auto& note : record.notes) dct.evidence += "; " + note.name + ": " + note.value;
        entry.dct = dct;
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace tempograph::detail
