#include "cli/salt.h"

#include <filesystem>

namespace keysnare {

std::string first_parent_root(git_repository* repo, const git_oid& start) {
  git_oid id = start;
  // Bounded by the number of commits (a first-parent chain cannot loop in a valid repository; the cap
  // keeps a corrupt one from spinning).
  for (std::size_t steps = 0; steps < (1u << 26); ++steps) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) < 0) return "";
    GitCommitPtr c(raw);
    if (git_commit_parentcount(c.get()) == 0) return oid_hex(id);
    const git_oid* parent = git_commit_parent_id(c.get(), 0);
    if (!parent) return "";
    id = *parent;
  }
  return "";
}

void use_repository_salt(LoadedRules& rules, GitRepo& repo, const git_oid* start, Diagnostics& diag) {
  if (rules.salt_from_config) return;
  git_oid head;
  if (!start) {
    if (git_reference_name_to_id(&head, repo.get(), "HEAD") < 0) {
      diag.note("fingerprints use the default salt: the repository has no commit yet (`keysnare init` pins one)");
      return;
    }
    start = &head;
  }
  const std::string root = first_parent_root(repo.get(), *start);
  if (root.empty()) {
    diag.warning(std::string("fingerprints use the default salt: the root commit is not in this ") +
                 (repo.shallow() ? "shallow clone" : "repository") +
                 " (fetch the whole history, or pin a salt with `keysnare init`)");
    return;
  }
  rules.setup.fingerprints = std::make_shared<const Fingerprinter>("git-root:" + root, "root commit " + root.substr(0, 12));
  diag.note("fingerprint salt: root commit " + root.substr(0, 12));
}

void use_path_salt(LoadedRules& rules, const std::string& path, Diagnostics& diag) {
  if (rules.salt_from_config) return;
  std::error_code ec;
  std::string dir = path.empty() ? "." : path;
  if (!std::filesystem::is_directory(dir, ec)) dir = std::filesystem::path(dir).parent_path().string();
  if (dir.empty()) dir = ".";
  auto repo = GitRepo::open({dir, false});
  if (!repo) return;  // not in a repository: the default salt
  use_repository_salt(rules, *repo, nullptr, diag);
}

}  // namespace keysnare
