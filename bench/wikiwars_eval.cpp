// Accuracy of the time expression engine on WikiWars (22 Wikipedia war histories annotated with
// TIMEX2): long narratives of old dates, unlike the TempEval-3 news. See bench/README.md.
//
//   wikiwars_eval WIKIWARS_DIR [--errors FILE]
//
// WIKIWARS_DIR is the corpus folder holding keyinline/ (or keyinline/ itself). Each key file's
// TEXT, its TIMEX2 tags removed, is tagged with the DCT its DATETIME gives, in process with the
// library (as `tempograph tag` does). Scores, over the outermost gold TIMEX2 of each file:
//   - relaxed: a system expression overlapping a gold one, each used once; a range ("1915-17",
//     which TIMEX2 writes as two tags) may match the gold tag of its end too, by its end value;
//   - strict: the same begin and end;
//   - value: a relaxed match whose TimeML value equals the gold val; for a duration counted on
//     from a date ("two days later"), which TIMEX2 values as the date it reaches and TimeML as
//     the duration, the date it reaches (TimeExpression::reaches).
// TIMEX2 conventions differ from TimeML's in places (extents with "later"/"ago" anchored as dates,
// "former", sets), so these figures are for comparing versions of the engine, not other taggers.
#include "tempograph/document.hpp"
#include "tempograph/timex.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct GoldTimex {
  std::size_t begin = 0, end = 0;
  std::string value;
  int depth = 0;  // 0 for an outermost tag
};

struct KeyFile {
  std::string name;
  std::string text;  // TEXT without its tags
  tempograph::DocumentCreationTime dct;
  std::vector<GoldTimex> gold;
};

std::string attribute(std::string_view tag, std::string_view name) {
  std::string key(" ");
  key.append(name).append("=\"");
  const auto at = tag.find(key);
  if (at == std::string_view::npos) return {};
  const auto from = at + key.size();
  const auto to = tag.find('"', from);
  return to == std::string_view::npos ? std::string() : std::string(tag.substr(from, to - from));
}

// Reads one key file; throws std::runtime_error naming what is wrong.
KeyFile read_key(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the file");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string raw = ss.str();
  KeyFile key;
  key.name = path.filename().string();
  key.name = key.name.substr(0, key.name.find('.'));
  const auto datetime = raw.find("<DATETIME>");
  const auto text_open = raw.find("<TEXT>");
  const auto text_close = raw.find("</TEXT>");
  if (text_open == std::string::npos || text_close == std::string::npos || text_close < text_open)
    throw std::runtime_error("no <TEXT> ... </TEXT>");
  if (datetime != std::string::npos) {
    const auto end = raw.find("</DATETIME>", datetime);
    const std::string val =
        attribute(std::string_view(raw).substr(datetime, end - datetime), "val");
    try {
      key.dct.day = boost::gregorian::from_simple_string(val.substr(0, 10));
      key.dct.source = tempograph::DctSource::timeml;
    } catch (const std::exception&) {
      throw std::runtime_error("DATETIME val \"" + val + "\" is no date");
    }
  }
  const std::string_view body =
      std::string_view(raw).substr(text_open + 6, text_close - text_open - 6);
  std::vector<std::size_t> open;  // indexes into key.gold of the tags not yet closed
  std::size_t pos = 0;
  while (pos < body.size()) {
    const auto lt = body.find('<', pos);
    key.text.append(body.substr(pos, lt == std::string_view::npos ? body.size() - pos : lt - pos));
    if (lt == std::string_view::npos) break;
    const auto gt = body.find('>', lt);
    if (gt == std::string_view::npos) throw std::runtime_error("a tag is never closed");
    const std::string_view tag = body.substr(lt, gt - lt + 1);
    if (tag.starts_with("<TIMEX2")) {
      GoldTimex g;
      g.begin = key.text.size();
      g.value = attribute(tag, "val");
      g.depth = static_cast<int>(open.size());
      open.push_back(key.gold.size());
      key.gold.push_back(g);
    } else if (tag == "</TIMEX2>") {
      if (open.empty()) throw std::runtime_error("</TIMEX2> without its start tag");
      key.gold[open.back()].end = key.text.size();
      open.pop_back();
    } else {
      throw std::runtime_error("unexpected tag " + std::string(tag.substr(0, 40)));
    }
    pos = gt + 1;
  }
  if (!open.empty()) throw std::runtime_error("a <TIMEX2> is never closed");
  return key;
}

