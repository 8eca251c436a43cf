#include "filters/placeholder.h"

#include <bitset>

#include "base/text.h"

namespace keysnare {

bool looks_placeholder(std::string_view secret) {
  if (secret.empty()) return true;
  const std::string lower = ascii_lower(secret);
  static constexpr std::string_view words[] = {"example", "xxxx", "placeholder", "changeme",
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
  // Runs of one character, and near-constant strings.
  std::size_t run = 1;
  std::bitset<256> seen;
  for (std::size_t i = 0; i < secret.size(); ++i) {
    seen.set(static_cast<unsigned char>(secret[i]));
    if (i > 0) {
      run = secret[i] == secret[i - 1] ? run + 1 : 1;
      if (run >= 8) return true;
    }
  }
  return secret.size() >= 6 && seen.count() <= 2;
}

}  // namespace keysnare
