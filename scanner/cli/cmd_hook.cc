// `keysnare hook install` and `keysnare hook uninstall`: a git pre-commit hook that runs
// `keysnare staged` before every commit.
//
// Where the hook goes is git's rule, read from the repository's configuration with libgit2:
// `core.hooksPath` if set (a relative value is relative to the work tree, where git runs hooks), else
// `hooks/` in the common git directory — a linked worktree has no hooks of its own, git runs those of
// the main repository. The script is written whole (temporary file + rename, mode 0755) and carries a
// marker line so that `uninstall`, and a re-install, touch only a hook keysnare wrote. Anyone else's
// hook is left alone unless `--force` says otherwise.
//
// The script text is kHookBody below; hooks/pre-commit in the source tree is the same script for
// installing by hand (tests/e2e/hook_install.sh checks that the two agree).
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/common.h"
#include "sources/git_repo.h"

namespace keysnare {
namespace {

// The line that says "keysnare wrote this file". Changing it orphans hooks installed by earlier versions.
constexpr std::string_view kMarker = "# installed by keysnare hook install";

// Everything after the KEYSNARE_INSTALLED= line; identical to hooks/pre-commit from the same line on.
// POSIX sh, since git runs hooks with /bin/sh semantics on every platform it supports.
constexpr std::string_view kHookBody = R"SH(
# Which keysnare runs: $KEYSNARE if set, else the binary that installed this hook, else keysnare on
# PATH. The hook fails closed: whatever stops the scan from running also stops the commit, so a missing
# or broken scanner is noticed instead of letting secrets through unchecked.

keysnare_bypass() {
  echo "To commit anyway, on purpose: git commit --no-verify" >&2
  echo "(for a false positive, put a keysnare:allow comment on that line instead)." >&2
}

keysnare_bin=${KEYSNARE:-}
if [ -z "$keysnare_bin" ] && [ -n "$KEYSNARE_INSTALLED" ] && [ -x "$KEYSNARE_INSTALLED" ]; then
  keysnare_bin=$KEYSNARE_INSTALLED
fi
if [ -z "$keysnare_bin" ]; then
  keysnare_bin=$(command -v keysnare 2>/dev/null) || keysnare_bin=
fi
if [ -z "$keysnare_bin" ]; then
  echo "keysnare pre-commit hook: commit blocked: keysnare was not found${KEYSNARE_INSTALLED:+ at $KEYSNARE_INSTALLED} or on PATH, so the staged changes were not checked for secrets." >&2
  echo "Install keysnare, or set KEYSNARE to its path." >&2
  keysnare_bypass
  exit 1
fi

"$keysnare_bin" staged
status=$?
case $status in
  0) exit 0 ;;
  1)
    echo "keysnare pre-commit hook: commit blocked: the staged changes contain the secrets listed above." >&2
    echo "Take them out of the staged files (and revoke any real secret: it may already be copied elsewhere)." >&2
    ;;
  *)
    echo "keysnare pre-commit hook: commit blocked: '$keysnare_bin staged' failed (exit status $status), so the staged changes were not checked for secrets." >&2
    ;;
esac
keysnare_bypass
exit 1
)SH";

// Where git looks for the pre-commit hook of the repository at `repo_arg` ("" = found from the current
// directory and git's environment, as git itself does).
Result<std::filesystem::path> hook_path(const std::string& repo_arg) {
  auto repo = GitRepo::open({repo_arg, repo_arg.empty()});
  if (!repo) return Error{repo.error()};
  // A bare repository takes no commits, so a pre-commit hook there would never run.
  if (repo->workdir().empty())
    return Error{repo->label() + ": a bare repository: pre-commit hooks run only where commits are made"};

  git_config* cfg_raw = nullptr;
  if (git_repository_config_snapshot(&cfg_raw, repo->get()) != 0)
    return Error{repo->label() + ": cannot read the git configuration: " + git_error_text()};
  GitPtr<git_config, git_config_free> cfg(cfg_raw);

  git_buf value = GIT_BUF_INIT;
  GitPtr<git_buf, git_buf_dispose> value_guard(&value);
  const int got = git_config_get_path(&value, cfg.get(), "core.hooksPath");  // expands ~ like git
  if (got == 0 && value.size > 0) {
    std::filesystem::path dir(std::string(value.ptr, value.size));
    if (dir.is_relative()) dir = std::filesystem::path(repo->workdir()) / dir;  // git runs hooks there
    return dir.lexically_normal() / "pre-commit";
  }
  if (got != 0 && got != GIT_ENOTFOUND)
    return Error{repo->label() + ": cannot read core.hooksPath: " + git_error_text()};
  return (std::filesystem::path(git_repository_commondir(repo->get())) / "hooks" / "pre-commit")
      .lexically_normal();
}

// The keysnare binary running now, so the hook runs the same one whatever PATH says at commit time.
std::string self_path() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  std::string p(buf, static_cast<std::size_t>(n));
  if (p.ends_with(" (deleted)")) return "";  // replaced while running: the path names another file now
  return p;
}

