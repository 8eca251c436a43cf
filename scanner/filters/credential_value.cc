#include "filters/credential_value.h"

#include <algorithm>
#include <array>
#include <vector>

#include "base/text.h"

namespace keysnare {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return is_lower(c) || is_upper(c); }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// Words of an identifier in any style: snake_case, kebab-case, dotted, camelCase, PascalCase,
// UPPER_CASE ("APIKey" -> api, key; "sumologic.accessId" -> sumologic, access, id), lower-cased.
std::vector<std::string> words_of(std::string_view id) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(ascii_lower(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (!is_alnum(c)) {
      flush();
      continue;
    }
    if (!cur.empty()) {
      const char p = cur.back();
      const bool camel = is_lower(p) && is_upper(c);
      // "APIKey": the K starts a word when the next letter is lower case.
      const bool acronym_end = is_upper(p) && is_upper(c) && i + 1 < id.size() && is_lower(id[i + 1]);
      if (camel || acronym_end) flush();
    }
    cur += c;
  }
  flush();
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Trailing words that qualify a credential without changing what it is: `password_b64`,
// `api_key_prod`, `token2`.
bool is_qualifier_suffix(std::string_view w) {
  if (std::all_of(w.begin(), w.end(), is_digit)) return true;
  if (w.size() <= 3 && w[0] == 'v' && std::all_of(w.begin() + 1, w.end(), is_digit) && w.size() > 1) return true;
  return one_of(w, {"b64", "base64", "encoded", "enc", "value", "val", "str", "string", "raw", "prod",
                    "production", "dev", "development", "staging", "stage", "live", "sandbox", "old", "new",
                    "current", "default", "primary", "secondary", "main", "backup", "plain", "plaintext",
                    "cleartext", "clear", "text", "hex", "local", "remote", "override", "base"});
}

// Words before the credential word that make it something other than a secret.
bool negates_token(std::string_view w) {
  return one_of(w, {"next", "page", "continuation", "input", "output", "sync", "cursor", "pagination",
                    "csrf", "xsrf", "authenticity", "verification", "antiforgery", "forgery", "nonce", "cancel", "cancellation", "client", "idempotency", "lexer", "parser",
                    "max", "min", "num", "count", "total", "prompt", "completion", "eos", "bos", "pad",
                    "unk", "sep", "mask", "special", "stop"});
}
bool negates_any(std::string_view w) {
  return one_of(w, {"public", "publishable", "pub", "placeholder", "example", "sample", "dummy", "fake", "fingerprint",
                    "mock", "test"});
}

bool password_word(std::string_view w) {
  return one_of(w, {"password", "passwd", "passwort", "pwd", "pass", "passphrase", "passcode", "pw",
                    "pword", "mdp", "senha", "contrasena", "contrasenya", "wachtwoord", "haslo", "salasana"}) ||
         (w.size() > 8 && (ends_with(w, "password") || ends_with(w, "passwd") || ends_with(w, "passphrase")));
}

bool key_qualifier(std::string_view w) {
  return one_of(w, {"private", "secret", "signing", "sign", "encryption", "encrypt", "decryption", "master",
                    "app", "application", "auth", "api", "access", "license", "licence", "account", "client",
                    "consumer", "service", "shared", "hmac", "aes", "crypto", "cipher", "storage",
                    "subscription", "admin", "write", "ingest", "sdk", "server", "deploy", "root", "session",
                    "cookie", "jwt", "webhook", "integration", "partner", "merchant", "live", "restricted",
                    "management", "primary", "secondary", "host", "function", "bot", "user", "personal",
                    "rest", "project", "org", "organization", "team", "vault", "ssh", "gpg", "pgp", "rsa", "ec"});
}

// The kind the last words name, ignoring qualifier suffixes; None when the identifier names no
// credential (or something that only looks like one).
CredentialKind kind_of_words(const std::vector<std::string>& words) {
  std::size_t end = words.size();
  while (end > 1 && is_qualifier_suffix(words[end - 1])) --end;
  if (end == 0) return CredentialKind::None;
  for (std::size_t i = 0; i < end; ++i)
    if (negates_any(words[i])) return CredentialKind::None;
  const std::string& last = words[end - 1];
  const std::string_view prev = end >= 2 ? std::string_view(words[end - 2]) : std::string_view();
  if (password_word(last)) return CredentialKind::Password;
  if (last == "pwd" || last == "pw") return CredentialKind::Password;
  if (last == "secret" || last == "salt" || (last.size() > 6 && ends_with(last, "secret")) ||
      one_of(last, {"privatekey", "secretkey", "signingkey", "encryptionkey", "masterkey", "appkey",
                    "authkey", "hmackey", "licensekey", "accountkey", "sharedkey", "jwtsecret"}))
    return CredentialKind::Secret;
  if (last == "key") {
    if (prev.empty()) return CredentialKind::None;
    if (!key_qualifier(prev)) {
      // `stripeKey`, `OPENAI_KEY`: a provider's name and "key" name an API key; `primaryKey`,
      // `cacheKey`, `sortKey` name none. The value must then look like an API key (judged as Weak).
      if (one_of(prev, {"primary", "foreign", "sort", "cache", "partition", "hash", "routing", "idempotency",
                        "object", "file", "map", "lookup", "translation", "i18n", "storage", "hot", "shortcut",
                        "dedup", "dedupe", "unique", "composite", "index", "row", "column", "table", "group",
                        "item", "list", "dict", "react", "vue", "query", "cursor", "range", "bucket", "s3",
                        "blob", "metadata", "meta", "label", "registry", "config", "setting", "settings", "env",
                        "field", "prop", "property", "attr", "attribute", "event", "message", "topic", "queue",
                        "stream", "channel", "room", "user", "customer", "order", "product", "public", "pub",
                        "next", "prev", "previous", "last", "first", "current", "parent", "child", "node",
                        "tree", "path", "route", "url", "link", "menu", "tab", "page", "view", "state", "store",
                        "local", "global", "default", "data", "value", "name", "type", "kind", "mode", "sign",
                        "music", "piano", "turn", "mon", "don", "tur", "whis", "jer", "jock", "tri", "grey",
                        "sub", "super", "no", "any", "some", "all", "each", "this", "that", "my", "old", "new"}))
        return CredentialKind::None;
      return CredentialKind::WeakToken;
    }
    if (one_of(prev, {"private", "secret", "signing", "sign", "encryption", "encrypt", "decryption", "master",
                      "app", "application", "hmac", "aes", "crypto", "cipher", "license", "licence", "shared",
                      "jwt", "session", "cookie", "ssh", "gpg", "pgp", "rsa", "ec", "account", "storage"}))
      return CredentialKind::Secret;
    return CredentialKind::Token;
  }
  if (one_of(last, {"apikey", "accesskey", "clientkey", "serverkey", "writekey", "ingestkey", "subscriptionkey",
                    "adminkey", "restkey", "botkey", "userkey", "servicekey", "deploykey", "integrationkey"}))
    return CredentialKind::Token;
  if (last == "token" || (last.size() > 5 && ends_with(last, "token"))) {
    if (!prev.empty() && negates_token(prev)) return CredentialKind::None;
    if (last.size() > 5 && (last.starts_with("next") || last.starts_with("page") || last.starts_with("csrf") ||
                            last.starts_with("xsrf") || last.starts_with("cancel") || last.starts_with("client")))
      return CredentialKind::None;
    return CredentialKind::Token;
  }
  if (one_of(last, {"auth", "credential", "credentials", "cred", "creds", "bearer", "authorization",
                    "apitoken", "accesstoken", "authtoken", "pat", "dsn"}))
    return last == "dsn" ? CredentialKind::None : CredentialKind::Token;
  return CredentialKind::None;
}

double entropy_of(std::string_view s) { return shannon_entropy(s); }

int char_classes(std::string_view s) {
  bool lo = false, up = false, di = false, sy = false;
  for (char c : s) {
    if (is_lower(c)) lo = true;
    else if (is_upper(c)) up = true;
    else if (is_digit(c)) di = true;
    else sy = true;
  }
  return lo + up + di + sy;
}

bool has(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// Whole values that are documentation, defaults or memes, compared case-insensitively after dropping
// trailing digits and punctuation ("Password123!" -> "password").
bool documentation_value(const std::string& lower) {
  std::string core = lower;
  while (!core.empty() && !is_alpha(core.back())) core.pop_back();
  static constexpr std::array<std::string_view, 72> kWords = {
      "secret", "password", "pass", "passwd", "pwd", "changeme", "changeit", "admin", "administrator", "root",
      "toor", "user", "username", "guest", "test", "testing", "tester", "demo", "default", "example", "sample",
      "dummy", "fake", "foo", "bar", "baz", "foobar", "qwerty", "letmein", "welcome", "iloveyou", "abc", "none",
      "null", "nil", "undefined", "empty", "blank", "true", "false", "yes", "no", "required", "optional",
      "string", "str", "text", "value", "token", "key", "apikey", "mysecret", "mypassword", "mytoken",
      "supersecret", "topsecret", "notasecret", "insecure", "unsafe", "dev", "development", "prod",
      "production", "local", "localhost", "sandbox", "staging", "todo", "fixme", "tbd", "redacted", "hidden"};
  for (auto w : kWords)
    if (core == w) return true;
  if (core.size() <= 2) return true;  // "x1", "a123": nothing left but a letter or two
  // The memes, not "hunter22".
  return lower == "hunter2" || lower == "correcthorsebatterystaple";
}

// "P@ssw0rd!" reads as "password!": digits and symbols people put in for letters.
std::string unleet(const std::string& lower) {
  std::string out = lower;
  for (char& c : out) {
    switch (c) {
      case '@': case '4': c = 'a'; break;
      case '0': c = 'o'; break;
      case '3': c = 'e'; break;
      case '$': case '5': c = 's'; break;
      case '1': case '!': c = 'i'; break;
      case '7': c = 't'; break;
      default: break;
    }
  }
  return out;
}

// Substrings that only documentation puts in a credential value.
bool documentation_words(const std::string& lower);

// A value that is base64 of short printable text is judged by that text too: `YWxpY2U6c2VjcmV0`
// is "alice:secret".
bool documentation_base64(std::string_view v) {
  if (v.size() < 8 || v.size() > 200 || v.size() % 4 != 0) return false;
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : v) {
    int x;
    if (c >= 'A' && c <= 'Z') x = c - 'A';
    else if (c >= 'a' && c <= 'z') x = c - 'a' + 26;
    else if (c >= '0' && c <= '9') x = c - '0' + 52;
    else if (c == '+' || c == '-') x = 62;
    else if (c == '/' || c == '_') x = 63;
    else if (c == '=') break;
    else return false;
    acc = (acc << 6) | static_cast<std::uint32_t>(x);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const char b = static_cast<char>((acc >> bits) & 0xFF);
      if (b < 0x20 || b > 0x7E) return false;  // not text: a random key, judged as it is
      out += b;
    }
  }
  if (out.size() < 4) return false;
  const std::string lower = ascii_lower(out);
  return documentation_words(lower) || documentation_words(unleet(lower)) || has(lower, "token") ||
         has(lower, "user:") || has(lower, "test");
}

