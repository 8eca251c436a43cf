// Reporters and redaction: every format stays well-formed for hostile bytes, and redaction leaves no
// clear secret anywhere. Fake secrets are assembled from pieces so this file holds no token.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "base/text.h"
#include "report/redact.h"
#include "report/report.h"

namespace keysnare {
namespace {

// ---- a minimal JSON parser (RFC 8259 syntax; strings must be valid UTF-8 without raw controls) ----

struct Json;
using JsonObject = std::vector<std::pair<std::string, Json>>;
using JsonArray = std::vector<Json>;
struct Json {
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<JsonArray>, std::shared_ptr<JsonObject>> v;
  const Json* get(std::string_view key) const {
    if (auto* o = std::get_if<std::shared_ptr<JsonObject>>(&v))
      for (const auto& [k, val] : **o)
        if (k == key) return &val;
    return nullptr;
  }
  const JsonArray& array() const { return *std::get<std::shared_ptr<JsonArray>>(v); }
  const std::string& str() const { return std::get<std::string>(v); }
  double num() const { return std::get<double>(v); }
  bool is_array() const { return std::holds_alternative<std::shared_ptr<JsonArray>>(v); }
  bool is_object() const { return std::holds_alternative<std::shared_ptr<JsonObject>>(v); }
  bool is_string() const { return std::holds_alternative<std::string>(v); }
  bool is_number() const { return std::holds_alternative<double>(v); }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}
  // The whole input must be one value (surrounded by whitespace only).
  bool parse(Json& out) {
    ws();
    if (!value(out)) return false;
    ws();
    return i_ == s_.size();
  }

 private:
  void ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  bool lit(std::string_view w) {
    if (s_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }
  bool value(Json& out) {
    if (++depth_ > 64 || i_ >= s_.size()) return false;
    bool ok = false;
    const char c = s_[i_];
    if (c == '{') ok = object(out);
    else if (c == '[') ok = array(out);
    else if (c == '"') {
      std::string str;
      ok = string(str);
      out.v = std::move(str);
    } else if (c == 't') ok = lit("true") && (out.v = true, true);
    else if (c == 'f') ok = lit("false") && (out.v = false, true);
    else if (c == 'n') ok = lit("null") && (out.v = nullptr, true);
    else ok = number(out);
    --depth_;
    return ok;
  }
  bool object(Json& out) {
    auto o = std::make_shared<JsonObject>();
    ++i_;
    ws();
    if (lit("}")) return out.v = o, true;
    for (;;) {
      ws();
      std::string k;
      if (i_ >= s_.size() || s_[i_] != '"' || !string(k)) return false;
      ws();
      if (!lit(":")) return false;
      ws();
      Json v;
      if (!value(v)) return false;
      o->emplace_back(std::move(k), std::move(v));
      ws();
      if (lit("}")) return out.v = o, true;
      if (!lit(",")) return false;
    }
  }
  bool array(Json& out) {
    auto a = std::make_shared<JsonArray>();
    ++i_;
    ws();
    if (lit("]")) return out.v = a, true;
    for (;;) {
      ws();
      Json v;
      if (!value(v)) return false;
      a->push_back(std::move(v));
      ws();
      if (lit("]")) return out.v = a, true;
      if (!lit(",")) return false;
    }
  }
  bool string(std::string& out) {
    ++i_;  // opening quote
    while (i_ < s_.size()) {
      const unsigned char c = s_[i_];
      if (c == '"') return ++i_, true;
      if (c < 0x20) return false;  // raw control characters are not allowed in JSON strings
      if (c == '\\') {
        if (++i_ >= s_.size()) return false;
        const char e = s_[i_++];
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            if (i_ + 4 > s_.size()) return false;
            unsigned cp = 0;
            for (int k = 0; k < 4; ++k) {
              const char h = s_[i_++];
              cp <<= 4;
              if (h >= '0' && h <= '9') cp |= h - '0';
              else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
              else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
              else return false;
            }
            if (cp >= 0x80) return false;  // the reporters only escape ASCII controls this way
            out += static_cast<char>(cp);
            break;
          }
          default: return false;
        }
        continue;
      }
      const std::size_t n = utf8_sequence_length(s_, i_);
      if (n == 0) return false;  // JSON text must be UTF-8
      out.append(s_.substr(i_, n));
      i_ += n;
    }
    return false;
  }
  bool number(Json& out) {
    const std::size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    auto digits = [&] {
      const std::size_t b = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ > b;
    };
    if (!digits()) return false;
    if (s_[start] == '0' || (s_[start] == '-' && s_[start + 1] == '0'))
      if (i_ - start > (s_[start] == '-' ? 2u : 1u)) return false;  // no leading zeros
    if (i_ < s_.size() && s_[i_] == '.' && (++i_, !digits())) return false;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!digits()) return false;
    }
    out.v = std::stod(std::string(s_.substr(start, i_ - start)));
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

