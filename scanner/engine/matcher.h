#pragma once
// Matcher: finds every match of every rule in a buffer of bytes, with the exact span of each secret.
//
// Two passes (Nosey Parker's design, measured cheaper than running RE2 over everything):
//   1. Hyperscan scans the buffer once for all rules and reports where matches can end. Each hit
//      becomes a window [end - max_width, end]; overlapping windows of a rule merge.
//   2. RE2 runs find-all inside each merged window only, with the whole buffer as context (so `\b`
//      and `^` see the bytes around the window), giving leftmost-first non-overlapping matches and the
//      secret's capture group: the same answer as RE2 over the whole buffer, at a fraction of the cost.
// A rule with more than kMaxWindows windows in one buffer (adversarial input) falls back to one RE2
// pass over the whole buffer, so memory stays bounded whatever the input. The output grows by one
// 40-byte Match per confirmed match; a rule's matches never overlap, so a buffer yields at most
// (rules hit) x (size / shortest match) of them — 4 MB for a generated file of 100,000 tokens
// (tests/e2e/fault_many_matches.sh peaks at ~22 MB in all). The detector caps Findings, not Matches.
//
// The matcher knows nothing of files, filters or output. One Matcher per worker thread: it owns the
// Hyperscan scratch and the RE2 objects (compiled lazily, on a rule's first hit, so a run that never
// hits a rule never pays for it). Not thread-safe; cheap to keep, expensive to create per buffer.
#include <re2/re2.h>

#include <memory>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "engine/database.h"
#include "model/finding.h"

namespace keysnare {

class Matcher {
 public:
  static Result<std::unique_ptr<Matcher>> create(std::shared_ptr<const Database> db);

  // Appends every confirmed match in `bytes` to `out`, ordered by (secret_start, rule).
  // `only_rule` >= 0 restricts to one rule (rules check). Fails only if Hyperscan fails.
  Status scan(std::string_view bytes, std::vector<Match>& out, int only_rule = -1);

  const Database& database() const { return *db_; }

  struct Window {
    std::uint64_t lo, hi;
  };
  static constexpr std::size_t kMaxWindows = 100000;

 private:
  explicit Matcher(std::shared_ptr<const Database> db) : db_(std::move(db)) {}
  const RE2& regex(std::size_t rule);
  void confirm(std::string_view bytes, std::size_t rule, std::vector<Window>& windows,
               std::vector<Match>& out);

  std::shared_ptr<const Database> db_;
  HsScratchPtr scratch_;
  std::vector<std::unique_ptr<RE2>> regexes_;
  std::vector<int> groups_;                  // secret group per rule (valid once regex built)
  std::vector<int> key_groups_;              // key group per rule (-1: none; valid once regex built)
  std::vector<std::vector<Window>> windows_;  // per rule, reused across scans
  std::vector<std::uint32_t> touched_;        // rules with windows in this scan
  std::vector<re2::StringPiece> subs_;
  friend struct HitCollector;
};

}  // namespace keysnare
