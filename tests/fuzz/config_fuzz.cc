// Fuzz target: the configuration loader (ruleset/loader.h parse_config) on arbitrary bytes, then what
// the CLI does with a configuration: merge with the default rules, apply `disable:`, validate, build
// the filters (global allowlist regexes and globs) and try the path allowlist. `keysnare dir` reads the
// scanned tree's own .keysnare.yaml, so this input is attacker-controlled in practice.
#include <string>

#include "filters/filters.h"
#include "fuzz_input.h"
#include "ruleset/default_rules.h"
#include "ruleset/loader.h"

using namespace keysnare;

namespace {
const std::vector<Rule>& defaults() {
  static const std::vector<Rule> d = default_rules_fast();
  return d;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)defaults();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const std::string name = ".keysnare.yaml";
  RuleSet set;
  set.rules = defaults();
  const std::size_t before = set.rules.size();
  if (auto st = parse_config(yaml, name, set); !st) {
    FUZZ_CHECK(st.error().rfind(name + ":", 0) == 0, "error does not name the file: " + fuzz::show(st.error()));
    return 0;
  }
  FUZZ_CHECK(set.rules.size() >= before, "parse_config lost rules");
  if (!apply_disabled(set.rules, set.disabled, name)) return 0;
  if (!validate_rules(set.rules)) return 0;
  auto filters = Filters::build(set.rules, set.allowlist);
  if (!filters) return 0;
  for (std::string_view p : {"a.txt", "src/config/app.env", "vendor/x/y.js", ".keysnare.yaml", ""})
    (void)(*filters)->path_allowed(p);
  return 0;
}
