#include "ruleset/default_rules.h"

#include <string_view>

#include "ruleset/loader.h"

namespace keysnare {
namespace {

std::vector<std::string> list(const char* const* l) {
  std::vector<std::string> out;
  for (; l && *l; ++l) out.emplace_back(*l);
  return out;
}

}  // namespace

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
  std::vector<Rule> out;
  out.reserve(kDefaultRuleCount);
  for (std::size_t i = 0; i < kDefaultRuleCount; ++i) {
    const EmbeddedRule& e = kDefaultRuleTable[i];
    Rule r;
    r.id = e.id;
    r.description = e.description;
    r.regex = e.regex;
    r.secret_group = e.secret_group;
    r.min_entropy = e.min_entropy;
    r.severity = e.severity;
    r.confidence = e.confidence;
    r.validators = list(e.validators);
    r.tags = list(e.tags);
    r.allowlist.paths = list(e.allow_paths);
    r.allowlist.secrets = list(e.allow_secrets);
    r.allowlist.stopwords = list(e.allow_stopwords);
    r.spot = {e.file, e.line};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace keysnare
