#include "ruleset/default_rules.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "ruleset/loader.h"
#include "ruleset/rule_codec.h"

namespace keysnare {

Result<std::vector<Rule>> load_default_rules() {
  std::vector<Rule> all;
  for (std::size_t i = 0; i < kDefaultRuleFileCount; ++i) {
    const auto& f = kDefaultRuleFiles[i];
    auto rules = parse_rules(std::string_view(f.text, f.size), f.name);
    if (!rules) return Error{rules.error()};
    for (auto& r : *rules) all.push_back(std::move(r));
  }
  return all;
}

std::vector<Rule> default_rules_fast() {
  auto rules = decode_rules(std::string_view(kDefaultRuleBlob, kDefaultRuleBlobSize));
  if (!rules) {  // the generator wrote it in this build: only a corrupted binary gets here
    std::fprintf(stderr, "keysnare: error: %s\n", rules.error().c_str());
    std::abort();
  }
  return std::move(*rules);
}

}  // namespace keysnare
