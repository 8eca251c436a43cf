#include "cli/common.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>

#include "base/parallel.h"
#include "base/text.h"
#include "pipeline/baseline.h"
#include "pipeline/fingerprint.h"
#include "report/redact.h"
#include "ruleset/default_rules.h"
#include "ruleset/loader.h"

namespace keysnare {
namespace {

// Writes everything; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view data) {
  std::size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    off += static_cast<std::size_t>(n);
  }
  return 0;
}

bool is_default_rule(const Rule& r) {
  static const std::set<std::pair<std::string, std::string>> defaults = [] {
    std::set<std::pair<std::string, std::string>> s;
    for (auto& d : default_rules_fast()) s.emplace(d.id, d.regex);
    return s;
  }();
  return defaults.count({r.id, r.regex}) > 0;
}

}  // namespace

void add_rule_options(CLI::App* cmd, RuleOptions& o) {
  cmd->add_option("--rules", o.rule_paths,
                  "Add rules from a YAML file or a folder of them (repeatable); a rule with the id of a "
                  "built-in replaces it")
      ->allow_extra_args(false);  // one value per --rules: `dir --rules R PATH` scans PATH
  cmd->add_flag("--no-default-rules", o.no_default_rules, "Leave the built-in rules out");
  cmd->add_option("--config", o.config,
                  "Configuration file (allowlists, extra rules, disabled rules); default: "
                  ".keysnare.yaml at the scanned root if present");
  cmd->add_flag("--no-cache", o.no_cache, "Compile the rules even if a compiled copy is cached");
}

void add_scan_options(CLI::App* cmd, ScanCommandOptions& o) {
  add_rule_options(cmd, o.rules);
  cmd->add_option("-f,--format", o.format, "Report format: text, json, jsonl, sarif, csv")
      ->capture_default_str();
  cmd->add_option("-o,--output", o.output, "Write the report to FILE (created with mode 0600)");
  cmd->add_flag("--show-secrets", o.show_secrets, "Show secrets in clear (redacted by default)");
  cmd->add_option("-j,--threads", o.threads, "Worker threads (default: all cores)");
  cmd->add_option("--max-file-size", o.max_file_size, "Skip blobs larger than this (e.g. 10MiB, 512K)")
      ->capture_default_str();
  cmd->add_option("--max-findings-per-file", o.max_findings_per_file,
                  "Report at most N findings per file; further ones are counted in the summary (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--exit-code", o.exit_code, "Exit status when secrets are found")->capture_default_str();
  cmd->add_option("--exclude", o.excludes, "Skip paths matching GLOB (repeatable)")->allow_extra_args(false);
  cmd->add_option("--baseline", o.baseline,
                  "Do not report findings whose fingerprint is in this earlier JSON/JSONL/SARIF report");
  cmd->add_option("--min-confidence", o.min_confidence, "Report only findings at or above: low, medium, high")
      ->capture_default_str();
  cmd->add_option("--color", o.color, "Colour the text report: auto, always, never")->capture_default_str();
  cmd->add_flag("-v,--verbose", o.verbose, "List skipped files and filter statistics");
  cmd->add_flag("-q,--quiet", o.quiet, "No summary line on stderr");
}

Result<std::uint64_t> parse_size(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == 0) return Error{"invalid size '" + text + "' (examples: 10MiB, 512K, 1000)"};
  std::uint64_t n = 0;
  try {
    n = std::stoull(text.substr(0, i));
  } catch (const std::exception&) {
    return Error{"invalid size '" + text + "'"};
  }
  const std::string unit = ascii_lower(text.substr(i));
  std::uint64_t mul = 1;
  if (unit.empty() || unit == "b") mul = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") mul = 1ull << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib") mul = 1ull << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib") mul = 1ull << 30;
  else return Error{"invalid size unit in '" + text + "' (use K, M or G)"};
  return n * mul;
}

bool check_scan_options(const ScanCommandOptions& o, Diagnostics& diag) {
  bool ok = true;
  if (!parse_format(o.format)) {
    diag.error("--format: unknown format '" + o.format + "' (text, json, jsonl, sarif, csv)");
    ok = false;
  }
  if (auto s = parse_size(o.max_file_size); !s) {
    diag.error("--max-file-size: " + s.error());
    ok = false;
  }
  if (o.min_confidence != "low" && o.min_confidence != "medium" && o.min_confidence != "high") {
    diag.error("--min-confidence: must be low, medium or high");
    ok = false;
  }
  if (o.color != "auto" && o.color != "always" && o.color != "never") {
    diag.error("--color: must be auto, always or never");
    ok = false;
  }
  return ok;
}

