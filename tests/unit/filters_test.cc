#include <doctest/doctest.h>

#include "filters/filters.h"
#include "filters/placeholder.h"
#include "filters/validators.h"
#include "fixtures.h"

using namespace keysnare;
using namespace keysnare::testing;

TEST_CASE("placeholders are recognised, random tokens are not") {
  for (std::string p : {"AKIAIOSFODNN7" + std::string("EXAMPLE"), std::string("sk_live_") + "xxxxxxxxxxxxxxxx",
                        std::string("your_api_key_here"), std::string("YOUR-TOKEN"), std::string("${API_KEY}"),
                        std::string("<token>"), std::string("{{ secret }}"), std::string("%DB_PASS%"),
                        std::string("aaaaaaaaaaaaaaaa"), std::string("abababababab"), std::string("changeme123"),
                        std::string("$(cat /run/secret)")})
    CHECK_MESSAGE(looks_placeholder(p), p);
  for (unsigned seed = 1; seed < 50; ++seed) CHECK_FALSE(looks_placeholder(random_chars(40, kBase62, seed)));
  CHECK(looks_placeholder(std::string("sk_live_") + std::string(24, '0')));
  // Real keys hold runs of 'A' (base64 of zero bytes) and, in long bodies, chance x-runs: not placeholders.
  const std::string openssh_like = random_chars(30, kBase62, 3) + "AAAAAAAAAAB" + random_chars(300, kBase62, 4);
  CHECK_FALSE(looks_placeholder(openssh_like));
  CHECK_FALSE(looks_placeholder(random_chars(100, kBase62, 5) + "xxxx" + random_chars(100, kBase62, 6)));
  CHECK(looks_placeholder(random_chars(100, kBase62, 5) + "xxxxxxxx" + random_chars(100, kBase62, 6)));
}

TEST_CASE("a key block whose base64 happens to spell a short word is not a placeholder") {
  // The armour always says KEY; "your" inside a body line is chance (0.3% of RSA-4096 bodies).
  const std::string armour_begin = "-----BEGIN " + std::string("PRIVATE") + " KEY-----\n";
  const std::string armour_end = "\n-----END " + std::string("PRIVATE") + " KEY-----";
  const std::string body = random_chars(40, kBase62, 7) + "yOUr" + random_chars(60, kBase62, 8) + "\n" +
                           random_chars(30, kBase62, 9) + "DuMMy" + random_chars(30, kBase62, 10);
  CHECK_FALSE(looks_placeholder(armour_begin + body + armour_end));
  // The same words as words still mark a placeholder block, and short secrets keep the substring rule.
  CHECK(looks_placeholder(armour_begin + "your private key goes in this block, base64, 64 per line" + armour_end));
  CHECK(looks_placeholder(armour_begin + random_chars(80, kBase62, 11) + "\nEXAMPLE" + armour_end));
  CHECK(looks_placeholder("abcyourkey"));
}

TEST_CASE("sequential characters are placeholders, random hex is not") {
  for (std::string p : {std::string("0123456789abcdef0123456789abcdef"), std::string("sk_live_abcdefghijklmnop"),
                        std::string("98765432"), std::string("XYZ12345678QRS")})
    CHECK_MESSAGE(looks_placeholder(p), p);
  for (unsigned seed = 1; seed < 200; ++seed) CHECK_FALSE(looks_placeholder(random_chars(32, "0123456789abcdef", seed)));
}

TEST_CASE("CRC32 and base62 checksums") {
  CHECK(crc32("123456789") == 0xCBF43926u);  // the standard check value
  CHECK(base62_checksum(0) == "000000");
  CHECK(base62_checksum(61) == "00000z");
  auto gh = find_validator("github-crc32");
  REQUIRE(static_cast<bool>(gh));
  CHECK(gh(fake_github_token(4, true)).valid);
  CHECK_FALSE(gh(fake_github_token(4, false)).valid);
}

TEST_CASE("validators: aws account, jwt, pem, openai marker") {
  auto aws = find_validator("aws-account-id")(fake_aws_key_id(5));
  CHECK(aws.valid);
  CHECK(aws.note.rfind("aws account ", 0) == 0);
  CHECK(aws.note.size() == std::string("aws account ").size() + 12);

  // header {"alg":"HS256","typ":"JWT"} . payload {"sub":"1"} . signature
  const std::string jwt = std::string("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9") + "." + "eyJzdWIiOiIxIn0" + "." +
                          random_chars(43, kBase62, 3);
  CHECK(find_validator("jwt")(jwt).valid);
  CHECK_FALSE(find_validator("jwt")(std::string("eyJub3RqdyI6MX0") + ".eyJzdWIiOiIxIn0.sig").valid);  // no alg
  CHECK_FALSE(find_validator("jwt")("abc.def.ghi").valid);

  const std::string body = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu";
  const std::string pem = std::string("-----BEGIN RSA ") + "PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
  CHECK(find_validator("pem-base64")(pem).valid);
  CHECK_FALSE(find_validator("pem-base64")(std::string("-----BEGIN RSA ") + "PRIVATE KEY-----\n!!not base64 at all!!\n-----END").valid);
  CHECK(find_validator("openai-marker")(std::string("sk-proj-abc") + "T3Blbk" + "FJxyz").valid);
  const bool unknown_is_null = find_validator("no-such") == nullptr;
  CHECK(unknown_is_null);
}

