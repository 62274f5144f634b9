// Loading documents: walking inputs, reading files, applying manifests and settling each
// document's creation time. Problems are collected per input; nothing here throws to the caller.
#include "../text/file_descriptor.hpp"
#include "document_internal.hpp"
#include "file_prefetch.hpp"
#include "tempograph/text.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <utility>

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

namespace {

fs::file_type type_of(mode_t mode) {
  if (S_ISREG(mode)) return fs::file_type::regular;
  if (S_ISDIR(mode)) return fs::file_type::directory;
  if (S_ISFIFO(mode)) return fs::file_type::fifo;
  if (S_ISSOCK(mode)) return fs::file_type::socket;
  if (S_ISBLK(mode)) return fs::file_type::block;
  if (S_ISCHR(mode)) return fs::file_type::character;
  return fs::file_type::unknown;
}

struct OpenFile {
  FileDescriptor fd;
  struct stat info {};
};

std::string error_text(int error) {
  return error != 0 ? std::generic_category().message(error) : std::string("unknown error");
}

// Opens a file to read as a document. On failure records a problem against `shown` and returns
// nullopt; with regular_only, also when it is not a regular file (see read_file).
std::optional<OpenFile> open_file(const fs::path& path, const std::string& shown,
                                  std::vector<LoadProblem>& problems, bool regular_only,
                                  FolderCache* folders = nullptr) {
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt, std::move(message)});
  };
  // With regular_only the open does not block, so that a FIFO put in place of a file cannot hang
  // it (O_NONBLOCK changes nothing for regular files). Otherwise a FIFO is waited for, as any
  // reader would.
  const int flags = O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0);
  OpenFile file{FileDescriptor(folders ? folders->open(path, flags) : ::open(path.c_str(), flags))};
  if (file.fd.get() < 0 || ::fstat(file.fd.get(), &file.info) != 0) {
    const int error = errno;
    problem("cannot open: " + error_text(error) + "; skipped");
    return std::nullopt;
  }
  if (!S_ISREG(file.info.st_mode) && regular_only) {
    problem(describe_type(type_of(file.info.st_mode)) + ", not a file to read; skipped");
    return std::nullopt;
  }
  return file;
}

// Reads what is there, up to `size` bytes, for a LineReader: 0 at the end or on an error.
std::size_t read_some(int fd, char* into, std::size_t size, std::string& error) {
  while (true) {
    const ::ssize_t got = ::read(fd, into, size);
    if (got >= 0) return static_cast<std::size_t>(got);
    const int failure = errno;
    if (failure != EINTR) {
      error = error_text(failure);
      return 0;
    }
  }
}

}  // namespace

FolderCache::~FolderCache() {
  if (folder_fd_ >= 0) ::close(folder_fd_);
}

