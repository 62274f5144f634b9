// Event extraction: triggers from the word lists in one pass over the tokens, then, for the
// timeline, mentions with a time, participants and a title.
//
// Which triggers become mentions. A clause usually reports one happening: in "Russia called on
// Azerbaijan to withdraw its troops" the appeal is the event and the withdrawal its content. So in
// each clause the first categorized verb takes the later triggers of its clause into its mention
// ("absorbs" them), unless a trigger has a date of its own ("denounced ... the September 19-20
// assault" stays two events). A light verb ("launched", "held", "reached") is no event alone: the
// event noun beside it is ("launched a large-scale attack" is an attack). Verbs that are not (yet)
// happenings ("to withdraw", "would not comment"), participles that hang on a noun or open a
// sentence ("the agreement signed by", "Speaking at ..."), and nouns inside another mention's
// phrase ("escalation of the armed confrontation") are absorbed too.
//
// Anchoring, in order (the first that applies):
//   1. a date written into the noun phrase: "the March 24 incursion", "last September's offensive";
//   2. a date or time adverbial in the mention's clause ("said on Wednesday", "On September 19,
//      there was an escalation"); each adverbial goes to the nearest mention of its clause;
//   3. a "when/while/as" clause takes the time of the clause it hangs on ("on Thursday when he
//      was visiting");
//   4. a verb of saying, or a verb in the present or present perfect: the article's date (DCT),
//      the way news reports speech ("X said" with no date was said on publication day);
//   5. a noun naming a happening the article dated before ("the incursion" after "the March 24
//      incursion"): that date (coreference);
//   6. a past-tense verb in the paragraph of a dated sentence: the previous sentence's date;
//   7. otherwise no time.
#include "analysis.hpp"
#include "lexicon.hpp"
#include "tempograph/event.hpp"

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace tempograph {

using event::Candidate;
using event::DocAnalysis;
using event::EventLexicon;
using event::TokenFacts;

EventExtractor::EventExtractor(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
EventExtractor::EventExtractor(EventExtractor&&) noexcept = default;
EventExtractor& EventExtractor::operator=(EventExtractor&&) noexcept = default;
EventExtractor::~EventExtractor() = default;

EventExtractor EventExtractor::load(const std::filesystem::path& assets_dir) {
  auto impl = std::make_unique<Impl>();
  impl->lexicon.load(assets_dir / "events");
  return EventExtractor(std::move(impl));
}

std::uint8_t event::generic_share(const GenericForm& g, std::uint16_t previous_roles) {
  std::uint8_t share = GenericForm::kUnknownShare;
  if (previous_roles & kDeterminer)
    share = g.after_determiner;
  else if (previous_roles & kVerbCue)
    share = g.after_cue;
  else
    share = g.other;
  return share == GenericForm::kUnknownShare ? g.overall : share;
}

std::size_t event::match_categorized(const EventLexicon& lexicon, const WordInfo& w,
                                     const std::vector<Token>& tokens, std::size_t i,
                                     const CategorizedForm** found) {
  for (std::uint32_t id : w.categorized) {
    const CategorizedForm& f = lexicon.categorized(id);
    if (i + f.tokens.size() > tokens.size()) continue;
    bool ok = true;
    for (std::size_t k = 1; k < f.tokens.size() && ok; ++k)
      ok = tokens[i + k].folded_hash == f.tokens[k] && !tokens[i + k].newline_before;
    if (!ok) continue;
    *found = &f;
    return f.tokens.size();
  }
  return 0;
}

std::pair<std::uint32_t, std::uint32_t> event::head_span(const std::vector<Token>& tokens,
                                                         std::uint32_t first, std::uint32_t end,
                                                         bool noun) {
  bool glued = true;
  for (std::uint32_t k = first + 1; k < end; ++k) glued = glued && !tokens[k].space_before;
  if (glued) return {tokens[first].begin, tokens[end - 1].end};
  const std::uint32_t h = noun ? end - 1 : first;
  return {tokens[h].begin, tokens[h].end};
}

std::size_t event::match_signal(const EventLexicon& lexicon, const std::vector<Token>& tokens,
                                std::size_t i, const SignalForm** found) {
  if (tokens[i].kind != TokenKind::word) return 0;
  const WordInfo* w = lexicon.find(tokens[i].folded_hash);
  if (!w || w->signals.empty()) return 0;
  // "the following day", "is following the talks": no signal.
  if (i > 0 && tokens[i - 1].kind == TokenKind::word &&
      (lexicon.roles(tokens[i - 1].folded_hash) & (kDeterminer | kAuxiliary)))
    return 0;
  for (std::uint32_t id : w->signals) {
    const SignalForm& s = lexicon.signal(id);
    if (i + s.tokens.size() > tokens.size()) continue;
    bool ok = true;
    for (std::size_t k = 1; k < s.tokens.size() && ok; ++k)
      ok = tokens[i + k].folded_hash == s.tokens[k] && !tokens[i + k].newline_before;
    if (!ok) continue;
    *found = &s;
    return s.tokens.size();
  }
  return 0;
}

bool event::datable(const TimeExpression& t) {
  if (!t.reaches.empty()) return true;
  if (t.type != TimexType::date && t.type != TimexType::time) return false;
  return !t.value.ends_with("_REF") && !t.value.empty() && t.value.front() != 'X';
}

const std::string& event::date_of(const TimeExpression& t) {
  return t.reaches.empty() ? t.value : t.reaches;
}

namespace {

using namespace tempograph::event;

// Decides whether a categorized form is read as a noun or a verb here, or is no trigger at all
// (a verb-only form after a determiner: "the stated aim"). Returns 0 none, 1 verb, 2 noun.
int reading(const DocAnalysis& doc, const CategorizedForm& f, std::uint32_t i) {
  const std::uint16_t prev_roles = i > 0 ? doc.facts[i - 1].roles : 0;
  const bool after_possessive = i >= 2 && doc.possessive_at(i - 2);
  const bool noun_context = (prev_roles & kDeterminer) || after_possessive;
  if (f.pos == kNoun || f.pos == kAdjective) return 2;
  if (!(f.pos & kNoun)) return noun_context && !f.past ? 0 : 1;
  if (f.past) return 1;
  if (noun_context) return 2;
  if (prev_roles & (kVerbCue | kAuxiliary)) return 1;
  // "Russia calls on", "Lavrov Pledges": a name before makes it a verb, unless the name is an
  // adjective ("Russian attacks").
  if (i > 0 && doc.facts[i - 1].entity >= 0) {
    const EntitySpan& e = doc.entities[static_cast<std::size_t>(doc.facts[i - 1].entity)];
    const std::string_view name = doc.text.substr(
        doc.tokens[e.first].begin, doc.tokens[e.end - 1].end - doc.tokens[e.first].begin);
    if (name != doc.adjectives[e.participant]) return 1;
  }
  return 2;
}

// "to withdraw", "would not comment", "will convene": not (yet) a happening.
bool irrealis(const DocAnalysis& doc, std::uint32_t i) {
  while (i > 0 && doc.has_role(i - 1, kAdverb | kNegation)) --i;
  if (i == 0) return false;
  const std::string_view w = doc.word(i - 1);
  return w == "to" || w == "will" || w == "would" || w == "can" || w == "could" || w == "may" ||
         w == "might" || w == "should" || w == "must" || w == "shall";
}

bool is_double_quote(std::string_view w) {
  return w == "\"" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || w == "\xC2\xAB" ||
         w == "\xC2\xBB";
}

// Clause numbers: a clause word (that, which, when, saying, ; ...) starts a clause, and so does a
// quote mark next to a comma or sentence end (speech against narration), but not scare quotes
// ("reliable basis").
void number_clauses(DocAnalysis& doc) {
  std::uint32_t clause = 0;
  doc.clause_first.clear();
  for (std::uint32_t si = 0; si < doc.sentences.size(); ++si) {
    const Sentence& s = doc.sentences[si];
    doc.clause_first.push_back(s.first_token);
    for (std::uint32_t i = s.first_token; i < s.end_token; ++i) {
      TokenFacts& f = doc.facts[i];
      f.sentence = si;
      bool breaks = (f.roles & kClause) && i > s.first_token;
      // A quote mark: “ ” " « » or the `` '' of older news text.
      const bool quote = doc.tokens[i].kind == TokenKind::punct &&
                         (is_double_quote(doc.word(i)) || doc.is(i, "`") || doc.is(i, "'"));
      if (!breaks && quote && i > s.first_token && i + 1 < s.end_token) {
        const std::string_view before = doc.word(i - 1), after = doc.word(i + 1);
        breaks = before == "," || after == "," || before == "." || after == ".";
      }
      if (breaks) {
        ++clause;
        doc.clause_first.push_back(i + 1);
        f.clause_break = true;
      }
      f.clause = clause;
    }
    ++clause;
  }
}

}  // namespace

void event::index_tokens(DocAnalysis& doc) {
  const auto n = static_cast<std::uint32_t>(doc.tokens.size());
  doc.candidate_at.assign(n, -1);
  for (std::size_t i = 0; i < doc.candidates.size(); ++i)  // one candidate per token at most
    doc.candidate_at[doc.candidates[i].first] = static_cast<std::int32_t>(i);
  doc.next_comma.assign(std::size_t{n} + 1, n);
  doc.clause_stop.assign(n, n);
  for (std::uint32_t k = n; k-- > 0;) {
    doc.next_comma[k] = doc.is(k, ",") ? k : doc.next_comma[k + 1];
    const bool same = k + 1 < n && doc.facts[k + 1].clause == doc.facts[k].clause &&
                      !doc.facts[k + 1].clause_break;
    doc.clause_stop[k] = doc.facts[k].clause_break ? k : same ? doc.clause_stop[k + 1] : k + 1;
  }
  doc.clause_comma.assign(doc.clause_first.size(), n);
  for (std::uint32_t cl = 0; cl < doc.clause_first.size(); ++cl) {
    std::uint32_t k = doc.clause_first[cl];
    while (k < n && doc.facts[k].clause == cl && !doc.is(k, ",")) ++k;
    doc.clause_comma[cl] = k;
  }
  doc.dash_before.assign(n, 0);
  for (std::uint32_t k = 1; k < n; ++k) {
    const std::uint32_t j = k - 1;
    const std::string_view w = doc.word(j);
    const bool spaced = doc.tokens[j].space_before || doc.tokens[k].space_before;
    doc.dash_before[k] = event::is_dash(w) && (w.size() > 1 || spaced) ? k : doc.dash_before[j];
  }
  doc.person_before.assign(n, -1);
  doc.group_before.assign(n, -1);
  std::int32_t person = -1, group = -1;
  for (std::uint32_t k = 0; k < n; ++k) {
    doc.person_before[k] = person;
    doc.group_before[k] = group;
    if (doc.facts[k].entity < 0) continue;
    const std::uint32_t p = doc.entities[static_cast<std::size_t>(doc.facts[k].entity)].participant;
    const ParticipantKind kind = doc.participants[p].kind;
    if (kind == ParticipantKind::person) person = static_cast<std::int32_t>(p);
    if (kind == ParticipantKind::country || kind == ParticipantKind::organization)
      group = static_cast<std::int32_t>(p);
  }
}

namespace {

void map_timexes(DocAnalysis& doc) {
  const auto& timexes = *doc.timexes;
  doc.timex_tokens.assign(timexes.size(), {0, 0});
  for (std::size_t t = 0; t < timexes.size(); ++t) {
    const auto first =
        std::lower_bound(doc.tokens.begin(), doc.tokens.end(), timexes[t].begin,
                         [](const Token& tok, std::uint32_t at) { return tok.end <= at; });
    auto k = static_cast<std::uint32_t>(first - doc.tokens.begin());
    const std::uint32_t start = k;
    while (k < doc.tokens.size() && doc.tokens[k].begin < timexes[t].end) {
      doc.facts[k].timex = static_cast<std::int32_t>(t);
      ++k;
    }
    doc.timex_tokens[t] = {start, k};
  }
}

void find_candidates(DocAnalysis& doc, const EventLexicon& lexicon) {
  const auto n = static_cast<std::uint32_t>(doc.tokens.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    const WordInfo* w = doc.facts[i].word;
    // "saying", "adding" open a clause that reports the main verb's speech: no event of their own.
    if (!w || w->categorized.empty() || doc.facts[i].timex >= 0 || doc.facts[i].entity >= 0 ||
        doc.facts[i].clause_break)
      continue;
    const CategorizedForm* f = nullptr;
    const std::size_t len = match_categorized(lexicon, *w, doc.tokens, i, &f);
    if (len == 0) continue;
    // "under attack", "under fire": a state, not a happening.
    const bool idiom = i > 0 && doc.is(i - 1, "under");
    const int r = idiom ? 0 : reading(doc, *f, i);
    const auto end = i + static_cast<std::uint32_t>(len);
    if (r != 0) {
      Candidate c;
      c.first = i;
      c.end = end;
      c.form = f;
      c.noun = r == 2;
      c.head = c.noun ? end - 1 : i;
      doc.candidates.push_back(c);
    }
    i = end - 1;
  }
}

// "the March 24 incursion", "last September's Azerbaijani military offensive": a date not
// introduced by a preposition, then at most three modifiers, then an event noun.
void attach_premodifiers(DocAnalysis& doc) {
  for (std::size_t t = 0; t < doc.timex_tokens.size(); ++t) {
    const auto [first, end] = doc.timex_tokens[t];
    if (first == end || !datable((*doc.timexes)[t])) continue;
    // "on November 9 signed" is an adverbial; "by last September's offensive" is not.
    const bool possessive = doc.possessive_at(end);
    if (!possessive && first > 0 && doc.has_role(first - 1, kTimePrep)) continue;
    std::uint32_t k = possessive ? end + 2 : end;
    for (std::uint32_t steps = 0; steps < 4 && k < doc.tokens.size(); ++steps, ++k) {
      if (const std::int32_t c = doc.candidate_at[k]; c >= 0) {
        Candidate& cand = doc.candidates[static_cast<std::size_t>(c)];
        if (cand.noun) cand.premodifier_timex = static_cast<std::int32_t>(t);
        break;
      }
      if (!doc.is_word(k) && !doc.is(k, "-")) break;
      if (doc.facts[k].roles != 0 || doc.facts[k].timex >= 0) break;
    }
  }
}

bool has_auxiliary_between(const DocAnalysis& doc, std::uint32_t from, std::uint32_t to) {
  for (std::uint32_t k = from; k < to; ++k)
    if (doc.has_role(k, kAuxiliary)) return true;
  return false;
}

bool names_event(const Candidate& c) {
  return c.noun && !c.form->light && c.form->category != EventCategory::other;
}

// A link signal among tokens [from, to): "resumed after the war".
bool signal_between(const DocAnalysis& doc, const EventLexicon& lexicon, std::uint32_t from,
                    std::uint32_t to) {
  const SignalForm* s = nullptr;
  for (std::uint32_t k = from; k < to; ++k)
    if (match_signal(lexicon, doc.tokens, k, &s) > 0) return true;
  return false;
}

void pair_light_verbs(DocAnalysis& doc, const EventLexicon& lexicon) {
  auto& cands = doc.candidates;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    Candidate& v = cands[i];
    if (!v.form->light || v.noun) continue;
    v.absorbed = true;  // a light verb alone is no mention
    if (irrealis(doc, v.first)) continue;
    const std::uint32_t clause = doc.facts[v.head].clause;
    // The subject of a passive ("an agreement was reached"), else the object ("launched a
    // large-scale attack"), else a subject ("discussions took place").
    Candidate* before = nullptr;
    if (i > 0 && names_event(cands[i - 1]) && cands[i - 1].end + 4 >= v.first &&
        doc.facts[cands[i - 1].head].clause == clause)
      before = &cands[i - 1];
    Candidate* after = nullptr;
    for (std::size_t j = i + 1; j < cands.size(); ++j) {
      if (cands[j].first > v.end + 5 || doc.facts[cands[j].head].clause != clause) break;
      if (names_event(cands[j])) {
        // The object stands before a signal, not after it: in "clashes resumed on Tuesday after
        // the 2020 war" what resumed is the clashes.
        if (!signal_between(doc, lexicon, v.end, cands[j].first)) after = &cands[j];
        break;
      }
    }
    Candidate* partner = after;
    if (before && (has_auxiliary_between(doc, before->end, v.first) || !after)) partner = before;
    if (partner && partner->light < 0) partner->light = static_cast<std::int32_t>(v.first);
  }
}

// Decides which candidates are mentions of their own; see the top of this file.
void absorb(DocAnalysis& doc) {
  auto& cands = doc.candidates;
  std::vector<bool> noun_heads(doc.tokens.size(), false);
  for (const Candidate& x : cands)
    if (x.noun) noun_heads[x.head] = true;
  const auto noun_head_at = [&](std::uint32_t token) { return bool{noun_heads[token]}; };
  for (Candidate& c : cands) {
    if (c.form->category == EventCategory::other && !c.form->light) c.absorbed = true;
    if (c.noun || c.absorbed) continue;
    const std::uint32_t clause_start = doc.clause_first[doc.facts[c.first].clause];
    std::uint32_t start = clause_start;
    while (start < c.first && !doc.is_word(start)) ++start;
    const std::string_view w = doc.word(c.first);
    if (irrealis(doc, c.first) ||
        // "Speaking at a press conference, Lavrov said": the participle goes with the main verb.
        (start == c.first && w.ends_with("ing")) ||
        // "the agreement signed by the leaders": part of the noun's mention.
        (c.form->past && c.first > 0 && noun_head_at(c.first - 1)))
      c.absorbed = true;
  }
  // The first verb of a clause (or a noun with its light verb) governs the rest of the clause,
  // and a relative clause of an event noun ("the assault that restored ...") belongs to it.
  std::int64_t clause = -1;
  bool governed = false;
  for (Candidate& c : cands) {
    const std::uint32_t cl = doc.facts[c.head].clause;
    if (cl != clause) {
      clause = cl;
      const std::uint32_t start = doc.clause_first[cl];
      governed = start >= 2 && doc.facts[start - 1].clause_break &&
                 (doc.is(start - 1, "that") || doc.is(start - 1, "which")) &&
                 noun_head_at(start - 2);
    }
    if (c.absorbed) continue;
    if (governed && c.premodifier_timex < 0) {
      c.absorbed = true;
      continue;
    }
    if (!c.noun || c.light >= 0) governed = true;
  }
  // An event noun in the "of" phrase of another ("escalation of the armed confrontation"), or in
  // an opening phrase set off by a comma before the clause's verb ("With the active mediation of
  // ..., an agreement was reached"), belongs to that mention.
  // Only the candidate being looked at is absorbed here, so the last one left standing before
  // it is known without looking back, and the next one that governs is found once per stretch.
  std::optional<std::size_t> previous;  // the last candidate before i not absorbed
  std::size_t governing = 0;            // from here on, the next candidate that may govern
  for (std::size_t i = 0; i < cands.size(); ++i) {
    Candidate& n = cands[i];
    const std::optional<std::size_t> before = previous;
    if (!n.absorbed) previous = i;  // updated again below if n is absorbed now
    if (n.absorbed || !n.noun || n.premodifier_timex >= 0 || n.light >= 0) continue;
    const std::uint32_t cl = doc.facts[n.head].clause;
    if (before) {
      const Candidate& p = cands[*before];
      if (p.noun && doc.facts[p.head].clause == cl && p.end < n.first && doc.is(p.end, "of") &&
          n.first - p.end <= 4)
        n.absorbed = true;
    }
    // "In his remarks, Mirzoyan reflected ...", "Under the deal, ...": an opening phrase.
    const std::uint32_t start = doc.clause_first[cl];
    if (!n.absorbed && doc.has_role(start, kOpener) && doc.has_role(start, kPreposition)) {
      const std::uint32_t k = doc.clause_comma[cl];
      if (k < doc.tokens.size() && doc.is(k, ",") && n.end <= k) n.absorbed = true;
    }
    if (!n.absorbed) {
      // The next candidate of the clause that is not absorbed and not a noun on its own. Those
      // skipped are never absorbed later in this loop (it absorbs only nouns that stand alone),
      // so the search resumes where the last one ended.
      governing = std::max(governing, i + 1);
      while (governing < cands.size() && doc.facts[cands[governing].head].clause == cl &&
             (cands[governing].absorbed || (cands[governing].noun && cands[governing].light < 0)))
        ++governing;
      if (governing < cands.size() && doc.facts[cands[governing].head].clause == cl) {
        const Candidate& g = cands[governing];
        const std::uint32_t at = g.light >= 0 ? static_cast<std::uint32_t>(g.light) : g.first;
        if (doc.next_comma[n.end] < at) n.absorbed = true;
        // "the discussion on a peace treaty was discussed": one happening, named twice.
        if (g.form->category == n.form->category) n.absorbed = true;
      }
    }
    if (n.absorbed) previous = before;
  }
}

// Each adverbial date goes to the nearest mention of its clause.
void attach_adverbials(DocAnalysis& doc) {
  // The timexes already taken as premodifiers, and per clause the candidates that can take a
  // date, by position, made once: scanning every candidate for every timex made a long article
  // quadratic (17 MB of short dated sentences took minutes, one long sentence as much).
  std::vector<bool> used(doc.timex_tokens.size(), false);
  struct Open {
    std::uint32_t at;     // the light verb's token, else the head
    std::uint32_t index;  // into doc.candidates
  };
  std::vector<std::vector<Open>> open(doc.clause_first.size());
  for (std::uint32_t i = 0; i < doc.candidates.size(); ++i) {
    const Candidate& c = doc.candidates[i];
    if (c.premodifier_timex >= 0 && static_cast<std::size_t>(c.premodifier_timex) < used.size())
      used[static_cast<std::size_t>(c.premodifier_timex)] = true;
    const std::uint32_t clause = doc.facts[c.head].clause;
    if (clause >= open.size() || c.absorbed || c.premodifier_timex >= 0) continue;
    open[clause].push_back({c.light >= 0 ? static_cast<std::uint32_t>(c.light) : c.head, i});
  }
  const auto by_position = [](const Open& a, const Open& b) {
    return a.at != b.at ? a.at < b.at : a.index < b.index;
  };
  for (auto& list : open) std::sort(list.begin(), list.end(), by_position);
  constexpr std::uint32_t kNone = 0xFFFFFFFF;
  std::vector<std::uint32_t> after_comma(doc.clause_first.size(), kNone - 1);  // kNone - 1: unknown
  for (std::size_t t = 0; t < doc.timex_tokens.size(); ++t) {
    // Plain variables, not a structured binding: clang 14 cannot capture those in a lambda.
    const std::uint32_t first = doc.timex_tokens[t].first, end = doc.timex_tokens[t].second;
    if (first == end || !datable((*doc.timexes)[t])) continue;
    if (used[t]) continue;
    const std::uint32_t clause = doc.facts[first].clause;
    if (clause >= open.size()) continue;
    const std::uint32_t clause_start = doc.clause_first[clause];
    // A date in an opening phrase ("On September 19, ...", "During a press briefing on
    // Thursday, ...") dates the clause's first mention after the comma.
    const std::uint32_t comma = doc.clause_comma[clause];
    const bool opens = doc.has_role(clause_start, kOpener) || doc.facts[clause_start].timex >= 0;
    std::uint32_t best = kNone;
    if (opens && end <= comma && comma < doc.tokens.size() && doc.facts[comma].clause == clause) {
      if (after_comma[clause] == kNone - 1) {
        // The first in text order of the clause's open candidates past the comma.
        after_comma[clause] = kNone;
        for (const Open& o : open[clause])
          if (doc.candidates[o.index].first > comma)
            after_comma[clause] = std::min(after_comma[clause], o.index);
      }
      best = after_comma[clause];
    }
    if (best == kNone) {
      // The nearest: the closest before the date, or the closest from its last token on; on a
      // tie, the one found first in text order.
      const auto& list = open[clause];
      const auto distance = [&](std::uint32_t at) -> std::uint32_t {
        return at < first ? first - at : at - end + 1;
      };
      const auto from = std::lower_bound(list.begin(), list.end(), first,
                                         [](const Open& o, std::uint32_t x) { return o.at < x; });
      std::uint64_t best_key = ~std::uint64_t{0};
      const auto consider = [&](const Open& o) {
        const std::uint64_t key = (std::uint64_t{distance(o.at)} << 32) | o.index;
        if (key < best_key) {
          best_key = key;
          best = o.index;
        }
      };
      if (from != list.begin()) {
        // Of those at the closest position before the date, the first.
        const std::uint32_t at = std::prev(from)->at;
        consider(*std::lower_bound(list.begin(), from, at,
                                   [](const Open& o, std::uint32_t x) { return o.at < x; }));
      }
      const auto right = std::lower_bound(from, list.end(), std::max(first, end - 1),
                                          [](const Open& o, std::uint32_t x) { return o.at < x; });
      if (right != list.end()) consider(*right);
      if (from != right) consider(*from);  // inside the date: only when nothing else is
    }
    if (best != kNone && doc.candidates[best].adverbial_timex < 0)
      doc.candidates[best].adverbial_timex = static_cast<std::int32_t>(t);
  }
}

// Present or present perfect: a base or -s form not after was/were/had/did, or has/have before.
bool present_tense(const DocAnalysis& doc, const Candidate& c) {
  if (c.noun || irrealis(doc, c.first)) return false;
  std::uint32_t k = c.first;
  while (k > 0 && doc.has_role(k - 1, kAdverb | kNegation)) --k;
  if (k > 0 && doc.has_role(k - 1, kAuxiliary)) {
    const std::string_view aux = doc.word(k - 1);
    return aux == "has" || aux == "have" || aux == "is" || aux == "are" || aux == "am" ||
           aux == "does" || aux == "do";
  }
  return !c.form->past && !doc.word(c.first).ends_with("ing");
}

// Categories of things said rather than done: reported, like statements, on publication day.
bool verbal(EventCategory c) {
  return c == EventCategory::statement || c == EventCategory::appeal ||
         c == EventCategory::intent || c == EventCategory::criticism ||
         c == EventCategory::rejection || c == EventCategory::threat;
}

struct Anchor {
  AnchorSource source = AnchorSource::none;
  std::int32_t timex = -1;
};

}  // namespace

std::vector<EventTrigger> EventExtractor::find_triggers(std::string_view text) const {
  const EventLexicon& lexicon = impl_->lexicon;
  std::vector<Token> tokens;
  tokenize(text, tokens);
  std::vector<EventTrigger> out;
  out.reserve(tokens.size() / 8);
  std::uint16_t prev_roles = 0;
  bool prev_determiner_like = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    const WordInfo* w = t.kind == TokenKind::word ? lexicon.find(t.folded_hash) : nullptr;
    const std::uint16_t roles = w ? w->roles : 0;
    if (w) {
      const CategorizedForm* f = nullptr;
      const std::size_t len =
          w->categorized.empty() ? 0 : match_categorized(lexicon, *w, tokens, i, &f);
      const bool generic_yes =
          w->generic >= 0 &&
          generic_share(lexicon.generic(w->generic), prev_roles) >= EventLexicon::kGenericThreshold;
      if (len > 0 && !(prev_determiner_like && f->pos == kVerb && !f->past)) {
        const auto end = static_cast<std::uint32_t>(i + len);
        const bool noun = (f->pos & kNoun) && (prev_determiner_like || !(f->pos & kVerb));
        const auto [b, e] = head_span(tokens, static_cast<std::uint32_t>(i), end, noun);
        EventTrigger trig{b, e, f->category, TimemlEventClass::occurrence,
                          noun ? PartOfSpeech::noun : PartOfSpeech::verb};
        if (w->generic >= 0)
          trig.timeml_class = lexicon.generic(w->generic).timeml_class;
        else if (f->category == EventCategory::statement)
          trig.timeml_class = TimemlEventClass::reporting;
        out.push_back(trig);
        i = end - 1;  // the rest of the phrase ("on" of "called on") is no trigger of its own
      } else if (generic_yes) {
        const GenericForm& g = lexicon.generic(w->generic);
        out.push_back({t.begin, t.end, EventCategory::other, g.timeml_class, g.pos});
      }
    }
    prev_roles = roles;
    prev_determiner_like = roles & kDeterminer;
  }
  return out;
}

