#pragma once
// Redaction, applied once to every finding before any reporter sees it (unless --show-secrets).
//
// - A secret keeps at most its first 4 characters, and never more than a quarter of it; a secret
//   under 8 characters keeps none. Then "…" (redact_secret).
// - line_text: the detector recorded where every secret the filters kept lies in it
//   (Finding::line_secrets: the finding's own secret and its neighbours', reported or not, and pieces
//   of them cut by the window's edge); exactly those bytes are replaced, each span by its secret's
//   redacted prefix (nothing if the window cut the secret's start) and "…".
// - Then, as a backstop, every secret known to the run (`known`: pipeline/known_secrets.h; with no
//   list, the findings' own secrets) is hidden wherever else it appears: in line texts (a copy glued
//   to other text where no rule matched it), in notes, and in every commit's author, email and
//   message. A multi-line secret (a private key block) is hidden line by line (lines of 8+ bytes).
// - A text in which a secret re-forms around a redaction mark (a secret that itself holds "…") is
//   replaced by the redacted secret alone.
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

#include "model/finding.h"

namespace keysnare {

// How many characters of a secret of `chars` characters redaction shows: 0 under 8, else
// min(4, chars / 4).
std::size_t redacted_prefix_chars(std::size_t chars);
std::string redact_secret(std::string_view secret);

// One finding on its own: its spans, then its own secret wherever else it appears in line_text and notes.
void redact(Finding& f);
// A report's findings: spans, then every secret of `known` plus the findings' own secrets, in every
// line text, note and commit field.
void redact(std::vector<Finding>& findings, const std::vector<std::string_view>& known);
void redact(std::vector<Finding>& findings);

}  // namespace keysnare
