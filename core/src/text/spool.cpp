#include "spool.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <utility>

namespace tempograph {

Spool::Spool(std::optional<std::filesystem::path> dir, std::string what)
    : dir_(std::move(dir)), what_(std::move(what)) {}

Spool::Spool(Spool&& other) noexcept
    : dir_(std::move(other.dir_)),
      what_(std::move(other.what_)),
      memory_(std::move(other.memory_)),
      file_(std::exchange(other.file_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

Spool& Spool::operator=(Spool&& other) noexcept {
  if (this != &other) {
    if (file_) std::fclose(file_);
    dir_ = std::move(other.dir_);
    what_ = std::move(other.what_);
    memory_ = std::move(other.memory_);
    file_ = std::exchange(other.file_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Spool::~Spool() {
  if (file_) std::fclose(file_);
}

std::uint64_t Spool::append(std::string_view text) {
  const std::uint64_t at = size_;
  size_ += text.size();
  if (!dir_) {
    memory_ += text;
    return at;
  }
  if (!file_) {
    std::string pattern = (*dir_ / "tempograph-spool-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
      throw std::runtime_error(dir_->string() + ": cannot create a temporary file for " + what_);
    ::unlink(pattern.c_str());  // gone from the folder at once; the space is freed on close
    file_ = ::fdopen(fd, "w+b");
    if (!file_) {
      ::close(fd);
      throw std::runtime_error(dir_->string() + ": cannot open the temporary file for " + what_);
    }
  }
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
    throw std::runtime_error(dir_->string() + ": cannot write " + what_ +
                             " to a temporary file (disk full?)");
  return at;
}

void Spool::finish() {
  if (file_ && std::fflush(file_) != 0)
    throw std::runtime_error(dir_->string() + ": cannot write " + what_ +
                             " to a temporary file (disk full?)");
}

// pread on the descriptor: no seek, so reads may run on several threads at once.
std::size_t Spool::read_at(std::uint64_t offset, char* into, std::size_t size) const {
  if (!file_) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(
        size, memory_.size() - std::min<std::uint64_t>(offset, memory_.size())));
    memory_.copy(into, n, static_cast<std::size_t>(offset));
    return n;
  }
  const ssize_t got = ::pread(::fileno(file_), into, size, static_cast<off_t>(offset));
  if (got <= 0) throw std::runtime_error("cannot read back the temporary file of " + what_);
  return static_cast<std::size_t>(got);
}

void Spool::read(std::uint64_t offset, std::size_t size, std::string& out) const {
  out.resize(size);
  for (std::size_t done = 0; done < size;) {
    const std::size_t got = read_at(offset + done, out.data() + done, size - done);
    if (got == 0) throw std::runtime_error("cannot read back the spool of " + what_);
    done += got;
  }
}

void Spool::copy_to(std::uint64_t offset, std::uint64_t size, std::ostream& out,
                    std::vector<char>& buffer) const {
  if (!file_) {
    out.write(memory_.data() + offset, static_cast<std::streamsize>(size));
    return;
  }
  if (buffer.empty()) buffer.resize(1 << 18);
  for (std::uint64_t done = 0; done < size;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size - done, buffer.size()));
    const std::size_t got = read_at(offset + done, buffer.data(), n);
    out.write(buffer.data(), static_cast<std::streamsize>(got));
    done += got;
  }
}

}  // namespace tempograph
