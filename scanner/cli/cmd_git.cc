// `keysnare git` (history audit, or a commit range with --range/--since) and `keysnare staged`
// (the pre-commit check of the index).
//
// Configuration in range mode comes from BASE, not from the commits under review: a pull request
// cannot allowlist or baseline the secret it adds. `--trust-head-config` opts out.
#include <filesystem>
#include <memory>

#include "base/glob.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/salt.h"
#include "filters/filters.h"
#include "sources/git_history.h"
#include "sources/git_range.h"
#include "sources/git_repo.h"
#include "sources/git_staged.h"

namespace keysnare {
namespace {

// Paths a git source never scans: --exclude globs and the configuration's global path allowlist.
// (The pipeline checks the allowlist too; doing it in the source lets a history blob be attributed to
// its first place that is not allowlisted.)
std::function<bool(std::string_view)> skip_paths(const std::vector<std::string>& excludes,
                                                 std::shared_ptr<const Filters> filters) {
  return [excludes, filters](std::string_view path) {
    for (const auto& g : excludes)
      if (path_glob_match(g, path)) return true;
    return filters && filters->path_allowed(path);
  };
}

// A commit named by a revision ("main", "HEAD~3", an id), or an error naming it.
Result<git_oid> resolve_commit(GitRepo& repo, const std::string& spec) {
  git_object* raw = nullptr;
  if (git_revparse_single(&raw, repo.get(), spec.c_str()) < 0) return Error{git_error_text()};
  GitObjectPtr obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) < 0) return Error{"not a commit"};
  GitObjectPtr commit(peeled);
  return *git_object_id(commit.get());
}