std::vector<EventMention> EventExtractor::find(const Document& document,
                                               const std::vector<TimeExpression>& timexes) const {
  const EventLexicon& lexicon = impl_->lexicon;
  DocAnalysis doc;
  doc.text = document.text;
  doc.document = &document;
  doc.timexes = &timexes;
  tokenize(doc.text, doc.tokens);
  doc.facts.resize(doc.tokens.size());
  for (std::size_t i = 0; i < doc.tokens.size(); ++i) {
    const Token& t = doc.tokens[i];
    if (t.kind == TokenKind::number) continue;
    const WordInfo* w = lexicon.find(t.folded_hash);
    doc.facts[i].word = w;
    doc.facts[i].roles = w ? w->roles : 0;
  }
  split_sentences(doc.text, doc.tokens, doc.sentences);
  number_clauses(doc);
  map_timexes(doc);
  find_entities(doc, lexicon);
  find_candidates(doc, lexicon);
  index_tokens(doc);
  attach_premodifiers(doc);
  pair_light_verbs(doc, lexicon);
  absorb(doc);
  attach_adverbials(doc);

  std::vector<EventMention> out;
  std::vector<Anchor> anchors;  // per mention in `out`
  std::vector<std::uint32_t> mention_sentence;
  const std::string dct = document.dct.iso();
  TitleContext titles;
  std::unordered_set<std::string> said;  // title and time of each mention kept
  for (const Candidate& c : doc.candidates) {
    if (c.absorbed) continue;
    const std::uint32_t si = doc.facts[c.head].sentence;
    const Sentence& s = doc.sentences[si];
    EventMention m;
    const auto span = head_span(doc.tokens, c.first, c.end, c.noun);
    m.begin = span.first;
    m.end = span.second;
    m.sentence_begin = s.begin;
    m.sentence_end = s.end;
    m.trigger_lemma = c.form->lemma;
    m.category = c.form->category;
    m.pos = c.noun ? PartOfSpeech::noun : PartOfSpeech::verb;

    Anchor a;
    if (c.premodifier_timex >= 0) {
      a = {AnchorSource::timex, c.premodifier_timex};
    } else if (c.adverbial_timex >= 0) {
      a = {AnchorSource::timex, c.adverbial_timex};
    }
    // 3. A when/while/as clause: the time of the clause before it, in the same sentence.
    const std::uint32_t clause = doc.facts[c.head].clause;
    const std::uint32_t clause_start = doc.clause_first[clause];
    if (a.source == AnchorSource::none && clause_start > s.first_token &&
        doc.facts[clause_start - 1].clause_break) {
      const std::string_view opener = doc.word(clause_start - 1);
      if (opener == "when" || opener == "while" || opener == "as") {
        for (std::size_t k = out.size(); k-- > 0;) {
          if (mention_sentence[k] != si) break;
          if (anchors[k].source == AnchorSource::timex) {
            a = anchors[k];
            break;
          }
        }
      }
    }
    // 4. Saying, and present narration: the DCT.
    if (a.source == AnchorSource::none && !c.noun &&
        (verbal(c.form->category) || present_tense(doc, c)) && document.dct.known())
      a.source = AnchorSource::dct;
    // 5. A happening dated earlier in the article under the same name.
    if (a.source == AnchorSource::none) {
      for (std::size_t k = out.size(); k-- > 0;) {
        if (out[k].trigger_lemma == m.trigger_lemma && anchors[k].timex >= 0) {
          a = {AnchorSource::coreference, anchors[k].timex};
          break;
        }
      }
    }
    // 6. Past narration continuing the previous sentence of its paragraph.
    if (a.source == AnchorSource::none && !c.noun && si > 0 && !s.starts_line) {
      for (std::size_t k = out.size(); k-- > 0;) {
        if (mention_sentence[k] + 1 < si) break;
        if (mention_sentence[k] + 1 == si && anchors[k].timex >= 0) {
          a = {AnchorSource::previous_sentence, anchors[k].timex};
          break;
        }
      }
    }
    m.anchor = a.source;
    m.timex = a.timex;
    if (a.timex >= 0) {
      const TimeExpression& t = timexes[static_cast<std::size_t>(a.timex)];
      m.time_value = date_of(t);
      // Not the longer length of "two or three days later", which reaches a date of its own.
      if (t.reaches.empty()) m.time_range_end = t.range_end;
    } else if (a.source == AnchorSource::dct) {
      m.time_value = dct;
    }

    Title title = build_title(doc, c, titles);
    if (title.drop || title.text.empty()) continue;
    m.title = std::move(title.text);
    std::vector<std::uint32_t> ids;
    for (std::uint32_t k = title.first; k < title.end; ++k) {
      const std::int32_t e = doc.facts[k].entity;
      if (e < 0) continue;
      const std::uint32_t p = doc.entities[static_cast<std::size_t>(e)].participant;
      if (std::find(ids.begin(), ids.end(), p) == ids.end()) ids.push_back(p);
    }
    for (std::uint32_t p : title.resolved)
      if (std::find(ids.begin(), ids.end(), p) == ids.end()) ids.push_back(p);
    for (std::uint32_t p : ids) m.participants.push_back(doc.participants[p]);
    // An event noun with neither time nor participant ("under attack", "the deal") says too
    // little for a timeline; a repeated headline says nothing new.
    if (c.noun && a.source == AnchorSource::none && m.participants.empty()) continue;
    if (!said.insert(m.title + '\n' + m.time_value).second) continue;  // said already

    out.push_back(std::move(m));
    anchors.push_back(a);
    mention_sentence.push_back(si);
  }
  return out;
}

}  // namespace tempograph
