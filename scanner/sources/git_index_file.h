#pragma once
// GitIndexFile: a read-only parse of git's index file for the one question a pre-commit check asks —
// which paths does the index change relative to HEAD's tree? — in time that follows the change, not
// the repository: libgit2 loads every entry into its own structures and walks every tree of HEAD
// (tens of milliseconds at 10,000 files); here the file is skimmed once and the index's cache-tree
// extension (the tree ids git keeps for directories untouched since the last commit) lets whole
// unchanged directories be skipped by comparing one object id, as git itself does.
//
//   GitIndexFile idx;
//   std::string why;
//   if (auto l = idx.load(index_path, why); l == Load::Unsupported || l == Load::Corrupt) error(why);
//   std::vector<PathChange> changes;
//   idx.diff_head(repo, head_tree, changes);   // added, modified, deleted, conflicted paths
//
// Index versions 2, 3 and 4 are read. A split index, a sparse index or an unknown required extension
// yields Unsupported, with a message saying how to turn the feature off (libgit2 1.5 reads neither).
// Entries marked intent-to-add (`git add -N`) are not part of the next commit and are ignored, as
// `git diff --cached` does. The file's checksum is not verified (git does not either when reading).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "sources/git_repo.h"

namespace keysnare {

class GitIndexFile {
 public:
  enum class Load { Ok, Missing, Unsupported, Corrupt };
  // Reads the index at `path`. Missing: no index file (an empty index). `why` explains the rest.
  Load load(const std::string& path, std::string& why);

  // Appends every path the index changes relative to `head` (nullptr: unborn branch, empty tree), in
  // path order. Fails only when a tree of HEAD cannot be read.
  Status diff_head(git_repository* repo, const git_tree* head, std::vector<PathChange>& out) const;

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint32_t path_off;  // into paths_
    std::uint32_t path_len;
    git_oid id;
    std::uint32_t mode;
    int stage;
  };
  std::string_view path(std::size_t i) const { return {paths_.data() + entries_[i].path_off, entries_[i].path_len}; }
  struct CacheTree {
    std::string name;
    int entry_count = -1;  // -1: invalidated (a change below it since it was computed)
    git_oid id{};
    std::vector<CacheTree> children;
  };
  struct Walk;
  bool parse_cache_tree(std::string_view& data, CacheTree& node, int depth);

  std::vector<Entry> entries_;
  std::string paths_;  // every entry's path, back to back
  CacheTree cache_tree_;
  bool have_cache_tree_ = false;
};

}  // namespace keysnare