Json parse_json(std::string_view s) {
  Json j;
  JsonParser p(s);
  REQUIRE_MESSAGE(p.parse(j), "invalid JSON:\n" << s);
  return j;
}

// ---- a minimal RFC 4180 reader ----

std::vector<std::vector<std::string>> parse_csv(std::string_view s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      REQUIRE_MESSAGE(field.empty(), "quote inside an unquoted field");
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      was_quoted = false;
      ++i;
    } else {
      REQUIRE_MESSAGE((c != '\n' && c != '\r'), "bare line break outside quotes");
      REQUIRE_MESSAGE(!was_quoted, "text after a closing quote");
      field += c;
    }
  }
  REQUIRE_MESSAGE(!quoted, "unterminated quoted field");
  REQUIRE_MESSAGE((field.empty() && row.empty()), "last row not ended by CRLF");
  return rows;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// ---- fixtures ----

// A Stripe-shaped key, built at run time.
std::string fake_stripe() { return std::string("sk_") + "live_" + "Xq7Lm2Pz9Rt4Vb8Nc3Kd6Wf1"; }
std::string fake_aws() { return std::string("AK") + "IA" + "Z3MQ7TDRPF5VX2GA"; }

std::shared_ptr<const CommitInfo> fake_commit() {
  auto c = std::make_shared<CommitInfo>();
  c->id = "0123456789abcdef0123456789abcdef01234567";
  c->author = "Ann \"The\" Author, Jr.";
  c->email = "ann@example.test";
  c->time = 1714557600;  // 2024-05-01T10:00:00Z
  c->tz_offset_minutes = 120;
  c->summary = "add config\x01 \xff";
  return c;
}

Finding plain_finding() {
  Finding f;
  f.rule_id = "stripe-secret-key";
  f.description = "Stripe secret key";
  f.severity = "critical";
  f.confidence = "high";
  f.tags = {"stripe", "payment"};
  f.secret = fake_stripe();
  f.line_text = "STRIPE_KEY=" + f.secret;
  f.entropy = 4.56789;
  f.fingerprint = "fp0123";
  f.location.where.path = "config/app.env";
  f.location.line = 3;
  f.location.column = 12;
  f.location.end_line = 3;
  f.location.end_column = 12 + static_cast<std::uint32_t>(f.secret.size());
  return f;
}

// Everything a scanned repository can throw at a reporter: invalid UTF-8, control characters, an
// ANSI escape, quotes, commas, line breaks, a formula, a path with spaces and a colon.
Finding hostile_finding() {
  Finding f;
  f.rule_id = "aws-access-key-id";
  f.description = "AWS \"access\" key, id\nsecond line";
  f.severity = "high";
  f.confidence = "medium";
  f.tags = {"aws", "a,b", "q\"t"};
  f.secret = fake_aws();
  f.line_text = "\t=HYPERLINK(\"x\") \x1b[31mred\x1b[0m \xff\xfe key,\"" + f.secret + "\"\r\x01 \xe2\x80\xae";
  f.entropy = 3.0;
  f.fingerprint = "fpaws";
  f.notes = {"aws account 123456789012", "note \xc0 with bad byte"};
  f.location.where.kind = SourceKind::Commit;
  f.location.where.path = "dir name/we\xffird:file.txt";
  f.location.where.commit = fake_commit();
  f.location.where.blob_id = "b10b";
  f.location.line = 7;
  f.location.column = 30;
  f.location.end_line = 7;
  f.location.end_column = 50;
  Location other;
  other.where.kind = SourceKind::Commit;
  other.where.path = "@other.txt";
  other.where.commit = fake_commit();
  other.line = 2;
  other.column = 1;
  f.also = {other};
  return f;
}

ReportInfo info_with_rules() {
  ReportInfo info;
  info.tool_version = "0.1.0";
  info.rules = {{"aws-access-key-id", "AWS access key id", "high", {"aws", "cloud", "aws"}},
                {"stripe-secret-key", "Stripe secret key", "critical", {"stripe"}},
                {"generic-api-key", "Generic API key", "medium", {}}};
  return info;
}

std::vector<Finding> redacted_findings() {
  std::vector<Finding> v{plain_finding(), hostile_finding()};
  redact(v);
  return v;
}

}  // namespace

// ---- redaction ----

