#pragma once
// Match and Finding, the two result types (Nosey Parker's split):
// - a Match is what the engine reports for one blob: a rule and byte spans, nothing more;
// - a Finding is one secret as users see it: rule metadata, the secret, where it is (its first
//   occurrence, oldest first for git history) and, optionally, every further place it appears.
// Plain data; copyable.
#include <cstdint>
#include <string>
#include <vector>

#include "model/provenance.h"

namespace keysnare {

struct Match {
  std::uint32_t rule = 0;         // index into the engine's rule list
  std::uint64_t start = 0;        // whole match, byte offsets in the blob
  std::uint64_t end = 0;
  std::uint64_t secret_start = 0;  // the secret's capture group
  std::uint64_t secret_end = 0;
  // The credential-named identifier of a keyword-context rule (Rule::key_group); empty otherwise.
  std::uint64_t key_start = 0;
  std::uint64_t key_end = 0;
};

struct Location {
  Provenance where;
  std::uint32_t line = 0;        // 1-based line of the secret's first byte
  std::uint32_t column = 0;      // 1-based column, counted in characters (UTF-8 code points)
  std::uint32_t end_line = 0;    // the secret's last line (> line for a multi-line private key)
  std::uint32_t end_column = 0;  // 1-based column just past the secret on end_line
};

// Where a secret lies in a finding's line_text. The detector records every secret the engine matched
// and the filters kept on that stretch of the line — the finding's own and its neighbours', whether
// they are reported or not (a baseline, --min-confidence, an allowlisted fingerprint or the per-file
// cap may drop them later) — so redaction replaces exactly those bytes (report/redact.h).
struct SecretSpan {
  std::uint32_t start = 0;         // byte offsets in line_text, start < end
  std::uint32_t end = 0;
  std::uint32_t secret_chars = 0;  // characters (UTF-8 code points) of the whole secret
  bool secret_start = true;        // the span begins with the secret's first byte (else the window cut it)
};

struct Finding {
  std::string rule_id;
  std::string description;
  std::string severity;  // critical | high | medium | low | info
  std::string confidence;  // high | medium | low
  std::vector<std::string> tags;
  // Who issued the credential: the rule's provider (its second tag), or for a keyword-context rule the
  // provider the identifier names (`SUMOLOGIC_ACCESS_ID` -> "sumologic"); "" when nothing says.
  std::string provider;
  // The structure it was found in ("json key", "connection string", ...; Rule::structure).
  std::string structure;
  std::string secret;     // clear until report/redact.h redacts it for output
  std::string line_text;  // the line holding the secret (shortened around it on very long lines)
  std::vector<SecretSpan> line_secrets;  // the secrets inside line_text: sorted, disjoint
  double entropy = 0.0;   // Shannon bits per byte of the secret
  std::string fingerprint;  // salted hash of rule id + secret; see pipeline/fingerprint.h
  Location location;               // the first occurrence
  std::vector<Location> also;      // further occurrences (git history, --all-occurrences)
  std::vector<std::string> notes;  // validator output, e.g. "aws account 123456789012"
};

}  // namespace keysnare
