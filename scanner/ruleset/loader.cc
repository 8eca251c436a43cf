#include "ruleset/loader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>


namespace keysnare {
namespace fs = std::filesystem;
namespace {

// yaml-cpp reports problems by exception; this file is the only place they can arise, so they are
// turned into Error here with the file and line.
struct LoadError {
  std::string message;
};

std::string at(const std::string& name, const YAML::Node& n) {
  const auto m = n.Mark();
  return name + ":" + std::to_string(m.is_null() ? 0 : m.line + 1);
}

[[noreturn]] void fail(const std::string& name, const YAML::Node& n, const std::string& what) {
  throw LoadError{at(name, n) + ": " + what};
}

// YAML aliases let a small document name one node many times, and every use is copied into the
// result: a 15 KB configuration of aliased lists expanded to gigabytes ("billion laughs", found by the
// hardening tests; `keysnare dir` reads the scanned tree's own .keysnare.yaml). So every string taken
// from a document is charged to a budget proportional to the document's size; plain documents use
// about 1x, sharing an allowlist between a few rules a few times that.
thread_local std::size_t expansion_budget = 0;

struct ExpansionBudget {
  explicit ExpansionBudget(std::size_t document_size) { expansion_budget = 64 * document_size + (1u << 20); }
};

void charge(const std::string& name, const YAML::Node& n, std::size_t bytes) {
  bytes += 32;  // each value costs something, however short
  if (bytes > expansion_budget)
    fail(name, n, "the document expands to over 64 times its size (YAML aliases used over and over?)");
  expansion_budget -= bytes;
}

std::string scalar(const std::string& name, const YAML::Node& n, const char* key) {
  if (!n.IsScalar()) fail(name, n, std::string("'") + key + "' must be a string");
  charge(name, n, n.Scalar().size());
  return n.Scalar();
}

std::vector<std::string> string_list(const std::string& name, const YAML::Node& n, const char* key) {
  std::vector<std::string> out;
  if (!n || n.IsNull()) return out;  // absent keys are zombie nodes in yaml-cpp: test before use
  if (n.IsScalar()) return {scalar(name, n, key)};
  if (!n.IsSequence()) fail(name, n, std::string("'") + key + "' must be a list of strings");
  for (const auto& e : n) out.push_back(scalar(name, e, key));
  return out;
}

// A value from the document quoted in an error: it may be a token pasted in the wrong place (a key
// typed where a value belongs, a secret in `disable:`), so it is shown as reports show secrets — at
// most its first 4 characters and a quarter of it, none under 8 — with its length; file:line says
// where it is.
std::string redacted_quote(std::string_view v) {
  std::size_t chars = 0;
  for (unsigned char c : v) chars += (c & 0xC0) != 0x80;
  const std::size_t keep = chars < 8 ? 0 : std::min<std::size_t>(4, chars / 4);
  std::size_t bytes = 0;
  for (std::size_t n = 0; bytes < v.size() && n < keep; ++n) {
    const unsigned char c = static_cast<unsigned char>(v[bytes]);
    if (c < 0x20 || c == 0x7F || c >= 0x80) break;  // printable ASCII only: no escapes, no partial UTF-8
    ++bytes;
  }
  return "'" + std::string(v.substr(0, bytes)) + "\xE2\x80\xA6' (" + std::to_string(chars) + " character" +
         (chars == 1 ? "" : "s") + ")";
}

std::string allowed_list(std::initializer_list<const char*> allowed) {
  std::string out;
  for (const char* a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

void check_keys(const std::string& name, const YAML::Node& map, std::initializer_list<const char*> allowed,
                const char* what) {
  for (const auto& kv : map) {
    const std::string k = kv.first.as<std::string>();
    charge(name, kv.first, k.size());
    if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }) ==
        allowed.end())
      fail(name, kv.first, "unknown key " + redacted_quote(k) + " in " + what + " (expected " + allowed_list(allowed) + ")");
  }
}

Allowlist parse_allowlist(const std::string& name, const YAML::Node& n, bool allow_fingerprints) {
  Allowlist a;
  if (n.IsNull()) return a;
  if (!n.IsMap()) fail(name, n, "'allowlist' must be a mapping");
  if (allow_fingerprints)
    check_keys(name, n, {"paths", "secrets", "stopwords", "fingerprints"}, "allowlist");
  else
    check_keys(name, n, {"paths", "secrets", "stopwords"}, "allowlist");
  a.paths = string_list(name, n["paths"], "paths");
  a.secrets = string_list(name, n["secrets"], "secrets");
  a.stopwords = string_list(name, n["stopwords"], "stopwords");
  if (allow_fingerprints) a.fingerprints = string_list(name, n["fingerprints"], "fingerprints");
  return a;
}

RuleExample parse_example(const std::string& name, const YAML::Node& n, bool positive) {
  RuleExample ex;
  ex.spot = {name, n.Mark().line + 1};
  if (n.IsScalar()) {
    if (positive) fail(name, n, "an example needs 'text' and 'secret'");
    ex.text = scalar(name, n, "text");
    return ex;
  }
  if (!n.IsMap()) fail(name, n, "an example must be a mapping with 'text'");
  check_keys(name, n, {"text", "secret", "path"}, "example");
  if (!n["text"]) fail(name, n, "example without 'text'");
  ex.text = scalar(name, n["text"], "text");
  if (n["path"]) ex.path = scalar(name, n["path"], "path");
  if (positive) {
    if (!n["secret"]) fail(name, n, "positive example without 'secret'");
    ex.secret = scalar(name, n["secret"], "secret");
  } else if (n["secret"]) {
    fail(name, n["secret"], "a negative example has no 'secret'");
  }
  return ex;
}

Rule parse_rule(const std::string& name, const YAML::Node& n) {
  if (!n.IsMap()) fail(name, n, "a rule must be a mapping");
  check_keys(name, n,
             {"id", "description", "regex", "secret_group", "key_group", "entropy", "severity", "confidence",
              "structure", "value_kind", "validators", "tags", "allowlist", "examples", "negative_examples"},
             "rule");
  Rule r;
  r.spot = {name, n.Mark().line + 1};
  if (!n["id"]) fail(name, n, "rule without 'id'");
  r.id = scalar(name, n["id"], "id");
  const std::string who = "rule " + r.id + ": ";
  if (!n["regex"]) fail(name, n, who + "missing 'regex'");
  r.regex = scalar(name, n["regex"], "regex");
  if (n["description"]) r.description = scalar(name, n["description"], "description");
  try {
    if (n["secret_group"]) r.secret_group = n["secret_group"].as<int>();
    if (n["key_group"]) r.key_group = n["key_group"].as<int>();
    if (n["entropy"]) r.min_entropy = n["entropy"].as<double>();
  } catch (const YAML::Exception&) {
    fail(name, n, who + "'secret_group' and 'key_group' must be integers and 'entropy' a number");
  }
  if (n["structure"]) r.structure = scalar(name, n["structure"], "structure");
  if (n["value_kind"]) r.value_kind = scalar(name, n["value_kind"], "value_kind");
  if (n["severity"]) r.severity = scalar(name, n["severity"], "severity");
  if (n["confidence"]) r.confidence = scalar(name, n["confidence"], "confidence");
  r.validators = string_list(name, n["validators"], "validators");
  r.tags = string_list(name, n["tags"], "tags");
  if (n["allowlist"]) r.allowlist = parse_allowlist(name, n["allowlist"], false);
  if (const auto ex = n["examples"]) {
    if (!ex.IsSequence()) fail(name, ex, who + "'examples' must be a list");
    for (const auto& e : ex) r.examples.push_back(parse_example(name, e, true));
  }
  if (const auto ex = n["negative_examples"]) {
    if (!ex.IsSequence()) fail(name, ex, who + "'negative_examples' must be a list");
    for (const auto& e : ex) r.negative_examples.push_back(parse_example(name, e, false));
  }
  return r;
}

std::vector<Rule> parse_rule_list(const std::string& name, const YAML::Node& list) {
  if (!list.IsSequence()) fail(name, list, "'rules' must be a list");
  std::vector<Rule> out;
  for (const auto& n : list) out.push_back(parse_rule(name, n));
  return out;
}

YAML::Node load_yaml(std::string_view text, const std::string& name) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw LoadError{name + ":" + std::to_string(e.mark.line + 1) + ": invalid YAML: " + e.msg};
  }
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path + ": cannot read: " + std::strerror(errno)};
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Error{path + ": read error"};
  return ss.str();
}

}  // namespace

