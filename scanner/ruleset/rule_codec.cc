#include "ruleset/rule_codec.h"

#include <cstdint>
#include <cstring>

namespace keysnare {
namespace {

constexpr std::string_view kMagic = "keysnare-rules-v1";

// The one list of what is embedded of a Rule. Examples are not: `rules list`/`rules check` read the
// embedded YAML text instead.
template <class R, class F>
void visit_fields(R& r, F&& f) {
  f(r.id);
  f(r.description);
  f(r.regex);
  f(r.secret_group);
  f(r.key_group);
  f(r.min_entropy);
  f(r.severity);
  f(r.confidence);
  f(r.structure);
  f(r.value_kind);
  f(r.validators);
  f(r.tags);
  f(r.allowlist.paths);
  f(r.allowlist.secrets);
  f(r.allowlist.stopwords);
  f(r.allowlist.fingerprints);
  f(r.spot.file);
  f(r.spot.line);
}

struct Writer {
  std::string& out;
  void u64(std::uint64_t v) {
    do {
      unsigned char b = v & 0x7F;
      v >>= 7;
      if (v) b |= 0x80;
      out.push_back(static_cast<char>(b));
    } while (v);
  }
  void operator()(const std::string& s) {
    u64(s.size());
    out += s;
  }
  void operator()(int v) { u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(v))); }
  void operator()(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void operator()(const std::vector<std::string>& v) {
    u64(v.size());
    for (const auto& s : v) (*this)(s);
  }
};

struct Reader {
  std::string_view in;
  bool ok = true;
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in.empty()) break;
      const auto b = static_cast<unsigned char>(in.front());
      in.remove_prefix(1);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    ok = false;
    return 0;
  }
  void operator()(std::string& s) {
    const std::uint64_t n = u64();
    if (!ok || n > in.size()) {
      ok = false;
      return;
    }
    s.assign(in.substr(0, n));
    in.remove_prefix(n);
  }
  void operator()(int& v) { v = static_cast<int>(static_cast<std::int64_t>(u64())); }
  void operator()(double& v) {
    const std::uint64_t bits = u64();
    std::memcpy(&v, &bits, sizeof v);
  }
  void operator()(std::vector<std::string>& v) {
    const std::uint64_t n = u64();
    if (!ok || n > in.size()) {
      ok = false;
      return;
    }
    v.resize(n);
    for (auto& s : v) (*this)(s);
  }
};

}  // namespace

std::string encode_rules(const std::vector<Rule>& rules) {
  std::string out(kMagic);
  Writer w{out};
  w.u64(rules.size());
  for (const auto& r : rules) visit_fields(r, w);
  return out;
}

Result<std::vector<Rule>> decode_rules(std::string_view blob) {
  if (!blob.starts_with(kMagic)) return Error{"embedded rules: unknown format"};
  Reader rd{blob.substr(kMagic.size())};
  const std::uint64_t n = rd.u64();
  if (!rd.ok || n > rd.in.size()) return Error{"embedded rules: truncated"};
  std::vector<Rule> rules(n);
  for (auto& r : rules) {
    visit_fields(r, rd);
    if (!rd.ok) return Error{"embedded rules: truncated"};
  }
  if (!rd.in.empty()) return Error{"embedded rules: trailing bytes"};
  return rules;
}

}  // namespace keysnare
