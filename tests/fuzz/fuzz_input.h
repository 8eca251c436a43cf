#pragma once
// Shared by the fuzz targets (tests/fuzz/*_fuzz.cc): the entry points, a check that aborts with a
// message (libFuzzer then saves the input; the replay build fails its ctest), and a splitter that cuts
// one input into several byte strings.
//
//   FUZZ_CHECK(report.find(secret) == npos, "clear secret in the report");
//   Pieces in(data, size);           // pieces separated by the two bytes FF FF
//   std::string_view path = in.next();   // "" once exhausted
//
// FF FF is the separator because 0xFF never occurs in UTF-8: a piece can still hold any other byte
// sequence, lone 0xFF bytes included. Not thread-safe (libFuzzer runs targets on one thread).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace keysnare::fuzz {

[[noreturn]] inline void check_failed(const char* file, int line, const char* cond, const std::string& what) {
  std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", file, line, cond, what.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, what)                                                     \
  do {                                                                             \
    if (!(cond)) ::keysnare::fuzz::check_failed(__FILE__, __LINE__, #cond, (what)); \
  } while (0)

inline constexpr std::string_view kSeparator = "\xFF\xFF";

class Pieces {
 public:
  Pieces(const std::uint8_t* data, std::size_t size) : s_(reinterpret_cast<const char*>(data), size) {}
  explicit Pieces(std::string_view s) : s_(s) {}

  // The next piece, or "" when exhausted.
  std::string_view next() {
    if (pos_ > s_.size()) return {};
    const std::size_t end = s_.find(kSeparator, pos_);
    if (end == std::string_view::npos) {
      std::string_view p = s_.substr(pos_);
      pos_ = s_.size() + 1;
      return p;
    }
    std::string_view p = s_.substr(pos_, end - pos_);
    pos_ = end + kSeparator.size();
    return p;
  }
  // A number from the next piece's bytes (little-endian, first 8 bytes); 0 when exhausted.
  std::uint64_t number() {
    const std::string_view p = next();
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < p.size() && i < 8; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
  }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// A short printable rendering of bytes for check messages (never of secrets in clear outside tests).
inline std::string show(std::string_view s, std::size_t max = 80) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && out.size() < max; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  if (s.size() > max) out += "...";
  return out;
}

}  // namespace keysnare::fuzz
