// Titles: a short line a reader can scan on a timeline, built from the mention's sentence.
//
// A verb mention (or an event noun with its light verb) reads as its clause: subject + verb +
// object. The subject loses a dateline ("YEREVAN (Azatutyun.am)—"), fronted adverbials ("On
// September 19, ..."), dated asides and the auxiliaries before a past verb ("was reached" ->
// "reached"); a long subject with people in it becomes their names, and "he", "its" become whom
// they stand for. The object runs to the end of the clause; a verb of saying followed by "that"
// takes the clause it introduces. Speech attributed after a quote or a comma ("“...,” said
// Lavrov", "..., Peskov says") reads "Lavrov: ...". An event noun alone reads as its noun phrase:
// modifiers before it, prepositional phrases or a relative clause after ("Incursion by
// Azerbaijani forces into the Parukh village"). Dates are left out (the timeline shows them), and
// so are quote marks. Over 12 words, people lose their titles ("Russia's Ambassador to Armenia
// Sergei Kopyrkin" -> "Sergei Kopyrkin"), then the title is cut before a conjunction, comma or
// preposition.
#include "analysis.hpp"

#include <algorithm>

namespace tempograph::event {
namespace {

constexpr std::size_t kMaxWords = 12;
constexpr std::uint32_t kRunTokens = 64;

struct Piece {
  std::string_view view;  // the token's text, or empty for a synthesized piece
  std::string owned;      // a synthesized piece's text ("Azerbaijan's", "Lavrov:")
  std::string_view text() const { return owned.empty() ? view : std::string_view(owned); }
  bool space_before = true;
  bool word = true;                // a word or number (a new word when space_before)
  std::uint16_t roles = 0;         // the token's roles; 0 for synthesized pieces
  bool participle = false;         // lower-case -ed/-ing word: a place to cut a long title
  bool entity = false;             // part of a participant's name
  std::uint32_t token = kNoToken;  // the token it shows, kNoToken for synthesized pieces
  static constexpr std::uint32_t kNoToken = 0xFFFFFFFFu;
};

bool is_quote(std::string_view w) {
  return w == "\"" || w == "`" || w == "\xE2\x80\x9C" || w == "\xE2\x80\x9D" || w == "\xC2\xAB" ||
         w == "\xC2\xBB" || w == "[" || w == "]" || w == "\xE2\x80\x98";
}

class TitleBuilder {
 public:
  TitleBuilder(const DocAnalysis& doc, const Candidate& c, TitleContext& context,
               bool strip_person_titles)
      : doc_(doc), c_(c), context_(context), strip_person_titles_(strip_person_titles) {
    pieces_.reserve(40);
  }

  Title build() {
    if (!c_.noun || c_.light >= 0) {
      build_clause();
    } else {
      build_noun_phrase();
    }
    Title t;
    t.text = finish();
    t.first = first_;
    t.end = end_;
    t.resolved = std::move(resolved_);
    t.drop = drop_;
    t.cut = cut_;
    t.shown_end = shown_end_;
    return t;
  }

  std::size_t words() const { return word_count(); }

 private:
  const DocAnalysis& doc_;
  const Candidate& c_;
  TitleContext& context_;
  bool strip_person_titles_ = false;
  std::vector<Piece> pieces_;
  std::uint32_t first_ = 0, end_ = 0;
  std::vector<std::uint32_t> resolved_;
  bool drop_ = false;
  bool cut_ = false;             // shortened to fit
  std::uint32_t shown_end_ = 0;  // one past the last token the title shows
  std::uint32_t last_end_ = 0;   // byte offset where the last added token ended
  bool any_added_ = false;

  const Sentence& sentence() const { return doc_.sentence_of(c_.head); }
  std::uint32_t sentence_end() const { return sentence().end_token; }

  bool single_quote(std::uint32_t i) const {
    if (!doc_.is(i, "'") && !doc_.is(i, "\xE2\x80\x99")) return false;
    const bool glued_after =
        i + 1 < doc_.tokens.size() && !doc_.tokens[i + 1].space_before && doc_.is_word(i + 1);
    return doc_.tokens[i].space_before || !glued_after;
  }
  bool skipped_mark(std::uint32_t i) const {
    return doc_.tokens[i].kind == TokenKind::punct && (is_quote(doc_.word(i)) || single_quote(i));
  }

