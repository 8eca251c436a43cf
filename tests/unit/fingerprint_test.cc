// Fingerprints (pipeline/fingerprint.h), baselines (pipeline/baseline.h), the run's known secrets and
// the spans the detector records for redaction (pipeline/detector.h).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "fixtures.h"
#include "pipeline/baseline.h"
#include "pipeline/detector.h"
#include "pipeline/fingerprint.h"
#include "pipeline/known_secrets.h"
#include "report/redact.h"

using namespace keysnare;
using namespace keysnare::testing;

namespace {

DetectionSetup setup_for(std::vector<Rule> rules) {
  auto f = Filters::build(rules, {});
  REQUIRE(f.ok());
  auto db = Database::build(rules, {});
  REQUIRE(db.ok());
  return {*db, *f};
}

}  // namespace

TEST_CASE("fingerprints: stable per salt, different across salts and rules, v2 format") {
  const Fingerprinter a("config:0123456789abcdef", "a"), a2("config:0123456789abcdef", "again"),
      b("git-root:feedface", "b");
  const std::string token = fake_github_token(5), pw = std::string("hunter") + "2!x";
  for (const std::string& s : {token, pw}) {
    CHECK(a("r", s) == a2("r", s));  // another instance (machine, run): the same
    CHECK(a("r", s) != b("r", s));
    CHECK(a("r", s) != a("other-rule", s));
    CHECK(is_fingerprint_v2(a("r", s)));
    CHECK_FALSE(is_fingerprint_v1(a("r", s)));
    CHECK(a("r", s) != fingerprint_v1("r", s));
  }
  CHECK(fingerprint("r", token) == (*Fingerprinter::default_instance())("r", token));
  // v1 stays what it was (baselines written before v2 are matched with it).
  CHECK(fingerprint_v1("aws-key", "x") == fingerprint_v1("aws-key", "x"));
  CHECK(is_fingerprint_v1(fingerprint_v1("aws-key", "x")));
  CHECK_FALSE(is_fingerprint_v2("v2-0123"));
  CHECK_FALSE(is_fingerprint_v1("0123456789ABCDEF0123456789abcdef"));  // lowercase only
}

TEST_CASE("fingerprints: guessable secrets go through the KDF once per distinct secret") {
  CHECK_FALSE(hard_to_guess(std::string("Tr0ub4") + "dor&3"));                 // short
  CHECK_FALSE(hard_to_guess(std::string("correct horse ") + "battery staple"));  // words
  CHECK_FALSE(hard_to_guess(std::string("Summer2024!") + "Winter2023?"));        // mostly words
  CHECK_FALSE(hard_to_guess(std::string(40, 'a')));                              // no entropy
  CHECK_FALSE(hard_to_guess("abababababababababababab"));
  CHECK_FALSE(hard_to_guess(std::string("correcthorse") + "batterystaple"));  // words run together
  CHECK_FALSE(hard_to_guess(std::string("MySuper") + "SecretPassword123"));
  CHECK(guess_bits(std::string("correct horse ") + "battery staple") == doctest::Approx(50.0));
  CHECK(hard_to_guess(random_chars(64, "abcdefghijklmnopqrstuvwxyz", 4)));  // random letters are no words
  // Linear in the secret's length: a 1 MB run of letters is judged at once.
  const auto start = std::chrono::steady_clock::now();
  CHECK(hard_to_guess(random_chars(1 << 20, "bcdfghjklmnpqrstvwxz", 5)));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(hard_to_guess(fake_github_token(9)));
  CHECK(hard_to_guess(fake_aws_key_id(9)));
  CHECK(hard_to_guess(random_chars(40, kBase62, 3)));

  const Fingerprinter f("config:kdf-test-salt-0001", "test");
  const std::string pw = std::string("Tr0ub4") + "dor&3";
  const std::string first = f("r", pw);
  CHECK(f.kdf_count() == 1);
  CHECK(f("r", pw) == first);
  CHECK(f("another-rule", pw) != first);  // the KDF result is reused, the rule still counts
  CHECK(f.kdf_count() == 1);
  (void)f("r", fake_aws_key_id(11));  // hard to guess: no KDF
  CHECK(f.kdf_count() == 1);
  // The KDF costs real work: far more than a salted SHA-256 (microseconds).
  const auto t0 = std::chrono::steady_clock::now();
  (void)f("r", std::string("Tr0ub4") + "dor&4");
  CHECK(std::chrono::steady_clock::now() - t0 > std::chrono::microseconds(500));
  CHECK(f.kdf_count() == 2);
}