// The content of `rel` (a path relative to the work-tree root) in commit `id`'s tree; nullopt if the
// commit has no such file.
std::optional<std::string> file_in_commit(GitRepo& repo, const git_oid& id, const std::string& rel) {
  git_commit* craw = nullptr;
  if (git_commit_lookup(&craw, repo.get(), &id) < 0) return std::nullopt;
  GitCommitPtr commit(craw);
  git_tree* traw = nullptr;
  if (git_commit_tree(&traw, commit.get()) < 0) return std::nullopt;
  GitTreePtr tree(traw);
  git_tree_entry* eraw = nullptr;
  if (git_tree_entry_bypath(&eraw, tree.get(), rel.c_str()) < 0) return std::nullopt;
  GitTreeEntryPtr entry(eraw);
  if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) return std::nullopt;
  git_blob* braw = nullptr;
  if (git_blob_lookup(&braw, repo.get(), git_tree_entry_id(entry.get())) < 0) return std::nullopt;
  GitBlobPtr blob(braw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// `path` relative to the work tree ('/'-separated) when it lies inside it, else nullopt.
std::optional<std::string> inside_work_tree(const std::string& workdir, const std::string& path) {
  if (workdir.empty()) return std::nullopt;
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path wd = fs::weakly_canonical(fs::absolute(workdir, ec), ec);
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return std::nullopt;
  const fs::path rel = p.lexically_relative(wd);
  const std::string r = rel.generic_string();
  if (r.empty() || r == "." || r.rfind("..", 0) == 0) return std::nullopt;
  return r;
}

struct GitOpts {
  ScanCommandOptions scan;
  std::string repo;
  std::string range;
  std::string since;
  bool unreachable = false;
  bool trust_head_config = false;
};

int run_history(GitOpts& o, GitRepo repo, Diagnostics& diag) {
  const std::string wd = repo.workdir();
  auto rules = load_rules(o.scan.rules, wd.empty() ? "" : wd + ".keysnare.yaml", diag);
  if (!rules) {
    diag.error(rules.error());
    return kExitError;
  }
  use_repository_salt(*rules, repo, nullptr, diag);
  GitHistoryOptions ho;
  ho.unreachable = o.unreachable;
  ho.all_occurrences = o.scan.all_occurrences;
  ho.skip_path = skip_paths(o.scan.excludes, rules->setup.filters);
  GitHistorySource source(std::move(repo), std::move(ho));
  ScanOutcome r = run_scan(source, rules->setup, to_scan_options(o.scan), diag);
  return finish_scan(std::move(r), o.scan, *rules, diag, true, "blobs");
}

int run_range(GitOpts& o, GitRepo repo, Diagnostics& diag) {
  std::string base_spec, head_spec = "HEAD";
  if (!o.since.empty()) {
    base_spec = o.since;
  } else {
    if (o.range.find("...") != std::string::npos) {
      diag.error("--range " + o.range + ": use BASE..HEAD (two dots: the commits HEAD has and BASE has not)");
      return kExitError;
    }
    const std::size_t dots = o.range.find("..");
    if (dots == std::string::npos || dots == 0) {
      diag.error("--range " + o.range + ": expected BASE..HEAD (e.g. origin/main..HEAD)");
      return kExitError;
    }
    base_spec = o.range.substr(0, dots);
    if (dots + 2 < o.range.size()) head_spec = o.range.substr(dots + 2);
  }
  auto head = resolve_commit(repo, head_spec);
  if (!head) {
    diag.error(head_spec + ": unknown revision (" + head.error() + ")");
    return kExitError;
  }
  auto base = resolve_commit(repo, base_spec);
  if (!base) {
    // Never a silent green pass: a CI checkout without the base commit must fail loudly.
    if (repo.shallow())
      diag.error(base_spec +
                 ": not in this shallow clone; fetch more history (e.g. actions/checkout with fetch-depth: 0, "
                 "or git fetch --unshallow)");
    else
      diag.error(base_spec + ": unknown revision (" + base.error() + ")");
    return kExitError;
  }

  // Configuration and baseline from BASE unless told to trust the reviewed commits.
  ConfigText config_text;
  bool use_config_text = false;
  if (!o.trust_head_config) {
    const std::string wd = repo.workdir();
    std::string rel = ".keysnare.yaml";
    bool from_base = true;
    if (!o.scan.rules.config.empty()) {
      auto in = inside_work_tree(wd, o.scan.rules.config);
      from_base = in.has_value();
      if (in) rel = *in;
    }
    if (from_base) {
      use_config_text = true;  // even when BASE has none: the work tree's copy is not trusted
      if (auto text = file_in_commit(repo, *base, rel)) {
        config_text = {base_spec + ":" + rel, std::move(*text)};
      } else {
        if (!o.scan.rules.config.empty())
          diag.warning("--config " + o.scan.rules.config + ": not in " + base_spec +
                       "; not used (a configuration added by the reviewed commits is not trusted; "
                       "--trust-head-config uses the work tree's)");
        config_text = {base_spec + ":" + rel + " (absent)", ""};
      }
    }
    if (!o.scan.baseline.empty()) {
      if (auto in = inside_work_tree(wd, o.scan.baseline)) {
        if (auto text = file_in_commit(repo, *base, *in)) {
          o.scan.baseline_text = std::move(*text);
        } else {
          diag.warning("--baseline " + o.scan.baseline + ": not in " + base_spec +
                       "; not used (a baseline added by the reviewed commits is not trusted; --trust-head-config "
                       "uses the work tree's)");
          o.scan.baseline_text = std::string();
        }
        o.scan.baseline = base_spec + ":" + *in;
      }
    }
  }
  auto rules = [&] {
    if (!use_config_text) {
      const std::string wd = repo.workdir();
      return load_rules(o.scan.rules, wd.empty() ? "" : wd + ".keysnare.yaml", diag);
    }
    RuleOptions ro = o.scan.rules;
    ro.config.clear();
    return load_rules(ro, "", diag, config_text.text.empty() ? nullptr : &config_text);
  }();
  if (!rules) {
    diag.error(rules.error());
    return kExitError;
  }
  use_repository_salt(*rules, repo, &*base, diag);  // BASE's, like the configuration
  GitChangeOptions co;
  co.max_file_size = to_scan_options(o.scan).max_file_size;
  co.marker = std::string(kInlineAllowMarker);
  co.skip_path = skip_paths(o.scan.excludes, rules->setup.filters);
  GitRangeSource source(std::move(repo), *base, *head, std::move(co));
  ScanOutcome r = run_scan(source, rules->setup, to_scan_options(o.scan), diag);
  diag.note(std::to_string(source.commit_count()) + " commit(s) in " + base_spec + ".." + head_spec);
  const int status = finish_scan(std::move(r), o.scan, *rules, diag, true, "files");
  // Every inline bypass the range adds is listed, so a reviewer sees it next to the result.
  const auto& markers = source.markers();
  if (!markers.empty()) {
    std::string line = std::to_string(markers.size()) + " " + std::string(kInlineAllowMarker) + " marker" +
                       (markers.size() == 1 ? "" : "s") + " added in the range:";
    for (std::size_t i = 0; i < markers.size(); ++i) {
      line += (i ? ", " : " ") + printable(markers[i].path) + ":" + std::to_string(markers[i].line) + " (commit " +
              markers[i].commit.substr(0, 7) + ")";
    }
    std::fprintf(stderr, "keysnare: %s\n", line.c_str());
  }
  return status;
}

}  // namespace