  // Part of a person's title before their name: "Russia's Ambassador to Armenia" of "Russia's
  // Ambassador to Armenia Sergei Kopyrkin". Only when shortening.
  bool person_title(std::uint32_t i) const {
    if (!strip_person_titles_) return false;
    bool titled = false;
    for (std::uint32_t k = i; k < sentence_end() && k < i + 10; ++k) {
      const std::int32_t e = doc_.facts[k].entity;
      if (e >= 0) {
        const EntitySpan& span = doc_.entities[static_cast<std::size_t>(e)];
        if (doc_.participants[span.participant].kind == ParticipantKind::person)
          return titled && k > i;
        k = span.end - 1;
        continue;
      }
      const std::uint16_t r = doc_.facts[k].roles;
      if (r & kTitle) {
        titled = true;
        continue;
      }
      if (doc_.possessive_at(k)) {
        ++k;
        continue;
      }
      const bool joiner = doc_.is(k, "to") || doc_.is(k, "of") || doc_.is(k, "for") ||
                          (r & kDeterminer);  // "his Armenian counterpart Ararat Mirzoyan"
      const bool capital_word = doc_.is_word(k) && doc_.tokens[k].capitalized && r == 0;
      if (!joiner && !capital_word) return false;
    }
    return false;
  }

  void add(std::uint32_t i) {
    if (person_title(i)) return;
    Piece p;
    p.view = doc_.word(i);
    // A space where the text has one, also across left-out tokens ("for “creating" -> "for
    // creating").
    bool space = true;
    if (any_added_ && last_end_ <= doc_.tokens[i].begin) {
      space = false;
      for (std::uint32_t b = last_end_; b < doc_.tokens[i].begin && !space; ++b) {
        const char ch = doc_.text[b];
        space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      }
      if (!space && doc_.tokens[i].space_before) space = true;
    }
    p.space_before = space;
    p.word = doc_.tokens[i].kind != TokenKind::punct;
    p.roles = doc_.facts[i].roles;
    p.participle = doc_.lower(i) && (p.view.ends_with("ed") || p.view.ends_with("ing"));
    p.token = i;
    p.entity = doc_.facts[i].entity >= 0;
    pieces_.push_back(std::move(p));
    last_end_ = doc_.tokens[i].end;
    any_added_ = true;
    end_ = std::max(end_, i + 1);
  }

  void add_text(std::string text) {
    Piece p;
    p.owned = std::move(text);
    pieces_.push_back(std::move(p));
    any_added_ = false;  // the next token gets a space
  }

  std::uint32_t clause_end(std::uint32_t from) const {
    if (from >= sentence_end()) return from;
    return std::min(doc_.clause_stop[from], sentence_end());
  }

  // End of a comma-enclosed aside that holds a date (", as recently as Thursday,"), or 0.
  std::uint32_t dated_aside(std::uint32_t comma, std::uint32_t limit) const {
    bool dated = false;
    for (std::uint32_t k = comma + 1; k < limit && k <= comma + 7; ++k) {
      if (doc_.facts[k].timex >= 0) dated = true;
      if (doc_.is(k, ",")) return dated ? k : 0;
    }
    return 0;
  }

  std::uint32_t participant_at(std::uint32_t k) const {
    return doc_.entities[static_cast<std::size_t>(doc_.facts[k].entity)].participant;
  }

  // Whom a pronoun stands for: for "he", the current speaker, else the nearest person before;
  // for "it", "its", "their", the nearest country or organization before.
  std::int32_t antecedent(std::uint32_t i, bool person, bool use_speaker = false) const {
    if (person && use_speaker && context_.speaker >= 0) return context_.speaker;
    return person ? doc_.person_before[i] : doc_.group_before[i];
  }