int FolderCache::open(const fs::path& path, int flags) {
  const std::string& whole = path.native();
  const std::size_t slash = whole.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == whole.size()) {
    return ::open(whole.c_str(), flags);
  }
  const std::string_view folder(whole.data(), slash);
  if (folder != folder_) {
    if (folder_fd_ >= 0) ::close(folder_fd_);
    folder_.assign(folder);
#ifdef O_PATH
    folder_fd_ = ::open(folder_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
#else
    folder_fd_ = ::open(folder_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
#endif
  }
  // A folder that cannot be opened is left to the whole path, and to its error message.
  if (folder_fd_ < 0) return ::open(whole.c_str(), flags);
  return ::openat(folder_fd_, whole.c_str() + slash + 1, flags);
}

std::optional<std::string_view> read_file_into(const fs::path& path, const std::string& shown,
                                               std::vector<LoadProblem>& problems,
                                               bool regular_only, std::string& buffer,
                                               FolderCache* folders, std::size_t nul_probe) {
  // Offsets downstream are 32-bit.
  constexpr std::size_t kMaxSize = 0xFFFFFFFFu;
  auto problem = [&](std::string message) {
    problems.push_back(LoadProblem{shown, std::nullopt, std::nullopt, std::move(message)});
  };
  const auto file = open_file(path, shown, problems, regular_only, folders);
  if (!file) return std::nullopt;
  const FileDescriptor& fd = file->fd;
  const struct stat& info = file->info;
  const bool regular = S_ISREG(info.st_mode);
  const auto expected = static_cast<std::uintmax_t>(regular && info.st_size > 0 ? info.st_size : 0);
  if (expected > kMaxSize) {
    problem("too large (" + std::to_string(expected) + " bytes; the limit is 4 GiB); skipped");
    return std::nullopt;
  }
  if (regular && nul_probe > 0 && expected > nul_probe) {
    // The head first, before the buffer for the whole file is allocated (and zero-filled).
    if (buffer.size() < nul_probe) buffer.resize(nul_probe);
    ::ssize_t got = -1;
    do {
      got = ::pread(fd.get(), buffer.data(), nul_probe, 0);
    } while (got < 0 && errno == EINTR);
    const std::string_view head(buffer.data(), got > 0 ? static_cast<std::size_t>(got) : 0);
    if (head.find('\0') != std::string_view::npos) return head;
  }

  // For a regular file whose size holds, one read: the buffer has a byte to spare, so a read
  // that comes back short of it at the expected size is the end of the file. Files that grow, or
  // report no size (pipes, /proc), are read on until read() returns 0.
  if (buffer.size() < expected + 1) buffer.resize(static_cast<std::size_t>(expected) + 1);
  std::size_t filled = 0;
  while (true) {
    if (filled == buffer.size()) {
      if (filled > kMaxSize) {
        problem("too large (the limit is 4 GiB); skipped");
        return std::nullopt;
      }
      buffer.resize(std::max<std::size_t>(buffer.size() * 2, 1 << 16));
    }
    const ::ssize_t got = ::read(fd.get(), buffer.data() + filled, buffer.size() - filled);
    if (got < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      problem("read error: " + error_text(error) + "; skipped");
      return std::nullopt;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
    if (regular && filled == expected && expected > 0) break;
  }
  return std::string_view(buffer.data(), filled);
}

std::optional<std::string> read_file(const fs::path& path, const std::string& shown,
                                     std::vector<LoadProblem>& problems, bool regular_only,
                                     std::size_t nul_probe) {
  std::string content;
  const auto read =
      read_file_into(path, shown, problems, regular_only, content, nullptr, nul_probe);
  if (!read) return std::nullopt;
  content.resize(read->size());
  return content;
}

}  // namespace detail

namespace {

using detail::describe_type;
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

// A path with "." / ".." and symbolic links resolved, as far as it exists.
std::string resolved(const fs::path& path) {
  std::error_code ec;
  fs::path result = fs::weakly_canonical(path, ec);
  if (ec) result = fs::absolute(path, ec).lexically_normal();
  return result.string();
}

// How manifests and loaded files are matched: the same file however it was named ("a.tml",
// "./sub/../a.tml", a symbolic link to it). Resolving a path costs a system call or two per
// component, so each folder is resolved once and the file name appended to it; only a file that
// is itself a symbolic link is resolved whole. This gives what resolving every path whole would.
class FileKeys {
 public:
  // `own` is the file's status without following a final symbolic link.
  std::string of(const fs::path& path, const fs::file_status& own) {
    const std::string_view whole = path.native();
    const std::size_t slash = whole.rfind('/');
    const std::string_view name = slash == std::string_view::npos ? whole : whole.substr(slash + 1);
    if (fs::is_symlink(own) || name.empty() || name == "." || name == "..") return resolved(path);
    const std::string_view folder = slash == std::string_view::npos ? std::string_view(".")
                                    : slash == 0                    ? whole.substr(0, 1)
                                                                    : whole.substr(0, slash);
    auto it = folders_.find(folder);
    if (it == folders_.end()) it = folders_.emplace(folder, resolved(fs::path(folder))).first;
    std::string key;
    key.reserve(it->second.size() + 1 + name.size());
    key += it->second;
    if (!key.ends_with('/')) key += '/';
    key += name;
    return key;
  }

  std::string of(const fs::path& path) {
    std::error_code ec;
    return of(path, fs::symlink_status(path, ec));
  }

 private:
  std::map<std::string, std::string, std::less<>> folders_;  // folder as named -> resolved
};

// A folder entry's status without following a final symbolic link. libstdc++'s
// directory_entry::symlink_status() always asks the file system; is_symlink(), is_directory()
// and is_regular_file() use the type the folder listing gave, so the common cases cost nothing.
fs::file_status own_status(const fs::directory_entry& entry, std::error_code& ec) {
  if (entry.is_symlink(ec)) return fs::file_status(fs::file_type::symlink);
  if (!ec && entry.is_directory(ec)) return fs::file_status(fs::file_type::directory);
  if (!ec && entry.is_regular_file(ec)) return fs::file_status(fs::file_type::regular);
  return entry.symlink_status(ec);
}

std::string hex_byte(unsigned char byte) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 0x0F];
}

