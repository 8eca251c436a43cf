#pragma once
// GitStagedSource: what the next commit adds (`keysnare staged`, the pre-commit hook's job).
//
//   auto repo = GitRepo::open({dir, /*from_env=*/true});   // a hook's GIT_INDEX_FILE is honoured
//   GitStagedSource src(std::move(*repo), {.max_file_size = n});
//   run_scan(src, ...);   // findings only on lines the index adds to HEAD
//
// Exactly the index, never the work tree: HEAD's tree (the empty tree on an unborn branch) is diffed
// against the index with rename and copy detection, comparing object ids only, so the cost follows
// the size of the change, not of the work tree (no status scan, no stat of every file). Each added,
// modified, renamed or copied file is one Item: the staged blob, its path, and the '+' lines as
// Item::added, so a secret HEAD already holds in a touched file does not block the commit. Deletions
// add nothing; submodules are not entered; binary blobs are left to the pipeline's sniffing. A blob
// that cannot be scanned although git shows it as text (over max_file_size, or binary only by a NUL
// byte past git's first 8000 bytes) is an error naming it, a warning with allow_skipped (a pre-commit
// user must know what was not checked). During a merge, conflicted paths are skipped with a warning
// (the commit cannot happen until they are resolved and staged). With `git commit -a` or `git commit
// FILE`, git hands the hook a temporary index in GIT_INDEX_FILE, which is the index read then; a
// relative GIT_INDEX_FILE is relative to the top of the work tree (as git resolves it, wherever it was
// started), and one that does not exist is an error. In a partial clone, HEAD's blobs missing from the
// clone are counted and reported in one error.
#include "sources/git_range.h"
#include "sources/git_repo.h"

namespace keysnare {

class GitStagedSource : public Source {
 public:
  GitStagedSource(GitRepo repo, GitChangeOptions options) : repo_(std::move(repo)), opts_(std::move(options)) {}
  std::vector<Item> plan(Diagnostics& diag) override;
  std::unique_ptr<Reader> reader() override { return std::make_unique<GitBlobReader>(repo_.location()); }

 private:
  GitRepo repo_;
  GitChangeOptions opts_;
};

}  // namespace keysnare
