#pragma once
// GitCommitGraph: the commits a git source walks, loaded on demand, in the order the sources need
// (parents before children, older first). It replaces git_revwalk because libgit2 1.5 does not know
// shallow clones: its walk fails at the first missing parent. Here a parent that is not in the object
// database is left out (the shallow boundary) and the commit is marked `cut`.
//
//   GitCommitGraph g(repo.get());
//   g.add_reachable(tips, diag);                 // history: everything reachable from the refs
//   for (auto i : g.oldest_first(g.all())) ...   // g.at(i).tree, g.at(i).id
//
//   auto sel = g.range(base, head, diag);        // `git log base..head`, then g.oldest_first(*sel)
//
// Not thread-safe (it reads through the repository it was given).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.h"
#include "sources/git_repo.h"

namespace keysnare {

class GitCommitGraph {
 public:
  static constexpr std::uint32_t kMissing = UINT32_MAX;

  struct Commit {
    git_oid id;
    git_oid tree;
    std::int64_t time = 0;  // committer time (git's date order)
    std::vector<git_oid> parent_ids;       // as written in the commit
    std::vector<std::uint32_t> parents;    // the present ones, in order (valid once expanded)
    bool expanded = false;
    bool cut = false;  // a parent is missing (shallow boundary or a damaged repository)
    bool bad_parent = false;  // a "parent" header line that is not an object id
  };

  explicit GitCommitGraph(git_repository* repo) : repo_(repo) {}

  // The node of commit `id`, loading it if needed; kMissing if it is not in the repository or is
  // not a commit (then `why` says so).
  std::uint32_t node(const git_oid& id, std::string* why = nullptr);
  // The node of `id` if already loaded, else kMissing (never reads).
  std::uint32_t find(const git_oid& id) const {
    auto it = index_.find(id);
    return it == index_.end() ? kMissing : it->second;
  }

  // Loads every commit reachable from `tips`. A tip that cannot be read as a commit is an error; a
  // missing parent makes its child `cut`, and in a repository that is not shallow that is reported as
  // an error.
  void add_reachable(const std::vector<git_oid>& tips, Diagnostics& diag);

  // The commits reachable from `head` and not from `base` (git log base..head), by painting down from
  // both in date order until only base's side is left, as git does. Missing parents end the walk
  // there. Sets `cut` in the result when an interesting commit's parent was missing.
  struct Range {
    std::vector<std::uint32_t> commits;
    bool cut = false;
  };
  Range range(std::uint32_t base, std::uint32_t head, Diagnostics& diag);

  // `subset` ordered parents first, older (committer time, then id) first among the ready ones.
  std::vector<std::uint32_t> oldest_first(const std::vector<std::uint32_t>& subset) const;
  std::vector<std::uint32_t> all() const;

  const Commit& at(std::uint32_t i) const { return nodes_[i]; }
  std::size_t size() const { return nodes_.size(); }

 private:
  void expand(std::uint32_t i, Diagnostics& diag);
  git_repository* repo_;
  GitOdbPtr odb_;
  std::vector<Commit> nodes_;
  std::unordered_map<git_oid, std::uint32_t, OidHash, OidEqual> index_;
  std::unordered_map<git_oid, bool, OidHash, OidEqual> missing_;
  bool reported_missing_ = false;
};

}  // namespace keysnare