std::string context_of(const std::string& text, std::size_t begin, std::size_t end) {
  const std::size_t from = begin > 60 ? begin - 60 : 0;
  std::string out = text.substr(from, std::min(text.size(), end + 40) - from);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

double f1(double p, double r) {
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<fs::path> errors_path;
  std::optional<fs::path> root;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: wikiwars_eval WIKIWARS_DIR [--errors FILE]\n\n"
                   "Tags the 22 WikiWars key files (keyinline/*.key.xml) with their DATETIME as\n"
                   "the DCT and prints relaxed, strict and value P/R/F1 against their TIMEX2.\n"
                   "--errors FILE writes every missed, spurious and wrongly valued expression.\n";
      return 0;
    }
    if (arg == "--errors" && i + 1 < argc) {
      errors_path = argv[++i];
    } else if (!root && !arg.starts_with("--")) {
      root = arg;
    } else {
      std::cerr << "wikiwars_eval: unexpected argument '" << arg << "' (see --help)\n";
      return 2;
    }
  }
  if (!root) {
    std::cerr << "wikiwars_eval: give the WikiWars folder (the one holding keyinline/)\n";
    return 2;
  }
  fs::path keys = fs::is_directory(*root / "keyinline") ? *root / "keyinline" : *root;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(keys, ec))
    if (entry.path().string().ends_with(".key.xml")) files.push_back(entry.path());
  if (ec || files.empty()) {
    std::cerr << "wikiwars_eval: " << keys.string()
              << ": no WikiWars key files (*.key.xml) there\n";
    return 2;
  }
  std::sort(files.begin(), files.end());

  const auto recognizer = tempograph::TimexRecognizer::load(tempograph::default_assets_dir());
  std::ofstream errors;
  if (errors_path) {
    errors.open(*errors_path);
    if (!errors) {
      std::cerr << "wikiwars_eval: cannot write " << errors_path->string() << "\n";
      return 2;
    }
    errors << "file\tkind\tgold_text\tgold_value\tsystem_text\tsystem_value\tcontext\n";
  }
  std::size_t gold_count = 0, system_count = 0, relaxed = 0, strict = 0, valued = 0, read = 0;
  for (const auto& path : files) {
    KeyFile key;
    try {
      key = read_key(path);
    } catch (const std::exception& e) {
      std::cerr << "wikiwars_eval: " << path.string() << ": " << e.what() << "; skipped\n";
      continue;
    }
    ++read;
    // A range whose two ends are written apart ("from 1915 to 1917") is scored as the two
    // expressions TimeML (and TIMEX2) tags it as.
    std::vector<tempograph::TimeExpression> found;
    for (auto& t : recognizer.find(key.text, key.dct)) {
      if (!tempograph::has_ends_apart(t)) {
        found.push_back(std::move(t));
        continue;
      }
      tempograph::TimeExpression end = t;
      end.begin = t.range_end_begin;
      end.value = t.range_end;
      end.range_end.clear();
      end.mod.clear();
      t.end = t.range_start_end;
      t.range_end.clear();
      found.push_back(std::move(t));
      found.push_back(std::move(end));
    }
    system_count += found.size();
    std::vector<bool> used(found.size()), end_used(found.size());
    auto row = [&](std::string_view kind, const GoldTimex* g, const tempograph::TimeExpression* s,
                   const std::string& system_value) {
      if (!errors_path) return;
      const std::size_t b = g ? g->begin : s->begin, e = g ? g->end : s->end;
      errors << key.name << '\t' << kind << '\t' << (g ? key.text.substr(b, e - b) : "") << '\t'
             << (g ? g->value : "") << '\t'
             << (s ? key.text.substr(s->begin, s->end - s->begin) : "") << '\t' << system_value
             << '\t' << context_of(key.text, b, e) << '\n';
    };
    for (const auto& g : key.gold) {
      if (g.depth != 0) continue;
      ++gold_count;
      std::optional<std::size_t> hit;
      bool by_end = false;
      for (std::size_t k = 0; k < found.size() && !hit; ++k) {
        const auto& s = found[k];
        if (s.begin >= g.end || g.begin >= s.end) continue;
        if (!used[k]) {
          hit = k;
        } else if (!end_used[k] && !s.range_end.empty()) {
          hit = k;
          by_end = true;
        }
      }
      if (!hit) {
        row("missed", &g, nullptr, "");
        continue;
      }
      const auto& s = found[*hit];
      ++relaxed;
      if (by_end) {
        end_used[*hit] = true;
        ++system_count;  // the range's end counts as one more system expression
      } else {
        used[*hit] = true;
        if (s.begin == g.begin && s.end == g.end) ++strict;
      }
      const std::string& value = by_end ? s.range_end : !s.reaches.empty() ? s.reaches : s.value;
      if (value == g.value)
        ++valued;
      else
        row("value", &g, &s, value);
    }
    for (std::size_t k = 0; k < found.size(); ++k)
      if (!used[k]) row("spurious", nullptr, &found[k], found[k].value);
  }
  if (read == 0) {
    std::cerr << "wikiwars_eval: no key file could be read\n";
    return 1;
  }
  auto line = [&](const char* name, std::size_t matches) {
    const double p = system_count ? 100.0 * matches / system_count : 0;
    const double r = gold_count ? 100.0 * matches / gold_count : 0;
    std::printf("%-8s %7.2f%% %7.2f%% %7.2f%% %7zu\n", name, p, r, f1(p, r), matches);
  };
  std::printf("WikiWars: %zu files, %zu gold TIMEX2 (outermost), %zu system expressions\n", read,
              gold_count, system_count);
  std::printf("%-8s %8s %8s %8s %7s\n", "", "P", "R", "F1", "matches");
  line("strict", strict);
  line("relaxed", relaxed);
  line("value", valued);
  return 0;
}