TEST_CASE("report: redact_secret keeps at most 4 characters and a quarter, none under 8") {
  const std::string ell = "\xE2\x80\xA6";
  CHECK(redact_secret("") == ell);
  CHECK(redact_secret("abc") == ell);
  CHECK(redact_secret("abcdefg") == ell);               // under 8 characters: nothing
  CHECK(redact_secret("abcdefgh") == "ab" + ell);       // 8/4 = 2
  CHECK(redact_secret("abcdefghijk") == "ab" + ell);    // 11/4 = 2
  CHECK(redact_secret("abcdefghijkl") == "abc" + ell);  // 12/4 = 3
  CHECK(redact_secret(fake_stripe()) == "sk_l" + ell);  // never more than 4
  CHECK(redact_secret(fake_aws()) == "AKIA" + ell);
  for (std::size_t n = 0; n < 64; ++n) {
    const std::string shown = redact_secret(std::string(n, 'x'));
    const std::size_t kept = shown.size() - ell.size();
    CHECK(kept <= 4);
    CHECK(4 * kept <= n);
    if (n < 8) CHECK(kept == 0);
  }
  CHECK(redacted_prefix_chars(7) == 0);
  CHECK(redacted_prefix_chars(8) == 2);
  CHECK(redacted_prefix_chars(100) == 4);
  // Characters are code points: a 2-byte character is never cut in half.
  CHECK(redact_secret("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9") ==
        "\xc3\xa9\xc3\xa9" + ell);
  CHECK(valid_utf8(redact_secret("\xc3\xa9x\xc3\xa9x\xc3\xa9x\xc3\xa9x")));
}

TEST_CASE("report: redact replaces every occurrence of the secret in line_text") {
  Finding f = plain_finding();
  const std::string secret = f.secret;
  f.line_text = "a=" + secret + " b=" + secret + ";";
  f.notes = {"validated " + secret};
  redact(f);
  CHECK(f.secret == "sk_l\xE2\x80\xA6");
  CHECK(f.line_text == "a=sk_l\xE2\x80\xA6 b=sk_l\xE2\x80\xA6;");
  CHECK(f.notes[0] == "validated sk_l\xE2\x80\xA6");
  CHECK(f.line_text.find(secret) == std::string::npos);
}

TEST_CASE("report: redact handles a short secret") {
  Finding f = plain_finding();
  f.secret = std::string("p") + "9x";  // 3 characters: none kept
  f.line_text = "password=" + f.secret + " # " + f.secret;
  redact(f);
  CHECK(f.secret == "\xE2\x80\xA6");
  CHECK(f.line_text == "password=\xE2\x80\xA6 # \xE2\x80\xA6");
  f = plain_finding();
  f.secret = std::string("pw") + "9x3k5q";  // 8 characters: two kept
  f.line_text = "password=" + f.secret;
  redact(f);
  CHECK(f.secret == "pw\xE2\x80\xA6");
  CHECK(f.line_text == "password=pw\xE2\x80\xA6");
}

TEST_CASE("report: redact replaces a multi-line secret's first line wherever it occurs") {
  Finding f = plain_finding();
  const std::string begin = std::string("-----BEGIN ") + "RSA PRIVATE" + " KEY-----";
  f.secret = begin + "\r\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\r\n" + std::string("-----END ") + "RSA PRIVATE KEY-----";
  f.line_text = "key: \"" + begin + "\" # " + begin;
  redact(f);
  CHECK(f.secret == "----\xE2\x80\xA6");
  CHECK(f.line_text == "key: \"----\xE2\x80\xA6\" # ----\xE2\x80\xA6");
  CHECK(f.line_text.find("PRIVATE") == std::string::npos);
  CHECK(f.secret.find("MIIE") == std::string::npos);
  // A field holding the whole block (a note, say) loses all of it, not only its first line.
  Finding g = plain_finding();
  g.secret = begin + "\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\n" + std::string("-----END ") + "RSA PRIVATE KEY-----";
  g.line_text = begin;
  g.notes = {"block " + g.secret};
  redact(g);
  CHECK(g.line_text == "----\xE2\x80\xA6");
  CHECK(g.notes[0] == "block ----\xE2\x80\xA6");
}

// The detector records where secrets lie in line_text (SecretSpan); redaction replaces exactly those
// bytes, including pieces a shortened line cut, where no search could recognise them.
TEST_CASE("report: redact replaces the recorded spans, also pieces cut by a shortened line") {
  const std::string ell = "\xE2\x80\xA6";
  Finding f = plain_finding();
  const std::string secret = f.secret;
  const auto chars = static_cast<std::uint32_t>(secret.size());
  f.line_text = "...x=" + secret.substr(0, 14);  // the line was shortened inside the secret
  f.line_secrets = {{5, 19, chars, true}};
  redact(f);
  CHECK(f.line_text == "...x=sk_l" + ell);
  f = plain_finding();
  f.line_text = secret.substr(10) + " tail";  // its start cut off: nothing of it is shown
  f.line_secrets = {{0, static_cast<std::uint32_t>(secret.size() - 10), chars, false}};
  redact(f);
  CHECK(f.line_text == ell + " tail");
  f = plain_finding();
  f.line_text = secret.substr(3, 12);  // wholly inside the secret
  f.line_secrets = {{0, 12, chars, false}};
  redact(f);
  CHECK(f.line_text == ell);
  // A neighbour the report does not list (dropped by a baseline, say) is hidden by its span all the
  // same, with its own redacted prefix; a 6-byte secret shows nothing.
  f = plain_finding();
  const std::string other = fake_aws(), pin = "93k2x7";
  f.line_text = "k=" + f.secret + " id=" + other + " pin=" + pin;
  const auto at = [&](const std::string& s) { return static_cast<std::uint32_t>(f.line_text.find(s)); };
  f.line_secrets = {{at(f.secret), at(f.secret) + chars, chars, true},
                    {at(other), at(other) + 20, 20, true},
                    {at(pin), at(pin) + 6, 6, true}};
  redact(f);
  CHECK(f.line_text == "k=sk_l" + ell + " id=AKIA" + ell + " pin=" + ell);
  CHECK(f.line_secrets.empty());
  // Spans that make no sense (past the end, overlapping) are clipped, never trusted to show more.
  f = plain_finding();
  f.line_text = "x=" + secret;
  f.line_secrets = {{2, 400, chars, true}, {5, 9, chars, true}};
  redact(f);
  CHECK(f.line_text == "x=sk_l" + ell);
}

