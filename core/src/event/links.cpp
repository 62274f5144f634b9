// Explicit temporal links: a signal (assets/events/signals.tsv: "after", "since", "ahead of", ...)
// in a mention's sentence, followed closely by a noun phrase headed by an event word: "clashes
// resumed after the 2020 war", "since the resumption of hostilities", "ahead of the CSTO summit".
//
// Between the signal and the event word there may be what a noun phrase opens with: a determiner
// (first only), modifiers ("latest", "large-scale"), numbers, a date ("the 2020 war", "last
// September's offensive"), a possessive, a name used as a modifier ("the CSTO summit",
// "Azerbaijani shelling", "Azerbaijan's offensive"). Whatever makes the rest a clause or another
// phrase ends the search with no link: a verb ("after Russia brokered the deal"), a pronoun, a
// preposition, a comma, a name opening a clause. So "after September 13" (a date alone) and
// "since he took office" give none. A gerund right after the signal is a target too ("after
// signing the agreement").
//
// Whose link it is: the mention of the signal's clause, the nearest before the signal ("clashes
// resumed after ..."); when the signal opens its clause ("After the talks in Moscow, Lavrov
// said"), the first mention after the phrase; in a relative clause with neither, the noun it
// hangs on ("the talks, which came after the war"). Otherwise none: the clause's event is no
// mention, and another clause's mention is not what the signal orders.
//
// One pass over the tokens of each sentence that has mentions; the look-ahead after a signal is
// bounded by kMaxBetween.
#include "analysis.hpp"
#include "lexicon.hpp"
#include "tempograph/event.hpp"

#include <algorithm>
#include <optional>

namespace tempograph {

namespace {

using namespace tempograph::event;

// Words (a date or a hyphenated word counts as one) allowed between the signal and its target:
// "after [last September's Azerbaijani military] offensive" has four.
constexpr std::uint32_t kMaxBetween = 5;

constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);

struct Target {
  std::uint32_t first = 0, end = 0;  // the trigger phrase's tokens
  bool noun = true;
  const std::string* lemma = nullptr;
  std::int32_t timex = -1;  // a date in the phrase
};

// One sentence, its tokens with document offsets, and what the link step asks of them.
class SentenceScan {
 public:
  SentenceScan(const EventLexicon& lexicon, std::string_view text,
               const std::vector<TimeExpression>& timexes, const std::vector<Token>& tokens,
               std::size_t timex_first, std::size_t timex_end)
      : lexicon_(lexicon),
        text_(text),
        timexes_(timexes),
        tokens_(tokens),
        n_(static_cast<std::uint32_t>(tokens.size())),
        timex_first_(timex_first),
        timex_end_(timex_end) {}

  const WordInfo* info(std::uint32_t k) const {
    return tokens_[k].kind == TokenKind::number ? nullptr : lexicon_.find(tokens_[k].folded_hash);
  }
  std::uint16_t roles(std::uint32_t k) const {
    const WordInfo* w = info(k);
    return w ? w->roles : 0;
  }
  std::string_view word(std::uint32_t k) const {
    return text_.substr(tokens_[k].begin, tokens_[k].end - tokens_[k].begin);
  }
  bool possessive_at(std::uint32_t k) const {
    return k + 1 < n_ && (word(k) == "'" || word(k) == "\xE2\x80\x99") && word(k + 1) == "s" &&
           !tokens_[k].space_before && !tokens_[k + 1].space_before;
  }
  // The time expression covering token k, or -1.
  std::int32_t timex_at(std::uint32_t k) const {
    for (std::size_t t = timex_first_; t < timex_end_; ++t)
      if (timexes_[t].begin < tokens_[k].end && tokens_[k].begin < timexes_[t].end)
        return static_cast<std::int32_t>(t);
    return -1;
  }

