#pragma once
// Which salt a run's fingerprints use (pipeline/fingerprint.h), in this order:
//   1. `fingerprint_salt` in the configuration in use (`keysnare init` writes one into .keysnare.yaml;
//      in `git --range` the configuration, and so the salt, comes from BASE);
//   2. in a git repository: the id of its root commit, reached by first parents from HEAD (from BASE
//      in `git --range`), so every clone of the repository agrees without any configuration;
//   3. otherwise the default salt: `dir` outside any repository, `stdin`, a repository with no
//      commit yet, or a shallow clone whose root commit is not there (with a note saying so).
// `dir PATH` counts as inside the repository that contains PATH, so its fingerprints match the
// repository's history audit and CI's.
#include <string>

#include "cli/common.h"
#include "sources/git_repo.h"

namespace keysnare {

// The id of the root commit reached from `start` by first parents; "" if a commit on the way is missing
// (a shallow clone) or unreadable.
std::string first_parent_root(git_repository* repo, const git_oid& start);
// The same, remembered in keysnare's cache directory, one file per git directory (see salt.cc).
std::string cached_root(git_repository* repo, const git_oid& start);

// Unless the configuration chose a salt: the salt of `repo`'s root commit reached from `start` (HEAD
// when null; the default salt when there is none, with a note).
void use_repository_salt(LoadedRules& rules, GitRepo& repo, const git_oid* start, Diagnostics& diag);
// Unless the configuration chose a salt: the salt of the repository containing `path`, if any.
void use_path_salt(LoadedRules& rules, const std::string& path, Diagnostics& diag);

}  // namespace keysnare
