#pragma once
// GitRangeSource: what the commits of `git log BASE..HEAD` add (`keysnare git --range BASE..HEAD`,
// `--since REV`): the CI check of a pull request.
//
//   GitRangeSource src(std::move(*repo), base_id, head_id, {.max_file_size = n, .marker = "keysnare:allow"});
//   run_scan(src, ...);            // findings only on lines the range adds, at the commit adding them
//   src.markers();                 // allow markers on added lines, for the summary
//
// Each commit (parents first) is diffed against its first parent (a root commit against the empty
// tree) with rename detection; each changed file is one Item: the new blob, that commit and the new
// path, and the '+' lines as Item::added. A merge commit counts only lines added relative to every
// parent, so a clean merge adds nothing and an evil merge's own lines are still seen. A later commit
// that edits other lines of a file does not re-report the earlier commit's secret.
// A commit whose parent is missing (shallow clone boundary inside the range) is compared with the
// empty tree, with a warning: all its files count as added rather than being passed silently.
// Each commit's message is an Item too (path kCommitMessagePath, every line counts). An added file
// the pipeline will not scan although git shows it as text (over max_file_size, or binary only by a
// NUL byte past git's first 8000 bytes) is an error naming it, a warning with allow_skipped; a
// binary git also calls binary is an ordinary skip. In a partial clone, blobs missing from the clone
// are counted and reported in one error. Resolving BASE and HEAD (and the errors for a shallow
// clone) is the caller's job.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/git_repo.h"

namespace keysnare {

struct GitChangeOptions {
  std::uint64_t max_file_size = 10ull << 20;
  // When not empty, added lines holding this text are recorded (reviewers are shown every bypass).
  std::string marker;
  // Paths never scanned (--exclude, global allowlist).
  std::function<bool(std::string_view)> skip_path;
  // --allow-skipped: an added file that cannot be scanned is a warning, not an error.
  bool allow_skipped = false;
};

// The error (or, with allow_skipped, the warning) for an added file `lines` says is not scanned
// although git shows it as text; nothing for anything else. `commit` may be empty (staged).
void report_skipped_added(const ChangeLines& lines, const std::string& path, const std::string& commit,
                          bool allow_skipped, Diagnostics& diag);

// An inline allow marker on an added line.
struct AddedMarker {
  std::string path;
  std::uint32_t line = 0;
  std::string commit;  // full id; empty for staged changes
};

class GitRangeSource : public Source {
 public:
  GitRangeSource(GitRepo repo, const git_oid& base, const git_oid& head, GitChangeOptions options)
      : repo_(std::move(repo)), base_(base), head_(head), opts_(std::move(options)) {}
  std::vector<Item> plan(Diagnostics& diag) override;
  std::unique_ptr<Reader> reader() override { return std::make_unique<GitBlobReader>(repo_.location()); }

  const std::vector<AddedMarker>& markers() const { return markers_; }
  std::size_t commit_count() const { return commits_; }

 private:
  GitRepo repo_;
  git_oid base_, head_;
  GitChangeOptions opts_;
  std::vector<AddedMarker> markers_;
  std::size_t commits_ = 0;
};

}  // namespace keysnare
