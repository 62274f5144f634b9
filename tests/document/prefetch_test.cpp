// Reading a folder's files ahead through io_uring (core/src/document/file_prefetch.hpp): what it
// reads, what it leaves to the usual reads, and that loading a folder gives the same documents and
// the same problems with it and without it.
#include "document/file_prefetch.hpp"
#include "support.hpp"
#include "tempograph/document.hpp"

#include <liburing.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using tempograph::detail::FilePrefetcher;
using tempograph::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Whether this kernel lets the process set up an io_uring with a file table (it may not: an old
// kernel, a container's seccomp profile, kernel.io_uring_disabled).
bool kernel_offers_io_uring() {
  io_uring ring{};
  if (io_uring_queue_init(4, &ring, 0) < 0) return false;
  const bool table = io_uring_register_files_sparse(&ring, 4) >= 0;
  io_uring_queue_exit(&ring);
  return table;
}

// Sets an environment variable for a scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

std::string sized(std::size_t size, char fill) {
  std::string s(size, fill);
  for (std::size_t i = 0; i < size; i += 61) s[i] = '\n';
  return s;
}

}  // namespace

TEST_CASE("read ahead: small regular files whole, in batches, the rest left to the usual reads") {
  TempDir dir;
  std::vector<std::string> paths;
  std::vector<std::string> contents;
  std::vector<bool> wanted;
  // Enough files to be read ahead, in four batches; sizes around the slot's, an empty file, files
  // not wanted.
  for (std::size_t i = 0; i < FilePrefetcher::kMinFiles + FilePrefetcher::kBatch + 7; ++i) {
    std::size_t size = 100 + i * 37;
    if (i == 3) size = 0;
    if (i == 5) size = FilePrefetcher::kSlot - 1;
    if (i == 6) size = FilePrefetcher::kSlot;
    if (i == 40) size = 3 * FilePrefetcher::kSlot;
    contents.push_back(sized(size, static_cast<char>('a' + i % 26)));
    std::string name = "f";  // appended, not "f" + ...: g++ 12 warns wrongly of overlap there
    name += std::to_string(i);
    name += ".txt";
    paths.push_back(dir.write(name, contents.back()).string());
    wanted.push_back(i % 9 != 4);
  }
  // One that is gone by the time it is read.
  paths.push_back((dir.path() / "missing.txt").string());
  contents.emplace_back();
  wanted.push_back(true);

  const bool offered = kernel_offers_io_uring();
  INFO("io_uring offered by this kernel: " << offered);
  std::vector<const char*> asked;
  for (std::size_t i = 0; i < paths.size(); ++i)
    asked.push_back(wanted[i] ? paths[i].c_str() : nullptr);
  FilePrefetcher prefetch(asked);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    INFO("file " << i << " of " << contents[i].size() << " bytes");
    const auto got = prefetch.content(i);
    const bool fits = contents[i].size() < FilePrefetcher::kSlot;
    const bool exists = fs::exists(paths[i]);
    if (offered && wanted[i] && fits && exists) {
      REQUIRE(got);
      CHECK(*got == contents[i]);
    } else {
      CHECK_FALSE(got);
    }
  }
  // Asked for again, out of order: read again, the same.
  if (offered) {
    CHECK(prefetch.content(1) == std::optional<std::string_view>(contents[1]));
    CHECK(prefetch.content(2 * FilePrefetcher::kBatch) ==
          std::optional<std::string_view>(contents[2 * FilePrefetcher::kBatch]));
  }

  // A small folder is read the usual way: setting up the ring would cost more.
  FilePrefetcher few(std::vector<const char*>(asked.begin(), asked.begin() + 10));
  CHECK_FALSE(few.content(0));

  // Turned off: nothing is read ahead.
  ScopedEnv off("TEMPOGRAPH_NO_IO_URING", "1");
  FilePrefetcher none(asked);
  for (std::size_t i = 0; i < paths.size(); ++i) CHECK_FALSE(none.content(i));
}

TEST_CASE("a folder loads the same documents and problems with and without reading ahead") {
  TempDir dir;
  const std::string good = "date 2024-02-15\nTroops crossed the border on Tuesday.\n";
  // Enough to be read ahead (FilePrefetcher::kMinFiles), in several batches.
  for (int i = 0; i < 120; ++i) {
    std::string name = "a";
    name += std::to_string(100 + i);
    name += ".txt";
    std::string text = good;
    text += "Report ";
    text += std::to_string(i);
    text += " came on Wednesday.\n";
    dir.write(name, text);
  }
  dir.write("big.txt", "date 2024-02-15\n" + sized(FilePrefetcher::kSlot + 500, 'x') +
                           "\nIt ended on Friday.\n");
  dir.write("binary.txt", std::string("abc\0def", 7));
  dir.write("bad_utf8.txt", "date 2024-02-15\nCaf\xC3 on Monday.\n");
  dir.write("empty.txt", "");
  dir.write("blank.txt", "  \n\t\n");
  dir.write("doc.tml",
            "<?xml version=\"1.0\"?>\n<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" "
            "value=\"1998-02-15\">1998-02-15</TIMEX3></DCT>\n<TEXT>Talks ended on Friday.</TEXT>"
            "\n</TimeML>\n");
  dir.write("broken.tml", "<TimeML><TEXT>Talks ended on Friday.</TimeML>\n");
  dir.write("lines.jsonl", "{\"id\":\"j1\",\"date\":\"2024-02-15\",\"text\":\"On Monday.\"}\n");
  fs::create_directory(dir.path() / "sub");
  dir.write("sub/inner.txt", good);
  fs::create_symlink(dir.path() / "a100.txt", dir.path() / "link.txt");
  REQUIRE(::mkfifo((dir.path() / "pipe.txt").c_str(), 0600) == 0);

  tempograph::LoadOptions options;
  const auto ahead = tempograph::load_documents({dir.path().string()}, options);
  tempograph::LoadResult plain;
  {
    ScopedEnv off("TEMPOGRAPH_NO_IO_URING", "1");
    plain = tempograph::load_documents({dir.path().string()}, options);
  }
  REQUIRE(ahead.documents.size() == plain.documents.size());
  CHECK(ahead.documents.size() == 120 + 1 + 1 + 1 + 1);  // a*, big, doc.tml, lines, sub/inner
  for (std::size_t i = 0; i < ahead.documents.size(); ++i) {
    const auto& a = ahead.documents[i];
    const auto& b = plain.documents[i];
    INFO(a.path);
    CHECK(a.id == b.id);
    CHECK(a.path == b.path);
    CHECK(a.text == b.text);
    CHECK(a.title == b.title);
    CHECK(a.dct.source == b.dct.source);
    CHECK(a.dct.day == b.dct.day);
  }
  REQUIRE(ahead.problems.size() == plain.problems.size());
  for (std::size_t i = 0; i < ahead.problems.size(); ++i)
    CHECK(ahead.problems[i].describe() == plain.problems[i].describe());
  // The bad files are each reported, whichever way they were read.
  std::string all;
  for (const auto& p : ahead.problems) all += p.describe() + "\n";
  CHECK(all.find("binary.txt: byte 3: binary file") != std::string::npos);
  CHECK(all.find("bad_utf8.txt: byte 19: invalid UTF-8") != std::string::npos);
  CHECK(all.find("empty.txt: empty file") != std::string::npos);
  CHECK(all.find("broken.tml") != std::string::npos);
  CHECK(all.find("pipe.txt: a FIFO") != std::string::npos);
}
