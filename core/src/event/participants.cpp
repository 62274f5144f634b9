// Named participants: gazetteer names (longest alias first), ministries named after the country
// beside them, people named after a title ("Prime Minister Nikol Pashinyan", "spokeswoman, Maria
// Zakharova") or as the subject of a statement ("Gegham Stepanyan insisted"), and, once a person
// is named in full, their surname alone for the rest of the article.
#include "analysis.hpp"

#include <algorithm>

namespace tempograph::event {
namespace {

std::uint32_t add_participant(DocAnalysis& doc, Participant p, const std::string& adjective = {}) {
  for (std::uint32_t i = 0; i < doc.participants.size(); ++i)
    if (doc.participants[i].name == p.name) return i;
  doc.participants.push_back(std::move(p));
  doc.adjectives.push_back(adjective);
  return static_cast<std::uint32_t>(doc.participants.size() - 1);
}

void mark(DocAnalysis& doc, std::uint32_t first, std::uint32_t end, std::uint32_t participant) {
  const auto span = static_cast<std::int32_t>(doc.entities.size());
  doc.entities.push_back({first, end, participant});
  for (std::uint32_t k = first; k < end; ++k) doc.facts[k].entity = span;
}

// Length of the gazetteer alias matching at token i (0 for none), and which.
std::size_t match_alias(const DocAnalysis& doc, const EventLexicon& lexicon, std::uint32_t i,
                        const ParticipantAlias** found) {
  const WordInfo* w = doc.facts[i].word;
  if (!w || w->aliases.empty()) return 0;
  for (std::uint32_t id : w->aliases) {
    const ParticipantAlias& a = lexicon.alias(id);
    if (a.needs_capital && !doc.tokens[i].capitalized) continue;
    if (i + a.tokens.size() > doc.tokens.size()) continue;
    bool ok = true;
    for (std::size_t k = 1; k < a.tokens.size() && ok; ++k) {
      const Token& t = doc.tokens[i + k];
      ok = t.folded_hash == a.tokens[k] && !t.newline_before;
    }
    // "U.S" must not match the start of "U.Sx", nor "UN" a longer capitalized word run.
    if (!ok) continue;
    *found = &a;
    return a.tokens.size();
  }
  return 0;
}

// A capitalized word that may be part of a person's name.
bool name_word(const DocAnalysis& doc, std::uint32_t i) {
  return doc.tokens[i].capitalized && doc.is_word(i) && doc.facts[i].entity < 0 &&
         doc.facts[i].timex < 0 && doc.facts[i].roles == 0 && doc.word(i).size() > 1;
}

// The run of name words starting at i (at most 3), as [i, end).
std::uint32_t name_run(const DocAnalysis& doc, std::uint32_t i, std::uint32_t limit) {
  std::uint32_t end = i;
  while (end < limit && end - i < 3 && name_word(doc, end) &&
         (end == i || (doc.tokens[end].space_before && !doc.tokens[end].newline_before)))
    ++end;
  return end;
}

std::uint32_t add_person(DocAnalysis& doc, std::uint32_t first, std::uint32_t end,
                         std::vector<std::pair<std::uint64_t, std::uint32_t>>& surnames) {
  std::string name;
  for (std::uint32_t k = first; k < end; ++k) {
    if (k > first) name += ' ';
    name += doc.word(k);
  }
  Participant p;
  p.name = std::move(name);
  p.kind = ParticipantKind::person;
  const std::uint32_t id = add_participant(doc, std::move(p));
  mark(doc, first, end, id);
  if (end - first >= 2) surnames.emplace_back(doc.tokens[end - 1].folded_hash, id);
  return id;
}

}  // namespace

void find_entities(DocAnalysis& doc, const EventLexicon& lexicon) {
  const auto n = static_cast<std::uint32_t>(doc.tokens.size());
  // People named in full, by surname, and people the gazetteer knows, by surname too.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> surnames;

  // 1. Gazetteer names.
  for (std::uint32_t i = 0; i < n; ++i) {
    if (doc.facts[i].timex >= 0) continue;
    const ParticipantAlias* alias = nullptr;
    const std::size_t len = match_alias(doc, lexicon, i, &alias);
    if (len == 0) continue;
    const std::uint32_t end = i + static_cast<std::uint32_t>(len);
    const ParticipantEntry& entry = lexicon.participant(alias->participant);
    if (entry.ministry) {
      // "Russian Foreign Ministry", "Russia's foreign ministry": the country just before.
      std::uint32_t before = i;
      if (before >= 2 && doc.possessive_at(before - 2)) before -= 2;
      if (before == 0 || doc.entities.empty()) {
        i = end - 1;
        continue;
      }
      const EntitySpan& prev = doc.entities.back();
      const Participant& country = doc.participants[prev.participant];
      if (prev.end != before || country.kind != ParticipantKind::country) {
        i = end - 1;
        continue;
      }
      const std::string& adjective = doc.adjectives[prev.participant].empty()
                                         ? country.name
                                         : doc.adjectives[prev.participant];
      Participant p;
      p.name = adjective + " " + entry.name;
      p.kind = ParticipantKind::organization;
      p.country = country.name;
      const std::uint32_t first = prev.first;
      doc.entities.pop_back();
      mark(doc, first, end, add_participant(doc, std::move(p)));
      i = end - 1;
      continue;
    }
    Participant p;
    p.name = entry.name;
    p.kind = entry.kind;
    p.country = entry.country;
    const std::uint32_t id = add_participant(doc, std::move(p), entry.adjective);
    mark(doc, i, end, id);
    if (entry.kind == ParticipantKind::person) {
      const auto last = phrase_hashes(entry.name);
      if (!last.empty()) surnames.emplace_back(last.back(), id);
    }
    i = end - 1;
  }

  // 2. People after a title: skip prepositions, "the", known names and further titles, then take
  // the run of capitalized words ("Ambassador to Armenia Sergei Kopyrkin").
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!doc.has_role(i, kTitle)) continue;
    const std::uint32_t limit = doc.sentence_of(i).end_token;
    std::uint32_t j = i + 1;
    for (std::uint32_t steps = 0; j < limit && steps < 10; ++steps) {
      if (doc.facts[j].entity >= 0) {
        if (doc.participants[doc.entities[static_cast<std::size_t>(doc.facts[j].entity)]
                                 .participant]
                .kind == ParticipantKind::person)
          break;
        j = doc.entities[static_cast<std::size_t>(doc.facts[j].entity)].end;
        if (j + 1 < limit && doc.possessive_at(j)) j += 2;
        continue;
      }
      const std::uint16_t r = doc.facts[j].roles;
      if ((r & kTitle) || ((r & (kPreposition | kArticle)) && doc.lower(j)) ||
          (doc.is(j, ",") && j == i + 1)) {
        ++j;
        continue;
      }
      if (doc.is(j, ",") && j > i + 1) {
        ++j;  // "The press secretary of the Russian president, Dmitry Peskov"
        if (j < limit && name_word(doc, j)) break;
        j = limit;
        break;
      }
      break;
    }
    if (j >= limit || !name_word(doc, j)) continue;
    const std::uint32_t end = name_run(doc, j, limit);
    // A single capitalized word is a name only right after the title ("President Aliyev"); a run
    // going on with "and"/"of" and a capital is an office ("EU Foreign Affairs and Security").
    if (end - j < 2 && j != i + 1) continue;
    if (end + 1 < limit && (doc.is(end, "and") || doc.is(end, "of")) &&
        doc.tokens[end + 1].capitalized)
      continue;
    add_person(doc, j, end, surnames);
    i = end - 1;
  }

  // 3. Two or three capitalized words that open a sentence or follow a quote and come before a
  // statement verb: "Gegham Stepanyan insisted that ...".
  for (const Sentence& s : doc.sentences) {
    std::uint32_t i = s.first_token;
    while (i < s.end_token && !doc.is_word(i)) ++i;
    if (i >= s.end_token || !name_word(doc, i)) continue;
    const std::uint32_t end = name_run(doc, i, s.end_token);
    if (end - i < 2 || end >= s.end_token) continue;
    const WordInfo* next = doc.facts[end].word;
    if (!next) continue;
    const bool verb_follows =
        std::any_of(next->categorized.begin(), next->categorized.end(), [&](std::uint32_t c) {
          const CategorizedForm& f = lexicon.categorized(c);
          return (f.pos & kVerb) && !f.base && f.tokens.size() == 1;
        });
    if (verb_follows) add_person(doc, i, end, surnames);
  }

  // 3b. Two capitalized words right before a statement verb, after an office: "... Security
  // Policy Peter Stano says".
  for (std::uint32_t v = 2; v < n; ++v) {
    const WordInfo* w = doc.facts[v].word;
    if (!w || !doc.lower(v)) continue;
    const bool says =
        std::any_of(w->categorized.begin(), w->categorized.end(), [&](std::uint32_t c) {
          const CategorizedForm& f = lexicon.categorized(c);
          return f.category == EventCategory::statement && (f.pos & kVerb) && !f.base &&
                 f.tokens.size() == 1;
        });
    if (!says || !name_word(doc, v - 1) || !name_word(doc, v - 2)) continue;
    if (doc.tokens[v - 1].newline_before || !doc.tokens[v - 1].space_before) continue;
    add_person(doc, v - 2, v, surnames);
  }

  // 4. Surnames of people named in full: "Zakharova said", "said Lavrov".
  if (surnames.empty()) return;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (!doc.tokens[i].capitalized || !name_word(doc, i)) continue;
    const auto it = std::find_if(surnames.begin(), surnames.end(), [&](const auto& s) {
      return s.first == doc.tokens[i].folded_hash;
    });
    if (it == surnames.end()) continue;
    if (i + 1 < n && name_word(doc, i + 1) && doc.tokens[i + 1].space_before) continue;
    mark(doc, i, i + 1, it->second);
  }
  std::sort(doc.entities.begin(), doc.entities.end(),
            [](const EntitySpan& a, const EntitySpan& b) { return a.first < b.first; });
  for (std::size_t e = 0; e < doc.entities.size(); ++e)
    for (std::uint32_t k = doc.entities[e].first; k < doc.entities[e].end; ++k)
      doc.facts[k].entity = static_cast<std::int32_t>(e);
}

}  // namespace tempograph::event
