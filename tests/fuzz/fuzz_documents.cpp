// libFuzzer target: every document loader through the real load_documents. The first byte picks
// the input: a .txt file (date headers), a .tml file, a .jsonl file, or a folder with a
// manifest (TSV, CSV or JSON) beside a text file.
#include "fuzz_support.hpp"

using namespace tempograph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  fuzz::clear_scratch();
  LoadOptions options;
  options.today = boost::gregorian::date(2026, 12, 3);  // inference must not depend on the clock
  switch (data[0] % 6) {
    case 0:
      fuzz::load_and_check({fuzz::write_input("article.txt", content).string()}, options);
      break;
    case 1:
      fuzz::load_and_check({fuzz::write_input("article.tml", content).string()}, options);
      break;
    case 2:
      fuzz::load_and_check({fuzz::write_input("articles.jsonl", content).string()}, options);
      break;
    default: {  // a manifest beside two articles
      static constexpr const char* kNames[] = {"manifest.tsv", "manifest.csv", "manifest.json"};
      fuzz::write_input("a.txt", "On Monday the talks resumed.\n");
      fuzz::write_input("b.txt", "date 2020-11-10\nThe statement was signed on November 9.\n");
      fuzz::write_input(kNames[data[0] % 6 - 3], content);
      fuzz::load_and_check({fuzz::scratch().string()}, options);
    }
  }
  return 0;
}
