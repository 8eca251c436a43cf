#include "filters/filters.h"

#include <algorithm>

#include "base/glob.h"
#include "base/text.h"
#include "filters/credential_value.h"
#include "filters/placeholder.h"

namespace keysnare {
namespace {

// Whether a regex's parentheses balance outside escapes and character classes: only then can it be one
// alternative of a joined regex without closing the group around it ("a)|(b" compiles joined).
bool parens_balance(std::string_view re) {
  int depth = 0;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char ch = re[i];
    if (ch == '\\') {
      ++i;
    } else if (ch == '[') {
      std::size_t j = i + 1;
      if (j < re.size() && re[j] == '^') ++j;
      if (j < re.size() && re[j] == ']') ++j;  // a leading ']' is literal
      for (; j < re.size() && re[j] != ']'; ++j)
        if (re[j] == '\\') ++j;
      i = j;
    } else if (ch == '(') {
      ++depth;
    } else if (ch == ')' && --depth < 0) {
      return false;
    }
  }
  return depth == 0;
}

}  // namespace

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Keep: return "kept";
    case Verdict::InlineAllow: return "inline keysnare:allow marker";
    case Verdict::Allowlisted: return "allowlisted";
    case Verdict::Placeholder: return "placeholder";
    case Verdict::LowEntropy: return "entropy below the rule's minimum";
    case Verdict::Invalid: return "failed validation";
    case Verdict::NotCredential: return "value is not a credential";
  }
  return "?";
}

Result<Filters::CompiledAllowlist> Filters::compile(const Allowlist& a, const std::string& where,
                                                    RegexCache& cache) {
  CompiledAllowlist c;
  c.paths = a.paths;
  for (const auto& w : a.stopwords) c.stopwords.push_back(ascii_lower(w));
  if (a.secrets.empty()) return c;
  if (auto hit = cache.find(a.secrets); hit != cache.end()) {
    c.secrets = hit->second;
    return c;
  }
  RE2::Options o;
  o.set_log_errors(false);
  o.set_encoding(RE2::Options::EncodingLatin1);
  // Each pattern in its own group, so its flags ((?i)) and anchors stay its own.
  std::string joined;
  bool balanced = true;
  for (const auto& s : a.secrets) {
    joined += (joined.empty() ? "(?:" : "|(?:") + s + ")";
    balanced = balanced && parens_balance(s);
  }
  auto re = std::make_shared<const RE2>(joined, o);
  if (!balanced || !re->ok()) {
    // Named by position, not quoted: an allowlisted secret regex may well be a secret itself, and RE2's
    // message ends with the offending part of it.
    const auto kind = [](const std::string& e) { return e.substr(0, e.find(": ")); };
    for (std::size_t i = 0; i < a.secrets.size(); ++i)
      if (RE2 one(a.secrets[i], o); !one.ok())
        return Error{where + "allowlist secret regex " + std::to_string(i + 1) + " of " +
                     std::to_string(a.secrets.size()) + " is invalid (RE2: " + kind(one.error()) + ")"};
    return Error{where + "allowlist secret regexes: " + (re->ok() ? "unbalanced parentheses" : kind(re->error()))};
  }
  cache.emplace(a.secrets, re);
  c.secrets = std::move(re);
  return c;
}

bool Filters::CompiledAllowlist::covers(std::string_view path, std::string_view secret,
                                        std::string_view secret_lower) const {
  for (const auto& g : paths)
    if (path_glob_match(g, path)) return true;
  if (secrets && RE2::PartialMatch(re2::StringPiece(secret.data(), secret.size()), *secrets)) return true;
  for (const auto& w : stopwords)
    if (!w.empty() && secret_lower.find(w) != std::string_view::npos) return true;
  return false;
}

