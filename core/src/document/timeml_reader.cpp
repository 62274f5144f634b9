// TimeML (.tml): a small hand-written XML reader, enough for TimeML and strict enough to name the
// line of a malformed file. No DTDs, no namespaces beyond keeping "a:b" names as they are.
#include "document_internal.hpp"

#include <algorithm>
#include <filesystem>
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

bool is_xml_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool is_name_start(char c) {
  return is_alpha(c) || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || is_digit(c) || c == '-' || c == '.';
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

class TimeMLParser {
 public:
  TimeMLParser(std::string_view xml, const std::string& path, std::vector<LoadProblem>& notes)
      : xml_(xml), path_(path), notes_(notes) {}

  std::variant<TimeMLContent, LoadProblem> run() {
    if (!parse() && error_) {
      return LoadProblem{path_, error_->line, std::nullopt, "malformed XML: " + error_->message};
    }
    if (!text_found_) {
      return LoadProblem{path_, line_, std::nullopt, "no TEXT element in this TimeML file"};
    }
    TimeMLContent content;
    Document& doc = content.document;
    doc.id = std::filesystem::path(path_).stem().string();
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
    std::string name;
    std::size_t line = 0;
    Role role = Role::other;
    std::size_t tag = 0;  // index into tags_ for Role::inline_tag
  };

  bool fail(std::size_t line, std::string message) {
    error_ = XmlError{line, std::move(message)};
    return false;
  }

  void advance_to(std::size_t pos) {
    line_ +=
        static_cast<std::size_t>(std::count(xml_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                            xml_.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    pos_ = pos;
  }

  bool starts_with(std::string_view prefix) const { return xml_.substr(pos_).starts_with(prefix); }

  bool skip_to(std::string_view terminator, std::string_view what) {
    const std::size_t start_line = line_;
    const std::size_t end = xml_.find(terminator, pos_);
    if (end == std::string_view::npos) return fail(start_line, "unterminated " + std::string(what));
    advance_to(end + terminator.size());
    return true;
  }

  bool parse() {
    while (pos_ < xml_.size()) {
      if (xml_[pos_] != '<') {
        std::size_t next = xml_.find('<', pos_);
        if (next == std::string_view::npos) next = xml_.size();
        if (!on_text(xml_.substr(pos_, next - pos_), false)) return false;
        advance_to(next);
        continue;
      }
      bool ok = true;
      if (starts_with("<?")) {
        ok = skip_to("?>", "processing instruction '<?'");
      } else if (starts_with("<!--")) {
        ok = skip_to("-->", "comment '<!--'");
      } else if (starts_with("<![CDATA[")) {
        const std::size_t start_line = line_;
        const std::size_t end = xml_.find("]]>", pos_);
        if (end == std::string_view::npos) return fail(start_line, "unterminated CDATA section");
        const std::size_t body = pos_ + 9;
        ok = on_text(xml_.substr(body, end - body), true);
        advance_to(end + 3);
      } else if (starts_with("<!")) {
        ok = skip_declaration();
      } else if (starts_with("</")) {
        ok = parse_end_tag();
      } else {
        ok = parse_start_tag();
      }
      if (!ok) return false;
    }
    if (!open_.empty()) {
      return fail(open_.back().line, "<" + open_.back().name + "> opened on line " +
                                         std::to_string(open_.back().line) + " is never closed");
    }
    if (!root_seen_) return fail(line_, "no root element");
    return true;
  }

  // <!DOCTYPE ...> with an optional [internal subset]; only before the root element.
  bool skip_declaration() {
    const std::size_t start_line = line_;
    if (root_seen_) return fail(start_line, "'<!' declaration inside the document");
    int depth = 0;
    for (std::size_t i = pos_ + 2; i < xml_.size(); ++i) {
      if (xml_[i] == '[') ++depth;
      if (xml_[i] == ']') --depth;
      if (xml_[i] == '>' && depth <= 0) {
        advance_to(i + 1);
        return true;
      }
    }
    return fail(start_line, "unterminated '<!' declaration");
  }

  std::string_view read_name() {
    std::size_t end = pos_;
    if (end < xml_.size() && is_name_start(xml_[end])) {
      ++end;
      while (end < xml_.size() && is_name_char(xml_[end])) ++end;
    }
    std::string_view name = xml_.substr(pos_, end - pos_);
    pos_ = end;  // names hold no line breaks
    return name;
  }

  bool skip_space() {
    std::size_t end = pos_;
    while (end < xml_.size() && is_xml_space(xml_[end])) ++end;
    const bool any = end != pos_;
    advance_to(end);
    return any;
  }

  bool parse_end_tag() {
    const std::size_t start_line = line_;
    pos_ += 2;
    const std::string name(read_name());
    if (name.empty()) return fail(start_line, "'</' is not followed by a tag name");
    skip_space();
    if (pos_ >= xml_.size() || xml_[pos_] != '>') {
      return fail(start_line, "end tag </" + name + "> is not closed with '>'");
    }
    ++pos_;
    if (open_.empty()) return fail(start_line, "</" + name + "> has no matching start tag");
    const Open open = open_.back();
    if (open.name != name) {
      return fail(start_line, "</" + name + "> does not match <" + open.name + "> opened on line " +
                                  std::to_string(open.line));
    }
    open_.pop_back();
    close(open);
    return true;
  }

  void close(const Open& open) {
    switch (open.role) {
      case Role::text:
        in_text_ = false;
        text_found_ = true;
        break;
      case Role::inline_tag:
        tags_[open.tag].end = static_cast<std::uint32_t>(plain_.size());
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
    const std::size_t start_line = line_;
    ++pos_;
    const std::string name(read_name());
    if (name.empty()) {
      return fail(start_line, "'<' is not followed by a tag name (write &lt; for a literal '<')");
    }
    std::vector<std::pair<std::string, std::string>> attributes;
    bool self_closing = false;
    while (true) {
      const bool spaced = skip_space();
      if (pos_ >= xml_.size()) return fail(start_line, "tag <" + name + "> is never closed");
      const char c = xml_[pos_];
      if (c == '>') {
        ++pos_;
        break;
      }
      if (c == '/') {
        if (pos_ + 1 >= xml_.size() || xml_[pos_ + 1] != '>') {
          return fail(line_, "stray '/' in tag <" + name + ">");
        }
        pos_ += 2;
        self_closing = true;
        break;
      }
      const std::string attribute(read_name());
      if (attribute.empty()) {
        return fail(line_, "unexpected '" + std::string(1, c) + "' in tag <" + name + ">");
      }
      if (!spaced)
        return fail(line_, "no space before attribute '" + attribute + "' in <" + name + ">");
      skip_space();
      if (pos_ >= xml_.size() || xml_[pos_] != '=') {
        return fail(line_, "attribute '" + attribute + "' in <" + name + "> has no value");
      }
      ++pos_;
      skip_space();
      if (pos_ >= xml_.size() || (xml_[pos_] != '"' && xml_[pos_] != '\'')) {
        return fail(line_,
                    "value of attribute '" + attribute + "' in <" + name + "> is not quoted");
      }
      const char quote = xml_[pos_];
      const std::size_t value_line = line_;
      const std::size_t end = xml_.find(quote, pos_ + 1);
      if (end == std::string_view::npos) {
        return fail(value_line, "value of attribute '" + attribute + "' is never closed");
      }
      const std::string_view raw = xml_.substr(pos_ + 1, end - pos_ - 1);
      if (raw.find('<') != std::string_view::npos) {
        return fail(value_line, "'<' in the value of attribute '" + attribute + "'");
      }
      std::string value;
      if (!decode(raw, value_line, value)) return false;
      for (const auto& existing : attributes) {
        if (existing.first == attribute) {
          return fail(value_line, "attribute '" + attribute + "' repeated in <" + name + ">");
        }
      }
      attributes.emplace_back(attribute, std::move(value));
      advance_to(end + 1);
    }
    return open_element(name, std::move(attributes), self_closing, start_line);
  }

  bool open_element(const std::string& name,
                    std::vector<std::pair<std::string, std::string>> attributes, bool self_closing,
                    std::size_t line) {
    if (open_.empty()) {
      if (root_seen_) return fail(line, "a second root element <" + name + ">");
      root_seen_ = true;
    }
    Open open{name, line, Role::other, 0};
    if (in_text_) {
      const auto at = static_cast<std::uint32_t>(plain_.size());
      tags_.push_back(InlineTag{name, at, at, std::move(attributes)});
      open.role = Role::inline_tag;
      open.tag = tags_.size() - 1;
    } else if (name == "TEXT") {
      if (text_found_) return fail(line, "a second TEXT element");
      in_text_ = true;
      open.role = Role::text;
    } else if (name == "DCT") {
      in_dct_ = true;
      open.role = Role::dct;
    } else if (in_dct_ && name == "TIMEX3" && !dct_value_) {
      for (auto& [key, value] : attributes) {
        if (key == "value") dct_value_ = value;
        if (key == "tid") dct_tid_ = value;
      }
      dct_line_ = line;
    } else if ((name == "TITLE" || name == "HEADLINE") && !title_done_ && !in_title_) {
      in_title_ = true;
      open.role = Role::title;
    }
    if (self_closing) {
      close(open);
    } else {
      open_.push_back(std::move(open));
    }
    return true;
  }

  bool on_text(std::string_view raw, bool cdata) {
    if (open_.empty()) {
      auto text = std::find_if_not(raw.begin(), raw.end(), is_xml_space);
      if (text == raw.end()) return true;
      return fail(line_ + static_cast<std::size_t>(std::count(raw.begin(), text, '\n')),
                  "text outside the root element");
    }
    std::string& out = in_text_ ? plain_ : in_title_ ? title_ : scratch_;
    if (cdata) {
      out.append(raw);
    } else if (!decode(raw, line_, out)) {
      return false;
    }
    scratch_.clear();
    return true;
  }

  // Appends `raw` with its entity references decoded; `line` is where `raw` starts.
  bool decode(std::string_view raw, std::size_t line, std::string& out) {
    std::size_t i = 0;
    while (true) {
      const std::size_t amp = raw.find('&', i);
      if (amp == std::string_view::npos) {
        out.append(raw.substr(i));
        return true;
      }
      out.append(raw.substr(i, amp - i));
      auto line_here = [&] {
        return line + static_cast<std::size_t>(std::count(
                          raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(amp), '\n'));
      };
      const std::size_t semi = raw.substr(amp, 12).find(';');
      if (semi == std::string_view::npos) {
        return fail(line_here(), "'&' that starts no entity (write &amp; for a literal '&')");
      }
      const std::string_view entity = raw.substr(amp + 1, semi - 1);
      if (entity == "amp") {
        out += '&';
      } else if (entity == "lt") {
        out += '<';
      } else if (entity == "gt") {
        out += '>';
      } else if (entity == "quot") {
        out += '"';
      } else if (entity == "apos") {
        out += '\'';
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
          return fail(line_here(), "bad character reference '&" + std::string(entity) + ";'");
        }
        append_utf8(out, cp);
      } else {
        return fail(line_here(), "unknown entity '&" + std::string(entity) + ";'");
      }
      i = amp + semi + 1;
    }
  }

  std::string_view xml_;
  const std::string& path_;
  std::vector<LoadProblem>& notes_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::optional<XmlError> error_;
  std::vector<Open> open_;
  bool root_seen_ = false;
  bool in_text_ = false;
  bool text_found_ = false;
  bool in_dct_ = false;
  bool in_title_ = false;
  bool title_done_ = false;
  std::string plain_;
  std::string title_;
  std::string scratch_;
  std::vector<InlineTag> tags_;
  std::optional<std::string> dct_value_;
  std::string dct_tid_;
  std::size_t dct_line_ = 0;
};

}  // namespace

namespace detail {

std::variant<TimeMLContent, LoadProblem> parse_timeml_detailed(std::string_view content,
                                                               const std::string& path,
                                                               std::vector<LoadProblem>& notes) {
  if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);
  return TimeMLParser(content, path, notes).run();
}

}  // namespace detail

std::variant<TimeMLContent, LoadProblem> parse_timeml(std::string_view content,
                                                      const std::string& path) {
  std::vector<LoadProblem> notes;
  return detail::parse_timeml_detailed(content, path, notes);
}

}  // namespace tempograph
