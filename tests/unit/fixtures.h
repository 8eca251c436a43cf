#pragma once
// Test helpers: rules built in code and fake tokens assembled at run time from pieces, so no source
// file holds a literal token (the repository scans itself).
#include <random>
#include <string>
#include <vector>

#include "filters/validators.h"
#include "ruleset/rule.h"

namespace keysnare::testing {

inline std::string random_chars(std::size_t n, std::string_view alphabet, unsigned seed) {
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
  return out;
}

inline constexpr std::string_view kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// An AWS-shaped key id: the prefix and 16 base32 characters.
inline std::string fake_aws_key_id(unsigned seed = 1) {
  return std::string("AK") + "IA" + random_chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", seed);
}

// A GitHub-shaped classic token with a correct (or deliberately wrong) CRC32 checksum.
inline std::string fake_github_token(unsigned seed = 1, bool valid = true) {
  const std::string body = random_chars(30, kBase62, seed);
  std::string check = base62_checksum(crc32(body));
  if (!valid) check[5] = check[5] == '0' ? '1' : '0';
  return std::string("gh") + "p_" + body + check;
}

inline Rule make_rule(std::string id, std::string regex, std::string confidence = "medium") {
  Rule r;
  r.id = std::move(id);
  r.description = r.id;
  r.regex = std::move(regex);
  r.confidence = std::move(confidence);
  r.spot = {"test.yaml", 1};
  return r;
}

inline std::vector<Rule> demo_rules() {
  std::vector<Rule> rules;
  Rule aws = make_rule("aws-key", R"(\b((?:AKIA|ASIA)[A-Z2-7]{16})\b)");
  aws.validators = {"aws-account-id"};
  rules.push_back(aws);
  Rule gh = make_rule("github-classic", R"(\b(gh[pousr]_[A-Za-z0-9]{36})\b)");
  gh.validators = {"github-crc32"};
  rules.push_back(gh);
  Rule generic = make_rule("generic-token", R"((?i)\b(?:token|secret)\s*[:=]\s*["']?([A-Za-z0-9_\-]{16,64}))", "low");
  generic.min_entropy = 3.0;
  rules.push_back(generic);
  rules.push_back(make_rule(
      "pem", R"((-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[\s\S]+?-----END [A-Z ]{0,20}PRIVATE KEY-----))"));
  return rules;
}

}  // namespace keysnare::testing
