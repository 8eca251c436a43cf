// Robustness on untrusted input (issue "Hardening"): UTF-16 files, the per-file findings cap, linear
// cost on long lines, globs without exponential backtracking, redaction of neighbouring secrets, and
// the strict JSON/CSV validators the fuzz targets rely on. Fake tokens come from fixtures.h.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "base/glob.h"
#include "base/text.h"
#include "fixtures.h"
#include "fuzz/csv_check.h"
#include "fuzz/json_check.h"
#include "pipeline/detector.h"
#include "pipeline/scan.h"
#include "report/redact.h"
#include "report/secret_set.h"
#include "ruleset/loader.h"

using namespace keysnare;
using namespace keysnare::testing;

namespace {

DetectionSetup hardening_setup() {
  auto rules = demo_rules();
  auto f = Filters::build(rules, {});
  REQUIRE_MESSAGE(f.ok(), f.error());
  auto db = Database::build(std::move(rules), {});
  REQUIRE_MESSAGE(db.ok(), db.error());
  return {*db, *f};
}

std::string to_utf16(std::string_view ascii, bool be, bool bom) {
  std::string out;
  if (bom) out += be ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : ascii) {
    if (be) out += '\0';
    out += c;
    if (!be) out += '\0';
  }
  return out;
}

// Items whose content is given in memory (as git sources hand over blobs).
class BlobSource : public Source {
 public:
  explicit BlobSource(std::vector<std::pair<std::string, std::string>> blobs) : blobs_(std::move(blobs)) {}
  std::vector<Item> plan(Diagnostics&) override {
    std::vector<Item> items;
    for (std::size_t i = 0; i < blobs_.size(); ++i) {
      Item it;
      it.where.path = blobs_[i].first;
      it.locator = std::to_string(i);
      it.size = blobs_[i].second.size();
      items.push_back(std::move(it));
    }
    return items;
  }
  std::unique_ptr<Reader> reader() override { return std::make_unique<R>(this); }

 private:
  struct R : Reader {
    explicit R(BlobSource* s) : s(s) {}
    ReadOutcome read(const Item& item, std::uint64_t, std::string& buf) override {
      buf = s->blobs_[std::stoul(item.locator)].second;
      return {};
    }
    BlobSource* s;
  };
  std::vector<std::pair<std::string, std::string>> blobs_;
};

// Runs a scan with diagnostics captured; returns what was written to them.
std::string scan_captured(Source& src, const DetectionSetup& s, const ScanOptions& o, ScanOutcome& out) {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  {
    Diagnostics diag(f);
    out = run_scan(src, s, o, diag);
  }
  std::rewind(f);
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return text;
}

}  // namespace

TEST_CASE("UTF-16 is recognised by its BOM, or without one by alternating NULs") {
  bool bom = false;
  CHECK(utf16_encoding(to_utf16("hi", false, true), &bom) == Utf16::LittleEndian);
  CHECK(bom);
  CHECK(utf16_encoding(to_utf16("hi", true, true), &bom) == Utf16::BigEndian);
  CHECK(utf16_encoding(to_utf16("a line of ascii text", false, false), &bom) == Utf16::LittleEndian);
  CHECK_FALSE(bom);
  CHECK(utf16_encoding(to_utf16("a line of ascii text", true, false)) == Utf16::BigEndian);
  CHECK(utf16_encoding("plain ascii text, no NULs at all") == Utf16::None);
  CHECK(utf16_encoding(std::string(64, '\0')) == Utf16::None);      // NUL-only: binary
  CHECK(utf16_encoding(to_utf16("short", false, false)) == Utf16::None);  // under 16 bytes: not guessed
  CHECK(utf16_encoding(to_utf16("a line of ascii text", false, false) + "x") == Utf16::None);  // odd size
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
  CHECK(utf16_encoding(png) == Utf16::None);
}

