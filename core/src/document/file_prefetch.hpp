// Reading the many small files of a folder ahead, a batch at a time, through io_uring. Private to
// core/src/document.
//
// On a virtual machine a system call is dear: opening, reading and closing 2,700 news files one
// call at a time costs ~8 µs a file, more than tagging a short article. io_uring takes the opens,
// reads and closes of 32 files in one call. Where io_uring is missing or refused (an old kernel,
// a container's seccomp profile, TEMPOGRAPH_NO_IO_URING set), and for any file it could not read
// whole (an error, a file larger than a slot), the caller reads the file the usual way, which also
// words what went wrong: the prefetch changes how fast files are read, never what is read.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace tempograph::detail {

class FilePrefetcher {
 public:
  // The files, in the order they are asked for; null for one not to read ahead. Only regular
  // files are to be (not a FIFO, which an open would wait on). The paths must outlive the
  // prefetcher.
  explicit FilePrefetcher(std::vector<const char*> paths);
  ~FilePrefetcher();
  FilePrefetcher(const FilePrefetcher&) = delete;
  FilePrefetcher& operator=(const FilePrefetcher&) = delete;

  // The whole content of file i, valid until the next call; nullopt when it was not read ahead.
  std::optional<std::string_view> content(std::size_t i);

  static constexpr std::size_t kBatch = 32;                    // files per system call
  static constexpr std::size_t kMinFiles = 3 * kBatch;         // fewer are read the usual way
  static constexpr std::size_t kSlot = std::size_t{32} << 10;  // bytes read ahead per file

 private:
  void fill(std::size_t first);

  struct Ring;  // liburing's state, kept out of this header
  std::vector<const char*> paths_;
  std::unique_ptr<Ring> ring_;  // null once io_uring is found unusable
  std::unique_ptr<char[]> slots_;
  std::size_t first_ = 0, end_ = 0;  // the batch read: files [first_, end_)
  // Per file of the batch: bytes read (-1 when not read whole) and the slot read into.
  std::vector<long> sizes_;
  std::vector<std::size_t> slot_of_;
};

}  // namespace tempograph::detail