ScanOptions to_scan_options(const ScanCommandOptions& o) {
  ScanOptions s;
  s.threads = o.threads == 0 ? default_thread_count() : o.threads;
  s.max_file_size = *parse_size(o.max_file_size);
  s.all_occurrences = o.all_occurrences;
  s.max_findings_per_blob = o.max_findings_per_file;
  s.progress = !o.quiet && ::isatty(STDERR_FILENO);
  return s;
}

Result<LoadedRules> load_rules(const RuleOptions& o, const std::string& discovered_config, Diagnostics& diag,
                               const ConfigText* config_text) {
  RuleSet set;
  if (!o.no_default_rules) set.rules = default_rules_fast();
  for (const auto& p : o.rule_paths) {
    auto r = load_rule_path(p);
    if (!r) return Error{r.error()};
    merge_rules(set.rules, std::move(*r));
  }
  for (const auto& t : o.rule_texts) {
    auto r = parse_rules(t.text, t.name);
    if (!r) return Error{r.error()};
    merge_rules(set.rules, std::move(*r));
  }
  std::string config = config_text ? "" : o.config;
  if (config_text) {
    if (auto st = parse_config(config_text->text, config_text->name, set); !st) return Error{st.error()};
    if (auto st = apply_disabled(set.rules, set.disabled, config_text->name); !st) return Error{st.error()};
    diag.note("configuration: " + config_text->name);
  } else if (config.empty() && !discovered_config.empty()) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(discovered_config, ec)) config = discovered_config;
  }
  if (!config.empty()) {
    if (auto st = load_config(config, set); !st) return Error{st.error()};
    if (auto st = apply_disabled(set.rules, set.disabled, config); !st) return Error{st.error()};
    diag.note("configuration: " + config);
  }
  if (auto st = validate_rules(set.rules); !st) return Error{st.error()};
  // The built-in rules are checked in both engines at build time (`rules check` in the test suite);
  // a user-supplied rule is checked in RE2 here, as the database alone would accept some it refuses.
  for (const auto& r : set.rules) {
    if (!o.no_default_rules && is_default_rule(r)) continue;
    if (auto st = check_rule_regex(r); !st)
      return Error{r.spot.file + ":" + std::to_string(r.spot.line) + ": rule " + r.id + ": " + st.error()};
  }
  auto filters = Filters::build(set.rules, set.allowlist);
  if (!filters) return Error{filters.error()};
  DatabaseOptions dbo;
  if (!o.no_cache) dbo.cache_dir = default_cache_dir();
  auto db = Database::build(set.rules, dbo);
  if (!db) return Error{db.error()};
  diag.note(std::to_string((*db)->rules().size()) + " rules" +
            ((*db)->loaded_from_cache() ? " (compiled database from cache)" : " (compiled)"));
  LoadedRules out;
  out.setup = {*db, *filters};
  if (!set.fingerprint_salt.empty()) {
    out.setup.fingerprints = std::make_shared<const Fingerprinter>("config:" + set.fingerprint_salt,
                                                                   "fingerprint_salt of the configuration");
    out.salt_from_config = true;
  }
  for (const auto& r : (*db)->rules()) out.infos.push_back({r.id, r.description, r.severity, r.tags, r.confidence});
  return out;
}

bool write_output(const std::string& path, const std::string& data, Diagnostics& diag) {
  if (path.empty() || path == "-") {
    std::size_t off = 0;
    while (off < data.size()) {
      const ssize_t n = ::write(STDOUT_FILENO, data.data() + off, data.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EPIPE) return true;  // the reader left (`| head`): end quietly
        diag.error("standard output: write error: " + std::string(std::strerror(errno)));
        return false;
      }
      off += static_cast<std::size_t>(n);
    }
    return true;
  }
  // An existing device or FIFO (-o /dev/stderr, /dev/full, a named pipe) is written in place: renaming
  // a file over it would replace the device node itself.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) {
      diag.error(path + ": cannot write report: is a directory");
      return false;
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
      diag.error(path + ": cannot open for the report: " + std::strerror(errno));
      return false;
    }
    const int err = write_all(fd, data);
    const int cerr = ::close(fd) != 0 ? errno : 0;
    if (err || cerr) {
      diag.error(path + ": cannot write report: " + std::strerror(err ? err : cerr));
      return false;
    }
    return true;
  }
  // A temporary file beside the target, renamed over it only once complete: a failed write never
  // leaves a partial report that looks finished.
  const std::string tmp = path + ".keysnare-tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    diag.error(path + ": cannot create report: " + std::strerror(errno));
    return false;
  }
  int err = write_all(fd, data);
  if (!err && ::fsync(fd) != 0 && errno != EINVAL) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (!err && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    diag.error(path + ": cannot write report: " + std::strerror(err));
    return false;
  }
  return true;
}

