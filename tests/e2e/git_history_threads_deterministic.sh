#!/usr/bin/env bash
# A history audit of a packed repository (deltas, as `git gc` leaves it) gives the same report, byte for
# byte, for any thread count, and each secret is attributed to the commit that introduced it. Under
# `./dev test --tsan` this is the test that runs workers reading one pack file in parallel.
source "$(dirname "$0")/common.sh"
r=$T/repo
new_repo "$r"
# 150 commits through fast-import: files edited over and over (delta chains), a secret now and then,
# most of them deleted again later.
{
  for c in $(seq 1 150); do
    printf 'commit refs/heads/main\ncommitter Test <t@example.test> %d +0000\ndata <<EOM\nchange %d\nEOM\n' $((1700000000 + c * 60)) "$c"
    for f in $(seq 1 6); do
      body=
      for ((l = 1; l <= 40; l++)); do body+="line $l of file $f, revision $((c / (f + 1)))"$'\n'; done
      if [ $((c % 23)) = "$f" ]; then body+="key = $(fake_aws_key_id)"$'\n'; fi
      printf 'M 100644 inline src/f%d.txt\ndata %d\n%s\n' "$f" "${#body}" "$body"
    done
  done
} | git -C "$r" fast-import --quiet
git -C "$r" gc -q --aggressive

"$KEYSNARE" git "$r" --format json --threads 1 -q > "$T/one.json" || [ $? = 1 ]
for n in 2 4 8; do
  "$KEYSNARE" git "$r" --format json --threads "$n" -q > "$T/n.json" || [ $? = 1 ]
  cmp -s "$T/one.json" "$T/n.json" || fail "--threads $n differs from --threads 1"
done
found=$(count_findings "$T/one.json")
[ "$found" -ge 6 ] || fail "want the planted secrets, got $found: $(head -c 600 "$T/one.json")"
# The first commit that adds a key to src/f1.txt is change 24 (24 % 23 == 1).
first=$(git -C "$r" log --format=%H --grep='^change 24$')
grep -q "\"commit\":\"$first\"" "$T/one.json" || fail "change 24's key is not attributed to it"