bool documentation_words(const std::string& lower) {
  for (std::string_view w : {"password", "passwd", "secret", "example", "sample", "placeholder", "dummy",
                             "changeme", "change_me", "change-me", "redact", "insert", "replace", "your_",
                             "your-", "yourkey", "yourtoken", "yourpass", "_here", "-here", "todo", "fixme",
                             "xxxx", "****", "....", "apikey", "api_key", "api-key", "mytoken", "mykey",
                             "notreal", "not_real", "not-real", "fake", "testing", "foobar"})
    if (has(lower, w)) return true;
  return false;
}

bool is_reference(std::string_view v) {
  if (v.empty()) return true;
  const char f = v.front(), b = v.back();
  if (f == '$' && v.size() > 1 && (is_alpha(v[1]) || v[1] == '{' || v[1] == '(' || v[1] == '_')) return true;
  for (std::string_view m : {"${", "$(", "{{", "}}", "#{", "<%", "%>", "[[", "]]", "@{"})
    if (has(v, m)) return true;
  if ((f == '<' && b == '>') || (f == '%' && b == '%' && v.size() > 2) || (f == '@' && b == '@' && v.size() > 2) ||
      (f == '{' && b == '}') || (f == '[' && b == ']') || (f == '(' && b == ')'))
    return true;
  if (f == '!' || f == '&' || f == '*') return true;  // YAML tags (!vault, !Ref), anchors, aliases
  const std::string lower = ascii_lower(v);
  for (std::string_view p : {"enc[", "vault:", "op://", "ref+", "arn:", "sm://", "ssm:", "secretsmanager:",
                             "keyvault:", "azurekeyvault", "env:", "file:", "cmd:", "exec:", "gcp:",
                             "projects/", "process.env", "os.environ", "os.getenv", "getenv(", "system.getenv",
                             "env[", "env(", "env.", "config(", "config[", "config.", "settings.", "secrets.",
                             "params.", "params[", "args.", "options.", "opts.", "props.", "this.", "self.",
                             "request.", "req.", "ctx.", "context."})
    if (lower.starts_with(p) || (p.size() > 4 && has(lower, p) && (p == "process.env" || p == "os.environ")))
      return true;
  return false;
}

