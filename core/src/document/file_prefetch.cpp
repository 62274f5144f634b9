#include "file_prefetch.hpp"

#include <fcntl.h>
#include <liburing.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

namespace tempograph::detail {

namespace {

// What an entry does, in the low bits of its user_data (the slot in the bits above).
enum Op : std::uint64_t { kOpen = 1, kRead = 2, kClose = 3 };
constexpr unsigned kEntriesPerFile = 3;

// The next submission entry. The ring has room for every entry of a batch and each batch is
// submitted whole before the next is prepared (fill checks the space first), so there always is
// one.
io_uring_sqe& next_entry(io_uring& ring) {
  io_uring_sqe* e = io_uring_get_sqe(&ring);
  if (!e) throw std::logic_error("io_uring submission queue unexpectedly full");
  return *e;
}

}  // namespace

struct FilePrefetcher::Ring {
  io_uring ring{};
  bool ready = false;  // set up, to be torn down
  // Per slot: the file's index, and what the kernel gave for it.
  std::vector<std::size_t> file_of;
  std::vector<long> read;

  ~Ring() {
    if (ready) io_uring_queue_exit(&ring);
  }
};

FilePrefetcher::FilePrefetcher(std::vector<const char*> paths) : paths_(std::move(paths)) {
  if (const char* off = std::getenv("TEMPOGRAPH_NO_IO_URING"); off && *off) return;
  // Setting up a ring and tearing it down (~0.3 ms here) pays from a hundred files or so: a
  // small folder is read the usual way.
  if (std::count_if(paths_.begin(), paths_.end(), [](const char* p) { return p != nullptr; }) <
      static_cast<std::ptrdiff_t>(kMinFiles))
    return;
  auto ring = std::make_unique<Ring>();
  if (io_uring_queue_init(kBatch * kEntriesPerFile, &ring->ring, 0) < 0) return;
  ring->ready = true;
  // Files are opened into the ring's own table (no descriptor of the process is used), a slot per
  // file of the batch.
  if (io_uring_register_files_sparse(&ring->ring, kBatch) < 0) return;
  ring->file_of.resize(kBatch);
  ring->read.resize(kBatch);
  // Not zeroed: pages are only touched as files are read into them.
  slots_ = std::make_unique_for_overwrite<char[]>(kBatch * kSlot);
  ring_ = std::move(ring);
}

FilePrefetcher::~FilePrefetcher() = default;

std::optional<std::string_view> FilePrefetcher::content(std::size_t i) {
  if (!ring_ || i >= paths_.size() || !paths_[i]) return std::nullopt;
  if (i < first_ || i >= end_) fill(i);
  if (i < first_ || i >= end_ || sizes_[i - first_] < 0) return std::nullopt;
  const std::size_t slot = slot_of_[i - first_];
  return std::string_view(slots_.get() + slot * kSlot,
                          static_cast<std::size_t>(sizes_[i - first_]));
}

void FilePrefetcher::fill(std::size_t first) {
  Ring& r = *ring_;
  first_ = end_ = first;
  sizes_.clear();
  slot_of_.clear();
  std::size_t used = 0;
  std::size_t i = first;
  for (; i < paths_.size() && used < kBatch && io_uring_sq_space_left(&r.ring) >= kEntriesPerFile;
       ++i) {
    sizes_.push_back(-1);
    slot_of_.push_back(used);
    const char* path = paths_[i];
    if (!path) continue;
    const auto slot = static_cast<unsigned>(used++);
    r.file_of[slot] = i;
    r.read[slot] = -1;
    // Open, read and close, in that order: a failed open cancels the rest; the close follows a
    // read however it went (a hard link), so that the slot is free for the next batch.
    io_uring_sqe* e = &next_entry(r.ring);
    io_uring_prep_openat_direct(e, AT_FDCWD, path, O_RDONLY | O_NONBLOCK, 0, slot);
    e->flags |= IOSQE_IO_LINK;
    e->user_data = std::uint64_t{slot} << 2 | kOpen;
    e = &next_entry(r.ring);
    io_uring_prep_read(e, static_cast<int>(slot), slots_.get() + slot * kSlot, kSlot, 0);
    e->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    e->user_data = std::uint64_t{slot} << 2 | kRead;
    e = &next_entry(r.ring);
    io_uring_prep_close_direct(e, slot);
    e->user_data = std::uint64_t{slot} << 2 | kClose;
  }
  end_ = i;
  if (used == 0) return;
  const unsigned expected = static_cast<unsigned>(used) * kEntriesPerFile;
  if (io_uring_submit_and_wait(&r.ring, expected) < 0) {
    // Nothing read ahead, from here on: the files are read the usual way.
    ring_.reset();
    return;
  }
  bool leaked = false;  // a slot still holds a file
  unsigned seen = 0;
  while (seen < expected) {
    io_uring_cqe* done = nullptr;
    if (io_uring_wait_cqe(&r.ring, &done) < 0) {
      ring_.reset();
      return;
    }
    const auto slot = static_cast<std::size_t>(done->user_data >> 2);
    const int result = done->res;
    switch (done->user_data & 3) {
      case kRead:
        r.read[slot] = result;
        break;
      case kClose:
        // Cancelled when the open failed, which left nothing in the slot.
        leaked |= result < 0 && result != -ECANCELED;
        break;
      default:
        break;
    }
    io_uring_cqe_seen(&r.ring, done);
    ++seen;
  }
  for (std::size_t slot = 0; slot < used; ++slot) {
    const long got = r.read[slot];
    // Whole: a read of a regular file stops short of the bytes asked for only at its end.
    if (got >= 0 && static_cast<std::size_t>(got) < kSlot) sizes_[r.file_of[slot] - first_] = got;
  }
  if (leaked) {
    // Start the table afresh rather than open into a slot still in use.
    if (io_uring_unregister_files(&r.ring) < 0 ||
        io_uring_register_files_sparse(&r.ring, kBatch) < 0)
      ring_.reset();
  }
}

}  // namespace tempograph::detail