TEST_CASE("UTF-16 transcodes to valid UTF-8; bad surrogates and odd bytes become U+FFFD") {
  // U+00E9, U+20AC, U+1F600 (a surrogate pair), newline.
  const std::string le("\xE9\x00\xAC\x20\x3D\xD8\x00\xDE\x0A\x00", 10);
  CHECK(utf16_to_utf8(le, Utf16::LittleEndian) == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n");
  const std::string be("\x00\xE9\x20\xAC\xD8\x3D\xDE\x00\x00\x0A", 10);
  CHECK(utf16_to_utf8(be, Utf16::BigEndian) == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n");
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(utf16_to_utf8(std::string("\x00\xDC\x41\x00", 4), Utf16::LittleEndian) == fffd + "A");  // lone low
  CHECK(utf16_to_utf8(std::string("\x00\xD8\x41\x00", 4), Utf16::LittleEndian) == fffd + "A");  // high, no pair
  CHECK(utf16_to_utf8(std::string("\x00\xD8", 2), Utf16::LittleEndian) == fffd);               // high at the end
  CHECK(utf16_to_utf8(std::string("\x41\x00\x42", 3), Utf16::LittleEndian) == "A" + fffd);      // odd byte
  std::string s = to_utf16("x\ny\n", false, true);
  CHECK(transcode_utf16(s));
  CHECK(s == "x\ny\n");
  std::string plain = "x\ny\n";
  CHECK_FALSE(transcode_utf16(plain));
  CHECK(plain == "x\ny\n");
}

TEST_CASE("secrets in UTF-16 files are found at the file's own line and column") {
  auto s = hardening_setup();
  const std::string key = fake_aws_key_id(71);
  const std::string text = "first line\r\nsecond\r\n  key = " + key + "\r\n";
  BlobSource src({{"le.txt", to_utf16(text, false, true)},
                  {"be.txt", to_utf16(text, true, true)},
                  {"nobom.txt", to_utf16(text, false, false)}});
  ScanOptions o;
  ScanOutcome r;
  scan_captured(src, s, o, r);
  REQUIRE(r.findings.size() == 3);
  for (const auto& f : r.findings) {
    CHECK(f.secret == key);
    CHECK(f.location.line == 3);
    CHECK(f.location.column == 9);
    CHECK(f.line_text == "  key = " + key);
  }
  CHECK(r.stats.skipped_binary == 0);
  CHECK(r.stats.items_scanned == 3);
}

TEST_CASE("the detector builds at most N findings per blob and counts the rest") {
  auto s = hardening_setup();
  std::string text;
  for (unsigned i = 0; i < 10; ++i) text += "k" + std::to_string(i) + " = " + fake_aws_key_id(100 + i) + "\n";
  auto d = Detector::create(s);
  REQUIRE(d.ok());
  std::vector<Finding> all;
  REQUIRE((*d)->detect(text, {}, nullptr, all).ok());
  REQUIRE(all.size() == 10);
  (*d)->set_max_findings(3);
  std::vector<Finding> capped;
  REQUIRE((*d)->detect(text, {}, nullptr, capped).ok());
  REQUIRE(capped.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(capped[i].secret == all[i].secret);  // the first ones
  CHECK((*d)->drops().over_limit == 7);
}

TEST_CASE("the scan caps findings per blob, warns naming the file and counts what it dropped") {
  auto s = hardening_setup();
  std::string many, few = "x = " + fake_aws_key_id(300) + "\n";
  for (unsigned i = 0; i < 50; ++i) many += fake_aws_key_id(200 + i) + "\n";
  BlobSource src({{"many.txt", many}, {"few.txt", few}});
  ScanOptions o;
  o.threads = 2;
  o.max_findings_per_blob = 5;
  ScanOutcome r;
  const std::string diag = scan_captured(src, s, o, r);
  CHECK(r.findings.size() == 6);
  CHECK(r.stats.drops.over_limit == 45);
  CHECK(diag == "keysnare: warning: many.txt: 45 more findings not reported (over the limit of 5 per file, "
                "--max-findings-per-file)\n");
  // 0: no limit.
  o.max_findings_per_blob = 0;
  BlobSource again({{"many.txt", many}});
  scan_captured(again, s, o, r);
  CHECK(r.findings.size() == 50);
  CHECK(r.stats.drops.over_limit == 0);
}

TEST_CASE("many matches on one long line cost linear time, with exact columns") {
  auto s = hardening_setup();
  std::string line;
  std::vector<std::string> keys;
  for (unsigned i = 0; i < 20000; ++i) {
    keys.push_back(fake_aws_key_id(1000 + i));
    line += "\xC3\xA9 " + keys.back() + " " + std::string(60, ';');
  }
  auto d = Detector::create(s);
  REQUIRE(d.ok());
  std::vector<Finding> out;
  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE((*d)->detect("x\n" + line + "\n", {}, nullptr, out).ok());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  REQUIRE(out.size() == 20000);
  // Each item is 2 + 20 + 61 = 83 characters ("é" is one), the key starting 3 characters in.
  CHECK(out.back().location.line == 2);
  CHECK(out.back().location.column == 19999u * 83 + 3);
  CHECK(out.back().location.end_column == 19999u * 83 + 3 + 20);
  CHECK(out.back().secret == keys.back());
  CHECK(out.back().line_text.size() <= 2 * Detector::kLineContext + 20);
  // Quadratic work (a rescan of the 1.7 MB line per match) took minutes; linear takes well under one
  // second even unoptimised under sanitizers.
  CHECK(secs < 20.0);
}

TEST_CASE("the inline marker hint spares the filters a search of the line") {
  auto rules = demo_rules();
  auto f = Filters::build(rules, {});
  REQUIRE(f.ok());
  const std::string key = fake_aws_key_id(5);
  const std::string line = "k = " + key;  // named: Candidate holds views
  Candidate c{0, key, line, line, "a.txt"};
  CHECK((*f)->decide(c).verdict == Verdict::Keep);
  c.marked = true;
  CHECK((*f)->decide(c).verdict == Verdict::InlineAllow);
  const std::string marked_line = "k = " + key + " # keysnare:allow";
  Candidate m{0, key, marked_line, marked_line, "a.txt"};
  CHECK((*f)->decide(m).verdict == Verdict::InlineAllow);
}

TEST_CASE("globs answer in polynomial time, with the same meaning") {
  const std::string as(60, 'a');
  const auto t0 = std::chrono::steady_clock::now();
  CHECK_FALSE(glob_match_raw("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", as));
  CHECK_FALSE(glob_match_raw("**a**a**a**a**a**a**a**a**a**a**a**b", as));
  CHECK_FALSE(path_glob_match("**/a*a*a*a*a*a*a*a*a*a*a*a*/b", as + "/" + as + "/c"));
  CHECK(glob_match_raw("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*", as));
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5.0);
  // Semantics kept: '*' stays within a component, '**' crosses them, "**/" may match nothing.
  CHECK(glob_match_raw("a/*/c", "a/b/c"));
  CHECK_FALSE(glob_match_raw("a/*/c", "a/b/x/c"));
  CHECK(glob_match_raw("a/**/c", "a/b/x/c"));
  CHECK(glob_match_raw("a/**/c", "a/c"));
  CHECK(glob_match_raw("**/c", "c"));
  CHECK(glob_match_raw("**/test/**", "a/test/b"));
  CHECK(glob_match_raw("**/test/**", "test/b"));
  CHECK_FALSE(glob_match_raw("**/test/**", "xxtest/b"));  // "**/" skips its '/' only where it starts
  CHECK(glob_match_raw("**", ""));
  CHECK_FALSE(glob_match_raw("?", "/"));
  CHECK(glob_match_raw("[", "["));  // an unterminated class is a literal '['
  CHECK(glob_match_raw("\\*", "*"));
  CHECK(path_glob_match("vendor/lib", "vendor/lib/x/y.go"));  // a directory glob covers what is below
  CHECK_FALSE(path_glob_match("vendor/lib", "vendor/library.go"));
}

TEST_CASE("redacting a list hides every secret from the lines it shares with other findings") {
  const std::string a = fake_aws_key_id(81), b = fake_github_token(82);
  const std::string line = "creds " + a + " " + b;
  std::vector<Finding> fs(2);
  for (auto& f : fs) {
    f.location.where.path = "x.env";
    f.location.line = f.location.end_line = 4;
    f.line_text = line;
  }
  fs[0].secret = a;
  fs[1].secret = b;
  Finding elsewhere = fs[1];
  elsewhere.location.where.path = "other.env";  // the same line in another file: grouped apart
  fs.push_back(elsewhere);
  redact(fs);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(fs[i].line_text.find(a) == std::string::npos);
    CHECK(fs[i].line_text.find(b) == std::string::npos);
  }
  CHECK(fs[0].line_text == "creds " + redact_secret(a) + " " + redact_secret(b));
  CHECK(fs[2].line_text.find(b) == std::string::npos);
}

TEST_CASE("SecretSet replaces every occurrence of any pattern, leftmost and longest first") {
  SecretSet set({"he", "she", "his", "hers", ""});
  const auto tag = [](std::size_t i) { return "[" + std::to_string(i) + "]"; };
  CHECK(set.replace("ushers", tag) == "u[1]rs");
  CHECK(set.replace("hershis", tag) == "[3][2]");
  CHECK(set.replace("nothing here", tag) == "nothing [0]re");
  CHECK(set.replace("", tag).empty());
  CHECK(set.found_in("xxhisxx"));
  CHECK_FALSE(set.found_in("xyz"));
  CHECK(SecretSet({}).replace("abc", tag) == "abc");
  // Binary bytes and a pattern that is a suffix of another.
  SecretSet bytes({std::string_view("\x00\xFF", 2), "b\xFF"});
  CHECK(bytes.replace(std::string("a\x00\xFF" "b\xFF", 5), tag) == "a[0][1]");
}

TEST_CASE("a blob's secrets are hidden in all its line texts, also where no rule matched them") {
  const std::string a = fake_aws_key_id(61), b = fake_github_token(62);
  std::vector<Finding> fs(2);
  fs[0].secret = a;
  fs[0].line_text = "key = " + a;
  fs[0].location.line = fs[0].location.end_line = 1;
  fs[1].secret = b;
  fs[1].line_text = "url?k=" + a + "x&t=" + b;  // `a` again, glued to text: not a match of its own
  fs[1].location.line = fs[1].location.end_line = 7;
  fs[1].notes = {"saw " + a};
  for (auto& f : fs) f.location.where.path = "app.cfg";
  redact(fs);
  CHECK(fs[1].line_text == "url?k=" + redact_secret(a) + "x&t=" + redact_secret(b));
  CHECK(fs[1].notes[0] == "saw " + redact_secret(a));
  CHECK(fs[0].line_text == "key = " + redact_secret(a));
}

TEST_CASE("a finding on the last line of a key block does not show the block's last line") {
  auto s = hardening_setup();
  const std::string body1 = random_chars(64, kBase62, 91), body2 = random_chars(40, kBase62, 92);
  const std::string key = fake_aws_key_id(93);
  const std::string text = std::string("-----BEGIN ") + "PRIVATE KEY-----\n" + body1 + "\n" + body2 + " -----END " +
                           "PRIVATE KEY----- x = " + key + "\n";
  auto d = Detector::create(s);
  REQUIRE(d.ok());
  std::vector<Finding> fs;
  Provenance where;
  where.path = "k.pem";
  REQUIRE((*d)->detect(text, where, nullptr, fs).ok());
  REQUIRE(fs.size() == 2);
  REQUIRE(fs[1].secret == key);
  REQUIRE(fs[1].line_text.find(body2) != std::string::npos);
  redact(fs);
  CHECK(fs[1].line_text.find(body2) == std::string::npos);
  CHECK(fs[1].line_text.find(key) == std::string::npos);
  CHECK(fs[0].line_text.find(body1) == std::string::npos);
}

TEST_CASE("a secret that re-forms around its redacted ellipsis never stays in the line") {
  // Found by the secret fuzz target: the secret holds "…", so its redacted prefix plus the following
  // bytes spelled it again.
  const std::string e = "\xE2\x80\xA6";
  Finding f;
  f.secret = e + e + "\xE2\x80";
  f.line_text = "\x01" + f.secret + "\xE2\x80\xE2\x80";
  const std::string secret = f.secret;
  f.notes = {"see " + f.line_text};
  redact(f);
  CHECK(f.line_text.find(secret) == std::string::npos);
  CHECK(f.notes[0].find(secret) == std::string::npos);
  CHECK(f.secret == redact_secret(secret));
}

TEST_CASE("a configuration whose YAML aliases expand to gigabytes is refused, not copied out") {
  // 1000 rules, each the same node holding 1000 uses of one 4 KB string: 4 GB from 15 KB.
  std::string doc = "rules:\n  - &r\n    id: bomb\n    regex: 'bomb_[0-9]+'\n    description: &s \"" +
                    std::string(4000, 'A') + "\"\n    negative_examples: [";
  for (int i = 0; i < 1000; ++i) doc += i ? ", *s" : "*s";
  doc += "]\n";
  for (int i = 0; i < 1000; ++i) doc += "  - *r\n";
  RuleSet set;
  const auto t0 = std::chrono::steady_clock::now();
  auto st = parse_config(doc, ".keysnare.yaml", set);
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().find(".keysnare.yaml:") == 0);
  CHECK(st.error().find("expands to over 64 times its size") != std::string::npos);
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 10.0);
  auto rules = parse_rules(doc, "bomb.yaml");
  CHECK_FALSE(rules.ok());
  // Ordinary sharing stays fine: one allowlist for a few rules.
  const std::string shared =
      "rules:\n  - {id: a, regex: 'a_[0-9]{8}', allowlist: &al {paths: ['x/**', 'y/**'], stopwords: [demo]}}\n"
      "  - {id: b, regex: 'b_[0-9]{8}', allowlist: *al}\n  - {id: c, regex: 'c_[0-9]{8}', allowlist: *al}\n";
  RuleSet ok;
  REQUIRE(parse_config(shared, "shared.yaml", ok).ok());
  CHECK(ok.rules.size() == 3);
  CHECK(ok.rules[2].allowlist.paths.size() == 2);
}