namespace {

int confidence_rank(const std::string& c) { return c == "high" ? 2 : c == "medium" ? 1 : 0; }

bool use_color(const std::string& mode, const std::string& output) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (!output.empty() && output != "-") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDOUT_FILENO);
}

}  // namespace

int finish_scan(ScanOutcome outcome, const ScanCommandOptions& o, const LoadedRules& rules, Diagnostics& diag,
                bool git, const std::string& what) {
  auto& findings = outcome.findings;
  const ScanStats& st = outcome.stats;
  std::size_t stale = 0;
  if (!o.baseline.empty()) {
    // A baseline that does not parse is an error before anything is reported: a report without the
    // suppressions the user asked for would open alerts that were dealt with.
    auto b = o.baseline_text ? Baseline::parse(*o.baseline_text, o.baseline) : Baseline::load(o.baseline);
    if (!b) {
      diag.error(b.error());
      return kExitError;
    }
    stale = b->apply(findings);
  }
  // Allowlisted fingerprints written before v2 (unsalted, 32 hex digits) still apply; the pipeline
  // already dropped the v2 ones.
  if (rules.setup.filters)
    std::erase_if(findings, [&](const Finding& f) {
      return rules.setup.filters->fingerprint_allowed(fingerprint_v1(f.rule_id, f.secret));
    });
  const int min_rank = confidence_rank(o.min_confidence);
  std::erase_if(findings, [&](const Finding& f) { return confidence_rank(f.confidence) < min_rank; });
  // Every secret the filters kept anywhere in the run is hidden wherever it appears, reported or not.
  if (!o.show_secrets) redact(findings, rules.setup.known ? rules.setup.known->view() : std::vector<std::string_view>{});

  ReportInfo info;
  info.tool_version = KEYSNARE_VERSION;
  info.rules = rules.infos;
  if (*parse_format(o.format) == Format::Sarif && findings.size() > kSarifMaxResults)
    diag.warning("SARIF: " + std::to_string(findings.size() - kSarifMaxResults) + " of " +
                 std::to_string(findings.size()) + " results left out (code scanning takes at most " +
                 std::to_string(kSarifMaxResults) + " per run; the JSON report lists them all)");
  info.git = git;
  info.color = use_color(o.color, o.output);
  const std::string doc = render(*parse_format(o.format), findings, info);
  write_output(o.output, doc, diag);

  if (o.verbose) {
    for (const auto& s : st.skipped) diag.note("skipped " + s);
    const auto& d = st.drops;
    std::string line = "dropped candidates:";
    for (std::size_t v = 1; v < d.by_verdict.size(); ++v)
      line += std::string(" ") + verdict_name(static_cast<Verdict>(v)) + "=" + std::to_string(d.by_verdict[v]) + ";";
    line += " overlapped by a more specific rule=" + std::to_string(d.overlapped) + ";";
    line += " outside added lines=" + std::to_string(d.outside_added_lines) + ";";
    line += " over the per-file limit=" + std::to_string(d.over_limit);
    diag.note(line);
  }
  if (!o.quiet) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%llu %s (%s) scanned, %llu skipped, %zu finding%s in %.2f s",
                  static_cast<unsigned long long>(st.items_scanned), what.c_str(),
                  human_bytes(st.bytes_scanned).c_str(), static_cast<unsigned long long>(st.skipped_total()),
                  findings.size(), findings.size() == 1 ? "" : "s", st.seconds);
    std::string line = buf;
    if (st.skipped_total() > 0 && !o.verbose) line += " (-v lists skipped files)";
    if (st.drops.over_limit > 0)
      line += "; " + std::to_string(st.drops.over_limit) + " finding" + (st.drops.over_limit == 1 ? "" : "s") +
              " dropped over the per-file limit";
    if (!o.baseline.empty()) line += "; " + std::to_string(stale) + " stale baseline entr" + (stale == 1 ? "y" : "ies");
    if (diag.errored()) line += "; " + std::to_string(diag.error_count()) + " error(s)";
    std::fprintf(stderr, "keysnare: %s\n", line.c_str());
  }
  if (diag.errored()) return kExitError;
  // Findings dropped over the per-file limit were found all the same.
  return findings.empty() && st.drops.over_limit == 0 ? kExitClean : o.exit_code;
}

}  // namespace keysnare
