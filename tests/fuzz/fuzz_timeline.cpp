// libFuzzer target: the timeline.json reader (line by line as written, or as a whole) and the
// part-line reader of `tempograph merge`. Malformed input must give TimelineError, nothing else.
#include "fuzz_support.hpp"
#include "tempograph/timeline.hpp"

using namespace tempograph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    const Timeline t = read_timeline_json(content, "fuzz.json");
    for (const auto& d : t.documents) fuzz::check_document(d);
    for (const auto& e : t.events)
      if (e.mentions.empty() || e.time.end < e.time.start) __builtin_trap();
  } catch (const TimelineError&) {
  }
  try {
    const DocumentPart part = read_part_json_line(content, "fuzz.jsonl", 1);
    for (const auto& m : part.mentions)
      if (m.end > part.document.text.size()) __builtin_trap();
  } catch (const TimelineError&) {
  }
  return 0;
}