Result<std::vector<Rule>> parse_rules(std::string_view yaml, const std::string& name) {
  const ExpansionBudget budget(yaml.size());
  try {
    const YAML::Node root = load_yaml(yaml, name);
    if (root.IsNull()) return std::vector<Rule>{};
    if (!root.IsMap()) return Error{name + ":1: expected a mapping with a 'rules' list"};
    check_keys(name, root, {"rules"}, "rule file");
    if (!root["rules"]) return std::vector<Rule>{};
    return parse_rule_list(name, root["rules"]);
  } catch (const LoadError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
}

Result<std::vector<Rule>> load_rule_path(const std::string& path) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Error{path + ": no such file or directory"};
  std::vector<std::string> files;
  if (fs::is_directory(st)) {
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      const auto ext = it->path().extension();
      if (ext == ".yaml" || ext == ".yml") files.push_back(it->path().string());
    }
    if (ec) return Error{path + ": cannot list directory: " + ec.message()};
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(path);
  }
  std::vector<Rule> all;
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) return Error{text.error()};
    auto rules = parse_rules(*text, f);
    if (!rules) return Error{rules.error()};
    for (auto& r : *rules) all.push_back(std::move(r));
  }
  return all;
}

Status parse_config(std::string_view yaml, const std::string& name, RuleSet& out) {
  const ExpansionBudget budget(yaml.size());
  try {
    const YAML::Node root = load_yaml(yaml, name);
    if (root.IsNull()) return ok_status();
    if (!root.IsMap()) return Error{name + ":1: expected a mapping"};
    check_keys(name, root, {"allowlist", "rules", "disable", "fingerprint_salt"}, "configuration");
    if (const auto salt = root["fingerprint_salt"]) {
      // Not quoted in errors either: it is no secret, but nothing from the document is echoed.
      const std::string v = scalar(name, salt, "fingerprint_salt");
      if (v.size() < 16 || v.find_first_of(" \t\r\n") != std::string::npos)
        fail(name, salt, "'fingerprint_salt' must be at least 16 characters without spaces (keysnare init writes one)");
      out.fingerprint_salt = v;
    }
    if (root["allowlist"]) {
      Allowlist a = parse_allowlist(name, root["allowlist"], true);
      auto append = [](auto& to, auto& from) { to.insert(to.end(), from.begin(), from.end()); };
      append(out.allowlist.paths, a.paths);
      append(out.allowlist.secrets, a.secrets);
      append(out.allowlist.stopwords, a.stopwords);
      append(out.allowlist.fingerprints, a.fingerprints);
    }
    if (root["rules"]) merge_rules(out.rules, parse_rule_list(name, root["rules"]));
    for (auto& id : string_list(name, root["disable"], "disable")) out.disabled.push_back(id);
    return ok_status();
  } catch (const LoadError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{name + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg};
  }
}

