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

#include "../text/spool.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <span>
#include <stdexcept>
#include <tuple>
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

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Names and trigger words as small integers, so that matching compares numbers, not strings.
class Interner {
 public:
  std::uint32_t id(std::string_view word) {
    if (const auto it = ids_.find(word); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(words_.size());
    words_.push_back(&ids_.emplace(std::string(word), id).first->first);
    return id;
  }
  std::optional<std::uint32_t> find(std::string_view word) const {
    if (const auto it = ids_.find(word); it != ids_.end()) return it->second;
    return std::nullopt;
  }
  const std::string& word(std::uint32_t id) const { return *words_[id]; }

 private:
  std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> ids_;
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

// An array in chunks of a fixed size, for the millions of mentions of a big build: a vector
// growing to hold them copies them all at each doubling, and for that moment needs twice their
// size.
template <class T>
class ChunkedArray {
 public:
  void push_back(const T& x) {
    if (size_ % kChunk == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
    chunks_[size_ >> kShift][size_ % kChunk] = x;
    ++size_;
  }
  T& operator[](std::size_t i) { return chunks_[i >> kShift][i % kChunk]; }
  const T& operator[](std::size_t i) const { return chunks_[i >> kShift][i % kChunk]; }
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kShift = 14;
  static constexpr std::size_t kChunk = std::size_t{1} << kShift;
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

// One dated mention, as merging needs it. Items are many (millions for a gigabyte of news), so
// an item holds numbers only: its words are the table's, its time one of the table's spans,
// its title in the table's spool.
struct Item {
  std::uint64_t title_at = 0;
  std::uint32_t title_size = 0;
  std::uint32_t doc = 0;  // the table's document number
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t sentence_begin = 0;
  std::uint32_t sentence_end = 0;
  std::uint32_t span = 0;
  std::uint32_t lemma = 0;  // the trigger word
  std::uint32_t speaker = kNoSpeaker;
  std::uint32_t participants_at = 0;  // the participants' names, sorted, each once
  std::uint16_t participants = 0;
  EventCategory category = EventCategory::other;
  AnchorSource anchor = AnchorSource::none;
  std::uint8_t title_words = 0;  // at most 255
  bool title_colon = false;      // a quotation ("Lavrov: ...") makes a poor event title
};

}  // namespace

struct MentionTable::Impl {
  explicit Impl(std::optional<std::filesystem::path> spool_dir)
      : titles(std::move(spool_dir), "event titles") {}

  // The span of a mention's time, numbered; nullopt when it names no calendar span.
  std::optional<std::uint32_t> span_of_mention(const EventMention& m) {
    key.assign(m.time_value);
    key += '\0';
    key += m.time_range_end;
    auto it = span_ids.find(key);
    if (it == span_ids.end()) {
      std::int64_t id = -1;
      if (auto span = span_of(m.time_value, m.time_range_end)) {
        id = static_cast<std::int64_t>(spans.size());
        spans.push_back(std::move(*span));
      }
      it = span_ids.emplace(key, id).first;
    }
    if (it->second < 0) return std::nullopt;
    return static_cast<std::uint32_t>(it->second);
  }
  const TimeSpan& span(const Item& item) const { return spans[item.span]; }
  std::span<const std::uint32_t> participants(const Item& item) const {
    return {participant_ids.data() + item.participants_at, item.participants};
  }

  Spool titles;
  Interner words;  // speakers, participants and trigger words share one numbering
  std::vector<TimeSpan> spans;
  std::unordered_map<std::string, std::int64_t, StringHash, std::equal_to<>> span_ids;
  std::string key;           // span_of_mention's, kept for its capacity
  ChunkedArray<Item> items;  // document after document, each in text order
  std::vector<std::uint32_t> participant_ids;
  std::vector<std::uint32_t> first_item;  // by document: where its items begin
  std::vector<greg::date> dct_days;       // by document; not_a_date_time when unknown
  std::size_t offered = 0;
  std::size_t undated = 0;
};

MentionTable::MentionTable(std::optional<std::filesystem::path> spool_dir)
    : impl_(std::make_unique<Impl>(std::move(spool_dir))) {}
MentionTable::MentionTable(MentionTable&&) noexcept = default;
MentionTable& MentionTable::operator=(MentionTable&&) noexcept = default;
MentionTable::~MentionTable() = default;

std::size_t MentionTable::documents() const {
  return impl_->dct_days.size();
}

std::uint32_t MentionTable::add(const DocumentCreationTime& dct,
                                const std::vector<EventMention>& mentions) {
  Impl& t = *impl_;
  const auto doc = static_cast<std::uint32_t>(t.dct_days.size());
  t.dct_days.push_back(dct.known() ? dct.day : greg::date(greg::not_a_date_time));
  t.first_item.push_back(static_cast<std::uint32_t>(t.items.size()));
  t.offered += mentions.size();
  for (const auto& m : mentions) {
    const auto span = m.time_value.empty() ? std::nullopt : t.span_of_mention(m);
    if (!span || m.category == EventCategory::other) {
      ++t.undated;
      continue;
    }
    Item item;
    item.doc = doc;
    item.begin = m.begin;
    item.end = m.end;
    item.sentence_begin = m.sentence_begin;
    item.sentence_end = m.sentence_end;
    item.span = *span;
    item.category = m.category;
    item.anchor = m.anchor;
    if (const auto speaker = speaker_of(m); !speaker.empty()) item.speaker = t.words.id(speaker);
    item.lemma = t.words.id(m.trigger_lemma);
    item.participants_at = static_cast<std::uint32_t>(t.participant_ids.size());
    for (const auto& p : m.participants) {
      if (item.participants == std::numeric_limits<std::uint16_t>::max()) break;
      const auto id = t.words.id(p.name);
      const auto first = t.participant_ids.begin() + item.participants_at;
      const auto at = std::lower_bound(first, t.participant_ids.end(), id);
      if (at != t.participant_ids.end() && *at == id) continue;
      t.participant_ids.insert(at, id);
      ++item.participants;
    }
    item.title_at = t.titles.append(m.title);
    item.title_size = static_cast<std::uint32_t>(m.title.size());
    item.title_words = static_cast<std::uint8_t>(std::min<std::size_t>(word_count(m.title), 255));
    item.title_colon = m.title.find(':') != std::string::npos;
    t.items.push_back(item);
  }
  return doc;
}

namespace {

using Table = MentionTable::Impl;

struct Cluster {
  EventCategory category = EventCategory::other;
  int group = 0;
  std::uint32_t span = 0;  // its first mention's, the finest
  std::uint32_t speaker = kNoSpeaker;
  IdSet participants;
  IdSet lemmas;
  std::vector<std::uint32_t> items;
  bool disputed = false;
};

std::size_t shared(std::span<const std::uint32_t> a, const IdSet& b) {
  std::size_t n = 0;
  for (const auto x : a) n += has(b, x) ? 1 : 0;
  return n;
}

bool nested(const TimeSpan& a, const TimeSpan& b) {
  return a.contains(b) || b.contains(a);
}

// How well `item` fits `cluster`; negative when it does not.
double fit(const Table& t, const Item& item, const Cluster& c) {
  if (category_group(item.category) != c.group) return -1;
  const TimeSpan& span = t.span(item);
  const TimeSpan& cluster_span = t.spans[c.span];
  if (!nested(span, cluster_span)) return -1;
  const std::size_t common = shared(t.participants(item), c.participants);
  const bool same_lemma = has(c.lemmas, item.lemma);
  if (c.group == -1) {
    if (item.speaker == kNoSpeaker || item.speaker != c.speaker) return -1;
    return 2.0 + static_cast<double>(common) + (same_lemma ? 0.5 : 0);
  }
  if (span.granularity < Granularity::day && cluster_span.granularity < Granularity::day) {
    // Two vague times ("in February", "in 1989") say little: the same happening needs the same
    // word and the same main participants.
    if (!same_lemma || common == 0) return -1;
    if (common < 2 && common * 2 < item.participants) return -1;
  } else if (common == 0) {
    if (!(item.participants == 0 || c.participants.empty()) || !same_lemma) return -1;
  }
  return 1.0 + static_cast<double>(common) + (same_lemma ? 1 : 0) +
         (item.category == c.category ? 0.5 : 0);
}

// Whether `item` is `cluster` under another date: an explicit day at most a week off, the same
// kind of happening, trigger and participants.
bool disputes(const Table& t, const Item& item, const Cluster& c) {
  if (c.group == -1 || item.category != c.category) return false;
  const TimeSpan& span = t.span(item);
  const TimeSpan& cluster_span = t.spans[c.span];
  if (item.anchor != AnchorSource::timex || span.granularity < Granularity::day) return false;
  if (cluster_span.granularity < Granularity::day || !has(c.lemmas, item.lemma)) return false;
  if (item.participants < 2 || shared(t.participants(item), c.participants) < 2) return false;
  const auto gap = span.start > cluster_span.end ? (span.start - cluster_span.end).days()
                                                 : (cluster_span.start - span.end).days();
  if (gap <= 0 || gap > 7) return false;
  // Only across articles: one article giving two dates tells of two happenings.
  for (const auto i : c.items)
    if (t.items[i].doc == item.doc) return false;
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

  void add(Key key, const TimeSpan& span, std::uint32_t cluster) {
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
              std::vector<std::uint32_t>& out) const {
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
  static void append(std::vector<std::uint32_t>& v, std::uint32_t cluster) {
    if (v.empty() || v.back() != cluster) v.push_back(cluster);
  }
  static int month(const greg::date& d) {
    return static_cast<int>(d.year()) * 12 + d.month().as_number() - 1;
  }
  // Keys use 40 bits; months (year * 12, years up to 9999) fit in the other 24.
  static Key slot(Key key, int month) { return key << 24 | static_cast<Key>(month); }
  using Lists = std::unordered_map<Key, std::vector<std::uint32_t>>;
  Lists by_month_;  // key and month
  Lists long_;      // clusters of long spans, by key
  Lists any_time_;  // every cluster, by key: for mentions of long spans
};

// The keys a mention is filed and looked up under: for verbal events its speaker, else each
// participant and the trigger word, within the category group.
void keys_of(const Table& t, const Item& item, std::vector<CandidateIndex::Key>& keys) {
  keys.clear();
  const int group = category_group(item.category);
  // kind (2 bits) | group + 1 (6 bits) | id (32 bits)
  auto key = [group](std::uint64_t kind, std::uint32_t id) {
    return kind << 38 | static_cast<std::uint64_t>(group + 1) << 32 | id;
  };
  if (group == -1) {
    if (item.speaker != kNoSpeaker) keys.push_back(key(0, item.speaker));
    return;
  }
  for (const auto p : t.participants(item)) keys.push_back(key(1, p));
  keys.push_back(key(2, item.lemma));
}

// Clusters items that may join one another (one category group, or one speaker's statements),
// taken in `order` (finest first): each joins the candidate it fits best, or starts a cluster.
std::vector<Cluster> cluster_items(const Table& t, const std::vector<std::uint32_t>& order) {
  std::vector<Cluster> clusters;
  CandidateIndex index;
  std::vector<std::uint32_t> candidates;
  std::vector<CandidateIndex::Key> keys;
  for (const std::uint32_t i : order) {
    const Item& item = t.items[i];
    keys_of(t, item, keys);
    double best_fit = -1;
    std::uint32_t best = 0;
    index.around(keys, t.span(item), candidates);
    for (const auto c : candidates) {
      const double f = fit(t, item, clusters[c]);
      if (f > best_fit) {
        best_fit = f;
        best = c;
      }
    }
    // Disputes show only between day readings at most a week apart: look that far around.
    if (best_fit < 0 && item.anchor == AnchorSource::timex) {
      TimeSpan wider = t.span(item);
      wider.start = shifted(wider.start, -7);  // 1400-01-01 is as early as Boost goes
      wider.end = shifted(wider.end, 7);
      index.around(keys, wider, candidates);
      for (const auto c : candidates) {
        if (disputes(t, item, clusters[c])) {
          best = c;
          best_fit = 0;
          clusters[c].disputed = true;
          break;
        }
      }
    }
    if (best_fit < 0) {
      Cluster c;
      c.category = item.category;
      c.group = category_group(c.category);
      c.span = item.span;
      c.speaker = item.speaker;
      best = static_cast<std::uint32_t>(clusters.size());
      clusters.push_back(std::move(c));
    }
    Cluster& c = clusters[best];
    c.items.push_back(i);
    for (const auto p : t.participants(item)) insert(c.participants, p);
    insert(c.lemmas, item.lemma);
    // Filed under the cluster's own span: later (coarser) mentions look it up there.
    for (const auto& key : keys) index.add(key, t.spans[c.span], best);
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

// An event as merging leaves it: its mentions are a stretch of MergedEvents' `members`.
struct MergedEvent {
  std::uint32_t first = 0;  // into members, in document order
  std::uint32_t count = 0;
  std::uint32_t span = 0;        // the time: one of the table's spans
  std::uint32_t title_item = 0;  // the mention whose title it shows
  double salience = 0;
  EventCategory category = EventCategory::other;
  bool disputed = false;  // has readings in MergedEvents' `readings`
  bool multi_document = false;
};

}  // namespace

struct MergedEvents::Impl {
  std::unique_ptr<Table> table;
  std::vector<std::string> doc_ids;
  std::vector<std::uint32_t> doc_rank;  // by document number: its place in id order
  std::vector<std::uint32_t> members;   // each event's items, event after event
  std::vector<MergedEvent> events;      // in time order
  std::map<std::uint32_t, std::vector<Event::Reading>> readings;  // disputed ones, by event
  MergeStats stats;
};

MergedEvents::MergedEvents(MentionTable table, std::vector<std::string> doc_ids, unsigned threads)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.table = std::move(table.impl_);
  Table& t = *m.table;
  if (doc_ids.size() != t.dct_days.size())
    throw std::invalid_argument("MergedEvents: one id per document of the table is needed");
  t.titles.finish();
  m.doc_ids = std::move(doc_ids);
  const auto doc_count = static_cast<std::uint32_t>(m.doc_ids.size());
  t.first_item.push_back(static_cast<std::uint32_t>(t.items.size()));

  // The result must not depend on the order the documents came in: they are taken in id order.
  std::vector<std::uint32_t> by_id(doc_count);
  for (std::uint32_t d = 0; d < doc_count; ++d) by_id[d] = d;
  std::stable_sort(by_id.begin(), by_id.end(),
                   [&m](std::uint32_t a, std::uint32_t b) { return m.doc_ids[a] < m.doc_ids[b]; });
  m.doc_rank.resize(doc_count);
  for (std::uint32_t r = 0; r < doc_count; ++r) m.doc_rank[by_id[r]] = r;
  auto in_document_order = [&m, &t](std::uint32_t a, std::uint32_t b) {
    const auto ra = m.doc_rank[t.items[a].doc], rb = m.doc_rank[t.items[b].doc];
    return ra != rb ? ra < rb : a < b;
  };

  // Finest first; then explicit dates before the DCT; then document order.
  std::vector<std::uint32_t> order;
  order.reserve(t.items.size());
  for (const auto d : by_id)
    for (auto i = t.first_item[d]; i < t.first_item[d + 1]; ++i) order.push_back(i);
  std::vector<long> days(t.spans.size());
  for (std::size_t s = 0; s < days.size(); ++s)
    days[s] = (t.spans[s].end - t.spans[s].start).days();
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Item& x = t.items[a];
    const Item& y = t.items[b];
    if (days[x.span] != days[y.span]) return days[x.span] < days[y.span];
    const bool xt = x.anchor == AnchorSource::timex;
    const bool yt = y.anchor == AnchorSource::timex;
    return xt && !yt;
  });

  // Mentions of different category groups never join (fit and disputes need the same group),
  // nor do the statements of different speakers: each such share is clustered on its own, in
  // parallel. Within a share the order is kept, so the clusters are those one pass in `order`
  // would make.
  std::vector<std::vector<std::uint32_t>> shares;
  {
    std::map<std::uint64_t, std::size_t> share_of;  // (group + 1, speaker id + 1) -> shares
    for (const auto i : order) {
      const Item& item = t.items[i];
      const int group = category_group(item.category);
      const std::uint64_t speaker =
          group == -1 && item.speaker != kNoSpeaker ? std::uint64_t{item.speaker} + 1 : 0;
      const std::uint64_t key = static_cast<std::uint64_t>(group + 1) << 33 | speaker;
      const auto [at, added] = share_of.try_emplace(key, shares.size());
      if (added) shares.emplace_back();
      shares[at->second].push_back(i);
    }
  }
  std::vector<std::uint32_t>().swap(order);
  // Each share's clusters, kept as their members only: an event needs no more of them.
  struct ShareEvents {
    std::vector<std::uint32_t> members;
    std::vector<std::uint32_t> ends;  // where each cluster's members end
    std::vector<bool> disputed;
  };
  std::vector<ShareEvents> share_events(shares.size());
  // The biggest shares first, so that no thread is left with a big one at the end.
  std::vector<std::size_t> biggest_first(shares.size());
  for (std::size_t k = 0; k < shares.size(); ++k) biggest_first[k] = k;
  std::stable_sort(biggest_first.begin(), biggest_first.end(), [&](std::size_t a, std::size_t b) {
    return shares[a].size() > shares[b].size();
  });
  for_each_index(shares.size(), t.items.size() >= 256 ? threads : 1, 1, 1, [&](std::size_t k) {
    const std::size_t share = biggest_first[k];
    std::vector<Cluster> clusters = cluster_items(t, shares[share]);
    std::vector<std::uint32_t>().swap(shares[share]);
    ShareEvents& out = share_events[share];
    out.members.reserve(
        std::accumulate(clusters.begin(), clusters.end(), std::size_t{0},
                        [](std::size_t n, const Cluster& c) { return n + c.items.size(); }));
    out.ends.reserve(clusters.size());
    out.disputed.reserve(clusters.size());
    for (auto& c : clusters) {
      out.members.insert(out.members.end(), c.items.begin(), c.items.end());
      out.ends.push_back(static_cast<std::uint32_t>(out.members.size()));
      out.disputed.push_back(c.disputed);
      c = Cluster();  // freed as it goes: the clusters of a big share take a lot
    }
  });
  std::vector<MergedEvent> unsorted;
  {
    std::size_t members = 0, clusters = 0;
    for (const auto& s : share_events) {
      members += s.members.size();
      clusters += s.ends.size();
    }
    m.members.reserve(members);
    unsorted.reserve(clusters);
    for (auto& s : share_events) {
      std::uint32_t begin = 0;
      const auto base = static_cast<std::uint32_t>(m.members.size());
      for (std::size_t c = 0; c < s.ends.size(); ++c) {
        MergedEvent e;
        e.first = base + begin;
        e.count = s.ends[c] - begin;
        e.disputed = s.disputed[c];
        begin = s.ends[c];
        unsorted.push_back(e);
      }
      m.members.insert(m.members.end(), s.members.begin(), s.members.end());
      s = ShareEvents();
    }
  }

  // Each cluster becomes an event on its own (in parallel).
  std::mutex readings_mutex;
  std::map<std::uint32_t, std::vector<Event::Reading>> readings;  // by unsorted event
  for_each_index(unsorted.size(), threads, [&](std::size_t k) {
    MergedEvent& e = unsorted[k];
    const auto items = std::span<std::uint32_t>(m.members).subspan(e.first, e.count);
    std::sort(items.begin(), items.end(), in_document_order);
    // The title from the mention that says most: an explicit date, named participants, a
    // sentence rather than a quotation.
    double best_score = -1e9;
    std::array<std::size_t, static_cast<std::size_t>(EventCategory::other) + 1> categories{};
    std::size_t docs_seen = 0, later = 0;
    for (std::size_t j = 0; j < items.size(); ++j) {
      const Item& item = t.items[items[j]];
      double score =
          std::min<double>(item.participants, 4.0) + std::min<double>(item.title_words, 12.0) / 4.0;
      if (item.anchor == AnchorSource::timex) score += 2;
      if (item.title_colon) score -= 2;
      if (score > best_score) {
        best_score = score;
        e.title_item = items[j];
      }
      ++categories[static_cast<std::size_t>(item.category)];
    }
    // The category most mentions give, the first in the list on a tie.
    std::size_t most = 0;
    for (std::size_t c = 0; c < categories.size(); ++c)
      if (categories[c] > most) {
        most = categories[c];
        e.category = static_cast<EventCategory>(c);
      }

    // The time: among the readings at the finest granularity (a two-day range counts as days),
    // the one that holds most of the others ("19-20 September" over "19 September"), then the one
    // most mentions give; on a tie the first by value.
    Granularity finest = Granularity::unknown;
    for (const auto i : items)
      finest = std::max(finest, std::min(t.span(t.items[i]).granularity, Granularity::day));
    std::vector<std::pair<std::uint32_t, std::size_t>> votes;  // (span, mentions) per value
    for (const auto i : items) {
      const TimeSpan& span = t.span(t.items[i]);
      if (std::min(span.granularity, Granularity::day) != finest) continue;
      auto it = std::find_if(votes.begin(), votes.end(),
                             [&](const auto& v) { return t.spans[v.first].value == span.value; });
      if (it == votes.end()) {
        votes.emplace_back(t.items[i].span, 1);
      } else {
        it->first = t.items[i].span;
        ++it->second;
      }
    }
    std::sort(votes.begin(), votes.end(), [&t](const auto& a, const auto& b) {
      return t.spans[a.first].value < t.spans[b.first].value;
    });
    std::pair<std::size_t, std::size_t> best_reading{0, 0};  // (readings held, votes)
    for (const auto& [span, n] : votes) {
      std::size_t held = 0;
      for (const auto& other : votes) held += t.spans[span].contains(t.spans[other.first]) ? 1 : 0;
      const std::pair<std::size_t, std::size_t> rank{held, n};
      if (rank > best_reading) {
        best_reading = rank;
        e.span = span;
      }
    }
    const TimeSpan& time = t.spans[e.span];

    for (std::size_t j = 0; j < items.size(); ++j) {
      const auto doc = t.items[items[j]].doc;
      if (j > 0 && t.items[items[j - 1]].doc == doc) continue;
      ++docs_seen;
      if (!t.dct_days[doc].is_special() && t.dct_days[doc] > time.end) ++later;
    }
    e.multi_document = docs_seen > 1;
    if (e.disputed) {
      // Every reading not nested in the chosen one is a disagreement; keep them all.
      std::map<std::string_view, Event::Reading> all;
      for (const auto i : items) {
        const TimeSpan& span = t.span(t.items[i]);
        auto& r = all[span.value];
        r.time = span;
        const std::string& doc = m.doc_ids[t.items[i].doc];
        if (std::find(r.docs.begin(), r.docs.end(), doc) == r.docs.end()) r.docs.push_back(doc);
      }
      bool disagree = false;
      for (const auto& [value, r] : all)
        if (!nested(r.time, time)) disagree = true;
      e.disputed = disagree;
      if (disagree) {
        std::vector<Event::Reading> kept;
        for (auto& [value, r] : all) kept.push_back(std::move(r));
        const std::lock_guard lock(readings_mutex);
        readings.emplace(static_cast<std::uint32_t>(k), std::move(kept));
      }
    }

    // Salience: independent sources weigh most, then later articles that look back on it, then
    // how often it is mentioned; happenings rank above what was said about them.
    e.salience = round2(2.0 * static_cast<double>(docs_seen) + static_cast<double>(later) +
                        0.25 * std::min<double>(static_cast<double>(items.size()), 8.0) +
                        (is_verbal(e.category) ? 0.0 : 1.0));
  });

  // Time order: by span, category, title, then first mention. Titles are in the spool, so they
  // are read only for the runs of events that tie on everything before them.
  std::vector<std::uint32_t> by_time(unsorted.size());
  for (std::uint32_t i = 0; i < by_time.size(); ++i) by_time[i] = i;
  auto key_of = [&](std::uint32_t i) {
    const TimeSpan& s = t.spans[unsorted[i].span];
    return std::make_tuple(s.start, s.end, unsorted[i].category);
  };
  std::sort(by_time.begin(), by_time.end(),
            [&](std::uint32_t a, std::uint32_t b) { return key_of(a) < key_of(b); });
  std::vector<std::string> titles;
  for (std::size_t run = 0; run < by_time.size();) {
    std::size_t next = run + 1;
    while (next < by_time.size() && key_of(by_time[next]) == key_of(by_time[run])) ++next;
    if (next - run > 1) {
      titles.resize(next - run);
      std::vector<std::pair<std::size_t, std::uint32_t>> tied;  // (title, event)
      for (std::size_t j = run; j < next; ++j) {
        const Item& item = t.items[unsorted[by_time[j]].title_item];
        t.titles.read(item.title_at, item.title_size, titles[j - run]);
        tied.emplace_back(j - run, by_time[j]);
      }
      std::sort(tied.begin(), tied.end(), [&](const auto& a, const auto& b) {
        if (titles[a.first] != titles[b.first]) return titles[a.first] < titles[b.first];
        const Item& x = t.items[m.members[unsorted[a.second].first]];
        const Item& y = t.items[m.members[unsorted[b.second].first]];
        return std::make_pair(m.doc_rank[x.doc], x.begin) <
               std::make_pair(m.doc_rank[y.doc], y.begin);
      });
      for (std::size_t j = run; j < next; ++j) by_time[j] = tied[j - run].second;
    }
    run = next;
  }
  std::vector<std::string>().swap(titles);
  m.events.reserve(unsorted.size());
  for (std::size_t k = 0; k < by_time.size(); ++k) {
    m.events.push_back(unsorted[by_time[k]]);
    if (m.events.back().disputed)
      m.readings.emplace(static_cast<std::uint32_t>(k), std::move(readings.at(by_time[k])));
  }

  m.stats.mentions = t.offered;
  m.stats.undated = t.undated;
  for (const auto& e : m.events) {
    if (e.count > 1) ++m.stats.merged_events;
    if (e.multi_document) ++m.stats.cross_document;
  }
}

MergedEvents::MergedEvents(MergedEvents&&) noexcept = default;
MergedEvents& MergedEvents::operator=(MergedEvents&&) noexcept = default;
MergedEvents::~MergedEvents() = default;

std::size_t MergedEvents::size() const {
  return impl_->events.size();
}

const TimeSpan& MergedEvents::time(std::size_t k) const {
  return impl_->table->spans[impl_->events[k].span];
}

double MergedEvents::salience(std::size_t k) const {
  return impl_->events[k].salience;
}

bool MergedEvents::disputed(std::size_t k) const {
  return impl_->events[k].disputed;
}

const MergeStats& MergedEvents::stats() const {
  return impl_->stats;
}

const std::string& MergedEvents::doc_id(std::uint32_t doc) const {
  return impl_->doc_ids.at(doc);
}

std::optional<std::uint32_t> MergedEvents::word(std::string_view word) const {
  return impl_->table->words.find(word);
}

void MergedEvents::mention_keys(std::size_t k, std::vector<MentionKey>& out) const {
  const Impl& m = *impl_;
  const MergedEvent& e = m.events[k];
  out.clear();
  for (std::uint32_t j = e.first; j < e.first + e.count; ++j) {
    const Item& item = m.table->items[m.members[j]];
    out.push_back({item.doc, item.begin, item.lemma});
  }
}

Event MergedEvents::event(std::size_t k) const {
  const Impl& m = *impl_;
  const Table& t = *m.table;
  const MergedEvent& c = m.events.at(k);
  Event e;
  e.id = "e";  // not "e" + to_string(): a false -Wrestrict in g++ 12
  e.id += std::to_string(k + 1);
  const Item& titled = t.items[c.title_item];
  t.titles.read(titled.title_at, titled.title_size, e.title);
  e.category = c.category;
  e.salience = c.salience;
  e.time = t.spans[c.span];
  std::map<std::string_view, std::size_t> named;  // the interner's names
  e.mentions.reserve(c.count);
  for (std::uint32_t j = c.first; j < c.first + c.count; ++j) {
    const Item& item = t.items[m.members[j]];
    for (const auto p : t.participants(item)) ++named[t.words.word(p)];
    MentionSource s;
    s.doc = m.doc_ids[item.doc];
    s.begin = item.begin;
    s.end = item.end;
    s.sentence_begin = item.sentence_begin;
    s.sentence_end = item.sentence_end;
    s.trigger = t.words.word(item.lemma);
    s.time_value = t.span(item).value;
    s.anchor = item.anchor;
    e.mentions.push_back(std::move(s));
  }
  std::vector<std::pair<std::string_view, std::size_t>> ranked(named.begin(), named.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [name, n] : ranked) e.participants.emplace_back(name);
  if (c.disputed) e.disputed = m.readings.at(static_cast<std::uint32_t>(k));
  return e;
}

std::vector<std::uint32_t> MergedEvents::top(std::size_t n) const {
  const auto& events = impl_->events;
  std::vector<std::uint32_t> order(events.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  if (n == 0 || n >= events.size()) return order;
  // Ties go to the earlier event, so the choice is stable.
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return events[a].salience > events[b].salience;
  });
  order.resize(n);
  std::sort(order.begin(), order.end());
  return order;
}

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
  MentionTable table;
  std::vector<std::string> ids;
  ids.reserve(documents.size());
  for (const auto& d : documents) {
    table.add(d.dct, d.mentions);
    ids.push_back(d.doc);
  }
  const MergedEvents merged(std::move(table), std::move(ids), threads);
  std::vector<Event> events(merged.size());
  for_each_index(events.size(), threads, [&](std::size_t k) { events[k] = merged.event(k); });
  if (stats) *stats = merged.stats();
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
