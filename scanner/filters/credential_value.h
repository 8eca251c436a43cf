#pragma once
// Keyword context: is the value assigned to a credential-named identifier a credential?
//
// Keyword-context rules (Rule::key_group) find `<identifier><separator><value>` in every style people
// write (`DB_PASSWORD=…`, `"apiKey": "…"`, `<Pass>…</Pass>`, `sumologic.accessId = …`, `--api-key …`,
// `Password=…;` in a connection string). Their regexes only find the shape; this file decides:
//
//   1. What the identifier names (classify_identifier): its last word(s) must be a credential word —
//      a password (`password`, `passwd`, `pwd`, `pass`, `passphrase`), a secret (`secret`, `salt`,
//      `private key`, `signing key`, `app key`, `master key`, ...), or a token (`token`, `api key`,
//      `access key`, `auth`, `credential`, ...). `password_min_length`, `token_url`, `max_tokens`,
//      `public_key`, `next_page_token`, `secret_name` and `key` alone name no credential.
//   2. Whether the value is a literal credential (judge_credential_value): not a reference or
//      expression (`${VAR}`, `$VAR`, `%VAR%`, `{{ x }}`, `os.environ[...]`, `process.env.X`, a call, a
//      member access, an unquoted variable in program source), not a file path or a URL without
//      credentials, not a boolean/number/version/type name, not a resource name (`db-credentials`,
//      `userPassword`), not masked (`****`) and not a documentation word (`changeme`, `secret`,
//      `hunter2`-style memes, anything spelling password/secret/example/test).
//      Human passwords have low entropy, so for password identifiers the value's *shape* decides
//      (`hunter22` is a credential), not an entropy floor; for secrets and tokens a random-looking body
//      is required. Weak-looking passwords in test, example and documentation files are not reported.
//   3. Which provider the identifier names (provider_from_identifier): `SUMOLOGIC_ACCESS_ID` ->
//      "sumologic", `FLASK_APP_AIVEN_API_KEY` -> "aiven", `db_password` -> "database".
//
// Pure functions; thread-safe.
#include <string>
#include <string_view>

namespace keysnare {

// WeakToken: an identifier that names an API key only by a provider's name and "key" (`stripeKey`);
// the value must look like one.
enum class CredentialKind { None, Password, Secret, Token, WeakToken };

CredentialKind classify_identifier(std::string_view identifier);

struct ValueContext {
  std::string_view identifier;  // the credential-named key (ignored when `kind` is given)
  CredentialKind kind = CredentialKind::None;  // the kind, when the structure itself says it
  std::string_view value;       // the candidate secret
  std::string_view path;        // the file it is in ("" for stdin)
  char quote = 0;               // the byte just before the value when it is a quote (' " `), else 0
  // The structure makes the value a literal even unquoted (a connection string's Password=, a netrc
  // or .pgpass line); only a plain assignment in program source treats an unquoted value as code.
  bool literal = false;
};

struct ValueJudgement {
  bool credential = false;
  const char* reason = "";  // why not, for -v counts and tests ("reference", "path", ...)
};

ValueJudgement judge_credential_value(const ValueContext& c);

std::string provider_from_identifier(std::string_view identifier);

// Whether a path looks like a test, fixture, example or documentation file (tests/, t/, spec/,
// *.example, *.sample, *_test.go, ...), where weak passwords are fixtures, not leaks.
bool is_example_path(std::string_view path);

// The structure reported for a finding: a rule's own label, except that the generic "assignment"
// (`key = value`, `key: value`) is named after the file it is in: "yaml key", "ini key", "env file",
// "properties key", "toml key", "json key", "xml attribute", "shell variable", "code assignment", ...
std::string structure_for(std::string_view rule_structure, std::string_view path);

// Whether a path is program source (an unquoted right-hand side there is an expression).
bool is_code_path(std::string_view path);

}  // namespace keysnare
