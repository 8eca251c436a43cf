#pragma once
// GitHistorySource: every blob of a repository's history (`keysnare git [REPO]`), each scanned once.
//
//   GitHistorySource src(std::move(*repo), {.unreachable = false, .all_occurrences = false});
//   run_scan(src, setup, options, diag);   // groups findings by secret (oldest occurrence first)
//
// Roots: every ref under refs/ (branches, tags, remote-tracking refs, notes, refs/stash and its
// reflog, i.e. every stash), HEAD (also detached) and each linked worktree's HEAD. Commits are walked
// parents first, oldest first; each commit's tree is walked skipping subtrees already seen (each
// distinct tree is read once), so the first commit in which a blob appears is the one that introduced
// it, and that commit and path are its provenance. One Item per distinct blob; with all_occurrences,
// Item::also lists every other (commit, path) that introduced the same blob (then trees are compared
// with the parents' instead, which finds copies at other paths too). Submodule entries are not
// entered; a tag that points at a tree or blob is scanned under the tag's name ("refs/tags/t:path").
// With `unreachable`, objects no ref reaches (dangling commits, trees and blobs, e.g. from an amend
// or `git add` of a file never committed) are scanned too: found by enumerating the object database.
// A shallow clone is scanned as far as it goes, with a warning that history is incomplete.
// Memory holds object-id bookkeeping (seen trees, one Item per blob), not contents.
#include <functional>
#include <string>
#include <string_view>

#include "sources/git_repo.h"

namespace keysnare {

struct GitHistoryOptions {
  bool unreachable = false;
  bool all_occurrences = false;
  // Paths never scanned (--exclude, global allowlist): a blob is attributed to its first place that
  // is not skipped. A skipped directory is not entered.
  std::function<bool(std::string_view)> skip_path;
};

class GitHistorySource : public Source {
 public:
  GitHistorySource(GitRepo repo, GitHistoryOptions options) : repo_(std::move(repo)), opts_(std::move(options)) {}
  std::vector<Item> plan(Diagnostics& diag) override;
  std::unique_ptr<Reader> reader() override { return std::make_unique<GitBlobReader>(repo_.location()); }
  bool groups_by_secret() const override { return true; }

 private:
  GitRepo repo_;
  GitHistoryOptions opts_;
};

}  // namespace keysnare
