// TimeML (.tml): a small hand-written XML reader, enough for TimeML and strict enough to name the
// line of a malformed file. No DTDs, no namespaces beyond keeping "a:b" names as they are.
#include "document_internal.hpp"

#include "../text/byte_scan.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <string>
#include <utility>

namespace tempograph {

std::string_view InlineTag::attribute(std::string_view key) const {
  for (const auto& [attribute_name, value] : attributes) {
    if (attribute_name == key) return value;
  }
  return {};
}

namespace {

using detail::is_alpha;
using detail::is_digit;

constexpr bool is_xml_space(char c) {
  // One comparison for the usual non-space byte.
  return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

constexpr bool is_name_start(char c) {
  return is_alpha(c) || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// What std::filesystem::path(path).stem().string() gives on POSIX, without building a path (its
// parts are allocated): the file name without its last extension.
std::string file_stem(std::string_view path) {
  const std::string_view name = path.substr(path.rfind('/') + 1);  // npos + 1 is 0
  if (name.size() <= 2 && !name.empty() && name[0] == '.') return std::string(name);  // ".", ".."
  const std::size_t dot = name.rfind('.');
  return std::string(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

std::string collapse_white_space(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (detail::is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

struct XmlError {
  std::size_t line = 0;
  std::string message;
};

// The bytes that may start a name (scan::name_end reads the rest).
constexpr auto kNameStart = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c)
    table[static_cast<std::size_t>(c)] = is_name_start(static_cast<char>(c));
  return table;
}();

// Reads one TimeML document. Everything is checked whether or not it is kept: a file that would
// be rejected with its inline tags is rejected without them too. Names, attributes and text are
// views into the input until something is kept; line numbers are only counted for messages.
class TimeMLParser {
 public:
  TimeMLParser(std::string_view xml, const std::string& path, std::vector<LoadProblem>& notes,
               bool keep_tags)
      : xml_(xml), path_(path), notes_(notes), keep_tags_(keep_tags) {}

  std::variant<TimeMLContent, LoadProblem> run() {
    if (!parse() && error_) {
      return LoadProblem{path_, error_->line, std::nullopt, "malformed XML: " + error_->message};
    }
    if (!text_found_) {
      return LoadProblem{path_, line_at(pos_), std::nullopt, "no TEXT element in this TimeML file"};
    }
    TimeMLContent content;
    Document& doc = content.document;
    doc.id = file_stem(path_);
    doc.path = path_;
    doc.format = SourceFormat::timeml;
    doc.text = std::move(plain_);
    doc.title = collapse_white_space(title_);
    if (dct_value_) {
      if (auto dct = parse_dct(*dct_value_, DctSource::timeml)) {
        doc.dct = *dct;
        doc.dct.evidence = "TIMEX3 " + (dct_tid_.empty() ? std::string("value") : dct_tid_) +
                           " in DCT (line " + std::to_string(dct_line_) + ")";
      } else {
        notes_.push_back(LoadProblem{path_, dct_line_, std::nullopt,
                                     "DCT value '" + *dct_value_ + "' is not a date; ignored"});
      }
    }
    content.tags = std::move(tags_);
    return content;
  }

 private:
  enum class Role { other, text, inline_tag, dct, title };
  struct Open {
    std::string_view name;
    std::size_t at = 0;  // where its start tag begins
    Role role = Role::other;
    std::size_t tag = 0;  // index into tags_ for Role::inline_tag
  };
  struct Attribute {
    std::string_view name;
    std::string_view raw;  // the value as written, entities not yet decoded
    std::size_t at = 0;    // where raw begins
  };

  // The 1-based line of a byte offset. Only needed for messages and the DCT's evidence.
  std::size_t line_at(std::size_t pos) const {
    pos = std::min(pos, xml_.size());
    return 1 + static_cast<std::size_t>(
                   std::count(xml_.begin(), xml_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
  }

  bool fail(std::size_t pos, std::string message) {
    error_ = XmlError{line_at(pos), std::move(message)};
    return false;
  }

  bool starts_with(std::string_view prefix) const {
    return xml_.compare(pos_, prefix.size(), prefix) == 0;
  }

  bool skip_to(std::string_view terminator, std::string_view what) {
    const std::size_t end = xml_.find(terminator, pos_);
    if (end == std::string_view::npos) return fail(pos_, "unterminated " + std::string(what));
    pos_ = end + terminator.size();
    return true;
  }

  bool parse() {
    // Left over from the last file when it failed.
    open_.clear();
    attributes_.clear();
    segments_.clear();
    // Room for a typical file, so that these grow rarely.
    open_.reserve(16);
    attributes_.reserve(16);
    segments_.reserve(std::min<std::size_t>(xml_.size() / 64, 1 << 16));
    while (pos_ < xml_.size()) {
      if (xml_[pos_] != '<') {
        // One pass finds where the text ends and whether it has an entity reference to check.
        std::size_t next = scan::find_any(xml_.data(), pos_, xml_.size(), '<', '&', '<');
        const bool entities = next < xml_.size() && xml_[next] == '&';
        if (entities) {
          next = xml_.find('<', next);
          if (next == std::string_view::npos) next = xml_.size();
        }
        if (!entities && in_text_) {
          note_text(pos_, next - pos_, false, next - pos_);
        } else if (entities || in_title_ || open_.empty()) {
          // Between elements outside TEXT and the title, text without entities is all right.
          if (!on_text(pos_, next - pos_, entities)) return false;
        }
        pos_ = next;
        continue;
      }
      bool ok = true;
      const char next = pos_ + 1 < xml_.size() ? xml_[pos_ + 1] : '\0';
      if (next == '/') {
        ok = quick_end_tag() || parse_end_tag();
      } else if (next == '?') {
        ok = skip_to("?>", "processing instruction '<?'");
      } else if (next != '!') {
        const std::size_t start = pos_;
        if (const auto tag = quick_start_tag()) {
          ok = open_element(tag->name, tag->self_closing, start);
          // The links after TEXT come one a line: a line break between tags, inside the root
          // but not in TEXT or the title, is all right and stepped over here, not by the text
          // code.
          if (pos_ + 1 < xml_.size() && xml_[pos_] == '\n' && xml_[pos_ + 1] == '<' && !in_text_ &&
              !in_title_ && !open_.empty())
            ++pos_;
        } else {
          ok = parse_start_tag();
        }
      } else if (starts_with("<!--")) {
        ok = skip_to("-->", "comment '<!--'");
      } else if (starts_with("<![CDATA[")) {
        const std::size_t end = xml_.find("]]>", pos_);
        if (end == std::string_view::npos) return fail(pos_, "unterminated CDATA section");
        const std::size_t body = pos_ + 9;
        ok = on_text(body, end - body, false);
        pos_ = end + 3;
      } else {
        ok = skip_declaration();
      }
      if (!ok) return false;
    }
    if (!open_.empty()) {
      const std::size_t line = line_at(open_.back().at);
      return fail(open_.back().at, "<" + std::string(open_.back().name) + "> opened on line " +
                                       std::to_string(line) + " is never closed");
    }
    if (!root_seen_) return fail(pos_, "no root element");
    return true;
  }

  // <!DOCTYPE ...> with an optional [internal subset]; only before the root element.
  bool skip_declaration() {
    if (root_seen_) return fail(pos_, "'<!' declaration inside the document");
    int depth = 0;
    for (std::size_t i = pos_ + 2; i < xml_.size(); ++i) {
      if (xml_[i] == '[') ++depth;
      if (xml_[i] == ']') --depth;
      if (xml_[i] == '>' && depth <= 0) {
        pos_ = i + 1;
        return true;
      }
    }
    return fail(pos_, "unterminated '<!' declaration");
  }

  std::string_view read_name() {
    std::size_t end = pos_;
    if (end < xml_.size() && kNameStart[static_cast<unsigned char>(xml_[end])]) {
      end = scan::name_end(xml_.data(), end + 1, xml_.size());
    }
    std::string_view name = xml_.substr(pos_, end - pos_);
    pos_ = end;
    return name;
  }

  bool skip_space() {
    const std::size_t start = pos_;
    // Markup mostly has one plain space between attributes: a byte read, not a loop.
    if (pos_ + 1 < xml_.size() && xml_[pos_] == ' ' &&
        static_cast<unsigned char>(xml_[pos_ + 1]) > ' ')
      return ++pos_, true;
    while (pos_ < xml_.size() && is_xml_space(xml_[pos_])) ++pos_;
    return pos_ != start;
  }

  // The usual end tag, </name> of the element open, checked by comparing it whole; false,
  // having moved nothing, for anything else, which parse_end_tag reads.
  bool quick_end_tag() {
    if (open_.empty()) return false;
    const Open& open = open_.back();
    const std::size_t end = pos_ + 2 + open.name.size();
    if (end >= xml_.size() || xml_[end] != '>' || !same_name(pos_ + 2, open.name)) return false;
    pos_ = end + 1;
    if (open.role != Role::other) close(open);
    open_.pop_back();
    return true;
  }

  bool parse_end_tag() {
    const std::size_t start = pos_;
    pos_ += 2;
    const std::string_view name = read_name();
    if (name.empty()) return fail(start, "'</' is not followed by a tag name");
    skip_space();
    if (pos_ >= xml_.size() || xml_[pos_] != '>') {
      return fail(start, "end tag </" + std::string(name) + "> is not closed with '>'");
    }
    ++pos_;
    if (open_.empty()) return fail(start, "</" + std::string(name) + "> has no matching start tag");
    const Open open = open_.back();
    if (open.name != name) {
      return fail(start, "</" + std::string(name) + "> does not match <" + std::string(open.name) +
                             "> opened on line " + std::to_string(line_at(open.at)));
    }
    open_.pop_back();
    close(open);
    return true;
  }

  // Whether the bytes at `at` are `name`, the name of an open element (in xml_, before `at`).
  bool same_name(std::size_t at, std::string_view name) const {
    // Names of eight bytes or fewer, most, compared as one word: both reads stay within xml_.
    if (name.size() <= 8 && at + 8 <= xml_.size()) {
      std::uint64_t here = 0;
      std::uint64_t there = 0;
      std::memcpy(&here, xml_.data() + at, 8);
      std::memcpy(&there, name.data(), 8);
      const unsigned shift = 64 - 8 * static_cast<unsigned>(name.size());  // keeps name's bytes
      return std::endian::native == std::endian::little ? ((here ^ there) << shift) == 0
                                                        : ((here ^ there) >> shift) == 0;
    }
    return xml_.compare(at, name.size(), name) == 0;
  }

  void close(const Open& open) {
    switch (open.role) {
      case Role::text:
        in_text_ = false;
        text_found_ = true;
        assemble_text();
        break;
      case Role::inline_tag:
        tags_[open.tag].end = static_cast<std::uint32_t>(plain_size_);
        break;
      case Role::dct:
        in_dct_ = false;
        break;
      case Role::title:
        in_title_ = false;
        title_done_ = true;
        break;
      case Role::other:
        break;
    }
  }

  bool parse_start_tag() {
    const std::size_t start = pos_;
    ++pos_;
    const std::string_view name = read_name();
    if (name.empty()) {
      return fail(start, "'<' is not followed by a tag name (write &lt; for a literal '<')");
    }
    attributes_.clear();
    std::uint64_t seen = 0;  // a bit per attribute name read, to skip most duplicate checks
    bool self_closing = false;
    while (true) {
      const bool spaced = skip_space();
      if (pos_ >= xml_.size()) {
        return fail(start, "tag <" + std::string(name) + "> is never closed");
      }
      const char c = xml_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '/') {
        if (pos_ + 1 >= xml_.size() || xml_[pos_ + 1] != '>') {
          return fail(pos_, "stray '/' in tag <" + std::string(name) + ">");
        }
        pos_ += 2;
        self_closing = true;
        break;
      }
      const std::size_t attribute_at = pos_;
      const std::string_view attribute = read_name();
      if (attribute.empty()) {
        return fail(pos_,
                    "unexpected '" + std::string(1, c) + "' in tag <" + std::string(name) + ">");
      }
      if (!spaced) {
        return fail(attribute_at, "no space before attribute '" + std::string(attribute) +
                                      "' in <" + std::string(name) + ">");
      }
      skip_space();
      if (pos_ >= xml_.size() || xml_[pos_] != '=') {
        return fail(pos_, "attribute '" + std::string(attribute) + "' in <" + std::string(name) +
                              "> has no value");
      }
      ++pos_;
      skip_space();
      if (pos_ >= xml_.size() || (xml_[pos_] != '"' && xml_[pos_] != '\'')) {
        return fail(pos_, "value of attribute '" + std::string(attribute) + "' in <" +
                              std::string(name) + "> is not quoted");
      }
      const char quote = xml_[pos_];
      const std::size_t value_at = pos_;
      // One pass finds the closing quote and any '<' or '&' before it.
      std::size_t end = pos_ + 1;
      bool has_lt = false;
      bool has_amp = false;
      while ((end = scan::find_any(xml_.data(), end, xml_.size(), quote, '<', '&')) < xml_.size() &&
             xml_[end] != quote) {
        has_lt |= xml_[end] == '<';
        has_amp |= xml_[end] == '&';
        ++end;
      }
      if (end == xml_.size()) {
        return fail(value_at,
                    "value of attribute '" + std::string(attribute) + "' is never closed");
      }
      const std::string_view raw = xml_.substr(pos_ + 1, end - pos_ - 1);
      if (has_lt) {
        return fail(value_at, "'<' in the value of attribute '" + std::string(attribute) + "'");
      }
      // Entities are checked now, so that errors come in document order, and decoded only for
      // the values that are kept.
      if (has_amp && !decode(raw, pos_ + 1, nullptr)) return false;
      if (repeated(attribute, seen)) {
        return fail(value_at, "attribute '" + std::string(attribute) + "' repeated in <" +
                                  std::string(name) + ">");
      }
      attributes_.push_back(Attribute{attribute, raw, pos_ + 1});
      pos_ = end + 1;
    }
    return open_element(name, self_closing, start);
  }

  // Whether the start tag being read already has an attribute of this name; otherwise notes it.
  // `seen` has a bit per name read (by length and first and last byte), so that the names are
  // compared only when that bit was set before, which for distinct names is rare.
  bool repeated(std::string_view attribute, std::uint64_t& seen) const {
    const std::uint64_t bit = std::uint64_t{1}
                              << ((attribute.size() * 7 + static_cast<unsigned char>(attribute[0]) +
                                   static_cast<unsigned char>(attribute.back()) * 3) %
                                  64);
    if (seen & bit) {
      for (const auto& existing : attributes_) {
        if (existing.name == attribute) return true;
      }
    }
    seen |= bit;
    return false;
  }

  // The usual start tag, read from byte masks of 64 bytes at a time instead of a step per byte
  // class: <Name( name="value")*( /| )?> with one space before each attribute, a tag name of
  // ASCII letters (and digits at its end, as TIMEX3), attribute names of ASCII letters and
  // double-quoted values without '<' or '&' - the markup of a TimeML file bar a few tags. Gives
  // nullopt, having moved nothing, for anything else, errors included, which parse_start_tag then
  // reads from the same position with the same result.
  struct StartTag {
    std::string_view name;
    bool self_closing = false;
  };
  std::optional<StartTag> quick_start_tag() {
    constexpr std::size_t kWindow = 64;  // bytes the masks cover
    const char* const data = xml_.data();
    std::size_t base = pos_;  // where the masks begin
    if (xml_.size() - base < kWindow) return std::nullopt;
    scan::Masks64 masks = scan::Masks64::at(data + base);
    // Moves the masks on by whole blocks so that `at` is within the first, when there are 64
    // bytes to read there; false when `at` is within the first already.
    const auto advance = [&](std::size_t& at) {
      const std::size_t blocks = at / scan::kBlock;
      if (blocks == 0 || xml_.size() - base - blocks * scan::kBlock < kWindow) return false;
      base += blocks * scan::kBlock;
      at -= blocks * scan::kBlock;
      if (blocks < 4) {
        masks.advance(data + base, static_cast<unsigned>(blocks));
      } else {
        masks = scan::Masks64::at(data + base);
      }
      return true;
    };
    std::size_t at = 1 + static_cast<std::size_t>(std::countr_zero(~(masks.letters >> 1)));
    if (at == 1) return std::nullopt;
    while (at < kWindow - 2 && is_digit(data[base + at])) ++at;
    if (at >= kWindow - 2) return std::nullopt;  // the name may go on
    const std::string_view name(data + base + 1, at - 1);
    std::uint64_t seen = 0;  // a bit per name read, by its length and first byte
    bool self_closing = false;
    while (true) {
      // at < kWindow - 2 here: the byte there and the two after it are in the window.
      const char c = data[base + at];
      if (c != ' ') {
        if (c == '>') break;
        if (c != '/' || data[base + at + 1] != '>') return std::nullopt;
        self_closing = true;
        ++at;
        break;
      }
      const std::size_t name_at = at + 1;
      // name_at > 0, so the shifted mask has its top bit clear: the count is of a word not 0.
      const auto size = static_cast<std::size_t>(__builtin_ctzll(~(masks.letters >> name_at)));
      if (size == 0) {
        // A space before the end of the tag.
        const char end = data[base + name_at];
        at = name_at;
        if (end == '>') break;
        if (end != '/' || data[base + name_at + 1] != '>') return std::nullopt;
        self_closing = true;
        ++at;
        break;
      }
      // One test for an attribute that may run past the window: the last bit of the window
      // is taken for a stop, so that the count below has a word not 0 to count, and the value
      // must end before the last three bytes. value_at is at most 66 (names end at 64 at most);
      // from 64 on its shift is taken mod 64, and value_end, which is not below it, fails the
      // test all the same.
      const std::size_t value_at = name_at + size + 2;
      const std::size_t value_end =
          value_at + static_cast<std::size_t>(__builtin_ctzll(
                         (masks.stops | std::uint64_t{1} << (kWindow - 1)) >> (value_at % 64)));
      if (value_end >= kWindow - 3) {
        // Once more from the attribute's space, unless the attribute is too long.
        if (!advance(at)) return std::nullopt;
        continue;
      }
      if (std::memcmp(data + base + value_at - 2, "=\"", 2) != 0 || data[base + value_end] != '"') {
        return std::nullopt;
      }
      const std::uint64_t bit =
          std::uint64_t{1} << ((size * 8 + static_cast<unsigned char>(data[base + name_at])) % 64);
      // Names of one tag rarely share the bit: when they do, the general code compares them.
      if (seen & bit) return std::nullopt;
      seen |= bit;
      at = value_end + 1;  // below kWindow - 2, as the loop needs
    }
    pos_ = base + at + 1;
    // Attributes are only looked at in TEXT with keep_tags and in the DCT's TIMEX3: only then
    // are they recorded, in a second pass over the tag, which keeps the loop above short.
    if ((in_text_ && keep_tags_) || (in_dct_ && !dct_value_ && is_name(name, "TIMEX3"))) {
      note_checked_attributes(static_cast<std::size_t>(name.data() - data) + name.size());
    }
    return StartTag{name, self_closing};
  }

  // Records the attributes of a start tag quick_start_tag has checked, from `at`, just after its
  // name: each is ` name="value"`, the value without '"', and the tag ends with '>' after them.
  void note_checked_attributes(std::size_t at) {
    attributes_.clear();
    while (xml_[at] == ' ' && is_alpha(xml_[at + 1])) {
      const std::size_t name_at = at + 1;
      const std::size_t equals = xml_.find('=', name_at);
      const std::size_t value_at = equals + 2;
      const std::size_t value_end = xml_.find('"', value_at);
      attributes_.push_back(Attribute{xml_.substr(name_at, equals - name_at),
                                      xml_.substr(value_at, value_end - value_at), value_at});
      at = value_end + 1;
    }
  }

  // The decoded value of an attribute already checked by parse_start_tag.
  std::string value_of(const Attribute& attribute) {
    std::string value;
    if (attribute.raw.find('&') == std::string_view::npos) {
      value.assign(attribute.raw);
    } else {
      decode(attribute.raw, attribute.at, &value);
    }
    return value;
  }

  bool open_element(std::string_view name, bool self_closing, std::size_t at) {
    // Most elements play no part: inside TEXT when tags are not kept, and elsewhere but in the
    // DCT unless named as in open_role_element. They are only noted as open; closing them does
    // nothing.
    if (!open_.empty() && !in_dct_ && (in_text_ ? !keep_tags_ : !has_role_name(name))) {
      if (!self_closing) open_.push_back(Open{name, at, Role::other, 0});
      return true;
    }
    return open_role_element(name, self_closing, at);
  }

  bool open_role_element(std::string_view name, bool self_closing, std::size_t at) {
    if (open_.empty()) {
      if (root_seen_) return fail(at, "a second root element <" + std::string(name) + ">");
      root_seen_ = true;
    }
    Open open{name, at, Role::other, 0};
    if (in_text_) {
      if (keep_tags_) {
        const auto offset = static_cast<std::uint32_t>(plain_size_);
        InlineTag& tag = tags_.emplace_back();
        tag.name.assign(name);
        tag.begin = offset;
        tag.end = offset;
        tag.attributes.reserve(attributes_.size());
        for (const Attribute& attribute : attributes_) {
          tag.attributes.emplace_back(std::string(attribute.name), value_of(attribute));
        }
        open.role = Role::inline_tag;
        open.tag = tags_.size() - 1;
      }
    } else if (is_name(name, "TEXT")) {
      if (text_found_) return fail(at, "a second TEXT element");
      in_text_ = true;
      open.role = Role::text;
    } else if (is_name(name, "DCT")) {
      in_dct_ = true;
      open.role = Role::dct;
    } else if (in_dct_ && is_name(name, "TIMEX3") && !dct_value_) {
      for (const Attribute& attribute : attributes_) {
        if (attribute.name == "value") dct_value_ = value_of(attribute);
        if (attribute.name == "tid") dct_tid_ = value_of(attribute);
      }
      dct_line_ = line_at(at);
    } else if ((is_name(name, "TITLE") || is_name(name, "HEADLINE")) && !title_done_ &&
               !in_title_) {
      in_title_ = true;
      open.role = Role::title;
    }
    if (self_closing) {
      close(open);
    } else {
      open_.push_back(open);
    }
    return true;
  }

  // Whether `name` is the literal `word`: sizes first, then the bytes compared inline (a
  // comparison of a size known when compiling), not by a call.
  template <std::size_t N>
  static bool is_name(std::string_view name, const char (&word)[N]) {
    return name.size() == N - 1 && std::memcmp(name.data(), word, N - 1) == 0;
  }

  static bool has_role_name(std::string_view name) {
    return is_name(name, "TEXT") || is_name(name, "DCT") || is_name(name, "TITLE") ||
           is_name(name, "HEADLINE");
  }

  // Text from `at` on, `size` bytes long, with `entities` when it holds a '&' to decode (never
  // for CDATA). In TEXT it is noted, checked and measured now and copied out when TEXT ends,
  // into a string of the right size; the title is kept as it comes; elsewhere text is only
  // checked.
  bool on_text(std::size_t at, std::size_t size, bool entities) {
    const std::string_view raw = xml_.substr(at, size);
    if (open_.empty()) {
      auto text = std::find_if_not(raw.begin(), raw.end(), is_xml_space);
      if (text == raw.end()) return true;
      return fail(at + static_cast<std::size_t>(text - raw.begin()),
                  "text outside the root element");
    }
    if (in_text_) {
      std::size_t decoded = raw.size();
      if (entities && !decode(raw, at, nullptr, &decoded)) return false;
      note_text(at, size, entities, decoded);
      return true;
    }
    std::string* out = in_title_ ? &title_ : nullptr;
    if (!entities) {
      if (out) out->append(raw);
      return true;
    }
    return decode(raw, at, out);
  }

  // Notes a run of TEXT content, checked already, that is `decoded` bytes once decoded.
  void note_text(std::size_t at, std::size_t size, bool entities, std::size_t decoded) {
    segments_.push_back(Segment{at, size, entities});
    plain_size_ += decoded;
  }

  // The plain text of TEXT from the segments noted by on_text, in one allocation. Runs without
  // entities, most of them and short, are copied sixteen bytes at a time (the copy may write up
  // to a block past a run: the next run, or the final resize, takes care of that).
  void assemble_text() {
    plain_.resize(plain_size_ + scan::kBlock);
    char* out = plain_.data();
    std::string decoded;
    for (const Segment& segment : segments_) {
      const char* from = xml_.data() + segment.at;
      if (segment.entities) {
        decoded.clear();
        decode(std::string_view(from, segment.size), segment.at, &decoded);  // checked already
        std::memcpy(out, decoded.data(), decoded.size());
        out += decoded.size();
      } else if (xml_.size() - segment.at >= segment.size + scan::kBlock) {
        for (std::size_t i = 0; i < segment.size; i += scan::kBlock) {
          std::memcpy(out + i, from + i, scan::kBlock);
        }
        out += segment.size;
      } else {
        std::memcpy(out, from, segment.size);
        out += segment.size;
      }
    }
    plain_.resize(plain_size_);
    segments_.clear();
  }

  // Appends `raw`, which starts at offset `at`, to `out` (when given) with its entity references
  // decoded, and sets `decoded_size` (when given) to its length once decoded; fails on a
  // malformed reference.
  bool decode(std::string_view raw, std::size_t at, std::string* out,
              std::size_t* decoded_size = nullptr) {
    std::size_t i = 0;
    std::size_t size = 0;
    while (true) {
      const std::size_t amp = raw.find('&', i);
      if (amp == std::string_view::npos) {
        if (out) out->append(raw.substr(i));
        if (decoded_size) *decoded_size = size + (raw.size() - i);
        return true;
      }
      if (out) out->append(raw.substr(i, amp - i));
      size += amp - i;
      const std::size_t semi = raw.substr(amp, 12).find(';');
      if (semi == std::string_view::npos) {
        return fail(at + amp, "'&' that starts no entity (write &amp; for a literal '&')");
      }
      const std::string_view entity = raw.substr(amp + 1, semi - 1);
      char plain = '\0';
      if (entity == "amp") {
        plain = '&';
      } else if (entity == "lt") {
        plain = '<';
      } else if (entity == "gt") {
        plain = '>';
      } else if (entity == "quot") {
        plain = '"';
      } else if (entity == "apos") {
        plain = '\'';
      } else if (entity.size() > 1 && entity[0] == '#') {
        const bool hex = entity[1] == 'x' || entity[1] == 'X';
        const std::string_view digits = entity.substr(hex ? 2 : 1);
        char32_t cp = 0;
        bool ok = !digits.empty() && digits.size() <= 8;
        for (char c : digits) {
          int value = -1;
          if (is_digit(c)) value = c - '0';
          if (hex && c >= 'a' && c <= 'f') value = c - 'a' + 10;
          if (hex && c >= 'A' && c <= 'F') value = c - 'A' + 10;
          if (value < 0) ok = false;
          if (ok) cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(value);
        }
        if (!ok || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return fail(at + amp, "bad character reference '&" + std::string(entity) + ";'");
        }
        if (out) append_utf8(*out, cp);
        size += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      } else {
        return fail(at + amp, "unknown entity '&" + std::string(entity) + ";'");
      }
      if (plain != '\0') {
        if (out) *out += plain;
        ++size;
      }
      i = amp + semi + 1;
    }
  }

  std::string_view xml_;
  const std::string& path_;
  std::vector<LoadProblem>& notes_;
  const bool keep_tags_;
  std::size_t pos_ = 0;
  std::optional<XmlError> error_;
  struct Segment {
    std::size_t at = 0;  // a run of TEXT content in xml_
    std::size_t size = 0;
    bool entities = false;  // to be decoded (CDATA and runs without '&' are copied)
  };
  // The working lists, kept from file to file on each thread: parsing a file then allocates
  // only what it keeps.
  struct Scratch {
    std::vector<Open> open;
    std::vector<Attribute> attributes;
    std::vector<Segment> segments;
  };
  static Scratch& scratch() {
    thread_local Scratch lists;
    return lists;
  }
  Scratch& scratch_ = scratch();
  std::vector<Open>& open_ = scratch_.open;
  std::vector<Attribute>& attributes_ = scratch_.attributes;  // of the start tag being read
  std::vector<Segment>& segments_ = scratch_.segments;
  bool root_seen_ = false;
  bool in_text_ = false;
  bool text_found_ = false;
  bool in_dct_ = false;
  bool in_title_ = false;
  bool title_done_ = false;
  std::size_t plain_size_ = 0;  // of the plain text so far
  std::string plain_;
  std::string title_;
  std::vector<InlineTag> tags_;
  std::optional<std::string> dct_value_;
  std::string dct_tid_;
  std::size_t dct_line_ = 0;
};

}  // namespace

namespace detail {

std::variant<TimeMLContent, LoadProblem> parse_timeml_detailed(std::string_view content,
                                                               const std::string& path,
                                                               std::vector<LoadProblem>& notes,
                                                               bool keep_tags) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return TimeMLParser(content, path, notes, keep_tags).run();
}

}  // namespace detail

std::variant<TimeMLContent, LoadProblem> parse_timeml(std::string_view content,
                                                      const std::string& path) {
  std::vector<LoadProblem> notes;
  return detail::parse_timeml_detailed(content, path, notes);
}

}  // namespace tempograph
