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

// Where a path given on the command line lies with respect to the work tree, worked out without
// following any link inside the work tree: in range mode the reviewed commits control those, and a
// link (`.github -> tests/fixtures`) would let them choose which of BASE's files is read.
struct WorkTreePath {
  enum Where { kOutside, kInside, kThroughLink } where = kOutside;
  std::string rel;  // kInside: relative to the work-tree root, '/'-separated, lexically normalized
};

WorkTreePath locate_in_work_tree(const std::string& workdir, const std::string& path) {
  namespace fs = std::filesystem;
  if (workdir.empty()) return {};
  std::error_code ec;
  const fs::path wd_real = fs::canonical(workdir, ec);
  if (ec) return {};
  fs::path abs = fs::path(path);
  if (abs.is_relative()) abs = fs::current_path(ec) / abs;  // getcwd: already free of links
  abs = abs.lexically_normal();
  // The first prefix that is the work tree (reached from outside it: links up to there are not the
  // reviewed commits'); the rest is taken as written.
  fs::path prefix;
  for (auto it = abs.begin(); it != abs.end(); ++it) {
    prefix /= *it;
    const fs::path real = fs::canonical(prefix, ec);
    if (ec || real != wd_real) continue;
    fs::path rest;
    for (auto r = std::next(it); r != abs.end(); ++r) rest /= *r;
    const std::string rel = rest.generic_string();
    if (rel.empty() || rel == ".") return {};
    return {WorkTreePath::kInside, rel};
  }
  // Outside as written; but if links outside the work tree lead into it, the path cannot be read
  // without following links the reviewed commits may control.
  const fs::path real = fs::weakly_canonical(abs, ec);
  if (!ec) {
    const fs::path rel = real.lexically_relative(wd_real);
    if (!rel.empty() && rel.native().rfind("..", 0) != 0) return {WorkTreePath::kThroughLink, ""};
  }
  return {};
}

// An entry of a commit's tree at `rel`, found without following symbolic links: BASE's links may point
// into the work tree, which the reviewed commits control. Missing: nullopt.
struct TreeEntry {
  git_oid id;
  git_filemode_t mode;
};
Result<std::optional<TreeEntry>> entry_in_commit(GitRepo& repo, const git_oid& commit_id, const std::string& rel,
                                                 const std::string& shown) {
  git_commit* craw = nullptr;
  if (git_commit_lookup(&craw, repo.get(), &commit_id) < 0)
    return Error{shown + ": cannot read commit " + oid_hex(commit_id) + ": " + git_error_text()};
  GitCommitPtr commit(craw);
  git_tree* traw = nullptr;
  if (git_commit_tree(&traw, commit.get()) < 0)
    return Error{shown + ": cannot read the tree of " + oid_hex(commit_id) + ": " + git_error_text()};
  GitTreePtr tree(traw);
  std::size_t pos = 0;
  std::string walked;
  while (true) {
    const std::size_t slash = rel.find('/', pos);
    const std::string name = rel.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    walked += (walked.empty() ? "" : "/") + name;
    const git_tree_entry* e = git_tree_entry_byname(tree.get(), name.c_str());
    if (!e) return std::optional<TreeEntry>();
    const git_filemode_t mode = git_tree_entry_filemode(e);
    if (mode == GIT_FILEMODE_LINK)
      return Error{shown + ": " + printable(walked) + " is a symbolic link there; it is not followed (name the file it points to)"};
    if (slash == std::string::npos) return std::optional<TreeEntry>(TreeEntry{*git_tree_entry_id(e), mode});
    if (mode != GIT_FILEMODE_TREE) return std::optional<TreeEntry>();
    git_tree* sraw = nullptr;
    if (git_tree_lookup(&sraw, repo.get(), git_tree_entry_id(e)) < 0)
      return Error{shown + ": cannot read tree " + printable(walked) + ": " + git_error_text()};
    tree.reset(sraw);
    pos = slash + 1;
  }
}

Result<std::string> blob_text(GitRepo& repo, const git_oid& id, const std::string& shown) {
  git_blob* braw = nullptr;
  if (git_blob_lookup(&braw, repo.get(), &id) < 0) return Error{shown + ": cannot read: " + git_error_text()};
  GitBlobPtr blob(braw);
  return std::string(static_cast<const char*>(git_blob_rawcontent(blob.get())),
                     static_cast<std::size_t>(git_blob_rawsize(blob.get())));
}

