#include "commands.hpp"

#include <exception>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__) && defined(__GLIBC__)
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#endif

namespace {

// Memory freed between documents is kept for the next ones instead of going back to the system
// and coming back page by page: each page the system hands out anew costs a page fault, which
// on a virtual machine takes about 10 us (tagging the benchmark corpus took 2,600 of them).
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc allows; larger blocks are mapped
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

// And the heap is grown in one step of 64 MiB that the kernel may back with 2 MiB pages
// (transparent huge pages, where the system grants them on request): a page fault for each 2 MiB
// touched instead of each 4 KiB. Tagging the benchmark corpus touches some 400 heap pages of
// 4 KiB, at 10 to 50 us a fault on a virtual machine like the one this was measured on. Only
// what is touched is used; without transparent huge pages this changes nothing.
void prefer_huge_pages() {
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  mallopt(M_TOP_PAD, 64 << 20);
  // A block larger than the heap's free top grows the heap by it and the pad, now; the trim
  // threshold keeps the pad once it is freed. Volatile: the compiler may drop a malloc and free.
  void* volatile grow = malloc(std::size_t{1} << 20);
  free(grow);
  const auto top = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const auto arena = static_cast<std::uintptr_t>(mallinfo2().arena);
  if (arena == 0 || arena > top) return;  // no heap of brk's (another allocator)
  const std::uintptr_t first = (top - arena + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = top & ~(kHuge - 1);
  if (first < last)
    madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);  // a hint: may fail
#endif
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
  prefer_huge_pages();
  CLI::App app{
      "tempograph: turns news articles into a timeline of dated events.\n"
      "Example: tempograph tag examples/karabakh"};
  app.set_version_flag("--version", std::string("tempograph ") + TEMPOGRAPH_VERSION);
  app.require_subcommand(1);
  int exit_status = 0;
  tempograph::cli::add_tag_command(app, exit_status);
  tempograph::cli::add_eval_command(app, exit_status);
  tempograph::cli::add_build_command(app, exit_status);
  tempograph::cli::add_merge_command(app, exit_status);
  tempograph::cli::add_export_command(app, exit_status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "tempograph: error: " << e.what() << "\n";
    return 2;
  }
  return exit_status;
}