// 'text' for sh: single quotes, each embedded quote as '\''.
std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string hook_script(const std::string& binary) {
  std::string s = "#!/bin/sh\n";
  s += kMarker;
  s += "\n# keysnare pre-commit hook: refuses a commit whose staged changes contain a secret.\n"
       "# `keysnare hook uninstall` removes it; `keysnare hook install` rewrites it.\n"
       "KEYSNARE_INSTALLED=";
  s += shell_quote(binary);
  s += '\n';
  s += kHookBody;
  return s;
}

enum class Existing { kNone, kOurs, kForeign };

Result<Existing> inspect(const std::filesystem::path& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Existing::kNone;
    return Error{path.string() + ": " + std::strerror(errno)};
  }
  // A symlink (even one to a keysnare hook) or anything else that is not a plain file belongs to
  // someone's own set-up.
  if (!S_ISREG(st.st_mode)) return Existing::kForeign;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path.string() + ": cannot read: " + std::strerror(errno)};
  std::string line;
  for (int i = 0; i < 8 && std::getline(in, line); ++i)  // the marker is the second line
    if (line == kMarker) return Existing::kOurs;
  return Existing::kForeign;
}

// Writes the whole script or nothing: git must never run half a hook.
Status write_hook(const std::filesystem::path& path, const std::string& text) {
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) return Error{path.parent_path().string() + ": cannot create: " + ec.message()};
  std::string tmp = path.string() + ".keysnare-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Error{path.parent_path().string() + ": cannot create a file: " + std::strerror(errno)};
  int err = 0;
  for (std::size_t done = 0; err == 0 && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n > 0) done += static_cast<std::size_t>(n);
    else if (n == 0) err = EIO;
    else if (errno != EINTR) err = errno;
  }
  if (err == 0 && ::fchmod(fd, 0755) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return Error{path.string() + ": cannot write: " + std::strerror(err)};
  }
  return ok_status();
}

// Where the repository's pre-commit hook goes and what is there now.
struct HookSpot {
  std::filesystem::path path;
  Existing existing;
};
Result<HookSpot> locate(const std::string& repo_arg) {
  auto path = hook_path(repo_arg);
  if (!path) return Error{path.error()};
  auto existing = inspect(*path);
  if (!existing) return Error{existing.error()};
  return HookSpot{std::move(*path), *existing};
}

int install(const std::string& repo_arg, bool force, Diagnostics& diag) {
  auto spot = locate(repo_arg);
  if (!spot) {
    diag.error(spot.error());
    return kExitError;
  }
  const std::filesystem::path& path = spot->path;
  const Existing existing = spot->existing;
  if (existing == Existing::kForeign && !force) {
    diag.error(path.string() +
               " already exists and was not installed by keysnare; use --force to replace it, or chain "
               "the two by adding `keysnare staged || exit 1` to it");
    return kExitError;
  }
  const std::string binary = self_path();
  if (auto w = write_hook(path, hook_script(binary)); !w) {
    diag.error(w.error());
    return kExitError;
  }
  std::printf("keysnare: %s the pre-commit hook %s (runs %s staged)\n",
              existing == Existing::kNone ? "installed" : "replaced", path.c_str(),
              binary.empty() ? "keysnare" : binary.c_str());
  return kExitClean;
}

int uninstall(const std::string& repo_arg, Diagnostics& diag) {
  auto spot = locate(repo_arg);
  if (!spot) {
    diag.error(spot.error());
    return kExitError;
  }
  const std::filesystem::path& path = spot->path;
  const Existing existing = spot->existing;
  switch (existing) {
    case Existing::kNone:
      std::printf("keysnare: no pre-commit hook at %s; nothing to remove\n", path.c_str());
      return kExitClean;
    case Existing::kForeign:
      diag.error(path.string() + " was not installed by keysnare; not removing it");
      return kExitError;
    case Existing::kOurs:
      if (::unlink(path.c_str()) != 0) {
        diag.error(path.string() + ": cannot remove: " + std::strerror(errno));
        return kExitError;
      }
      std::printf("keysnare: removed the pre-commit hook %s\n", path.c_str());
      return kExitClean;
  }
  return kExitError;
}

}  // namespace

void add_hook_commands(CLI::App& app, std::vector<Command>& out) {
  CLI::App* hook = app.add_subcommand("hook", "Install or remove the git pre-commit hook");
  hook->require_subcommand(1);
  {
    struct Opts {
      std::string repo;
      bool force = false;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = hook->add_subcommand(
        "install",
        "Install a pre-commit hook that runs `keysnare staged` and blocks a commit that adds secrets "
        "(honours core.hooksPath)");
    cmd->add_option("--repo", o->repo, "Repository (default: the one containing the current directory)");
    cmd->add_flag("--force", o->force, "Replace an existing pre-commit hook that keysnare did not install");
    out.push_back({cmd, [o](Diagnostics& diag) { return install(o->repo, o->force, diag); }});
  }
  {
    auto repo = std::make_shared<std::string>();
    CLI::App* cmd = hook->add_subcommand("uninstall", "Remove the pre-commit hook keysnare installed");
    cmd->add_option("--repo", *repo, "Repository (default: the one containing the current directory)");
    out.push_back({cmd, [repo](Diagnostics& diag) { return uninstall(*repo, diag); }});
  }
}

}  // namespace keysnare
