#pragma once
// The scan pipeline: plan -> scan (parallel) -> reduce.
//
//   ScanOutcome r = run_scan(source, setup, options, diag);
//
// 1. plan: the source lists its items (deterministic order); paths the global allowlist covers go.
// 2. scan: parallel_for over items; each worker has its own Reader and Detector; a blob over the size
//    limit or that looks binary is skipped and counted; findings go to a slot per item. A blob in UTF-16
//    (a byte order mark, or ASCII text with every other byte NUL: base/text.h utf16_encoding) is
//    transcoded to UTF-8 before the binary sniff and scanned; its lines and columns are the file's own.
//    At most max_findings_per_blob findings are kept per blob (the first by position); the rest are
//    counted in stats.drops.over_limit and each such blob gets a warning naming it, so nothing is
//    dropped silently (the CLI adds the count to the summary and still exits 1).
// 3. reduce: slots are concatenated in item order; for sources that group by secret (history audits)
//    equal fingerprints merge into one finding whose location is the oldest occurrence; fingerprints
//    allowlisted by configuration are dropped; the result is sorted by a total order. The output is
//    therefore identical for any thread count.
// Errors (unreadable items) go to `diag` and the scan continues.
#include <cstdint>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "pipeline/detector.h"
#include "sources/source.h"

namespace keysnare {

struct ScanOptions {
  unsigned threads = 1;
  std::uint64_t max_file_size = 10ull << 20;
  bool all_occurrences = false;  // keep every place a grouped secret appears
  bool progress = false;         // a progress line on stderr (the caller checks for a terminal)
  // Findings built per blob; later ones are counted, not kept (0: no limit). Bounds memory and report
  // size on a generated file of thousands of tokens.
  std::size_t max_findings_per_blob = Detector::kDefaultMaxFindings;
};

struct ScanStats {
  std::uint64_t items_planned = 0;
  std::uint64_t items_scanned = 0;
  std::uint64_t bytes_scanned = 0;
  std::uint64_t skipped_binary = 0;
  std::uint64_t skipped_large = 0;
  std::uint64_t skipped_other = 0;   // reader policy (submodules, special files) and allowlisted paths
  std::uint64_t read_errors = 0;
  std::vector<std::string> skipped;  // "path: reason", in item order (printed with -v)
  DropCounts drops;
  double seconds = 0;
  std::uint64_t skipped_total() const { return skipped_binary + skipped_large + skipped_other; }
};

struct ScanOutcome {
  std::vector<Finding> findings;
  ScanStats stats;
};

ScanOutcome run_scan(Source& source, const DetectionSetup& setup, const ScanOptions& options,
                     Diagnostics& diag);

// The total order findings are reported in: path, line, column, rule, then commit.
bool finding_less(const Finding& a, const Finding& b);

}  // namespace keysnare