Status load_config(const std::string& path, RuleSet& out) {
  auto text = read_file(path);
  if (!text) return Error{text.error()};
  return parse_config(*text, path, out);
}

void merge_rules(std::vector<Rule>& base, std::vector<Rule> more) {
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < base.size(); ++i) index.emplace(base[i].id, i);
  for (auto& r : more) {
    auto it = index.find(r.id);
    if (it != index.end()) {
      base[it->second] = std::move(r);
    } else {
      index.emplace(r.id, base.size());
      base.push_back(std::move(r));
    }
  }
}

Status apply_disabled(std::vector<Rule>& rules, const std::vector<std::string>& disabled,
                      const std::string& where) {
  std::set<std::string> off(disabled.begin(), disabled.end());
  for (std::size_t i = 0; i < disabled.size(); ++i)
    if (std::none_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.id == disabled[i]; }))
      return Error{where + ": disable: entry " + std::to_string(i + 1) + " names no rule (" + redacted_quote(disabled[i]) +
                   "; `keysnare rules list` shows the ids)"};
  std::erase_if(rules, [&](const Rule& r) { return off.count(r.id) > 0; });
  return ok_status();
}

Status validate_rules(const std::vector<Rule>& rules) {
  static const std::set<std::string> severities = {"critical", "high", "medium", "low", "info"};
  static const std::set<std::string> confidences = {"high", "medium", "low"};
  std::unordered_map<std::string, const Rule*> seen;
  for (const auto& r : rules) {
    const std::string where = r.spot.file + ":" + std::to_string(r.spot.line) + ": rule " + r.id + ": ";
    if (r.id.empty() || r.id.find_first_of(" \t\n\"'") != std::string::npos)
      return Error{where + "id must be non-empty with no spaces or quotes"};
    if (auto [it, fresh] = seen.emplace(r.id, &r); !fresh)
      return Error{where + "duplicate id (also at " + it->second->spot.file + ":" +
                   std::to_string(it->second->spot.line) + ")"};
    if (r.regex.empty()) return Error{where + "empty regex"};
    if (!severities.count(r.severity))
      return Error{where + "severity must be one of critical, high, medium, low, info"};
    if (!confidences.count(r.confidence))
      return Error{where + "confidence must be one of high, medium, low"};
    if (r.min_entropy < 0 || r.min_entropy > 8) return Error{where + "entropy must be within 0..8"};
    if (!r.value_kind.empty() && r.value_kind != "password" && r.value_kind != "secret" && r.value_kind != "token")
      return Error{where + "value_kind must be one of password, secret, token"};
    if (r.key_group == 0 || r.key_group < -1) return Error{where + "key_group must be a capture group number >= 1"};
    if (r.key_group > 0 && r.key_group == r.secret_group)
      return Error{where + "key_group and secret_group must be different groups"};
    for (const auto& ex : r.examples)
      if (ex.secret.empty())
        return Error{ex.spot.file + ":" + std::to_string(ex.spot.line) + ": rule " + r.id +
                     ": example with an empty 'secret'"};
  }
  return ok_status();
}

}  // namespace keysnare
