#pragma once
// Detector: one blob's bytes in, findings out. It runs the matcher, works out line and column, applies
// the added-lines restriction and the filters to every match, then keeps one surviving match per
// secret span (a specific rule wins over a generic one that overlaps it; a match a filter rejected
// never hides another rule's match), and fills in each finding (fingerprint included). Every secret the
// filters kept, reported or not, is marked in the line_text of each finding whose line holds it
// (Finding::line_secrets, for redaction) and added to DetectionSetup::known.
//
//   auto det = Detector::create(setup);          // once per worker thread
//   det->detect(bytes, provenance, added, out);   // per blob
//
// Cost and memory on hostile input: work is linear in the blob plus the matches (line, column and the
// inline-marker check are computed incrementally, never by rescanning a long line per match). At most
// `max_findings` Findings are built per blob (set_max_findings; the first ones by position); later
// ones are only counted in DropCounts::over_limit, so a file of 100,000 tokens costs 1,000 Findings.
// The matcher's own Match list is not capped: 40 bytes per confirmed match, and matches of one rule
// never overlap, so it is at most (rules hit) x (blob size / shortest match) entries — about 4 MB for
// 100,000 matches.
//
// Not thread-safe (it owns a Matcher); one per worker.
#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "engine/matcher.h"
#include "filters/filters.h"
#include "model/finding.h"
#include "pipeline/fingerprint.h"
#include "pipeline/known_secrets.h"

namespace keysnare {

// Everything compiled once per run and shared by all workers: read-only, except `known`, which every
// worker adds the secrets it keeps to (thread-safe) so that redaction can hide them everywhere.
struct DetectionSetup {
  std::shared_ptr<const Database> db;
  std::shared_ptr<const Filters> filters;
  // Salt and KDF cache of the run's fingerprints (pipeline/fingerprint.h).
  std::shared_ptr<const Fingerprinter> fingerprints = Fingerprinter::default_instance();
  // Every secret kept by the filters in any blob, reported or not; nullptr: not collected.
  std::shared_ptr<KnownSecrets> known = std::make_shared<KnownSecrets>();
};

// Counts of candidates dropped, by reason (indexed by Verdict); shown with -v.
struct DropCounts {
  std::array<std::uint64_t, 7> by_verdict{};
  std::uint64_t outside_added_lines = 0;
  std::uint64_t overlapped = 0;
  // Findings past the per-blob limit (Detector::set_max_findings): real findings, counted, not built.
  std::uint64_t over_limit = 0;
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

  // At most `n` findings are built per detect() call (0: no limit); the rest are counted in
  // drops().over_limit.
  void set_max_findings(std::size_t n) { max_findings_ = n; }
  static constexpr std::size_t kDefaultMaxFindings = 1000;

  // Longest line_text kept around a secret on very long lines (minified bundles).
  static constexpr std::size_t kLineContext = 160;

 private:
  Detector(DetectionSetup setup, std::unique_ptr<Matcher> m) : setup_(std::move(setup)), matcher_(std::move(m)) {}
  DetectionSetup setup_;
  std::unique_ptr<Matcher> matcher_;
  std::vector<Match> matches_;
  DropCounts drops_;
  std::size_t max_findings_ = 0;
};

}  // namespace keysnare
