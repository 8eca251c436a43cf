// Fuzz target: the byte and text helpers every report and message goes through (base/text.h).
//   - utf16_encoding / utf16_to_utf8 / transcode_utf16: output is valid UTF-8, at most 1.5x the input
//     plus 3 bytes, keeps exactly the U+000A line breaks of the input, and round-trips well-formed
//     UTF-16 (re-encoded here independently);
//   - printable(): valid UTF-8 without control characters;
//   - json_string(): one valid JSON string (json_check.h);
//   - looks_binary() and shannon_entropy() agree with naive definitions.
#include <algorithm>
#include <cmath>
#include <string>

#include "base/text.h"
#include "fuzz_input.h"
#include "json_check.h"

using namespace keysnare;

namespace {

void put_unit(std::string& out, char32_t u, bool be) {
  const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
  if (be) out += hi, out += lo;
  else out += lo, out += hi;
}

// UTF-8 (already validated) to UTF-16.
std::string to_utf16(std::string_view s, bool be) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = fuzz::utf8_length_at(s, i);
    const auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
    char32_t cp = n == 1 ? b(0) : n == 2 ? (b(0) & 0x1F) << 6 | (b(1) & 0x3F)
                 : n == 3 ? (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F)
                          : (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put_unit(out, 0xD800 + (cp >> 10), be);
      put_unit(out, 0xDC00 + (cp & 0x3FF), be);
    } else {
      put_unit(out, cp, be);
    }
    i += n;
  }
  return out;
}

void check_utf16(std::string_view bytes, Utf16 enc) {
  const bool be = enc == Utf16::BigEndian;
  const std::string out = utf16_to_utf8(bytes, enc);
  FUZZ_CHECK(fuzz::utf8_valid(out), "utf16_to_utf8 output is not valid UTF-8");
  FUZZ_CHECK(out.size() <= bytes.size() + bytes.size() / 2 + 3, "utf16_to_utf8 output too long");
  std::size_t units_nl = 0;
  bool well_formed = bytes.size() % 2 == 0;
  for (std::size_t k = 0; k + 1 < bytes.size(); k += 2) {
    const auto a = static_cast<unsigned char>(bytes[k]), b = static_cast<unsigned char>(bytes[k + 1]);
    const char32_t u = be ? (a << 8 | b) : (b << 8 | a);
    units_nl += u == 0x0A;
    if (u >= 0xDC00 && u <= 0xDFFF) well_formed = false;
    if (u >= 0xD800 && u <= 0xDBFF) {
      const std::size_t j = k + 2;
      if (j + 1 >= bytes.size()) {
        well_formed = false;
      } else {
        const auto c = static_cast<unsigned char>(bytes[j]), d = static_cast<unsigned char>(bytes[j + 1]);
        const char32_t v = be ? (c << 8 | d) : (d << 8 | c);
        if (v < 0xDC00 || v > 0xDFFF) well_formed = false;
        else k += 2;
      }
    }
  }
  FUZZ_CHECK(static_cast<std::size_t>(std::count(out.begin(), out.end(), '\n')) == units_nl,
             "line breaks changed by transcoding");
  if (well_formed) FUZZ_CHECK(to_utf16(out, be) == bytes, "well-formed UTF-16 does not round-trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  check_utf16(bytes, Utf16::LittleEndian);
  check_utf16(bytes, Utf16::BigEndian);
  bool bom = false;
  const Utf16 enc = utf16_encoding(bytes, &bom);
  FUZZ_CHECK(!bom || enc != Utf16::None, "BOM without an encoding");
  std::string copy(bytes);
  FUZZ_CHECK(transcode_utf16(copy) == (enc != Utf16::None), "transcode_utf16 disagrees with utf16_encoding");
  if (enc == Utf16::None) FUZZ_CHECK(copy == bytes, "transcode_utf16 changed non-UTF-16 content");
  else FUZZ_CHECK(fuzz::utf8_valid(copy), "transcoded content is not valid UTF-8");

  const std::string p = printable(bytes);
  FUZZ_CHECK(fuzz::utf8_valid(p), "printable() is not valid UTF-8");
  for (unsigned char c : p) FUZZ_CHECK(c >= 0x20 && c != 0x7F, "control byte in printable()");

  std::string why;
  const std::string js = json_string(bytes);
  FUZZ_CHECK(fuzz::json_valid(js, &why) && js.front() == '"', "json_string(): " + why);

  FUZZ_CHECK(looks_binary(bytes) == (bytes.substr(0, 8192).find('\0') != std::string_view::npos), "looks_binary");
  const double h = shannon_entropy(bytes);
  FUZZ_CHECK(h >= 0.0 && h <= 8.0 + 1e-9 && std::isfinite(h), "entropy out of range");
  return 0;
}