  // Adds tokens [from, to): dates with their preposition and quote marks left out, a comma kept
  // only inside a list of names ("Russia, Armenia and Azerbaijan") or skipped before a
  // prepositional aside ("incursion, by Azerbaijani forces, into"); anything else at a comma ends
  // it. In a noun phrase, "and" ends it too unless a name follows.
  void add_run(std::uint32_t from, std::uint32_t to, bool noun_phrase) {
    // A title shows at most kMaxWords; a run is read no further than a few times that, so that a
    // sentence of thousands of words is not read again for each of its mentions.
    to = std::min(to, from + kRunTokens);
    for (std::uint32_t k = from; k < to; ++k) {
      if (doc_.facts[k].timex >= 0) {
        if (!pieces_.empty() && (pieces_.back().roles & (kTimePrep | kPreposition)))
          pieces_.pop_back();
        while (k + 1 < to && doc_.facts[k + 1].timex == doc_.facts[k].timex) ++k;
        if (doc_.possessive_at(k + 1)) k += 2;  // "last September's offensive"
        continue;
      }
      const std::string_view w = doc_.word(k);
      if (skipped_mark(k)) continue;
      if (w == "," || w == "(" || w == ")") {
        if (k + 1 >= to) break;
        if (const std::uint32_t aside = dated_aside(k, to)) {
          k = aside;
          continue;
        }
        if (doc_.has_role(k + 1, kPreposition) && doc_.lower(k + 1)) continue;
        if (doc_.facts[k + 1].entity >= 0 && w == ",") {
          add(k);
          continue;
        }
        break;
      }
      if (doc_.facts[k].clause_break) break;
      if (noun_phrase && doc_.has_role(k, kConjunction) &&
          !(k + 1 < to && doc_.facts[k + 1].entity >= 0))
        break;
      add(k);
    }
  }

  void add_range(std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t k = from; k < to; ++k)
      if (!skipped_mark(k) && doc_.facts[k].timex < 0) add(k);
  }

  // The subject's first token: after a dateline and fronted adverbials.
  std::uint32_t subject_start(std::uint32_t clause_start, std::uint32_t verb) const {
    std::uint32_t s = clause_start;
    if (clause_start == sentence().first_token) {
      // "YEREVAN (Azatutyun.am)—Nagorno-Karabakh's ...", "PanARMENIAN.Net - The Kremlin ...":
      // after the last dash before the verb with a space next to it (or a long dash). The dash
      // right before the verb counts only with a space before it.
      if (verb > s) {
        const std::uint32_t last = verb - 1;
        const std::string_view w = doc_.word(last);
        if (is_dash(w) && (w.size() > 1 || doc_.tokens[last].space_before))
          s = verb;
        else if (const std::uint32_t after = doc_.dash_before[last]; after > s)
          s = after;
      }
    }
    while (s < verb) {
      const std::uint16_t r = doc_.facts[s].roles;
      if ((r & kClause) && s == clause_start) {
        ++s;  // "While the visit ...", at the start of a sentence
        continue;
      }
      if (!doc_.is_word(s) && doc_.facts[s].timex < 0) {
        ++s;  // quotes, dashes, commas left over
        continue;
      }
      if ((r & kOpener) && (r & (kConjunction | kAdverb)) && !(r & kPreposition)) {
        ++s;  // "Yet", "Meanwhile"
        continue;
      }
      const bool phrase_opener = (r & (kOpener | kPreposition)) || doc_.facts[s].timex >= 0 ||
                                 (doc_.tokens[s].capitalized && doc_.word(s).ends_with("ing"));
      if (!phrase_opener) break;
      const std::uint32_t comma = doc_.next_comma[s];
      if (comma >= verb) break;
      s = comma + 1;
    }
    return s;
  }

  // Words in tokens [from, to), counted up to kMaxWords + 1 (what any caller compares with).
  std::uint32_t words_in(std::uint32_t from, std::uint32_t to) const {
    std::uint32_t n = 0;
    for (std::uint32_t i = from; i < to && n <= kMaxWords; ++i)
      if (doc_.is_word(i) && (doc_.tokens[i].space_before || i == from)) ++n;
    return n;
  }

  std::vector<std::uint32_t> people_in(std::uint32_t from, std::uint32_t to) const {
    std::vector<std::uint32_t> people;
    for (std::uint32_t i = from; i < to; ++i) {
      if (doc_.facts[i].entity < 0) continue;
      const std::uint32_t p = participant_at(i);
      if (doc_.participants[p].kind == ParticipantKind::person &&
          std::find(people.begin(), people.end(), p) == people.end())
        people.push_back(p);
    }
    return people;
  }

