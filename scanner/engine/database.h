#pragma once
// Database: every rule compiled into one Hyperscan block-mode database (pattern id = rule index), plus
// what the matcher needs per rule to confirm hits with RE2 (the maximum match width, whether Hyperscan
// only prefilters it).
//
// The overall flow is: Database::build(rules, options), then one Matcher per worker thread
// (engine/matcher.h). The Database is immutable after build and safe to share between threads.
//
// Start-up: compiling ~200 rules costs hundreds of milliseconds, so build() first looks in the cache
// directory for a database serialized under a key that hashes the rule patterns and hs_version();
// deserializing takes well under a millisecond. When the saved copy is missing, corrupt, or refused
// (Hyperscan checks CPU features), build() compiles and saves a fresh one (atomically, mode 0600).
// A cache that cannot be written only costs time on the next run.
#include <hs/hs.h>

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "ruleset/rule.h"

namespace keysnare {

struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
using HsDatabasePtr = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;

struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using HsScratchPtr = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

// What the matcher needs to know of a compiled rule.
struct RulePlan {
  // Longest possible match in bytes, or kUnbounded: RE2 confirms within [end - max_width, end].
  unsigned max_width = 0;
  // Hyperscan refused the exact pattern and compiled an approximation (HS_FLAG_PREFILTER) that may
  // report false hits but never misses one; RE2 decides.
  bool prefilter = false;
  static constexpr unsigned kUnbounded = ~0u;
};

struct DatabaseOptions {
  std::string cache_dir;  // "" = no cache (always compile)
};

class Database {
 public:
  static Result<std::shared_ptr<const Database>> build(std::vector<Rule> rules,
                                                       const DatabaseOptions& options);

  const hs_database_t* hs() const { return db_.get(); }
  const std::vector<Rule>& rules() const { return rules_; }
  const RulePlan& plan(std::size_t rule) const { return plans_[rule]; }
  // A fresh scratch for one worker (hs_alloc_scratch on this database).
  Result<HsScratchPtr> make_scratch() const;
  bool loaded_from_cache() const { return from_cache_; }

 private:
  std::vector<Rule> rules_;
  std::vector<RulePlan> plans_;
  HsDatabasePtr db_;
  bool from_cache_ = false;
};

// Checks one rule alone in both engines: RE2 parses it under the options the matcher uses, Hyperscan
// compiles it (exactly, or as a prefilter), it cannot match the empty string, and its secret group
// exists. Returns the problem without a file prefix ("Hyperscan: ...").
Status check_rule_compiles(const Rule& rule);

// The RE2 half of check_rule_compiles: RE2 accepts the regex under the matcher's options and the
// secret group exists. Cheap enough to run on every user-supplied rule at load time (Hyperscan's
// prefilter mode accepts constructs RE2 refuses, such as backreferences, so the database alone would
// let a dead rule through).
Status check_rule_regex(const Rule& rule);

// The RE2 form the matcher uses to confirm hits; also used by rules check.
int effective_secret_group(const Rule& rule, int capturing_groups);

// Default cache directory: $KEYSNARE_CACHE_DIR, else $XDG_CACHE_HOME/keysnare, else ~/.cache/keysnare.
std::string default_cache_dir();

}  // namespace keysnare
