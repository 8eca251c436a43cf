#pragma once
// Loading rules and configuration from YAML, with `file:line: problem` errors.
//
// Rule files hold a top-level `rules:` list (see rules/README.md for every field). A configuration
// file (`.keysnare.yaml`, `--config`) may hold `rules:` too, plus `allowlist:` (paths, secrets,
// stopwords, fingerprints), `disable:` (rule ids) and `fingerprint_salt:` (pipeline/fingerprint.h;
// written by `keysnare init`). Unknown keys are errors, so a typo never turns a check off silently.
// Errors never quote a value in full (it may be a token pasted in the wrong place): at most its
// redacted prefix, with the file and line.
//
// The overall flow in the CLI is: the defaults (ruleset/default_rules.h), then load_rule_path() for each --rules PATH,
// then load_config(); merge_rules() applies "same id replaces" and `disable:`.
// A document whose YAML aliases expand it to over 64 times its size (plus 1 MiB) is refused with an
// error rather than copied out (a "billion laughs" .keysnare.yaml in a scanned tree).
// Functions are thread-safe (no shared state); they never throw.
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ruleset/rule.h"

namespace keysnare {

// Parses one YAML document of rules. `name` is used in messages.
Result<std::vector<Rule>> parse_rules(std::string_view yaml, const std::string& name);

// A file, or a directory whose *.yaml / *.yml files are read in name order.
Result<std::vector<Rule>> load_rule_path(const std::string& path);

// Parses a configuration document into `out` (rules appended, allowlist merged).
Status parse_config(std::string_view yaml, const std::string& name, RuleSet& out);
Status load_config(const std::string& path, RuleSet& out);

// Adds `more` to `base`: a rule whose id is already present replaces it in place.
void merge_rules(std::vector<Rule>& base, std::vector<Rule> more);

// Drops rules named in `disabled`; returns an error naming any id that matches no rule.
Status apply_disabled(std::vector<Rule>& rules, const std::vector<std::string>& disabled,
                      const std::string& where);

// Structural validation shared by all loaders: unique ids, known severity/confidence, regex present,
// examples name a secret. Engine-level checks (both regex engines accept it) live in engine/.
Status validate_rules(const std::vector<Rule>& rules);

}  // namespace keysnare
