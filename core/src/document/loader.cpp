// Loading documents: walking inputs, reading files, applying manifests and settling each
// document's creation time. Problems are collected per input; nothing here throws to the caller.
#include "document_internal.hpp"
#include "tempograph/text.hpp"

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <system_error>

namespace tempograph {

namespace fs = std::filesystem;

std::string LoadProblem::describe() const {
  std::string out = path;
  if (line) {
    out += ":" + std::to_string(*line);
  } else if (byte) {
    out += ": byte " + std::to_string(*byte);
  }
  if (!out.empty()) out += ": ";
  return out + message;
}

namespace detail {

std::optional<std::string> read_file(const fs::path& path, const std::string& shown,
                                     std::vector<LoadProblem>& problems) {
  // Offsets downstream are 32-bit.
  constexpr std::uintmax_t kMaxSize = 0xFFFFFFFFu;
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt, std::move(message)});
  };
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int error = errno;
    problem("cannot open: " +
            (error != 0 ? std::generic_category().message(error) : std::string("unknown error")) +
            "; skipped");
    return std::nullopt;
  }
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxSize) {
    problem("too large (" + std::to_string(size) + " bytes; the limit is 4 GiB); skipped");
    return std::nullopt;
  }
  // One allocation and one read for the common case; the loop below only runs for files whose
  // size was unknown or changed while reading.
  std::string content;
  if (!ec && size > 0) {
    content.resize(static_cast<std::size_t>(size));
    in.read(content.data(), static_cast<std::streamsize>(size));
    content.resize(static_cast<std::size_t>(in.gcount()));
  }
  if (!in.eof() && !in.bad()) {
    in.clear();
    std::string chunk(1 << 16, '\0');
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
      content.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
      if (content.size() > kMaxSize) {
        problem("too large (the limit is 4 GiB); skipped");
        return std::nullopt;
      }
    }
  }
  if (in.bad()) {
    const int error = errno;
    problem("read error" + (error != 0 ? ": " + std::generic_category().message(error) : "") +
            "; skipped");
    return std::nullopt;
  }
  return content;
}

}  // namespace detail

namespace {

using detail::ManifestEntry;

constexpr std::size_t kBinaryProbe = 8192;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

enum class Kind { text, jsonl, timeml };

std::string extension_of(const fs::path& path) {
  return detail::lowercase(path.extension().string());
}

Kind kind_of(const fs::path& path) {
  const std::string extension = extension_of(path);
  if (extension == ".jsonl") return Kind::jsonl;
  if (extension == ".tml") return Kind::timeml;
  return Kind::text;
}

bool is_document_name(const fs::path& path) {
  const std::string extension = extension_of(path);
  return extension == ".txt" || extension == ".tml" || extension == ".jsonl";
}

// How manifests and loaded files are matched: the same file however it was named.
std::string key_of(const fs::path& path) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(path, ec);
  if (ec) resolved = fs::absolute(path, ec).lexically_normal();
  return resolved.string();
}

std::string hex_byte(unsigned char byte) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0x0F];
}

std::string describe_type(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::block:
    case fs::file_type::character:
      return "a device";
    default:
      return "not a regular file";
  }
}

class Loader {
 public:
  explicit Loader(const LoadOptions& options) : options_(options) {}

  LoadResult run(const std::vector<std::string>& inputs) {
    std::vector<fs::path> listed;
    if (options_.manifest) {
      listed = add_manifest(*options_.manifest, options_.manifest->string(), explicit_entries_);
    }
    if (inputs.empty()) {
      // `--manifest m.tsv` alone loads the files the manifest lists.
      if (!options_.manifest) problem("", "no inputs given");
      for (const auto& file : listed) load_file(file, file.string());
    }
    for (const auto& input : inputs) {
      try {
        load_input(input);
      } catch (const std::exception& e) {
        problem(input, std::string("could not be loaded: ") + e.what());
      }
    }
    report_duplicate_ids();
    return std::move(result_);
  }

 private:
  void problem(std::string path, std::string message, std::optional<std::size_t> line = {},
               std::optional<std::size_t> byte = {}) {
    result_.problems.push_back(LoadProblem{std::move(path), line, byte, std::move(message)});
  }

  // Reads a manifest once and records its rows; returns the files it lists.
  std::vector<fs::path> add_manifest(const fs::path& path, const std::string& shown,
                                     std::map<std::string, ManifestEntry>& into) {
    std::vector<fs::path> files;
    if (!manifests_read_.insert(key_of(path)).second) return files;
    for (auto& entry : detail::read_manifest(path, shown, result_.problems)) {
      files.push_back(entry.file);
      into.emplace(key_of(entry.file), std::move(entry));
    }
    return files;
  }

