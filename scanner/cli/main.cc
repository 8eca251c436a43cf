// keysnare: finds secrets in files, standard input and git repositories.
//
// main reads as the list of what happens: build the command line from the command families, parse it,
// run the chosen command. Every command returns the exit status (0 clean, 1 findings, 2 error).
#include <sys/resource.h>

#include <csignal>
#include <cstdio>

#include "cli/commands.h"
#include "cli/common.h"

int main(int argc, char** argv) {
  using namespace keysnare;
  // A reader that closes the pipe early (`keysnare … | head`) gets EPIPE, handled as a quiet end.
  std::signal(SIGPIPE, SIG_IGN);
  // Secrets pass through memory: a crash must not write them into a core file.
  const struct rlimit no_core = {0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);

  CLI::App app{"keysnare " KEYSNARE_VERSION
               " - find secrets (API keys, tokens, private keys) before they leak through git"};
  app.set_version_flag("--version", std::string("keysnare ") + KEYSNARE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit status: 0 no findings, 1 findings (see --exit-code), 2 error.\n"
      "Secrets are redacted in every output unless --show-secrets is given.");

  std::vector<Command> commands;
  add_scan_commands(app, commands);
  add_git_commands(app, commands);
  add_rules_commands(app, commands);
  add_hook_commands(app, commands);
  add_init_commands(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "keysnare: error: %s (see --help)\n", e.what());
    return kExitError;
  }

  Diagnostics diag;
  for (auto& c : commands)
    if (c.app->parsed()) return c.run(diag);
  std::fprintf(stderr, "keysnare: error: no command given (see --help)\n");
  return kExitError;
}
