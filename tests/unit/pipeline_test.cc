#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "fixtures.h"
#include "pipeline/baseline.h"
#include "pipeline/detector.h"
#include "pipeline/rule_check.h"
#include "pipeline/scan.h"
#include "sources/fs_source.h"

using namespace keysnare;
using namespace keysnare::testing;
namespace fs = std::filesystem;

namespace {

DetectionSetup setup_for(std::vector<Rule> rules, Allowlist global = {}) {
  auto f = Filters::build(rules, global);
  REQUIRE_MESSAGE(f.ok(), f.error());
  auto db = Database::build(std::move(rules), {});
  REQUIRE_MESSAGE(db.ok(), db.error());
  return {*db, *f};
}

std::vector<Finding> detect(const DetectionSetup& s, std::string_view text, const LineRanges* added = nullptr) {
  auto d = Detector::create(s);
  REQUIRE(d.ok());
  std::vector<Finding> out;
  Provenance where;
  where.path = "f.txt";
  REQUIRE((*d)->detect(text, where, added, out).ok());
  return out;
}

// An in-memory source: items whose content is given, the way git sources hand over blobs.
class MemorySource : public Source {
 public:
  MemorySource(std::vector<Item> items, std::vector<std::string> contents, bool group)
      : items_(std::move(items)), contents_(std::move(contents)), group_(group) {}
  std::vector<Item> plan(Diagnostics&) override { return items_; }
  std::unique_ptr<Reader> reader() override { return std::make_unique<R>(this); }
  bool groups_by_secret() const override { return group_; }

 private:
  struct R : Reader {
    explicit R(MemorySource* s) : s(s) {}
    ReadOutcome read(const Item& item, std::uint64_t, std::string& buf) override {
      buf = s->contents_[std::stoul(item.locator)];
      return {};
    }
    MemorySource* s;
  };
  std::vector<Item> items_;
  std::vector<std::string> contents_;
  bool group_;
};

}  // namespace

TEST_CASE("findings carry 1-based line and character columns, line text and a content fingerprint") {
  auto s = setup_for(demo_rules());
  const std::string key = fake_aws_key_id(11);
  const std::string text = "first\n\xc3\xa9t\xc3\xa9 = '" + key + "'\r\nlast\n";
  auto fs = detect(s, text);
  REQUIRE(fs.size() == 1);
  const Finding& f = fs[0];
  CHECK(f.rule_id == "aws-key");
  CHECK(f.secret == key);
  CHECK(f.location.line == 2);
  CHECK(f.location.column == 8);  // "été = '" is 7 characters (9 bytes)
  CHECK(f.location.end_line == 2);
  CHECK(f.location.end_column == 28);
  CHECK(f.line_text == "\xc3\xa9t\xc3\xa9 = '" + key + "'");  // \r trimmed
  CHECK(f.confidence == "high");
  CHECK(f.fingerprint == fingerprint("aws-key", key));
  // Moving the secret keeps the fingerprint; another secret changes it.
  auto moved = detect(s, "\n\n\nx=" + key);
  REQUIRE(moved.size() == 1);
  CHECK(moved[0].fingerprint == f.fingerprint);
  CHECK(fingerprint("aws-key", fake_aws_key_id(12)) != f.fingerprint);
}

TEST_CASE("a specific rule wins over a generic rule on the same secret") {
  auto s = setup_for(demo_rules());
  const std::string tok = fake_github_token(21);
  auto fs = detect(s, "token = " + tok + "\n");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule_id == "github-classic");
  // A token failing its checksum is rejected by the specific rule, but that rejection does not hide
  // it: the generic rule, which accepts it, reports it at its own (low) confidence.
  const std::string bad = fake_github_token(21, false);
  auto rejected = detect(s, "token = " + bad + "\n");
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].rule_id == "generic-token");
  CHECK(rejected[0].confidence == "low");
  CHECK(rejected[0].secret == bad);
}

