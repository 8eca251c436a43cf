#pragma once
// Baseline: fingerprints from an earlier JSON, JSONL or SARIF report of keysnare. Findings whose
// fingerprint is in the baseline are not reported; since fingerprints hash the rule and the secret,
// a moved line stays suppressed and a new secret on an old line does not. Entries that matched no
// finding are counted as stale, so a baseline can be pruned.
//
// Reports are read with a JSON parser (nlohmann-json), never searched as text: a report is
//   - a JSON array of finding objects, each with "fingerprint" (the json format; "[]" when empty),
//   - one finding object per line (jsonl; an empty file when there were none),
//   - a SARIF log whose runs come from keysnare: each result's properties.fingerprint, or, in reports
//     written before fingerprints were salted, partialFingerprints["keysnare/v1"].
// Fingerprints are v2 (40 hex digits) or the older v1 (32), which is matched against the v1
// fingerprint of each finding's rule and secret (pipeline/fingerprint.h), so baselines written before
// v2 keep working. Anything else — a syntax error, an entry without a fingerprint, a value that is no
// fingerprint, another tool's SARIF — is an error naming the file, the line and the problem (never
// quoting the file's content, which may hold a secret).
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/finding.h"

namespace keysnare {

struct Baseline {
  std::set<std::string> fingerprints;  // v2 and v1 alike (the formats cannot be confused)
  static Result<Baseline> load(const std::string& path);
  // The same from a report's text; `name` is used in messages (e.g. a baseline read from a commit).
  static Result<Baseline> parse(const std::string& text, const std::string& name);
  // Removes baselined findings (their secrets must still be in clear: a v1 entry is matched by
  // recomputing the finding's v1 fingerprint); returns how many baseline entries matched nothing.
  std::size_t apply(std::vector<Finding>& findings) const;
};

}  // namespace keysnare
