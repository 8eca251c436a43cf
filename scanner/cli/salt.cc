#include "cli/salt.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/sha256.h"
#include "engine/database.h"

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

namespace {

// A root commit id from the cache file, if it still names a commit without parents.
bool valid_root(git_repository* repo, const std::string& hex) {
  git_oid id;
  if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex.c_str()) < 0) return false;
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &id) < 0) return false;
  GitCommitPtr c(raw);
  return git_commit_parentcount(c.get()) == 0;
}

}  // namespace

// Walking to the root reads every first-parent commit: about a second in a repository of 40,000
// commits, too slow for a pre-commit hook. So the result is kept in keysnare's own cache directory
// (never in the scanned repository: a scan writes nothing into what it scans), one file per git
// directory, named by a hash of its absolute path, and used again while it still names a root commit.
// A history rewritten down to its root, or an orphan branch checked out, can leave it naming another
// root than a fresh clone would find; `keysnare init` avoids the question.
std::string cached_root(git_repository* repo, const git_oid& start) {
  const char* common = git_repository_commondir(repo);
  std::string cache;
  if (const std::string dir = default_cache_dir(); common && !dir.empty()) {
    std::error_code ec;
    const std::string abs = std::filesystem::weakly_canonical(common, ec).string();
    Sha256 h;
    h.update("keysnare-root-v1").update(std::string_view("\0", 1)).update(ec ? std::string(common) : abs);
    std::filesystem::create_directories(dir + "/roots", ec);
    if (!ec) cache = dir + "/roots/" + h.hex_digest().substr(0, 32);
  }
  if (!cache.empty()) {
    std::ifstream in(cache);
    std::string hex;
    if (in >> hex && valid_root(repo, hex)) return hex;
  }
  const std::string root = first_parent_root(repo, start);
  if (!root.empty() && !cache.empty()) {
    const std::string tmp = cache + ".tmp." + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << root << '\n';
    }
    std::error_code ec;
    std::filesystem::rename(tmp, cache, ec);  // a read-only repository: no cache, no harm
    if (ec) std::filesystem::remove(tmp, ec);
  }
  return root;
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
  const std::string root = cached_root(repo.get(), *start);
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