TEST_CASE("added-line restriction keeps only secrets on added lines; multi-line secrets count if any line is added") {
  auto s = setup_for(demo_rules());
  const std::string k1 = fake_aws_key_id(31), k2 = fake_aws_key_id(32);
  LineRanges added;
  added.ranges = {{2, 2}};
  auto fs = detect(s, k1 + "\n" + k2 + "\n", &added);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].secret == k2);

  const std::string body = random_chars(60, kBase62, 9);
  const std::string pem = std::string("-----BEGIN ") + "PRIVATE KEY-----\n" + body + "\n-----END " + "PRIVATE KEY-----\n";
  LineRanges middle;
  middle.ranges = {{3, 3}};
  auto p = detect(s, "x\n" + pem, &middle);
  REQUIRE(p.size() == 1);
  CHECK(p[0].location.line == 2);
  CHECK(p[0].location.end_line == 4);
}

TEST_CASE("long lines keep a bounded window of context") {
  auto s = setup_for(demo_rules());
  const std::string key = fake_aws_key_id(41);
  const std::string text = std::string(100000, ';') + " " + key + " " + std::string(100000, ';');
  auto fs = detect(s, text);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].line_text.size() <= 2 * Detector::kLineContext + key.size());
  CHECK(fs[0].line_text.find(key) != std::string::npos);
  CHECK(fs[0].location.column == 100002);
}

TEST_CASE("scan output is identical for any thread count") {
  const fs::path root = fs::temp_directory_path() / ("ks-scan-" + std::to_string(::getpid()));
  fs::remove_all(root);
  for (int d = 0; d < 8; ++d) {
    fs::create_directories(root / ("dir" + std::to_string(d)));
    for (int i = 0; i < 25; ++i) {
      std::ofstream out(root / ("dir" + std::to_string(d)) / ("f" + std::to_string(i) + ".txt"));
      out << "line\n";
      if ((d * 25 + i) % 7 == 0) out << "key = " << fake_aws_key_id(static_cast<unsigned>(d * 100 + i)) << "\n";
    }
  }
  { std::ofstream bin(root / "image.png", std::ios::binary); bin.write("\x89PNG\0\0\0", 7); }
  auto s = setup_for(demo_rules());
  auto run = [&](unsigned threads) {
    FsSource src({root.string()}, {});
    Diagnostics diag;
    ScanOptions o;
    o.threads = threads;
    return run_scan(src, s, o, diag);
  };
  auto one = run(1), many = run(8);
  REQUIRE(one.findings.size() == 29);
  REQUIRE(many.findings.size() == one.findings.size());
  for (std::size_t i = 0; i < one.findings.size(); ++i) {
    CHECK(one.findings[i].location.where.path == many.findings[i].location.where.path);
    CHECK(one.findings[i].fingerprint == many.findings[i].fingerprint);
  }
  CHECK(one.stats.items_scanned == 200);
  CHECK(one.stats.skipped_binary == 1);
  CHECK(std::is_sorted(one.findings.begin(), one.findings.end(), finding_less));
  fs::remove_all(root);
}

TEST_CASE("grouping sources merge one secret into one finding at its oldest occurrence") {
  const std::string key = fake_aws_key_id(51);
  auto commit = [](std::string id, std::int64_t t) {
    auto c = std::make_shared<CommitInfo>();
    c->id = std::move(id);
    c->time = t;
    return std::shared_ptr<const CommitInfo>(c);
  };
  std::vector<Item> items(2);
  items[0].where = {SourceKind::Commit, "new.txt", commit("bbbb", 200), "b1"};
  items[0].locator = "0";
  items[1].where = {SourceKind::Commit, "old.txt", commit("aaaa", 100), "b2"};
  items[1].also.push_back({SourceKind::Commit, "copy.txt", commit("cccc", 300), "b2"});
  items[1].locator = "1";
  std::vector<std::string> contents = {"x " + key + "\n", "\n" + key + "\n"};
  auto s = setup_for(demo_rules());
  for (bool all : {false, true}) {
    MemorySource src(items, contents, true);
    Diagnostics diag;
    ScanOptions o;
    o.threads = 2;
    o.all_occurrences = all;
    auto r = run_scan(src, s, o, diag);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].location.where.path == "old.txt");
    CHECK(r.findings[0].location.where.commit->id == "aaaa");
    CHECK(r.findings[0].location.line == 2);
    CHECK(r.findings[0].also.size() == (all ? 2u : 0u));
  }
}

