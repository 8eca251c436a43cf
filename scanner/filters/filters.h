#pragma once
// Filters: decide whether a confirmed match is reported. In order, a candidate is dropped when
//   1. its line carries the inline marker `keysnare:allow` (a deliberate, reviewable exception);
//   2. a global or per-rule allowlist covers it (path glob, secret regex, stopword);
//   3. the secret is a placeholder (`EXAMPLE`, `xxxx`, `your_api_key_here`, `${VAR}`, `<token>`,
//      `{{ var }}`, a run of one character, …) — see placeholder.h;
//   4. its Shannon entropy is below the rule's minimum;
//   5. an offline validator of the rule rejects its structure (validators.h);
//   6. for keyword-context rules (Rule::key_group), the identifier names no credential or the value is
//      not a literal credential (a reference, an expression, a path, a name; credential_value.h).
// A candidate that passes gets its confidence: "high" when the rule has validators and all passed,
// otherwise the rule's own.
//
// Built once per run from the rules and the global allowlist (regexes compiled then); immutable
// afterwards and safe to share between threads (RE2 matching is thread-safe).
#include <re2/re2.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "filters/credential_value.h"
#include "filters/validators.h"
#include "ruleset/rule.h"

namespace keysnare {

enum class Verdict { Keep, InlineAllow, Allowlisted, Placeholder, LowEntropy, Invalid, NotCredential };
const char* verdict_name(Verdict v);

struct Candidate {
  std::size_t rule = 0;
  std::string_view secret;
  std::string_view line;      // the full line where the secret starts
  std::string_view end_line;  // the line where it ends (same as `line` for one-line secrets)
  std::string_view path;
  // Keyword-context rules (Rule::key_group): the credential-named identifier, and the quote byte just
  // before the secret (0 when unquoted). See filters/credential_value.h.
  std::string_view key;
  char quote = 0;
  // Whether `line` or `end_line` carries the inline marker, when the caller already knows: the detector
  // works it out once per line, so a long line with many candidates is not searched once per candidate.
  // std::nullopt: decide() searches the lines itself.
  std::optional<bool> marked;
};

struct Decision {
  Verdict verdict = Verdict::Keep;
  std::string confidence;
  std::vector<std::string> notes;
};

inline constexpr std::string_view kInlineAllowMarker = "keysnare:allow";

class Filters {
 public:
  static Result<std::shared_ptr<const Filters>> build(const std::vector<Rule>& rules,
                                                      const Allowlist& global);

  // A path the global allowlist excludes entirely (no need to read it).
  bool path_allowed(std::string_view path) const;
  bool fingerprint_allowed(const std::string& fingerprint) const {
    return fingerprints_.count(fingerprint) > 0;
  }
  Decision decide(const Candidate& c) const;

 private:
  struct CompiledAllowlist {
    std::vector<std::string> paths;
    // All the allowlist's secret regexes as one alternation (nullptr: none). Start-up compiled 223
    // separate RE2s for the default rules, ~18% of a one-file scan's 12 ms; one per distinct list
    // (rules sharing a YAML anchor share it) is ~15 compiles.
    std::shared_ptr<const RE2> secrets;
    std::vector<std::string> stopwords;  // lower-cased
    bool covers(std::string_view path, std::string_view secret, std::string_view secret_lower) const;
  };
  using RegexCache = std::map<std::vector<std::string>, std::shared_ptr<const RE2>>;
  static Result<CompiledAllowlist> compile(const Allowlist& a, const std::string& where, RegexCache& cache);

  CompiledAllowlist global_;
  std::vector<CompiledAllowlist> per_rule_;
  std::vector<std::vector<ValidatorFn>> validators_;
  std::vector<double> min_entropy_;
  std::vector<std::string> confidence_;
  // Per rule: whether the credential-value check runs, and the kind its structure implies (None: the
  // identifier decides).
  std::vector<bool> keyword_context_;
  std::vector<CredentialKind> value_kind_;
  std::vector<bool> random_body_;  // low-confidence provider rule: a body spelled in words is a placeholder
  std::vector<bool> literal_structure_;  // the rule's structure makes its value a literal (not "assignment")
  std::unordered_set<std::string> fingerprints_;
};

}  // namespace keysnare