TEST_CASE("the fuzz targets' JSON validator is strict") {
  using keysnare::fuzz::json_valid;
  CHECK(json_valid(R"({"a": [1, -2.5e+3, true, false, null, "x\u00e9\ud83d\ude00"]})"));
  CHECK(json_valid(" [] \n"));
  CHECK(json_valid("\"\xC3\xA9\""));
  CHECK_FALSE(json_valid(""));
  CHECK_FALSE(json_valid("[1,]"));
  CHECK_FALSE(json_valid("{\"a\" 1}"));
  CHECK_FALSE(json_valid("[01]"));
  CHECK_FALSE(json_valid("[1.]"));
  CHECK_FALSE(json_valid("\"\x01\""));       // raw control character
  CHECK_FALSE(json_valid("\"\xFF\""));       // invalid UTF-8
  CHECK_FALSE(json_valid("\"\xED\xA0\x80\""));  // UTF-8-encoded surrogate
  CHECK_FALSE(json_valid(R"("\ud800")"));    // lone surrogate escape
  CHECK_FALSE(json_valid(R"("\x41")"));      // not a JSON escape
  CHECK_FALSE(json_valid("[] []"));
  CHECK_FALSE(json_valid(std::string(300, '[') + std::string(300, ']')));  // nesting limit
}

TEST_CASE("the fuzz targets' CSV reader follows RFC 4180") {
  using keysnare::fuzz::csv_records;
  std::vector<std::size_t> w;
  REQUIRE(csv_records("a,b,c\r\n\"x,\"\"y\"\"\r\nz\",,\r\n", w));
  CHECK(w == std::vector<std::size_t>{3, 3});
  CHECK_FALSE(csv_records("a,b\n", w));       // bare LF
  CHECK_FALSE(csv_records("a,b", w));         // no final CRLF
  CHECK_FALSE(csv_records("a\"b\r\n", w));    // quote in an unquoted field
  CHECK_FALSE(csv_records("\"a\"b\r\n", w));  // bytes after a quoted field
  CHECK_FALSE(csv_records("\"a\r\n", w));     // unterminated quote
}
