// `tag --format timeml --events` writes EVENT tags that `eval --events` scores.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("tag --events writes EVENT tags that eval --events scores", "[cli][events]") {
  tempograph::test::TempDir dir;
  auto article =
      dir.write("in/article.txt",
                "date 2022-09-29 Russia called on Azerbaijan to withdraw its troops.\n"
                "Its forces launched a large-scale attack on Armenia on September 13.\n");
  auto out = dir.path() / "out";
  auto tagged = tempograph::test::run_cli("tag --format timeml --events --out-dir " +
                                          tempograph::test::quote(out) + " " +
                                          tempograph::test::quote(article));
  INFO(tagged.err);
  REQUIRE(tagged.status == 0);
  const std::string tml = read(out / "article.tml");
  CHECK(tml.find("<EVENT eid=\"e1\"") != std::string::npos);
  CHECK(tml.find(">attack</EVENT>") != std::string::npos);
  CHECK(tml.find("value=\"2022-09-13\">September 13</TIMEX3>") != std::string::npos);

  auto self = tempograph::test::run_cli("eval --events " + tempograph::test::quote(out) + " " +
                                        tempograph::test::quote(out));
  INFO(self.err);
  REQUIRE(self.status == 0);
  CHECK(self.out.find("relaxed     100.00%   100.00%   100.00%") != std::string::npos);
}

TEST_CASE("tag --events needs TimeML output", "[cli][events]") {
  tempograph::test::TempDir dir;
  auto article = dir.write("a.txt", "date 2022-09-29 The talks were held on Thursday.\n");
  auto r = tempograph::test::run_cli("tag --events " + tempograph::test::quote(article));
  CHECK(r.status == 2);
  CHECK(r.err.find("--format timeml") != std::string::npos);
}