TEST_CASE("report: every secret known to the run is hidden in line texts, notes and commit fields") {
  const std::string ell = "\xE2\x80\xA6";
  const std::string dropped = fake_aws(), gone = fake_stripe();  // kept by the filters, not reported
  Finding f = plain_finding();
  f.line_text = "glued" + dropped + "x";   // a copy no rule matched, no span
  f.notes = {"see " + gone};
  auto c = std::make_shared<CommitInfo>(*fake_commit());
  c->summary = "rotate " + dropped;
  c->author = "Ann " + gone;
  c->email = gone + "@example.test";
  f.location.where.kind = SourceKind::Commit;
  f.location.where.commit = c;
  Finding g = f;  // shares the commit
  g.location.line = 9;
  std::vector<Finding> fs{f, g};
  const std::vector<std::string_view> known{dropped, gone};
  redact(fs, known);
  for (const auto& x : fs) {
    CHECK(x.line_text == "glued" + redact_secret(dropped) + "x");
    CHECK(x.notes[0] == "see " + redact_secret(gone));
    const CommitInfo& rc = *x.location.where.commit;
    CHECK(rc.summary == "rotate AKIA" + ell);
    CHECK(rc.author == "Ann sk_l" + ell);
    CHECK(rc.email == "sk_l" + ell + "@example.test");
    CHECK(rc.id == c->id);
    for (Format fmt : {Format::Text, Format::Json, Format::Jsonl, Format::Sarif, Format::Csv}) {
      ReportInfo info = info_with_rules();
      info.git = true;
      const std::string out = render(fmt, fs, info);
      CHECK(out.find(dropped) == std::string::npos);
      CHECK(out.find(gone) == std::string::npos);
    }
  }
  CHECK(fs[0].location.where.commit == fs[1].location.where.commit);  // one redacted copy per commit
  CHECK(c->summary == "rotate " + dropped);                           // the original is not modified
  // A commit with nothing to hide keeps its object.
  Finding h = plain_finding();
  h.location.where.commit = fake_commit();
  const auto before = h.location.where.commit;
  std::vector<Finding> hs{h};
  redact(hs, known);
  CHECK(hs[0].location.where.commit == before);
}

TEST_CASE("report: a private key known to the run is hidden line by line, not in the texts around it") {
  const std::string ell = "\xE2\x80\xA6";
  const std::string begin = std::string("-----BEGIN ") + "PRIVATE" + " KEY-----";
  const std::string body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", tail = "AB==";
  const std::string key = begin + "\n" + body + "\n" + tail + "\n-----END " + "PRIVATE KEY-----";
  Finding f = plain_finding();
  f.line_text = "pasted " + body + " and " + tail;  // a body line elsewhere; a short last line is left
  f.notes = {"block: " + key};
  std::vector<Finding> fs{f};
  const std::vector<std::string_view> known{key};
  redact(fs, known);
  CHECK(fs[0].line_text == "pasted " + ell + " and " + tail);
  CHECK(fs[0].notes[0] == "block: " + redact_secret(key));
}

TEST_CASE("report: no clear secret survives redaction in any rendered format") {
  auto findings = std::vector<Finding>{plain_finding(), hostile_finding()};
  const std::string s1 = findings[0].secret, s2 = findings[1].secret;
  redact(findings);
  for (Format fmt : {Format::Text, Format::Json, Format::Jsonl, Format::Sarif, Format::Csv}) {
    const std::string out = render(fmt, findings, info_with_rules());
    CHECK(out.find(s1) == std::string::npos);
    CHECK(out.find(s2) == std::string::npos);
    CHECK(out.find(s2.substr(4)) == std::string::npos);
  }
}

// ---- formats ----

TEST_CASE("report: parse_format") {
  CHECK(parse_format("text") == Format::Text);
  CHECK(parse_format("json") == Format::Json);
  CHECK(parse_format("jsonl") == Format::Jsonl);
  CHECK(parse_format("SARIF") == Format::Sarif);
  CHECK(parse_format("csv") == Format::Csv);
  CHECK(!parse_format("xml"));
  CHECK(!parse_format(""));
}

