// Export: writing tagged documents out as readable text, JSON Lines and TimeML.
#pragma once

#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/timex.hpp"

#include <ostream>
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

// A TimeML document with the same TEXT, inline <TIMEX3 tid type value [mod]> tags, and the DCT,
// readable by the TempEval-3 tools.
void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes);

// The same with EVENT tags (eid, TimeML class) for event triggers, which `eval --events` scores.
// Triggers inside a time expression are left out: TimeML tags do not nest.
void write_timeml(std::ostream& out, const Document& doc,
                  const std::vector<TimeExpression>& timexes,
                  const std::vector<EventTrigger>& events);

}  // namespace tempograph
