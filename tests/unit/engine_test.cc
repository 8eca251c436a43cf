#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/database.h"
#include "engine/matcher.h"
#include "fixtures.h"

using namespace keysnare;
using namespace keysnare::testing;

namespace {
std::shared_ptr<const Database> build(std::vector<Rule> rules, std::string cache = "") {
  auto db = Database::build(std::move(rules), {cache});
  REQUIRE_MESSAGE(db.ok(), db.error());
  return *db;
}
std::vector<Match> scan(const std::shared_ptr<const Database>& db, std::string_view text) {
  auto m = Matcher::create(db);
  REQUIRE(m.ok());
  std::vector<Match> out;
  REQUIRE((*m)->scan(text, out).ok());
  return out;
}
}  // namespace

TEST_CASE("matcher finds every match with the secret group's exact span") {
  auto db = build(demo_rules());
  const std::string k1 = fake_aws_key_id(1), k2 = fake_aws_key_id(2);
  const std::string text = "a = " + k1 + "\nb = \"" + k2 + "\" # again " + k1 + "\n";
  auto ms = scan(db, text);
  REQUIRE(ms.size() == 3);
  for (const auto& m : ms) CHECK(m.rule == 0);
  CHECK(text.substr(ms[0].secret_start, ms[0].secret_end - ms[0].secret_start) == k1);
  CHECK(text.substr(ms[1].secret_start, ms[1].secret_end - ms[1].secret_start) == k2);
  CHECK(ms[2].secret_start == text.rfind(k1));
}

TEST_CASE("word boundaries see the bytes around the confirmation window") {
  auto db = build(demo_rules());
  const std::string k = fake_aws_key_id(3);
  CHECK(scan(db, "x" + k).empty());          // glued to a word on the left
  CHECK(scan(db, k + "Z").empty());          // and on the right
  CHECK(scan(db, "(" + k + ")").size() == 1);
}

TEST_CASE("multi-line unbounded rules are confirmed over the whole buffer") {
  auto db = build(demo_rules());
  const std::string body = random_chars(64, kBase62, 7);
  const std::string pem = std::string("-----BEGIN ") + "RSA PRIVATE KEY-----\n" + body + "\n" + body +
                          "\n-----END RSA " + "PRIVATE KEY-----";
  const std::string text = std::string(5000, 'a') + "\n" + pem + "\nmore\n";
  auto ms = scan(db, text);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].rule == 3);
  CHECK(text.substr(ms[0].secret_start, ms[0].secret_end - ms[0].secret_start) == pem);
}

TEST_CASE("adversarial input with more windows than the cap still gives all matches") {
  auto db = build({make_rule("short", R"(\b(zq[0-9]{4})\b)")});
  std::string text;
  const std::size_t n = Matcher::kMaxWindows + 500;
  for (std::size_t i = 0; i < n; ++i) text += "zq" + std::to_string(1000 + i % 9000) + " ";
  CHECK(scan(db, text).size() == n);
}

TEST_CASE("rules Hyperscan refuses exactly fall back to prefiltering and stay correct") {
  // A large bounded repeat of a class inside an alternation is beyond Hyperscan's exact limits on
  // some versions; whether exact or prefiltered, results must equal RE2's.
  Rule r = make_rule("rep", R"(\b(key_(?:[a-f0-9]{2}){1,300}x)\b)");
  auto st = check_rule_compiles(r);
  REQUIRE_MESSAGE(st.ok(), st.error());
  auto db = build({r});
  auto ms = scan(db, "k key_abcdef01x and key_zz");
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].secret_end - ms[0].secret_start == 13);
}

TEST_CASE("check_rule_compiles names the engine and the problem") {
  auto backref = check_rule_compiles(make_rule("b", R"((a)\1)"));
  REQUIRE_FALSE(backref.ok());
  CHECK(backref.error().rfind("RE2:", 0) == 0);
  auto empty = check_rule_compiles(make_rule("e", "a*"));
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error() == "the regex matches the empty string");
  Rule g = make_rule("g", "(a)(b)");
  g.secret_group = 3;
  CHECK_FALSE(check_rule_compiles(g).ok());
}

TEST_CASE("the serialized database is cached, reused, and a corrupt copy is rebuilt") {
  const auto dir = std::filesystem::temp_directory_path() / ("ks-cache-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto first = build(demo_rules(), dir.string());
  CHECK_FALSE(first->loaded_from_cache());
  auto second = build(demo_rules(), dir.string());
  CHECK(second->loaded_from_cache());
  CHECK(scan(second, fake_aws_key_id(9)).size() == 1);
  // Corrupt every cached file: the next build must notice, recompile and still work.
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    std::fstream f(e.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.write("garbage!", 8);
  }
  auto third = build(demo_rules(), dir.string());
  CHECK_FALSE(third->loaded_from_cache());
  CHECK(scan(third, fake_aws_key_id(9)).size() == 1);
  // A different rule set gets a different key.
  auto other = build({make_rule("x", "xyz[0-9]{3}")}, dir.string());
  CHECK_FALSE(other->loaded_from_cache());
  std::filesystem::remove_all(dir);
}