TEST_CASE("report: empty findings") {
  const ReportInfo info = info_with_rules();
  CHECK(render(Format::Text, {}, info).empty());
  CHECK(render(Format::Jsonl, {}, info).empty());
  CHECK(parse_json(render(Format::Json, {}, info)).array().empty());
  const auto rows = parse_csv(render(Format::Csv, {}, info));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "rule_id");
  const Json sarif = parse_json(render(Format::Sarif, {}, info));
  CHECK(sarif.get("runs")->array()[0].get("results")->array().empty());
  CHECK(sarif.get("runs")->array()[0].get("tool")->get("driver")->get("rules")->array().size() == 3);
}

TEST_CASE("report: json: valid for hostile bytes, every field present") {
  const auto findings = redacted_findings();
  const std::string out = render(Format::Json, findings, info_with_rules());
  CHECK(valid_utf8(out));
  const Json doc = parse_json(out);
  REQUIRE(doc.is_array());
  REQUIRE(doc.array().size() == 2);
  // One object per line, between the brackets.
  CHECK(std::count(out.begin(), out.end(), '\n') == 4);

  const Json& a = doc.array()[0];
  CHECK(a.get("rule_id")->str() == "stripe-secret-key");
  CHECK(a.get("source")->str() == "file");
  CHECK(a.get("file")->str() == "config/app.env");
  CHECK(a.get("line")->num() == 3);
  CHECK(a.get("column")->num() == 12);
  CHECK(a.get("secret")->str() == "sk_l\xE2\x80\xA6");
  CHECK(a.get("line_text")->str() == "STRIPE_KEY=sk_l\xE2\x80\xA6");
  CHECK(a.get("entropy")->num() == doctest::Approx(4.57));
  CHECK(out.find("\"entropy\":4.57,") != std::string::npos);
  CHECK(a.get("tags")->array().size() == 2);
  CHECK(a.get("notes")->array().empty());
  CHECK(a.get("fingerprint")->str() == "fp0123");
  CHECK(a.get("commit") == nullptr);
  CHECK(a.get("occurrences")->array().empty());

  const Json& b = doc.array()[1];
  CHECK(b.get("source")->str() == "commit");
  CHECK(b.get("description")->str() == "AWS \"access\" key, id\nsecond line");
  CHECK(b.get("file")->str() == "dir name/we\\xFFird:file.txt");  // invalid byte shown, JSON valid
  CHECK(b.get("line_text")->str().find("\x1b[31m") != std::string::npos);  // escaped as \u001b, decoded back
  CHECK(b.get("commit")->str() == "0123456789abcdef0123456789abcdef01234567");
  CHECK(b.get("author")->str() == "Ann \"The\" Author, Jr.");
  CHECK(b.get("email")->str() == "ann@example.test");
  CHECK(b.get("date")->str() == "2024-05-01T12:00:00+02:00");
  CHECK(b.get("message")->str() == "add config\x01 \\xFF");
  CHECK(b.get("blob")->str() == "b10b");
  CHECK(b.get("notes")->array().size() == 2);
  const auto& occ = b.get("occurrences")->array();
  REQUIRE(occ.size() == 1);
  CHECK(occ[0].get("file")->str() == "@other.txt");
  CHECK(occ[0].get("line")->num() == 2);
  CHECK(occ[0].get("commit")->str() == "0123456789abcdef0123456789abcdef01234567");
  CHECK(occ[0].get("date")->str() == "2024-05-01T12:00:00+02:00");
}

TEST_CASE("report: jsonl: one valid object per line") {
  const auto findings = redacted_findings();
  const std::string out = render(Format::Jsonl, findings, info_with_rules());
  std::vector<std::string> lines;
  std::size_t from = 0;
  for (std::size_t at; (at = out.find('\n', from)) != std::string::npos; from = at + 1)
    lines.push_back(out.substr(from, at - from));
  CHECK(from == out.size());  // ends with a newline
  REQUIRE(lines.size() == 2);
  for (const auto& l : lines) CHECK(parse_json(l).is_object());
  CHECK(parse_json(lines[1]).get("rule_id")->str() == "aws-access-key-id");
}

TEST_CASE("report: json: dates in the author's offset") {
  Finding f = plain_finding();
  auto c = std::make_shared<CommitInfo>();
  c->id = "abc";
  c->time = 951796800;  // 2000-02-29T04:00:00Z
  c->tz_offset_minutes = -330;
  f.location.where.commit = c;
  CHECK(parse_json(render(Format::Jsonl, {f}, {})).get("date")->str() == "2000-02-28T22:30:00-05:30");
  c->time = -3600;
  c->tz_offset_minutes = 0;
  CHECK(parse_json(render(Format::Jsonl, {f}, {})).get("date")->str() == "1969-12-31T23:00:00+00:00");
}

