// CSV (RFC 4180: CRLF row ends, fields quoted when they hold a comma, quote or line break, quotes
// doubled) for spreadsheets and quick filtering. Every field goes through printable(), so rows never
// span lines and invalid bytes show as \xNN. A field a spreadsheet would run as a formula (starting
// with = + - @ tab or CR; OWASP's list) gets a leading single quote: the file's content comes from
// scanned repositories, which an attacker may write.
#include "base/text.h"
#include "report/reporters.h"

namespace keysnare {
namespace {

std::string field(std::string_view raw) {
  std::string v = printable(raw);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v.insert(v.begin(), '\'');
  const bool quote = v.find_first_of(",\"\r\n") != std::string::npos ||
                     (!v.empty() && (v.front() == ' ' || v.back() == ' '));
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void row(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (auto f : fields) {
    if (!first) out += ',';
    out += field(f);
    first = false;
  }
  out += "\r\n";
}

}  // namespace

std::string render_csv(const std::vector<Finding>& findings, const ReportInfo&) {
  std::string out;
  row(out, {"rule_id", "severity", "confidence", "file", "line", "column", "secret", "fingerprint", "commit",
            "author", "email", "date", "description", "line_text", "provider", "structure"});
  for (const Finding& f : findings) {
    const Location& loc = f.location;
    const CommitInfo* c = loc.where.commit.get();
    const std::string date = c ? iso8601(*c) : "";
    row(out, {f.rule_id, f.severity, f.confidence, loc.where.path, std::to_string(loc.line),
              std::to_string(loc.column), f.secret, f.fingerprint, c ? std::string_view(c->id) : "",
              c ? std::string_view(c->author) : "", c ? std::string_view(c->email) : "", date, f.description,
              f.line_text, f.provider, f.structure});
  }
  return out;
}

}  // namespace keysnare
