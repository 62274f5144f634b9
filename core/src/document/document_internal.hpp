// Pieces shared by the document readers (text, JSON Lines, TimeML, manifests) and the loader.
// Private to core/src/document.
#pragma once

#include "tempograph/document.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tempograph::detail {

// A date written at the start of some text: "2024-02-15", "2024-02-15T13:00:00Z",
// "February 15, 2024", "Thu, 15 Feb 2024", ...
struct DateMatch {
  std::size_t length = 0;  // bytes of the text the date covers
  boost::gregorian::date day{boost::gregorian::not_a_date_time};
  std::optional<int> minute_of_day;
  bool impossible = false;  // shaped like a date but not one (2023-02-30): report, don't use
};

// Matches a date at the very start of `text`. In free text (article bodies) month names must be
// capitalized and weekday abbreviations are not accepted, since "may", "sun" and "sat" are words.
std::optional<DateMatch> match_date(std::string_view text, bool free_text);

// A month or weekday name ("December", "Dec.", "Thu"): such words alone make no title.
bool is_calendar_word(std::string_view word);

// Like match_date, but the date must be all of `text` (surrounding white space allowed).
std::optional<DateMatch> match_whole_date(std::string_view text);

// Guesses the creation time of an undated text from what it says (source inferred, with the
// evidence), or nullopt when it says nothing usable.
std::optional<DocumentCreationTime> infer_dct(std::string_view text, boost::gregorian::date today);

// Reads a whole file in one go. On failure records a problem against `shown` and returns nullopt.
// With regular_only, what turns out not to be a regular file (a FIFO put in place of a file since
// it was looked at) is reported and not read. With a nul_probe, a regular file whose first
// nul_probe bytes hold a NUL is not read on: only that head is returned, for the caller to report
// as binary (a 1 GB disk image costs a few KiB, not 1 GB of memory and seconds of reading).
std::optional<std::string> read_file(const std::filesystem::path& path, const std::string& shown,
                                     std::vector<LoadProblem>& problems, bool regular_only = false,
                                     std::size_t nul_probe = 0);

// The folder of the file last opened through it, kept open, so that the next file of the same
// folder is opened relative to it (openat) instead of looking its whole path up again: a loader
// reads thousands of files from a few folders.
class FolderCache {
 public:
  FolderCache() = default;
  FolderCache(const FolderCache&) = delete;
  FolderCache& operator=(const FolderCache&) = delete;
  ~FolderCache();

  // ::open(path, flags), through the cached folder when it can be.
  int open(const std::filesystem::path& path, int flags);

 private:
  std::string folder_;  // what folder_fd_ was opened as
  int folder_fd_ = -1;
};

// read_file into `buffer`, which is meant to be reused from file to file: it only grows, and is
// never cleared, so reading many small files costs no allocation and no zeroing per file. Returns
// the content, a view into `buffer`. Opens the file through `folders` when given.
std::optional<std::string_view> read_file_into(const std::filesystem::path& path,
                                               const std::string& shown,
                                               std::vector<LoadProblem>& problems,
                                               bool regular_only, std::string& buffer,
                                               FolderCache* folders = nullptr,
                                               std::size_t nul_probe = 0);

// "a FIFO", "a device", ...: what a file that cannot be read as a document is.
std::string describe_type(std::filesystem::file_type type);

// The header and title of a .txt article; strips a "date 2024-02-15" header prefix from
// doc.text and fills doc.title and doc.dct (source header) when the text has them.
void read_text_header(Document& doc, std::vector<LoadProblem>& problems);

// Splits a byte stream into lines at '\n', reading it a block at a time, so that only one block
// and the line being assembled are held however long the stream is.
class LineReader {
 public:
  // Reads up to `size` bytes into `into`; returns 0 at the end of the stream, or on an error,
  // which it then describes in `error`.
  using Source = std::function<std::size_t(char* into, std::size_t size, std::string& error)>;

  static constexpr std::size_t kBlockSize = std::size_t{256} << 10;
  // Offsets downstream are 32-bit, so no document text, nor the line holding it, may be longer.
  static constexpr std::size_t kMaxLine = 0xFFFFFFFFu;

  struct Line {
    std::string_view text;  // without its '\n'; valid until the next call
    bool too_long = false;  // longer than the limit: not held, and text is empty
  };

  explicit LineReader(Source source, std::size_t block_size = kBlockSize,
                      std::size_t max_line = kMaxLine);

  // The first `size` bytes of the stream (fewer when it is shorter), read ahead but not consumed.
  // Only before the first next(); `size` must not exceed the block size.
  std::string_view head(std::size_t size);

  // The next line, or nullopt at the end. A last line without '\n' counts; nothing after a final
  // '\n' does. After a read error the partial line is dropped and this returns nullopt.
  std::optional<Line> next();

  const std::string& error() const { return error_; }  // empty unless reading failed
  std::uint64_t bytes() const { return bytes_; }       // read from the source so far

 private:
  bool fill();  // reads into the free end of the block; false at the end of the stream

  Source source_;
  std::size_t max_line_;
  // Not zero-filled: only the pages a read writes are ever touched, so a small file costs a
  // page fault or two, not one for every page of the block.
  std::unique_ptr<char[]> block_;
  std::size_t block_size_;
  std::size_t begin_ = 0;  // unconsumed bytes of block_ are [begin_, end_)
  std::size_t end_ = 0;
  std::string line_;  // a line that spans blocks
  std::string error_;
  std::uint64_t bytes_ = 0;
  bool at_end_ = false;
};

// JSON Lines: the document on one non-blank line (`number` is 1-based), or nullopt when the line
// has a problem, which is recorded. The DCT is the line's "date" only; the caller settles it.
std::optional<Document> read_jsonl_line(std::string_view line, std::size_t number,
                                        const std::string& shown, const std::string& stem,
                                        std::vector<LoadProblem>& problems);

// parse_timeml, plus notes about a DCT that is present but unusable. Without keep_tags the inline
// tags are checked but not kept (TimeMLContent::tags stays empty), which is all loading needs.
std::variant<TimeMLContent, LoadProblem> parse_timeml_detailed(std::string_view content,
                                                               const std::string& path,
                                                               std::vector<LoadProblem>& notes,
                                                               bool keep_tags = true);

// One row of a manifest.
struct ManifestEntry {
  std::filesystem::path file;               // the manifest's folder joined with the file column
  std::size_t line = 0;                     // where the row starts in the manifest
  std::optional<DocumentCreationTime> dct;  // source manifest; nullopt when no usable date
  std::string title;
  std::string url;
};

// Reads a manifest (.tsv, .csv or .json; other names are sniffed). Rows that name missing files,
// or carry bad dates, are reported; the rest are returned.
std::vector<ManifestEntry> read_manifest(const std::filesystem::path& path,
                                         const std::string& shown,
                                         std::vector<LoadProblem>& problems);

bool is_manifest_name(const std::filesystem::path& path);

// Helpers for ASCII-only decisions on UTF-8 text.
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string_view trim(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
std::string lowercase(std::string_view s);

}  // namespace tempograph::detail
