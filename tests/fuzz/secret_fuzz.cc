// Fuzz target: what runs on every candidate secret, on arbitrary bytes: each offline validator
// (filters/validators.h: checksums, base64/JWT/PEM/macaroon decoding), the placeholder test, entropy,
// and redaction of a finding whose line holds the secret (report/redact.h). Checked: no crash; a
// validator's note never quotes the secret; redact_secret keeps at most 4 characters and valid UTF-8
// stays valid; after redact() a secret of 8+ bytes is gone from the line and the notes.
#include <string>

#include "base/text.h"
#include "filters/placeholder.h"
#include "filters/validators.h"
#include "fuzz_input.h"
#include "json_check.h"
#include "report/redact.h"

using namespace keysnare;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Pieces in(data, size);
  const std::string secret(in.next());
  const std::string before(in.next()), after(in.next());

  for (const auto& name : validator_names()) {
    ValidatorFn fn = find_validator(name);
    FUZZ_CHECK(fn != nullptr, "validator listed but not found: " + name);
    const ValidationResult r = fn(secret);
    if (secret.size() >= 8) FUZZ_CHECK(r.note.find(secret) == std::string::npos, name + ": note quotes the secret");
  }
  (void)looks_placeholder(secret);
  std::string decoded;
  (void)base64_decode(secret, decoded, false);
  (void)base64_decode(secret, decoded, true);

  const std::string red = redact_secret(secret);
  FUZZ_CHECK(red.size() >= 3 && red.compare(red.size() - 3, 3, "\xE2\x80\xA6") == 0, "redacted form lacks the ellipsis");
  FUZZ_CHECK(red.size() - 3 <= 16 && red.size() - 3 <= secret.size(), "redact_secret keeps too much");
  if (fuzz::utf8_valid(secret)) FUZZ_CHECK(fuzz::utf8_valid(red), "redact_secret broke valid UTF-8");

  Finding f;
  f.secret = secret;
  f.line_text = before + secret + after;
  f.notes.push_back("about " + before);
  redact(f);
  if (secret.size() >= 8 && before.find(secret) == std::string::npos && after.find(secret) == std::string::npos &&
      (before + after).find(secret) == std::string::npos) {
    FUZZ_CHECK(f.line_text.find(secret) == std::string::npos, "clear secret left in line_text");
    FUZZ_CHECK(f.notes[0].find(secret) == std::string::npos, "clear secret left in a note");
  }
  return 0;
}
