// Keyword context (filters/credential_value.h): which identifiers name a credential, which values are
// literal credentials, which provider an identifier names, how structures are reported.
#include <doctest/doctest.h>

#include "filters/credential_value.h"
#include "filters/placeholder.h"
#include "unit/fixtures.h"

using namespace keysnare;
using keysnare::testing::random_chars;

namespace {

bool credential(std::string_view key, std::string_view value, std::string_view path = "config/app.yml",
                char quote = '"') {
  return judge_credential_value({key, CredentialKind::None, value, path, quote}).credential;
}

}  // namespace

TEST_CASE("credential value: the identifier's last words must name a credential") {
  CHECK(classify_identifier("DB_PASSWORD") == CredentialKind::Password);
  CHECK(classify_identifier("spring.datasource.password") == CredentialKind::Password);
  CHECK(classify_identifier("ClearTextPassword") == CredentialKind::Password);
  CHECK(classify_identifier("smtp_pwd") == CredentialKind::Password);
  CHECK(classify_identifier("password_b64") == CredentialKind::Password);  // a qualifier suffix
  CHECK(classify_identifier("clientSecret") == CredentialKind::Secret);
  CHECK(classify_identifier("SECRET_KEY") == CredentialKind::Secret);
  CHECK(classify_identifier("secret_key_base") == CredentialKind::Secret);
  CHECK(classify_identifier("APP_KEY") == CredentialKind::Secret);
  CHECK(classify_identifier("api_key") == CredentialKind::Token);
  CHECK(classify_identifier("X-Api-Key") == CredentialKind::Token);
  CHECK(classify_identifier("GITHUB_TOKEN") == CredentialKind::Token);
  CHECK(classify_identifier("_authToken") == CredentialKind::Token);
  CHECK(classify_identifier("stripeKey") == CredentialKind::WeakToken);
  // Names that only contain a credential word.
  for (const char* id : {"password_min_length", "token_url", "max_tokens", "tokens", "public_key", "publicKey",
                         "NextToken", "nextPageToken", "ClientToken", "authenticity_token", "secret_name",
                         "key", "sortKey", "cacheKey", "monkey", "passwordPolicy", "token_type", "api_key_id",
                         "keyboard"})
    CHECK_MESSAGE(classify_identifier(id) == CredentialKind::None, id);
}

TEST_CASE("credential value: human passwords are judged by shape, not entropy") {
  CHECK(credential("password", "hunter22"));
  CHECK(credential("DB_PASSWORD", "goodspec"));           // one word, quoted: a literal
  CHECK(credential("password", "Tr0ub4dor&3"));
  CHECK_FALSE(credential("password", "hunter2"));         // the meme
  CHECK_FALSE(credential("password", "abc12"));           // too short
  CHECK_FALSE(credential("password", "changeme"));
  CHECK_FALSE(credential("password", "Password123!"));
  CHECK_FALSE(credential("password", "P@ssw0rd"));        // "password" in leet
  CHECK_FALSE(credential("password", "userPassword"));    // a name, not a value
  CHECK_FALSE(credential("password", "db-credentials"));
  // Weak passwords in tests, examples and documentation are fixtures.
  CHECK_FALSE(credential("password", "hunter22", "tests/test_login.py"));
  CHECK_FALSE(credential("password", "hunter22", "config/app.yml.example"));
  CHECK_FALSE(credential("password", "hunter22", "docs/setup.md"));
  CHECK(credential("password", "k9#Qv2!zLm8@Wp4", "tests/test_login.py"));  // strong: still reported
}

TEST_CASE("credential value: references, expressions, paths and names are not credentials") {
  for (const char* v : {"${DB_PASSWORD}", "$DB_PASSWORD", "%DB_PASSWORD%", "{{ db_password }}", "<password>",
                        "#{Password}#", "!vault", "*default_password", "os.environ['X']", "process.env.TOKEN",
                        "settings.SECRET_KEY", "getpass()", "read_secret(\"db\")", "/etc/secrets/db",
                        "./keys/server.pem", "keys/server.pem", "C:\\secrets\\db.txt", "https://vault.acme.io/db",
                        "true", "null", "12345", "1.2.3", "30s", "ops@acme.io", "********", "xxxxxxxx",
                        "sha256:4f1c0a9e", "--verbose", "@key.pem", "%SRCDIR/key", "capability[]=authtype",
                        "xt;Domain=.acme.io;Path=/", "YWxpY2U6c2VjcmV0LXBhc3N3ZA==",
                        "123e4567-e89b-12d3-a456-426614174000"})
    CHECK_MESSAGE(!credential("db_password", v), v);
  // Unquoted in program source: a variable unless it is plainly a random token.
  CHECK_FALSE(credential("password", "user_password", "app/login.py", 0));
  CHECK_FALSE(credential("auth", "PROACTIVE_AUTH_AUTO;", "http.c", 0));
  CHECK(credential("DB_PASSWORD", "nuwbjv76", ".env", 0));
}

