#pragma once
// Offline validators: structure checks on a candidate secret that need no network. A rule names them
// in `validators:`; a secret that fails any is not reported (it cannot be a real token of that kind),
// and one that passes all is reported with confidence "high".
//
//   github-crc32    ghp_/gho_/ghu_/ghs_/ghr_ + 30 random + 6-char base62 CRC32 of the random part
//   npm-crc32       npm_ + 30 random + the same checksum
//   aws-account-id  AKIA…/ASIA… key ids: decodes the account id (reported as a note)
//   jwt             header and payload decode (base64url) to JSON objects, the header names an "alg"
//   pem-base64      the body between BEGIN and END lines is base64 (headers like Proc-Type allowed)
//   pypi-macaroon   pypi- + base64 of a macaroon whose location is pypi.org
//   openai-marker   the key carries OpenAI's fixed "T3BlbkFJ" marker
// Pure functions; thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace keysnare {

struct ValidationResult {
  bool valid = true;
  std::string note;  // e.g. "aws account 123456789012"; never contains the secret
};

using ValidatorFn = ValidationResult (*)(std::string_view secret);

// nullptr for an unknown name.
ValidatorFn find_validator(std::string_view name);
std::vector<std::string> validator_names();

// Exposed for tests and for the corpus generators' documentation.
std::uint32_t crc32(std::string_view bytes);
std::string base62_checksum(std::uint32_t crc);  // 6 characters, left-padded with '0'
bool base64_decode(std::string_view in, std::string& out, bool url_alphabet);

}  // namespace keysnare