  // "Maria Zakharova"; several people by surname: "Pashinyan, Putin and Aliyev".
  std::string names_of(const std::vector<std::uint32_t>& people) const {
    std::string names;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::string& full = doc_.participants[people[i]].name;
      const auto space = full.rfind(' ');
      const std::string one =
          people.size() == 1 || space == std::string::npos ? full : full.substr(space + 1);
      if (i > 0) names += i + 1 == people.size() ? " and " : ", ";
      names += one;
    }
    return names;
  }

  // The speaker named after the verb: "said Lavrov", "said the ombudsman exiled in Armenia".
  void add_inverted_speaker(std::uint32_t from) {
    const auto people = people_in(from, std::min(from + 6, sentence_end()));
    if (!people.empty()) {
      add_text(names_of({people.front()}));
      resolved_.push_back(people.front());
      return;
    }
    std::uint32_t k = from;
    while (k < sentence_end() && k < from + 5) {
      if (doc_.possessive_at(k)) {  // "Russia's top diplomat"
        add(k);
        add(k + 1);
        k += 2;
        continue;
      }
      if (!doc_.is_word(k) || (k > from && (doc_.has_role(k, kPreposition) ||
                                            (doc_.lower(k) && doc_.word(k).ends_with("ed")))))
        break;
      add(k++);
    }
  }

  // "Speaker: what was said", from a quote or a clause before the attribution. The words are
  // taken as they are, clauses and commas included, and cut to length later.
  void speech_title(std::uint32_t content_first, std::uint32_t content_end) {
    if (pieces_.empty()) return;
    pieces_.back().owned = std::string(pieces_.back().text()) + ':';
    const std::size_t first_piece = pieces_.size();
    any_added_ = false;
    // "During the talks, hope was expressed ...": what was said, without its opening phrase.
    if (const std::uint32_t s = subject_start(content_first, content_end); s < content_end)
      content_first = s;
    for (std::uint32_t k = content_first; k < content_end; ++k) {
      if (doc_.facts[k].timex >= 0) {
        if (pieces_.size() > first_piece && (pieces_.back().roles & kTimePrep)) pieces_.pop_back();
        continue;
      }
      if (!skipped_mark(k)) add(k);
    }
    while (pieces_.size() > first_piece && !pieces_[first_piece].word)
      pieces_.erase(pieces_.begin() + static_cast<std::ptrdiff_t>(first_piece));
    if (pieces_.size() > first_piece) pieces_[first_piece].space_before = true;
  }

  bool is_person(std::int32_t p) const {
    return p >= 0 && doc_.participants[static_cast<std::size_t>(p)].kind == ParticipantKind::person;
  }