  // A nationality adjective ("Azerbaijani", "Russian"): a name that modifies the noun after it.
  bool nationality(const WordInfo* w, std::uint32_t k) const {
    if (!w) return false;
    return std::any_of(w->aliases.begin(), w->aliases.end(), [&](std::uint32_t a) {
      const ParticipantAlias& alias = lexicon_.alias(a);
      return alias.tokens.size() == 1 &&
             lexicon_.participant(alias.participant).adjective == word(k);
    });
  }

  // The event word heading the noun phrase that starts at token `start` (right after a signal
  // ending at byte `signal_end`), or nullopt when none follows closely; see the top of the file.
  std::optional<Target> target_after(std::uint32_t start, std::uint32_t signal_end) const {
    std::uint32_t words = 0;
    bool noun_phrase = false;   // a determiner or possessive opened it: a name may modify
    bool content = false;       // a modifier came: no determiner may follow
    bool glued = false;         // the previous token was a compound's hyphen
    std::uint16_t context = 0;  // roles of the previous word, for a generic form's share
    std::int32_t time = -1;
    for (std::uint32_t j = start; j < n_;) {
      if (words > kMaxBetween) return std::nullopt;
      const Token& t = tokens_[j];
      if (t.newline_before) return std::nullopt;
      if (const std::int32_t tx = timex_at(j); tx >= 0) {
        const TimeExpression& te = timexes_[static_cast<std::size_t>(tx)];
        // A date that starts inside the signal ("the day after ...") is not the phrase's.
        if (time < 0 && te.begin >= signal_end && datable(te)) time = tx;
        while (j < n_ && tokens_[j].begin < te.end) ++j;
        ++words, content = true, glued = false, context = 0;
        continue;
      }
      if (possessive_at(j)) {
        if (j == start) return std::nullopt;
        j += 2, noun_phrase = true, glued = false, context = kDeterminer;
        continue;
      }
      if (t.kind == TokenKind::number) {
        ++j, ++words, content = true, glued = false, context = 0;
        continue;
      }
      if (t.kind == TokenKind::punct) {
        // The hyphen of a compound modifier: "large-scale", "Russian-brokered", "44-day".
        if (word(j) == "-" && j > start && !t.space_before && j + 1 < n_ &&
            !tokens_[j + 1].space_before) {
          ++j, glued = true;
          continue;
        }
        return std::nullopt;
      }
      const WordInfo* w = info(j);
      // "after signing the agreement": a verb right after the signal is its target.
      const bool gerund = j == start && word(j).ends_with("ing");
      // A verb form after a determiner or in a compound modifies the noun after it ("the
      // disputed election", "the Russian-brokered ceasefire"); elsewhere it makes a clause
      // ("after Russia signed").
      const bool modifier = glued || (context & kDeterminer) != 0;
      if (w && !w->categorized.empty()) {
        const CategorizedForm* f = nullptr;
        const std::size_t len = match_categorized(lexicon_, *w, tokens_, j, &f);
        const bool noun = len > 0 && (f->pos & kNoun) != 0;
        if (len > 0 && !noun && !gerund && !modifier) return std::nullopt;
        if (noun || (len > 0 && gerund)) {
          auto end = j + static_cast<std::uint32_t>(len);
          // A compound's head is its last noun: "the ceasefire agreement" is an agreement.
          while (noun && end < n_ && tokens_[end].space_before && !tokens_[end].newline_before) {
            const WordInfo* next = info(end);
            const CategorizedForm* g = nullptr;
            const std::size_t more = next && !next->categorized.empty()
                                         ? match_categorized(lexicon_, *next, tokens_, end, &g)
                                         : 0;
            if (more == 0 || !(g->pos & kNoun) || g->past) break;
            f = g;
            j = end;
            end += static_cast<std::uint32_t>(more);
          }
          return Target{j, end, noun, &f->lemma, time};
        }
      }
      if (w && w->generic >= 0) {
        const GenericForm& g = lexicon_.generic(w->generic);
        if (generic_share(g, context) >= EventLexicon::kGenericThreshold) {
          const bool noun = g.pos == PartOfSpeech::noun;
          if (!noun && !gerund && !modifier) return std::nullopt;
          if (noun || gerund) return Target{j, j + 1, noun, &g.lemma, time};
        }
      }
      const std::uint16_t r = w ? w->roles : 0;
      if (r & kDeterminer) {
        // "after the war", but not "after troops the ...": a determiner only opens the phrase.
        if (j != start) return std::nullopt;
        ++j, ++words, noun_phrase = true, context = r;
        continue;
      }
      // A preposition, pronoun, auxiliary, conjunction or clause word: not one noun phrase.
      if (r != 0) return std::nullopt;
      if (t.capitalized && !glued) {
        // A name modifies the noun after it in "the CSTO summit", "Azerbaijan's offensive",
        // "Azerbaijani shelling"; otherwise it opens a clause ("after Russia brokered the deal").
        if (!noun_phrase && !possessive_at(j + 1) && !nationality(w, j)) return std::nullopt;
      } else if (content && !glued && word(j).ends_with("ed")) {
        // A past tense after a noun: "after troops entered the city".
        return std::nullopt;
      }
      if (!glued) ++words;
      ++j, content = true, glued = false, context = 0;
    }
    return std::nullopt;
  }

