#!/usr/bin/env bash
# The report is byte-for-byte the same for any thread count.
source "$(dirname "$0")/common.sh"
for d in $(seq 1 12); do
  mkdir -p "$T/tree/d$d"
  for f in $(seq 1 20); do
    { printf 'x=1\n'; [ $(( (d * 20 + f) % 9 )) = 0 ] && printf 'k=%s\n' "$(fake_aws_key_id)"; true; } > "$T/tree/d$d/f$f.txt"
  done
done
"$KEYSNARE" dir "$T/tree" --format json --threads 1 -q > "$T/one.json" || [ $? = 1 ]
for n in 2 4 16; do
  "$KEYSNARE" dir "$T/tree" --format json --threads "$n" -q > "$T/n.json" || [ $? = 1 ]
  cmp -s "$T/one.json" "$T/n.json" || fail "--threads $n differs from --threads 1"
done
[ "$(grep -c '"rule_id"' "$T/one.json")" -gt 20 ] || fail "too few findings to be a test"