// The file at `rel` in commit `id`; nullopt if there is none. An error if it is a link, a directory or
// unreadable: a configuration that cannot be read is never taken for an absent one.
Result<std::optional<std::string>> file_in_commit(GitRepo& repo, const git_oid& id, const std::string& rel,
                                                  const std::string& shown) {
  auto e = entry_in_commit(repo, id, rel, shown);
  if (!e) return Error{e.error()};
  if (!*e) return std::optional<std::string>();
  if (!is_file_mode((*e)->mode)) return Error{shown + ": not a file"};
  auto text = blob_text(repo, (*e)->id, shown);
  if (!text) return Error{text.error()};
  return std::optional<std::string>(std::move(*text));
}

// --rules PATH in commit `id`: a file, or a directory's *.yaml / *.yml files in name order (as
// load_rule_path reads the disk). nullopt if there is no such path.
Result<std::optional<std::vector<RuleText>>> rules_in_commit(GitRepo& repo, const git_oid& id, const std::string& rel,
                                                             const std::string& shown) {
  auto e = entry_in_commit(repo, id, rel, shown);
  if (!e) return Error{e.error()};
  if (!*e) return std::optional<std::vector<RuleText>>();
  std::vector<RuleText> out;
  if ((*e)->mode != GIT_FILEMODE_TREE) {
    auto text = blob_text(repo, (*e)->id, shown);
    if (!text) return Error{text.error()};
    out.push_back({shown, std::move(*text)});
    return std::optional<std::vector<RuleText>>(std::move(out));
  }
  git_tree* traw = nullptr;
  if (git_tree_lookup(&traw, repo.get(), &(*e)->id) < 0) return Error{shown + ": cannot read: " + git_error_text()};
  GitTreePtr tree(traw);
  for (std::size_t i = 0; i < git_tree_entrycount(tree.get()); ++i) {  // tree order is name order for files
    const git_tree_entry* te = git_tree_entry_byindex(tree.get(), i);
    const std::string name = git_tree_entry_name(te);
    if (!name.ends_with(".yaml") && !name.ends_with(".yml")) continue;
    const std::string file = shown + "/" + name;
    const git_filemode_t mode = git_tree_entry_filemode(te);
    if (mode == GIT_FILEMODE_TREE) continue;
    if (mode == GIT_FILEMODE_LINK)
      return Error{printable(file) + ": a symbolic link there; it is not followed (name the file it points to)"};
    auto text = blob_text(repo, *git_tree_entry_id(te), file);
    if (!text) return Error{text.error()};
    out.push_back({file, std::move(*text)});
  }
  return std::optional<std::vector<RuleText>>(std::move(out));
}

struct GitOpts {
  ScanCommandOptions scan;
  std::string repo;
  std::string range;
  std::string since;
  bool unreachable = false;
  bool trust_head_config = false;
  bool allow_skipped = false;
};