Result<std::shared_ptr<const Filters>> Filters::build(const std::vector<Rule>& rules,
                                                      const Allowlist& global) {
  auto f = std::make_shared<Filters>();
  RegexCache cache;
  auto g = compile(global, "configuration: ", cache);
  if (!g) return Error{g.error()};
  f->global_ = std::move(*g);
  f->fingerprints_.insert(global.fingerprints.begin(), global.fingerprints.end());
  for (const auto& r : rules) {
    const std::string where = r.spot.file + ":" + std::to_string(r.spot.line) + ": rule " + r.id + ": ";
    auto a = compile(r.allowlist, where, cache);
    if (!a) return Error{a.error()};
    f->per_rule_.push_back(std::move(*a));
    std::vector<ValidatorFn> fns;
    for (const auto& name : r.validators) {
      ValidatorFn fn = find_validator(name);
      if (!fn) return Error{where + "unknown validator '" + name + "'"};
      fns.push_back(fn);
    }
    f->validators_.push_back(std::move(fns));
    f->min_entropy_.push_back(r.min_entropy);
    f->confidence_.push_back(r.confidence);
    f->keyword_context_.push_back(r.key_group > 0 || !r.value_kind.empty());
    // Provider rules at low confidence (family tiers, keyword-anchored rules) report values that must
    // look random; generic rules also see passwords, which may be words.
    f->random_body_.push_back(r.confidence == "low" &&
                              std::find(r.tags.begin(), r.tags.end(), "generic") == r.tags.end() &&
                              r.key_group < 0 && r.value_kind.empty());
    f->literal_structure_.push_back(!r.structure.empty() && r.structure != "assignment" &&
                                    r.structure != "code assignment");
    f->value_kind_.push_back(r.value_kind == "password" ? CredentialKind::Password
                             : r.value_kind == "secret" ? CredentialKind::Secret
                             : r.value_kind == "token"  ? CredentialKind::Token
                                                        : CredentialKind::None);
  }
  return std::shared_ptr<const Filters>(std::move(f));
}

bool Filters::path_allowed(std::string_view path) const {
  for (const auto& g : global_.paths)
    if (path_glob_match(g, path)) return true;
  return false;
}

Decision Filters::decide(const Candidate& c) const {
  Decision d;
  const bool marked = c.marked ? *c.marked
                               : c.line.find(kInlineAllowMarker) != std::string_view::npos ||
                                     c.end_line.find(kInlineAllowMarker) != std::string_view::npos;
  if (marked) {
    d.verdict = Verdict::InlineAllow;
    return d;
  }
  const std::string lower = ascii_lower(c.secret);
  if (global_.covers(c.path, c.secret, lower) || per_rule_[c.rule].covers(c.path, c.secret, lower)) {
    d.verdict = Verdict::Allowlisted;
    return d;
  }
  if (looks_placeholder(c.secret) || (random_body_[c.rule] && spelled_in_words(c.secret))) {
    d.verdict = Verdict::Placeholder;
    return d;
  }
  if (min_entropy_[c.rule] > 0 && shannon_entropy(c.secret) < min_entropy_[c.rule]) {
    d.verdict = Verdict::LowEntropy;
    return d;
  }
  if (keyword_context_[c.rule]) {
    const ValueJudgement j =
        judge_credential_value({c.key, value_kind_[c.rule], c.secret, c.path, c.quote, literal_structure_[c.rule]});
    if (!j.credential) {
      d.verdict = Verdict::NotCredential;
      return d;
    }
  }
  d.confidence = confidence_[c.rule];
  const auto& fns = validators_[c.rule];
  for (ValidatorFn fn : fns) {
    ValidationResult v = fn(c.secret);
    if (!v.valid) {
      d.verdict = Verdict::Invalid;
      return d;
    }
    if (!v.note.empty()) d.notes.push_back(std::move(v.note));
  }
  // A verified structure makes a specific rule's finding high confidence. A rule declared low (a
  // catch-all shape such as a bare JWT) stays low: its check only rejects what is not that shape.
  if (!fns.empty() && d.confidence != "low") d.confidence = "high";
  return d;
}

}  // namespace keysnare
