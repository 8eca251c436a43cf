#!/usr/bin/env bash
# Machine-readable reports are well-formed on a real scan: SARIF validates against the official OASIS
# SARIF 2.1.0 schema (tests/data/sarif-schema-2.1.0.json, a draft-04 JSON schema, checked with formats
# such as uri-reference) and meets what GitHub code scanning adds on top; JSON, JSONL and CSV parse
# with Python's own readers; no report holds a secret in clear.
# Needs Debian's python3-jsonschema (and python3-rfc3987 for the uri formats).
source "$(dirname "$0")/common.sh"

PY=/usr/bin/python3
SCHEMA="$KEYSNARE_SOURCE_DIR/tests/data/sarif-schema-2.1.0.json"
"$PY" -c 'import jsonschema, rfc3987' 2>/dev/null ||
  fail "needs $PY with jsonschema and rfc3987 (apt-get install python3-jsonschema python3-rfc3987)"

aws=$(fake_aws_key_id)
stripe=$(fake_stripe_key)
mkdir -p "$T/tree/config" "$T/tree/dir with space"
printf 'region = eu-west-1\naws_access_key_id = %s\n' "$aws" >"$T/tree/config/app.ini"
printf '# payments\nSTRIPE = "%s"\n' "$stripe" >"$T/tree/dir with space/pay café.py"
printf '%s\n%s\n' "$aws" "$stripe" >"$T/secrets"

for fmt in sarif json jsonl csv; do
  expect_status 1 "$KEYSNARE" dir "$T/tree" --format "$fmt" -o "$T/out.$fmt"
  [ -s "$T/out.$fmt" ] || fail "--format $fmt wrote nothing to -o"
  if grep -qFf "$T/secrets" "$T/out.$fmt"; then fail "--format $fmt holds a secret in clear"; fi
done

# A clean tree still gives a valid SARIF log (GitHub wants runs[] even without results).
mkdir -p "$T/clean"
printf 'nothing to see\n' >"$T/clean/readme.txt"
expect_status 0 "$KEYSNARE" dir "$T/clean" --format sarif -o "$T/clean.sarif"

"$PY" - "$SCHEMA" "$T" <<'EOF' || fail "report validation failed (see above)"
import csv, json, sys

import jsonschema

schema_path, t = sys.argv[1], sys.argv[2]
problems = []

def check(cond, what):
    if not cond:
        problems.append(what)

with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
Validator = jsonschema.validators.validator_for(schema)  # draft-04, as the schema declares
Validator.check_schema(schema)
validator = Validator(schema, format_checker=jsonschema.FormatChecker())

def validate_sarif(path, want_results):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for e in validator.iter_errors(doc):
        problems.append(f"{path}: schema: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    check(doc.get("version") == "2.1.0", f"{path}: version")
    runs = doc.get("runs") or []
    check(len(runs) == 1, f"{path}: want one run")
    if not runs:
        return
    run = runs[0]
    check(run.get("columnKind") == "unicodeCodePoints", f"{path}: columnKind")
    driver = run["tool"]["driver"]
    check(driver.get("name") == "keysnare", f"{path}: driver name")
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    check(len(ids) == len(set(ids)), f"{path}: duplicate rule ids")
    for r in rules:
        props = r.get("properties", {})
        check("security" in props.get("tags", []), f"{path}: rule {r['id']} lacks the security tag")
        check(props.get("security-severity") in {"9.0", "7.5", "5.0", "3.0", "1.0"},
              f"{path}: rule {r['id']} security-severity")
    results = run.get("results", [])
    if want_results:
        check(len(results) >= 2, f"{path}: want both fake secrets reported, got {len(results)}")
    else:
        check(results == [], f"{path}: clean tree has results")
    uris = set()
    for r in results:
        i = r.get("ruleIndex")
        check(isinstance(i, int) and 0 <= i < len(rules) and rules[i]["id"] == r.get("ruleId"),
              f"{path}: ruleIndex {i} does not name ruleId {r.get('ruleId')}")
        check(r.get("level") in {"error", "warning", "note"}, f"{path}: level")
        check(bool(r.get("partialFingerprints", {}).get("keysnare/v2")), f"{path}: partialFingerprints")
        for loc in r.get("locations", []):
            phys = loc["physicalLocation"]
            uri = phys["artifactLocation"].get("uri", "")
            check(uri != "", f"{path}: empty uri")
            check(phys["artifactLocation"].get("uriBaseId") == "%SRCROOT%", f"{path}: uriBaseId")
            check(phys["region"].get("startLine", 0) >= 1, f"{path}: startLine < 1")
            uris.add(uri)
    if want_results:
        check("config/app.ini" in uris, f"{path}: config/app.ini missing from {sorted(uris)}")
        check("dir%20with%20space/pay%20caf%C3%A9.py" in uris,
              f"{path}: percent-encoded path missing from {sorted(uris)}")

validate_sarif(f"{t}/out.sarif", True)
validate_sarif(f"{t}/clean.sarif", False)

with open(f"{t}/out.json", encoding="utf-8") as f:
    findings = json.load(f)
check(isinstance(findings, list) and len(findings) >= 2, "json: want an array of >= 2 findings")
files = set()
for o in findings:
    for k in ("rule_id", "severity", "confidence", "file", "line", "column", "secret", "line_text",
              "entropy", "tags", "fingerprint", "source"):
        check(k in o, f"json: finding lacks {k}")
    check(o.get("source") == "file", "json: source should be file")
    check(o.get("secret", "").endswith("\u2026"), "json: secret not redacted")
    files.add(o.get("file"))
check({"config/app.ini", "dir with space/pay café.py"} <= files, f"json: files {sorted(files)}")

with open(f"{t}/out.jsonl", encoding="utf-8") as f:
    lines = [json.loads(l) for l in f if l.strip()]
check(len(lines) == len(findings), "jsonl: not one object per finding")
check([l["fingerprint"] for l in lines] == [o["fingerprint"] for o in findings], "jsonl and json differ")

with open(f"{t}/out.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
header = ["rule_id", "severity", "confidence", "file", "line", "column", "secret", "fingerprint",
          "commit", "author", "email", "date", "description", "line_text", "provider", "structure"]
check(rows and rows[0] == header, f"csv: header {rows[:1]}")
check(len(rows) == len(findings) + 1, "csv: not one row per finding")
check(all(len(r) == len(header) for r in rows), "csv: ragged rows")

for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
echo "ok [$testname]"
