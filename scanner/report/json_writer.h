#pragma once
// JsonWriter: a small streaming JSON builder for the JSON, JSONL and SARIF reporters (internal to
// report/). It places commas, colons and (when pretty) indentation, so a reporter only says what to
// write, in order:
//
//   JsonWriter w(/*pretty=*/true);
//   w.begin_object();
//   w.key("version"); w.string("2.1.0");
//   w.key("runs"); w.begin_array(); w.end_array();
//   w.end_object();
//   std::string doc = w.take();
//
// Strings go through base/text.h append_json_string, so any bytes give valid JSON. The caller keeps
// the calls balanced (a key before each value in an object); the writer does not check it.
// Not thread-safe; one writer per document.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace keysnare {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty) : pretty_(pretty) {}

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);

  void string(std::string_view v);
  void number(std::int64_t v);
  // A fixed-point number with `decimals` digits after the point; NaN and infinities become 0 (JSON has
  // no spelling for them).
  void fixed(double v, int decimals);
  void boolean(bool v);
  void null();

  // Shorthands for `key(k); string(v);` and friends.
  void field(std::string_view k, std::string_view v) { key(k); string(v); }
  void field(std::string_view k, const char* v) { key(k); string(v); }
  void field(std::string_view k, std::int64_t v) { key(k); number(v); }
  void field(std::string_view k, std::uint32_t v) { key(k); number(v); }
  void field(std::string_view k, int v) { key(k); number(v); }
  void string_array(std::string_view k, const std::vector<std::string>& values);

  std::string take() { return std::move(out_); }

 private:
  void before_value();  // comma and line break before a value or key
  void open(char c);
  void close(char c);
  void newline();

  struct Level {
    bool object;
    std::size_t count = 0;
  };
  bool pretty_;
  bool after_key_ = false;
  std::vector<Level> stack_;
  std::string out_;
};

}  // namespace keysnare