TEST_CASE("report: csv: RFC 4180 quoting, printable bytes, formula guard") {
  const auto findings = redacted_findings();
  const std::string out = render(Format::Csv, findings, info_with_rules());
  CHECK(valid_utf8(out));
  const auto rows = parse_csv(out);
  REQUIRE(rows.size() == 3);
  const std::vector<std::string> header{"rule_id", "severity", "confidence", "file",   "line",
                                        "column",  "secret",   "fingerprint", "commit", "author",
                                        "email",   "date",     "description", "line_text",
                                        "provider", "structure"};
  CHECK(rows[0] == header);
  for (const auto& r : rows) CHECK(r.size() == header.size());

  const auto& a = rows[1];
  CHECK(a[0] == "stripe-secret-key");
  CHECK(a[4] == "3");
  CHECK(a[6] == "sk_l\xE2\x80\xA6");
  CHECK(a[8].empty());  // no commit

  const auto& b = rows[2];
  CHECK(b[3] == "dir name/we\\xFFird:file.txt");
  CHECK(b[8] == "0123456789abcdef0123456789abcdef01234567");
  CHECK(b[9] == "Ann \"The\" Author, Jr.");  // comma and quotes survive the round trip
  CHECK(b[11] == "2024-05-01T12:00:00+02:00");
  CHECK(b[12] == "AWS \"access\" key, id\\x0Asecond line");  // no line break inside a row
  // The line starts with a tab then '=': printable() writes the tab as \x09, so it is no formula.
  CHECK(b[13].rfind("\\x09=HYPERLINK", 0) == 0);
  CHECK(b[13].find('\x1b') == std::string::npos);

  // Formula guard on fields starting with = + - @.
  Finding f = plain_finding();
  f.rule_id = "=cmd|' /C calc'!A0";
  f.description = "+1";
  f.line_text = "-2";
  f.location.where.path = "@SUM(A1)";
  f.secret = "-----BEGIN\xE2\x80\xA6";
  const auto r = parse_csv(render(Format::Csv, {f}, {}))[1];
  CHECK(r[0] == "'=cmd|' /C calc'!A0");
  CHECK(r[3] == "'@SUM(A1)");
  CHECK(r[6] == "'-----BEGIN\xE2\x80\xA6");
  CHECK(r[12] == "'+1");
  CHECK(r[13] == "'-2");
}

TEST_CASE("report: text: grouped by file, printable, colour only on request") {
  auto findings = redacted_findings();
  findings.insert(findings.begin() + 1, findings[0]);  // two findings in config/app.env
  findings[1].location.line = 9;
  ReportInfo info = info_with_rules();
  const std::string out = render(Format::Text, findings, info);
  CHECK(valid_utf8(out));
  CHECK(out.find('\x1b') == std::string::npos);  // neither our colours nor the file's escape
  CHECK(out.find('\r') == std::string::npos);
  CHECK(out.find("\xe2\x80\xae") == std::string::npos);  // bidi override shown escaped
  CHECK(out.find("\\u{202E}") != std::string::npos);
  // One header per file: config/app.env appears once as a header.
  CHECK(out.rfind("config/app.env\n", 0) == 0);
  CHECK(out.find("config/app.env", 1) == std::string::npos);
  CHECK(out.find("  3:12  stripe-secret-key  critical  high  secret=sk_l\xE2\x80\xA6\n    STRIPE_KEY=sk_l\xE2\x80\xA6\n") !=
        std::string::npos);
  CHECK(out.find("  9:12  stripe-secret-key") != std::string::npos);
  // The git header names the commit.
  CHECK(out.find("dir name/we\\xFFird:file.txt  commit 0123456 by Ann \"The\" Author, Jr. <ann@example.test> "
                 "2024-05-01T12:00:00+02:00 \"add config\\x01 \\xFF\"\n") != std::string::npos);
  CHECK(out.find("\\x1B[31mred") != std::string::npos);
  CHECK(out.find("also: @other.txt:2:1 (commit 0123456)") != std::string::npos);
  CHECK(out.find("note: aws account 123456789012") != std::string::npos);

  info.color = true;
  const std::string coloured = render(Format::Text, findings, info);
  CHECK(coloured.find("\x1b[") != std::string::npos);
  CHECK(coloured.find("\x1b[31mred") == std::string::npos);  // the file's escape stays escaped
}

TEST_CASE("report: text: a long line is cut around the secret") {
  Finding f = plain_finding();
  const std::string secret = f.secret;
  f.line_text = std::string(500, 'a') + " key=" + secret + " " + std::string(500, 'b');
  redact(f);
  const std::string out = render(Format::Text, {f}, {});
  const std::size_t line_at = out.find("\n    ");
  REQUIRE(line_at != std::string::npos);
  const std::string shown = out.substr(line_at + 5, out.find('\n', line_at + 1) - line_at - 5);
  CHECK(shown.find("key=sk_l\xE2\x80\xA6") != std::string::npos);
  CHECK(shown.size() <= 170);
  CHECK(shown.rfind("\xE2\x80\xA6", 0) == 0);  // marked as cut on both sides
  CHECK(shown.size() >= 3);
  CHECK(shown.substr(shown.size() - 3) == "\xE2\x80\xA6");
}

