#include "filters/placeholder.h"

#include <algorithm>
#include <bitset>

#include "base/text.h"

namespace keysnare {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A short unit repeated back to back over half the secret ("abcd1234abcd1234abcd1234",
// "123123123123", "ab12ab12ab12ab12"): typed by hand, never drawn at random. Case is ignored
// ("abcd1234ABCD1234"). A random base62 string repeats a 4-character unit three times in a row with
// probability about L / 62^8.
bool repeated_unit(const std::string& lower) {
  const std::size_t n = lower.size();
  if (n < 12) return false;
  for (std::size_t p = 2; p <= 12 && 3 * p <= n; ++p) {
    std::size_t run = 0;  // length of the current stretch where s[i] == s[i - p]
    for (std::size_t i = p; i < n; ++i) {
      run = lower[i] == lower[i - p] ? run + 1 : 0;
      // run + p characters form the periodic stretch; it must hold the unit 3 times and cover half
      if (run >= 2 * p && (run + p) * 2 >= n) return true;
    }
  }
  return false;
}

// Common English words of four letters or more that hand-written sample tokens are made of.
constexpr std::string_view kWords[] = {
    "able", "about", "access", "account", "actual", "admin", "after", "again", "agent", "allow", "also", "another",
    "answer", "apple", "auth", "back", "bad", "banana", "base", "basic", "before", "being", "best", "better",
    "black", "blue", "body", "book", "both", "break", "bucket", "build", "cannot", "case", "change", "char",
    "chars", "check", "checking", "city", "client", "code", "come", "company", "correct", "could", "country",
    "data", "demo", "deploy", "does", "done", "down", "dummy", "each", "else", "empty", "end", "enter", "even",
    "every", "exactly", "example", "fail", "failing", "fake", "false", "file", "find", "first", "five", "foo",
    "format", "four", "free", "from", "full", "game", "generic", "give", "good", "great", "green", "hello",
    "help", "here", "high", "home", "house", "into", "invalid", "just", "keep", "know", "last", "length",
    "less", "life", "like", "line", "little", "long", "look", "made", "make", "many", "mine", "more", "most",
    "much", "must", "name", "need", "never", "next", "nice", "none", "nope", "notreal", "number", "only",
    "open", "other", "over", "part", "pass", "password", "people", "place", "please", "point", "pretty",
    "private", "production", "public", "random", "real", "really", "right", "sample", "same", "say", "secret",
    "secure", "server", "service", "short", "should", "show", "since", "some", "something", "staging",
    "still", "string", "such", "super", "take", "tell", "test", "tester", "testing", "tests", "text", "than",
    "that", "their", "them", "then", "there", "these", "they", "thing", "think", "this", "those", "three",
    "through", "time", "token", "tokens", "totally", "true", "two", "under", "until", "user", "valid",
    "value", "very", "want", "water", "well", "were", "what", "when", "where", "which", "while", "white",
    "will", "with", "word", "words", "work", "world", "would", "write", "wrong", "year", "your", "zero"};

}  // namespace

bool spelled_in_words(std::string_view secret) {
  const std::string lower = ascii_lower(secret);
  std::size_t letters = 0;
  for (char c : lower) letters += c >= 'a' && c <= 'z';
  if (letters < 8) return false;
  // Greedy left to right: the longest listed word starting at each position, not overlapping.
  std::size_t covered = 0, words = 0, longest = 0;
  for (std::size_t i = 0; i < lower.size();) {
    std::size_t best = 0;
    for (auto w : kWords)
      if (w.size() >= 4 && w.size() > best && lower.compare(i, w.size(), w) == 0) best = w.size();
    if (best) {
      covered += best;
      ++words;
      longest = std::max(longest, best);
      i += best;
    } else {
      ++i;
    }
  }
  return (words >= 2 || longest >= 7) && covered * 2 >= letters;
}

bool looks_placeholder(std::string_view secret) {
  if (secret.empty()) return true;
  // Credentials printed in vendors' documentation, which configs copy verbatim: NuGet's nuget.config
  // reference (packageSourceCredentials).
  for (std::string_view doc : {"33f!!lloppa", "hal+9ooo_da!sY"})
    if (secret == doc) return true;
  const std::string lower = ascii_lower(secret);
  // A long secret (a private key block, a macaroon) is mostly base64, where "xxxx" turns up by chance
  // (~0.2% of 4096-bit RSA keys): there only a run of 8 counts.
  if (lower.find(secret.size() <= 64 ? "xxxx" : "xxxxxxxx") != std::string::npos) return true;
  // Words. In a long secret (a private key block, a macaroon) short words turn up by chance in the
  // base64: "your" is in ~0.3% of RSA-4096 key bodies, and the armour always says KEY, so 2 of 24,304
  // generated keys were dropped (benchmarks/README.md, Accuracy). There a word of under 7 letters must
  // start the secret or follow a non-alphanumeric byte ("your_private_key", "<your key here>"); in
  // random base64 that costs another factor of ~20 on top of (2/64)^4 per position.
  const bool long_secret = secret.size() > 64;
  const auto has_word = [&](std::string_view w) -> std::size_t {
    const bool anywhere = !long_secret || w.size() >= 7 || !is_ascii_alnum(w.front());
    for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1))
      if (anywhere || at == 0 || !is_ascii_alnum(lower[at - 1])) return at;
    return std::string::npos;
  };
  static constexpr std::string_view words[] = {"example", "placeholder", "changeme",
                                               "change_me", "dummy", "redacted", "sample", "_here",
                                               "-here", "insert_", "replace_me", "replaceme"};
  for (auto w : words)
    if (has_word(w) != std::string::npos) return true;
  if (const std::size_t your = has_word("your"); your != std::string::npos) {
    for (std::string_view w : {"key", "token", "secret", "pass", "pwd", "api", "here"})
      if (lower.find(w, long_secret ? your : 0) != std::string::npos) return true;
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
  // Sequential characters ("0123456789abcdef", "abcdefgh", "87654321"): a run of 8 code points each one
  // up (or down) from the last. Random hex has one by chance with probability ~L/16^7, base64 ~L/64^7.
  std::size_t up = 1, down = 1;
  for (std::size_t i = 1; i < secret.size(); ++i) {
    const int step = static_cast<unsigned char>(secret[i]) - static_cast<unsigned char>(secret[i - 1]);
    up = step == 1 && is_ascii_alnum(secret[i]) ? up + 1 : 1;
    down = step == -1 && is_ascii_alnum(secret[i]) ? down + 1 : 1;
    if (up >= 8 || down >= 8) return true;
  }
  if (secret.size() >= 6 && seen.count() <= 2) return true;
  return repeated_unit(lower);
}

}  // namespace keysnare
