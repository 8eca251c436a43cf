#pragma once
// SHA-256 (FIPS 180-4), for fingerprints and cache keys. No external crypto library is in the stack,
// and 80 lines beat a dependency. Streaming: construct, update() any number of times, then digest().
// Not thread-safe per object; use one per thread.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace keysnare {

class Sha256 {
 public:
  Sha256();
  Sha256& update(std::string_view bytes);
  std::array<std::uint8_t, 32> digest();
  std::string hex_digest();  // 64 lowercase hex characters

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_;
  std::uint64_t total_ = 0;
  std::size_t used_ = 0;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace keysnare
