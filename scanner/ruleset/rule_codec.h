#pragma once
// A compact binary form of parsed rules (examples left out), used to embed the default rules in the
// binary: the build-time generator (tools/embed_rules_main.cc) encodes what the YAML loader parsed,
// and scans decode it at start-up without parsing YAML (ruleset/default_rules.h).
//
//   std::string blob = encode_rules(rules);        // build time
//   Result<std::vector<Rule>> r = decode_rules(blob);  // run time, well under a millisecond
//
// Every Rule field is listed once, in rule_codec.cc's visit_fields(); encoder and decoder both walk
// that list, so a new Rule field is added there and nowhere else in the embedding path.
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "ruleset/rule.h"

namespace keysnare {

std::string encode_rules(const std::vector<Rule>& rules);
Result<std::vector<Rule>> decode_rules(std::string_view blob);

}  // namespace keysnare