  // The subject, as pieces. Returns false when the mention has no readable subject.
  bool add_subject(std::uint32_t s, std::uint32_t verb, bool statement) {
    // Auxiliaries and adverbs right before the verb go, unless negated ("did not prevent") or
    // the verb is a progressive ("is discussing" keeps "is").
    const bool progressive = doc_.word(verb).ends_with("ing");
    std::uint32_t e = verb;
    bool negated = false;
    while (e > s && doc_.has_role(e - 1, kAuxiliary | kAdverb | kNegation)) {
      --e;
      negated = negated || doc_.has_role(e, kNegation);
    }
    std::vector<std::uint32_t> kept_auxiliaries;
    if (negated || progressive) {
      for (std::uint32_t k = e; k < verb; ++k)
        if (negated || !doc_.has_role(k, kAdverb)) kept_auxiliaries.push_back(k);
    }
    first_ = s;
    const auto finish_subject = [&] {
      for (std::uint32_t k : kept_auxiliaries) add(k);
      return true;
    };
    if (s >= e) {
      // "..., and noted that ...": the previous verb's subject.
      if (verb > 0 && doc_.has_role(verb - 1, kConjunction) && !context_.subject.empty() &&
          context_.subject_sentence == doc_.facts[verb].sentence) {
        add_text(context_.subject);
        return finish_subject();
      }
      return false;
    }
    if (doc_.has_role(s, kSelf)) return false;  // "I said", "we discussed": inside a quote
    // A verb group inside the span means the subject comes after it: "Kopyrkin was also asked
    // about ..., especially since earlier in the day Prime Minister Nikol Pashinyan complained".
    for (std::uint32_t k = e; k-- > s + 1;) {
      if (doc_.has_role(k, kAuxiliary) && words_in(k + 1, e) >= 1) {
        s = k + 1;
        while (s < e && doc_.lower(s) && !doc_.has_role(s, kDeterminer)) ++s;
        break;
      }
    }
    if (s >= e) return false;
    first_ = s;

    // A gerund after a preposition: the name before it is the subject ("... Azerbaijani
    // security services from arresting ...").
    if (progressive && e == verb && verb >= 2 && doc_.has_role(verb - 1, kPreposition) &&
        doc_.facts[verb - 2].entity >= 0) {
      const EntitySpan& span = doc_.entities[static_cast<std::size_t>(doc_.facts[verb - 2].entity)];
      first_ = span.first;
      for (std::uint32_t k = span.first; k < span.end; ++k) add(k);
      return true;
    }

    // Pronouns: "he" alone, "It" alone.
    if (e == s + 1 && (doc_.has_role(s, kHe) || doc_.has_role(s, kGroup)) &&
        !doc_.has_role(s, kDeterminer)) {
      const std::int32_t p = antecedent(s, doc_.has_role(s, kHe), true);
      if (p < 0) return false;
      add_text(doc_.participants[static_cast<std::size_t>(p)].name);
      resolved_.push_back(static_cast<std::uint32_t>(p));
      if (statement && is_person(p)) context_.speaker = p;
      return finish_subject();
    }
    const auto people = people_in(s, e);
    if (statement && !people.empty()) context_.speaker = static_cast<std::int32_t>(people.back());
    if (words_in(s, e) > 5 && !people.empty()) {
      add_text(names_of(people));
      return finish_subject();
    }
    std::uint32_t stop = e;
    if (words_in(s, e) > 6) {
      // A long subject: up to its first comma.
      for (std::uint32_t i = s + 2; i < e; ++i)
        if (doc_.is(i, ",") && !dated_aside(i, e)) {
          stop = i;
          break;
        }
    }
    for (std::uint32_t i = s; i < stop; ++i) {
      if (doc_.facts[i].timex >= 0) {
        if (!pieces_.empty() && (pieces_.back().roles & kTimePrep)) pieces_.pop_back();
        continue;
      }
      if (doc_.is(i, ",")) {
        if (const std::uint32_t aside = dated_aside(i, stop)) {
          i = aside;
          continue;
        }
      }
      if (skipped_mark(i)) continue;
      // "its forces" -> "Azerbaijan's forces".
      if (doc_.has_role(i, kDeterminer) && doc_.has_role(i, kGroup | kHe) && i == s) {
        const std::int32_t p = antecedent(i, doc_.has_role(i, kHe));
        if (p >= 0) {
          add_text(doc_.participants[static_cast<std::size_t>(p)].name + "'s");
          resolved_.push_back(static_cast<std::uint32_t>(p));
          continue;
        }
      }
      add(i);
    }
    return finish_subject();
  }

