#include "filters/placeholder.h"

#include <algorithm>
#include <bitset>

#include "base/text.h"

namespace keysnare {

bool looks_placeholder(std::string_view secret) {
  if (secret.empty()) return true;
  const std::string lower = ascii_lower(secret);
  // A long secret (a private key block, a macaroon) is mostly base64, where "xxxx" turns up by chance
  // (~0.2% of 4096-bit RSA keys): there only a run of 8 counts.
  if (lower.find(secret.size() <= 64 ? "xxxx" : "xxxxxxxx") != std::string::npos) return true;
  static constexpr std::string_view words[] = {"example", "placeholder", "changeme",
                                               "change_me", "dummy", "redacted", "sample", "_here",
                                               "-here", "insert_", "replace_me", "replaceme"};
  for (auto w : words)
    if (lower.find(w) != std::string::npos) return true;
  if (lower.find("your") != std::string::npos) {
    for (std::string_view w : {"key", "token", "secret", "pass", "pwd", "api", "here"})
      if (lower.find(w) != std::string::npos) return true;
  }
  // Template references and angle-bracket placeholders.
  if (secret.find("${") != std::string_view::npos || secret.find("$(") != std::string_view::npos ||
      secret.find("{{") != std::string_view::npos)
    return true;
  if (secret.front() == '<' && secret.back() == '>') return true;
  if (secret.size() >= 3 && secret.front() == '%' && secret.back() == '%') return true;
  if (secret.starts_with("%(")) return true;
  // Runs of one character that make up much of the secret ("sk_live_000000000000000000000000").
  // A run alone is not enough: base64 of zero bytes puts runs of 'A' in real OpenSSH keys and
  // macaroon tokens, so the run must be at least 8 long and a third of the secret.
  std::size_t run = 1, longest = 1;
  std::bitset<256> seen;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    seen.set(static_cast<unsigned char>(secret[i]));
    if (i > 0) {
      run = secret[i] == secret[i - 1] ? run + 1 : 1;
      longest = std::max(longest, run);
    }
  }
  if (longest >= 8 && longest * 3 >= secret.size()) return true;
  return secret.size() >= 6 && seen.count() <= 2;
}

}  // namespace keysnare
