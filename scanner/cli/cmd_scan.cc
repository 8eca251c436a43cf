// `keysnare dir` and `keysnare stdin`.
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/salt.h"
#include "sources/fs_source.h"
#include "sources/stdin_source.h"

namespace keysnare {

void add_scan_commands(CLI::App& app, std::vector<Command>& out) {
  {
    struct Opts {
      ScanCommandOptions scan;
      std::vector<std::string> paths;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("dir", "Scan files and directory trees");
    cmd->add_option("paths", o->paths, "Files or directories (default: .)");
    add_scan_options(cmd, o->scan);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     diag.set_verbose(o->scan.verbose);
                     if (!check_scan_options(o->scan, diag)) return kExitError;
                     if (o->paths.empty()) o->paths.push_back(".");
                     // A single directory's own .keysnare.yaml applies unless --config says otherwise.
                     std::string discovered;
                     if (o->paths.size() == 1) discovered = o->paths[0] + "/.keysnare.yaml";
                     auto rules = load_rules(o->scan.rules, discovered, diag);
                     if (!rules) {
                       diag.error(rules.error());
                       return kExitError;
                     }
                     use_path_salt(*rules, o->paths[0], diag);  // fingerprints as the repository's own
                     FsSource source(o->paths, o->scan.excludes);
                     ScanOutcome r = run_scan(source, rules->setup, to_scan_options(o->scan), diag);
                     return finish_scan(std::move(r), o->scan, *rules, diag, false, "files");
                   }});
  }
  {
    struct Opts {
      ScanCommandOptions scan;
      std::string label = "stdin";
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = app.add_subcommand("stdin", "Scan standard input");
    cmd->add_option("--label", o->label, "Name to report standard input under")->capture_default_str();
    add_scan_options(cmd, o->scan);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     diag.set_verbose(o->scan.verbose);
                     if (!check_scan_options(o->scan, diag)) return kExitError;
                     auto rules = load_rules(o->scan.rules, "", diag);
                     if (!rules) {
                       diag.error(rules.error());
                       return kExitError;
                     }
                     StdinSource source(o->label);
                     ScanOptions so = to_scan_options(o->scan);
                     so.progress = false;
                     ScanOutcome r = run_scan(source, rules->setup, so, diag);
                     return finish_scan(std::move(r), o->scan, *rules, diag, false, "inputs");
                   }});
  }
}

}  // namespace keysnare