// Carries an exception thrown by a caller's callback past the loader's own handlers, which turn
// std::exception into problems, so that it reaches the caller unchanged.
struct CallbackFailure {
  std::exception_ptr error;
};

class Loader {
 public:
  // Without report_duplicates the caller checks ids itself (load_documents does, at the end).
  Loader(const LoadOptions& options, const std::function<void(Document&&)>& on_document,
         const std::function<void(LoadProblem&&)>& on_problem, bool report_duplicates)
      : options_(options),
        on_document_(on_document),
        on_problem_(on_problem),
        report_duplicates_(report_duplicates) {}

  std::size_t inputs_seen() const { return inputs_seen_; }

  // Problems recorded so far that the caller has not been given yet.
  void flush_problems() {
    for (auto& pending : problems_) {
      try {
        on_problem_(std::move(pending));
      } catch (...) {
        problems_.clear();
        throw CallbackFailure{std::current_exception()};
      }
    }
    problems_.clear();
  }

  void run(const std::vector<std::string>& inputs) {
    std::vector<fs::path> listed;
    if (options_.manifest) {
      listed = add_manifest(*options_.manifest, options_.manifest->string(), explicit_entries_);
    }
    if (inputs.empty()) {
      // `--manifest m.tsv` alone loads the files the manifest lists.
      if (!options_.manifest) problem("", "no inputs given");
      for (const auto& file : listed) {
        load_file(file, file.string());
        flush_problems();
      }
    }
    for (const auto& input : inputs) {
      try {
        load_input(input);
      } catch (const std::exception& e) {
        problem(input, std::string("could not be loaded: ") + e.what());
      }
      flush_problems();
    }
    flush_problems();
  }

 private:
  // Problems go through problems_, which the detail readers also fill, and are handed on in the
  // order they were found: before the next document, and after each input.
  void problem(std::string path, std::string message, std::optional<std::size_t> line = {},
               std::optional<std::size_t> byte = {}) {
    problems_.push_back(LoadProblem{std::move(path), line, byte, std::move(message)});
  }

  void emit(Document&& doc) {
    if (report_duplicates_) {
      // Paths are stored once per file, not per document: a JSON Lines file can hold millions.
      if (paths_.empty() || paths_.back() != doc.path) paths_.push_back(doc.path);
      auto [it, fresh] = first_path_.try_emplace(doc.id, paths_.size() - 1);
      if (!fresh) {
        problem(doc.path, "document id '" + doc.id + "' is also used by " + paths_[it->second]);
      }
    }
    flush_problems();
    try {
      on_document_(std::move(doc));
    } catch (...) {
      throw CallbackFailure{std::current_exception()};
    }
  }