TEST_CASE("fingerprints: thread-safe and deterministic across workers") {
  const Fingerprinter f("config:threads-salt-000001", "test");
  std::vector<std::string> want;
  for (int i = 0; i < 8; ++i) want.push_back(f("r", "pw-" + std::to_string(i)));
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) got[t].push_back(f("r", "pw-" + std::to_string(i)));
    });
  for (auto& t : ts) t.join();
  for (const auto& g : got) CHECK(g == want);
}

TEST_CASE("baseline: JSON, JSONL and SARIF reports, v1 and v2 entries") {
  const Fingerprinter salted("config:baseline-salt-0001", "test");
  const std::string s1 = fake_aws_key_id(21), s2 = fake_aws_key_id(22), s3 = fake_aws_key_id(23);
  std::vector<Finding> fs(3);
  fs[0].rule_id = fs[1].rule_id = fs[2].rule_id = "aws";
  fs[0].secret = s1;
  fs[1].secret = s2;
  fs[2].secret = s3;
  for (auto& f : fs) f.fingerprint = salted(f.rule_id, f.secret);
  const std::string v2 = fs[0].fingerprint, v1 = fingerprint_v1("aws", s2);
  const std::string stale = salted("aws", fake_aws_key_id(24));

  const auto check = [&](const std::string& text) {
    auto b = Baseline::parse(text, "base.json");
    REQUIRE_MESSAGE(b.ok(), b.error());
    std::vector<Finding> copy = fs;
    CHECK(b->apply(copy) == 1);  // `stale` matched nothing
    REQUIRE(copy.size() == 1);
    CHECK(copy[0].secret == s3);
  };
  check("[{\"fingerprint\":\"" + v2 + "\",\"x\":[1,{\"y\":null}]},\n{\"fingerprint\": \"" + v1 + "\"},{\"fingerprint\":\"" +
        stale + "\"}]\n");
  check("{\"fingerprint\":\"" + v2 + "\"}\n\n{\"fingerprint\":\"" + v1 + "\"}\r\n{\"fingerprint\":\"" + stale + "\"}");
  check(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"keysnare"}},"results":[
          {"partialFingerprints":{"keysnare/v2":"whatever"},"properties":{"fingerprint":")" + v2 + R"("}},
          {"partialFingerprints":{"keysnare/v1":")" + v1 + R"("}},
          {"properties":{"fingerprint":")" + stale + R"("}}]}]})");
  // Empty reports: an empty JSONL file, an empty JSON array.
  CHECK(Baseline::parse("", "e.jsonl").ok());
  CHECK(Baseline::parse(" \n", "e.jsonl").ok());
  CHECK(Baseline::parse("[]\n", "e.json").ok());
}

TEST_CASE("baseline: malformed input is an error naming the file, the line and the problem, never the content") {
  const std::string secret = fake_aws_key_id(31);
  const std::pair<std::string, std::string> cases[] = {
      {"[{\"fingerprint\": \"" + secret + "\"}]", "base.json: finding 1: not a keysnare fingerprint"},
      {"[{\"fp\": 1}]", "base.json: finding 1: finding without a \"fingerprint\""},
      {"[1]", "base.json: finding 1: expected a finding object"},
      {"[{\"fingerprint\": \"" + secret, "base.json:1:"},
      {"{\"fingerprint\": \"" + fingerprint_v1("r", "x") + "\"}\n{" + secret + "\n", "base.json:2: invalid JSON"},
      {"{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"gitleaks\"}}}]}", "base.json: runs[0]: not a keysnare run"},
      {"{\"runs\":[{\"tool\":{\"driver\":{\"name\":\"keysnare\"}},\"results\":[{}]}]}",
       "base.json: runs[0].results[0]: result without a keysnare fingerprint"},
      {secret, "base.json:1:1: not a keysnare JSON, JSONL or SARIF report"},
  };
  for (const auto& [text, want] : cases) {
    auto b = Baseline::parse(text, "base.json");
    REQUIRE_FALSE(b.ok());
    CHECK_MESSAGE(b.error().starts_with(want), b.error());
    CHECK_MESSAGE(b.error().find(secret) == std::string::npos, b.error());
    CHECK(b.error().find(secret.substr(4)) == std::string::npos);
  }
}