  void build_clause() {
    std::uint32_t verb_first = c_.first, verb_end = c_.end;
    if (c_.noun) {
      verb_first = static_cast<std::uint32_t>(c_.light);
      verb_end = verb_first + 1;
      for (const Candidate& x : doc_.candidates)
        if (x.first == verb_first) verb_end = x.end;
    }
    const bool statement = c_.form->category == EventCategory::statement;
    const std::uint32_t clause_start = doc_.clause_first[doc_.facts[verb_first].clause];
    std::uint32_t s = subject_start(clause_start, verb_first);
    const std::uint32_t sentence_first = sentence().first_token;

    // Speech attributed after a quote: "“...,” said Lavrov", "“...,” Peskov told reporters".
    if (statement && clause_start > sentence_first && skipped_mark(clause_start - 1) &&
        doc_.facts[clause_start - 1].clause_break) {
      std::uint32_t quote_end = clause_start - 1;
      while (quote_end > sentence_first &&
             (doc_.is(quote_end - 1, ",") || skipped_mark(quote_end - 1)))
        --quote_end;
      if (s < verb_first) {
        add_subject(s, verb_first, true);
      } else {
        add_inverted_speaker(verb_end);
      }
      if (!pieces_.empty()) {
        first_ = sentence_first;
        speech_title(sentence_first, quote_end);
        end_ = std::max(end_, verb_end);
        return;
      }
    }
    // "..., and noted that ...": the subject of the verb before.
    if (verb_first >= 2 && doc_.has_role(verb_first - 1, kConjunction) &&
        doc_.is(verb_first - 2, ",") && !context_.subject.empty() &&
        context_.subject_sentence == doc_.facts[verb_first].sentence) {
      first_ = verb_first;
      add_text(context_.subject);
      any_added_ = false;
      for (std::uint32_t k = verb_first; k < verb_end; ++k) add(k);
      add_object(verb_end, statement);
      return;
    }
    // "..., announced Russia's top diplomat": what was said, then who said it.
    // Not "The press secretary ..., Dmitry Peskov, said Wednesday": a name before the comma is
    // the subject in apposition.
    if (statement && verb_first > sentence_first + 1 && doc_.is(verb_first - 1, ",") &&
        verb_end < sentence_end() && doc_.facts[verb_first - 2].entity < 0 &&
        doc_.facts[verb_end].timex < 0 &&
        (doc_.facts[verb_end].entity >= 0 || doc_.tokens[verb_end].capitalized ||
         doc_.has_role(verb_end, kArticle))) {
      add_inverted_speaker(verb_end);
      if (!pieces_.empty()) {
        first_ = sentence_first;
        speech_title(subject_start(sentence_first, verb_first - 1), verb_first - 1);
        end_ = std::max(end_, verb_end);
        return;
      }
    }
    // "..., Peskov says": the part after the last comma names the speaker.
    if (statement && s < verb_first) {
      std::uint32_t comma = verb_first;
      while (comma > s && !doc_.is(comma - 1, ",")) --comma;
      if (comma > s + 1 && comma < verb_first && words_in(comma, verb_first) <= 10 &&
          !people_in(comma, verb_first).empty() && !dated_aside(comma - 1, verb_first + 1) &&
          !doc_.has_role(s, kOpener)) {
        add_subject(comma, verb_first, true);
        first_ = s;
        speech_title(s, comma - 1);
        end_ = std::max(end_, verb_end);
        return;
      }
    }
    // "the Russian peacekeeping contingent deployed to Artsakh": a participle after its noun;
    // the noun phrase is the subject.
    const bool time_word_after =
        verb_end < sentence_end() &&
        (doc_.is(verb_end, "on") || doc_.is(verb_end, "in") || doc_.is(verb_end, "at") ||
         doc_.is(verb_end, "during") || doc_.is(verb_end, "since"));
    if (!c_.noun && c_.form->past && verb_first > s && doc_.lower(verb_first - 1) &&
        doc_.facts[verb_first - 1].roles == 0 && verb_end < sentence_end() &&
        doc_.has_role(verb_end, kPreposition) && !time_word_after) {
      std::uint32_t np = verb_first - 1;
      while (np > s && np + 6 > verb_first) {
        const std::uint32_t k = np - 1;
        if (k >= 1 && doc_.possessive_at(k - 1)) {
          np = k - 1;
          continue;
        }
        if (!doc_.is_word(k) || doc_.facts[k].roles != 0) break;
        np = k;
      }
      s = np;
    }
    if (!add_subject(s, verb_first, statement)) {
      // No subject: a headline's verb, or a participle of no clause of its own ("than
      // previously stated"): the latter is no title.
      const bool headline = verb_first == sentence_first;
      if (!headline && (c_.form->past || doc_.word(verb_first).ends_with("ing"))) drop_ = true;
      if (doc_.has_role(s, kSelf)) drop_ = true;
      if (drop_) return;
    }
    if (!pieces_.empty()) {
      std::string subject;
      for (const Piece& p : pieces_) {
        if (!subject.empty() && p.space_before) subject += ' ';
        subject += p.text();
      }
      context_.subject = std::move(subject);
      context_.subject_sentence = doc_.facts[verb_first].sentence;
    }
    const std::uint32_t subject_pieces = static_cast<std::uint32_t>(pieces_.size());
    any_added_ = false;
    for (std::uint32_t k = verb_first; k < verb_end; ++k) add(k);
    if (subject_pieces == 0 && !pieces_.empty()) first_ = verb_first;
    add_object(verb_end, statement);
  }

