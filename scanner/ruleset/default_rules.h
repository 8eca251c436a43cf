#pragma once
// The default rules, embedded at build time from rules/*.yaml by the ks_embed_rules generator
// (ruleset/embed_rules_main.cc) in two forms:
//   - the YAML text of each file, for `rules list` / `rules check` (examples included);
//   - the rules already parsed (no examples), in rule_codec.h's binary form, which scans decode
//     without parsing YAML.
// Parsing ~200 rules with yaml-cpp costs ~20 ms, the whole start-up budget of a pre-commit hook;
// building them from the table costs well under a millisecond (benchmarks/README.md).
#include <cstddef>
#include <vector>

#include "base/result.h"
#include "ruleset/rule.h"

namespace keysnare {

struct EmbeddedFile {
  const char* name;  // "rules/ai.yaml"
  const char* text;
  std::size_t size;
};

extern const EmbeddedFile kDefaultRuleFiles[];
extern const std::size_t kDefaultRuleFileCount;
// The parsed rules, encoded by ruleset/rule_codec.h.
extern const char kDefaultRuleBlob[];
extern const std::size_t kDefaultRuleBlobSize;

// From the YAML text, examples included (rules list / check).
Result<std::vector<Rule>> load_default_rules();
// From the pre-parsed table, without examples (scans).
std::vector<Rule> default_rules_fast();

}  // namespace keysnare