TEST_CASE("credential value: tokens and secrets need a random-looking body") {
  const std::string tok = random_chars(32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 7);
  CHECK(credential("api_key", tok));
  CHECK(credential("stripeKey", tok));
  CHECK(credential("client_secret", tok));
  CHECK(credential("SECRET_KEY", "django-insecure-" + tok));
  CHECK(credential("npm_token", "8c1f30a2-6d4e-4b9a-93f7-2e5d0c8b61a4"));  // UUID keys exist (npm legacy)
  CHECK_FALSE(credential("api_key", "abcdefgh"));
  CHECK_FALSE(credential("stripeKey", "shortone12"));  // a weak identifier needs an API key's shape
  CHECK_FALSE(credential("secret", "the quick brown fox jumps over"));  // prose
}

TEST_CASE("credential value: provider named by the identifier") {
  CHECK(provider_from_identifier("SUMOLOGIC_ACCESS_KEY") == "sumologic");
  CHECK(provider_from_identifier("sumologic.accessKey") == "sumologic");
  CHECK(provider_from_identifier("FLASK_APP_AIVEN_API_KEY") == "aiven");
  CHECK(provider_from_identifier("REACT_APP_MAPBOX_TOKEN") == "mapbox");
  CHECK(provider_from_identifier("db_password") == "database");
  CHECK(provider_from_identifier("password") == "");
  CHECK(provider_from_identifier("X-Shipfast-Token") == "shipfast");
}

TEST_CASE("credential value: structure named after the file") {
  CHECK(structure_for("assignment", "config/app.yml") == "yaml key");
  CHECK(structure_for("assignment", ".env.production") == "env file");
  CHECK(structure_for("assignment", "app/settings.py") == "code assignment");
  CHECK(structure_for("assignment", "setup.cfg") == "ini key");
  CHECK(structure_for("assignment", "src/main/resources/application.properties") == "properties key");
  CHECK(structure_for("assignment", "Dockerfile") == "dockerfile");
  CHECK(structure_for("connection string", "app.py") == "connection string");
}

TEST_CASE("placeholder: a short unit repeated over half the value") {
  CHECK(looks_placeholder("abcd1234abcd1234abcd1234abcd1234"));
  CHECK(looks_placeholder("abcd1234abcd1234abcd1234ABCD1234ABCD1234--__"));
  CHECK(looks_placeholder("GR134894112312312312312312312"));
  CHECK_FALSE(looks_placeholder("Mt5nBQAeWZ9TVyaO0DlQnFBxn80YPzqT"));
  // Random strings essentially never repeat a unit three times running.
  for (int seed = 1; seed <= 200; ++seed)
    CHECK_FALSE(looks_placeholder(random_chars(40, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed)));
}

TEST_CASE("placeholder: token bodies spelled in English words") {
  CHECK(spelled_in_words("glptt-hellOworld380_testin"));
  CHECK(spelled_in_words("ghp_thisisnotarealtoken0000000000000000"));
  CHECK(spelled_in_words("sk_live_hello_world_this_is_a_test_token"));
  CHECK_FALSE(spelled_in_words("Mt5nBQAeWZ9TVyaO0DlQnFBxn80YPzqT"));
  // Random bodies, in the alphabets tokens use, essentially never read as words.
  int hits = 0;
  for (int seed = 1; seed <= 4000; ++seed) {
    hits += spelled_in_words("tok_" + random_chars(24, "abcdefghijklmnopqrstuvwxyz0123456789", seed));
    hits += spelled_in_words(random_chars(32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed));
  }
  CHECK(hits <= 8);  // under 0.1% of 8,000
}
