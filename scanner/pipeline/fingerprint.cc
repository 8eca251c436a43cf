#include "pipeline/fingerprint.h"

#include <sodium.h>

#include <cmath>
#include <new>

#include "base/sha256.h"
#include "base/text.h"

namespace keysnare {
namespace {

constexpr std::string_view kNul("\0", 1);
// Argon2id, 8 MiB, 2 passes (libsodium runs one lane): see the header for why.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 8u << 20;

std::string hex_prefix(const std::array<std::uint8_t, 32>& d, std::size_t digits) {
  return hex(std::string_view(reinterpret_cast<const char*>(d.data()), d.size())).substr(0, digits);
}

bool lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void init_sodium() {
  static const int rc = sodium_init();  // thread-safe, idempotent; < 0 only if no entropy source
  (void)rc;
}

}  // namespace

double guess_bits(std::string_view s) {
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  const auto char_bits = [&](char c) {
    if (c >= '0' && c <= '9') return 3.32;                    // log2(10)
    if (lower(c) || upper(c)) return 4.70;                    // log2(26)
    if (c == ' ' || c == '-' || c == '_' || c == '.') return 2.0;  // a separator between words
    return 5.04;                                              // log2(33): the other printable ASCII
  };
  double bits = 0;
  for (std::size_t i = 0; i < s.size();) {
    // A word: 4+ lowercase letters, perhaps capitalised, with vowels in them as words have (a quarter;
    // a random run of letters has a fifth).
    std::size_t j = i + (upper(s[i]) ? 1 : 0);
    const std::size_t letters_from = j;
    while (j < s.size() && lower(s[j])) ++j;
    const std::size_t letters = j - letters_from;
    if (letters == 0) {
      bits += char_bits(s[i]);
      ++i;
      continue;
    }
    // The whole run is judged once (linear time however long it is).
    std::size_t vowels = 0;
    for (std::size_t k = letters_from; k < j; ++k) {
      const char c = s[k];
      vowels += c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }
    const std::size_t n = j - i;
    if (letters >= 4 && 4 * vowels >= letters) {
      // One word from a list of a few thousand (11 bits); a run over 12 letters is words run
      // together, one per 6 letters.
      bits += 11.0 * static_cast<double>(n <= 12 ? 1 : (n + 5) / 6);
    } else {
      bits += 4.70 * static_cast<double>(n);
    }
    i = j;
  }
  // Repetition: no string holds more than length x log2(distinct characters) bits ("abab…" 1 per
  // character). (The Shannon entropy of the string's own bytes is biased low for short random strings:
  // one 20-character token in a hundred fell under 64 bits by it.)
  bool seen[256] = {};
  std::size_t distinct = 0;
  for (unsigned char c : s) distinct += !seen[c], seen[c] = true;
  return std::min(bits, static_cast<double>(s.size()) * std::log2(static_cast<double>(std::max<std::size_t>(distinct, 1))));
}

bool hard_to_guess(std::string_view s) { return s.size() >= 16 && guess_bits(s) >= 64.0; }

Fingerprinter::Fingerprinter(std::string salt, std::string origin) : salt_(std::move(salt)), origin_(std::move(origin)) {
  Sha256 h;
  h.update("keysnare-kdf-salt-v2").update(kNul).update(salt_);
  const auto d = h.digest();
  std::copy(d.begin(), d.begin() + kdf_salt_.size(), kdf_salt_.begin());
}

std::shared_ptr<const Fingerprinter> Fingerprinter::default_instance() {
  static const auto instance = std::make_shared<const Fingerprinter>("", "the default salt");
  return instance;
}

std::array<std::uint8_t, 32> Fingerprinter::key_material(std::string_view secret) const {
  Sha256 h;
  h.update("keysnare-secret").update(kNul).update(secret);
  const auto digest = h.digest();
  const std::string key(reinterpret_cast<const char*>(digest.data()), digest.size());
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  // Outside the lock: two workers meeting the same new secret at once both compute the same value.
  init_sodium();
  std::array<std::uint8_t, 32> out{};
  if (crypto_pwhash(out.data(), out.size(), secret.data(), secret.size(), kdf_salt_.data(), kOpsLimit, kMemLimit,
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::bad_alloc();  // libsodium fails only when it cannot allocate its 19 MiB
  std::lock_guard lock(mu_);
  cache_.emplace(key, out);
  return out;
}

std::size_t Fingerprinter::kdf_count() const {
  std::lock_guard lock(mu_);
  return cache_.size();
}

std::string Fingerprinter::operator()(std::string_view rule_id, std::string_view secret) const {
  Sha256 h;
  h.update("keysnare-fingerprint-v2").update(kNul).update(salt_).update(kNul).update(rule_id).update(kNul);
  if (hard_to_guess(secret)) {
    h.update("raw").update(kNul).update(secret);
  } else {
    const auto k = key_material(secret);
    h.update("argon2id").update(kNul).update(std::string_view(reinterpret_cast<const char*>(k.data()), k.size()));
  }
  return hex_prefix(h.digest(), 40);
}

std::string fingerprint(std::string_view rule_id, std::string_view secret) {
  return (*Fingerprinter::default_instance())(rule_id, secret);
}

std::string fingerprint_v1(std::string_view rule_id, std::string_view secret) {
  Sha256 h;
  h.update("keysnare-fingerprint-v1").update(kNul).update(rule_id);
  h.update(kNul).update(secret);
  return h.hex_digest().substr(0, 32);
}

bool is_fingerprint_v2(std::string_view s) { return s.size() == 40 && lower_hex(s); }

bool is_fingerprint_v1(std::string_view s) { return s.size() == 32 && lower_hex(s); }

}  // namespace keysnare
