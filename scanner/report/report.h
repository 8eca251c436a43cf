#pragma once
// Reporters: turn findings into text, JSON, JSONL, SARIF 2.1.0 or CSV. They know findings and rule
// descriptions, never the engine or the sources. Reporters print what they are given: redaction
// happens before (report/redact.h), so a reporter cannot leak a secret by forgetting to redact.
//
//   std::string doc = render(Format::Sarif, findings, info);
//
// Every format stays valid for any bytes in a finding (invalid UTF-8, control characters): see
// base/text.h for the escaping. Output order is the order of `findings` (the pipeline sorts them).
// Pure functions; thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.h"

namespace keysnare {

enum class Format { Text, Json, Jsonl, Sarif, Csv };

std::optional<Format> parse_format(std::string_view name);

struct RuleInfo {
  std::string id;
  std::string description;
  std::string severity;
  std::vector<std::string> tags;
  std::string confidence;  // the rule's declared confidence: SARIF's precision ("" = medium)
};

// Code scanning takes at most this many results per SARIF run; the SARIF report keeps the most
// severe ones and says in the run how many it left out.
inline constexpr std::size_t kSarifMaxResults = 25000;

struct ReportInfo {
  std::string tool_version;     // "0.1.0"
  std::vector<RuleInfo> rules;  // every loaded rule (SARIF lists them as reportingDescriptors)
  bool color = false;           // text only: ANSI colours
  bool git = false;             // findings carry commit provenance (adds commit columns/fields)
};

std::string render(Format format, const std::vector<Finding>& findings, const ReportInfo& info);

}  // namespace keysnare
