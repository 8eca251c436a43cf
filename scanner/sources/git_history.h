#pragma once
// GitHistorySource: every blob of a repository's history (`keysnare git [REPO]`), each scanned once.
//
//   GitHistorySource src(std::move(*repo), {.unreachable = false, .all_occurrences = false});
//   run_scan(src, setup, options, diag);   // groups findings by secret (oldest occurrence first)
//
// Roots: every ref under refs/ (branches, tags, remote-tracking refs, notes, refs/stash and its
// reflog, i.e. every stash), HEAD (also detached) and each linked worktree's HEAD. Commits are walked
// in a topological order (parents first; among commits ready at the same time, the older committer
// date first); each commit's tree is walked skipping subtrees already seen (each distinct tree is read
// once), so the first commit in which a blob appears is the one that introduced it, and that commit and
// path are its provenance. Each commit's CommitInfo::topo_rank is its position in that order, which
// the pipeline orders a secret's occurrences by: an ancestor is always older than its descendants,
// whatever their dates say (a rebase, a cherry-pick, a skewed clock). Every commit's message (and
// every annotated tag's) is an Item of its own, path kCommitMessagePath ("refs/tags/T:<tag-message>"
// for tags), scanned as text. One Item per distinct blob; with all_occurrences,
// Item::also lists every other (commit, path) that introduced the same blob (then trees are compared
// with the parents' instead, which finds copies at other paths too). Submodule entries are not
// entered; a tag that points at a tree or blob is scanned under the tag's name ("refs/tags/t:path").
// With `unreachable`, objects no ref reaches (dangling commits, trees and blobs, e.g. from an amend
// or `git add` of a file never committed) are scanned too: found by enumerating the object database.
// A shallow clone is scanned as far as it goes, with a warning that history is incomplete. In a partial
// clone the blobs (and trees) its filter left out are counted and reported in one error saying how to
// fetch them. Trees are walked with an explicit stack (any depth). Blobs skipped although git shows
// them as text (text_skips()) are recorded by the readers for the summary.
// Memory holds object-id bookkeeping (seen trees, one Item per blob and per commit), not contents.
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
  std::unique_ptr<Reader> reader() override { return std::make_unique<GitBlobReader>(repo_.location(), skips_); }
  bool groups_by_secret() const override { return true; }
  // After the scan: blobs skipped (too large, or binary by a NUL git does not see) that git shows as text.
  std::vector<TextSkip> text_skips() { return skips_->take(); }

 private:
  GitRepo repo_;
  GitHistoryOptions opts_;
  std::shared_ptr<TextSkipLog> skips_ = std::make_shared<TextSkipLog>();
};

}  // namespace keysnare
