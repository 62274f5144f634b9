// libFuzzer target: the time expression recognizer and normalizer, and the event stage after it,
// on any valid UTF-8 text, anchored on a creation time taken from the input's first bytes.
#include "fuzz_support.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timeline.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

using namespace tempograph;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto timexes = TimexRecognizer::load(default_assets_dir());
  static const auto events = EventExtractor::load(default_assets_dir());
  if (size < 2) return 0;
  // Days from 1400 to 9999 (Boost's calendar), or no DCT at all.
  const unsigned day_number = (data[0] << 8 | data[1]) * 48u;
  Document doc;
  doc.id = "fuzz";
  doc.text.assign(reinterpret_cast<const char*>(data + 2), size - 2);
  if (find_invalid_utf8(doc.text)) return 0;  // the loader never hands on invalid text
  if (day_number % 7 != 0) {
    doc.dct.day = boost::gregorian::date(1400, 1, 1) + boost::gregorian::days(day_number % 3140000);
    doc.dct.source = DctSource::option;
  }
  const DocumentPart part = analyze_document(std::move(doc), timexes, events);
  const std::size_t n = part.document.text.size();
  for (const auto& t : part.timexes)
    if (t.begin > t.end || t.end > n || t.value.empty()) __builtin_trap();
  for (const auto& m : part.mentions)
    if (m.begin > m.end || m.end > n || m.sentence_begin > m.begin || m.sentence_end < m.end ||
        m.sentence_end > n)
      __builtin_trap();
  for (const auto& l : part.links)
    if (l.mention >= part.mentions.size()) __builtin_trap();
  return 0;
}