TEST_CASE("baseline suppresses by fingerprint and counts stale entries") {
  const fs::path p = fs::temp_directory_path() / ("ks-baseline-" + std::to_string(::getpid()) + ".json");
  const std::string fp1 = fingerprint("r", "one"), fp2 = fingerprint("r", "two");
  { std::ofstream(p) << "[{\"fingerprint\": \"" << fp1 << "\"},\n{\"fingerprint\":\"" << fp2 << "\"}]\n"; }
  auto b = Baseline::load(p.string());
  REQUIRE(b.ok());
  std::vector<Finding> fs(2);
  fs[0].fingerprint = fp1;
  fs[1].fingerprint = fingerprint("r", "three");
  CHECK(b->apply(fs) == 1);
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].fingerprint == fingerprint("r", "three"));
  { std::ofstream(p) << "not json"; }
  CHECK_FALSE(Baseline::load(p.string()).ok());
  fs::remove(p);
  CHECK_FALSE(Baseline::load(p.string()).ok());
}

TEST_CASE("overlapping rules of equal precedence give one finding: the rule listed first keeps it") {
  // "wide" takes zz + 20 characters; "narrow" the last 21 of them: different, overlapping spans.
  std::vector<Rule> rules = {make_rule("wide", R"(\b(zz[a-y0-9]{20})\b)"), make_rule("narrow", R"((z[a-y0-9]{20})\b)")};
  const std::string tok = "zz" + random_chars(20, "abcdefghijklmnopqrstuvwxy0123456789", 3);
  auto s = setup_for(rules);
  auto fs = detect(s, "x " + tok + " q");
  REQUIRE(fs.size() == 1);
  CHECK(fs[0].rule_id == "wide");
  std::swap(rules[0], rules[1]);
  auto swapped = detect(setup_for(rules), "x " + tok + " q");
  REQUIRE(swapped.size() == 1);
  CHECK(swapped[0].rule_id == "narrow");
  // rules check no longer sees a double report, only the missing examples.
  std::swap(rules[0], rules[1]);
  rules[0].examples.push_back({"x " + tok + " q", tok, "", {"o.yaml", 5}});
  auto res = check_rules(rules, {}, {});
  REQUIRE(res.failures.size() == 2);
  CHECK(res.failures[0] == "test.yaml:1: rule wide: needs at least 2 examples and 2 negative examples (has 1 and 0)");
}

TEST_CASE("rule check reports every kind of failure with file:line and rule id") {
  std::vector<Rule> rules = demo_rules();
  const std::string key = fake_aws_key_id(61);
  rules[0].examples.push_back({"k=" + key, key, "", {"r.yaml", 10}});
  rules[0].examples.push_back({"nothing here", "x", "", {"r.yaml", 11}});
  rules[0].negative_examples.push_back({"k=" + fake_aws_key_id(62), "", "", {"r.yaml", 12}});
  Rule broken = make_rule("broken", "(a)\\1");
  broken.spot = {"r.yaml", 20};
  rules.push_back(broken);
  auto res = check_rules(rules, {}, {});
  std::erase_if(res.failures, [](const std::string& f) { return f.find("needs at least") != std::string::npos; });
  REQUIRE(res.failures.size() == 3);
  CHECK(res.failures[0].rfind("r.yaml:20: rule broken: RE2:", 0) == 0);
  CHECK(res.failures[1] == "r.yaml:11: rule aws-key: example does not match the regex");
  CHECK(res.failures[2] == "r.yaml:12: rule aws-key: negative example yields a finding");
  CHECK(res.examples == 2);
}