bool is_call_or_expression(std::string_view v, bool quoted, bool code) {
  // A call at the start (`getpass()`, `read_secret("x")`), or any parenthesis in an unquoted value.
  std::size_t i = 0;
  while (i < v.size() && (is_alnum(v[i]) || v[i] == '_' || v[i] == '.' || v[i] == '$' || v[i] == ':')) ++i;
  if (i > 0 && i < v.size() && v[i] == '(') return true;
  if (has(v, "()")) return true;
  if (!quoted && (has(v, "(") || has(v, ")"))) return true;
  if (!quoted && code && (has(v, "[") || has(v, "+") || has(v, "||") || has(v, "?") || has(v, ".")))
    return true;
  return false;
}

// settings.SECRET_KEY, config.db.password, request.form.password
bool is_dotted_identifier(std::string_view v) {
  std::size_t parts = 0, i = 0;
  while (i <= v.size()) {
    std::size_t j = i;
    if (j < v.size() && (is_alpha(v[j]) || v[j] == '_' || v[j] == '$')) {
      while (j < v.size() && (is_alnum(v[j]) || v[j] == '_' || v[j] == '$' || v[j] == '-')) ++j;
    } else {
      return false;
    }
    // a part with digits mixed into letters is not an identifier-looking word (JWT-like segments)
    ++parts;
    if (j == v.size()) break;
    if (v[j] != '.') return false;
    i = j + 1;
  }
  if (parts < 2) return false;
  // Dotted words, not base64url segments: each part must read as a word (few digits, no case mixing
  // inside like "eyJhbGci").
  int digits = 0;
  for (char c : v) digits += is_digit(c);
  return digits * 4 < static_cast<int>(v.size());
}

