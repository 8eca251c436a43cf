#include "pipeline/rule_check.h"

#include "pipeline/detector.h"
#include "ruleset/loader.h"

namespace keysnare {
namespace {

std::string spot(const SourceSpot& s) { return s.file + ":" + std::to_string(s.line); }

// Whether two secrets' spans overlap, by (line, column) positions.
bool overlaps(const Location& a, const Location& b) {
  auto before = [](std::uint32_t l1, std::uint32_t c1, std::uint32_t l2, std::uint32_t c2) {
    return l1 < l2 || (l1 == l2 && c1 <= c2);
  };
  // a ends at or before b starts, or b ends at or before a starts: disjoint.
  return !(before(a.end_line, a.end_column, b.line, b.column) || before(b.end_line, b.end_column, a.line, a.column));
}

}  // namespace

RuleCheckResult check_rules(const std::vector<Rule>& rules, const Allowlist& global,
                            const DatabaseOptions& db_options) {
  RuleCheckResult res;
  res.rules = rules.size();
  if (auto st = validate_rules(rules); !st) {
    res.failures.push_back(st.error());
    return res;
  }
  std::vector<Rule> good;
  for (const auto& r : rules) {
    if (auto st = check_rule_compiles(r); !st)
      res.failures.push_back(spot(r.spot) + ": rule " + r.id + ": " + st.error());
    else
      good.push_back(r);
  }
  if (good.empty()) return res;
  auto filters = Filters::build(good, global);
  if (!filters) {
    res.failures.push_back(filters.error());
    return res;
  }
  auto db = Database::build(good, db_options);
  if (!db) {
    res.failures.push_back(db.error());
    return res;
  }
  auto det = Detector::create({*db, *filters});
  if (!det) {
    res.failures.push_back(det.error());
    return res;
  }
  std::vector<Finding> found;
  auto scan = [&](const RuleExample& ex) -> bool {
    found.clear();
    Provenance where;
    where.path = ex.path.empty() ? "example.txt" : ex.path;
    if (auto st = (*det)->detect(ex.text, where, nullptr, found); !st) {
      res.failures.push_back(spot(ex.spot) + ": " + st.error());
      return false;
    }
    return true;
  };
  for (const auto& r : good) {
    // The quality gate: a rule is only as trustworthy as the cases that pin it down.
    if (r.examples.size() < kMinExamples || r.negative_examples.size() < kMinExamples)
      res.failures.push_back(spot(r.spot) + ": rule " + r.id + ": needs at least " + std::to_string(kMinExamples) +
                             " examples and " + std::to_string(kMinExamples) + " negative examples (has " +
                             std::to_string(r.examples.size()) + " and " + std::to_string(r.negative_examples.size()) + ")");
    for (const auto& ex : r.examples) {
      ++res.examples;
      if (!scan(ex)) continue;
      const Finding* hit = nullptr;
      bool rule_hit = false;
      for (const auto& f : found) {
        if (f.rule_id != r.id) continue;
        rule_hit = true;
        if (f.secret == ex.secret) hit = &f;
      }
      if (hit) {
        // One secret, one finding: another rule reporting an overlapping secret means the two rules
        // overlap with equal precedence (see pipeline/detector.h) and the secret would be reported twice.
        for (const auto& f : found)
          if (&f != hit && overlaps(f.location, hit->location))
            res.failures.push_back(spot(ex.spot) + ": rule " + r.id + ": example is also reported by rule " +
                                   f.rule_id + " (overlapping rules: make one more specific, or tag the vaguer one generic)");
        continue;
      }
      std::string why;
      if (rule_hit) {
        why = "example yields a different secret than the one expected";
      } else {
        // Say which stage lost it: no regex match at all, or a filter, or another rule took it.
        std::vector<Match> raw;
        if (auto m = Matcher::create(*db); m) {
          const Status st = (*m)->scan(ex.text, raw, static_cast<int>(&r - good.data()));
          if (!st) raw.clear();
        }
        if (raw.empty())
          why = "example does not match the regex";
        else if (!found.empty())
          why = "example is reported by rule " + found.front().rule_id + " instead";
        else
          why = "example matches but a filter drops it (entropy, placeholder, allowlist or validator)";
      }
      res.failures.push_back(spot(ex.spot) + ": rule " + r.id + ": " + why);
    }
    for (const auto& ex : r.negative_examples) {
      ++res.negative_examples;
      if (!scan(ex)) continue;
      for (const auto& f : found)
        if (f.rule_id == r.id) {
          res.failures.push_back(spot(ex.spot) + ": rule " + r.id + ": negative example yields a finding");
          break;
        }
    }
  }
  return res;
}

}  // namespace keysnare
