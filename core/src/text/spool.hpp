// Text set aside until it is needed again: in memory, or in an unlinked temporary file, so that
// a big build holds in memory only what it works on. Private to core/src.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tempograph {

class Spool {
 public:
  // `dir`: the folder of the temporary file (created on first use, gone from the folder at
  // once); none: memory. `what` names the contents in errors ("document texts").
  Spool(std::optional<std::filesystem::path> dir, std::string what);
  Spool(Spool&&) noexcept;
  Spool& operator=(Spool&&) noexcept;
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  ~Spool();

  // Where `text` starts in the spool.
  std::uint64_t append(std::string_view text);
  std::uint64_t size() const { return size_; }

  // Makes everything appended readable. The reads below may then run on any number of threads
  // at once, with no append in between.
  void finish();
  // [offset, offset + size) into `out`, replacing its contents.
  void read(std::uint64_t offset, std::size_t size, std::string& out) const;
  // [offset, offset + size) written to `out`, through `buffer`.
  void copy_to(std::uint64_t offset, std::uint64_t size, std::ostream& out,
               std::vector<char>& buffer) const;

 private:
  std::size_t read_at(std::uint64_t offset, char* into, std::size_t size) const;
  std::optional<std::filesystem::path> dir_;
  std::string what_;
  std::string memory_;
  std::FILE* file_ = nullptr;  // the unlinked temporary file, closed in the destructor
  std::uint64_t size_ = 0;
};

}  // namespace tempograph
