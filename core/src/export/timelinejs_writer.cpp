// The timeline as TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html): one
// slide per dated event. Dates carry only the parts that are known, since TimelineJS shows a date
// as precisely as it is given ("September 2023" for {"year":2023,"month":9}). Headline and text
// are HTML to TimelineJS, so the text that comes from articles is escaped.
#include "tempograph/export.hpp"

#include "timeline_text.hpp"

#include <nlohmann/json.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace tempograph {
namespace {

using Json = nlohmann::ordered_json;
using export_text::Precision;

constexpr std::size_t kSourcesShown = 5;  // sentences quoted per event; the rest are counted

std::string html_escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Json date_object(const boost::gregorian::date& d, Precision precision) {
  const auto ymd = d.year_month_day();
  Json j;
  j["year"] = static_cast<int>(ymd.year);
  if (precision != Precision::year) j["month"] = static_cast<int>(ymd.month);
  if (precision == Precision::day) j["day"] = static_cast<int>(ymd.day);
  return j;
}

// The article, linked when its address is a web address (TimelineJS sanitizes, but a
// javascript: link has no business in a timeline either way).
std::string article_html(const Timeline& timeline, std::string_view doc_id) {
  const std::string label = html_escaped(export_text::article_label(timeline, doc_id));
  const Document* doc = timeline.document(doc_id);
  if (doc && (doc->url.rfind("https://", 0) == 0 || doc->url.rfind("http://", 0) == 0))
    return "<a href=\"" + html_escaped(export_text::valid_utf8(doc->url)) + "\">" + label + "</a>";
  return label;
}

// The sentences the event rests on, one per source article, each with its article.
std::string slide_text(const Timeline& timeline, const Event& e) {
  std::string html;
  std::set<std::string_view> docs;
  std::size_t shown = 0;
  for (const auto& m : e.mentions) {
    if (!docs.insert(m.doc).second) continue;
    if (shown == kSourcesShown) continue;
    ++shown;
    const std::string sentence = export_text::valid_utf8(export_text::source_sentence(timeline, m));
    html += "<p>\xE2\x80\x9C" + html_escaped(sentence) + "\xE2\x80\x9D<br><small>\xE2\x80\x94 " +
            article_html(timeline, m.doc) + "</small></p>";
  }
  if (docs.size() > shown) {
    const std::size_t more = docs.size() - shown;
    html += "<p><small>and " + std::to_string(more) +
            (more == 1 ? " more article" : " more articles") + "</small></p>";
  }
  if (!e.participants.empty()) {
    html += "<p><small>Participants: ";
    for (std::size_t i = 0; i < e.participants.size(); ++i)
      html += (i ? ", " : "") + html_escaped(export_text::valid_utf8(e.participants[i]));
    html += "</small></p>";
  }
  for (const auto& reading : e.disputed) {
    html += "<p><small>Disputed: " + html_escaped(export_text::date_label(reading.time)) + " in ";
    for (std::size_t i = 0; i < reading.docs.size(); ++i)
      html += (i ? ", " : "") + html_escaped(export_text::valid_utf8(reading.docs[i]));
    html += "</small></p>";
  }
  return html;
}

}  // namespace

void write_timelinejs(std::ostream& out, const Timeline& timeline) {
  Json root;
  std::size_t events = 0;
  Json slides = Json::array();
  for (const auto& e : timeline.events) {
    if (!export_text::dated(e.time)) continue;  // TimelineJS requires a start date
    const Precision precision = export_text::precision_of(e.time.granularity);
    Json slide;
    slide["start_date"] = date_object(e.time.start, precision);
    // TimelineJS drops an end date equal to the start; leaving it out says the same.
    Json end = date_object(e.time.end, precision);
    if (end != slide["start_date"]) slide["end_date"] = std::move(end);
    slide["display_date"] = export_text::date_label(e.time);
    slide["text"]["headline"] = html_escaped(export_text::valid_utf8(e.title));
    slide["text"]["text"] = slide_text(timeline, e);
    slide["group"] = export_text::category_label(e.category);
    slide["unique_id"] = export_text::valid_utf8(e.id);
    slides.push_back(std::move(slide));
    ++events;
  }
  Json& title = root["title"];
  title["text"]["headline"] = "Timeline";
  title["text"]["text"] = "<p>" + std::to_string(events) + (events == 1 ? " event" : " events") +
                          " from " + std::to_string(timeline.documents.size()) +
                          (timeline.documents.size() == 1 ? " article" : " articles") +
                          ", made by tempograph. Each event quotes the sentences it was found "
                          "in.</p>";
  // Distinct from every event id ("e1", ...), which TimelineJS needs unique across all slides.
  title["unique_id"] = "tempograph-title";
  root["events"] = std::move(slides);
  // Strict UTF-8 is guaranteed above (valid_utf8), so a throwing dump would be a bug; replace
  // keeps the output whole regardless.
  out << root.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace tempograph