bool is_path(std::string_view v) {
  if (v.starts_with("/") || v.starts_with("./") || v.starts_with("../") || v.starts_with("~/") ||
      v.starts_with("~\\") || v.starts_with("\\\\") || v.starts_with(".\\"))
    return true;
  if (v.size() >= 3 && is_alpha(v[0]) && v[1] == ':' && (v[2] == '\\' || v[2] == '/')) return true;
  const std::string lower = ascii_lower(v);
  for (std::string_view ext : {".pem", ".key", ".crt", ".cer", ".der", ".p8", ".p12", ".pfx", ".jks",
                               ".keystore", ".json", ".yaml", ".yml", ".toml", ".txt", ".pub", ".asc", ".gpg",
                               ".ppk", ".env", ".conf", ".cfg", ".ini", ".xml", ".properties", ".secret",
                               ".token", ".enc", ".kdbx", ".sh", ".py", ".js"})
    if (lower.ends_with(ext) && lower.size() > ext.size()) {
      // a file name: letters, digits and _-./ only before the extension
      const std::string_view stem(lower.data(), lower.size() - ext.size());
      if (std::all_of(stem.begin(), stem.end(),
                      [](char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '/'; }))
        return true;
    }
  return false;
}

bool is_url(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && (is_alnum(v[i]) || v[i] == '+' || v[i] == '.' || v[i] == '-')) ++i;
  return i > 0 && is_alpha(v[0]) && v.substr(i).starts_with("://");
}

