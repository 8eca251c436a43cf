#pragma once
// Rule self-check (`keysnare rules check`): every rule's examples are executable tests.
//
// For the given rules it checks, and reports each failure as `file:line: rule id: problem`:
//   - the structure (ruleset validate_rules): ids, severities, secret groups;
//   - at least kMinExamples positive and kMinExamples negative examples per rule;
//   - each rule compiles alone in RE2 and in Hyperscan, and all compile together;
//   - validators and allowlist regexes exist and compile;
//   - every positive example, scanned by the whole pipeline with all rules (filters included), yields
//     a finding of that rule with exactly the expected secret, and no finding of another rule that
//     overlaps it (one secret, one finding);
//   - every negative example yields no finding of that rule.
// Thread-safe with respect to other runs; compiles its own database.
#include <string>
#include <vector>

#include "engine/database.h"
#include "ruleset/rule.h"

namespace keysnare {

inline constexpr std::size_t kMinExamples = 2;

struct RuleCheckResult {
  std::vector<std::string> failures;
  std::size_t rules = 0;
  std::size_t examples = 0;
  std::size_t negative_examples = 0;
};

RuleCheckResult check_rules(const std::vector<Rule>& rules, const Allowlist& global,
                            const DatabaseOptions& db_options);

}  // namespace keysnare
