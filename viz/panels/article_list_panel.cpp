// The articles: each one's creation date and where it came from (manifest, header, inferred from
// a weekday, none), with undated and inferred dates marked. A checkbox keeps an article's events
// on the timeline or not; clicking a row shows the article; "date" sets its date, after which the
// app re-analyzes it and its events move.
#include "viz/panels/panels.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tempograph::viz {

namespace {

const ImVec4 kDim(0.42f, 0.42f, 0.42f, 1);
const ImVec4 kWarn(0.78f, 0.35f, 0.05f, 1);
const ImVec4 kBad(0.80f, 0.10f, 0.10f, 1);

}  // namespace

void draw_article_list_panel(ViewerState& state) {
  auto& edit = state.date_edit;
  TimelineView& view = state.view;
  const Timeline& t = view.timeline();
  ImGui::Text("Articles (%zu)", t.documents.size());
  ImGui::SameLine();
  help_marker(
      "Each article's creation date (DCT) anchors its relative dates (\"on Thursday\", \"last "
      "September\"). The source says where it came from; inferred dates rest on a weekday with a "
      "day and month. Use 'date' to set another one: the article is analyzed again and its "
      "events move.");
  if (t.documents.empty()) {
    ImGui::TextColored(kDim, "Nothing open.");
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##articles", 4, flags, ImVec2(0, 0))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Article", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("Date", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Ev.", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableHeadersRow();

  Filter filter = view.filter();
  bool filter_changed = false;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(t.documents.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const auto d = static_cast<std::uint32_t>(row);
      const Document& doc = t.documents[d];
      ImGui::PushID(row);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const auto hidden =
          std::find(filter.hidden_articles.begin(), filter.hidden_articles.end(), doc.id);
      bool shown = hidden == filter.hidden_articles.end();
      if (ImGui::Checkbox("##shown", &shown)) {
        if (shown) {
          filter.hidden_articles.erase(hidden);
        } else {
          filter.hidden_articles.push_back(doc.id);
        }
        filter_changed = true;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show this article's events on the timeline");

      ImGui::TableNextColumn();
      const bool current = state.shown_doc == doc.id;
      if (ImGui::Selectable(doc.id.c_str(), current, ImGuiSelectableFlags_None)) {
        state.shown_doc = doc.id;
        state.scroll_to = 0;
      }
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        if (!doc.title.empty()) ImGui::TextUnformatted(doc.title.c_str());
        ImGui::TextColored(kDim, "%s", doc.path.c_str());
        if (!doc.url.empty()) ImGui::TextColored(kDim, "%s", doc.url.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }

      // The date is a button: clicking it sets another one.
      ImGui::TableNextColumn();
      const bool inferred = doc.dct.source == DctSource::inferred;
      const ImVec4 color = !doc.dct.known() ? kBad : inferred ? kWarn : ImVec4(0.1f, 0.1f, 0.1f, 1);
      const std::string label = doc.dct.known() ? doc.dct.iso() + (inferred ? "?" : "") : "undated";
      ImGui::PushStyleColor(ImGuiCol_Text, color);
      ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0, 0, 0, 0));
      const bool edit_clicked = ImGui::SmallButton(label.c_str());
      ImGui::PopStyleColor(2);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
        if (!doc.dct.known()) {
          ImGui::TextColored(kBad, "No creation date: its relative dates are not anchored.");
        } else {
          ImGui::Text("%s, from the %s", doc.dct.iso().c_str(),
                      std::string(to_string(doc.dct.source)).c_str());
          if (inferred) ImGui::TextColored(kWarn, "Inferred, not stated: check it.");
        }
        if (!doc.dct.evidence.empty()) ImGui::TextColored(kDim, "%s", doc.dct.evidence.c_str());
        ImGui::TextColored(kDim, "Click to set another date.");
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
      if (edit_clicked) {
        edit.doc = doc.id;
        std::snprintf(edit.text.data(), edit.text.size(), "%s", doc.dct.iso().c_str());
        edit.error.clear();
        ImGui::OpenPopup("##set_date");
      }
      if (ImGui::BeginPopup("##set_date")) {
        ImGui::Text("Creation date of %s", edit.doc.c_str());
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        const bool enter =
            ImGui::InputTextWithHint("##date", "YYYY-MM-DD", edit.text.data(), edit.text.size(),
                                     ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        const bool apply = ImGui::Button(state.loading ? "Busy..." : "Rebuild") || enter;
        if (apply && !state.loading) {
          auto dct = parse_dct(edit.text.data(), DctSource::option);
          if (!dct) {
            edit.error = "Not a date: use YYYY-MM-DD (e.g. 2020-11-10)";
          } else {
            dct->evidence = "set in the viewer";
            state.redate_request = ViewerState::Redate{edit.doc, *dct};
            ImGui::CloseCurrentPopup();
          }
        }
        if (!edit.error.empty()) ImGui::TextColored(kBad, "%s", edit.error.c_str());
        ImGui::TextColored(kDim, "The article is analyzed again with this date; its events move.");
        ImGui::EndPopup();
      }

      ImGui::TableNextColumn();
      ImGui::Text("%zu", view.events_in_document(d));
      ImGui::PopID();
    }
  }
  ImGui::EndTable();
  if (filter_changed) {
    view.set_filter(std::move(filter));
    state.view_changed = true;
  }
}

}  // namespace tempograph::viz