bool is_number_or_version(std::string_view v) {
  // 123, 1.2.3, v2, 3.14, 30s, 10MB, 1h30m
  std::size_t i = v.starts_with("v") || v.starts_with("V") ? 1 : 0;
  if (i >= v.size() || !is_digit(v[i])) return false;
  bool only_digits_dots = true;
  for (std::size_t j = i; j < v.size(); ++j)
    if (!is_digit(v[j]) && v[j] != '.' && v[j] != '-' && v[j] != '_') only_digits_dots = false;
  if (only_digits_dots) return true;
  // units: digits then a short alphabetic suffix
  std::size_t j = i;
  while (j < v.size() && (is_digit(v[j]) || v[j] == '.')) ++j;
  const std::string rest = ascii_lower(v.substr(j));
  return one_of(rest, {"s", "ms", "m", "h", "d", "w", "y", "k", "kb", "mb", "gb", "tb", "kib", "mib", "gib",
                       "px", "em", "pt", "%", "min", "sec", "hr", "hrs", "days", "x"});
}

// Resource and variable names rather than literals: db-credentials, api_key_secret, userPassword,
// DbPassword, SECRET_KEY_NAME, HIDDEN.
bool is_identifier_like(std::string_view v) {
  if (v.empty()) return false;
  // Upper-case constants with digits, such as a signature scheme's name (AWS4-HMAC-SHA256, RSA-SHA512):
  // short upper-case parts joined by '-' or '_'.
  {
    std::size_t parts = 1, part = 0;
    bool constant = is_upper(v.front());
    for (char c : v) {
      if (c == '-' || c == '_') {
        if (part == 0) constant = false;
        ++parts;
        part = 0;
      } else if (is_upper(c) || is_digit(c)) {
        if (++part > 12) constant = false;
      } else {
        constant = false;
      }
    }
    if (constant && parts >= 2 && part > 0) return true;
  }
  bool any_digit = false, any_sep = false, any_upper = false, any_lower = false;
  for (char c : v) {
    if (is_digit(c)) any_digit = true;
    else if (c == '-' || c == '_') any_sep = true;
    else if (is_upper(c)) any_upper = true;
    else if (is_lower(c)) any_lower = true;
    else return false;
  }
  if (any_digit) return false;
  if (!is_alpha(v.front()) || !is_alpha(v.back())) return false;
  const auto ws = words_of(v);
  if (any_sep) {  // kebab/snake: every part reads as a word (lower, UPPER or Capitalised)
    if (ws.size() < 2) return false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
      if (i < v.size() && v[i] != '-' && v[i] != '_') continue;
      const std::string_view part = v.substr(start, i - start);
      start = i + 1;
      if (part.empty()) continue;
      const bool lower = std::all_of(part.begin(), part.end(), is_lower);
      const bool upper = std::all_of(part.begin(), part.end(), is_upper);
      const bool capital = is_upper(part[0]) && std::all_of(part.begin() + 1, part.end(), is_lower);
      if (!lower && !upper && !capital) return false;
    }
    return true;
  }
  if (any_upper && !any_lower) return v.size() <= 24;  // CONSTANT
  // camelCase / PascalCase with at least two words, each of 2+ letters
  if (ws.size() >= 2 && std::all_of(ws.begin(), ws.end(), [](const std::string& w) { return w.size() >= 2; })) {
    // Random mixed case ("hGdkWqPz") splits into many short fragments; real camelCase into few words.
    return ws.size() <= 4 && v.size() >= 6;
  }
  return false;
}

bool is_masked(std::string_view v) {
  int stars = 0;
  for (char c : v)
    if (c == '*' || c == '#') ++stars;
  if (stars >= 3) return true;
  return std::all_of(v.begin(), v.end(), [](char c) { return c == 'x' || c == 'X' || c == '.' || c == '-' || c == '*'; });
}