  // The first token at or after k that starts a new clause, or n.
  std::uint32_t next_clause(std::uint32_t k) const {
    while (k < n_ && !(roles(k) & kClause)) ++k;
    return k;
  }

  // Whether the signal at token i opens its clause starting at token `first`: only punctuation,
  // dates, function words and adverbs before it ("After ...", "Two days after ...", "but
  // shortly after ...").
  bool opens_clause(std::uint32_t first, std::uint32_t i) const {
    for (std::uint32_t k = first; k < i; ++k) {
      if (tokens_[k].kind != TokenKind::word || roles(k) != 0 || timex_at(k) >= 0) continue;
      if (!word(k).ends_with("ly")) return false;
    }
    return true;
  }

  std::uint32_t size() const { return n_; }
  const Token& token(std::uint32_t k) const { return tokens_[k]; }

 private:
  const EventLexicon& lexicon_;
  std::string_view text_;
  const std::vector<TimeExpression>& timexes_;
  const std::vector<Token>& tokens_;
  std::uint32_t n_;
  std::size_t timex_first_, timex_end_;
};

// Where a link's signal stands in its sentence: bytes [begin, end) of the phrase, its clause's,
// and for a relative clause ("the talks, which came after the war") where its noun ends.
struct LinkPlace {
  std::uint32_t begin = 0, end = 0;
  std::uint32_t clause_begin = 0, clause_end = 0;
  bool opens = false;                 // the signal opens its clause
  std::uint32_t relative_to = kNone;  // end of the word a relative clause hangs on
};

// The mention (index into `mentions`, within [m_first, m_end), the sentence's) a link belongs to;
// see the top of the file. kNone when its clause has none: in "dismissed criticism that Russia
// has not assisted Armenia since the latest attacks" what came since the attacks is the
// assistance, not the dismissal.
std::uint32_t owner(const std::vector<EventMention>& mentions, std::size_t m_first,
                    std::size_t m_end, const LinkPlace& at) {
  std::uint32_t before = kNone, after = kNone, relative = kNone;
  for (std::size_t m = m_first; m < m_end; ++m) {
    const EventMention& x = mentions[m];
    const auto id = static_cast<std::uint32_t>(m);
    if (x.end <= at.begin && x.begin >= at.clause_begin) before = id;
    if (x.begin >= at.end && x.begin < at.clause_end && after == kNone) after = id;
    if (x.end == at.relative_to && x.pos == PartOfSpeech::noun) relative = id;
  }
  if (before != kNone) return before;
  if (at.opens && after != kNone) return after;
  return relative;
}

// "has stayed under the November 9, 2020 agreement ... since the agreement": the mention names
// the target again (same word, no other date), and a happening is not ordered after itself.
bool same_happening(const EventMention& m, const Target& target,
                    const std::vector<TimeExpression>& timexes) {
  if (m.trigger_lemma != *target.lemma) return false;
  return target.timex < 0 || m.time_value.empty() ||
         date_of(timexes[static_cast<std::size_t>(target.timex)]) == m.time_value;
}

}  // namespace

