// `keysnare init`: pins the repository's fingerprint salt in .keysnare.yaml (pipeline/fingerprint.h,
// cli/salt.h). Without one, fingerprints are salted with the root commit's id, which every clone
// agrees on but a shallow clone may not have; a written salt is the same everywhere the file is.
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "ruleset/loader.h"
#include "sources/git_repo.h"

namespace keysnare {
namespace {

// 16 bytes from the kernel's generator, as 32 hex digits.
Result<std::string> random_salt() {
  char bytes[16];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{std::string("cannot read random bytes: ") + std::strerror(errno)};
    }
    got += static_cast<std::size_t>(n);
  }
  return hex(std::string_view(bytes, sizeof bytes));
}

int run_init(const std::string& dir_arg, Diagnostics& diag) {
  namespace fs = std::filesystem;
  // Default: the work tree's root, where the other commands look for .keysnare.yaml.
  std::string dir = dir_arg;
  if (dir.empty()) {
    dir = ".";
    if (auto repo = GitRepo::open({"", true}); repo && !repo->workdir().empty()) dir = repo->workdir();
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diag.error(dir + ": not a directory");
    return kExitError;
  }
  const std::string path = (fs::path(dir) / ".keysnare.yaml").lexically_normal().string();
  std::string old;
  const bool exists = fs::exists(path, ec);
  if (exists) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) {
      diag.error(path + ": cannot read: " + std::strerror(errno));
      return kExitError;
    }
    old = ss.str();
    RuleSet check;
    if (auto st = parse_config(old, path, check); !st) {
      diag.error(st.error() + " (fix it before keysnare init adds to it)");
      return kExitError;
    }
    if (!check.fingerprint_salt.empty()) {
      std::fprintf(stderr, "keysnare: %s already has a fingerprint_salt; left as it is\n", path.c_str());
      return kExitClean;
    }
  }
  auto salt = random_salt();
  if (!salt) {
    diag.error(salt.error());
    return kExitError;
  }
  std::string text = old;
  if (!text.empty() && text.back() != '\n') text += '\n';
  if (!text.empty()) text += '\n';
  text +=
      "# Salt of this repository's finding fingerprints (keysnare init). Keep it: baselines, allowlisted\n"
      "# fingerprints and code-scanning alerts are matched by fingerprints made with it.\n"
      "fingerprint_salt: " + *salt + "\n";
  RuleSet check;
  if (auto st = parse_config(text, path, check); !st || check.fingerprint_salt != *salt) {
    diag.error(path + ": cannot add fingerprint_salt to this file (its top level is not a block mapping?); add "
               "the line `fingerprint_salt: " + *salt + "` yourself");
    return kExitError;
  }
  // Same mode as before (a new file: the usual 0644, it is meant to be committed), written atomically.
  const std::string tmp = path + ".keysnare-tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      diag.error(path + ": cannot write: " + std::strerror(errno));
      fs::remove(tmp, ec);
      return kExitError;
    }
  }
  if (exists) fs::permissions(tmp, fs::status(path, ec).permissions(), ec);
  if (fs::rename(tmp, path, ec); ec) {
    diag.error(path + ": cannot write: " + ec.message());
    fs::remove(tmp, ec);
    return kExitError;
  }
  std::fprintf(stderr,
               "keysnare: wrote a fingerprint_salt to %s; commit it. Fingerprints change once: regenerate "
               "baselines and allowlisted fingerprints with the new ones\n",
               path.c_str());
  return kExitClean;
}

}  // namespace

void add_init_commands(CLI::App& app, std::vector<Command>& out) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "init", "Pin this repository's fingerprint salt: writes fingerprint_salt into .keysnare.yaml");
  cmd->add_option("dir", *dir, "Where .keysnare.yaml is (default: the repository's root, else .)");
  out.push_back({cmd, [dir](Diagnostics& diag) { return run_init(*dir, diag); }});
}

}  // namespace keysnare