TEST_CASE("detector: every kept secret is known and marked on the lines that show it, reported or not") {
  auto setup = setup_for({make_rule("aws", "(AKIA[A-Z2-7]{16})"), make_rule("gh", "(ghp_[A-Za-z0-9]{36})")});
  auto d = Detector::create(setup);
  REQUIRE(d.ok());
  (*d)->set_max_findings(1);
  const std::string a = fake_aws_key_id(41), g = fake_github_token(42);
  const std::string text = "cap = " + a + " " + g + "\nnext " + g + "\n";
  std::vector<Finding> out;
  Provenance where;
  where.path = "c.txt";
  REQUIRE((*d)->detect(text, where, nullptr, out).ok());
  REQUIRE(out.size() == 1);  // the cap: the others are counted, not built
  CHECK((*d)->drops().over_limit == 2);
  const Finding& f = out[0];
  CHECK(f.secret == a);
  REQUIRE(f.line_secrets.size() == 2);  // its own and the unreported neighbour
  CHECK(f.line_text.substr(f.line_secrets[0].start, f.line_secrets[0].end - f.line_secrets[0].start) == a);
  CHECK(f.line_text.substr(f.line_secrets[1].start, f.line_secrets[1].end - f.line_secrets[1].start) == g);
  CHECK(f.line_secrets[1].secret_chars == g.size());
  CHECK(f.line_secrets[1].secret_start);
  auto known = setup.known->view();
  std::sort(known.begin(), known.end());
  CHECK(known == std::vector<std::string_view>{a, g});
  std::vector<Finding> red = out;
  redact(red);
  CHECK(red[0].line_text == "cap = " + redact_secret(a) + " " + redact_secret(g));
}

TEST_CASE("detector: a window cut through a neighbour marks the piece, shown as nothing") {
  auto setup = setup_for({make_rule("aws", "(AKIA[A-Z2-7]{16})"), make_rule("long", "(zz[a-y]{400})")});
  auto d = Detector::create(setup);
  REQUIRE(d.ok());
  const std::string a = fake_aws_key_id(51);
  const std::string longsecret = "zz" + random_chars(400, "abcdefghijklmnopqrstuvwxy", 52);
  const std::string text = std::string(500, ' ') + longsecret + " " + a + std::string(500, ' ') + "\n";
  std::vector<Finding> out;
  REQUIRE((*d)->detect(text, Provenance{}, nullptr, out).ok());
  REQUIRE(out.size() == 2);
  const Finding& f = out[1];  // the aws key's window starts inside the long secret
  CHECK(f.secret == a);
  REQUIRE(f.line_secrets.size() == 2);
  CHECK(f.line_secrets[0].start == 0);
  CHECK_FALSE(f.line_secrets[0].secret_start);
  std::vector<Finding> red = out;
  redact(red, {});
  CHECK(red[1].line_text.find(longsecret.substr(longsecret.size() - 40)) == std::string::npos);
  CHECK(red[1].line_text.starts_with("\xE2\x80\xA6 "));
}

TEST_CASE("known secrets: distinct, thread-safe") {
  KnownSecrets k;
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 100; ++i) k.add({"s" + std::to_string(i % 10), ""});
    });
  for (auto& t : ts) t.join();
  CHECK(k.size() == 10);
  k.clear();
  CHECK(k.view().empty());
}
