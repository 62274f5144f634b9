#include "lexicon.hpp"

#include "../assets/tsv.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace tempograph::event {
namespace {

using assets::TsvRow;

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    std::string part(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (!part.empty()) out.push_back(std::move(part));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool is_vowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

bool consonant_y(const std::string& w) {
  return w.size() >= 2 && w.back() == 'y' && !is_vowel(w[w.size() - 2]);
}

bool sibilant(const std::string& w) {
  return w.ends_with("s") || w.ends_with("x") || w.ends_with("z") || w.ends_with("ch") ||
         w.ends_with("sh");
}

std::string plural_or_third(const std::string& w) {
  if (consonant_y(w)) return w.substr(0, w.size() - 1) + "ies";
  if (sibilant(w)) return w + "es";
  return w + "s";
}

std::string past(const std::string& w) {
  if (w.ends_with("e")) return w + "d";
  if (consonant_y(w)) return w.substr(0, w.size() - 1) + "ied";
  return w + "ed";
}

std::string gerund(const std::string& w) {
  if (w.ends_with("ie")) return w.substr(0, w.size() - 2) + "ying";
  if (w.size() > 2 && w.ends_with("e") && !w.ends_with("ee") && !w.ends_with("ye") &&
      !w.ends_with("oe"))
    return w.substr(0, w.size() - 1) + "ing";
  return w + "ing";
}

std::uint8_t parse_share(const TsvRow& row, std::size_t i) {
  const std::string_view f = row.fields[i];
  if (f == "-") return GenericForm::kUnknownShare;
  unsigned v = 0;
  auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (ec != std::errc() || ptr != f.data() + f.size() || v > 100)
    row.fail("share must be a percentage 0-100 or '-': '" + std::string(f) + "'");
  return static_cast<std::uint8_t>(v);
}

PartOfSpeech parse_pos(const TsvRow& row, std::string_view s) {
  if (s == "verb") return PartOfSpeech::verb;
  if (s == "noun") return PartOfSpeech::noun;
  if (s == "adjective") return PartOfSpeech::adjective;
  if (s == "other") return PartOfSpeech::other;
  row.fail("unknown part of speech '" + std::string(s) + "'");
}

TimemlEventClass parse_class(const TsvRow& row, std::string_view s) {
  for (auto c : {TimemlEventClass::occurrence, TimemlEventClass::reporting,
                 TimemlEventClass::perception, TimemlEventClass::aspectual,
                 TimemlEventClass::i_action, TimemlEventClass::i_state, TimemlEventClass::state})
    if (to_string(c) == s) return c;
  row.fail("unknown TimeML event class '" + std::string(s) + "'");
}

}  // namespace

std::vector<std::uint64_t> phrase_hashes(std::string_view phrase) {
  std::vector<Token> toks;
  tokenize(phrase, toks);
  std::vector<std::uint64_t> out;
  out.reserve(toks.size());
  for (const auto& t : toks) out.push_back(t.folded_hash);
  return out;
}

WordInfo& EventLexicon::word(std::uint64_t hash) {
  std::uint32_t at = index_.find(hash);
  if (at == assets::HashIndex::kMissing) {
    at = static_cast<std::uint32_t>(words_.size());
    words_.emplace_back();
    index_.insert(hash, at);
  }
  return words_[at];
}

void EventLexicon::load(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw std::runtime_error(dir.string() + ": event assets not found (set TEMPOGRAPH_ASSETS)");
  load_words(dir / "words.tsv");
  load_generic(dir / "occurrences.tsv");
  load_categorized(dir / "triggers.tsv");
  load_participants(dir / "participants.tsv");
  load_signals(dir / "signals.tsv");
}

void EventLexicon::load_words(const std::filesystem::path& file) {
  static constexpr std::pair<std::string_view, Role> kRoles[] = {{"determiner", kDeterminer},
                                                                 {"verb_cue", kVerbCue},
                                                                 {"clause", kClause},
                                                                 {"auxiliary", kAuxiliary},
                                                                 {"adverb", kAdverb},
                                                                 {"negation", kNegation},
                                                                 {"time_prep", kTimePrep},
                                                                 {"preposition", kPreposition},
                                                                 {"conjunction", kConjunction},
                                                                 {"opener", kOpener},
                                                                 {"he", kHe},
                                                                 {"group", kGroup},
                                                                 {"article", kArticle},
                                                                 {"title", kTitle},
                                                                 {"self", kSelf}};
  assets::for_each_row(file, [&](const TsvRow& row) {
    if (row.fields.size() != 2) row.fail("expected word and roles");
    const auto hashes = phrase_hashes(row.fields[0]);
    if (hashes.size() != 1) row.fail("a function word must be one token");
    std::uint16_t roles = 0;
    for (const auto& name : split(row.fields[1], ',')) {
      const auto* it = std::find_if(std::begin(kRoles), std::end(kRoles),
                                    [&](const auto& r) { return r.first == name; });
      if (it == std::end(kRoles)) row.fail("unknown role '" + name + "'");
      roles = static_cast<std::uint16_t>(roles | it->second);
    }
    word(hashes.front()).roles |= roles;
  });
}

void EventLexicon::load_generic(const std::filesystem::path& file) {
  assets::for_each_row(file, [&](const TsvRow& row) {
    if (row.fields.size() != 8)
      row.fail("expected form, share, other, after_det, after_cue, pos, class, lemma");
    const auto hashes = phrase_hashes(row.fields[0]);
    if (hashes.size() != 1) row.fail("a generic trigger must be one token");
    GenericForm g;
    g.overall = parse_share(row, 1);
    if (g.overall == GenericForm::kUnknownShare) row.fail("the overall share must be known");
    g.other = parse_share(row, 2);
    g.after_determiner = parse_share(row, 3);
    g.after_cue = parse_share(row, 4);
    g.pos = parse_pos(row, row.fields[5]);
    g.timeml_class = parse_class(row, row.fields[6]);
    g.lemma = row.fields[7];
    WordInfo& w = word(hashes.front());
    if (w.generic >= 0) row.fail("duplicate form '" + std::string(row.fields[0]) + "'");
    w.generic = static_cast<std::int32_t>(generic_.size());
    generic_.push_back(std::move(g));
  });
}

void EventLexicon::add_categorized(CategorizedForm form) {
  WordInfo& w = word(form.tokens.front());
  // The same form from two lemmas ("meeting" of meet and of meeting): the first listed wins.
  for (std::uint32_t i : w.categorized)
    if (categorized_[i].tokens == form.tokens) return;
  const auto id = static_cast<std::uint32_t>(categorized_.size());
  categorized_.push_back(std::move(form));
  w.categorized.push_back(id);
  // Longest phrase first, so "call on" wins over "call".
  std::stable_sort(w.categorized.begin(), w.categorized.end(),
                   [&](std::uint32_t a, std::uint32_t b) {
                     return categorized_[a].tokens.size() > categorized_[b].tokens.size();
                   });
}

void EventLexicon::load_categorized(const std::filesystem::path& file) {
  assets::for_each_row(file, [&](const TsvRow& row) {
    if (row.fields.size() < 3 || row.fields.size() > 4)
      row.fail("expected lemma, category, part of speech and optional forms");
    const std::string lemma(row.fields[0]);
    const auto category = parse_event_category(row.fields[1]);
    if (!category) row.fail("unknown category '" + std::string(row.fields[1]) + "'");
    std::uint8_t pos = 0;
    bool light = false;
    for (const auto& p : split(row.fields[2], ',')) {
      if (p == "verb")
        pos |= kVerb;
      else if (p == "noun")
        pos |= kNoun;
      else if (p == "adj")
        pos |= kAdjective;
      else if (p == "light")
        light = true;
      else
        row.fail("unknown part of speech '" + p + "'");
    }
    if (pos == 0) row.fail("no part of speech");
    // (form, readings, past): inflections change only the first word of a phrase.
    struct Form {
      std::string text;
      std::uint8_t pos;
      bool past;
    };
    std::vector<Form> forms;
    const auto space = lemma.find(' ');
    const std::string head = lemma.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : lemma.substr(space);
    if (row.fields.size() == 4) {
      for (const auto& f : split(row.fields[3], '|')) {
        const std::string first = f.substr(0, f.find(' '));
        const bool is_past = f != lemma && (first.ends_with("ed") ||
                                            (!first.ends_with("s") && !first.ends_with("ing")));
        forms.push_back({f, pos, (pos & kVerb) && is_past});
      }
    } else {
      forms.push_back({lemma, pos, false});
      if (pos & kVerb) {
        forms.push_back({plural_or_third(head) + rest, pos, false});
        forms.push_back({past(head) + rest, kVerb, true});
        forms.push_back({gerund(head) + rest, kVerb, false});
      } else if (pos & kNoun) {
        forms.push_back({plural_or_third(head) + rest, kNoun, false});
      }
    }
    for (const auto& f : forms) {
      CategorizedForm c;
      c.tokens = phrase_hashes(f.text);
      if (c.tokens.empty()) row.fail("empty form");
      c.lemma = lemma;
      c.category = *category;
      c.pos = f.pos;
      c.light = light;
      c.past = f.past;
      c.base = f.text == lemma;
      add_categorized(std::move(c));
    }
  });
}

void EventLexicon::load_participants(const std::filesystem::path& file) {
  assets::for_each_row(file, [&](const TsvRow& row) {
    if (row.fields.size() != 5) row.fail("expected canonical, kind, country, adjective, aliases");
    ParticipantEntry p;
    p.name = row.fields[0];
    const std::string_view kind = row.fields[1];
    if (kind == "country")
      p.kind = ParticipantKind::country;
    else if (kind == "organization")
      p.kind = ParticipantKind::organization;
    else if (kind == "person")
      p.kind = ParticipantKind::person;
    else if (kind == "place")
      p.kind = ParticipantKind::place;
    else if (kind == "group")
      p.kind = ParticipantKind::group;
    else if (kind == "ministry")
      p.kind = ParticipantKind::organization, p.ministry = true;
    else
      row.fail("unknown participant kind '" + std::string(kind) + "'");
    if (row.fields[2] != "-") p.country = row.fields[2];
    if (row.fields[3] != "-") p.adjective = row.fields[3];
    const auto id = static_cast<std::uint32_t>(participants_.size());
    participants_.push_back(p);
    for (const auto& alias : split(row.fields[4], '|')) {
      ParticipantAlias a;
      a.tokens = phrase_hashes(alias);
      if (a.tokens.empty()) row.fail("empty alias");
      a.participant = id;
      a.needs_capital = !p.ministry;
      WordInfo& w = word(a.tokens.front());
      // Lower-case variants of a ministry's name hash alike; one alias is enough.
      const bool dup = std::any_of(w.aliases.begin(), w.aliases.end(),
                                   [&](std::uint32_t i) { return aliases_[i].tokens == a.tokens; });
      if (dup) continue;
      const auto alias_id = static_cast<std::uint32_t>(aliases_.size());
      aliases_.push_back(std::move(a));
      w.aliases.push_back(alias_id);
      std::stable_sort(w.aliases.begin(), w.aliases.end(), [&](std::uint32_t x, std::uint32_t y) {
        return aliases_[x].tokens.size() > aliases_[y].tokens.size();
      });
    }
  });
}

void EventLexicon::load_signals(const std::filesystem::path& file) {
  assets::for_each_row(file, [&](const TsvRow& row) {
    if (row.fields.size() != 2) row.fail("expected signal and direction");
    SignalForm sig;
    sig.tokens = phrase_hashes(row.fields[0]);
    if (sig.tokens.empty()) row.fail("empty signal");
    if (row.fields[1] == "after")
      sig.after = true;
    else if (row.fields[1] == "before")
      sig.after = false;
    else
      row.fail("direction must be 'after' or 'before': '" + std::string(row.fields[1]) + "'");
    WordInfo& w = word(sig.tokens.front());
    for (std::uint32_t i : w.signals)
      if (signals_[i].tokens == sig.tokens)
        row.fail("duplicate signal '" + std::string(row.fields[0]) + "'");
    const auto id = static_cast<std::uint32_t>(signals_.size());
    signals_.push_back(std::move(sig));
    w.signals.push_back(id);
    // Longest first, so "in the wake of" is tried before a shorter phrase starting alike.
    std::stable_sort(w.signals.begin(), w.signals.end(), [&](std::uint32_t a, std::uint32_t b) {
      return signals_[a].tokens.size() > signals_[b].tokens.size();
    });
  });
}

}  // namespace tempograph::event
