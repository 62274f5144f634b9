// Merging mentions into events.
//
// Mentions are taken finest time first (a day before a month before a year), so that each
// coarse mention ("last September's offensive") joins the precise event it summarizes rather
// than seeding its own. A mention joins the best compatible event, else starts one. Compatible:
//   - times: one span inside the other (a day inside a month, a day inside a two-day range);
//   - categories: the same, where everything said, urged, pledged or denied counts as one kind
//     ("verbal"): a press conference is one event however many verbs report it;
//   - who: for verbal events the same speaker (the person or body named first in the title); for
//     the rest a shared participant, or the same trigger word when one side names nobody
//     ("the November 9, 2020 agreement"); when both times are vague (a month, a year), the same
//     trigger word and most participants.
// Two articles giving one event different dates (the same kind of happening, the same trigger
// and participants, explicit dates at most a week apart) are merged with both readings kept in
// Event::disputed, for the graph stage to report.
#include "tempograph/merge.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace tempograph {
namespace {

namespace greg = boost::gregorian;

bool is_verbal(EventCategory c) {
  switch (c) {
    case EventCategory::statement:
    case EventCategory::appeal:
    case EventCategory::intent:
    case EventCategory::criticism:
    case EventCategory::rejection:
    case EventCategory::threat:
      return true;
    default:
      return false;
  }
}

// Categories that may share an event.
int category_group(EventCategory c) {
  return is_verbal(c) ? -1 : static_cast<int>(c);
}

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : s) {
    const bool space = c == ' ';
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

// The last word of a name: "Lavrov" for "Sergei Lavrov".
std::string_view surname(std::string_view name) {
  const auto space = name.rfind(' ');
  return space == std::string_view::npos ? name : name.substr(space + 1);
}

// The person or body the title names first: who speaks in a verbal event. Empty when the title
// names none of its participants.
std::string_view speaker_of(const EventMention& m) {
  std::size_t best = std::string::npos;
  std::string_view who;
  // People and bodies first; a country speaks only when no one else is named ("Russia called
  // on Azerbaijan ...").
  for (const bool countries : {false, true}) {
    for (const auto& p : m.participants) {
      const bool person =
          p.kind == ParticipantKind::person || p.kind == ParticipantKind::organization;
      if (person == countries) continue;
      const auto at = m.title.find(person ? surname(p.name) : std::string_view(p.name));
      if (at != std::string::npos && at < best) {
        best = at;
        who = p.name;
      }
    }
    if (!who.empty()) break;
  }
  return who;
}

// Names and trigger words as small integers, so that matching compares numbers, not strings.
class Interner {
 public:
  std::uint32_t id(std::string_view word) {
    if (const auto it = ids_.find(word); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(words_.size());
    words_.push_back(&ids_.emplace(std::string(word), id).first->first);
    return id;
  }
  const std::string& word(std::uint32_t id) const { return *words_[id]; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<const std::string*> words_;  // by id; a node-based map keeps its keys in place
};

// A sorted vector of ids: a cluster holds a handful, so this beats a tree or a hash set.
using IdSet = std::vector<std::uint32_t>;

bool has(const IdSet& set, std::uint32_t id) {
  return std::binary_search(set.begin(), set.end(), id);
}

void insert(IdSet& set, std::uint32_t id) {
  const auto at = std::lower_bound(set.begin(), set.end(), id);
  if (at == set.end() || *at != id) set.insert(at, id);
}

constexpr std::uint32_t kNoSpeaker = std::numeric_limits<std::uint32_t>::max();

struct Item {
  std::size_t doc = 0;  // index into the sorted documents
  const EventMention* mention = nullptr;
  TimeSpan span;
  // Held by the mention; interned as speaker_id (kNoSpeaker when empty). Items are many (a
  // million for a gigabyte of news): what they hold is kept small.
  std::string_view speaker;
  std::uint32_t speaker_id = kNoSpeaker;
  std::uint32_t lemma = 0;  // the trigger word
  IdSet participant_ids;    // the participants' names, each once
};

struct Cluster {
  EventCategory category = EventCategory::other;
  int group = 0;
  TimeSpan span;  // the finest reading so far
  std::uint32_t speaker_id = kNoSpeaker;
  IdSet participants;
  IdSet lemmas;
  std::vector<std::size_t> items;
  bool disputed = false;
};

std::size_t shared(const IdSet& a, const IdSet& b) {
  std::size_t n = 0;
  for (const auto x : a) n += has(b, x) ? 1 : 0;
  return n;
}

bool nested(const TimeSpan& a, const TimeSpan& b) {
  return a.contains(b) || b.contains(a);
}

// How well `item` fits `cluster`; negative when it does not.
double fit(const Item& item, const Cluster& c) {
  const EventMention& m = *item.mention;
  if (category_group(m.category) != c.group) return -1;
  if (!nested(item.span, c.span)) return -1;
  const std::size_t common = shared(item.participant_ids, c.participants);
  const bool same_lemma = has(c.lemmas, item.lemma);
  if (c.group == -1) {
    if (item.speaker_id == kNoSpeaker || item.speaker_id != c.speaker_id) return -1;
    return 2.0 + static_cast<double>(common) + (same_lemma ? 0.5 : 0);
  }
  if (item.span.granularity < Granularity::day && c.span.granularity < Granularity::day) {
    // Two vague times ("in February", "in 1989") say little: the same happening needs the same
    // word and the same main participants.
    if (!same_lemma || common == 0) return -1;
    if (common < 2 && common * 2 < item.participant_ids.size()) return -1;
  } else if (common == 0) {
    if (!(item.participant_ids.empty() || c.participants.empty()) || !same_lemma) return -1;
  }
  return 1.0 + static_cast<double>(common) + (same_lemma ? 1 : 0) +
         (m.category == c.category ? 0.5 : 0);
}

// Whether `item` is `cluster` under another date: an explicit day at most a week off, the same
// kind of happening, trigger and participants.
bool disputes(const Item& item, const Cluster& c, const std::vector<Item>& items) {
  const EventMention& m = *item.mention;
  if (c.group == -1 || m.category != c.category) return false;
  if (m.anchor != AnchorSource::timex || item.span.granularity < Granularity::day) return false;
  if (c.span.granularity < Granularity::day || !has(c.lemmas, item.lemma)) return false;
  if (item.participant_ids.size() < 2 || shared(item.participant_ids, c.participants) < 2)
    return false;
  const auto gap = item.span.start > c.span.end ? (item.span.start - c.span.end).days()
                                                : (c.span.start - item.span.end).days();
  if (gap <= 0 || gap > 7) return false;
  // Only across articles: one article giving two dates tells of two happenings.
  for (std::size_t i : c.items)
    if (items[i].doc == item.doc) return false;
  return true;
}

// Candidate lookup: an event is filed under each key a compatible mention must share with it
// (the speaker of a verbal event; each participant and trigger word of another), month by month,
// so a mention is compared only with events around its time that it could join. Spans of more
// than three years are filed apart and always looked at.
class CandidateIndex {
 public:
  // A key: what is shared (speaker, participant or trigger word) and its category group.
  using Key = std::uint64_t;

  void add(Key key, const TimeSpan& span, std::size_t cluster) {
    append(any_time_[key], cluster);
    const int first = month(span.start), last = month(span.end);
    if (last - first > kMaxMonths) {
      append(long_[key], cluster);
      return;
    }
    for (int k = first; k <= last; ++k) append(by_month_[slot(key, k)], cluster);
  }

  // Clusters filed under any of `keys` in any month of `span`, each once, in creation order.
  void around(const std::vector<Key>& keys, const TimeSpan& span,
              std::vector<std::size_t>& out) const {
    out.clear();
    auto take = [&out](const Lists& map, Key k) {
      if (auto it = map.find(k); it != map.end())
        out.insert(out.end(), it->second.begin(), it->second.end());
    };
    const int first = month(span.start), last = month(span.end);
    for (const Key key : keys) {
      if (last - first > kMaxMonths) {
        take(any_time_, key);
        continue;
      }
      take(long_, key);
      for (int k = first; k <= last; ++k) take(by_month_, slot(key, k));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }

 private:
  static constexpr int kMaxMonths = 36;
  static void append(std::vector<std::size_t>& v, std::size_t cluster) {
    if (v.empty() || v.back() != cluster) v.push_back(cluster);
  }
  static int month(const greg::date& d) {
    return static_cast<int>(d.year()) * 12 + d.month().as_number() - 1;
  }
  // Keys use 40 bits; months (year * 12, years up to 9999) fit in the other 24.
  static Key slot(Key key, int month) { return key << 24 | static_cast<Key>(month); }
  using Lists = std::unordered_map<Key, std::vector<std::size_t>>;
  Lists by_month_;  // key and month
  Lists long_;      // clusters of long spans, by key
  Lists any_time_;  // every cluster, by key: for mentions of long spans
};

// The keys a mention is filed and looked up under: for verbal events its speaker, else each
// participant and the trigger word, within the category group.
void keys_of(const Item& item, std::vector<CandidateIndex::Key>& keys) {
  keys.clear();
  const int group = category_group(item.mention->category);
  // kind (2 bits) | group + 1 (6 bits) | id (32 bits)
  auto key = [group](std::uint64_t kind, std::uint32_t id) {
    return kind << 38 | static_cast<std::uint64_t>(group + 1) << 32 | id;
  };
  if (group == -1) {
    if (item.speaker_id != kNoSpeaker) keys.push_back(key(0, item.speaker_id));
    return;
  }
  for (const auto p : item.participant_ids) keys.push_back(key(1, p));
  keys.push_back(key(2, item.lemma));
}

// Clusters items that may join one another (one category group, or one speaker's statements),
// taken in `order` (finest first): each joins the candidate it fits best, or starts a cluster.
std::vector<Cluster> cluster_items(const std::vector<Item>& items,
                                   const std::vector<std::size_t>& order) {
  std::vector<Cluster> clusters;
  CandidateIndex index;
  std::vector<std::size_t> candidates;
  std::vector<CandidateIndex::Key> keys;
  for (std::size_t i : order) {
    const Item& item = items[i];
    keys_of(item, keys);
    double best_fit = -1;
    std::size_t best = 0;
    index.around(keys, item.span, candidates);
    for (std::size_t c : candidates) {
      const double f = fit(item, clusters[c]);
      if (f > best_fit) {
        best_fit = f;
        best = c;
      }
    }
    // Disputes show only between day readings at most a week apart: look that far around.
    if (best_fit < 0 && item.mention->anchor == AnchorSource::timex) {
      TimeSpan wider = item.span;
      wider.start = shifted(wider.start, -7);  // 1400-01-01 is as early as Boost goes
      wider.end = shifted(wider.end, 7);
      index.around(keys, wider, candidates);
      for (std::size_t c : candidates) {
        if (disputes(item, clusters[c], items)) {
          best = c;
          best_fit = 0;
          clusters[c].disputed = true;
          break;
        }
      }
    }
    if (best_fit < 0) {
      Cluster c;
      c.category = item.mention->category;
      c.group = category_group(c.category);
      c.span = item.span;
      c.speaker_id = item.speaker_id;
      best = clusters.size();
      clusters.push_back(std::move(c));
    }
    Cluster& c = clusters[best];
    c.items.push_back(i);
    for (const auto p : item.participant_ids) insert(c.participants, p);
    insert(c.lemmas, item.lemma);
    // Filed under the cluster's own span: later (coarser) mentions look it up there.
    for (const auto& key : keys) index.add(key, c.span, best);
  }
  return clusters;
}

// Calls f(i) for every i below n, on up to `threads` threads (none with fewer than
// `min_per_thread` indexes), each taking the next `stretch` indexes when it is free; the calls
// must be independent. Exceptions reach the caller.
template <class F>
void for_each_index(std::size_t n, unsigned threads, std::size_t min_per_thread,
                    std::size_t stretch, F&& f) {
  const std::size_t workers = std::max<std::size_t>(
      1, std::min({std::size_t{threads}, n / std::max<std::size_t>(min_per_thread, 1) + 1, n}));
  std::atomic<std::size_t> next{0};
  auto run = [&f, &next, n, stretch] {
    for (std::size_t begin; (begin = next.fetch_add(stretch)) < n;)
      for (std::size_t i = begin; i < std::min(n, begin + stretch); ++i) f(i);
  };
  std::vector<std::future<void>> others;
  for (std::size_t r = 1; r < workers; ++r) others.push_back(std::async(std::launch::async, run));
  run();
  for (auto& o : others) o.get();
}

// As above, for per-document and per-cluster work: below 256 items a thread costs more than it
// saves, and stretches of 64 keep both busy where items differ in cost (a cluster of hundreds of
// mentions next to single ones).
template <class F>
void for_each_index(std::size_t n, unsigned threads, F&& f) {
  for_each_index(n, threads, 256, 64, std::forward<F>(f));
}

double round2(double x) {
  return std::round(x * 100.0) / 100.0;
}

}  // namespace

std::size_t Event::source_count() const {
  const auto by_doc = [](const MentionSource& a, const MentionSource& b) { return a.doc < b.doc; };
  if (std::is_sorted(mentions.begin(), mentions.end(), by_doc)) {  // as merging leaves them
    std::size_t n = 0;
    for (std::size_t i = 0; i < mentions.size(); ++i)
      if (i == 0 || mentions[i].doc != mentions[i - 1].doc) ++n;
    return n;
  }
  std::set<std::string_view> docs;
  for (const auto& m : mentions) docs.insert(m.doc);
  return docs.size();
}

std::vector<Event> merge_mentions(const std::vector<DocumentMentions>& documents, MergeStats* stats,
                                  unsigned threads) {
  // The result must not depend on the input order (shards merge in any order).
  std::vector<const DocumentMentions*> docs;
  docs.reserve(documents.size());
  for (const auto& d : documents) docs.push_back(&d);
  std::sort(docs.begin(), docs.end(), [](const auto* a, const auto* b) { return a->doc < b->doc; });

  // Each document's items on its own (in parallel), then numbered in document order.
  std::vector<std::vector<Item>> doc_items(docs.size());
  std::vector<std::size_t> undated(docs.size(), 0);
  for_each_index(docs.size(), threads, [&](std::size_t d) {
    for (const auto& m : docs[d]->mentions) {
      auto span = m.time_value.empty() ? std::nullopt : span_of(m.time_value, m.time_range_end);
      if (!span || m.category == EventCategory::other) {
        ++undated[d];
        continue;
      }
      Item item;
      item.doc = d;
      item.mention = &m;
      item.span = std::move(*span);
      item.speaker = speaker_of(m);
      doc_items[d].push_back(std::move(item));
    }
  });
  MergeStats local;
  Interner words;  // speakers, participants and trigger words share one numbering
  std::vector<Item> items;
  {
    std::size_t total = 0;
    for (const auto& d : doc_items) total += d.size();
    items.reserve(total);
  }
  for (std::size_t d = 0; d < docs.size(); ++d) {
    local.mentions += docs[d]->mentions.size();
    local.undated += undated[d];
    for (auto& item : doc_items[d]) {
      if (!item.speaker.empty()) item.speaker_id = words.id(item.speaker);
      item.lemma = words.id(item.mention->trigger_lemma);
      for (const auto& p : item.mention->participants)
        insert(item.participant_ids, words.id(p.name));
      items.push_back(std::move(item));
    }
  }
  doc_items.clear();

  // Finest first; then explicit dates before the DCT; then document order.
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto days = [](const TimeSpan& s) { return (s.end - s.start).days(); };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const Item& x = items[a];
    const Item& y = items[b];
    if (days(x.span) != days(y.span)) return days(x.span) < days(y.span);
    const bool xt = x.mention->anchor == AnchorSource::timex;
    const bool yt = y.mention->anchor == AnchorSource::timex;
    if (xt != yt) return xt;
    return a < b;
  });

  // Mentions of different category groups never join (fit and disputes need the same group),
  // nor do the statements of different speakers: each such share is clustered on its own, in
  // parallel.
  // Within a share the order is kept, so the clusters are those one pass in `order` would make.
  std::vector<std::vector<std::size_t>> shares;
  {
    std::map<std::uint64_t, std::size_t> share_of;  // (group + 1, speaker id + 1) -> shares
    for (const std::size_t i : order) {
      const Item& item = items[i];
      const int group = category_group(item.mention->category);
      const std::uint64_t speaker =
          group == -1 && item.speaker_id != kNoSpeaker ? std::uint64_t{item.speaker_id} + 1 : 0;
      const std::uint64_t key = static_cast<std::uint64_t>(group + 1) << 33 | speaker;
      const auto [at, added] = share_of.try_emplace(key, shares.size());
      if (added) shares.emplace_back();
      shares[at->second].push_back(i);
    }
  }
  std::vector<std::vector<Cluster>> share_clusters(shares.size());
  // The biggest shares first, so that no thread is left with a big one at the end.
  std::vector<std::size_t> biggest_first(shares.size());
  for (std::size_t k = 0; k < shares.size(); ++k) biggest_first[k] = k;
  std::stable_sort(biggest_first.begin(), biggest_first.end(), [&](std::size_t a, std::size_t b) {
    return shares[a].size() > shares[b].size();
  });
  for_each_index(shares.size(), items.size() >= 256 ? threads : 1, 1, 1, [&](std::size_t k) {
    const std::size_t share = biggest_first[k];
    share_clusters[share] = cluster_items(items, shares[share]);
  });
  std::vector<Cluster> clusters;
  {
    std::size_t total = 0;
    for (const auto& share : share_clusters) total += share.size();
    clusters.reserve(total);
  }
  for (auto& share : share_clusters)
    for (auto& c : share) clusters.push_back(std::move(c));
  share_clusters.clear();

  // Each cluster becomes an event on its own (in parallel).
  std::vector<Event> unsorted(clusters.size());
  for_each_index(clusters.size(), threads, [&](std::size_t k) {
    Cluster& c = clusters[k];
    std::sort(c.items.begin(), c.items.end());  // document order
    Event e;
    // The title from the mention that says most: an explicit date, named participants, a
    // sentence rather than a quotation.
    double best_score = -1e9;
    const EventMention* best = nullptr;
    std::map<std::string_view, std::size_t> named;  // the interner's names
    std::map<EventCategory, std::size_t> categories;
    std::set<std::size_t> docs_seen;
    for (std::size_t i : c.items) {
      const Item& item = items[i];
      const EventMention& m = *item.mention;
      double score = std::min<double>(static_cast<double>(item.participant_ids.size()), 4.0) +
                     std::min<double>(static_cast<double>(word_count(m.title)), 12.0) / 4.0;
      if (m.anchor == AnchorSource::timex) score += 2;
      if (m.title.find(':') != std::string::npos) score -= 2;
      if (score > best_score) {
        best_score = score;
        best = &m;
      }
      for (const auto p : item.participant_ids) ++named[words.word(p)];
      ++categories[m.category];
      docs_seen.insert(item.doc);
      MentionSource s;
      s.doc = docs[item.doc]->doc;
      s.begin = m.begin;
      s.end = m.end;
      s.sentence_begin = m.sentence_begin;
      s.sentence_end = m.sentence_end;
      s.trigger = m.trigger_lemma;
      s.time_value = item.span.value;
      s.anchor = m.anchor;
      e.mentions.push_back(std::move(s));
    }
    e.title = best ? best->title : std::string();
    // The category most mentions give, the first in the list on a tie.
    std::size_t most = 0;
    for (const auto& [cat, n] : categories)
      if (n > most) {
        most = n;
        e.category = cat;
      }
    std::vector<std::pair<std::string_view, std::size_t>> ranked(named.begin(), named.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [name, n] : ranked) e.participants.emplace_back(name);

    // The time: among the readings at the finest granularity (a two-day range counts as days),
    // the one that holds most of the others ("19-20 September" over "19 September"), then the one
    // most mentions give.
    Granularity finest = Granularity::unknown;
    for (std::size_t i : c.items)
      finest = std::max(finest, std::min(items[i].span.granularity, Granularity::day));
    std::map<std::string, std::pair<std::size_t, const TimeSpan*>> readings;
    for (std::size_t i : c.items) {
      if (std::min(items[i].span.granularity, Granularity::day) != finest) continue;
      auto& r = readings[items[i].span.value];
      ++r.first;
      r.second = &items[i].span;
    }
    std::pair<std::size_t, std::size_t> best_reading{0, 0};  // (readings held, votes)
    for (const auto& [value, r] : readings) {
      std::size_t held = 0;
      for (const auto& [other_value, o] : readings) held += r.second->contains(*o.second) ? 1 : 0;
      const std::pair<std::size_t, std::size_t> rank{held, r.first};
      if (rank > best_reading) {
        best_reading = rank;
        e.time = *r.second;
      }
    }
    if (c.disputed) {
      // Every reading not nested in the chosen one is a disagreement; keep them all.
      std::map<std::string, Event::Reading> all;
      for (std::size_t i : c.items) {
        auto& r = all[items[i].span.value];
        r.time = items[i].span;
        const std::string& doc = docs[items[i].doc]->doc;
        if (std::find(r.docs.begin(), r.docs.end(), doc) == r.docs.end()) r.docs.push_back(doc);
      }
      bool disagree = false;
      for (const auto& [value, r] : all)
        if (!nested(r.time, e.time)) disagree = true;
      if (disagree)
        for (auto& [value, r] : all) e.disputed.push_back(std::move(r));
    }

    // Salience: independent sources weigh most, then later articles that look back on it, then
    // how often it is mentioned; happenings rank above what was said about them.
    std::size_t later = 0;
    for (std::size_t d : docs_seen)
      if (docs[d]->dct.known() && docs[d]->dct.day > e.time.end) ++later;
    e.salience = round2(2.0 * static_cast<double>(docs_seen.size()) + static_cast<double>(later) +
                        0.25 * std::min<double>(static_cast<double>(c.items.size()), 8.0) +
                        (is_verbal(e.category) ? 0.0 : 1.0));
    unsorted[k] = std::move(e);
  });

  // Sorted by index: moving whole events around costs more than comparing them.
  std::vector<std::size_t> by_time(unsorted.size());
  for (std::size_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  std::sort(by_time.begin(), by_time.end(), [&unsorted](std::size_t i, std::size_t j) {
    const Event& a = unsorted[i];
    const Event& b = unsorted[j];
    if (a.time.start != b.time.start) return a.time.start < b.time.start;
    if (a.time.end != b.time.end) return a.time.end < b.time.end;
    if (a.category != b.category) return a.category < b.category;
    if (a.title != b.title) return a.title < b.title;
    const auto& x = a.mentions.front();
    const auto& y = b.mentions.front();
    return std::tie(x.doc, x.begin) < std::tie(y.doc, y.begin);
  });
  // Put in that order in place, cycle by cycle: a second array of events would double them at
  // the peak of a big build.
  std::vector<Event> events = std::move(unsorted);
  {
    std::vector<bool> placed(events.size(), false);
    for (std::size_t start = 0; start < events.size(); ++start) {
      if (placed[start]) continue;
      Event first = std::move(events[start]);
      std::size_t at = start;
      for (std::size_t from = by_time[at]; from != start; at = from, from = by_time[at]) {
        events[at] = std::move(events[from]);
        placed[at] = true;
      }
      events[at] = std::move(first);
      placed[at] = true;
    }
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::string id(1, 'e');  // not "e" + to_string(): a false -Wrestrict in g++ 12
    id += std::to_string(i + 1);
    events[i].id = std::move(id);
    if (events[i].mentions.size() > 1) ++local.merged_events;
    if (events[i].source_count() > 1) ++local.cross_document;
  }
  if (stats) *stats = local;
  return events;
}

std::vector<Event> top_events(std::vector<Event> events, std::size_t n) {
  if (n == 0 || n >= events.size()) return events;
  std::vector<std::size_t> order(events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  // Ties go to the earlier event, so the choice is stable.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return events[a].salience > events[b].salience;
  });
  order.resize(n);
  std::sort(order.begin(), order.end());
  std::vector<Event> kept;
  kept.reserve(n);
  for (std::size_t i : order) kept.push_back(std::move(events[i]));
  return kept;
}

}  // namespace tempograph