bool is_email(std::string_view v) {
  const auto at = v.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view dom = v.substr(at + 1);
  if (dom.find('.') == std::string_view::npos) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '@'; });
}

bool is_example_uuid(const std::string& lower) {
  return lower == "123e4567-e89b-12d3-a456-426614174000" || lower == "123e4567-e89b-12d3-a456-426655440000" ||
         lower == "00000000-0000-0000-0000-000000000000" || lower == "550e8400-e29b-41d4-a716-446655440000" ||
         lower == "12345678-1234-1234-1234-123456789012" || lower == "12345678-1234-5678-1234-567812345678";
}

}  // namespace

CredentialKind classify_identifier(std::string_view identifier) { return kind_of_words(words_of(identifier)); }

bool is_example_path(std::string_view path) {
  const std::string lower = ascii_lower(path);
  std::size_t start = 0;
  std::string_view last;
  while (start <= lower.size()) {
    std::size_t slash = lower.find('/', start);
    const bool final_part = slash == std::string::npos;
    if (final_part) slash = lower.size();
    const std::string_view seg(lower.data() + start, slash - start);
    if (!final_part && one_of(seg, {"test", "tests", "testing", "spec", "specs", "__tests__", "__mocks__", "fixtures",
                                    "fixture", "testdata", "test-data", "test_data", "mocks", "mock", "examples",
                                    "example", "samples", "sample", "demo", "demos", "docs", "doc", "documentation",
                                    "t", "e2e", "testsuite", "unittests", "unit-tests", "integration-tests"}))
      return true;
    if (final_part) last = seg;
    start = slash + 1;
    if (final_part) break;
  }
  for (std::string_view s : {".example", ".sample", ".template", ".tmpl", ".tpl", ".dist", ".md", ".rst", ".adoc"})
    if (has(last, s)) return true;
  if (last.starts_with("readme") || last.starts_with("test_") || last.starts_with("test.") ||
      last.starts_with("example") || last == "conftest.py")
    return true;
  for (std::string_view s : {"_test.", ".test.", ".spec.", "_spec.", "test.java", "tests.cs", "test.cs", "test.kt",
                             "test.php", "test.py", "test.go", "test.js", "test.ts"})
    if (has(last, s)) return true;
  return false;
}

std::string structure_for(std::string_view rule_structure, std::string_view path) {
  if (rule_structure != "assignment") return std::string(rule_structure);
  const std::string lower = ascii_lower(path);
  const auto slash = lower.rfind('/');
  const std::string_view name = slash == std::string::npos ? std::string_view(lower) : std::string_view(lower).substr(slash + 1);
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (name.starts_with(".env") || ext == "env") return "env file";
  if (name == "dockerfile" || name.starts_with("dockerfile.") || ext == "dockerfile") return "dockerfile";
  if (ext == "yaml" || ext == "yml") return "yaml key";
  if (ext == "json" || ext == "jsonc" || ext == "json5") return "json key";
  if (ext == "toml") return "toml key";
  if (ext == "properties") return "properties key";
  if (one_of(ext, {"ini", "cfg", "conf", "cnf", "pypirc", "npmrc", "gitconfig"}) || name == ".pypirc" ||
      name == ".npmrc" || name == ".gitconfig")
    return "ini key";
  if (one_of(ext, {"xml", "config", "csproj", "props", "targets", "plist", "xaml", "html", "htm"})) return "xml attribute";
  if (one_of(ext, {"sh", "bash", "zsh", "ksh", "fish", "ps1", "psm1", "bat", "cmd"})) return "shell variable";
  if (one_of(ext, {"tf", "tfvars", "hcl"})) return "terraform variable";
  if (is_code_path(path)) return "code assignment";
  return "assignment";
}

bool is_code_path(std::string_view path) {
  const std::string lower = ascii_lower(path);
  const auto dot = lower.rfind('.');
  if (dot == std::string::npos || lower.find('/', dot) != std::string::npos) return false;
  const std::string_view ext(lower.data() + dot + 1, lower.size() - dot - 1);
  return one_of(ext, {"py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "go", "java", "kt", "kts", "scala",
                      "groovy", "rb", "php", "cs", "vb", "fs", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "rs",
                      "swift", "m", "mm", "dart", "lua", "pl", "pm", "r", "jl", "ex", "exs", "erl", "hs", "ml",
                      "clj", "vue", "svelte", "pas", "pp", "inc"});
}