  void load_input(const std::string& input) {
    if (input == "-") {
      load_stdin();
      return;
    }
    const fs::path path(input);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (fs::is_directory(status)) {
      load_directory(path, input);
    } else if (fs::is_regular_file(status) && detail::is_manifest_name(path)) {
      // A manifest named as an input stands for the files it lists.
      for (const auto& file : add_manifest(path, input, folder_entries_)) {
        load_file(file, file.string());
      }
    } else {
      load_file(path, input);
    }
  }

  void load_directory(const fs::path& root, const std::string& shown) {
    std::vector<fs::path> files;
    std::vector<fs::path> manifests;
    std::size_t skipped = 0;
    std::optional<fs::path> first_skipped;
    auto skip = [&](const fs::path& path) {
      ++skipped;
      if (!first_skipped || path < *first_skipped) first_skipped = path;
    };

    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
      const fs::path folder = std::move(pending.back());
      pending.pop_back();
      std::error_code ec;
      fs::directory_iterator it(folder, ec);
      if (ec) {
        problem(folder.string(), "cannot read folder: " + ec.message());
        continue;
      }
      for (; it != fs::directory_iterator(); it.increment(ec)) {
        const fs::path& path = it->path();
        const bool hidden = path.filename().string().starts_with('.');
        std::error_code type_ec;
        const fs::file_status own = it->symlink_status(type_ec);
        if (fs::is_directory(own)) {
          if (!hidden) pending.push_back(path);  // hidden folders (.git) are not content
          continue;
        }
        if (hidden) {
          skip(path);
        } else if (fs::is_symlink(own) && fs::is_directory(it->status(type_ec))) {
          skip(path);  // linked folders are not followed: they can loop
        } else if (detail::is_manifest_name(path)) {
          manifests.push_back(path);
        } else if (is_document_name(path)) {
          files.push_back(path);
        } else {
          skip(path);
        }
      }
      if (ec) problem(folder.string(), "cannot read folder: " + ec.message());
    }