std::vector<EventLink> EventExtractor::find_links(const Document& document,
                                                  const std::vector<TimeExpression>& timexes,
                                                  const std::vector<EventMention>& mentions) const {
  const EventLexicon& lexicon = impl_->lexicon;
  const std::string_view text = document.text;
  std::vector<EventLink> out;
  std::vector<Token> tokens;  // one sentence's, reused
  std::uint32_t done_until = 0;
  for (std::size_t m_first = 0; m_first < mentions.size();) {
    const std::uint32_t sb = mentions[m_first].sentence_begin;
    const std::uint32_t se = std::min<std::uint32_t>(mentions[m_first].sentence_end,
                                                     static_cast<std::uint32_t>(text.size()));
    std::size_t m_end = m_first + 1;
    while (m_end < mentions.size() && mentions[m_end].sentence_begin == sb) ++m_end;
    const std::size_t next = m_end;
    // Mentions come in text order; a sentence seen already (or a bad span) is not read twice.
    if (sb < done_until || sb >= se) {
      m_first = next;
      continue;
    }
    done_until = se;

    tokenize(text.substr(sb, se - sb), tokens);
    for (Token& t : tokens) t.begin += sb, t.end += sb;
    const auto t_first = static_cast<std::size_t>(
        std::lower_bound(timexes.begin(), timexes.end(), sb,
                         [](const TimeExpression& t, std::uint32_t at) { return t.end <= at; }) -
        timexes.begin());
    std::size_t t_end = t_first;
    while (t_end < timexes.size() && timexes[t_end].begin < se) ++t_end;
    const SentenceScan s(lexicon, text, timexes, tokens, t_first, t_end);

    std::uint32_t clause_first = 0;
    std::uint32_t relative_to = kNone;
    for (std::uint32_t i = 0; i < s.size(); ++i) {
      const std::uint16_t r = s.roles(i);
      const SignalForm* sig = nullptr;
      const auto len = static_cast<std::uint32_t>(match_signal(lexicon, tokens, i, &sig));
      if (len == 0) {
        if ((r & kClause) && i > 0) {
          clause_first = i + 1;
          relative_to = kNone;
          const std::string_view w = s.word(i);
          if (w == "which" || w == "that" || w == "who") {
            const std::uint32_t p = i >= 2 && s.word(i - 1) == "," ? i - 2 : i - 1;
            relative_to = s.token(p).end;
          }
        }
        continue;
      }
      const std::uint32_t signal_end = s.token(i + len - 1).end;
      const std::optional<Target> target = s.target_after(i + len, signal_end);
      if (!target) continue;
      const auto [tb, te] = head_span(tokens, target->first, target->end, target->noun);
      LinkPlace at;
      at.begin = s.token(i).begin;
      at.end = s.token(target->end - 1).end;
      at.clause_begin = clause_first < s.size() ? s.token(clause_first).begin : se;
      const std::uint32_t after_clause = s.next_clause(target->end);
      at.clause_end = after_clause < s.size() ? s.token(after_clause).begin : se;
      at.opens = s.opens_clause(clause_first, i);
      at.relative_to = relative_to;
      const std::uint32_t m = owner(mentions, m_first, m_end, at);
      if (m != kNone && mentions[m].begin != tb && !same_happening(mentions[m], *target, timexes)) {
        EventLink link;
        link.mention = m;
        link.mention_after = sig->after;
        link.begin = at.begin;
        link.end = at.end;
        link.target_begin = tb;
        link.target_end = te;
        link.target_lemma = *target->lemma;
        if (target->timex >= 0)
          link.target_time = date_of(timexes[static_cast<std::size_t>(target->timex)]);
        out.push_back(std::move(link));
      }
      // The phrase holds no other signal; its determiner ("after that attack") opens no clause.
      i = target->end - 1;
    }
    m_first = next;
  }
  return out;
}

}  // namespace tempograph
