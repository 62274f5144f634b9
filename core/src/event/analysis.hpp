// One document as the event stage reads it: tokens with what the lexicon says about each,
// sentences, clauses, the time expressions and named participants laid over the tokens, and the
// trigger candidates. Built once per document; the mention, anchoring and title steps read it.
#pragma once

#include "lexicon.hpp"
#include "tempograph/document.hpp"
#include "tempograph/event.hpp"
#include "tempograph/text.hpp"
#include "tempograph/timex.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tempograph::event {

struct TokenFacts {
  const WordInfo* word = nullptr;  // lexicon entry, or nullptr
  std::uint16_t roles = 0;         // word->roles, or 0
  std::int32_t timex = -1;         // index of the time expression covering it
  std::int32_t entity = -1;        // index of the entity span covering it
  std::uint32_t sentence = 0;
  std::uint32_t clause = 0;   // clause number within the document
  bool clause_break = false;  // the token opens a new clause (and belongs to none)
};

// A named participant found in the text: tokens [first, end), and which document participant.
struct EntitySpan {
  std::uint32_t first = 0;
  std::uint32_t end = 0;
  std::uint32_t participant = 0;  // index into DocAnalysis::participants
};

// A categorized trigger found in the text, before it is decided whether it is a mention.
struct Candidate {
  std::uint32_t head = 0;            // the token reported as the trigger
  std::uint32_t first = 0, end = 0;  // the whole phrase ("called on")
  const CategorizedForm* form = nullptr;
  bool noun = false;                    // read as a noun here ("the attack"), else a verb
  std::int32_t light = -1;              // token of the light verb this noun came with ("launched")
  std::int32_t premodifier_timex = -1;  // "the March 24 incursion"
  std::int32_t adverbial_timex = -1;    // "launched ... on September 13"
  bool absorbed = false;  // part of another mention's clause ("called for an investigation")
};

struct DocAnalysis {
  std::string_view text;
  const Document* document = nullptr;
  const std::vector<TimeExpression>* timexes = nullptr;
  std::vector<Token> tokens;
  std::vector<TokenFacts> facts;
  std::vector<Sentence> sentences;
  std::vector<std::uint32_t> clause_first;                            // first token of each clause
  std::vector<std::pair<std::uint32_t, std::uint32_t>> timex_tokens;  // [first, end) per timex
  std::vector<EntitySpan> entities;
  std::vector<Participant> participants;
  std::vector<std::string> adjectives;  // per participant: "Russian" for Russia, or ""
  std::vector<Candidate> candidates;
  // Per-token indexes, made once after the candidates are found (index_tokens), so that no step
  // scans the document or a whole clause for each mention: a long sentence made that quadratic.
  std::vector<std::int32_t> candidate_at;  // the candidate starting at a token, or -1
  std::vector<std::uint32_t> next_comma;   // per token (and one past the end), the next "," from it
  std::vector<std::uint32_t> clause_stop;  // per token, where its clause's run of tokens ends
  // Per clause, where a scan from its first token stops: its first comma, else the first token
  // past the clause.
  std::vector<std::uint32_t> clause_comma;
  // Per token, one past the last dash before it with a space next to it (or a long dash), or 0.
  std::vector<std::uint32_t> dash_before;
  std::vector<std::int32_t> person_before;  // per token, the nearest person named before, or -1
  std::vector<std::int32_t> group_before;   // ... the nearest country or organization, or -1

  std::string_view word(std::uint32_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
  bool is_word(std::uint32_t i) const { return tokens[i].kind == TokenKind::word; }
  bool lower(std::uint32_t i) const {
    const unsigned char c = static_cast<unsigned char>(text[tokens[i].begin]);
    return tokens[i].kind == TokenKind::word && c >= 'a' && c <= 'z';
  }
  bool is(std::uint32_t i, std::string_view w) const { return word(i) == w; }
  bool has_role(std::uint32_t i, std::uint16_t role) const { return facts[i].roles & role; }
  // The "’s"/"'s" of a possessive starting at token i (the apostrophe).
  bool possessive_at(std::uint32_t i) const {
    return i + 1 < tokens.size() && (is(i, "'") || is(i, "\xE2\x80\x99")) && is(i + 1, "s") &&
           !tokens[i].space_before && !tokens[i + 1].space_before;
  }
  const Sentence& sentence_of(std::uint32_t i) const { return sentences[facts[i].sentence]; }
};

inline bool is_dash(std::string_view w) {
  return w == "\xE2\x80\x94" || w == "\xE2\x80\x93" || w == "-" || w == "_";
}

// Fills the per-token indexes of DocAnalysis.
void index_tokens(DocAnalysis& doc);

// Finds the named participants (gazetteer names, ministries named after a country, people after
// a title, surnames of people named earlier) and fills entities, participants and facts.entity.
void find_entities(DocAnalysis& doc, const EventLexicon& lexicon);

// A mention's title and the tokens it was built from.
struct Title {
  std::string text;
  std::uint32_t first = 0, end = 0;     // the tokens the title was built from (its participants')
  std::uint32_t shown_end = 0;          // one past the last token it shows
  std::vector<std::uint32_t> resolved;  // participants its pronouns stand for ("its forces")
  bool drop = false;  // no readable title: told in the first person, or a verb with no subject
  bool cut = false;   // shortened to 12 words
};

// What titles carry from one mention to the next in a document: who is speaking, for "he said",
// and the last subject, for a second verb sharing it ("..., and noted that ...").
struct TitleContext {
  std::int32_t speaker = -1;  // participant: the person of the last statement
  std::string subject;
  std::uint32_t subject_sentence = 0;
};

Title build_title(const DocAnalysis& doc, const Candidate& mention, TitleContext& context);

// Trigger and signal matching, shared by the mention and link steps (extractor.cpp, links.cpp).

// The share a generic form has in the context of the previous token's roles.
std::uint8_t generic_share(const GenericForm& g, std::uint16_t previous_roles);

// Length of the categorized form matching at token i (longest first), 0 for none.
std::size_t match_categorized(const EventLexicon& lexicon, const WordInfo& w,
                              const std::vector<Token>& tokens, std::size_t i,
                              const CategorizedForm** found);

// Length of the link signal starting at token i ("after", "ahead of"; longest first), 0 for
// none. A signal after a determiner or auxiliary is none ("the following day").
std::size_t match_signal(const EventLexicon& lexicon, const std::vector<Token>& tokens,
                         std::size_t i, const SignalForm** found);

// The token a phrase's trigger is reported at: a verb phrase's verb ("called" of "called on"), a
// noun compound's last word ("conference" of "news conference"), a hyphenated word whole.
std::pair<std::uint32_t, std::uint32_t> head_span(const std::vector<Token>& tokens,
                                                  std::uint32_t first, std::uint32_t end,
                                                  bool noun);

// A time expression that can date an event: a date or time, or a duration counted on from a
// date ("two days later"); not another duration, a set or a vague reference ("the future",
// "recently").
bool datable(const TimeExpression& t);

// The date an event dated by `t` takes: the one a duration reaches ("two days later"), else
// its value.
const std::string& date_of(const TimeExpression& t);

}  // namespace tempograph::event

namespace tempograph {

// The extractor's state, shared by extractor.cpp and links.cpp.
struct EventExtractor::Impl {
  event::EventLexicon lexicon;
};

}  // namespace tempograph