    std::sort(manifests.begin(), manifests.end());
    std::sort(files.begin(), files.end());
    for (const auto& manifest : manifests)
      add_manifest(manifest, manifest.string(), folder_entries_);
    std::size_t loaded = 0;
    for (const auto& file : files) loaded += load_file(file, file.string());
    if (skipped > 0) {
      problem(shown, "skipped " + std::to_string(skipped) + (skipped == 1 ? " file" : " files") +
                         " that " + (skipped == 1 ? "is" : "are") +
                         " hidden or not .txt/.tml/.jsonl (e.g. '" + first_skipped->string() +
                         "')");
    }
    if (loaded == 0) problem(shown, "no readable documents in this folder");
  }

  // Loads one file; returns how many documents it gave (or 1 when it was already loaded).
  std::size_t load_file(const fs::path& path, const std::string& shown) {
    const std::string key = key_of(path);
    if (!files_read_.insert(key).second) return 1;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) {
      ++result_.inputs_seen;
      std::error_code link_ec;
      if (ec && ec != std::errc::no_such_file_or_directory) {
        problem(shown, "cannot access: " + ec.message() + "; skipped");  // e.g. a link loop
      } else if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
        problem(shown, "broken symbolic link; skipped");
      } else {
        problem(shown, "no such file or directory");
      }
      return 0;
    }
    if (!fs::is_regular_file(status)) {
      ++result_.inputs_seen;
      problem(shown, describe_type(status.type()) + ", not a file to read; skipped");
      return 0;
    }
    const Kind kind = kind_of(path);
    auto content = detail::read_file(path, shown, result_.problems);
    if (!content || !usable(*content, shown, kind)) {
      ++result_.inputs_seen;
      return 0;
    }
    if (kind == Kind::jsonl) {
      const std::size_t before = result_.documents.size();
      const std::string_view body =
          std::string_view(*content).substr(content->starts_with(kBom) ? kBom.size() : 0);
      result_.inputs_seen +=
          std::max<std::size_t>(1, detail::read_jsonl(body, shown, path.stem().string(),
                                                      result_.documents, result_.problems));
      for (std::size_t i = before; i < result_.documents.size(); ++i) {
        settle(result_.documents[i], key, true);
      }
      return result_.documents.size() - before;
    }
    ++result_.inputs_seen;
    if (content->starts_with(kBom)) content->erase(0, kBom.size());

    Document doc;
    if (kind == Kind::timeml) {
      auto parsed = detail::parse_timeml_detailed(*content, shown, result_.problems);
      if (auto* failure = std::get_if<LoadProblem>(&parsed)) {
        failure->message += "; skipped";
        result_.problems.push_back(std::move(*failure));
        return 0;
      }
      doc = std::move(std::get<TimeMLContent>(parsed).document);
      if (detail::trim(doc.text).empty()) {
        problem(shown, "empty TEXT element; skipped");
        return 0;
      }
    } else {
      doc.id = path.stem().string();
      doc.path = shown;
      doc.format = SourceFormat::text;
      doc.text = std::move(*content);
      detail::read_text_header(doc, result_.problems);
      if (detail::trim(doc.text).empty()) {
        problem(shown, "no text besides the date header; skipped");
        return 0;
      }
    }
    settle(doc, key, false);
    result_.documents.push_back(std::move(doc));
    return 1;
  }

  // Binary, invalid UTF-8 and empty files are reported and skipped. JSON Lines are checked line
  // by line instead, so that one bad line does not cost the others.
  bool usable(std::string_view content, const std::string& shown, Kind kind) {
    if (auto nul = content.substr(0, kBinaryProbe).find('\0'); nul != std::string_view::npos) {
      problem(shown, "binary file (NUL byte in the first 8 KiB); skipped", std::nullopt, nul);
      return false;
    }
    if (auto bad = kind == Kind::jsonl ? std::nullopt : find_invalid_utf8(content)) {
      problem(shown,
              "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(content[*bad])) +
                  "); skipped",
              std::nullopt, *bad);
      return false;
    }
    if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
    if (detail::trim(content).empty()) {
      problem(shown,
              content.empty() ? "empty file; skipped" : "empty file (only white space); skipped");
      return false;
    }
    return true;
  }

  void load_stdin() {
    if (stdin_read_) {
      ++result_.inputs_seen;
      problem("-", "standard input named more than once; read once");
      return;
    }
    stdin_read_ = true;
    std::string content;
    std::string chunk(1 << 16, '\0');
    while (std::cin.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) ||
           std::cin.gcount() > 0) {
      content.append(chunk.data(), static_cast<std::size_t>(std::cin.gcount()));
    }
    if (!usable(content, "-", Kind::jsonl)) {
      ++result_.inputs_seen;
      return;
    }
    const std::size_t before = result_.documents.size();
    const std::string_view body =
        std::string_view(content).substr(content.starts_with(kBom) ? kBom.size() : 0);
    result_.inputs_seen += std::max<std::size_t>(
        1, detail::read_jsonl(body, "-", "stdin", result_.documents, result_.problems));
    for (std::size_t i = before; i < result_.documents.size(); ++i) {
      settle(result_.documents[i], "", true);
    }
  }

  const ManifestEntry* manifest_entry(const std::string& key) const {
    if (key.empty()) return nullptr;
    if (auto it = explicit_entries_.find(key); it != explicit_entries_.end()) return &it->second;
    if (auto it = folder_entries_.find(key); it != folder_entries_.end()) return &it->second;
    return nullptr;
  }

  // Precedence: --dct, then the manifest, then what the document says (header, TimeML DCT,
  // JSON "date"), then inference from the text.
  void settle(Document& doc, const std::string& key, bool one_of_many) {
    if (const ManifestEntry* entry = manifest_entry(key)) {
      // A JSON Lines file holds many documents: its manifest row only dates the undated ones.
      if (!one_of_many) {
        if (!entry->title.empty()) doc.title = entry->title;
        if (!entry->url.empty()) doc.url = entry->url;
      }
      if (entry->dct && (!one_of_many || !doc.dct.known())) {
        const DocumentCreationTime said = doc.dct;
        doc.dct = *entry->dct;
        if (said.known() && said.iso() != doc.dct.iso()) {
          doc.dct.evidence += "; the " + std::string(to_string(said.source)) + " said " +
                              said.iso() + " (" + said.evidence + ")";
        }
      }
    }
    if (options_.dct_override && options_.dct_override->known()) {
      doc.dct = *options_.dct_override;
      doc.dct.source = DctSource::option;
      if (doc.dct.evidence.empty()) doc.dct.evidence = "--dct " + doc.dct.iso();
    }
    if (!doc.dct.known()) {
      doc.dct = detail::infer_dct(doc.text, options_.today).value_or(DocumentCreationTime{});
    }
  }

  void report_duplicate_ids() {
    std::map<std::string_view, std::string_view> first;
    for (const Document& doc : result_.documents) {
      auto [it, fresh] = first.emplace(doc.id, doc.path);
      if (!fresh) {
        problem(doc.path,
                "document id '" + doc.id + "' is also used by " + std::string(it->second));
      }
    }
  }

  const LoadOptions& options_;
  LoadResult result_;
  std::map<std::string, ManifestEntry> explicit_entries_;  // --manifest: wins over folder ones
  std::map<std::string, ManifestEntry> folder_entries_;
  std::set<std::string> manifests_read_;
  std::set<std::string> files_read_;
  bool stdin_read_ = false;
};

}  // namespace

LoadResult load_documents(const std::vector<std::string>& inputs, const LoadOptions& options) {
  // The promise is "never throw": anything unexpected (allocation failure on a huge input, a
  // filesystem race) becomes a problem instead.
  try {
    return Loader(options).run(inputs);
  } catch (const std::exception& e) {
    LoadResult result;
    result.problems.push_back(
        LoadProblem{"", std::nullopt, std::nullopt, std::string("loading stopped: ") + e.what()});
    return result;
  }
}

}  // namespace tempograph
