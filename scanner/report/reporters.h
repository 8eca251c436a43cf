#pragma once
// Internal to report/: one renderer per format (report.cc dispatches to them) and the small helpers
// they share. Callers outside report/ use report.h.
//
//   std::string csv = render_csv(findings, info);
//
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.h"
#include "report/report.h"

namespace keysnare {

std::string render_text(const std::vector<Finding>& findings, const ReportInfo& info);
// `lines`: JSONL (one object per line, no enclosing array) instead of one JSON array.
std::string render_json(const std::vector<Finding>& findings, const ReportInfo& info, bool lines);
std::string render_sarif(const std::vector<Finding>& findings, const ReportInfo& info);
std::string render_csv(const std::vector<Finding>& findings, const ReportInfo& info);

// "file" | "stdin" | "staged" | "commit".
const char* source_kind_name(SourceKind kind);

// The author time as ISO 8601 in the author's own offset: 2024-05-01T12:00:00+02:00.
std::string iso8601(const CommitInfo& c);

// The first 7 hex digits of a commit id, as git shows it.
std::string short_id(std::string_view id);

}  // namespace keysnare