  // Reads a manifest once and records its rows; returns the files it lists.
  std::vector<fs::path> add_manifest(const fs::path& path, const std::string& shown,
                                     std::map<std::string, ManifestEntry>& into) {
    std::vector<fs::path> files;
    if (!manifests_read_.insert(keys_.of(path)).second) return files;
    for (auto& entry : detail::read_manifest(path, shown, problems_)) {
      files.push_back(entry.file);
      into.emplace(keys_.of(entry.file), std::move(entry));
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
    const fs::file_status own = fs::symlink_status(path, ec);
    const fs::file_status status = fs::is_symlink(own) ? fs::status(path, ec) : own;
    if (fs::is_directory(status)) {
      load_directory(path, input);
    } else if (fs::is_regular_file(status) && detail::is_manifest_name(path)) {
      // A manifest named as an input stands for the files it lists.
      for (const auto& file : add_manifest(path, input, folder_entries_)) {
        load_file(file, file.string());
        flush_problems();
      }
    } else {
      load_file(path, input, own);
    }
  }

  void load_directory(const fs::path& root, const std::string& shown) {
    // Held as strings: a std::filesystem::path keeps each of its components as a path of its own,
    // several allocations per file of a large folder.
    struct Found {
      std::string path;
      fs::file_status own;  // from the folder listing: costs no system call
      std::string order;    // sorts as the path would, see order_key
    };
    // Every path found starts with the root's; after it come names joined by single '/'. With
    // the separators made '\0', lower than any byte a name can hold, comparing the rest as a
    // string orders the paths as std::filesystem::path does component by component, without
    // splitting them into components on every comparison.
    const std::size_t root_size = root.native().size();
    auto order_key = [root_size](const std::string& path) {
      std::string key = path.substr(root_size);
      std::replace(key.begin(), key.end(), '/', '\0');
      return key;
    };
    std::vector<Found> files;
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
        const fs::file_status own = own_status(*it, type_ec);
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
          files.push_back(Found{path.native(), own, order_key(path.native())});
        } else {
          skip(path);
        }
      }
      if (ec) problem(folder.string(), "cannot read folder: " + ec.message());
    }

    std::sort(manifests.begin(), manifests.end());
    std::sort(files.begin(), files.end(),
              [](const Found& a, const Found& b) { return a.order < b.order; });
    for (const auto& manifest : manifests)
      add_manifest(manifest, manifest.string(), folder_entries_);
    // Regular .txt and .tml files are read ahead a batch at a time; JSON Lines are streamed.
    std::vector<const char*> read_ahead;
    read_ahead.reserve(files.size());
    for (const auto& file : files) {
      const bool wanted = fs::is_regular_file(file.own) && kind_of(file.path) != Kind::jsonl;
      read_ahead.push_back(wanted ? file.path.c_str() : nullptr);
    }
    detail::FilePrefetcher prefetched(std::move(read_ahead));
    std::size_t loaded = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
      loaded +=
          load_file(fs::path(files[i].path), files[i].path, files[i].own, prefetched.content(i));
      flush_problems();
    }
    if (skipped > 0) {
      problem(shown, "skipped " + std::to_string(skipped) + (skipped == 1 ? " file" : " files") +
                         " that " + (skipped == 1 ? "is" : "are") +
                         " hidden or not .txt/.tml/.jsonl (e.g. '" + first_skipped->string() +
                         "')");
    }
    if (loaded == 0) problem(shown, "no readable documents in this folder");
  }

  // Loads one file; returns how many documents it gave (or 1 when it was already loaded). `own`
  // is its status without following a final symbolic link, when already known.
  // `prefetched`: its content, when already read (FilePrefetcher).
  std::size_t load_file(const fs::path& path, const std::string& shown,
                        std::optional<fs::file_status> own = std::nullopt,
                        std::optional<std::string_view> prefetched = std::nullopt) {
    std::error_code ec;
    if (!own || !fs::exists(*own)) own = fs::symlink_status(path, ec);  // ec says why not
    const std::string key = keys_.of(path, *own);
    if (!files_read_.insert(key).second) return 1;
    const fs::file_status status = fs::is_symlink(*own) ? fs::status(path, ec) : *own;
    if (!fs::exists(status)) {
      ++inputs_seen_;
      if (ec && ec != std::errc::no_such_file_or_directory) {
        problem(shown, "cannot access: " + ec.message() + "; skipped");  // e.g. a link loop
      } else if (fs::is_symlink(*own)) {
        problem(shown, "broken symbolic link; skipped");
      } else {
        problem(shown, "no such file or directory");
      }
      return 0;
    }
    if (!fs::is_regular_file(status)) {
      ++inputs_seen_;
      problem(shown, describe_type(status.type()) + ", not a file to read; skipped");
      return 0;
    }
    const Kind kind = kind_of(path);
    if (kind == Kind::jsonl) {
      auto file = detail::open_file(path, shown, problems_, true);
      if (!file) {
        ++inputs_seen_;
        return 0;
      }
      detail::LineReader reader(
          [fd = file->fd.get()](char* into, std::size_t size, std::string& error) {
            return detail::read_some(fd, into, size, error);
          });
      return load_jsonl(reader, shown, path.stem().string(), key);
    }
    if (kind == Kind::timeml) return load_timeml(path, shown, key, prefetched);
    auto content = prefetched ? std::optional<std::string>(*prefetched)
                              : detail::read_file(path, shown, problems_, true, kBinaryProbe);
    if (!content || !usable(*content, shown)) {
      ++inputs_seen_;
      return 0;
    }
    ++inputs_seen_;
    if (content->starts_with(kBom)) content->erase(0, kBom.size());

    Document doc;
    doc.id = path.stem().string();
    doc.path = shown;
    doc.format = SourceFormat::text;
    doc.text = std::move(*content);
    detail::read_text_header(doc, problems_);
    if (detail::trim(doc.text).empty()) {
      problem(shown, "no text besides the date header; skipped");
      return 0;
    }
    settle(doc, key, false);
    emit(std::move(doc));
    return 1;
  }

  // A TimeML file: read into a buffer reused from file to file, since only the TEXT is kept.
  std::size_t load_timeml(const fs::path& path, const std::string& shown, const std::string& key,
                          std::optional<std::string_view> prefetched) {
    // One exceptionally large file is not a reason to hold its size for the rest of the run.
    constexpr std::size_t kKeptBuffer = std::size_t{64} << 20;
    if (read_buffer_.size() > kKeptBuffer) std::string().swap(read_buffer_);
    auto content =
        prefetched ? prefetched
                   : detail::read_file_into(path, shown, problems_, true, read_buffer_, &folders_);
    if (!content || !usable(*content, shown)) {
      ++inputs_seen_;
      return 0;
    }
    ++inputs_seen_;
    if (content->starts_with(kBom)) content->remove_prefix(kBom.size());

    auto parsed = detail::parse_timeml_detailed(*content, shown, problems_, false);
    if (auto* failure = std::get_if<LoadProblem>(&parsed)) {
      failure->message += "; skipped";
      problems_.push_back(std::move(*failure));
      return 0;
    }
    Document doc = std::move(std::get<TimeMLContent>(parsed).document);
    if (detail::trim(doc.text).empty()) {
      problem(shown, "empty TEXT element; skipped");
      return 0;
    }
    settle(doc, key, false);
    emit(std::move(doc));
    return 1;
  }

  bool binary(std::string_view head, const std::string& shown) {
    if (auto nul = head.substr(0, kBinaryProbe).find('\0'); nul != std::string_view::npos) {
      problem(shown, "binary file (NUL byte in the first 8 KiB); skipped", std::nullopt, nul);
      return true;
    }
    return false;
  }

  void empty_file(std::string_view content, const std::string& shown) {
    problem(shown,
            content.empty() ? "empty file; skipped" : "empty file (only white space); skipped");
  }

  // Binary, invalid UTF-8 and empty files are reported and skipped. (JSON Lines are checked line
  // by line instead, so that one bad line does not cost the others.)
  bool usable(std::string_view content, const std::string& shown) {
    if (binary(content, shown)) return false;
    if (auto bad = find_invalid_utf8(content)) {
      problem(shown,
              "invalid UTF-8 (byte " + hex_byte(static_cast<unsigned char>(content[*bad])) +
                  "); skipped",
              std::nullopt, *bad);
      return false;
    }
    if (content.starts_with(kBom)) content.remove_prefix(kBom.size());
    if (detail::trim(content).empty()) {
      empty_file(content, shown);
      return false;
    }
    return true;
  }

  // JSON Lines, from a file or stdin, a line at a time: each document is handed on as soon as its
  // line is read. A file whose first line holds a NUL byte is binary and skipped whole; a NUL
  // byte further on costs only its line (a scraper's one bad record). Empty needs only a count of
  // what was read. Returns how many documents it gave.
  std::size_t load_jsonl(detail::LineReader& reader, const std::string& shown,
                         const std::string& stem, const std::string& key) {
    const std::string_view head = reader.head(kBinaryProbe);
    if (binary(head.substr(0, head.find('\n')), shown)) {
      ++inputs_seen_;
      return 0;
    }
    const bool bom = head.starts_with(kBom);
    std::size_t number = 0;
    std::size_t seen = 0;
    std::size_t loaded = 0;
    while (auto line = reader.next()) {
      ++number;
      if (line->too_long) {
        ++seen;
        problem(shown, "line longer than 4 GiB; line skipped", number);
      } else {
        std::string_view text = line->text;
        if (number == 1 && bom) text.remove_prefix(kBom.size());
        if (detail::trim(text).empty()) continue;
        ++seen;
        if (auto nul = text.find('\0'); nul != std::string_view::npos) {
          problem(shown, "NUL byte at column " + std::to_string(nul + 1) + "; line skipped",
                  number);
        } else if (auto doc = detail::read_jsonl_line(text, number, shown, stem, problems_)) {
          settle(*doc, key, true);
          emit(std::move(*doc));
          ++loaded;
        }
      }
      flush_problems();  // a bad line's problem is not kept waiting for the next good line
    }
    if (!reader.error().empty()) {
      problem(shown, "read error: " + reader.error() + "; skipped from this line on", number + 1);
    } else if (seen == 0) {
      // Every line was blank, so the whole file is: nothing but white space, or nothing at all.
      const bool nothing = reader.bytes() == (bom ? kBom.size() : 0);
      empty_file(nothing ? "" : " ", shown);
    }
    inputs_seen_ += std::max<std::size_t>(1, seen);
    return loaded;
  }

  void load_stdin() {
    if (stdin_read_) {
      ++inputs_seen_;
      problem("-", "standard input named more than once; read once");
      return;
    }
    stdin_read_ = true;
    // Through std::cin rather than file descriptor 0, so that a replaced rdbuf is read.
    detail::LineReader reader([](char* into, std::size_t size, std::string& error) {
      std::cin.read(into, static_cast<std::streamsize>(size));
      if (std::cin.bad()) {
        error = "cannot read standard input";
        return std::size_t{0};
      }
      return static_cast<std::size_t>(std::cin.gcount());
    });
    load_jsonl(reader, "-", "stdin", "");
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

  const LoadOptions& options_;
  const std::function<void(Document&&)>& on_document_;
  const std::function<void(LoadProblem&&)>& on_problem_;
  const bool report_duplicates_;
  std::vector<LoadProblem> problems_;  // found, not yet handed on
  std::size_t inputs_seen_ = 0;
  std::vector<std::string> paths_;                           // for report_duplicates_
  std::unordered_map<std::string, std::size_t> first_path_;  // id -> index into paths_
  std::map<std::string, ManifestEntry> explicit_entries_;    // --manifest: wins over folder ones
  std::map<std::string, ManifestEntry> folder_entries_;
  FileKeys keys_;
  std::set<std::string> manifests_read_;
  std::unordered_set<std::string> files_read_;  // only asked whether a key is new
  bool stdin_read_ = false;
  std::string read_buffer_;      // for load_timeml
  detail::FolderCache folders_;  // for load_timeml
};

