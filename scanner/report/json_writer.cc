#include "report/json_writer.h"

#include <charconv>
#include <cmath>

#include "base/text.h"

namespace keysnare {

void JsonWriter::newline() {
  if (!pretty_) return;
  out_ += '\n';
  out_.append(2 * stack_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {  // the value of a key: already placed after "key":
    after_key_ = false;
    return;
  }
  if (stack_.empty()) return;
  if (stack_.back().count++ > 0) out_ += ',';
  newline();
}

void JsonWriter::open(char c) {
  before_value();
  out_ += c;
  stack_.push_back(Level{c == '{'});
}

void JsonWriter::close(char c) {
  const bool had_items = !stack_.empty() && stack_.back().count > 0;
  if (!stack_.empty()) stack_.pop_back();
  if (had_items) newline();  // empty containers stay on one line: {} and []
  out_ += c;
}

void JsonWriter::begin_object() { open('{'); }
void JsonWriter::end_object() { close('}'); }
void JsonWriter::begin_array() { open('['); }
void JsonWriter::end_array() { close(']'); }

void JsonWriter::key(std::string_view k) {
  before_value();
  out_ += '"';
  append_json_string(out_, k);
  out_ += pretty_ ? "\": " : "\":";
  after_key_ = true;
}

void JsonWriter::string(std::string_view v) {
  before_value();
  out_ += '"';
  append_json_string(out_, v);
  out_ += '"';
}

void JsonWriter::number(std::int64_t v) {
  before_value();
  out_ += std::to_string(v);
}

void JsonWriter::fixed(double v, int decimals) {
  before_value();
  if (!std::isfinite(v)) v = 0.0;
  // to_chars, not printf: the C locale's decimal point may be a comma.
  char buf[400];  // enough for any finite double in fixed notation
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  if (r.ec == std::errc())
    out_.append(buf, r.ptr);
  else
    out_ += '0';
}

void JsonWriter::boolean(bool v) {
  before_value();
  out_ += v ? "true" : "false";
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
}

void JsonWriter::string_array(std::string_view k, const std::vector<std::string>& values) {
  key(k);
  begin_array();
  for (const auto& v : values) string(v);
  end_array();
}

}  // namespace keysnare
