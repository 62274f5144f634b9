#include "commands.hpp"

#include <exception>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#endif

namespace {

// Memory freed between documents is kept for the next ones instead of going back to the system
// and coming back page by page: each page the system hands out anew costs a page fault, which
// on a virtual machine takes about 10 us (tagging the benchmark corpus took 2,600 of them).
void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc allows; larger blocks are mapped
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  // And the pages it does hand out are 2 MiB ones where the system allows it (transparent huge
  // pages in "madvise" mode, Debian's default): one fault per 2 MiB instead of per 4 KiB. The
  // heap grows by 64 MiB at once, which the system only backs as it is touched, and the part of
  // it from the first 2 MiB boundary on is marked for huge pages.
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20;
  constexpr std::size_t kGrowth = 256 << 10;  // more than the heap has free at start
  mallopt(M_TOP_PAD, 64 << 20);
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  void* volatile grow = std::malloc(kGrowth);  // volatile: an unused malloc may be left out
  std::free(grow);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t first = (before + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t last = after & ~(kHuge - 1);
  if (before == static_cast<std::uintptr_t>(-1) || last <= first) return;
  if (madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE) != 0) return;
  // What lies below that boundary is taken by a block that is never used, so that what the
  // program allocates next comes from the huge pages: the heap's free end began below `before`
  // by less than kGrowth, so a block of this size from there reaches the boundary. Its pages are
  // never touched, so it costs no memory.
  static void* volatile below_boundary = std::malloc(first - before + kGrowth);
  (void)below_boundary;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
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
