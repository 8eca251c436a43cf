// JSON and JSONL: one flat object per finding, one object per line, so reports diff line by line
// and `jq` / `json.loads` read them. The JSON array puts each object on its own line too.
#include "base/text.h"
#include "report/json_writer.h"
#include "report/reporters.h"

namespace keysnare {
namespace {

void commit_fields(JsonWriter& w, const CommitInfo& c) {
  w.field("commit", c.id);
  w.field("author", c.author);
  w.field("email", c.email);
  w.field("date", iso8601(c));
  w.field("message", c.summary);
}

std::string finding_object(const Finding& f) {
  JsonWriter w(false);
  const Location& loc = f.location;
  w.begin_object();
  w.field("rule_id", f.rule_id);
  w.field("description", f.description);
  w.field("severity", f.severity);
  w.field("confidence", f.confidence);
  w.field("source", source_kind_name(loc.where.kind));
  w.field("file", loc.where.path);
  w.field("line", loc.line);
  w.field("column", loc.column);
  w.field("end_line", loc.end_line);
  w.field("end_column", loc.end_column);
  w.field("secret", f.secret);
  w.field("line_text", f.line_text);
  w.key("entropy");
  w.fixed(f.entropy, 2);
  w.string_array("tags", f.tags);
  w.field("provider", f.provider);
  if (!f.structure.empty()) w.field("structure", f.structure);
  w.field("fingerprint", f.fingerprint);
  w.string_array("notes", f.notes);
  if (loc.where.commit) commit_fields(w, *loc.where.commit);
  if (!loc.where.blob_id.empty()) w.field("blob", loc.where.blob_id);
  w.key("occurrences");
  w.begin_array();
  for (const Location& o : f.also) {
    w.begin_object();
    w.field("file", o.where.path);
    w.field("line", o.line);
    w.field("column", o.column);
    if (o.where.commit) commit_fields(w, *o.where.commit);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace

std::string render_json(const std::vector<Finding>& findings, const ReportInfo&, bool lines) {
  std::string out;
  if (!lines) out += findings.empty() ? "[" : "[\n";
  for (std::size_t i = 0; i < findings.size(); ++i) {
    out += finding_object(findings[i]);
    if (!lines && i + 1 < findings.size()) out += ',';
    out += '\n';
  }
  if (!lines) out += "]\n";
  return out;
}

}  // namespace keysnare