void add_git_commands(CLI::App& app, std::vector<Command>& out) {
  {
    auto o = std::make_shared<GitOpts>();
    CLI::App* cmd = app.add_subcommand(
        "git", "Scan a git repository's history (every blob of every ref), or the commits of a range");
    cmd->add_option("repo", o->repo, "Repository: a work tree, bare repository or linked worktree (default: .)");
    auto* range = cmd->add_option("--range", o->range,
                                  "Scan only what the commits BASE..HEAD add (a pull request's check); "
                                  "configuration and baseline come from BASE");
    auto* since = cmd->add_option("--since", o->since, "Same as --range REV..HEAD");
    range->excludes(since);
    cmd->add_flag("--unreachable", o->unreachable,
                  "Also scan objects no ref reaches (dangling commits and blobs, e.g. from an amend)");
    cmd->add_flag("--all-occurrences", o->scan.all_occurrences,
                  "List every commit and path where each secret appears, not only the oldest");
    cmd->add_flag("--trust-head-config", o->trust_head_config,
                  "With --range/--since: use the work tree's configuration and baseline, not BASE's");
    add_scan_options(cmd, o->scan);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     diag.set_verbose(o->scan.verbose);
                     if (!check_scan_options(o->scan, diag)) return kExitError;
                     const bool ranged = !o->range.empty() || !o->since.empty();
                     if (ranged && o->unreachable) {
                       diag.error("--unreachable scans whole histories; it does not combine with --range/--since");
                       return kExitError;
                     }
                     // Without REPO, git's environment applies (GIT_DIR in a server-side hook).
                     auto repo = GitRepo::open({o->repo, o->repo.empty()});
                     if (!repo) {
                       diag.error(repo.error());
                       return kExitError;
                     }
                     return ranged ? run_range(*o, std::move(*repo), diag) : run_history(*o, std::move(*repo), diag);
                   }});
  }
  {
    struct Opts {
      ScanCommandOptions scan;
      std::string repo;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "staged", "Scan what the next commit adds: the index against HEAD (the pre-commit check)");
    cmd->add_option("--repo", o->repo, "Repository (default: the one containing the current directory)");
    add_scan_options(cmd, o->scan);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     diag.set_verbose(o->scan.verbose);
                     if (!check_scan_options(o->scan, diag)) return kExitError;
                     // From the environment: a hook's GIT_INDEX_FILE names the index being committed.
                     auto repo = GitRepo::open({o->repo, true});
                     if (!repo) {
                       diag.error(repo.error());
                       return kExitError;
                     }
                     const std::string wd = repo->workdir();
                     auto rules = load_rules(o->scan.rules, wd.empty() ? "" : wd + ".keysnare.yaml", diag);
                     if (!rules) {
                       diag.error(rules.error());
                       return kExitError;
                     }
                     use_repository_salt(*rules, *repo, nullptr, diag);
                     ScanOptions so = to_scan_options(o->scan);
                     so.progress = false;
                     GitChangeOptions co;
                     co.max_file_size = so.max_file_size;
                     co.skip_path = skip_paths(o->scan.excludes, rules->setup.filters);
                     GitStagedSource source(std::move(*repo), std::move(co));
                     ScanOutcome r = run_scan(source, rules->setup, so, diag);
                     return finish_scan(std::move(r), o->scan, *rules, diag, false, "files");
                   }});
  }
}

}  // namespace keysnare
