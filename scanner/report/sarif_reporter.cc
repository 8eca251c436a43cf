// SARIF 2.1.0, the format GitHub code scanning and IDEs read. One run; every loaded rule becomes a
// reportingDescriptor, so results refer to rules by id and by index. What GitHub requires beyond the
// schema is kept here: a non-empty relative `uri`, startLine >= 1, the "security" tag for
// security-severity to count, and partialFingerprints so an alert survives code moving around.
//
// - Each rule carries `help` (text and markdown: what the secret is, how to revoke and rotate it, what
//   to do about a false positive), `precision` from the rule's confidence and `security-severity`.
// - Each result's partialFingerprints["keysnare/v2"] names that place: the finding's fingerprint (the
//   secret's, salted: pipeline/fingerprint.h), its path and which occurrence of that secret in that file
//   it is. So one secret in four places is four alerts, and an alert survives lines moving. The
//   secret's own fingerprint is in properties.fingerprint, which baselines read.
// - At most kSarifMaxResults results (code scanning's limit per run): the most severe ones, in report
//   order; the run then carries a toolExecutionNotification saying how many were left out.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "base/sha256.h"
#include "base/text.h"
#include "report/json_writer.h"
#include "report/reporters.h"

namespace keysnare {
namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/keysnare/keysnare";
constexpr std::string_view kFingerprintKey = "keysnare/v2";

const char* level(std::string_view severity) {
  if (severity == "critical" || severity == "high") return "error";
  if (severity == "medium") return "warning";
  if (severity == "low" || severity == "info") return "note";
  return "warning";
}

// GitHub's scale (CVSS-like): >= 9 critical, >= 7 high, >= 4 medium, else low.
const char* security_severity(std::string_view severity) {
  if (severity == "critical") return "9.0";
  if (severity == "high") return "7.5";
  if (severity == "medium") return "5.0";
  if (severity == "low") return "3.0";
  if (severity == "info") return "1.0";
  return "5.0";
}

int severity_rank(std::string_view severity) {
  if (severity == "critical") return 4;
  if (severity == "high") return 3;
  if (severity == "medium") return 2;
  if (severity == "low") return 1;
  return 0;
}

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// "aws-access-key-id" -> "AwsAccessKeyId".
std::string camel_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (char c : id) {
    if (!is_alnum(c)) {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "Rule" : out;
}

// A URI reference for a relative path: unreserved characters and '/' stay, every other byte is
// percent-encoded (spaces, '%', '#', '?', ':' which would read as a scheme, non-ASCII and invalid
// UTF-8 bytes alike), so any path gives a valid uri and the bytes can be recovered from it.
std::string uri_path(std::string_view path) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (is_alnum(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

void artifact_location(JsonWriter& w, const Provenance& where) {
  std::string_view path = where.path;
  if (path.empty()) path = where.kind == SourceKind::Stdin ? "stdin" : "unknown";  // GitHub refuses ""
  w.key("artifactLocation");
  w.begin_object();
  if (path.front() == '/') {
    // An absolute path is no path under %SRCROOT%: give it as a file URI (one leading slash, so
    // "//x" cannot read as an authority).
    while (path.size() > 1 && path[1] == '/') path.remove_prefix(1);
    w.field("uri", "file://" + uri_path(path));
  } else {
    w.field("uri", uri_path(path));
    w.field("uriBaseId", "%SRCROOT%");
  }
  w.end_object();
}

// Lines and columns as SARIF wants them: 1-based, the end never before the start.
void region(JsonWriter& w, const Location& l, const std::string* snippet) {
  const std::int64_t start_line = std::max<std::uint32_t>(1, l.line);
  const std::int64_t start_col = std::max<std::uint32_t>(1, l.column);
  std::int64_t end_line = std::max<std::int64_t>(start_line, l.end_line);
  std::int64_t end_col = l.end_column;
  if (l.end_line < start_line) end_col = start_col;  // no end known: an empty region at the start
  if (end_line == start_line && end_col < start_col) end_col = start_col;
  end_col = std::max<std::int64_t>(1, end_col);
  w.key("region");
  w.begin_object();
  w.field("startLine", start_line);
  w.field("startColumn", start_col);
  w.field("endLine", end_line);
  w.field("endColumn", end_col);
  if (snippet && !snippet->empty()) {
    w.key("snippet");
    w.begin_object();
    w.field("text", *snippet);
    w.end_object();
  }
  w.end_object();
}

void physical_location(JsonWriter& w, const Location& l, const std::string* snippet) {
  w.key("physicalLocation");
  w.begin_object();
  artifact_location(w, l.where);
  region(w, l, snippet);
  w.end_object();
}

// SARIF tags are a set (the schema says uniqueItems), and GitHub counts security-severity only on
// rules tagged "security".
std::vector<std::string> sarif_tags(const std::vector<std::string>& tags) {
  std::vector<std::string> out{"security"};
  for (const auto& t : tags)
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

const char* precision(std::string_view confidence) {
  if (confidence == "high") return "high";
  if (confidence == "low") return "low";
  return "medium";
}

// How to revoke a credential, from its issuer's documentation, by the rule's provider tag.
struct Revocation {
  std::string_view tag;
  std::string_view how;
};
constexpr Revocation kRevocations[] = {
    {"aws", "in the AWS IAM console (Users > Security credentials) or with `aws iam update-access-key --status "
            "Inactive` and then `aws iam delete-access-key`, after creating a new access key for what needs one; "
            "CloudTrail shows what the old key was used for"},
    {"github", "in GitHub's settings (Settings > Developer settings > Personal access tokens, or the GitHub App's or "
               "OAuth app's settings): delete or regenerate the token; the security log shows its use"},
    {"gitlab", "in GitLab (User settings > Access tokens, or the project's or group's Access tokens, or the runner's "
               "settings): revoke the token and create a new one"},
    {"stripe", "in the Stripe Dashboard (Developers > API keys): roll the key, with an expiry for the old one as short "
               "as your deployment allows"},
    {"slack", "on the Slack app's settings page (OAuth & Permissions, or Incoming Webhooks) or with the auth.revoke "
              "API method: revoke the token or webhook and reinstall the app for a new one"},
    {"gcp", "in the Google Cloud console (IAM & Admin > Service accounts > Keys, or APIs & Services > Credentials) or "
            "with `gcloud iam service-accounts keys delete`: delete the key and create a new one if it is still needed"},
    {"azure", "in the Azure portal (the resource's Access keys, or the app registration's Certificates & secrets): "
              "regenerate the key or delete the secret and create a new one"},
    {"openai", "in the OpenAI platform's API keys page: delete the key and create a new one"},
    {"anthropic", "in the Anthropic Console's API keys page: delete the key and create a new one"},
    {"private-key", "by generating a new key pair, replacing the public key wherever it is trusted (authorized_keys, "
                    "deploy keys, a certificate: ask its CA to revoke it), and then deleting the old key"},
    {"database", "at the database: change the user's password (or drop the user and create a new one)"},
    {"uri", "at the service the URL points to: change the password or token embedded in it"},
};

std::string revocation(const RuleInfo& r) {
  for (const auto& rv : kRevocations)
    if (std::find(r.tags.begin(), r.tags.end(), rv.tag) != r.tags.end()) return std::string(rv.how);
  return "at the service that issued it (its console, settings page or API): revoke or change it";
}

void help(JsonWriter& w, const RuleInfo& r) {
  const std::string what = r.description.empty() ? r.id : r.description;
  const std::string how = revocation(r);
  const std::string text =
      what + ". keysnare found a credential of this kind in the repository. Anyone who can read the repository, "
      "a clone or fork of it, or its history can use it, and deleting the line does not remove it from the "
      "history. To fix it: 1. Revoke it " + how + ". 2. Give the code its replacement through the environment or a "
      "secret manager, never the repository. 3. Check the issuer's logs for use of the old one since it was "
      "committed. 4. If it is not a real secret (a test fixture, a documented example), add a `keysnare:allow` "
      "comment on the line, an allowlist entry in .keysnare.yaml, or a baseline (--baseline).";
  const std::string markdown =
      "**" + what + "**\n\nkeysnare found a credential of this kind in the repository. Anyone who can read the "
      "repository, a clone or fork of it, or its history can use it, and deleting the line does not remove it "
      "from the history.\n\n**To fix it**\n\n1. Revoke it " + how + ".\n2. Give the code its replacement "
      "through the environment or a secret manager, never the repository.\n3. Check the issuer's logs for use "
      "of the old one since it was committed.\n4. If it is not a real secret (a test fixture, a documented "
      "example), add a `keysnare:allow` comment on the line, an allowlist entry in `.keysnare.yaml`, or a "
      "baseline (`--baseline`).\n\nRule `" + r.id + "`.";
  w.key("help");
  w.begin_object();
  w.field("text", text);
  w.field("markdown", markdown);
  w.end_object();
}

void rule_descriptor(JsonWriter& w, const RuleInfo& r) {
  const std::string& text = r.description.empty() ? r.id : r.description;
  w.begin_object();
  w.field("id", r.id);
  w.field("name", camel_case(r.id));
  w.key("shortDescription");
  w.begin_object();
  w.field("text", text);
  w.end_object();
  w.key("fullDescription");
  w.begin_object();
  w.field("text", text);
  w.end_object();
  help(w, r);
  w.key("defaultConfiguration");
  w.begin_object();
  w.field("level", level(r.severity));
  w.end_object();
  w.key("properties");
  w.begin_object();
  w.string_array("tags", sarif_tags(r.tags));
  w.field("precision", precision(r.confidence));
  w.field("security-severity", security_severity(r.severity));
  w.end_object();
  w.end_object();
}

void commit_properties(JsonWriter& w, const CommitInfo& c) {
  w.field("commit", c.id);
  w.field("author", c.author);
  w.field("email", c.email);
  w.field("date", iso8601(c));
}

void result(JsonWriter& w, const Finding& f, std::size_t rule_index, const std::string& place) {
  const std::string& description = f.description.empty() ? f.rule_id : f.description;
  w.begin_object();
  w.field("ruleId", f.rule_id);
  w.field("ruleIndex", static_cast<std::int64_t>(rule_index));
  w.field("level", level(f.severity));
  w.key("message");
  w.begin_object();
  w.field("text", description + " (" + f.secret + ")");
  w.end_object();
  w.key("locations");
  w.begin_array();
  w.begin_object();
  physical_location(w, f.location, &f.line_text);
  w.end_object();
  w.end_array();
  if (!f.also.empty()) {
    // Further places the same secret appears (other files, later commits).
    w.key("relatedLocations");
    w.begin_array();
    for (std::size_t i = 0; i < f.also.size(); ++i) {
      const Location& o = f.also[i];
      w.begin_object();
      w.field("id", static_cast<std::int64_t>(i + 1));
      physical_location(w, o, nullptr);
      w.key("message");
      w.begin_object();
      w.field("text", o.where.commit ? "same secret, commit " + o.where.commit->id : std::string("same secret"));
      w.end_object();
      w.end_object();
    }
    w.end_array();
  }
  w.key("partialFingerprints");
  w.begin_object();
  w.field(kFingerprintKey, place);
  w.end_object();
  w.key("properties");
  w.begin_object();
  if (!f.fingerprint.empty()) w.field("fingerprint", f.fingerprint);
  w.field("confidence", f.confidence);
  w.key("entropy");
  w.fixed(f.entropy, 2);
  w.field("source", source_kind_name(f.location.where.kind));
  if (!f.provider.empty()) w.field("provider", f.provider);
  if (!f.structure.empty()) w.field("structure", f.structure);
  if (!f.notes.empty()) w.string_array("notes", f.notes);
  if (f.location.where.commit) commit_properties(w, *f.location.where.commit);
  w.end_object();
  w.end_object();
}

}  // namespace

std::string render_sarif(const std::vector<Finding>& findings, const ReportInfo& info) {
  // Rules as loaded, first of each id; then any rule a finding names that the list lacks (findings
  // from a baseline or another rule set), so every ruleIndex points at its own ruleId.
  std::vector<RuleInfo> rules;
  std::unordered_map<std::string, std::size_t> index;
  auto add = [&](RuleInfo r) {
    if (index.emplace(r.id, rules.size()).second) rules.push_back(std::move(r));
  };
  for (const auto& r : info.rules) add(r);
  for (const auto& f : findings) add(RuleInfo{f.rule_id, f.description, f.severity, f.tags, f.confidence});

  // The results kept: all, or the kSarifMaxResults most severe (stable: report order among equals),
  // written in report order.
  std::vector<std::size_t> kept(findings.size());
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i] = i;
  if (kept.size() > kSarifMaxResults) {
    std::stable_sort(kept.begin(), kept.end(), [&](std::size_t a, std::size_t b) {
      return severity_rank(findings[a].severity) > severity_rank(findings[b].severity);
    });
    kept.resize(kSarifMaxResults);
    std::sort(kept.begin(), kept.end());
  }
  const std::size_t left_out = findings.size() - kept.size();
  // Each place's partial fingerprint: the secret's fingerprint, the path, and the how-manieth
  // occurrence of that secret in that file it is (counted over all findings, kept or not).
  std::vector<std::string> places(findings.size());
  {
    std::map<std::pair<std::string_view, std::string_view>, std::size_t> seen;
    for (std::size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      const std::size_t k = seen[{f.fingerprint, f.location.where.path}]++;
      Sha256 h;
      h.update("keysnare-sarif-place-v2").update(std::string_view("\0", 1)).update(f.fingerprint);
      h.update(std::string_view("\0", 1)).update(f.location.where.path).update(std::string_view("\0", 1));
      h.update(std::to_string(k));
      places[i] = h.hex_digest().substr(0, 32);
    }
  }

  JsonWriter w(true);
  w.begin_object();
  w.field("$schema", kSchema);
  w.field("version", "2.1.0");
  w.key("runs");
  w.begin_array();
  w.begin_object();
  w.key("tool");
  w.begin_object();
  w.key("driver");
  w.begin_object();
  w.field("name", "keysnare");
  w.field("version", info.tool_version.empty() ? std::string("0.0.0") : info.tool_version);
  w.field("informationUri", kInformationUri);
  w.key("rules");
  w.begin_array();
  for (const auto& r : rules) rule_descriptor(w, r);
  w.end_array();
  w.end_object();
  w.end_object();
  w.key("invocations");
  w.begin_array();
  w.begin_object();
  w.key("executionSuccessful");
  w.boolean(true);
  if (left_out > 0) {
    w.key("toolExecutionNotifications");
    w.begin_array();
    w.begin_object();
    w.field("level", "warning");
    w.key("message");
    w.begin_object();
    w.field("text", std::to_string(left_out) + " of " + std::to_string(findings.size()) +
                        " results left out: code scanning takes at most " + std::to_string(kSarifMaxResults) +
                        " per run, so this report keeps the most severe; the JSON report lists them all");
    w.end_object();
    w.end_object();
    w.end_array();
  }
  w.end_object();
  w.end_array();
  w.field("columnKind", "unicodeCodePoints");
  w.key("results");
  w.begin_array();
  for (std::size_t i : kept) result(w, findings[i], index.at(findings[i].rule_id), places[i]);
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace keysnare
