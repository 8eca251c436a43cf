#pragma once
// Baseline: fingerprints from an earlier JSON, JSONL or SARIF report of keysnare. Findings whose
// fingerprint is in the baseline are not reported; since fingerprints hash the rule and the secret,
// a moved line stays suppressed and a new secret on an old line does not. Entries that matched no
// finding are counted as stale, so a baseline can be pruned.
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/finding.h"

namespace keysnare {

struct Baseline {
  std::set<std::string> fingerprints;
  static Result<Baseline> load(const std::string& path);
  // The same from a report's text; `name` is used in messages (e.g. a baseline read from a commit).
  static Result<Baseline> parse(const std::string& text, const std::string& name);
  // Removes baselined findings; returns how many baseline entries matched nothing.
  std::size_t apply(std::vector<Finding>& findings) const;
};

}  // namespace keysnare
