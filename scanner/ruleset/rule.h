#pragma once
// Rule and RuleSet: the detection rules as data, and the repository's allowlists.
//
// A rule is one credential type: a regex in the dialect both Hyperscan and RE2 accept (no
// backreferences, no lookaround, inline flags limited to i m s U), the capture group that is the
// secret, optional filters, and executable examples that `keysnare rules check` runs through the whole
// pipeline. Rules come from YAML (ruleset/loader.h); the built-in ones are embedded in the binary
// (ruleset/default_rules.h). Plain data; copyable; no compiled state lives here.
#include <string>
#include <vector>

namespace keysnare {

// Where a rule or a value came from, for `file:line:` messages.
struct SourceSpot {
  std::string file;
  int line = 0;
};

struct Allowlist {
  std::vector<std::string> paths;         // path globs (base/glob.h)
  std::vector<std::string> secrets;       // regexes; a secret matching one (anywhere) is allowed
  std::vector<std::string> stopwords;     // a secret containing one (case-insensitive) is allowed
  std::vector<std::string> fingerprints;  // findings with these fingerprints are allowed
  bool empty() const {
    return paths.empty() && secrets.empty() && stopwords.empty() && fingerprints.empty();
  }
};

struct RuleExample {
  std::string text;
  std::string secret;  // the secret a positive example must yield ("" for negative examples)
  std::string path;    // optional file path the example is scanned under
  SourceSpot spot;
};

struct Rule {
  std::string id;
  std::string description;
  std::string regex;
  int secret_group = -1;       // -1: group 1 if the regex has groups, else the whole match
  // Keyword-context rules: the capture group holding the credential-named identifier the secret is
  // assigned to (`DB_PASSWORD`, `sumologic.accessId`, `X-Api-Key`); -1 for none. When set, the value
  // must also pass the credential-value check (filters/credential_value.h), and the finding names the
  // provider the identifier names.
  int key_group = -1;
  // For rules whose structure names no identifier (a .pgpass line, mysql -p): the credential-value
  // check runs as if the identifier named this kind ("password", "secret" or "token"; "" for none).
  std::string value_kind;
  double min_entropy = 0.0;    // Shannon bits per byte of the secret; 0 = no check
  std::string severity = "medium";    // critical | high | medium | low | info
  std::string confidence = "medium";  // high | medium | low (validators raise medium to high; low stays)
  std::vector<std::string> validators;  // offline structure checks (filters/validators.h)
  // Which structure the secret was found in, reported with the finding: "json key", "ini key",
  // "connection string", "xml element", ... ("" for provider tokens found by their own shape).
  std::string structure;
  std::vector<std::string> tags;
  Allowlist allowlist;
  std::vector<RuleExample> examples;
  std::vector<RuleExample> negative_examples;
  SourceSpot spot;
};

struct RuleSet {
  std::vector<Rule> rules;
  Allowlist allowlist;                 // global (from .keysnare.yaml / --config)
  std::vector<std::string> disabled;   // rule ids to leave out
  std::string fingerprint_salt;        // `fingerprint_salt:` (keysnare init); "" = none configured
};

}  // namespace keysnare
