#pragma once
// Fingerprints: a finding's content-based identity. Baselines, `allowlist: fingerprints:` and code
// scanning's alert tracking use them, so they must be the same on every run and machine for the same
// repository, rule and secret; they do not depend on where the secret is.
//
// The threat: reports are read by more people than the secrets were meant for (a SARIF upload to code
// scanning, a CI log, an issue). An unsalted fast hash of rule id + secret let anyone holding a
// redacted report confirm a guessed low-entropy secret offline at billions of guesses a second. So:
//
//   v2 = 40 hex digits of SHA-256("keysnare-fingerprint-v2" \0 salt \0 rule id \0 K)
//   K  = the secret itself, when it is hard to guess (hard_to_guess below), else
//        Argon2id(secret, salt; 2 passes over 8 MiB, one lane), libsodium's crypto_pwhash
//
// - salt: per repository, so work done against one repository's fingerprints (or a table precomputed
//   for everyone) does not carry over to another: the `fingerprint_salt` that `keysnare init` writes
//   into .keysnare.yaml, else derived from the repository's root commit, else a fixed default (plain
//   directories outside a repository, stdin). It is not secret (it is in the repository); what makes a
//   guess cost real work is the KDF.
// - the KDF: each guess costs a guesser what it costs us, about 5 ms of a core and 8 MiB of memory
//   that must be written and read back in a data-dependent order (memory-hard: a GPU's thousands of
//   cores share its memory bandwidth), against nanoseconds for a salted SHA-256. A dictionary of a
//   billion passwords then takes about two months of a core per repository instead of seconds. The
//   parameters are below OWASP's for password storage (19 MiB, 2 passes) because a scan may meet
//   thousands of such secrets where a login server hashes one: the KDF runs once per distinct
//   low-entropy secret per run (cached), only for findings that are built (at most
//   --max-findings-per-file per file), so a hostile file can cost at most about 5 s.
// - a secret that is hard to guess gains nothing from a KDF: hard_to_guess says when.

// v1 (the format before: 32 hex digits of SHA-256("keysnare-fingerprint-v1" \0 rule id \0 secret), no
// salt) is still computed to read older baselines and allowlists; it is never written. The lengths
// tell the two apart.
//
// Thread-safe: one Fingerprinter per run is shared by every worker.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace keysnare {

class Fingerprinter {
 public:
  // `salt`: any bytes ("" is the default salt); `origin` says where it came from, for messages.
  Fingerprinter(std::string salt, std::string origin);
  // The default-salted fingerprinter (no configuration, no repository).
  static std::shared_ptr<const Fingerprinter> default_instance();

  std::string operator()(std::string_view rule_id, std::string_view secret) const;
  const std::string& origin() const { return origin_; }
  // Distinct secrets that went through the KDF so far.
  std::size_t kdf_count() const;

 private:
  std::array<std::uint8_t, 32> key_material(std::string_view secret) const;
  std::string salt_;
  std::string origin_;
  std::array<std::uint8_t, 16> kdf_salt_{};
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, std::array<std::uint8_t, 32>> cache_;  // SHA-256(secret) -> K
};

// The default-salted v2 fingerprint (Fingerprinter::default_instance()).
std::string fingerprint(std::string_view rule_id, std::string_view secret);
// The old, unsalted format (32 hex digits), for reading baselines and allowlists written before v2.
std::string fingerprint_v1(std::string_view rule_id, std::string_view secret);
// True for 40 lowercase hex digits.
bool is_fingerprint_v2(std::string_view s);
// True for 32 lowercase hex digits.
bool is_fingerprint_v1(std::string_view s);

// Whether a secret is hard enough to guess that a fast salted hash of it reveals nothing: at least 16
// bytes and at least 64 bits by guess_bits. 2^64 salted SHA-256 guesses are decades of a GPU.
bool hard_to_guess(std::string_view secret);
// A guesser's view of a secret's entropy in bits: each character by its class (digit 3.3, letter 4.7,
// separator 2, other 5), except that a run of 4+ lowercase letters (perhaps capitalised) with vowels
// in it is taken as a dictionary word, 11 bits (a run over 12 letters: one word per 6 letters;
// "correct horse battery staple" is 50,
// "Summer2024!Winter2023?" 59), and never more than length x log2(distinct characters) (repetition:
// "abababab…" is 1 bit per character). It understates random tokens (16 random base62 characters hold 95 bits, this says
// about 62), which then only cost a KDF call; it must not overstate human-chosen strings.
double guess_bits(std::string_view secret);

}  // namespace keysnare