  void add_object(std::uint32_t from, bool statement) {
    // Skip time adverbials right after the verb ("said on Wednesday that").
    while (from < sentence_end() &&
           (doc_.facts[from].timex >= 0 ||
            (doc_.has_role(from, kTimePrep) && from + 1 < sentence_end() &&
             doc_.facts[from + 1].timex >= 0) ||
            (doc_.is(from, ",") && from + 1 < sentence_end() && doc_.facts[from + 1].timex >= 0)))
      ++from;
    // "expressed hope that ...": the words before "that", then the clause.
    if (statement) {
      for (std::uint32_t k = from + 1; k < from + 3 && k < sentence_end(); ++k) {
        if (!doc_.is(k, "that")) continue;
        if (doc_.is_word(from) && !doc_.facts[from].clause_break) {
          add_run(from, k, false);
          from = k;
        }
        break;
      }
    }
    // "said that ...": the reported clause is the object; "said that while X, Y": Y.
    if (statement && from < sentence_end() && doc_.is(from, "that")) {
      ++from;
      if (from < sentence_end() && doc_.facts[from].clause_break) {
        // The main clause starts after the first comma not followed by a preposition.
        std::uint32_t comma = from;
        while (comma < sentence_end() &&
               !(doc_.is(comma, ",") && comma + 1 < sentence_end() &&
                 !(doc_.lower(comma + 1) && doc_.has_role(comma + 1, kPreposition))))
          ++comma;
        if (comma < sentence_end()) from = comma + 1;
      }
    }
    if (from < sentence_end()) add_run(from, clause_end(from), false);
  }

  // The noun phrase around an event noun.
  void build_noun_phrase() {
    const std::uint32_t clause = doc_.facts[c_.head].clause;
    const std::uint32_t sentence_first = sentence().first_token;
    std::uint32_t start = c_.first;
    bool dated = false;
    for (std::uint32_t steps = 0; start > sentence_first && steps < 6; ++steps) {
      const std::uint32_t k = start - 1;
      if (doc_.facts[k].clause != clause || doc_.facts[k].clause_break) break;
      if (doc_.facts[k].timex >= 0) {
        dated = true;
        start = k;
        continue;
      }
      if (k >= 1 && doc_.possessive_at(k - 1)) {
        start = k - 1;
        continue;
      }
      if (doc_.is(k, "-") && !doc_.tokens[k].space_before) {
        start = k;
        continue;
      }
      if (!doc_.is_word(k) || doc_.facts[k].roles != 0) break;
      const std::int32_t at = doc_.candidate_at[k];
      const bool verb_here = at >= 0 && !doc_.candidates[static_cast<std::size_t>(at)].noun;
      if (verb_here) break;
      start = k;
    }
    first_ = start;
    // "his visit", "its blockade": the participant the determiner stands for.
    if (start > sentence_first && doc_.has_role(start - 1, kDeterminer) &&
        doc_.has_role(start - 1, kGroup | kHe)) {
      const std::int32_t p = antecedent(start - 1, doc_.has_role(start - 1, kHe));
      if (p >= 0) {
        add_text(doc_.participants[static_cast<std::size_t>(p)].name + "'s");
        resolved_.push_back(static_cast<std::uint32_t>(p));
      }
    }
    add_run(start, c_.end, true);
    end_ = std::max(end_, c_.end);
    // What follows: prepositional phrases, a participle with its phrase ("signed by ..."), or a
    // relative clause ("assault that restored ...").
    std::uint32_t k = c_.end;
    const std::uint32_t limit = sentence_end();
    if (k < limit && doc_.is(k, ",") && k + 1 < limit && doc_.has_role(k + 1, kPreposition) &&
        doc_.lower(k + 1))
      ++k;
    if (k < limit) {
      const bool relative =
          doc_.facts[k].clause_break && (doc_.is(k, "that") || doc_.is(k, "which"));
      const bool prep = doc_.has_role(k, kPreposition) && !doc_.facts[k].clause_break;
      const bool participle = doc_.lower(k) && doc_.word(k).ends_with("ed") && k + 1 < limit &&
                              doc_.has_role(k + 1, kPreposition);
      if (relative) {
        add(k);
        add_run(k + 1, clause_end(k + 1), false);
      } else if (prep || participle) {
        add_run(k, clause_end(k), true);
      }
    }
    if (word_count() <= 2) {
      // Too thin ("Next meeting"): the clause up to the noun, when it fits ("The working group
      // ... will convene its next meeting"); else, with a date written into the noun phrase,
      // the date ("November 9, 2020 agreement").
      const std::uint32_t clause_start = subject_start(doc_.clause_first[clause], c_.first);
      if (clause_start < start && words_in(clause_start, c_.end) <= kMaxWords) {
        pieces_.clear();
        any_added_ = false;
        first_ = clause_start;
        add_range(clause_start, c_.end);
      } else if (dated) {
        pieces_.clear();
        any_added_ = false;
        for (std::uint32_t i = start; i < c_.end; ++i) add(i);
      }
    }
  }

