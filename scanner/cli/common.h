#pragma once
// What every scanning command shares: the rule and output options, building the DetectionSetup from
// rules + configuration, and finishing a scan (baseline, confidence filter, redaction, report, summary,
// exit status). Each command file (cmd_*.cc) adds its own subcommand and source on top.
//
// Exit status: 0 no findings, 1 findings (--exit-code N), 2 any error — including a scan that both
// found secrets and failed to read something: findings are still reported, then 2. Findings dropped
// over --max-findings-per-file count as findings (exit 1) and are counted in the summary line.
#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "pipeline/scan.h"
#include "report/report.h"

namespace keysnare {

inline constexpr int kExitClean = 0;
inline constexpr int kExitError = 2;

// Rules given as text instead of a path (git --range reads --rules from BASE's tree, not the disk).
struct RuleText {
  std::string name;  // for messages, e.g. "origin/main:ci/rules.yaml"
  std::string text;
};

struct RuleOptions {
  std::vector<std::string> rule_paths;  // --rules, repeatable
  std::vector<RuleText> rule_texts;     // loaded after rule_paths, each like a file of that name
  bool no_default_rules = false;
  std::string config;                   // --config; "" = discover .keysnare.yaml
  bool no_cache = false;
};

struct ScanCommandOptions {
  RuleOptions rules;
  std::string format = "text";
  std::string output;
  bool show_secrets = false;
  unsigned threads = 0;  // 0 = all cores
  std::string max_file_size = "10MiB";
  std::size_t max_findings_per_file = Detector::kDefaultMaxFindings;  // 0 = no limit
  int exit_code = 1;
  std::vector<std::string> excludes;
  std::string baseline;
  // Set by a command that reads the baseline from elsewhere than the file system (git --range reads
  // it from BASE's tree); `baseline` is then only its name in messages.
  std::optional<std::string> baseline_text;
  std::string min_confidence = "low";
  std::string color = "auto";
  bool all_occurrences = false;
  bool verbose = false;
  bool quiet = false;
};

struct LoadedRules {
  DetectionSetup setup;
  std::vector<RuleInfo> infos;
  bool salt_from_config = false;  // the configuration's fingerprint_salt is in setup.fingerprints (cli/salt.h)
};

// Adds --rules/--no-default-rules/--config to a command.
void add_rule_options(CLI::App* cmd, RuleOptions& o);
// Adds the output and scanning options to a command (includes the rule options).
void add_scan_options(CLI::App* cmd, ScanCommandOptions& o);

// A configuration document that does not come from a file (git --range reads BASE's .keysnare.yaml).
struct ConfigText {
  std::string name;  // for messages, e.g. "origin/main:.keysnare.yaml"
  std::string text;
};

// Loads default rules, --rules paths and the configuration (explicit --config, else
// `discovered_config` if that file exists), then compiles filters and the database. When
// `config_text` is given it is the configuration instead, and neither file is read.
Result<LoadedRules> load_rules(const RuleOptions& o, const std::string& discovered_config, Diagnostics& diag,
                               const ConfigText* config_text = nullptr);

// Parses "10MiB", "512K", "2G", "1000" (bytes).
Result<std::uint64_t> parse_size(const std::string& text);

// Validates options (format, size, confidence, color) before any work. Returns false after reporting.
bool check_scan_options(const ScanCommandOptions& o, Diagnostics& diag);

ScanOptions to_scan_options(const ScanCommandOptions& o);

// Baseline, confidence filter, redaction, report, summary; returns the exit status.
int finish_scan(ScanOutcome outcome, const ScanCommandOptions& o, const LoadedRules& rules,
                Diagnostics& diag, bool git, const std::string& what);

// Writes `data` to `path` atomically (temporary file + rename, mode 0600) or to stdout when path is
// empty or "-". On failure reports to diag and leaves no partial file.
bool write_output(const std::string& path, const std::string& data, Diagnostics& diag);

}  // namespace keysnare
