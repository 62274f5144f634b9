// Export: writing tagged documents out as readable text, JSON Lines and TimeML, and timelines as
// Graphviz drawings (SVG, DOT), TimelineJS3 JSON and CSV.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timeline.hpp"
#include "tempograph/timex.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace tempograph {

// Human-readable listing: a header per document (id, DCT and its provenance), then one line per
// expression with its text, type, value and the line it stands on.
void write_timex_text(std::ostream& out, const Document& doc,
                      const std::vector<TimeExpression>& timexes);

// One JSON object per expression:
// {"doc","begin","end","text","type","value","mod"?,"granularity","range_end"?}
void write_timex_jsonl(std::ostream& out, const Document& doc,
                       const std::vector<TimeExpression>& timexes);

// The same two, appended to `out`: for callers that gather the output of many documents.
void append_timex_text(std::string& out, const Document& doc,
                       const std::vector<TimeExpression>& timexes);
void append_timex_jsonl(std::string& out, const Document& doc,
                        const std::vector<TimeExpression>& timexes);

// A TimeML document with the same TEXT, inline <TIMEX3 tid type value [mod]> tags, and the DCT,
// readable by the TempEval-3 tools.
void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes);

// The same with EVENT tags (eid, TimeML class) for event triggers, which `eval --events` scores.
// Triggers inside a time expression are left out: TimeML tags do not nest.
void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes,
                  const std::vector<EventTrigger>& events);

// The timeline drawn along a time axis: x from time, lanes in y (by category), year and month
// gridlines with labels, each event a box with its date and title, relation edges, and a tooltip
// with the source sentence and article. Built with Graphviz cgraph, positions pinned, laid out
// with the `nop` engine. Throws std::runtime_error when Graphviz fails.
void write_timeline_dot(std::ostream& out, const Timeline& timeline);
void write_timeline_svg(std::ostream& out, const Timeline& timeline);

// TimelineJS3 JSON ({"title", "events": [{"start_date", "end_date", "text", "group", ...}]}) with
// dates at the precision known, loadable by TimelineJS as it is.
void write_timelinejs(std::ostream& out, const Timeline& timeline);

// The timeline for reading in a terminal: one line per event in time order (date as precise as
// known, category, number of sources, title), each source article's sentence under it, then the
// conflicts.
void write_timeline_text(std::ostream& out, const Timeline& timeline);

// One row per event (id, dates, category, title, participants, sources, salience, source
// sentence), RFC 4180 quoting, for spreadsheets.
void write_timeline_csv(std::ostream& out, const Timeline& timeline);

}  // namespace tempograph