  // Words a piece starts: a token's one, or a synthesized name's ("Pashinyan, Putin and Aliyev").
  // Words as a reader counts them: chunks between spaces ("Azerbaijan's" is one, so is "--").
  static std::size_t words_of(const Piece& p, bool first) {
    if (!(p.space_before || first)) return 0;
    if (p.owned.empty()) return 1;
    return 1 + static_cast<std::size_t>(std::count(p.owned.begin(), p.owned.end(), ' '));
  }

  std::size_t word_count() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < pieces_.size(); ++i) n += words_of(pieces_[i], i == 0);
    return n;
  }

  static bool weak_end(const Piece& p) {
    return (!p.word && p.text() != "%") ||
           (p.roles & (kArticle | kDeterminer | kPreposition | kConjunction | kAuxiliary | kClause |
                       kAdverb | kHe | kGroup)) ||
           p.text() == "s" || (p.participle && p.view.ends_with("ed"));
  }

  std::string finish() {
    while (!pieces_.empty() && (!pieces_.front().word || (pieces_.front().roles & kArticle)))
      pieces_.erase(pieces_.begin());
    if (pieces_.empty()) return {};
    pieces_.front().space_before = true;
    if (word_count() > kMaxWords) {
      // Cut before a comma, conjunction or clause word (worth four words more), or a preposition
      // or participle, keeping as much as fits and at least 4 words.
      std::size_t words = 0, cut = 0, best = 0, hard = pieces_.size();
      for (std::size_t i = 0; i < pieces_.size(); ++i) {
        const Piece& p = pieces_[i];
        const std::size_t adds = words_of(p, i == 0);
        const bool starts_word = adds > 0;
        const bool before_name = i + 1 < pieces_.size() && pieces_[i + 1].entity;
        const bool strong =
            (p.text() == "," && !before_name) ||
            (starts_word && ((p.roles & kClause) || ((p.roles & kConjunction) && !before_name)));
        const bool weak = starts_word && ((p.roles & kPreposition) || p.participle);
        if ((strong || weak) && words >= 4 && words <= kMaxWords) {
          const std::size_t score = words + (strong ? 4 : 0);
          if (score >= best) {
            best = score;
            cut = i;
          }
        }
        if (starts_word) {
          if (words + adds > kMaxWords) {
            hard = i;
            break;
          }
          words += adds;
        }
      }
      pieces_.resize(cut > 0 ? cut : hard);
      cut_ = true;
    }
    while (pieces_.size() > 1 && weak_end(pieces_.back())) {
      // The "s" of a possessive goes with its apostrophe.
      if (pieces_.back().text() == "s" && pieces_.size() >= 2) pieces_.pop_back();
      pieces_.pop_back();
    }
    // The title covers the sentence up to its last shown token.
    std::uint32_t shown_end = 0;
    for (const Piece& p : pieces_)
      if (p.token != Piece::kNoToken) shown_end = std::max(shown_end, p.token + 1);
    shown_end_ = shown_end;
    std::string out;
    for (const Piece& p : pieces_) {
      if (!out.empty() && p.space_before) out += ' ';
      out += p.text();
    }
    if (!out.empty() && out.back() == ':') out.pop_back();
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
  }
};

}  // namespace

Title build_title(const DocAnalysis& doc, const Candidate& mention, TitleContext& context) {
  const TitleContext before = context;
  Title title = TitleBuilder(doc, mention, context, false).build();
  if (title.text.empty() || title.drop) return title;
  // Cut short? Try again without people's titles, and keep that if it says more.
  if (title.cut) {
    TitleContext again = before;
    Title shorter = TitleBuilder(doc, mention, again, true).build();
    if (!shorter.drop && !shorter.text.empty() && shorter.shown_end > title.shown_end) {
      context = again;
      return shorter;
    }
  }
  return title;
}

}  // namespace tempograph::event
