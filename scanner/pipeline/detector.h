#pragma once
// Detector: one blob's bytes in, findings out. It runs the matcher, keeps one match per secret span
// (a specific rule wins over a generic one that overlaps it), works out line and column, applies the
// filters and the added-lines restriction, and fills in each finding (fingerprint included).
//
//   auto det = Detector::create(setup);          // once per worker thread
//   det->detect(bytes, provenance, added, out);   // per blob
//
// Not thread-safe (it owns a Matcher); one per worker.
#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/matcher.h"
#include "filters/filters.h"
#include "model/finding.h"

namespace keysnare {

// Everything compiled once per run and shared read-only by all workers.
struct DetectionSetup {
  std::shared_ptr<const Database> db;
  std::shared_ptr<const Filters> filters;
};

// Counts of candidates dropped, by reason (indexed by Verdict); shown with -v.
struct DropCounts {
  std::array<std::uint64_t, 6> by_verdict{};
  std::uint64_t outside_added_lines = 0;
  std::uint64_t overlapped = 0;
  void add(const DropCounts& o);
};

class Detector {
 public:
  static Result<std::unique_ptr<Detector>> create(const DetectionSetup& setup);

  // Appends the findings in `bytes` to `out`. `added`: only secrets on these lines count (nullptr:
  // all). `only_rule` >= 0 restricts to one rule. Fails only if the engine fails.
  Status detect(std::string_view bytes, const Provenance& where, const LineRanges* added,
                std::vector<Finding>& out, int only_rule = -1);

  const DropCounts& drops() const { return drops_; }

  // Longest line_text kept around a secret on very long lines (minified bundles).
  static constexpr std::size_t kLineContext = 160;

 private:
  Detector(DetectionSetup setup, std::unique_ptr<Matcher> m) : setup_(std::move(setup)), matcher_(std::move(m)) {}
  DetectionSetup setup_;
  std::unique_ptr<Matcher> matcher_;
  std::vector<Match> matches_;
  DropCounts drops_;
};

// Content-based identity of a finding: rule id and secret bytes, not its position, so it survives
// code moving and changes when the secret changes. 32 hex characters of SHA-256.
std::string fingerprint(std::string_view rule_id, std::string_view secret);

}  // namespace keysnare
