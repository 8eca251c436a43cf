#pragma once
// Strict validators for what the fuzz targets check reports against (header-only, no dependencies):
//
//   std::string why;
//   if (!json_valid(doc, &why)) abort_with(why);   // one RFC 8259 JSON text
//   if (!utf8_valid(text)) ...                    // well-formed UTF-8 (RFC 3629)
//
// Stricter than most parsers on purpose: strings must be valid UTF-8 with no raw control characters,
// \u escapes must not leave a lone surrogate, numbers follow the grammar exactly, nesting is limited to
// 256 levels, and only whitespace may surround the value. Written independently of base/text.h, so a bug
// in the escapers is not mirrored here. Pure functions; thread-safe.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace keysnare::fuzz {

// Length of the well-formed UTF-8 sequence at s[i], or 0 (RFC 3629 table 3-7).
inline std::size_t utf8_length_at(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  const unsigned c = b(i);
  if (c <= 0x7F) return 1;
  std::size_t n;
  unsigned lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) n = 3, lo = 0xA0;
  else if (c >= 0xE1 && c <= 0xEC) n = 3;
  else if (c == 0xED) n = 3, hi = 0x9F;
  else if (c >= 0xEE && c <= 0xEF) n = 3;
  else if (c == 0xF0) n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) n = 4, hi = 0x8F;
  else return 0;
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return n;
}

inline bool utf8_valid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length_at(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

class JsonChecker {
 public:
  explicit JsonChecker(std::string_view s) : s_(s) {}

  bool run(std::string* why) {
    ws();
    bool ok = value(0);
    if (ok) {
      ws();
      if (i_ != s_.size()) ok = fail("trailing bytes after the value");
    }
    if (!ok && why) *why = "offset " + std::to_string(i_) + ": " + error_;
    return ok;
  }

 private:
  static constexpr int kMaxDepth = 256;

  bool fail(const char* what) {
    if (error_.empty()) error_ = what;
    return false;
  }
  bool at_end() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }
  void ws() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++i_;
  }
  bool literal(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return fail("bad literal");
    i_ += w.size();
    return true;
  }
  bool value(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    if (at_end()) return fail("value expected, end of input");
    switch (peek()) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default: return number();
    }
  }
  bool object(int depth) {
    ++i_;  // {
    ws();
    if (!at_end() && peek() == '}') return ++i_, true;
    while (true) {
      ws();
      if (at_end() || peek() != '"') return fail("object key expected");
      if (!string()) return false;
      ws();
      if (at_end() || peek() != ':') return fail("':' expected");
      ++i_;
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (at_end()) return fail("unterminated object");
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == '}') return ++i_, true;
      return fail("',' or '}' expected");
    }
  }
  bool array(int depth) {
    ++i_;  // [
    ws();
    if (!at_end() && peek() == ']') return ++i_, true;
    while (true) {
      ws();
      if (!value(depth + 1)) return false;
      ws();
      if (at_end()) return fail("unterminated array");
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() == ']') return ++i_, true;
      return fail("',' or ']' expected");
    }
  }
  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool hex4(unsigned& out) {
    if (i_ + 4 > s_.size()) return fail("short \\u escape");
    out = 0;
    for (int k = 0; k < 4; ++k) {
      const int d = hex_digit(s_[i_ + k]);
      if (d < 0) return fail("bad hex digit in \\u escape");
      out = out * 16 + static_cast<unsigned>(d);
    }
    i_ += 4;
    return true;
  }
  bool string() {
    ++i_;  // "
    while (true) {
      if (at_end()) return fail("unterminated string");
      const auto c = static_cast<unsigned char>(peek());
      if (c == '"') return ++i_, true;
      if (c < 0x20) return fail("raw control character in string");
      if (c == '\\') {
        ++i_;
        if (at_end()) return fail("unterminated escape");
        const char e = peek();
        ++i_;
        if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') continue;
        if (e != 'u') return fail("bad escape");
        unsigned u;
        if (!hex4(u)) return false;
        if (u >= 0xDC00 && u <= 0xDFFF) return fail("lone low surrogate escape");
        if (u >= 0xD800 && u <= 0xDBFF) {
          unsigned v;
          if (s_.substr(i_, 2) != "\\u") return fail("high surrogate escape without its pair");
          i_ += 2;
          if (!hex4(v)) return false;
          if (v < 0xDC00 || v > 0xDFFF) return fail("high surrogate escape without its pair");
        }
        continue;
      }
      const std::size_t n = utf8_length_at(s_, i_);
      if (n == 0) return fail("invalid UTF-8 in string");
      i_ += n;
    }
  }
  bool digits() {
    const std::size_t from = i_;
    while (!at_end() && peek() >= '0' && peek() <= '9') ++i_;
    return i_ > from;
  }
  bool number() {
    if (!at_end() && peek() == '-') ++i_;
    if (at_end()) return fail("bad number");
    if (peek() == '0') {
      ++i_;
    } else if (peek() >= '1' && peek() <= '9') {
      digits();
    } else {
      return fail("unexpected character");
    }
    if (!at_end() && peek() == '.') {
      ++i_;
      if (!digits()) return fail("digits expected after '.'");
    }
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++i_;
      if (!at_end() && (peek() == '+' || peek() == '-')) ++i_;
      if (!digits()) return fail("digits expected in exponent");
    }
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::string error_;
};

// True when `doc` is exactly one JSON value (RFC 8259) under the rules above; `why` gets the problem.
inline bool json_valid(std::string_view doc, std::string* why = nullptr) { return JsonChecker(doc).run(why); }

}  // namespace keysnare::fuzz
