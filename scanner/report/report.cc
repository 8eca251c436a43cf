#include "report/report.h"

#include <cstdio>
#include <cstdlib>

#include "base/text.h"
#include "report/reporters.h"

namespace keysnare {

std::optional<Format> parse_format(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "text") return Format::Text;
  if (n == "json") return Format::Json;
  if (n == "jsonl") return Format::Jsonl;
  if (n == "sarif") return Format::Sarif;
  if (n == "csv") return Format::Csv;
  return std::nullopt;
}

std::string render(Format format, const std::vector<Finding>& findings, const ReportInfo& info) {
  switch (format) {
    case Format::Text: return render_text(findings, info);
    case Format::Json: return render_json(findings, info, false);
    case Format::Jsonl: return render_json(findings, info, true);
    case Format::Sarif: return render_sarif(findings, info);
    case Format::Csv: return render_csv(findings, info);
  }
  return {};
}

const char* source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::File: return "file";
    case SourceKind::Stdin: return "stdin";
    case SourceKind::Staged: return "staged";
    case SourceKind::Commit: return "commit";
  }
  return "file";
}

namespace {

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days): pure
// arithmetic, so no gmtime and no dependence on the process's time zone or locale.
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

}  // namespace

std::string iso8601(const CommitInfo& c) {
  // Offsets beyond +-24h are not real; clamp so the output stays well-formed.
  const int off = c.tz_offset_minutes < -1439 ? -1439 : c.tz_offset_minutes > 1439 ? 1439 : c.tz_offset_minutes;
  // Years 0001..9999, the range ISO 8601 writes with four digits (and no overflow below).
  const std::int64_t t = c.time < -62135596800 ? -62135596800 : c.time > 253402300799 ? 253402300799 : c.time;
  const std::int64_t local = t + static_cast<std::int64_t>(off) * 60;
  std::int64_t days = local / 86400, secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  const int aoff = std::abs(off);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                off < 0 ? '-' : '+', aoff / 60, aoff % 60);
  return buf;
}

std::string short_id(std::string_view id) { return std::string(id.substr(0, 7)); }

}  // namespace keysnare
