#pragma once
// Each command file registers its subcommands here: the CLI11 definition plus the function that runs
// it once the command line has parsed. main.cc lists the families in order.
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

#include "base/diagnostics.h"

namespace keysnare {

struct Command {
  CLI::App* app;
  std::function<int(Diagnostics&)> run;
};

void add_scan_commands(CLI::App& app, std::vector<Command>& out);   // dir, stdin
void add_rules_commands(CLI::App& app, std::vector<Command>& out);  // rules list, rules check
void add_git_commands(CLI::App& app, std::vector<Command>& out);    // git, staged
void add_hook_commands(CLI::App& app, std::vector<Command>& out);   // hook install, hook uninstall
void add_init_commands(CLI::App& app, std::vector<Command>& out);   // init (fingerprint salt)

}  // namespace keysnare
