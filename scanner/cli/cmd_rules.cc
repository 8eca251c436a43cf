// `keysnare rules list` and `keysnare rules check`.
#include <cstdio>
#include <memory>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "engine/database.h"
#include "pipeline/rule_check.h"
#include "ruleset/default_rules.h"
#include "ruleset/loader.h"

namespace keysnare {
namespace {

// Rules as the scan commands would load them, without compiling anything.
Result<RuleSet> gather(const RuleOptions& o, const std::vector<std::string>& extra) {
  RuleSet set;
  if (!o.no_default_rules) {
    auto d = load_default_rules();
    if (!d) return Error{d.error()};
    set.rules = std::move(*d);
  }
  std::vector<std::string> paths = o.rule_paths;
  paths.insert(paths.end(), extra.begin(), extra.end());
  for (const auto& p : paths) {
    auto r = load_rule_path(p);
    if (!r) return Error{r.error()};
    merge_rules(set.rules, std::move(*r));
  }
  if (!o.config.empty()) {
    if (auto st = load_config(o.config, set); !st) return Error{st.error()};
    if (auto st = apply_disabled(set.rules, set.disabled, o.config); !st) return Error{st.error()};
  }
  return set;
}

}  // namespace

void add_rules_commands(CLI::App& app, std::vector<Command>& out) {
  CLI::App* rules = app.add_subcommand("rules", "List or check detection rules");
  rules->require_subcommand(1);
  {
    auto o = std::make_shared<RuleOptions>();
    CLI::App* cmd = rules->add_subcommand("list", "Print one line per rule: id, description, tags");
    add_rule_options(cmd, *o);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     auto set = gather(*o, {});
                     if (!set) {
                       diag.error(set.error());
                       return kExitError;
                     }
                     std::string text;
                     for (const auto& r : set->rules) {
                       std::string tags;
                       for (const auto& t : r.tags) tags += (tags.empty() ? "" : ",") + t;
                       text += printable(r.id) + "\t" + printable(r.description) + "\t" + printable(tags) + "\n";
                     }
                     return write_output("", text, diag) ? kExitClean : kExitError;
                   }});
  }
  {
    struct Opts {
      RuleOptions rules;
      std::vector<std::string> paths;
    };
    auto o = std::make_shared<Opts>();
    CLI::App* cmd = rules->add_subcommand(
        "check",
        "Compile every rule in both engines and run its examples and negative examples through the "
        "whole pipeline; print file:line: rule id: problem for each failure (exit 2 on any)");
    cmd->add_option("paths", o->paths, "Rule files or folders to check in addition to the loaded rules");
    add_rule_options(cmd, o->rules);
    out.push_back({cmd, [o](Diagnostics& diag) {
                     auto set = gather(o->rules, o->paths);
                     if (!set) {
                       diag.error(set.error());
                       return kExitError;
                     }
                     DatabaseOptions dbo;
                     if (!o->rules.no_cache) dbo.cache_dir = default_cache_dir();
                     RuleCheckResult res = check_rules(set->rules, set->allowlist, dbo);
                     for (const auto& f : res.failures) std::printf("%s\n", printable(f).c_str());
                     std::fprintf(stderr, "keysnare: %zu rules, %zu examples, %zu negative examples: %zu failure%s\n",
                                  res.rules, res.examples, res.negative_examples, res.failures.size(),
                                  res.failures.size() == 1 ? "" : "s");
                     return res.failures.empty() ? kExitClean : kExitError;
                   }});
  }
}

}  // namespace keysnare