// Blobs the history audit skipped although git shows them as text: named, not only counted (-v),
// since a reviewer reading the file in git sees what keysnare did not scan.
void report_text_skips(const std::vector<TextSkip>& skips, Diagnostics& diag) {
  if (skips.empty()) return;
  constexpr std::size_t kShown = 10;
  std::string line = std::to_string(skips.size()) + " file" + (skips.size() == 1 ? "" : "s") +
                     " that git shows as text " + (skips.size() == 1 ? "was" : "were") + " not scanned:";
  for (std::size_t i = 0; i < skips.size() && i < kShown; ++i)
    line += (i ? "; " : " ") + printable(skips[i].path) + " (" + skips[i].reason + ")";
  if (skips.size() > kShown) line += "; and " + std::to_string(skips.size() - kShown) + " more (-v lists every skipped file)";
  diag.warning(line);
}

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
  report_text_skips(source.text_skips(), diag);
  // Blobs, and the messages of commits and tags.
  return finish_scan(std::move(r), o.scan, *rules, diag, true, "objects");
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

  // Everything that configures the scan comes from BASE's tree unless --trust-head-config: the
  // configuration (.keysnare.yaml or --config), --rules and --baseline. A path inside the work tree is
  // read from BASE's tree objects at that path (worked out without following links, and no link in
  // BASE's tree is followed either); a path outside the work tree is the CI's own file, read from the
  // disk; a path that reaches the work tree only through a link is refused.
  ConfigText config_text;
  bool use_config_text = false;
  RuleOptions ro = o.scan.rules;
  const std::string wd = repo.workdir();
  if (!o.trust_head_config) {
    bool failed = false;
    auto place = [&](const std::string& option, const std::string& path) {
      WorkTreePath w = locate_in_work_tree(wd, path);
      if (w.where == WorkTreePath::kThroughLink) {
        diag.error(option + " " + path +
                   ": leads into the work tree through a symbolic link; in range mode it is read from " + base_spec +
                   "'s tree, so give its path inside the work tree (or --trust-head-config)");
        failed = true;
      }
      return w;
    };
    auto untrusted = [&](const std::string& option, const std::string& path) {
      diag.warning(option + " " + path + ": not in " + base_spec + "; not used (a file added by the reviewed commits " +
                   "is not trusted; --trust-head-config uses the work tree's)");
    };
    std::string rel = ".keysnare.yaml";
    bool config_from_base = true;
    if (!o.scan.rules.config.empty()) {
      const WorkTreePath w = place("--config", o.scan.rules.config);
      config_from_base = w.where == WorkTreePath::kInside;
      rel = w.rel;
    }
    if (config_from_base) {
      use_config_text = true;  // even when BASE has none: the work tree's copy is not trusted
      const std::string name = base_spec + ":" + rel;
      auto text = file_in_commit(repo, *base, rel, name);
      if (!text) {
        diag.error(text.error());
        failed = true;
      } else if (*text) {
        config_text = {name, std::move(**text)};
      } else {
        if (!o.scan.rules.config.empty()) untrusted("--config", o.scan.rules.config);
        config_text = {name + " (absent)", ""};
      }
    }
    ro.rule_paths.clear();
    for (const auto& p : o.scan.rules.rule_paths) {
      const WorkTreePath w = place("--rules", p);
      if (w.where != WorkTreePath::kInside) {
        if (w.where == WorkTreePath::kOutside) ro.rule_paths.push_back(p);
        continue;
      }
      auto texts = rules_in_commit(repo, *base, w.rel, base_spec + ":" + w.rel);
      if (!texts) {
        diag.error(texts.error());
        failed = true;
      } else if (!*texts) {
        untrusted("--rules", p);
      } else {
        for (auto& t : **texts) ro.rule_texts.push_back(std::move(t));
      }
    }
    if (!o.scan.baseline.empty()) {
      const WorkTreePath w = place("--baseline", o.scan.baseline);
      if (w.where == WorkTreePath::kInside) {
        const std::string name = base_spec + ":" + w.rel;
        auto text = file_in_commit(repo, *base, w.rel, name);
        if (!text) {
          diag.error(text.error());
          failed = true;
        } else if (*text) {
          o.scan.baseline_text = std::move(**text);
        } else {
          untrusted("--baseline", o.scan.baseline);
          o.scan.baseline_text = std::string();
        }
        o.scan.baseline = name;
      }
    }
    if (failed) return kExitError;
  }
  auto rules = [&] {
    if (!use_config_text) return load_rules(ro, wd.empty() ? "" : wd + ".keysnare.yaml", diag);
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
  co.allow_skipped = o.allow_skipped;
  GitRangeSource source(std::move(repo), *base, *head, std::move(co));
  ScanOutcome r = run_scan(source, rules->setup, to_scan_options(o.scan), diag);
  diag.note(std::to_string(source.commit_count()) + " commit(s) in " + base_spec + ".." + head_spec);
  // Changed files and commit messages.
  const int status = finish_scan(std::move(r), o.scan, *rules, diag, true, "objects");
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
                  "With --range/--since: use the work tree's configuration, rules and baseline, not BASE's");
    cmd->add_flag("--allow-skipped", o->allow_skipped,
                  "With --range/--since: an added file that cannot be scanned although git shows it as text "
                  "(over --max-file-size, a late NUL byte) is a warning, not an error (exit 2)");
    add_scan_options(cmd, o->scan);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     diag.set_verbose(o->scan.verbose);
                     if (!check_scan_options(o->scan, diag)) return kExitError;
                     const bool ranged = !o->range.empty() || !o->since.empty();
                     if (ranged && o->unreachable) {
                       diag.error("--unreachable scans whole histories; it does not combine with --range/--since");
                       return kExitError;
                     }
                     if (!ranged && (o->allow_skipped || o->trust_head_config)) {
                       diag.error(std::string(o->allow_skipped ? "--allow-skipped" : "--trust-head-config") +
                                  " applies to --range/--since only");
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
      bool allow_skipped = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand(
        "staged", "Scan what the next commit adds: the index against HEAD (the pre-commit check)");
    cmd->add_option("--repo", o->repo, "Repository (default: the one containing the current directory)");
    cmd->add_flag("--allow-skipped", o->allow_skipped,
                  "A staged file that cannot be scanned although git shows it as text (over --max-file-size, "
                  "a late NUL byte) is a warning, not an error (exit 2)");
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
                     co.allow_skipped = o->allow_skipped;
                     GitStagedSource source(std::move(*repo), std::move(co));
                     ScanOutcome r = run_scan(source, rules->setup, so, diag);
                     return finish_scan(std::move(r), o->scan, *rules, diag, false, "files");
                   }});
  }
}

}  // namespace keysnare
