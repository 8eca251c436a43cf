#include <doctest/doctest.h>

#include "ruleset/default_rules.h"
#include "ruleset/loader.h"

using namespace keysnare;

TEST_CASE("rules parse with their fields and source lines") {
  auto r = parse_rules(R"(rules:
  - id: demo-token
    description: Demo token
    regex: '\b(demo_[a-z0-9]{20})\b'
    entropy: 3.0
    severity: high
    tags: [demo, test]
    allowlist:
      stopwords: [fixture]
    examples:
      - text: 'x = demo_abcdefghij0123456789'
        secret: demo_abcdefghij0123456789
    negative_examples:
      - 'demo_short'
)",
                       "demo.yaml");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  const Rule& rule = r->front();
  CHECK(rule.id == "demo-token");
  CHECK(rule.min_entropy == doctest::Approx(3.0));
  CHECK(rule.tags.size() == 2);
  CHECK(rule.allowlist.stopwords.front() == "fixture");
  CHECK(rule.spot.file == "demo.yaml");
  CHECK(rule.spot.line == 2);
  CHECK(rule.examples.front().spot.line == 11);
  CHECK(rule.negative_examples.front().text == "demo_short");
}

TEST_CASE("bad rule files give file:line errors") {
  auto bad_yaml = parse_rules("rules:\n  - id: x\n    regex: [unclosed\n", "bad.yaml");
  REQUIRE_FALSE(bad_yaml.ok());
  CHECK(bad_yaml.error().rfind("bad.yaml:", 0) == 0);

  auto unknown = parse_rules("rules:\n  - id: x\n    regex: 'a'\n    sevrity: high\n", "typo.yaml");
  REQUIRE_FALSE(unknown.ok());
  // The key is not quoted (a value typed where a key belongs may be a token): file:line and the keys
  // expected say what to fix.
  CHECK(unknown.error().starts_with("typo.yaml:4: unknown key '\xE2\x80\xA6' (7 characters) in rule (expected id, "));
  CHECK(unknown.error().find("sevrity") == std::string::npos);

  auto no_regex = parse_rules("rules:\n  - id: x\n", "n.yaml");
  REQUIRE_FALSE(no_regex.ok());
  CHECK(no_regex.error().find("missing 'regex'") != std::string::npos);

  auto pos_without_secret = parse_rules("rules:\n  - id: x\n    regex: 'a'\n    examples: ['a']\n", "e.yaml");
  REQUIRE_FALSE(pos_without_secret.ok());
}

TEST_CASE("validation rejects duplicates and bad severities") {
  auto r = parse_rules("rules:\n  - id: a\n    regex: 'x'\n  - id: a\n    regex: 'y'\n", "d.yaml");
  REQUIRE(r.ok());
  auto st = validate_rules(*r);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().find("duplicate id") != std::string::npos);
  CHECK(st.error().rfind("d.yaml:4:", 0) == 0);

  auto s = parse_rules("rules:\n  - id: a\n    regex: 'x'\n    severity: urgent\n", "s.yaml");
  REQUIRE(s.ok());
  CHECK_FALSE(validate_rules(*s).ok());
}

TEST_CASE("a user rule with a built-in id replaces it; disable removes rules") {
  std::vector<Rule> base(2);
  base[0].id = "a";
  base[0].regex = "x";
  base[1].id = "b";
  base[1].regex = "y";
  std::vector<Rule> more(2);
  more[0].id = "b";
  more[0].regex = "z";
  more[1].id = "c";
  more[1].regex = "w";
  merge_rules(base, more);
  REQUIRE(base.size() == 3);
  CHECK(base[1].regex == "z");
  CHECK(apply_disabled(base, {"a"}, "cfg").ok());
  CHECK(base.size() == 2);
  auto st = apply_disabled(base, {"nope"}, "cfg.yaml");
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().starts_with("cfg.yaml: disable: entry 1 names no rule ('\xE2\x80\xA6' (4 characters)"));
}

TEST_CASE("configuration: allowlists, rules, disable; unknown keys rejected") {
  RuleSet set;
  auto st = parse_config(R"(allowlist:
  paths: ['vendor/**']
  secrets: ['^test_']
  stopwords: [dummy]
  fingerprints: ['0123456789abcdef0123456789abcdef']
disable: [some-rule]
rules:
  - id: extra
    regex: 'extra_[0-9]{8}'
)",
                         ".keysnare.yaml", set);
  REQUIRE(st.ok());
  CHECK(set.allowlist.paths.front() == "vendor/**");
  CHECK(set.allowlist.fingerprints.size() == 1);
  CHECK(set.disabled.front() == "some-rule");
  CHECK(set.rules.front().id == "extra");

  RuleSet other;
  auto bad = parse_config("allowlist:\n  path: ['x']\n", "c.yaml", other);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error() == "c.yaml:2: unknown key '\xE2\x80\xA6' (4 characters) in allowlist (expected paths, secrets, "
                       "stopwords, fingerprints)");
}

TEST_CASE("the embedded default rules load and validate") {
  auto r = load_default_rules();
  REQUIRE_MESSAGE(r.ok(), r.error());
  CHECK(validate_rules(*r).ok());
}

TEST_CASE("the pre-parsed default rule table equals the embedded YAML, field by field") {
  auto yaml = load_default_rules();
  REQUIRE(yaml.ok());
  const auto fast = default_rules_fast();
  REQUIRE(fast.size() == yaml->size());
  for (std::size_t i = 0; i < fast.size(); ++i) {
    const Rule& a = fast[i];
    const Rule& b = (*yaml)[i];
    CHECK(a.id == b.id);
    CHECK(a.description == b.description);
    CHECK(a.regex == b.regex);
    CHECK(a.secret_group == b.secret_group);
    CHECK(a.min_entropy == b.min_entropy);
    CHECK(a.severity == b.severity);
    CHECK(a.confidence == b.confidence);
    CHECK(a.validators == b.validators);
    CHECK(a.tags == b.tags);
    CHECK(a.allowlist.paths == b.allowlist.paths);
    CHECK(a.allowlist.secrets == b.allowlist.secrets);
    CHECK(a.allowlist.stopwords == b.allowlist.stopwords);
    CHECK(a.spot.file == b.spot.file);
    CHECK(a.spot.line == b.spot.line);
  }
}
