#include "viz/model/session.hpp"
#include "viz/model/timeline_view.hpp"

#include "support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <thread>

using namespace tempograph;
using namespace tempograph::viz;

namespace {

Loader::Result wait_for(Loader& loader) {
  for (int i = 0; i < 6000; ++i) {
    if (auto result = loader.take()) return std::move(*result);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("the loader did not finish within a minute");
  return std::string("timeout");
}

}  // namespace

TEST_CASE("viz session: a folder of articles is built in the background, with progress") {
  Loader loader(test::assets_dir());
  REQUIRE(loader.open({(test::examples_dir() / "karabakh").string()}));
  CHECK(!loader.open({"elsewhere"}));  // one job at a time
  auto result = wait_for(loader);
  CHECK(!loader.busy());
  REQUIRE(std::holds_alternative<Corpus>(result));
  const Corpus& corpus = std::get<Corpus>(result);
  CHECK(corpus.parts.size() == 5);
  CHECK(corpus.timeline->documents.size() == 5);
  CHECK(!corpus.timeline->events.empty());
  CHECK(loader.progress().done == 5);
  // The view model takes it as it is.
  TimelineView view(corpus.timeline);
  CHECK(view.placed_count() > 0);
}

TEST_CASE("viz session: re-dating an article re-analyzes it and moves its events") {
  Loader loader(test::assets_dir());
  auto opened = loader.open_now({(test::examples_dir() / "karabakh").string()});
  REQUIRE(std::holds_alternative<Corpus>(opened));
  auto corpus = std::make_shared<const Corpus>(std::get<Corpus>(std::move(opened)));
  const std::string doc = "003_7bc3872968d31207";  // dated 2020-11-25 ("Wednesday, November 25")
  const auto dated = [&](const Timeline& t, const std::string& value) {
    std::size_t n = 0;
    for (const auto& e : t.events)
      for (const auto& m : e.mentions)
        if (m.doc == doc && m.time_value == value) ++n;
    return n;
  };
  REQUIRE(dated(*corpus->timeline, "2020-11-25") > 0);
  // A year in which November 25 is a Wednesday again, as the text says it is.
  const auto dct = parse_dct("2026-11-24", DctSource::option);
  REQUIRE(dct);
  REQUIRE(loader.redate(corpus, doc, *dct));
  auto result = wait_for(loader);
  REQUIRE(std::holds_alternative<Corpus>(result));
  const Corpus& rebuilt = std::get<Corpus>(result);
  const Document* d = nullptr;
  for (const auto& x : rebuilt.timeline->documents)
    if (x.id == doc) d = &x;
  REQUIRE(d);
  CHECK(d->dct.iso() == "2026-11-24");
  CHECK(d->dct.source == DctSource::option);
  CHECK(dated(*rebuilt.timeline, "2020-11-25") == 0);
  CHECK(dated(*rebuilt.timeline, "2026-11-24") > 0);
  // The other articles are untouched.
  CHECK(rebuilt.timeline->documents.size() == 5);
}

TEST_CASE("viz session: a timeline.json opens as it is, and errors come back as messages") {
  test::TempDir dir;
  Loader loader(test::assets_dir());
  auto built = loader.open_now({(test::examples_dir() / "karabakh").string()});
  REQUIRE(std::holds_alternative<Corpus>(built));
  std::ostringstream json;
  write_timeline_json(json, *std::get<Corpus>(built).timeline);
  const auto file = dir.write("timeline.json", json.str());
  CHECK(is_timeline_file({file.string()}));
  CHECK(!is_timeline_file({dir.path().string()}));
  auto opened = loader.open_now({file.string()});
  REQUIRE(std::holds_alternative<Corpus>(opened));
  CHECK(std::get<Corpus>(opened).parts.empty());
  CHECK(std::get<Corpus>(opened).timeline->events.size() ==
        std::get<Corpus>(built).timeline->events.size());

  const auto broken = dir.write("broken.json", "{\"schema\": \"tempograph/1\", \"events\": [");
  auto failed = loader.open_now({broken.string()});
  REQUIRE(std::holds_alternative<std::string>(failed));
  CHECK(std::get<std::string>(failed).find("broken.json") != std::string::npos);
  auto nothing = loader.open_now({(dir.path() / "missing").string()});
  REQUIRE(std::holds_alternative<std::string>(nothing));
}