ValueJudgement judge_credential_value(const ValueContext& c) {
  const std::string_view v = c.value;
  const CredentialKind kind = c.kind != CredentialKind::None ? c.kind : classify_identifier(c.identifier);
  if (kind == CredentialKind::None) return {false, "identifier names no credential"};
  const bool quoted = c.quote != 0 || c.literal;
  if (v.size() < 4) return {false, "too short"};
  if (is_reference(v)) return {false, "reference"};
  if (is_call_or_expression(v, quoted, is_code_path(c.path))) return {false, "expression"};
  if (is_url(v)) return {false, "url"};
  if (is_path(v)) return {false, "path"};
  if (is_email(v)) return {false, "e-mail address"};
  if (is_masked(v)) return {false, "masked"};
  const std::string lower = ascii_lower(v);
  for (std::string_view alg : {"sha1", "sha224", "sha256", "sha384", "sha512", "md5"})
    if (lower.starts_with(alg) && lower.size() > alg.size() &&
        (lower[alg.size()] == ':' || lower[alg.size()] == '-' || lower[alg.size()] == '$' || lower[alg.size()] == '='))
      return {false, "digest"};
  if (documentation_value(lower) || documentation_words(lower) || documentation_words(unleet(lower)))
    return {false, "documentation value"};
  if (documentation_base64(v)) return {false, "documentation value (base64)"};
  // Another flag (`--password --verbose`), a file reference (`@key.pem`, curl's syntax), a test-suite
  // template variable (`%HOSTIP`, `%SRCDIR`), a nested assignment or empty brackets.
  if (v.front() == '-' || v.front() == '@') return {false, "reference"};
  for (std::size_t i = 0; i + 3 < v.size(); ++i)
    if (v[i] == '%' && is_upper(v[i + 1]) && is_upper(v[i + 2]) && is_upper(v[i + 3])) return {false, "reference"};
  if (has(v, "[]") || has(v, "->") || has(v, "::")) return {false, "expression"};
  // An attribute list (`xt;Domain=.acme.io;Path=/`, a Set-Cookie value): the credential ends at the
  // first ';' and what follows is not part of it.
  for (std::size_t i = v.find(';'); i != std::string_view::npos; i = v.find(';', i + 1)) {
    std::size_t j = i + 1;
    while (j < v.size() && (is_alnum(v[j]) || v[j] == '_' || v[j] == '-')) ++j;
    if (j > i + 1 && j < v.size() && v[j] == '=') return {false, "attribute list"};
  }
  // `name=value` inside the value: the part before '=' a short word of letters (base64 tokens only have
  // '=' at the end).
  if (const auto eq = v.find('='); eq != std::string_view::npos && eq > 0 &&
                                    v.find_first_not_of('=', eq) != std::string_view::npos) {
    std::size_t b = eq;
    while (b > 0 && (is_alpha(v[b - 1]) || v[b - 1] == '_')) --b;
    const bool word = eq - b >= 2 && eq - b <= 20 && (b == 0 || v[b - 1] == ';' || v[b - 1] == '&' || v[b - 1] == ',' ||
                                                     v[b - 1] == ' ' || v[b - 1] == '?');
    if (word && !has(v, "&")) return {false, "nested assignment"};
  }
  if (is_example_uuid(lower)) return {false, "documentation value"};
  const bool number = is_number_or_version(v);
  if (number && !(kind == CredentialKind::Password && v.size() >= 8 &&
                  std::all_of(v.begin(), v.end(), is_digit)))
    return {false, "number or version"};
  if (is_dotted_identifier(v)) return {false, "identifier"};
  const bool has_space = v.find_first_of(" \t") != std::string_view::npos;
  const double ent = entropy_of(v);
  if (has_space && !(v.size() >= 32 && ent >= 4.5)) return {false, "prose"};
  const int classes = char_classes(v);
  // Program source: an unquoted right-hand side is a variable or an expression unless it is plainly a
  // random token.
  if (!quoted && is_code_path(c.path)) {
    const bool digit = std::any_of(v.begin(), v.end(), is_digit), alpha = std::any_of(v.begin(), v.end(), is_alpha);
    if (!(v.size() >= 16 && ent >= 3.5 && classes >= 2 && digit && alpha)) return {false, "unquoted in program source"};
  }
  const bool weak_place = is_example_path(c.path);
  const bool all_lower_word = std::all_of(v.begin(), v.end(), is_lower);
  switch (kind) {
    case CredentialKind::Password: {
      if (is_identifier_like(v) && !all_lower_word) return {false, "identifier"};
      if (all_lower_word && (v.size() < 8 || !quoted) && !c.path.empty() && is_code_path(c.path))
        return {false, "identifier"};
      if (v.size() < 6 || (v.size() < 8 && classes < 2)) return {false, "too short"};
      if (weak_place && (v.size() < 12 || ent < 3.2 || classes < 3)) return {false, "weak value in a test or example"};
      return {true, ""};
    }
    case CredentialKind::Secret: {
      if (is_identifier_like(v)) return {false, "identifier"};
      if (v.size() < 8) return {false, "too short"};
      const bool shaped = (classes >= 2 && ent >= 2.8 && v.size() >= 10) || (v.size() >= 24 && ent >= 3.3);
      if (!shaped) return {false, "not random enough for a secret"};
      if (weak_place && (v.size() < 16 || ent < 3.5)) return {false, "weak value in a test or example"};
      return {true, ""};
    }
    case CredentialKind::WeakToken: {
      if (is_identifier_like(v)) return {false, "identifier"};
      if (!(v.size() >= 16 && classes >= 2 && ent >= 3.3)) return {false, "not an API key's shape"};
      if (weak_place && ent < 3.6) return {false, "weak value in a test or example"};
      return {true, ""};
    }
    case CredentialKind::Token: {
      if (is_identifier_like(v)) return {false, "identifier"};
      if (v.size() < 8) return {false, "too short"};
      const bool shaped = classes >= 2 && (v.size() >= 16 ? ent >= 3.0 : ent >= 2.8 && v.size() >= 10);
      if (!shaped) return {false, "not random enough for a token"};
      if (weak_place && (v.size() < 16 || ent < 3.3)) return {false, "weak value in a test or example"};
      return {true, ""};
    }
    case CredentialKind::None: break;
  }
  return {false, "identifier names no credential"};
}

