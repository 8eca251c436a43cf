#pragma once
// The default rules, embedded at build time from rules/*.yaml by cmake/embed_rules.cmake.
#include <cstddef>

namespace keysnare {

struct EmbeddedFile {
  const char* name;   // "rules/ai.yaml"
  const char* text;
  std::size_t size;
};

extern const EmbeddedFile kDefaultRuleFiles[];
extern const std::size_t kDefaultRuleFileCount;

}  // namespace keysnare
