#include "viz/model/synthetic.hpp"

#include "viz/model/palette.hpp"

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

namespace tempograph::viz {

namespace greg = boost::gregorian;

namespace {

std::string iso(const greg::date& d) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(d.year()),
                static_cast<int>(d.month().as_number()), static_cast<int>(d.day().as_number()));
  return buffer;
}

constexpr const char* kWords[] = {"talks",  "ceasefire", "shelling", "convoy", "statement",
                                  "summit", "sanctions", "border",   "aid",    "protest"};
constexpr const char* kActors[] = {"Armenia", "Azerbaijan",    "Russia",         "Turkey",
                                   "France",  "United States", "European Union", "United Nations"};

}  // namespace

Timeline make_synthetic_timeline(const SyntheticOptions& options) {
  std::mt19937_64 rng(options.seed);
  Timeline t;
  const std::size_t n_docs = std::max<std::size_t>(options.documents, 1);
  const greg::date origin(2000, 1, 1);
  const int total_days = std::max(options.years, 1) * 365;
  t.documents.resize(n_docs);
  for (std::size_t d = 0; d < n_docs; ++d) {
    char id[32];
    std::snprintf(id, sizeof id, "doc%05zu", d);
    auto& doc = t.documents[d];
    doc.id = id;
    doc.path = doc.id + ".txt";
    doc.title = "Synthetic article " + std::to_string(d);
    doc.dct.day = origin + greg::days(static_cast<long>(rng() % static_cast<unsigned>(total_days)));
    doc.dct.source = d % 7 == 3 ? DctSource::inferred : DctSource::manifest;
    if (d % 11 == 5) doc.dct = DocumentCreationTime{};  // undated
    if (options.with_text) {
      for (int line = 0; line < 30; ++line)
        doc.text += "Officials said the talks on the border resumed after the ceasefire. ";
    }
  }
  t.events.resize(options.events);
  std::uniform_int_distribution<int> day_of(0, total_days - 1);
  std::uniform_int_distribution<int> category(0, static_cast<int>(kCategoryCount) - 2);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<long> days(options.events);
  for (auto& d : days) d = day_of(rng);
  std::sort(days.begin(), days.end());
  const std::size_t text_size = options.with_text ? t.documents.front().text.size() : 0;
  for (std::size_t i = 0; i < options.events; ++i) {
    Event& e = t.events[i];
    e.id = "e" + std::to_string(i + 1);
    const char* word = kWords[rng() % std::size(kWords)];
    const char* actor = kActors[rng() % std::size(kActors)];
    e.title = std::string(actor) + " " + word + " " + std::to_string(i + 1);
    e.category = static_cast<EventCategory>(category(rng));
    e.participants = {actor};
    e.salience = unit(rng) * unit(rng) * 10;
    const greg::date day = origin + greg::days(days[i]);
    const double kind = unit(rng);
    if (kind < 0.75) {
      e.time = {iso(day), day, day, Granularity::day};
    } else if (kind < 0.85) {
      const greg::date end = day + greg::days(1 + static_cast<long>(rng() % 20));
      e.time = {iso(day) + "/" + iso(end), day, end, Granularity::day};
    } else if (kind < 0.97) {
      const greg::date first(day.year(), day.month(), 1);
      e.time = {iso(first).substr(0, 7), first, first.end_of_month(), Granularity::month};
    } else {
      const greg::date first(day.year(), 1, 1);
      e.time = {iso(first).substr(0, 4), first, greg::date(day.year(), 12, 31), Granularity::year};
    }
    const std::size_t sources = 1 + rng() % 3;
    for (std::size_t s = 0; s < sources; ++s) {
      MentionSource m;
      m.doc = t.documents[rng() % n_docs].id;
      if (text_size > 80) {
        const auto at = static_cast<std::uint32_t>(rng() % (text_size / 70)) * 70u;
        m.sentence_begin = at;
        m.sentence_end = at + 69;
        m.begin = at + 14;  // "said"
        m.end = at + 18;
      }
      m.trigger = "say";
      m.time_value = e.time.value;
      m.anchor = AnchorSource::timex;
      e.mentions.push_back(std::move(m));
    }
    std::sort(e.mentions.begin(), e.mentions.end(),
              [](const MentionSource& a, const MentionSource& b) { return a.doc < b.doc; });
  }
  t.stats.documents = n_docs;
  t.stats.events = options.events;
  t.stats.mentions = 0;
  for (const auto& e : t.events) t.stats.mentions += e.mentions.size();
  return t;
}

}  // namespace tempograph::viz