std::string provider_from_identifier(std::string_view identifier) {
  const auto ws = words_of(identifier);
  static const auto skip = [](std::string_view w) {
    if (std::all_of(w.begin(), w.end(), is_digit)) return true;
    return password_word(w) || is_qualifier_suffix(w) || key_qualifier(w) ||
           one_of(w, {"key", "keys", "secret", "secrets", "token", "tokens", "salt", "auth", "credential",
                      "credentials", "cred", "creds", "bearer", "authorization", "id", "apikey", "accesskey",
                      "apitoken", "accesstoken", "authtoken", "secretkey", "privatekey", "clientsecret",
                      "my", "your", "the", "default", "env", "config", "conf", "cfg", "settings", "setting",
                      "params", "options", "opts", "this", "self", "data", "var", "const", "let", "export",
                      "set", "get", "with", "public", "next", "react", "vite", "vue", "nuxt", "gatsby", "expo",
                      "angular", "flask", "django", "spring", "laravel", "rails", "symfony", "quarkus",
                      "micronaut", "global", "common", "shared", "http", "https", "x", "header", "system",
                      "os", "environ", "process", "netrc", "login", "value", "oauth", "oauth2", "client",
                      "consumer", "bot", "access", "refresh", "session", "service", "account", "user",
                      "username", "admin", "root", "web", "mobile", "backend", "frontend", "server"});
  };
  for (const auto& w : ws) {
    if (skip(w)) continue;
    if (one_of(w, {"db", "database", "datasource", "sql", "jdbc", "dsn"})) return "database";
    if (w.size() < 2) continue;
    return w;
  }
  return "";
}

}  // namespace keysnare
