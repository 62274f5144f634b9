// The selected event: what, when (as precisely as known, with disputed readings), who, how it
// relates to other events, and every mention; beside it the source article, scrolled to the
// chosen mention with the mention and its sentence highlighted and dated expressions clickable.
#include "tempograph/graph.hpp"
#include "tempograph/merge.hpp"
#include "viz/model/palette.hpp"
#include "viz/panels/panels.hpp"

#include <algorithm>
#include <cstdio>

namespace tempograph::viz {

namespace {

const ImVec4 kDim(0.42f, 0.42f, 0.42f, 1);
const ImVec4 kWarn(0.78f, 0.35f, 0.05f, 1);

void section(const char* title) {
  ImGui::Spacing();
  ImGui::TextColored(kDim, "%s", title);
  ImGui::Separator();
}

// A link to another event: its id and title, selecting it when clicked.
void event_link(ViewerState& state, const char* prefix, const std::string& id) {
  const auto index = state.view.find_event(id);
  const std::string title = index ? state.view.timeline().events[*index].title : "(unknown)";
  const std::string text = std::string(prefix) + " " + id + ": " + title;
  ImGui::PushID(text.c_str());
  if (ImGui::Selectable(text.c_str(), false) && index) {
    select_event(state, *index);
    state.view.zoom_to_event(*index);
    state.view_changed = true;
  }
  ImGui::PopID();
}

// How this event stands to the other, in words.
const char* relation_words(RelationType type) {
  switch (type) {
    case RelationType::before:
      return "before";
    case RelationType::after:
      return "after";
    case RelationType::includes:
      return "includes";
    case RelationType::is_included:
      return "during";
    case RelationType::simultaneous:
      return "same time as";
  }
  return "?";
}

}  // namespace

void draw_event_panel(ViewerState& state) {
  TimelineView& view = state.view;
  const auto selected = view.selected();
  if (!selected) {
    ImGui::PushStyleColor(ImGuiCol_Text, kDim);
    ImGui::TextWrapped(
        "Click an event on the timeline to see it here, with every article that "
        "reports it.");
    ImGui::Spacing();
    ImGui::TextWrapped(
        "Wheel: zoom. Drag: pan. F: fit all. Esc: clear. Help > Controls lists them all.");
    ImGui::PopStyleColor();
    return;
  }
  const Timeline& t = view.timeline();
  const Event& e = t.events[*selected];
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(e.title.c_str());
  ImGui::PopTextWrapPos();
  ImGui::TextColored(kDim, "%s", e.id.c_str());

  if (ImGui::BeginTable("##facts", 2, ImGuiTableFlags_SizingFixedFit)) {
    const auto row = [](const char* key) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(kDim, "%s", key);
      ImGui::TableNextColumn();
    };
    row("Date");
    ImGui::Text("%s", describe(e.time).c_str());
    ImGui::SameLine();
    ImGui::TextColored(kDim, "(%s)", std::string(to_string(e.time.granularity)).c_str());
    row("Category");
    {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 3), ImVec2(p.x + 10, p.y + h - 3),
                                                color_of(e.category), 2);
      ImGui::Dummy(ImVec2(14, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(category_label(e.category));
    }
    row("Participants");
    if (e.participants.empty()) {
      ImGui::TextColored(kDim, "none named");
    } else {
      std::string list;
      for (const auto& p : e.participants) list += (list.empty() ? "" : ", ") + p;
      ImGui::PushTextWrapPos(0);
      ImGui::TextUnformatted(list.c_str());
      ImGui::PopTextWrapPos();
    }
    row("Sources");
    ImGui::Text("%zu article%s, %zu mention%s", view.documents_of(*selected).size(),
                view.documents_of(*selected).size() == 1 ? "" : "s", e.mentions.size(),
                e.mentions.size() == 1 ? "" : "s");
    row("Salience");
    ImGui::Text("%.2f", e.salience);
    ImGui::EndTable();
  }

  if (!e.disputed.empty()) {
    section("Disputed date");
    for (const auto& reading : e.disputed) {
      std::string docs;
      for (const auto& d : reading.docs) docs += (docs.empty() ? "" : ", ") + d;
      ImGui::TextColored(kWarn, "%s", describe(reading.time).c_str());
      ImGui::SameLine();
      ImGui::TextColored(kDim, "in %s", docs.c_str());
    }
  }