TEST_CASE("filters: inline marker, allowlists, placeholder, entropy, validators") {
  auto rules = demo_rules();
  rules[0].allowlist.paths = {"**/fixtures/**"};
  Allowlist global;
  global.secrets = {"^AKIA2222"};
  global.stopwords = {"sandbox"};
  global.paths = {"vendor/**"};
  auto f = Filters::build(rules, global);
  REQUIRE_MESSAGE(f.ok(), f.error());
  const Filters& filters = **f;
  const std::string key = fake_aws_key_id(6);

  const std::string line = "k = " + key;  // named: Candidate holds views
  Candidate c{0, key, line, line, "src/a.py"};
  CHECK(filters.decide(c).verdict == Verdict::Keep);
  CHECK(filters.decide(c).confidence == "high");

  std::string marked = "k = " + key + "  # keysnare:allow";
  Candidate m = c;
  m.line = marked;
  m.end_line = marked;
  CHECK(filters.decide(m).verdict == Verdict::InlineAllow);

  Candidate p = c;
  p.path = "tests/fixtures/a.py";
  CHECK(filters.decide(p).verdict == Verdict::Allowlisted);
  CHECK(filters.path_allowed("vendor/lib/x.js"));
  CHECK_FALSE(filters.path_allowed("src/vendor.js"));

  const std::string allowed = "AKIA2222" + random_chars(12, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1);
  Candidate a = c;
  a.secret = allowed;
  CHECK(filters.decide(a).verdict == Verdict::Allowlisted);

  Candidate low{2, "abcbacabbcacbabcacbaccab", "token = abcbacabbcacbabcacbaccab", "", "x"};
  low.end_line = low.line;
  CHECK(filters.decide(low).verdict == Verdict::LowEntropy);

  const std::string bad = fake_github_token(8, false);
  Candidate inv{1, bad, bad, bad, "x"};
  CHECK(filters.decide(inv).verdict == Verdict::Invalid);

  Candidate ph{2, "your_secret_token_here", "token = your_secret_token_here", "", "x"};
  ph.end_line = ph.line;
  CHECK(filters.decide(ph).verdict == Verdict::Placeholder);
}

TEST_CASE("unknown validators and bad allowlist regexes are load errors naming the rule") {
  auto rules = demo_rules();
  rules[0].validators = {"nope"};
  auto f = Filters::build(rules, {});
  REQUIRE_FALSE(f.ok());
  CHECK(f.error() == "test.yaml:1: rule aws-key: unknown validator 'nope'");
  Allowlist g;
  g.secrets = {"("};
  auto f2 = Filters::build(demo_rules(), g);
  REQUIRE_FALSE(f2.ok());
  // Named by position, never quoted (an allowlisted regex may be a secret itself).
  CHECK_MESSAGE(f2.error().find("allowlist secret regex 1 of 1 is invalid (RE2: missing )") != std::string::npos, f2.error());
  CHECK(f2.error().find("'('") == std::string::npos);
  // Joined into one regex, a pattern must not close the group around it and swallow its neighbours.
  g.secrets = {"^AKIA0", "x)|(.*"};
  auto f3 = Filters::build(demo_rules(), g);
  REQUIRE_FALSE(f3.ok());
  CHECK_MESSAGE(f3.error().find("allowlist secret regex") != std::string::npos, f3.error());
}

TEST_CASE("allowlist secret regexes keep their own flags and anchors when joined") {
  Allowlist g;
  g.secrets = {"(?i)^akia2", "7777$", R"(\(literal[)(]\))"};
  auto f = Filters::build(demo_rules(), g);
  REQUIRE_MESSAGE(f.ok(), f.error());
  const auto decide = [&](const std::string& key) {
    const std::string line = "k = " + key;
    return (*f)->decide(Candidate{0, key, line, line, "a"}).verdict;
  };
  const std::string body = random_chars(11, "BCDEFGHIJKLMNOPQRSTUVWXYZ", 3);
  CHECK(decide("AKIA2" + body) == Verdict::Allowlisted);           // (?i) applies to its own pattern
  CHECK(decide("AKIA3" + body.substr(0, 7) + "7777") == Verdict::Allowlisted);
  CHECK(decide("AKIA3" + body.substr(0, 6) + "7777B") != Verdict::Allowlisted);  // $ stays an anchor
  CHECK(decide("AKIA3" + body + "Q") != Verdict::Allowlisted);
}

TEST_CASE("a validator raises a medium rule to high, but a rule declared low only rejects") {
  std::vector<Rule> rules;
  Rule medium = make_rule("aws-medium", R"(\b(AKIA[A-Z2-7]{16})\b)");
  medium.validators = {"aws-account-id"};
  rules.push_back(medium);
  Rule low = make_rule("aws-low", R"(\b(AKIA[A-Z2-7]{16})\b)", "low");
  low.validators = {"aws-account-id"};
  rules.push_back(low);
  auto f = Filters::build(rules, Allowlist{});
  REQUIRE_MESSAGE(f.ok(), f.error());
  const std::string key = fake_aws_key_id(9);
  const std::string line = "k = " + key;
  CHECK((*f)->decide(Candidate{0, key, line, line, "a"}).confidence == "high");
  const Decision d = (*f)->decide(Candidate{1, key, line, line, "a"});
  CHECK(d.verdict == Verdict::Keep);
  CHECK(d.confidence == "low");
  CHECK_FALSE(d.notes.empty());  // the check still ran: the account id is reported
}
