// Fuzz target: the rule YAML loader (ruleset/loader.h parse_rules) on arbitrary bytes, then what the CLI
// does next with user rules: structural validation, the RE2 check of each regex, and building the
// filters (allowlist regexes, validators). Rule files may come from a scanned repository's config, so
// none of this may crash, hang or throw; every error must name the file.
#include <string>

#include "engine/database.h"
#include "filters/filters.h"
#include "fuzz_input.h"
#include "ruleset/loader.h"

using namespace keysnare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view yaml(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.yaml";
  auto rules = parse_rules(yaml, name);
  if (!rules) {
    FUZZ_CHECK(rules.error().rfind(name + ":", 0) == 0, "error does not name the file: " + fuzz::show(rules.error()));
    return 0;
  }
  for (const auto& r : *rules) FUZZ_CHECK(r.spot.file == name, "rule without its file");
  if (!validate_rules(*rules)) return 0;
  // RE2 compiles are the expensive part; a handful per input is plenty.
  for (std::size_t i = 0; i < rules->size() && i < 4; ++i) (void)check_rule_regex((*rules)[i]);
  (void)Filters::build(*rules, {});
  return 0;
}