  // Relations and conflicts that name this event.
  bool any_relation = false;
  for (const auto& r : t.relations) {
    if (r.from != e.id && r.to != e.id) continue;
    if (!any_relation) section("Relations");
    any_relation = true;
    const bool outgoing = r.from == e.id;
    const RelationType type = outgoing ? r.type : inverse(r.type);
    event_link(state, relation_words(type), outgoing ? r.to : r.from);
    if (r.evidence && ImGui::IsItemHovered()) {
      const auto d = view.document_index(r.evidence->doc);
      if (d) {
        const std::string& text = t.documents[*d].text;
        const auto b = std::min<std::size_t>(r.evidence->begin, text.size());
        const auto en = std::min<std::size_t>(r.evidence->end, text.size());
        ImGui::SetTooltip("\"%s\" (%s, %s)", text.substr(b, en - b).c_str(),
                          r.evidence->doc.c_str(), std::string(to_string(r.basis)).c_str());
      }
    }
  }
  bool any_conflict = false;
  for (const auto& c : t.conflicts) {
    if (std::find(c.events.begin(), c.events.end(), e.id) == c.events.end()) continue;
    if (!any_conflict) section("Conflicts");
    any_conflict = true;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kWarn, "%s", c.message.c_str());
    ImGui::PopTextWrapPos();
  }

  section("Mentions (choose one to read it in its article)");
  for (std::size_t m = 0; m < e.mentions.size(); ++m) {
    const MentionSource& source = e.mentions[m];
    const bool current = m == view.selected_mention();
    char label[512];
    std::snprintf(label, sizeof label, "%s  \xc2\xb7  %s  \xc2\xb7  %s (%s)##m%zu",
                  source.doc.c_str(), source.trigger.c_str(), source.time_value.c_str(),
                  std::string(to_string(source.anchor)).c_str(), m);
    if (ImGui::Selectable(label, current)) select_event(state, *selected, m);
    if (ImGui::IsItemHovered()) {
      const auto d = view.document_index(source.doc);
      if (d) {
        const std::string& text = t.documents[*d].text;
        const auto b = std::min<std::size_t>(source.sentence_begin, text.size());
        const auto en = std::min<std::size_t>(source.sentence_end, text.size());
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        ImGui::TextUnformatted(text.data() + b, text.data() + en);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
  }
}

void draw_source_panel(ViewerState& state) {
  TimelineView& view = state.view;
  const Timeline& t = view.timeline();
  const auto selected = view.selected();
  SourceReport report;
  report.event = selected;
  report.mention = view.selected_mention();
  const auto doc_index = view.document_index(state.shown_doc);
  if (!doc_index) {
    ImGui::PushStyleColor(ImGuiCol_Text, kDim);
    ImGui::TextWrapped(
        "The source article of the selected event shows here, scrolled to the mention.");
    ImGui::PopStyleColor();
    state.report = report;
    return;
  }
  const Document& doc = t.documents[*doc_index];
  const Event* event = selected ? &t.events[*selected] : nullptr;
  std::size_t mention = view.selected_mention();
  if (event && (mention >= event->mentions.size() || event->mentions[mention].doc != doc.id)) {
    // The article was chosen elsewhere: mark the event's mentions in it, but none as current.
    mention = event->mentions.size();
  }
  report.doc = doc.id;
  if (event && mention < event->mentions.size()) {
    report.begin = event->mentions[mention].begin;
    report.end = event->mentions[mention].end;
  }

  // Header: which article, its date and where that date came from.
  ImGui::TextUnformatted(doc.id.c_str());
  if (!doc.title.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(kDim, "%s", doc.title.c_str());
  }
  if (doc.dct.known()) {
    const std::string line = "Dated " + doc.dct.iso() + " (" +
                             std::string(to_string(doc.dct.source)) +
                             (doc.dct.evidence.empty() ? "" : ": " + doc.dct.evidence) + ")";
    ImGui::TextColored(doc.dct.source == DctSource::inferred ? kWarn : kDim, "%s",
                       ellipsize(line, ImGui::GetContentRegionAvail().x).c_str());
    if (ImGui::IsItemHovered() && !doc.dct.evidence.empty()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      ImGui::TextUnformatted(line.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  } else {
    ImGui::TextColored(kWarn, "Undated: relative dates in it are not anchored");
  }
  if (event && mention < event->mentions.size()) {
    ImGui::SameLine();
    ImGui::TextColored(kDim, "  mention %zu of %zu", mention + 1, event->mentions.size());
  }

  ImGui::BeginChild("##text", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  const float wrap = std::max(100.0f, ImGui::GetContentRegionAvail().x - 4);
  auto& cache = state.source_cache;
  if (cache.timeline != &t || cache.doc != doc.id || cache.width != wrap ||
      cache.event != selected || cache.mention != mention) {
    cache.timeline = &t;
    cache.doc = doc.id;
    cache.width = wrap;
    cache.event = selected;
    cache.mention = mention;
    cache.layout =
        layout_text(doc.text, article_marks(t, doc.id, event, mention), wrap,
                    [font = ImGui::GetFont(), size = ImGui::GetFontSize()](std::string_view s) {
                      // Unrounded (CalcTextSize rounds up): pieces must add up to lines.
                      return font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
                    });
  }
  const TextLayout& layout = cache.layout;
  const float line_h = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float scroll = ImGui::GetScrollY();
  const float visible_h = ImGui::GetWindowHeight();
  if (state.scroll_to) {
    const int line = line_of(layout, *state.scroll_to);
    ImGui::SetScrollY(std::max(0.0f, line * line_h - visible_h / 3));
    state.scroll_to.reset();
  }
  ImGui::Dummy(ImVec2(wrap, layout.lines * line_h + line_h));

  // Only the lines on screen are drawn.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const int first_line = std::max(0, static_cast<int>(scroll / line_h) - 1);
  const int last_line = static_cast<int>((scroll + visible_h) / line_h) + 1;
  auto it = std::lower_bound(layout.runs.begin(), layout.runs.end(), first_line,
                             [](const TextRun& r, int l) { return r.line < l; });
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered_window = ImGui::IsWindowHovered();
  std::optional<int> clicked_timex;
  for (; it != layout.runs.end() && it->line <= last_line; ++it) {
    const TextRun& run = *it;
    const ImVec2 p(origin.x + run.x, origin.y + run.line * line_h);
    const ImVec2 q(p.x + run.width, p.y + ImGui::GetTextLineHeight());
    ImU32 color = IM_COL32(30, 30, 30, 255);
    if (run.flags & kMarkSentence)
      dl->AddRectFilled(p, ImVec2(q.x, p.y + line_h), IM_COL32(255, 243, 200, 255));
    if (run.flags & kMarkOther) dl->AddRectFilled(p, q, IM_COL32(255, 214, 170, 255), 2);
    if (run.flags & kMarkMention) {
      dl->AddRectFilled(ImVec2(p.x - 1, p.y - 1), ImVec2(q.x + 1, q.y + 1),
                        IM_COL32(255, 170, 40, 255), 3);
      color = IM_COL32(0, 0, 0, 255);
      // Highlighted means seen: the whole line lies inside the pane (cursor positions already
      // include the scroll).
      const float pane_top = ImGui::GetWindowPos().y;
      if (p.y >= pane_top - 1 && p.y + line_h <= pane_top + visible_h + 1)
        report.highlighted = true;
    }
    if (run.flags & kMarkTimex) {
      color = IM_COL32(20, 80, 190, 255);
      const bool over =
          hovered_window && mouse.x >= p.x && mouse.x < q.x && mouse.y >= p.y && mouse.y < q.y;
      dl->AddLine(ImVec2(p.x, q.y), ImVec2(q.x, q.y), over ? color : IM_COL32(20, 80, 190, 90), 1);
      if (over) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        const auto& tx = t.timexes[static_cast<std::size_t>(run.timex)];
        ImGui::SetTooltip("%s  %s%s%s%s%s\nclick: show on the timeline", tx.timex.value.c_str(),
                          std::string(to_string(tx.timex.type)).c_str(),
                          tx.timex.mod.empty() ? "" : " ", tx.timex.mod.c_str(),
                          tx.timex.reaches.empty() ? "" : "  reaches ", tx.timex.reaches.c_str());
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked_timex = run.timex;
      }
    }
    dl->AddText(p, color, doc.text.data() + run.begin, doc.text.data() + run.end);
  }
  ImGui::EndChild();

  if (clicked_timex) {
    const auto& tx = t.timexes[static_cast<std::size_t>(*clicked_timex)].timex;
    if (const auto span = calendar_span(tx)) {
      view.focus(interval_of(*span));
      state.view_changed = true;
      state.notice = "Timeline moved to " + describe(*span) + " (\"" +
                     t.timexes[static_cast<std::size_t>(*clicked_timex)].text + "\")";
    } else {
      state.notice = "\"" + t.timexes[static_cast<std::size_t>(*clicked_timex)].text + "\" (" +
                     tx.value + ") names no fixed stretch of calendar";
    }
  }
  state.report = report;
}

}  // namespace tempograph::viz