// stream_documents, optionally leaving duplicate ids to the caller.
std::size_t stream(const std::vector<std::string>& inputs, const LoadOptions& options,
                   const std::function<void(Document&&)>& on_document,
                   const std::function<void(LoadProblem&&)>& on_problem, bool report_duplicates) {
  Loader loader(options, on_document, on_problem, report_duplicates);
  try {
    loader.run(inputs);
  } catch (const CallbackFailure& failure) {
    std::rethrow_exception(failure.error);
  } catch (const std::exception& e) {
    // The promise is "never throw": anything unexpected (allocation failure on a huge input, a
    // filesystem race) becomes a problem instead.
    try {
      loader.flush_problems();
      on_problem(
          LoadProblem{"", std::nullopt, std::nullopt, std::string("loading stopped: ") + e.what()});
    } catch (const CallbackFailure& failure) {
      std::rethrow_exception(failure.error);
    }
  }
  return loader.inputs_seen();
}

}  // namespace

std::size_t stream_documents(const std::vector<std::string>& inputs, const LoadOptions& options,
                             const std::function<void(Document&&)>& on_document,
                             const std::function<void(LoadProblem&&)>& on_problem) {
  return stream(inputs, options, on_document, on_problem, true);
}

LoadResult load_documents(const std::vector<std::string>& inputs, const LoadOptions& options) {
  LoadResult result;
  try {
    result.inputs_seen = stream(
        inputs, options, [&](Document&& doc) { result.documents.push_back(std::move(doc)); },
        [&](LoadProblem&& problem) { result.problems.push_back(std::move(problem)); }, false);
  } catch (const std::exception& e) {
    // Only the two callbacks above can throw out of stream (bad_alloc): stop as stream would.
    result.problems.push_back(
        LoadProblem{"", std::nullopt, std::nullopt, std::string("loading stopped: ") + e.what()});
    return result;
  }
  // Reported once all are loaded, after every other problem, as they always were.
  std::unordered_map<std::string_view, std::string_view> first;
  first.reserve(result.documents.size());
  for (const Document& doc : result.documents) {
    auto [it, fresh] = first.emplace(doc.id, doc.path);
    if (!fresh) {
      result.problems.push_back(
          LoadProblem{doc.path, std::nullopt, std::nullopt,
                      "document id '" + doc.id + "' is also used by " + std::string(it->second)});
    }
  }
  return result;
}

}  // namespace tempograph
