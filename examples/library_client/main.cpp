// date_lines: prints each time expression of standard input with its TimeML value, anchored on
// the date given as the first argument. A small program using the tempograph::core library.
//   echo "The ceasefire was signed on Monday." | date_lines 2020-11-12
#include <tempograph/document.hpp>
#include <tempograph/timex.hpp>

#include <iostream>
#include <iterator>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: date_lines YYYY-MM-DD < text\n";
    return 2;
  }
  const auto dct = tempograph::parse_dct(argv[1], tempograph::DctSource::option);
  if (!dct) {
    std::cerr << "date_lines: " << argv[1] << ": not a date (YYYY-MM-DD)\n";
    return 2;
  }
  const std::string text(std::istreambuf_iterator<char>(std::cin), {});
  const auto recognizer = tempograph::TimexRecognizer::load(tempograph::default_assets_dir());
  for (const auto& t : recognizer.find(text, *dct))
    std::cout << text.substr(t.begin, t.end - t.begin) << '\t' << t.value << '\n';
}
