#!/usr/bin/env bash
# Passwords and keys in the files credentials live in are found by their structure, reported with the
# structure and the provider the key names; references, placeholders, expressions and documentation
# values in the same structures are not.
source "$(dirname "$0")/common.sh"

pw=$(fake_token "" 6 abcdefghijklmnopqrstuvwxyz)$((RANDOM % 90 + 10))  # a human password: hunter22-like
tok=$(fake_token "" 32)
b64=$(printf 'deploy:%s' "$pw" | base64)

pos=$T/pos neg=$T/neg
mkdir -p "$pos/.m2" "$neg"
# One file per structure; each holds one credential.
printf '{\n  "host": "db01",\n  "password": "%s"\n}\n' "$pw" > "$pos/deploy.json"
printf 'database:\n  user: app\n  password: %s\n' "$pw" > "$pos/database.yml"
printf '[database]\nuser = "app"\npassword = "%s"\n' "$pw" > "$pos/config.toml"
printf '[smtp]\nuser=app\npassword=%s\n' "$pw" > "$pos/mail.ini"
printf 'db.user=app\ndb.password=%s\n' "$pw" > "$pos/app.properties"
printf 'DB_USER=app\nDB_PASSWORD=%s\n' "$pw" > "$pos/.env"
printf 'export STRIPE_PARTNER_SECRET=%s\n' "$tok" > "$pos/env.sh"
printf '<Servers><Server><Host>ftp.acme.io</Host><User>web</User><Pass>%s</Pass></Server></Servers>\n' "$pw" > "$pos/sitemanager.xml"
printf '<configuration><appSettings><add key="SmtpPassword" value="%s" /></appSettings></configuration>\n' "$pw" > "$pos/Web.config"
printf "<?php\ndefine('DB_PASSWORD', '%s');\n" "$pw" > "$pos/wp-config.php"
printf 'cs = "Host=pg01;Port=5432;Database=hr;Username=report;Password=%s;"\n' "$pw" > "$pos/report.py"
printf 'machine git.acme.io login deploy password %s\n' "$pw" > "$pos/.netrc"
printf 'db01.acme.internal:5432:orders:app:%s\n' "$pw" > "$pos/.pgpass"
printf '//npm.acme.io/:_authToken=%s\n' "$tok" > "$pos/.npmrc"
printf '[pypi]\nusername = deploy\npassword = %s\n' "$pw" > "$pos/.pypirc"
printf '<settings><servers><server><id>r</id><username>d</username><password>%s</password></server></servers></settings>\n' "$pw" > "$pos/.m2/settings.xml"
printf 'curl --user deploy:%s https://ci.acme.io/job/build\n' "$pw" > "$pos/trigger.sh"
printf 'curl -H "Authorization: Basic %s" https://ci.acme.io\n' "$b64" > "$pos/basic.sh"

expect_status 1 "$KEYSNARE" dir "$pos" --format jsonl
for f in deploy.json database.yml config.toml mail.ini app.properties .env env.sh sitemanager.xml Web.config \
         wp-config.php report.py .netrc .pgpass .npmrc .pypirc .m2/settings.xml trigger.sh basic.sh; do
  grep -q "\"file\":\"$f\"" "$T/out" || fail "no finding in $f: $(cat "$T/out")"
done
[ "$(count_findings)" = 18 ] || fail "want one finding per file, got $(count_findings): $(cat "$T/out")"
# The structure each came from, and confidence low (found by context, not by a token format).
grep '"file":"deploy.json"' "$T/out" | grep -q '"structure":"json key"' || fail "json structure not reported"
grep '"file":"database.yml"' "$T/out" | grep -q '"structure":"yaml key"' || fail "yaml structure not reported"
grep '"file":".env"' "$T/out" | grep -q '"structure":"env file"' || fail ".env structure not reported"
grep '"file":"report.py"' "$T/out" | grep -q '"structure":"connection string"' || fail "connection string not named"
grep '"file":"sitemanager.xml"' "$T/out" | grep -q '"structure":"xml element"' || fail "xml element not named"
grep '"file":"env.sh"' "$T/out" | grep -q '"provider":"stripe"' || fail "provider not taken from the identifier"
[ "$(json_values confidence | sort -u)" = low ] || fail "structured findings must be low confidence"
# Redacted by default: the password appears nowhere in the report.
! grep -qF "$pw" "$T/out" || fail "password printed in clear"

# The same structures with values that are not credentials.
{
  printf '{"password": "${DB_PASSWORD}", "token_url": "https://auth.acme.io/token", "max_tokens": "4096"}\n'
  printf '{"passwordField": "userPassword", "secretName": "db-credentials", "password": "<your password>"}\n'
} > "$neg/config.json"
printf 'password: changeme\npassword_min_length: 12\ntoken_ttl: 3600\npassword: !vault |\n' > "$neg/app.yml"
printf 'DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=<your api key>\nexport TOKEN=$(vault read -field=token secret/ci)\n' > "$neg/.env"
printf 'password = getpass()\ntoken = os.environ["TOKEN"]\nSECRET_KEY = settings.SECRET_KEY\n' > "$neg/settings.py"
printf '<add key="ClearTextPassword" value="%%NUGET_PASSWORD%%" />\n<password>${env.MAVEN_PASSWORD}</password>\n' > "$neg/NuGet.Config"
printf 'password: %s\n' "$pw" > "$neg/config.yml.example"   # a weak password in an example file
printf 'machine git.acme.io login deploy password $GIT_PASSWORD\n' > "$neg/.netrc"
expect_status 0 "$KEYSNARE" dir "$neg" --format jsonl
[ ! -s "$T/out" ] || fail "findings in non-credentials: $(cat "$T/out")"