TEST_CASE("report: sarif: rules, ruleIndex, fingerprints, locations") {
  auto findings = redacted_findings();
  Finding unknown = plain_finding();
  unknown.rule_id = "custom-rule";
  unknown.severity = "low";
  unknown.location.line = 0;  // a position the pipeline did not know
  unknown.location.column = 0;
  unknown.location.end_line = 0;
  unknown.location.end_column = 0;
  unknown.location.where.path = "";
  unknown.location.where.kind = SourceKind::Stdin;
  findings.push_back(unknown);
  redact(findings.back());

  const std::string out = render(Format::Sarif, findings, info_with_rules());
  CHECK(valid_utf8(out));
  const Json doc = parse_json(out);
  CHECK(doc.get("$schema")->str() == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(doc.get("version")->str() == "2.1.0");
  const auto& runs = doc.get("runs")->array();
  REQUIRE(runs.size() == 1);
  const Json& run = runs[0];
  CHECK(run.get("columnKind")->str() == "unicodeCodePoints");
  const Json& driver = *run.get("tool")->get("driver");
  CHECK(driver.get("name")->str() == "keysnare");
  CHECK(driver.get("version")->str() == "0.1.0");
  CHECK(driver.get("informationUri")->str() == "https://github.com/keysnare/keysnare");
  const auto& rules = driver.get("rules")->array();
  REQUIRE(rules.size() == 4);  // three loaded + the one only a finding names
  CHECK(rules[0].get("name")->str() == "AwsAccessKeyId");
  CHECK(rules[0].get("shortDescription")->get("text")->str() == "AWS access key id");
  CHECK(rules[0].get("defaultConfiguration")->get("level")->str() == "error");
  CHECK(rules[0].get("properties")->get("security-severity")->str() == "7.5");
  CHECK(rules[1].get("properties")->get("security-severity")->str() == "9.0");
  CHECK(rules[2].get("defaultConfiguration")->get("level")->str() == "warning");
  CHECK(rules[3].get("id")->str() == "custom-rule");
  // Tags are a set in SARIF (uniqueItems) and carry "security" for GitHub's security-severity.
  const auto& tags = rules[0].get("properties")->get("tags")->array();
  std::vector<std::string> tag_names;
  for (const Json& t : tags) tag_names.push_back(t.str());
  CHECK(tag_names == std::vector<std::string>{"security", "aws", "cloud"});

  const auto& results = run.get("results")->array();
  REQUIRE(results.size() == 3);
  for (const Json& r : results) {
    const auto idx = static_cast<std::size_t>(r.get("ruleIndex")->num());
    REQUIRE(idx < rules.size());
    CHECK(rules[idx].get("id")->str() == r.get("ruleId")->str());
    REQUIRE(r.get("partialFingerprints")->get("keysnare/v2") != nullptr);
    CHECK(r.get("partialFingerprints")->get("keysnare/v2")->str().size() == 32);
    const Json& phys = *r.get("locations")->array()[0].get("physicalLocation");
    const std::string& uri = phys.get("artifactLocation")->get("uri")->str();
    CHECK(!uri.empty());
    CHECK(uri.find(' ') == std::string::npos);
    CHECK(phys.get("region")->get("startLine")->num() >= 1);
    CHECK(phys.get("region")->get("startColumn")->num() >= 1);
  }
  CHECK(results[0].get("level")->str() == "error");
  CHECK(results[0].get("message")->get("text")->str() == "Stripe secret key (sk_l\xE2\x80\xA6)");
  CHECK(results[0].get("properties")->get("fingerprint")->str() == "fp0123");  // what baselines read
  const Json& phys1 = *results[1].get("locations")->array()[0].get("physicalLocation");
  CHECK(phys1.get("artifactLocation")->get("uri")->str() == "dir%20name/we%FFird%3Afile.txt");
  CHECK(phys1.get("artifactLocation")->get("uriBaseId")->str() == "%SRCROOT%");
  CHECK(phys1.get("region")->get("startLine")->num() == 7);
  CHECK(phys1.get("region")->get("endColumn")->num() == 50);
  CHECK(phys1.get("region")->get("snippet")->get("text")->str().find("AKIA\xE2\x80\xA6") != std::string::npos);
  CHECK(results[1].get("properties")->get("commit")->str() == "0123456789abcdef0123456789abcdef01234567");
  CHECK(results[1].get("properties")->get("date")->str() == "2024-05-01T12:00:00+02:00");
  CHECK(results[1].get("relatedLocations")->array().size() == 1);
  CHECK(results[2].get("level")->str() == "note");
  const Json& phys2 = *results[2].get("locations")->array()[0].get("physicalLocation");
  CHECK(phys2.get("artifactLocation")->get("uri")->str() == "stdin");
  CHECK(phys2.get("region")->get("endLine")->num() == 1);
  // A full run: no notification.
  REQUIRE(run.get("invocations") != nullptr);
  CHECK(run.get("invocations")->array()[0].get("toolExecutionNotifications") == nullptr);
}

TEST_CASE("report: sarif: rules carry help, precision and security-severity") {
  ReportInfo info = info_with_rules();
  info.rules[0].confidence = "high";
  info.rules[1].confidence = "low";
  const Json doc = parse_json(render(Format::Sarif, {}, info));
  const auto& rules = (*doc.get("runs")->array()[0].get("tool")->get("driver")->get("rules")).array();
  REQUIRE(rules.size() == 3);
  for (const Json& r : rules) {
    REQUIRE(r.get("help") != nullptr);
    const std::string& text = r.get("help")->get("text")->str();
    const std::string& md = r.get("help")->get("markdown")->str();
    CHECK(text.find(r.get("shortDescription")->get("text")->str()) == 0);  // what the secret is
    CHECK(text.find("Revoke it") != std::string::npos);
    CHECK(md.find("**To fix it**") != std::string::npos);
    CHECK(md.find("`" + r.get("id")->str() + "`") != std::string::npos);
    CHECK(r.get("properties")->get("security-severity")->is_string());
  }
  // Provider-specific revocation where the rule's tags name the provider; generic otherwise.
  CHECK(rules[0].get("help")->get("text")->str().find("AWS IAM console") != std::string::npos);
  CHECK(rules[1].get("help")->get("text")->str().find("Stripe Dashboard") != std::string::npos);
  CHECK(rules[2].get("help")->get("text")->str().find("at the service that issued it") != std::string::npos);
  CHECK(rules[0].get("properties")->get("precision")->str() == "high");
  CHECK(rules[1].get("properties")->get("precision")->str() == "low");
  CHECK(rules[2].get("properties")->get("precision")->str() == "medium");  // unset: medium
}

TEST_CASE("report: sarif: one secret in four places gives four results, four partial fingerprints") {
  std::vector<Finding> fs;
  for (const char* path : {"a.env", "b.env", "c/d.env"}) {
    Finding f = plain_finding();
    f.location.where.path = path;
    fs.push_back(f);
  }
  Finding again = plain_finding();  // twice in one file
  again.location.where.path = "a.env";
  again.location.line = 30;
  fs.insert(fs.begin() + 1, again);
  redact(fs);
  const Json doc = parse_json(render(Format::Sarif, fs, info_with_rules()));
  const auto& results = doc.get("runs")->array()[0].get("results")->array();
  REQUIRE(results.size() == 4);
  std::vector<std::string> partial;
  for (const Json& r : results) {
    partial.push_back(r.get("partialFingerprints")->get("keysnare/v2")->str());
    CHECK(r.get("properties")->get("fingerprint")->str() == "fp0123");  // the same secret
  }
  std::sort(partial.begin(), partial.end());
  CHECK(std::unique(partial.begin(), partial.end()) == partial.end());
  // Stable: the same report gives the same values; moving the line does not change them.
  fs[0].location.line += 5;
  const Json again_doc = parse_json(render(Format::Sarif, fs, info_with_rules()));
  CHECK(again_doc.get("runs")->array()[0].get("results")->array()[0].get("partialFingerprints")->get("keysnare/v2")->str() ==
        results[0].get("partialFingerprints")->get("keysnare/v2")->str());
}

TEST_CASE("report: sarif: at most 25,000 results, the most severe, with a notification") {
  std::vector<Finding> fs;
  Finding low = plain_finding();
  low.severity = "low";
  Finding critical = plain_finding();
  fs.reserve(kSarifMaxResults + 10);
  for (std::size_t i = 0; i < kSarifMaxResults + 10; ++i) {
    Finding& f = fs.emplace_back(i % 1000 == 7 ? critical : low);
    f.location.line = static_cast<std::uint32_t>(i + 1);
    f.fingerprint = "fp" + std::to_string(i);
  }
  redact(fs);
  const std::string out = render(Format::Sarif, fs, info_with_rules());
  const Json doc = parse_json(out);
  const Json& run = doc.get("runs")->array()[0];
  const auto& results = run.get("results")->array();
  CHECK(results.size() == kSarifMaxResults);
  std::size_t criticals = 0;
  double last_line = 0;
  for (const Json& r : results) {
    criticals += r.get("level")->str() == "error";
    const double line = r.get("locations")->array()[0].get("physicalLocation")->get("region")->get("startLine")->num();
    CHECK(line > last_line);  // report order
    last_line = line;
  }
  CHECK(criticals == 26);  // every critical one kept; the lows after them left out
  const Json* notes = run.get("invocations")->array()[0].get("toolExecutionNotifications");
  REQUIRE(notes != nullptr);
  CHECK(notes->array()[0].get("message")->get("text")->str().find("10 of 25010 results left out") == 0);
}

}  // namespace keysnare
