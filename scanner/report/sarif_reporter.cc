// SARIF 2.1.0, the format GitHub code scanning and IDEs read. One run; every loaded rule becomes a
// reportingDescriptor, so results refer to rules by id and by index. What GitHub requires beyond the
// schema is kept here: a non-empty relative `uri`, startLine >= 1, the "security" tag for
// security-severity to count, and partialFingerprints so an alert survives code moving around.
#include <algorithm>
#include <unordered_map>

#include "base/text.h"
#include "report/json_writer.h"
#include "report/reporters.h"

namespace keysnare {
namespace {

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/keysnare/keysnare";
constexpr std::string_view kFingerprintKey = "keysnare/v1";

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
  w.key("defaultConfiguration");
  w.begin_object();
  w.field("level", level(r.severity));
  w.end_object();
  w.key("properties");
  w.begin_object();
  w.string_array("tags", sarif_tags(r.tags));
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

void result(JsonWriter& w, const Finding& f, std::size_t rule_index) {
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
  if (!f.fingerprint.empty()) {
    w.key("partialFingerprints");
    w.begin_object();
    w.field(kFingerprintKey, f.fingerprint);
    w.end_object();
  }
  w.key("properties");
  w.begin_object();
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
  for (const auto& f : findings) add(RuleInfo{f.rule_id, f.description, f.severity, f.tags});

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
  w.field("columnKind", "unicodeCodePoints");
  w.key("results");
  w.begin_array();
  for (const auto& f : findings) result(w, f, index.at(f.rule_id));
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace keysnare
