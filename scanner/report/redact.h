#pragma once
// Redaction, applied once to every finding before any reporter sees it (unless --show-secrets):
// the secret keeps at most its first 4 characters (fewer for short secrets: a quarter of its length)
// followed by "…", and every occurrence of the secret in line_text is replaced the same way. For a
// multi-line secret (a private key block) the part on the reported line is replaced. redact() of a
// list also removes from each line_text the other findings' secrets that lie on that line (two tokens
// on one line would otherwise show each other in clear).
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.h"

namespace keysnare {

std::string redact_secret(std::string_view secret);
void redact(Finding& f);
void redact(std::vector<Finding>& findings);

}  // namespace keysnare
