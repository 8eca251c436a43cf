#!/bin/sh
# Scans the commits a CI pipeline brings for secrets: the commits after BEFORE up to HEAD.
#
#   scan-commits.sh BEFORE FALLBACK_REF SARIF_FILE
#
# BEFORE is where the new commits start: the pushed branch's previous tip, or a merge request's base.
# When it is empty, all zeros (a new branch) or not in the clone (a force push dropped it), the scan
# covers the commits that FALLBACK_REF (the default branch, e.g. origin/main) does not have, or the
# whole history when HEAD is on that branch already. Writes a SARIF report to SARIF_FILE, shows the
# findings (redacted) in the log, and exits with keysnare's status: 0 clean, 1 secrets, 2 error.
# Runs keysnare from PATH, or $KEYSNARE. Used by github-actions.yml and gitlab-ci.yml beside it.
set -u
[ $# -eq 3 ] || { echo "usage: $0 BEFORE FALLBACK_REF SARIF_FILE" >&2; exit 2; }
before=$1 fallback=$2 sarif=$3
ks=${KEYSNARE:-keysnare}

is_commit() { [ -n "$1" ] && git rev-parse --quiet --verify "$1^{commit}" >/dev/null 2>&1; }

base=
case $before in
  *[!0]*) is_commit "$before" && base=$before ;;  # not empty and not all zeros
esac
if [ -z "$base" ] && is_commit "$fallback"; then
  base=$(git merge-base "$fallback" HEAD 2>/dev/null) || base=
  [ "$base" = "$(git rev-parse HEAD)" ] && base=
fi

if [ -n "$base" ]; then
  echo "keysnare: scanning the commits in $base..HEAD" >&2
  set -- --range "$base..HEAD"
else
  echo "keysnare: scanning the whole history" >&2
  set --
fi
"$ks" git . "$@" --format sarif -o "$sarif"
status=$?
# The SARIF goes to code scanning; the log shows the same findings as text.
[ "$status" = 1 ] && "$ks" git . "$@" --quiet
exit "$status"
