// What the timeline exporters (Graphviz, TimelineJS, CSV) say the same way: an event's date at
// the precision known, its category's name and colour, and the sentence and article it rests on.
#pragma once

#include "tempograph/event.hpp"
#include "tempograph/merge.hpp"
#include "tempograph/timeline.hpp"

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace tempograph::export_text {

// How finely a span is shown: "2020", "Sep 2023", "9 Nov 2020".
enum class Precision { year, month, day };

// The precision an event's granularity allows (weeks are shown as their days, quarters, halves
// and seasons as their months, decades and centuries as their years).
Precision precision_of(Granularity granularity);

// Whether the span has calendar days at both ends (hand-built timelines may lack them).
bool dated(const TimeSpan& span);

// "9 Nov 2020", "19–20 Sep 2023", "30 Sep – 2 Oct 2023", "Sep 2023", "Q3 2023", "2020s", ...
// Empty for an undated span.
std::string date_label(const TimeSpan& span);

// "2024-02-15"; empty for a special date.
std::string iso_day(const boost::gregorian::date& day);

// "15 Feb 2024"; empty for a special date.
std::string day_label(const boost::gregorian::date& day);

// "Jan", "Feb", ... for month 1..12.
std::string_view month_abbrev(unsigned month);

// "military action" for military_action: a category as a reader sees it.
std::string category_label(EventCategory category);

// A fixed palette, one entry per category: a pale fill and a darker border/text colour (#rrggbb).
struct CategoryColours {
  std::string_view fill;
  std::string_view line;
};
CategoryColours category_colours(EventCategory category);

// The sentence a mention stands in, from its document's text, with runs of white space (line
// breaks included) made single spaces; empty when the document or offsets are missing.
std::string source_sentence(const Timeline& timeline, const MentionSource& mention);

// The article a mention comes from: its title (else its id), and its creation date when known:
// "Azerbaijan launches offensive (15 Feb 2024)".
std::string article_label(const Timeline& timeline, std::string_view doc_id);

// At most `max_bytes` of UTF-8 text, cut at a character boundary with "…" when shortened.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// Invalid UTF-8 bytes (document ids come from file names) replaced with U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace tempograph::export_text
